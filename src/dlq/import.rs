//! `dlq import FILE.jsonl --to QUEUE`: send exported messages back, with their attributes,
//! FIFO group IDs and order. The file is only read, never changed; a line that cannot be
//! read or sent is reported with its line number, and the others are still sent.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::check;
use super::drain::Disposition;
use super::mover::send_in_order;
use super::queue::Queue;
use super::record::{self, BadLine, Item, Numbered, Record};
use crate::aws::Aws;
use crate::aws::sqs_messages::{OutgoingMessage, SqsMessage};
use crate::error::{Error, Exit, Result};
use crate::render::{Feedback, Human, Report, Tone};

/// A line that was read but not sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotSent {
    pub line: usize,
    pub message_id: String,
    pub reason: String,
}

/// The JSON document of `dlq import`: `{"file", "queue", "dry_run", "lines", "sent",
/// "not_sent": [{line, message_id, reason}], "bad_lines": [{line, reason}],
/// "stopped_at", "interrupted"}`. `stopped_at` is the line where reading gave up (a line
/// too long for an export, or too many unreadable lines), else null.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub queue: String,
    pub dry_run: bool,
    pub lines: usize,
    pub sent: usize,
    pub not_sent: Vec<NotSent>,
    pub bad_lines: Vec<BadLine>,
    pub stopped_at: Option<usize>,
    pub interrupted: bool,
}

/// Records sent per round; send_in_order batches them by 10 and by size.
const CHUNK: usize = 100;

/// A round also ends once its records hold this many bytes, so memory stays bounded
/// whatever the file.
const CHUNK_BYTES: usize = 8 << 20;

/// After this many unreadable lines the file is taken for something other than an
/// export (`/dev/urandom` has a newline every 256 bytes or so) and reading stops.
const MAX_BAD_LINES: usize = 1000;

pub async fn import(
    aws: &Aws,
    file: &Path,
    queue: &Queue,
    dry_run: bool,
    stop: &AtomicBool,
    out: &dyn Feedback,
) -> Result<(ImportReport, Option<Error>)> {
    let mut lines = record::Lines::open(file)?;
    let mut report = ImportReport {
        file: file.display().to_string(),
        queue: queue.name.clone(),
        dry_run,
        lines: 0,
        sent: 0,
        not_sent: Vec::new(),
        bad_lines: Vec::new(),
        stopped_at: None,
        interrupted: false,
    };
    let bar = out.progress(None, "importing");
    let mut error = None;
    // FIFO: a group with a message that was not sent keeps its later messages back.
    let mut held: HashSet<String> = HashSet::new();
    let mut at_end = false;
    while !at_end && error.is_none() {
        if stop.load(Ordering::SeqCst) {
            report.interrupted = true;
            break;
        }
        let chunk = read_chunk(&mut lines, &mut report, &mut at_end)?;
        let mut items = Vec::new();
        for (k, (line, r)) in chunk.iter().enumerate() {
            let group = queue
                .fifo
                .then(|| r.attributes.get("MessageGroupId"))
                .flatten();
            let checked = match group {
                Some(g) if held.contains(g) => Err(format!(
                    "kept back: an earlier message of group {g} was not sent"
                )),
                _ => check::message(r).and_then(|()| outgoing(r, queue, k)),
            };
            match checked {
                Ok(o) => items.push((k, o)),
                Err(reason) => {
                    if let Some(g) = group {
                        held.insert(g.clone());
                    }
                    report.not_sent.push(NotSent {
                        line: *line,
                        message_id: r.message_id.clone(),
                        reason,
                    });
                }
            }
        }
        if !dry_run && !items.is_empty() {
            for (k, d) in send_in_order(aws, queue, items, &mut error).await {
                match d {
                    Disposition::Done => report.sent += 1,
                    Disposition::Fail(reason) => {
                        let (line, r) = &chunk[k];
                        if let Some(g) = queue
                            .fifo
                            .then(|| r.attributes.get("MessageGroupId"))
                            .flatten()
                        {
                            held.insert(g.clone());
                        }
                        report.not_sent.push(NotSent {
                            line: *line,
                            message_id: r.message_id.clone(),
                            reason,
                        });
                    }
                    _ => {}
                }
            }
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    if report.lines == 0 && !report.bad_lines.is_empty() {
        let first = &report.bad_lines[0];
        let mut detail = format!(
            "no line could be read (line {}: {})",
            first.line, first.reason
        );
        if let Some(at) = report.stopped_at {
            detail.push_str(&format!("; reading stopped at line {at}"));
        }
        return Err(Error::Invalid {
            what: file.display().to_string(),
            detail,
            hint: Some(
                "the file must hold one JSON message per line, as `gearctl dlq export` writes"
                    .into(),
            ),
        });
    }
    report.not_sent.sort_by_key(|n| n.line);
    Ok((report, error))
}

/// Up to [`CHUNK`] records or [`CHUNK_BYTES`]; bad lines go to the report. Sets `at_end`
/// at the end of the file or where reading stops.
fn read_chunk(
    lines: &mut record::Lines,
    report: &mut ImportReport,
    at_end: &mut bool,
) -> Result<Vec<Numbered>> {
    let mut chunk = Vec::new();
    let mut bytes = 0;
    while chunk.len() < CHUNK && bytes < CHUNK_BYTES {
        match lines.next_item()? {
            None => {
                *at_end = true;
                break;
            }
            Some(Item::Record((n, r))) => {
                report.lines += 1;
                bytes += r.body.len() + 256;
                chunk.push((n, r));
            }
            Some(Item::Bad(b)) => {
                let n = b.line;
                report.bad_lines.push(b);
                if report.bad_lines.len() >= MAX_BAD_LINES {
                    report.stopped_at = Some(n);
                    *at_end = true;
                    break;
                }
            }
            Some(Item::TooLong(b)) => {
                report.stopped_at = Some(b.line);
                report.bad_lines.push(b);
                *at_end = true;
                break;
            }
        }
    }
    Ok(chunk)
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
        if let Some(at) = self.stopped_at {
            view.note(&format!(
                "Reading stopped at line {at}: this does not look like a `dlq export` file. \
                 Lines after it were not read."
            ));
        }
        if self.interrupted {
            view.note("Interrupted (Ctrl-C): lines after the last sent batch were not sent.");
        }
    }

    fn exit(&self) -> Exit {
        if self.interrupted
            || self.stopped_at.is_some()
            || !self.not_sent.is_empty()
            || !self.bad_lines.is_empty()
        {
            Exit::Findings
        } else {
            Exit::Ok
        }
    }
}
