//! gearctl: audit, secure, redrive and measure serverless services on AWS.
//!
//! The flow of every command: `cli` parses, a [`Context`] carries the output settings and a
//! lazily built AWS layer, the job module does its edge I/O and pure analysis and returns a
//! report, and `render` prints it. See README.md for the user-facing contract.

pub mod audit;
pub mod aws;
pub mod cli;
pub mod coldstart;
pub mod confirm;
pub mod dlq;
pub mod doctor;
#[cfg(feature = "testkit")]
pub mod emulator;
pub mod error;
pub mod files;
pub mod iam;
pub mod lines;
pub mod logging;
pub mod permissions;
pub mod redact;
pub mod regions;
pub mod render;
pub mod safe_json;
pub mod sarif;
pub mod service;
#[cfg(test)]
mod sync_tests;
#[cfg(test)]
mod testkit_check;
pub mod units;
pub mod visible;

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
    /// `--region a,b,c` or `--all-regions`, for the commands that take several.
    pub regions: regions::Selection,
}

impl Context {
    pub fn new(out: Output, aws_options: AwsOptions) -> Self {
        Context {
            out,
            regions: regions::Selection::One(aws_options.region.clone()),
            aws_options,
            aws: OnceCell::new(),
        }
    }

    /// The regions to run in, when several were asked for (None: the one region).
    async fn many_regions(&self) -> Result<Option<Vec<String>>> {
        if !self.regions.is_many() {
            return Ok(None);
        }
        let base = self.aws().await?;
        Ok(Some(self.regions.resolve(base).await?))
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
    let selection = g.aws.regions()?;
    if selection.is_many()
        && let Some(name) = one_region_command(&cli.command)
    {
        return Err(error::Error::usage(
            format!("`{name}` works in one region: --region takes a single name here"),
            Some(
                "several regions (--region a,b,c or --all-regions) are for audit deployed, \
                 dlq list, coldstarts and doctor; run this once per region"
                    .to_string(),
            ),
        ));
    }
    let mut options = g.aws.options();
    options.region = selection.base_region();
    let mut ctx = Context::new(Output::new(g.output, g.color, g.quiet), options);
    ctx.regions = selection;
    // Refuse before doing anything (a redrive, a prune) whose result could not be shown.
    if g.output == cli::OutputFormat::Sarif
        && !matches!(
            cli.command,
            Command::Audit(_) | Command::Iam(cli::IamCommand::Check(_))
        )
    {
        return Err(error::Error::usage(
            sarif::unsupported(command_name(&cli.command)),
            Some("use --output json or yaml for this command".to_string()),
        ));
    }
    match cli.command {
        Command::Audit(args) => match &args.command {
            None => audit_local(&args, &ctx),
            Some(AuditCommand::Deployed(d)) => audit_deployed(d, &ctx).await,
        },
        Command::Coldstarts(args) => coldstarts(&args, &ctx).await,
        Command::Dlq(cmd) => dlq_command(cmd, &ctx).await,
        Command::Iam(cli::IamCommand::Generate(a)) => iam_generate(&a, &ctx),
        Command::Iam(cli::IamCommand::Diff(a)) => iam_diff(&a, &ctx).await,
        Command::Iam(cli::IamCommand::Check(a)) => iam_check(&a, &ctx),
        Command::Doctor(_) => {
            let report = match ctx.many_regions().await? {
                Some(regions) => doctor::run_regions(ctx.aws().await?, &regions).await?,
                None => doctor::run(ctx.aws().await?).await?,
            };
            render::emit(&report, &ctx.out)
        }
    }
}

/// The command's name as its report's errors give it.
fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Audit(_) => "audit",
        Command::Iam(cli::IamCommand::Generate(_)) => "iam generate",
        Command::Iam(cli::IamCommand::Diff(_)) => "iam diff",
        Command::Iam(cli::IamCommand::Check(_)) => "iam check",
        Command::Dlq(_) => "dlq",
        Command::Coldstarts(_) => "coldstarts",
        Command::Doctor(_) => "doctor",
    }
}

