//! The command line, declared once with clap derive. The same definition feeds `--help`,
//! the man pages in `man/` and the shell completions in `completions/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::units::Size;
// The output choices belong to the renderer (a leaf); the CLI only parses them.
pub use crate::render::{ColorChoice, OutputFormat};

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
            Command::Iam(IamCommand::Generate(_)) => true,
            Command::Iam(IamCommand::Diff(_)) => false,
            Command::Iam(IamCommand::Check(_)) => true,
            Command::Dlq(_) => false,
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

    /// Least-privilege IAM policies per function, from serverless.yml and the handler
    /// code; and what deployed roles grant beyond them
    #[command(subcommand)]
    Iam(IamCommand),

    /// Dead-letter queues: find them, look inside, export, import, and redrive without
    /// losing a message
    #[command(subcommand)]
    Dlq(DlqCommand),

    /// Cold-start counts and init durations per function, from CloudWatch Logs
    #[command(after_help = COLDSTARTS_EXAMPLES)]
    Coldstarts(ColdstartsArgs),

    /// Show who and where gearctl runs as, check access, and list the IAM actions each
    /// command needs
    #[command(after_help = DOCTOR_EXAMPLES)]
    Doctor(DoctorArgs),
}

#[derive(Debug, Clone, Subcommand)]
pub enum IamCommand {
    /// Generate one least-privilege policy per function (offline: no AWS call)
    #[command(after_help = IAM_GENERATE_EXAMPLES)]
    Generate(IamGenerateArgs),

    /// Compare deployed functions' roles with what their code needs: excess and missing
    #[command(after_help = IAM_DIFF_EXAMPLES)]
    Diff(IamDiffArgs),

    /// Check the roles serverless.yml declares against what the code needs (offline)
    #[command(after_help = IAM_CHECK_EXAMPLES)]
    Check(IamCheckArgs),
}

const IAM_GENERATE_EXAMPLES: &str = "\
Examples:
  gearctl iam generate                                  the service in the current directory
  gearctl iam generate services/orders --explain        why each action is there
  gearctl iam generate --out-dir iam/                   one <function>.json per function
  gearctl iam generate --format serverless --out-dir iam/
  gearctl iam generate --format terraform               print iam.tf to stdout
  gearctl iam generate --out-dir iam/ --check           CI gate: exit 1 with a diff when stale
  gearctl iam generate --output json | jq '.policies'

Every action comes from a line of handler code (boto3, aws-sdk v2, @aws-sdk v3) reachable
from the function's handler, or from serverless.yml (log group, event sources, failure
destinations, VPC, tracing, KMS key). Resources are resolved through constants, environment
variables and serverless.yml (${self:…}, ${sls:stage}, !Ref, !GetAtt, Fn::Sub, Fn::Join);
ARNs use ${AWS::Region} and ${AWS::AccountId} unless --region and --account are given. A
resource that cannot be resolved becomes a wildcard on that action only, and is listed.

Exit status: 0 ok (findings are listed, not failures), 1 with --check when files are stale,
2 when nothing could be produced (no serverless.yml, unreadable YAML).";

const IAM_DIFF_EXAMPLES: &str = "\
Examples:
  gearctl iam diff orders-prod-api orders-prod-worker --dir services/orders --stage prod
  gearctl iam diff api --output json

Reads each function's execution role (inline and attached managed policies) and compares
it with the policy `iam generate` builds for it. Exit status: 1 when anything is excess or
missing.";

#[derive(Debug, Clone, Args)]
pub struct IamGenerateArgs {
    /// Service directory (with serverless.yml)
    #[arg(value_name = "SERVICE_DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Only these functions (keys in serverless.yml or deployed names; repeatable)
    #[arg(long = "function", value_name = "NAME")]
    pub functions: Vec<String>,

    /// Stage used to resolve serverless.yml variables
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,

    /// Account ID in ARNs [default: ${AWS::AccountId}]
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,

