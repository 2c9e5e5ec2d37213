//! `gearctl coldstarts`: how often each function starts cold, how long that takes, and
//! what it correlates with (memory, runtime, architecture, package size, VPC).
//!
//! The scan engine streams every platform line of the window through [`parse`] and keeps
//! the durations, so its percentiles are exact. Lines are attributed to a version by their
//! log stream name (`…/[$LATEST]…`, `…/[12]…`), and to a function in a shared log group by
//! the function name in the stream name. A missing log group is reported and skipped.

pub mod insights;
pub mod parse;
pub mod report;
pub mod stats;

use std::collections::BTreeMap;

use futures_util::stream::{self, StreamExt};

use crate::aws::lambda::FunctionInfo;
use crate::aws::{Aws, AwsErrorKind};
use crate::error::{Error, Result};
use crate::render::Feedback;
use parse::{Line, Status};
use report::{ColdstartReport, GroupReport, LineCounts, Skipped, Window};

/// How to regroup the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Function,
    Memory,
    Runtime,
    Arch,
    Version,
}

/// Which engine computes the statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// Insights where it can (`--by function`), scanning what it cannot cover
    Auto,
    /// Logs Insights (falls back to scan when its results are unusable)
    Insights,
    /// FilterLogEvents over every line: exact, and the only one with restore and init-failure data
    Scan,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub engine: Engine,
    /// Function names; empty means every function in the region.
    pub names: Vec<String>,
    pub start_ms: i64,
    pub end_ms: i64,
    pub by: By,
    pub concurrency: usize,
    /// One of several regions: a region without the functions is an empty report, not an
    /// error (see [`merge`]).
    pub several_regions: bool,
}

/// The server-side filter: only platform report lines leave CloudWatch. (Emulators may
/// ignore it; the parser drops everything else anyway.)
const FILTER: &str = r#"?REPORT ?INIT_REPORT ?"platform.report" ?"platform.initReport""#;

/// Durations collected for one function version.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Samples {
    pub invocations: u64,
    pub init_ms: Vec<f64>,
    pub restore_ms: Vec<f64>,
    /// Init (or restore) plus the duration of that first invocation.
    pub cold_total_ms: Vec<f64>,
    pub init_timeouts: u64,
    pub init_errors: u64,
}

impl Samples {
    fn merge(&mut self, other: &Samples) {
        self.invocations += other.invocations;
        self.init_ms.extend_from_slice(&other.init_ms);
        self.restore_ms.extend_from_slice(&other.restore_ms);
        self.cold_total_ms.extend_from_slice(&other.cold_total_ms);
        self.init_timeouts += other.init_timeouts;
        self.init_errors += other.init_errors;
    }
}

