//! How a deployed audit is shown: the tables, the CSV rows and the SARIF results.

use super::*;

impl DeployedReport {
    /// True for a report merged from several regions: tables then show a region column.
    fn multi(&self) -> bool {
        !self.regions.is_empty()
    }
}

/// "1.2 GiB of 75 GiB (1.6%)", or why it is unknown.
pub(super) fn storage_text(c: &CodeStorage) -> String {
    match (c.used_bytes, c.limit_bytes) {
        (Some(u), Some(l)) if l > 0 => format!(
            "{} of {} ({:.1}%)",
            human(u),
            human(l),
            u as f64 * 100.0 / l as f64
        ),
        _ => c.note.clone().unwrap_or_else(|| "unknown".into()),
    }
}

/// A table row with the region cell second, when the table has a region column.
pub(super) fn with_region(
    multi: bool,
    region: &Option<String>,
    mut row: Vec<(String, Tone)>,
) -> Vec<(String, Tone)> {
    if multi {
        row.insert(1, (region.clone().unwrap_or_default(), Tone::Plain));
    }
    row
}

/// `2026-11-26T13:52:16.528481000Z` or `…+0000` → `2026-11-26 13:52`, for tables.
pub(super) fn short_time(t: Option<&str>) -> String {
    match t {
        Some(t) if t.len() >= 16 => t[..16].replace('T', " "),
        Some(t) => t.to_string(),
        None => String::new(),
    }
}

impl Report for DeployedReport {
    const COMMAND: &'static str = "audit deployed";

    fn human(&self, view: &mut Human) {
        let multi = self.multi();
        let storage = if multi {
            self.code_storage_by_region
                .iter()
                .map(|c| format!("{} {}", c.region.as_deref().unwrap_or("?"), storage_text(c)))
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            storage_text(&self.code_storage)
        };
        view.fields(
            "Account",
            &[
                (
                    if multi { "regions" } else { "region" },
                    if multi {
                        self.regions.join(", ")
                    } else {
                        self.region.clone().unwrap_or_default()
                    },
                ),
                ("code storage", storage),
                ("functions", self.totals.functions.to_string()),
                (
                    "versions",
                    format!(
                        "{} holding {}",
                        self.totals.versions,
                        human(self.totals.versions_bytes)
                    ),
                ),
                (
                    "prunable",
                    format!(
                        "{} versions, {}",
                        self.totals.prunable_versions,
                        human(self.totals.prunable_bytes)
                    ),
                ),
            ],
        );
        let breached: BTreeSet<(&str, Option<&str>)> = self
            .breaches
            .iter()
            .map(|b| (b.package.as_str(), b.region.as_deref()))
            .collect();
        let rows = self
            .functions
            .iter()
            .map(|f| {
                let mut row = vec![(f.name.clone(), Tone::Plain)];
                if multi {
                    row.push((f.region.clone().unwrap_or_default(), Tone::Plain));
                }
                row.extend([
                    (
                        f.runtime.clone().unwrap_or_else(|| "image".into()),
                        Tone::Plain,
                    ),
                    (
                        human(f.code_size_bytes),
                        if breached.contains(&(f.name.as_str(), f.region.as_deref())) {
                            Tone::Bad
                        } else {
                            Tone::Plain
                        },
                    ),
                    (
                        if f.layers.is_empty() {
                            "-".into()
                        } else {
                            format!("{} ({})", f.layers.len(), human(f.layers_bytes))
                        },
                        Tone::Plain,
                    ),
                    (
                        format!("{} ({})", f.versions, human(f.versions_bytes)),
                        Tone::Plain,
                    ),
                    (
                        format!("{} ({})", f.prunable.len(), human(f.prunable_bytes)),
                        if f.prunable.is_empty() {
                            Tone::Plain
                        } else {
                            Tone::Warn
                        },
                    ),
                    (short_time(f.last_modified.as_deref()), Tone::Plain),
                ]);
                row
            })
            .collect();
        let mut header = vec!["function"];
        if multi {
            header.push("region");
        }
        header.extend([
            "runtime",
            "code",
            "layers",
            "versions",
            "prunable",
            "last modified",
        ]);
        view.table("Functions", &header, rows);
        crate::audit::report::runtime_table(
            view,
            self.functions
                .iter()
                .filter_map(|f| Some((f.name.as_str(), f.runtime_status.as_ref()?))),
        );
        if let Some(p) = &self.prune {
            let title = if p.dry_run {
                format!(
                    "Would delete (dry run, keeping the newest {} unaliased)",
                    p.keep
                )
            } else {
                "Deleted".to_string()
            };
            let rows = p
                .deleted
                .iter()
                .map(|d| {
                    with_region(
                        multi,
                        &d.region,
                        vec![
                            (d.function.clone(), Tone::Plain),
                            (d.version.clone(), Tone::Plain),
                            (human(d.code_size_bytes), Tone::Plain),
                        ],
                    )
                })
                .chain(p.failed.iter().map(|d| {
                    with_region(
                        multi,
                        &d.region,
                        vec![
                            (d.function.clone(), Tone::Plain),
                            (d.version.clone(), Tone::Bad),
                            (d.message.clone(), Tone::Bad),
                        ],
                    )
                }))
                .collect();
            let header: &[&str] = if multi {
                &["function", "region", "version", "bytes"]
            } else {
                &["function", "version", "bytes"]
            };
            view.table(&title, header, rows);
            view.note(&format!(
                "{} {}",
                if p.dry_run { "would free" } else { "freed" },
                human(p.freed_bytes)
            ));
        }
        let in_region = |r: &Option<String>| match (multi, r) {
            (true, Some(r)) => format!(" in {r}"),
            _ => String::new(),
        };
        for b in &self.breaches {
            view.note(&format!(
                "budget breach: {}{} code {} > {} ({})",
                b.package,
                in_region(&b.region),
                human(b.actual_bytes),
                human(b.limit_bytes),
                b.limit
            ));
        }
        for e in &self.errors {
            view.note(&format!(
                "could not audit {}{}: {}",
                e.source,
                in_region(&e.region),
                e.message
            ));
        }
        for f in &self.failed_regions {
            view.note(&format!("region {} was skipped: {}", f.region, f.error));
        }
    }

