//! `--output sarif`: the log's structure, checked field by field against what the SARIF
//! 2.1.0 schema requires and what GitHub code scanning needs, on real audit output.

use std::collections::HashSet;

use crate::common::*;
use serde_json::Value;

const LEVELS: &[&str] = &["none", "note", "warning", "error"];

/// The schema sets `additionalProperties: false` on these objects; these are (a subset of)
/// the properties it allows on each, so a misspelt key fails here as it would there.
fn keys_within(v: &Value, object: &str, allowed: &[&str]) {
    let map = v
        .as_object()
        .unwrap_or_else(|| panic!("{object} is not an object: {v}"));
    for k in map.keys() {
        assert!(
            allowed.contains(&k.as_str()),
            "{object} has no property {k}"
        );
    }
}

/// A URI reference (RFC 3986): only unreserved, reserved and percent-encoded characters.
fn is_uri_reference(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if i + 2 >= b.len() || !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)) {
            return false;
        }
        i += 1;
    }
    true
}

/// Check a SARIF log field by field; panics naming the first problem.
fn check_sarif(v: &Value) {
    let top: HashSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        top,
        HashSet::from(["$schema", "version", "runs"]),
        "top-level keys"
    );
    assert_eq!(v["version"], "2.1.0");
    assert!(
        v["$schema"]
            .as_str()
            .unwrap()
            .ends_with("sarif-schema-2.1.0.json")
    );
    let runs = v["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    keys_within(run, "run", &["tool", "results", "columnKind"]);
    assert!(["utf16CodeUnits", "unicodeCodePoints"].contains(&run["columnKind"].as_str().unwrap()));
    keys_within(&run["tool"], "tool", &["driver"]);
    let driver = &run["tool"]["driver"];
    keys_within(
        driver,
        "toolComponent",
        &[
            "name",
            "version",
            "semanticVersion",
            "informationUri",
            "rules",
        ],
    );
    assert_eq!(driver["name"], "gearctl");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    if let Some(uri) = driver.get("informationUri") {
        assert!(uri.as_str().unwrap().starts_with("https://"));
    }
    let rules = driver["rules"].as_array().expect("rules is an array");
    let mut ids = HashSet::new();
    for r in rules {
        keys_within(
            r,
            "reportingDescriptor",
            &[
                "id",
                "name",
                "shortDescription",
                "fullDescription",
                "help",
                "helpUri",
                "defaultConfiguration",
            ],
        );
        keys_within(
            &r["defaultConfiguration"],
            "reportingConfiguration",
            &["level"],
        );
        for m in ["shortDescription", "fullDescription", "help"] {
            keys_within(&r[m], "multiformatMessageString", &["text"]);
        }
        let id = r["id"].as_str().expect("rule id is a string");
        assert!(ids.insert(id), "rule {id} listed twice");
        assert!(
            !r["shortDescription"]["text"].as_str().unwrap().is_empty(),
            "{id}"
        );
        assert!(!r["help"]["text"].as_str().unwrap().is_empty(), "{id}");
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(LEVELS.contains(&level), "{id}: {level}");
    }
    let results = run["results"].as_array().expect("results is an array");
    for res in results {
        keys_within(
            res,
            "result",
            &["ruleId", "ruleIndex", "level", "message", "locations"],
        );
        keys_within(&res["message"], "message", &["text"]);
        let rule_id = res["ruleId"].as_str().expect("ruleId");
        let index = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert!(
            index < rules.len(),
            "{rule_id}: ruleIndex {index} out of range"
        );
        assert_eq!(
            rules[index]["id"], rule_id,
            "ruleIndex points at another rule"
        );
        assert!(LEVELS.contains(&res["level"].as_str().unwrap()));
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        for loc in res["locations"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            keys_within(loc, "location", &["physicalLocation", "logicalLocations"]);
            if let Some(p) = loc.get("physicalLocation") {
                keys_within(p, "physicalLocation", &["artifactLocation", "region"]);
                keys_within(&p["artifactLocation"], "artifactLocation", &["uri"]);
                let uri = p["artifactLocation"]["uri"].as_str().expect("uri");
                assert!(is_uri_reference(uri), "{uri} is not a URI reference");
                assert!(!uri.is_empty());
                assert!(!uri.contains('\\') && !uri.contains(' '), "{uri}");
                assert!(!uri.starts_with("./") && !uri.starts_with('/'), "{uri}");
                if let Some(region) = p.get("region") {
                    keys_within(region, "region", &["startLine", "startColumn"]);
                    assert!(region["startLine"].as_u64().unwrap() >= 1);
                    if let Some(c) = region.get("startColumn") {
                        assert!(c.as_u64().unwrap() >= 1);
                    }
                }
            } else {
                assert!(
                    loc["logicalLocations"]
                        .as_array()
                        .is_some_and(|l| !l.is_empty())
                );
            }
        }
    }
}

