//! Redrive of an SNS subscription's DLQ to a Lambda endpoint: invoke the subscribed function
//! with the event SNS would have delivered, never publish to the topic again (that would
//! reach every other subscriber a second time).
//!
//! A subscription DLQ message holds the SNS notification envelope (`Type`, `MessageId`,
//! `TopicArn`, `Message`, …) as its body. Lambda receives the same fields wrapped as
//! `{"Records":[{"EventSource":"aws:sns","EventVersion":"1.0","EventSubscriptionArn",
//! "Sns":{…}}]}`, with two keys spelled differently (`SigningCertUrl`, `UnsubscribeUrl`).
//! A body that is not an envelope stays in the DLQ with the reason.
//!
//! (An SQS endpoint needs no sink of its own: the body goes to the queue unchanged, as the
//! subscription would have sent it, through the move engine's sink.)
//!
//! A message is done, and deleted, only after Lambda accepted the invoke (202).

use futures_util::stream::{self, StreamExt};
use serde_json::{Map, Value, json};

use super::drain::{Disposition, Sink};
use super::filter::{self, Filter};
use super::queue::Queue;
use super::record::{Record, Writer};
use crate::aws::Aws;
use crate::aws::sqs_messages::SqsMessage;
use crate::error::Result;

/// Invokes in flight at once.
const PARALLEL_INVOKES: usize = 10;

pub struct SnsInvokeSink<'a> {
    pub aws: &'a Aws,
    pub source: &'a Queue,
    /// The subscription's endpoint: the function ARN (possibly with a qualifier).
    pub function: String,
    pub subscription_arn: String,
    pub filters: &'a [Filter],
    pub backup: Option<&'a mut Writer>,
    pub dry_run: bool,
}

/// The Lambda event for one SNS notification envelope, or why the body is not one.
pub fn lambda_event(body: &str, subscription_arn: &str) -> std::result::Result<String, String> {
    let not = "the body is not an SNS notification (raw delivery, or written by something else), so the function's SNS event cannot be rebuilt";
    let Ok(Value::Object(env)) = serde_json::from_str::<Value>(body) else {
        return Err(not.into());
    };
    let text = |k: &str| env.get(k).and_then(Value::as_str);
    if text("Type") != Some("Notification") || text("MessageId").is_none() {
        return Err(not.into());
    }
    let (Some(_), Some(_)) = (text("TopicArn"), text("Message")) else {
        return Err(not.into());
    };
    let mut sns = Map::new();
    for (from, to) in [
        ("Type", "Type"),
        ("MessageId", "MessageId"),
        ("TopicArn", "TopicArn"),
        ("Subject", "Subject"),
        ("Message", "Message"),
        ("Timestamp", "Timestamp"),
        ("SignatureVersion", "SignatureVersion"),
        ("Signature", "Signature"),
        ("SigningCertURL", "SigningCertUrl"),
        ("UnsubscribeURL", "UnsubscribeUrl"),
    ] {
        sns.insert(to.into(), env.get(from).cloned().unwrap_or(Value::Null));
    }
    sns.insert(
        "MessageAttributes".into(),
        env.get("MessageAttributes")
            .filter(|v| v.is_object())
            .cloned()
            .unwrap_or_else(|| json!({})),
    );
    let event = json!({
        "Records": [{
            "EventSource": "aws:sns",
            "EventVersion": "1.0",
            "EventSubscriptionArn": subscription_arn,
            "Sns": Value::Object(sns),
        }]
    });
    Ok(event.to_string())
}

