//! The fault-injecting proxy itself (tests/it/common/faults.rs): each fault does what it says,
//! against moto, on the wire and as the AWS SDK for Rust sees it.

use std::collections::BTreeSet;
use std::io::Read;
use std::time::Duration;

use crate::common;
use crate::common::faults::{Fault, FaultProxy, Rule};
use aws_sdk_sqs::config::retry::RetryConfig;
use aws_sdk_sqs::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_sqs::error::ProvideErrorMetadata;
use aws_sdk_sqs::types::SendMessageBatchRequestEntry;
use serde_json::{Value, json};

/// Raw SQS JSON-protocol calls over one keep-alive ureq agent.
struct Raw {
    agent: ureq::Agent,
    endpoint: String,
}

struct Answer {
    status: u16,
    query_error: Option<String>,
    body: Value,
}

impl Raw {
    fn new(endpoint: &str) -> Raw {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Raw {
            agent,
            endpoint: endpoint.to_string(),
        }
    }

    fn try_call(&self, op: &str, body: Value) -> Result<Answer, ureq::Error> {
        let mut resp = self
            .agent
            .post(&self.endpoint)
            .header("X-Amz-Target", format!("AmazonSQS.{op}"))
            .header("Content-Type", "application/x-amz-json-1.0")
            // moto routes on the SigV4 credential scope; it does not check the signature.
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, \
                 SignedHeaders=host, Signature=0",
            )
            .send(body.to_string())?;
        let status = resp.status().as_u16();
        let query_error = resp
            .headers()
            .get("x-amzn-query-error")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut text = String::new();
        resp.body_mut().as_reader().read_to_string(&mut text)?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok(Answer {
            status,
            query_error,
            body,
        })
    }

    fn call(&self, op: &str, body: Value) -> Value {
        let a = self
            .try_call(op, body)
            .unwrap_or_else(|e| panic!("{op}: {e}"));
        assert_eq!(a.status, 200, "{op}: {}", a.body);
        a.body
    }

    fn create_queue(&self, name: &str) -> String {
        let out = self.call("CreateQueue", json!({ "QueueName": name }));
        out["QueueUrl"].as_str().expect("QueueUrl").to_string()
    }

    /// Every message body in the queue (made invisible for a minute so none repeats).
    fn drain(&self, queue: &str) -> Vec<String> {
        let mut bodies = Vec::new();
        loop {
            let out = self.call(
                "ReceiveMessage",
                json!({ "QueueUrl": queue, "MaxNumberOfMessages": 10, "VisibilityTimeout": 60 }),
            );
            let msgs = out["Messages"].as_array().cloned().unwrap_or_default();
            if msgs.is_empty() {
                break;
            }
            bodies.extend(
                msgs.iter()
                    .map(|m| m["Body"].as_str().unwrap_or("").to_string()),
            );
        }
        bodies.sort();
        bodies
    }

    /// Visible plus in-flight messages.
    fn total(&self, queue: &str) -> u64 {
        let out = self.call(
            "GetQueueAttributes",
            json!({ "QueueUrl": queue, "AttributeNames": ["All"] }),
        );
        let n = |k: &str| -> u64 {
            out["Attributes"][k]
                .as_str()
                .unwrap_or("0")
                .parse()
                .unwrap()
        };
        n("ApproximateNumberOfMessages") + n("ApproximateNumberOfMessagesNotVisible")
    }
}

