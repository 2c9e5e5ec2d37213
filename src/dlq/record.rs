//! The JSONL format of `dlq export` and `dlq import`, one message per line, and the durable
//! writer behind `--backup` and `export --delete`: a line is on disk (fsynced) before the
//! message it holds may be deleted.
//!
//! A line: `{"message_id": "…", "body": "…", "attributes": {"SentTimestamp": "…", …},
//! "message_attributes": {"name": {"data_type": "Number", "string_value": "1"}, …},
//! "queue": "arn:aws:sqs:…"}`. Binary attribute values are base64.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::aws::sqs_messages::{AttributeValue, SqsMessage};
use crate::error::{Error, Result};

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

/// Read every record of a JSONL file. Blank lines are skipped; a broken line is reported
/// with its number and the rest are still read.
pub fn read_file(path: &Path) -> Result<(Vec<Numbered>, Vec<BadLine>)> {
    let file = File::open(path).map_err(|e| Error::io("opening", path, e))?;
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in BufReader::new(file).split(b'\n').enumerate() {
        let line = line.map_err(|e| Error::io("reading", path, e))?;
        let n = i + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(&line) {
            Ok(r) => good.push((n, r)),
            Err(e) => bad.push(BadLine {
                line: n,
                reason: e.to_string(),
            }),
        }
    }
    Ok((good, bad))
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
        let (good, bad) = read_file(&path).unwrap();
        let ids: Vec<&str> = good.iter().map(|(_, r)| r.message_id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(good[0].1, record("a"));
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), [5, 6]);
    }
}
