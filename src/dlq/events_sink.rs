//! The `eventbridge` engine's sink: put each event of an EventBridge target's DLQ back on
//! its bus with PutEvents.
//!
//! - The DLQ message body is the original event (`source`, `detail-type`, `detail`,
//!   `resources`, `time`, …); EventBridge adds `RULE_ARN`, `TARGET_ARN` and `ERROR_CODE` as
//!   message attributes. The entry is rebuilt from the event; its bus comes from the
//!   message's RULE_ARN (`rule/NAME` on the default bus, `rule/BUS/NAME` on another), else
//!   from the only bus that feeds this DLQ.
//! - A body that is not an event (a target with an input transformer sends something else,
//!   or another sender wrote it) stays in the DLQ with the reason.
//! - Batches hold at most 10 entries and 256 KiB as EventBridge counts them; a bigger
//!   event fails alone.
//! - Only entries PutEvents accepted (an EventId, no ErrorCode) are done and deleted.
//!   Throttled or internal failures are retried with backoff; others fail with the code.

use serde_json::Value;

use super::drain::{Disposition, Sink, backoff};
use super::filter::{self, Filter};
use super::queue::Queue;
use super::record::{Record, Writer};
use crate::aws::Aws;
use crate::aws::events::NewEvent;
use crate::aws::sqs_messages::SqsMessage;
use crate::error::{Error, Result};

/// PutEvents takes at most 10 entries and 256 KiB in total.
const MAX_ENTRIES: usize = 10;
const MAX_BATCH_BYTES: usize = 256 * 1024;
const PUT_ATTEMPTS: u32 = 5;

pub struct EventsSink<'a> {
    pub aws: &'a Aws,
    pub source: &'a Queue,
    /// The bus when every target feeding this DLQ is on one bus.
    pub only_bus: Option<String>,
    pub filters: &'a [Filter],
    pub backup: Option<&'a mut Writer>,
    pub dry_run: bool,
    error: Option<Error>,
}

impl<'a> EventsSink<'a> {
    pub fn new(
        aws: &'a Aws,
        source: &'a Queue,
        only_bus: Option<String>,
        filters: &'a [Filter],
        backup: Option<&'a mut Writer>,
        dry_run: bool,
    ) -> Self {
        EventsSink {
            aws,
            source,
            only_bus,
            filters,
            backup,
            dry_run,
            error: None,
        }
    }
}

/// The bus of a rule ARN: `arn:…:rule/NAME` → `default`, `arn:…:rule/BUS/NAME` → `BUS`.
pub fn bus_of_rule(rule_arn: &str) -> Option<String> {
    let (_, path) = rule_arn.split_once(":rule/")?;
    Some(match path.split_once('/') {
        Some((bus, _)) => bus.to_string(),
        None => "default".to_string(),
    })
}

/// The PutEvents entry for one DLQ message, or why there is none.
pub fn entry(m: &SqsMessage, only_bus: Option<&str>) -> std::result::Result<NewEvent, String> {
    let Ok(Value::Object(event)) = serde_json::from_str::<Value>(&m.body) else {
        return Err(not_an_event());
    };
    let text = |k: &str| event.get(k).and_then(Value::as_str).map(str::to_string);
    let (Some(source), Some(detail_type), Some(detail)) =
        (text("source"), text("detail-type"), event.get("detail"))
    else {
        return Err(not_an_event());
    };
    let resources = match event.get("resources") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            match items.iter().map(Value::as_str).collect::<Option<Vec<_>>>() {
                Some(r) => r.into_iter().map(str::to_string).collect(),
                None => return Err(not_an_event()),
            }
        }
        Some(_) => return Err(not_an_event()),
    };
    let rule_arn = m
        .message_attributes
        .get("RULE_ARN")
        .and_then(|a| a.string_value.as_deref());
    let bus = match (rule_arn.and_then(bus_of_rule), only_bus) {
        (Some(b), _) => b,
        (None, Some(b)) => b.to_string(),
        (None, None) => {
            return Err(
                "the message has no RULE_ARN attribute and several buses feed this DLQ, so its bus is unknown"
                    .into(),
            );
        }
    };
    Ok(NewEvent {
        bus,
        source,
        detail_type,
        detail: detail.to_string(),
        resources,
        time: text("time"),
    })
}

fn not_an_event() -> String {
    "the body is not an EventBridge event (source, detail-type and detail): the target may transform its input; it stays in the DLQ".into()
}

/// The size EventBridge counts for an entry: its Source, DetailType, Detail and Resources,
/// plus 14 bytes for a Time.
pub fn entry_size(e: &NewEvent) -> usize {
    e.source.len()
        + e.detail_type.len()
        + e.detail.len()
        + e.resources.iter().map(String::len).sum::<usize>()
        + if e.time.is_some() { 14 } else { 0 }
}

