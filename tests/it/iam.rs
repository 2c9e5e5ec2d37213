//! `gearctl iam generate` on the example service (golden files), its output formats and
//! bad input, and `gearctl iam diff` against roles in the emulator.

use std::collections::BTreeMap;

use crate::common;
use crate::common::{aws, gearctl, gearctl_at, json, moto, repo_path, stderr, stdout};
use serde_json::Value;

const GOLDEN: &str = "tests/golden/iam/gearbox";

fn generate(args: &[&str]) -> std::process::Output {
    gearctl()
        .args(["iam", "generate"])
        .args(args)
        .output()
        .expect("run gearctl")
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
        "stale golden files: run GEARCTL_REGENERATE=1 cargo test --test it iam::\n{}{}",
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

/// Resources inside requests (tests/fixtures/iam/grants): exact ARNs, passed roles with
/// their condition, in every output format.
#[test]
fn resources_inside_requests_are_granted_exactly() {
    let dir = repo_path("tests/fixtures/iam/grants");
    let d = dir.to_str().unwrap();
    let place = ["--region", "eu-west-1", "--account", "111122223333"];
    let o = generate(&[&[d, "--output", "json"][..], &place[..]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    let statements = |name: &str| -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for s in r["policies"][name]["Statement"].as_array().unwrap() {
            for a in s["Action"].as_array().unwrap() {
                for res in s["Resource"].as_array().unwrap() {
                    let a = a.as_str().unwrap();
                    if !a.starts_with("logs:") {
                        let c = s
                            .get("Condition")
                            .map(|c| c.to_string())
                            .unwrap_or_default();
                        out.push((a.to_string(), res.as_str().unwrap().to_string(), c));
                    }
                }
            }
        }
        out.sort();
        out
    };
    let want = |v: &[(&str, &str, &str)]| -> Vec<(String, String, String)> {
        let mut v: Vec<_> = v
            .iter()
            .map(|(a, r, c)| (a.to_string(), r.to_string(), c.to_string()))
            .collect();
        v.sort();
        v
    };
    let here = "eu-west-1:111122223333";
    assert_eq!(
        statements("media-prod-vision"),
        want(&[
            (
                "dynamodb:ConditionCheckItem",
                &format!("arn:aws:dynamodb:{here}:table/media-stock"),
                ""
            ),
            (
                "dynamodb:PutItem",
                &format!("arn:aws:dynamodb:{here}:table/media-orders"),
                ""
            ),
            (
                "iam:PassRole",
                "arn:aws:iam::111122223333:role/media-flow",
                r#"{"StringEquals":{"iam:PassedToService":"scheduler.amazonaws.com"}}"#
            ),
            ("rekognition:DetectLabels", "*", ""),
            (
                "s3:GetObject",
                "arn:aws:s3:::media-uploads/photos/*.jpg",
                ""
            ),
            (
                "scheduler:CreateSchedule",
                &format!("arn:aws:scheduler:{here}:schedule/default/retry-*"),
                ""
            ),
        ])
    );
    assert_eq!(
        statements("media-prod-sockets"),
        want(&[
            (
                "dynamodb:BatchGetItem",
                &format!("arn:aws:dynamodb:{here}:table/media-orders"),
                ""
            ),
            (
                "execute-api:ManageConnections",
                &format!("arn:aws:execute-api:{here}:*/prod/POST/@connections/*"),
                ""
            ),
            (
                "kinesis:SubscribeToShard",
                &format!("arn:aws:kinesis:{here}:stream/clicks/consumer/fan:*"),
                ""
            ),
        ])
    );

    // The condition survives every format.
    for (format, needle) in [
        ("serverless", "iam:PassedToService: scheduler.amazonaws.com"),
        ("plugin", "iam:PassedToService: scheduler.amazonaws.com"),
        (
            "cloudformation",
            "iam:PassedToService: scheduler.amazonaws.com",
        ),
        ("terraform", "variable = \"iam:PassedToService\""),
    ] {
        let o = generate(&[&[d, "--format", format][..], &place[..]].concat());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).contains(needle), "{format}: {}", stdout(&o));
    }
}

/// Every (action, resource) pair of one function's policy in `iam generate --output json`.
fn pairs(report: &Value, function: &str) -> std::collections::BTreeSet<(String, String)> {
    let policy = &report["policies"][function];
    assert!(policy.is_object(), "no policy for {function} in {report}");
    let mut out = std::collections::BTreeSet::new();
    for s in policy["Statement"].as_array().unwrap() {
        for a in s["Action"].as_array().unwrap() {
            for r in s["Resource"].as_array().unwrap() {
                out.insert((
                    a.as_str().unwrap().to_string(),
                    r.as_str().unwrap().to_string(),
                ));
            }
        }
    }
    out
}