fn ids(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["Id"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn partial_send_batch_forwards_the_rest_over_keep_alive() {
    let moto = common::moto();
    let proxy = FaultProxy::start(
        &moto.endpoint(),
        vec![Rule::new(
            "SendMessageBatch",
            Fault::PartialBatch { fail_every: 3 },
        )],
    );
    let via = Raw::new(&proxy.endpoint());
    let direct = Raw::new(&moto.endpoint());
    let queue = via.create_queue("partial-send");

    let entries: Vec<Value> = (0..10)
        .map(|i| json!({ "Id": format!("m{i}"), "MessageBody": format!("body-{i}") }))
        .collect();
    let out = via.call(
        "SendMessageBatch",
        json!({ "QueueUrl": queue, "Entries": entries }),
    );
    assert_eq!(
        ids(&out["Successful"]),
        set(&["m0", "m1", "m3", "m4", "m6", "m7", "m9"])
    );
    assert_eq!(ids(&out["Failed"]), set(&["m2", "m5", "m8"]));
    for f in out["Failed"].as_array().unwrap() {
        assert_eq!(f["Code"], "InternalError");
        assert_eq!(f["SenderFault"], false);
    }
    let expected: Vec<String> = [0, 1, 3, 4, 6, 7, 9]
        .iter()
        .map(|i| format!("body-{i}"))
        .collect();
    assert_eq!(direct.drain(&queue), expected);
    assert_eq!(proxy.counts(), vec![1]);
    assert_eq!(proxy.calls("SendMessageBatch"), 1);
    // A batch too small to lose an entry passes untouched and does not count as fired.
    let out = via.call(
        "SendMessageBatch",
        json!({ "QueueUrl": queue, "Entries": [{ "Id": "x", "MessageBody": "x" }] }),
    );
    assert_eq!(ids(&out["Successful"]), set(&["x"]));
    assert_eq!(proxy.counts(), vec![1]);
    // Three requests (CreateQueue, two batches) on one client connection.
    assert_eq!(proxy.connections(), 1);
}

#[test]
fn partial_delete_batch_deletes_only_the_forwarded_entries() {
    let moto = common::moto();
    let proxy = FaultProxy::start(
        &moto.endpoint(),
        vec![
            Rule::new("DeleteMessageBatch", Fault::PartialBatch { fail_every: 2 }).nth(1),
            Rule::new("DeleteMessageBatch", Fault::PartialBatch { fail_every: 1 }).nth(2),
        ],
    );
    let via = Raw::new(&proxy.endpoint());
    let direct = Raw::new(&moto.endpoint());
    let queue = direct.create_queue("partial-delete");
    for i in 0..5 {
        direct.call(
            "SendMessage",
            json!({ "QueueUrl": queue, "MessageBody": format!("b{i}") }),
        );
    }
    let out = direct.call(
        "ReceiveMessage",
        json!({ "QueueUrl": queue, "MaxNumberOfMessages": 10, "VisibilityTimeout": 60 }),
    );
    let handles: Vec<Value> = out["Messages"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, m)| json!({ "Id": format!("d{i}"), "ReceiptHandle": m["ReceiptHandle"] }))
        .collect();
    assert_eq!(handles.len(), 5);

    let out = via.call(
        "DeleteMessageBatch",
        json!({ "QueueUrl": queue, "Entries": handles }),
    );
    assert_eq!(ids(&out["Successful"]), set(&["d0", "d2", "d4"]));
    assert_eq!(ids(&out["Failed"]), set(&["d1", "d3"]));
    assert_eq!(direct.total(&queue), 2);

    // Every entry failed: answered by the proxy (SQS refuses an empty batch), nothing deleted.
    let out = via.call(
        "DeleteMessageBatch",
        json!({ "QueueUrl": queue, "Entries": [handles[1], handles[3]] }),
    );
    assert_eq!(ids(&out["Successful"]), set(&[]));
    assert_eq!(ids(&out["Failed"]), set(&["d1", "d3"]));
    assert_eq!(direct.total(&queue), 2);
    assert_eq!(proxy.counts(), vec![1, 1]);
}

#[test]
fn error_and_connection_faults() {
    let moto = common::moto();
    let proxy = FaultProxy::start(
        &moto.endpoint(),
        vec![
            Rule::new("SendMessage", Fault::Throttle).nth(1),
            Rule::new("SendMessage", Fault::ServerError).nth(2),
            Rule::new("SendMessage", Fault::ForwardThenFail).nth(3),
            Rule::new("SendMessage", Fault::DropConnection).nth(4),
            Rule::new("SendMessage", Fault::ForwardThenDrop).nth(5),
        ],
    );
    let via = Raw::new(&proxy.endpoint());
    let direct = Raw::new(&moto.endpoint());
    let queue = direct.create_queue("errors");
    let send = |i: u32| {
        via.try_call(
            "SendMessage",
            json!({ "QueueUrl": queue, "MessageBody": format!("b{i}") }),
        )
    };

    let a = send(1).expect("throttle answer");
    assert_eq!(a.status, 400);
    assert_eq!(a.body["__type"], "com.amazonaws.sqs#RequestThrottled");
    assert_eq!(a.query_error.as_deref(), Some("RequestThrottled;Sender"));

    let a = send(2).expect("server error answer");
    assert_eq!(a.status, 500);
    assert_eq!(a.body["__type"], "com.amazonaws.sqs#InternalError");

    let a = send(3).expect("forward-then-fail answer");
    assert_eq!(a.status, 500);

    assert!(send(4).is_err(), "DropConnection answered");
    assert!(send(5).is_err(), "ForwardThenDrop answered");
    assert_eq!(send(6).expect("clean call").status, 200);

    // Only the forwarded sends happened: 3 (failed after forwarding), 5 (dropped after), 6.
    assert_eq!(direct.drain(&queue), vec!["b3", "b5", "b6"]);
    assert_eq!(proxy.counts(), vec![1, 1, 1, 1, 1]);
    assert_eq!(proxy.calls("SendMessage"), 6);
}

#[test]
fn schedules_are_deterministic() {
    let moto = common::moto();
    let pattern = |rule: Rule| -> (Vec<bool>, Vec<u64>) {
        let proxy = FaultProxy::start(&moto.endpoint(), vec![rule]);
        let via = Raw::new(&proxy.endpoint());
        let fired = (0..40)
            .map(|_| {
                let a = via.try_call("ListQueues", json!({})).expect("answer");
                a.status == 400
            })
            .collect();
        (fired, proxy.counts())
    };
    let (every, counts) = pattern(Rule::new("ListQueues", Fault::Throttle).every(3));
    let want: Vec<bool> = (1..=40).map(|i| i % 3 == 0).collect();
    assert_eq!(every, want);
    assert_eq!(counts, vec![13]);

    let (calls, counts) = pattern(Rule::new("ListQueues", Fault::Throttle).calls(2..=4));
    assert_eq!(calls.iter().filter(|f| **f).count(), 3);
    assert!(calls[1] && calls[2] && calls[3]);
    assert_eq!(counts, vec![3]);

    let (a, counts) = pattern(Rule::new("ListQueues", Fault::Throttle).chance(0.5, 7));
    let (b, _) = pattern(Rule::new("ListQueues", Fault::Throttle).chance(0.5, 7));
    let (c, _) = pattern(Rule::new("ListQueues", Fault::Throttle).chance(0.5, 8));
    let hits = a.iter().filter(|f| **f).count() as u64;
    assert_eq!(a, b, "same seed, same faults");
    assert_ne!(a, c, "another seed, other faults");
    assert!((8..=32).contains(&hits), "{hits} of 40 at p=0.5");
    assert_eq!(counts, vec![hits]);
}

fn sdk(endpoint: &str, max_attempts: u32) -> aws_sdk_sqs::Client {
    let conf = aws_sdk_sqs::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        // Standard, not gearctl's adaptive: after a throttle, adaptive mode's client rate
        // limiter (shared by every client in the process) waits ~20 s per throttled retry.
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(max_attempts)
                .with_initial_backoff(Duration::from_millis(10)),
        )
        .build();
    aws_sdk_sqs::Client::from_conf(conf)
}

