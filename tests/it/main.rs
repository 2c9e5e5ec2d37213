//! The integration tests, as one test binary: each module was a test target of its own, and
//! every one of them linked gearctl and the AWS SDK crates again, which was most of a cold
//! `cargo test` build. Run one module with `cargo test --test it <module>::`, e.g.
//! `cargo test --test it dlq_faults::`. The modules share one process: a test must not
//! change the process's environment, current directory or signal handlers, and each starts
//! its own emulator (`common::moto`).

// Tests and their helpers may unwrap: the crate-wide lints in Cargo.toml are for the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod audit_deployed;
mod audit_findings;
mod audit_local;
mod cli;
mod cli_docs;
mod coldstarts;
mod dlq;
mod dlq_faults;
mod dlq_sources;
mod doctor;
mod emulator;
mod fault_proxy;
mod hostile_audit;
mod hostile_aws;
mod hostile_input;
mod iam;
mod iam_check;
mod iam_corpus;
mod layering;
mod regions;
mod sarif;
mod serverless_parity;
