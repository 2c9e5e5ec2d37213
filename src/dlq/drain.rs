//! The receive loop every DLQ command shares: peek, export, and the move and lambda
//! engines. It receives a batch, hands it to a [`Sink`], deletes only what the sink says is
//! safely elsewhere, and returns everything else to the queue at the end.
//!
//! The rules that keep messages from being lost:
//! - a message is deleted only after the sink reported it `Done` (sent, invoked or written
//!   and fsynced), and only with its own receipt handle;
//! - while the sink works, the batch's visibility timeout is extended, so that no other
//!   consumer (or our own next receive) gets it;
//! - skipped, failed and merely read messages stay hidden until the end of the run and are
//!   then made visible again at once; if gearctl dies, they come back when their visibility
//!   timeout ends;
//! - the loop ends on the queue's depth and several empty polls, never on the first empty
//!   receive, and between batches on Ctrl-C.
//!
//! A crash between a send and its delete leaves the message in the DLQ as well as at the
//! destination: a duplicate, at most one batch, never a loss.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::queue::Queue;
use crate::aws::Aws;
use crate::aws::sqs_messages::SqsMessage;
use crate::error::Result;
use crate::render::Progress;

/// What became of one message of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// Safely elsewhere: delete it from the DLQ.
    Done,
    /// Taken but kept in the DLQ (peek, export without --delete, a dry run).
    Keep,
    /// Not matched by the filter: left in the DLQ.
    Skip,
    /// Could not be handled: left in the DLQ, with the reason.
    Fail(String),
}

/// Does the work on each batch.
pub trait Sink {
    /// One disposition per message, in order. An error means nothing of this batch was
    /// done (or nothing that cannot safely be done twice); the loop stops.
    fn handle(&mut self, batch: &[SqsMessage]) -> impl Future<Output = Result<Vec<Disposition>>>;

    /// An error that should stop the run after this batch (its dispositions still count).
    fn take_error(&mut self) -> Option<crate::error::Error> {
        None
    }
}

/// How the loop runs.
#[derive(Debug, Clone)]
pub struct DrainOptions {
    /// Seconds a received message stays hidden; extended while the sink works.
    pub visibility_s: i32,
    /// Stop after this many messages were done or kept.
    pub max: Option<usize>,
    /// Messages per second, at most.
    pub rate: Option<f64>,
    /// Empty polls in a row before the depth is checked.
    pub empty_polls: u32,
}

impl Default for DrainOptions {
    fn default() -> Self {
        DrainOptions {
            visibility_s: 120,
            max: None,
            rate: None,
            empty_polls: 3,
        }
    }
}

/// A message left behind, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub message_id: String,
    pub reason: String,
}

/// What the loop did.
#[derive(Debug, Default)]
pub struct Drained {
    pub done: usize,
    pub kept: usize,
    pub skipped: usize,
    pub failed: Vec<Failure>,
    /// Done, but the delete failed: the message is still in the DLQ as well.
    pub not_deleted: Vec<Failure>,
    pub interrupted: bool,
    /// The error that stopped the run early.
    pub error: Option<crate::error::Error>,
}

const MAX_EMPTY_POLLS: u32 = 10;
const DELETE_ATTEMPTS: u32 = 5;