/// How the SDK classifies each fault: throttling and 500s and dropped connections are
/// retried; a partial batch is a successful call with `Failed` entries.
#[tokio::test]
async fn the_sdk_sees_faults_as_aws_faults() {
    let moto = common::moto();
    let proxy = FaultProxy::start(
        &moto.endpoint(),
        vec![
            Rule::new("GetQueueUrl", Fault::Throttle),
            Rule::new("SendMessage", Fault::Throttle).nth(1),
            Rule::new("SendMessage", Fault::ServerError).nth(2),
            Rule::new("SendMessage", Fault::DropConnection).nth(3),
            Rule::new("SendMessageBatch", Fault::PartialBatch { fail_every: 2 }),
        ],
    );
    let once = sdk(&proxy.endpoint(), 1);
    let retrying = sdk(&proxy.endpoint(), 4);
    let queue = once
        .create_queue()
        .queue_name("sdk")
        .send()
        .await
        .expect("CreateQueue")
        .queue_url
        .expect("QueueUrl");

    let err = once
        .get_queue_url()
        .queue_name("sdk")
        .send()
        .await
        .expect_err("throttled");
    assert_eq!(err.code(), Some("RequestThrottled"));
    assert!(err.into_service_error().is_request_throttled());
    assert_eq!(proxy.calls("GetQueueUrl"), 1);
    // Retried as a throttling error until the attempts run out.
    retrying
        .get_queue_url()
        .queue_name("sdk")
        .send()
        .await
        .expect_err("throttled");
    assert_eq!(proxy.calls("GetQueueUrl"), 1 + 4);

    // Throttle, 500, dropped connection: three retries, then the send goes through once.
    retrying
        .send_message()
        .queue_url(&queue)
        .message_body("one")
        .send()
        .await
        .expect("SendMessage after retries");
    assert_eq!(proxy.calls("SendMessage"), 4);

    let entries: Vec<_> = (0..4)
        .map(|i| {
            SendMessageBatchRequestEntry::builder()
                .id(format!("e{i}"))
                .message_body(format!("batch-{i}"))
                .build()
                .unwrap()
        })
        .collect();
    let out = once
        .send_message_batch()
        .queue_url(&queue)
        .set_entries(Some(entries))
        .send()
        .await
        .expect("SendMessageBatch");
    let ok: BTreeSet<String> = out.successful.iter().map(|e| e.id.clone()).collect();
    let failed: BTreeSet<String> = out.failed.iter().map(|e| e.id.clone()).collect();
    assert_eq!(ok, set(&["e0", "e2"]));
    assert_eq!(failed, set(&["e1", "e3"]));
    assert!(
        out.failed
            .iter()
            .all(|f| f.code == "InternalError" && !f.sender_fault)
    );

    let direct = Raw::new(&moto.endpoint());
    assert_eq!(direct.drain(&queue), vec!["batch-0", "batch-2", "one"]);
    assert_eq!(proxy.counts(), vec![5, 1, 1, 1, 1]);
    // Eleven requests on four connections: one per client, and the SDK reconnects after a
    // transient error (it poisons the connection that carried the 500) and after the drop.
    assert_eq!(proxy.connections(), 4);
}
