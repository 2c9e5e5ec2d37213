//! The JSON form, `platform.report` and `platform.initReport` records: a small validating
//! scanner that picks out the keys it needs and skips the rest.

use super::values::*;
use super::{InitReport, Line, Report, Status};

pub(super) const REPORT_TYPE: &str = "platform.report";
pub(super) const INIT_REPORT_TYPE: &str = "platform.initReport";
/// Objects and arrays nested deeper than this (the line's own object is one level) are
/// refused, at the same depth as serde_json refuses them, so that a line of `[[[[…` cannot
/// exhaust the stack.
pub(super) const MAX_DEPTH: u32 = 127;

pub(super) fn json_line(line: &str) -> Line<'_> {
    // A `type` of either report type is written either literally or with a `\u` escape
    // (no other escape makes a letter or a dot), so most `function` and `platform.start`
    // lines are told apart by this search alone, without scanning their structure.
    let names_report =
        line.contains("\"platform.report\"") || line.contains("\"platform.initReport\"");
    if !names_report && !line.contains("\\u") {
        return Line::NotAReport;
    }
    let mut scan = Json { s: line, i: 0 };
    let mut found = Found::default();
    match scan.top_level(&mut found) {
        Ok(()) => found.into_line().unwrap_or(Line::Garbage),
        // Invalid JSON: garbage when it says it is a report, else someone's output.
        Err(Bad) if names_report => Line::Garbage,
        Err(Bad) => Line::NotAReport,
    }
}

/// Invalid JSON, or (after the scan) a report record that lacks or mistypes a field.
#[derive(Debug)]
pub(super) struct Bad;

type Scanned<T> = Result<T, Bad>;

/// A JSON string's contents as written between the quotes (escapes not decoded).
#[derive(Debug, Clone, Copy)]
pub(super) struct JStr<'a> {
    raw: &'a str,
    escaped: bool,
}

impl JStr<'_> {
    /// Whether the decoded string equals `text`. Inlined so that the usual comparison, with
    /// no escapes, is one against a constant of known length.
    #[inline(always)]
    fn is(&self, text: &str) -> bool {
        if self.escaped {
            self.decoded_is(text)
        } else {
            self.raw.len() == text.len() && self.raw.as_bytes() == text.as_bytes()
        }
    }

    #[cold]
    #[inline(never)]
    fn decoded_is(&self, text: &str) -> bool {
        Unescape { s: self.raw, i: 0 }.eq(text.chars())
    }
}

/// Decodes a validated JSON string's contents char by char; lone surrogates become U+FFFD.
pub(super) struct Unescape<'a> {
    pub(super) s: &'a str,
    pub(super) i: usize,
}

impl Unescape<'_> {
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.s.get(self.i..self.i + 4)?;
        self.i += 4;
        u32::from_str_radix(digits, 16).ok()
    }
}

impl Iterator for Unescape<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let c = self.s.get(self.i..)?.chars().next()?;
        if c != '\\' {
            self.i += c.len_utf8();
            return Some(c);
        }
        let escape = *self.s.as_bytes().get(self.i + 1)?;
        self.i += 2;
        Some(match escape {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if (0xD800..0xDC00).contains(&unit) && self.s.get(self.i..self.i + 2) == Some("\\u")
                {
                    let back = self.i;
                    self.i += 2;
                    match self.hex4() {
                        Some(low @ 0xDC00..0xE000) => {
                            let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            char::from_u32(c).unwrap_or('\u{FFFD}')
                        }
                        _ => {
                            self.i = back;
                            '\u{FFFD}'
                        }
                    }
                } else {
                    char::from_u32(unit).unwrap_or('\u{FFFD}')
                }
            }
            _ => return None,
        })
    }
}

