//! SQS helpers for the dlq tests: queues with a real RedrivePolicy, messages with every
//! attribute type, failing them into the DLQ the way a consumer does, and reading a queue
//! dry.

use std::collections::BTreeMap;

use gearctl::aws::Aws;
use gearctl::aws::sqs_messages::{AttributeValue, OutgoingMessage, SqsMessage};

/// A source queue whose RedrivePolicy sends a message to `dlq` after one receive, and the
/// DLQ. Returns (source URL, DLQ URL).
pub async fn queue_pair(aws: &Aws, name: &str, fifo: bool) -> (String, String) {
    let suffix = if fifo { ".fifo" } else { "" };
    let mut attrs = BTreeMap::new();
    if fifo {
        attrs.insert("FifoQueue".to_string(), "true".to_string());
    }
    let dlq = aws
        .create_queue(&format!("{name}-dlq{suffix}"), &attrs)
        .await
        .unwrap();
    let dlq_arn = aws.queue_attributes(&dlq).await.unwrap()["QueueArn"].clone();
    attrs.insert(
        "RedrivePolicy".into(),
        format!(r#"{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":"1"}}"#),
    );
    attrs.insert("VisibilityTimeout".into(), "0".into());
    let src = aws
        .create_queue(&format!("{name}{suffix}"), &attrs)
        .await
        .unwrap();
    (src, dlq)
}

fn attr(data_type: &str, s: Option<&str>, b: Option<&[u8]>) -> AttributeValue {
    AttributeValue {
        data_type: data_type.into(),
        string_value: s.map(str::to_string),
        binary_value: b.map(<[u8]>::to_vec),
    }
}

/// Message `i`: a JSON body and one attribute of every data type, custom types included.
pub fn message(i: usize, group: Option<&str>) -> OutgoingMessage {
    let attrs: BTreeMap<String, AttributeValue> = [
        ("text", attr("String", Some(&format!("order-{i}")), None)),
        ("tenant", attr("String.tenant", Some("acme ünïcode"), None)),
        ("count", attr("Number", Some(&i.to_string()), None)),
        ("price", attr("Number.float", Some("-12.5e3"), None)),
        ("blob", attr("Binary", None, Some(&[0, 1, 2, 255, i as u8]))),
        ("image", attr("Binary.png", None, Some(&[137, 80, 78, 71]))),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    OutgoingMessage {
        id: i.to_string(),
        body: format!(
            r#"{{"order":{i},"kind":"{}","note":"tab\there"}}"#,
            if i.is_multiple_of(2) { "even" } else { "odd" }
        ),
        message_attributes: attrs,
        group_id: group.map(str::to_string),
        dedup_id: group.map(|_| format!("orig-{i}")),
    }
}

/// Send messages, 10 per call.
pub async fn send_all(aws: &Aws, url: &str, messages: &[OutgoingMessage]) {
    for chunk in messages.chunks(10) {
        for (_, r) in aws.send_batch(url, chunk).await.unwrap() {
            r.unwrap();
        }
    }
}

/// Fail every message of the source queue into its DLQ through the RedrivePolicy.
pub async fn fail_all(aws: &Aws, src: &str) {
    gearctl::emulator::fail_until_dead_lettered(aws, src)
        .await
        .unwrap();
}

/// A source queue and its DLQ holding messages `0..n` (every attribute type), failed there
/// through the real RedrivePolicy. Returns (source URL, DLQ URL).
pub async fn failed_into_dlq(aws: &Aws, name: &str, n: usize) -> (String, String) {
    let (src, dlq) = queue_pair(aws, name, false).await;
    let messages: Vec<OutgoingMessage> = (0..n).map(|i| message(i, None)).collect();
    send_all(aws, &src, &messages).await;
    fail_all(aws, &src).await;
    (src, dlq)
}

/// Receive and delete everything in a queue, in receive order.
pub async fn read_all(aws: &Aws, url: &str) -> Vec<SqsMessage> {
    let mut out = Vec::new();
    let mut empty = 0;
    while empty < 3 {
        let got = aws.receive(url, 10, 30, 0).await.unwrap();
        if got.is_empty() {
            empty += 1;
            continue;
        }
        empty = 0;
        let handles: Vec<(String, String)> = got
            .iter()
            .map(|m| (m.message_id.clone(), m.receipt_handle.clone()))
            .collect();
        for (_, r) in aws.delete_batch(url, &handles).await.unwrap() {
            r.unwrap();
        }
        out.extend(got);
    }
    out
}

/// Visible plus in-flight messages.
pub async fn depth(aws: &Aws, url: &str) -> i64 {
    let a = aws.queue_attributes(url).await.unwrap();
    let n = |k: &str| a.get(k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    n("ApproximateNumberOfMessages") + n("ApproximateNumberOfMessagesNotVisible")
}

/// Count copies of each message by its `order` field.
pub fn copies(messages: &[SqsMessage]) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    for m in messages {
        let v: serde_json::Value = serde_json::from_str(&m.body).unwrap();
        *out.entry(v["order"].as_u64().unwrap() as usize)
            .or_insert(0) += 1;
    }
    out
}
