//! Who is calling: the caller identity and where its credentials came from.

use aws_credential_types::credential_feature::AwsCredentialFeature;
use aws_credential_types::provider::ProvideCredentials;

use super::{Aws, AwsError, Call};

/// The caller, as STS sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

impl Aws {
    /// `sts:GetCallerIdentity`: needs no permission, so it is the first thing to try.
    pub async fn caller_identity(&self) -> Result<Identity, AwsError> {
        let out = self
            .sts()
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| self.err(e, Call::new("sts:GetCallerIdentity")))?;
        Ok(Identity {
            account: out.account.unwrap_or_default(),
            arn: out.arn.unwrap_or_default(),
            user_id: out.user_id.unwrap_or_default(),
        })
    }

    /// Where the credentials come from, in words ("environment variables", "SSO", …).
    /// Never the credentials themselves.
    pub async fn credential_source(&self) -> String {
        if self.emulator_credentials {
            return "fixed test credentials (loopback emulator endpoint)".to_string();
        }
        let Some(provider) = self.config.credentials_provider() else {
            return "none".to_string();
        };
        match provider.provide_credentials().await {
            Ok(creds) => creds
                .get_property::<Vec<AwsCredentialFeature>>()
                .and_then(|features| features.iter().rev().find_map(describe))
                .unwrap_or("unknown")
                .to_string(),
            Err(_) => "none found".to_string(),
        }
    }
}

fn describe(f: &AwsCredentialFeature) -> Option<&'static str> {
    use AwsCredentialFeature as F;
    Some(match f {
        F::CredentialsEnvVars => "environment variables",
        F::CredentialsEnvVarsStsWebIdToken | F::CredentialsStsAssumeRoleWebId => {
            "web identity token (assume role)"
        }
        F::CredentialsStsAssumeRole => "assumed role",
        F::CredentialsStsAssumeRoleSaml => "assumed role (SAML)",
        F::CredentialsStsFederationToken => "federation token",
        F::CredentialsStsSessionToken => "session token",
        F::CredentialsProfile => "shared config/credentials file",
        F::CredentialsProfileSourceProfile => "profile (source_profile, assume role)",
        F::CredentialsProfileNamedProvider => "profile (credential_source)",
        F::CredentialsProfileStsWebIdToken => "profile (web identity token)",
        F::CredentialsProfileSso | F::CredentialsSso => "IAM Identity Center (SSO)",
        F::CredentialsProfileProcess | F::CredentialsProcess => "credential_process",
        F::CredentialsHttp => "container credentials endpoint",
        F::CredentialsImds => "EC2 instance metadata",
        F::CredentialsProfileLogin | F::CredentialsLogin => "console login",
        F::CredentialsCode => "set by the program",
        _ => return None,
    })
}

impl Aws {
    /// The account and credential source in words, for confirmations of destructive
    /// commands: "account 123456789012 (arn:…), credentials from environment variables".
    pub async fn acting_as(&self) -> String {
        let (identity, source) = tokio::join!(self.caller_identity(), self.credential_source());
        let who = match identity {
            Ok(id) => format!("account {} ({})", id.account, id.arn),
            Err(e) => format!("an account STS could not name ({})", e.message),
        };
        let profile = match &self.settings.profile {
            Some(p) => format!(", profile {p}"),
            None => String::new(),
        };
        format!("{who}, credentials from {source}{profile}")
    }
}
