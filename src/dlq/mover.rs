//! The `move` engine's sink: send each DLQ message to its destination queue with
//! SendMessageBatch, keeping the body and every attribute.
//!
//! - Batches hold at most 10 entries and at most the destination's MaximumMessageSize in
//!   total; a message bigger than that fails alone, with the reason.
//! - Entries in `Failed[]` are retried with backoff unless SQS says the sender is at fault;
//!   only entries SQS reported as successful are marked done (and later deleted).
//! - FIFO: the MessageGroupId is kept and a batch holds at most one message per group, so a
//!   failed entry can never let a later message of its group overtake it. A group whose
//!   message failed keeps its later messages back. The deduplication ID is the DLQ
//!   message's own MessageId, as SQS's move task does: the original ID may still be inside
//!   the destination's 5-minute deduplication window (a redrive soon after the failure),
//!   and SQS would accept the message and then silently drop it. A resend after a crash
//!   reuses the same MessageId, so SQS drops that duplicate instead.

use std::collections::{HashMap, HashSet};

use super::drain::{Disposition, Sink, backoff};
use super::filter::{self, Filter};
use super::queue::Queue;
use super::record::{Record, Writer};
use crate::aws::Aws;
use crate::aws::sqs_messages::{OutgoingMessage, SqsMessage};
use crate::error::{Error, Result};

const SEND_ATTEMPTS: u32 = 5;

/// Where each message goes.
#[derive(Debug, Clone)]
pub enum Destinations {
    /// Every message to one queue.
    One(Queue),
    /// Each message back to the queue it failed from (`DeadLetterQueueSourceArn`), by ARN.
    BySource(HashMap<String, Queue>),
}

impl Destinations {
    /// Every queue messages may go to.
    pub fn queues(&self) -> Box<dyn Iterator<Item = &Queue> + '_> {
        match self {
            Destinations::One(q) => Box::new(std::iter::once(q)),
            Destinations::BySource(map) => Box::new(map.values()),
        }
    }
}

pub struct MoveSink<'a> {
    pub aws: &'a Aws,
    pub source: &'a Queue,
    pub destinations: Destinations,
    pub filters: &'a [Filter],
    pub backup: Option<&'a mut Writer>,
    pub dry_run: bool,
    error: Option<Error>,
}

impl<'a> MoveSink<'a> {
    pub fn new(
        aws: &'a Aws,
        source: &'a Queue,
        destinations: Destinations,
        filters: &'a [Filter],
        backup: Option<&'a mut Writer>,
        dry_run: bool,
    ) -> Self {
        MoveSink {
            aws,
            source,
            destinations,
            filters,
            backup,
            dry_run,
            error: None,
        }
    }

    fn destination(&self, m: &SqsMessage) -> std::result::Result<&Queue, String> {
        match &self.destinations {
            Destinations::One(q) => Ok(q),
            Destinations::BySource(map) => match m.attributes.get("DeadLetterQueueSourceArn") {
                Some(arn) => map.get(arn).ok_or_else(|| {
                    format!("its source queue {arn} is not one of this DLQ's sources; pass --to")
                }),
                None => Err(
                    "the message does not say which source queue it came from; pass --to".into(),
                ),
            },
        }
    }
}

impl Sink for MoveSink<'_> {
    async fn handle(&mut self, batch: &[SqsMessage]) -> Result<Vec<Disposition>> {
        let mut out: Vec<Option<Disposition>> = vec![None; batch.len()];
        let mut chosen = Vec::new();
        for (i, m) in batch.iter().enumerate() {
            if filter::all_match(self.filters, m) {
                chosen.push(i);
            } else {
                out[i] = Some(Disposition::Skip);
            }
        }
        if self.dry_run {
            for i in chosen {
                out[i] = Some(match self.destination(&batch[i]) {
                    Ok(_) => Disposition::Keep,
                    Err(why) => Disposition::Fail(why),
                });
            }
            return Ok(out
                .into_iter()
                .map(|d| d.unwrap_or(Disposition::Skip))
                .collect());
        }
        if let Some(w) = self.backup.as_deref_mut() {
            let records: Vec<Record> = chosen
                .iter()
                .map(|&i| Record::from_message(&batch[i], &self.source.arn))
                .collect();
            // Nothing was sent yet: an error here leaves the whole batch in the DLQ.
            w.write_durably(&records)?;
        }
        // Group by destination URL, keeping receive order within each.
        let mut per_dest: Vec<(Queue, Vec<(usize, OutgoingMessage)>)> = Vec::new();
        for i in chosen {
            let m = &batch[i];
            let dest = match self.destination(m) {
                Ok(q) => q.clone(),
                Err(why) => {
                    out[i] = Some(Disposition::Fail(why));
                    continue;
                }
            };
            match outgoing(m, &dest, i) {
                Ok(o) => match per_dest.iter_mut().find(|(q, _)| q.url == dest.url) {
                    Some((_, list)) => list.push((i, o)),
                    None => per_dest.push((dest, vec![(i, o)])),
                },
                Err(why) => out[i] = Some(Disposition::Fail(why)),
            }
        }
        for (dest, items) in per_dest {
            if self.error.is_some() {
                for (i, _) in items {
                    out[i] = Some(Disposition::Fail(
                        "not sent: the run stopped on an error".into(),
                    ));
                }
                continue;
            }
            let results = send_in_order(self.aws, &dest, items, &mut self.error).await;
            for (i, d) in results {
                out[i] = Some(d);
            }
        }
        Ok(out
            .into_iter()
            .map(|d| d.unwrap_or_else(|| Disposition::Fail("not handled".into())))
            .collect())
    }

    fn take_error(&mut self) -> Option<Error> {
        self.error.take()
    }
}

