//! Turns SDK failures into errors a person can act on.
//!
//! The SDK reports failures as `SdkError<E, R>` with a service error code, a dispatch
//! failure, a timeout or a response it could not parse. Commands should not care which: they
//! get an [`AwsError`] whose kind is decided from the error *variant* and the service *code*
//! (never the message text), and whose hint says what to do next.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::guard::{self, GaveUp};
use super::{CredentialSource, Settings};
// The error types are the crate's (error.rs depends on nothing of ours); this module
// only decides which kind and hint an SDK failure gets.
pub use crate::error::{AwsError, AwsErrorKind};

impl AwsError {
    /// A call gearctl refuses to make.
    pub(crate) fn refused(action: &'static str, resource: String, why: &str) -> AwsError {
        AwsError {
            kind: AwsErrorKind::Refused,
            action,
            message: format!("refusing {action} on {resource}: {why}"),
            resource: Some(resource),
            code: None,
            hint: None,
        }
    }
}

/// The call that failed: its IAM action and, if any, the resource.
#[derive(Debug, Clone)]
pub struct Call {
    pub action: &'static str,
    pub resource: Option<String>,
}

impl Call {
    pub fn new(action: &'static str) -> Self {
        Call {
            action,
            resource: None,
        }
    }

    pub fn on(action: &'static str, resource: impl Into<String>) -> Self {
        Call {
            action,
            resource: Some(resource.into()),
        }
    }
}

const ACCESS_DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthorizationError",
    "AuthorizationErrorException",
    "KMSAccessDeniedException",
];
const THROTTLED: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "LimitExceededException",
];
const EXPIRED: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "TokenRefreshRequired",
];
const INVALID_CREDENTIALS: &[&str] = &[
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
    "IncompleteSignature",
    "MissingAuthenticationToken",
];
const CONFLICT: &[&str] = &[
    "ResourceConflictException",
    "ResourceInUseException",
    "ConflictException",
];
const NOT_FOUND: &[&str] = &[
    "ResourceNotFoundException",
    "NoSuchEntity",
    "NotFoundException",
    "QueueDoesNotExist",
    "AWS.SimpleQueueService.NonExistentQueue",
    "NonExistentQueue",
];

/// What to do about keys from the environment that do not work.
const ENV_KEYS_HINT: &str = "the keys come from the environment: export working ones in \
    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or \
    unset them and pass --profile NAME";

/// The error for a configuration that resolves no region at all.
pub(crate) fn no_region() -> AwsError {
    AwsError {
        kind: AwsErrorKind::NoRegion,
        action: "configuration",
        resource: None,
        code: None,
        message: "no AWS region is configured".to_string(),
        hint: Some("pass --region, set AWS_REGION, or set `region` in the profile".to_string()),
    }
}

/// Classify a failed SDK call.
pub(crate) fn classify<E>(
    err: SdkError<E, HttpResponse>,
    call: Call,
    settings: &Settings,
) -> AwsError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    tracing::debug!(action = call.action, error = %DisplayErrorContext(&err), "AWS call failed");
    let detail = root_cause(&err);
    let (kind, code, service_message) = kind_of(&err, settings.region.is_some());
    let code = code.map(str::to_owned);
    let service_message = service_message.map(str::to_owned);
    build(kind, call, code, service_message, detail, settings)
}

