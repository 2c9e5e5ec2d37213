//! Where the analyses run. Both extractors recurse along syntax trees, so they need a large
//! stack; `iam generate`'s workers are started with one, and an extraction called on such a
//! thread runs right there instead of starting a thread of its own. Elsewhere (tests, a
//! single call) one thread with the large stack is started for it. Either way a panic is
//! caught and becomes `None`, so one bad handler cannot take the others down.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Stack for analysis threads: virtual memory, touched only as deep as the code nests.
pub const STACK_SIZE: usize = 256 << 20;

thread_local! {
    static LARGE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` on a large stack: this thread's if it has one, else a new thread's; `None` if
/// `f` panicked, or if no thread could be started (then `small` runs here instead).
pub fn run<T: Send>(f: impl FnOnce() -> T + Send, small: impl FnOnce() -> T) -> Option<T> {
    if LARGE.with(Cell::get) {
        return catch_unwind(AssertUnwindSafe(f)).ok();
    }
    std::thread::scope(|s| {
        match std::thread::Builder::new()
            .name("iam-analysis".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(s, || {
                LARGE.with(|l| l.set(true));
                f()
            }) {
            Ok(t) => t.join().ok(),
            Err(_) => Some(small()),
        }
    })
}

/// Starts a scoped worker thread with a large stack, on which [`run`] calls stay.
pub fn spawn_worker<'s, 'e, T: Send + 's>(
    scope: &'s std::thread::Scope<'s, 'e>,
    f: impl FnOnce() -> T + Send + 's,
) -> std::io::Result<std::thread::ScopedJoinHandle<'s, T>> {
    std::thread::Builder::new()
        .name("iam-worker".into())
        .stack_size(STACK_SIZE)
        .spawn_scoped(scope, move || {
            LARGE.with(|l| l.set(true));
            f()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_on_a_worker_stay_there_and_panics_are_caught() {
        let here = std::thread::current().id();
        let elsewhere = run(|| std::thread::current().id(), || here);
        assert_ne!(elsewhere, Some(here));
        std::thread::scope(|s| {
            let w = spawn_worker(s, || {
                let worker = std::thread::current().id();
                let inner = run(|| std::thread::current().id(), || worker);
                let panicked: Option<()> = run(|| panic!("bad handler"), || ());
                (worker, inner, panicked)
            })
            .unwrap();
            let (worker, inner, panicked) = w.join().unwrap();
            assert_eq!(inner, Some(worker));
            assert_eq!(panicked, None);
        });
    }
}
