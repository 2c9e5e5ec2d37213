//! Naming queues: users give a name, a URL or an ARN; every engine needs all three plus the
//! queue's type, size limit and depth. One resolver, so that all dlq commands agree.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::aws::Aws;
use crate::error::{Error, Result};

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

/// The parts of an SQS ARN: `arn:aws:sqs:REGION:ACCOUNT:NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueArn {
    pub region: String,
    pub account: String,
    pub name: String,
}

impl QueueArn {
    pub fn parse(arn: &str) -> Option<QueueArn> {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        match parts.as_slice() {
            ["arn", _partition, "sqs", region, account, name]
                if !region.is_empty() && !account.is_empty() && !name.is_empty() =>
            {
                Some(QueueArn {
                    region: region.to_string(),
                    account: account.to_string(),
                    name: name.to_string(),
                })
            }
            _ => None,
        }
    }
}

/// The region a queue spec names, if it names one (an ARN or an AWS URL).
pub fn region_of(spec: &str) -> Option<String> {
    if let Some(a) = QueueArn::parse(spec) {
        return Some(a.region);
    }
    let host = spec.split_once("://")?.1.split('/').next()?;
    let mut labels = host.split('.');
    match (labels.next(), labels.next()) {
        (Some("sqs"), Some(region)) if region.contains('-') => Some(region.to_string()),
        _ => None,
    }
}

impl Queue {
    /// Resolve a name, URL or ARN and read the queue's attributes.
    pub async fn resolve(aws: &Aws, spec: &str) -> Result<Queue> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err(Error::usage("an empty queue name was given", None));
        }
        let url = if spec.starts_with("https://") || spec.starts_with("http://") {
            spec.to_string()
        } else if spec.starts_with("arn:") {
            let arn = QueueArn::parse(spec).ok_or_else(|| {
                Error::usage(
                    format!("{spec} is not an SQS queue ARN"),
                    Some(
                        "an SQS ARN looks like arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
                            .into(),
                    ),
                )
            })?;
            let here = aws.settings().region.clone().unwrap_or_default();
            if arn.region != here {
                return Err(Error::usage(
                    format!(
                        "{spec} is in {}, but gearctl is working in {here}",
                        arn.region
                    ),
                    Some(format!("add --region {}", arn.region)),
                ));
            }
            aws.queue_url(&arn.name, Some(&arn.account)).await?
        } else {
            aws.queue_url(spec, None).await?
        };
        let attrs = aws.queue_attributes(&url).await?;
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
    fn arns_and_regions() {
        let a = QueueArn::parse("arn:aws:sqs:eu-west-1:123456789012:orders-dlq.fifo").unwrap();
        assert_eq!(
            (a.region.as_str(), a.account.as_str(), a.name.as_str()),
            ("eu-west-1", "123456789012", "orders-dlq.fifo")
        );
        assert!(QueueArn::parse("arn:aws:sns:eu-west-1:123456789012:topic").is_none());
        assert!(QueueArn::parse("orders-dlq").is_none());
        assert_eq!(
            region_of("https://sqs.ap-south-1.amazonaws.com/123456789012/q").as_deref(),
            Some("ap-south-1")
        );
        assert_eq!(region_of("http://127.0.0.1:5000/123456789012/q"), None);
        assert_eq!(
            region_of("arn:aws-cn:sqs:cn-north-1:1:q").as_deref(),
            Some("cn-north-1")
        );
    }

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
