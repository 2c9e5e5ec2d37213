//! Canned SQS answers for the tests of code above the AWS layer that moto cannot serve:
//! move tasks, slow work, exact call counts. The rules live here so that the job modules'
//! tests, like the job modules, never name SDK types.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aws_sdk_sqs::Client;
use aws_sdk_sqs::operation::cancel_message_move_task::CancelMessageMoveTaskOutput;
use aws_sdk_sqs::operation::change_message_visibility_batch::ChangeMessageVisibilityBatchOutput;
use aws_sdk_sqs::operation::delete_message_batch::DeleteMessageBatchOutput;
use aws_sdk_sqs::operation::get_queue_attributes::GetQueueAttributesOutput;
use aws_sdk_sqs::operation::get_queue_url::GetQueueUrlOutput;
use aws_sdk_sqs::operation::list_dead_letter_source_queues::ListDeadLetterSourceQueuesOutput;
use aws_sdk_sqs::operation::list_message_move_tasks::ListMessageMoveTasksOutput;
use aws_sdk_sqs::operation::receive_message::ReceiveMessageOutput;
use aws_sdk_sqs::operation::start_message_move_task::StartMessageMoveTaskOutput;
use aws_sdk_sqs::types::{
    ChangeMessageVisibilityBatchResultEntry, DeleteMessageBatchResultEntry,
    ListMessageMoveTasksResultEntry, Message, QueueAttributeName,
};
pub use aws_smithy_mocks::{Rule, RuleMode};
use aws_smithy_mocks::{mock, mock_client};

use super::Aws;

/// An AWS layer whose SQS client answers with `rules`.
pub fn aws(mode: RuleMode, rules: &[&Rule]) -> Aws {
    Aws::with_sqs_client(mock_client!(aws_sdk_sqs, mode, rules.iter().copied()))
}

/// StartMessageMoveTask from `source` with no destination and this rate; handle `task-1`.
pub fn start_task(source: &'static str, per_second: Option<i32>) -> Rule {
    mock!(Client::start_message_move_task)
        .match_requests(move |r| {
            r.source_arn() == Some(source)
                && r.destination_arn().is_none()
                && r.max_number_of_messages_per_second() == per_second
        })
        .then_output(|| {
            StartMessageMoveTaskOutput::builder()
                .task_handle("task-1")
                .build()
        })
}

/// ListMessageMoveTasks answering one task in `status` with `moved` of `to_move`.
pub fn task(status: &'static str, moved: i64, to_move: i64) -> Rule {
    mock!(Client::list_message_move_tasks).then_output(move || {
        let mut entry = ListMessageMoveTasksResultEntry::builder()
            .status(status)
            .approximate_number_of_messages_moved(moved)
            .approximate_number_of_messages_to_move(to_move);
        if status == "RUNNING" {
            entry = entry.task_handle("task-1");
        }
        ListMessageMoveTasksOutput::builder()
            .results(entry.build())
            .build()
    })
}

/// ListMessageMoveTasks answering one FAILED task with its reason.
pub fn failed_task(reason: &'static str, moved: i64) -> Rule {
    mock!(Client::list_message_move_tasks).then_output(move || {
        let entry = ListMessageMoveTasksResultEntry::builder()
            .status("FAILED")
            .approximate_number_of_messages_moved(moved)
            .failure_reason(reason)
            .build();
        ListMessageMoveTasksOutput::builder().results(entry).build()
    })
}

/// CancelMessageMoveTask of `task-1`, which had moved `moved`.
pub fn cancel_task(moved: i64) -> Rule {
    mock!(Client::cancel_message_move_task)
        .match_requests(|r| r.task_handle() == Some("task-1"))
        .then_output(move || {
            CancelMessageMoveTaskOutput::builder()
                .approximate_number_of_messages_moved(moved)
                .build()
        })
}

/// GetQueueUrl answering `url` for any name.
pub fn queue_url(url: &'static str) -> Rule {
    mock!(Client::get_queue_url)
        .then_output(move || GetQueueUrlOutput::builder().queue_url(url).build())
}

/// GetQueueAttributes of `url`: its ARN (account 123456789012, us-east-1) and depth.
pub fn attributes(url: &'static str, visible: &'static str) -> Rule {
    mock!(Client::get_queue_attributes)
        .match_requests(move |r| r.queue_url() == Some(url))
        .then_output(move || {
            let name = url.rsplit('/').next().unwrap_or_default();
            GetQueueAttributesOutput::builder()
                .attributes(
                    QueueAttributeName::QueueArn,
                    format!("arn:aws:sqs:us-east-1:123456789012:{name}"),
                )
                .attributes(QueueAttributeName::ApproximateNumberOfMessages, visible)
                .build()
        })
}

/// GetQueueAttributes with no attributes (an empty queue).
pub fn empty_attributes() -> Rule {
    mock!(Client::get_queue_attributes).then_output(|| GetQueueAttributesOutput::builder().build())
}

/// ListDeadLetterSourceQueues answering `url` as the one source.
pub fn dead_letter_source(url: &'static str) -> Rule {
    mock!(Client::list_dead_letter_source_queues).then_output(move || {
        ListDeadLetterSourceQueuesOutput::builder()
            .queue_urls(url)
            .build()
            .expect("queue_urls is set")
    })
}

/// ReceiveMessage asking for this visibility timeout: message `m1` (handle `h1`) on the
/// first call, nothing after. The counter tells how many receives there were.
pub fn receive_once(visibility_s: i32) -> (Rule, Arc<AtomicUsize>) {
    let receives = Arc::new(AtomicUsize::new(0));
    let counter = receives.clone();
    let rule = mock!(Client::receive_message)
        .match_requests(move |r| r.visibility_timeout() == Some(visibility_s))
        .then_output(move || {
            let m = Message::builder()
                .message_id("m1")
                .receipt_handle("h1")
                .body("x")
                .build();
            match counter.fetch_add(1, Ordering::SeqCst) {
                0 => ReceiveMessageOutput::builder().messages(m).build(),
                _ => ReceiveMessageOutput::builder().build(),
            }
        });
    (rule, receives)
}

/// ChangeMessageVisibilityBatch of message `m1` (handle `h1`) to `seconds`, succeeding.
pub fn visibility_ok(seconds: i32) -> Rule {
    mock!(Client::change_message_visibility_batch)
        .match_requests(move |r| {
            r.entries().len() == 1
                && r.entries()[0].receipt_handle() == "h1"
                && r.entries()[0].visibility_timeout() == Some(seconds)
        })
        .then_output(|| {
            let ok = ChangeMessageVisibilityBatchResultEntry::builder()
                .id("m1")
                .build()
                .expect("id is set");
            ChangeMessageVisibilityBatchOutput::builder()
                .successful(ok)
                .set_failed(Some(vec![]))
                .build()
                .expect("lists are set")
        })
}

/// DeleteMessageBatch of message `m1` (handle `h1`), succeeding.
pub fn delete_ok() -> Rule {
    mock!(Client::delete_message_batch)
        .match_requests(|r| r.entries().len() == 1 && r.entries()[0].receipt_handle() == "h1")
        .then_output(|| {
            let ok = DeleteMessageBatchResultEntry::builder()
                .id("m1")
                .build()
                .expect("id is set");
            DeleteMessageBatchOutput::builder()
                .successful(ok)
                .set_failed(Some(vec![]))
                .build()
                .expect("lists are set")
        })
}
