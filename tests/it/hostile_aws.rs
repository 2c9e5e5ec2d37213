//! Hostile endpoints and AWS settings: each case ends with exit 2, a message that names the
//! real problem, a `hint:` line, and within a time (and, for endless answers, memory) bound.
//! The endpoints are small servers in this file that misbehave on purpose: an endless
//! answer, one that always throttles, one that never answers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common;
use crate::common::{gearctl, gearctl_env, stderr};

/// The most any case here may take: the call budget (30 s) plus room for a loaded machine.
const BUDGET_CASE: Duration = Duration::from_secs(50);
/// The most a case that needs no waiting may take.
const QUICK_CASE: Duration = Duration::from_secs(20);
/// Address-space limit for cases that could run away with memory.
const MEMORY_LIMIT: &str = "--as=1500000000";

#[derive(Clone, Copy)]
enum Misbehave {
    /// 200 with a chunked body that never ends.
    Endless,
    /// 400 `RequestThrottled` to every request.
    Throttle,
    /// 400 `ExpiredToken` to every request.
    Expired,
    /// Reads the request, never answers.
    Silent,
}

/// Serve `how` on a loopback port, one thread per connection; returns the endpoint URL.
fn serve(how: Misbehave) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { return };
            std::thread::spawn(move || answer(conn, how));
        }
    });
    url
}

/// Answer each request on one connection until the client goes away.
fn answer(conn: TcpStream, how: Misbehave) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut out = conn;
    loop {
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let code = match how {
            Misbehave::Endless => {
                let _ = out.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n\
                      Transfer-Encoding: chunked\r\n\r\n",
                );
                let chunk = format!("100000\r\n{}\r\n", " ".repeat(0x100000));
                while out.write_all(chunk.as_bytes()).is_ok() {}
                return;
            }
            Misbehave::Silent => {
                std::thread::sleep(Duration::from_secs(120));
                return;
            }
            Misbehave::Throttle => "RequestThrottled",
            Misbehave::Expired => "ExpiredToken",
        };
        let body =
            format!(r#"{{"__type":"com.amazonaws.sqs#{code}","message":"said the endpoint"}}"#);
        let head = format!(
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.0\r\n\
             x-amzn-query-error: {code};Sender\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        if out.write_all(head.as_bytes()).is_err() || out.write_all(body.as_bytes()).is_err() {
            return;
        }
    }
}

/// Run a command, timing it.
fn timed(mut cmd: Command) -> (Output, Duration) {
    let started = Instant::now();
    let out = cmd.output().expect("run gearctl");
    (out, started.elapsed())
}

/// `gearctl ARGS…` under an address-space limit, with the harness's clean environment.
fn limited(args: &[&str]) -> Command {
    let mut cmd = gearctl_env(Command::new("prlimit"));
    cmd.arg(MEMORY_LIMIT)
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_gearctl"))
        .args(args);
    cmd
}

/// Exit 2, an error line, a hint line; returns stderr.
fn fails_with_hint(out: &Output) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("error: "), "{err}");
    assert!(err.contains("\n  hint: "), "no hint: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn an_endless_answer_is_cut_at_the_cap() {
    let url = serve(Misbehave::Endless);
    let (out, took) = timed(limited(&["--endpoint-url", &url, "dlq", "list"]));
    let err = fails_with_hint(&out);
    assert!(err.contains("sqs:ListQueues"), "{err}");
    assert!(err.contains("larger than 64 MiB"), "{err}");
    assert!(took < QUICK_CASE, "took {took:?}");
}

#[test]
fn an_endless_answer_is_not_read_again() {
    // With five attempts allowed, the call still ends after one: another read would be as
    // large. The notices never speak of a retry.
    let url = serve(Misbehave::Endless);
    let (out, took) = timed(limited(&[
        "--endpoint-url",
        &url,
        "--max-attempts",
        "5",
        "dlq",
        "list",
    ]));
    let err = fails_with_hint(&out);
    assert!(err.contains("larger than 64 MiB"), "{err}");
    assert!(!err.contains("retrying"), "{err}");
    assert!(took < QUICK_CASE, "took {took:?}");
}

