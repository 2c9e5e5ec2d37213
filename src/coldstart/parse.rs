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
fn first_word_rest<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(word)?;
    match rest.as_bytes().first() {
        None | Some(b' ' | b'\t') => Some(rest),
        Some(_) => None,
    }
}

// ---------------------------------------------------------------------------------------
// Text forms

/// The tab-separated `Name: value` fields of a text line, names and values trimmed;
/// segments without a colon are skipped like unknown fields. Searched eight bytes at a time:
/// `split`/`split_once` cost more than all the rest of the parse on segments this short.
struct Fields<'a> {
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

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each zero byte of `x`, read little-endian: the first (lowest) zero byte
/// is marked exactly; bytes after it may be marked falsely, which no caller looks at.
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The index of the first `a` or `b` in `hay` at or after `from`, or `hay.len()`; eight
/// bytes at a time (std's `memchr` is reachable only through `str::find`'s searcher, whose
/// setup costs more than the search on these short segments).
fn find_either(hay: &[u8], from: usize, a: u8, b: u8) -> usize {
    let (pattern_a, pattern_b) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut i = from;
    while let Some(chunk) = hay.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        let hits = zero_bytes(word ^ pattern_a) | zero_bytes(word ^ pattern_b);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&byte) = hay.get(i) {
        if byte == a || byte == b {
            return i;
        }
        i += 1;
    }
    hay.len()
}

fn fields(rest: &str) -> Fields<'_> {
    Fields { s: rest, at: 0 }
}

/// The field names that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
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
fn name_of(name: &str) -> Name {
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

fn text_report(rest: &str) -> Option<Line<'_>> {
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

fn text_init_report(rest: &str) -> Option<Line<'static>> {
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
fn with_unit<T>(value: &str, unit: &str, number: impl Fn(&str) -> Option<T>) -> Option<T> {
    let (digits, stated) = match value.as_bytes().iter().position(|&b| b == b' ') {
        Some(at) => (value.get(..at)?, value.get(at + 1..)?.trim_ascii()),
        None => (value, unit),
    };
    if stated != unit {
        return None;
    }
    number(digits)
}

/// The longest any phase of a Lambda invocation can take: 15 minutes, the maximum timeout.
/// A report that says more is not from Lambda, and is read as garbage; otherwise one
/// `Init Duration: 1e308 ms` would turn every mean and total into infinity.
pub const MAX_PHASE_MS: f64 = 15.0 * 60_000.0;

/// Billed durations may add the init phase to the invocation (Lambda bills on-demand init
/// since August 2025), so they get two phases' worth.
pub const MAX_BILLED_MS: f64 = 2.0 * MAX_PHASE_MS;

fn phase_ms(s: &str) -> Option<f64> {
    decimal(s).filter(|&v| v <= MAX_PHASE_MS)
}

fn billed_ms(s: &str) -> Option<f64> {
    decimal(s).filter(|&v| v <= MAX_BILLED_MS)
}

/// Powers of ten that f64 holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `123` or `123.45`: what Lambda prints. Rust's float syntax (`inf`, `1e3`, `+1`, `.5`)
/// is not accepted. The result is the same as `str::parse::<f64>`'s: when all the digits
/// fit in 15 (so the integer they make is exact in an f64) the value is that integer
/// divided by an exact power of ten, one correctly rounded operation (Clinger's fast path);
/// anything longer goes to `str::parse`.
fn decimal(s: &str) -> Option<f64> {
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut point = None;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                digits += 1;
            }
            b'.' if point.is_none() && i > 0 => point = Some(i),
            _ => return None,
        }
    }
    let frac_digits = match point {
        Some(at) if at + 1 == s.len() => return None,
        Some(at) => s.len() - at - 1,
        None if digits == 0 => return None,
        None => 0,
    };
    if digits <= 15
        && let Some(&power) = EXACT_POWERS_OF_TEN.get(frac_digits)
    {
        return Some(mantissa as f64 / power);
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A whole number that fits a u32, digits only.
fn whole(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u32::from(b - b'0'))
        } else {
            None
        }
    })
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `Some(None)` for success, `None` (garbage) for an empty value.
fn text_status(value: &str) -> Option<Option<Status>> {
    if value.is_empty() {
        return None;
    }
    Some(status_from(|word| value == word))
}

/// The status named by a word, compared through `is`; None means success.
fn status_from(is: impl Fn(&str) -> bool) -> Option<Status> {
    if is("success") {
        None
    } else if is("timeout") {
        Some(Status::Timeout)
    } else if is("error") {
        Some(Status::Error)
    } else {
        Some(Status::Other)
    }
}

// ---------------------------------------------------------------------------------------
// JSON form

const REPORT_TYPE: &str = "platform.report";
const INIT_REPORT_TYPE: &str = "platform.initReport";
/// Objects and arrays nested deeper than this (the line's own object is one level) are
/// refused, at the same depth as serde_json refuses them, so that a line of `[[[[…` cannot
/// exhaust the stack.
const MAX_DEPTH: u32 = 127;

fn json_line(line: &str) -> Line<'_> {
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
struct Bad;

type Scanned<T> = Result<T, Bad>;

