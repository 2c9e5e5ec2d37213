//! `dlq list` and `dlq redrive` for the DLQs that SNS subscriptions and EventBridge rule
//! targets feed, against the emulator. The DLQ messages are written as AWS writes them (the
//! SNS envelope; the event with RULE_ARN and TARGET_ARN attributes), then redriven, and
//! every message is accounted for: delivered once at the endpoint, or left with a reason.
//! The topic's other subscribers must receive nothing.

use std::collections::BTreeMap;

use crate::common;
use crate::common::faults::FaultProxy;
use crate::common::sqs::{depth, read_all};
use crate::common::{aws, gearctl, gearctl_at, json, moto, stderr, stdout};
use gearctl::aws::Aws;
use gearctl::aws::sqs_messages::{AttributeValue, OutgoingMessage};
use serde_json::{Value, json};

async fn queue(aws: &Aws, name: &str) -> (String, String) {
    let url = aws.create_queue(name, &BTreeMap::new()).await.unwrap();
    let arn = aws.queue_attributes(&url).await.unwrap()["QueueArn"].clone();
    (url, arn)
}

fn redrive_policy(dlq_arn: &str) -> BTreeMap<String, String> {
    [(
        "RedrivePolicy".to_string(),
        json!({ "deadLetterTargetArn": dlq_arn }).to_string(),
    )]
    .into_iter()
    .collect()
}

/// The notification envelope SNS delivers (and dead-letters) when raw delivery is off.
fn envelope(topic_arn: &str, i: usize) -> String {
    serde_json::to_string_pretty(&json!({
        "Type": "Notification",
        "MessageId": format!("00000000-0000-4000-8000-{i:012}"),
        "TopicArn": topic_arn,
        "Subject": null,
        "Message": json!({"order": i}).to_string(),
        "Timestamp": "2026-12-05T02:00:00.000Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLE==",
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
        "UnsubscribeURL": format!("https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topic_arn}:x"),
        "MessageAttributes": {"tenant": {"Type": "String", "Value": "acme"}},
    }))
    .unwrap()
}

fn string_attr(v: &str) -> AttributeValue {
    AttributeValue {
        data_type: "String".into(),
        string_value: Some(v.into()),
        binary_value: None,
    }
}

async fn put(aws: &Aws, url: &str, bodies: &[(String, BTreeMap<String, AttributeValue>)]) {
    let messages: Vec<OutgoingMessage> = bodies
        .iter()
        .enumerate()
        .map(|(i, (body, attrs))| OutgoingMessage {
            id: i.to_string(),
            body: body.clone(),
            message_attributes: attrs.clone(),
            group_id: None,
            dedup_id: None,
        })
        .collect();
    for chunk in messages.chunks(10) {
        for (_, r) in aws.send_batch(url, chunk).await.unwrap() {
            r.unwrap();
        }
    }
}

/// A topic with an SQS subscriber whose failures go to `orders-sub-dlq`, and a second SQS
/// subscriber without a DLQ that must never hear of the redrive.
struct Topic {
    arn: String,
    sub_arn: String,
    endpoint: String,
    dlq: String,
    bystander: String,
}

async fn topic_with_queue_subscriber(aws: &Aws) -> Topic {
    let arn = aws.create_topic("orders").await.unwrap();
    let (endpoint, endpoint_arn) = queue(aws, "orders-consumer").await;
    let (dlq, dlq_arn) = queue(aws, "orders-sub-dlq").await;
    let (bystander, bystander_arn) = queue(aws, "orders-audit").await;
    let sub_arn = aws
        .subscribe(&arn, "sqs", &endpoint_arn, &redrive_policy(&dlq_arn))
        .await
        .unwrap();
    aws.subscribe(&arn, "sqs", &bystander_arn, &BTreeMap::new())
        .await
        .unwrap();
    Topic {
        arn,
        sub_arn,
        endpoint,
        dlq,
        bystander,
    }
}

/// Bus `shop` with rule `orders-to-queue` sending to queue `shop-orders`, its target DLQ
/// `shop-orders-dlq`: (target URL, target ARN, DLQ URL, DLQ ARN).
async fn shop_bus_rule(aws: &Aws) -> (String, String, String, String) {
    let (target, target_arn) = queue(aws, "shop-orders").await;
    let (dlq, dlq_arn) = queue(aws, "shop-orders-dlq").await;
    aws.create_event_bus("shop").await.unwrap();
    aws.create_rule_with_target(
        "shop",
        "orders-to-queue",
        r#"{"source":["shop.orders"]}"#,
        "orders-queue",
        &target_arn,
        Some(&dlq_arn),
    )
    .await
    .unwrap();
    (target, target_arn, dlq, dlq_arn)
}

