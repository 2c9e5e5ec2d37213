//! `gearctl doctor` against a real emulator, and its failure modes.

mod common;

use common::*;

#[test]
fn doctor_shows_the_emulator_account() {
    let moto = moto();
    let out = gearctl_at(&moto, &["doctor"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(text.contains("123456789012"), "{text}");
    assert!(text.contains(&moto.endpoint()), "{text}");
    assert!(text.contains("fixed test credentials"), "{text}");
    assert!(text.contains("sts:GetCallerIdentity"), "{text}");
    assert!(!text.contains('\x1b'), "NO_COLOR must hold: {text}");
}

#[test]
fn doctor_json_is_versioned_and_complete() {
    let moto = moto();
    let out = gearctl_at(&moto, &["--output", "json", "doctor"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["command"], "doctor");
    assert_eq!(v["identity"]["account"], "123456789012");
    assert_eq!(v["region"], "us-east-1");
    let checks = v["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 4);
    for c in checks {
        assert_eq!(c["status"], "ok", "{c}");
    }
    let doctor = v["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["command"] == "doctor")
        .expect("doctor declares its permissions");
    assert!(
        doctor["actions"]
            .as_array()
            .unwrap()
            .contains(&"sts:GetCallerIdentity".into())
    );
}

#[test]
fn doctor_yaml() {
    let moto = moto();
    let out = gearctl_at(&moto, &["-o", "yaml", "doctor"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_yaml::from_slice(&out.stdout).expect("valid YAML");
    assert_eq!(v["identity"]["account"], "123456789012");
}

#[test]
fn unreachable_endpoint_is_one_clear_error() {
    // A loopback port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = gearctl()
        .args([
            "--endpoint-url",
            &format!("http://127.0.0.1:{port}"),
            "doctor",
        ])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    assert!(
        err.starts_with("error: cannot reach http://127.0.0.1:"),
        "{err}"
    );
    assert!(err.contains("hint: check that the endpoint"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

#[test]
fn missing_profile_is_a_credentials_error() {
    let moto = moto();
    let out = gearctl()
        .args([
            "--endpoint-url",
            &moto.endpoint(),
            "--profile",
            "nope",
            "doctor",
        ])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("hint: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn no_region_is_named() {
    let out = gearctl()
        .env_remove("AWS_REGION")
        .arg("doctor")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no AWS region is configured"), "{err}");
    assert!(err.contains("--region"), "{err}");
}

#[test]
fn endpoint_from_the_environment() {
    let moto = moto();
    let out = gearctl()
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .args(["-o", "json", "doctor"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["endpoint_url"], moto.endpoint());
    assert_eq!(v["identity"]["account"], "123456789012");
}

#[test]
fn closed_stdout_is_not_an_error() {
    let moto = moto();
    let mut child = gearctl()
        .args(["--endpoint-url", &moto.endpoint(), "doctor"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the read end before gearctl writes its report.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "FwoGZXIvYXdzEJrSESSIONTOKENEXAMPLE";

#[test]
fn the_sdk_log_never_shows_the_keys() {
    let moto = moto();
    for log in [None, Some("trace")] {
        let mut cmd = gearctl();
        cmd.env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", TOKEN)
            .args(["-vvv", "--endpoint-url", &moto.endpoint(), "doctor"]);
        if let Some(filter) = log {
            cmd.env("GEARCTL_LOG", filter);
        }
        let out = cmd.output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{err}");
        // The SDK did log its requests, signing included.
        assert!(err.contains("aws_smithy_runtime"), "{err}");
        assert!(err.contains("****MPLE"), "the key id's tail is kept: {err}");
        for secret in [KEY_ID, SECRET, TOKEN] {
            assert!(!err.contains(secret), "{log:?} shows {secret}:\n{err}");
        }
    }
}

#[test]
fn a_closed_or_full_stderr_does_not_crash_the_log() {
    let moto = moto();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    for (what, stderr) in [
        ("closed", std::process::Stdio::from(writer)),
        ("full", std::process::Stdio::from(full)),
    ] {
        let out = gearctl()
            .args(["-vvv", "--endpoint-url", &moto.endpoint(), "doctor"])
            .stderr(stderr)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "stderr {what}");
        assert!(stdout(&out).contains("123456789012"), "stderr {what}");
    }
}
