//! Pruning: which versions may go (never `$LATEST`, never an aliased one, never the newest
//! `keep`), and deleting them with a confirmation first.

use super::*;

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

pub(super) async fn prune(
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
