//! One renderer for every report, and the progress helper.
//!
//! A job returns a value that implements [`Report`]: it serialises itself (for `json` and
//! `yaml`) and describes its human view as a list of sections (for `table`). Nothing else in
//! gearctl writes to stdout. Progress and warnings go to stderr, and only when stderr is a
//! terminal and `--quiet` is off.
//!
//! Every string of the human view (titles, keys, values, cells, notes) and every warning
//! passes through [`visible`], so no report can print a control character from a zip entry
//! name or a queue message raw. JSON, YAML and CSV keep the exact text: JSON `\u`-escapes
//! every such character ([`crate::safe_json`]), YAML escapes all but the bidi controls, and
//! CSV, meant for files and spreadsheets, quotes fields but writes them as they are.
//!
//! JSON and YAML documents are wrapped in an envelope:
//! `{"schema_version": 1, "command": "<name>", ...the report's own fields}`. Keys are
//! snake_case, sizes are bytes, durations milliseconds, and order is deterministic.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use clap::ValueEnum;
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::error::{Error, Exit, Result};
use crate::visible::visible;

/// The result formats (`--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A human-readable table
    Table,
    /// A versioned JSON document (see README, "JSON output")
    Json,
    /// The same document as YAML
    Yaml,
    /// One row per item (package, function…), raw numbers; not every command has it
    Csv,
    /// A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)
    Sarif,
}

/// When to colour the table (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The version of the JSON/YAML document layout. Bump it when a field changes meaning or
/// disappears; adding fields does not bump it.
pub const SCHEMA_VERSION: u32 = 1;

/// Table width when the output is not a terminal (files, pipes, CI logs).
const TABLE_WIDTH: u16 = 160;

/// How results are shown.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub format: OutputFormat,
    pub color: bool,
    pub quiet: bool,
}

impl Output {
    pub fn new(format: OutputFormat, color: ColorChoice, quiet: bool) -> Self {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        Output {
            format,
            color,
            quiet,
        }
    }

    /// A progress bar on stderr, hidden unless stderr is a terminal and not `--quiet`.
    /// `len` None gives a spinner.
    pub fn progress(&self, len: Option<u64>, message: &str) -> ProgressBar {
        let visible = !self.quiet && std::io::stderr().is_terminal();
        let bar = match len {
            Some(n) => ProgressBar::with_draw_target(Some(n), hidden_or_stderr(visible))
                .with_style(
                    ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                ),
            None => ProgressBar::with_draw_target(None, hidden_or_stderr(visible)).with_style(
                ProgressStyle::with_template("{spinner} {msg} {pos}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_message(message.to_string());
        bar
    }

    /// A warning on stderr (suppressed by `--quiet`).
    pub fn warn(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            let message = message.to_string();
            let _ = writeln!(std::io::stderr(), "warning: {}", visible(&message));
        }
    }
}

/// What a job says while it works: how far it is, and warnings. Jobs take
/// `&dyn Feedback`, never a terminal widget; the CLI layer passes its [`Output`] (an
/// indicatif bar and a `warning:` line on stderr, only on a terminal and without
/// `--quiet`), and tests may pass anything else.
pub trait Feedback: Sync {
    /// A progress indicator for `len` items (None: a count without an end).
    fn progress(&self, len: Option<u64>, message: &str) -> Arc<dyn Bar>;
    fn warn(&self, message: &str);
}

/// A progress indicator a job can advance and end.
pub trait Bar: Progress {
    fn inc(&self, n: u64);
    /// Done: take it off the screen.
    fn finish_and_clear(&self);
}

impl Bar for ProgressBar {
    fn inc(&self, n: u64) {
        ProgressBar::inc(self, n);
    }

    fn finish_and_clear(&self) {
        ProgressBar::finish_and_clear(self);
    }
}

impl Feedback for Output {
    fn progress(&self, len: Option<u64>, message: &str) -> Arc<dyn Bar> {
        Arc::new(Output::progress(self, len, message))
    }

    fn warn(&self, message: &str) {
        Output::warn(self, message);
    }
}

/// How a long job says how far it is. The loops take `&dyn Progress`, not a terminal
/// widget: [`Output::progress`] gives an indicatif bar that draws only on a terminal (and
/// not with `--quiet`), and anything else (a test's counter) can stand in.
pub trait Progress: Send + Sync {
    fn set_length(&self, len: u64);
    fn set_position(&self, position: u64);
}

/// A progress that only remembers, for tests of the loops.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct Counter {
    pub length: std::sync::atomic::AtomicU64,
    pub position: std::sync::atomic::AtomicU64,
}

#[cfg(test)]
impl Progress for Counter {
    fn set_length(&self, len: u64) {
        self.length.store(len, std::sync::atomic::Ordering::SeqCst);
    }

