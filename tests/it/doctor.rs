//! `gearctl doctor` against a real emulator, and its failure modes.

use crate::common;
use crate::common::*;

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

/// Two users' keys: one exported in the environment, one in profile `prod` of a credentials
/// file. Returns (env key, env secret, config dir holding the files).
async fn two_identities(moto: &gearctl::emulator::Moto) -> (String, String, tempfile::TempDir) {
    let aws = aws(moto).await;
    let (env_key, env_secret) = aws.create_user_with_key("staging-user").await.unwrap();
    let (prod_key, prod_secret) = aws.create_user_with_key("prod-user").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("credentials"),
        format!("[prod]\naws_access_key_id = {prod_key}\naws_secret_access_key = {prod_secret}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("config"),
        "[profile prod]\nregion = us-east-1\n",
    )
    .unwrap();
    (env_key, env_secret, dir)
}

fn with_files(cmd: &mut std::process::Command, dir: &std::path::Path) {
    cmd.env("AWS_CONFIG_FILE", dir.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"));
}

#[tokio::test(flavor = "multi_thread")]
async fn profile_flag_beats_exported_keys() {
    let moto = moto();
    let (env_key, env_secret, dir) = two_identities(&moto).await;
    let mut cmd = gearctl();
    with_files(&mut cmd, dir.path());
    let out = cmd
        .env("AWS_ACCESS_KEY_ID", &env_key)
        .env("AWS_SECRET_ACCESS_KEY", &env_secret)
        .args(["--endpoint-url", &moto.endpoint(), "--profile", "prod"])
        .args(["--output", "json", "doctor"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["identity"]["arn"],
        "arn:aws:iam::123456789012:user/prod-user"
    );
    assert_eq!(v["profile"], "prod");
    assert_eq!(v["credential_source"], "shared config/credentials file");

    // Without --profile the exported keys are the ones used, as in the AWS CLI.
    let mut cmd = gearctl();
    with_files(&mut cmd, dir.path());
    let out = cmd
        .env("AWS_ACCESS_KEY_ID", &env_key)
        .env("AWS_SECRET_ACCESS_KEY", &env_secret)
        .args([
            "--endpoint-url",
            &moto.endpoint(),
            "--output",
            "json",
            "doctor",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["identity"]["arn"],
        "arn:aws:iam::123456789012:user/staging-user"
    );
    assert_eq!(v["credential_source"], "environment variables");
}

#[tokio::test(flavor = "multi_thread")]
async fn undefined_profile_is_refused_even_with_exported_keys() {
    let moto = moto();
    let (env_key, env_secret, dir) = two_identities(&moto).await;
    for how in ["flag", "env"] {
        let mut cmd = gearctl();
        with_files(&mut cmd, dir.path());
        cmd.env("AWS_ACCESS_KEY_ID", &env_key)
            .env("AWS_SECRET_ACCESS_KEY", &env_secret)
            .args(["--endpoint-url", &moto.endpoint()]);
        if how == "flag" {
            cmd.args(["--profile", "doesnotexist"]);
        } else {
            cmd.env("AWS_PROFILE", "doesnotexist");
        }
        let out = cmd.arg("doctor").output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{how}: {err}");
        assert!(out.stdout.is_empty(), "{how}");
        assert!(
            err.contains("the config profile (doesnotexist) could not be found"),
            "{how}: {err}"
        );
        assert!(
            err.contains("hint:") && err.contains("prod"),
            "{how}: {err}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn confirmations_name_the_account_and_the_credentials() {
    let moto = moto();
    let who = aws(&moto).await.acting_as().await;
    assert!(who.contains("account 123456789012"), "{who}");
    assert!(
        who.contains("credentials from fixed test credentials"),
        "{who}"
    );
}

/// At a real terminal (a pty from util-linux `script`), the redrive question names the
/// account and the credential source before anything moves; answering no moves nothing.
#[tokio::test(flavor = "multi_thread")]
async fn redrive_question_at_a_terminal_names_the_account() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!("this test needs util-linux `script` (apt-get install bsdutils)");
    }
    let moto = moto();
    let aws = aws(&moto).await;
    let url = aws
        .create_queue("orders-dlq", &Default::default())
        .await
        .unwrap();
    aws.send_message(&url, "keep me").await.unwrap();
    aws.create_queue("orders", &Default::default())
        .await
        .unwrap();
    let line = format!(
        "{} --endpoint-url {} dlq redrive orders-dlq --to orders",
        env!("CARGO_BIN_EXE_gearctl"),
        moto.endpoint()
    );
    let mut child = gearctl_env(std::process::Command::new("script"))
        .args(["-qec", &line, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let _ = stdin.write_all(b"n\n");
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Redrive about 1 messages"), "{text}");
    assert!(
        text.contains("in account 123456789012") && text.contains("credentials from"),
        "{text}"
    );
    assert!(text.contains("nothing moved: not confirmed"), "{text}");
    assert_eq!(common::sqs::depth(&aws, &url).await, 1);
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