/// A JSON string's contents as written between the quotes (escapes not decoded).
#[derive(Debug, Clone, Copy)]
struct JStr<'a> {
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
struct Unescape<'a> {
    s: &'a str,
    i: usize,
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
enum JVal<'a> {
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
struct Found<'a> {
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
struct Json<'a> {
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
fn find_string_stop(hay: &[u8], from: usize) -> usize {
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

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
mod tests {
    use super::*;

    const SAMPLE_COLD: &str = "REPORT RequestId: 4439301b-290c-4ae5-811b-228bb60418c2\tDuration: 294.87 ms\tBilled Duration: 295 ms\tMemory Size: 128 MB\tMax Memory Used: 73 MB\tInit Duration: 507.83 ms";
    const SAMPLE_SNAP: &str = "REPORT RequestId: 8c360c87-d4b7-4423-b5f3-af02be3c1763\tDuration: 2338.66 ms\tBilled Duration: 2521 ms\tMemory Size: 3009 MB\tMax Memory Used: 173 MB\tRestore Duration: 398.97 ms\tBilled Restore Duration: 182 ms";
    const SAMPLE_INIT: &str =
        "INIT_REPORT Init Duration: 10009.13 ms\tPhase: init\tStatus: timeout";
    const SAMPLE_JSON: &str = r#"{"time":"2022-10-12T00:01:15.000Z","type":"platform.report","record":{"requestId":"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa","metrics":{"durationMs":693.92,"billedDurationMs":694,"memorySizeMB":128,"maxMemoryUsedMB":84,"initDurationMs":397.68},"status":"success"}}"#;
    const SAMPLE_JSON_INIT: &str = r#"{"time":"2022-10-12T00:00:15.064Z","type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init","status":"timeout","metrics":{"durationMs":10009.13}}}"#;

    fn report(duration_ms: f64) -> Report {
        Report {
            duration_ms,
            billed_ms: None,
            memory_mb: None,
            max_memory_mb: None,
            init_ms: None,
            restore_ms: None,
            billed_restore_ms: None,
            status: None,
        }
    }

    fn cold_sample() -> Report {
        Report {
            billed_ms: Some(295.0),
            memory_mb: Some(128),
            max_memory_mb: Some(73),
            init_ms: Some(507.83),
            ..report(294.87)
        }
    }

    fn report_of(line: &str) -> (Report, Option<&str>) {
        match parse_line(line) {
            Line::Report(r, id) => (r, id),
            other => panic!("not a report: {other:?} for {line:?}"),
        }
    }

    // ----- the samples, exactly

    #[test]
    fn sample_cold_start_text() {
        assert_eq!(
            parse_line(SAMPLE_COLD),
            Line::Report(cold_sample(), Some("4439301b-290c-4ae5-811b-228bb60418c2"))
        );
    }

    #[test]
    fn sample_snapstart_text() {
        let expected = Report {
            billed_ms: Some(2521.0),
            memory_mb: Some(3009),
            max_memory_mb: Some(173),
            restore_ms: Some(398.97),
            billed_restore_ms: Some(182.0),
            ..report(2338.66)
        };
        assert_eq!(
            parse_line(SAMPLE_SNAP),
            Line::Report(expected, Some("8c360c87-d4b7-4423-b5f3-af02be3c1763"))
        );
    }

    #[test]
    fn sample_init_report_text() {
        assert_eq!(
            parse_line(SAMPLE_INIT),
            Line::InitReport(InitReport {
                init_ms: 10009.13,
                status: Some(Status::Timeout),
                phase_init: true
            })
        );
    }

    #[test]
    fn sample_json_report() {
        let expected = Report {
            billed_ms: Some(694.0),
            memory_mb: Some(128),
            max_memory_mb: Some(84),
            init_ms: Some(397.68),
            ..report(693.92)
        };
        assert_eq!(
            parse_line(SAMPLE_JSON),
            Line::Report(expected, Some("6d68ca91-49c9-448d-89b8-7ca3e6dc66aa"))
        );
    }

    #[test]
    fn sample_json_init_report() {
        let expected = InitReport {
            init_ms: 10009.13,
            status: Some(Status::Timeout),
            phase_init: true,
        };
        assert_eq!(parse_line(SAMPLE_JSON_INIT), Line::InitReport(expected));
    }

    #[test]
    fn numbers_are_exactly_what_lambda_printed() {
        for s in [
            "294.87",
            "0.01",
            "10009.13",
            "2338.66",
            "0.00",
            "899999.99",
            "900000",
        ] {
            assert_eq!(decimal(s), Some(s.parse::<f64>().unwrap()));
            let line = format!("REPORT RequestId: a\tDuration: {s} ms");
            assert_eq!(
                report_of(&line).0.duration_ms.to_string(),
                s.parse::<f64>().unwrap().to_string()
            );
        }
    }

    #[test]
    fn durations_beyond_fifteen_minutes_are_garbage() {
        let huge = format!("1{}.0", "0".repeat(308));
        for init in [huge.as_str(), "900000.01", "86400000"] {
            let line = format!("REPORT RequestId: a\tDuration: 1.00 ms\tInit Duration: {init} ms");
            assert_eq!(parse_line(&line), Line::Garbage, "{line}");
            let line = format!("INIT_REPORT Init Duration: {init} ms\tPhase: init");
            assert_eq!(parse_line(&line), Line::Garbage, "{line}");
        }
        for init in ["1e308", "900000.01", "1e6"] {
            let line = format!(
                r#"{{"type":"platform.report","record":{{"metrics":{{"durationMs":1,"initDurationMs":{init}}}}}}}"#
            );
            assert_eq!(parse_line(&line), Line::Garbage, "{line}");
        }
        // Billed time may hold init and invocation: up to two phases.
        let line = "REPORT RequestId: a\tDuration: 900000 ms\tBilled Duration: 910000 ms";
        assert!(matches!(parse_line(line), Line::Report(..)), "{line}");
        let line = "REPORT RequestId: a\tDuration: 1 ms\tBilled Duration: 1800001 ms";
        assert_eq!(parse_line(line), Line::Garbage);
    }

    #[test]
    fn swar_searches_agree_with_position() {
        let mut rng = Rng(0xb17e);
        for _ in 0..20_000 {
            let len = rng.below(40) as usize;
            let hay: Vec<u8> = (0..len)
                .map(|_| {
                    rng.pick(&[
                        b'\t',
                        b'a',
                        0x89,
                        0x09 ^ 0x80,
                        0x08,
                        0x0a,
                        0,
                        b'"',
                        b'\\',
                        0x1f,
                        0x20,
                        0x21,
                        0xa2,
                        0xdc,
                        0xff,
                    ])
                })
                .collect();
            let from = rng.below(len as u64 + 2) as usize;
            let naive = |stop: &dyn Fn(u8) -> bool| {
                hay.get(from..)
                    .and_then(|rest| rest.iter().position(|&b| stop(b)))
                    .map_or(hay.len(), |at| from + at)
            };
            let tab = find_either(&hay, from, b'\t', b'\t');
            assert_eq!(tab, naive(&|b| b == b'\t'), "{hay:?} from {from}");
            let either = find_either(&hay, from, b'a', b'\t');
            assert_eq!(either, naive(&|b| b == b'a' || b == b'\t'), "{hay:?}");
            let stop = find_string_stop(&hay, from);
            let naive_stop = naive(&|b| b == b'"' || b == b'\\' || b < 0x20);
            assert_eq!(stop, naive_stop, "{hay:?} from {from}");
        }
    }

    #[test]
    fn decimal_fast_path_agrees_with_str_parse() {
        let mut rng = Rng(0xdec1);
        for _ in 0..300_000 {
            let int_len = 1 + rng.below(20) as usize;
            let frac_len = rng.below(26) as usize;
            let mut s: String = (0..int_len)
                .map(|i| {
                    let zero_heavy = i == 0 && rng.chance(20);
                    if zero_heavy {
                        '0'
                    } else {
                        char::from(b'0' + rng.below(10) as u8)
                    }
                })
                .collect();
            if frac_len > 0 || rng.chance(10) {
                s.push('.');
                s.extend((0..frac_len).map(|_| char::from(b'0' + rng.below(10) as u8)));
            }
            let expected = s
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && !s.ends_with('.'));
            let ours = decimal(&s);
            assert_eq!(ours.map(f64::to_bits), expected.map(f64::to_bits), "{s}");
        }
        for s in [
            "9007199254740993",
            "999999999999999.9",
            "0.000000000000000000000001",
            "123456789012345",
        ] {
            assert_eq!(decimal(s), s.parse().ok(), "{s}");
        }
        for s in [
            "", ".", "1.", ".1", "1..2", "1.2.3", "-1", "+1", "1e3", "inf", "NaN", "1 ", "١",
        ] {
            assert_eq!(decimal(s), None, "{s:?}");
        }
        assert_eq!(whole("4294967295"), Some(u32::MAX));
        for s in ["", "4294967296", "-1", "+1", "1.0", "12a"] {
            assert_eq!(whole(s), None, "{s:?}");
        }
    }

    // ----- text variations

    #[test]
    fn trailing_tab_and_line_ends() {
        for end in ["\t", "\n", "\r\n", "\t\n", "\t\r\n", " \t \r\n"] {
            let line = format!("{SAMPLE_COLD}{end}");
            assert_eq!(parse_line(&line), parse_line(SAMPLE_COLD), "ending {end:?}");
            let init = format!("{SAMPLE_INIT}{end}");
            assert_eq!(parse_line(&init), parse_line(SAMPLE_INIT));
            let json = format!("{SAMPLE_JSON}{end}");
            assert_eq!(parse_line(&json), parse_line(SAMPLE_JSON));
        }
    }

    #[test]
    fn xray_segment_is_ignored() {
        let xray = "XRAY TraceId: 1-5e1b4151-43a0913a12345678901234567\tSegmentId: 73d9c3b60fa5b41d\tSampled: true";
        let expected = Line::Report(cold_sample(), Some("4439301b-290c-4ae5-811b-228bb60418c2"));
        assert_eq!(
            parse_line(&format!("{SAMPLE_COLD}\t{xray}\t\r\n")),
            expected
        );
        // In the middle too, and with a status after it.
        let (head, init) = SAMPLE_COLD.split_at(SAMPLE_COLD.find("\tInit").unwrap());
        let line = format!("{head}\t{xray}{init}\tStatus: timeout");
        let (r, _) = report_of(&line);
        assert_eq!(
            r,
            Report {
                status: Some(Status::Timeout),
                ..cold_sample()
            }
        );
    }

    #[test]
    fn status_on_report() {
        let timeout = format!("{SAMPLE_COLD}\tStatus: timeout\t");
        assert_eq!(report_of(&timeout).0.status, Some(Status::Timeout));
        let error = format!("{SAMPLE_COLD}\tStatus: error\tError Type: Runtime.ExitError\t");
        assert_eq!(report_of(&error).0.status, Some(Status::Error));
        let other = format!("{SAMPLE_COLD}\tStatus: failure");
        assert_eq!(report_of(&other).0.status, Some(Status::Other));
        let success = format!("{SAMPLE_COLD}\tStatus: success");
        assert_eq!(report_of(&success).0.status, None);
        // The other fields are unchanged by a status.
        let r = report_of(&error).0;
        assert_eq!(Report { status: None, ..r }, cold_sample());
    }

    #[test]
    fn fields_in_any_order_and_unknown_fields() {
        let line = "REPORT RequestId: r-1\tInit Duration: 507.83 ms\tMax Memory Used: 73 MB\tNew Field: 12 parsecs\tMemory Size: 128 MB\tno colon here\tDuration: 294.87 ms\tBilled Duration: 295 ms\tExtension Overhead: 1 ms";
        assert_eq!(parse_line(line), Line::Report(cold_sample(), Some("r-1")));
        // RequestId need not come first either, nor be there at all.
        let no_id = "REPORT Duration: 1.50 ms\tBilled Duration: 2 ms";
        let expected = Report {
            billed_ms: Some(2.0),
            ..report(1.5)
        };
        assert_eq!(parse_line(no_id), Line::Report(expected, None));
        let late_id = "REPORT Duration: 1.50 ms\tRequestId: abc\tBilled Duration: 2 ms";
        assert_eq!(parse_line(late_id), Line::Report(expected, Some("abc")));
    }

    #[test]
    fn warm_report_has_no_init() {
        let line = "REPORT RequestId: 0\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t";
        let (r, _) = report_of(line);
        assert_eq!(r.init_ms, None);
        assert_eq!(r.restore_ms, None);
        assert_eq!(r.duration_ms, 1.23);
    }

    #[test]
    fn init_report_variants() {
        let invoke = "INIT_REPORT Init Duration: 3000.00 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ExitError\t\r\n";
        assert_eq!(
            parse_line(invoke),
            Line::InitReport(InitReport {
                init_ms: 3000.0,
                status: Some(Status::Error),
                phase_init: false
            })
        );
        let bare = "INIT_REPORT Init Duration: 12.50 ms";
        assert_eq!(
            parse_line(bare),
            Line::InitReport(InitReport {
                init_ms: 12.5,
                status: None,
                phase_init: false
            })
        );
        let reordered = "INIT_REPORT Status: success\tPhase: init\tInit Duration: 1.00 ms";
        assert_eq!(
            parse_line(reordered),
            Line::InitReport(InitReport {
                init_ms: 1.0,
                status: None,
                phase_init: true
            })
        );
    }

    // ----- JSON variations

    #[test]
    fn json_reordered_keys_and_whitespace() {
        let json = "  {\n  \"record\" : {\r\n \"status\":\"success\", \"metrics\" : { \"initDurationMs\" : 397.68 ,\t\"maxMemoryUsedMB\":84, \"memorySizeMB\": 128,\"billedDurationMs\":694 , \"durationMs\" :693.92 } ,\"requestId\" : \"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa\"} , \"type\" :\t\"platform.report\",\"time\":\"2022-10-12T00:01:15.000Z\" }\n";
        assert_eq!(parse_line(json), parse_line(SAMPLE_JSON));
    }

    #[test]
    fn json_nested_objects_spans_and_snapstart() {
        let json = r#"{"time":"t","type":"platform.report","record":{"requestId":"id-1","tracing":{"spanId":"x","type":"X-Amzn-Trace-Id","value":"Root=1-5e;Parent=53;Sampled=1"},"nested":{"metrics":{"durationMs":"not this"},"a":[1,2,{"b":[true,false,null]}]},"metrics":{"durationMs":2338.66,"billedDurationMs":2521,"memorySizeMB":3009,"maxMemoryUsedMB":173,"restoreDurationMs":398.97,"billedRestoreDurationMs":182,"unknownMs":1e3},"spans":[{"name":"responseLatency","start":"2022-10-12T00:01:15.000Z","durationMs":23.02},{"name":"responseDuration","durationMs":0.42}],"status":"timeout","errorType":"Sandbox.Timedout"}}"#;
        let expected = Report {
            billed_ms: Some(2521.0),
            memory_mb: Some(3009),
            max_memory_mb: Some(173),
            restore_ms: Some(398.97),
            billed_restore_ms: Some(182.0),
            status: Some(Status::Timeout),
            ..report(2338.66)
        };
        assert_eq!(parse_line(json), Line::Report(expected, Some("id-1")));
    }

    #[test]
    fn json_statuses() {
        for (word, status) in [
            ("success", None),
            ("timeout", Some(Status::Timeout)),
            ("error", Some(Status::Error)),
            ("failure", Some(Status::Other)),
        ] {
            let json = SAMPLE_JSON.replace("\"success\"", &format!("\"{word}\""));
            assert_eq!(report_of(&json).0.status, status, "{word}");
        }
        let no_status = SAMPLE_JSON.replace(",\"status\":\"success\"", "");
        assert_eq!(parse_line(&no_status), parse_line(SAMPLE_JSON));
    }

    #[test]
    fn json_escapes_in_keys_and_values() {
        let json = r#"{"t\u0079pe":"platform\u002ereport","record":{"metrics":{"\u0064urationMs":1.5,"initDurationMs":null},"status":"time\u006fut","requestId":"a\/b"}}"#;
        let expected = Report {
            status: Some(Status::Timeout),
            ..report(1.5)
        };
        // An escaped request id cannot be borrowed as is.
        assert_eq!(parse_line(json), Line::Report(expected, None));
        let surrogates = r#"{"type":"platform.report","x":"\ud83d\ude00 \ud800 \udc00","record":{"metrics":{"durationMs":1}}}"#;
        assert_eq!(parse_line(surrogates), Line::Report(report(1.0), None));
        let decoded: String = Unescape {
            s: r#"\ud83d\ude00\ud800x\n\u00e9"#,
            i: 0,
        }
        .collect();
        assert_eq!(decoded, "\u{1F600}\u{FFFD}x\n\u{e9}");
    }

    #[test]
    fn json_number_forms() {
        let json = r#"{"type":"platform.report","record":{"metrics":{"durationMs":6.9392E2,"memorySizeMB":1.28e2,"maxMemoryUsedMB":84.0,"billedDurationMs":694e0}}}"#;
        let expected = Report {
            billed_ms: Some(694.0),
            memory_mb: Some(128),
            max_memory_mb: Some(84),
            ..report(693.92)
        };
        assert_eq!(parse_line(json), Line::Report(expected, None));
    }

    #[test]
    fn json_init_report_variants() {
        let json = r#"{ "record" : { "metrics" : { "durationMs" : 250.5 }, "phase" : "invoke", "initializationType" : "snap-start" }, "type" : "platform.initReport" }"#;
        assert_eq!(
            parse_line(json),
            Line::InitReport(InitReport {
                init_ms: 250.5,
                status: None,
                phase_init: false
            })
        );
    }

    #[test]
    fn json_records_that_are_not_reports() {
        for line in [
            r#"{"time":"2022-10-12T00:00:15.064Z","type":"platform.start","record":{"requestId":"6d68ca91","version":"$LATEST"}}"#,
            r#"{"time":"2022-10-12T00:00:15.064Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"nodejs:16.v14"}}"#,
            r#"{"time":"2022-10-12T00:00:15.064Z","type":"platform.runtimeDone","record":{"requestId":"6d68ca91","status":"success","metrics":{"durationMs":140.0,"producedBytes":16}}}"#,
            r#"{"time":"2022-10-12T00:00:15.064Z","type":"function","record":"a log line mentioning platform.report"}"#,
            r#"{"timestamp":"2022-10-12T00:00:15.064Z","level":"INFO","requestId":"79b4f56e","message":"type platform.report"}"#,
            r#"{"type":"function","record":{"message":"\"platform.report\" as a quoted word"}}"#,
            r#"{"type":"function","record":{"type":"platform.report","metrics":{"durationMs":1}}}"#,
            r#"{"type":["platform.report"],"record":{"metrics":{"durationMs":1}}}"#,
            r#"{"msg": "escaped \u0041"}"#,
            "{not json at all",
            "{}",
            "{ }",
        ] {
            assert_eq!(parse_line(line), Line::NotAReport, "{line}");
        }
    }

    #[test]
    fn text_lines_that_are_not_reports() {
        for line in [
            "START RequestId: 4439301b-290c-4ae5-811b-228bb60418c2 Version: $LATEST",
            "END RequestId: 4439301b-290c-4ae5-811b-228bb60418c2",
            "INIT_START Runtime Version: nodejs:18.v5\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:c8",
            "2022-10-12T00:01:15.000Z\t4439301b\tINFO\tREPORT Duration: 1 ms",
            "REPORTING that all is well",
            "INIT_REPORTS",
            "Rabbit",
            "Init Duration: 5.00 ms",
            "",
            "   ",
            "\r\n",
        ] {
            assert_eq!(parse_line(line), Line::NotAReport, "{line:?}");
        }
    }

    // ----- garbage

    #[test]
    fn garbage_lines() {
        for line in [
            "REPORT RequestId: x\tDuration: ",
            "REPORT RequestId: x\tDuration:",
            "REPORT RequestId: x\tDuration",
            "REPORT RequestId: x\tDuration: abc ms",
            "REPORT RequestId: x\tDuration: 1.2.3 ms",
            "REPORT RequestId: x\tDuration: -1.00 ms",
            "REPORT RequestId: x\tDuration: inf ms",
            "REPORT RequestId: x\tDuration: NaN ms",
            "REPORT RequestId: x\tDuration: 1e3 ms",
            "REPORT RequestId: x\tDuration: .5 ms",
            "REPORT RequestId: x\tDuration: 5. ms",
            "REPORT RequestId: x\tDuration: 5.00 s",
            "REPORT RequestId: x\tDuration: 5.00 ms\tMemory Size: 12.5 MB",
            "REPORT RequestId: x\tDuration: 5.00 ms\tMemory Size: 99999999999 MB",
            "REPORT RequestId: x\tDuration: 5.00 ms\tInit Duration: x ms",
            "REPORT RequestId: x\tDuration: 5.00 ms\tStatus: ",
            "REPORT RequestId: x\tBilled Duration: 5 ms",
            "REPORT",
            "REPORT ",
            "REPORT\t\t\t",
            "INIT_REPORT",
            "INIT_REPORT Phase: init\tStatus: timeout",
            "INIT_REPORT Init Duration: ten ms",
            // JSON that says it's a report but can't be read.
            r#"{"time":"2022-10-12T00:01:15.000Z","type":"platform.report","record":{"requestId":"6d6"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":"693.92"}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":-1}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":1e999}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"billedDurationMs":1}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":1,"memorySizeMB":-128}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":1,"memorySizeMB":4294967296}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":1,"memorySizeMB":1.5}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":1},"status":7}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":1},"requestId":{}}}"#,
            r#"{"type":"platform.report","record":{"metrics":"none"}}"#,
            r#"{"type":"platform.report","record":"text"}"#,
            r#"{"type":"platform.report"}"#,
            r#"{"type":"platform.initReport","record":{"metrics":{}}}"#,
            r#"{"type":"platform.initReport","record":{"phase":1,"metrics":{"durationMs":1}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":01}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":1.}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":NaN}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":1,}}}"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":1}}} trailing"#,
            r#"{"type":"platform.report","record":{"metrics":{"durationMs":1}}}}"#,
            r#"{'type':"platform.report"}"#,
            "{\"type\":\"platform.report\",\"x\":\"raw\ttab\",\"record\":{\"metrics\":{\"durationMs\":1}}}",
            r#"{"type":"platform.report","x":"bad \q escape","record":{"metrics":{"durationMs":1}}}"#,
            r#"{"type":"platform.report","x":"\u12","record":{"metrics":{"durationMs":1}}}"#,
        ] {
            assert_eq!(parse_line(line), Line::Garbage, "{line:?}");
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = Rng(0x5eed);
        for len in [0usize, 1, 2, 3, 7, 64, 300, 5000] {
            for _ in 0..300 {
                let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
                let text = String::from_utf8_lossy(&bytes);
                for prefix in [
                    "",
                    "REPORT ",
                    "INIT_REPORT ",
                    "{",
                    "{\"type\":\"platform.report\",",
                ] {
                    let line = format!("{prefix}{text}");
                    check_invariants(&line);
                }
                let _ = parse_text(&text, |_| {}, |_| {});
            }
        }
    }

    #[test]
    fn very_long_lines() {
        let filler = "x".repeat(4 << 20);
        let text = format!("{SAMPLE_COLD}\tSome Field: {filler}\tOther: 1");
        assert_eq!(report_of(&text).0, cold_sample());
        let json =
            SAMPLE_JSON.replace("\"status\"", &format!("\"filler\":\"{filler}\",\"status\""));
        assert_eq!(parse_line(&json), parse_line(SAMPLE_JSON));
        assert_eq!(parse_line(&format!("REPORT {filler}")), Line::Garbage);
        assert_eq!(parse_line(&format!("{{\"{filler}")), Line::NotAReport);
        let digits = "9".repeat(1 << 20);
        assert_eq!(
            parse_line(&format!("REPORT RequestId: x\tDuration: {digits} ms")),
            Line::Garbage
        );
        assert_eq!(
            parse_line(&format!("REPORT RequestId: x\tDuration: 1.{digits} ms")),
            Line::Report(report(2.0), Some("x"))
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        for open in ["[", "{\"a\":"] {
            let deep = open.repeat(1_000_000);
            let line = format!(
                r#"{{"type":"platform.report","record":{{"metrics":{{"durationMs":1,"x":{deep}"#
            );
            assert_eq!(parse_line(&line), Line::Garbage);
        }
    }

    #[test]
    fn nesting_limit_matches_serde_json() {
        for depth in 120..136 {
            let nest = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let line = format!(
                r#"{{"type":"platform.report","record":{{"metrics":{{"durationMs":1}}}},"x":{nest}}}"#
            );
            let serde_ok = serde_json::from_str::<serde_json::Value>(&line).is_ok();
            let ours_ok = matches!(parse_line(&line), Line::Report(..));
            assert_eq!(ours_ok, serde_ok, "depth {depth}");
        }
    }

    // ----- whole texts

    #[test]
    fn tally_of_a_text() {
        let text = format!(
            "START RequestId: a Version: $LATEST\r\nhello from the app\n{SAMPLE_COLD}\t\r\nEND RequestId: a\n{SAMPLE_SNAP}\n{SAMPLE_INIT}\n\n{SAMPLE_JSON}\n{SAMPLE_JSON_INIT}\nREPORT\n{{\"type\":\"platform.start\"}}"
        );
        let mut reports = Vec::new();
        let mut inits = Vec::new();
        let tally = parse_text(&text, |r| reports.push(*r), |i| inits.push(*i));
        assert_eq!(
            tally,
            Tally {
                reports: 3,
                init_reports: 2,
                not_reports: 5,
                garbage: 1
            }
        );
        assert_eq!(reports[0], cold_sample());
        assert_eq!(reports.iter().filter(|r| r.init_ms.is_some()).count(), 2);
        assert_eq!(inits.len(), 2);
        assert_eq!(parse_text("", |_| {}, |_| {}), Tally::default());
    }

    // ----- property tests

    /// xorshift64*: small, deterministic, good enough for test data.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        fn chance(&mut self, percent: u64) -> bool {
            self.below(100) < percent
        }
        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len() as u64) as usize]
        }
        fn shuffle<T>(&mut self, items: &mut [T]) {
            for i in (1..items.len()).rev() {
                items.swap(i, self.below(i as u64 + 1) as usize);
            }
        }
        /// Milliseconds with two decimals, as Lambda prints them.
        fn ms(&mut self) -> f64 {
            // Up to 15 minutes, the longest a phase can take, included.
            let max = self.pick(&[100u64, 100_000, 90_000_001]);
            self.below(max) as f64 / 100.0
        }
        fn whole_ms(&mut self) -> f64 {
            self.below(900_001) as f64
        }
        fn maybe<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
            if self.chance(50) { Some(f(self)) } else { None }
        }
    }

    fn random_report(rng: &mut Rng) -> Report {
        Report {
            duration_ms: rng.ms(),
            billed_ms: rng.maybe(Rng::whole_ms),
            memory_mb: rng.maybe(|r| r.next() as u32),
            max_memory_mb: rng.maybe(|r| r.below(10_241) as u32),
            init_ms: rng.maybe(Rng::ms),
            restore_ms: rng.maybe(Rng::ms),
            billed_restore_ms: rng.maybe(Rng::whole_ms),
            status: rng.pick(&[
                None,
                Some(Status::Timeout),
                Some(Status::Error),
                Some(Status::Other),
            ]),
        }
    }

    fn random_id(rng: &mut Rng) -> String {
        format!("{:016x}-{:04x}", rng.next(), rng.below(1 << 16))
    }

    fn text_form(r: &Report, id: &str, rng: &mut Rng) -> String {
        let mut fields = vec![format!("Duration: {:.2} ms", r.duration_ms)];
        let mut add = |name: &str, value: Option<String>| {
            if let Some(v) = value {
                fields.push(format!("{name}: {v}"));
            }
        };
        add("Billed Duration", r.billed_ms.map(|v| format!("{v} ms")));
        add("Memory Size", r.memory_mb.map(|v| format!("{v} MB")));
        add(
            "Max Memory Used",
            r.max_memory_mb.map(|v| format!("{v} MB")),
        );
        add("Init Duration", r.init_ms.map(|v| format!("{v:.2} ms")));
        add(
            "Restore Duration",
            r.restore_ms.map(|v| format!("{v:.2} ms")),
        );
        add(
            "Billed Restore Duration",
            r.billed_restore_ms.map(|v| format!("{v} ms")),
        );
        add(
            "Status",
            r.status.map(|s| {
                match s {
                    Status::Timeout => "timeout",
                    Status::Error => "error\tError Type: Runtime.ExitError",
                    Status::Other => "failure",
                }
                .to_string()
            }),
        );
        if rng.chance(30) {
            fields.push("XRAY TraceId: 1-5e1b4151-43a0913a12345678901234567\tSegmentId: 73d9c3b60fa5b41d\tSampled: true".into());
        }
        if rng.chance(20) {
            fields.push("Future Field: 42 widgets".into());
        }
        if rng.chance(70) {
            rng.shuffle(&mut fields);
        }
        let end = rng.pick(&["", "\t", "\n", "\r\n", "\t\n", "\t\r\n"]);
        format!("REPORT RequestId: {id}\t{}{end}", fields.join("\t"))
    }

    fn ws(rng: &mut Rng) -> &'static str {
        if rng.chance(70) {
            ""
        } else {
            rng.pick(&[" ", "  ", "\n", "\t", "\r\n ", " \t "])
        }
    }

    /// A key, now and then written with an escape.
    fn key(rng: &mut Rng, name: &str) -> String {
        if rng.chance(10) {
            let mut chars = name.chars();
            let first = chars.next().unwrap();
            format!("\"\\u{:04x}{}\"", first as u32, chars.as_str())
        } else {
            format!("\"{name}\"")
        }
    }

    fn json_number(rng: &mut Rng, v: f64, two_decimals: bool) -> String {
        match rng.below(4) {
            0 => format!("{v:e}"),
            1 => format!("{v:E}"),
            _ if two_decimals => format!("{v:.2}"),
            _ => format!("{v}"),
        }
    }

    fn json_object(rng: &mut Rng, mut members: Vec<(String, String)>) -> String {
        rng.shuffle(&mut members);
        let inner: Vec<String> = members
            .into_iter()
            .map(|(k, v)| format!("{}{k}{}:{}{v}{}", ws(rng), ws(rng), ws(rng), ws(rng)))
            .collect();
        format!("{{{}{}}}", inner.join(","), ws(rng))
    }

    fn json_form(r: &Report, id: &str, rng: &mut Rng) -> String {
        let mut metrics = vec![(
            key(rng, "durationMs"),
            json_number(rng, r.duration_ms, true),
        )];
        let decimals = [
            ("initDurationMs", r.init_ms),
            ("restoreDurationMs", r.restore_ms),
        ];
        for (name, value) in decimals {
            match value {
                Some(v) => metrics.push((key(rng, name), json_number(rng, v, true))),
                None if rng.chance(20) => metrics.push((key(rng, name), "null".into())),
                None => {}
            }
        }
        let wholes = [
            ("billedDurationMs", r.billed_ms),
            ("billedRestoreDurationMs", r.billed_restore_ms),
            ("memorySizeMB", r.memory_mb.map(f64::from)),
            ("maxMemoryUsedMB", r.max_memory_mb.map(f64::from)),
        ];
        for (name, value) in wholes {
            if let Some(v) = value {
                metrics.push((key(rng, name), json_number(rng, v, false)));
            }
        }
        if rng.chance(30) {
            metrics.push(("\"producedBytes\"".into(), "0".into()));
        }
        let mut record = vec![
            ("\"requestId\"".to_string(), format!("\"{id}\"")),
            (key(rng, "metrics"), json_object(rng, metrics)),
        ];
        let status = match r.status {
            None if rng.chance(50) => None,
            None => Some("success"),
            Some(Status::Timeout) => Some("timeout"),
            Some(Status::Error) => Some("error"),
            Some(Status::Other) => Some("failure"),
        };
        if let Some(s) = status {
            record.push((key(rng, "status"), format!("\"{s}\"")));
        }
        if rng.chance(40) {
            record.push((
                "\"spans\"".into(),
                r#"[{"name":"responseLatency","start":"2022-10-12T00:01:15.000Z","durationMs":23.02},{"name":"responseDuration","durationMs":0.42}]"#.into(),
            ));
        }
        if rng.chance(30) {
            record.push((
                "\"tracing\"".into(),
                r#"{"spanId":"15c","type":"X-Amzn-Trace-Id","value":"Root=1;Sampled=1","metrics":{"durationMs":"nested"}}"#.into(),
            ));
        }
        let top = vec![
            (
                "\"time\"".to_string(),
                "\"2022-10-12T00:01:15.000Z\"".to_string(),
            ),
            (key(rng, "type"), "\"platform.report\"".to_string()),
            (key(rng, "record"), json_object(rng, record)),
        ];
        format!("{}{}{}", ws(rng), json_object(rng, top), ws(rng))
    }

    #[test]
    fn property_reports_round_trip_through_text_and_json() {
        let mut rng = Rng(0x00c0_1d57_a27f);
        for _ in 0..20_000 {
            let r = random_report(&mut rng);
            let id = random_id(&mut rng);
            let text = text_form(&r, &id, &mut rng);
            assert_eq!(parse_line(&text), Line::Report(r, Some(&id)), "{text:?}");
            let json = json_form(&r, &id, &mut rng);
            assert_eq!(parse_line(&json), Line::Report(r, Some(&id)), "{json}");
        }
    }

    #[test]
    fn property_init_reports_round_trip() {
        let mut rng = Rng(0x1717);
        for _ in 0..5_000 {
            let init = InitReport {
                init_ms: rng.ms(),
                status: rng.pick(&[
                    None,
                    Some(Status::Timeout),
                    Some(Status::Error),
                    Some(Status::Other),
                ]),
                phase_init: rng.chance(50),
            };
            let status_word = match init.status {
                None => "success",
                Some(Status::Timeout) => "timeout",
                Some(Status::Error) => "error",
                Some(Status::Other) => "failure",
            };
            let phase = if init.phase_init { "init" } else { "invoke" };
            let mut fields = vec![
                format!("Init Duration: {:.2} ms", init.init_ms),
                format!("Phase: {phase}"),
                format!("Status: {status_word}"),
            ];
            rng.shuffle(&mut fields);
            let text = format!("INIT_REPORT {}\t", fields.join("\t"));
            assert_eq!(parse_line(&text), Line::InitReport(init), "{text:?}");
            let metrics = json_object(
                &mut rng,
                vec![(
                    key(&mut Rng(7), "durationMs"),
                    format!("{:.2}", init.init_ms),
                )],
            );
            let record = json_object(
                &mut rng,
                vec![
                    ("\"initializationType\"".into(), "\"on-demand\"".into()),
                    ("\"phase\"".into(), format!("\"{phase}\"")),
                    ("\"status\"".into(), format!("\"{status_word}\"")),
                    ("\"metrics\"".into(), metrics),
                ],
            );
            let json = json_object(
                &mut rng,
                vec![
                    ("\"time\"".into(), "\"2022-10-12T00:00:15.064Z\"".into()),
                    ("\"type\"".into(), "\"platform.initReport\"".into()),
                    ("\"record\"".into(), record),
                ],
            );
            assert_eq!(parse_line(&json), Line::InitReport(init), "{json}");
        }
    }

    /// What any result must satisfy.
    fn check_invariants(line: &str) -> Line<'_> {
        let parsed = parse_line(line);
        if let Line::Report(r, id) = &parsed {
            assert!(
                r.duration_ms.is_finite() && r.duration_ms >= 0.0,
                "{line:?}"
            );
            if let Some(id) = id {
                assert!(line.contains(id));
            }
        }
        if let Line::InitReport(i) = &parsed {
            assert!(i.init_ms.is_finite() && i.init_ms >= 0.0, "{line:?}");
        }
        parsed
    }

    /// What a JSON line should give, worked out from serde_json's reading of it.
    fn oracle(v: &serde_json::Value) -> Line<'static> {
        use serde_json::Value;
        let Some(kind) = v.get("type").and_then(Value::as_str) else {
            return Line::NotAReport;
        };
        if kind != REPORT_TYPE && kind != INIT_REPORT_TYPE {
            return Line::NotAReport;
        }
        let number = |m: &serde_json::Map<String, Value>, k: &str| -> Result<Option<f64>, ()> {
            match m.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Number(n)) => match n.as_f64() {
                    Some(f) if f.is_finite() && f >= 0.0 => Ok(Some(f)),
                    _ => Err(()),
                },
                Some(_) => Err(()),
            }
        };
        let up_to = |max: f64| {
            move |m: &serde_json::Map<String, Value>, k: &str| match number(m, k)? {
                Some(f) if f > max => Err(()),
                f => Ok(f),
            }
        };
        let metric = up_to(MAX_PHASE_MS);
        let billed = up_to(MAX_BILLED_MS);
        let mb = |m: &serde_json::Map<String, Value>, k: &str| -> Result<Option<u32>, ()> {
            match number(m, k)? {
                None => Ok(None),
                Some(f) if f.fract() == 0.0 && f <= f64::from(u32::MAX) => Ok(Some(f as u32)),
                Some(_) => Err(()),
            }
        };
        let build = || -> Result<Line<'static>, ()> {
            let record = v.get("record").and_then(Value::as_object).ok_or(())?;
            let m = record.get("metrics").and_then(Value::as_object).ok_or(())?;
            let status = match record.get("status") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => status_from(|w| s == w),
                Some(_) => return Err(()),
            };
            match record.get("requestId") {
                None | Some(Value::Null | Value::String(_)) => {}
                Some(_) => return Err(()),
            }
            if kind == REPORT_TYPE {
                Ok(Line::Report(
                    Report {
                        duration_ms: metric(m, "durationMs")?.ok_or(())?,
                        billed_ms: billed(m, "billedDurationMs")?,
                        memory_mb: mb(m, "memorySizeMB")?,
                        max_memory_mb: mb(m, "maxMemoryUsedMB")?,
                        init_ms: metric(m, "initDurationMs")?,
                        restore_ms: metric(m, "restoreDurationMs")?,
                        billed_restore_ms: billed(m, "billedRestoreDurationMs")?,
                        status,
                    },
                    None,
                ))
            } else {
                let phase_init = match record.get("phase") {
                    None | Some(Value::Null) => false,
                    Some(Value::String(s)) => s == "init",
                    Some(_) => return Err(()),
                };
                Ok(Line::InitReport(InitReport {
                    init_ms: metric(m, "durationMs")?.ok_or(())?,
                    status,
                    phase_init,
                }))
            }
        };
        build().unwrap_or(Line::Garbage)
    }

    /// A report with the request id dropped and the floats compared to within an ulp or so
    /// (serde_json's default float parsing is not always correctly rounded).
    fn same(ours: &Line<'_>, expected: &Line<'_>) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(1.0);
        let close_opt = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => close(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        match (ours, expected) {
            (Line::Report(a, _), Line::Report(b, _)) => {
                close(a.duration_ms, b.duration_ms)
                    && close_opt(a.billed_ms, b.billed_ms)
                    && a.memory_mb == b.memory_mb
                    && a.max_memory_mb == b.max_memory_mb
                    && close_opt(a.init_ms, b.init_ms)
                    && close_opt(a.restore_ms, b.restore_ms)
                    && close_opt(a.billed_restore_ms, b.billed_restore_ms)
                    && a.status == b.status
            }
            (Line::InitReport(a), Line::InitReport(b)) => {
                close(a.init_ms, b.init_ms) && a.status == b.status && a.phase_init == b.phase_init
            }
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }

    fn mutate(rng: &mut Rng, line: &str) -> String {
        const INTERESTING: &[u8] = b"\t\t\t:{}[]\",.0123456789 -eE\\u/nult\r\x00\x7f";
        let mut bytes = line.as_bytes().to_vec();
        for _ in 0..=rng.below(4) {
            let len = bytes.len() as u64;
            let at = rng.below(len + 1) as usize;
            match rng.below(7) {
                0 => bytes.truncate(at),
                1 if at < bytes.len() => bytes[at] = rng.pick(INTERESTING),
                2 if at < bytes.len() => bytes[at] = rng.below(256) as u8,
                3 => bytes.insert(at, b'\t'),
                4 => bytes.insert(at, rng.pick(INTERESTING)),
                5 if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => {
                    let end = (at + rng.below(16) as usize).min(bytes.len());
                    let copy = bytes[at..end].to_vec();
                    let to = rng.below(bytes.len() as u64 + 1) as usize;
                    bytes.splice(to..to, copy);
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn serde_is_stricter(line: &str) -> bool {
        line.contains("\\u")
            || line
                .as_bytes()
                .windows(2)
                .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'e' | b'E'))
    }

    #[test]
    fn fuzz_mutations_never_panic_and_json_agrees_with_serde_json() {
        let mut rng = Rng(0xf022);
        let mut seeds: Vec<String> = [
            SAMPLE_COLD,
            SAMPLE_SNAP,
            SAMPLE_INIT,
            SAMPLE_JSON,
            SAMPLE_JSON_INIT,
            r#"{"t\u0079pe":"platform\u002ereport","record":{"metrics":{"\u0064urationMs":1.5}}}"#,
            "START RequestId: a Version: $LATEST",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for _ in 0..50 {
            let r = random_report(&mut rng);
            let id = random_id(&mut rng);
            seeds.push(text_form(&r, &id, &mut rng));
            seeds.push(json_form(&r, &id, &mut rng));
        }
        let mut kinds = [0u32; 4];
        for i in 0..200_000 {
            let seed = &seeds[i % seeds.len()];
            let line = mutate(&mut rng, seed);
            let ours = check_invariants(&line);
            kinds[match ours {
                Line::Report(..) => 0,
                Line::InitReport(_) => 1,
                Line::NotAReport => 2,
                Line::Garbage => 3,
            }] += 1;
            let trimmed = line.trim_ascii();
            if !trimmed.starts_with('{') {
                continue;
            }
            match serde_json::from_str::<serde_json::Value>(trimmed) {
                Ok(v) => assert!(
                    same(&ours, &oracle(&v)),
                    "{line:?}: ours {ours:?}, serde_json {:?}",
                    oracle(&v)
                ),
                // Invalid JSON never reads as a report. (serde_json is stricter than JSON's
                // grammar in two places: lone surrogates and numbers out of f64's range.)
                Err(_) if serde_is_stricter(trimmed) => {}
                Err(_) => assert!(
                    matches!(ours, Line::NotAReport | Line::Garbage),
                    "{line:?}: {ours:?}"
                ),
            }
        }
        // The mutations reach every outcome.
        assert!(kinds.iter().all(|&n| n > 500), "{kinds:?}");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn number() -> impl Strategy<Value = String> {
            prop_oneof![
                (0u64..2_000_000_000).prop_map(|v| format!("{}.{:02}", v / 100, v % 100)),
                any::<f64>().prop_map(|v| v.to_string()),
                "[0-9]{1,400}(\\.[0-9]{1,5})?",
                "[-+0-9.eE]{1,12}",
            ]
        }

        fn check(line: &str) -> Result<(), TestCaseError> {
            match parse_line(line) {
                Line::Report(r, _) => {
                    for ms in [Some(r.duration_ms), r.init_ms, r.restore_ms]
                        .into_iter()
                        .flatten()
                    {
                        prop_assert!((0.0..=MAX_PHASE_MS).contains(&ms), "{line:?}");
                    }
                    for ms in [r.billed_ms, r.billed_restore_ms].into_iter().flatten() {
                        prop_assert!((0.0..=MAX_BILLED_MS).contains(&ms), "{line:?}");
                    }
                }
                Line::InitReport(i) => {
                    prop_assert!((0.0..=MAX_PHASE_MS).contains(&i.init_ms), "{line:?}");
                }
                Line::NotAReport | Line::Garbage => {}
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Text REPORT and INIT_REPORT lines with any numbers: never a panic, and
            /// every duration that is read is finite and within its bound.
            #[test]
            fn text_reports_read_only_plausible_durations(
                d in number(), init in number(), billed in number(), restore in number()
            ) {
                check(&format!("REPORT RequestId: a\tDuration: {d} ms\tBilled Duration: {billed} ms\tInit Duration: {init} ms\tRestore Duration: {restore} ms"))?;
                check(&format!("INIT_REPORT Init Duration: {init} ms\tPhase: init\tStatus: error"))?;
            }

            /// The JSON form likewise.
            #[test]
            fn json_reports_read_only_plausible_durations(d in number(), init in number()) {
                check(&format!(r#"{{"type":"platform.report","record":{{"metrics":{{"durationMs":{d},"initDurationMs":{init}}}}}}}"#))?;
                check(&format!(r#"{{"type":"platform.initReport","record":{{"metrics":{{"durationMs":{init}}}}}}}"#))?;
            }

            /// Any text at all.
            #[test]
            fn arbitrary_lines_never_panic(line in "\\PC{0,300}") {
                check(&line)?;
                check(&format!("REPORT {line}"))?;
            }
        }
    }
}
