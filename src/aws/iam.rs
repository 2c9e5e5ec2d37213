//! IAM: the access probe for `doctor`, and the policies of a role for `iam diff`.

use super::{Aws, AwsError, Call};

/// One policy document in force on a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolePolicy {
    /// `inline:<name>` or the managed policy's ARN.
    pub source: String,
    /// The policy document, JSON.
    pub document: String,
}

impl Aws {
    /// One cheap call that proves `iam:ListRoles` works.
    pub async fn probe_iam(&self) -> Result<(), AwsError> {
        self.iam()
            .list_roles()
            .max_items(1)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::new("iam:ListRoles")))
    }

    /// Every policy document of a role: its inline policies and the default version of each
    /// attached managed policy (`iam:ListRolePolicies`, `iam:GetRolePolicy`,
    /// `iam:ListAttachedRolePolicies`, `iam:GetPolicy`, `iam:GetPolicyVersion`).
    pub async fn role_policies(&self, role: &str) -> Result<Vec<RolePolicy>, AwsError> {
        let mut out = Vec::new();
        let mut names = Vec::new();
        let mut pages = self
            .iam()
            .list_role_policies()
            .role_name(role)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.err(e, Call::on("iam:ListRolePolicies", role)))?;
            names.extend(page.policy_names);
        }
        for name in names {
            let p = self
                .iam()
                .get_role_policy()
                .role_name(role)
                .policy_name(&name)
                .send()
                .await
                .map_err(|e| {
                    self.err(e, Call::on("iam:GetRolePolicy", format!("{role}/{name}")))
                })?;
            out.push(RolePolicy {
                source: format!("inline:{name}"),
                document: decode(&p.policy_document),
            });
        }
        let mut attached = Vec::new();
        let mut pages = self
            .iam()
            .list_attached_role_policies()
            .role_name(role)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| self.err(e, Call::on("iam:ListAttachedRolePolicies", role)))?;
            attached.extend(
                page.attached_policies
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|p| p.policy_arn),
            );
        }
        for arn in attached {
            let policy = self
                .iam()
                .get_policy()
                .policy_arn(&arn)
                .send()
                .await
                .map_err(|e| self.err(e, Call::on("iam:GetPolicy", arn.clone())))?;
            let version = policy
                .policy
                .and_then(|p| p.default_version_id)
                .unwrap_or_else(|| "v1".into());
            let v = self
                .iam()
                .get_policy_version()
                .policy_arn(&arn)
                .version_id(&version)
                .send()
                .await
                .map_err(|e| self.err(e, Call::on("iam:GetPolicyVersion", arn.clone())))?;
            let document = v
                .policy_version
                .and_then(|v| v.document)
                .unwrap_or_default();
            out.push(RolePolicy {
                source: arn,
                document: decode(&document),
            });
        }
        Ok(out)
    }
}

/// IAM returns policy documents URL-encoded (RFC 3986); some endpoints return raw JSON.
fn decode(doc: &str) -> String {
    if doc.trim_start().starts_with('{') {
        return doc.to_string();
    }
    percent_encoding::percent_decode_str(doc)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn documents_are_decoded_once() {
        let raw = r#"{"Version":"2012-10-17","Statement":[]}"#;
        assert_eq!(super::decode(raw), raw);
        assert_eq!(
            super::decode("%7B%22Version%22%3A%222012-10-17%22%7D"),
            r#"{"Version":"2012-10-17"}"#
        );
    }
}
