//! CloudWatch Logs: log groups and their events, as plain values.

use super::{Aws, AwsError, Call};

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
