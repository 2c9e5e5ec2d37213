//! `gearctl audit PATH…` on zips built here with known contents.

use std::path::Path;

use crate::common::*;

/// Write a zip of (name, bytes) into `dir/name`.
fn zip_at(dir: &Path, name: &str, files: &[(&str, Vec<u8>)]) -> std::path::PathBuf {
    let path = dir.join(name);
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    zip_of(&path, &files, false);
    path
}

fn text(n: usize) -> Vec<u8> {
    (0..n).map(|i| b"abcdefghij\n"[i % 11]).collect()
}

fn python_zip(dir: &Path) -> std::path::PathBuf {
    zip_at(
        dir,
        "worker.zip",
        &[
            ("handler.py", text(1_000)),
            ("boto3/session.py", text(20_000)),
            ("botocore/data/endpoints.json", text(300_000)),
            ("requests/api.py", text(5_000)),
            ("requests/__pycache__/api.cpython-312.pyc", text(4_000)),
            ("requests/tests/test_api.py", text(3_000)),
            ("requests-2.31.0.dist-info/RECORD", text(500)),
            ("README.md", text(700)),
        ],
    )
}

#[test]
fn zip_sizes_contributors_and_findings() {
    let dir = tempfile::tempdir().unwrap();
    let zip = python_zip(dir.path());
    let out = gearctl()
        .args(["audit", "--runtime", "python3.12", "-o", "json"])
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["schema_version"], 1);
    let p = &v["packages"][0];
    assert_eq!(p["kind"], "zip");
    assert_eq!(p["function"], "worker");
    assert_eq!(p["files"], 8);
    assert_eq!(p["unzipped_bytes"], 334_200);
    assert_eq!(p["zipped_bytes"], std::fs::metadata(&zip).unwrap().len());
    assert_eq!(p["contributors"][0]["name"], "botocore");
    assert_eq!(p["contributors"][0]["unzipped_bytes"], 300_000);
    let findings = p["findings"].as_array().unwrap();
    let find = |pattern: &str| findings.iter().find(|f| f["pattern"] == pattern);
    assert_eq!(find("!botocore/**").unwrap()["severity"], "info");
    assert_eq!(find("!boto3/**").unwrap()["unzipped_bytes"], 20_000);
    assert_eq!(find("!**/__pycache__/**").unwrap()["rule"], "python-cache");
    assert_eq!(find("!**/tests/**").unwrap()["rule"], "tests-docs");
    assert_eq!(
        find("!**/*.dist-info/**").unwrap()["rule"],
        "python-metadata"
    );
    assert_eq!(find("!**/*.md").unwrap()["rule"], "docs-files");
    assert_eq!(
        p["savings_unzipped_bytes"],
        20_000 + 300_000 + 4_000 + 3_000 + 500 + 700
    );
}

#[test]
fn budgets_exit_1_with_breaches_and_table_output() {
    let dir = tempfile::tempdir().unwrap();
    let zip = python_zip(dir.path());
    let out = gearctl()
        .args(["audit", "--max-zipped", "1KB", "--max-unzipped", "100KiB"])
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let t = stdout(&out);
    assert!(t.contains("Budget breaches"), "{t}");
    assert!(
        t.contains("max_zipped") && t.contains("max_unzipped"),
        "{t}"
    );
    assert!(t.contains("'!botocore/**'"), "{t}");
}

