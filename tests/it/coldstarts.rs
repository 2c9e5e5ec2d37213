//! `gearctl coldstarts` against log groups seeded with known REPORT lines (text and JSON
//! formats, an INIT_REPORT timeout): the statistics must match exactly.

use crate::common::*;
use gearctl::coldstart::stats;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statistics_match_the_seeded_invocations() {
    let moto = moto();
    let dep = deploy_gearbox(&moto).await;
    // The emulator's Logs Insights ignores `stats`: auto notices and scans instead.
    let out = gearctl_at(&moto, &["coldstarts", "--since", "2h", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("lack their stats fields; falling back to the scan engine"),
        "{}",
        stderr(&out)
    );
    let v = json(&out);
    assert_eq!(v["command"], "coldstarts");
    assert_eq!(v["engine"], "scan");
    let scan = gearctl_at(
        &moto,
        &[
            "coldstarts",
            "--since",
            "2h",
            "--engine",
            "scan",
            "-o",
            "json",
        ],
    );
    assert!(stderr(&scan).is_empty(), "{}", stderr(&scan));
    assert_eq!(json(&scan)["groups"], v["groups"]);
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), dep.functions.len());
    for f in &dep.functions {
        let g = groups.iter().find(|g| g["key"] == f.name.as_str()).unwrap();
        let init: Vec<f64> = f.invocations.iter().filter_map(|i| i.init_ms).collect();
        let cold_total: Vec<f64> = f
            .invocations
            .iter()
            .filter_map(|i| {
                i.init_ms
                    .map(|init| ((init + i.duration_ms) * 100.0).round() / 100.0)
            })
            .collect();
        assert_eq!(g["invocations"], f.invocations.len() as u64, "{}", f.name);
        assert_eq!(g["cold_starts"], init.len() as u64, "{}", f.name);
        let want = stats::summarize(&init).unwrap();
        let got = &g["init"];
        for (k, w) in [
            ("p50_ms", want.p50_ms),
            ("p90_ms", want.p90_ms),
            ("p99_ms", want.p99_ms),
            ("max_ms", want.max_ms),
            ("mean_ms", want.mean_ms),
        ] {
            assert_eq!(got[k].as_f64().unwrap(), w, "{} {k}", f.name);
        }
        let lat = stats::summarize(&cold_total).unwrap();
        assert_eq!(
            g["cold_latency"]["p99_ms"].as_f64().unwrap(),
            lat.p99_ms,
            "{}",
            f.name
        );
        assert_eq!(
            g["init_timeouts"],
            f.init_timeouts.len() as u64,
            "{}",
            f.name
        );
        assert_eq!(g["memory_mb"], f.memory_mb);
        assert_eq!(g["vpc"], f.vpc);
        assert_eq!(g["code_size_bytes"], f.zip_bytes);
        // The emulator does not implement provisioned concurrency: unknown, not zero.
        assert!(g["provisioned_concurrency"].is_null());
    }
    // Sorted by total init time.
    let impacts: Vec<f64> = groups
        .iter()
        .map(|g| g["impact_ms"].as_f64().unwrap())
        .collect();
    assert!(impacts.windows(2).all(|w| w[0] >= w[1]), "{impacts:?}");
    assert_eq!(v["lines"]["garbage"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regrouping_missing_log_groups_and_bad_windows() {
    let moto = moto();
    let dep = deploy_gearbox(&moto).await;

    let out = gearctl_at(&moto, &["coldstarts", "--by", "runtime", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let keys: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    let node = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "nodejs20.x")
        .unwrap();
    let want: usize = dep
        .functions
        .iter()
        .filter(|f| f.runtime == "nodejs20.x")
        .map(|f| f.invocations.len())
        .sum();
    assert_eq!(node["invocations"], want as u64);

    let out = gearctl_at(&moto, &["coldstarts", "--by", "version", "-o", "csv"]);
    let csv = stdout(&out);
    assert!(
        csv.lines().nth(1).is_some_and(|l| l.contains(":$LATEST")),
        "{csv}\n{}",
        stderr(&out)
    );

    // A function whose log group does not exist is skipped, not fatal.
    let aws = aws(&moto).await;
    tiny_function(&aws, "silent", &dep.role_arn).await;
    // And one whose log group holds no REPORT line.
    tiny_function(&aws, "quiet", &dep.role_arn).await;
    aws.write_log_stream(
        "/aws/lambda/quiet",
        "2026/01/01/[$LATEST]q",
        &[gearctl::aws::logs::LogEvent {
            timestamp: jiff::Timestamp::now().as_millisecond() - 60_000,
            message: "START RequestId: q Version: $LATEST".into(),
        }],
    )
    .await
    .unwrap();
    let out = gearctl_at(&moto, &["coldstarts", "silent", "quiet", "gearbox-dev-api"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let t = stdout(&out);
    assert!(
        t.contains("skipped silent (/aws/lambda/silent): log group not found"),
        "{t}"
    );
    assert!(
        t.contains("skipped quiet (/aws/lambda/quiet): no REPORT lines in the window"),
        "{t}"
    );
    assert!(t.contains("gearbox-dev-api"), "{t}");

    // An empty window, an unknown function: one clear error each.
    let out = gearctl_at(
        &moto,
        &[
            "coldstarts",
            "--start",
            "2026-01-02T00:00:00Z",
            "--end",
            "2026-01-01T00:00:00Z",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("time window is empty"),
        "{}",
        stderr(&out)
    );
    let out = gearctl_at(&moto, &["coldstarts", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("function nope not found"),
        "{}",
        stderr(&out)
    );
    let out = gearctl_at(&moto, &["coldstarts", "--since", "soon"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn exported_log_files_offline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.log");
    let text = "START RequestId: a Version: $LATEST\n\
        REPORT RequestId: a\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\tInit Duration: 200.00 ms\t\n\
        REPORT RequestId: b\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\n\
        {\"time\":\"2022-10-12T00:01:15.000Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"c\",\"metrics\":{\"durationMs\":693.92,\"billedDurationMs\":694,\"memorySizeMB\":128,\"maxMemoryUsedMB\":84,\"initDurationMs\":400.00},\"status\":\"success\"}}\n\
        REPORT RequestId: d\tDuration: garbage\n\
        application output\n";
    std::fs::write(&path, text).unwrap();
    // No endpoint, no credentials: offline.
    let out = gearctl()
        .args(["coldstarts", "-o", "json", "--log-file"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["engine"], "file");
    assert!(v["window"].is_null());
    let g = &v["groups"][0];
    assert_eq!(g["invocations"], 3);
    assert_eq!(g["cold_starts"], 2);
    assert_eq!(g["init"]["p50_ms"], 200.0);
    assert_eq!(g["init"]["max_ms"], 400.0);
    assert_eq!(v["lines"]["garbage"], 1);
    assert!(
        stderr(&out).contains("1 malformed report lines were skipped"),
        "{}",
        stderr(&out)
    );
    let out = gearctl()
        .args(["coldstarts", "--log-file", "/nonexistent.log"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent.log"));
}
