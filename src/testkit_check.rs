//! Proof that a product build carries no create/put call that only the test kit makes.
//!
//! Why this check and not a look at the release binary: the release profile strips symbols
//! (`nm` finds none), `strings` finds `lambda:CreateFunction`, `sqs:CreateQueue` and every
//! other operation name anyway (`iam generate` embeds the whole operation-to-action table
//! of data/iam/), and a release build takes about 20 minutes on 2 cores. So the guarantee
//! is made at compile time, in two halves that each can fail:
//!
//! 1. `src/aws/seed.rs` and `src/emulator/` exist only with the `testkit` feature, so a
//!    command that calls one of their wrappers does not compile without it. `scripts/test`
//!    checks the product build (`cargo clippy --lib --bins`, no features: what
//!    `cargo build --release` compiles; `--all-targets` would turn the feature on through
//!    the dev-dependency).
//! 2. A command could still call the same SDK operation directly. This test takes the
//!    operations seed.rs calls from its labels (`Call::on("lambda:CreateFunction", …)`), and
//!    fails when code outside the test kit labels a call with one of them or calls its SDK
//!    builder (`.create_function()`), unless the operation is in [`SHARED`] with the reason a
//!    command needs it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::sync_tests::{labels, product_labels, squeeze, without_test_code};

/// Operations the test kit calls that commands call too, with the command that needs it.
const SHARED: &[(&str, &str)] = &[(
    "sqs:SendMessage",
    "dlq import and dlq redrive send (in batches); the test kit sends single messages",
)];

/// `CreateFunction` → `create_function`, the SDK's builder method for the operation.
fn snake(operation: &str) -> String {
    let mut out = String::new();
    for (i, c) in operation.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The Rust files under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Files that only tests compile: the ones their parent declares as `#[cfg(test)] mod x;`.
fn test_only_files(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let dir = match file.file_stem().unwrap().to_str().unwrap() {
            "lib" | "mod" | "main" => file.parent().unwrap().to_path_buf(),
            stem => file.parent().unwrap().join(stem),
        };
        for w in lines.windows(2).filter(|w| w[0] == "#[cfg(test)]") {
            let decl = w[1]
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ");
            if let Some(name) = decl.strip_prefix("mod ").and_then(|d| d.strip_suffix(';')) {
                out.push(dir.join(format!("{name}.rs")));
                out.push(dir.join(name));
            }
        }
    }
    out
}

/// The operations only the test kit calls, as IAM labels.
fn testkit_only() -> BTreeSet<String> {
    let shared: BTreeSet<&str> = SHARED.iter().map(|(a, _)| *a).collect();
    labels(include_str!("aws/seed.rs"))
        .into_iter()
        .filter(|l| !shared.contains(l.as_str()))
        .collect()
}

#[test]
fn commands_make_no_call_that_only_the_testkit_makes() {
    let only = testkit_only();
    // Stops the check from passing by finding nothing to look for.
    for must in [
        "lambda:CreateFunction",
        "sqs:CreateQueue",
        "logs:PutLogEvents",
    ] {
        assert!(only.contains(must), "{must} not found in seed.rs: {only:?}");
    }

    let labelled: Vec<String> = product_labels()
        .into_iter()
        .filter(|(label, _)| only.contains(label))
        .map(|(label, files)| format!("{label} in src/aws/{files:?}"))
        .collect();
    assert!(
        labelled.is_empty(),
        "product code makes calls that only the test kit (src/aws/seed.rs) should make: \
         {labelled:?}; if a command really needs one, add it to SHARED with the reason"
    );

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let builders: Vec<(String, String)> = only
        .iter()
        .map(|l| {
            (
                l.clone(),
                format!(".{}()", snake(l.split_once(':').unwrap().1)),
            )
        })
        .collect();
    let mut skip = test_only_files(&files);
    skip.extend([root.join("emulator"), root.join("aws/seed.rs")]);
    assert!(skip.contains(&root.join("testkit_check.rs")), "{skip:?}");
    let mut found = Vec::new();
    for file in files
        .iter()
        .filter(|f| !skip.iter().any(|s| f.starts_with(s)))
    {
        let code = squeeze(&without_test_code(&std::fs::read_to_string(file).unwrap()));
        for (label, builder) in &builders {
            if code.contains(builder.as_str()) {
                found.push(format!("{builder} ({label}) in {}", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "product code calls SDK operations that only the test kit should call: {found:?}"
    );
}

#[test]
fn sdk_builder_names() {
    assert_eq!(snake("CreateFunction"), "create_function");
    assert_eq!(snake("PutLogEvents"), "put_log_events");
    assert_eq!(
        snake("PutFunctionEventInvokeConfig"),
        "put_function_event_invoke_config"
    );
}
