//! Where an analysis runs: on a thread of its own with a large stack, for both extractors.
//!
//! The Python and Node evaluators recurse with the code's nesting. A large stack keeps deeply
//! nested input from overflowing before their depth limits apply, and a thread of its own
//! turns a panic into one finding for that handler instead of ending the run. One place, so
//! a fix to either lands in both.

use std::path::PathBuf;

use super::calls::{Extraction, Finding};

/// The stack an analysis thread gets.
pub const STACK_SIZE: usize = 256 << 20;

/// Runs `analyse` on a large-stack thread (`true`: it has the large stack); when no thread
/// can be started, on this one (`false`: the caller should use its small-stack limits). A
/// panic becomes an error finding named by `label`.
pub fn run<F>(label: &str, analyse: F) -> Extraction
where
    F: FnOnce(bool) -> Extraction + Send,
{
    let slot = std::sync::Mutex::new(Some(analyse));
    let take = || slot.lock().ok().and_then(|mut f| f.take());
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("iam-analysis".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || take().map(|f| f(true)));
        match spawned {
            Ok(thread) => match thread.join() {
                Ok(Some(x)) => x,
                _ => internal_error(label),
            },
            Err(_) => match take() {
                Some(f) => f(false),
                None => internal_error(label),
            },
        }
    })
}

fn internal_error(label: &str) -> Extraction {
    Extraction {
        errors: vec![Finding {
            file: PathBuf::from(label),
            line: 0,
            message: "internal error while analysing this handler".to_string(),
        }],
        ..Extraction::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_one_finding_and_the_stack_is_large() {
        let x = run("h.handler", |_| panic!("boom"));
        assert_eq!(x.errors.len(), 1);
        assert_eq!(x.errors[0].file, PathBuf::from("h.handler"));
        // 64 MiB of locals would overflow a default 8 MiB stack.
        fn deep(n: u32) -> u32 {
            let pad = [n as u8; 1 << 16];
            if n == 0 {
                pad[0] as u32
            } else {
                deep(n - 1) + pad[1] as u32
            }
        }
        let x = run("h.deep", |big| {
            assert!(big);
            deep(1024);
            Extraction::default()
        });
        assert!(x.errors.is_empty());
    }
}
