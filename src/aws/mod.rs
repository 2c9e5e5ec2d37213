//! The shared AWS client layer: the only code in gearctl that names `aws_sdk_*` types.
//!
//! [`Aws::connect`] resolves the SDK configuration once (profile, region, endpoint, retries,
//! timeouts) and hands out clients on first use. The service files (`lambda.rs`, `sqs.rs`, …)
//! are thin async functions that paginate, batch, and return plain structs, so the job
//! modules above them are testable without AWS. Offline commands never call `connect`.

pub mod account;
pub mod cloudwatch;
pub mod error;
pub mod events;
mod guard;
pub mod iam;
pub mod lambda;
pub mod logs;
mod profile;
#[cfg(feature = "testkit")]
pub mod seed;
pub mod sns;
pub mod sqs;
pub mod sqs_messages;
#[cfg(test)]
pub mod sqs_mocks;
pub mod sts;

use std::sync::OnceLock;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;

pub use error::{AwsError, AwsErrorKind, Call};
pub use guard::{MAX_ANSWER_BYTES, set_quiet};

/// Default number of attempts per call, throttling included (adaptive retry mode).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longer than the longest wait AWS itself takes: a ReceiveMessage long poll of 20 s.
const READ_TIMEOUT: Duration = Duration::from_secs(25);
/// The budget of one call, every attempt and back-off included. A silent or always-throttling
/// endpoint ends here with an error that says so, instead of retrying for minutes.
pub const CALL_BUDGET: Duration = Duration::from_secs(30);
/// Region used when an endpoint override is given and nothing else names a region:
/// emulators accept any region, and refusing to run there would only annoy.
const EMULATOR_REGION: &str = "us-east-1";
/// Marks the fixed credentials we use for a loopback emulator when none are configured.
const EMULATOR_CREDENTIALS: &str = "gearctl-emulator";

/// What the user asked for on the command line (environment variables are resolved by
/// aws-config itself: AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>).
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub max_attempts: Option<u32>,
}

/// The settings in force after resolution, for messages and `doctor`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Where the credentials come from, so that errors blame the right one.
    pub credentials: CredentialSource,
}

/// Where the credentials of the calls come from, in the order the chain takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CredentialSource {
    /// A named profile: `--profile`, or `AWS_PROFILE` when no keys are exported.
    Profile(String),
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, which the chain takes first.
    Environment,
    /// gearctl's fixed test keys, for an emulator on this machine.
    Emulator,
    /// The rest of the default chain: the `default` profile, web identity, container or
    /// instance role.
    #[default]
    DefaultChain,
}

impl CredentialSource {
    /// For messages: "profile `prod`", "the environment (AWS_ACCESS_KEY_ID)", …
    pub fn describe(&self) -> String {
        match self {
            CredentialSource::Profile(p) => format!("profile `{p}`"),
            CredentialSource::Environment => {
                "the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)".to_string()
            }
            CredentialSource::Emulator => "gearctl's test keys for a local emulator".to_string(),
            CredentialSource::DefaultChain => "the default credential chain".to_string(),
        }
    }
}

/// A resolved AWS configuration plus lazily built clients.
pub struct Aws {
    config: SdkConfig,
    settings: Settings,
    /// True when `--endpoint-url` was given: it then wins over the per-service variables.
    endpoint_from_flag: bool,
    emulator_credentials: bool,
    lambda: OnceLock<aws_sdk_lambda::Client>,
    sqs: OnceLock<aws_sdk_sqs::Client>,
    logs: OnceLock<aws_sdk_cloudwatchlogs::Client>,
    iam: OnceLock<aws_sdk_iam::Client>,
    sts: OnceLock<aws_sdk_sts::Client>,
    cloudwatch: OnceLock<aws_sdk_cloudwatch::Client>,
    sns: OnceLock<aws_sdk_sns::Client>,
    events: OnceLock<aws_sdk_eventbridge::Client>,
    account: OnceLock<aws_sdk_account::Client>,
}