/// Feed one log line into per-version samples; returns what kind of line it was.
pub fn ingest(
    by_version: &mut BTreeMap<String, Samples>,
    counts: &mut LineCounts,
    stream: &str,
    message: &str,
) {
    counts.events += 1;
    match parse::parse_line(message) {
        Line::Report(r, _) => {
            counts.reports += 1;
            let s = by_version
                .entry(version_of(stream).to_string())
                .or_default();
            s.invocations += 1;
            if let Some(init) = r.init_ms {
                s.init_ms.push(init);
                s.cold_total_ms.push(round2(init + r.duration_ms));
            }
            if let Some(restore) = r.restore_ms {
                s.restore_ms.push(restore);
                if r.init_ms.is_none() {
                    s.cold_total_ms.push(round2(restore + r.duration_ms));
                }
            }
        }
        Line::InitReport(i) => {
            counts.init_reports += 1;
            let s = by_version
                .entry(version_of(stream).to_string())
                .or_default();
            match i.status {
                Some(Status::Timeout) => s.init_timeouts += 1,
                Some(_) => s.init_errors += 1,
                None => {}
            }
        }
        Line::NotAReport => {}
        Line::Garbage => counts.garbage += 1,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `2026/01/01/[$LATEST]abc…` → `$LATEST`; `…/fn[12]…` → `12`; otherwise `?`.
pub fn version_of(stream: &str) -> &str {
    match (stream.find('['), stream.find(']')) {
        (Some(a), Some(b)) if b > a => &stream[a + 1..b],
        _ => "?",
    }
}

/// The longest log line `--log-file` reads. CloudWatch keeps events of at most 1 MiB, and
/// a REPORT line is a few hundred bytes; a longer line is skipped and counted, so a file
/// without newlines costs this much memory, not its size.
pub const MAX_LOG_LINE: usize = 1 << 20;

/// Analyse exported log files instead of CloudWatch (offline): one group per file. Lines
/// carry no stream name here, so `--by` does not apply and there is no time window.
pub fn run_files(paths: &[std::path::PathBuf], out: &dyn Feedback) -> Result<ColdstartReport> {
    let mut groups = Vec::new();
    let mut lines = LineCounts::default();
    let mut too_long = 0u64;
    for path in paths {
        let file = open_log_file(path)?;
        let reader = std::io::BufReader::with_capacity(1 << 20, file);
        let mut reader = crate::lines::CappedLines::new(reader, MAX_LOG_LINE);
        let mut by_version = BTreeMap::new();
        let mut counts = LineCounts::default();
        let read_error = |e| Error::io("reading", path, e);
        while let Some(line) = reader.next_line().map_err(read_error)? {
            match line {
                crate::lines::Line::Text(bytes) => match std::str::from_utf8(bytes) {
                    Ok(line) => ingest(&mut by_version, &mut counts, "", line),
                    Err(_) => {
                        counts.events += 1;
                        counts.garbage += 1;
                    }
                },
                crate::lines::Line::TooLong => {
                    counts.events += 1;
                    counts.garbage += 1;
                    too_long += 1;
                    reader.skip_rest().map_err(read_error)?;
                }
            }
        }
        lines.add(&counts);
        let mut all = Samples::default();
        for s in by_version.values() {
            all.merge(s);
        }
        groups.push(GroupReport::new(path.display().to_string(), &[], &all));
    }
    if lines.garbage > 0 {
        out.warn(&format!(
            "{} malformed report lines were skipped",
            lines.garbage
        ));
    }
    if too_long > 0 {
        out.warn(&format!(
            "{too_long} of them were longer than {} MiB (not log events) and were skipped unread",
            MAX_LOG_LINE >> 20
        ));
    }
    Ok(ColdstartReport {
        window: None,
        engine: "file",
        by: By::Function,
        groups,
        skipped: Vec::new(),
        lines,
        regions: Vec::new(),
        failed_regions: Vec::new(),
    })
}

/// Open a `--log-file`; a missing file or a directory is a usage error with a hint.
fn open_log_file(path: &std::path::Path) -> Result<std::fs::File> {
    let hint = "pass a file of exported log text, e.g. `aws logs tail /aws/lambda/NAME \
                --since 1d > exported.log`, then --log-file exported.log";
    if path.is_dir() {
        return Err(Error::usage(
            format!("--log-file {} is a directory", path.display()),
            Some(hint.to_string()),
        ));
    }
    std::fs::File::open(path).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::PermissionDenied => {
                format!("check the file's permissions (`ls -l {}`)", path.display())
            }
            _ => hint.to_string(),
        };
        Error::usage(
            format!("cannot open --log-file {}: {e}", path.display()),
            Some(hint),
        )
    })
}

