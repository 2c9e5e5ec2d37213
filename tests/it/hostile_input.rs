//! Hostile inputs for serverless.yml loading, `coldstarts --log-file` and `dlq import`:
//! each case is built in a temp dir and run through the binary under an address-space
//! limit and a time bound. Each must end with the right exit code and a readable message
//! (with a `hint:` line where it is an error). Cases that already passed before the
//! hardening are here too, so they keep passing.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common;
use crate::common::{gearctl_env, moto, stderr, stdout};
use serde_json::Value;

/// Every case ends well within this, even on a loaded machine.
const TIME_BOUND: Duration = Duration::from_secs(20);

/// Address space per run: enough for the binary and its threads, far below what the
/// unbounded cases used (GBs).
const MEMORY_BOUND: &str = "--as=1500000000";

/// Run gearctl under `prlimit` and `timeout`; returns its output and wall time.
fn bounded(args: &[&str], env: &[(&str, &str)]) -> (Output, Duration) {
    let mut cmd = Command::new("timeout");
    cmd.args(["-s", "KILL", "60", "prlimit", MEMORY_BOUND, "--"])
        .arg(env!("CARGO_BIN_EXE_gearctl"))
        .args(args);
    let mut cmd = gearctl_env(cmd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let out = cmd.output().expect("run gearctl under prlimit");
    (out, started.elapsed())
}

/// The run ended in time with `code`, never a panic or a signal.
fn ended(out: &Output, took: Duration, code: i32) {
    let err = stderr(out);
    assert!(took < TIME_BOUND, "took {took:?}: {err}");
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Exit 2 with a message holding `what` and a hint line.
fn error_with_hint(out: &Output, took: Duration, what: &str) {
    ended(out, took, 2);
    let err = stderr(out);
    assert!(err.contains(what), "want {what:?} in: {err}");
    assert!(err.contains("\n  hint: "), "no hint: {err}");
}

const BASE: &str = "service: p\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  f:\n    handler: src/h.handle\n";

/// A service directory with this serverless.yml and one handler.
fn service(dir: &Path, yaml: &[u8]) -> String {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("serverless.yml"), yaml).unwrap();
    std::fs::write(dir.join("src/h.py"), "def handle(e, c):\n    return 1\n").unwrap();
    dir.to_str().unwrap().to_string()
}

fn audit(yaml: &[u8], extra: &[&str], env: &[(&str, &str)]) -> (Output, Duration) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = service(&tmp.path().join("svc"), yaml);
    let mut args = vec!["audit"];
    args.extend_from_slice(extra);
    args.push(&dir);
    bounded(&args, env)
}

#[test]
fn serverless_fan_out_stops_at_the_cap_naming_the_key() {
    let mut y = format!("{BASE}custom:\n  l0: xxxxxxxxxxxxxxxx\n");
    for i in 1..=9 {
        let item = format!("\"${{self:custom.l{}}}\"", i - 1);
        y.push_str(&format!("  l{i}: [{}]\n", vec![item; 10].join(", ")));
    }
    let (out, took) = audit(y.as_bytes(), &[], &[]);
    error_with_hint(&out, took, "larger than 16 MiB");
    assert!(stderr(&out).contains("${self:custom.l"), "{}", stderr(&out));
}

#[test]
fn serverless_string_doubling_stops_at_the_cap_naming_the_key() {
    let mut y = format!("{BASE}custom:\n  v0: ab\n");
    for i in 1..=28 {
        y.push_str(&format!(
            "  v{i}: ${{self:custom.v{0}}}${{self:custom.v{0}}}\n",
            i - 1
        ));
    }
    let (out, took) = audit(y.as_bytes(), &[], &[]);
    error_with_hint(&out, took, "${self:custom.v");
}

#[test]
fn an_environment_variable_holding_itself_is_an_error() {
    let y = format!("{BASE}custom:\n  a: ${{env:X}}\n");
    let (out, took) = audit(y.as_bytes(), &[], &[("X", "${env:X}")]);
    error_with_hint(
        &out,
        took,
        "the environment variable X refers back to itself",
    );
}

#[test]
fn a_stage_option_holding_itself_is_an_error() {
    let y = BASE.replace("service: p", "service: p-${sls:stage}");
    let (out, took) = audit(y.as_bytes(), &["--stage", "${sls:stage}"], &[]);
    error_with_hint(&out, took, "--stage refers back to itself");
}

#[test]
fn a_byte_order_mark_in_serverless_yml_is_accepted() {
    let mut y = b"\xEF\xBB\xBF".to_vec();
    y.extend_from_slice(BASE.as_bytes());
    let (out, took) = audit(&y, &["--output", "json"], &[]);
    ended(&out, took, 0);
}

#[test]
fn non_utf8_serverless_yml_has_a_hint() {
    let mut y = BASE.as_bytes().to_vec();
    y.extend_from_slice(b"custom:\n  x: caf\xe9\n");
    let (out, took) = audit(&y, &[], &[]);
    error_with_hint(&out, took, "not UTF-8");
}

#[test]
fn functions_as_a_list_of_definitions_is_named() {
    let y = "service: p\nprovider:\n  name: aws\nfunctions:\n  - handler: src/h.handle\n";
    let (out, took) = audit(y.as_bytes(), &[], &[]);
    error_with_hint(&out, took, "functions: must be a map of name → function");
}