impl Sink for SnsInvokeSink<'_> {
    async fn handle(&mut self, batch: &[SqsMessage]) -> Result<Vec<Disposition>> {
        let mut out: Vec<Disposition> = Vec::with_capacity(batch.len());
        let mut work = Vec::new();
        for (i, m) in batch.iter().enumerate() {
            if !filter::all_match(self.filters, m) {
                out.push(Disposition::Skip);
                continue;
            }
            match lambda_event(&m.body, &self.subscription_arn) {
                Ok(_) if self.dry_run => out.push(Disposition::Keep),
                Ok(p) => {
                    out.push(Disposition::Fail("not invoked".into()));
                    work.push((i, p));
                }
                Err(why) => out.push(Disposition::Fail(why)),
            }
        }
        if let Some(w) = self.backup.as_deref_mut() {
            let records: Vec<Record> = work
                .iter()
                .map(|(i, _)| Record::from_message(&batch[*i], &self.source.arn))
                .collect();
            // Nothing was invoked yet: an error here leaves the whole batch in the DLQ.
            w.write_durably(&records)?;
        }
        let aws = self.aws;
        let function = self.function.as_str();
        let results: Vec<(usize, std::result::Result<(), String>)> = stream::iter(work)
            .map(|(i, p)| async move {
                let r = aws
                    .invoke_async(function, p.as_bytes())
                    .await
                    .map_err(|e| format!("Lambda did not accept the invoke: {e}"));
                (i, r)
            })
            .buffer_unordered(PARALLEL_INVOKES)
            .collect()
            .await;
        for (i, r) in results {
            out[i] = match r {
                Ok(()) => Disposition::Done,
                Err(why) => Disposition::Fail(why),
            };
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::lambda_event;
    use serde_json::Value;

    const SUB: &str = "arn:aws:sns:us-east-1:123456789012:orders:0b1f";

    #[test]
    fn an_envelope_becomes_the_event_lambda_would_have_received() {
        let envelope = r#"{
          "Type": "Notification",
          "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
          "TopicArn": "arn:aws:sns:us-east-1:123456789012:orders",
          "Subject": "hello",
          "Message": "{\"order\":7}",
          "Timestamp": "2026-12-01T10:00:00.000Z",
          "SignatureVersion": "1",
          "Signature": "EXAMPLE",
          "SigningCertURL": "https://sns.us-east-1.amazonaws.com/cert.pem",
          "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
          "MessageAttributes": {"tenant": {"Type": "String", "Value": "acme"}}
        }"#;
        let e: Value = serde_json::from_str(&lambda_event(envelope, SUB).unwrap()).unwrap();
        let r = &e["Records"][0];
        assert_eq!(e["Records"].as_array().unwrap().len(), 1);
        assert_eq!(r["EventSource"], "aws:sns");
        assert_eq!(r["EventVersion"], "1.0");
        assert_eq!(r["EventSubscriptionArn"], SUB);
        assert_eq!(r["Sns"]["Message"], "{\"order\":7}");
        assert_eq!(
            r["Sns"]["MessageId"],
            "95df01b4-ee98-5cb9-9903-4c221d41eb5e"
        );
        assert_eq!(r["Sns"]["Subject"], "hello");
        assert_eq!(
            r["Sns"]["SigningCertUrl"],
            "https://sns.us-east-1.amazonaws.com/cert.pem"
        );
        assert!(r["Sns"].get("SigningCertURL").is_none());
        assert_eq!(r["Sns"]["MessageAttributes"]["tenant"]["Value"], "acme");
    }

    #[test]
    fn without_subject_or_attributes_the_fields_are_null_and_empty() {
        let envelope = r#"{"Type":"Notification","MessageId":"m","TopicArn":"t","Message":"hi"}"#;
        let e: Value = serde_json::from_str(&lambda_event(envelope, SUB).unwrap()).unwrap();
        assert!(e["Records"][0]["Sns"]["Subject"].is_null());
        assert_eq!(
            e["Records"][0]["Sns"]["MessageAttributes"],
            serde_json::json!({})
        );
    }

    #[test]
    fn anything_else_is_refused_with_the_reason() {
        for body in [
            "plain text",
            r#"{"order":7}"#,
            r#"{"Type":"SubscriptionConfirmation","MessageId":"m","TopicArn":"t","Message":"x"}"#,
            r#"{"Type":"Notification","MessageId":"m","TopicArn":"t"}"#,
        ] {
            assert!(
                lambda_event(body, SUB)
                    .unwrap_err()
                    .contains("not an SNS notification"),
                "{body}"
            );
        }
    }
}
