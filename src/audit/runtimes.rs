//! Deprecated Lambda runtimes: which runtime ids AWS has deprecated or announced, with the
//! dates and the runtime to move to.
//!
//! A function on a deprecated runtime keeps running, but gets no security patches and,
//! after AWS's block dates, can no longer be created or updated: a deploy that worked last
//! month fails. The facts live in `data/runtimes.tsv` (its header names the AWS page they
//! come from), embedded in the binary and parsed once. "Deprecated" is decided against
//! today's date at run time, so an announced runtime turns deprecated on its day without a
//! new release; [`status_on`] takes the date so tests can pin it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::civil::Date;
use serde::Serialize;

/// The embedded table.
pub const TABLE: &str = include_str!("../../data/runtimes.tsv");

/// Where the table's facts come from.
pub const SOURCE: &str = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html";

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeRow {
    pub runtime: String,
    /// What the page said when the table was reviewed.
    pub listed_status: Status,
    pub deprecated: Date,
    pub block_create: Option<Date>,
    pub block_update: Option<Date>,
    pub replacement: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The deprecation date has passed.
    Deprecated,
    /// AWS has announced a date still to come.
    Announced,
}

/// The parsed table and the date it was reviewed.
#[derive(Debug)]
pub struct Table {
    pub reviewed: Date,
    pub rows: BTreeMap<String, RuntimeRow>,
}

/// A runtime the table flags, as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuntimeStatus {
    pub runtime: String,
    /// `deprecated` when its date is today or earlier, else `announced`.
    pub status: Status,
    /// `YYYY-MM-DD`.
    pub deprecation_date: String,
    pub block_create_date: Option<String>,
    pub block_update_date: Option<String>,
    pub replacement: String,
    /// The AWS page the dates come from.
    pub source_url: &'static str,
    /// Where the runtime is set, when gearctl read it from a file: that file (as given on
    /// the command line) and the 1-based line of its `runtime:` key.
    pub file: Option<String>,
    pub line: Option<u32>,
}

impl RuntimeStatus {
    /// One sentence for tables and SARIF.
    pub fn message(&self) -> String {
        let blocks = match (&self.block_create_date, &self.block_update_date) {
            (Some(c), Some(u)) => {
                format!("; creating functions on it is blocked from {c}, updating them from {u}")
            }
            (Some(c), None) => format!("; creating functions on it is blocked from {c}"),
            (None, Some(u)) => format!("; updating functions on it is blocked from {u}"),
            (None, None) => String::new(),
        };
        match self.status {
            Status::Deprecated => format!(
                "runtime {} was deprecated on {}{blocks}; move to {}",
                self.runtime, self.deprecation_date, self.replacement
            ),
            Status::Announced => format!(
                "runtime {} will be deprecated on {}{blocks}; plan the move to {}",
                self.runtime, self.deprecation_date, self.replacement
            ),
        }
    }
}

/// The embedded table, parsed on first use. The table is checked by a test, so a parse
/// failure here is a build defect; it then flags nothing rather than failing audits.
pub fn table() -> &'static Table {
    static TABLE_ONCE: OnceLock<Table> = OnceLock::new();
    TABLE_ONCE.get_or_init(|| {
        parse(TABLE).unwrap_or_else(|e| {
            tracing::error!("data/runtimes.tsv: {e}");
            Table {
                reviewed: Date::constant(1970, 1, 1),
                rows: BTreeMap::new(),
            }
        })
    })
}

/// Parse the table text: `#` comments (one is `# reviewed: YYYY-MM-DD`), a header line,
/// then tab-separated rows.
pub fn parse(text: &str) -> Result<Table, String> {
    let mut reviewed = None;
    let mut rows = BTreeMap::new();
    let mut header = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(d) = comment.trim().strip_prefix("reviewed:") {
                reviewed = Some(date(d.trim()).map_err(|e| format!("line {n}: {e}"))?);
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 6 {
            return Err(format!("line {n}: {} columns, expected 6", cols.len()));
        }
        if !header {
            header = true;
            continue;
        }
        let listed_status = match cols[1] {
            "deprecated" => Status::Deprecated,
            "announced" => Status::Announced,
            s => {
                return Err(format!(
                    "line {n}: status `{s}` is not deprecated or announced"
                ));
            }
        };
        let opt = |s: &str| -> Result<Option<Date>, String> {
            if s == "-" {
                Ok(None)
            } else {
                date(s).map(Some)
            }
        };
        let row = RuntimeRow {
            runtime: cols[0].to_string(),
            listed_status,
            deprecated: date(cols[2]).map_err(|e| format!("line {n}: {e}"))?,
            block_create: opt(cols[3]).map_err(|e| format!("line {n}: {e}"))?,
            block_update: opt(cols[4]).map_err(|e| format!("line {n}: {e}"))?,
            replacement: cols[5].to_string(),
        };
        if row.runtime.is_empty() || row.replacement.is_empty() {
            return Err(format!("line {n}: empty runtime or replacement"));
        }
        if rows.insert(row.runtime.clone(), row).is_some() {
            return Err(format!("line {n}: {} is listed twice", cols[0]));
        }
    }
    Ok(Table {
        reviewed: reviewed.ok_or("no `# reviewed: YYYY-MM-DD` line")?,
        rows,
    })
}