/// Cases that ended well before this work: they must stay that way.
#[test]
fn serverless_cases_that_already_ended_well() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12u8 {
        let (p, c) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        bomb.push_str(&format!(
            "{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        ));
    }
    bomb.push_str(BASE);
    let deep = format!(
        "{BASE}custom:\n  x: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let cycle = format!("{BASE}custom:\n  a: ${{self:custom.b}}\n  b: ${{self:custom.a}}\n");
    for (yaml, what) in [
        (bomb, "not a valid serverless config"),
        (deep, "not a valid serverless config"),
        (cycle, "refers back to itself"),
    ] {
        let (out, took) = audit(yaml.as_bytes(), &[], &[]);
        error_with_hint(&out, took, what);
    }
}

#[test]
fn a_4_gib_log_without_newlines_is_skipped_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("nonl.log");
    // Sparse: four GiB of zeros that take no disk.
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(4 << 30).unwrap();
    drop(f);
    let (out, took) = bounded(
        &[
            "--output",
            "json",
            "coldstarts",
            "--log-file",
            path.to_str().unwrap(),
        ],
        &[],
    );
    ended(&out, took, 0);
    assert!(
        stderr(&out).contains("longer than 1 MiB"),
        "{}",
        stderr(&out)
    );
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["lines"]["garbage"], 1);
}

#[test]
fn a_missing_or_directory_log_file_has_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap();
    let (out, took) = bounded(&["coldstarts", "--log-file", dir], &[]);
    error_with_hint(&out, took, "is a directory");
    let missing = tmp.path().join("none.log");
    let (out, took) = bounded(
        &["coldstarts", "--log-file", missing.to_str().unwrap()],
        &[],
    );
    error_with_hint(&out, took, "No such file");
}

#[test]
fn absurd_report_durations_are_malformed_and_garbage_lines_are_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("r.log");
    let good = "REPORT RequestId: a\tDuration: 1.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 73 MB\tInit Duration: 500.00 ms";
    let absurd = format!(
        "REPORT RequestId: b\tDuration: 1.00 ms\tInit Duration: 1{}.0 ms",
        "0".repeat(308)
    );
    let json = r#"{"type":"platform.report","record":{"metrics":{"durationMs":1,"initDurationMs":1e308}}}"#;
    let garbage = "REPORT RequestId: c\tDuration: soon";
    std::fs::write(&path, format!("{good}\n{absurd}\n{json}\n{garbage}\n")).unwrap();
    let (out, took) = bounded(
        &[
            "--output",
            "json",
            "coldstarts",
            "--log-file",
            path.to_str().unwrap(),
        ],
        &[],
    );
    ended(&out, took, 0);
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["lines"]["garbage"], 3, "{r}");
    assert_eq!(r["groups"][0]["init"]["mean_ms"], 500.0, "{r}");
    assert!(r["groups"][0]["impact_ms"].is_number(), "{r}");
}

/// A record line as `dlq export` writes it.
fn line(i: usize, data_type: &str) -> String {
    serde_json::json!({
        "message_id": format!("m{i}"),
        "body": format!("{{\"order\":{i}}}"),
        "message_attributes": {"n": {"data_type": data_type, "string_value": i.to_string()}},
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn dlq_import_of_hostile_files() {
    let moto = moto();
    let aws = common::aws(&moto).await;
    aws.create_queue("imp", &Default::default()).await.unwrap();
    let endpoint = moto.endpoint();
    let import = |file: &str, extra: &[&str]| {
        let mut args = vec![
            "--endpoint-url",
            &endpoint,
            "--output",
            "json",
            "dlq",
            "import",
            file,
            "--to",
        ];
        args.extend_from_slice(extra);
        bounded(&args, &[])
    };

    // Endless input: a clear error, bounded time and memory.
    for dev in ["/dev/zero", "/dev/urandom"] {
        let (out, took) = import(dev, &["imp"]);
        error_with_hint(&out, took, "no line could be read");
        assert!(
            stderr(&out).contains("reading stopped at line"),
            "{}",
            stderr(&out)
        );
    }

    let tmp = tempfile::tempdir().unwrap();
    // A byte-order mark.
    let bom = tmp.path().join("bom.jsonl");
    std::fs::write(&bom, format!("\u{feff}{}\n", line(0, "Number"))).unwrap();
    let (out, took) = import(bom.to_str().unwrap(), &["imp"]);
    ended(&out, took, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["sent"],
        1
    );

    // An empty queue name.
    let (out, took) = import(bom.to_str().unwrap(), &[""]);
    error_with_hint(&out, took, "an empty queue name");

    // One bad data type among 20: the 19 others go, line 5 is named, exit 1; the dry
    // run names the same line.
    let lines: Vec<String> = (0..20)
        .map(|i| line(i, if i == 4 { "Bogus" } else { "Number" }))
        .collect();
    let file = tmp.path().join("bogus.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let f = file.to_str().unwrap();
    let (dry, took) = import(f, &["imp", "--dry-run"]);
    ended(&dry, took, 1);
    let (out, took) = import(f, &["imp"]);
    ended(&out, took, 1);
    let dry: Value = serde_json::from_str(&stdout(&dry)).unwrap();
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (dry["sent"].as_u64(), r["sent"].as_u64()),
        (Some(0), Some(19)),
        "{r}"
    );
    for report in [&dry, &r] {
        let not_sent = report["not_sent"].as_array().unwrap();
        assert_eq!(not_sent.len(), 1, "{report}");
        assert_eq!(not_sent[0]["line"], 5);
        assert!(
            not_sent[0]["reason"].as_str().unwrap().contains("Bogus"),
            "{report}"
        );
    }
}
