//! gearctl: audit, secure, redrive and measure serverless services on AWS.
//!
//! The flow of every command: `cli` parses, a [`Context`] carries the output settings and a
//! lazily built AWS layer, the job module does its edge I/O and pure analysis and returns a
//! report, and `render` prints it. See README.md for the user-facing contract.

pub mod aws;
pub mod cli;
pub mod doctor;
pub mod emulator;
pub mod error;
pub mod permissions;
pub mod render;
pub mod service;

use tokio::sync::OnceCell;

use crate::aws::{Aws, AwsOptions};
use crate::cli::{Cli, Command};
use crate::error::{Exit, Result};
use crate::render::Output;

/// What a command runs with: output settings, and AWS built on first use only, so that
/// offline commands never resolve credentials.
pub struct Context {
    pub out: Output,
    aws_options: AwsOptions,
    aws: OnceCell<Aws>,
}

impl Context {
    pub fn new(out: Output, aws_options: AwsOptions) -> Self {
        Context {
            out,
            aws_options,
            aws: OnceCell::new(),
        }
    }

    /// The AWS layer, resolved the first time a command asks for it.
    pub async fn aws(&self) -> Result<&Aws> {
        Ok(self
            .aws
            .get_or_try_init(|| Aws::connect(&self.aws_options))
            .await?)
    }
}

/// Run a parsed command line.
pub async fn run(cli: Cli) -> Result<Exit> {
    let g = &cli.global;
    let ctx = Context::new(Output::new(g.output, g.color, g.quiet), g.aws.options());
    match cli.command {
        Command::Doctor(_) => {
            let report = doctor::run(ctx.aws().await?).await?;
            render::emit(&report, &ctx.out)
        }
    }
}
