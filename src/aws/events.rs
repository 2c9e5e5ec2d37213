//! EventBridge: the rule targets of every bus and the DLQ each sends undeliverable events
//! to (`DeadLetterConfig`), and PutEvents to redrive them, as plain structs.
//!
//! None of the three listings has an SDK paginator, so each pages with NextToken by hand.
//! The write calls the test harness and the demo need (bus, rule, target) are in `seed.rs`.

use futures_util::stream::{self, StreamExt};

use super::{Aws, AwsError, Call};

/// ListTargetsByRule calls in flight at once.
const CONCURRENCY: usize = 8;

/// One target of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTarget {
    pub bus: String,
    pub rule: String,
    pub rule_arn: String,
    pub target_id: String,
    pub target_arn: String,
    /// `DeadLetterConfig.Arn`: the SQS queue that gets the events the target did not take.
    pub dead_letter_arn: Option<String>,
    /// The target sends something other than the event (Input, InputPath or an
    /// InputTransformer): its DLQ then holds that, not the event.
    pub transforms_input: bool,
}

/// What a target listing found, and the first error among the buses or rules that could
/// not be read (the rest still count).
#[derive(Debug, Default)]
pub struct Targets {
    pub found: Vec<RuleTarget>,
    pub failed: Option<AwsError>,
}

/// One event to put on a bus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub bus: String,
    pub source: String,
    pub detail_type: String,
    /// The `detail` object as JSON text.
    pub detail: String,
    pub resources: Vec<String>,
    /// The event's own time (RFC 3339), kept when it parses.
    pub time: Option<String>,
}

/// EventBridge's answer for one entry: accepted with an ID, or refused with a code.
pub type PutOutcome = Result<String, (String, String)>;

impl Aws {
    /// Names of every event bus (`events:ListEventBuses`, all pages).
    pub async fn list_event_buses(&self) -> Result<Vec<String>, AwsError> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .events()
                .list_event_buses()
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.err(e, Call::new("events:ListEventBuses")))?;
            out.extend(
                page.event_buses
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|b| b.name),
            );
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        Ok(out)
    }

    /// (name, ARN) of every rule on a bus (`events:ListRules`, all pages).
    pub async fn list_rules(&self, bus: &str) -> Result<Vec<(String, String)>, AwsError> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .events()
                .list_rules()
                .event_bus_name(bus)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.err(e, Call::on("events:ListRules", bus)))?;
            for r in page.rules.unwrap_or_default() {
                if let Some(name) = r.name {
                    out.push((name, r.arn.unwrap_or_default()));
                }
            }
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        Ok(out)
    }

    /// Targets of one rule (`events:ListTargetsByRule`, all pages).
    pub async fn list_targets(
        &self,
        bus: &str,
        rule: &str,
        rule_arn: &str,
    ) -> Result<Vec<RuleTarget>, AwsError> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .events()
                .list_targets_by_rule()
                .event_bus_name(bus)
                .rule(rule)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.err(e, Call::on("events:ListTargetsByRule", rule)))?;
            for t in page.targets.unwrap_or_default() {
                out.push(RuleTarget {
                    bus: bus.to_string(),
                    rule: rule.to_string(),
                    rule_arn: rule_arn.to_string(),
                    transforms_input: t.input.is_some()
                        || t.input_path.is_some()
                        || t.input_transformer.is_some(),
                    dead_letter_arn: t.dead_letter_config.and_then(|d| d.arn),
                    target_id: t.id,
                    target_arn: t.arn,
                });
            }
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        Ok(out)
    }

    /// Every target of every rule on every bus, at most 8 rules read at once. Listing the
    /// buses must work; a bus or rule that cannot be read is reported in `failed`.
    pub async fn list_rule_targets(&self) -> Result<Targets, AwsError> {
        let buses = self.list_event_buses().await?;
        let mut out = Targets::default();
        let mut rules = Vec::new();
        for bus in buses {
            match self.list_rules(&bus).await {
                Ok(list) => rules.extend(list.into_iter().map(|(n, a)| (bus.clone(), n, a))),
                Err(e) => out.failed = out.failed.or(Some(e)),
            }
        }
        let read: Vec<Result<Vec<RuleTarget>, AwsError>> = stream::iter(rules)
            .map(|(bus, rule, arn)| async move { self.list_targets(&bus, &rule, &arn).await })
            .buffered(CONCURRENCY)
            .collect()
            .await;
        for r in read {
            match r {
                Ok(t) => out.found.extend(t),
                Err(e) => out.failed = out.failed.or(Some(e)),
            }
        }
        Ok(out)
    }

    /// Put up to 10 events (`events:PutEvents`); one outcome per entry, in order.
    pub async fn put_events(&self, events: &[NewEvent]) -> Result<Vec<PutOutcome>, AwsError> {
        use aws_sdk_eventbridge::types::PutEventsRequestEntry;
        let entries = events
            .iter()
            .map(|e| {
                let time = e.time.as_deref().and_then(|t| {
                    aws_smithy_types::DateTime::from_str(
                        t,
                        aws_smithy_types::date_time::Format::DateTime,
                    )
                    .ok()
                });
                PutEventsRequestEntry::builder()
                    .event_bus_name(&e.bus)
                    .source(&e.source)
                    .detail_type(&e.detail_type)
                    .detail(&e.detail)
                    .set_resources((!e.resources.is_empty()).then(|| e.resources.clone()))
                    .set_time(time)
                    .build()
            })
            .collect();
        let out = self
            .events()
            .put_events()
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(|e| {
                let bus = events.first().map(|e| e.bus.clone()).unwrap_or_default();
                self.err(e, Call::on("events:PutEvents", bus))
            })?;
        let answered = out.entries.unwrap_or_default();
        Ok((0..events.len())
            .map(|i| match answered.get(i) {
                Some(r) if r.error_code.is_none() && r.event_id.is_some() => {
                    Ok(r.event_id.clone().unwrap_or_default())
                }
                Some(r) => Err((
                    r.error_code.clone().unwrap_or_else(|| "Unknown".into()),
                    r.error_message.clone().unwrap_or_default(),
                )),
                // Fewer answers than entries: never count a missing one as delivered.
                None => Err((
                    "NoAnswer".into(),
                    "EventBridge did not answer for it".into(),
                )),
            })
            .collect())
    }
}