    fn set_position(&self, position: u64) {
        self.position
            .store(position, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Progress for ProgressBar {
    fn set_length(&self, len: u64) {
        ProgressBar::set_length(self, len);
    }

    fn set_position(&self, position: u64) {
        ProgressBar::set_position(self, position);
    }
}

/// Ask a yes/no question on stderr and read the answer from stdin. Never asks when stdin is
/// not a terminal: then it fails with `refusal` and tells the user to pass `--yes`.
pub fn confirm(question: &str, refusal: &str) -> Result<bool> {
    use std::io::BufRead;
    if !std::io::stdin().is_terminal() {
        return Err(Error::usage(
            refusal,
            Some("look first with --dry-run, then run again with --yes".to_string()),
        ));
    }
    let mut err = std::io::stderr();
    let _ = write!(err, "{} [y/N] ", visible(question));
    let _ = err.flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::io("reading", "stdin", e))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

fn hidden_or_stderr(visible: bool) -> ProgressDrawTarget {
    if visible {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// A result that every output format can show.
pub trait Report: Serialize {
    /// The command name in the JSON envelope.
    const COMMAND: &'static str;

    /// Describe the human (table) view.
    fn human(&self, view: &mut Human);

    /// The report as one flat table, for `--output csv`; None when it has no natural one.
    fn csv(&self) -> Option<CsvTable> {
        None
    }

    /// Whether the report counts as findings (exit 1).
    fn exit(&self) -> Exit {
        Exit::Ok
    }

    /// The report as SARIF results, for `--output sarif`; None when it has no SARIF form.
    /// Reports that have one implement [`crate::sarif::ToSarif`] and return it here.
    fn sarif(&self) -> Option<crate::sarif::SarifRun> {
        None
    }
}

/// A flat table for CSV output: raw values (bytes, milliseconds), no units.
pub struct CsvTable {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct Envelope<'a, R: Serialize> {
    schema_version: u32,
    command: &'static str,
    #[serde(flatten)]
    report: &'a R,
}

/// The text of a table cell: one string, or lines that the report itself puts under each
/// other. Either way each string is shown with [`visible`], so only the line breaks that
/// gearctl chose break a line.
pub enum CellText {
    Line(String),
    Lines(Vec<String>),
}

impl From<String> for CellText {
    fn from(s: String) -> Self {
        CellText::Line(s)
    }
}

impl From<&str> for CellText {
    fn from(s: &str) -> Self {
        CellText::Line(s.to_string())
    }
}

impl CellText {
    fn shown(&self) -> String {
        match self {
            CellText::Line(s) => visible(s).into_owned(),
            CellText::Lines(lines) => lines
                .iter()
                .map(|l| visible(l))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// The human view: titled key/value blocks and tables, printed in order.
pub struct Human {
    color: bool,
    blocks: Vec<String>,
}

/// How a status cell is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Good,
    Warn,
    Bad,
}

impl Human {
    fn new(color: bool) -> Self {
        Human {
            color,
            blocks: Vec::new(),
        }
    }

    /// A block of `key: value` lines under a title.
    pub fn fields(&mut self, title: &str, pairs: &[(&str, String)]) {
        let pairs: Vec<_> = pairs
            .iter()
            .map(|(k, v)| (visible(k), visible(v)))
            .collect();
        let width = pairs
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        let mut s = self.title(title);
        for (k, v) in pairs {
            s.push_str(&format!("  {k:<width$}  {v}\n"));
        }
        self.blocks.push(s);
    }

    /// A table under a title; each row is a list of (text, tone).
    pub fn table<T: Into<CellText>>(
        &mut self,
        title: &str,
        header: &[&str],
        rows: Vec<Vec<(T, Tone)>>,
    ) {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(header.iter().map(|h| Cell::new(visible(h))));
        if self.color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        // Off a terminal there is no width to fit; wrap long cells at a readable one.
        if t.width().is_none() {
            t.set_width(TABLE_WIDTH);
        }
        for row in rows {
            t.add_row(
                row.into_iter()
                    .map(|(text, tone)| self.cell(text.into().shown(), tone)),
            );
        }
        let mut s = self.title(title);
        s.push_str(&t.to_string());
        s.push('\n');
        self.blocks.push(s);
    }

    /// A line of free text.
    pub fn note(&mut self, text: &str) {
        self.blocks.push(format!("{}\n", visible(text)));
    }

    /// Lines of free text under each other, each shown with [`visible`].
    pub fn note_lines<S: AsRef<str>>(&mut self, lines: &[S]) {
        let mut s = String::new();
        for line in lines {
            s.push_str(&visible(line.as_ref()));
            s.push('\n');
        }
        self.blocks.push(s);
    }

    fn cell(&self, text: String, tone: Tone) -> Cell {
        let cell = Cell::new(text);
        if !self.color {
            return cell;
        }
        match tone {
            Tone::Plain => cell,
            Tone::Good => cell.fg(Color::Green),
            Tone::Warn => cell.fg(Color::Yellow),
            Tone::Bad => cell.fg(Color::Red),
        }
    }

    fn title(&self, title: &str) -> String {
        let title = visible(title);
        if title.is_empty() {
            String::new()
        } else if self.color {
            format!("\x1b[1m{title}\x1b[0m\n")
        } else {
            format!("{title}\n")
        }
    }

    fn finish(self) -> String {
        self.blocks.join("\n")
    }
}

/// Render a report in the chosen format to a string.
pub fn render<R: Report>(report: &R, out: &Output) -> Result<String> {
    let envelope = Envelope {
        schema_version: SCHEMA_VERSION,
        command: R::COMMAND,
        report,
    };
    let fail = |e: &dyn std::fmt::Display| Error::Invalid {
        what: format!("rendering the {} report", R::COMMAND),
        detail: e.to_string(),
        hint: None,
    };
    Ok(match out.format {
        OutputFormat::Json => {
            let mut s = crate::safe_json::to_string_pretty(&envelope).map_err(|e| fail(&e))?;
            s.push('\n');
            s
        }
        OutputFormat::Yaml => serde_yaml::to_string(&envelope).map_err(|e| fail(&e))?,
        OutputFormat::Csv => {
            let table = report.csv().ok_or_else(|| {
                Error::usage(
                    format!("`{}` has no CSV form", R::COMMAND),
                    Some("use --output json or yaml".to_string()),
                )
            })?;
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&table.header).map_err(|e| fail(&e))?;
            for row in &table.rows {
                w.write_record(row).map_err(|e| fail(&e))?;
            }
            let bytes = w.into_inner().map_err(|e| fail(&e))?;
            String::from_utf8(bytes).map_err(|e| fail(&e))?
        }
        OutputFormat::Sarif => {
            let run = report.sarif().ok_or_else(|| {
                Error::usage(
                    crate::sarif::unsupported(R::COMMAND),
                    Some("use --output json or yaml for this command".to_string()),
                )
            })?;
            crate::sarif::render(&run)
        }
        OutputFormat::Table => {
            let mut view = Human::new(out.color);
            report.human(&mut view);
            view.finish()
        }
    })
}

/// Render a report to stdout and return its exit status. A closed pipe (`| head`) is not
/// an error.
pub fn emit<R: Report>(report: &R, out: &Output) -> Result<Exit> {
    let text = render(report, out)?;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Ok(report.exit()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(report.exit()),
        Err(e) => Err(Error::io("writing", "stdout", e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Sample {
        name: &'static str,
        bytes: u64,
    }

    impl Report for Sample {
        const COMMAND: &'static str = "sample";
        fn human(&self, view: &mut Human) {
            view.fields("Sample", &[("name", self.name.to_string())]);
            view.table(
                "Rows",
                &["name", "bytes"],
                vec![vec![
                    (self.name.to_string(), Tone::Good),
                    (self.bytes.to_string(), Tone::Plain),
                ]],
            );
        }
    }

    fn out(format: OutputFormat) -> Output {
        Output {
            format,
            color: false,
            quiet: true,
        }
    }

    #[test]
    fn json_has_envelope_first() {
        let s = render(
            &Sample {
                name: "a",
                bytes: 3,
            },
            &out(OutputFormat::Json),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["command"], "sample");
        assert_eq!(v["bytes"], 3);
        assert!(s.find("schema_version").unwrap() < s.find("bytes").unwrap());
    }

    #[test]
    fn progress_is_hidden_when_quiet_or_not_a_terminal() {
        let quiet = out(OutputFormat::Table);
        assert!(quiet.progress(Some(10), "x").is_hidden());
        let loud = Output {
            quiet: false,
            ..quiet
        };
        let bar = loud.progress(None, "x");
        assert_eq!(bar.is_hidden(), !std::io::stderr().is_terminal());
    }

    #[test]
    fn yaml_and_table() {
        let y = render(
            &Sample {
                name: "a",
                bytes: 3,
            },
            &out(OutputFormat::Yaml),
        )
        .unwrap();
        assert!(y.starts_with("schema_version: 1\ncommand: sample\n"));
        let t = render(
            &Sample {
                name: "abc",
                bytes: 3,
            },
            &out(OutputFormat::Table),
        )
        .unwrap();
        assert!(t.contains("Sample\n  name  abc\n"));
        assert!(t.contains("│ abc  ┆ 3     │"), "{t}");
        assert!(!t.contains('\x1b'));
    }

    struct Hostile;

    impl Serialize for Hostile {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            s.serialize_unit()
        }
    }

    impl Report for Hostile {
        const COMMAND: &'static str = "hostile";
        fn human(&self, view: &mut Human) {
            let evil = "a\x1b[2J\nb\u{9b}c";
            view.fields(evil, &[(evil, evil.to_string())]);
            view.table(
                evil,
                &["name", "lines"],
                vec![vec![
                    (CellText::from(evil), Tone::Bad),
                    (
                        CellText::Lines(vec!["one".into(), evil.into()]),
                        Tone::Plain,
                    ),
                ]],
            );
            view.note(evil);
            view.note_lines(&["first", evil]);
        }
    }

    #[test]
    fn every_part_of_the_table_view_is_escaped_and_only_chosen_lines_break() {
        for color in [false, true] {
            let t = render(
                &Hostile,
                &Output {
                    color,
                    ..out(OutputFormat::Table)
                },
            )
            .unwrap();
            let shown = "a\\x1b[2J\\nb\\u{9b}c";
            // title, key, value, table title, cell, second line of the cell, note, note line.
            assert_eq!(t.matches(shown).count(), 8, "{t}");
            assert!(!t.contains('\u{9b}'), "{t}");
            assert!(t.contains("│ one ") || t.contains(" one "), "{t}");
            assert!(t.contains("first\na\\x1b"), "{t}");
            if !color {
                assert!(!t.contains('\x1b'), "{t}");
            }
        }
    }
}
