//! `gearctl dlq list`: find every queue that something sends its failures to, and show how
//! full it is.
//!
//! A queue is a DLQ when another queue's RedrivePolicy targets it, or a function sends
//! failures to it through its DeadLetterConfig, an async on-failure destination, or an
//! event-source mapping's on-failure destination. The RedrivePolicy side comes from the
//! queue attributes we read for the depth anyway: the same answer as
//! ListDeadLetterSourceQueues, without one more call per queue. SNS subscriptions'
//! RedrivePolicy and EventBridge targets' DeadLetterConfig name DLQs too (see `feeds.rs`).

use std::collections::BTreeMap;

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use super::queue::Queue;
use super::queue_ref::QueueArn;
use crate::aws::{Aws, AwsErrorKind};
use crate::error::{Exit, Result};
use crate::render::{CsvTable, Feedback, Human, Report, Tone};

/// Something that sends failures to a DLQ.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Source {
    /// `queue` (RedrivePolicy), `lambda-dlq` (DeadLetterConfig), `lambda-on-failure` (async
    /// destination), `mapping-on-failure` (event-source mapping destination),
    /// `sns-subscription` (a subscription's RedrivePolicy) or `eventbridge-target` (a rule
    /// target's DeadLetterConfig).
    pub kind: &'static str,
    /// The queue name, the function name (with its qualifier, if any), the subscription
    /// ARN, or the rule name.
    pub name: String,
    /// For mappings: the event source ARN. For subscriptions: the topic ARN. For rule
    /// targets: the target ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// For subscriptions: `sqs`, `lambda`, `http`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// For subscriptions to a queue or a function: its ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// For rule targets: the event bus of the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bus: Option<String>,
    /// For rule targets: the target ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dlq {
    #[serde(flatten)]
    pub queue: Queue,
    /// The queue's region.
    pub region: Option<String>,
    /// Age of the oldest message in seconds, from CloudWatch (null when it has no data).
    pub oldest_age_s: Option<i64>,
    pub sources: Vec<Source>,
}

/// The JSON document of `dlq list`: `{"region", "dlqs": [{name, url, arn, fifo,
/// max_message_size, visible, in_flight, delayed, oldest_age_s, sources: [{kind, name,
/// via?, protocol?, endpoint?, bus?, target?}]}],
/// "missing": [{arn, sources}], "warnings": [..]}`.
#[derive(Debug, Clone, Serialize)]
pub struct ListReport {
    pub region: Option<String>,
    pub dlqs: Vec<Dlq>,
    /// DLQ targets that name an SQS queue this account and region does not have.
    pub missing: Vec<Missing>,
    pub warnings: Vec<String>,
    /// With several regions: those that reported, in the order asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Regions that could not be read; the others still report.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed_regions: Vec<crate::regions::RegionFailure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub arn: String,
    /// The region whose functions or queues name it.
    pub region: Option<String>,
    pub sources: Vec<Source>,
}

const CONCURRENCY: usize = 8;