#[tokio::test(flavor = "multi_thread")]
async fn list_shows_sns_subscription_and_eventbridge_target_sources() {
    let moto = moto();
    let aws = aws(&moto).await;
    let t = topic_with_queue_subscriber(&aws).await;
    let (_, events_target_arn, _, _) = shop_bus_rule(&aws).await;

    let o = gearctl_at(&moto, &["--output", "json", "dlq", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    let dlq = |name: &str| {
        r["dlqs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing: {r}"))
            .clone()
    };
    let sns = dlq("orders-sub-dlq");
    assert_eq!(
        sns["sources"],
        json!([{
            "kind": "sns-subscription",
            "name": t.sub_arn,
            "via": t.arn,
            "protocol": "sqs",
            "endpoint": "arn:aws:sqs:us-east-1:123456789012:orders-consumer",
        }]),
        "{r}"
    );
    let eb = dlq("shop-orders-dlq");
    assert_eq!(
        eb["sources"],
        json!([{
            "kind": "eventbridge-target",
            "name": "orders-to-queue",
            "via": events_target_arn,
            "bus": "shop",
            "target": "orders-queue",
        }]),
        "{r}"
    );
    let names: Vec<&str> = r["dlqs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["orders-sub-dlq", "shop-orders-dlq"], "{r}");
    let o = gearctl_at(&moto, &["dlq", "list"]);
    assert!(stdout(&o).contains("SNS orders (sqs)"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("EventBridge shop/orders-to-queue → orders-queue"),
        "{}",
        stdout(&o)
    );
}

fn redrive(moto: &gearctl::emulator::Moto, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--output", "json", "dlq", "redrive"];
    all.extend(args);
    all.push("--yes");
    gearctl_at(moto, &all)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_sns_queue_subscription_dlq_goes_to_its_queue_never_to_the_topic() {
    let moto = moto();
    let aws = aws(&moto).await;
    let t = topic_with_queue_subscriber(&aws).await;
    let bodies: Vec<(String, BTreeMap<String, AttributeValue>)> = (0..23)
        .map(|i| (envelope(&t.arn, i), BTreeMap::new()))
        .collect();
    put(&aws, &t.dlq, &bodies).await;

    let o = redrive(&moto, &["orders-sub-dlq", "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["moved"], 23);
    assert_eq!(depth(&aws, &t.dlq).await, 23, "a dry run moves nothing");

    let o = redrive(&moto, &["orders-sub-dlq"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(r["engine"], "move", "{r}");
    assert_eq!(r["destination"], "orders-consumer", "{r}");
    assert!(
        r["reason"]
            .as_str()
            .unwrap()
            .contains("never to topic orders"),
        "{r}"
    );
    assert_eq!(
        (r["moved"].as_u64(), r["left_in_dlq"].as_i64()),
        (Some(23), Some(0))
    );

    let got = read_all(&aws, &t.endpoint).await;
    let mut received: Vec<&str> = got.iter().map(|m| m.body.as_str()).collect();
    let mut sent: Vec<&str> = bodies.iter().map(|(b, _)| b.as_str()).collect();
    received.sort();
    sent.sort();
    assert_eq!(received, sent, "each envelope arrives once, unchanged");
    assert_eq!(depth(&aws, &t.dlq).await, 0);
    assert_eq!(
        depth(&aws, &t.bystander).await,
        0,
        "the topic's other subscriber got nothing: no Publish"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn several_subscriptions_on_one_dlq_need_one_picked_and_http_is_refused() {
    let moto = moto();
    let aws = aws(&moto).await;
    let t = topic_with_queue_subscriber(&aws).await;
    let dlq_arn = aws.queue_attributes(&t.dlq).await.unwrap()["QueueArn"].clone();
    let hook = aws
        .subscribe(
            &t.arn,
            "https",
            "https://hooks.example.com/orders?token=s3cret",
            &redrive_policy(&dlq_arn),
        )
        .await
        .unwrap();
    let bodies: Vec<_> = (0..4)
        .map(|i| (envelope(&t.arn, i), BTreeMap::new()))
        .collect();
    put(&aws, &t.dlq, &bodies).await;

    let o = gearctl_at(&moto, &["--output", "json", "dlq", "list"]);
    assert!(
        !stdout(&o).contains("s3cret"),
        "an HTTP endpoint is never shown"
    );
    let o = redrive(&moto, &["orders-sub-dlq"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("--subscription"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("does not say which subscription"),
        "{}",
        stderr(&o)
    );
    let o = redrive(&moto, &["orders-sub-dlq", "--subscription", &hook]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("over https"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("s3cret"), "{}", stderr(&o));
    assert_eq!(depth(&aws, &t.dlq).await, 4, "refused: every message stays");

    let o = redrive(&moto, &["orders-sub-dlq", "--subscription", &t.sub_arn]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["moved"], 4);
    assert_eq!(read_all(&aws, &t.endpoint).await.len(), 4);
    assert_eq!(depth(&aws, &t.bystander).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_sns_lambda_subscription_dlq_reinvokes_the_function_with_the_sns_event() {
    let moto = moto();
    let aws = aws(&moto).await;
    let role = aws.create_lambda_role("dlq-test").await.unwrap();
    common::tiny_function(&aws, "notify", &role).await;
    let function_arn = "arn:aws:lambda:us-east-1:123456789012:function:notify";
    let topic = aws.create_topic("alerts").await.unwrap();
    let (dlq, dlq_arn) = queue(&aws, "notify-sub-dlq").await;
    let (bystander, bystander_arn) = queue(&aws, "alerts-audit").await;
    aws.subscribe(&topic, "lambda", function_arn, &redrive_policy(&dlq_arn))
        .await
        .unwrap();
    aws.subscribe(&topic, "sqs", &bystander_arn, &BTreeMap::new())
        .await
        .unwrap();
    let mut bodies: Vec<_> = (0..7)
        .map(|i| (envelope(&topic, i), BTreeMap::new()))
        .collect();
    bodies.push((r#"{"order":99}"#.into(), BTreeMap::new())); // not an envelope
    put(&aws, &dlq, &bodies).await;

    let proxy = FaultProxy::start(&moto.endpoint(), vec![]);
    let o = gearctl()
        .args(["--endpoint-url", &proxy.endpoint(), "--output", "json"])
        .args(["dlq", "redrive", "notify-sub-dlq", "--yes"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "one left: {}", stderr(&o));
    let r = json(&o);
    assert_eq!(r["engine"], "lambda", "{r}");
    assert_eq!(r["destination"], format!("function {function_arn}"), "{r}");
    assert_eq!(r["moved"], 7);
    assert_eq!(proxy.calls("Invoke"), 7, "one invoke per envelope, no more");
    let failed = r["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{r}");
    assert!(
        failed[0]["reason"]
            .as_str()
            .unwrap()
            .contains("not an SNS notification")
    );
    let left = read_all(&aws, &dlq).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].body, r#"{"order":99}"#);
    assert_eq!(depth(&aws, &bystander).await, 0, "no Publish to the topic");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_eventbridge_target_dlq_goes_back_on_its_bus() {
    let moto = moto();
    let aws = aws(&moto).await;
    let (target, target_arn, dlq, _) = shop_bus_rule(&aws).await;
    let rule_arn = "arn:aws:events:us-east-1:123456789012:rule/shop/orders-to-queue";
    let attrs: BTreeMap<String, AttributeValue> = [
        ("RULE_ARN", rule_arn),
        ("TARGET_ARN", target_arn.as_str()),
        ("ERROR_CODE", "SQS.AccessDenied"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), string_attr(v)))
    .collect();
    let event = |i: usize| {
        json!({
            "version": "0",
            "id": format!("ev-{i}"),
            "detail-type": "OrderPlaced",
            "source": "shop.orders",
            "account": "123456789012",
            "time": "2026-12-05T02:00:00Z",
            "region": "us-east-1",
            "resources": [],
            "detail": {"order": i, "note": "tab\there"},
        })
        .to_string()
    };
    let mut bodies: Vec<_> = (0..15).map(|i| (event(i), attrs.clone())).collect();
    // What an input transformer sends: not an event.
    bodies.push(("order 99 failed".into(), attrs.clone()));
    put(&aws, &dlq, &bodies).await;

    let o = redrive(&moto, &["shop-orders-dlq"]);
    assert_eq!(o.status.code(), Some(1), "one left: {}", stderr(&o));
    let r = json(&o);
    assert_eq!(r["engine"], "eventbridge", "{r}");
    assert_eq!(r["destination"], "event bus shop", "{r}");
    assert_eq!(r["moved"], 15, "{r}");
    let failed = r["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{r}");
    assert!(
        failed[0]["reason"]
            .as_str()
            .unwrap()
            .contains("not an EventBridge event")
    );

    let got = read_all(&aws, &target).await;
    let mut orders: Vec<u64> = got
        .iter()
        .map(|m| {
            let e: Value = serde_json::from_str(&m.body).unwrap();
            assert_eq!(e["source"], "shop.orders");
            assert_eq!(e["detail-type"], "OrderPlaced");
            assert_eq!(e["detail"]["note"], "tab\there");
            e["detail"]["order"].as_u64().unwrap()
        })
        .collect();
    orders.sort();
    assert_eq!(orders, (0..15).collect::<Vec<u64>>(), "each event once");
    let left = read_all(&aws, &dlq).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].body, "order 99 failed");
}
