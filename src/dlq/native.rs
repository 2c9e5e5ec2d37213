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
