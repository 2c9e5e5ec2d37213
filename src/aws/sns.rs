//! SNS: the subscriptions of the region and where each sends what it could not deliver
//! (its RedrivePolicy), as plain structs. `dlq list` and `dlq redrive` need them because an
//! SNS subscription's DLQ is named nowhere else: not by any queue, not by any function.
//!
//! The write calls the test harness needs (topics, subscriptions, publish) are in `seed.rs`;
//! gearctl's commands never call them.

use std::collections::BTreeMap;

use futures_util::stream::{self, StreamExt};

use super::{Aws, AwsError, Call};

/// GetSubscriptionAttributes in flight at once.
const CONCURRENCY: usize = 8;

/// One confirmed subscription, with the attributes the DLQ commands need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionInfo {
    pub arn: String,
    pub topic_arn: String,
    /// `sqs`, `lambda`, `http`, `https`, `email`, `firehose`, …
    pub protocol: String,
    /// The queue ARN, function ARN, URL or address the subscription delivers to.
    pub endpoint: String,
    /// `RedrivePolicy.deadLetterTargetArn`: the SQS queue that gets what could not be delivered.
    pub dead_letter_arn: Option<String>,
    /// `RawMessageDelivery`: the endpoint gets the bare message instead of the JSON envelope.
    pub raw_delivery: bool,
}

/// What a subscription listing found: the subscriptions whose attributes were read, and
/// the first error among those that could not be (the others still count).
#[derive(Debug, Default)]
pub struct Subscriptions {
    pub found: Vec<SubscriptionInfo>,
    pub failed: Option<AwsError>,
}

impl Aws {
    /// Every confirmed subscription of the region with its attributes
    /// (`sns:ListSubscriptions`, all pages; `sns:GetSubscriptionAttributes` for each, at most
    /// 8 at once). A failed listing is an error; a failed attribute read is reported in
    /// `failed` and that subscription is left out.
    pub async fn list_subscriptions(&self) -> Result<Subscriptions, AwsError> {
        let mut pages = self.sns().list_subscriptions().into_paginator().send();
        let mut listed = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.err(e, Call::new("sns:ListSubscriptions")))?;
            for s in page.subscriptions.unwrap_or_default() {
                // Unconfirmed subscriptions have no ARN yet ("PendingConfirmation").
                let Some(arn) = s.subscription_arn.filter(|a| a.starts_with("arn:")) else {
                    continue;
                };
                listed.push(SubscriptionInfo {
                    arn,
                    topic_arn: s.topic_arn.unwrap_or_default(),
                    protocol: s.protocol.unwrap_or_default(),
                    endpoint: s.endpoint.unwrap_or_default(),
                    dead_letter_arn: None,
                    raw_delivery: false,
                });
            }
        }
        let read: Vec<Result<SubscriptionInfo, AwsError>> = stream::iter(listed)
            .map(|mut s| async move {
                let attrs = self.subscription_attributes(&s.arn).await?;
                apply_attributes(&mut s, &attrs);
                Ok(s)
            })
            .buffered(CONCURRENCY)
            .collect()
            .await;
        let mut out = Subscriptions::default();
        for r in read {
            match r {
                Ok(s) => out.found.push(s),
                Err(e) => out.failed = out.failed.or(Some(e)),
            }
        }
        out.found.sort_by(|a, b| a.arn.cmp(&b.arn));
        Ok(out)
    }

    /// One subscription with its attributes (`sns:GetSubscriptionAttributes`).
    pub async fn subscription(&self, arn: &str) -> Result<SubscriptionInfo, AwsError> {
        let attrs = self.subscription_attributes(arn).await?;
        let get = |k: &str| attrs.get(k).cloned().unwrap_or_default();
        let mut s = SubscriptionInfo {
            arn: arn.to_string(),
            topic_arn: get("TopicArn"),
            protocol: get("Protocol"),
            endpoint: get("Endpoint"),
            dead_letter_arn: None,
            raw_delivery: false,
        };
        apply_attributes(&mut s, &attrs);
        Ok(s)
    }

    async fn subscription_attributes(
        &self,
        arn: &str,
    ) -> Result<BTreeMap<String, String>, AwsError> {
        let out = self
            .sns()
            .get_subscription_attributes()
            .subscription_arn(arn)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sns:GetSubscriptionAttributes", arn)))?;
        Ok(out.attributes.unwrap_or_default().into_iter().collect())
    }
}

fn apply_attributes(s: &mut SubscriptionInfo, attrs: &BTreeMap<String, String>) {
    s.dead_letter_arn = attrs
        .get("RedrivePolicy")
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .and_then(|p| p.get("deadLetterTargetArn")?.as_str().map(str::to_string));
    s.raw_delivery = attrs
        .get("RawMessageDelivery")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redrive_policy_and_raw_delivery_are_read_from_the_attributes() {
        let mut s = SubscriptionInfo {
            arn: "arn:aws:sns:us-east-1:1:t:abc".into(),
            topic_arn: "arn:aws:sns:us-east-1:1:t".into(),
            protocol: "sqs".into(),
            endpoint: "arn:aws:sqs:us-east-1:1:q".into(),
            dead_letter_arn: None,
            raw_delivery: false,
        };
        let attrs: BTreeMap<String, String> = [
            (
                "RedrivePolicy",
                r#"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:dlq"}"#,
            ),
            ("RawMessageDelivery", "True"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        apply_attributes(&mut s, &attrs);
        assert_eq!(
            s.dead_letter_arn.as_deref(),
            Some("arn:aws:sqs:us-east-1:1:dlq")
        );
        assert!(s.raw_delivery);
        apply_attributes(&mut s, &BTreeMap::new());
        assert_eq!((s.dead_letter_arn, s.raw_delivery), (None, false));
    }
}