/// The first result of rule `id` in a log.
fn result<'a>(v: &'a Value, id: &str) -> &'a Value {
    let results = v["runs"][0]["results"].as_array().unwrap();
    results
        .iter()
        .find(|r| r["ruleId"] == id)
        .unwrap_or_else(|| panic!("no {id}: {results:?}"))
}

fn sarif(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(out), stderr(out)))
}

#[test]
fn a_tree_and_a_zip_as_sarif_with_runtimes_plugins_findings_and_breaches() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    write_file(
        root,
        "services/orders/serverless.yml",
        b"service: orders\nprovider:\n  name: aws\n  runtime: nodejs16.x\nfunctions:\n  api:\n    handler: index.handler\nplugins:\n  - serverless-esbuild\n",
    );
    write_file(
        root,
        "services/orders/index.js",
        b"exports.handler = async () => 1;\n",
    );
    write_file(root, "services/orders/index.js.map", &vec![b'm'; 2_000]);
    // A zip with a file name that needs encoding, over a 1 KiB unzipped budget.
    let zip_path = root.join("build dir/worker.zip");
    std::fs::create_dir_all(zip_path.parent().unwrap()).unwrap();
    zip_of(
        &zip_path,
        &[
            ("handler.py", &[b'x'; 100]),
            ("pkg/__pycache__/a.pyc", &[b'x'; 4_000]),
        ],
        false,
    );

    let out = gearctl()
        .current_dir(root)
        .args([
            "audit",
            "-o",
            "sarif",
            "--max-unzipped",
            "3KiB",
            "--runtime",
            "python3.9",
        ])
        .args(["build dir/worker.zip"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a breach exits 1: {}",
        stderr(&out)
    );
    let v = sarif(&out);
    check_sarif(&v);
    let rule = |id: &str| result(&v, id);
    let breach = rule("budget-max-unzipped");
    assert_eq!(breach["level"], "error");
    assert_eq!(
        breach["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "build%20dir/worker.zip"
    );
    assert_eq!(rule("python-cache")["level"], "warning");
    assert_eq!(rule("deprecated-runtime")["level"], "error");

    let out = gearctl()
        .current_dir(root)
        .args(["audit", "-o", "sarif", "services/orders"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = sarif(&out);
    check_sarif(&v);
    let find = |id: &str| result(&v, id);
    let loc = |r: &Value| r["locations"][0]["physicalLocation"].clone();
    let rt = loc(find("deprecated-runtime"));
    assert_eq!(
        rt["artifactLocation"]["uri"],
        "services/orders/serverless.yml"
    );
    assert_eq!(rt["region"]["startLine"], 4);
    let plugin = loc(find("packaging-plugin"));
    assert_eq!(plugin["region"]["startLine"], 8);
    let maps = find("source-maps");
    assert_eq!(
        loc(maps)["artifactLocation"]["uri"],
        "services/orders/serverless.yml"
    );
    // One package for the whole service (not `individually`) and no `package:` key: the
    // file without a line.
    assert!(loc(maps).get("region").is_none(), "{maps}");
    assert!(
        maps["message"]["text"]
            .as_str()
            .unwrap()
            .contains("'!**/*.map'")
    );
}

#[test]
fn the_uri_check_rejects_what_a_uri_cannot_hold() {
    assert!(is_uri_reference("a%20b/c.zip"));
    assert!(!is_uri_reference("a b"));
    assert!(!is_uri_reference("a%2"));
    assert!(!is_uri_reference("a\\b"));
}

#[test]
fn commands_without_sarif_refuse_before_running() {
    let out = gearctl()
        .args(["-o", "sarif", "iam", "generate", "/nonexistent"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`iam generate` has no SARIF form"), "{err}");
    assert!(err.contains("audit, audit deployed, iam check"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn iam_check_findings_are_results_on_the_lines_that_grant_them() {
    // From a repository root: the URI is the service's serverless.yml below it.
    let out = gearctl()
        .current_dir(repo_path("tests/fixtures"))
        .args(["iam", "check", "-o", "sarif", "iam-check/provider-star"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings exit 1: {}",
        stderr(&out)
    );
    let v = sarif(&out);
    check_sarif(&v);
    let results = v["runs"][0]["results"].as_array().unwrap();
    let find = |id: &str| result(&v, id);
    for (id, level, line) in [
        ("wildcard-action", "error", 13),
        ("wildcard-resource", "warning", 14),
    ] {
        let r = find(id);
        assert_eq!(r["level"], level, "{r}");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "iam-check/provider-star/serverless.yml"
        );
        assert_eq!(loc["region"]["startLine"], line, "{r}");
        assert!(
            r["message"]["text"].as_str().unwrap().contains("function "),
            "{r}"
        );
    }
    // The same findings as the JSON, one result each.
    let json = gearctl()
        .current_dir(repo_path("tests/fixtures"))
        .args(["iam", "check", "-o", "json", "iam-check/provider-star"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["findings"].as_u64().unwrap() as usize, results.len());
}