/// The message as it will be sent to `dest`, or why it cannot be.
pub fn outgoing(
    m: &SqsMessage,
    dest: &Queue,
    index: usize,
) -> std::result::Result<OutgoingMessage, String> {
    let (group_id, dedup_id) = if dest.fifo {
        match m.attributes.get("MessageGroupId") {
            Some(g) => (Some(g.clone()), Some(m.message_id.clone())),
            None => {
                return Err(format!(
                    "it has no MessageGroupId, which the FIFO queue {} requires",
                    dest.name
                ));
            }
        }
    } else {
        (None, None)
    };
    let o = OutgoingMessage {
        id: index.to_string(),
        body: m.body.clone(),
        message_attributes: m.message_attributes.clone(),
        group_id,
        dedup_id,
    };
    if o.size() > dest.max_message_size {
        return Err(format!(
            "it is {} bytes; {} accepts at most {} (MaximumMessageSize)",
            o.size(),
            dest.name,
            dest.max_message_size
        ));
    }
    Ok(o)
}

/// Send the items to one queue, in order, retrying failed entries. Returns a disposition
/// per item index. A call that fails as a whole (after the SDK's own retries) sets
/// `error` and fails what was not sent.
pub(crate) async fn send_in_order(
    aws: &Aws,
    dest: &Queue,
    items: Vec<(usize, OutgoingMessage)>,
    error: &mut Option<Error>,
) -> Vec<(usize, Disposition)> {
    let mut pending: Vec<(usize, OutgoingMessage, u32)> =
        items.into_iter().map(|(i, o)| (i, o, 0)).collect();
    let mut out = Vec::new();
    let mut blocked: HashSet<String> = HashSet::new();
    let mut round = 0u32;
    while !pending.is_empty() {
        // FIFO: a group whose message failed for good keeps its later messages back.
        pending.retain(|(i, o, _)| match &o.group_id {
            Some(g) if blocked.contains(g) => {
                out.push((
                    *i,
                    Disposition::Fail(format!(
                        "kept back: an earlier message of group {g} could not be sent"
                    )),
                ));
                false
            }
            _ => true,
        });
        let batch = next_batch(&pending, dest);
        if batch.is_empty() {
            break;
        }
        let entries: Vec<OutgoingMessage> = batch.iter().map(|&k| pending[k].1.clone()).collect();
        let result = aws.send_batch(&dest.url, &entries).await;
        let outcomes = match result {
            Ok(o) => o,
            Err(e) => {
                for (i, _, _) in pending.drain(..) {
                    out.push((i, Disposition::Fail(format!("not sent: {e}"))));
                }
                *error = Some(e.into());
                break;
            }
        };
        let mut sent: HashSet<usize> = HashSet::new();
        let mut retry_needed = false;
        for (k, (_, r)) in batch.iter().zip(outcomes) {
            let (i, o, attempts) = &mut pending[*k];
            match r {
                Ok(()) => {
                    out.push((*i, Disposition::Done));
                    sent.insert(*k);
                }
                Err(f) => {
                    *attempts += 1;
                    if f.sender_fault || *attempts >= SEND_ATTEMPTS {
                        out.push((
                            *i,
                            Disposition::Fail(format!(
                                "{} refused it: {}: {}",
                                dest.name, f.code, f.message
                            )),
                        ));
                        if let Some(g) = &o.group_id {
                            blocked.insert(g.clone());
                        }
                        sent.insert(*k);
                    } else {
                        retry_needed = true;
                    }
                }
            }
        }
        let mut k = 0;
        pending.retain(|_| {
            let keep = !sent.contains(&k);
            k += 1;
            keep
        });
        if retry_needed {
            round += 1;
            tokio::time::sleep(backoff(round)).await;
        }
    }
    out
}

