//! Several regions at once (`--region a,b,c`) against the emulator: moto keeps each region's
//! resources apart on one endpoint, so functions, queues and log groups are created in
//! us-east-1 and eu-west-1 (nothing in ap-south-1), and every command must put each row
//! under the region it lives in. A region moto refuses really fails while the others
//! answer: a warning, not a failed run. The shared harness lets moto accept any region
//! name, so that test starts its own moto without MOTO_ALLOW_NONEXISTENT_REGION: there a
//! well-formed name moto does not know fails every call.
//! `--all-regions` needs account:ListRegions, which moto lacks: see src/aws/account.rs.

use crate::common::sqs::queue_pair;
use crate::common::{gearctl, json, stderr, stdout, tiny_function};
use gearctl::aws::logs::LogEvent;
use gearctl::aws::{Aws, AwsOptions};
use serde_json::Value;

const US: &str = "us-east-1";
const EU: &str = "eu-west-1";
/// A name of the right shape that moto does not serve: its calls fail there.
const NOWHERE: &str = "zz-nowhere-9";

/// In each of us-east-1 and eu-west-1: a function `fn-<tag>` with one cold start in its log
/// group, and a queue `q-<tag>` whose DLQ is `q-<tag>-dlq`.
async fn seed(endpoint: &str) {
    let base = Aws::connect(&AwsOptions {
        endpoint_url: Some(endpoint.to_string()),
        region: Some(US.into()),
        max_attempts: Some(1),
        ..Default::default()
    })
    .await
    .expect("AWS layer for the emulator");
    let role = base.create_lambda_role("regions-role").await.unwrap();
    for (region, tag) in [(US, "us"), (EU, "eu")] {
        let aws: Aws = base.for_region(region);
        let name = format!("fn-{tag}");
        tiny_function(&aws, &name, &role).await;
        queue_pair(&aws, &format!("q-{tag}"), false).await;
        let now = jiff::Timestamp::now().as_millisecond();
        aws.write_log_stream(
            &format!("/aws/lambda/{name}"),
            "2026/01/01/[$LATEST]abc",
            &[LogEvent {
                timestamp: now - 60_000,
                message: "REPORT RequestId: 4439301b-290c-4ae5-811b-228bb60418c2\tDuration: 294.87 ms\tBilled Duration: 295 ms\tMemory Size: 128 MB\tMax Memory Used: 73 MB\tInit Duration: 507.83 ms".into(),
            }],
        )
        .await
        .unwrap();
    }
}

/// A moto server of this test's own; `strict` leaves out MOTO_ALLOW_NONEXISTENT_REGION,
/// so a region moto does not know fails.
struct Emulator {
    child: std::process::Child,
    endpoint: String,
}

