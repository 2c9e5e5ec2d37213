//! `gearctl audit deployed` against the example service deployed into moto, with
//! published versions and aliases, including prune in dry-run and for real.

use crate::common::*;
use gearctl::emulator::gearbox::zip_files;

/// Publish versions 1..=4 of the api function (different sizes) and one of ingest; alias
/// `live` routes to 2, with 10% on 3.
async fn versions(moto: &gearctl::emulator::Moto) -> Vec<u64> {
    let aws = aws(moto).await;
    let mut sizes = Vec::new();
    for i in 1..=4u8 {
        let zip =
            zip_files(&[("handler.js".to_string(), vec![b'a' + i; 1000 * i as usize])]).unwrap();
        sizes.push(zip.len() as u64);
        let v = aws.publish_code("gearbox-dev-api", zip).await.unwrap();
        assert_eq!(v, i.to_string());
    }
    aws.create_alias("gearbox-dev-api", "live", "2", Some(("3", 0.1)))
        .await
        .unwrap();
    let zip = zip_files(&[("handler.py".to_string(), b"def handle(e, c): pass".to_vec())]).unwrap();
    aws.publish_code("gearbox-dev-ingest", zip).await.unwrap();
    sizes
}

async fn remaining(moto: &gearctl::emulator::Moto, function: &str) -> Vec<String> {
    let aws = aws(moto).await;
    let mut v: Vec<String> = aws
        .list_versions(function)
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.version)
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deployed_report_versions_and_storage() {
    let moto = moto();
    let dep = deploy_gearbox(&moto).await;
    let sizes = versions(&moto).await;

    let out = gearctl_at(&moto, &["audit", "deployed", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["command"], "audit deployed");
    let functions = v["functions"].as_array().unwrap();
    assert_eq!(functions.len(), 6);
    let thumb = functions
        .iter()
        .find(|f| f["name"] == "gearbox-dev-thumbnail")
        .unwrap();
    let deployed_thumb = dep.functions.iter().find(|f| f.key == "thumbnail").unwrap();
    assert_eq!(thumb["code_size_bytes"], deployed_thumb.zip_bytes);
    let api = functions
        .iter()
        .find(|f| f["name"] == "gearbox-dev-api")
        .unwrap();
    assert_eq!(api["versions"], 4);
    assert_eq!(api["versions_bytes"], sizes.iter().sum::<u64>());
    assert_eq!(api["aliases"][0]["versions"], serde_json::json!(["2", "3"]));
    let prunable: Vec<&str> = api["prunable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["version"].as_str().unwrap())
        .collect();
    assert_eq!(prunable, ["1", "4"], "2 and 3 are routed to by an alias");
    assert_eq!(api["prunable_bytes"], sizes[0] + sizes[3]);
    assert_eq!(v["totals"]["versions"], 5);
    // moto has no GetAccountSettings: the quota is unknown, never guessed.
    assert!(v["code_storage"]["used_bytes"].is_null());
    assert!(
        v["code_storage"]["note"]
            .as_str()
            .unwrap()
            .starts_with("unknown"),
        "{}",
        v["code_storage"]
    );

    let out = gearctl_at(&moto, &["audit", "deployed", "--max-zipped", "1MiB"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("budget breach: gearbox-dev-thumbnail"),
        "{}",
        stdout(&out)
    );

    let out = gearctl_at(
        &moto,
        &["audit", "deployed", "-o", "csv", "gearbox-dev-api"],
    );
    let csv = stdout(&out);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("gearbox-dev-api,nodejs20.x,"),
        "{csv}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prune_dry_run_refusal_and_real() {
    let moto = moto();
    deploy_gearbox(&moto).await;
    versions(&moto).await;

    // Dry run: the plan, nothing deleted.
    let out = gearctl_at(
        &moto,
        &[
            "audit",
            "deployed",
            "--keep",
            "1",
            "--prune",
            "--dry-run",
            "-o",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = &json(&out)["prune"];
    assert_eq!(p["dry_run"], true);
    let planned: Vec<String> = p["deleted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["function"].as_str().unwrap(),
                d["version"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(planned, ["gearbox-dev-api:1"]);
    assert_eq!(
        remaining(&moto, "gearbox-dev-api").await,
        ["1", "2", "3", "4"]
    );

    // No --yes and stdin is not a terminal: refuse, delete nothing.
    let out = gearctl()
        .args([
            "--endpoint-url",
            &moto.endpoint(),
            "audit",
            "deployed",
            "--keep",
            "1",
            "--prune",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("without --yes"), "{}", stderr(&out));
    assert_eq!(
        remaining(&moto, "gearbox-dev-api").await,
        ["1", "2", "3", "4"]
    );

    // --prune needs an explicit --keep.
    let out = gearctl_at(&moto, &["audit", "deployed", "--prune", "--yes"]);
    assert_eq!(out.status.code(), Some(2));

    // For real: version 1 goes; aliased 2 and 3 and the newest 4 stay; $LATEST is intact.
    let out = gearctl_at(
        &moto,
        &[
            "audit", "deployed", "--keep", "1", "--prune", "--yes", "-o", "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = &json(&out)["prune"];
    assert_eq!(p["dry_run"], false);
    assert_eq!(p["deleted"].as_array().unwrap().len(), 1);
    assert_eq!(remaining(&moto, "gearbox-dev-api").await, ["2", "3", "4"]);
    let aws = aws(&moto).await;
    assert!(
        aws.list_functions()
            .await
            .unwrap()
            .iter()
            .any(|f| f.name == "gearbox-dev-api")
    );
}

#[test]
fn unknown_function_names() {
    let moto = moto();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(deploy_gearbox(&moto));
    let out = gearctl_at(&moto, &["audit", "deployed", "no-such-fn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("function no-such-fn not found"),
        "{}",
        stderr(&out)
    );
    let out = gearctl_at(
        &moto,
        &[
            "audit",
            "deployed",
            "no-such-fn",
            "gearbox-dev-api",
            "-o",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["functions"].as_array().unwrap().len(), 1);
    assert_eq!(v["errors"][0]["source"], "no-such-fn");
}