/// A scalar JSON value as far as this module cares.
#[derive(Debug, Clone, Copy, Default)]
pub(super) enum JVal<'a> {
    #[default]
    Missing,
    Null,
    /// The number as written (validated against JSON's grammar).
    Num(&'a str),
    Str(JStr<'a>),
    /// `true`, `false`, an object or an array.
    Other,
}

impl<'a> JVal<'a> {
    /// A duration: a non-negative number up to [`MAX_PHASE_MS`], or absent/null.
    fn opt_ms(self) -> Scanned<Option<f64>> {
        self.opt_ms_up_to(MAX_PHASE_MS)
    }

    fn opt_ms_up_to(self, max: f64) -> Scanned<Option<f64>> {
        match self.opt_number()? {
            Some(v) if v > max => Err(Bad),
            v => Ok(v),
        }
    }

    /// A non-negative number, or absent/null.
    fn opt_number(self) -> Scanned<Option<f64>> {
        match self {
            JVal::Missing | JVal::Null => Ok(None),
            // Plain `123.45` (nearly always) through the same fast path as the text form;
            // signs and exponents through `str::parse` (JSON's grammar is a subset of its).
            JVal::Num(n) => match decimal(n).or_else(|| n.parse::<f64>().ok()) {
                Some(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
                _ => Err(Bad),
            },
            JVal::Str(_) | JVal::Other => Err(Bad),
        }
    }

    /// A size in MB: a whole number that fits a u32 (`128` or `128.0`), or absent/null.
    fn opt_mb(self) -> Scanned<Option<u32>> {
        match self {
            JVal::Num(n) if all_digits(n) => whole(n).map(Some).ok_or(Bad),
            JVal::Num(_) => match self.opt_number()? {
                Some(v) if v.fract() == 0.0 && v <= f64::from(u32::MAX) => Ok(Some(v as u32)),
                _ => Err(Bad),
            },
            other => other.opt_number().map(|_| None),
        }
    }

    fn status(self) -> Scanned<Option<Status>> {
        match self {
            JVal::Missing | JVal::Null => Ok(None),
            JVal::Str(s) => Ok(status_from(|word| s.is(word))),
            JVal::Num(_) | JVal::Other => Err(Bad),
        }
    }

    fn request_id(self) -> Scanned<Option<&'a str>> {
        match self {
            JVal::Missing | JVal::Null => Ok(None),
            JVal::Str(s) if s.escaped || s.raw.is_empty() => Ok(None),
            JVal::Str(s) => Ok(Some(s.raw)),
            JVal::Num(_) | JVal::Other => Err(Bad),
        }
    }
}

/// What the scan of a line found: `type`, and the keys of `record` and `record.metrics`
/// that matter. Filled in place as the scan goes (a repeated key counts by its last value,
/// as in serde_json's maps).
#[derive(Debug, Default)]
pub(super) struct Found<'a> {
    kind: JVal<'a>,
    /// `record` is there and is an object.
    record: bool,
    request_id: JVal<'a>,
    status: JVal<'a>,
    phase: JVal<'a>,
    /// `record.metrics` is there and is an object.
    metrics: bool,
    duration: JVal<'a>,
    billed: JVal<'a>,
    memory: JVal<'a>,
    max_memory: JVal<'a>,
    init: JVal<'a>,
    restore: JVal<'a>,
    billed_restore: JVal<'a>,
}

impl<'a> Found<'a> {
    fn clear_record(&mut self) {
        *self = Found {
            kind: self.kind,
            ..Found::default()
        };
    }

    fn clear_metrics(&mut self) {
        self.metrics = false;
        self.duration = JVal::Missing;
        self.billed = JVal::Missing;
        self.memory = JVal::Missing;
        self.max_memory = JVal::Missing;
        self.init = JVal::Missing;
        self.restore = JVal::Missing;
        self.billed_restore = JVal::Missing;
    }

    fn into_line(self) -> Scanned<Line<'a>> {
        let JVal::Str(kind) = self.kind else {
            return Ok(Line::NotAReport);
        };
        let is_report = kind.is(REPORT_TYPE);
        if !is_report && !kind.is(INIT_REPORT_TYPE) {
            return Ok(Line::NotAReport);
        }
        if !self.record || !self.metrics {
            return Err(Bad);
        }
        let status = self.status.status()?;
        if is_report {
            let report = Report {
                duration_ms: self.duration.opt_ms()?.ok_or(Bad)?,
                billed_ms: self.billed.opt_ms_up_to(MAX_BILLED_MS)?,
                memory_mb: self.memory.opt_mb()?,
                max_memory_mb: self.max_memory.opt_mb()?,
                init_ms: self.init.opt_ms()?,
                restore_ms: self.restore.opt_ms()?,
                billed_restore_ms: self.billed_restore.opt_ms_up_to(MAX_BILLED_MS)?,
                status,
            };
            Ok(Line::Report(report, self.request_id.request_id()?))
        } else {
            let phase_init = match self.phase {
                JVal::Missing | JVal::Null => false,
                JVal::Str(phase) => phase.is("init"),
                JVal::Num(_) | JVal::Other => return Err(Bad),
            };
            Ok(Line::InitReport(InitReport {
                init_ms: self.duration.opt_ms()?.ok_or(Bad)?,
                status,
                phase_init,
            }))
        }
    }
}

