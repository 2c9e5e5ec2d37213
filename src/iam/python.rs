//! Which AWS SDK calls a Python Lambda handler can make, read from its code.
//!
//! `iam generate` grants each function only what its handler can reach, so this reads the
//! handler module and the local modules it imports (tree-sitter-python, one parse per
//! file), runs their top-level code and the functions the handler calls through a small
//! abstract interpreter, and reports every boto3 call it meets with its service, API
//! operation and the arguments' values as far as the code says them (string constants,
//! environment variables, f-strings). Code the handler never calls grants nothing; what
//! cannot be pinned down is reported, never dropped.

mod app;
mod boto;
mod call;
mod expr;
mod interp;
mod lib;
#[cfg(test)]
mod lib_tests;
mod load;
mod sdk;
mod syntax;
#[cfg(test)]
mod tests;
mod value;

use std::path::{Path, PathBuf};

use super::calls::{Extraction, Finding};
pub use app::extract_app;

/// The SDK calls reachable from `handler` (`functions/ingest/handler.handle`: the module
/// path relative to `service_dir`, a dot, the function), the files read, and what could
/// not be analysed.
pub fn extract(service_dir: &Path, handler: &str) -> Extraction {
    // Python's limits hold on either stack (the gate in source.rs bounds nesting).
    super::stack::run(handler, |_| extract_here(service_dir, handler))
}

fn extract_here(service_dir: &Path, handler: &str) -> Extraction {
    let mut out = Extraction::default();
    let handler = handler.trim().trim_start_matches("./");
    let Some((module, function)) = handler
        .rsplit_once('.')
        .filter(|(m, f)| !m.is_empty() && !f.is_empty())
    else {
        out.errors.push(Finding {
            file: PathBuf::from(handler),
            line: 0,
            message: format!(
                "handler `{handler}` does not name a function (expected `path/module.function`)"
            ),
        });
        return out;
    };
    let rel = PathBuf::from(format!("{}.py", module.replace('.', "/")));
    analyse(
        service_dir,
        rel,
        &format!("handler `{handler}`"),
        |interp, entry| interp.run_handler(entry, function),
    )
}

/// Load the module at `rel` and what it imports, let `run` analyse it from its entry, and
/// collect the calls met. `what` names the entry in a missing-file error.
fn analyse(
    service_dir: &Path,
    rel: PathBuf,
    what: &str,
    run: impl for<'t> FnOnce(&mut interp::Interp<'t>, usize) -> Result<(), String>,
) -> Extraction {
    let mut out = Extraction::default();
    let (prog, entry) = load::Loader::new(service_dir).load(&rel);
    out.files = prog.files.clone();
    out.lines = prog.lines;
    out.errors = prog.errors.clone();
    let Some(entry) = entry else {
        out.errors.push(Finding {
            file: rel,
            line: 0,
            message: format!("handler file not found (from {what})"),
        });
        return out;
    };
    let mut interp = interp::Interp::new(&prog);
    if let Err(message) = run(&mut interp, entry) {
        out.errors.push(Finding {
            file: rel,
            line: 0,
            message,
        });
    }
    out.calls = std::mem::take(&mut interp.calls);
    out.calls
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let mut unresolved = std::mem::take(&mut interp.unresolved);
    unresolved.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    unresolved.dedup();
    out.unresolved = unresolved;
    drop(interp);
    free_in_background(prog);
    out
}

/// Freeing every syntax tree takes a noticeable share of the time; the caller need not
/// wait for it. (If no thread can be started, it is freed here.)
fn free_in_background(prog: load::Program) {
    let _ = std::thread::Builder::new()
        .name("iam-python-free".into())
        .spawn(move || drop(prog));
}