/// Read the window for every selected function and build the report.
pub async fn run(aws: &Aws, opts: &Options, out: &dyn Feedback) -> Result<ColdstartReport> {
    if opts.end_ms <= opts.start_ms {
        return Err(Error::usage(
            "the time window is empty: --start must be before --end",
            Some(
                "e.g. --since 24h, or --start 2026-11-01T00:00:00Z --end 2026-11-02T00:00:00Z"
                    .to_string(),
            ),
        ));
    }
    let all = aws.list_functions().await?;
    let mut skipped = Vec::new();
    let selected: Vec<FunctionInfo> = if opts.names.is_empty() {
        all
    } else {
        for n in opts
            .names
            .iter()
            .filter(|n| !all.iter().any(|f| &f.name == *n))
        {
            skipped.push(Skipped {
                region: None,
                function: n.clone(),
                log_group: None,
                reason: NOT_HERE.into(),
            });
        }
        all.into_iter()
            .filter(|f| opts.names.contains(&f.name))
            .collect()
    };
    if selected.is_empty() && opts.several_regions {
        let region = aws.settings().region.clone();
        for s in &mut skipped {
            s.region = region.clone();
        }
        return Ok(ColdstartReport {
            window: Some(Window::new(opts.start_ms, opts.end_ms)),
            engine: "scan",
            by: opts.by,
            groups: Vec::new(),
            skipped,
            lines: LineCounts::default(),
            regions: Vec::new(),
            failed_regions: Vec::new(),
        });
    }
    if selected.is_empty() {
        return Err(match skipped.first() {
            Some(s) => Error::usage(
                format!("function {} not found", s.function),
                Some("check the name and --region".to_string()),
            ),
            None => Error::usage(
                "no functions in this region",
                Some("check --region and --profile".to_string()),
            ),
        });
    }
    // Provisioned concurrency, where the API answers (emulators and narrow roles may not).
    let provisioned: BTreeMap<String, i64> = stream::iter(selected.iter())
        .map(|f| async move { (f.name.clone(), aws.provisioned_concurrency(&f.name).await) })
        .buffer_unordered(opts.concurrency.max(1))
        .filter_map(|(name, r)| async move { r.ok().map(|n| (name, n)) })
        .collect()
        .await;

    // Insights first where it applies; whatever it does not cover is scanned.
    let mut from_insights = Vec::new();
    if opts.engine != Engine::Scan {
        if opts.by != By::Function {
            out.warn("--by needs every duration: using the scan engine");
        } else {
            let refs: Vec<&FunctionInfo> = selected.iter().collect();
            match insights::run(aws, &refs, opts.start_ms, opts.end_ms).await {
                Ok(found) => {
                    from_insights = found
                        .into_iter()
                        .map(|(f, s)| GroupReport::from_insights(f, &s))
                        .collect();
                }
                Err(why) => out.warn(&format!("{why}; falling back to the scan engine")),
            }
        }
    }
    let covered: Vec<String> = from_insights.iter().map(|g| g.key.clone()).collect();
    let selected: Vec<FunctionInfo> = selected
        .into_iter()
        .filter(|f| !covered.contains(&f.name))
        .collect();

    let mut group_users: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &selected {
        *group_users.entry(f.log_group.as_str()).or_default() += 1;
    }
    let shared: Vec<bool> = selected
        .iter()
        .map(|f| group_users[f.log_group.as_str()] > 1)
        .collect();

    let bar = out.progress(Some(selected.len() as u64), "scanning log groups");
    let results: Vec<_> = stream::iter(selected.iter().zip(shared))
        .map(|(f, shared)| {
            let bar = bar.clone();
            async move {
                let mut by_version = BTreeMap::new();
                let mut counts = LineCounts::default();
                let marker = format!("/{}[", f.name);
                let r = aws
                    .scan_log_events(
                        &f.log_group,
                        Some(FILTER),
                        opts.start_ms,
                        opts.end_ms,
                        |stream, msg| {
                            if !shared || stream.contains(&marker) {
                                ingest(&mut by_version, &mut counts, stream, msg);
                            }
                        },
                    )
                    .await;
                bar.inc(1);
                (f, r.map(|_| (by_version, counts)))
            }
        })
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    bar.finish_and_clear();

    let mut per_function: Vec<(&FunctionInfo, BTreeMap<String, Samples>)> = Vec::new();
    let mut lines = LineCounts::default();
    for (f, r) in results {
        match r {
            Ok((by_version, counts)) => {
                lines.add(&counts);
                if by_version.is_empty() {
                    skipped.push(Skipped {
                        region: None,
                        function: f.name.clone(),
                        log_group: Some(f.log_group.clone()),
                        reason: "no REPORT lines in the window".into(),
                    });
                }
                per_function.push((f, by_version));
            }
            Err(e) if e.kind == AwsErrorKind::NotFound => skipped.push(Skipped {
                region: None,
                function: f.name.clone(),
                log_group: Some(f.log_group.clone()),
                reason: "log group not found (the function never ran, or logs elsewhere)".into(),
            }),
            Err(e) => return Err(e.into()),
        }
    }
    skipped.sort_by(|a, b| a.function.cmp(&b.function));
    if lines.garbage > 0 {
        out.warn(&format!(
            "{} malformed report lines were skipped",
            lines.garbage
        ));
    }
    let engine = match (from_insights.is_empty(), per_function.is_empty()) {
        (true, _) => "scan",
        (false, true) => "insights",
        (false, false) => "insights+scan",
    };
    let mut groups = regroup(&per_function, opts.by);
    groups.extend(from_insights);
    for g in &mut groups {
        g.provisioned_concurrency = g
            .functions
            .iter()
            .map(|f| provisioned.get(f).copied())
            .sum::<Option<i64>>();
    }
    sort_by_impact(&mut groups);
    let region = aws.settings().region.clone();
    for g in &mut groups {
        g.region = region.clone();
    }
    for s in &mut skipped {
        s.region = region.clone();
    }
    Ok(ColdstartReport {
        window: Some(Window::new(opts.start_ms, opts.end_ms)),
        engine,
        by: opts.by,
        groups,
        skipped,
        lines,
        regions: Vec::new(),
        failed_regions: Vec::new(),
    })
}

