//! The command line, declared once with clap derive. The same definition feeds `--help`,
//! the man pages in `man/` and the shell completions in `completions/`.

use clap::{Args, Parser, Subcommand, ValueEnum};

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

#[derive(Debug, Subcommand)]
pub enum Command {
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
