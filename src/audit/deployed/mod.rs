//! `gearctl audit deployed`: what is deployed, how much storage its old versions hold, and
//! pruning the versions nobody points at.
//!
//! Every published version counts against the region's code-storage quota, and AWS pages
//! disagree on that quota, so we read the account's own figure from GetAccountSettings
//! and say "unknown" where the call is unavailable. Deleting is guarded three ways: never
//! `$LATEST`, never a version an alias routes to (weighted routing included), and never
//! without `--yes` or a confirmation typed at a terminal.
//!
//! This module reads and judges (the plan); `prune.rs` deletes; `report.rs` shows.

use std::collections::BTreeSet;

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use super::budget::{self, AuditConfig, Breach, Limits};
use super::report::{PackageError, PackageReport};
use crate::aws::lambda::{AliasInfo, FunctionInfo, VersionInfo};
use crate::aws::{Aws, AwsErrorKind};
use crate::error::{Error, Exit, Result};
use crate::regions::{RegionFailure, Regional};
use crate::render::{CsvTable, Feedback, Human, Report, Tone};
use crate::units::human;

mod prune;
mod report;
#[cfg(test)]
mod tests;

pub use prune::{execute_prune, prunable, prune_question};

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
    /// Say what would go; delete nothing.
    DryRun,
    /// Delete: the audit plans, the caller confirms ([`prune_question`]), then
    /// [`execute_prune`] deletes.
    Delete,
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

/// Audit the deployed functions and, when asked, prune.
pub async fn audit_deployed(
    aws: &Aws,
    opts: &DeployedOptions,
    out: &dyn Feedback,
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
    // A real prune is the caller's to confirm and run (execute_prune).
    let prune =
        (opts.prune == Some(PruneMode::DryRun)).then(|| prune::dry_run(&functions, opts.keep));
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