/// `iam generate` of a fixture service under tests/fixtures/iam/, pinned to one account
/// and region so every ARN is exact.
fn generate_fixture(name: &str, extra: &[&str]) -> Value {
    let dir = repo_path(&format!("tests/fixtures/iam/{name}"));
    let mut args = vec![
        dir.to_str().unwrap(),
        "--account",
        "123456789012",
        "--output",
        "json",
    ];
    args.extend_from_slice(extra);
    let o = generate(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    json(&o)
}

/// The log-group grants every function gets.
fn log_pairs(region: &str, function: &str) -> Vec<(String, String)> {
    let group = format!("arn:aws:logs:{region}:123456789012:log-group:/aws/lambda/{function}");
    vec![
        ("logs:CreateLogGroup".into(), format!("{group}:*")),
        (
            "logs:CreateLogStream".into(),
            format!("{group}:log-stream:*"),
        ),
        ("logs:PutLogEvents".into(), format!("{group}:log-stream:*")),
    ]
}

fn expect(
    region: &str,
    function: &str,
    rest: &[(&str, &str)],
) -> std::collections::BTreeSet<(String, String)> {
    let mut want: std::collections::BTreeSet<_> = log_pairs(region, function).into_iter().collect();
    want.extend(rest.iter().map(|(a, r)| (a.to_string(), r.to_string())));
    want
}

#[test]
fn a_serverless_wsgi_function_is_granted_what_its_flask_routes_call() {
    let r = generate_fixture("wsgi", &["--region", "us-east-1"]);
    let table = "arn:aws:dynamodb:us-east-1:123456789012:table/notes-dev-notes";
    assert_eq!(
        pairs(&r, "notes-dev-api"),
        expect(
            "us-east-1",
            "notes-dev-api",
            &[
                ("dynamodb:GetItem", table),
                ("dynamodb:PutItem", table),
                (
                    "s3:PutObject",
                    "arn:aws:s3:::notes-dev-reports/reports/*.json"
                ),
                (
                    "sqs:SendMessage",
                    "arn:aws:sqs:us-east-1:123456789012:notes-dev-jobs"
                ),
            ]
        ),
        "{r}"
    );
    let f = &r["functions"][0];
    assert_eq!(f["errors"], serde_json::json!([]), "{r}");
    assert!(
        f["files"].to_string().contains("api/reports.py"),
        "the blueprint's module is read: {r}"
    );
}

#[test]
fn a_serverless_wsgi_handler_without_its_app_is_a_clear_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("serverless.yml"),
        "service: x\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  api:\n    handler: wsgi_handler.handler\nplugins:\n  - serverless-wsgi\n",
    )
    .unwrap();
    let o = generate(&[dir.path().to_str().unwrap(), "--output", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    let message = r["functions"][0]["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("custom.wsgi.app is not set") && message.contains("`app.app`"),
        "{message}"
    );
}

#[test]
fn lift_queue_workers_are_functions_and_construct_variables_resolve() {
    let r = generate_fixture("lift", &["--region", "eu-west-1"]);
    let queue = "arn:aws:sqs:eu-west-1:123456789012:photos-dev-thumbnails";
    let bucket = "arn:aws:s3:::photos-dev-avatarsbucket*";
    assert_eq!(
        pairs(&r, "photos-dev-upload"),
        expect(
            "eu-west-1",
            "photos-dev-upload",
            &[
                ("s3:PutObject", &format!("{bucket}/uploads/*.jpg")),
                ("sqs:SendMessage", queue),
            ]
        ),
        "{r}"
    );
    assert_eq!(
        pairs(&r, "photos-dev-thumbnailsWorker"),
        expect(
            "eu-west-1",
            "photos-dev-thumbnailsWorker",
            &[
                ("s3:GetObject", &format!("{bucket}/uploads/*.jpg")),
                ("s3:PutObject", &format!("{bucket}/thumbs/*.jpg")),
                ("sqs:DeleteMessage", queue),
                ("sqs:GetQueueAttributes", queue),
                ("sqs:ReceiveMessage", queue),
            ]
        ),
        "{r}"
    );
    let worker = r["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "thumbnailsWorker")
        .unwrap();
    assert_eq!(worker["handler"], "src/worker.handler");
    assert!(
        worker["wildcards"]
            .to_string()
            .contains("CloudFormation-generated"),
        "the bucket's name is generated: {worker}"
    );
    // A construct gearctl does not model stays an unresolved variable, named.
    assert_eq!(
        r["unresolved_variables"],
        serde_json::json!(["${construct:landing.url}"]),
        "{r}"
    );
}

#[test]
fn step_functions_state_machines_and_activities_resolve_to_their_arns() {
    let r = generate_fixture("step-functions", &["--region", "us-east-1"]);
    let states = "arn:aws:states:us-east-1:123456789012";
    assert_eq!(
        pairs(&r, "orders-dev-placeOrder"),
        expect(
            "us-east-1",
            "orders-dev-placeOrder",
            &[
                (
                    "states:StartExecution",
                    &format!("{states}:stateMachine:orders-dev-checkout")
                ),
                (
                    "states:StartExecution",
                    &format!("{states}:stateMachine:RefundStepFunctionsStateMachine-*")
                ),
            ]
        ),
        "{r}"
    );
    assert_eq!(
        pairs(&r, "orders-dev-approver"),
        expect(
            "us-east-1",
            "orders-dev-approver",
            &[
                (
                    "states:GetActivityTask",
                    &format!("{states}:activity:approval")
                ),
                ("states:SendTaskSuccess", "*"),
            ]
        ),
        "{r}"
    );
    assert_eq!(r["unresolved_variables"], serde_json::json!([]), "{r}");
}

#[test]
fn without_provider_stage_the_stage_is_dev_and_the_flag_still_wins() {
    let dev = generate_fixture("step-functions", &["--region", "us-east-1"]);
    assert_eq!(dev["stage"], "dev");
    let prod = generate_fixture(
        "step-functions",
        &["--region", "us-east-1", "--stage", "prod"],
    );
    assert_eq!(prod["stage"], "prod");
    assert!(
        pairs(&prod, "orders-prod-placeOrder").contains(&(
            "states:StartExecution".to_string(),
            "arn:aws:states:us-east-1:123456789012:stateMachine:orders-prod-checkout".to_string()
        )),
        "{prod}"
    );
}

#[test]
fn hand_written_statements_name_resources_but_are_not_copied() {
    let r = generate_fixture("per-function", &["--region", "us-east-1"]);
    let table = "arn:aws:dynamodb:us-east-1:123456789012:table/billing-invoices";
    // serverless-iam-roles-per-function's iamRoleStatements: the table it names, for the
    // one action the code needs (not DeleteItem, not s3:*).
    assert_eq!(
        pairs(&r, "billing-dev-invoice"),
        expect(
            "us-east-1",
            "billing-dev-invoice",
            &[("dynamodb:PutItem", table)]
        ),
        "{r}"
    );
    // Framework v4 iam.role.statements, with an intrinsic.
    assert_eq!(
        pairs(&r, "billing-dev-refund"),
        expect(
            "us-east-1",
            "billing-dev-refund",
            &[("dynamodb:GetItem", table)]
        ),
        "{r}"
    );
    // provider.iam.role.statements.
    assert_eq!(
        pairs(&r, "billing-dev-notify"),
        expect(
            "us-east-1",
            "billing-dev-notify",
            &[(
                "sqs:SendMessage",
                "arn:aws:sqs:us-east-1:123456789012:billing-events"
            )]
        ),
        "{r}"
    );
    for f in r["functions"].as_array().unwrap() {
        assert_eq!(f["wildcards"], serde_json::json!([]), "{f}");
    }
    // The per-function formats still key every function as serverless.yml does.
    let dir = repo_path("tests/fixtures/iam/per-function");
    for (format, key) in [("serverless", "iam"), ("plugin", "iamRoleStatements")] {
        let o = generate(&[dir.to_str().unwrap(), "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let y: serde_yaml::Value = serde_yaml::from_slice(&o.stdout).unwrap();
        let fns = y["functions"].as_mapping().unwrap();
        let mut keys: Vec<&str> = fns.keys().filter_map(|k| k.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["invoice", "notify", "refund"], "{format}");
        assert!(fns.values().all(|f| f.get(key).is_some()), "{format}");
    }
}

/// A service whose function keys are the given YAML keys, with no code to analyse (each
/// still gets its log group grants).
fn keyed_service(dir: &std::path::Path, keys: &[&str]) {
    let mut y =
        String::from("service: keys\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n");
    for k in keys {
        y.push_str(&format!("  {k}:\n    handler: h.handle\n"));
    }
    std::fs::write(dir.join("serverless.yml"), y).unwrap();
}

#[test]
fn out_dir_file_names_never_leave_it() {
    let dir = tempfile::tempdir().unwrap();
    let svc = dir.path().join("svc");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&svc).unwrap();
    let abs = dir.path().join("abs").join("path");
    std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
    let abs_key = serde_json::to_string(abs.to_str().unwrap()).unwrap();
    keyed_service(&svc, &["\"../escaped\"", &abs_key]);
    let s = svc.to_str().unwrap();
    let o = generate(&[s, "--out-dir", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!dir.path().join("escaped.json").exists());
    assert!(!abs.with_extension("json").exists());
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(written.len(), 2, "{written:?}");
    assert!(
        written.contains(&"%2E.%2Fescaped.json".to_string()),
        "{written:?}"
    );

    // --check reads only inside --out-dir: a key naming a file outside does not leak it.
    std::fs::write(dir.path().join("secret.json"), "TOPSECRET\n").unwrap();
    keyed_service(&svc, &["\"../secret\""]);
    let o = generate(&[s, "--out-dir", out.to_str().unwrap(), "--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(!all.contains("TOPSECRET"), "{all}");
    assert!(all.contains("%2E.%2Fsecret.json is stale"), "{all}");
}

#[test]
fn keys_that_share_a_file_name_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    keyed_service(dir.path(), &["Api", "api"]);
    let out = dir.path().join("out");
    let o = generate(&[
        dir.path().to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("functions Api and api would both be written to api.json"),
        "{}",
        stderr(&o)
    );
    assert!(!out.join("api.json").exists() && !out.join("Api.json").exists());
}

/// A function named with a Terraform expression, one with template directives, a key with
/// a line break, and a service name with one.
const INJECTING: &str = r#"service: "inj\nresource \"x\" \"y\" {}"
provider:
  name: aws
  runtime: python3.12
functions:
  api:
    handler: h.handle
    name: fn-${var.db_password}
  pct:
    handler: h.handle
    name: fn-%{if true}x%{endif}
  "multi\nline":
    handler: h.handle
"#;

fn injecting(format: &str) -> (std::process::Output, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("serverless.yml"), INJECTING).unwrap();
    let o = generate(&[dir.path().to_str().unwrap(), "--format", format]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    (o, text)
}

/// Whether every `"` on the line that is not escaped has a partner.
fn quotes_balanced(line: &str) -> bool {
    let mut open = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if open && !escaped => escaped = true,
            '"' if !escaped => open = !open,
            _ => escaped = false,
        }
    }
    !open
}

#[test]
fn terraform_output_evaluates_nothing_it_copies() {
    let (o, tf) = injecting("terraform");
    assert!(!tf.contains("${var."), "{tf}");
    assert!(tf.contains("log-group:/aws/lambda/fn-*:*"), "{tf}");
    assert!(tf.contains("fn-%%{if true}x%%{endif}"), "{tf}");
    assert!(tf.contains("multi\\nline"), "{tf}");
    for line in tf.lines() {
        assert!(
            quotes_balanced(line),
            "unterminated string in {line:?}:\n{tf}"
        );
        assert!(
            line.is_empty() || line.starts_with(['#', ' ', 'd', '}']),
            "the header comment leaks into HCL: {line:?}\n{tf}"
        );
    }
    assert!(tf.contains("data \"aws_iam_policy_document\" \"multi_line\""));
    assert!(
        stderr(&o).contains("${var.db_password} cannot be resolved offline"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn cloudformation_output_evaluates_nothing_it_copies() {
    let (_, cf) = injecting("cloudformation");
    assert!(!cf.contains("${var."), "{cf}");
    let y: serde_yaml::Value = serde_yaml::from_str(&cf).unwrap();
    let resources = y["Resources"].as_mapping().unwrap();
    assert_eq!(resources.len(), 3, "{cf}");
    for (id, role) in resources {
        let id = id.as_str().unwrap();
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
        let policy = &role["Properties"]["Policies"][0];
        let name = policy["PolicyName"].as_str().unwrap();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)),
            "{name}"
        );
        let statements = serde_json::to_string(&policy["PolicyDocument"]).unwrap();
        let subs = statements.split("\"Fn::Sub\":\"").skip(1);
        for sub in subs {
            let text = &sub[..sub.find('"').unwrap()];
            let rest = ["${AWS::Region}", "${AWS::AccountId}", "${AWS::Partition}"]
                .iter()
                .fold(text.to_string(), |t, p| t.replace(p, ""));
            assert!(!rest.contains("${"), "Fn::Sub evaluates {text}");
        }
    }
    assert!(
        cf.lines()
            .next()
            .unwrap()
            .ends_with("Do not edit: regenerate."),
        "{cf}"
    );
    let wild = json(&generate_json_of(INJECTING));
    assert!(wild.to_string().contains("/aws/lambda/fn-*:*"), "{wild}");
}

fn generate_json_of(yml: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("serverless.yml"), yml).unwrap();
    generate(&[dir.path().to_str().unwrap(), "--output", "json"])
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
