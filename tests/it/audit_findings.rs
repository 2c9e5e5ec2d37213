//! Deprecated runtimes and packaging plugins in `gearctl audit` (source trees, zips) and
//! `gearctl audit deployed` (against moto).

use std::path::Path;

use crate::common::*;

const SERVICE: &str = "\
service: shop
provider:
  name: aws
  runtime: python3.8
functions:
  api:
    handler: h.handler
  legacy:
    handler: l.handler
    runtime: nodejs14.x
  fresh:
    handler: f.handler
    runtime: python3.13
";

/// `gearctl audit -o json PATH`.
fn audit_json(path: &std::path::Path) -> std::process::Output {
    gearctl()
        .args(["audit", "-o", "json"])
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn a_tree_flags_each_function_runtime_at_its_line_and_keeps_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "serverless.yml", SERVICE.as_bytes());
    write_file(dir.path(), "h.py", b"def handler(e, c): pass\n");
    let out = audit_json(dir.path());
    // Findings do not change the exit code; budgets do.
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let rts = v["runtimes"].as_array().unwrap();
    let by_fn = |f: &str| rts.iter().find(|r| r["function"] == f).unwrap();
    assert_eq!(rts.len(), 2, "{rts:?}");
    let api = by_fn("api");
    assert_eq!(api["runtime"], "python3.8");
    assert_eq!(api["status"], "deprecated");
    assert_eq!(api["deprecation_date"], "2024-10-14");
    assert_eq!(api["block_update_date"], "2025-03-31");
    assert_eq!(api["replacement"], "python3.13");
    assert_eq!(api["line"], 4, "the provider's runtime line");
    assert!(
        api["source_url"]
            .as_str()
            .unwrap()
            .starts_with("https://docs.aws.amazon.com/lambda/")
    );
    let legacy = by_fn("legacy");
    assert_eq!(legacy["runtime"], "nodejs14.x");
    assert_eq!(legacy["line"], 10, "the function's own runtime line");
    assert!(legacy["file"].as_str().unwrap().ends_with("serverless.yml"));
    assert!(rts.iter().all(|r| r["function"] != "fresh"));
    // The service-wide package carries its runtime's status too.
    assert_eq!(v["packages"][0]["runtime_status"]["runtime"], "python3.8");

    let table = gearctl()
        .args(["--color", "never", "audit"])
        .arg(dir.path())
        .output()
        .unwrap();
    let t = stdout(&table);
    assert!(t.contains("Deprecated runtimes"), "{t}");
    assert!(t.contains("nodejs24.x"), "{t}");
    assert!(t.contains("serverless.yml:10"), "{t}");
}

#[test]
fn runtime_flag_overrides_the_config_and_zips_are_flagged_too() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "serverless.yml", SERVICE.as_bytes());
    write_file(dir.path(), "h.py", b"def handler(e, c): pass\n");
    let out = gearctl()
        .args(["audit", "--runtime", "python3.12", "-o", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["runtimes"], serde_json::json!([]));

    let zip = dir.path().join("fn.zip");
    zip_of(
        &zip,
        &[("index.js", b"exports.handler = async () => 1;\n")],
        false,
    );
    let out = gearctl()
        .args(["audit", "--runtime", "nodejs16.x", "-o", "json"])
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["runtimes"][0]["runtime"], "nodejs16.x");
    assert_eq!(v["runtimes"][0]["file"], zip.display().to_string());
    assert_eq!(v["runtimes"][0]["line"], serde_json::Value::Null);
}

/// A virtualenv with one installed distribution: its RECORD lists a module, its bytecode
/// cache, a test and its metadata (and a console script outside site-packages).
fn venv_with_requests(dir: &Path) -> (u64, u64) {
    let site = ".venv/lib/python3.12/site-packages";
    let files: &[(&str, usize)] = &[
        ("requests/api.py", 6_000),
        ("requests/__pycache__/api.cpython-312.pyc", 4_000),
        ("requests/tests/test_api.py", 1_500),
        ("requests-2.31.0.dist-info/METADATA", 700),
    ];
    let mut record = String::new();
    for (p, n) in files {
        write_file(dir, &format!("{site}/{p}"), &vec![b'x'; *n]);
        record.push_str(&format!("{p},sha256=abc,{n}\n"));
    }
    record.push_str("requests-2.31.0.dist-info/RECORD,,\n../../../bin/req,,\n");
    write_file(
        dir,
        &format!("{site}/requests-2.31.0.dist-info/RECORD"),
        record.as_bytes(),
    );
    let record_len = record.len() as u64;
    let total = 6_000 + 4_000 + 1_500 + 700 + record_len;
    let slim = 4_000 + 1_500 + 700 + record_len;
    (total, slim)
}