#[test]
fn config_file_budgets_per_function() {
    let dir = tempfile::tempdir().unwrap();
    python_zip(dir.path());
    std::fs::write(
        dir.path().join(".gearctl.yml"),
        "audit:\n  max_unzipped: 1MiB\n  functions:\n    worker:\n      max_unzipped: 100KB\n",
    )
    .unwrap();
    let out = gearctl()
        .current_dir(dir.path())
        .args(["audit", "worker.zip", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let b = &json(&out)["breaches"][0];
    assert_eq!(b["limit"], "max_unzipped");
    assert_eq!(b["limit_bytes"], 100_000);
    assert_eq!(b["origin"], "config");

    std::fs::write(
        dir.path().join(".gearctl.yml"),
        "audit:\n  max_unzip: 1MiB\n",
    )
    .unwrap();
    let out = gearctl()
        .current_dir(dir.path())
        .args(["audit", "worker.zip"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(".gearctl.yml"), "{}", stderr(&out));
}

#[test]
fn one_bad_package_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let good = python_zip(dir.path());
    let bad = dir.path().join("broken.zip");
    std::fs::write(&bad, b"PK\x03\x04 definitely truncated").unwrap();
    let out = gearctl()
        .args(["audit", "-o", "json"])
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["packages"].as_array().unwrap().len(), 1);
    assert!(
        v["errors"][0]["source"]
            .as_str()
            .unwrap()
            .ends_with("broken.zip")
    );
    assert!(stderr(&out).contains("broken.zip"), "warned on stderr too");

    // Nothing auditable: exit 2 with one message naming the file.
    let out = gearctl().args(["audit"]).arg(&bad).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("error: ") && err.contains("broken.zip") && err.contains("hint:"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn missing_path_and_dir_without_serverless_yml() {
    let dir = tempfile::tempdir().unwrap();
    let out = gearctl()
        .args(["audit", "nope.zip"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.zip"), "{}", stderr(&out));
    let out = gearctl()
        .args(["audit"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no serverless.yml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn deep_finds_duplicates_and_csv_lists_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let blob = text(50_000);
    let zip = zip_at(
        dir.path(),
        "api.zip",
        &[
            ("index.js", text(100)),
            ("node_modules/a/big.bin", blob.clone()),
            ("node_modules/b/big.bin", blob),
            ("node_modules/@aws-sdk/client-s3/index.js", text(9_000)),
            ("node_modules/aws-sdk/index.js", text(8_000)),
        ],
    );
    let out = gearctl()
        .args(["audit", "--deep", "--runtime", "nodejs20.x", "-o", "json"])
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let findings = json(&out)["packages"][0]["findings"].clone();
    let patterns: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["pattern"].as_str().unwrap())
        .collect();
    assert!(
        patterns.contains(&"!node_modules/b/big.bin"),
        "{patterns:?}"
    );
    assert!(
        patterns.contains(&"!node_modules/@aws-sdk/**"),
        "{patterns:?}"
    );
    assert!(
        !patterns.contains(&"!node_modules/aws-sdk/**"),
        "v2 is required on nodejs20.x"
    );

    let out = gearctl()
        .args(["audit", "-o", "csv"])
        .arg(&zip)
        .output()
        .unwrap();
    let csv = stdout(&out);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "source,kind,function,runtime,zipped_bytes,unzipped_bytes,files,savings_unzipped_bytes,breaches"
    );
    assert!(lines.next().unwrap().contains(",zip,api,,"), "{csv}");
}

#[test]
fn doctor_has_no_csv_form() {
    let moto = moto();
    let out = gearctl_at(&moto, &["-o", "csv", "doctor"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("has no CSV form"), "{}", stderr(&out));
}

#[test]
fn zips_in_dot_serverless_take_runtimes_from_serverless_yml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("serverless.yml"),
        "service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  legacy:\n    handler: h.handler\n    runtime: nodejs16.x\n  worker:\n    handler: h.handle\n",
    )
    .unwrap();
    let sls = dir.path().join(".serverless");
    std::fs::create_dir(&sls).unwrap();
    let legacy = zip_at(
        &sls,
        "legacy.zip",
        &[("node_modules/aws-sdk/index.js", text(4_000))],
    );
    let worker = zip_at(&sls, "worker.zip", &[("botocore/x.py", text(4_000))]);
    let out = gearctl()
        .args(["audit", "-o", "json"])
        .arg(&legacy)
        .arg(&worker)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let pkgs = v["packages"].as_array().unwrap();
    assert_eq!(pkgs[0]["runtime"], "nodejs16.x");
    assert_eq!(
        pkgs[0]["findings"][0]["pattern"],
        "!node_modules/aws-sdk/**"
    );
    assert_eq!(pkgs[1]["runtime"], "python3.12", "the provider's runtime");
}

/// Control characters a hostile package could carry in a name: a window-title OSC, clear
/// screen, NUL, a line break, an 8-bit CSI and a right-to-left override.
const HOSTILE: &str = "evil\x1b]0;pwned\x07\x1b[2J\0\nx\u{9b}1m\u{202e}";
const HOSTILE_SHOWN: &str = "evil\\x1b]0;pwned\\x07\\x1b[2J\\0\\nx\\u{9b}1m\\u{202e}";
/// The same without NUL, which no file name can hold.
const HOSTILE_FILE: &str = "evil\x1b]0;pwned\x07\x1b[2J\nx\u{9b}1m\u{202e}";
const HOSTILE_FILE_SHOWN: &str = "evil\\x1b]0;pwned\\x07\\x1b[2J\\nx\\u{9b}1m\\u{202e}";

/// True when `text` holds a character a terminal would act on, line breaks aside.
fn has_raw_controls(text: &str) -> bool {
    text.chars()
        .any(|c| c != '\n' && gearctl::visible::is_unsafe(c))
}

#[test]
fn hostile_names_are_shown_escaped_in_tables_and_exact_in_documents() {
    let dir = tempfile::tempdir().unwrap();
    let entry = format!("{HOSTILE}/index.js");
    let zip = zip_at(
        dir.path(),
        &format!("pkg{HOSTILE_FILE}.zip"),
        &[(entry.as_str(), text(9_000)), ("handler.py", text(100))],
    );
    let broken = dir.path().join(format!("broken{HOSTILE_FILE}.zip"));
    std::fs::write(&broken, b"PK\x03\x04 truncated").unwrap();

    let out = gearctl()
        .args(["--color", "never", "audit", "--runtime", "python3.12"])
        .arg(&zip)
        .arg(&broken)
        .output()
        .unwrap();
    let (table, err) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!has_raw_controls(&table), "{table:?}");
    // The entry (contributors), the zip's own name (package column, section titles).
    assert!(table.contains(HOSTILE_SHOWN), "{table}");
    assert!(
        table.contains(&format!("pkg{HOSTILE_FILE_SHOWN}.zip")),
        "{table}"
    );
    // The warning about the broken package quotes its name.
    assert!(!has_raw_controls(&err), "{err:?}");
    assert!(
        err.contains(&format!("broken{HOSTILE_FILE_SHOWN}.zip")),
        "{err}"
    );

    let out = gearctl()
        .args(["audit", "--runtime", "python3.12", "-o", "json"])
        .arg(&zip)
        .output()
        .unwrap();
    let raw = stdout(&out);
    assert!(!has_raw_controls(&raw), "JSON escapes them: {raw:?}");
    let v = json(&out);
    let names: Vec<_> = v["packages"][0]["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&HOSTILE.to_string()), "{names:?}");

    let out = gearctl()
        .args(["audit", "--runtime", "python3.12", "-o", "yaml"])
        .arg(&zip)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_yaml::from_slice(&out.stdout).expect("valid YAML");
    assert_eq!(v["packages"][0]["contributors"], json_contributors(&zip));
    let raw = stdout(&out);
    assert!(!raw.contains(['\x1b', '\0', '\x07']), "{raw:?}");
}

fn json_contributors(zip: &Path) -> serde_json::Value {
    let out = gearctl()
        .args(["audit", "--runtime", "python3.12", "-o", "json"])
        .arg(zip)
        .output()
        .unwrap();
    json(&out)["packages"][0]["contributors"].clone()
}
