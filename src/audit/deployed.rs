//! `gearctl audit deployed`: what is deployed, how much storage its old versions hold, and
//! pruning the versions nobody points at.
//!
//! Every published version counts against the region's code-storage quota, and AWS pages
//! disagree on that quota, so we read the account's own figure from GetAccountSettings
//! and say "unknown" where the call is unavailable. Deleting is guarded three ways: never
//! `$LATEST`, never a version an alias routes to (weighted routing included), and never
//! without `--yes` or a confirmation typed at a terminal.

use std::collections::BTreeSet;

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use super::budget::{self, AuditConfig, Breach, Limits};
use super::report::{PackageError, PackageReport};
use crate::aws::lambda::{AliasInfo, FunctionInfo, VersionInfo};
use crate::aws::{Aws, AwsErrorKind};
use crate::error::{Error, Exit, Result};
use crate::regions::{RegionFailure, Regional};
use crate::render::{CsvTable, Human, Output, Report, Tone};
use crate::units::human;

#[derive(Debug, Clone)]
pub struct DeployedOptions {
    /// Function names to audit; empty means all in the region.
    pub names: Vec<String>,
    pub limits: Limits,
    pub config: Option<AuditConfig>,
    /// Keep this many newest unaliased versions out of the prunable list.
    pub keep: usize,
    pub prune: Option<PruneMode>,
    pub concurrency: usize,
    /// Download each package and run the local rules on it.
    pub deep: bool,
    pub top: usize,
    pub huge_file: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PruneMode {
    DryRun,
    /// Delete after confirmation at a terminal.
    Confirm,
    /// Delete without asking (`--yes`).
    Yes,
}

#[derive(Debug, Serialize)]
pub struct DeployedReport {
    /// The region; null when several were read (see `regions`).
    pub region: Option<String>,
    /// With several regions: the sum of their figures (each region has its own quota, so
    /// the limit is null; see `code_storage_by_region`).
    pub code_storage: CodeStorage,
    pub functions: Vec<FunctionReport>,
    pub totals: Totals,
    pub breaches: Vec<Regional<Breach>>,
    pub prune: Option<PruneReport>,
    pub errors: Vec<Regional<PackageError>>,
    /// With several regions: those that reported, in the order asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// With several regions: each region's code storage and quota.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub code_storage_by_region: Vec<Regional<CodeStorage>>,
    /// Regions that could not be read; the others still report.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed_regions: Vec<RegionFailure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeStorage {
    pub used_bytes: Option<u64>,
    pub limit_bytes: Option<u64>,
    /// Why the figures are missing, when they are.
    pub note: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub functions: u64,
    pub code_bytes: u64,
    pub layers_bytes: u64,
    pub versions: u64,
    pub versions_bytes: u64,
    pub prunable_versions: u64,
    pub prunable_bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct FunctionReport {
    pub name: String,
    /// The function's region.
    pub region: Option<String>,
    pub runtime: Option<String>,
    pub code_size_bytes: u64,
    pub layers: Vec<Layer>,
    pub layers_bytes: u64,
    pub last_modified: Option<String>,
    /// Published versions, `$LATEST` not counted.
    pub versions: u64,
    pub versions_bytes: u64,
    pub aliases: Vec<Alias>,
    /// Unaliased versions beyond the newest `--keep`, oldest first.
    pub prunable: Vec<Version>,
    pub prunable_bytes: u64,
    /// With `--deep`: the downloaded package, audited like a local zip.
    pub package: Option<PackageReport>,
    /// Set when the runtime is deprecated or has a deprecation date announced.
    pub runtime_status: Option<super::runtimes::RuntimeStatus>,
}

#[derive(Debug, Serialize)]
pub struct Layer {
    pub arn: String,
    pub code_size_bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct Alias {
    pub name: String,
    pub versions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Version {
    pub version: String,
    pub code_size_bytes: u64,
    pub last_modified: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PruneReport {
    pub dry_run: bool,
    pub keep: usize,
    pub deleted: Vec<Pruned>,
    pub failed: Vec<PruneFailure>,
    pub freed_bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct Pruned {
    pub function: String,
    pub region: Option<String>,
    pub version: String,
    pub code_size_bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct PruneFailure {
    pub function: String,
    pub region: Option<String>,
    pub version: String,
    pub message: String,
}

/// The versions that may go: not aliased, not among the newest `keep`. Oldest first.
pub fn prunable(versions: &[VersionInfo], aliases: &[AliasInfo], keep: usize) -> Vec<VersionInfo> {
    let aliased: BTreeSet<&str> = aliases
        .iter()
        .flat_map(|a| a.versions.iter().map(String::as_str))
        .collect();
    let mut numbered: Vec<(u64, &VersionInfo)> = versions
        .iter()
        .filter_map(|v| v.version.parse::<u64>().ok().map(|n| (n, v)))
        .collect();
    numbered.sort_by_key(|n| std::cmp::Reverse(n.0));
    let mut out: Vec<VersionInfo> = numbered
        .into_iter()
        .filter(|(_, v)| !aliased.contains(v.version.as_str()))
        .skip(keep)
        .map(|(_, v)| v.clone())
        .collect();
    out.sort_by_key(|v| v.version.parse::<u64>().unwrap_or(0));
    out
}

/// Audit the deployed functions and, when asked, prune.
pub async fn audit_deployed(
    aws: &Aws,
    opts: &DeployedOptions,
    out: &Output,
) -> Result<DeployedReport> {
    let (all, storage) = tokio::join!(aws.list_functions(), aws.code_storage());
    let all = all?;
    let mut errors = Vec::new();
    let selected: Vec<FunctionInfo> = if opts.names.is_empty() {
        all
    } else {
        for name in &opts.names {
            if !all.iter().any(|f| &f.name == name) {
                errors.push(PackageError {
                    source: name.clone(),
                    message: not_found(name),
                    hint: Some(format!(
                        "check the name, and the region ({})",
                        aws.settings().region.as_deref().unwrap_or("?")
                    )),
                });
            }
        }
        all.into_iter()
            .filter(|f| opts.names.contains(&f.name))
            .collect()
    };
    if selected.is_empty() && !errors.is_empty() {
        let e = &errors[0];
        return Err(Error::usage(e.message.clone(), e.hint.clone()));
    }

    let bar = out.progress(Some(selected.len() as u64), "reading versions");
    let mut results: Vec<_> = stream::iter(selected)
        .map(|f| {
            let bar = bar.clone();
            async move {
                let (versions, aliases) =
                    tokio::join!(aws.list_versions(&f.name), aws.list_aliases(&f.name));
                let package = if opts.deep {
                    Some(deep_audit(aws, &f, opts).await)
                } else {
                    None
                };
                bar.inc(1);
                (f, versions, aliases, package)
            }
        })
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    bar.finish_and_clear();
    results.sort_by(|a, b| a.0.name.cmp(&b.0.name));

    let mut functions = Vec::new();
    let mut breaches = Vec::new();
    for (f, versions, aliases, package) in results {
        let (versions, aliases) = match (versions, aliases) {
            (Ok(v), Ok(a)) => (v, a),
            (Err(e), _) | (_, Err(e)) => {
                errors.push(PackageError {
                    source: f.name.clone(),
                    message: e.message.clone(),
                    hint: e.hint.clone(),
                });
                continue;
            }
        };
        let package = match package {
            Some(Ok(p)) => {
                // A deployed package may legally exceed the direct-upload limit (S3 upload).
                breaches.extend(
                    p.breaches
                        .iter()
                        .filter(|b| b.limit != "aws_direct_upload")
                        .cloned(),
                );
                Some(p)
            }
            Some(Err(e)) => {
                errors.push(PackageError {
                    source: f.name.clone(),
                    message: e.to_string(),
                    hint: e.hint().map(str::to_string),
                });
                None
            }
            None => None,
        };
        let key = config_key(&f.name, opts.config.as_ref());
        let limits = budget::limits_for(key.as_deref(), &opts.limits, opts.config.as_ref());
        // Without a download only the zipped size is known.
        if package.is_none()
            && let Some((max, origin)) = limits.0
            && f.code_size as u64 > max
        {
            breaches.push(Breach {
                package: f.name.clone(),
                function: Some(f.name.clone()),
                limit: "max_zipped",
                limit_bytes: max,
                actual_bytes: f.code_size as u64,
                origin,
            });
        }
        let mut report = function_report(f, &versions, &aliases, opts.keep);
        report.package = package;
        functions.push(report);
    }

    let mut totals = Totals::default();
    for f in &functions {
        totals.functions += 1;
        totals.code_bytes += f.code_size_bytes;
        totals.layers_bytes += f.layers_bytes;
        totals.versions += f.versions;
        totals.versions_bytes += f.versions_bytes;
        totals.prunable_versions += f.prunable.len() as u64;
        totals.prunable_bytes += f.prunable_bytes;
    }
    let code_storage = match storage {
        Ok(s) => CodeStorage {
            used_bytes: Some(s.used_bytes.max(0) as u64),
            limit_bytes: Some(s.limit_bytes.max(0) as u64),
            note: None,
        },
        Err(e) => CodeStorage {
            used_bytes: None,
            limit_bytes: None,
            note: Some(match e.kind {
                AwsErrorKind::AccessDenied => {
                    "unknown: lambda:GetAccountSettings was denied".to_string()
                }
                AwsErrorKind::Unsupported => {
                    "unknown: the endpoint does not implement lambda:GetAccountSettings".to_string()
                }
                _ => format!("unknown: {}", e.message),
            }),
        },
    };

    let region = aws.settings().region.clone();
    for f in &mut functions {
        f.region = region.clone();
    }
    let prune = match opts.prune {
        None => None,
        Some(mode) => Some(prune(aws, &functions, opts, mode, out).await?),
    };
    Ok(DeployedReport {
        region: region.clone(),
        code_storage,
        functions,
        totals,
        breaches: breaches
            .into_iter()
            .map(|b| Regional::new(b, region.clone()))
            .collect(),
        prune,
        errors: errors
            .into_iter()
            .map(|e| Regional::new(e, region.clone()))
            .collect(),
        regions: Vec::new(),
        code_storage_by_region: Vec::new(),
        failed_regions: Vec::new(),
    })
}

/// One report out of several regions' (in the order asked for): rows keep their region,
/// totals add up, and a function named on the command line that exists in one region is
/// not an error for the regions that lack it.
pub fn merge(parts: Vec<(String, DeployedReport)>, failed: Vec<RegionFailure>) -> DeployedReport {
    let mut merged = DeployedReport {
        region: None,
        code_storage: CodeStorage {
            used_bytes: Some(0),
            limit_bytes: None,
            note: Some(format!(
                "the sum over {} regions; each region has its own quota",
                parts.len()
            )),
        },
        functions: Vec::new(),
        totals: Totals::default(),
        breaches: Vec::new(),
        prune: None,
        errors: Vec::new(),
        regions: Vec::new(),
        code_storage_by_region: Vec::new(),
        failed_regions: failed,
    };
    for (region, r) in parts {
        let t = &mut merged.totals;
        t.functions += r.totals.functions;
        t.code_bytes += r.totals.code_bytes;
        t.layers_bytes += r.totals.layers_bytes;
        t.versions += r.totals.versions;
        t.versions_bytes += r.totals.versions_bytes;
        t.prunable_versions += r.totals.prunable_versions;
        t.prunable_bytes += r.totals.prunable_bytes;
        merged.code_storage.used_bytes = merged
            .code_storage
            .used_bytes
            .zip(r.code_storage.used_bytes)
            .map(|(a, b)| a + b);
        merged
            .code_storage_by_region
            .push(Regional::new(r.code_storage, Some(region.clone())));
        merged.functions.extend(r.functions);
        merged.breaches.extend(r.breaches);
        merged.errors.extend(r.errors);
        if let Some(p) = r.prune {
            let m = merged.prune.get_or_insert(PruneReport {
                dry_run: p.dry_run,
                keep: p.keep,
                deleted: Vec::new(),
                failed: Vec::new(),
                freed_bytes: 0,
            });
            m.deleted.extend(p.deleted);
            m.failed.extend(p.failed);
            m.freed_bytes += p.freed_bytes;
        }
        merged.regions.push(region);
    }
    if merged.code_storage.used_bytes.is_none() {
        merged.code_storage.note =
            Some("unknown in some regions; see code_storage_by_region".into());
    }
    let found: BTreeSet<String> = merged.functions.iter().map(|f| f.name.clone()).collect();
    merged
        .errors
        .retain(|e| !(found.contains(&e.source) && e.message == not_found(&e.source)));
    merged
}

fn not_found(name: &str) -> String {
    format!("function {name} not found")
}

/// Download one function's package and audit it as a local zip would be. The URL is checked
/// first (see `code_url`); a refusal is this function's error, not the audit's.
async fn deep_audit(aws: &Aws, f: &FunctionInfo, opts: &DeployedOptions) -> Result<PackageReport> {
    let url = aws
        .code_location(&f.name)
        .await?
        .ok_or_else(|| Error::Invalid {
            what: f.name.clone(),
            detail: "Lambda gave no download location (a container image function?)".into(),
            hint: None,
        })?;
    let region = function_region(f).or(aws.settings().region.as_deref());
    let endpoint = aws.endpoint_override("LAMBDA");
    super::code_url::check(&url, region.unwrap_or_default(), endpoint.as_deref()).map_err(
        |why| Error::Invalid {
            what: format!("the package of {}", f.name),
            detail: format!(
                "refused to download {}: {why}",
                super::code_url::redacted(&url)
            ),
            hint: Some(
                "deep audits fetch only https URLs of Lambda's code buckets, or the configured endpoint's host; run without --deep to audit sizes from the Lambda API only".into(),
            ),
        },
    )?;
    // A little above what Lambda reported, in case of rounding; never above the cap.
    let limit = (f.code_size.max(0) as u64)
        .saturating_add(1 << 20)
        .min(super::download::MAX_PACKAGE_BYTES);
    let name = f.name.clone();
    let bytes = tokio::task::spawn_blocking(move || super::download::fetch(&name, &url, limit))
        .await
        .map_err(|e| Error::usage(format!("download task failed: {e}"), None))??;
    analyze_package(f, &bytes, opts)
}

/// The region in a function's ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`).
fn function_region(f: &FunctionInfo) -> Option<&str> {
    f.arn.split(':').nth(3).filter(|r| !r.is_empty())
}

/// Audit a downloaded package with the local rules.
pub fn analyze_package(
    f: &FunctionInfo,
    zip: &[u8],
    opts: &DeployedOptions,
) -> Result<PackageReport> {
    let label = std::path::Path::new(&f.name);
    let entries = super::entries::read_zip_from(label, std::io::Cursor::new(zip))?;
    let hashes = super::entries::hash_entries_from(label, std::io::Cursor::new(zip))?;
    let key = config_key(&f.name, opts.config.as_ref());
    let local = super::LocalOptions {
        limits: opts.limits,
        deep: true,
        top: opts.top,
        huge_file: opts.huge_file,
        ..Default::default()
    };
    let mut report = super::package_report(
        super::PackageInput {
            source: f.name.clone(),
            kind: "deployed",
            function: key.or_else(|| Some(f.name.clone())),
            runtime: f.runtime.clone(),
            zipped: Some(zip.len() as u64),
            entries,
            hashes,
        },
        &local,
        opts.config.as_ref(),
    );
    report.function = Some(f.name.clone());
    Ok(report)
}

/// The `.gearctl.yml` function key for a deployed name: the name itself, or the key that
/// the Framework's `<service>-<stage>-<key>` naming ends with.
fn config_key(name: &str, config: Option<&AuditConfig>) -> Option<String> {
    let c = config?;
    if c.functions.contains_key(name) {
        return Some(name.to_string());
    }
    c.functions
        .keys()
        .find(|k| name.ends_with(&format!("-{k}")))
        .cloned()
}

fn function_report(
    f: FunctionInfo,
    versions: &[VersionInfo],
    aliases: &[AliasInfo],
    keep: usize,
) -> FunctionReport {
    let prunable: Vec<Version> = prunable(versions, aliases, keep)
        .into_iter()
        .map(|v| Version {
            version: v.version,
            code_size_bytes: v.code_size.max(0) as u64,
            last_modified: v.last_modified,
        })
        .collect();
    let layers: Vec<Layer> = f
        .layers
        .iter()
        .map(|l| Layer {
            arn: l.arn.clone(),
            code_size_bytes: l.code_size.max(0) as u64,
        })
        .collect();
    let region = function_region(&f).map(str::to_string);
    FunctionReport {
        layers_bytes: layers.iter().map(|l| l.code_size_bytes).sum(),
        layers,
        runtime_status: f.runtime.as_deref().and_then(super::runtimes::status),
        runtime: f.runtime,
        code_size_bytes: f.code_size.max(0) as u64,
        last_modified: f.last_modified,
        versions: versions.len() as u64,
        versions_bytes: versions.iter().map(|v| v.code_size.max(0) as u64).sum(),
        aliases: aliases
            .iter()
            .map(|a| Alias {
                name: a.name.clone(),
                versions: a.versions.clone(),
            })
            .collect(),
        prunable_bytes: prunable.iter().map(|v| v.code_size_bytes).sum(),
        prunable,
        package: None,
        region,
        name: f.name,
    }
}

async fn prune(
    aws: &Aws,
    functions: &[FunctionReport],
    opts: &DeployedOptions,
    mode: PruneMode,
    out: &Output,
) -> Result<PruneReport> {
    let planned: Vec<(&str, &Version)> = functions
        .iter()
        .flat_map(|f| f.prunable.iter().map(move |v| (f.name.as_str(), v)))
        .collect();
    let bytes: u64 = planned.iter().map(|(_, v)| v.code_size_bytes).sum();
    let mut report = PruneReport {
        dry_run: mode == PruneMode::DryRun,
        keep: opts.keep,
        deleted: Vec::new(),
        failed: Vec::new(),
        freed_bytes: 0,
    };
    if mode == PruneMode::DryRun || planned.is_empty() {
        report.deleted = planned
            .iter()
            .map(|(f, v)| Pruned {
                function: f.to_string(),
                region: aws.settings().region.clone(),
                version: v.version.clone(),
                code_size_bytes: v.code_size_bytes,
            })
            .collect();
        if mode == PruneMode::DryRun {
            report.freed_bytes = bytes;
        }
        return Ok(report);
    }
    let question = format!(
        "Delete {} versions of {} functions, freeing {}?",
        planned.len(),
        functions.len(),
        human(bytes)
    );
    let refusal = format!(
        "refusing to delete {} versions without --yes: stdin is not a terminal",
        planned.len()
    );
    crate::confirm::confirm(
        aws,
        mode != PruneMode::Confirm,
        &question,
        &refusal,
        "nothing deleted: not confirmed",
    )
    .await?;
    let bar = out.progress(Some(planned.len() as u64), "deleting versions");
    let results: Vec<_> = stream::iter(planned)
        .map(|(f, v)| {
            let bar = bar.clone();
            async move {
                let r = aws.delete_version(f, &v.version).await;
                bar.inc(1);
                (f, v, r)
            }
        })
        .buffer_unordered(opts.concurrency.clamp(1, 4))
        .collect()
        .await;
    bar.finish_and_clear();
    for (f, v, r) in results {
        match r {
            Ok(()) => {
                report.freed_bytes += v.code_size_bytes;
                report.deleted.push(Pruned {
                    function: f.to_string(),
                    region: aws.settings().region.clone(),
                    version: v.version.clone(),
                    code_size_bytes: v.code_size_bytes,
                });
            }
            Err(e) => report.failed.push(PruneFailure {
                function: f.to_string(),
                region: aws.settings().region.clone(),
                version: v.version.clone(),
                message: e.message,
            }),
        }
    }
    report
        .deleted
        .sort_by(|a, b| (&a.function, &a.version).cmp(&(&b.function, &b.version)));
    report
        .failed
        .sort_by(|a, b| (&a.function, &a.version).cmp(&(&b.function, &b.version)));
    Ok(report)
}

impl DeployedReport {
    /// True for a report merged from several regions: tables then show a region column.
    fn multi(&self) -> bool {
        !self.regions.is_empty()
    }
}

/// "1.2 GiB of 75 GiB (1.6%)", or why it is unknown.
fn storage_text(c: &CodeStorage) -> String {
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
fn with_region(
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
fn short_time(t: Option<&str>) -> String {
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
        super::report::runtime_table(
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
        use super::report::{breach_message, breach_rule, runtime_finding};
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
                        super::rules::Severity::Warn => Level::Warning,
                        super::rules::Severity::Info => Level::Note,
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
            rules: super::report::sarif_rules(),
            results,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(n: &str, size: i64) -> VersionInfo {
        VersionInfo {
            version: n.into(),
            code_size: size,
            last_modified: None,
        }
    }

    #[test]
    fn prunable_keeps_newest_and_aliased() {
        let versions: Vec<_> = (1..=8).map(|n| v(&n.to_string(), n * 10)).collect();
        let aliases = vec![
            AliasInfo {
                name: "live".into(),
                versions: vec!["3".into(), "7".into()],
            },
            AliasInfo {
                name: "canary".into(),
                versions: vec!["$LATEST".into()],
            },
        ];
        let p: Vec<String> = prunable(&versions, &aliases, 2)
            .into_iter()
            .map(|v| v.version)
            .collect();
        // 8 and 6 are the two newest unaliased; 7 and 3 are aliased.
        assert_eq!(p, ["1", "2", "4", "5"]);
        let all: Vec<String> = prunable(&versions, &aliases, 0)
            .into_iter()
            .map(|v| v.version)
            .collect();
        assert_eq!(all, ["1", "2", "4", "5", "6", "8"]);
        assert!(prunable(&versions, &aliases, 100).is_empty());
    }

    #[test]
    fn deep_audit_of_a_served_package() {
        let zip = crate::audit::entries::tests::build_zip(&[
            ("index.js", b"exports.handler = async () => 1;", false),
            (
                "node_modules/@aws-sdk/client-s3/index.js",
                &[b'x'; 5000],
                false,
            ),
            ("node_modules/a/big.bin", &[b'y'; 3000], false),
            ("node_modules/b/big.bin", &[b'y'; 3000], false),
        ]);
        let url = crate::audit::download::tests::serve(zip.clone(), 1, 200);
        let bytes = crate::audit::download::fetch("api", &url, zip.len() as u64 + 10).unwrap();
        assert_eq!(bytes, zip);
        let f = function("orders-prod-api", zip.len() as i64);
        let opts = deep_options();
        let p = analyze_package(&f, &bytes, &opts).unwrap();
        assert_eq!(p.kind, "deployed");
        assert_eq!(p.unzipped_bytes, 11_032);
        assert_eq!(p.files, 4);
        let patterns: Vec<&str> = p.findings.iter().map(|f| f.pattern.as_str()).collect();
        assert!(
            patterns.contains(&"!node_modules/@aws-sdk/**"),
            "{patterns:?}"
        );
        assert!(
            patterns.contains(&"!node_modules/b/big.bin"),
            "{patterns:?}"
        );
        assert_eq!(p.breaches.len(), 1);
        assert_eq!(p.breaches[0].limit, "max_unzipped");
    }

    fn function(name: &str, code_size: i64) -> FunctionInfo {
        FunctionInfo {
            name: name.into(),
            arn: String::new(),
            runtime: Some("nodejs20.x".into()),
            handler: None,
            memory_mb: 128,
            timeout_s: 3,
            code_size,
            last_modified: None,
            architectures: vec![],
            vpc: false,
            layers: vec![],
            log_group: String::new(),
            environment_keys: vec![],
            dead_letter_arn: None,
        }
    }

    fn deep_options() -> DeployedOptions {
        DeployedOptions {
            names: vec![],
            limits: Limits {
                max_zipped: None,
                max_unzipped: Some(crate::units::Size(10_000)),
            },
            config: None,
            keep: 0,
            prune: None,
            concurrency: 1,
            deep: true,
            top: 5,
            huge_file: None,
        }
    }

    #[tokio::test]
    async fn deep_audit_refuses_a_location_off_the_allow_list() {
        let aws = crate::aws::lambda::aws_with_code_location(
            "https://s3.amazonaws.com@evil.example/pkg.zip?X-Amz-Signature=secret",
        );
        let f = FunctionInfo {
            arn: "arn:aws:lambda:us-east-1:123456789012:function:api".into(),
            ..function("api", 10)
        };
        let opts = deep_options();
        let err = deep_audit(&aws, &f, &opts).await.unwrap_err();
        let text = format!("{err} / {}", err.hint().unwrap_or_default());
        assert!(
            text.contains("refused to download https://s3.amazonaws.com@evil.example/pkg.zip:"),
            "{text}"
        );
        assert!(text.contains("user name"), "{text}");
        assert!(!text.contains("secret") && !text.contains('?'), "{text}");
    }

    #[test]
    fn numeric_not_lexical_order() {
        let versions = vec![v("9", 1), v("10", 1), v("11", 1)];
        let p: Vec<String> = prunable(&versions, &[], 1)
            .into_iter()
            .map(|v| v.version)
            .collect();
        assert_eq!(p, ["9", "10"]);
    }
}