/// Run the loop until the queue is drained, `max` is reached, Ctrl-C, or an error.
pub async fn drain<S: Sink>(
    aws: &Aws,
    queue: &Queue,
    opts: &DrainOptions,
    stop: &AtomicBool,
    sink: &mut S,
    bar: &dyn Progress,
) -> Drained {
    let mut out = Drained::default();
    // Messages handled already, and the latest receipt handle of those we hold.
    let mut decided: HashSet<String> = HashSet::new();
    let mut held: HashMap<String, String> = HashMap::new();
    let mut empty = 0u32;
    let started = Instant::now();
    loop {
        if stop.load(Ordering::SeqCst) {
            out.interrupted = true;
            break;
        }
        let taken = out.done + out.kept;
        if opts.max.is_some_and(|m| taken >= m) {
            break;
        }
        if let Some(rate) = opts.rate {
            let due = started + Duration::from_secs_f64(taken as f64 / rate);
            tokio::time::sleep_until(due.into()).await;
        }
        let mut want = opts.max.map_or(10, |m| (m - taken).min(10));
        if let Some(rate) = opts.rate {
            // Below 10 per second, smaller batches keep the pace even instead of bursty.
            want = want.min((rate as usize).max(1));
        }
        let want = want as i32;
        // Short polls first (cheap); long polls once the depth says messages remain.
        let wait = if empty >= opts.empty_polls { 1 } else { 0 };
        let received = match aws.receive(&queue.url, want, opts.visibility_s, wait).await {
            Ok(r) => r,
            Err(e) => {
                out.error = Some(e.into());
                break;
            }
        };
        let mut fresh = Vec::with_capacity(received.len());
        for m in received {
            if decided.contains(&m.message_id) {
                // Its visibility ran out and it came back: keep its newest handle.
                if let Some(h) = held.get_mut(&m.message_id) {
                    *h = m.receipt_handle;
                }
            } else {
                fresh.push(m);
            }
        }
        if fresh.is_empty() {
            empty += 1;
            if empty >= opts.empty_polls {
                let visible = match aws.queue_attributes(&queue.url).await {
                    Ok(a) => Queue::from_attributes(queue.url.clone(), &a).visible,
                    Err(e) => {
                        out.error = Some(e.into());
                        break;
                    }
                };
                if visible <= held.len() as i64 || empty >= MAX_EMPTY_POLLS {
                    break;
                }
            }
            continue;
        }
        empty = 0;
        let dispositions = match with_heartbeat(aws, queue, opts.visibility_s, &fresh, sink).await {
            Ok(d) if d.len() == fresh.len() => d,
            Ok(d) => {
                out.error = Some(crate::error::Error::Invalid {
                    what: "internal".into(),
                    detail: format!("{} outcomes for {} messages", d.len(), fresh.len()),
                    hint: None,
                });
                release_batch(aws, queue, &fresh).await;
                break;
            }
            Err(e) => {
                out.error = Some(e);
                release_batch(aws, queue, &fresh).await;
                break;
            }
        };
        let mut to_delete = Vec::new();
        for (m, d) in fresh.into_iter().zip(dispositions) {
            decided.insert(m.message_id.clone());
            match d {
                Disposition::Done => {
                    to_delete.push((m.message_id, m.receipt_handle));
                    continue;
                }
                Disposition::Keep => out.kept += 1,
                Disposition::Skip => out.skipped += 1,
                Disposition::Fail(reason) => out.failed.push(Failure {
                    message_id: m.message_id.clone(),
                    reason,
                }),
            }
            held.insert(m.message_id, m.receipt_handle);
        }
        let (deleted, failures, fatal) = delete_all(aws, queue, &to_delete).await;
        out.done += deleted;
        bar.set_position((out.done + out.kept + out.skipped + out.failed.len()) as u64);
        out.not_deleted.extend(failures);
        if let Some(e) = fatal.or_else(|| sink.take_error()) {
            out.error = Some(e);
            break;
        }
    }
    release(aws, queue, &held).await;
    out
}

/// Run the sink while extending the batch's visibility every half timeout.
async fn with_heartbeat<S: Sink>(
    aws: &Aws,
    queue: &Queue,
    visibility_s: i32,
    batch: &[SqsMessage],
    sink: &mut S,
) -> Result<Vec<Disposition>> {
    let half = Duration::from_secs((visibility_s.max(2) / 2) as u64);
    let work = sink.handle(batch);
    tokio::pin!(work);
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + half, half);
    loop {
        tokio::select! {
            r = &mut work => return r,
            _ = tick.tick() => {
                let handles: Vec<(String, String)> = batch
                    .iter()
                    .map(|m| (m.message_id.clone(), m.receipt_handle.clone()))
                    .collect();
                if let Err(e) = aws.set_visibility_batch(&queue.url, &handles, visibility_s).await {
                    tracing::warn!("could not extend the visibility of a batch: {e}");
                }
            }
        }
    }
}

