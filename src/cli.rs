//! The command line, declared once with clap derive. The same definition feeds `--help`,
//! the man pages in `man/` and the shell completions in `completions/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::audit::budget::Size;

use crate::aws::AwsOptions;

const ABOUT: &str =
    "Audit, secure, redrive and measure serverless services on AWS Lambda, SQS and CloudWatch";

const LONG_ABOUT: &str = "\
gearctl is one fast binary for teams that run serverless microservices on AWS. It audits \
Lambda package sizes, generates least-privilege IAM policies per function, redrives \
dead-letter queues without losing a message, and reports cold-start durations.

Commands that need AWS use the standard credential chain (environment, profiles, SSO, \
assume-role, instance roles) and the standard variables AWS_PROFILE, AWS_REGION, \
AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>. Offline commands never touch AWS.

Exit codes: 0 ok, 1 a check found something, 2 an error.";

const EXAMPLES: &str = "\
Examples:
  gearctl doctor                                   check credentials, region and access
  gearctl --profile prod --region eu-west-1 doctor
  gearctl --endpoint-url http://127.0.0.1:5000 doctor   against a local emulator
  gearctl --output json doctor | jq .identity.account";

#[derive(Debug, Parser)]
#[command(
    name = "gearctl",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = EXAMPLES,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// True for commands that never touch AWS; they run without worker threads.
    pub fn offline(&self) -> bool {
        match &self.command {
            Command::Audit(a) => a.command.is_none(),
            Command::Coldstarts(c) => !c.log_file.is_empty(),
            Command::Doctor(_) => false,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit Lambda package sizes: local zips and service directories (offline), or
    /// `audit deployed` for what is in the account
    #[command(after_help = AUDIT_EXAMPLES, args_conflicts_with_subcommands = true)]
    Audit(Box<AuditArgs>),

    /// Cold-start counts and init durations per function, from CloudWatch Logs
    #[command(after_help = COLDSTARTS_EXAMPLES)]
    Coldstarts(ColdstartsArgs),

    /// Show who and where gearctl runs as, check access, and list the IAM actions each
    /// command needs
    #[command(after_help = DOCTOR_EXAMPLES)]
    Doctor(DoctorArgs),
}

const DOCTOR_EXAMPLES: &str = "\
Examples:
  gearctl doctor
  gearctl --profile staging doctor
  gearctl --output json doctor
  AWS_ENDPOINT_URL=http://127.0.0.1:5000 gearctl doctor

Exit status: 0 when every check passes, 1 when a service check fails (for example access
denied), 2 when AWS cannot be reached or the credentials do not work.";

#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {}

const COLDSTARTS_EXAMPLES: &str = "\
Examples:
  gearctl coldstarts                              every function, the last 24 hours
  gearctl coldstarts orders-api orders-worker --since 7d
  gearctl coldstarts --by memory --output csv
  gearctl coldstarts --start 2026-11-01T00:00:00Z --end 2026-11-02T00:00:00Z
  gearctl coldstarts --log-file exported.log      offline, from saved log text

Engines: `auto` (default) asks Logs Insights for per-function statistics and scans what
it cannot cover (JSON log format, shared log groups); `scan` reads every REPORT and
INIT_REPORT line (text and JSON formats) with FilterLogEvents, with exact percentiles,
SnapStart restores, cold latency and init failures. A result without stats fields makes
gearctl fall back to scanning. A missing log group is reported and skipped.";

#[derive(Debug, Clone, Args)]
pub struct ColdstartsArgs {
    /// Function names [default: every function in the region]
    #[arg(value_name = "FUNCTION")]
    pub functions: Vec<String>,

    /// How far back to look, e.g. 90m, 24h, 7d [default: 24h]
    #[arg(long, value_name = "DURATION", conflicts_with = "start")]
    pub since: Option<humantime::Duration>,

    /// Window start, RFC 3339 (e.g. 2026-11-01T00:00:00Z)
    #[arg(long, value_name = "TIME")]
    pub start: Option<jiff::Timestamp>,

    /// Window end, RFC 3339 [default: now]
    #[arg(long, value_name = "TIME")]
    pub end: Option<jiff::Timestamp>,

    /// Statistics engine
    #[arg(long, value_enum, default_value_t = crate::coldstart::Engine::Auto)]
    pub engine: crate::coldstart::Engine,

    /// Group rows by function, memory size, runtime, architecture or version
    #[arg(long, value_enum, default_value_t = crate::coldstart::By::Function)]
    pub by: crate::coldstart::By,

    /// Log groups scanned in parallel
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concurrency: u16,

    /// Read exported log text from FILE instead of CloudWatch (offline; repeatable)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["functions", "since", "start", "end"])]
    pub log_file: Vec<std::path::PathBuf>,
}

impl ColdstartsArgs {
    /// The window in epoch milliseconds, given the current time.
    pub fn window(&self, now_ms: i64) -> crate::error::Result<(i64, i64)> {
        let end = self.end.map(|t| t.as_millisecond()).unwrap_or(now_ms);
        let start = match (self.start, self.since) {
            (Some(t), _) => t.as_millisecond(),
            (None, Some(d)) => end - d.as_millis().min(i64::MAX as u128) as i64,
            (None, None) => end - 24 * 3_600_000,
        };
        if start >= end {
            return Err(crate::error::Error::usage(
                "the time window is empty: its start is not before its end",
                Some("use --since 24h, or a --start before --end".to_string()),
            ));
        }
        Ok((start, end))
    }
}

const AUDIT_EXAMPLES: &str = "\
Examples:
  gearctl audit                                  the service in the current directory
  gearctl audit .serverless/*.zip --max-zipped 10MiB
  gearctl audit services/orders --deep           also duplicates and the zipped size
  gearctl audit dist/app.zip --runtime nodejs20.x --output json
  gearctl audit deployed                         every function in the region
  gearctl audit deployed --keep 3 --prune --dry-run

Sizes: 10MiB = 10×1024² bytes, 10MB = 10×1000² bytes. Lambda's own limits (always checked)
are 50 MiB zipped for direct upload and 250 MiB unzipped including layers.

Exit status: 0 ok, 1 a budget or AWS limit is exceeded or a package could not be read,
2 when nothing could be audited.";

#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: Option<AuditCommand>,

    /// Zip files and service directories (with serverless.yml) [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub budget: BudgetArgs,

    /// Fail when a package's unzipped size exceeds SIZE
    #[arg(long, value_name = "SIZE")]
    pub max_unzipped: Option<Size>,

    /// Also read file contents: duplicate files, and the zipped size of source trees
    #[arg(long)]
    pub deep: bool,

    /// How many biggest contributors to list per package
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,

    /// Lambda runtime of zips whose runtime is not known (e.g. python3.12, nodejs20.x)
    #[arg(long, value_name = "RUNTIME")]
    pub runtime: Option<String>,

    /// Report single files at least this big [default: 5MiB]
    #[arg(long, value_name = "SIZE")]
    pub huge_file: Option<Size>,

    /// Stage used to resolve serverless.yml variables
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
}

/// Budget flags shared by local and deployed audits.
#[derive(Debug, Clone, Args)]
pub struct BudgetArgs {
    /// Fail when a package's zipped size exceeds SIZE (e.g. 10MiB)
    #[arg(long, value_name = "SIZE")]
    pub max_zipped: Option<Size>,

    /// Budget file with an `audit:` section [default: ./.gearctl.yml, and one in each service directory]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum AuditCommand {
    /// Audit the deployed functions: code size, layers, versions and the storage they hold;
    /// prune old versions
    #[command(after_help = DEPLOYED_EXAMPLES)]
    Deployed(DeployedArgs),
}

const DEPLOYED_EXAMPLES: &str = "\
Examples:
  gearctl audit deployed
  gearctl audit deployed orders-prod-api orders-prod-worker --output csv
  gearctl audit deployed --max-zipped 20MiB
  gearctl audit deployed orders-prod-api --deep  download and inspect the package
  gearctl audit deployed --keep 3                 list what pruning would delete
  gearctl audit deployed --keep 3 --prune --dry-run
  gearctl audit deployed --keep 3 --prune --yes   delete without asking

Pruning never deletes $LATEST or a version an alias routes to (weighted routing included).
Without --yes it asks at the terminal, and refuses when stdin is not a terminal.";

#[derive(Debug, Clone, Args)]
pub struct DeployedArgs {
    /// Function names [default: every function in the region]
    #[arg(value_name = "FUNCTION")]
    pub names: Vec<String>,

    #[command(flatten)]
    pub budget: BudgetArgs,

    /// Keep the newest N unaliased versions out of the prunable list
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub keep: usize,

    /// Delete the prunable versions (requires an explicit --keep)
    #[arg(long, requires = "keep")]
    pub prune: bool,

    /// With --prune: show what would be deleted, delete nothing
    #[arg(long, requires = "prune")]
    pub dry_run: bool,

    /// With --prune: do not ask for confirmation
    #[arg(short, long, requires = "prune")]
    pub yes: bool,

    /// Functions read in parallel
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,

    /// Download each package (GetFunction) and audit its content like a local zip:
    /// unzipped size, contributors, bloat rules, duplicates
    #[arg(long)]
    pub deep: bool,

    /// With --deep: fail when a package's unzipped size exceeds SIZE
    #[arg(long, value_name = "SIZE", requires = "deep")]
    pub max_unzipped: Option<Size>,

    /// With --deep: how many biggest contributors to list per package
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,

    /// With --deep: report single files at least this big [default: 5MiB]
    #[arg(long, value_name = "SIZE")]
    pub huge_file: Option<Size>,
}

/// Flags every command accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    #[command(flatten)]
    pub aws: AwsArgs,

    /// Output format of the result on stdout
    #[arg(
        short = 'o',
        long,
        global = true,
        value_enum,
        default_value_t = OutputFormat::Table,
        help_heading = "Output"
    )]
    pub output: OutputFormat,

    /// When to use colors (NO_COLOR is honoured in auto)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Output")]
    pub color: ColorChoice,

    /// No progress bars or warnings on stderr; errors are still printed
    #[arg(short, long, global = true, help_heading = "Output")]
    pub quiet: bool,

    /// Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Output")]
    pub verbose: u8,
}

/// Where and as whom to call AWS.
#[derive(Debug, Clone, Args)]
pub struct AwsArgs {
    /// Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]
    #[arg(long, global = true, value_name = "NAME", help_heading = "AWS")]
    pub profile: Option<String>,

    /// AWS region, e.g. eu-west-1 [env: AWS_REGION]
    #[arg(long, global = true, value_name = "REGION", help_heading = "AWS")]
    pub region: Option<String>,

    /// Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]
    #[arg(long, global = true, value_name = "URL", help_heading = "AWS")]
    pub endpoint_url: Option<String>,

    /// Attempts per AWS call, throttling retries included (adaptive retry mode)
    #[arg(
        long,
        global = true,
        value_name = "N",
        env = "AWS_MAX_ATTEMPTS",
        default_value_t = crate::aws::DEFAULT_MAX_ATTEMPTS,
        value_parser = clap::value_parser!(u32).range(1..=20),
        help_heading = "AWS"
    )]
    pub max_attempts: u32,
}

impl AwsArgs {
    pub fn options(&self) -> AwsOptions {
        AwsOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            max_attempts: Some(self.max_attempts),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A human-readable table
    Table,
    /// A versioned JSON document (see README, "JSON output")
    Json,
    /// The same document as YAML
    Yaml,
    /// One row per item (package, function…), raw numbers; not every command has it
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
