//! SQS: list queues and read their attributes, as plain values.

use std::collections::BTreeMap;

use aws_sdk_sqs::types::QueueAttributeName;

use super::{Aws, AwsError, Call};

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
