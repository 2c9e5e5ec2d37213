//! The audit reports and how each is shown: a table per section for people, one row per
//! package (or function) for CSV, the whole structure for JSON/YAML.

use serde::Serialize;

use super::budget::{Breach, human};
use super::groups::Group;
use super::rules::{Finding, Severity};
use crate::error::Exit;
use crate::render::{CsvTable, Human, Report, Tone};

/// The local audit: every package read, what could go, and which limits it breaks.
#[derive(Debug, Default, Serialize)]
pub struct AuditReport {
    pub packages: Vec<PackageReport>,
    /// Packages that could not be audited; the others still are.
    pub errors: Vec<PackageError>,
    /// Every breach of every package, also listed per package.
    pub breaches: Vec<Breach>,
}

#[derive(Debug, Serialize)]
pub struct PackageReport {
    /// The zip path, or `<service dir>#<function>` for a source tree.
    pub source: String,
    /// `zip` or `tree`.
    pub kind: &'static str,
    pub function: Option<String>,
    pub runtime: Option<String>,
    /// Null for a source tree unless it had to be compressed (`--deep`, or a zipped limit
    /// that its content could exceed).
    pub zipped_bytes: Option<u64>,
    pub unzipped_bytes: u64,
    pub files: u64,
    /// Biggest groups first (`--top`).
    pub contributors: Vec<Group>,
    pub findings: Vec<Finding>,
    /// What applying every finding's pattern would save, each file counted once.
    pub savings_unzipped_bytes: u64,
    pub savings_zipped_bytes: Option<u64>,
    pub breaches: Vec<Breach>,
}

#[derive(Debug, Serialize)]
pub struct PackageError {
    pub source: String,
    pub message: String,
    pub hint: Option<String>,
}

impl AuditReport {
    /// Collect breaches and sort for a deterministic document.
    pub fn finish(&mut self) {
        self.packages.sort_by(|a, b| a.source.cmp(&b.source));
        self.breaches = self
            .packages
            .iter()
            .flat_map(|p| p.breaches.clone())
            .collect();
    }
}

fn opt_size(v: Option<u64>) -> String {
    v.map(human).unwrap_or_else(|| "-".into())
}

impl Report for AuditReport {
    const COMMAND: &'static str = "audit";

    fn human(&self, view: &mut Human) {
        let rows = self
            .packages
            .iter()
            .map(|p| {
                let breached = !p.breaches.is_empty();
                vec![
                    (p.source.clone(), Tone::Plain),
                    (p.runtime.clone().unwrap_or_else(|| "?".into()), Tone::Plain),
                    (
                        opt_size(p.zipped_bytes),
                        if breached { Tone::Bad } else { Tone::Plain },
                    ),
                    (
                        human(p.unzipped_bytes),
                        if breached { Tone::Bad } else { Tone::Plain },
                    ),
                    (p.files.to_string(), Tone::Plain),
                    (
                        human(p.savings_unzipped_bytes),
                        if p.savings_unzipped_bytes > 0 {
                            Tone::Warn
                        } else {
                            Tone::Plain
                        },
                    ),
                ]
            })
            .collect();
        view.table(
            "Packages",
            &[
                "package",
                "runtime",
                "zipped",
                "unzipped",
                "files",
                "could save",
            ],
            rows,
        );

        for p in &self.packages {
            let rows = p
                .contributors
                .iter()
                .map(|g| {
                    let share = if p.unzipped_bytes > 0 {
                        g.unzipped_bytes as f64 * 100.0 / p.unzipped_bytes as f64
                    } else {
                        0.0
                    };
                    vec![
                        (g.name.clone(), Tone::Plain),
                        (human(g.unzipped_bytes), Tone::Plain),
                        (format!("{share:.0}%"), Tone::Plain),
                        (g.files.to_string(), Tone::Plain),
                    ]
                })
                .collect();
            view.table(
                &format!("Biggest in {}", p.source),
                &["contributor", "unzipped", "share", "files"],
                rows,
            );
            if !p.findings.is_empty() {
                let rows = p
                    .findings
                    .iter()
                    .map(|f| {
                        vec![
                            (
                                f.rule.to_string(),
                                if f.severity == Severity::Warn {
                                    Tone::Warn
                                } else {
                                    Tone::Plain
                                },
                            ),
                            (format!("'{}'", f.pattern), Tone::Plain),
                            (human(f.unzipped_bytes), Tone::Plain),
                            (f.files.to_string(), Tone::Plain),
                            (f.message.clone(), Tone::Plain),
                        ]
                    })
                    .collect();
                view.table(
                    &format!("Could go from {} (add under package.patterns)", p.source),
                    &["rule", "pattern", "saves", "files", "why"],
                    rows,
                );
            }
        }
        if !self.breaches.is_empty() {
            let rows = self
                .breaches
                .iter()
                .map(|b| {
                    vec![
                        (b.package.clone(), Tone::Plain),
                        (b.limit.to_string(), Tone::Bad),
                        (human(b.limit_bytes), Tone::Plain),
                        (human(b.actual_bytes), Tone::Bad),
                        (format!("{:?}", b.origin).to_lowercase(), Tone::Plain),
                    ]
                })
                .collect();
            view.table(
                "Budget breaches",
                &["package", "limit", "allowed", "actual", "from"],
                rows,
            );
        }
        for e in &self.errors {
            let hint = e
                .hint
                .as_deref()
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            view.note(&format!(
                "could not audit {}: {}{hint}",
                e.source, e.message
            ));
        }
    }

    fn csv(&self) -> Option<CsvTable> {
        Some(CsvTable {
            header: vec![
                "source",
                "kind",
                "function",
                "runtime",
                "zipped_bytes",
                "unzipped_bytes",
                "files",
                "savings_unzipped_bytes",
                "breaches",
            ],
            rows: self
                .packages
                .iter()
                .map(|p| {
                    vec![
                        p.source.clone(),
                        p.kind.to_string(),
                        p.function.clone().unwrap_or_default(),
                        p.runtime.clone().unwrap_or_default(),
                        p.zipped_bytes.map(|z| z.to_string()).unwrap_or_default(),
                        p.unzipped_bytes.to_string(),
                        p.files.to_string(),
                        p.savings_unzipped_bytes.to_string(),
                        p.breaches
                            .iter()
                            .map(|b| b.limit)
                            .collect::<Vec<_>>()
                            .join(" "),
                    ]
                })
                .collect(),
        })
    }

    fn exit(&self) -> Exit {
        if self.breaches.is_empty() && self.errors.is_empty() {
            Exit::Ok
        } else {
            Exit::Findings
        }
    }
}
