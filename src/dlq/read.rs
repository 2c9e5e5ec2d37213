//! `dlq peek` and `dlq export`: read messages without losing them.
//!
//! Peek hides what it reads for a short visibility timeout and returns every message to the
//! queue as soon as it has read enough (if gearctl dies, the timeout returns them). Export
//! writes JSONL; with `--delete` it deletes a batch only after its lines are written and
//! fsynced.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use super::drain::{self, Disposition, DrainOptions, Failure, Sink};
use super::filter::{self, Filter};
use super::queue::Queue;
use super::record::{Record, Writer};
use crate::aws::Aws;
use crate::aws::sqs_messages::{AttributeValue, SqsMessage};
use crate::error::{Error, Exit, Result};
use crate::render::{Feedback, Human, Report, Tone};

/// One message as `peek` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Peeked {
    pub message_id: String,
    pub body: String,
    pub receive_count: Option<u32>,
    /// RFC 3339, from SentTimestamp.
    pub sent_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// From a Lambda async DLQ: the function's error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub message_attributes: BTreeMap<String, AttributeValue>,
}

impl Peeked {
    fn from(m: &SqsMessage) -> Peeked {
        let attr = |k: &str| {
            m.message_attributes
                .get(k)
                .and_then(|v| v.string_value.clone())
        };
        Peeked {
            message_id: m.message_id.clone(),
            body: m.body.clone(),
            receive_count: m
                .attributes
                .get("ApproximateReceiveCount")
                .and_then(|v| v.parse().ok()),
            sent_at: m
                .attributes
                .get("SentTimestamp")
                .and_then(|v| v.parse::<i64>().ok())
                .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
                .map(|t| t.to_string()),
            group_id: m.attributes.get("MessageGroupId").cloned(),
            error_code: attr("ErrorCode"),
            error_message: attr("ErrorMessage"),
            attributes: m.attributes.clone(),
            message_attributes: m.message_attributes.clone(),
        }
    }
}

/// The JSON document of `dlq peek`: `{"queue": {...}, "messages": [{message_id, body,
/// receive_count, sent_at, group_id?, error_code?, error_message?, attributes,
/// message_attributes}]}`.
#[derive(Debug, Clone, Serialize)]
pub struct PeekReport {
    pub queue: Queue,
    pub messages: Vec<Peeked>,
}

struct Collect<'a> {
    filters: &'a [Filter],
    seen: Vec<Peeked>,
}

impl Sink for Collect<'_> {
    async fn handle(&mut self, batch: &[SqsMessage]) -> Result<Vec<Disposition>> {
        Ok(batch
            .iter()
            .map(|m| {
                if filter::all_match(self.filters, m) {
                    self.seen.push(Peeked::from(m));
                    Disposition::Keep
                } else {
                    Disposition::Skip
                }
            })
            .collect())
    }
}

/// Peek at up to `n` messages (those matching the filters).
pub async fn peek(
    aws: &Aws,
    queue: Queue,
    n: usize,
    filters: &[Filter],
    stop: &AtomicBool,
    out: &dyn Feedback,
) -> Result<PeekReport> {
    let opts = DrainOptions {
        visibility_s: 30,
        max: Some(n),
        rate: None,
        empty_polls: 2,
    };
    let mut sink = Collect {
        filters,
        seen: Vec::new(),
    };
    let bar = out.progress(Some(n as u64), "reading messages");
    let result = drain::drain(aws, &queue, &opts, stop, &mut sink, &*bar).await;
    bar.finish_and_clear();
    if let Some(e) = result.error {
        return Err(e);
    }
    Ok(PeekReport {
        queue,
        messages: sink.seen,
    })
}

impl Report for PeekReport {
    const COMMAND: &'static str = "dlq peek";

    fn human(&self, view: &mut Human) {
        view.fields(
            "Queue",
            &[
                ("name", self.queue.name.clone()),
                ("type", self.queue.kind().to_string()),
                ("messages", self.queue.visible.to_string()),
                ("in flight", self.queue.in_flight.to_string()),
                ("shown", self.messages.len().to_string()),
            ],
        );
        for m in &self.messages {
            let mut pairs = vec![
                ("sent", m.sent_at.clone().unwrap_or_default()),
                (
                    "receives",
                    m.receive_count.map(|c| c.to_string()).unwrap_or_default(),
                ),
            ];
            if let Some(g) = &m.group_id {
                pairs.push(("group", g.clone()));
            }
            if let Some(c) = &m.error_code {
                pairs.push(("error code", c.clone()));
            }
            if let Some(e) = &m.error_message {
                pairs.push(("error", e.clone()));
            }
            for (k, v) in &m.message_attributes {
                let shown = match (&v.string_value, &v.binary_value) {
                    (Some(s), _) => format!("{s} ({})", v.data_type),
                    (None, Some(b)) => format!("{} bytes ({})", b.len(), v.data_type),
                    _ => v.data_type.clone(),
                };
                pairs.push((k.as_str(), shown));
            }
            pairs.push(("body", m.body.clone()));
            view.fields(&format!("Message {}", m.message_id), &pairs);
        }
        if self.messages.is_empty() {
            view.note("The queue has no messages to show.");
        } else if self.queue.fifo && (self.messages.len() as i64) < self.queue.visible {
            view.note(
                "FIFO queue: peek shows the first messages of each group; later ones stay \
                 locked while those are in flight.",
            );
        }
    }
}

