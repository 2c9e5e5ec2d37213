//! The shared AWS client layer: the only code in gearctl that names `aws_sdk_*` types.
//!
//! [`Aws::connect`] resolves the SDK configuration once (profile, region, endpoint, retries,
//! timeouts) and hands out clients on first use. The service files (`lambda.rs`, `sqs.rs`, …)
//! are thin async functions that paginate, batch, and return plain structs, so the job
//! modules above them are testable without AWS. Offline commands never call `connect`.

pub mod cloudwatch;
pub mod error;
pub mod iam;
pub mod lambda;
pub mod logs;
mod profile;
pub mod seed;
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

/// Default number of attempts per call, throttling included (adaptive retry mode).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const READ_TIMEOUT: Duration = Duration::from_secs(60);
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
        if let Some(p) = &profile {
            profile::ensure_defined(p).await?;
        }

        let retry = RetryConfig::adaptive()
            .with_max_attempts(opts.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS).max(1));
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
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
        let emulator_credentials = endpoint_url.as_deref().is_some_and(is_loopback)
            && profile.is_none()
            && std::env::var_os("AWS_ACCESS_KEY_ID").is_none();
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
        let settings = Settings {
            profile,
            region: config.region().map(|r| r.to_string()),
            endpoint_url,
        };
        if settings.region.is_none() {
            return Err(error::no_region());
        }
        tracing::info!(?settings, "AWS configuration resolved");
        Ok(Aws {
            config,
            settings,
            endpoint_from_flag: opts.endpoint_url.is_some(),
            emulator_credentials,
            lambda: OnceLock::new(),
            sqs: OnceLock::new(),
            logs: OnceLock::new(),
            iam: OnceLock::new(),
            sts: OnceLock::new(),
            cloudwatch: OnceLock::new(),
        })
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

    /// An AWS layer whose CloudWatch client is given (mocked in tests).
    #[cfg(test)]
    pub(crate) fn with_cloudwatch_client(client: aws_sdk_cloudwatch::Client) -> Aws {
        let aws = Aws::for_tests();
        let _ = aws.cloudwatch.set(client);
        aws
    }

    #[cfg(test)]
    fn for_tests() -> Aws {
        Aws {
            config: SdkConfig::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("us-east-1"))
                .build(),
            settings: Settings {
                region: Some("us-east-1".into()),
                ..Settings::default()
            },
            endpoint_from_flag: false,
            emulator_credentials: false,
            lambda: OnceLock::new(),
            sqs: OnceLock::new(),
            logs: OnceLock::new(),
            iam: OnceLock::new(),
            sts: OnceLock::new(),
            cloudwatch: OnceLock::new(),
        }
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
        self.lambda
            .get_or_init(|| aws_sdk_lambda::Client::new(&self.config))
    }

    pub(crate) fn sqs(&self) -> &aws_sdk_sqs::Client {
        self.sqs
            .get_or_init(|| aws_sdk_sqs::Client::new(&self.config))
    }

    pub(crate) fn logs(&self) -> &aws_sdk_cloudwatchlogs::Client {
        self.logs
            .get_or_init(|| aws_sdk_cloudwatchlogs::Client::new(&self.config))
    }

    pub(crate) fn iam(&self) -> &aws_sdk_iam::Client {
        self.iam
            .get_or_init(|| aws_sdk_iam::Client::new(&self.config))
    }

    pub(crate) fn cloudwatch(&self) -> &aws_sdk_cloudwatch::Client {
        self.cloudwatch
            .get_or_init(|| aws_sdk_cloudwatch::Client::new(&self.config))
    }

    pub(crate) fn sts(&self) -> &aws_sdk_sts::Client {
        self.sts
            .get_or_init(|| aws_sdk_sts::Client::new(&self.config))
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
    use super::is_loopback;

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