/// Delete with retries. Returns how many were deleted, the ones that could not be, and an
/// error when the delete call itself keeps failing.
async fn delete_all(
    aws: &Aws,
    queue: &Queue,
    handles: &[(String, String)],
) -> (usize, Vec<Failure>, Option<crate::error::Error>) {
    let mut pending: Vec<(String, String)> = handles.to_vec();
    let mut deleted = 0;
    let mut failures = Vec::new();
    let mut attempt = 0;
    while !pending.is_empty() {
        attempt += 1;
        match aws.delete_batch(&queue.url, &pending).await {
            Ok(outcomes) => {
                let mut retry = Vec::new();
                for ((id, result), entry) in outcomes.into_iter().zip(pending) {
                    match result {
                        Ok(()) => deleted += 1,
                        Err(f) if !f.sender_fault && attempt < DELETE_ATTEMPTS => retry.push(entry),
                        Err(f) => failures.push(Failure {
                            message_id: id,
                            reason: format!(
                                "delivered, but not deleted from the DLQ ({}: {}); it will be delivered again by the next redrive",
                                f.code, f.message
                            ),
                        }),
                    }
                }
                pending = retry;
            }
            Err(e) if attempt < DELETE_ATTEMPTS => {
                tracing::warn!("delete failed, retrying: {e}");
            }
            Err(e) => {
                failures.extend(pending.drain(..).map(|(id, _)| Failure {
                    message_id: id,
                    reason: "delivered, but the delete failed; it stays in the DLQ too".into(),
                }));
                return (deleted, failures, Some(e.into()));
            }
        }
        if !pending.is_empty() {
            tokio::time::sleep(backoff(attempt)).await;
        }
    }
    (deleted, failures, None)
}

/// 100 ms, 200 ms, 400 ms… capped at 5 s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_millis((100u64 << attempt.min(6)).min(5_000))
}

async fn release_batch(aws: &Aws, queue: &Queue, batch: &[SqsMessage]) {
    let held: HashMap<String, String> = batch
        .iter()
        .map(|m| (m.message_id.clone(), m.receipt_handle.clone()))
        .collect();
    release(aws, queue, &held).await;
}

/// Make held messages visible again. Failure is harmless: they come back when their
/// visibility timeout ends.
async fn release(aws: &Aws, queue: &Queue, held: &HashMap<String, String>) {
    let all: Vec<(String, String)> = held.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for chunk in all.chunks(10) {
        if let Err(e) = aws.set_visibility_batch(&queue.url, chunk, 0).await {
            tracing::warn!("could not return messages to the queue at once: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::sqs_mocks::{self, RuleMode};

    /// A sink that takes longer than half the visibility timeout.
    struct Slow;

    impl Sink for Slow {
        async fn handle(&mut self, batch: &[SqsMessage]) -> Result<Vec<Disposition>> {
            tokio::time::sleep(Duration::from_millis(2_300)).await;
            Ok(vec![Disposition::Done; batch.len()])
        }
    }

    fn queue() -> Queue {
        Queue::from_attributes(
            "https://sqs.us-east-1.amazonaws.com/1/q".into(),
            &Default::default(),
        )
    }

    #[tokio::test]
    async fn slow_work_keeps_its_messages_hidden_and_deletes_them_after() {
        let (receive, receives) = sqs_mocks::receive_once(2);
        let heartbeat = sqs_mocks::visibility_ok(2);
        let delete = sqs_mocks::delete_ok();
        let depth = sqs_mocks::empty_attributes();
        let aws = sqs_mocks::aws(RuleMode::MatchAny, &[&receive, &heartbeat, &delete, &depth]);
        let opts = DrainOptions {
            visibility_s: 2,
            ..DrainOptions::default()
        };
        let stop = AtomicBool::new(false);
        let got = drain(
            &aws,
            &queue(),
            &opts,
            &stop,
            &mut Slow,
            &crate::render::Counter::default(),
        )
        .await;
        assert!(got.error.is_none(), "{:?}", got.error);
        assert_eq!(got.done, 1);
        assert_eq!(
            heartbeat.num_calls(),
            2,
            "extended every second while the sink worked"
        );
        assert_eq!(delete.num_calls(), 1);
        assert_eq!(
            receives.load(Ordering::SeqCst),
            4,
            "one full receive, then three empty polls before the depth check"
        );
        assert_eq!(depth.num_calls(), 1);
    }

    #[tokio::test]
    async fn stops_before_receiving_when_asked() {
        let aws = sqs_mocks::aws(RuleMode::Sequential, &[]);
        let stop = AtomicBool::new(true);
        let opts = DrainOptions::default();
        let got = drain(
            &aws,
            &queue(),
            &opts,
            &stop,
            &mut Slow,
            &crate::render::Counter::default(),
        )
        .await;
        assert!(got.interrupted && got.error.is_none() && got.done == 0);
    }
}