    fn csv(&self) -> Option<CsvTable> {
        Some(CsvTable {
            header: vec![
                "function",
                "runtime",
                "code_size_bytes",
                "layers_bytes",
                "versions",
                "versions_bytes",
                "prunable_versions",
                "prunable_bytes",
                "last_modified",
                "region",
            ],
            rows: self
                .functions
                .iter()
                .map(|f| {
                    vec![
                        f.name.clone(),
                        f.runtime.clone().unwrap_or_default(),
                        f.code_size_bytes.to_string(),
                        f.layers_bytes.to_string(),
                        f.versions.to_string(),
                        f.versions_bytes.to_string(),
                        f.prunable.len().to_string(),
                        f.prunable_bytes.to_string(),
                        f.last_modified.clone().unwrap_or_default(),
                        f.region.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        })
    }

    fn sarif(&self) -> Option<crate::sarif::SarifRun> {
        Some(crate::sarif::ToSarif::sarif(self))
    }

    fn exit(&self) -> Exit {
        let failed = self.prune.as_ref().is_some_and(|p| !p.failed.is_empty());
        if self.breaches.is_empty() && self.errors.is_empty() && !failed {
            Exit::Ok
        } else {
            Exit::Findings
        }
    }
}

/// Deployed functions have no file in the repository: results name the function as a
/// logical location (GitHub code scanning shows only results with a file; other SARIF
/// viewers show these).
impl crate::sarif::ToSarif for DeployedReport {
    fn sarif(&self) -> crate::sarif::SarifRun {
        use crate::audit::report::{breach_message, breach_rule, runtime_finding};
        use crate::sarif::{Level, SarifFinding};
        let mut results = Vec::new();
        for f in &self.functions {
            if let Some(r) = &f.runtime_status {
                let mut finding = runtime_finding(r, &f.name, None, None);
                finding.logical = Some(f.name.clone());
                results.push(finding);
            }
            for finding in f.package.iter().flat_map(|p| &p.findings) {
                results.push(SarifFinding {
                    rule_id: finding.rule.into(),
                    level: match finding.severity {
                        crate::audit::rules::Severity::Warn => Level::Warning,
                        crate::audit::rules::Severity::Info => Level::Note,
                    },
                    message: format!(
                        "{}: {} ({} in {} files)",
                        f.name,
                        finding.message,
                        human(finding.unzipped_bytes),
                        finding.files
                    ),
                    file: None,
                    line: None,
                    column: None,
                    logical: Some(f.name.clone()),
                });
            }
        }
        for b in &self.breaches {
            results.push(SarifFinding {
                rule_id: breach_rule(b.limit).into(),
                level: Level::Error,
                message: breach_message(b),
                file: None,
                line: None,
                column: None,
                logical: Some(b.function.clone().unwrap_or_else(|| b.package.clone())),
            });
        }
        crate::sarif::SarifRun {
            rules: crate::audit::report::sarif_rules(),
            results,
        }
    }
}
