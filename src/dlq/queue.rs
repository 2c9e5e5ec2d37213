//! Naming queues: users give a name, a URL or an ARN; every engine needs all three plus the
//! queue's type, size limit and depth. One resolver, so that all dlq commands agree.

use std::collections::BTreeMap;

use serde::Serialize;

use super::queue_ref::{Form, QueueRef};
use crate::aws::Aws;
use crate::error::Result;

/// A queue, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Queue {
    pub name: String,
    pub url: String,
    pub arn: String,
    pub fifo: bool,
    /// The largest message the queue accepts, in bytes.
    pub max_message_size: usize,
    /// Messages available to receive.
    pub visible: i64,
    /// Messages received and not yet deleted or returned.
    pub in_flight: i64,
    pub delayed: i64,
    /// The queue's own dead-letter target, from its RedrivePolicy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dead_letter_target: Option<String>,
}

impl Queue {
    /// Resolve a name, URL or ARN and read the queue's attributes. A reference that names
    /// another region, or whose resolved `QueueArn` is not the queue it names, is refused
    /// here, before any caller reads or moves a message.
    pub async fn resolve(aws: &Aws, spec: &str) -> Result<Queue> {
        let given = QueueRef::parse(spec, aws.endpoint_override("SQS").is_some())?;
        let here = aws.settings().region.clone().unwrap_or_default();
        given.check_region(&here)?;
        let url = match given.form {
            Form::Url => given.given.clone(),
            Form::Arn => aws.queue_url(&given.name, given.account.as_deref()).await?,
            Form::Name => aws.queue_url(&given.name, None).await?,
        };
        // The attributes carry the QueueArn, so the check costs no extra call.
        let attrs = aws.queue_attributes(&url).await?;
        given.check_resolved(attrs.get("QueueArn").map(String::as_str), &here)?;
        Ok(Queue::from_attributes(url, &attrs))
    }

    /// Build from a URL and its GetQueueAttributes answer.
    pub fn from_attributes(url: String, attrs: &BTreeMap<String, String>) -> Queue {
        let num = |k: &str| {
            attrs
                .get(k)
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(0)
        };
        let name = url.rsplit('/').next().unwrap_or_default().to_string();
        let dead_letter_target = attrs
            .get("RedrivePolicy")
            .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
            .and_then(|p| p.get("deadLetterTargetArn")?.as_str().map(str::to_string));
        Queue {
            arn: attrs.get("QueueArn").cloned().unwrap_or_default(),
            fifo: attrs.get("FifoQueue").is_some_and(|v| v == "true") || name.ends_with(".fifo"),
            max_message_size: attrs
                .get("MaximumMessageSize")
                .and_then(|v| v.parse().ok())
                .unwrap_or(262_144),
            visible: num("ApproximateNumberOfMessages"),
            in_flight: num("ApproximateNumberOfMessagesNotVisible"),
            delayed: num("ApproximateNumberOfMessagesDelayed"),
            dead_letter_target,
            name,
            url,
        }
    }

    /// Read the depth counters again.
    pub async fn refresh(&mut self, aws: &Aws) -> Result<()> {
        let attrs = aws.queue_attributes(&self.url).await?;
        *self = Queue::from_attributes(std::mem::take(&mut self.url), &attrs);
        Ok(())
    }

    pub fn kind(&self) -> &'static str {
        if self.fifo { "FIFO" } else { "standard" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_give_type_size_and_target() {
        let attrs: BTreeMap<String, String> = [
            ("QueueArn", "arn:aws:sqs:us-east-1:1:src.fifo"),
            ("FifoQueue", "true"),
            ("MaximumMessageSize", "1024"),
            ("ApproximateNumberOfMessages", "7"),
            (
                "RedrivePolicy",
                r#"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:dlq.fifo","maxReceiveCount":3}"#,
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let q = Queue::from_attributes("http://x/1/src.fifo".into(), &attrs);
        assert!(q.fifo);
        assert_eq!(q.name, "src.fifo");
        assert_eq!(q.max_message_size, 1024);
        assert_eq!(q.visible, 7);
        assert_eq!(
            q.dead_letter_target.as_deref(),
            Some("arn:aws:sqs:us-east-1:1:dlq.fifo")
        );
    }
}
