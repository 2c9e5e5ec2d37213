//! `gearctl iam generate` on the example service (golden files), its output formats and
//! bad input, and `gearctl iam diff` against roles in the emulator.

mod common;

use std::collections::BTreeMap;

use common::{aws, gearctl, gearctl_at, moto, repo_path, stderr, stdout};
use serde_json::Value;

const GOLDEN: &str = "tests/golden/iam/gearbox";

fn generate(args: &[&str]) -> std::process::Output {
    gearctl()
        .args(["iam", "generate"])
        .args(args)
        .output()
        .expect("run gearctl")
}

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(o), stderr(o)))
}

/// The example's policies are checked in; `GEARCTL_REGENERATE=1` rewrites them.
#[test]
fn the_example_service_matches_its_golden_policies() {
    let example = repo_path("examples/gearbox");
    let golden = repo_path(GOLDEN);
    if std::env::var_os("GEARCTL_REGENERATE").is_some() {
        let o = generate(&[
            example.to_str().unwrap(),
            "--out-dir",
            golden.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let o = generate(&[
        example.to_str().unwrap(),
        "--out-dir",
        golden.to_str().unwrap(),
        "--check",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "stale golden files: run GEARCTL_REGENERATE=1 cargo test --test iam\n{}{}",
        stdout(&o),
        stderr(&o)
    );
}

#[test]
fn the_example_needs_what_its_code_does_and_no_more() {
    let o = generate(&[
        repo_path("examples/gearbox").to_str().unwrap(),
        "--output",
        "json",
        "--explain",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    let actions = |name: &str| -> BTreeMap<String, Vec<String>> {
        let f = r["functions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {r}"));
        serde_json::from_value(f["explain"].clone()).unwrap()
    };
    let ingest = actions("gearbox-dev-ingest");
    assert!(
        ingest["sqs:SendMessage"]
            .iter()
            .any(|o| o.starts_with("functions/ingest/handler.py:")),
        "{ingest:?}"
    );
    assert!(
        ingest["sqs:SendMessage"]
            .iter()
            .any(|o| o.contains("destinations.onFailure")),
        "{ingest:?}"
    );
    assert!(
        ingest.contains_key("xray:PutTraceSegments"),
        "provider tracing"
    );
    assert!(
        !ingest
            .keys()
            .any(|a| a.starts_with("dynamodb:") || a.starts_with("s3:")),
        "{ingest:?}"
    );
    let process = actions("gearbox-dev-process");
    assert!(process.contains_key("ec2:CreateNetworkInterface"), "VPC");
    assert!(
        process.contains_key("sqs:ReceiveMessage"),
        "its SQS event source"
    );
    let api = actions("gearbox-dev-api");
    assert!(
        api.contains_key("dynamodb:GetItem") && api.contains_key("dynamodb:PutItem"),
        "{api:?}"
    );
    // Every policy is keyed by function name, and no action is a wildcard.
    let policies = r["policies"].as_object().unwrap();
    assert_eq!(policies.len(), 6);
    for (name, p) in policies {
        for s in p["Statement"].as_array().unwrap() {
            for a in s["Action"].as_array().unwrap() {
                assert!(!a.as_str().unwrap().contains('*'), "{name}: {a}");
            }
        }
    }
    let text = stdout(&generate(&[
        repo_path("examples/gearbox").to_str().unwrap(),
        "--explain",
    ]));
    assert!(text.contains("why each action"), "{text}");
}

/// PynamoDB models in a `models/` package, their tables named by serverless.yml's
/// environment (a string and a `!Ref`): the policy names exactly those tables and the
/// index, with only the operations the handler reaches (`User.forget()` is never called).
#[test]
fn pynamodb_models_take_their_tables_from_serverless_yml() {
    let o = generate(&[
        repo_path("tests/fixtures/iam/python/pynamodb")
            .to_str()
            .unwrap(),
        "--output",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    let mut granted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in r["policies"]["accounts-dev-users"]["Statement"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
    {
        for a in s["Action"].as_array().unwrap() {
            let a = a.as_str().unwrap();
            if a.starts_with("logs:") {
                continue;
            }
            let resources = s["Resource"].as_array().unwrap();
            let entry = granted.entry(a.to_string()).or_default();
            entry.extend(resources.iter().map(|r| r.as_str().unwrap().to_string()));
            entry.sort();
        }
    }
    let table =
        |name: &str| format!("arn:aws:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/{name}");
    let want: BTreeMap<String, Vec<String>> = [
        ("dynamodb:GetItem", vec![table("accounts-dev-users")]),
        (
            "dynamodb:PutItem",
            vec![table("accounts-dev-audit"), table("accounts-dev-users")],
        ),
        (
            "dynamodb:Query",
            vec![table("accounts-dev-users/index/by-email")],
        ),
    ]
    .into_iter()
    .map(|(a, r)| (a.to_string(), r))
    .collect();
    assert_eq!(granted, want);
}

#[test]
fn check_fails_with_a_diff_when_a_policy_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let example = repo_path("examples/gearbox");
    let out = dir.path().join("iam");
    let o = generate(&[
        example.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = out.join("ingest.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("sqs:SendMessage", "sqs:SendMessageX")).unwrap();
    let o = generate(&[
        example.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--check",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("ingest.json is stale"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("-        \"sqs:SendMessageX\""),
        "{}",
        stdout(&o)
    );
}

#[test]
fn every_format_is_valid_and_names_every_function() {
    let example = repo_path("examples/gearbox");
    let e = example.to_str().unwrap();
    for (format, key) in [("serverless", "iam"), ("plugin", "iamRoleStatements")] {
        let o = generate(&[e, "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let y: serde_yaml::Value = serde_yaml::from_slice(&o.stdout).unwrap();
        let fns = y["functions"].as_mapping().unwrap();
        assert_eq!(fns.len(), 6, "{format}");
        assert!(fns.values().all(|f| f.get(key).is_some()), "{format}");
    }
    let o = generate(&[e, "--format", "cloudformation"]);
    let y: serde_yaml::Value = serde_yaml::from_slice(&o.stdout).unwrap();
    assert_eq!(y["Resources"]["IngestRole"]["Type"], "AWS::IAM::Role");
    let o = generate(&[e, "--format", "terraform"]);
    let tf = stdout(&o);
    assert_eq!(
        tf.matches("data \"aws_iam_policy_document\"").count(),
        6,
        "{tf}"
    );
    assert!(
        tf.contains("${data.aws_region.current.name}") && !tf.contains("${AWS::"),
        "{tf}"
    );
    let o = generate(&[
        e,
        "--region",
        "eu-west-1",
        "--account",
        "111122223333",
        "--output",
        "json",
    ]);
    let text = stdout(&o);
    assert!(
        text.contains(":eu-west-1:111122223333:") && !text.contains("${AWS::"),
        "{text}"
    );
}

#[test]
fn bad_input_is_reported_and_what_can_be_produced_still_is() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("src")).unwrap();
    std::fs::write(
        d.join("serverless.yml"),
        "service: bad\nprovider:\n  name: aws\n  runtime: python3.12\n  environment:\n    T: ${env:GEARCTL_NOT_SET_ANYWHERE}\nfunctions:\n  gone:\n    handler: src/missing.handle\n  broken:\n    handler: src/broken.handle\n  binary:\n    handler: src/binary.handle\n",
    )
    .unwrap();
    std::fs::write(
        d.join("src/broken.py"),
        "import boto3\ns3 = boto3.client('s3')\ndef handle(e, c):\n    s3.get_object(Bucket='b', Key='k')\n    return (\n",
    )
    .unwrap();
    std::fs::write(d.join("src/binary.py"), b"\xff\xfe\x00garbage").unwrap();
    let o = generate(&[d.to_str().unwrap(), "--output", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "policies from config are still useful: {}",
        stderr(&o)
    );
    let r = json(&o);
    let f = |k: &str| {
        r["functions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == k)
            .unwrap()
            .clone()
    };
    assert!(
        f("gone")["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("missing"),
        "{r}"
    );
    assert!(f("binary")["errors"].to_string().contains("UTF-8"), "{r}");
    assert!(
        f("broken")["errors"]
            .to_string()
            .to_lowercase()
            .contains("syntax"),
        "{r}"
    );
    assert!(
        f("broken")["explain"].get("s3:GetObject").is_some(),
        "what parses is used: {r}"
    );
    assert!(f("gone")["explain"].get("logs:PutLogEvents").is_some());

    // No serverless.yml, and a YAML alias bomb: exit 2 with one clear message.
    let o = generate(&[d.join("src").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no serverless.yml"), "{}", stderr(&o));
    let bomb = dir.path().join("bomb");
    std::fs::create_dir_all(&bomb).unwrap();
    let mut y = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in ('b'..='j').enumerate() {
        let prev = (b'a' + i as u8) as char;
        y.push_str(&format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    y.push_str("service: bomb\nfunctions: {}\n");
    std::fs::write(bomb.join("serverless.yml"), y).unwrap();
    let o = generate(&[bomb.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("serverless.yml"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
}

#[tokio::test(flavor = "multi_thread")]
async fn diff_shows_excess_and_missing_against_a_deployed_role() {
    let moto = moto();
    let aws = aws(&moto).await;
    let role_arn = aws
        .create_lambda_role("billing-dev-invoice-role")
        .await
        .unwrap();
    aws.put_role_policy(
        "billing-dev-invoice-role",
        "shared",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","logs:*"],"Resource":"*"}]}"#,
    )
    .await
    .unwrap();
    aws.attach_new_policy(
        "billing-dev-invoice-role",
        "old-table",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/old"}]}"#,
    )
    .await
    .unwrap();
    common::tiny_function(&aws, "billing-dev-invoice", &role_arn).await;

    let dir = repo_path("tests/fixtures/iam-diff");
    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "iam",
            "diff",
            "billing-dev-invoice",
            "--dir",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}\n{}", stderr(&o), stdout(&o));
    let r = json(&o);
    let f = &r["functions"][0];
    let missing: Vec<String> = f["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["action"].as_str().unwrap().to_string())
        .collect();
    assert!(missing.contains(&"sqs:SendMessage".to_string()), "{r}");
    assert!(
        !missing.contains(&"s3:GetObject".to_string()),
        "s3:* covers it: {r}"
    );
    let excess: Vec<(String, String)> = f["excess"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["why"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        excess
            .iter()
            .any(|(a, why)| a == "s3:*" && why.contains("s3:GetObject")),
        "{excess:?}"
    );
    assert!(
        excess
            .iter()
            .any(|(a, why)| a == "dynamodb:GetItem" && why.contains("no call")),
        "{excess:?}"
    );
    let human = stdout(&gearctl_at(
        &moto,
        &[
            "iam",
            "diff",
            "billing-dev-invoice",
            "--dir",
            dir.to_str().unwrap(),
        ],
    ));
    assert!(
        human.contains("missing") && human.contains("excess"),
        "{human}"
    );

    // A function gearctl does not know, and one without a serverless.yml: clear errors.
    let o = gearctl_at(
        &moto,
        &["iam", "diff", "nope", "--dir", dir.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a function of billing"),
        "{}",
        stderr(&o)
    );
}

/// Files that would make the analysis explode (Python nested past tree-sitter-python's
/// scanner, which aborts the process; a bundle; a copy under node_modules) are skipped with
/// an error naming each one, and every function still gets its policy.
#[test]
fn exploding_files_are_skipped_by_name_and_the_rest_is_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let write = |name: &str, body: &[u8]| {
        let p = d.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    };
    write(
        "serverless.yml",
        b"service: boom\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  deep:\n    handler: deep.handle\n    runtime: python3.12\n  web:\n    handler: web.handler\n",
    );
    let mut deep = String::from("import boto3\ndef handle(e, c):\n");
    for depth in 1..=600 {
        deep.push_str(&format!("{}if e:\n", " ".repeat(depth)));
    }
    deep.push_str(&format!("{}x = 'deep'\n", " ".repeat(601)));
    write("deep.py", deep.as_bytes());
    write(
        "web.js",
        b"const AWS = require('aws-sdk');\nconst b = require('./dist/bundle');\nconst m = require('./node_modules/lib');\nconst s3 = new AWS.S3();\nexports.handler = async () => s3.getObject({ Bucket: 'mine', Key: 'k' }).promise();\n",
    );
    write("dist/bundle.js", "var a = 1;\n".repeat(200_000).as_bytes());
    write("node_modules/lib/index.js", b"exports.x = 1;\n");
    let o = generate(&[d.to_str().unwrap(), "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    let errors = |key: &str| {
        r["functions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == key)
            .unwrap()["errors"]
            .to_string()
    };
    assert!(errors("deep").contains("deep.py"), "{r}");
    assert!(errors("deep").contains("nested more than 300"), "{r}");
    assert!(errors("web").contains("dist/bundle.js"), "{r}");
    assert!(errors("web").contains("(a bundle?)"), "{r}");
    assert!(errors("web").contains("node_modules/lib/index.js"), "{r}");
    assert!(
        r["policies"].to_string().contains("arn:aws:s3:::mine/k"),
        "{r}"
    );
}
