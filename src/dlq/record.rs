//! The JSONL format of `dlq export` and `dlq import`, one message per line, and the durable
//! writer behind `--backup` and `export --delete`: a line is on disk (fsynced) before the
//! message it holds may be deleted.
//!
//! A line: `{"message_id": "…", "body": "…", "attributes": {"SentTimestamp": "…", …},
//! "message_attributes": {"name": {"data_type": "Number", "string_value": "1"}, …},
//! "queue": "arn:aws:sqs:…"}`. Binary attribute values are base64.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::aws::sqs_messages::{AttributeValue, SqsMessage};
use crate::error::{Error, Result};
use crate::lines::{CappedLines, Line};

/// One message on one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub message_id: String,
    pub body: String,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub message_attributes: BTreeMap<String, AttributeValue>,
    /// The ARN of the queue it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
}

impl Record {
    pub fn from_message(m: &SqsMessage, queue_arn: &str) -> Record {
        Record {
            message_id: m.message_id.clone(),
            body: m.body.clone(),
            attributes: m.attributes.clone(),
            message_attributes: m.message_attributes.clone(),
            queue: Some(queue_arn.to_string()),
        }
    }
}

/// Appends records and fsyncs them.
pub struct Writer {
    file: File,
    path: PathBuf,
    pub written: usize,
}

impl Writer {
    /// Open for appending. An existing non-empty file is refused unless `append`.
    pub fn open(path: &Path, append: bool) -> Result<Writer> {
        if !append && path.metadata().is_ok_and(|m| m.len() > 0) {
            return Err(Error::usage(
                format!("{} already exists and is not empty", path.display()),
                Some("pick another file name, or pass --append to add to it".into()),
            ));
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Error::io("opening", path, e))?;
        Ok(Writer {
            file,
            path: path.to_path_buf(),
            written: 0,
        })
    }

    /// Write the records as lines and fsync; only then are they safe to delete.
    pub fn write_durably(&mut self, records: &[Record]) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut buf = Vec::with_capacity(records.len() * 512);
        for r in records {
            serde_json::to_writer(&mut buf, r).map_err(|e| Error::Invalid {
                what: "a message".into(),
                detail: format!("cannot be written as JSON: {e}"),
                hint: None,
            })?;
            buf.push(b'\n');
        }
        self.file
            .write_all(&buf)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| Error::io("writing", &self.path, e))?;
        self.written += records.len();
        Ok(())
    }
}

/// A record and its line number (from 1).
pub type Numbered = (usize, Record);

/// A line of an import file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadLine {
    pub line: usize,
    pub reason: String,
}

/// The largest message SQS takes: 1 MiB since August 2025 (each queue may set less).
pub const MAX_MESSAGE: usize = 1 << 20;

/// The longest line `dlq import` reads: a 1 MiB message written as JSON at its worst
/// (every byte a control character, escaped as six: `\u0001`), plus 64 KiB for the
/// message ID, attribute names and the queue ARN. `dlq export` never writes a longer
/// line, so a longer one means the file is not an export, and reading stops there.
pub const MAX_LINE: usize = 6 * MAX_MESSAGE + (64 << 10);

/// What one line of an import file holds.
#[derive(Debug)]
pub enum Item {
    Record(Numbered),
    Bad(BadLine),
    /// A line over [`MAX_LINE`]; nothing after it is read.
    TooLong(BadLine),
}

/// Reads an import file line by line, holding one line at a time. Blank lines are
/// skipped; a broken line is returned as [`Item::Bad`] and reading goes on.
pub struct Lines {
    lines: CappedLines<BufReader<File>>,
    path: PathBuf,
}

impl Lines {
    pub fn open(path: &Path) -> Result<Lines> {
        let file = File::open(path).map_err(|e| Error::io("opening", path, e))?;
        Ok(Lines {
            lines: CappedLines::new(BufReader::with_capacity(1 << 16, file), MAX_LINE),
            path: path.to_path_buf(),
        })
    }

    /// The next item, or `None` at the end of the file.
    pub fn next_item(&mut self) -> Result<Option<Item>> {
        loop {
            let n = self.lines.number() + 1;
            let line = match self.lines.next_line() {
                Ok(Some(line)) => line,
                Ok(None) => return Ok(None),
                Err(e) => return Err(Error::io("reading", &self.path, e)),
            };
            let text = match line {
                Line::TooLong => {
                    return Ok(Some(Item::TooLong(BadLine {
                        line: n,
                        reason: format!(
                            "longer than {:.1} MiB, more than a 1 MiB SQS message needs as a \
                             line of `dlq export`",
                            MAX_LINE as f64 / f64::from(1u32 << 20)
                        ),
                    })));
                }
                Line::Text(text) => text,
            };
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(Some(match serde_json::from_slice::<Record>(text) {
                Ok(r) => Item::Record((n, r)),
                Err(e) => Item::Bad(BadLine {
                    line: n,
                    reason: e.to_string(),
                }),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str) -> Record {
        Record {
            message_id: id.into(),
            body: "{\"order\":1}\n\ttabs and ünïcode".into(),
            attributes: [("MessageGroupId".to_string(), "g1".to_string())].into(),
            message_attributes: [(
                "blob".to_string(),
                AttributeValue {
                    data_type: "Binary".into(),
                    string_value: None,
                    binary_value: Some(vec![0, 159, 146, 150]),
                },
            )]
            .into(),
            queue: Some("arn:aws:sqs:us-east-1:1:q".into()),
        }
    }

    fn read_all(path: &Path) -> (Vec<Numbered>, Vec<BadLine>) {
        let mut lines = Lines::open(path).unwrap();
        let (mut good, mut bad) = (Vec::new(), Vec::new());
        while let Some(item) = lines.next_item().unwrap() {
            match item {
                Item::Record(r) => good.push(r),
                Item::Bad(b) | Item::TooLong(b) => bad.push(b),
            }
        }
        (good, bad)
    }

    #[test]
    fn a_byte_order_mark_is_accepted_and_a_line_over_the_cap_stops_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        let line = serde_json::to_string(&record("a")).unwrap();
        std::fs::write(&path, format!("\u{feff}{line}\n")).unwrap();
        let (good, bad) = read_all(&path);
        assert_eq!((good.len(), bad.len()), (1, 0), "{bad:?}");

        let mut text = format!("{line}\n").into_bytes();
        text.resize(text.len() + MAX_LINE + 10, b' ');
        text.extend_from_slice(format!("\n{line}\n").as_bytes());
        std::fs::write(&path, text).unwrap();
        let mut lines = Lines::open(&path).unwrap();
        assert!(matches!(
            lines.next_item().unwrap(),
            Some(Item::Record((1, _)))
        ));
        match lines.next_item().unwrap() {
            Some(Item::TooLong(b)) => {
                assert_eq!(b.line, 2);
                assert!(b.reason.contains("1 MiB SQS message"), "{}", b.reason);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn records_round_trip_and_bad_lines_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let mut w = Writer::open(&path, false).unwrap();
        w.write_durably(&[record("a"), record("b")]).unwrap();
        drop(w);
        assert!(
            Writer::open(&path, false).is_err(),
            "refuses to add to a file by surprise"
        );
        let mut w = Writer::open(&path, true).unwrap();
        w.write_durably(&[record("c")]).unwrap();
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("\nnot json\n{\"body\":\"no id\"}\n");
        std::fs::write(&path, text).unwrap();
        let (good, bad) = read_all(&path);
        let ids: Vec<&str> = good.iter().map(|(_, r)| r.message_id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(good[0].1, record("a"));
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), [5, 6]);
    }
}
