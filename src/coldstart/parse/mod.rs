//! Reads the platform lines that AWS Lambda writes to CloudWatch Logs — `REPORT`,
//! `INIT_REPORT`, and their JSON-format twins `platform.report` and `platform.initReport` —
//! into numbers for the cold-start report.
//!
//! Why a parser of its own: a cold-start report reads every log line of a function over a
//! time window, often hundreds of megabytes, and only about one line in three is a report.
//! So the work per line is kept small: no allocation, no regex, no JSON tree, and lines that
//! are plainly not reports cost little more than finding their ends. The text forms are tab-separated `Name: value unit` fields whose set
//! and order vary (SnapStart, X-Ray, timeouts, error types), so fields are matched by name
//! and unknown ones skipped. The JSON form is read by a small validating scanner that picks
//! out the few keys it needs, in any order, with any whitespace and any string escapes, and
//! skips everything else (`spans`, `tracing`, nested objects).
//!
//! Every line is one of four kinds: a report, an init report, not a report (`START`/`END`
//! lines, application output, other JSON records), or garbage: a line that starts like a
//! report (first word `REPORT` or `INIT_REPORT`, or JSON whose `type` is one of the two
//! report types) but cannot be read. Garbage is counted so that the caller can say how much
//! it could not use; no input makes this module panic.

#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod json;
mod text;
mod values;

use json::json_line;
use text::{text_init_report, text_report};
pub use values::{MAX_BILLED_MS, MAX_PHASE_MS};

#[cfg(test)]
mod tests;

/// One invocation's `REPORT` line (text) or `platform.report` record (JSON).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report {
    pub duration_ms: f64,
    pub billed_ms: Option<f64>,
    pub memory_mb: Option<u32>,
    pub max_memory_mb: Option<u32>,
    /// Set on a cold start (on-demand init).
    pub init_ms: Option<f64>,
    /// SnapStart restore.
    pub restore_ms: Option<f64>,
    pub billed_restore_ms: Option<f64>,
    /// Invocation status when the line says (None = success / not stated).
    pub status: Option<Status>,
}

/// A status other than success: `timeout`, `error`, or anything else Lambda says
/// (`failure`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Timeout,
    Error,
    Other,
}

/// An `INIT_REPORT` line (text) or `platform.initReport` record (JSON): an init phase that
/// Lambda reports on its own, typically one that failed or timed out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InitReport {
    pub init_ms: f64,
    /// None = success / not stated.
    pub status: Option<Status>,
    /// The line says `Phase: init` (as opposed to `invoke`, a re-init during an invocation).
    pub phase_init: bool,
}

/// What one log line is.
#[derive(Debug, Clone, PartialEq)]
pub enum Line<'a> {
    /// A report, with its request id when the line has one (borrowed from the line; `None`
    /// too for a JSON request id written with escapes, which cannot be borrowed as is).
    Report(Report, Option<&'a str>),
    InitReport(InitReport),
    NotAReport,
    /// Starts like a report but cannot be read: truncated, a number that isn't one, a
    /// required field missing, invalid JSON.
    Garbage,
}

/// Counts, for a whole text: how many lines of each kind.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Tally {
    pub reports: u64,
    pub init_reports: u64,
    pub not_reports: u64,
    pub garbage: u64,
}

/// Parse every line of `text`, calling `on_report`/`on_init` for the parsed ones, and return the tally.
///
/// Lines end at `\n` (a `\r` before it is dropped); blank lines count as not reports.
pub fn parse_text(
    text: &str,
    mut on_report: impl FnMut(&Report),
    mut on_init: impl FnMut(&InitReport),
) -> Tally {
    let mut tally = Tally::default();
    for line in text.lines() {
        match parse_line(line) {
            Line::Report(report, _) => {
                tally.reports += 1;
                on_report(&report);
            }
            Line::InitReport(init) => {
                tally.init_reports += 1;
                on_init(&init);
            }
            Line::NotAReport => tally.not_reports += 1,
            Line::Garbage => tally.garbage += 1,
        }
    }
    tally
}

/// Read one log line (surrounding whitespace, a trailing tab and CR/LF included, is ignored).
pub fn parse_line(line: &str) -> Line<'_> {
    let line = line.trim_ascii();
    match line.as_bytes().first() {
        Some(b'R') => match first_word_rest(line, "REPORT") {
            Some(rest) => text_report(rest).unwrap_or(Line::Garbage),
            None => Line::NotAReport,
        },
        Some(b'I') => match first_word_rest(line, "INIT_REPORT") {
            Some(rest) => text_init_report(rest).unwrap_or(Line::Garbage),
            None => Line::NotAReport,
        },
        Some(b'{') => json_line(line),
        _ => Line::NotAReport,
    }
}

/// When `line`'s first word is `word`, what follows it.
pub(super) fn first_word_rest<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(word)?;
    match rest.as_bytes().first() {
        None | Some(b' ' | b'\t') => Some(rest),
        Some(_) => None,
    }
}