fn date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("`{s}` is not a YYYY-MM-DD date: {e}"))
}

/// Today in UTC, from the system clock.
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

impl Table {
    /// The status of a runtime id on a given day; None when the table does not flag it.
    pub fn status_on(&self, runtime: &str, today: Date) -> Option<RuntimeStatus> {
        let row = self.rows.get(runtime.trim())?;
        Some(RuntimeStatus {
            runtime: row.runtime.clone(),
            status: if row.deprecated <= today {
                Status::Deprecated
            } else {
                Status::Announced
            },
            deprecation_date: row.deprecated.to_string(),
            block_create_date: row.block_create.map(|d| d.to_string()),
            block_update_date: row.block_update.map(|d| d.to_string()),
            replacement: row.replacement.clone(),
            source_url: SOURCE,
            file: None,
            line: None,
        })
    }
}

/// The status of a runtime id today.
pub fn status(runtime: &str) -> Option<RuntimeStatus> {
    table().status_on(runtime, today())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses_and_covers_the_runtimes_we_promise() {
        let t = parse(TABLE).unwrap();
        for r in [
            "python2.7",
            "python3.6",
            "python3.7",
            "python3.8",
            "python3.9",
            "nodejs10.x",
            "nodejs12.x",
            "nodejs14.x",
            "nodejs16.x",
            "nodejs18.x",
            "java8",
            "dotnetcore2.1",
            "dotnetcore3.1",
            "ruby2.5",
            "ruby2.7",
            "go1.x",
            "provided",
        ] {
            assert!(t.rows.contains_key(r), "{r} missing");
        }
        assert!(t.rows.len() >= 30);
    }

    #[test]
    fn every_replacement_is_supported_on_the_review_date() {
        let t = parse(TABLE).unwrap();
        for row in t.rows.values() {
            assert!(
                t.status_on(&row.replacement, t.reviewed)
                    .is_none_or(|s| s.status == Status::Announced),
                "{} -> {} which is itself deprecated",
                row.runtime,
                row.replacement
            );
            // The status column says what the dates say on the review day.
            let expect = if row.deprecated <= t.reviewed {
                Status::Deprecated
            } else {
                Status::Announced
            };
            assert_eq!(row.listed_status, expect, "{}", row.runtime);
            for d in [row.block_create, row.block_update].into_iter().flatten() {
                assert!(d >= Date::constant(2016, 1, 1), "{}", row.runtime);
            }
            if let (Some(c), Some(u)) = (row.block_create, row.block_update) {
                assert!(c <= u, "{}: create blocked after update", row.runtime);
            }
        }
    }

    #[test]
    fn an_announced_runtime_turns_deprecated_on_its_day() {
        let t = parse(TABLE).unwrap();
        let day = t.rows["nodejs22.x"].deprecated;
        let before = t.status_on("nodejs22.x", day.yesterday().unwrap()).unwrap();
        assert_eq!(before.status, Status::Announced);
        assert!(
            before
                .message()
                .contains("will be deprecated on 2027-04-30")
        );
        let on = t.status_on("nodejs22.x", day).unwrap();
        assert_eq!(on.status, Status::Deprecated);
        assert!(
            on.message().contains("move to nodejs24.x"),
            "{}",
            on.message()
        );
        assert!(t.status_on("python3.13", day).is_none());
        let py = t.status_on("python3.8", day).unwrap();
        assert_eq!(py.block_update_date.as_deref(), Some("2025-03-31"));
        assert!(py.message().contains("blocked from 2025-02-28"));
    }

    #[test]
    fn bad_tables_are_refused_with_the_line() {
        let head = "# reviewed: 2026-01-01\nruntime\ts\td\tc\tu\tr\n";
        assert!(
            parse(&format!("{head}x\tmaybe\t2020-01-01\t-\t-\ty\n"))
                .unwrap_err()
                .contains("line 3")
        );
        assert!(parse(&format!("{head}x\tdeprecated\t2020-13-01\t-\t-\ty\n")).is_err());
        assert!(parse(&format!("{head}x\tdeprecated\t2020-01-01\t-\ty\n")).is_err());
        assert!(
            parse("runtime\ts\td\tc\tu\tr\n")
                .unwrap_err()
                .contains("reviewed")
        );
    }
}