/// The name of a command that acts in one region only, or None for the four that read
/// several (`audit deployed`, `dlq list`, `coldstarts` and `doctor`).
fn one_region_command(command: &Command) -> Option<&'static str> {
    match command {
        Command::Audit(a) if a.command.is_some() => None,
        Command::Audit(_) => Some("audit"),
        Command::Coldstarts(c) if c.log_file.is_empty() => None,
        Command::Coldstarts(_) => Some("coldstarts --log-file"),
        Command::Doctor(_) => None,
        Command::Dlq(cli::DlqCommand::List(_)) => None,
        Command::Dlq(cli::DlqCommand::Peek(_)) => Some("dlq peek"),
        Command::Dlq(cli::DlqCommand::Export(_)) => Some("dlq export"),
        Command::Dlq(cli::DlqCommand::Import(_)) => Some("dlq import"),
        Command::Dlq(cli::DlqCommand::Redrive(_)) => Some("dlq redrive"),
        Command::Iam(cli::IamCommand::Generate(_)) => Some("iam generate"),
        Command::Iam(cli::IamCommand::Diff(_)) => Some("iam diff"),
        Command::Iam(cli::IamCommand::Check(_)) => Some("iam check"),
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
    for w in &report.packaging_plugins {
        ctx.out.warn(format!("{}: {}", w.file, w.message));
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
        prune: match (args.prune, args.dry_run) {
            (false, _) => None,
            (true, true) => Some(audit::deployed::PruneMode::DryRun),
            (true, false) => Some(audit::deployed::PruneMode::Delete),
        },
        concurrency: args.concurrency as usize,
        deep: args.deep,
        top: args.top,
        huge_file: args.huge_file.map(|s| s.0),
    };
    let report = match ctx.many_regions().await? {
        Some(regions) => {
            let deleting = opts.prune == Some(audit::deployed::PruneMode::Delete);
            if deleting && !args.yes {
                return Err(error::Error::usage(
                    "--prune over several regions does not ask at the terminal",
                    Some("look first with --dry-run, then run again with --yes".to_string()),
                ));
            }
            // --yes was given: each region plans and deletes without asking.
            let fanned = regions::fan_out(ctx.aws().await?, &regions, async |aws| {
                let mut report = audit::deployed::audit_deployed(aws, &opts, &ctx.out).await?;
                if deleting {
                    audit::deployed::execute_prune(aws, &mut report, &opts, &ctx.out).await;
                }
                Ok(report)
            })
            .await?;
            for w in fanned.warnings() {
                ctx.out.warn(w);
            }
            audit::deployed::merge(fanned.parts, fanned.failed)
        }
        None => {
            // Plan, confirm, execute: nothing is deleted before the answer.
            let aws = ctx.aws().await?;
            let mut report = audit::deployed::audit_deployed(aws, &opts, &ctx.out).await?;
            if opts.prune == Some(audit::deployed::PruneMode::Delete) {
                if let Some((question, refusal)) = audit::deployed::prune_question(&report) {
                    confirm::confirm(
                        aws,
                        args.yes,
                        &question,
                        &refusal,
                        "nothing deleted: not confirmed",
                    )
                    .await?;
                }
                audit::deployed::execute_prune(aws, &mut report, &opts, &ctx.out).await;
            }
            report
        }
    };
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
        several_regions: ctx.regions.is_many(),
    };
    let report = match ctx.many_regions().await? {
        Some(regions) => {
            let fanned = regions::fan_out(ctx.aws().await?, &regions, async |aws| {
                coldstart::run(aws, &opts, &ctx.out).await
            })
            .await?;
            for w in fanned.warnings() {
                ctx.out.warn(w);
            }
            coldstart::merge(fanned.parts, fanned.failed, &opts)?
        }
        None => coldstart::run(ctx.aws().await?, &opts, &ctx.out).await?,
    };
    render::emit(&report, &ctx.out)
}

