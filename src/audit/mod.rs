//! `gearctl audit`: what is in a Lambda package, what could go, and whether it fits.
//!
//! Local mode reads zips (central directory only) and service directories (the
//! Framework's packaging rules, evaluated without running the Framework), so it is fast
//! enough for a pre-commit hook and never touches AWS. Deployed mode lives in
//! [`deployed`].

pub mod budget;
pub mod code_url;
pub mod deployed;
pub mod download;
pub mod entries;
pub mod groups;
pub mod locate;
pub mod plugins;
pub mod report;
pub mod rules;
pub mod runtimes;
pub mod tree;

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use budget::{AuditConfig, Limits};
use entries::Entry;
use report::{AuditReport, FlaggedRuntime, PackageError, PackageReport};
use rules::{RuleOptions, Runtime};
use runtimes::RuntimeStatus;

use crate::error::{Error, Result};
use crate::files;
use crate::service;

/// Default size from which a single file is reported.
pub const DEFAULT_HUGE_FILE: u64 = 5 * 1024 * 1024;

/// What to audit locally, and how.
#[derive(Debug, Clone, Default)]
pub struct LocalOptions {
    pub paths: Vec<PathBuf>,
    pub limits: Limits,
    pub deep: bool,
    pub top: usize,
    pub runtime: Option<String>,
    pub huge_file: Option<u64>,
    pub config: Option<PathBuf>,
    pub stage: Option<String>,
}

/// Audit every path; a bad one is reported and the others still audited.
pub fn audit_local(opts: &LocalOptions) -> Result<AuditReport> {
    let cwd_config = budget::load_config(opts.config.as_deref(), Path::new("."))?;
    let mut report = AuditReport::default();
    // `.serverless/*.zip` are many zips of one service: read its serverless.yml once.
    let mut services = HashMap::new();
    for path in &opts.paths {
        let result = if path.is_dir() {
            audit_tree(path, opts, cwd_config.as_ref())
        } else {
            audit_zip(path, opts, cwd_config.as_ref(), &mut services).map(|p| {
                let flagged = p.runtime_status.clone().map(|status| FlaggedRuntime {
                    source: p.source.clone(),
                    function: p.function.clone(),
                    status: RuntimeStatus {
                        file: Some(p.source.clone()),
                        ..status
                    },
                });
                (vec![p], None, flagged.into_iter().collect())
            })
        };
        match result {
            Ok((pkgs, plugins, runtimes)) => {
                report.packages.extend(pkgs);
                report.packaging_plugins.extend(plugins);
                report.runtimes.extend(runtimes);
            }
            Err(e) => report.errors.push(PackageError {
                source: path.display().to_string(),
                message: e.to_string(),
                hint: e.hint().map(str::to_string),
            }),
        }
    }
    report.finish();
    if report.packages.is_empty() {
        return Err(match report.errors.len() {
            0 => Error::usage(
                "nothing to audit",
                Some("pass zip files or service directories".to_string()),
            ),
            // Every message already names its file.
            1 => {
                let e = &report.errors[0];
                Error::usage(e.message.clone(), e.hint.clone())
            }
            n => Error::Invalid {
                what: format!("none of the {n} packages could be audited"),
                detail: report
                    .errors
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                hint: Some(none_audited_hint(&report.errors)),
            },
        });
    }
    Ok(report)
}

/// The hint when no package could be read: the one all failures share, or how to go on.
fn none_audited_hint(errors: &[PackageError]) -> String {
    let first = errors.first().and_then(|e| e.hint.as_deref());
    match first {
        Some(h) if errors.iter().all(|e| e.hint.as_deref() == Some(h)) => h.to_string(),
        _ => "each path's problem is listed above: fix those paths or leave them out (the \
              others are audited as soon as one package can be read)"
            .to_string(),
    }
}

fn audit_zip(
    path: &Path,
    opts: &LocalOptions,
    config: Option<&AuditConfig>,
    services: &mut HashMap<PathBuf, Option<service::Service>>,
) -> Result<PackageReport> {
    if !path.exists() {
        return Err(Error::usage(
            format!("{}: no such file or directory", path.display()),
            Some("pass .zip files (e.g. .serverless/*.zip) or service directories".to_string()),
        ));
    }
    let entries = entries::read_zip(path)?;
    let function = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    // A zip in a service's .serverless/ folder takes its function's runtime.
    let runtime = opts
        .runtime
        .clone()
        .or_else(|| runtime_from_service(path, function.as_deref(), opts, services));
    let zipped = std::fs::metadata(path)
        .map_err(|e| files::io_error("reading", path, e))?
        .len();
    let hashes = if opts.deep {
        entries::hash_entries(path)?
    } else {
        BTreeMap::new()
    };
    Ok(package_report(
        PackageInput {
            source: path.display().to_string(),
            kind: "zip",
            function,
            runtime,
            zipped: Some(zipped),
            entries,
            hashes,
        },
        opts,
        config,
    ))
}

