//! The audit reports and how each is shown: a table per section for people, one row per
//! package (or function) for CSV, the whole structure for JSON/YAML.

use serde::Serialize;

use super::budget::Breach;
use super::groups::Group;
use super::plugins::PluginWarning;
use super::rules::{Finding, Severity};
use super::runtimes::{RuntimeStatus, Status};
use crate::error::Exit;
use crate::render::{CsvTable, Human, Report, Tone};
use crate::sarif::{Level, Rule, SarifFinding, SarifRun, ToSarif, relative_uri};
use crate::units::human;
use std::path::Path;

/// The local audit: every package read, what could go, and which limits it breaks.
#[derive(Debug, Default, Serialize)]
pub struct AuditReport {
    pub packages: Vec<PackageReport>,
    /// Packages that could not be audited; the others still are.
    pub errors: Vec<PackageError>,
    /// Every breach of every package, also listed per package.
    pub breaches: Vec<Breach>,
    /// One warning per service whose serverless.yml lists a plugin that changes the package.
    pub packaging_plugins: Vec<PluginWarning>,
    /// Every deprecated (or announced) runtime: per function of a source tree (whatever
    /// its packaging), per zip.
    pub runtimes: Vec<FlaggedRuntime>,
}

/// A runtime the table flags, and whose it is.
#[derive(Debug, Clone, Serialize)]
pub struct FlaggedRuntime {
    /// The package (zip path) or `<service dir>#<function>`.
    pub source: String,
    pub function: Option<String>,
    #[serde(flatten)]
    pub status: RuntimeStatus,
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
    /// Set when the runtime is deprecated or has a deprecation date announced.
    pub runtime_status: Option<RuntimeStatus>,
    /// For a source tree: its serverless.yml, and the line of the function's key in it
    /// (where SARIF results about the package point).
    #[serde(skip)]
    pub config_file: Option<std::path::PathBuf>,
    #[serde(skip)]
    pub config_line: Option<u32>,
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
        self.runtimes.sort_by(|a, b| a.source.cmp(&b.source));
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
        runtime_table(
            view,
            self.runtimes.iter().map(|r| (r.source.as_str(), &r.status)),
        );
        for w in &self.packaging_plugins {
            plugin_view(view, w);
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

    fn sarif(&self) -> Option<SarifRun> {
        Some(ToSarif::sarif(self))
    }

    fn exit(&self) -> Exit {
        if self.breaches.is_empty() && self.errors.is_empty() {
            Exit::Ok
        } else {
            Exit::Findings
        }
    }
}

/// The flagged runtimes, one row per package or function.
pub(crate) fn runtime_table<'a>(
    view: &mut Human,
    rows: impl Iterator<Item = (&'a str, &'a RuntimeStatus)>,
) {
    let rows: Vec<_> = rows
        .map(|(what, r)| {
            let tone = match r.status {
                Status::Deprecated => Tone::Bad,
                Status::Announced => Tone::Warn,
            };
            let blocked = [
                r.block_create_date
                    .as_deref()
                    .map(|d| format!("create {d}")),
                r.block_update_date
                    .as_deref()
                    .map(|d| format!("update {d}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            let at = match (&r.file, r.line) {
                (Some(f), Some(l)) => format!("{f}:{l}"),
                (Some(f), None) => f.clone(),
                _ => String::new(),
            };
            vec![
                (what.to_string(), Tone::Plain),
                (r.runtime.clone(), tone),
                (format!("{:?}", r.status).to_lowercase(), tone),
                (r.deprecation_date.clone(), Tone::Plain),
                (
                    if blocked.is_empty() {
                        "-".into()
                    } else {
                        blocked
                    },
                    Tone::Plain,
                ),
                (r.replacement.clone(), Tone::Good),
                (at, Tone::Plain),
            ]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    view.table(
        "Deprecated runtimes (AWS Lambda runtime deprecation dates)",
        &[
            "package",
            "runtime",
            "status",
            "deprecated",
            "blocked",
            "move to",
            "set in",
        ],
        rows,
    );
}

fn plugin_view(view: &mut Human, w: &PluginWarning) {
    let at = w.line.map(|l| format!(":{l}")).unwrap_or_default();
    view.note(&format!("warning ({}{at}): {}", w.file, w.message));
    let Some(py) = &w.python_requirements else {
        return;
    };
    let rows = py
        .requirements
        .iter()
        .map(|r| {
            vec![
                (r.spec.clone(), Tone::Plain),
                (
                    r.installed_bytes.map(human).unwrap_or_else(|| "?".into()),
                    Tone::Plain,
                ),
                (
                    r.slim_savings_bytes
                        .map(human)
                        .unwrap_or_else(|| "?".into()),
                    Tone::Plain,
                ),
                (
                    r.found_in
                        .clone()
                        .unwrap_or_else(|| "not installed locally".into()),
                    Tone::Plain,
                ),
            ]
        })
        .collect();
    view.table(
        &format!(
            "Requirements serverless-python-requirements adds from {} (their dependencies too)",
            py.file
        ),
        &[
            "requirement",
            "installed",
            "slim saves (estimate)",
            "measured in",
        ],
        rows,
    );
    let slim = if py.slim {
        "slim is on".to_string()
    } else {
        format!(
            "`custom.pythonRequirements.slim: true` would save about {} (estimate: caches, metadata, tests)",
            human(py.slim_savings_bytes)
        )
    };
    view.note(&format!(
        "{} installed locally for the listed requirements; {slim}",
        human(py.installed_bytes)
    ));
    for n in &py.notes {
        view.note(n);
    }
}

/// The audit's SARIF rules: every bloat rule, the budgets, runtimes and plugins.
pub fn sarif_rules() -> Vec<Rule> {
    let bloat = |id: &str, level, short: &str| {
        Rule::new(
            id,
            level,
            short,
            &format!(
                "{short}. The message gives the bytes it holds and the line to add under \
                 `package.patterns` in serverless.yml to leave it out."
            ),
        )
    };
    vec![
        Rule::new(
            "budget-max-zipped",
            Level::Error,
            "Zipped package over its budget",
            "The zipped package is bigger than --max-zipped or `max_zipped` in .gearctl.yml.",
        ),
        Rule::new(
            "budget-max-unzipped",
            Level::Error,
            "Unzipped package over its budget",
            "The unzipped package is bigger than --max-unzipped or `max_unzipped` in .gearctl.yml.",
        ),
        Rule::new(
            "aws-direct-upload",
            Level::Error,
            "Zip over Lambda's 50 MiB direct-upload limit",
            "Lambda refuses a zip over 50 MiB uploaded directly; upload through S3 or make it smaller.",
        ),
        Rule::new(
            "aws-unzipped",
            Level::Error,
            "Package over Lambda's 250 MiB unzipped limit",
            "Lambda refuses a function whose code and layers unzip to more than 262,144,000 bytes.",
        ),
        Rule::new(
            "deprecated-runtime",
            Level::Error,
            "Runtime deprecated or announced for deprecation by AWS",
            "AWS no longer patches a deprecated Lambda runtime and, after its block dates, refuses \
             to create or update functions on it. The message gives the dates and the runtime to \
             move to (source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html). \
             Deprecated: error; announced: warning.",
        ),
        Rule::new(
            "packaging-plugin",
            Level::Warning,
            "A plugin changes the package",
            "serverless.yml lists a plugin (serverless-python-requirements, serverless-esbuild, \
             serverless-webpack, serverless-plugin-typescript) that changes what `serverless \
             package` zips, so the source-tree audit is not the package: run `serverless \
             package` and audit `.serverless/*.zip`.",
        ),
        bloat(
            "runtime-sdk",
            Level::Note,
            "An SDK the runtime already provides is bundled",
        ),
        bloat(
            "tests-docs",
            Level::Warning,
            "Test, spec, docs or example folders are packaged",
        ),
        bloat(
            "python-cache",
            Level::Warning,
            "Python bytecode caches are packaged",
        ),
        bloat(
            "python-metadata",
            Level::Note,
            "Python distribution metadata is packaged",
        ),
        bloat("source-maps", Level::Warning, "Source maps are packaged"),
        bloat(
            "typescript-sources",
            Level::Warning,
            "TypeScript sources are packaged next to their JavaScript",
        ),
        bloat(
            "docs-files",
            Level::Warning,
            "Markdown and other documentation files are packaged",
        ),
        bloat(
            "vcs-editor-os",
            Level::Warning,
            "Version-control, editor or OS files are packaged",
        ),
        bloat(
            "huge-file",
            Level::Note,
            "A single very large file is packaged",
        ),
        bloat(
            "duplicate",
            Level::Note,
            "Files with identical content are packaged more than once",
        ),
        bloat(
            "link-outside-service",
            Level::Warning,
            "A symbolic link leads outside the service",
        ),
    ]
}

/// The SARIF rule id of a budget limit.
pub fn breach_rule(limit: &str) -> &'static str {
    match limit {
        "max_zipped" => "budget-max-zipped",
        "max_unzipped" => "budget-max-unzipped",
        "aws_direct_upload" => "aws-direct-upload",
        _ => "aws-unzipped",
    }
}

pub fn breach_message(b: &Breach) -> String {
    format!(
        "{}: {} is {} ({} bytes), over the {} limit of {} ({} bytes, from {})",
        b.package,
        if b.limit.contains("unzipped") {
            "unzipped size"
        } else {
            "zipped size"
        },
        human(b.actual_bytes),
        b.actual_bytes,
        b.limit,
        human(b.limit_bytes),
        b.limit_bytes,
        format!("{:?}", b.origin).to_lowercase()
    )
}

pub fn runtime_finding(
    r: &RuntimeStatus,
    what: &str,
    file: Option<String>,
    line: Option<u32>,
) -> SarifFinding {
    SarifFinding {
        rule_id: "deprecated-runtime".into(),
        level: match r.status {
            Status::Deprecated => Level::Error,
            Status::Announced => Level::Warning,
        },
        message: format!("{what}: {}", r.message()),
        file,
        line,
        column: None,
        logical: None,
    }
}

fn finding_level(f: &Finding) -> Level {
    match f.severity {
        Severity::Warn => Level::Warning,
        Severity::Info => Level::Note,
    }
}

impl ToSarif for AuditReport {
    fn sarif(&self) -> SarifRun {
        let cwd = std::env::current_dir().unwrap_or_default();
        let uri = |p: &str| relative_uri(Path::new(p), &cwd);
        let mut results = Vec::new();
        for p in &self.packages {
            // What the package's results point at: the zip, or the tree's serverless.yml at
            // the function's key.
            let (file, line) = match &p.config_file {
                Some(c) => (relative_uri(c, &cwd), p.config_line),
                None => (uri(&p.source), None),
            };
            for b in &p.breaches {
                results.push(SarifFinding {
                    rule_id: breach_rule(b.limit).into(),
                    level: Level::Error,
                    message: breach_message(b),
                    file: Some(file.clone()),
                    line,
                    column: None,
                    logical: None,
                });
            }
            for f in &p.findings {
                let saves = if f.unzipped_bytes > 0 {
                    format!(" ({} in {} files)", human(f.unzipped_bytes), f.files)
                } else {
                    String::new()
                };
                results.push(SarifFinding {
                    rule_id: f.rule.into(),
                    level: finding_level(f),
                    message: format!(
                        "{}: {}{saves}; add `'{}'` under package.patterns",
                        p.source, f.message, f.pattern
                    ),
                    file: Some(file.clone()),
                    line,
                    column: None,
                    logical: None,
                });
            }
        }
        for r in &self.runtimes {
            let file = r.status.file.as_deref().unwrap_or(&r.source);
            results.push(runtime_finding(
                &r.status,
                &r.source,
                Some(uri(file)),
                r.status.line,
            ));
        }
        for w in &self.packaging_plugins {
            let mut message = w.message.clone();
            if let Some(py) = &w.python_requirements {
                message.push_str(&format!(
                    "; serverless-python-requirements adds {} requirement(s) from {}",
                    py.requirements.len(),
                    py.file
                ));
                if py.installed_bytes > 0 {
                    message.push_str(&format!(
                        ", {} installed locally{}",
                        human(py.installed_bytes),
                        if py.slim {
                            String::new()
                        } else {
                            format!(
                                "; `slim: true` would save about {} (estimate)",
                                human(py.slim_savings_bytes)
                            )
                        }
                    ));
                }
            }
            results.push(SarifFinding {
                rule_id: w.rule.into(),
                level: Level::Warning,
                message,
                file: Some(uri(&w.file)),
                line: w.line,
                column: None,
                logical: None,
            });
        }
        SarifRun {
            rules: sarif_rules(),
            results,
        }
    }
}