impl Aws {
    /// Resolve the configuration. This reads profiles and environment but makes no call to
    /// AWS yet, except what the credential chain itself needs.
    pub async fn connect(opts: &AwsOptions) -> Result<Aws, AwsError> {
        let env_endpoint = std::env::var("AWS_ENDPOINT_URL")
            .ok()
            .filter(|s| !s.is_empty());
        let endpoint_url = opts.endpoint_url.clone().or(env_endpoint);
        let profile = opts
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|s| !s.is_empty()));
        // As the AWS CLI does: a profile that is named but not defined is an error, never a
        // silent fall-through to whatever else the chain finds.
        let env_keys = std::env::var_os("AWS_ACCESS_KEY_ID").is_some_and(|v| !v.is_empty());
        if let Some(p) = &profile {
            profile::ensure_defined(p).await?;
        } else if !env_keys {
            profile::ensure_default_has_no_loop().await?;
        }

        let retry = RetryConfig::adaptive()
            .with_max_attempts(opts.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS).max(1));
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .operation_timeout(CALL_BUDGET)
            .build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(retry)
            .timeout_config(timeouts);
        if let Some(p) = &opts.profile {
            loader = loader.profile_name(p);
        }
        if let Some(r) = &opts.region {
            loader = loader.region(Region::new(r.clone()));
        }
        if let Some(u) = &opts.endpoint_url {
            loader = loader.endpoint_url(u);
        }
        let emulator_credentials =
            endpoint_url.as_deref().is_some_and(is_loopback) && profile.is_none() && !env_keys;
        let credentials = match (&opts.profile, &profile) {
            _ if emulator_credentials => CredentialSource::Emulator,
            (Some(p), _) => CredentialSource::Profile(p.clone()),
            _ if env_keys => CredentialSource::Environment,
            (None, Some(p)) => CredentialSource::Profile(p.clone()),
            (None, None) => CredentialSource::DefaultChain,
        };
        if emulator_credentials {
            loader = loader.credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "test",
                "test",
                None,
                None,
                EMULATOR_CREDENTIALS,
            )));
        }
        let mut config = loader.load().await;
        // `--profile` names the credentials too, as in the AWS CLI: the profile's own, even
        // when keys are exported in the environment (the default chain would take those
        // first and act on another account). AWS_PROFILE keeps the chain's order.
        if let Some(p) = &opts.profile {
            let provider = profile::credentials(p, config.region().cloned());
            config = config
                .into_builder()
                .credentials_provider(SharedCredentialsProvider::new(provider))
                .build();
        }

        if config.region().is_none() && endpoint_url.is_some() {
            config = config
                .into_builder()
                .region(Region::new(EMULATOR_REGION))
                .build();
        }
        let any_endpoint = endpoint_url.is_some()
            || config.endpoint_url().is_some()
            || std::env::vars_os()
                .any(|(k, _)| k.to_string_lossy().starts_with("AWS_ENDPOINT_URL_"));
        let settings = Settings {
            profile,
            region: config.region().map(|r| r.to_string()),
            endpoint_url,
            credentials,
        };
        match &settings.region {
            None => return Err(error::no_region()),
            // An emulator takes any region; AWS has no endpoint for a name of another shape.
            Some(r) if !any_endpoint && !is_region_name(r) => return Err(error::bad_region(r)),
            Some(_) => {}
        }
        tracing::info!(?settings, "AWS configuration resolved");
        Ok(Aws::new(
            config,
            settings,
            opts.endpoint_url.is_some(),
            emulator_credentials,
        ))
    }

    /// The layer over one resolved configuration; each client is built on first use.
    fn new(
        config: SdkConfig,
        settings: Settings,
        endpoint_from_flag: bool,
        emulator_credentials: bool,
    ) -> Aws {
        Aws {
            config,
            settings,
            endpoint_from_flag,
            emulator_credentials,
            lambda: OnceLock::new(),
            sqs: OnceLock::new(),
            logs: OnceLock::new(),
            iam: OnceLock::new(),
            sts: OnceLock::new(),
            cloudwatch: OnceLock::new(),
            sns: OnceLock::new(),
            events: OnceLock::new(),
            account: OnceLock::new(),
        }
    }

    /// An AWS layer whose Logs client is given (mocked in tests).
    #[cfg(test)]
    pub(crate) fn with_logs_client(client: aws_sdk_cloudwatchlogs::Client) -> Aws {
        let aws = Aws::for_tests();
        let _ = aws.logs.set(client);
        aws
    }

    /// An AWS layer whose Lambda client is given (mocked in tests).
    #[cfg(test)]
    pub(crate) fn with_lambda_client(client: aws_sdk_lambda::Client) -> Aws {
        let aws = Aws::for_tests();
        let _ = aws.lambda.set(client);
        aws
    }

    /// An AWS layer whose SQS client is given (mocked in tests).
    #[cfg(test)]
    pub(crate) fn with_sqs_client(client: aws_sdk_sqs::Client) -> Aws {
        let aws = Aws::for_tests();
        let _ = aws.sqs.set(client);
        aws
    }

    /// An AWS layer whose Account client is given (mocked in tests).
    #[cfg(test)]
    pub(crate) fn with_account_client(client: aws_sdk_account::Client) -> Aws {
        let aws = Aws::for_tests();
        let _ = aws.account.set(client);
        aws
    }

    /// An AWS layer whose CloudWatch client is given (mocked in tests).
    #[cfg(test)]
    pub(crate) fn with_cloudwatch_client(client: aws_sdk_cloudwatch::Client) -> Aws {
        let aws = Aws::for_tests();
        let _ = aws.cloudwatch.set(client);
        aws
    }

    #[cfg(test)]
    fn for_tests() -> Aws {
        Aws::new(
            SdkConfig::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("us-east-1"))
                .build(),
            Settings {
                region: Some("us-east-1".into()),
                ..Settings::default()
            },
            false,
            false,
        )
    }

    /// The same configuration in another region: the credentials provider and its cache are
    /// shared, so an SSO login or an assumed role is resolved once for every region. Clients
    /// are built anew on first use, with this region's endpoint.
    pub fn for_region(&self, region: &str) -> Aws {
        let config = self
            .config
            .to_builder()
            .region(Region::new(region.to_string()))
            .build();
        Aws::new(
            config,
            Settings {
                region: Some(region.to_string()),
                ..self.settings.clone()
            },
            self.endpoint_from_flag,
            self.emulator_credentials,
        )
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The endpoint that one service's calls go to when it is not AWS's own (an emulator, a
    /// custom endpoint), in the SDK's order: `--endpoint-url`, `AWS_ENDPOINT_URL_<SERVICE>`
    /// (`service` is e.g. `SQS` or `LAMBDA`), then `AWS_ENDPOINT_URL` or the profile's
    /// `endpoint_url`. A profile's per-service `services` section is not read: there the
    /// answer is None, the strict side for the checks that ask.
    pub fn endpoint_override(&self, service: &str) -> Option<String> {
        if self.endpoint_from_flag {
            return self.settings.endpoint_url.clone();
        }
        let ignore = std::env::var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .is_ok_and(|v| v.eq_ignore_ascii_case("true"));
        let per_service = std::env::var(format!("AWS_ENDPOINT_URL_{service}"))
            .ok()
            .filter(|s| !s.is_empty() && !ignore);
        per_service.or_else(|| self.config.endpoint_url().map(str::to_string))
    }

    pub(crate) fn lambda(&self) -> &aws_sdk_lambda::Client {
        self.lambda.get_or_init(|| {
            let conf = aws_sdk_lambda::config::Builder::from(&self.config)
                .interceptor(self.guard("lambda", "LAMBDA"))
                .retry_classifier(guard::NoRetryWhenTooLarge)
                .build();
            aws_sdk_lambda::Client::from_conf(conf)
        })
    }

    pub(crate) fn sqs(&self) -> &aws_sdk_sqs::Client {
        self.sqs.get_or_init(|| {
            let conf = aws_sdk_sqs::config::Builder::from(&self.config)
                .interceptor(self.guard("sqs", "SQS"))
                .retry_classifier(guard::NoRetryWhenTooLarge)
                .build();
            aws_sdk_sqs::Client::from_conf(conf)
        })
    }

    pub(crate) fn logs(&self) -> &aws_sdk_cloudwatchlogs::Client {
        self.logs.get_or_init(|| {
            let conf = aws_sdk_cloudwatchlogs::config::Builder::from(&self.config)
                .interceptor(self.guard("logs", "CLOUDWATCH_LOGS"))
                .retry_classifier(guard::NoRetryWhenTooLarge)
                .build();
            aws_sdk_cloudwatchlogs::Client::from_conf(conf)
        })
    }

    pub(crate) fn iam(&self) -> &aws_sdk_iam::Client {
        self.iam.get_or_init(|| {
            let conf = aws_sdk_iam::config::Builder::from(&self.config)
                .interceptor(self.guard("iam", "IAM"))
                .retry_classifier(guard::NoRetryWhenTooLarge)
                .build();
            aws_sdk_iam::Client::from_conf(conf)
        })
    }

    pub(crate) fn cloudwatch(&self) -> &aws_sdk_cloudwatch::Client {
        self.cloudwatch.get_or_init(|| {
            let conf = aws_sdk_cloudwatch::config::Builder::from(&self.config)
                .interceptor(self.guard("cloudwatch", "CLOUDWATCH"))
                .retry_classifier(guard::NoRetryWhenTooLarge)
                .build();
            aws_sdk_cloudwatch::Client::from_conf(conf)
        })
    }

    pub(crate) fn sns(&self) -> &aws_sdk_sns::Client {
        self.sns.get_or_init(|| {
            let conf = aws_sdk_sns::config::Builder::from(&self.config)
                .interceptor(self.guard("sns", "SNS"))
                .retry_classifier(guard::NoRetryWhenTooLarge)
                .build();
            aws_sdk_sns::Client::from_conf(conf)
        })
    }

    pub(crate) fn events(&self) -> &aws_sdk_eventbridge::Client {
        self.events.get_or_init(|| {
            let conf = aws_sdk_eventbridge::config::Builder::from(&self.config)
                .interceptor(self.guard("events", "EVENTBRIDGE"))
                .retry_classifier(guard::NoRetryWhenTooLarge)
                .build();
            aws_sdk_eventbridge::Client::from_conf(conf)
        })
    }

    pub(crate) fn account(&self) -> &aws_sdk_account::Client {
        self.account.get_or_init(|| {
            let conf = aws_sdk_account::config::Builder::from(&self.config)
                .interceptor(self.guard("account", "ACCOUNT"))
                .retry_classifier(guard::NoRetryWhenTooLarge)
                .build();
            aws_sdk_account::Client::from_conf(conf)
        })
    }

    pub(crate) fn sts(&self) -> &aws_sdk_sts::Client {
        self.sts.get_or_init(|| {
            let conf = aws_sdk_sts::config::Builder::from(&self.config)
                .interceptor(self.guard("sts", "STS"))
                .retry_classifier(guard::NoRetryWhenTooLarge)
                .build();
            aws_sdk_sts::Client::from_conf(conf)
        })
    }

    /// The guard of one service's client (see [`guard`]); `env` is the service's part of
    /// `AWS_ENDPOINT_URL_<SERVICE>`.
    fn guard(&self, service: &'static str, env: &str) -> guard::Guard {
        let place = match self.endpoint_override(env) {
            Some(url) => url,
            None => format!(
                "AWS in region {}",
                self.settings.region.as_deref().unwrap_or("(none)")
            ),
        };
        guard::Guard { service, place }
    }

    /// Classify an SDK error from a call made with this configuration.
    pub(crate) fn err<E>(
        &self,
        err: aws_smithy_runtime_api::client::result::SdkError<
            E,
            aws_smithy_runtime_api::http::Response,
        >,
        call: Call,
    ) -> AwsError
    where
        E: aws_smithy_types::error::metadata::ProvideErrorMetadata
            + std::error::Error
            + Send
            + Sync
            + 'static,
    {
        error::classify(err, call, &self.settings)
    }
}

/// True for names shaped as AWS regions: lower-case words and a number (`us-east-1`,
/// `us-gov-west-1`, `eusc-de-east-1`), the `…-global` pseudo-regions, and the legacy FIPS
/// forms (`fips-us-east-1`, `us-east-1-fips`).
fn is_region_name(region: &str) -> bool {
    let name = region
        .strip_prefix("fips-")
        .or_else(|| region.strip_suffix("-fips"))
        .unwrap_or(region);
    let parts: Vec<&str> = name.split('-').collect();
    let word = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
    match parts.split_last() {
        Some((&"global", rest)) => !rest.is_empty() && rest.iter().all(word),
        Some((last, rest)) => {
            rest.len() >= 2
                && rest.iter().all(word)
                && !last.is_empty()
                && last.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// True for endpoints on this machine (an emulator), where test credentials are harmless.
fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::{is_loopback, is_region_name};

    #[test]
    fn region_names() {
        for ok in [
            "us-east-1",
            "eu-west-3",
            "us-gov-west-1",
            "cn-northwest-1",
            "us-isob-east-1",
            "eusc-de-east-1",
            "ap-southeast-7",
            "aws-global",
            "fips-us-east-1",
            "us-east-1-fips",
        ] {
            assert!(is_region_name(ok), "{ok}");
        }
        for bad in [
            "not-a-region",
            "US-EAST-1",
            "us-east",
            "useast1",
            "us--east-1",
            "-east-1",
            "us-east-1-",
            "",
            "us east-1",
            "global",
            "eu-west-1.evil.com",
        ] {
            assert!(!is_region_name(bad), "{bad}");
        }
    }

    #[test]
    fn loopback_endpoints() {
        assert!(is_loopback("http://127.0.0.1:5000"));
        assert!(is_loopback("http://localhost:4566/"));
        assert!(is_loopback("http://[::1]:5000"));
        assert!(!is_loopback("https://sqs.us-east-1.amazonaws.com"));
        assert!(!is_loopback("http://10.0.0.5:4566"));
        assert!(!is_loopback("http://127.example.com"));
    }
}
