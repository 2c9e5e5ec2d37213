//! The `lambda` engine's sink: re-invoke the function asynchronously with each failed
//! event, for Lambda async-invoke DLQs and on-failure destinations, which a move task
//! cannot redrive.
//!
//! - An async-invoke DLQ message holds the original event as its body.
//! - An on-failure destination record holds it in `requestPayload`; that is unwrapped.
//! - A record of an event-source mapping (a stream or queue batch) holds only where the
//!   batch was, not the events: it cannot be re-invoked and is left in the DLQ.
//!
//! A message is done, and deleted, only after Lambda accepted the invoke (202).

use futures_util::stream::{self, StreamExt};
use serde_json::Value;

use super::drain::{Disposition, Sink};
use super::filter::{self, Filter};
use super::queue::Queue;
use super::record::{Record, Writer};
use crate::aws::Aws;
use crate::aws::sqs_messages::SqsMessage;
use crate::error::Result;

/// Invokes in flight at once.
const PARALLEL_INVOKES: usize = 10;

pub struct InvokeSink<'a> {
    pub aws: &'a Aws,
    pub source: &'a Queue,
    pub function: String,
    pub filters: &'a [Filter],
    pub backup: Option<&'a mut Writer>,
    pub dry_run: bool,
}

/// The event to re-invoke with, or why there is none.
pub fn payload(body: &str) -> std::result::Result<String, String> {
    let Ok(Value::Object(record)) = serde_json::from_str::<Value>(body) else {
        // Not a destination record: the body is the event itself (any text is valid).
        return Ok(body.to_string());
    };
    let is_destination_record =
        record.contains_key("requestContext") && record.contains_key("responseContext");
    if !is_destination_record {
        return Ok(body.to_string());
    }
    if let Some(p) = record.get("requestPayload") {
        return Ok(p.to_string());
    }
    let batch = ["SQSBatchInfo", "KinesisBatchInfo", "DDBStreamBatchInfo"]
        .into_iter()
        .find(|k| record.contains_key(*k));
    Err(match batch {
        Some(k) => format!(
            "an event-source-mapping failure record ({k}) holds where the batch was, not the events; replay it from the source"
        ),
        None => "a destination record without requestPayload".into(),
    })
}

impl Sink for InvokeSink<'_> {
    async fn handle(&mut self, batch: &[SqsMessage]) -> Result<Vec<Disposition>> {
        let mut out: Vec<Disposition> = Vec::with_capacity(batch.len());
        let mut work = Vec::new();
        for (i, m) in batch.iter().enumerate() {
            if !filter::all_match(self.filters, m) {
                out.push(Disposition::Skip);
                continue;
            }
            match payload(&m.body) {
                Ok(p) if self.dry_run => {
                    drop(p);
                    out.push(Disposition::Keep);
                }
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
    use super::payload;

    #[test]
    fn payloads_are_unwrapped_from_destination_records() {
        assert_eq!(payload(r#"{"order":1}"#).unwrap(), r#"{"order":1}"#);
        assert_eq!(payload("plain text").unwrap(), "plain text");
        let record = r#"{"version":"1.0","timestamp":"2026-01-01T00:00:00Z",
            "requestContext":{"requestId":"r","functionArn":"arn","condition":"RetriesExhausted","approximateInvokeCount":3},
            "requestPayload":{"order":{"id":7}},
            "responseContext":{"statusCode":200,"functionError":"Unhandled"},
            "responsePayload":{"errorMessage":"boom"}}"#;
        assert_eq!(payload(record).unwrap(), r#"{"order":{"id":7}}"#);
        let stream =
            r#"{"requestContext":{},"responseContext":{},"KinesisBatchInfo":{"shardId":"s"}}"#;
        assert!(payload(stream).unwrap_err().contains("KinesisBatchInfo"));
    }
}
