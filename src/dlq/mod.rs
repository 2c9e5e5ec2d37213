//! `gearctl dlq`: find dead-letter queues, look inside, export and import them, and redrive
//! their messages without losing one.
//!
//! The promise behind every command here: a message leaves a DLQ only after it is safely
//! somewhere else (sent and acknowledged, accepted by Lambda, or written and fsynced), and
//! everything that was not moved is accounted for in the summary. `drain.rs` holds the loop
//! that keeps that promise; the engines plug into it.

pub mod check;
pub mod drain;
pub mod events_sink;
pub mod feeds;
pub mod filter;
pub mod import;
pub mod invoke;
pub mod list;
pub mod mover;
pub mod native;
pub mod queue;
pub mod queue_ref;
pub mod read;
pub mod record;
pub mod redrive;
pub mod sns_sink;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A flag that turns true on the first Ctrl-C, so that long runs stop after the batch in
/// flight instead of in the middle of it. The notice that says so is a warning: `quiet`
/// (`--quiet`) keeps it off stderr like the others.
pub fn stop_on_ctrl_c(quiet: bool) -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = flag.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            if !quiet {
                let _ = std::io::Write::write_all(
                    &mut std::io::stderr(),
                    b"\nstopping after the batch in flight (messages in it are finished first)\n",
                );
            }
            f.store(true, Ordering::SeqCst);
        }
    });
    flag
}

/// Parse `--rate`: `50`, `50/s` or `2.5/s` messages per second.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let n = s.trim().strip_suffix("/s").unwrap_or(s.trim());
    match n.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!(
            "{s:?} is not a rate: write messages per second, e.g. 50 or 50/s"
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rates() {
        assert_eq!(super::parse_rate("50/s"), Ok(50.0));
        assert_eq!(super::parse_rate("2.5"), Ok(2.5));
        assert!(super::parse_rate("0").is_err());
        assert!(super::parse_rate("fast").is_err());
    }
}