#[test]
fn an_endpoint_that_always_throttles_is_named_while_retried_and_ends_in_budget() {
    let url = serve(Misbehave::Throttle);
    let (out, took) = timed(limited(&[
        "--endpoint-url",
        &url,
        "--max-attempts",
        "5",
        "dlq",
        "list",
    ]));
    let err = fails_with_hint(&out);
    let notes: Vec<&str> = err.lines().filter(|l| l.starts_with("note: ")).collect();
    assert!(!notes.is_empty(), "no notice while waiting: {err}");
    assert!(
        notes
            .iter()
            .all(|n| n.contains("sqs:ListQueues") && n.contains("attempt")),
        "{err}"
    );
    assert!(notes.iter().any(|n| n.contains("throttling")), "{err}");
    assert!(err.contains("kept throttling sqs:ListQueues"), "{err}");
    assert!(took < BUDGET_CASE, "took {took:?}");
}

#[test]
fn a_silent_endpoint_is_said_not_to_answer_not_to_be_down() {
    let url = serve(Misbehave::Silent);
    let (out, took) = timed(limited(&[
        "--endpoint-url",
        &url,
        "--max-attempts",
        "5",
        "dlq",
        "list",
    ]));
    let err = fails_with_hint(&out);
    assert!(
        err.lines()
            .any(|l| l.starts_with("note: still waiting") && l.contains("sqs:ListQueues")),
        "{err}"
    );
    assert!(
        err.contains("did not answer sqs:ListQueues in time"),
        "{err}"
    );
    assert!(!err.contains("running"), "{err}");
    assert!(took < BUDGET_CASE, "took {took:?}");
}

#[test]
fn quiet_hides_the_waiting_notices() {
    let url = serve(Misbehave::Silent);
    let (out, _) = timed(limited(&[
        "--quiet",
        "--endpoint-url",
        &url,
        "--max-attempts",
        "1",
        "dlq",
        "list",
    ]));
    let err = fails_with_hint(&out);
    assert!(!err.contains("note: "), "{err}");
}

#[test]
fn an_endpoint_that_is_not_running_is_said_to_be_down() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let (out, took) = timed(limited(&["--endpoint-url", &url, "dlq", "list"]));
    let err = fails_with_hint(&out);
    assert!(err.contains("cannot reach"), "{err}");
    assert!(err.contains("is running"), "{err}");
    assert!(took < QUICK_CASE, "took {took:?}");
}

#[test]
fn expired_keys_from_the_environment_are_blamed_on_the_environment() {
    let url = serve(Misbehave::Expired);
    let (out, _) = timed({
        let mut cmd = gearctl();
        cmd.env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env("AWS_SESSION_TOKEN", "token")
            .args(["--endpoint-url", &url, "dlq", "list"]);
        cmd
    });
    let err = fails_with_hint(&out);
    assert!(err.contains("the environment"), "{err}");
    assert!(!err.contains("profile `default`"), "{err}");
    assert!(!err.contains("sso login"), "{err}");
    assert!(
        err.contains("hint: ") && err.contains("AWS_SESSION_TOKEN"),
        "{err}"
    );
}

fn profiles(dir: &Path, text: &str) -> String {
    let path = dir.join("config");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_source_profile_loop_is_reported_with_its_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let config = profiles(
        dir.path(),
        "[profile a]\nsource_profile = b\nrole_arn = arn:aws:iam::123456789012:role/a\n\
         [profile b]\nsource_profile = a\nrole_arn = arn:aws:iam::123456789012:role/b\n",
    );
    for how in ["flag", "env"] {
        let mut cmd = gearctl();
        cmd.env("AWS_CONFIG_FILE", &config);
        match how {
            "flag" => cmd.args(["--profile", "a"]),
            _ => cmd.env("AWS_PROFILE", "a"),
        };
        cmd.args(["dlq", "list"]);
        let (out, took) = timed(cmd);
        let err = fails_with_hint(&out);
        assert!(err.contains("form a loop (a -> b -> a)"), "{how}: {err}");
        assert!(!err.contains("IMDS") && !err.contains("metadata"), "{err}");
        assert!(err.contains("hint: end the chain"), "{how}: {err}");
        assert!(took < QUICK_CASE, "took {took:?}");
    }
}

