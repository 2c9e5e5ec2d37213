//! IAM: the access probe for `doctor` (the IAM job adds its reads here).

use super::{Aws, AwsError, Call};

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
}
