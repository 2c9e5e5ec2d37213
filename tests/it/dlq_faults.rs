//! The redrive promise under faults: partial batches, throttling, failing deletes, answers
//! lost after the call took effect, and the process killed with SIGKILL. No run may lose a
//! message; duplicates are at most the batch in flight per fault.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::faults::{Fault, FaultProxy, Rule};
use crate::common::sqs::{copies, depth, failed_into_dlq, read_all};
use crate::common::{aws, gearctl, moto, stderr};

/// The largest batch gearctl has in flight.
const BATCH: usize = 10;

fn redrive(endpoint: &str, extra: &[&str]) -> std::process::Output {
    gearctl()
        .args(["--endpoint-url", endpoint, "--output", "json"])
        .args(["dlq", "redrive", "faults-dlq", "--yes", "--engine", "move"])
        .args(extra)
        .output()
        .expect("run gearctl")
}

#[tokio::test(flavor = "multi_thread")]
async fn partial_batches_throttling_and_failing_deletes_lose_nothing() {
    let moto = moto();
    let aws = aws(&moto).await;
    let n = 60;
    let (src, dlq) = failed_into_dlq(&aws, "faults", n).await;
    assert_eq!(depth(&aws, &dlq).await, n as i64);

    let proxy = FaultProxy::start(
        &moto.endpoint(),
        vec![
            // Every third entry of every send fails once in a while: retried by gearctl.
            Rule::new("SendMessageBatch", Fault::PartialBatch { fail_every: 3 }).every(2),
            // A whole send throttled (with one attempt, the run stops and is run again).
            Rule::new("SendMessageBatch", Fault::Throttle).nth(3),
            // A send that reached SQS but whose answer was lost: the source of duplicates.
            Rule::new("SendMessageBatch", Fault::ForwardThenFail).nth(7),
            // Deletes that half fail, and one that fails as a whole.
            Rule::new("DeleteMessageBatch", Fault::PartialBatch { fail_every: 4 }).every(2),
            Rule::new("DeleteMessageBatch", Fault::ServerError).nth(5),
            // Visibility changes that fail: messages come back after their timeout anyway.
            Rule::new("ChangeMessageVisibilityBatch", Fault::ServerError).nth(1),
        ],
    );
    let mut runs = Vec::new();
    for _ in 0..8 {
        let o = redrive(&proxy.endpoint(), &["--visibility-timeout", "10"]);
        let code = o.status.code();
        assert!(matches!(code, Some(0..=2)), "{}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
        runs.push((code, stderr(&o)));
        if code == Some(0) {
            break;
        }
        if depth(&aws, &dlq).await > 0
            && aws.queue_attributes(&dlq).await.unwrap()["ApproximateNumberOfMessages"] == "0"
        {
            // Released late (a failed visibility change): wait for the timeout.
            tokio::time::sleep(Duration::from_secs(11)).await;
        }
    }
    let back = read_all(&aws, &src).await;
    let got = copies(&back);
    assert_eq!(got.len(), n, "every message arrived: {got:?}");
    assert_eq!(runs.last().unwrap().0, Some(0), "runs: {runs:#?}");
    let duplicates: usize = got.values().map(|c| c - 1).sum();
    // Only the lost answer (ForwardThenFail on a send) can duplicate, one batch at most.
    assert!(duplicates <= BATCH, "{duplicates} duplicates: {got:?}");
    assert_eq!(depth(&aws, &dlq).await, 0);
    let fired = proxy.counts();
    assert!(fired.iter().all(|&c| c > 0), "every fault fired: {fired:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigkill_at_any_point_loses_nothing() {
    let moto = moto();
    let aws = aws(&moto).await;
    let n = 150;
    let (src, dlq) = failed_into_dlq(&aws, "faults", n).await;
    assert_eq!(depth(&aws, &dlq).await, n as i64);

    // Kill at several points of a run; each run takes up what the previous one left.
    let delays_ms = [60, 120, 200, 320, 480];
    for ms in delays_ms {
        let mut child: std::process::Child = {
            let mut c: Command = gearctl();
            c.args(["--endpoint-url", &moto.endpoint(), "--output", "json"])
                .args(["dlq", "redrive", "faults-dlq", "--yes", "--engine", "move"])
                .args(["--visibility-timeout", "10"])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            c.spawn().expect("start gearctl")
        };
        tokio::time::sleep(Duration::from_millis(ms)).await;
        // Child::kill sends SIGKILL on Unix: no handler runs, nothing is cleaned up.
        let _ = child.kill();
        let _ = child.wait();
    }
    // Messages that were in flight at a kill come back when their visibility ends.
    tokio::time::sleep(Duration::from_secs(11)).await;
    let o = redrive(&moto.endpoint(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let back = read_all(&aws, &src).await;
    let got = copies(&back);
    assert_eq!(got.len(), n, "every message arrived: {got:?}");
    let duplicates: usize = got.values().map(|c| c - 1).sum();
    assert!(
        duplicates <= BATCH * delays_ms.len(),
        "{duplicates} duplicates after {} kills",
        delays_ms.len()
    );
    assert_eq!(depth(&aws, &dlq).await, 0);
}

/// `dlq redrive` of `dlq` with the move engine, sent SIGINT after 0.8 s: `--rate` keeps the
/// run long enough to be interrupted in the middle.
async fn interrupted_redrive(
    moto: &gearctl::emulator::Moto,
    dlq: &str,
    extra: &[&str],
) -> std::process::Output {
    let child = gearctl()
        .args(["--endpoint-url", &moto.endpoint(), "--output", "json"])
        .args(extra)
        .args(["dlq", "redrive", dlq, "--yes", "--engine", "move"])
        .args(["--rate", "40/s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gearctl");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    child.wait_with_output().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_finishes_the_batch_in_flight_and_accounts_for_everything() {
    let moto = moto();
    let aws = aws(&moto).await;
    let n = 100;
    let (src, dlq) = failed_into_dlq(&aws, "faults", n).await;

    let o = interrupted_redrive(&moto, "faults-dlq", &[]).await;
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["interrupted"], true, "{r}");
    assert!(
        stderr(&o).contains("stopping after the batch in flight"),
        "{}",
        stderr(&o)
    );
    let moved = r["moved"].as_u64().unwrap() as usize;
    assert!(moved > 0 && moved < n, "stopped in the middle: {moved}");

    // Everything is in exactly one place: moved ones at the source, the rest in the DLQ,
    // visible again at once.
    let got = copies(&read_all(&aws, &src).await);
    assert_eq!(got.len(), moved);
    assert!(got.values().all(|&c| c == 1));
    let attrs = aws.queue_attributes(&dlq).await.unwrap();
    assert_eq!(
        attrs["ApproximateNumberOfMessages"],
        (n - moved).to_string()
    );
    assert_eq!(attrs["ApproximateNumberOfMessagesNotVisible"], "0");
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_with_quiet_stops_without_a_word_on_stderr() {
    let moto = moto();
    let aws = aws(&moto).await;
    failed_into_dlq(&aws, "hush", 60).await;
    let o = interrupted_redrive(&moto, "hush-dlq", &["--quiet"]).await;
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["interrupted"], true, "{r}");
    assert!(
        !stderr(&o).contains("stopping after the batch"),
        "--quiet keeps the notice off stderr: {}",
        stderr(&o)
    );
}