/// The JSON document of `dlq export`: `{"queue", "file", "written", "deleted", "skipped",
/// "not_deleted": [{message_id, reason}], "interrupted", "left_in_queue"}`.
#[derive(Debug, Clone, Serialize)]
pub struct ExportReport {
    pub queue: String,
    pub file: String,
    pub written: usize,
    pub deleted: usize,
    pub skipped: usize,
    pub not_deleted: Vec<Failure>,
    pub interrupted: bool,
    pub left_in_queue: i64,
    /// False when messages that should have been exported were not reached: on a FIFO
    /// queue, reading without deleting stops once every message group is in flight.
    pub complete: bool,
}

struct Export<'a> {
    writer: &'a mut Writer,
    queue_arn: &'a str,
    filters: &'a [Filter],
    delete: bool,
}

impl Sink for Export<'_> {
    async fn handle(&mut self, batch: &[SqsMessage]) -> Result<Vec<Disposition>> {
        let mut records = Vec::new();
        let mut out = Vec::with_capacity(batch.len());
        for m in batch {
            if filter::all_match(self.filters, m) {
                records.push(Record::from_message(m, self.queue_arn));
                out.push(if self.delete {
                    Disposition::Done
                } else {
                    Disposition::Keep
                });
            } else {
                out.push(Disposition::Skip);
            }
        }
        // Written and fsynced before the loop may delete anything.
        self.writer.write_durably(&records)?;
        Ok(out)
    }
}

pub struct ExportOptions<'a> {
    pub file: &'a std::path::Path,
    pub append: bool,
    pub delete: bool,
    pub max: Option<usize>,
    pub filters: &'a [Filter],
    pub visibility_s: i32,
}

pub async fn export(
    aws: &Aws,
    mut queue: Queue,
    opts: &ExportOptions<'_>,
    stop: &AtomicBool,
    out: &dyn Feedback,
) -> Result<(ExportReport, Option<Error>)> {
    let mut writer = Writer::open(opts.file, opts.append)?;
    let drain_opts = DrainOptions {
        visibility_s: opts.visibility_s,
        max: opts.max,
        ..DrainOptions::default()
    };
    let mut sink = Export {
        writer: &mut writer,
        queue_arn: &queue.arn,
        filters: opts.filters,
        delete: opts.delete,
    };
    let before = queue.visible.max(0) as usize;
    let bar = out.progress(Some(before as u64), "exporting");
    let result = drain::drain(aws, &queue, &drain_opts, stop, &mut sink, &*bar).await;
    bar.finish_and_clear();
    let _ = queue.refresh(aws).await;
    let report = ExportReport {
        queue: queue.name.clone(),
        file: opts.file.display().to_string(),
        written: writer.written,
        deleted: result.done,
        skipped: result.skipped,
        not_deleted: result.not_deleted,
        interrupted: result.interrupted,
        left_in_queue: queue.visible + queue.in_flight,
        complete: opts.delete
            || opts.max.is_some()
            || result.interrupted
            || result.kept + result.skipped + result.failed.len() >= before,
    };
    Ok((report, result.error))
}

impl Report for ExportReport {
    const COMMAND: &'static str = "dlq export";

    fn human(&self, view: &mut Human) {
        let mut pairs = vec![
            ("queue", self.queue.clone()),
            ("file", self.file.clone()),
            ("written", self.written.to_string()),
            ("deleted", self.deleted.to_string()),
            ("skipped by filter", self.skipped.to_string()),
            ("left in queue", self.left_in_queue.to_string()),
        ];
        if self.interrupted {
            pairs.push(("stopped", "interrupted (Ctrl-C)".into()));
        }
        view.fields("Export", &pairs);
        if !self.complete {
            view.note(
                "Not every message was reached: on a FIFO queue, reading without deleting stops \
                 once every message group is in flight. Use --delete to export all of them.",
            );
        }
        if !self.not_deleted.is_empty() {
            view.table(
                "Written but not deleted",
                &["message", "reason"],
                self.not_deleted
                    .iter()
                    .map(|f| {
                        vec![
                            (f.message_id.clone(), Tone::Plain),
                            (f.reason.clone(), Tone::Warn),
                        ]
                    })
                    .collect(),
            );
        }
    }

    fn exit(&self) -> Exit {
        if self.interrupted || !self.not_deleted.is_empty() || !self.complete {
            Exit::Findings
        } else {
            Exit::Ok
        }
    }
}