/// A validating JSON scanner over one line; `i` is the byte offset of the next token.
pub(super) struct Json<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Json<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.i += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8) -> Scanned<()> {
        if self.eat(byte) { Ok(()) } else { Err(Bad) }
    }

    /// The whole line: one object, then nothing but whitespace.
    fn top_level(&mut self, found: &mut Found<'a>) -> Scanned<()> {
        self.ws();
        self.object(0, |scan, key| {
            if key.is("type") {
                found.kind = scan.value(1)?;
            } else if key.is("record") {
                found.clear_record();
                if scan.peek() == Some(b'{') {
                    found.record = true;
                    scan.record(found)?;
                } else {
                    scan.value(1)?;
                }
            } else {
                scan.value(1)?;
            }
            Ok(())
        })?;
        self.ws();
        if self.i == self.s.len() {
            Ok(())
        } else {
            Err(Bad)
        }
    }

    /// The object `record` (depth 1).
    fn record(&mut self, found: &mut Found<'a>) -> Scanned<()> {
        self.object(1, |scan, key| {
            if key.is("metrics") {
                found.clear_metrics();
                if scan.peek() == Some(b'{') {
                    found.metrics = true;
                    scan.metrics(found)?;
                } else {
                    scan.value(2)?;
                }
            } else if key.is("requestId") {
                found.request_id = scan.value(2)?;
            } else if key.is("status") {
                found.status = scan.value(2)?;
            } else if key.is("phase") {
                found.phase = scan.value(2)?;
            } else {
                scan.value(2)?;
            }
            Ok(())
        })
    }

    /// The object `record.metrics` (depth 2).
    fn metrics(&mut self, found: &mut Found<'a>) -> Scanned<()> {
        self.object(2, |scan, key| {
            let slot = if key.is("durationMs") {
                &mut found.duration
            } else if key.is("billedDurationMs") {
                &mut found.billed
            } else if key.is("memorySizeMB") {
                &mut found.memory
            } else if key.is("maxMemoryUsedMB") {
                &mut found.max_memory
            } else if key.is("initDurationMs") {
                &mut found.init
            } else if key.is("restoreDurationMs") {
                &mut found.restore
            } else if key.is("billedRestoreDurationMs") {
                &mut found.billed_restore
            } else {
                scan.value(3)?;
                return Ok(());
            };
            *slot = scan.value(3)?;
            Ok(())
        })
    }

    /// An object at `depth`, calling `on_key` with the scanner placed on each value, which
    /// it must consume.
    fn object(
        &mut self,
        depth: u32,
        mut on_key: impl FnMut(&mut Self, JStr<'a>) -> Scanned<()>,
    ) -> Scanned<()> {
        if depth >= MAX_DEPTH {
            return Err(Bad);
        }
        self.expect(b'{')?;
        self.ws();
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            let key = self.string()?;
            self.ws();
            self.expect(b':')?;
            self.ws();
            on_key(self, key)?;
            self.ws();
            if self.eat(b'}') {
                return Ok(());
            }
            self.expect(b',')?;
            self.ws();
        }
    }

    fn array(&mut self, depth: u32) -> Scanned<()> {
        if depth >= MAX_DEPTH {
            return Err(Bad);
        }
        self.expect(b'[')?;
        self.ws();
        if self.eat(b']') {
            return Ok(());
        }
        loop {
            self.value(depth + 1)?;
            self.ws();
            if self.eat(b']') {
                return Ok(());
            }
            self.expect(b',')?;
            self.ws();
        }
    }

    /// Any value at `depth`; objects and arrays are validated and skipped.
    fn value(&mut self, depth: u32) -> Scanned<JVal<'a>> {
        match self.peek() {
            Some(b'"') => self.string().map(JVal::Str),
            Some(b'-' | b'0'..=b'9') => self.number().map(JVal::Num),
            Some(b'n') => self.literal("null").map(|()| JVal::Null),
            Some(b't') => self.literal("true").map(|()| JVal::Other),
            Some(b'f') => self.literal("false").map(|()| JVal::Other),
            Some(b'{') => self
                .object(depth, |scan, _| scan.value(depth + 1).map(drop))
                .map(|()| JVal::Other),
            Some(b'[') => self.array(depth).map(|()| JVal::Other),
            _ => Err(Bad),
        }
    }

    fn literal(&mut self, word: &str) -> Scanned<()> {
        if self.s.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(Bad)
        }
    }

    /// A string, validated (escapes well formed, no raw control characters).
    fn string(&mut self) -> Scanned<JStr<'a>> {
        self.expect(b'"')?;
        let start = self.i;
        let bytes = self.s.as_bytes();
        let mut escaped = false;
        loop {
            self.i = find_string_stop(bytes, self.i);
            match self.peek() {
                Some(b'"') => {
                    let raw = self.s.get(start..self.i).ok_or(Bad)?;
                    self.i += 1;
                    return Ok(JStr { raw, escaped });
                }
                Some(b'\\') => {
                    escaped = true;
                    match bytes.get(self.i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 2,
                        Some(b'u') => {
                            let hex = bytes.get(self.i + 2..self.i + 6).ok_or(Bad)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(Bad);
                            }
                            self.i += 6;
                        }
                        _ => return Err(Bad),
                    }
                }
                // A raw control character, or the end of the line.
                _ => return Err(Bad),
            }
        }
    }

    /// A number in JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Scanned<&'a str> {
        let start = self.i;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits()?,
            _ => return Err(Bad),
        }
        if self.eat(b'.') {
            self.digits()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            self.digits()?;
        }
        self.s.get(start..self.i).ok_or(Bad)
    }

    /// One or more digits.
    fn digits(&mut self) -> Scanned<()> {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        if self.i > start { Ok(()) } else { Err(Bad) }
    }
}

/// The index of the first `"`, `\` or control character in `hay` at or after `from`, or
/// `hay.len()`; eight bytes at a time, as `find_either`.
pub(super) fn find_string_stop(hay: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = hay.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        // Each mask marks its first hit exactly (later bytes may be marked falsely), so the
        // lowest mark of the three is the first stop.
        let stops = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGHS);
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = hay.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return i;
        }
        i += 1;
    }
    hay.len()
}
