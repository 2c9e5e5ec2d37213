//! The command-line frame: help, version, usage errors.

use crate::common::*;

#[test]
fn help_has_examples_and_global_flags() {
    let out = gearctl().arg("--help").output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0));
    for needle in [
        "Examples:",
        "--profile",
        "--region",
        "--endpoint-url",
        "--output",
        "--color",
        "--quiet",
        "--verbose",
        "--max-attempts",
        "doctor",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
    let out = gearctl().args(["doctor", "--help"]).output().unwrap();
    assert!(stdout(&out).contains("Examples:"));
}

#[test]
fn version() {
    let out = gearctl().arg("--version").output().unwrap();
    assert_eq!(
        stdout(&out),
        format!("gearctl {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--bogus"][..],
        &["--output", "xml", "doctor"],
        &["--max-attempts", "0", "doctor"],
        &["nope"],
        &[],
    ] {
        let out = gearctl().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"));
    }
}