fn kind_of<E>(
    err: &SdkError<E, HttpResponse>,
    region_known: bool,
) -> (AwsErrorKind, Option<&str>, Option<&str>)
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    // Credential failures surface inside dispatch or construction failures; find them by type.
    if let Some(cred) = find_source::<CredentialsError>(err) {
        let kind = match cred {
            CredentialsError::CredentialsNotLoaded(_) => AwsErrorKind::NoCredentials,
            _ => AwsErrorKind::CredentialsFailed,
        };
        return (kind, None, None);
    }
    if guard::too_large(err) {
        return (AwsErrorKind::AnswerTooLarge, None, None);
    }
    if let Some(gave_up) = find_source::<GaveUp>(err) {
        let kind = if gave_up.last == Some("throttling") {
            AwsErrorKind::Throttled
        } else {
            AwsErrorKind::NoAnswer
        };
        return (kind, None, None);
    }
    match err {
        SdkError::ServiceError(ctx) => {
            let e = ctx.err();
            let code = e.code();
            let kind = match code {
                Some(c) if ACCESS_DENIED.contains(&c) => AwsErrorKind::AccessDenied,
                Some(c) if THROTTLED.contains(&c) => AwsErrorKind::Throttled,
                Some(c) if EXPIRED.contains(&c) => AwsErrorKind::CredentialsExpired,
                Some(c) if INVALID_CREDENTIALS.contains(&c) => AwsErrorKind::InvalidCredentials,
                Some(c) if NOT_FOUND.contains(&c) => AwsErrorKind::NotFound,
                Some(c) if CONFLICT.contains(&c) => AwsErrorKind::Conflict,
                Some(_) => AwsErrorKind::Service,
                None => match ctx.raw().status().as_u16() {
                    403 => AwsErrorKind::AccessDenied,
                    429 => AwsErrorKind::Throttled,
                    _ => AwsErrorKind::Unsupported,
                },
            };
            (kind, code, e.message())
        }
        SdkError::DispatchFailure(f) if f.is_timeout() => (AwsErrorKind::NoAnswer, None, None),
        SdkError::TimeoutError(_) => (AwsErrorKind::NoAnswer, None, None),
        SdkError::DispatchFailure(_) => (AwsErrorKind::Unreachable, None, None),
        SdkError::ResponseError(_) => (AwsErrorKind::Unsupported, None, None),
        _ => {
            // Construction failures: the one we can name is a missing region.
            if !region_known && endpoint_unresolved(err) {
                (AwsErrorKind::NoRegion, None, None)
            } else {
                (AwsErrorKind::Service, None, None)
            }
        }
    }
}

/// Profiles whose `source_profile` settings go round in a circle: `chain` is the path from
/// the profile in use back to the first one seen twice.
pub(crate) fn profile_loop(chain: &[String]) -> AwsError {
    let mut involved: Vec<&str> = chain.iter().map(String::as_str).collect();
    involved.sort_unstable();
    involved.dedup();
    AwsError {
        kind: AwsErrorKind::CredentialsFailed,
        action: "configuration",
        resource: None,
        code: None,
        message: format!(
            "the `source_profile` settings of the AWS profiles form a loop ({}), so no credentials can be loaded",
            chain.join(" -> ")
        ),
        hint: Some(format!(
            "end the chain in ~/.aws/config: give one of the profiles {} its own credentials (keys, sso_session, credential_process or credential_source) instead of a source_profile",
            involved.join(", ")
        )),
    }
}

/// The error for a region that is not the name of one. `from` says where it was set.
pub(crate) fn bad_region(region: &str) -> AwsError {
    AwsError {
        kind: AwsErrorKind::BadRegion,
        action: "configuration",
        resource: None,
        code: None,
        message: format!("`{region}` is not an AWS region name"),
        hint: Some(
            "give a region such as us-east-1 or eu-west-1 (lower case) with --region, AWS_REGION or the profile's `region`; `aws account list-regions` lists them"
                .to_string(),
        ),
    }
}