#[test]
fn a_region_that_is_not_a_region_is_blamed() {
    for how in ["flag", "env"] {
        let mut cmd = gearctl();
        cmd.env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "secret");
        match how {
            "flag" => cmd.args(["--region", "not-a-region"]),
            _ => cmd.env("AWS_REGION", "not-a-region"),
        };
        cmd.args(["dlq", "list"]);
        let (out, took) = timed(cmd);
        let err = fails_with_hint(&out);
        assert!(
            err.contains("`not-a-region` is not an AWS region name"),
            "{how}: {err}"
        );
        assert!(err.contains("us-east-1"), "{err}");
        assert!(took < QUICK_CASE, "took {took:?}");
    }
}

#[test]
fn an_emulator_takes_any_region() {
    // Not refused up front: the call reaches the endpoint (which answers with an error).
    let url = serve(Misbehave::Expired);
    let mut cmd = gearctl();
    cmd.args(["--endpoint-url", &url, "--region", "local", "dlq", "list"]);
    let (out, _) = timed(cmd);
    let err = fails_with_hint(&out);
    assert!(!err.contains("region"), "{err}");
    assert!(err.contains("said the endpoint"), "{err}");
}

#[test]
fn no_region_at_all_is_reported() {
    let mut cmd = gearctl();
    cmd.env_remove("AWS_REGION").args(["dlq", "list"]);
    let (out, _) = timed(cmd);
    let err = fails_with_hint(&out);
    assert!(err.contains("no AWS region"), "{err}");
}

#[test]
fn an_undefined_profile_is_reported() {
    let mut cmd = gearctl();
    cmd.args(["--profile", "nope", "dlq", "list"]);
    let (out, _) = timed(cmd);
    let err = fails_with_hint(&out);
    assert!(err.contains("(nope) could not be found"), "{err}");
}

/// An offline command with output on stdout.
fn offline_args() -> Vec<String> {
    vec![
        "iam".into(),
        "generate".into(),
        common::repo_path("examples/gearbox").display().to_string(),
    ]
}

#[test]
fn a_full_stdout_is_an_error_with_a_hint() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut cmd = gearctl();
    cmd.args(offline_args()).stdout(full);
    let (out, took) = timed(cmd);
    let err = fails_with_hint(&out);
    assert!(err.contains("writing stdout"), "{err}");
    assert!(err.contains("hint: the output is full"), "{err}");
    assert!(took < QUICK_CASE, "took {took:?}");
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let cmd = format!(
        "\"$0\" {} | head -c 0; exit ${{PIPESTATUS[0]}}",
        offline_args().join(" ")
    );
    let mut bash = gearctl_env(Command::new("bash"));
    bash.args(["-c", &cmd, env!("CARGO_BIN_EXE_gearctl")]);
    let (out, _) = timed(bash);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_unreadable_serverless_yml_has_a_hint() {
    // As root every file is readable, so the run drops to `nobody` with its own copy of the
    // binary (the build directory may be out of its reach).
    let dir = tempfile::tempdir().unwrap();
    let service = dir.path().join("svc");
    std::fs::create_dir(&service).unwrap();
    std::fs::write(
        service.join("serverless.yml"),
        "service: s\nprovider:\n  name: aws\n  runtime: python3.12\n",
    )
    .unwrap();
    let bin = dir.path().join("gearctl");
    std::fs::copy(env!("CARGO_BIN_EXE_gearctl"), &bin).unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(dir.path(), 0o755).unwrap();
    mode(&service, 0o755).unwrap();
    mode(&bin, 0o755).unwrap();
    mode(&service.join("serverless.yml"), 0o000).unwrap();
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let mut cmd = if root {
        let mut c = gearctl_env(Command::new("setpriv"));
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&bin);
        c
    } else {
        gearctl_env(Command::new(&bin))
    };
    cmd.args(["iam", "generate"]).arg(&service);
    let (out, _) = timed(cmd);
    let err = fails_with_hint(&out);
    assert!(err.contains("Permission denied"), "{err}");
    assert!(err.contains("hint: gearctl may not read"), "{err}");
}