pub async fn list(aws: &Aws, prefix: Option<&str>, out: &dyn Feedback) -> Result<ListReport> {
    let urls = aws.list_queues(prefix).await?;
    let bar = out.progress(Some(urls.len() as u64), "reading queues");
    let queues: Vec<Queue> = stream::iter(urls)
        .map(|url| {
            let bar = bar.clone();
            async move {
                let r = aws.queue_attributes(&url).await;
                bar.inc(1);
                r.map(|a| Queue::from_attributes(url, &a))
            }
        })
        .buffered(CONCURRENCY)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .filter_map(|r| match r {
            Ok(q) => Some(Ok(q)),
            // Deleted between the list and the read.
            Err(e) if e.kind == AwsErrorKind::NotFound => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<std::result::Result<_, _>>()?;
    bar.finish_and_clear();

    let mut targets: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    for q in &queues {
        if let Some(t) = &q.dead_letter_target {
            targets.entry(t.clone()).or_default().push(Source {
                kind: "queue",
                name: q.name.clone(),
                ..Source::default()
            });
        }
    }
    let mut warnings = Vec::new();
    lambda_sources(aws, &mut targets, &mut warnings, out).await;
    let feeds = super::feeds::Feeds::read(aws, out).await;
    feeds.add_sources(&mut targets);
    warnings.extend(feeds.warnings);

    let by_arn: BTreeMap<&str, &Queue> = queues.iter().map(|q| (q.arn.as_str(), q)).collect();
    let mut dlqs = Vec::new();
    let mut missing = Vec::new();
    for (arn, mut sources) in targets {
        if QueueArn::parse(&arn).is_none() {
            continue; // SNS, EventBridge, S3 or Lambda destinations hold no messages to redrive.
        }
        sources.sort();
        sources.dedup();
        match by_arn.get(arn.as_str()) {
            Some(q) => dlqs.push(Dlq {
                queue: (*q).clone(),
                region: aws.settings().region.clone(),
                oldest_age_s: None,
                sources,
            }),
            None if prefix.is_some() => {}
            None => missing.push(Missing {
                arn,
                region: aws.settings().region.clone(),
                sources,
            }),
        }
    }
    dlqs.sort_by(|a, b| a.queue.name.cmp(&b.queue.name));
    let names: Vec<String> = dlqs.iter().map(|d| d.queue.name.clone()).collect();
    if !names.is_empty() {
        match aws
            .oldest_message_ages(&names, jiff::Timestamp::now().as_second())
            .await
        {
            Ok(ages) => {
                for d in &mut dlqs {
                    d.oldest_age_s = ages.get(&d.queue.name).map(|s| s.round() as i64);
                }
            }
            // An endpoint without CloudWatch metrics (an emulator): the ages are unknown.
            Err(e) if e.kind == AwsErrorKind::Unsupported => {
                tracing::info!("no message ages: {e}");
            }
            Err(e) => warnings.push(format!("the age of the oldest messages was not read: {e}")),
        }
    }
    Ok(ListReport {
        region: aws.settings().region.clone(),
        dlqs,
        missing,
        warnings,
        regions: Vec::new(),
        failed_regions: Vec::new(),
    })
}

/// `dlq list` over several regions: [`list`] in each, merged in the order asked for. Each
/// region's warnings name their region.
pub async fn list_regions(
    base: &Aws,
    regions: &[String],
    prefix: Option<&str>,
    out: &dyn Feedback,
) -> Result<ListReport> {
    let fanned =
        crate::regions::fan_out(base, regions, async |aws| list(aws, prefix, out).await).await?;
    let mut merged = ListReport {
        region: None,
        dlqs: Vec::new(),
        missing: Vec::new(),
        warnings: fanned.warnings(),
        regions: Vec::new(),
        failed_regions: fanned.failed,
    };
    for (region, r) in fanned.parts {
        merged.dlqs.extend(r.dlqs);
        merged.missing.extend(r.missing);
        merged.warnings.extend(
            r.warnings
                .into_iter()
                .map(|w| format!("region {region}: {w}")),
        );
        merged.regions.push(region);
    }
    Ok(merged)
}

/// Add the functions' DeadLetterConfig, async on-failure and mapping on-failure targets.
/// Each of the three reads may fail alone (a missing permission, an emulator that lacks
/// the call): that becomes a warning, and the others still count.
pub(crate) async fn lambda_sources(
    aws: &Aws,
    targets: &mut BTreeMap<String, Vec<Source>>,
    warnings: &mut Vec<String>,
    out: &dyn Feedback,
) {
    let missing = "so DLQs that only functions use may be missing";
    let functions = match aws.list_functions().await {
        Ok(f) => f,
        Err(e) => {
            warnings.push(format!("functions were not read, {missing}: {e}"));
            return;
        }
    };
    for f in &functions {
        if let Some(arn) = &f.dead_letter_arn {
            targets.entry(arn.clone()).or_default().push(Source {
                kind: "lambda-dlq",
                name: f.name.clone(),
                ..Source::default()
            });
        }
    }
    let bar = out.progress(
        Some(functions.len() as u64),
        "reading function destinations",
    );
    let configs: Vec<_> = stream::iter(&functions)
        .map(|f| {
            let bar = bar.clone();
            async move {
                let r = aws.async_failure_destinations(&f.name).await;
                bar.inc(1);
                r
            }
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    bar.finish_and_clear();
    let mut failed = None;
    for c in configs {
        match c {
            Ok(list) => {
                for d in list {
                    targets.entry(d.destination_arn).or_default().push(Source {
                        kind: "lambda-on-failure",
                        name: function_name(&d.function_arn),
                        ..Source::default()
                    });
                }
            }
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    if let Some(e) = failed {
        warnings.push(format!(
            "async on-failure destinations were not all read, {missing}: {e}"
        ));
    }
    match aws.mapping_failure_destinations().await {
        Ok(list) => {
            for d in list {
                targets.entry(d.destination_arn).or_default().push(Source {
                    kind: "mapping-on-failure",
                    name: function_name(&d.function_arn),
                    via: Some(d.via),
                    ..Source::default()
                });
            }
        }
        Err(e) => warnings.push(format!(
            "event-source mappings were not read, {missing}: {e}"
        )),
    }
}

/// `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` → `NAME[:QUALIFIER]`.
pub fn function_name(arn: &str) -> String {
    match arn.split_once(":function:") {
        Some((_, rest)) => rest.to_string(),
        None => arn.to_string(),
    }
}

/// 90 → "1m 30s", 7500 → "2h 5m", 200000 → "2d 7h".
fn age(s: i64) -> String {
    let (d, h, m) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m {}s", s % 60),
        (0, _, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}

fn describe(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|s| match s.kind {
            "queue" => s.name.clone(),
            "lambda-dlq" => format!("λ {} (DLQ)", s.name),
            "lambda-on-failure" => format!("λ {} (on-failure)", s.name),
            "sns-subscription" => format!(
                "SNS {} ({})",
                super::feeds::short(s.via.as_deref().unwrap_or_default()),
                s.protocol.as_deref().unwrap_or("?")
            ),
            "eventbridge-target" => format!(
                "EventBridge {}/{} → {}",
                s.bus.as_deref().unwrap_or("default"),
                s.name,
                s.target.as_deref().unwrap_or("?")
            ),
            _ => format!("λ {} (mapping)", s.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Report for ListReport {
    const COMMAND: &'static str = "dlq list";

    fn human(&self, view: &mut Human) {
        let multi = !self.regions.is_empty();
        let rows = self
            .dlqs
            .iter()
            .map(|d| {
                let q = &d.queue;
                let tone = if q.visible > 0 {
                    Tone::Warn
                } else {
                    Tone::Plain
                };
                let mut row = vec![(q.name.clone(), Tone::Plain)];
                if multi {
                    row.push((d.region.clone().unwrap_or_default(), Tone::Plain));
                }
                row.extend([
                    (q.kind().to_string(), Tone::Plain),
                    (q.visible.to_string(), tone),
                    (q.in_flight.to_string(), Tone::Plain),
                    (q.delayed.to_string(), Tone::Plain),
                    (
                        d.oldest_age_s.map(age).unwrap_or_else(|| "-".into()),
                        Tone::Plain,
                    ),
                    (describe(&d.sources), Tone::Plain),
                ]);
                row
            })
            .collect();
        let region: &[&str] = if multi { &["region"] } else { &[] };
        view.table(
            "Dead-letter queues",
            &[
                &["queue"][..],
                region,
                &[
                    "type",
                    "messages",
                    "in flight",
                    "delayed",
                    "oldest",
                    "sources",
                ],
            ]
            .concat(),
            rows,
        );
        for m in &self.missing {
            view.note(&format!(
                "{} sends failures to {}, which does not exist here",
                describe(&m.sources),
                m.arn
            ));
        }
        if self.dlqs.is_empty() {
            view.note(if multi {
                "No dead-letter queues found in these regions."
            } else {
                "No dead-letter queues found in this region."
            });
        }
    }

    fn csv(&self) -> Option<CsvTable> {
        Some(CsvTable {
            header: vec![
                "queue",
                "arn",
                "fifo",
                "messages",
                "in_flight",
                "delayed",
                "oldest_age_s",
                "sources",
                "region",
            ],
            rows: self
                .dlqs
                .iter()
                .map(|d| {
                    vec![
                        d.queue.name.clone(),
                        d.queue.arn.clone(),
                        d.queue.fifo.to_string(),
                        d.queue.visible.to_string(),
                        d.queue.in_flight.to_string(),
                        d.queue.delayed.to_string(),
                        d.oldest_age_s.map(|s| s.to_string()).unwrap_or_default(),
                        describe(&d.sources),
                        d.region.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        })
    }

    fn exit(&self) -> Exit {
        Exit::Ok
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ages_read_like_a_person_would_say_them() {
        assert_eq!(super::age(42), "42s");
        assert_eq!(super::age(90), "1m 30s");
        assert_eq!(super::age(7_500), "2h 5m");
        assert_eq!(super::age(200_000), "2d 7h");
    }
}