/// `gearctl dlq …`.
async fn dlq_command(cmd: cli::DlqCommand, ctx: &Context) -> Result<Exit> {
    use cli::DlqCommand;
    use dlq::queue::Queue;
    let aws = ctx.aws().await?;
    let stop = dlq::stop_on_ctrl_c(ctx.out.quiet);
    match cmd {
        DlqCommand::List(a) => {
            let report = match ctx.many_regions().await? {
                Some(regions) => {
                    dlq::list::list_regions(aws, &regions, a.prefix.as_deref(), &ctx.out).await?
                }
                None => dlq::list::list(aws, a.prefix.as_deref(), &ctx.out).await?,
            };
            for w in &report.warnings {
                ctx.out.warn(w);
            }
            render::emit(&report, &ctx.out)
        }
        DlqCommand::Peek(a) => {
            let queue = Queue::resolve(aws, &a.queue).await?;
            let report =
                dlq::read::peek(aws, queue, a.count as usize, &a.filter, &stop, &ctx.out).await?;
            render::emit(&report, &ctx.out)
        }
        DlqCommand::Export(a) => {
            let queue = Queue::resolve(aws, &a.queue).await?;
            if a.delete {
                let question = format!(
                    "Move about {} messages from {} into {} (deleting them from the queue)?",
                    queue.visible,
                    queue.name,
                    a.to.display()
                );
                let refusal = format!(
                    "refusing to delete messages from {} without --yes: stdin is not a terminal",
                    queue.name
                );
                confirm::confirm(
                    aws,
                    a.yes,
                    &question,
                    &refusal,
                    "nothing exported: not confirmed",
                )
                .await?;
            }
            let opts = dlq::read::ExportOptions {
                file: &a.to,
                append: a.append,
                delete: a.delete,
                max: a.max,
                filters: &a.filter,
                visibility_s: a.visibility_timeout,
            };
            let (report, err) = dlq::read::export(aws, queue, &opts, &stop, &ctx.out).await?;
            finish(&report, err, ctx)
        }
        DlqCommand::Import(a) => {
            let queue = Queue::resolve(aws, &a.to).await?;
            let (report, err) =
                dlq::import::import(aws, &a.file, &queue, a.dry_run, &stop, &ctx.out).await?;
            finish(&report, err, ctx)
        }
        DlqCommand::Redrive(a) => {
            if a.cancel {
                let queue = Queue::resolve(aws, &a.queue).await?;
                return match dlq::native::cancel(aws, &queue.arn).await? {
                    Some(task) => {
                        ctx.out.warn(format!(
                            "cancelled the move task of {} after about {} messages",
                            queue.name, task.moved
                        ));
                        Ok(Exit::Ok)
                    }
                    None => Err(error::Error::usage(
                        format!("{} has no running move task", queue.name),
                        None,
                    )),
                };
            }
            let to_aws = destination_aws(&a, ctx).await?;
            let opts = dlq::redrive::RedriveOptions {
                engine: a.engine,
                to: a.to.clone(),
                function: a.function.clone(),
                subscription: a.subscription.clone(),
                filters: a.filter.clone(),
                max: a.max,
                rate: a.rate,
                max_velocity: a.max_velocity,
                backup: a.backup.clone(),
                dry_run: a.dry_run,
                visibility_s: a.visibility_timeout,
                poll: std::time::Duration::from_secs(2),
            };
            // Plan, confirm, execute: nothing moves before the answer.
            let prepared =
                dlq::redrive::prepare(aws, to_aws.as_ref(), &a.queue, &opts, &ctx.out).await?;
            if !opts.dry_run {
                confirm::confirm(
                    aws,
                    a.yes,
                    &prepared.question(),
                    &prepared.refusal(),
                    "nothing moved: not confirmed",
                )
                .await?;
            }
            let (report, err) =
                dlq::redrive::execute(aws, to_aws.as_ref(), prepared, &opts, &stop, &ctx.out)
                    .await?;
            finish(&report, err, ctx)
        }
    }
}

/// The AWS layer for a destination in another account (`--to-profile`) or region
/// (`--to-region`, or the region that the `--to` ARN or URL names).
async fn destination_aws(a: &cli::DlqRedriveArgs, ctx: &Context) -> Result<Option<Aws>> {
    let here = ctx.aws().await?.settings().region.clone();
    let named = a.to.as_deref().and_then(dlq::queue_ref::region_of);
    let region = a
        .to_region
        .clone()
        .or(named.filter(|r| Some(r) != here.as_ref()));
    if a.to_profile.is_none() && region.is_none() {
        return Ok(None);
    }
    let mut opts = ctx.aws_options.clone();
    if let Some(p) = &a.to_profile {
        opts.profile = Some(p.clone());
    }
    if region.is_some() {
        opts.region = region;
    }
    Ok(Some(Aws::connect(&opts).await?))
}