impl Sink for EventsSink<'_> {
    async fn handle(&mut self, batch: &[SqsMessage]) -> Result<Vec<Disposition>> {
        let mut out: Vec<Disposition> = Vec::with_capacity(batch.len());
        let mut work: Vec<(usize, NewEvent)> = Vec::new();
        for (i, m) in batch.iter().enumerate() {
            if !filter::all_match(self.filters, m) {
                out.push(Disposition::Skip);
                continue;
            }
            match entry(m, self.only_bus.as_deref()) {
                Ok(e) if entry_size(&e) > MAX_BATCH_BYTES => out.push(Disposition::Fail(format!(
                    "the event is {} bytes; PutEvents takes at most {MAX_BATCH_BYTES}",
                    entry_size(&e)
                ))),
                Ok(_) if self.dry_run => out.push(Disposition::Keep),
                Ok(e) => {
                    out.push(Disposition::Fail("not put".into()));
                    work.push((i, e));
                }
                Err(why) => out.push(Disposition::Fail(why)),
            }
        }
        if work.is_empty() {
            return Ok(out);
        }
        if let Some(w) = self.backup.as_deref_mut() {
            let records: Vec<Record> = work
                .iter()
                .map(|(i, _)| Record::from_message(&batch[*i], &self.source.arn))
                .collect();
            // Nothing was put yet: an error here leaves the whole batch in the DLQ.
            w.write_durably(&records)?;
        }
        let mut pending: Vec<(usize, NewEvent, u32)> =
            work.into_iter().map(|(i, e)| (i, e, 0)).collect();
        while !pending.is_empty() {
            if self.error.is_some() {
                for (i, _, _) in pending.drain(..) {
                    out[i] = Disposition::Fail("not put: the run stopped on an error".into());
                }
                break;
            }
            // The next batch: in order, within both limits.
            let mut take = 0;
            let mut bytes = 0;
            while take < pending.len() && take < MAX_ENTRIES {
                let size = entry_size(&pending[take].1);
                if take > 0 && bytes + size > MAX_BATCH_BYTES {
                    break;
                }
                bytes += size;
                take += 1;
            }
            let chunk: Vec<(usize, NewEvent, u32)> = pending.drain(..take).collect();
            let events: Vec<NewEvent> = chunk.iter().map(|(_, e, _)| e.clone()).collect();
            let outcomes = match self.aws.put_events(&events).await {
                Ok(o) => o,
                Err(e) => {
                    for (i, _, _) in chunk.iter().chain(pending.iter()) {
                        out[*i] = Disposition::Fail(format!("not put: {e}"));
                    }
                    pending.clear();
                    self.error = Some(e.into());
                    break;
                }
            };
            let mut retry = Vec::new();
            for ((i, e, attempt), r) in chunk.into_iter().zip(outcomes) {
                match r {
                    Ok(_) => out[i] = Disposition::Done,
                    Err((code, _)) if retryable(&code) && attempt + 1 < PUT_ATTEMPTS => {
                        retry.push((i, e, attempt + 1));
                    }
                    Err((code, msg)) => {
                        out[i] = Disposition::Fail(format!(
                            "EventBridge did not take the event ({code}: {msg})"
                        ));
                    }
                }
            }
            if let Some(attempt) = retry.iter().map(|r| r.2).max() {
                tokio::time::sleep(backoff(attempt)).await;
                retry.append(&mut pending);
                pending = retry;
            }
        }
        Ok(out)
    }

    fn take_error(&mut self) -> Option<Error> {
        self.error.take()
    }
}

/// Entry failures worth another try: throttling and EventBridge's own errors.
fn retryable(code: &str) -> bool {
    matches!(
        code,
        "ThrottlingException" | "InternalException" | "InternalFailure" | "NoAnswer"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::sqs_messages::AttributeValue;

    fn message(body: &str, rule_arn: Option<&str>) -> SqsMessage {
        SqsMessage {
            message_id: "m".into(),
            receipt_handle: "h".into(),
            body: body.into(),
            attributes: Default::default(),
            message_attributes: rule_arn
                .map(|a| {
                    (
                        "RULE_ARN".to_string(),
                        AttributeValue {
                            data_type: "String".into(),
                            string_value: Some(a.into()),
                            binary_value: None,
                        },
                    )
                })
                .into_iter()
                .collect(),
        }
    }

    const EVENT: &str = r#"{"version":"0","id":"6a7e8feb","detail-type":"OrderPlaced","source":"shop.orders","account":"123456789012","time":"2026-12-01T10:00:00Z","region":"us-east-1","resources":["arn:aws:s3:::b"],"detail":{"order":7,"items":[1,2]}}"#;

    #[test]
    fn the_entry_is_rebuilt_from_the_event_on_the_rules_bus() {
        let m = message(
            EVENT,
            Some("arn:aws:events:us-east-1:123456789012:rule/shop/orders-to-queue"),
        );
        let e = entry(&m, Some("other")).unwrap();
        assert_eq!(e.bus, "shop");
        assert_eq!(
            (e.source.as_str(), e.detail_type.as_str()),
            ("shop.orders", "OrderPlaced")
        );
        let detail: Value = serde_json::from_str(&e.detail).unwrap();
        assert_eq!(detail, serde_json::json!({"order":7,"items":[1,2]}));
        assert_eq!(e.resources, ["arn:aws:s3:::b"]);
        assert_eq!(e.time.as_deref(), Some("2026-12-01T10:00:00Z"));
        let m = message(EVENT, Some("arn:aws:events:us-east-1:123456789012:rule/r"));
        assert_eq!(entry(&m, None).unwrap().bus, "default");
        assert_eq!(
            entry(&message(EVENT, None), Some("shop")).unwrap().bus,
            "shop"
        );
        assert!(
            entry(&message(EVENT, None), None)
                .unwrap_err()
                .contains("RULE_ARN")
        );
    }

    #[test]
    fn a_body_that_is_not_an_event_is_refused() {
        for body in [
            "text",
            r#"{"order":7}"#,
            r#"{"source":"s","detail-type":"d"}"#,
            r#"{"source":"s","detail-type":"d","detail":{},"resources":"x"}"#,
        ] {
            assert!(
                entry(&message(body, None), Some("b"))
                    .unwrap_err()
                    .contains("not an EventBridge event"),
                "{body}"
            );
        }
    }

    #[test]
    fn sizes_count_as_eventbridge_counts_them() {
        let e = entry(&message(EVENT, None), Some("b")).unwrap();
        assert_eq!(
            entry_size(&e),
            "shop.orders".len()
                + "OrderPlaced".len()
                + e.detail.len()
                + "arn:aws:s3:::b".len()
                + 14
        );
    }
}