impl Emulator {
    fn start(strict: bool) -> Emulator {
        let program = std::env::var("MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut cmd = std::process::Command::new(&program);
        cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if strict {
            cmd.env_remove("MOTO_ALLOW_NONEXISTENT_REGION");
        } else {
            cmd.env("MOTO_ALLOW_NONEXISTENT_REGION", "true");
        }
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "moto did not start");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Emulator {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        gearctl()
            .arg("--endpoint-url")
            .arg(&self.endpoint)
            .args(args)
            .output()
            .expect("run gearctl")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of `key` in every row, with the row's region.
fn by_region(rows: &Value, key: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = rows
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {rows}"))
        .iter()
        .map(|r| {
            (
                r["region"].as_str().unwrap_or("(none)").to_string(),
                r[key].as_str().unwrap_or("(none)").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_command_puts_every_row_under_its_own_region() {
    let moto = Emulator::start(false);
    seed(&moto.endpoint).await;
    let list = "us-east-1,eu-west-1,ap-south-1";

    let o = moto.run(&["--region", list, "-o", "json", "audit", "deployed"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(
        by_region(&r["functions"], "name"),
        pairs(&[(EU, "fn-eu"), (US, "fn-us")])
    );
    assert_eq!(r["regions"], serde_json::json!([US, EU, "ap-south-1"]));
    assert_eq!(r["region"], Value::Null);
    assert_eq!(r["totals"]["functions"], 2);
    assert_eq!(r["code_storage_by_region"].as_array().unwrap().len(), 3);

    let o = moto.run(&["--region", list, "-o", "json", "dlq", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(
        by_region(&r["dlqs"], "name"),
        pairs(&[(EU, "q-eu-dlq"), (US, "q-us-dlq")])
    );
    for d in r["dlqs"].as_array().unwrap() {
        let arn = d["arn"].as_str().unwrap();
        let region = d["region"].as_str().unwrap();
        assert!(
            arn.contains(&format!(":{region}:")),
            "{arn} is not in {region}"
        );
    }

    let o = moto.run(&[
        "--region",
        list,
        "-o",
        "json",
        "coldstarts",
        "--engine",
        "scan",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(
        by_region(&r["groups"], "key"),
        pairs(&[(EU, "fn-eu"), (US, "fn-us")])
    );
    for g in r["groups"].as_array().unwrap() {
        assert_eq!(g["cold_starts"], 1, "{g}");
    }

    let o = moto.run(&["--region", "us-east-1,eu-west-1", "-o", "json", "doctor"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(r["identity"]["account"], "123456789012");
    let checks = r["checks"].as_array().unwrap();
    for region in [US, EU] {
        let here: Vec<&str> = checks
            .iter()
            .filter(|c| c["region"] == region)
            .map(|c| c["service"].as_str().unwrap())
            .collect();
        assert_eq!(here, ["lambda", "sqs", "logs"], "{region}");
    }
    let global: Vec<&Value> = checks.iter().filter(|c| c["region"].is_null()).collect();
    assert_eq!(global.len(), 1, "IAM is checked once: {checks:?}");

    // The table shows a region column only when several regions were asked for.
    let several = moto.run(&["--region", "us-east-1,eu-west-1", "dlq", "list"]);
    assert!(stdout(&several).contains("region"), "{}", stdout(&several));
    assert!(stdout(&several).contains("q-eu-dlq"));
    let one = moto.run(&["--region", US, "dlq", "list"]);
    assert!(!stdout(&one).contains("region"), "{}", stdout(&one));
    assert!(!stdout(&one).contains("q-eu-dlq"), "{}", stdout(&one));
}

#[tokio::test(flavor = "multi_thread")]
async fn one_region_keeps_its_shape_and_gains_only_the_row_region() {
    let moto = Emulator::start(false);
    seed(&moto.endpoint).await;
    let o = moto.run(&["--region", EU, "-o", "json", "dlq", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(r["region"], EU);
    assert!(r.get("regions").is_none(), "{r}");
    assert_eq!(by_region(&r["dlqs"], "name"), pairs(&[(EU, "q-eu-dlq")]));
    // A list of one, repeated, is one region.
    let o = moto.run(&[
        "--region",
        "eu-west-1,eu-west-1",
        "-o",
        "json",
        "audit",
        "deployed",
    ]);
    let r = json(&o);
    assert_eq!(r["region"], EU);
    assert_eq!(by_region(&r["functions"], "name"), pairs(&[(EU, "fn-eu")]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_region_is_a_warning_and_the_others_still_report() {
    let moto = Emulator::start(true);
    seed(&moto.endpoint).await;
    let list = format!("{US},{NOWHERE},{EU}");
    for (args, rows, key) in [
        (vec!["audit", "deployed"], "functions", "name"),
        (vec!["dlq", "list"], "dlqs", "name"),
        (vec!["coldstarts", "--engine", "scan"], "groups", "key"),
    ] {
        let mut argv = vec!["--region", list.as_str(), "-o", "json"];
        argv.extend(&args);
        let o = moto.run(&argv);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let warned = stderr(&o);
        assert!(
            warned.contains(&format!("warning: region {NOWHERE}: "))
                && warned.contains("(skipped)"),
            "{args:?}: {warned} {}",
            stdout(&o)
        );
        let r = json(&o);
        assert_eq!(r["regions"], serde_json::json!([US, EU]), "{args:?}");
        assert_eq!(r["failed_regions"][0]["region"], NOWHERE, "{args:?}");
        let regions: Vec<String> = by_region(&r[rows], key)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        assert_eq!(regions, [EU, US], "{args:?}: {r}");
    }
    // In doctor the failing region's probes fail: findings, and the good regions are ok.
    let o = moto.run(&["--region", &list, "-o", "json", "doctor"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let r = json(&o);
    for c in r["checks"].as_array().unwrap() {
        let expected = if c["region"] == NOWHERE {
            "failed"
        } else {
            "ok"
        };
        assert_eq!(c["status"], expected, "{c}");
    }

    // Every region failing is an error that names each.
    let o = moto.run(&["--region", "zz-nowhere-9,zz-nowhere-8", "dlq", "list"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("every region failed"), "{e}");
    assert!(
        e.contains("region zz-nowhere-9") && e.contains("region zz-nowhere-8"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn commands_of_one_region_refuse_a_list_and_bad_names_are_refused() {
    let moto = Emulator::start(false);
    for args in [
        vec![
            "--region",
            "us-east-1,eu-west-1",
            "dlq",
            "redrive",
            "q-dlq",
            "--dry-run",
        ],
        vec!["--region", "us-east-1,eu-west-1", "dlq", "peek", "q-dlq"],
        vec!["--all-regions", "iam", "diff", "fn"],
        vec!["--region", "us-east-1,eu-west-1", "iam", "generate", "."],
    ] {
        let o = moto.run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("works in one region"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let o = moto.run(&["--region", "us-east-1,EU-WEST-1", "dlq", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`EU-WEST-1` in --region is not a region name"),
        "{}",
        stderr(&o)
    );
    let o = moto.run(&["--region", "us-east-1", "--all-regions", "dlq", "list"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "clap refuses both: {}",
        stderr(&o)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_function_named_that_lives_in_one_region_is_no_error_in_the_others() {
    let moto = Emulator::start(false);
    seed(&moto.endpoint).await;
    let both = "us-east-1,eu-west-1";
    let o = moto.run(&[
        "--region", both, "-o", "json", "audit", "deployed", "fn-us", "fn-eu",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(
        by_region(&r["functions"], "name"),
        pairs(&[(EU, "fn-eu"), (US, "fn-us")])
    );
    assert_eq!(r["errors"], serde_json::json!([]), "{r}");

    let o = moto.run(&[
        "--region",
        both,
        "-o",
        "json",
        "coldstarts",
        "fn-us",
        "--engine",
        "scan",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(by_region(&r["groups"], "key"), pairs(&[(US, "fn-us")]));
    assert_eq!(r["skipped"], serde_json::json!([]), "{r}");
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));

    // Named nowhere: still an error, as with one region.
    let o = moto.run(&["--region", both, "coldstarts", "fn-nowhere"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("fn-nowhere not found in us-east-1, eu-west-1"),
        "{}",
        stderr(&o)
    );
}
