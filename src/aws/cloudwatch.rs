//! CloudWatch metrics: the one figure SQS itself does not return, the age of a queue's
//! oldest message (`AWS/SQS ApproximateAgeOfOldestMessage`).

use std::collections::HashMap;

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};

use super::{Aws, AwsError, Call};

/// GetMetricData takes at most 500 queries per call.
const QUERIES_PER_CALL: usize = 500;

impl Aws {
    /// The latest `ApproximateAgeOfOldestMessage` (seconds) of each queue that has one in the
    /// last 15 minutes (`cloudwatch:GetMetricData`). Queues without data are left out.
    pub async fn oldest_message_ages(
        &self,
        queue_names: &[String],
        now_s: i64,
    ) -> Result<HashMap<String, f64>, AwsError> {
        let mut out = HashMap::new();
        for chunk in queue_names.chunks(QUERIES_PER_CALL) {
            let queries: Vec<MetricDataQuery> = chunk
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let metric = Metric::builder()
                        .namespace("AWS/SQS")
                        .metric_name("ApproximateAgeOfOldestMessage")
                        .dimensions(Dimension::builder().name("QueueName").value(name).build())
                        .build();
                    MetricDataQuery::builder()
                        .id(format!("q{i}"))
                        .metric_stat(
                            MetricStat::builder()
                                .metric(metric)
                                .period(60)
                                .stat("Maximum")
                                .build(),
                        )
                        .return_data(true)
                        .build()
                })
                .collect();
            let mut pages = self
                .cloudwatch()
                .get_metric_data()
                .set_metric_data_queries(Some(queries))
                .start_time(DateTime::from_secs(now_s - 900))
                .end_time(DateTime::from_secs(now_s + 60))
                .scan_by(ScanBy::TimestampDescending)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| self.err(e, Call::new("cloudwatch:GetMetricData")))?;
                for r in page.metric_data_results.unwrap_or_default() {
                    let index =
                        r.id.as_deref()
                            .and_then(|id| id.strip_prefix('q'))
                            .and_then(|i| i.parse::<usize>().ok());
                    let latest = r.values.unwrap_or_default().first().copied();
                    if let (Some(i), Some(v)) = (index, latest)
                        && let Some(name) = chunk.get(i)
                    {
                        out.entry(name.clone()).or_insert(v);
                    }
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudwatch::Client;
    use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
    use aws_sdk_cloudwatch::types::MetricDataResult;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    #[tokio::test]
    async fn latest_age_per_queue_across_pages() {
        let page1 = mock!(Client::get_metric_data)
            .match_requests(|r| {
                r.metric_data_queries().len() == 3
                    && r.next_token().is_none()
                    && r.scan_by() == Some(&ScanBy::TimestampDescending)
            })
            .then_output(|| {
                GetMetricDataOutput::builder()
                    .metric_data_results(
                        MetricDataResult::builder()
                            .id("q0")
                            .values(5400.0)
                            .values(5340.0)
                            .build(),
                    )
                    .next_token("more")
                    .build()
            });
        let page2 = mock!(Client::get_metric_data)
            .match_requests(|r| r.next_token() == Some("more"))
            .then_output(|| {
                GetMetricDataOutput::builder()
                    .metric_data_results(MetricDataResult::builder().id("q2").values(61.4).build())
                    .metric_data_results(MetricDataResult::builder().id("q1").build())
                    .build()
            });
        let client = mock_client!(aws_sdk_cloudwatch, RuleMode::Sequential, &[&page1, &page2]);
        let aws = Aws::with_cloudwatch_client(client);
        let names = ["a".to_string(), "b".to_string(), "c".to_string()];
        let ages = aws
            .oldest_message_ages(&names, 1_800_000_000)
            .await
            .unwrap();
        assert_eq!(
            ages.get("a"),
            Some(&5400.0),
            "the newest point, not the older one"
        );
        assert_eq!(ages.get("c"), Some(&61.4));
        assert_eq!(ages.get("b"), None, "no data is no figure");
    }
}