/// The endpoint resolver refuses to build a request without a region. We look for its error
/// type rather than reading the message.
fn endpoint_unresolved<E: StdError + 'static>(err: &SdkError<E, HttpResponse>) -> bool {
    let mut source: Option<&(dyn StdError + 'static)> = err.source();
    while let Some(s) = source {
        if s.is::<aws_smithy_runtime_api::client::endpoint::error::ResolveEndpointError>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// The deepest message in the cause chain: "Connection refused (os error 111)" rather than
/// the SDK's layers of wrappers. The whole chain goes to the `-vv` log.
fn root_cause(err: &(dyn StdError + 'static)) -> String {
    let mut last = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !text.is_empty() {
            last = text;
        }
        source = s.source();
    }
    last
}

fn find_source<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(s) = source {
        if let Some(t) = s.downcast_ref::<T>() {
            return Some(t);
        }
        source = s.source();
    }
    None
}

fn build(
    kind: AwsErrorKind,
    call: Call,
    code: Option<String>,
    service_message: Option<String>,
    detail: String,
    settings: &Settings,
) -> AwsError {
    let action = call.action;
    let on = call
        .resource
        .as_deref()
        .map(|r| format!(" on {r}"))
        .unwrap_or_default();
    let source = settings.credentials.describe();
    let region = settings.region.as_deref().unwrap_or("(none)");
    let where_ = settings
        .endpoint_url
        .clone()
        .unwrap_or_else(|| format!("AWS in region {region}"));
    let said = service_message
        .as_deref()
        .map(|m| format!(": {m}"))
        .unwrap_or_default();
    let (message, hint) = match kind {
        AwsErrorKind::NoRegion => (
            format!("{action} needs an AWS region, and none is configured"),
            "pass --region, set AWS_REGION, or set `region` in the profile".to_string(),
        ),
        AwsErrorKind::BadRegion => {
            let e = bad_region(region);
            (e.message, e.hint.unwrap_or_default())
        }
        AwsErrorKind::NoCredentials => (
            match &settings.profile {
                Some(p) => {
                    format!("no AWS credentials found for {action} with profile `{p}`: {detail}")
                }
                None => format!("no AWS credentials found for {action}"),
            },
            "run `aws configure` or `aws sso login --profile NAME`, pass --profile, or set \
             AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                .to_string(),
        ),
        AwsErrorKind::CredentialsFailed => (
            format!("could not load AWS credentials ({source}) for {action}: {detail}"),
            match &settings.credentials {
                CredentialSource::Profile(p) => format!(
                    "check that profile `{p}` exists in ~/.aws/config; if it uses SSO, run \
                     `aws sso login --profile {p}`; if it assumes a role, check the source \
                     credentials and the role's trust policy"
                ),
                CredentialSource::Environment => ENV_KEYS_HINT.to_string(),
                CredentialSource::Emulator | CredentialSource::DefaultChain => {
                    "pass --profile NAME, or fix the `default` profile in ~/.aws/config; run \
                     with -vv to see which credential source failed"
                        .to_string()
                }
            },
        ),
        AwsErrorKind::CredentialsExpired => (
            format!("the AWS credentials from {source} have expired ({action}){said}"),
            match &settings.credentials {
                CredentialSource::Profile(p) => format!(
                    "run `aws sso login --profile {p}` (SSO), or refresh the keys or role \
                     session this profile uses"
                ),
                CredentialSource::Environment => "the keys come from the environment: \
                     export fresh temporary keys in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and \
                     AWS_SESSION_TOKEN, or unset them and pass --profile NAME"
                    .to_string(),
                CredentialSource::Emulator | CredentialSource::DefaultChain => {
                    "refresh the credentials of the `default` profile (`aws sso login` if it \
                     uses SSO), or pass --profile NAME"
                        .to_string()
                }
            },
        ),
        AwsErrorKind::InvalidCredentials => (
            format!("AWS rejected the credentials from {source} for {action}{said}"),
            match &settings.credentials {
                CredentialSource::Profile(p) => format!(
                    "check the keys of profile `{p}`, and that they belong to this partition \
                     and region"
                ),
                CredentialSource::Environment => ENV_KEYS_HINT.to_string(),
                CredentialSource::Emulator => "the endpoint refused gearctl's test keys: \
                     set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to keys it accepts, or \
                     pass --profile"
                    .to_string(),
                CredentialSource::DefaultChain => "check the keys of the `default` profile, \
                     or pass --profile NAME; they must belong to this partition and region"
                    .to_string(),
            },
        ),
        AwsErrorKind::AccessDenied => (
            format!("access denied: {action}{on}{said}"),
            format!(
                "this command needs {action}{on}; grant it to the caller (`gearctl doctor` \
                 lists every action gearctl needs)"
            ),
        ),
        AwsErrorKind::Throttled if code.is_none() => (
            format!("{where_} kept throttling {action}{on}: {detail}"),
            format!(
                "wait a minute and run it again (each call waits at most {} s, retries \
                 included)",
                super::CALL_BUDGET.as_secs()
            ),
        ),
        AwsErrorKind::Throttled => (
            format!("{where_} kept throttling {action}{on} after every retry{said}"),
            "wait a minute and run it again, or raise --max-attempts".to_string(),
        ),
        AwsErrorKind::NotFound => (
            format!(
                "not found: {}{said}",
                call.resource.as_deref().unwrap_or(action)
            ),
            format!(
                "check the name, and that region {region} and the account of {source} are the ones it lives in"
            ),
        ),
        AwsErrorKind::Unreachable => (
            format!("cannot reach {where_} for {action}: {detail}"),
            if settings.endpoint_url.is_some() {
                "check that the endpoint given by --endpoint-url / AWS_ENDPOINT_URL is running"
                    .to_string()
            } else {
                "check the network connection, proxy settings and --region".to_string()
            },
        ),
        AwsErrorKind::NoAnswer => (
            format!("{where_} did not answer {action}{on} in time: {detail}"),
            if settings.endpoint_url.is_some() {
                "the endpoint accepts connections but does not answer: check that it is an AWS \
                 API or emulator and not stuck (restart it), and that no proxy holds the request"
                    .to_string()
            } else {
                "check the network and proxy settings (HTTPS_PROXY), then run it again".to_string()
            },
        ),
        AwsErrorKind::AnswerTooLarge => (
            format!(
                "the answer of {where_} to {action}{on} is larger than {} MiB, the most gearctl \
                 reads; it stopped reading there",
                super::MAX_ANSWER_BYTES >> 20
            ),
            if settings.endpoint_url.is_some() {
                "AWS answers are far smaller: check that --endpoint-url / AWS_ENDPOINT_URL \
                 points at an AWS API or emulator"
                    .to_string()
            } else {
                "AWS answers are far smaller: check for a proxy between gearctl and AWS \
                 (HTTPS_PROXY)"
                    .to_string()
            },
        ),
        AwsErrorKind::Unsupported => (
            format!("{where_} did not answer {action} as AWS does: {detail}"),
            "if this is an emulator, it may not implement this operation".to_string(),
        ),
        AwsErrorKind::Conflict => (
            format!("{action}{on} is not possible now{said}"),
            "the resource is in use or changing; check its aliases and state, then retry"
                .to_string(),
        ),
        AwsErrorKind::Refused => (format!("refusing {action}{on}"), String::new()),
        AwsErrorKind::Service => (
            format!(
                "{action}{on} failed: {}",
                match (&code, &service_message) {
                    (Some(c), Some(m)) => format!("{c}: {m}"),
                    (Some(c), None) => c.clone(),
                    _ => detail.clone(),
                }
            ),
            "run again with -v for the full request log".to_string(),
        ),
    };
    AwsError {
        kind,
        action,
        resource: call.resource,
        code,
        message,
        hint: (!hint.is_empty()).then_some(hint),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::error::ErrorMetadata;

    fn settings() -> Settings {
        Settings {
            profile: Some("prod".into()),
            region: Some("eu-west-1".into()),
            endpoint_url: None,
            credentials: CredentialSource::Profile("prod".into()),
        }
    }

    fn service_error(code: &str, status: u16) -> SdkError<ErrorMetadata, HttpResponse> {
        let meta = ErrorMetadata::builder()
            .code(code)
            .message("said the service")
            .build();
        let raw = HttpResponse::new(
            status.try_into().unwrap(),
            aws_smithy_types::body::SdkBody::empty(),
        );
        SdkError::service_error(meta, raw)
    }

    #[test]
    fn access_denied_names_action_and_resource() {
        let e = classify(
            service_error("AccessDeniedException", 400),
            Call::on("sqs:ReceiveMessage", "arn:aws:sqs:eu-west-1:1:q"),
            &settings(),
        );
        assert_eq!(e.kind, AwsErrorKind::AccessDenied);
        assert!(
            e.message
                .contains("sqs:ReceiveMessage on arn:aws:sqs:eu-west-1:1:q")
        );
        assert!(e.hint.unwrap().contains("gearctl doctor"));
    }

    #[test]
    fn codes_map_to_kinds() {
        for (code, kind) in [
            ("ThrottlingException", AwsErrorKind::Throttled),
            ("ExpiredToken", AwsErrorKind::CredentialsExpired),
            ("InvalidClientTokenId", AwsErrorKind::InvalidCredentials),
            (
                "AWS.SimpleQueueService.NonExistentQueue",
                AwsErrorKind::NotFound,
            ),
            ("ResourceNotFoundException", AwsErrorKind::NotFound),
            ("ValidationException", AwsErrorKind::Service),
        ] {
            let e = classify(service_error(code, 400), Call::new("x:Y"), &settings());
            assert_eq!(e.kind, kind, "{code}");
            assert_eq!(e.code.as_deref(), Some(code));
        }
    }

    #[test]
    fn expired_credentials_hint_names_the_profile() {
        let e = classify(
            service_error("ExpiredTokenException", 400),
            Call::new("sts:GetCallerIdentity"),
            &settings(),
        );
        assert!(e.hint.unwrap().contains("aws sso login --profile prod"));
    }

    #[test]
    fn keys_from_the_environment_are_named_as_such() {
        let env = Settings {
            profile: None,
            credentials: CredentialSource::Environment,
            ..settings()
        };
        for code in ["ExpiredToken", "InvalidClientTokenId"] {
            let e = classify(service_error(code, 400), Call::new("sqs:ListQueues"), &env);
            assert!(e.message.contains("the environment"), "{}", e.message);
            assert!(!e.message.contains("profile"), "{}", e.message);
            let hint = e.hint.unwrap();
            assert!(hint.contains("AWS_ACCESS_KEY_ID"), "{hint}");
            assert!(!hint.contains("sso"), "{hint}");
        }
    }

    #[test]
    fn a_call_that_ran_out_of_time_says_what_its_attempts_met() {
        let gave_up = |last| {
            SdkError::<ErrorMetadata, HttpResponse>::timeout_error(GaveUp {
                last,
                attempts: 3,
                elapsed: std::time::Duration::from_secs(30),
                detail: "operation timeout".into(),
            })
        };
        let s = Settings {
            endpoint_url: Some("http://127.0.0.1:9".into()),
            ..settings()
        };
        let e = classify(gave_up(Some("throttling")), Call::new("sqs:ListQueues"), &s);
        assert_eq!(e.kind, AwsErrorKind::Throttled);
        assert!(
            e.message.contains("kept throttling sqs:ListQueues"),
            "{}",
            e.message
        );
        let e = classify(gave_up(None), Call::new("sqs:ListQueues"), &s);
        assert_eq!(e.kind, AwsErrorKind::NoAnswer);
        assert!(e.message.contains("did not answer"), "{}", e.message);
        assert!(!e.hint.unwrap().contains("running"));
    }

    #[test]
    fn missing_credentials_are_found_by_type() {
        let err: SdkError<ErrorMetadata, HttpResponse> =
            SdkError::construction_failure(CredentialsError::not_loaded("no providers in chain"));
        let e = classify(err, Call::new("sts:GetCallerIdentity"), &settings());
        assert_eq!(e.kind, AwsErrorKind::NoCredentials);
    }

    #[test]
    fn html_answer_is_unsupported() {
        let meta = ErrorMetadata::builder().build();
        let raw = HttpResponse::new(
            404.try_into().unwrap(),
            aws_smithy_types::body::SdkBody::empty(),
        );
        let e = classify(
            SdkError::service_error(meta, raw),
            Call::new("lambda:GetAccountSettings"),
            &settings(),
        );
        assert_eq!(e.kind, AwsErrorKind::Unsupported);
    }
}
