//! The text forms, `REPORT` and `INIT_REPORT` lines: tab-separated `Name: value unit`
//! fields in any order, matched by name.

use super::values::*;
use super::{InitReport, Line, Report};

/// The tab-separated `Name: value` fields of a text line, names and values trimmed;
/// segments without a colon are skipped like unknown fields. Searched eight bytes at a time:
/// `split`/`split_once` cost more than all the rest of the parse on segments this short.
pub(super) struct Fields<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Iterator for Fields<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.s.as_bytes();
        while self.at <= bytes.len() {
            let start = self.at;
            let colon = find_either(bytes, start, b':', b'\t');
            if bytes.get(colon) != Some(&b':') {
                self.at = colon + 1;
                continue;
            }
            let end = find_either(bytes, colon + 1, b'\t', b'\t');
            self.at = end + 1;
            // All cuts are next to ASCII bytes, so on char boundaries.
            let name = self.s.get(start..colon)?.trim_ascii();
            let value = self.s.get(colon + 1..end)?.trim_ascii();
            return Some((name, value));
        }
        None
    }
}

pub(super) fn fields(rest: &str) -> Fields<'_> {
    Fields { s: rest, at: 0 }
}

/// The field names that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Name {
    RequestId,
    Duration,
    BilledDuration,
    MemorySize,
    MaxMemoryUsed,
    InitDuration,
    RestoreDuration,
    BilledRestoreDuration,
    Status,
    Phase,
    Unknown,
}

/// By length first, so that each comparison is against one constant of known size
/// (compiled to a few loads, not a `memcmp` call per candidate).
pub(super) fn name_of(name: &str) -> Name {
    match name.len() {
        5 if name == "Phase" => Name::Phase,
        6 if name == "Status" => Name::Status,
        8 if name == "Duration" => Name::Duration,
        9 if name == "RequestId" => Name::RequestId,
        11 if name == "Memory Size" => Name::MemorySize,
        13 if name == "Init Duration" => Name::InitDuration,
        15 if name == "Billed Duration" => Name::BilledDuration,
        15 if name == "Max Memory Used" => Name::MaxMemoryUsed,
        16 if name == "Restore Duration" => Name::RestoreDuration,
        23 if name == "Billed Restore Duration" => Name::BilledRestoreDuration,
        _ => Name::Unknown,
    }
}

pub(super) fn text_report(rest: &str) -> Option<Line<'_>> {
    let mut request_id = None;
    let mut duration_ms = None;
    let mut report = Report {
        duration_ms: 0.0,
        billed_ms: None,
        memory_mb: None,
        max_memory_mb: None,
        init_ms: None,
        restore_ms: None,
        billed_restore_ms: None,
        status: None,
    };
    for (name, value) in fields(rest) {
        match name_of(name) {
            Name::RequestId => request_id = Some(value).filter(|id| !id.is_empty()),
            Name::Duration => duration_ms = Some(with_unit(value, "ms", phase_ms)?),
            Name::BilledDuration => report.billed_ms = Some(with_unit(value, "ms", billed_ms)?),
            Name::MemorySize => report.memory_mb = Some(with_unit(value, "MB", whole)?),
            Name::MaxMemoryUsed => report.max_memory_mb = Some(with_unit(value, "MB", whole)?),
            Name::InitDuration => report.init_ms = Some(with_unit(value, "ms", phase_ms)?),
            Name::RestoreDuration => report.restore_ms = Some(with_unit(value, "ms", phase_ms)?),
            Name::BilledRestoreDuration => {
                report.billed_restore_ms = Some(with_unit(value, "ms", billed_ms)?);
            }
            Name::Status => report.status = text_status(value)?,
            Name::Phase | Name::Unknown => {}
        }
    }
    report.duration_ms = duration_ms?;
    Some(Line::Report(report, request_id))
}

pub(super) fn text_init_report(rest: &str) -> Option<Line<'static>> {
    let mut init_ms = None;
    let mut status = None;
    let mut phase_init = false;
    for (name, value) in fields(rest) {
        match name_of(name) {
            Name::InitDuration => init_ms = Some(with_unit(value, "ms", phase_ms)?),
            Name::Phase => phase_init = value == "init",
            Name::Status => status = text_status(value)?,
            _ => {}
        }
    }
    Some(Line::InitReport(InitReport {
        init_ms: init_ms?,
        status,
        phase_init,
    }))
}

/// `value` is `<number> <unit>` (or a bare number); a different unit is not accepted.
pub(super) fn with_unit<T>(
    value: &str,
    unit: &str,
    number: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let (digits, stated) = match value.as_bytes().iter().position(|&b| b == b' ') {
        Some(at) => (value.get(..at)?, value.get(at + 1..)?.trim_ascii()),
        None => (value, unit),
    };
    if stated != unit {
        return None;
    }
    number(digits)
}
