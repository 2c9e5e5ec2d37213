//! The regions the account has enabled, for `--all-regions`.
//!
//! The answer comes from the Account API (`account:ListRegions`), not from a list compiled
//! into gearctl: opt-in regions the account has not enabled would only fail, and new regions
//! appear without a new release.

use super::{Aws, AwsError, AwsErrorKind, Call};

impl Aws {
    /// `account:ListRegions` with status ENABLED or ENABLED_BY_DEFAULT, every page, sorted.
    pub async fn enabled_regions(&self) -> Result<Vec<String>, AwsError> {
        use aws_sdk_account::types::RegionOptStatus;
        let mut pages = self
            .account()
            .list_regions()
            .region_opt_status_contains(RegionOptStatus::Enabled)
            .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                let mut e = self.err(e, Call::new("account:ListRegions"));
                if matches!(
                    e.kind,
                    AwsErrorKind::AccessDenied | AwsErrorKind::Unsupported
                ) {
                    e.hint = Some(format!(
                        "{}; or name the regions instead: --region us-east-1,eu-west-1",
                        e.hint
                            .as_deref()
                            .unwrap_or("--all-regions needs account:ListRegions")
                    ));
                }
                e
            })?;
            out.extend(
                page.regions
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|r| r.region_name),
            );
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// Canned ListRegions answers: moto 5.2 does not implement the Account API.
#[cfg(test)]
pub mod mocks {
    use aws_sdk_account::Client;
    use aws_sdk_account::operation::list_regions::ListRegionsOutput;
    use aws_sdk_account::types::{Region, RegionOptStatus};
    use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use crate::aws::Aws;

    /// An AWS layer whose Account client answers with `rules`.
    pub fn aws(rules: &[&Rule]) -> Aws {
        Aws::with_account_client(mock_client!(
            aws_sdk_account,
            RuleMode::Sequential,
            rules.iter().copied()
        ))
    }

    /// One page of enabled regions; `next` is the token of a following page.
    pub fn page(regions: &'static [&'static str], next: Option<&'static str>) -> Rule {
        mock!(Client::list_regions)
            .match_requests(|r| {
                let s = r.region_opt_status_contains();
                s.contains(&RegionOptStatus::Enabled)
                    && s.contains(&RegionOptStatus::EnabledByDefault)
                    && s.len() == 2
            })
            .then_output(move || {
                ListRegionsOutput::builder()
                    .set_regions(Some(
                        regions
                            .iter()
                            .map(|r| {
                                Region::builder()
                                    .region_name(*r)
                                    .region_opt_status(RegionOptStatus::Enabled)
                                    .build()
                            })
                            .collect(),
                    ))
                    .set_next_token(next.map(str::to_string))
                    .build()
            })
    }

    /// ListRegions denied to the caller.
    pub fn denied() -> Rule {
        mock!(Client::list_regions).then_http_response(|| {
            aws_smithy_runtime_api::http::Response::new(
                StatusCode::try_from(403).unwrap(),
                SdkBody::from(
                    r#"{"__type":"AccessDeniedException","message":"not authorized to perform: account:ListRegions"}"#,
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::mocks;
    use crate::aws::AwsErrorKind;

    #[tokio::test]
    async fn every_page_of_enabled_regions_is_read() {
        let first = mocks::page(&["us-east-1", "eu-west-1"], Some("t1"));
        let second = mocks::page(&["ap-south-1", "us-east-1"], None);
        let aws = mocks::aws(&[&first, &second]);
        let regions = aws.enabled_regions().await.unwrap();
        assert_eq!(regions, ["ap-south-1", "eu-west-1", "us-east-1"]);
        assert_eq!(first.num_calls(), 1);
        assert_eq!(second.num_calls(), 1);
    }

    #[tokio::test]
    async fn a_denied_list_says_so_and_suggests_naming_the_regions() {
        let denied = mocks::denied();
        let aws = mocks::aws(&[&denied]);
        let e = aws.enabled_regions().await.unwrap_err();
        assert_eq!(e.kind, AwsErrorKind::AccessDenied, "{e:?}");
        assert!(e.message.contains("account:ListRegions"), "{}", e.message);
        assert!(e.hint.unwrap().contains("--region us-east-1,eu-west-1"));
    }
}
