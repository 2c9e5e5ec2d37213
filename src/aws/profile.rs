//! Named profiles, with the AWS CLI's rules: a profile that the config files do not define
//! is an error, and `--profile` takes the profile's credentials even when the environment
//! holds keys. Without these, `--profile prod` in a shell with staging keys exported would
//! act on staging.

use std::borrow::Cow;

use aws_config::Region;
use aws_config::profile::{ProfileFileCredentialsProvider, ProfileSet};
use aws_config::provider_config::ProviderConfig;
use aws_types::os_shim_internal::{Env, Fs};

use super::{AwsError, AwsErrorKind};

/// Fails unless `name` is a profile of the shared config or credentials file, and unless
/// its `source_profile` chain goes round in a loop.
pub(super) async fn ensure_defined(name: &str) -> Result<(), AwsError> {
    let set = load(name)
        .await
        .map_err(|e| config_error(format!("cannot read the AWS config files: {e}"), None))?;
    if set.get_profile(name).is_some() {
        return match source_loop(&set, name) {
            Some(chain) => Err(super::error::profile_loop(&chain)),
            None => Ok(()),
        };
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

/// Fails when the `default` profile, which the default chain reads, starts a
/// `source_profile` loop. (Unreadable files are left to the chain to report.)
pub(super) async fn ensure_default_has_no_loop() -> Result<(), AwsError> {
    match load("default").await {
        Ok(set) => match source_loop(&set, "default") {
            Some(chain) => Err(super::error::profile_loop(&chain)),
            None => Ok(()),
        },
        Err(_) => Ok(()),
    }
}

async fn load(name: &str) -> Result<ProfileSet, aws_config::profile::ProfileFileLoadError> {
    aws_config::profile::load(
        &Fs::real(),
        &Env::real(),
        &Default::default(),
        Some(Cow::Owned(name.to_string())),
    )
    .await
}

/// The profiles `start -> … -> start` when following `source_profile` from `start` comes
/// back to a profile already seen. The SDK refuses such a chain; we name it. A profile that
/// names itself and holds keys is no loop: it assumes its role with its own keys.
fn source_loop(set: &ProfileSet, start: &str) -> Option<Vec<String>> {
    let mut chain = vec![start.to_string()];
    loop {
        let current = chain.last()?.clone();
        let profile = set.get_profile(&current)?;
        let next = profile.get("source_profile")?;
        if next == current && profile.get("aws_access_key_id").is_some() {
            return None;
        }
        let seen = chain.iter().any(|p| p == next);
        chain.push(next.to_string());
        if seen {
            return Some(chain);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> ProfileSet {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(&path, text).unwrap();
        let path = path.display().to_string();
        let env = Env::from_slice(&[
            ("AWS_CONFIG_FILE", path.as_str()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
        ]);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(aws_config::profile::load(
            &Fs::real(),
            &env,
            &Default::default(),
            None,
        ))
        .unwrap()
    }

    #[test]
    fn source_profile_loops_are_found() {
        let s = set(
            "[profile a]\nsource_profile = b\n[profile b]\nsource_profile = c\n\
                     [profile c]\nsource_profile = b\n[profile d]\nsource_profile = d\n\
                     aws_access_key_id = AKIA\n[profile e]\nsource_profile = d\n\
                     [profile f]\nsource_profile = f\n[profile g]\nsource_profile = nowhere\n",
        );
        assert_eq!(source_loop(&s, "a").unwrap(), ["a", "b", "c", "b"]);
        assert_eq!(source_loop(&s, "f").unwrap(), ["f", "f"]);
        assert_eq!(
            source_loop(&s, "d"),
            None,
            "a profile with keys may name itself"
        );
        assert_eq!(source_loop(&s, "e"), None);
        assert_eq!(
            source_loop(&s, "g"),
            None,
            "a missing profile is another error"
        );
    }
}
