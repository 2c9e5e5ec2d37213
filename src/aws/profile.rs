//! Named profiles, with the AWS CLI's rules: a profile that the config files do not define
//! is an error, and `--profile` takes the profile's credentials even when the environment
//! holds keys. Without these, `--profile prod` in a shell with staging keys exported would
//! act on staging.

use std::borrow::Cow;

use aws_config::Region;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_types::os_shim_internal::{Env, Fs};

use super::{AwsError, AwsErrorKind};

/// Fails unless `name` is a profile of the shared config or credentials file.
pub(super) async fn ensure_defined(name: &str) -> Result<(), AwsError> {
    let set = aws_config::profile::load(
        &Fs::real(),
        &Env::real(),
        &Default::default(),
        Some(Cow::Owned(name.to_string())),
    )
    .await
    .map_err(|e| config_error(format!("cannot read the AWS config files: {e}"), None))?;
    if set.get_profile(name).is_some() {
        return Ok(());
    }
    let mut known: Vec<&str> = set.profiles().collect();
    known.sort_unstable();
    let hint = if known.is_empty() {
        format!(
            "no profile is defined in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE); create it with `aws configure --profile {name}`"
        )
    } else {
        format!(
            "the profiles defined are: {}; check the name passed to --profile or AWS_PROFILE",
            known.join(", ")
        )
    };
    Err(config_error(
        format!("the config profile ({name}) could not be found"),
        Some(hint),
    ))
}

/// The credentials of profile `name` alone (assume-role, SSO, credential_process and static
/// keys as the profile says), never the environment's keys.
pub(super) fn credentials(name: &str, region: Option<Region>) -> ProfileFileCredentialsProvider {
    let conf = ProviderConfig::default().with_region(region);
    ProfileFileCredentialsProvider::builder()
        .configure(&conf)
        .profile_name(name)
        .build()
}

fn config_error(message: String, hint: Option<String>) -> AwsError {
    AwsError {
        kind: AwsErrorKind::CredentialsFailed,
        action: "configuration",
        resource: None,
        code: None,
        message,
        hint,
    }
}