#[test]
fn python_requirements_are_listed_with_local_sizes_and_slim_savings() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "serverless.yml",
        b"service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  api:\n    handler: h.handler\nplugins:\n  modules:\n    - serverless-python-requirements\ncustom:\n  pythonRequirements:\n    fileName: reqs/prod.txt\n",
    );
    write_file(dir.path(), "h.py", b"def handler(e, c): pass\n");
    write_file(
        dir.path(),
        "reqs/prod.txt",
        b"# production\n-r base.txt\nRequests[socks]==2.31.0 ; python_version >= \"3.8\"  # pinned\n--index-url https://example.invalid/simple\n./vendored/pkg\n",
    );
    write_file(
        dir.path(),
        "reqs/base.txt",
        b"urllib3>=2 \\\n    --hash=sha256:0123\n-r missing.txt\n",
    );
    let (total, slim) = venv_with_requests(dir.path());
    let out = gearctl()
        .args(["audit", "-o", "json"])
        .arg(dir.path())
        .env_remove("VIRTUAL_ENV")
        .env("XDG_CACHE_HOME", dir.path().join("no-cache"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // One warning on stderr, naming the plugin and the next step.
    let err = stderr(&out);
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(err.contains("serverless-python-requirements"), "{err}");
    assert!(err.contains("gearctl audit .serverless/*.zip"), "{err}");

    let v = json(&out);
    let w = &v["packaging_plugins"][0];
    assert_eq!(w["rule"], "packaging-plugin");
    assert_eq!(w["line"], 8);
    assert_eq!(
        w["plugins"],
        serde_json::json!(["serverless-python-requirements"])
    );
    let py = &w["python_requirements"];
    assert_eq!(py["slim"], false);
    let reqs = py["requirements"].as_array().unwrap();
    let names: Vec<&str> = reqs.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["urllib3", "Requests"]);
    assert_eq!(reqs[0]["spec"], "urllib3>=2");
    assert_eq!(reqs[0]["installed_bytes"], serde_json::Value::Null);
    assert_eq!(
        reqs[1]["spec"],
        "Requests[socks]==2.31.0 ; python_version >= \"3.8\""
    );
    assert_eq!(reqs[1]["installed_bytes"], total);
    assert_eq!(reqs[1]["slim_savings_bytes"], slim);
    assert_eq!(py["installed_bytes"], total);
    assert_eq!(py["slim_savings_bytes"], slim);
    assert!(
        py["notes"][0].as_str().unwrap().contains("missing.txt"),
        "{py}"
    );
}

#[test]
fn bundler_plugins_give_one_warning_and_other_plugins_none() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "serverless.yml",
        b"service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  api:\n    handler: index.handler\nplugins:\n  - serverless-offline\n  - serverless-esbuild\n  - serverless-webpack\n",
    );
    write_file(
        dir.path(),
        "index.js",
        b"exports.handler = async () => 1;\n",
    );
    let out = audit_json(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let ws = v["packaging_plugins"].as_array().unwrap();
    assert_eq!(ws.len(), 1);
    assert_eq!(
        ws[0]["plugins"],
        serde_json::json!(["serverless-esbuild", "serverless-webpack"])
    );
    assert_eq!(ws[0]["python_requirements"], serde_json::Value::Null);
    assert!(
        ws[0]["message"]
            .as_str()
            .unwrap()
            .contains("packaging plugins")
    );

    write_file(
        dir.path(),
        "serverless.yml",
        b"service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  api:\n    handler: index.handler\nplugins:\n  - serverless-offline\n",
    );
    let out = audit_json(dir.path());
    assert_eq!(json(&out)["packaging_plugins"], serde_json::json!([]));
    assert!(!stderr(&out).contains("warning:"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deployed_functions_on_deprecated_runtimes_are_flagged() {
    let moto = moto();
    let dep = deploy_gearbox(&moto).await;
    let aws = aws(&moto).await;
    let zip = gearctl::emulator::gearbox::zip_files(&[(
        "h.py".to_string(),
        b"def handle(e, c): pass".to_vec(),
    )])
    .unwrap();
    aws.create_function(gearctl::aws::seed::NewFunction {
        name: "old-python".into(),
        runtime: "python3.8".into(),
        handler: "h.handle".into(),
        role_arn: dep.role_arn.clone(),
        memory_mb: 128,
        timeout_s: 3,
        environment: Default::default(),
        subnet_ids: vec![],
        security_group_ids: vec![],
        tracing: false,
        zip,
    })
    .await
    .unwrap_or_else(|e| panic!("{}", e.message));

    let out = gearctl_at(&moto, &["audit", "deployed", "old-python", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let f = &v["functions"][0];
    assert_eq!(f["runtime_status"]["status"], "deprecated");
    assert_eq!(f["runtime_status"]["replacement"], "python3.13");
    assert_eq!(f["runtime_status"]["block_create_date"], "2025-02-28");

    let sarif = gearctl_at(&moto, &["audit", "deployed", "old-python", "-o", "sarif"]);
    assert_eq!(sarif.status.code(), Some(0), "{}", stderr(&sarif));
    let s: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let r = &s["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "deprecated-runtime");
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["locations"][0]["logicalLocations"][0]["name"],
        "old-python"
    );
    assert!(
        r["message"]["text"]
            .as_str()
            .unwrap()
            .contains("python3.8 was deprecated on 2024-10-14")
    );
}
