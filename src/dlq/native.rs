//! The `native` engine: SQS's own message move task (StartMessageMoveTask). SQS moves the
//! messages itself, back to each message's source queue or to one destination, at up to
//! 500 messages per second, and keeps their attributes. gearctl starts the task, shows its
//! progress from ListMessageMoveTasks, and cancels it on Ctrl-C (moved messages stay moved,
//! the rest stay in the DLQ).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::Serialize;

use crate::aws::sqs::MoveTask;
use crate::aws::{Aws, AwsError};
use crate::render::Progress;

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
    bar: &dyn Progress,
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
    use crate::aws::sqs_mocks::{self, RuleMode, cancel_task, failed_task, start_task, task};

    const DLQ: &str = "arn:aws:sqs:us-east-1:123456789012:orders-dlq";
    const POLL: Duration = Duration::from_millis(1);

    #[tokio::test]
    async fn follows_the_task_to_its_end() {
        let start = start_task(DLQ, Some(50));
        let (a, b, c) = (
            task("RUNNING", 3, 10),
            task("RUNNING", 7, 10),
            task("COMPLETED", 10, 10),
        );
        let aws = sqs_mocks::aws(RuleMode::Sequential, &[&start, &a, &b, &c]);
        let bar = crate::render::Counter::default();
        let stop = AtomicBool::new(false);
        let out = run(&aws, DLQ, None, Some(50), POLL, &stop, &bar)
            .await
            .unwrap();
        assert_eq!(
            (out.status.as_str(), out.moved, out.cancelled_by_user),
            ("COMPLETED", 10, false)
        );
        assert_eq!(
            (
                bar.position.load(Ordering::SeqCst),
                bar.length.load(Ordering::SeqCst)
            ),
            (10, 10)
        );
    }

    #[tokio::test]
    async fn ctrl_c_cancels_the_task_and_waits_for_it() {
        let start = start_task(DLQ, None);
        let running = task("RUNNING", 4, 10);
        let cancel = cancel_task(4);
        let (cancelling, cancelled) = (task("CANCELLING", 4, 10), task("CANCELLED", 4, 10));
        let rules = [&start, &running, &cancel, &cancelling, &cancelled];
        let aws = sqs_mocks::aws(RuleMode::Sequential, &rules);
        let stop = AtomicBool::new(true);
        let out = run(
            &aws,
            DLQ,
            None,
            None,
            POLL,
            &stop,
            &crate::render::Counter::default(),
        )
        .await
        .unwrap();
        assert_eq!(
            (out.status.as_str(), out.moved, out.cancelled_by_user),
            ("CANCELLED", 4, true)
        );
        assert_eq!(cancel.num_calls(), 1);
    }

    #[tokio::test]
    async fn a_failed_task_reports_its_reason() {
        let start = start_task(DLQ, None);
        let failed = failed_task("AWS.SimpleQueueService.UnsupportedOperation", 2);
        let aws = sqs_mocks::aws(RuleMode::Sequential, &[&start, &failed]);
        let stop = AtomicBool::new(false);
        let out = run(
            &aws,
            DLQ,
            None,
            None,
            POLL,
            &stop,
            &crate::render::Counter::default(),
        )
        .await
        .unwrap();
        assert_eq!((out.status.as_str(), out.moved), ("FAILED", 2));
        assert!(out.failure_reason.unwrap().contains("Unsupported"));
    }

    #[tokio::test]
    async fn cancel_finds_the_running_task() {
        let (running, cancel) = (task("RUNNING", 6, 10), cancel_task(6));
        let aws = sqs_mocks::aws(RuleMode::Sequential, &[&running, &cancel]);
        assert_eq!(super::cancel(&aws, DLQ).await.unwrap().unwrap().moved, 6);
        let done = task("COMPLETED", 10, 10);
        let aws = sqs_mocks::aws(RuleMode::Sequential, &[&done]);
        assert_eq!(super::cancel(&aws, DLQ).await.unwrap(), None);
    }
}
