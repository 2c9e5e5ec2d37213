//! How `iam generate` looks in a terminal: one row per function, then what had to be a
//! wildcard and what could not be resolved, and with `--explain` why each action is there.

use crate::error::Exit;
use crate::render::{Human, Report, Tone};

use super::generate::GenerateReport;

/// The generate report with the view options of the command line.
#[derive(serde::Serialize)]
#[serde(transparent)]
pub struct View<'a> {
    pub report: &'a GenerateReport,
    #[serde(skip)]
    pub explain: bool,
    /// Files that `--check` found stale, with their diffs.
    #[serde(skip)]
    pub stale: Vec<(std::path::PathBuf, String)>,
}

impl Report for View<'_> {
    const COMMAND: &'static str = "iam generate";

    fn human(&self, view: &mut Human) {
        let r = self.report;
        let rows = r
            .functions
            .iter()
            .map(|f| {
                let actions = f.explain.len();
                let tone = |n: usize| if n > 0 { Tone::Warn } else { Tone::Plain };
                vec![
                    (f.key.clone(), Tone::Plain),
                    (f.runtime.clone().unwrap_or_default(), Tone::Plain),
                    (actions.to_string(), Tone::Plain),
                    (f.policy.statement.len().to_string(), Tone::Plain),
                    (f.wildcards.len().to_string(), tone(f.wildcards.len())),
                    (f.unresolved.len().to_string(), tone(f.unresolved.len())),
                    (
                        f.errors.len().to_string(),
                        if f.errors.is_empty() {
                            Tone::Plain
                        } else {
                            Tone::Bad
                        },
                    ),
                ]
            })
            .collect();
        view.table(
            &format!("Policies for {} (stage {})", r.service, r.stage),
            &[
                "function",
                "runtime",
                "actions",
                "statements",
                "wildcards",
                "unresolved",
                "errors",
            ],
            rows,
        );
        for f in &r.functions {
            let mut rows = Vec::new();
            for w in &f.wildcards {
                rows.push(vec![
                    ("wildcard".to_string(), Tone::Warn),
                    (format!("{} on {}", w.action, w.resource), Tone::Plain),
                    (format!("{} ({})", w.reason, w.origin), Tone::Plain),
                ]);
            }
            for u in &f.unresolved {
                rows.push(vec![
                    ("unresolved".to_string(), Tone::Warn),
                    (format!("{}:{}", u.file.display(), u.line), Tone::Plain),
                    (u.message.clone(), Tone::Plain),
                ]);
            }
            for e in &f.errors {
                rows.push(vec![
                    ("error".to_string(), Tone::Bad),
                    (format!("{}:{}", e.file.display(), e.line), Tone::Plain),
                    (e.message.clone(), Tone::Plain),
                ]);
            }
            if !rows.is_empty() {
                view.table(
                    &format!("{}: findings", f.key),
                    &["kind", "what", "why"],
                    rows,
                );
            }
            if self.explain {
                let rows = f
                    .explain
                    .iter()
                    .map(|(action, origins)| {
                        vec![
                            (action.clone(), Tone::Plain),
                            (origins.join(", "), Tone::Plain),
                        ]
                    })
                    .collect();
                view.table(
                    &format!("{}: why each action", f.key),
                    &["action", "needed by"],
                    rows,
                );
            }
        }
        for (path, diff) in &self.stale {
            // The diff's own line breaks are kept; anything else in it is shown escaped.
            let mut lines = vec![format!("stale: {}", path.display())];
            let body = diff.strip_suffix('\n').unwrap_or(diff);
            lines.extend(body.split('\n').map(str::to_string));
            view.note_lines(&lines);
        }
        view.note(&format!(
            "{} lines of handler code in {} ms",
            r.lines, r.elapsed_ms
        ));
    }

    fn exit(&self) -> Exit {
        if self.stale.is_empty() {
            Exit::Ok
        } else {
            Exit::Findings
        }
    }
}
