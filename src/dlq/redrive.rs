//! `gearctl dlq redrive QUEUE`: choose an engine, confirm, run it, and account for every
//! message: moved, failed (with the reason), skipped by the filter, or left in the DLQ.
//!
//! Engines:
//! - `native`: SQS's move task. Only for DLQs fed by SQS queues, to a queue of the same
//!   type, with no filter, --max, --rate or --backup (SQS cannot do those).
//! - `move`: gearctl receives, sends and deletes itself (see `mover.rs` and `drain.rs`).
//! - `lambda`: re-invokes the function whose failures the DLQ holds (see `invoke.rs`).
//! - `eventbridge`: puts the events of an EventBridge target's DLQ back on their bus (see
//!   `events_sink.rs`).
//! - `auto`: `lambda` for a DLQ that only functions feed, `native` where it fits, `move`
//!   otherwise; and `move` when the endpoint has no move tasks (emulators). It says which
//!   and why.
//!
//! An SNS subscription's DLQ goes to that subscription's endpoint, never to the topic
//! (which would reach every other subscriber again): `move` to its queue, or `lambda` with
//! the SNS event rebuilt (`sns_sink.rs`). Its messages do not say which subscription failed,
//! so a DLQ that several sources feed needs `--subscription` (or `--to`).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::drain::{self, DrainOptions, Failure};
use super::events_sink::EventsSink;
use super::feeds::{Feeds, short};
use super::filter::Filter;
use super::invoke::InvokeSink;
use super::mover::{Destinations, MoveSink};
use super::native::{self, TaskOutcome};
use super::queue::Queue;
use super::record::Writer;
use super::sns_sink::SnsInvokeSink;
use crate::aws::{Aws, AwsErrorKind};
use crate::error::{Error, Exit, Result};
use crate::render::{Feedback, Human, Report, Tone};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// native where it fits, lambda for function DLQs, move otherwise
    Auto,
    /// SQS's own message move task (StartMessageMoveTask)
    Native,
    /// receive, SendMessageBatch, DeleteMessageBatch, done by gearctl
    Move,
    /// re-invoke the function asynchronously with each failed event
    Lambda,
    /// put EventBridge DLQ events back on their bus (PutEvents)
    Eventbridge,
}

pub struct RedriveOptions {
    pub engine: Engine,
    pub to: Option<String>,
    pub function: Option<String>,
    /// The SNS subscription whose endpoint gets the messages (`--subscription`).
    pub subscription: Option<String>,
    pub filters: Vec<Filter>,
    pub max: Option<usize>,
    pub rate: Option<f64>,
    pub max_velocity: Option<i32>,
    pub backup: Option<PathBuf>,
    pub dry_run: bool,
    pub visibility_s: i32,
    /// Seconds between move-task progress polls.
    pub poll: Duration,
}

/// The JSON document of `dlq redrive`: `{"source", "source_arn", "engine", "reason",
/// "destination", "dry_run", "moved", "failed": [{message_id, reason}], "not_deleted":
/// [{message_id, reason}], "skipped", "left_in_dlq", "interrupted", "task"?, "backup"?,
/// "elapsed_ms"}`. In a dry run `moved` counts what would be moved.
#[derive(Debug, Clone, Serialize)]
pub struct RedriveReport {
    pub source: String,
    pub source_arn: String,
    pub engine: Engine,
    pub reason: String,
    pub destination: String,
    pub dry_run: bool,
    pub moved: usize,
    pub failed: Vec<Failure>,
    pub not_deleted: Vec<Failure>,
    pub skipped: usize,
    pub left_in_dlq: i64,
    pub interrupted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup: Option<String>,
    pub elapsed_ms: u64,
    /// Whether messages remain that this run should have moved.
    pub left_behind: bool,
}

/// Where the messages can go, learned from the account.
enum Target {
    /// Queues: one named with `--to` (`explicit`), or the DLQ's source queues.
    Queues {
        dests: Destinations,
        explicit: bool,
    },
    Function(String),
    /// An SNS subscription's Lambda endpoint, invoked with the SNS event.
    SnsFunction {
        function: String,
        subscription: String,
    },
    /// EventBridge buses: each event back on its rule's bus.
    Buses(Vec<String>),
}

struct Plan {
    engine: Engine,
    reason: String,
    target: Target,
}

