//! `gearctl iam`: least-privilege IAM policies per function, from serverless.yml and the
//! handler code, and a diff against what is deployed.
//!
//! The pipeline: `python.rs`/`node.rs` extract SDK calls from the code each handler can
//! reach; `actions.rs` maps each call to IAM actions (a table generated from botocore's
//! models, checked against the IAM reference); the resolver turns argument values into
//! resource ARNs through serverless.yml; configuration adds the grants it implies.

pub mod actions;
pub mod calls;
pub mod check;
pub mod config;
pub mod diff;
pub mod domain;
pub mod generate;
pub mod grants;
pub mod implied;
pub mod libraries;
pub mod node;
pub mod outdir;
pub mod output;
pub mod policy;
pub mod python;
pub mod report;
pub mod resolve;
pub mod source;
pub mod stack;
pub mod terraform;
pub mod waiters;
