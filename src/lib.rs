//! gearctl: audit, secure, redrive and measure serverless services on AWS.
//!
//! The flow of every command: `cli` parses, a [`Context`] carries the output settings and a
//! lazily built AWS layer, the job module does its edge I/O and pure analysis and returns a
//! report, and `render` prints it. See README.md for the user-facing contract.

pub mod audit;
pub mod aws;
pub mod cli;
pub mod coldstart;
pub mod doctor;
pub mod emulator;
pub mod error;
pub mod permissions;
pub mod render;
pub mod service;

use tokio::sync::OnceCell;

use crate::aws::{Aws, AwsOptions};
use crate::cli::{AuditArgs, AuditCommand, Cli, Command, DeployedArgs};
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
        Command::Audit(args) => match &args.command {
            None => audit_local(&args, &ctx),
            Some(AuditCommand::Deployed(d)) => audit_deployed(d, &ctx).await,
        },
        Command::Coldstarts(args) => coldstarts(&args, &ctx).await,
        Command::Doctor(_) => {
            let report = doctor::run(ctx.aws().await?).await?;
            render::emit(&report, &ctx.out)
        }
    }
}

/// `gearctl audit PATH…`: offline; never builds the AWS layer.
fn audit_local(args: &AuditArgs, ctx: &Context) -> Result<Exit> {
    let paths = if args.paths.is_empty() {
        vec![std::path::PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let opts = audit::LocalOptions {
        paths,
        limits: audit::budget::Limits {
            max_zipped: args.budget.max_zipped,
            max_unzipped: args.max_unzipped,
        },
        deep: args.deep,
        top: args.top,
        runtime: args.runtime.clone(),
        huge_file: args.huge_file.map(|s| s.0),
        config: args.budget.config.clone(),
        stage: args.stage.clone(),
    };
    let report = audit::audit_local(&opts)?;
    for e in &report.errors {
        ctx.out
            .warn(format!("could not audit {}: {}", e.source, e.message));
    }
    render::emit(&report, &ctx.out)
}

/// `gearctl audit deployed`.
async fn audit_deployed(args: &DeployedArgs, ctx: &Context) -> Result<Exit> {
    let config =
        audit::budget::load_config(args.budget.config.as_deref(), std::path::Path::new("."))?;
    let opts = audit::deployed::DeployedOptions {
        names: args.names.clone(),
        limits: audit::budget::Limits {
            max_zipped: args.budget.max_zipped,
            max_unzipped: args.max_unzipped,
        },
        config,
        keep: args.keep,
        prune: match (args.prune, args.dry_run, args.yes) {
            (false, _, _) => None,
            (true, true, _) => Some(audit::deployed::PruneMode::DryRun),
            (true, false, true) => Some(audit::deployed::PruneMode::Yes),
            (true, false, false) => Some(audit::deployed::PruneMode::Confirm),
        },
        concurrency: args.concurrency as usize,
        deep: args.deep,
        top: args.top,
        huge_file: args.huge_file.map(|s| s.0),
    };
    let report = audit::deployed::audit_deployed(ctx.aws().await?, &opts, &ctx.out).await?;
    render::emit(&report, &ctx.out)
}

/// `gearctl coldstarts`.
async fn coldstarts(args: &cli::ColdstartsArgs, ctx: &Context) -> Result<Exit> {
    if !args.log_file.is_empty() {
        let report = coldstart::run_files(&args.log_file, &ctx.out)?;
        return render::emit(&report, &ctx.out);
    }
    let (start_ms, end_ms) = args.window(jiff::Timestamp::now().as_millisecond())?;
    let opts = coldstart::Options {
        engine: args.engine,
        names: args.functions.clone(),
        start_ms,
        end_ms,
        by: args.by,
        concurrency: args.concurrency as usize,
    };
    let report = coldstart::run(ctx.aws().await?, &opts, &ctx.out).await?;
    render::emit(&report, &ctx.out)
}