/// A redrive planned and not started: where the messages would go and how. The caller
/// confirms [`Prepared::question`] (the one place that asks is `confirm`), then runs
/// [`execute`]; nothing has moved before that.
pub struct Prepared {
    started: Instant,
    source: Queue,
    plan: Plan,
    report: RedriveReport,
}

impl Prepared {
    /// What to ask before anything moves.
    pub fn question(&self) -> String {
        format!(
            "Redrive about {} messages from {} to {} ({} engine)?",
            self.source.visible,
            self.source.name,
            self.report.destination,
            engine_name(self.plan.engine)
        )
    }

    /// Why it will not go ahead unasked (stdin is no terminal and `--yes` is absent).
    pub fn refusal(&self) -> String {
        format!(
            "refusing to redrive {} without --yes: stdin is not a terminal",
            self.source.name
        )
    }
}

/// Plan a redrive: resolve the DLQ, find where its messages go and with which engine. `to_aws`
/// is the AWS layer of the destination (another profile or region) or None for the same as
/// the DLQ's. Reads only.
pub async fn prepare(
    aws: &Aws,
    to_aws: Option<&Aws>,
    queue_spec: &str,
    opts: &RedriveOptions,
    out: &dyn Feedback,
) -> Result<Prepared> {
    let started = Instant::now();
    let source = Queue::resolve(aws, queue_spec).await?;
    let dest_aws = to_aws.unwrap_or(aws);
    let plan = plan(aws, dest_aws, to_aws.is_some(), &source, opts, out).await?;
    let destination = match &plan.target {
        Target::Queues {
            dests: Destinations::One(q),
            ..
        } => q.name.clone(),
        Target::Queues { .. } => "each message's source queue".into(),
        Target::Function(f) => format!("function {f}"),
        Target::SnsFunction { function, .. } => format!("function {function}"),
        Target::Buses(b) if b.len() == 1 => format!("event bus {}", b[0]),
        Target::Buses(b) => format!("event buses {}", b.join(", ")),
    };
    tracing::info!(engine = ?plan.engine, reason = %plan.reason, "redrive plan");
    let report = RedriveReport {
        source: source.name.clone(),
        source_arn: source.arn.clone(),
        engine: plan.engine,
        reason: plan.reason.clone(),
        destination,
        dry_run: opts.dry_run,
        moved: 0,
        failed: Vec::new(),
        not_deleted: Vec::new(),
        skipped: 0,
        left_in_dlq: source.visible + source.in_flight,
        interrupted: false,
        task: None,
        backup: opts.backup.as_ref().map(|p| p.display().to_string()),
        elapsed_ms: 0,
        left_behind: false,
    };
    Ok(Prepared {
        started,
        source,
        plan,
        report,
    })
}

