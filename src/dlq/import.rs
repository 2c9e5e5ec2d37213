//! `dlq import FILE.jsonl --to QUEUE`: send exported messages back, with their attributes,
//! FIFO group IDs and order. The file is only read, never changed; a line that cannot be
//! read or sent is reported with its line number, and the others are still sent.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::mover::send_in_order;
use super::queue::Queue;
use super::record::{self, BadLine, Record};
use crate::aws::Aws;
use crate::aws::sqs_messages::{OutgoingMessage, SqsMessage};
use crate::error::{Error, Exit, Result};
use crate::render::{Human, Output, Report, Tone};

/// A line that was read but not sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotSent {
    pub line: usize,
    pub message_id: String,
    pub reason: String,
}

/// The JSON document of `dlq import`: `{"file", "queue", "dry_run", "lines", "sent",
/// "not_sent": [{line, message_id, reason}], "bad_lines": [{line, reason}],
/// "interrupted"}`.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub queue: String,
    pub dry_run: bool,
    pub lines: usize,
    pub sent: usize,
    pub not_sent: Vec<NotSent>,
    pub bad_lines: Vec<BadLine>,
    pub interrupted: bool,
}

/// Records sent per round; send_in_order batches them by 10 and by size.
const CHUNK: usize = 100;

pub async fn import(
    aws: &Aws,
    file: &Path,
    queue: &Queue,
    dry_run: bool,
    stop: &AtomicBool,
    out: &Output,
) -> Result<(ImportReport, Option<Error>)> {
    let (records, bad_lines) = record::read_file(file)?;
    if records.is_empty() && !bad_lines.is_empty() {
        return Err(Error::Invalid {
            what: file.display().to_string(),
            detail: format!(
                "no line could be read (line {}: {})",
                bad_lines[0].line, bad_lines[0].reason
            ),
            hint: Some(
                "the file must hold one JSON message per line, as `gearctl dlq export` writes"
                    .into(),
            ),
        });
    }
    let mut report = ImportReport {
        file: file.display().to_string(),
        queue: queue.name.clone(),
        dry_run,
        lines: records.len(),
        sent: 0,
        not_sent: Vec::new(),
        bad_lines,
        interrupted: false,
    };
    let bar = out.progress(Some(records.len() as u64), "importing");
    let mut error = None;
    for chunk in records.chunks(CHUNK) {
        if stop.load(Ordering::SeqCst) {
            report.interrupted = true;
            break;
        }
        let mut items = Vec::new();
        for (k, (line, r)) in chunk.iter().enumerate() {
            match outgoing(r, queue, k) {
                Ok(o) => items.push((k, o)),
                Err(reason) => report.not_sent.push(NotSent {
                    line: *line,
                    message_id: r.message_id.clone(),
                    reason,
                }),
            }
        }
        if dry_run {
            bar.inc(chunk.len() as u64);
            continue;
        }
        let results = send_in_order(aws, queue, items, &mut error).await;
        for (k, d) in results {
            match d {
                super::drain::Disposition::Done => report.sent += 1,
                super::drain::Disposition::Fail(reason) => report.not_sent.push(NotSent {
                    line: chunk[k].0,
                    message_id: chunk[k].1.message_id.clone(),
                    reason,
                }),
                _ => {}
            }
        }
        bar.inc(chunk.len() as u64);
        if error.is_some() {
            break;
        }
    }
    bar.finish_and_clear();
    report.not_sent.sort_by_key(|n| n.line);
    Ok((report, error))
}

/// A record as it will be sent to `queue`.
fn outgoing(
    r: &Record,
    queue: &Queue,
    index: usize,
) -> std::result::Result<OutgoingMessage, String> {
    let as_received = SqsMessage {
        message_id: r.message_id.clone(),
        receipt_handle: String::new(),
        body: r.body.clone(),
        attributes: r.attributes.clone(),
        message_attributes: r.message_attributes.clone(),
    };
    super::mover::outgoing(&as_received, queue, index)
}

impl Report for ImportReport {
    const COMMAND: &'static str = "dlq import";

    fn human(&self, view: &mut Human) {
        view.fields(
            if self.dry_run {
                "Import (dry run: nothing sent)"
            } else {
                "Import"
            },
            &[
                ("file", self.file.clone()),
                ("queue", self.queue.clone()),
                ("messages read", self.lines.to_string()),
                ("sent", self.sent.to_string()),
                ("not sent", self.not_sent.len().to_string()),
                ("unreadable lines", self.bad_lines.len().to_string()),
            ],
        );
        let rows: Vec<_> = self
            .bad_lines
            .iter()
            .map(|b| {
                vec![
                    (b.line.to_string(), Tone::Plain),
                    (String::new(), Tone::Plain),
                    (b.reason.clone(), Tone::Bad),
                ]
            })
            .chain(self.not_sent.iter().map(|n| {
                vec![
                    (n.line.to_string(), Tone::Plain),
                    (n.message_id.clone(), Tone::Plain),
                    (n.reason.clone(), Tone::Bad),
                ]
            }))
            .collect();
        if !rows.is_empty() {
            view.table("Problems", &["line", "message", "reason"], rows);
        }
        if self.interrupted {
            view.note("Interrupted (Ctrl-C): lines after the last sent batch were not sent.");
        }
    }

    fn exit(&self) -> Exit {
        if self.interrupted || !self.not_sent.is_empty() || !self.bad_lines.is_empty() {
            Exit::Findings
        } else {
            Exit::Ok
        }
    }
}
