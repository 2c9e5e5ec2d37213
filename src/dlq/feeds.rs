//! The DLQs that SNS subscriptions and EventBridge rule targets feed. No queue attribute
//! and no function names these queues, so `dlq list` would miss them, and `dlq redrive`
//! would not know where their messages belong: the subscription's own endpoint, or the bus.
//!
//! Reading them costs one listing per service plus one call per subscription or rule. A
//! listing that is denied (or that an endpoint lacks) is a warning, never a failed command:
//! the other sources still count.

use std::collections::BTreeMap;

use super::list::Source;
use crate::aws::Aws;
use crate::aws::events::RuleTarget;
use crate::aws::sns::SubscriptionInfo;
use crate::render::Feedback;

/// Subscriptions and rule targets that have a DLQ, and what could not be read.
#[derive(Debug, Default)]
pub struct Feeds {
    pub subscriptions: Vec<SubscriptionInfo>,
    pub targets: Vec<RuleTarget>,
    pub warnings: Vec<String>,
}

impl Feeds {
    /// Read both services at once.
    pub async fn read(aws: &Aws, out: &dyn Feedback) -> Feeds {
        let bar = out.progress(None, "reading SNS subscriptions and EventBridge rules");
        let (subs, targets) = tokio::join!(aws.list_subscriptions(), aws.list_rule_targets());
        bar.finish_and_clear();
        let mut feeds = Feeds::default();
        let missing = "so DLQs that only they feed may be missing";
        match subs {
            Ok(s) => {
                if let Some(e) = s.failed {
                    feeds.warnings.push(format!(
                        "some SNS subscriptions were not read, {missing}: {e}"
                    ));
                }
                feeds.subscriptions = s
                    .found
                    .into_iter()
                    .filter(|s| s.dead_letter_arn.is_some())
                    .collect();
            }
            Err(e) => feeds
                .warnings
                .push(format!("SNS subscriptions were not read, {missing}: {e}")),
        }
        match targets {
            Ok(t) => {
                if let Some(e) = t.failed {
                    feeds.warnings.push(format!(
                        "some EventBridge rules were not read, {missing}: {e}"
                    ));
                }
                feeds.targets = t
                    .found
                    .into_iter()
                    .filter(|t| t.dead_letter_arn.is_some())
                    .collect();
            }
            Err(e) => feeds
                .warnings
                .push(format!("EventBridge rules were not read, {missing}: {e}")),
        }
        feeds
    }

    /// Only what feeds the DLQ with this ARN.
    pub fn feeding(mut self, dlq_arn: &str) -> Feeds {
        self.subscriptions
            .retain(|s| s.dead_letter_arn.as_deref() == Some(dlq_arn));
        self.targets
            .retain(|t| t.dead_letter_arn.as_deref() == Some(dlq_arn));
        self
    }

    /// Add every subscription and target to the DLQ → sources map of `dlq list`.
    pub fn add_sources(&self, targets: &mut BTreeMap<String, Vec<Source>>) {
        for s in &self.subscriptions {
            if let Some(dlq) = &s.dead_letter_arn {
                targets
                    .entry(dlq.clone())
                    .or_default()
                    .push(subscription_source(s));
            }
        }
        for t in &self.targets {
            if let Some(dlq) = &t.dead_letter_arn {
                targets
                    .entry(dlq.clone())
                    .or_default()
                    .push(target_source(t));
            }
        }
    }
}

/// `sns-subscription`: name = the subscription ARN, via = the topic ARN. The endpoint is
/// shown only when it is an ARN (a queue or a function): an HTTP endpoint's URL may hold
/// a token, and an e-mail address is nobody's business here.
pub fn subscription_source(s: &SubscriptionInfo) -> Source {
    Source {
        kind: "sns-subscription",
        name: s.arn.clone(),
        via: Some(s.topic_arn.clone()),
        protocol: Some(s.protocol.clone()),
        endpoint: matches!(s.protocol.as_str(), "sqs" | "lambda").then(|| s.endpoint.clone()),
        ..Source::default()
    }
}

/// `eventbridge-target`: name = the rule, bus, target = the target ID, via = the target ARN.
pub fn target_source(t: &RuleTarget) -> Source {
    Source {
        kind: "eventbridge-target",
        name: t.rule.clone(),
        via: Some(t.target_arn.clone()),
        bus: Some(t.bus.clone()),
        target: Some(t.target_id.clone()),
        ..Source::default()
    }
}

/// The last part of an ARN: a topic's or a function's name.
pub fn short(arn: &str) -> &str {
    arn.rsplit(':').next().unwrap_or(arn)
}