/// Print a summary, then the error that cut the run short, if any (exit 2).
fn finish<R: render::Report>(report: &R, err: Option<error::Error>, ctx: &Context) -> Result<Exit> {
    let exit = render::emit(report, &ctx.out)?;
    match err {
        Some(e) => Err(e),
        None => Ok(exit),
    }
}

/// `gearctl iam generate`: offline.
fn iam_generate(a: &cli::IamGenerateArgs, ctx: &Context) -> Result<Exit> {
    let opts = iam::generate::Options {
        dir: a.dir.clone(),
        stage: a.stage.clone(),
        region: ctx.aws_options.region.clone(),
        account: a.account.clone(),
        functions: a.functions.clone(),
    };
    let report = iam::generate::generate(&opts)?;
    for v in &report.unresolved_variables {
        ctx.out.warn(format!(
            "serverless.yml variable {v} cannot be resolved offline; resources that use it become wildcards"
        ));
    }
    let format = a.format.unwrap_or(iam::output::Format::Policy);
    let files = iam::output::render(&report, format)?;
    let mut stale = Vec::new();
    match (&a.out_dir, a.check) {
        (Some(dir), true) => stale = iam::outdir::stale(dir, &files)?,
        (Some(dir), false) => iam::outdir::write(dir, &files)?,
        (None, _) if a.format.is_some() && ctx.out.format == cli::OutputFormat::Table => {
            // The fragment itself, ready to paste or redirect.
            let mut out = std::io::stdout().lock();
            for content in files.values() {
                if let Err(e) = std::io::Write::write_all(&mut out, content.as_bytes()) {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        return Ok(Exit::Ok);
                    }
                    return Err(error::Error::io("writing", "stdout", e));
                }
            }
            return Ok(Exit::Ok);
        }
        (None, _) => {}
    }
    for (path, _) in &stale {
        ctx.out.warn(format!(
            "{} is stale: run gearctl iam generate{} --out-dir {} to regenerate",
            path.display(),
            a.format
                .map(|_| format!(" --format {format:?}").to_lowercase())
                .unwrap_or_default(),
            a.out_dir
                .as_ref()
                .map(|d| d.display().to_string())
                .unwrap_or_default()
        ));
    }
    let nothing = report
        .functions
        .iter()
        .all(|f| f.policy.statement.is_empty());
    if nothing && !report.functions.is_empty() {
        return Err(error::Error::usage("no policy could be produced", None));
    }
    let view = iam::report::View {
        report: &report,
        explain: a.explain,
        stale,
    };
    render::emit(&view, &ctx.out)
}

/// `gearctl iam check`: offline.
fn iam_check(a: &cli::IamCheckArgs, ctx: &Context) -> Result<Exit> {
    let opts = iam::generate::Options {
        dir: a.dir.clone(),
        stage: a.stage.clone(),
        region: ctx.aws_options.region.clone(),
        account: a.account.clone(),
        functions: a.functions.clone(),
    };
    let report = iam::check::check(&opts)?;
    render::emit(&report, &ctx.out)
}

/// `gearctl iam diff`.
async fn iam_diff(a: &cli::IamDiffArgs, ctx: &Context) -> Result<Exit> {
    let aws = ctx.aws().await?;
    let account = aws.caller_identity().await?.account;
    let opts = iam::generate::Options {
        dir: a.dir.clone(),
        stage: a.stage.clone(),
        region: aws.settings().region.clone(),
        account: Some(account.clone()),
        // Only the functions asked about are analysed.
        functions: a.functions.clone(),
    };
    let generated = iam::generate::generate(&opts)?;
    let report = iam::diff::diff(aws, &generated, &a.functions, &account).await?;
    render::emit(&report, &ctx.out)
}
