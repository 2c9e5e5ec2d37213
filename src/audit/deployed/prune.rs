//! Pruning: which versions may go (never `$LATEST`, never an aliased one, never the newest
//! `keep`), and deleting them once the caller has confirmed.

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

/// The versions a prune deletes, function by function, oldest first.
fn planned(functions: &[FunctionReport]) -> Vec<(String, Option<String>, Version)> {
    functions
        .iter()
        .flat_map(|f| {
            f.prunable
                .iter()
                .map(move |v| (f.name.clone(), f.region.clone(), v.clone()))
        })
        .collect()
}

/// What a prune would delete, deleting nothing: `--dry-run`'s report.
pub(super) fn dry_run(functions: &[FunctionReport], keep: usize) -> PruneReport {
    let deleted: Vec<Pruned> = planned(functions)
        .into_iter()
        .map(|(function, region, v)| Pruned {
            function,
            region,
            version: v.version,
            code_size_bytes: v.code_size_bytes,
        })
        .collect();
    PruneReport {
        dry_run: true,
        keep,
        freed_bytes: deleted.iter().map(|d| d.code_size_bytes).sum(),
        deleted,
        failed: Vec::new(),
    }
}

/// The question to confirm before [`execute_prune`] deletes, and the refusal when nobody can
/// answer it; None when there is nothing to delete.
pub fn prune_question(report: &DeployedReport) -> Option<(String, String)> {
    let planned = planned(&report.functions);
    if planned.is_empty() {
        return None;
    }
    let bytes: u64 = planned.iter().map(|(_, _, v)| v.code_size_bytes).sum();
    let functions: BTreeSet<&str> = planned.iter().map(|(f, _, _)| f.as_str()).collect();
    Some((
        format!(
            "Delete {} versions of {} functions, freeing {}?",
            planned.len(),
            functions.len(),
            human(bytes)
        ),
        format!(
            "refusing to delete {} versions without --yes: stdin is not a terminal",
            planned.len()
        ),
    ))
}

/// Delete the prunable versions of an audit's functions (confirmed by the caller) and put
/// what was deleted and what failed into its report.
pub async fn execute_prune(
    aws: &Aws,
    report: &mut DeployedReport,
    opts: &DeployedOptions,
    out: &dyn Feedback,
) {
    let planned = planned(&report.functions);
    let mut pruned = PruneReport {
        dry_run: false,
        keep: opts.keep,
        deleted: Vec::new(),
        failed: Vec::new(),
        freed_bytes: 0,
    };
    let bar = out.progress(Some(planned.len() as u64), "deleting versions");
    let results: Vec<_> = stream::iter(planned)
        .map(|(f, region, v)| {
            let bar = bar.clone();
            async move {
                let r = aws.delete_version(&f, &v.version).await;
                bar.inc(1);
                (f, region, v, r)
            }
        })
        .buffer_unordered(opts.concurrency.clamp(1, 4))
        .collect()
        .await;
    bar.finish_and_clear();
    for (function, region, v, r) in results {
        match r {
            Ok(()) => {
                pruned.freed_bytes += v.code_size_bytes;
                pruned.deleted.push(Pruned {
                    function,
                    region,
                    version: v.version,
                    code_size_bytes: v.code_size_bytes,
                });
            }
            Err(e) => pruned.failed.push(PruneFailure {
                function,
                region,
                version: v.version,
                message: e.message,
            }),
        }
    }
    pruned
        .deleted
        .sort_by(|a, b| (&a.function, &a.version).cmp(&(&b.function, &b.version)));
    pruned
        .failed
        .sort_by(|a, b| (&a.function, &a.version).cmp(&(&b.function, &b.version)));
    report.prune = Some(pruned);
}
