//! The Logs Insights engine: CloudWatch computes the statistics where the logs are, so a
//! month of logs costs one query instead of a download.
//!
//! Queries cover at most 50 log groups each (the service limit) and run a few at a time,
//! well under the account's 30 concurrent queries. Insights percentiles are CloudWatch's
//! own (approximate); restore durations and init failures need the scan engine. Only the
//! text log format carries `@type`/`@initDuration`, so functions that produce no row here
//! (JSON log format, shared log groups, no data) are scanned instead. A result without the
//! stats fields (an emulator that ignores `stats`) means the engine is not usable: the
//! caller falls back to scanning everything.

use std::collections::BTreeMap;

use futures_util::stream::{self, StreamExt};

use super::stats::Summary;
use crate::aws::Aws;
use crate::aws::lambda::FunctionInfo;

/// The query: per log group, invocations and the init-duration distribution.
pub const QUERY: &str = "filter @type = \"REPORT\" \
| stats count(*) as invocations, count(@initDuration) as cold_starts, \
pct(@initDuration, 50) as p50, pct(@initDuration, 90) as p90, pct(@initDuration, 99) as p99, \
max(@initDuration) as max_init, avg(@initDuration) as mean_init by @log";

/// Log groups per query (service limit).
const GROUPS_PER_QUERY: usize = 50;
/// Queries in flight at once.
const CONCURRENT_QUERIES: usize = 4;

/// What Insights said about one log group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupStats {
    pub invocations: u64,
    pub cold_starts: u64,
    pub init: Option<Summary>,
}

/// Read the result rows into stats per log group. None when a row lacks the stats
/// fields: the engine did not compute them.
pub fn read_rows(rows: &[BTreeMap<String, String>]) -> Option<BTreeMap<String, GroupStats>> {
    let mut out = BTreeMap::new();
    for row in rows {
        let log = row.get("@log")?;
        let group = log.split_once(':').map_or(log.as_str(), |(_, g)| g);
        let num = |k: &str| row.get(k).and_then(|v| v.parse::<f64>().ok());
        let invocations = num("invocations")? as u64;
        let cold_starts = num("cold_starts")? as u64;
        let init = match (
            num("p50"),
            num("p90"),
            num("p99"),
            num("max_init"),
            num("mean_init"),
        ) {
            (Some(p50), Some(p90), Some(p99), Some(max), Some(mean)) if cold_starts > 0 => {
                Some(Summary {
                    count: cold_starts,
                    p50_ms: p50,
                    p90_ms: p90,
                    p99_ms: p99,
                    max_ms: max,
                    mean_ms: (mean * 100.0).round() / 100.0,
                })
            }
            _ => None,
        };
        out.insert(
            group.to_string(),
            GroupStats {
                invocations,
                cold_starts,
                init,
            },
        );
    }
    Some(out)
}

/// What the engine produced: stats for the functions it covered. `Err(reason)` when its
/// results cannot be used at all.
pub async fn run<'f>(
    aws: &Aws,
    functions: &[&'f FunctionInfo],
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<(&'f FunctionInfo, GroupStats)>, String> {
    let mut users: BTreeMap<&str, usize> = BTreeMap::new();
    for f in functions {
        *users.entry(f.log_group.as_str()).or_default() += 1;
    }
    // Shared log groups mix functions; Insights cannot split them by `@log`.
    let groups: Vec<String> = users
        .iter()
        .filter(|(_, n)| **n == 1)
        .map(|(g, _)| g.to_string())
        .collect();
    let chunks: Vec<Vec<String>> = groups
        .chunks(GROUPS_PER_QUERY)
        .map(<[String]>::to_vec)
        .collect();
    let outcomes: Vec<_> = stream::iter(chunks)
        .map(|chunk| async move { aws.insights_query(&chunk, start_ms, end_ms, QUERY).await })
        .buffer_unordered(CONCURRENT_QUERIES)
        .collect()
        .await;
    let mut stats = BTreeMap::new();
    for outcome in outcomes {
        // A chunk that fails (say, one log group is missing) is scanned instead.
        let Ok(outcome) = outcome else { continue };
        tracing::info!(
            elapsed_ms = outcome.elapsed.as_millis() as u64,
            bytes_scanned = outcome.bytes_scanned,
            records_matched = outcome.records_matched,
            "Logs Insights query finished"
        );
        let rows = read_rows(&outcome.rows)
            .ok_or_else(|| "the Logs Insights results lack their stats fields".to_string())?;
        stats.extend(rows);
    }
    Ok(functions
        .iter()
        .filter_map(|f| stats.get(&f.log_group).map(|s| (*f, s.clone())))
        .filter(|(_, s)| s.invocations > 0)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rows_become_stats() {
        let rows = vec![
            row(&[
                ("@log", "123456789012:/aws/lambda/a"),
                ("invocations", "40"),
                ("cold_starts", "4"),
                ("p50", "310.5"),
                ("p90", "402.1"),
                ("p99", "420"),
                ("max_init", "420"),
                ("mean_init", "333.3333"),
            ]),
            row(&[
                ("@log", "123456789012:/aws/lambda/b"),
                ("invocations", "9"),
                ("cold_starts", "0"),
            ]),
        ];
        let s = read_rows(&rows).unwrap();
        let a = &s["/aws/lambda/a"];
        assert_eq!((a.invocations, a.cold_starts), (40, 4));
        assert_eq!(a.init.unwrap().p90_ms, 402.1);
        assert_eq!(a.init.unwrap().mean_ms, 333.33);
        assert!(s["/aws/lambda/b"].init.is_none());
    }

    #[test]
    fn rows_without_stats_fields_are_unusable() {
        // What an engine that ignores `stats` returns: pointers to raw events.
        let rows = vec![row(&[("@ptr", "CmAKHwobMTIz")])];
        assert!(read_rows(&rows).is_none());
        assert_eq!(read_rows(&[]).unwrap().len(), 0);
    }
}
