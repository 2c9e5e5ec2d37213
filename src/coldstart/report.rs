//! The cold-start report and its table, JSON and CSV forms.

use serde::Serialize;

use super::stats::{self, Summary};
use super::{By, Samples};
use crate::aws::lambda::FunctionInfo;
use crate::render::{CsvTable, Human, Report, Tone};
use crate::units::human;

#[derive(Debug, Serialize)]
pub struct ColdstartReport {
    /// Null for `--log-file`.
    pub window: Option<Window>,
    /// `scan` (every line read, exact percentiles), `insights` (CloudWatch's percentiles),
    /// `insights+scan` (functions Insights could not cover were scanned), or `file`.
    pub engine: &'static str,
    pub by: By,
    /// Biggest total init time first.
    pub groups: Vec<GroupReport>,
    /// Functions with nothing to report, and why (missing log group, no REPORT lines…).
    pub skipped: Vec<Skipped>,
    pub lines: LineCounts,
    /// With several regions: those that reported, in the order asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Regions that could not be read; the others still report.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed_regions: Vec<crate::regions::RegionFailure>,
}

#[derive(Debug, Serialize)]
pub struct Window {
    pub start: String,
    pub end: String,
    pub start_ms: i64,
    pub end_ms: i64,
}

impl Window {
    pub fn new(start_ms: i64, end_ms: i64) -> Window {
        let fmt = |ms| {
            jiff::Timestamp::from_millisecond(ms)
                .map(|t| t.to_string())
                .unwrap_or_default()
        };
        Window {
            start: fmt(start_ms),
            end: fmt(end_ms),
            start_ms,
            end_ms,
        }
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCounts {
    pub events: u64,
    pub reports: u64,
    pub init_reports: u64,
    /// Lines that looked like reports but could not be read; skipped.
    pub garbage: u64,
}

impl LineCounts {
    pub fn add(&mut self, o: &LineCounts) {
        self.events += o.events;
        self.reports += o.reports;
        self.init_reports += o.init_reports;
        self.garbage += o.garbage;
    }
}

#[derive(Debug, Serialize)]
pub struct Skipped {
    pub function: String,
    /// The region looked in (absent for `--log-file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub log_group: Option<String>,
    pub reason: String,
}

/// One row: a function, or a memory size / runtime / architecture / version with `--by`.
#[derive(Debug, Serialize)]
pub struct GroupReport {
    pub key: String,
    /// The region of the group's functions (absent for `--log-file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub functions: Vec<String>,
    /// Configuration, when the group is one function (or all its functions agree).
    pub memory_mb: Option<i32>,
    pub runtime: Option<String>,
    pub architecture: Option<String>,
    pub code_size_bytes: Option<u64>,
    pub layers: Option<usize>,
    pub vpc: Option<bool>,
    /// Allocated provisioned concurrency, summed over the group; null when unknown.
    pub provisioned_concurrency: Option<i64>,
    pub invocations: u64,
    pub cold_starts: u64,
    pub cold_percent: f64,
    pub init: Option<Summary>,
    /// SnapStart restores.
    pub restore: Option<Summary>,
    /// Init (or restore) plus the first invocation's duration: what the caller waited.
    pub cold_latency: Option<Summary>,
    /// INIT_REPORT timeouts and errors; null from the Insights engine, which does not count them.
    pub init_timeouts: Option<u64>,
    pub init_errors: Option<u64>,
    /// Total init time in the window: how the report is sorted.
    pub impact_ms: f64,
    #[serde(skip)]
    pub sparkline: String,
}

impl GroupReport {
    /// A row from Logs Insights stats: no restore, cold-latency or init-failure data.
    pub fn from_insights(f: &FunctionInfo, s: &super::insights::GroupStats) -> GroupReport {
        let mut g = GroupReport::new(f.name.clone(), &[f], &Samples::default());
        g.invocations = s.invocations;
        g.cold_starts = s.cold_starts;
        g.cold_percent = if s.invocations > 0 {
            ((s.cold_starts as f64 * 10_000.0 / s.invocations as f64).round()) / 100.0
        } else {
            0.0
        };
        g.init = s.init;
        g.init_timeouts = None;
        g.init_errors = None;
        g.impact_ms = s
            .init
            .map(|i| ((i.mean_ms * i.count as f64) * 100.0).round() / 100.0)
            .unwrap_or(0.0);
        g
    }

    pub fn new(key: String, functions: &[&FunctionInfo], s: &Samples) -> GroupReport {
        fn same<T: PartialEq + Clone>(
            fs: &[&FunctionInfo],
            get: impl Fn(&FunctionInfo) -> T,
        ) -> Option<T> {
            let first = get(fs.first()?);
            fs.iter().all(|f| get(f) == first).then_some(first)
        }
        let cold = (s.init_ms.len() + s.restore_ms.len()) as u64;
        GroupReport {
            functions: functions.iter().map(|f| f.name.clone()).collect(),
            memory_mb: same(functions, |f| f.memory_mb),
            runtime: same(functions, |f| f.runtime.clone()).flatten(),
            architecture: same(functions, |f| f.architectures.first().cloned()).flatten(),
            code_size_bytes: same(functions, |f| f.code_size.max(0) as u64),
            layers: same(functions, |f| f.layers.len()),
            vpc: same(functions, |f| f.vpc),
            provisioned_concurrency: None,
            invocations: s.invocations,
            cold_starts: cold,
            cold_percent: if s.invocations > 0 {
                ((cold as f64 * 10_000.0 / s.invocations as f64).round()) / 100.0
            } else {
                0.0
            },
            init: stats::summarize(&s.init_ms),
            restore: stats::summarize(&s.restore_ms),
            cold_latency: stats::summarize(&s.cold_total_ms),
            init_timeouts: Some(s.init_timeouts),
            init_errors: Some(s.init_errors),
            impact_ms: ((s.init_ms.iter().chain(&s.restore_ms).sum::<f64>()) * 100.0).round()
                / 100.0,
            sparkline: stats::sparkline(&s.init_ms, 10),
            region: None,
            key,
        }
    }
}

impl Report for ColdstartReport {
    const COMMAND: &'static str = "coldstarts";

    fn human(&self, view: &mut Human) {
        let multi = !self.regions.is_empty();
        view.note(&format!(
            "{} · {} engine · {} REPORT lines{}",
            self.window
                .as_ref()
                .map(|w| format!("{} to {}", w.start, w.end))
                .unwrap_or_else(|| "log files".into()),
            self.engine,
            self.lines.reports,
            if self.lines.garbage > 0 {
                format!(" · {} malformed skipped", self.lines.garbage)
            } else {
                String::new()
            }
        ));
        let rows = self
            .groups
            .iter()
            .map(|g| {
                let init = g.init.as_ref();
                let mut row = vec![(g.key.clone(), Tone::Plain)];
                if multi {
                    row.push((g.region.clone().unwrap_or_default(), Tone::Plain));
                }
                row.extend([
                    (
                        g.memory_mb
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| "-".into()),
                        Tone::Plain,
                    ),
                    (g.runtime.clone().unwrap_or_else(|| "-".into()), Tone::Plain),
                    (
                        g.code_size_bytes.map(human).unwrap_or_else(|| "-".into()),
                        Tone::Plain,
                    ),
                    (
                        match g.vpc {
                            Some(true) => "yes",
                            Some(false) => "no",
                            None => "-",
                        }
                        .into(),
                        Tone::Plain,
                    ),
                    (g.invocations.to_string(), Tone::Plain),
                    (
                        format!("{} ({:.1}%)", g.cold_starts, g.cold_percent),
                        Tone::Plain,
                    ),
                    (
                        init.map(|s| {
                            format!(
                                "{:.0} / {:.0} / {:.0} / {:.0}",
                                s.p50_ms, s.p90_ms, s.p99_ms, s.max_ms
                            )
                        })
                        .unwrap_or_else(|| "-".into()),
                        if init.is_some_and(|s| s.p99_ms > 1000.0) {
                            Tone::Warn
                        } else {
                            Tone::Plain
                        },
                    ),
                    (
                        match (g.init_timeouts, g.init_errors) {
                            (Some(t), Some(e)) => (t + e).to_string(),
                            _ => "-".to_string(),
                        },
                        if g.init_timeouts.unwrap_or(0) + g.init_errors.unwrap_or(0) > 0 {
                            Tone::Bad
                        } else {
                            Tone::Plain
                        },
                    ),
                    (g.sparkline.clone(), Tone::Plain),
                ]);
                row
            })
            .collect();
        let region: &[&str] = if multi { &["region"] } else { &[] };
        view.table(
            "Cold starts (init ms), biggest total init time first",
            &[
                &["group"][..],
                region,
                &[
                    "MB",
                    "runtime",
                    "package",
                    "vpc",
                    "calls",
                    "cold",
                    "init p50/p90/p99/max",
                    "failed",
                    "spread",
                ],
            ]
            .concat(),
            rows,
        );
        for s in &self.skipped {
            view.note(&format!(
                "skipped {}{}{}: {}",
                s.function,
                match (&s.region, multi) {
                    (Some(r), true) => format!(" in {r}"),
                    _ => String::new(),
                },
                s.log_group
                    .as_deref()
                    .map(|g| format!(" ({g})"))
                    .unwrap_or_default(),
                s.reason
            ));
        }
    }

    fn csv(&self) -> Option<CsvTable> {
        let s = |v: Option<&Summary>, f: fn(&Summary) -> f64| {
            v.map(|x| f(x).to_string()).unwrap_or_default()
        };
        Some(CsvTable {
            header: vec![
                "group",
                "functions",
                "memory_mb",
                "runtime",
                "architecture",
                "code_size_bytes",
                "vpc",
                "invocations",
                "cold_starts",
                "cold_percent",
                "init_p50_ms",
                "init_p90_ms",
                "init_p99_ms",
                "init_max_ms",
                "init_mean_ms",
                "cold_latency_p50_ms",
                "cold_latency_p99_ms",
                "restore_p50_ms",
                "init_timeouts",
                "init_errors",
                "provisioned_concurrency",
                "region",
            ],
            rows: self
                .groups
                .iter()
                .map(|g| {
                    vec![
                        g.key.clone(),
                        g.functions.join(" "),
                        g.memory_mb.map(|m| m.to_string()).unwrap_or_default(),
                        g.runtime.clone().unwrap_or_default(),
                        g.architecture.clone().unwrap_or_default(),
                        g.code_size_bytes.map(|c| c.to_string()).unwrap_or_default(),
                        g.vpc.map(|v| v.to_string()).unwrap_or_default(),
                        g.invocations.to_string(),
                        g.cold_starts.to_string(),
                        g.cold_percent.to_string(),
                        s(g.init.as_ref(), |x| x.p50_ms),
                        s(g.init.as_ref(), |x| x.p90_ms),
                        s(g.init.as_ref(), |x| x.p99_ms),
                        s(g.init.as_ref(), |x| x.max_ms),
                        s(g.init.as_ref(), |x| x.mean_ms),
                        s(g.cold_latency.as_ref(), |x| x.p50_ms),
                        s(g.cold_latency.as_ref(), |x| x.p99_ms),
                        s(g.restore.as_ref(), |x| x.p50_ms),
                        g.init_timeouts.map(|n| n.to_string()).unwrap_or_default(),
                        g.init_errors.map(|n| n.to_string()).unwrap_or_default(),
                        g.provisioned_concurrency
                            .map(|p| p.to_string())
                            .unwrap_or_default(),
                        g.region.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        })
    }
}
