//! CloudWatch Logs: log groups and their events, as plain values.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_cloudwatchlogs::types::QueryStatus;

use super::{Aws, AwsError, AwsErrorKind, Call};

/// A finished Logs Insights query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryOutcome {
    /// One map per result row: field name → value.
    pub rows: Vec<BTreeMap<String, String>>,
    pub bytes_scanned: f64,
    pub records_matched: f64,
    pub elapsed: Duration,
}

/// Longest we wait for one query (the service's own limit is 60 minutes).
const QUERY_DEADLINE: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogGroup {
    pub name: String,
    pub stored_bytes: i64,
    pub retention_days: Option<i32>,
}

/// One log event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    /// Milliseconds since the epoch.
    pub timestamp: i64,
    pub message: String,
}

impl Aws {
    /// Log groups under a name prefix (`logs:DescribeLogGroups`, all pages).
    pub async fn log_groups(&self, prefix: &str) -> Result<Vec<LogGroup>, AwsError> {
        let mut pages = self
            .logs()
            .describe_log_groups()
            .log_group_name_prefix(prefix)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.err(e, Call::new("logs:DescribeLogGroups")))?;
            out.extend(
                page.log_groups
                    .unwrap_or_default()
                    .into_iter()
                    .map(|g| LogGroup {
                        name: g.log_group_name.unwrap_or_default(),
                        stored_bytes: g.stored_bytes.unwrap_or(0),
                        retention_days: g.retention_in_days,
                    }),
            );
        }
        Ok(out)
    }

    /// Stream the events of one log group page by page (`logs:FilterLogEvents`), without
    /// holding them all: `on_event(stream name, message)` sees each event in turn. Returns
    /// how many events were read.
    pub async fn scan_log_events(
        &self,
        group: &str,
        pattern: Option<&str>,
        start_ms: i64,
        end_ms: i64,
        mut on_event: impl FnMut(&str, &str),
    ) -> Result<u64, AwsError> {
        let mut pages = self
            .logs()
            .filter_log_events()
            .log_group_name(group)
            .set_filter_pattern(pattern.map(str::to_string))
            .start_time(start_ms)
            .end_time(end_ms)
            .into_paginator()
            .send();
        let mut count = 0;
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.err(e, Call::on("logs:FilterLogEvents", group)))?;
            for e in page.events.unwrap_or_default() {
                count += 1;
                on_event(
                    e.log_stream_name.as_deref().unwrap_or(""),
                    e.message.as_deref().unwrap_or(""),
                );
            }
        }
        Ok(count)
    }

    /// Run a Logs Insights query over up to 50 log groups and wait for it, polling with
    /// backoff (`logs:StartQuery`, `logs:GetQueryResults`; `logs:StopQuery` on deadline).
    pub async fn insights_query(
        &self,
        groups: &[String],
        start_ms: i64,
        end_ms: i64,
        query: &str,
    ) -> Result<QueryOutcome, AwsError> {
        let started = Instant::now();
        let id = self
            .logs()
            .start_query()
            .set_log_group_names(Some(groups.to_vec()))
            .start_time(start_ms / 1000)
            .end_time((end_ms + 999) / 1000)
            .query_string(query)
            .send()
            .await
            .map_err(|e| self.err(e, Call::new("logs:StartQuery")))?
            .query_id
            .unwrap_or_default();
        let mut wait = Duration::from_millis(250);
        loop {
            tokio::time::sleep(wait).await;
            wait = (wait * 3 / 2).min(Duration::from_secs(2));
            let out = self
                .logs()
                .get_query_results()
                .query_id(&id)
                .send()
                .await
                .map_err(|e| self.err(e, Call::new("logs:GetQueryResults")))?;
            match out.status() {
                Some(QueryStatus::Complete) => {
                    let stats = out.statistics();
                    return Ok(QueryOutcome {
                        rows: out
                            .results()
                            .iter()
                            .map(|row| {
                                row.iter()
                                    .filter_map(|f| {
                                        Some((f.field()?.to_string(), f.value()?.to_string()))
                                    })
                                    .collect()
                            })
                            .collect(),
                        bytes_scanned: stats.map(|s| s.bytes_scanned()).unwrap_or(0.0),
                        records_matched: stats.map(|s| s.records_matched()).unwrap_or(0.0),
                        elapsed: started.elapsed(),
                    });
                }
                Some(QueryStatus::Running) | Some(QueryStatus::Scheduled) | None
                    if started.elapsed() < QUERY_DEADLINE => {}
                other => {
                    let status = other.map(|s| s.as_str().to_string()).unwrap_or_default();
                    if matches!(
                        other,
                        Some(QueryStatus::Running) | Some(QueryStatus::Scheduled) | None
                    ) {
                        let _ = self.logs().stop_query().query_id(&id).send().await;
                    }
                    return Err(AwsError {
                        kind: AwsErrorKind::Service,
                        action: "logs:GetQueryResults",
                        resource: None,
                        code: None,
                        message: format!("the Logs Insights query ended as {status}"),
                        hint: Some("narrow the window, or use --engine scan".to_string()),
                    });
                }
            }
        }
    }

    /// One cheap call that proves `logs:DescribeLogGroups` works.
    pub async fn probe_logs(&self) -> Result<(), AwsError> {
        self.logs()
            .describe_log_groups()
            .limit(1)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::new("logs:DescribeLogGroups")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudwatchlogs::Client;
    use aws_sdk_cloudwatchlogs::operation::get_query_results::GetQueryResultsOutput;
    use aws_sdk_cloudwatchlogs::operation::start_query::StartQueryOutput;
    use aws_sdk_cloudwatchlogs::types::{QueryStatistics, ResultField};
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    fn field(f: &str, v: &str) -> ResultField {
        ResultField::builder().field(f).value(v).build()
    }

    #[tokio::test]
    async fn insights_polls_until_complete() {
        let start = mock!(Client::start_query)
            .match_requests(|r| r.log_group_names().len() == 2 && r.start_time() == Some(100))
            .then_output(|| StartQueryOutput::builder().query_id("q-1").build());
        let running = mock!(Client::get_query_results).then_output(|| {
            GetQueryResultsOutput::builder()
                .status(QueryStatus::Running)
                .build()
        });
        let done = mock!(Client::get_query_results)
            .match_requests(|r| r.query_id() == Some("q-1"))
            .then_output(|| {
                GetQueryResultsOutput::builder()
                    .status(QueryStatus::Complete)
                    .results(vec![
                        field("@log", "1:/aws/lambda/a"),
                        field("invocations", "12"),
                    ])
                    .statistics(
                        QueryStatistics::builder()
                            .bytes_scanned(2048.0)
                            .records_matched(12.0)
                            .build(),
                    )
                    .build()
            });
        let client = mock_client!(
            aws_sdk_cloudwatchlogs,
            RuleMode::Sequential,
            &[&start, &running, &done]
        );
        let aws = Aws::with_logs_client(client);
        let out = aws
            .insights_query(
                &["/aws/lambda/a".into(), "/aws/lambda/b".into()],
                100_000,
                200_000,
                "stats count(*)",
            )
            .await
            .unwrap();
        assert_eq!(out.rows.len(), 1);
        assert_eq!(out.rows[0]["invocations"], "12");
        assert_eq!(out.bytes_scanned, 2048.0);
        assert_eq!(running.num_calls(), 1);
        assert_eq!(done.num_calls(), 1);
    }

    fn function(name: &str) -> crate::aws::lambda::FunctionInfo {
        crate::aws::lambda::FunctionInfo {
            name: name.into(),
            arn: String::new(),
            runtime: Some("python3.12".into()),
            handler: None,
            memory_mb: 256,
            timeout_s: 3,
            code_size: 1000,
            last_modified: None,
            architectures: vec![],
            vpc: false,
            layers: vec![],
            log_group: format!("/aws/lambda/{name}"),
            environment_keys: vec![],
            dead_letter_arn: None,
        }
    }

    /// The coldstart Insights engine end to end over a mocked Logs client: rows become
    /// per-function stats; a function without a row is left for the scan engine.
    #[tokio::test]
    async fn coldstart_insights_engine_reads_stats() {
        let start = mock!(Client::start_query)
            .then_output(|| StartQueryOutput::builder().query_id("q").build());
        let done = mock!(Client::get_query_results).then_output(|| {
            GetQueryResultsOutput::builder()
                .status(QueryStatus::Complete)
                .results(vec![
                    field("@log", "123456789012:/aws/lambda/a"),
                    field("invocations", "100"),
                    field("cold_starts", "10"),
                    field("p50", "300"),
                    field("p90", "450.5"),
                    field("p99", "600"),
                    field("max_init", "610"),
                    field("mean_init", "320.25"),
                ])
                .build()
        });
        let client = mock_client!(
            aws_sdk_cloudwatchlogs,
            RuleMode::Sequential,
            &[&start, &done]
        );
        let aws = Aws::with_logs_client(client);
        let (a, b) = (function("a"), function("b"));
        let found = crate::coldstart::insights::run(&aws, &[&a, &b], 0, 3_600_000)
            .await
            .unwrap();
        assert_eq!(
            found.len(),
            1,
            "b has no row and is left to the scan engine"
        );
        assert_eq!(found[0].0.name, "a");
        assert_eq!(found[0].1.invocations, 100);
        assert_eq!(found[0].1.init.unwrap().p90_ms, 450.5);
        let g = crate::coldstart::report::GroupReport::from_insights(found[0].0, &found[0].1);
        assert_eq!(g.cold_percent, 10.0);
        assert_eq!(g.impact_ms, 3202.5);
    }

    /// Results without the stats fields (as an emulator gives) make the engine unusable.
    #[tokio::test]
    async fn coldstart_insights_engine_notices_missing_stats() {
        let start = mock!(Client::start_query)
            .then_output(|| StartQueryOutput::builder().query_id("q").build());
        let ptr_only = mock!(Client::get_query_results).then_output(|| {
            GetQueryResultsOutput::builder()
                .status(QueryStatus::Complete)
                .results(vec![field("@ptr", "CmAKHwobMTIz")])
                .build()
        });
        let client = mock_client!(
            aws_sdk_cloudwatchlogs,
            RuleMode::Sequential,
            &[&start, &ptr_only]
        );
        let aws = Aws::with_logs_client(client);
        let a = function("a");
        let err = crate::coldstart::insights::run(&aws, &[&a], 0, 3_600_000)
            .await
            .unwrap_err();
        assert!(err.contains("lack their stats fields"), "{err}");
    }

    #[tokio::test]
    async fn failed_query_is_an_error() {
        let start = mock!(Client::start_query)
            .then_output(|| StartQueryOutput::builder().query_id("q").build());
        let failed = mock!(Client::get_query_results).then_output(|| {
            GetQueryResultsOutput::builder()
                .status(QueryStatus::Failed)
                .build()
        });
        let client = mock_client!(
            aws_sdk_cloudwatchlogs,
            RuleMode::Sequential,
            &[&start, &failed]
        );
        let aws = Aws::with_logs_client(client);
        let err = aws
            .insights_query(&["g".into()], 0, 1000, "q")
            .await
            .unwrap_err();
        assert!(err.message.contains("Failed"), "{}", err.message);
    }
}
