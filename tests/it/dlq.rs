//! `gearctl dlq` against the emulator: messages fail into real DLQs through a RedrivePolicy,
//! then every command is run as a user would, and every message is accounted for.

use std::collections::BTreeMap;

use crate::common;
use crate::common::sqs::{
    copies, depth, fail_all, failed_into_dlq, message, queue_pair, read_all, send_all,
};
use crate::common::{aws, gearctl_at, json, moto, stderr, stdout};
use gearctl::aws::sqs_messages::OutgoingMessage;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
async fn standard_redrive_delivers_every_message_once_with_its_attributes() {
    let moto = moto();
    let aws = aws(&moto).await;
    let (src, dlq) = queue_pair(&aws, "orders", false).await;
    let sent: Vec<OutgoingMessage> = (0..35).map(|i| message(i, None)).collect();
    send_all(&aws, &src, &sent).await;
    fail_all(&aws, &src).await;
    assert_eq!(
        depth(&aws, &dlq).await,
        35,
        "the RedrivePolicy moved them all"
    );

    let o = gearctl_at(
        &moto,
        &["--output", "json", "dlq", "redrive", "orders-dlq", "--yes"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(r["moved"], 35);
    assert_eq!(r["left_in_dlq"], 0);
    assert_eq!(r["destination"], "orders");
    // moto has no move tasks: auto says it fell back, and why.
    assert_eq!(r["engine"], "move");
    assert!(
        r["reason"]
            .as_str()
            .unwrap()
            .contains("StartMessageMoveTask"),
        "{r}"
    );

    let back = read_all(&aws, &src).await;
    assert!(
        copies(&back).values().all(|&n| n == 1),
        "exactly once: {:?}",
        copies(&back)
    );
    assert_eq!(back.len(), 35);
    for m in &back {
        let i: usize = serde_json::from_str::<Value>(&m.body).unwrap()["order"]
            .as_u64()
            .unwrap() as usize;
        assert_eq!(m.body, sent[i].body);
        assert_eq!(
            m.message_attributes, sent[i].message_attributes,
            "message {i}"
        );
    }
    assert_eq!(depth(&aws, &dlq).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn fifo_redrive_keeps_groups_and_order_and_escapes_the_deduplication_trap() {
    let moto = moto();
    let aws = aws(&moto).await;
    let (src, dlq) = queue_pair(&aws, "payments", true).await;
    let groups = ["alice", "bob", "carol"];
    let sent: Vec<OutgoingMessage> = (0..24).map(|i| message(i, Some(groups[i % 3]))).collect();
    send_all(&aws, &src, &sent).await;
    fail_all(&aws, &src).await;
    assert_eq!(depth(&aws, &dlq).await, 24);
    // The redrive runs soon after the failure: the producer has already sent a message
    // again with the original deduplication ID of message 0, which is still in the source
    // queue's deduplication window. (moto keeps the window while the message is in the
    // queue; SQS keeps it 5 minutes.) A redrive that reused the original ID would see SQS
    // accept message 0 and then drop it.
    let mut retry = message(0, Some("alice"));
    retry.body = r#"{"order":1000}"#.into();
    send_all(&aws, &src, &[retry]).await;

    // Reading a FIFO DLQ without deleting stops once every group is in flight: the export
    // says it is incomplete rather than pretending.
    let dir = tempfile::tempdir().unwrap();
    let peeked = dir.path().join("peek.jsonl");
    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "dlq",
            "export",
            "payments-dlq.fifo",
            "--to",
            peeked.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(json(&o)["complete"], false);
    assert_eq!(depth(&aws, &dlq).await, 24, "nothing was deleted");

    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "dlq",
            "redrive",
            "payments-dlq.fifo",
            "--yes",
            "--backup",
            dir.path().join("backup.jsonl").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["moved"], 24);

    // The backup holds the messages in the order the DLQ handed them out, which within a
    // group is the queue's own order. The redrive must deliver them in that order. (moto's
    // SequenceNumbers are random, so they cannot be checked here.)
    let mut expected: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let backup = std::fs::read_to_string(dir.path().join("backup.jsonl")).unwrap();
    for line in backup.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let group = v["attributes"]["MessageGroupId"]
            .as_str()
            .unwrap()
            .to_string();
        let body: Value = serde_json::from_str(v["body"].as_str().unwrap()).unwrap();
        expected
            .entry(group)
            .or_default()
            .push(body["order"].as_u64().unwrap() as usize);
    }
    let back = read_all(&aws, &src).await;
    let got = copies(&back);
    assert_eq!(got.len(), 25, "all 24 and the producer's retry: {got:?}");
    assert!(got.values().all(|&n| n == 1), "{got:?}");
    // Order within each group is the sending order.
    let mut per_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut dlq_ids = Vec::new();
    for m in back.iter().filter(|m| !m.body.contains("1000")) {
        let i = serde_json::from_str::<Value>(&m.body).unwrap()["order"]
            .as_u64()
            .unwrap() as usize;
        per_group
            .entry(m.attributes["MessageGroupId"].clone())
            .or_default()
            .push(i);
        assert_eq!(m.message_attributes, sent[i].message_attributes);
        dlq_ids.push(m.attributes["MessageDeduplicationId"].clone());
    }
    assert_eq!(
        per_group, expected,
        "the order within each group is the DLQ's order"
    );
    assert!(per_group.values().all(|o| o.len() == 8));
    assert!(
        dlq_ids.iter().all(|d| !d.starts_with("orig-")),
        "the deduplication ID is the DLQ MessageId, not the original: {dlq_ids:?}"
    );
    assert_eq!(depth(&aws, &dlq).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn export_with_delete_then_import_round_trips_every_attribute() {
    let moto = moto();
    let aws = aws(&moto).await;
    let (src, dlq) = queue_pair(&aws, "export", false).await;
    let sent: Vec<OutgoingMessage> = (0..23).map(|i| message(i, None)).collect();
    send_all(&aws, &src, &sent).await;
    fail_all(&aws, &src).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dlq.jsonl");
    let f = file.to_str().unwrap();

    // Without --delete the queue keeps everything, visible again at once.
    let o = gearctl_at(
        &moto,
        &["--output", "json", "dlq", "export", "export-dlq", "--to", f],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["written"], 23);
    assert_eq!(
        aws.queue_attributes(&dlq).await.unwrap()["ApproximateNumberOfMessages"],
        "23"
    );
    // The file exists now: a second export must not add to it by surprise.
    let o = gearctl_at(
        &moto,
        &[
            "dlq",
            "export",
            "export-dlq",
            "--to",
            f,
            "--delete",
            "--yes",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--append"), "{}", stderr(&o));
    std::fs::remove_file(&file).unwrap();

    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "dlq",
            "export",
            "export-dlq",
            "--to",
            f,
            "--delete",
            "--yes",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(
        (r["written"].as_u64(), r["deleted"].as_u64()),
        (Some(23), Some(23))
    );
    assert_eq!(depth(&aws, &dlq).await, 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 23);

    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "dlq",
            "import",
            f,
            "--to",
            "export",
            "--dry-run",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["sent"], 0);
    let o = gearctl_at(
        &moto,
        &["--output", "json", "dlq", "import", f, "--to", "export"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["sent"], 23);
    let back = read_all(&aws, &src).await;
    assert_eq!(back.len(), 23);
    for m in &back {
        let i = serde_json::from_str::<Value>(&m.body).unwrap()["order"]
            .as_u64()
            .unwrap() as usize;
        assert_eq!(
            (&m.body, &m.message_attributes),
            (&sent[i].body, &sent[i].message_attributes)
        );
    }

    // A broken line is reported by number; the good lines still go.
    std::fs::write(
        &file,
        format!(
            "{}\nnot json\n",
            std::fs::read_to_string(&file)
                .unwrap()
                .lines()
                .next()
                .unwrap()
        ),
    )
    .unwrap();
    let o = gearctl_at(
        &moto,
        &["--output", "json", "dlq", "import", f, "--to", "export"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(
        (r["sent"].as_u64(), r["bad_lines"][0]["line"].as_u64()),
        (Some(1), Some(2))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn peek_shows_messages_and_consumes_none() {
    let moto = moto();
    let aws = aws(&moto).await;
    let (_src, dlq) = failed_into_dlq(&aws, "peek", 15).await;

    let o = gearctl_at(
        &moto,
        &["--output", "json", "dlq", "peek", "peek-dlq", "-n", "12"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    let shown = r["messages"].as_array().unwrap();
    assert_eq!(shown.len(), 12);
    assert!(shown[0]["receive_count"].as_u64().unwrap() >= 2);
    assert!(shown[0]["sent_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        shown[0]["message_attributes"]["blob"]["data_type"],
        "Binary"
    );
    // Visible again at once, not after a visibility timeout.
    let a = aws.queue_attributes(&dlq).await.unwrap();
    assert_eq!(a["ApproximateNumberOfMessages"], "15");
    assert_eq!(a["ApproximateNumberOfMessagesNotVisible"], "0");

    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "dlq",
            "peek",
            "peek-dlq",
            "--filter",
            "body.kind=odd",
            "-n",
            "100",
        ],
    );
    assert_eq!(json(&o)["messages"].as_array().unwrap().len(), 7);
    let o = gearctl_at(&moto, &["dlq", "peek", "peek-dlq", "-n", "1"]);
    let text = stdout(&o);
    assert!(
        text.contains("Number.float") && text.contains("body"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn filter_max_and_dry_run_leave_the_rest_in_the_dlq() {
    let moto = moto();
    let aws = aws(&moto).await;
    let (src, dlq) = failed_into_dlq(&aws, "sel", 20).await;

    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "dlq",
            "redrive",
            "sel-dlq",
            "--dry-run",
            "--filter",
            "body.kind=even",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(
        (r["moved"].as_u64(), r["skipped"].as_u64()),
        (Some(10), Some(10))
    );
    assert_eq!(depth(&aws, &dlq).await, 20, "a dry run moves nothing");

    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.jsonl");
    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "dlq",
            "redrive",
            "sel-dlq",
            "--yes",
            "--filter",
            "body.kind=even",
            "--filter",
            "attr.tenant~acme",
            "--backup",
            backup.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(r["engine"], "move");
    assert!(r["reason"].as_str().unwrap().contains("--filter"), "{r}");
    assert_eq!(
        (
            r["moved"].as_u64(),
            r["skipped"].as_u64(),
            r["left_in_dlq"].as_u64()
        ),
        (Some(10), Some(10), Some(10))
    );
    assert_eq!(
        std::fs::read_to_string(&backup).unwrap().lines().count(),
        10
    );
    let moved = read_all(&aws, &src).await;
    assert!(moved.iter().all(|m| m.body.contains("even")));

    let o = gearctl_at(
        &moto,
        &[
            "--output", "json", "dlq", "redrive", "sel-dlq", "--yes", "--max", "4", "--rate",
            "100/s",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["moved"], 4);
    assert_eq!(depth(&aws, &dlq).await, 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn list_finds_dlqs_of_queues_functions_and_mappings() {
    let moto = moto();
    let aws = aws(&moto).await;
    let (_src, _dlq) = queue_pair(&aws, "billing", false).await;
    let none = BTreeMap::new();
    let fn_dlq = aws.create_queue("thumbs-failures", &none).await.unwrap();
    let fn_dlq_arn = aws.queue_attributes(&fn_dlq).await.unwrap()["QueueArn"].clone();
    aws.create_queue("plain", &none).await.unwrap();
    let role = aws.create_lambda_role("dlq-test").await.unwrap();
    common::tiny_function(&aws, "thumbs", &role).await;
    aws.put_failure_destination("thumbs", &fn_dlq_arn)
        .await
        .unwrap();
    // A mapping whose failed batches go to a third queue.
    let stream_dlq = aws.create_queue("stream-failures", &none).await.unwrap();
    let stream_dlq_arn = aws.queue_attributes(&stream_dlq).await.unwrap()["QueueArn"].clone();
    let events = aws.create_queue("events", &none).await.unwrap();
    let events_arn = aws.queue_attributes(&events).await.unwrap()["QueueArn"].clone();
    aws.create_failure_mapping("thumbs", &events_arn, &stream_dlq_arn)
        .await
        .unwrap();

    let o = gearctl_at(&moto, &["--output", "json", "dlq", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    // moto has no CloudWatch metrics for the protocol the SDK speaks: the age is unknown,
    // not guessed, and that is no warning (src/aws/cloudwatch.rs reads one from a mock).
    assert!(r["dlqs"][0]["oldest_age_s"].is_null(), "{r}");
    assert!(
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| !w.as_str().unwrap().contains("oldest"))
    );
    let names: Vec<&str> = r["dlqs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(r["dlqs"][0]["sources"][0]["name"], "billing");
    let mapping = r["dlqs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "stream-failures");
    assert_eq!(
        mapping.unwrap()["sources"][0]["kind"],
        "mapping-on-failure",
        "{r}"
    );
    assert_eq!(mapping.unwrap()["sources"][0]["via"], events_arn.as_str());
    // moto answers ListFunctionEventInvokeConfigs with a date the SDK cannot parse: the
    // async destinations are then missing, with a warning that says so, and nothing else is.
    let warned = r["warnings"].as_array().unwrap();
    if warned.is_empty() {
        assert_eq!(
            names,
            ["billing-dlq", "stream-failures", "thumbs-failures"],
            "{r}"
        );
    } else {
        assert_eq!(names, ["billing-dlq", "stream-failures"], "{r}");
        assert!(
            warned[0].as_str().unwrap().contains("async on-failure"),
            "{r}"
        );
    }
    let o = gearctl_at(&moto, &["dlq", "list"]);
    assert!(stdout(&o).contains("λ thumbs (mapping)"), "{}", stdout(&o));
    assert!(
        !stdout(&o).contains("plain"),
        "a queue nothing sends failures to is no DLQ"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_engine_reinvokes_the_function_and_deletes_what_lambda_accepted() {
    let moto = moto();
    let aws = aws(&moto).await;
    let none = BTreeMap::new();
    let q = aws.create_queue("thumbs-failures", &none).await.unwrap();
    let arn = aws.queue_attributes(&q).await.unwrap()["QueueArn"].clone();
    let role = aws.create_lambda_role("dlq-test").await.unwrap();
    common::tiny_function(&aws, "thumbs", &role).await;
    aws.put_failure_destination("thumbs", &arn).await.unwrap();
    let record = |i: usize| {
        format!(
            r#"{{"version":"1.0","requestContext":{{"requestId":"r{i}","condition":"RetriesExhausted"}},"requestPayload":{{"order":{i}}},"responseContext":{{"statusCode":200}}}}"#
        )
    };
    let mut bodies: Vec<String> = (0..6).map(record).collect();
    bodies.push(r#"{"order":6}"#.into()); // an async-invoke DLQ body: the event itself
    bodies.push(
        r#"{"requestContext":{},"responseContext":{},"KinesisBatchInfo":{"shardId":"s-1"}}"#.into(),
    );
    for b in &bodies {
        aws.send_message(&q, b).await.unwrap();
    }

    // Without --function, gearctl looks for the function; moto cannot answer that (see
    // list_finds_dlqs_of_queues_functions_and_mappings), and the error says what to do.
    let o = gearctl_at(&moto, &["dlq", "redrive", "thumbs-failures", "--yes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--function"), "{}", stderr(&o));
    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "dlq",
            "redrive",
            "thumbs-failures",
            "--function",
            "thumbs",
            "--yes",
        ],
    );
    let r = json(&o);
    assert_eq!(r["engine"], "lambda", "{r}");
    assert_eq!(r["destination"], "function thumbs");
    assert_eq!(r["moved"], 7);
    let failed = r["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0]["reason"]
            .as_str()
            .unwrap()
            .contains("KinesisBatchInfo")
    );
    assert_eq!(o.status.code(), Some(1), "a message was left behind");
    let left = read_all(&aws, &q).await;
    assert_eq!(left.len(), 1);
    assert!(left[0].body.contains("KinesisBatchInfo"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_gets_one_clear_message_and_moves_nothing() {
    let moto = moto();
    let aws = aws(&moto).await;
    let (src, dlq) = queue_pair(&aws, "bad", false).await;
    send_all(&aws, &src, &[message(1, None)]).await;
    fail_all(&aws, &src).await;
    let (_fs, _fd) = queue_pair(&aws, "other", true).await;

    let cases: &[(&[&str], &str)] = &[
        (&["dlq", "peek", "no-such-queue"], "does not exist"),
        (
            &[
                "dlq",
                "redrive",
                "arn:aws:sqs:eu-west-1:123456789012:bad-dlq",
                "--yes",
            ],
            "--region eu-west-1",
        ),
        (&["dlq", "redrive", "bad-dlq"], "without --yes"),
        (
            &["dlq", "redrive", "bad-dlq", "--yes", "--to", "other.fifo"],
            "same type",
        ),
        (
            &["dlq", "redrive", "bad-dlq", "--yes", "--to", "bad-dlq"],
            "the DLQ itself",
        ),
        (
            &[
                "dlq", "redrive", "bad-dlq", "--yes", "--engine", "native", "--max", "1",
            ],
            "--engine move",
        ),
        (&["dlq", "redrive", "bad", "--yes"], "--to QUEUE"),
        (
            &["dlq", "import", "/nonexistent/file.jsonl", "--to", "bad"],
            "/nonexistent/file.jsonl",
        ),
    ];
    for (args, expect) in cases {
        let o = gearctl_at(&moto, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = gearctl_at(&moto, &["dlq", "redrive", "bad-dlq", "--filter", "order=1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("body.PATH=VALUE"), "{}", stderr(&o));
    assert_eq!(depth(&aws, &dlq).await, 1, "nothing moved");
    assert_eq!(depth(&aws, &src).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn redrive_to_a_queue_in_another_region() {
    let moto = moto();
    let aws = aws(&moto).await;
    let (_src, dlq) = failed_into_dlq(&aws, "cross", 12).await;
    let eu = gearctl::aws::Aws::connect(&gearctl::aws::AwsOptions {
        endpoint_url: Some(moto.endpoint()),
        region: Some("eu-west-1".into()),
        max_attempts: Some(1),
        ..Default::default()
    })
    .await
    .unwrap();
    let replay = eu.create_queue("replay", &BTreeMap::new()).await.unwrap();
    let arn = eu.queue_attributes(&replay).await.unwrap()["QueueArn"].clone();
    assert!(arn.contains(":eu-west-1:"), "{arn}");

    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "dlq",
            "redrive",
            "cross-dlq",
            "--to",
            &arn,
            "--yes",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(
        (r["engine"].as_str(), r["moved"].as_u64()),
        (Some("move"), Some(12))
    );
    assert!(
        r["reason"]
            .as_str()
            .unwrap()
            .contains("another account or region"),
        "{r}"
    );
    assert_eq!(copies(&read_all(&eu, &replay).await).len(), 12);
    assert_eq!(depth(&aws, &dlq).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn peek_shows_the_error_of_a_lambda_dlq_message() {
    let moto = moto();
    let aws = aws(&moto).await;
    let q = aws.create_queue("fn-dlq", &BTreeMap::new()).await.unwrap();
    // What Lambda puts in an async-invoke DLQ: the event, and the error as attributes.
    let mut m = message(1, None);
    m.message_attributes = [
        (
            "RequestID",
            "String",
            "4439301b-290c-4ae5-811b-228bb60418c2",
        ),
        ("ErrorCode", "Number", "200"),
        (
            "ErrorMessage",
            "String",
            "Task timed out after 3.00 seconds",
        ),
    ]
    .into_iter()
    .map(|(k, t, v)| {
        let value = gearctl::aws::sqs_messages::AttributeValue {
            data_type: t.into(),
            string_value: Some(v.into()),
            binary_value: None,
        };
        (k.to_string(), value)
    })
    .collect();
    send_all(&aws, &q, &[m]).await;
    let o = gearctl_at(&moto, &["--output", "json", "dlq", "peek", "fn-dlq"]);
    let r = json(&o);
    assert_eq!(r["messages"][0]["error_code"], "200");
    assert_eq!(
        r["messages"][0]["error_message"],
        "Task timed out after 3.00 seconds"
    );
    let o = gearctl_at(&moto, &["dlq", "peek", "fn-dlq"]);
    assert!(stdout(&o).contains("Task timed out"), "{}", stdout(&o));
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_engine_keeps_what_lambda_did_not_accept() {
    let moto = moto();
    let aws = aws(&moto).await;
    let q = aws
        .create_queue("thumbs-failures", &BTreeMap::new())
        .await
        .unwrap();
    let role = aws.create_lambda_role("dlq-test").await.unwrap();
    common::tiny_function(&aws, "thumbs", &role).await;
    for i in 0..4 {
        aws.send_message(&q, &format!(r#"{{"order":{i}}}"#))
            .await
            .unwrap();
    }
    // Lambda refuses the 2nd and 4th invoke (moto itself accepts any).
    let proxy = common::faults::FaultProxy::start(
        &moto.endpoint(),
        vec![common::faults::Rule::new("Invoke", common::faults::Fault::ServerError).every(2)],
    );
    let o = common::gearctl()
        .args(["--endpoint-url", &proxy.endpoint(), "--output", "json"])
        .args([
            "dlq",
            "redrive",
            "thumbs-failures",
            "--function",
            "thumbs",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}\n{}", stderr(&o), stdout(&o));
    let r = json(&o);
    assert_eq!(r["moved"], 2);
    let failed = r["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 2);
    assert!(
        failed[0]["reason"]
            .as_str()
            .unwrap()
            .contains("did not accept"),
        "{r}"
    );
    assert_eq!(proxy.counts(), [2]);
    assert_eq!(depth(&aws, &q).await, 2, "the refused ones stay in the DLQ");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_queue_of_another_account_or_region_is_refused_before_anything_moves() {
    let moto = moto();
    let aws = aws(&moto).await;
    let (src, dlq) = failed_into_dlq(&aws, "orders", 3).await;
    let other_account_dlq = dlq.replace("/123456789012/", "/999999999999/");
    assert_ne!(other_account_dlq, dlq);

    let cases: &[(&[&str], &[&str])] = &[
        // The emulator ignores the owner account and answers with this account's queue of
        // that name: the resolved QueueArn gives it away.
        (
            &[
                "dlq",
                "redrive",
                "arn:aws:sqs:us-east-1:999999999999:orders-dlq",
                "--yes",
            ],
            &["account 999999999999, found 123456789012", "--profile"],
        ),
        (
            &[
                "dlq",
                "export",
                &other_account_dlq,
                "--delete",
                "--yes",
                "--to",
                "/dev/null",
            ],
            &["account 999999999999, found 123456789012"],
        ),
        // A URL naming another region is not read in the working one.
        (
            &[
                "dlq",
                "redrive",
                "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq",
                "--yes",
            ],
            &["is a queue in eu-west-1", "--region eu-west-1"],
        ),
        (
            &[
                "dlq",
                "peek",
                "https://eu-west-1.queue.amazonaws.com/123456789012/orders-dlq",
            ],
            &["--region eu-west-1"],
        ),
        // Destinations are checked the same way.
        (
            &[
                "dlq",
                "redrive",
                "orders-dlq",
                "--to",
                "arn:aws:sqs:us-east-1:999999999999:orders",
                "--yes",
            ],
            &["account 999999999999, found 123456789012"],
        ),
    ];
    for (args, expect) in cases {
        let o = gearctl_at(&moto, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        for e in *expect {
            assert!(err.contains(e), "{args:?}: {err}");
        }
        assert!(err.contains("nothing was read or moved"), "{args:?}: {err}");
        assert_eq!(depth(&aws, &dlq).await, 3, "{args:?} moved something");
        assert_eq!(depth(&aws, &src).await, 0, "{args:?} moved something");
    }

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("saved.jsonl");
    std::fs::write(&file, "").unwrap();
    let o = gearctl_at(
        &moto,
        &[
            "dlq",
            "import",
            file.to_str().unwrap(),
            "--to",
            "arn:aws:sqs:us-east-1:999999999999:orders",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("account 999999999999"),
        "{}",
        stderr(&o)
    );

    // The right ARN and URL still work.
    let o = gearctl_at(&moto, &["--output", "json", "dlq", "peek", &dlq]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = gearctl_at(
        &moto,
        &[
            "--output",
            "json",
            "dlq",
            "redrive",
            "arn:aws:sqs:us-east-1:123456789012:orders-dlq",
            "--yes",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["moved"], 3);
    assert_eq!(depth(&aws, &dlq).await, 0);
    assert_eq!(copies(&read_all(&aws, &src).await).len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn peek_shows_hostile_bodies_and_attributes_escaped() {
    // What any producer can put in a message: a window-title OSC, clear screen, a fake
    // second line, a carriage return, an 8-bit CSI and a right-to-left override. (Real SQS
    // refuses ESC and NUL in bodies but takes the rest; the emulator takes all.)
    const HOSTILE: &str = "a\x1b]0;pwned\x07b\x1b[2J\nfake: line\rc\u{9b}1m\u{202e}d";
    const SHOWN: &str = "a\\x1b]0;pwned\\x07b\\x1b[2J\\nfake: line\\rc\\u{9b}1m\\u{202e}d";
    let moto = moto();
    let aws = aws(&moto).await;
    let q = aws
        .create_queue("evil-dlq", &BTreeMap::new())
        .await
        .unwrap();
    let mut m = message(1, None);
    m.body = HOSTILE.to_string();
    m.message_attributes.insert(
        "ErrorMessage".into(),
        gearctl::aws::sqs_messages::AttributeValue {
            data_type: "String".into(),
            string_value: Some(HOSTILE.into()),
            binary_value: None,
        },
    );
    send_all(&aws, &q, &[m]).await;

    let o = gearctl_at(&moto, &["--color", "never", "dlq", "peek", "evil-dlq"]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let raw: Vec<char> = text
        .chars()
        .filter(|&c| c != '\n' && gearctl::visible::is_unsafe(c))
        .collect();
    assert!(raw.is_empty(), "raw controls {raw:?} in {text:?}");
    // The body, the error line Lambda-style DLQs get, and the attribute itself.
    assert_eq!(text.matches(SHOWN).count(), 3, "{text}");
    assert!(text.contains(&format!("{SHOWN} (String)")), "{text}");

    let o = gearctl_at(&moto, &["--output", "json", "dlq", "peek", "evil-dlq"]);
    let r = json(&o);
    assert_eq!(r["messages"][0]["body"], HOSTILE);
    assert_eq!(r["messages"][0]["error_message"], HOSTILE);
    assert_eq!(
        r["messages"][0]["message_attributes"]["ErrorMessage"]["string_value"],
        HOSTILE
    );
}