fn runtime_from_service(
    zip: &Path,
    function: Option<&str>,
    opts: &LocalOptions,
    services: &mut HashMap<PathBuf, Option<service::Service>>,
) -> Option<String> {
    let dir = zip.parent()?;
    if dir.file_name()? != ".serverless" {
        return None;
    }
    let root = dir.parent()?.to_path_buf();
    services
        .entry(root)
        .or_insert_with_key(|root| service::load(root, &service_options(opts)).ok())
        .as_ref()?
        .runtime_for(function)
}

fn service_options(opts: &LocalOptions) -> service::Options {
    service::Options {
        stage: opts.stage.clone(),
        region: None,
    }
}

fn audit_tree(
    dir: &Path,
    opts: &LocalOptions,
    cwd_config: Option<&AuditConfig>,
) -> Result<(
    Vec<PackageReport>,
    Option<plugins::PluginWarning>,
    Vec<FlaggedRuntime>,
)> {
    let svc = service::load(dir, &service_options(opts))?;
    // The config's text, for the lines findings point at. The loader has just read it.
    let config_file = service::find_config(dir)?;
    let config_text = std::fs::read_to_string(&config_file).ok();
    let plugin_warning = plugins::check(&svc, &config_file, config_text.as_deref());
    let local_config = if opts.config.is_none() {
        budget::load_config(None, dir)?
    } else {
        None
    };
    let config = local_config.as_ref().or(cwd_config);
    let mut out = Vec::new();
    for pkg in tree::packages(&svc)? {
        let runtime = opts
            .runtime
            .clone()
            .or_else(|| svc.runtime_for(pkg.function.as_deref()));
        let entries: Vec<Entry> = pkg
            .files
            .iter()
            .map(|f| Entry {
                path: f.path.clone(),
                size: f.size,
                compressed: None,
                crc32: None,
            })
            .collect();
        let unzipped: u64 = entries.iter().map(|e| e.size).sum();
        let (max_zipped, _) = budget::limits_for(pkg.function.as_deref(), &opts.limits, config);
        // Compressing costs time; do it only when asked or when a zipped limit could be
        // exceeded (a zip is never much bigger than its content).
        let upper_bound = unzipped + 128 * entries.len() as u64 + 22;
        let must_compress = opts.deep
            || upper_bound > budget::AWS_MAX_ZIPPED
            || max_zipped.is_some_and(|(m, _)| upper_bound > m);
        let mut hashes = BTreeMap::new();
        let zipped = if must_compress {
            Some(estimate_zip(&pkg.files, opts.deep.then_some(&mut hashes))?)
        } else {
            None
        };
        let name = format!(
            "{}#{}",
            dir.display(),
            pkg.function.as_deref().unwrap_or(&svc.name)
        );
        let mut report = package_report(
            PackageInput {
                source: name,
                kind: "tree",
                function: pkg.function.clone(),
                runtime,
                zipped,
                entries,
                hashes,
            },
            opts,
            config,
        );
        report
            .findings
            .extend(pkg.outside_links.iter().map(outside_link_finding));
        report.config_file = Some(config_file.clone());
        // A function's package: its key; the service's: its `package:` section, if any.
        report.config_line = config_text
            .as_deref()
            .and_then(|t| match pkg.function.as_deref() {
                Some(f) => locate::line_of(t, &["functions", f]),
                None => locate::line_of(t, &["package"]),
            });
        out.push(report);
    }
    let flagged = if opts.runtime.is_some() {
        Vec::new() // --runtime overrides serverless.yml; the packages carry it
    } else {
        tree_runtimes(&svc, dir, &config_file, config_text.as_deref())
    };
    Ok((out, plugin_warning, flagged))
}

/// Every function's runtime (its own, else the provider's) that the table flags, pointing
/// at the `runtime:` line that sets it; the provider's alone when there are no functions.
fn tree_runtimes(
    svc: &service::Service,
    dir: &Path,
    config: &Path,
    text: Option<&str>,
) -> Vec<FlaggedRuntime> {
    // The function's own `runtime:`, else the provider's (the loader may have copied the
    // provider's into the function).
    let at = |path: &[&str], status: RuntimeStatus| RuntimeStatus {
        file: Some(config.display().to_string()),
        line: text.and_then(|t| {
            locate::line_of(t, path).or_else(|| locate::line_of(t, &["provider", "runtime"]))
        }),
        ..status
    };
    let mut out = Vec::new();
    for f in &svc.functions {
        let Some(runtime) = svc.runtime_for(Some(&f.key)) else {
            continue;
        };
        let Some(status) = runtimes::status(&runtime) else {
            continue;
        };
        let path = ["functions", f.key.as_str(), "runtime"];
        out.push(FlaggedRuntime {
            source: format!("{}#{}", dir.display(), f.key),
            function: Some(f.key.clone()),
            status: at(&path, status),
        });
    }
    if svc.functions.is_empty()
        && let Some(status) = svc.runtime_for(None).as_deref().and_then(runtimes::status)
    {
        out.push(FlaggedRuntime {
            source: format!("{}#{}", dir.display(), svc.name),
            function: None,
            status: at(&["provider", "runtime"], status),
        });
    }
    out
}

