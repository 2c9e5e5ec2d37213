//! IAM: read roles and their policies.

use super::{Aws, AwsError, Call};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub arn: String,
}

impl Aws {
    /// Every role in the account (`iam:ListRoles`, all pages).
    pub async fn list_roles(&self) -> Result<Vec<Role>, AwsError> {
        let mut pages = self.iam().list_roles().into_paginator().send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.err(e, Call::new("iam:ListRoles")))?;
            out.extend(page.roles.into_iter().map(|r| Role {
                name: r.role_name,
                arn: r.arn,
            }));
        }
        Ok(out)
    }

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
}
