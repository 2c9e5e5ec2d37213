//! `gearctl iam check`: the roles a service declares in its own files, against what its code
//! needs. Offline; each fixture under tests/fixtures/iam-check is a small service.

use crate::common::{gearctl, repo_path, stderr, stdout};
use serde_json::Value;

fn check(fixture: &str, extra: &[&str]) -> (Option<i32>, Value) {
    check_dir(
        &repo_path(&format!("tests/fixtures/iam-check/{fixture}")),
        extra,
    )
}

/// `iam check --output json` of a service directory: the exit code and the document.
fn check_dir(dir: &std::path::Path, extra: &[&str]) -> (Option<i32>, Value) {
    let o = gearctl()
        .args(["iam", "check", "--output", "json"])
        .arg(dir)
        .args(extra)
        .output()
        .expect("run gearctl");
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&o), stderr(&o)));
    (o.status.code(), v)
}

/// (function, kind, action, resource, line) of every finding.
fn findings(v: &Value) -> Vec<(String, String, String, String, u64)> {
    v["functions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().iter())
        .map(|f| {
            (
                f["function"].as_str().unwrap().to_string(),
                f["kind"].as_str().unwrap().to_string(),
                f["action"].as_str().unwrap().to_string(),
                f["resource"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn has(all: &[(String, String, String, String, u64)], kind: &str, action: &str, line: u64) -> bool {
    all.iter()
        .any(|(_, k, a, _, l)| k == kind && a == action && *l == line)
}

#[test]
fn a_provider_wide_star_is_found_on_its_line() {
    let (code, v) = check("provider-star", &[]);
    assert_eq!(code, Some(1), "{v:#}");
    let all = findings(&v);
    assert!(has(&all, "wildcard-action", "*", 13), "{all:?}");
    assert!(has(&all, "wildcard-resource", "*", 14), "{all:?}");
    let f = &v["functions"][0];
    assert_eq!(f["role"], "provider");
    assert_eq!(f["findings"][0]["file"], "serverless.yml");
    assert_eq!(
        f["findings"][0]["key_path"],
        "provider.iam.role.statements[0].Action"
    );
    // What to write instead: the code's one call, not the logs the Framework adds.
    assert_eq!(f["suggested_at"], "provider.iam.role.statements");
    let suggested = f["suggested_statements"].to_string();
    assert!(suggested.contains("s3:GetObject"), "{suggested}");
    assert!(suggested.contains("arn:aws:s3:::reports-dev-files/templates/*"));
    assert!(!suggested.contains("logs:"), "{suggested}");
}

#[test]
fn a_resources_role_has_an_excess_action_and_a_missing_one() {
    let (code, v) = check(
        "resource-role",
        &["--region", "eu-west-1", "--account", "111122223333"],
    );
    assert_eq!(code, Some(1), "{v:#}");
    let all = findings(&v);
    let table = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders-dev";
    // DeleteItem is granted (line 43), GetItem is what the code calls.
    assert!(
        has(&all, "unneeded-action", "dynamodb:DeleteItem", 43),
        "{all:?}"
    );
    let missing: Vec<_> = all.iter().filter(|f| f.1 == "missing").collect();
    assert_eq!(missing.len(), 1, "{all:?}");
    assert_eq!(missing[0].2, "dynamodb:GetItem");
    assert_eq!(missing[0].3, table);
    // Logs are granted by AWSLambdaBasicExecutionRole; the queue by the statement.
    assert!(!all.iter().any(|f| f.2.starts_with("logs:")), "{all:?}");
    assert!(
        !all.iter()
            .any(|f| f.2 == "sqs:SendMessage" && f.3.contains(":sqs:")),
        "{all:?}"
    );
    let f = &v["functions"][0];
    assert_eq!(f["role"], "resource");
    assert_eq!(
        f["suggested_at"],
        "resources.Resources.WorkerRole.Properties.Policies[0].PolicyDocument.Statement"
    );
    // A resources: role gets nothing from the Framework: the logs are in the suggestion.
    assert!(
        f["suggested_statements"]
            .to_string()
            .contains("logs:CreateLogStream")
    );
}

#[test]
fn per_function_statements_one_too_broad_and_one_exact() {
    let (code, v) = check("per-function", &[]);
    assert_eq!(code, Some(1), "{v:#}");
    let all = findings(&v);
    assert!(
        all.iter().all(|f| f.0 == "thumbnail"),
        "archive is exact: {all:?}"
    );
    assert!(has(&all, "wildcard-action", "s3:*", 16), "{all:?}");
    // s3:* on the bucket covers the PutObject the code needs: nothing is missing.
    assert!(!all.iter().any(|f| f.1 == "missing"), "{all:?}");
    let thumb = &v["functions"].as_array().unwrap()[0];
    assert_eq!(thumb["role"], "function");
    assert_eq!(
        thumb["suggested_at"],
        "functions.thumbnail.iamRoleStatements"
    );
}

#[test]
fn a_correct_service_exits_0() {
    let (code, v) = check("correct", &[]);
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(v["findings"], 0);
    // The table form says so too.
    let o = gearctl()
        .args(["iam", "check"])
        .arg(repo_path("tests/fixtures/iam-check/correct"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("no more"), "{}", stdout(&o));
}

#[test]
fn the_same_service_with_a_statement_removed_is_missing_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = repo_path("tests/fixtures/iam-check/correct");
    std::fs::create_dir(dir.path().join("src")).unwrap();
    for f in ["src/record.py", "src/consume.py"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let yml = std::fs::read_to_string(src.join("serverless.yml"))
        .unwrap()
        .replace("sqs:SendMessage", "sqs:DeleteMessage");
    std::fs::write(dir.path().join("serverless.yml"), yml).unwrap();
    let (code, v) = check_dir(dir.path(), &[]);
    assert_eq!(code, Some(1), "{v:#}");
    let all = findings(&v);
    assert!(
        all.iter()
            .any(|f| f.0 == "record" && f.1 == "missing" && f.2 == "sqs:SendMessage"),
        "{all:?}"
    );
    // DeleteMessage on the queue is needed by consume's event source: not unneeded.
    assert!(!all.iter().any(|f| f.1 == "unneeded-action"), "{all:?}");
}

#[test]
fn no_serverless_yml_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = gearctl()
        .args(["iam", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("serverless.yml"), "{}", stderr(&o));
}

#[test]
fn an_external_role_is_a_note_and_a_deny_makes_a_need_missing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/h.py"),
        "import boto3\ns3 = boto3.client('s3')\n\ndef handle(e, c):\n    s3.get_object(Bucket='b', Key='k')\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("serverless.yml"),
        "\
service: s
provider:
  name: aws
  runtime: python3.12
  iam:
    role:
      statements:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::b/k
        - Effect: Deny
          Action: s3:GetObject
          Resource: arn:aws:s3:::b/*
functions:
  denied:
    handler: src/h.handle
  outside:
    handler: src/h.handle
    role: arn:aws:iam::111122223333:role/shared
",
    )
    .unwrap();
    let (code, v) = check_dir(dir.path(), &[]);
    assert_eq!(code, Some(1), "{v:#}");
    let all = findings(&v);
    // The Deny statement (line 11) takes away what the Allow grants.
    assert!(
        all.iter()
            .any(|f| f.0 == "denied" && f.1 == "missing" && f.2 == "s3:GetObject" && f.4 == 11),
        "{all:?}"
    );
    let outside = v["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["function"] == "outside")
        .unwrap();
    assert_eq!(outside["role"], "external");
    assert!(outside["findings"].as_array().unwrap().is_empty());
    assert!(
        outside["notes"][0]
            .as_str()
            .unwrap()
            .contains("cannot be read offline"),
        "{outside}"
    );
}
