//! SQS: list queues and read their attributes, as plain values.

use std::collections::BTreeMap;

use aws_sdk_sqs::types::QueueAttributeName;

use super::{Aws, AwsError, Call};

/// One SQS message move task, as ListMessageMoveTasks reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveTask {
    /// Present only while the task is RUNNING.
    pub task_handle: Option<String>,
    /// RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED.
    pub status: String,
    pub destination_arn: Option<String>,
    pub moved: i64,
    pub to_move: Option<i64>,
    pub failure_reason: Option<String>,
    pub started_ms: i64,
}

impl Aws {
    /// Every queue URL in the region, optionally under a name prefix (`sqs:ListQueues`).
    pub async fn list_queues(&self, prefix: Option<&str>) -> Result<Vec<String>, AwsError> {
        let mut pages = self
            .sqs()
            .list_queues()
            .set_queue_name_prefix(prefix.map(str::to_string))
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.err(e, Call::new("sqs:ListQueues")))?;
            out.extend(page.queue_urls.unwrap_or_default());
        }
        out.sort();
        Ok(out)
    }

    /// All attributes of one queue (`sqs:GetQueueAttributes`).
    pub async fn queue_attributes(
        &self,
        queue_url: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        let out = self
            .sqs()
            .get_queue_attributes()
            .queue_url(queue_url)
            .attribute_names(QueueAttributeName::All)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sqs:GetQueueAttributes", queue_url)))?;
        Ok(out
            .attributes
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k.as_str().to_string(), v))
            .collect())
    }

    /// The URL of a queue by name, in this account or another (`sqs:GetQueueUrl`).
    pub async fn queue_url(&self, name: &str, owner: Option<&str>) -> Result<String, AwsError> {
        let out = self
            .sqs()
            .get_queue_url()
            .queue_name(name)
            .set_queue_owner_aws_account_id(owner.map(str::to_string))
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sqs:GetQueueUrl", name)))?;
        Ok(out.queue_url.unwrap_or_default())
    }

    /// URLs of the queues whose RedrivePolicy points at this one
    /// (`sqs:ListDeadLetterSourceQueues`, all pages).
    pub async fn dead_letter_sources(&self, queue_url: &str) -> Result<Vec<String>, AwsError> {
        let mut pages = self
            .sqs()
            .list_dead_letter_source_queues()
            .queue_url(queue_url)
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page
                .map_err(|e| self.err(e, Call::on("sqs:ListDeadLetterSourceQueues", queue_url)))?;
            out.extend(page.queue_urls);
        }
        out.sort();
        Ok(out)
    }

    /// Start an SQS message move task from a DLQ (`sqs:StartMessageMoveTask`). Without a
    /// destination, SQS moves each message back to the queue it came from.
    pub async fn start_move_task(
        &self,
        source_arn: &str,
        destination_arn: Option<&str>,
        max_per_second: Option<i32>,
    ) -> Result<String, AwsError> {
        let out = self
            .sqs()
            .start_message_move_task()
            .source_arn(source_arn)
            .set_destination_arn(destination_arn.map(str::to_string))
            .set_max_number_of_messages_per_second(max_per_second)
            // One attempt: a retried start could start a second task, and an endpoint
            // without move tasks should be noticed at once, not after backoff.
            .customize()
            .config_override(
                aws_sdk_sqs::config::Builder::default()
                    .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(1)),
            )
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sqs:StartMessageMoveTask", source_arn)))?;
        Ok(out.task_handle.unwrap_or_default())
    }

    /// The most recent move tasks of a DLQ, newest first (`sqs:ListMessageMoveTasks`).
    pub async fn list_move_tasks(&self, source_arn: &str) -> Result<Vec<MoveTask>, AwsError> {
        let out = self
            .sqs()
            .list_message_move_tasks()
            .source_arn(source_arn)
            .max_results(10)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sqs:ListMessageMoveTasks", source_arn)))?;
        Ok(out
            .results
            .unwrap_or_default()
            .into_iter()
            .map(|t| MoveTask {
                task_handle: t.task_handle,
                status: t.status.unwrap_or_default(),
                destination_arn: t.destination_arn,
                moved: t.approximate_number_of_messages_moved,
                to_move: t.approximate_number_of_messages_to_move,
                failure_reason: t.failure_reason,
                started_ms: t.started_timestamp,
            })
            .collect())
    }

    /// Cancel a running move task; returns how many messages it had moved
    /// (`sqs:CancelMessageMoveTask`).
    pub async fn cancel_move_task(&self, task_handle: &str) -> Result<i64, AwsError> {
        let out = self
            .sqs()
            .cancel_message_move_task()
            .task_handle(task_handle)
            .send()
            .await
            .map_err(|e| self.err(e, Call::new("sqs:CancelMessageMoveTask")))?;
        Ok(out.approximate_number_of_messages_moved)
    }

    /// One cheap call that proves `sqs:ListQueues` works.
    pub async fn probe_sqs(&self) -> Result<(), AwsError> {
        self.sqs()
            .list_queues()
            .max_results(1)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::new("sqs:ListQueues")))
    }
}