/// One report out of several regions' (in the order asked for): groups keep their region
/// (the same memory size in two regions is two rows) and are sorted by impact again; a
/// function asked for that exists in one region is not "skipped" for the others.
pub fn merge(
    parts: Vec<(String, ColdstartReport)>,
    failed: Vec<crate::regions::RegionFailure>,
    opts: &Options,
) -> Result<ColdstartReport> {
    let mut engines: Vec<&'static str> = parts
        .iter()
        .filter(|(_, r)| !r.groups.is_empty())
        .map(|(_, r)| r.engine)
        .collect();
    engines.dedup();
    let mut merged = ColdstartReport {
        window: Some(Window::new(opts.start_ms, opts.end_ms)),
        engine: match engines.as_slice() {
            [] => "scan",
            [one] => one,
            _ => "insights+scan",
        },
        by: opts.by,
        groups: Vec::new(),
        skipped: Vec::new(),
        lines: LineCounts::default(),
        regions: Vec::new(),
        failed_regions: failed,
    };
    for (region, r) in parts {
        merged.groups.extend(r.groups);
        merged.skipped.extend(r.skipped);
        merged.lines.add(&r.lines);
        merged.regions.push(region);
    }
    let found: std::collections::BTreeSet<String> = merged
        .groups
        .iter()
        .flat_map(|g| g.functions.iter().cloned())
        .chain(
            merged
                .skipped
                .iter()
                .filter(|s| s.reason != NOT_HERE)
                .map(|s| s.function.clone()),
        )
        .collect();
    let regions = merged.regions.join(", ");
    if found.is_empty() {
        return Err(match merged.skipped.first() {
            Some(s) => Error::usage(
                format!("function {} not found in {regions}", s.function),
                Some("check the name and --region".to_string()),
            ),
            None => Error::usage(
                format!("no functions in {regions}"),
                Some("check --region and --profile".to_string()),
            ),
        });
    }
    merged
        .skipped
        .retain(|s| !(s.reason == NOT_HERE && found.contains(&s.function)));
    sort_by_impact(&mut merged.groups);
    Ok(merged)
}

/// Why a function asked for by name is skipped in a region that lacks it.
const NOT_HERE: &str = "no such function in this region";

/// Merge per-version samples into the groups `--by` asks for, biggest cold-start impact
/// (total init time) first.
pub fn regroup(
    per_function: &[(&FunctionInfo, BTreeMap<String, Samples>)],
    by: By,
) -> Vec<GroupReport> {
    let mut groups: BTreeMap<String, (Vec<&FunctionInfo>, Samples)> = BTreeMap::new();
    for (f, versions) in per_function {
        for (version, s) in versions {
            let key = match by {
                By::Function => f.name.clone(),
                By::Memory => format!("{} MB", f.memory_mb),
                By::Runtime => f.runtime.clone().unwrap_or_else(|| "image".into()),
                By::Arch => f
                    .architectures
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "x86_64".into()),
                By::Version => format!("{}:{version}", f.name),
            };
            let g = groups.entry(key).or_default();
            if !g.0.iter().any(|x| x.name == f.name) {
                g.0.push(f);
            }
            g.1.merge(s);
        }
    }
    let mut out: Vec<GroupReport> = groups
        .into_iter()
        .map(|(key, (functions, samples))| GroupReport::new(key, &functions, &samples))
        .collect();
    sort_by_impact(&mut out);
    out
}

/// Biggest total init time first; ties by key.
fn sort_by_impact(groups: &mut [GroupReport]) {
    groups.sort_by(|a, b| {
        b.impact_ms
            .total_cmp(&a.impact_ms)
            .then_with(|| a.key.cmp(&b.key))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_stream_names() {
        assert_eq!(version_of("2026/01/01/[$LATEST]abc"), "$LATEST");
        assert_eq!(version_of("2026/01/01/orders-api[12]abc"), "12");
        assert_eq!(version_of("odd"), "?");
    }

    #[test]
    fn ingest_counts_cold_starts_and_init_failures() {
        let mut v = BTreeMap::new();
        let mut c = LineCounts::default();
        let s = "2026/01/01/[$LATEST]a";
        ingest(
            &mut v,
            &mut c,
            s,
            "REPORT RequestId: a\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\tInit Duration: 100.50 ms",
        );
        ingest(
            &mut v,
            &mut c,
            s,
            "REPORT RequestId: b\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB",
        );
        ingest(
            &mut v,
            &mut c,
            s,
            "INIT_REPORT Init Duration: 10009.13 ms\tPhase: init\tStatus: timeout",
        );
        ingest(&mut v, &mut c, s, "START RequestId: b Version: $LATEST");
        ingest(&mut v, &mut c, s, "REPORT RequestId: c\tDuration: oops");
        let l = &v["$LATEST"];
        assert_eq!(l.invocations, 2);
        assert_eq!(l.init_ms, [100.5]);
        assert_eq!(l.cold_total_ms, [110.5]);
        assert_eq!(l.init_timeouts, 1);
        assert_eq!(
            (c.events, c.reports, c.init_reports, c.garbage),
            (5, 2, 1, 1)
        );
    }
}