/// A symlink out of the service: its folder was not walked (it could be `/usr`), so the
/// sizes above leave it out, while `serverless package` would zip what it holds.
fn outside_link_finding(link: &tree::OutsideLink) -> rules::Finding {
    rules::Finding {
        rule: "link-outside-service",
        severity: rules::Severity::Warn,
        pattern: format!("!{}/**", link.path),
        message: format!(
            "symlink {} leads outside the service (to {}); not audited, but `serverless \
             package` would zip its contents",
            link.path,
            link.target.display()
        ),
        files: 0,
        unzipped_bytes: 0,
        zipped_bytes: None,
        examples: vec![link.path.clone()],
    }
}

/// The size the Framework's zip would have: each file deflated, plus zip headers. Fills
/// `hashes` with content hashes on the way when asked. Files are streamed in small pieces
/// through the hash and the compressor, so memory stays flat whatever their size.
fn estimate_zip(
    files: &[tree::TreeFile],
    mut hashes: Option<&mut BTreeMap<String, [u8; 32]>>,
) -> Result<u64> {
    let mut total = 22u64; // end of central directory
    let mut buf = vec![0u8; 64 * 1024];
    for f in files {
        let mut file = files::open_regular(&f.abs, "a regular file")?;
        let mut hasher = hashes.is_some().then(blake3::Hasher::new);
        let mut enc =
            flate2::write::DeflateEncoder::new(Counter(0), flate2::Compression::default());
        let mut read = 0u64;
        loop {
            let n = match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(files::io_error("reading", &f.abs, e)),
            };
            read += n as u64;
            if let Some(h) = hasher.as_mut() {
                h.update(&buf[..n]);
            }
            enc.write_all(&buf[..n])
                .map_err(|e| Error::io("compressing", &f.abs, e))?;
        }
        if let (Some(h), Some(hasher)) = (hashes.as_deref_mut(), hasher) {
            h.insert(f.path.clone(), *hasher.finalize().as_bytes());
        }
        let deflated = enc
            .finish()
            .map_err(|e| Error::io("compressing", &f.abs, e))?
            .0;
        // Local header (30) and central directory entry (46), each with the name.
        total += deflated.min(read) + 76 + 2 * f.path.len() as u64;
    }
    Ok(total)
}

/// A writer that only counts.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What is known of one package before it is judged: where it comes from and its entries.
pub(crate) struct PackageInput {
    /// The zip's path, `dir#function` for a tree, or the deployed name.
    pub source: String,
    /// `zip`, `tree` or `deployed`.
    pub kind: &'static str,
    /// The `.gearctl.yml` function key its budgets are looked up by.
    pub function: Option<String>,
    pub runtime: Option<String>,
    pub zipped: Option<u64>,
    pub entries: Vec<Entry>,
    /// Content hashes by entry name (`--deep` only; empty otherwise).
    pub hashes: BTreeMap<String, [u8; 32]>,
}

/// Judge one package: the bloat rules, its budgets and AWS's limits, its runtime.
pub(crate) fn package_report(
    input: PackageInput,
    opts: &LocalOptions,
    config: Option<&AuditConfig>,
) -> PackageReport {
    let PackageInput {
        source,
        kind,
        function,
        runtime,
        zipped,
        entries,
        hashes,
    } = input;
    let rt = runtime
        .as_deref()
        .map(Runtime::parse)
        .unwrap_or_else(|| Runtime::infer(&entries));
    let rule_opts = RuleOptions {
        runtime: rt,
        huge_file_bytes: opts
            .huge_file
            .or(config.and_then(|c| c.huge_file).map(|s| s.0))
            .unwrap_or(DEFAULT_HUGE_FILE),
    };
    let mut flagged = vec![false; entries.len()];
    let mut findings = rules::check(&entries, &rule_opts, &mut flagged);
    if opts.deep {
        findings.extend(rules::duplicates(&entries, &hashes, &mut flagged));
    }
    let (save_unzipped, save_zipped) = rules::savings(&entries, &flagged);
    let unzipped: u64 = entries.iter().map(|e| e.size).sum();
    let limits = budget::limits_for(function.as_deref(), &opts.limits, config);
    let breaches = budget::check(&source, function.as_deref(), zipped, unzipped, limits);
    let mut contributors = groups::groups(&entries, rt == Runtime::Python);
    contributors.truncate(opts.top.max(1));
    let runtime_status = runtime.as_deref().and_then(runtimes::status);
    PackageReport {
        source,
        kind,
        function,
        runtime,
        zipped_bytes: zipped,
        unzipped_bytes: unzipped,
        files: entries.len() as u64,
        contributors,
        findings,
        savings_unzipped_bytes: save_unzipped,
        savings_zipped_bytes: save_zipped,
        breaches,
        runtime_status,
        config_file: None,
        config_line: None,
    }
}