    /// File format with --out-dir, or printed to stdout instead of the summary
    #[arg(long, value_enum)]
    pub format: Option<crate::iam::output::Format>,

    /// Write the files here
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// Compare fresh output with the files in --out-dir; exit 1 with a diff when stale
    #[arg(long, requires = "out_dir")]
    pub check: bool,

    /// Show, for every action, the line of code or serverless.yml key that needs it
    #[arg(long)]
    pub explain: bool,
}

const IAM_CHECK_EXAMPLES: &str = "\
Examples:
  gearctl iam check                                     the service in the current directory
  gearctl iam check services/orders --stage prod
  gearctl iam check --output json | jq '.functions[].findings[]'

Reads the statements the service grants in its own files (provider.iam.role.statements,
provider.iamRoleStatements, functions.<fn>.iamRoleStatements with
serverless-iam-roles-per-function, functions.<fn>.iam.role.statements, and AWS::IAM::Role
resources that a function's role: names) and compares them with the policy `iam generate`
builds. Findings: wildcard-action, wildcard-resource, unneeded-action, missing; each with the
file and line that grants it, and the statements to write instead.

Exit status: 0 when the declared roles grant what the code needs and no more, 1 on any
finding, 2 on errors (no serverless.yml, unreadable YAML).";

#[derive(Debug, Clone, Args)]
pub struct IamCheckArgs {
    /// Service directory (with serverless.yml)
    #[arg(value_name = "SERVICE_DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Only these functions (keys in serverless.yml or deployed names; repeatable)
    #[arg(long = "function", value_name = "NAME")]
    pub functions: Vec<String>,

    /// Stage used to resolve serverless.yml variables
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,

    /// Account ID in ARNs [default: ${AWS::AccountId}]
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct IamDiffArgs {
    /// Deployed function names (or keys in serverless.yml)
    #[arg(value_name = "FUNCTION", required = true)]
    pub functions: Vec<String>,

    /// Service directory (with serverless.yml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Stage used to resolve serverless.yml variables
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum DlqCommand {
    /// Find the DLQs in the region (queue redrive policies, Lambda DLQs and on-failure
    /// destinations) with their depth and sources
    #[command(after_help = DLQ_LIST_EXAMPLES)]
    List(DlqListArgs),

    /// Show messages without consuming them; they are visible again right after
    #[command(after_help = DLQ_PEEK_EXAMPLES)]
    Peek(DlqPeekArgs),

    /// Write messages to a JSONL file; with --delete, drain the queue into it
    #[command(after_help = DLQ_EXPORT_EXAMPLES)]
    Export(DlqExportArgs),

    /// Send the messages of a JSONL file (from `dlq export`) to a queue
    #[command(after_help = DLQ_IMPORT_EXAMPLES)]
    Import(DlqImportArgs),

    /// Move messages back to their source queue, to another queue, or re-invoke the
    /// function
    #[command(after_help = DLQ_REDRIVE_EXAMPLES)]
    Redrive(Box<DlqRedriveArgs>),
}

const DLQ_LIST_EXAMPLES: &str = "\
Examples:
  gearctl dlq list
  gearctl dlq list --prefix orders- --output json

A queue is listed when another queue's RedrivePolicy, a function's DeadLetterConfig, an
async on-failure destination, an event-source mapping's on-failure destination, an SNS
subscription's RedrivePolicy or an EventBridge rule target's DeadLetterConfig names it.";

const DLQ_PEEK_EXAMPLES: &str = "\
Examples:
  gearctl dlq peek orders-dlq
  gearctl dlq peek https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq -n 50
  gearctl dlq peek orders-dlq --filter attr.ErrorCode=200 --output json

Peeking receives messages (their receive count goes up) and returns them to the queue at
once when done; if gearctl is killed, they come back after 30 seconds.";

const DLQ_EXPORT_EXAMPLES: &str = "\
Examples:
  gearctl dlq export orders-dlq --to orders-dlq.jsonl
  gearctl dlq export orders-dlq --to orders-dlq.jsonl --delete --yes

Each line holds one message: body, system attributes, message attributes (binary values in
base64) and the queue ARN. With --delete a batch is deleted only after its lines are written
and fsynced.";

const DLQ_IMPORT_EXAMPLES: &str = "\
Examples:
  gearctl dlq import orders-dlq.jsonl --to orders-dlq
  gearctl dlq import orders-dlq.jsonl --to orders.fifo --dry-run

Message attributes, FIFO group IDs and the order within each group are kept. On FIFO queues
the deduplication ID is the exported MessageId, so importing a file twice within 5 minutes
sends each message once; standard queues would receive it twice.";

const DLQ_REDRIVE_EXAMPLES: &str = "\
Examples:
  gearctl dlq redrive orders-dlq                         back to its source queue
  gearctl dlq redrive orders-dlq --dry-run               what would happen, nothing moved
  gearctl dlq redrive orders-dlq --to orders-replay --max 100 --rate 20/s
  gearctl dlq redrive orders-dlq --filter body.type=OrderPlaced --backup saved.jsonl
  gearctl dlq redrive orders-dlq --to arn:aws:sqs:eu-west-1:123456789012:orders --yes
  gearctl dlq redrive thumbnail-failures --engine lambda --function thumbnail
  gearctl dlq redrive orders-sns-dlq --subscription arn:aws:sns:eu-west-1:123456789012:orders:0b1f…
  gearctl dlq redrive orders-dlq --cancel                stop a running move task

Engines: auto (default) uses lambda for a DLQ that only functions feed, native (SQS's move
task) when the DLQ's sources are SQS queues and no --filter, --max, --rate, --backup or
other-region destination is asked for, and move otherwise; it says which and why. The DLQ
of an SNS subscription goes to that subscription's queue (move) or function (lambda, with
the SNS event rebuilt), never to the topic; the DLQ of an EventBridge rule target goes back
on the rule's bus with PutEvents (eventbridge). A message is deleted from the DLQ only after
it was sent (or Lambda or EventBridge accepted it). Ctrl-C stops after the batch in flight.

Exit status: 0 all moved, 1 something was left behind (see the summary), 2 an error.";

#[derive(Debug, Clone, Args)]
pub struct DlqListArgs {
    /// Only queues whose name starts with PREFIX
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct DlqPeekArgs {
    /// Queue name, URL or ARN
    #[arg(value_name = "QUEUE")]
    pub queue: String,

    /// How many messages to show
    #[arg(short = 'n', long = "count", value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub count: u32,

    /// Only messages that match (repeatable; see `dlq redrive --help`)
    #[arg(long, value_name = "EXPR")]
    pub filter: Vec<crate::dlq::filter::Filter>,
}

#[derive(Debug, Clone, Args)]
pub struct DlqExportArgs {
    /// Queue name, URL or ARN
    #[arg(value_name = "QUEUE")]
    pub queue: String,

    /// The JSONL file to write
    #[arg(long, value_name = "FILE.jsonl")]
    pub to: PathBuf,

    /// Delete each message once its line is written and fsynced
    #[arg(long)]
    pub delete: bool,

    /// Add to FILE when it already has lines
    #[arg(long)]
    pub append: bool,

    /// Stop after N messages
    #[arg(long, value_name = "N")]
    pub max: Option<usize>,

    /// Only messages that match (repeatable)
    #[arg(long, value_name = "EXPR")]
    pub filter: Vec<crate::dlq::filter::Filter>,

    /// With --delete: do not ask for confirmation
    #[arg(short, long, requires = "delete")]
    pub yes: bool,

    /// Seconds messages stay hidden while exported without --delete
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(i32).range(30..=43200))]
    pub visibility_timeout: i32,
}

#[derive(Debug, Clone, Args)]
pub struct DlqImportArgs {
    /// A JSONL file written by `dlq export`
    #[arg(value_name = "FILE.jsonl")]
    pub file: PathBuf,

    /// Queue name, URL or ARN to send to
    #[arg(long, value_name = "QUEUE")]
    pub to: String,

    /// Read and check the file, send nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Args)]
pub struct DlqRedriveArgs {
    /// The DLQ: name, URL or ARN
    #[arg(value_name = "QUEUE")]
    pub queue: String,

    /// Destination queue (name, URL or ARN) [default: the DLQ's source queue]
    #[arg(long, value_name = "QUEUE")]
    pub to: Option<String>,

    /// Profile for the destination queue (another account)
    #[arg(long, value_name = "NAME", requires = "to")]
    pub to_profile: Option<String>,

    /// Region of the destination queue [default: the region an ARN or URL names]
    #[arg(long, value_name = "REGION", requires = "to")]
    pub to_region: Option<String>,

    /// Re-invoke this function with each message (lambda engine)
    #[arg(long, value_name = "NAME", conflicts_with = "to")]
    pub function: Option<String>,

    /// For a DLQ that SNS subscriptions feed: the subscription (ARN) whose endpoint gets the
    /// messages
    #[arg(long, value_name = "ARN", conflicts_with_all = ["to", "function"])]
    pub subscription: Option<String>,

    /// How to move the messages
    #[arg(long, value_enum, default_value_t = crate::dlq::redrive::Engine::Auto)]
    pub engine: crate::dlq::redrive::Engine,

    /// Only messages that match: body.PATH=VALUE, body.PATH~VALUE, body~TEXT,
    /// attr.NAME=VALUE, attr.NAME~VALUE (repeatable; all must match)
    #[arg(long, value_name = "EXPR")]
    pub filter: Vec<crate::dlq::filter::Filter>,

    /// Stop after N messages
    #[arg(long, value_name = "N")]
    pub max: Option<usize>,

    /// At most N messages per second (e.g. 20 or 20/s)
    #[arg(long, value_name = "N/s", value_parser = crate::dlq::parse_rate)]
    pub rate: Option<f64>,

    /// Native engine: at most N messages per second (1–500)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..=500))]
    pub max_velocity: Option<i32>,

    /// Append each message to this JSONL file (fsynced) before it is moved
    #[arg(long, value_name = "FILE.jsonl")]
    pub backup: Option<PathBuf>,

    /// Show what would be moved, move nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask for confirmation
    #[arg(short, long)]
    pub yes: bool,

    /// Cancel the DLQ's running move task instead
    #[arg(long, conflicts_with_all = ["to", "function", "subscription", "filter", "max", "rate", "backup", "dry_run"])]
    pub cancel: bool,

    /// Seconds a received message stays hidden (extended while it is being moved)
    #[arg(long, value_name = "SECONDS", default_value_t = 120, value_parser = clap::value_parser!(i32).range(10..=43200))]
    pub visibility_timeout: i32,
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

    /// AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`,
    /// `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1
    #[arg(
        long,
        global = true,
        value_name = "REGION[,REGION…]",
        help_heading = "AWS"
    )]
    pub region: Option<String>,

    /// Every region the account has enabled (account:ListRegions); for `audit deployed`,
    /// `dlq list`, `coldstarts` and `doctor`
    #[arg(long, global = true, conflicts_with = "region", help_heading = "AWS")]
    pub all_regions: bool,

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
    /// The regions asked for (`--region` list or `--all-regions`).
    pub fn regions(&self) -> crate::error::Result<crate::regions::Selection> {
        crate::regions::Selection::parse(self.region.as_deref(), self.all_regions)
    }

    pub fn options(&self) -> AwsOptions {
        AwsOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            max_attempts: Some(self.max_attempts),
        }
    }
}