/// Indexes into `pending` for the next SendMessageBatch: in order, at most 10, within the
/// destination's size limit, and (FIFO) only the first pending message of each group.
fn next_batch(pending: &[(usize, OutgoingMessage, u32)], dest: &Queue) -> Vec<usize> {
    let mut picked = Vec::new();
    let mut bytes = 0;
    let mut groups: HashSet<&str> = HashSet::new();
    for (k, (_, o, _)) in pending.iter().enumerate() {
        if picked.len() == 10 {
            break;
        }
        if let Some(g) = &o.group_id
            && !groups.insert(g.as_str())
        {
            continue;
        }
        let size = o.size();
        if !picked.is_empty() && bytes + size > dest.max_message_size {
            break;
        }
        bytes += size;
        picked.push(k);
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::sqs_messages::AttributeValue;

    fn queue(fifo: bool, max: usize) -> Queue {
        Queue {
            name: if fifo { "d.fifo".into() } else { "d".into() },
            url: "http://q".into(),
            arn: "arn:aws:sqs:us-east-1:1:d".into(),
            fifo,
            max_message_size: max,
            visible: 0,
            in_flight: 0,
            delayed: 0,
            dead_letter_target: None,
        }
    }

    fn msg(id: &str, group: Option<&str>, body: &str) -> SqsMessage {
        let mut attributes = std::collections::BTreeMap::new();
        if let Some(g) = group {
            attributes.insert("MessageGroupId".to_string(), g.to_string());
            attributes.insert("MessageDeduplicationId".to_string(), "orig".to_string());
        }
        SqsMessage {
            message_id: id.into(),
            receipt_handle: format!("h-{id}"),
            body: body.into(),
            attributes,
            message_attributes: [(
                "n".to_string(),
                AttributeValue {
                    data_type: "Number.float".into(),
                    string_value: Some("1.5".into()),
                    binary_value: None,
                },
            )]
            .into(),
        }
    }

    #[test]
    fn fifo_keeps_group_and_uses_the_message_id_for_deduplication() {
        let o = outgoing(&msg("m-1", Some("g"), "x"), &queue(true, 1024), 3).unwrap();
        assert_eq!(o.group_id.as_deref(), Some("g"));
        assert_eq!(
            o.dedup_id.as_deref(),
            Some("m-1"),
            "never the original 'orig'"
        );
        assert_eq!(o.id, "3");
        assert_eq!(o.message_attributes["n"].data_type, "Number.float");
        let e = outgoing(&msg("m-2", None, "x"), &queue(true, 1024), 0).unwrap_err();
        assert!(e.contains("MessageGroupId"), "{e}");
        let std = outgoing(&msg("m-3", Some("g"), "x"), &queue(false, 1024), 0).unwrap();
        assert_eq!((std.group_id, std.dedup_id), (None, None));
    }

    #[test]
    fn oversized_messages_fail_alone() {
        let e = outgoing(&msg("m", None, &"x".repeat(2000)), &queue(false, 1024), 0).unwrap_err();
        assert!(e.contains("MaximumMessageSize"), "{e}");
    }

    #[test]
    fn batches_respect_count_size_and_groups() {
        let q = queue(false, 1000);
        let pending: Vec<_> = (0..25)
            .map(|i| {
                (
                    i,
                    outgoing(&msg(&i.to_string(), None, "x"), &q, i).unwrap(),
                    0,
                )
            })
            .collect();
        assert_eq!(next_batch(&pending, &q).len(), 10);
        let big: Vec<_> = (0..5)
            .map(|i| {
                (
                    i,
                    outgoing(&msg("b", None, &"y".repeat(400)), &q, i).unwrap(),
                    0,
                )
            })
            .collect();
        assert_eq!(
            next_batch(&big, &q),
            [0, 1],
            "two 400-byte bodies fit in 1000 bytes"
        );
        let f = queue(true, 1000);
        let groups = ["a", "a", "b", "a", "c", "b"];
        let pending: Vec<_> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                (
                    i,
                    outgoing(&msg(&i.to_string(), Some(g), "x"), &f, i).unwrap(),
                    0,
                )
            })
            .collect();
        assert_eq!(
            next_batch(&pending, &f),
            [0, 2, 4],
            "first of each group only"
        );
    }
}
