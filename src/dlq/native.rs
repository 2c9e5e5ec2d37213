//! The `native` engine: SQS's own message move task (StartMessageMoveTask). SQS moves the
//! messages itself, back to each message's source queue or to one destination, at up to
//! 500 messages per second, and keeps their attributes. gearctl starts the task, shows its
//! progress from ListMessageMoveTasks, and cancels it on Ctrl-C (moved messages stay moved,
//! the rest stay in the DLQ).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::ProgressBar;
use serde::Serialize;

use crate::aws::sqs::MoveTask;
use crate::aws::{Aws, AwsError};

/// How a move task ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskOutcome {
    pub status: String,
    pub moved: i64,
    pub to_move: Option<i64>,
    pub failure_reason: Option<String>,
    pub cancelled_by_user: bool,
}

/// Start a task and follow it to its end.
pub async fn run(
    aws: &Aws,
    source_arn: &str,
    destination_arn: Option<&str>,
    max_per_second: Option<i32>,
    poll: Duration,
    stop: &AtomicBool,
    bar: &ProgressBar,
) -> Result<TaskOutcome, AwsError> {
    let handle = aws
        .start_move_task(source_arn, destination_arn, max_per_second)
        .await?;
    let mut cancelled = false;
    loop {
        tokio::time::sleep(poll).await;
        let tasks = aws.list_move_tasks(source_arn).await?;
        // The newest task comes first; ours is the only one that can be running.
        let Some(task) = tasks.into_iter().next() else {
            continue;
        };
        if let Some(n) = task.to_move {
            bar.set_length(n.max(0) as u64);
        }
        bar.set_position(task.moved.max(0) as u64);
        if task.status == "RUNNING" || task.status == "CANCELLING" {
            if stop.load(Ordering::SeqCst) && !cancelled {
                aws.cancel_move_task(&handle).await?;
                cancelled = true;
            }
            continue;
        }
        return Ok(outcome(task, cancelled));
    }
}

fn outcome(task: MoveTask, cancelled_by_user: bool) -> TaskOutcome {
    TaskOutcome {
        status: task.status,
        moved: task.moved,
        to_move: task.to_move,
        failure_reason: task.failure_reason,
        cancelled_by_user,
    }
}

/// Cancel the running task of a DLQ. Returns the task as it was, or None when no task runs.
pub async fn cancel(aws: &Aws, source_arn: &str) -> Result<Option<TaskOutcome>, AwsError> {
    let tasks = aws.list_move_tasks(source_arn).await?;
    let Some(running) = tasks.into_iter().find(|t| t.status == "RUNNING") else {
        return Ok(None);
    };
    let handle = running.task_handle.clone().unwrap_or_default();
    let moved = aws.cancel_move_task(&handle).await?;
    Ok(Some(TaskOutcome {
        status: "CANCELLING".into(),
        moved,
        ..outcome(running, true)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::sqs::mocks::task;
    use aws_sdk_sqs::Client;
    use aws_sdk_sqs::operation::cancel_message_move_task::CancelMessageMoveTaskOutput;
    use aws_sdk_sqs::operation::start_message_move_task::StartMessageMoveTaskOutput;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    const DLQ: &str = "arn:aws:sqs:us-east-1:123456789012:orders-dlq";

    fn start() -> aws_smithy_mocks::Rule {
        mock!(Client::start_message_move_task)
            .match_requests(|r| {
                r.source_arn() == Some(DLQ)
                    && r.destination_arn().is_none()
                    && r.max_number_of_messages_per_second() == Some(50)
            })
            .then_output(|| {
                StartMessageMoveTaskOutput::builder()
                    .task_handle("task-1")
                    .build()
            })
    }

    #[tokio::test]
    async fn follows_the_task_to_its_end() {
        let rules = [
            start(),
            task("RUNNING", 3, 10),
            task("RUNNING", 7, 10),
            task("COMPLETED", 10, 10),
        ];
        let client = mock_client!(aws_sdk_sqs, RuleMode::Sequential, &rules);
        let aws = Aws::with_sqs_client(client);
        let bar = ProgressBar::hidden();
        let stop = AtomicBool::new(false);
        let out = run(
            &aws,
            DLQ,
            None,
            Some(50),
            Duration::from_millis(1),
            &stop,
            &bar,
        )
        .await
        .unwrap();
        assert_eq!(
            (out.status.as_str(), out.moved, out.cancelled_by_user),
            ("COMPLETED", 10, false)
        );
        assert_eq!(bar.position(), 10);
        assert_eq!(bar.length(), Some(10));
    }

    #[tokio::test]
    async fn ctrl_c_cancels_the_task_and_waits_for_it() {
        let cancel = mock!(Client::cancel_message_move_task)
            .match_requests(|r| r.task_handle() == Some("task-1"))
            .then_output(|| {
                CancelMessageMoveTaskOutput::builder()
                    .approximate_number_of_messages_moved(4)
                    .build()
            });
        let rules = [
            start(),
            task("RUNNING", 4, 10),
            cancel,
            task("CANCELLING", 4, 10),
            task("CANCELLED", 4, 10),
        ];
        let client = mock_client!(aws_sdk_sqs, RuleMode::Sequential, &rules);
        let aws = Aws::with_sqs_client(client);
        let stop = AtomicBool::new(true);
        let out = run(
            &aws,
            DLQ,
            None,
            Some(50),
            Duration::from_millis(1),
            &stop,
            &ProgressBar::hidden(),
        )
        .await
        .unwrap();
        assert_eq!(
            (out.status.as_str(), out.moved, out.cancelled_by_user),
            ("CANCELLED", 4, true)
        );
    }

    #[tokio::test]
    async fn a_failed_task_reports_its_reason() {
        let failed = mock!(Client::list_message_move_tasks).then_output(|| {
            aws_sdk_sqs::operation::list_message_move_tasks::ListMessageMoveTasksOutput::builder()
                .results(
                    aws_sdk_sqs::types::ListMessageMoveTasksResultEntry::builder()
                        .status("FAILED")
                        .approximate_number_of_messages_moved(2)
                        .failure_reason("AWS.SimpleQueueService.UnsupportedOperation")
                        .build(),
                )
                .build()
        });
        let rules = [start(), failed];
        let client = mock_client!(aws_sdk_sqs, RuleMode::Sequential, &rules);
        let aws = Aws::with_sqs_client(client);
        let out = run(
            &aws,
            DLQ,
            None,
            Some(50),
            Duration::from_millis(1),
            &AtomicBool::new(false),
            &ProgressBar::hidden(),
        )
        .await
        .unwrap();
        assert_eq!(out.status, "FAILED");
        assert!(out.failure_reason.unwrap().contains("Unsupported"));
    }

    #[tokio::test]
    async fn cancel_finds_the_running_task() {
        let cancel = mock!(Client::cancel_message_move_task).then_output(|| {
            CancelMessageMoveTaskOutput::builder()
                .approximate_number_of_messages_moved(6)
                .build()
        });
        let rules = [task("RUNNING", 6, 10), cancel];
        let client = mock_client!(aws_sdk_sqs, RuleMode::Sequential, &rules);
        let aws = Aws::with_sqs_client(client);
        let got = super::cancel(&aws, DLQ).await.unwrap().unwrap();
        assert_eq!(got.moved, 6);
        let rules = [task("COMPLETED", 10, 10)];
        let client = mock_client!(aws_sdk_sqs, RuleMode::Sequential, &rules);
        assert_eq!(
            super::cancel(&Aws::with_sqs_client(client), DLQ)
                .await
                .unwrap(),
            None
        );
    }
}