/// Run a planned (and confirmed) redrive. Returns the report and the error that stopped the
/// run early, if any, so the caller can print both.
pub async fn execute(
    aws: &Aws,
    to_aws: Option<&Aws>,
    prepared: Prepared,
    opts: &RedriveOptions,
    stop: &AtomicBool,
    out: &dyn Feedback,
) -> Result<(RedriveReport, Option<Error>)> {
    let Prepared {
        started,
        mut source,
        plan,
        mut report,
    } = prepared;
    let dest_aws = to_aws.unwrap_or(aws);
    let mut error = None;
    let mut engine = plan.engine;
    if engine == Engine::Native {
        if opts.dry_run {
            report.moved = source.visible.max(0) as usize;
        } else {
            // Without a destination, SQS returns each message to its own source.
            let dest_arn = match &plan.target {
                Target::Queues {
                    dests: Destinations::One(q),
                    explicit: true,
                } => Some(q.arn.as_str()),
                _ => None,
            };
            let bar = out.progress(Some(source.visible.max(0) as u64), "move task");
            let r = native::run(
                aws,
                &source.arn,
                dest_arn,
                opts.max_velocity,
                opts.poll,
                stop,
                &*bar,
            )
            .await;
            bar.finish_and_clear();
            match r {
                Ok(task) => {
                    report.moved = task.moved.max(0) as usize;
                    report.interrupted = task.cancelled_by_user;
                    if let Some(why) = &task.failure_reason {
                        report.failed.push(Failure {
                            message_id: String::new(),
                            reason: format!("the move task failed: {why}"),
                        });
                    }
                    report.task = Some(task);
                }
                Err(e)
                    if opts.engine == Engine::Auto
                        && matches!(
                            e.kind,
                            AwsErrorKind::Unsupported | AwsErrorKind::AccessDenied
                        ) =>
                {
                    let why = if e.kind == AwsErrorKind::Unsupported {
                        "the endpoint does not implement StartMessageMoveTask"
                    } else {
                        "sqs:StartMessageMoveTask is denied"
                    };
                    out.warn(&format!("{why}; moving the messages with the move engine"));
                    report.reason = format!(
                        "a move task would fit, but {why}, so gearctl moved the messages itself"
                    );
                    engine = Engine::Move;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    report.engine = engine;
    if engine != Engine::Native {
        let mut backup = match &opts.backup {
            Some(p) if !opts.dry_run => Some(Writer::open(p, true)?),
            _ => None,
        };
        let drain_opts = DrainOptions {
            visibility_s: opts.visibility_s,
            max: opts.max,
            // --max-velocity is the native engine's rate; the others honour it too.
            rate: opts.rate.or(opts.max_velocity.map(f64::from)),
            ..DrainOptions::default()
        };
        let bar = out.progress(
            Some(source.visible.max(0) as u64),
            if opts.dry_run {
                "checking"
            } else {
                "redriving"
            },
        );
        let drained = match &plan.target {
            Target::Function(f) => {
                let mut sink = InvokeSink {
                    aws,
                    source: &source,
                    function: f.clone(),
                    filters: &opts.filters,
                    backup: backup.as_mut(),
                    dry_run: opts.dry_run,
                };
                drain::drain(aws, &source, &drain_opts, stop, &mut sink, &*bar).await
            }
            Target::SnsFunction {
                function,
                subscription,
            } => {
                let mut sink = SnsInvokeSink {
                    aws,
                    source: &source,
                    function: function.clone(),
                    subscription_arn: subscription.clone(),
                    filters: &opts.filters,
                    backup: backup.as_mut(),
                    dry_run: opts.dry_run,
                };
                drain::drain(aws, &source, &drain_opts, stop, &mut sink, &*bar).await
            }
            Target::Buses(buses) => {
                let only_bus = (buses.len() == 1).then(|| buses[0].clone());
                let mut sink = EventsSink::new(
                    aws,
                    &source,
                    only_bus,
                    &opts.filters,
                    backup.as_mut(),
                    opts.dry_run,
                );
                drain::drain(aws, &source, &drain_opts, stop, &mut sink, &*bar).await
            }
            Target::Queues { dests, .. } => {
                let mut sink = MoveSink::new(
                    dest_aws,
                    &source,
                    dests.clone(),
                    &opts.filters,
                    backup.as_mut(),
                    opts.dry_run,
                );
                drain::drain(aws, &source, &drain_opts, stop, &mut sink, &*bar).await
            }
        };
        bar.finish_and_clear();
        report.moved = drained.done + drained.kept;
        report.failed = drained.failed;
        report.not_deleted = drained.not_deleted;
        report.skipped = drained.skipped;
        report.interrupted = drained.interrupted;
        error = drained.error;
    }
    if source.refresh(aws).await.is_ok() {
        report.left_in_dlq = source.visible + source.in_flight;
    }
    report.left_behind = !opts.dry_run
        && (report.interrupted
            || !report.failed.is_empty()
            || (opts.max.is_none() && report.left_in_dlq > report.skipped as i64));
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok((report, error))
}

fn engine_name(e: Engine) -> &'static str {
    match e {
        Engine::Auto => "auto",
        Engine::Native => "native",
        Engine::Move => "move",
        Engine::Lambda => "lambda",
        Engine::Eventbridge => "eventbridge",
    }
}

/// Decide the destination and the engine, or explain why the redrive cannot run as asked.
async fn plan(
    aws: &Aws,
    dest_aws: &Aws,
    other_account_or_region: bool,
    source: &Queue,
    opts: &RedriveOptions,
    out: &dyn Feedback,
) -> Result<Plan> {
    let mut sources = Vec::new();
    for url in aws.dead_letter_sources(&source.url).await? {
        sources.push(Queue::resolve(aws, &url).await?);
    }
    if let Some(p) = feeds_plan(aws, &sources, source, opts, out).await? {
        return Ok(p);
    }
    if opts.engine == Engine::Eventbridge {
        return Err(Error::usage(
            format!(
                "no EventBridge rule target sends its failures to {}",
                source.name
            ),
            Some("the eventbridge engine redrives only the DLQ of a rule target".into()),
        ));
    }
    let function = match (&opts.function, opts.engine) {
        (Some(f), _) => Some(f.clone()),
        (None, Engine::Lambda) => Some(feeding_function(aws, source, out).await?),
        (None, Engine::Auto) if sources.is_empty() && opts.to.is_none() => {
            Some(feeding_function(aws, source, out).await?)
        }
        _ => None,
    };
    if let Some(f) = function {
        if opts.to.is_some() {
            return Err(Error::usage(
                "--to and --function name two different destinations",
                Some(
                    "redrive to a queue with --to, or re-invoke a function with --function".into(),
                ),
            ));
        }
        if !matches!(opts.engine, Engine::Auto | Engine::Lambda) {
            return Err(Error::usage(
                format!(
                    "the {} engine moves messages between queues; it cannot invoke a function",
                    engine_name(opts.engine)
                ),
                Some("use --engine lambda (or auto)".into()),
            ));
        }
        return Ok(Plan {
            engine: Engine::Lambda,
            reason: format!(
                "{} holds failed events of function {f}; they are re-invoked asynchronously",
                source.name
            ),
            target: Target::Function(f),
        });
    }
    if opts.engine == Engine::Lambda {
        return Err(Error::usage(
            "the lambda engine needs a function",
            Some("pass --function NAME".into()),
        ));
    }
    let target = match &opts.to {
        Some(spec) => Target::Queues {
            dests: Destinations::One(Queue::resolve(dest_aws, spec).await?),
            explicit: true,
        },
        None if sources.is_empty() => {
            return Err(Error::usage(
                format!(
                    "nothing names {} as its dead-letter queue, so there is no source to return its messages to",
                    source.name
                ),
                Some("pass --to QUEUE, or --function NAME for a Lambda DLQ".into()),
            ));
        }
        None if sources.len() == 1 => Target::Queues {
            dests: Destinations::One(sources[0].clone()),
            explicit: false,
        },
        None => Target::Queues {
            dests: Destinations::BySource(
                sources.iter().map(|q| (q.arn.clone(), q.clone())).collect(),
            ),
            explicit: false,
        },
    };
    let dest_fifo = match &target {
        Target::Queues { dests, .. } => dests
            .queues()
            .find(|q| q.fifo != source.fifo)
            .map(|q| q.fifo),
        Target::Function(_) | Target::SnsFunction { .. } | Target::Buses(_) => None,
    };
    if let Some(fifo) = dest_fifo
        && fifo != source.fifo
    {
        return Err(Error::usage(
            format!(
                "{} is a {} queue and the destination is {}: FIFO group IDs and order would not survive",
                source.name,
                source.kind(),
                if fifo { "FIFO" } else { "standard" }
            ),
            Some("redrive to a queue of the same type".into()),
        ));
    }
    if let Target::Queues {
        dests: Destinations::One(q),
        ..
    } = &target
        && q.arn == source.arn
    {
        return Err(Error::usage(
            "the destination is the DLQ itself",
            Some("pass another queue with --to".into()),
        ));
    }
    // Why the native engine cannot do it, if it cannot.
    let mut blockers = Vec::new();
    if sources.is_empty() {
        blockers.push("no SQS queue uses this DLQ (move tasks need one)".to_string());
    }
    if !opts.filters.is_empty() {
        blockers.push("--filter".into());
    }
    if opts.max.is_some() {
        blockers.push("--max".into());
    }
    if opts.rate.is_some() {
        blockers.push("--rate (native takes --max-velocity)".into());
    }
    if opts.backup.is_some() {
        blockers.push("--backup".into());
    }
    if other_account_or_region {
        blockers.push("a destination in another account or region".into());
    }
    match opts.engine {
        Engine::Native if !blockers.is_empty() => Err(Error::usage(
            format!("the native engine cannot do this redrive: {}", blockers.join(", ")),
            Some("use --engine move (or auto)".into()),
        )),
        Engine::Native => Ok(Plan {
            engine: Engine::Native,
            reason: "asked for the native engine".into(),
            target,
        }),
        Engine::Move => Ok(Plan {
            engine: Engine::Move,
            reason: "asked for the move engine".into(),
            target,
        }),
        _ if blockers.is_empty() => Ok(Plan {
            engine: Engine::Native,
            reason: "the DLQ is fed by SQS queues and nothing needs per-message work, so SQS moves the messages itself".into(),
            target,
        }),
        _ => Ok(Plan {
            engine: Engine::Move,
            reason: format!("a move task cannot do this: {}", blockers.join(", ")),
            target,
        }),
    }
}

/// The plan for a DLQ that an SNS subscription or EventBridge rule targets feed, when no
/// `--to` or `--function` names the destination; None when none of them feeds it.
async fn feeds_plan(
    aws: &Aws,
    sources: &[Queue],
    source: &Queue,
    opts: &RedriveOptions,
    out: &dyn Feedback,
) -> Result<Option<Plan>> {
    if opts.to.is_some() || opts.function.is_some() {
        return Ok(None);
    }
    if let Some(arn) = &opts.subscription {
        let s = aws.subscription(arn).await?;
        if s.dead_letter_arn.as_deref() != Some(source.arn.as_str()) {
            return Err(Error::usage(
                format!(
                    "SNS subscription {arn} does not send what it cannot deliver to {}",
                    source.name
                ),
                Some("`gearctl dlq list` shows which subscriptions feed each DLQ".into()),
            ));
        }
        return sns_plan(aws, source, &s, opts).await.map(Some);
    }
    let feeds = Feeds::read(aws, out).await.feeding(&source.arn);
    for w in &feeds.warnings {
        if sources.is_empty() {
            out.warn(w);
        } else {
            tracing::info!("{w}");
        }
    }
    let (subs, targets) = (&feeds.subscriptions, &feeds.targets);
    if subs.is_empty() && targets.is_empty() {
        return Ok(None);
    }
    let mut names: Vec<String> = sources
        .iter()
        .map(|q| format!("queue {}", q.name))
        .collect();
    names.extend(subs.iter().map(|s| format!("SNS subscription {}", s.arn)));
    names.extend(targets.iter().map(|t| {
        format!(
            "EventBridge rule {}/{} target {}",
            t.bus, t.rule, t.target_id
        )
    }));
    if !subs.is_empty() && names.len() > 1 {
        return Err(Error::usage(
            format!(
                "several sources feed {}: {}. A message in an SNS subscription's DLQ does not say which subscription failed, so gearctl cannot tell where each one belongs; nothing was moved",
                source.name,
                names.join(", ")
            ),
            Some("pick the subscription whose endpoint gets the messages with --subscription ARN, or a queue with --to".into()),
        ));
    }
    if let [s] = subs.as_slice() {
        return sns_plan(aws, source, s, opts).await.map(Some);
    }
    if !sources.is_empty() {
        return Err(Error::usage(
            format!(
                "both SQS queues and EventBridge rule targets feed {}: {}; nothing was moved",
                source.name,
                names.join(", ")
            ),
            Some("pass --to QUEUE".into()),
        ));
    }
    if !matches!(opts.engine, Engine::Auto | Engine::Eventbridge) {
        return Err(Error::usage(
            format!(
                "{} holds events of EventBridge rule targets; the {} engine cannot put them back on their bus",
                source.name,
                engine_name(opts.engine)
            ),
            Some("use --engine eventbridge (or auto), or move them to a queue with --to".into()),
        ));
    }
    let mut buses: Vec<String> = targets.iter().map(|t| t.bus.clone()).collect();
    buses.sort();
    buses.dedup();
    let what = match targets.as_slice() {
        [t] => format!(
            "rule {} on bus {} could not deliver to target {}",
            t.rule, t.bus, t.target_id
        ),
        many => format!("{} rule targets could not deliver", many.len()),
    };
    Ok(Some(Plan {
        engine: Engine::Eventbridge,
        reason: format!(
            "{} holds events that {what}; each goes back on its rule's bus with PutEvents, where every rule whose pattern matches gets it again",
            source.name
        ),
        target: Target::Buses(buses),
    }))
}

/// Where the DLQ of one SNS subscription goes: the subscription's own endpoint.
async fn sns_plan(
    aws: &Aws,
    source: &Queue,
    s: &crate::aws::sns::SubscriptionInfo,
    opts: &RedriveOptions,
) -> Result<Plan> {
    let topic = short(&s.topic_arn);
    let never = format!("never to topic {topic}, which would reach every other subscriber again");
    let held = format!(
        "{} holds what SNS subscription {} could not deliver",
        source.name, s.arn
    );
    let wrong_engine = |fits: &str| {
        Error::usage(
            format!(
                "the {} engine cannot redrive an SNS subscription's DLQ to its {} endpoint",
                engine_name(opts.engine),
                s.protocol
            ),
            Some(format!("use --engine {fits} (or auto)")),
        )
    };
    match s.protocol.as_str() {
        "sqs" => {
            if !matches!(opts.engine, Engine::Auto | Engine::Move) {
                return Err(wrong_engine("move"));
            }
            let q = Queue::resolve(aws, &s.endpoint).await?;
            if q.fifo != source.fifo || q.arn == source.arn {
                return Err(Error::usage(
                    format!(
                        "the subscription's queue {} cannot take {}'s messages: {}",
                        q.name,
                        source.name,
                        if q.arn == source.arn {
                            "it is the DLQ itself"
                        } else {
                            "one is FIFO and the other is not"
                        }
                    ),
                    Some("pass another queue with --to".into()),
                ));
            }
            Ok(Plan {
                engine: Engine::Move,
                reason: format!(
                    "{held}; each message goes to the subscription's queue {} as SNS delivers it, {never}",
                    q.name
                ),
                target: Target::Queues {
                    dests: Destinations::One(q),
                    explicit: false,
                },
            })
        }
        "lambda" => {
            if !matches!(opts.engine, Engine::Auto | Engine::Lambda) {
                return Err(wrong_engine("lambda"));
            }
            Ok(Plan {
                engine: Engine::Lambda,
                reason: format!(
                    "{held}; the subscription's function {} is invoked with the SNS event it would have received, {never}",
                    short(&s.endpoint)
                ),
                target: Target::SnsFunction {
                    function: s.endpoint.clone(),
                    subscription: s.arn.clone(),
                },
            })
        }
        p => Err(Error::usage(
            format!(
                "{held} over {p}: gearctl redrives only to a subscription's SQS queue or Lambda function, and never republishes to topic {topic} (every subscriber would get the messages again); they stay in the DLQ"
            ),
            Some("keep them with `gearctl dlq export`, or move them to a queue with --to".into()),
        )),
    }
}

/// The one function whose failures go to this queue.
async fn feeding_function(aws: &Aws, source: &Queue, out: &dyn Feedback) -> Result<String> {
    // The same discovery as `dlq list`; mapping records hold no event, so only
    // DeadLetterConfig and async on-failure sources can be re-invoked.
    let mut targets = std::collections::BTreeMap::new();
    let mut warnings = Vec::new();
    super::list::lambda_sources(aws, &mut targets, &mut warnings, out).await;
    let mut found: Vec<String> = targets
        .remove(&source.arn)
        .unwrap_or_default()
        .into_iter()
        .filter(|s| s.kind == "lambda-dlq" || s.kind == "lambda-on-failure")
        .map(|s| s.name)
        .collect();
    if found.is_empty()
        && let Some(w) = warnings.first()
    {
        return Err(Error::usage(
            format!(
                "could not find out which function sends its failures to {}: {w}",
                source.name
            ),
            Some("name it with --function NAME, or pass --to QUEUE".into()),
        ));
    }
    found.sort();
    found.dedup();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Error::usage(
            format!(
                "no function and no queue sends its failures to {}",
                source.name
            ),
            Some("pass --to QUEUE, or --function NAME to re-invoke a function".into()),
        )),
        _ => Err(Error::usage(
            format!(
                "several functions send failures to {}: {}",
                source.name,
                found.join(", ")
            ),
            Some("pick one with --function NAME".into()),
        )),
    }
}

impl Report for RedriveReport {
    const COMMAND: &'static str = "dlq redrive";

    fn human(&self, view: &mut Human) {
        let title = if self.dry_run {
            "Redrive (dry run: nothing moved)"
        } else {
            "Redrive"
        };
        let mut pairs = vec![
            ("from", self.source.clone()),
            ("to", self.destination.clone()),
            (
                "engine",
                format!("{} ({})", engine_name(self.engine), self.reason),
            ),
            (
                if self.dry_run { "would move" } else { "moved" },
                self.moved.to_string(),
            ),
            ("failed", self.failed.len().to_string()),
            ("skipped by filter", self.skipped.to_string()),
            ("left in DLQ", self.left_in_dlq.to_string()),
            ("time", format!("{:.1} s", self.elapsed_ms as f64 / 1000.0)),
        ];
        if let Some(b) = &self.backup {
            pairs.push(("backup", b.clone()));
        }
        if self.interrupted {
            pairs.push((
                "stopped",
                "interrupted (Ctrl-C) after the batch in flight".into(),
            ));
        }
        view.fields(title, &pairs);
        let rows: Vec<_> = self
            .failed
            .iter()
            .chain(&self.not_deleted)
            .map(|f| {
                vec![
                    (f.message_id.clone(), Tone::Plain),
                    (f.reason.clone(), Tone::Bad),
                ]
            })
            .collect();
        if !rows.is_empty() {
            view.table("Not moved", &["message", "reason"], rows);
        }
        if self.left_behind {
            view.note("Messages were left in the DLQ that this redrive should have moved: see above, then run it again.");
        }
    }

    fn exit(&self) -> Exit {
        if self.left_behind || !self.not_deleted.is_empty() {
            Exit::Findings
        } else {
            Exit::Ok
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::sqs_mocks::{self, Rule, RuleMode};
    use crate::render::{ColorChoice, Output, OutputFormat};

    const DLQ_URL: &str = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq";
    const DLQ_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:orders-dlq";
    const SRC_URL: &str = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";

    /// A DLQ with 10 messages fed by one source queue, plus `extra` rules.
    fn account(extra: &[&Rule]) -> Aws {
        let base = [
            sqs_mocks::queue_url(DLQ_URL),
            sqs_mocks::dead_letter_source(SRC_URL),
            sqs_mocks::attributes(DLQ_URL, "10"),
            sqs_mocks::attributes(SRC_URL, "0"),
        ];
        let mut rules: Vec<&Rule> = base.iter().collect();
        rules.extend(extra);
        sqs_mocks::aws(RuleMode::MatchAny, &rules)
    }

    fn options() -> RedriveOptions {
        RedriveOptions {
            engine: Engine::Auto,
            to: None,
            function: None,
            subscription: None,
            filters: Vec::new(),
            max: None,
            rate: None,
            max_velocity: None,
            backup: None,
            dry_run: false,
            visibility_s: 60,
            poll: Duration::from_millis(1),
        }
    }

    fn quiet() -> Output {
        Output::new(OutputFormat::Json, ColorChoice::Never, true)
    }

    #[tokio::test]
    async fn auto_uses_a_move_task_when_it_fits() {
        let start = sqs_mocks::start_task(DLQ_ARN, None);
        let done = sqs_mocks::task("COMPLETED", 10, 10);
        let aws = account(&[&start, &done]);
        let out = quiet();
        let stop = AtomicBool::new(false);
        let prepared = prepare(&aws, None, "orders-dlq", &options(), &out)
            .await
            .unwrap();
        let (report, err) = execute(&aws, None, prepared, &options(), &stop, &out)
            .await
            .unwrap();
        assert!(err.is_none());
        assert_eq!((report.engine, report.moved), (Engine::Native, 10));
        assert_eq!(report.destination, "orders");
        assert!(
            report.reason.contains("SQS moves the messages itself"),
            "{}",
            report.reason
        );
        assert_eq!(report.task.unwrap().status, "COMPLETED");
        assert_eq!(start.num_calls(), 1);
    }

    #[tokio::test]
    async fn auto_explains_why_a_move_task_cannot_do_it() {
        let aws = account(&[]);
        let source = Queue::resolve(&aws, "orders-dlq").await.unwrap();
        let mut opts = options();
        opts.filters = vec!["body.type=A".parse().unwrap()];
        opts.max = Some(5);
        let p = plan(&aws, &aws, false, &source, &opts, &quiet())
            .await
            .unwrap();
        assert_eq!(p.engine, Engine::Move);
        assert_eq!(p.reason, "a move task cannot do this: --filter, --max");
        opts.engine = Engine::Native;
        let e = plan(&aws, &aws, false, &source, &opts, &quiet())
            .await
            .err()
            .unwrap();
        assert!(e.to_string().contains("--filter, --max"), "{e}");
        assert!(e.hint().unwrap().contains("--engine move"));
        let p = plan(&aws, &aws, true, &source, &options(), &quiet())
            .await
            .unwrap();
        assert_eq!(
            p.engine,
            Engine::Move,
            "another region or account needs the move engine"
        );
    }
}
