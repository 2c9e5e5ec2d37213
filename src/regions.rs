//! Running one command over several regions: `--region a,b,c` and `--all-regions`.
//!
//! Each region gets its own AWS layer (sharing the resolved credentials, see
//! [`Aws::for_region`]), and the command's ordinary single-region job runs in each, a few
//! regions at a time. A region that fails (disabled, denied, throttled past the retries)
//! becomes a warning and the others still report; only when every region fails is the run
//! an error. The commands then merge the regions' reports, each row keeping its region.

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use crate::aws::Aws;
use crate::dlq::queue_ref::valid_region;
use crate::error::{Error, Result};

/// Regions read at the same time: enough to hide the latency of far regions, few enough
/// that each region's own concurrency does not multiply into throttling.
pub const CONCURRENCY: usize = 4;

/// Which regions a command runs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// One region (or none named: the profile's or the environment's).
    One(Option<String>),
    /// Two or more named regions, in the order given.
    Many(Vec<String>),
    /// Every region the account has enabled.
    All,
}

impl Selection {
    /// From `--region` (one name or a comma list) and `--all-regions`. Names are checked
    /// and de-duplicated, keeping their first place; a list of one is one region.
    pub fn parse(region: Option<&str>, all: bool) -> Result<Selection> {
        if all {
            return Ok(Selection::All);
        }
        let Some(text) = region else {
            return Ok(Selection::One(None));
        };
        if !text.contains(',') {
            // A single name keeps today's checks (and an emulator's freedom of names).
            return Ok(Selection::One(Some(text.to_string())));
        }
        let mut names: Vec<String> = Vec::new();
        for name in text.split(',').map(str::trim) {
            if name.is_empty() {
                continue;
            }
            if !valid_region(name) {
                return Err(Error::usage(
                    format!("`{name}` in --region is not a region name"),
                    Some("name regions like eu-west-1, separated by commas: --region us-east-1,eu-west-1".to_string()),
                ));
            }
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        match names.len() {
            0 => Err(Error::usage(
                "--region names no region",
                Some("e.g. --region us-east-1,eu-west-1".to_string()),
            )),
            1 => Ok(Selection::One(names.pop())),
            _ => Ok(Selection::Many(names)),
        }
    }

    /// True when the command may see more than one region.
    pub fn is_many(&self) -> bool {
        !matches!(self, Selection::One(_))
    }

    /// The region to configure the base AWS layer with.
    pub fn base_region(&self) -> Option<String> {
        match self {
            Selection::One(r) => r.clone(),
            Selection::Many(names) => names.first().cloned(),
            Selection::All => None,
        }
    }

    /// The region names, asking the account for `All`.
    pub async fn resolve(&self, base: &Aws) -> Result<Vec<String>> {
        match self {
            Selection::One(_) => Ok(base.settings().region.clone().into_iter().collect()),
            Selection::Many(names) => Ok(names.clone()),
            Selection::All => {
                let names = base.enabled_regions().await?;
                if names.is_empty() {
                    return Err(Error::usage(
                        "the account lists no enabled region",
                        Some("name the regions: --region us-east-1,eu-west-1".to_string()),
                    ));
                }
                Ok(names)
            }
        }
    }
}

/// A row of a shared type (a budget breach, an error) with the region it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Regional<T> {
    #[serde(flatten)]
    pub item: T,
    pub region: Option<String>,
}

impl<T> Regional<T> {
    pub fn new(item: T, region: Option<String>) -> Self {
        Regional { item, region }
    }
}

impl<T> std::ops::Deref for Regional<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.item
    }
}

/// A region that could not be read, in a merged report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionFailure {
    pub region: String,
    pub error: String,
}

/// What ran: each region's result in the order asked for, and one warning per region that
/// failed.
#[derive(Debug)]
pub struct Fanned<T> {
    pub parts: Vec<(String, T)>,
    pub failed: Vec<RegionFailure>,
}

impl<T> Fanned<T> {
    /// One line per failed region, for stderr.
    pub fn warnings(&self) -> Vec<String> {
        self.failed
            .iter()
            .map(|f| format!("region {}: {} (skipped)", f.region, f.error))
            .collect()
    }
}

/// Run `job` in every region, at most [`CONCURRENCY`] at a time. A failed region becomes a
/// warning `region X: <error> (skipped)`; when every region fails, the error names each.
pub async fn fan_out<T, F>(base: &Aws, regions: &[String], job: F) -> Result<Fanned<T>>
where
    F: AsyncFn(&Aws) -> Result<T>,
{
    let layers: Vec<(String, Aws)> = regions
        .iter()
        .map(|r| (r.clone(), base.for_region(r)))
        .collect();
    let job = &job;
    let results: Vec<(String, Result<T>)> = stream::iter(layers.iter())
        .map(|(region, aws)| async move { (region.clone(), job(aws).await) })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    collect(results)
}

/// Split results into successes and warnings; all failed is an error.
fn collect<T>(results: Vec<(String, Result<T>)>) -> Result<Fanned<T>> {
    let mut parts = Vec::new();
    let mut failures = Vec::new();
    for (region, r) in results {
        match r {
            Ok(t) => parts.push((region, t)),
            Err(e) => failures.push((region, e)),
        }
    }
    if parts.is_empty() && !failures.is_empty() {
        let detail = failures
            .iter()
            .map(|(r, e)| format!("region {r}: {e}"))
            .collect::<Vec<_>>()
            .join("; ");
        let hint = failures
            .iter()
            .find_map(|(_, e)| e.hint().map(str::to_string))
            .or_else(|| Some("check the region names, and run `gearctl doctor --region …`".into()));
        return Err(Error::usage(format!("every region failed: {detail}"), hint));
    }
    let failed = failures
        .into_iter()
        .map(|(region, e)| RegionFailure {
            region,
            error: e.to_string(),
        })
        .collect();
    Ok(Fanned { parts, failed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn many(list: &[&str]) -> Selection {
        Selection::Many(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn a_list_is_checked_deduplicated_and_keeps_its_order() {
        let p = |s: &str| Selection::parse(Some(s), false).unwrap();
        assert_eq!(
            p("eu-west-1,us-east-1,eu-west-1"),
            many(&["eu-west-1", "us-east-1"])
        );
        assert_eq!(
            p(" us-east-1 , ap-south-1,"),
            many(&["us-east-1", "ap-south-1"])
        );
        assert_eq!(
            p("us-east-1,us-east-1"),
            Selection::One(Some("us-east-1".into()))
        );
        assert_eq!(p("eu-west-1"), Selection::One(Some("eu-west-1".into())));
        assert_eq!(Selection::parse(None, true).unwrap(), Selection::All);
        assert_eq!(Selection::parse(None, false).unwrap(), Selection::One(None));
        for bad in [
            "us-east-1,EU-WEST-1",
            "us-east-1,eu west 1",
            ",",
            "us-east-1,x/y",
        ] {
            let e = Selection::parse(Some(bad), false).unwrap_err();
            assert!(e.hint().is_some(), "{bad}");
        }
    }

    /// `--all-regions` asks ListRegions (mocked: moto 5.2 does not implement the Account
    /// API); an account that lists none is an error that suggests naming regions.
    #[tokio::test]
    async fn all_regions_are_the_enabled_ones() {
        use crate::aws::account::mocks;
        let page = mocks::page(&["eu-west-1", "us-east-1"], None);
        let aws = mocks::aws(&[&page]);
        let regions = Selection::All.resolve(&aws).await.unwrap();
        assert_eq!(regions, ["eu-west-1", "us-east-1"]);

        let empty = mocks::page(&[], None);
        let aws = mocks::aws(&[&empty]);
        let e = Selection::All.resolve(&aws).await.unwrap_err();
        assert!(e.hint().unwrap().contains("--region"), "{e}");

        let denied = mocks::denied();
        let aws = mocks::aws(&[&denied]);
        let e = Selection::All.resolve(&aws).await.unwrap_err();
        assert!(e.to_string().contains("account:ListRegions"), "{e}");
    }

    #[test]
    fn failed_regions_are_warnings_unless_all_failed() {
        let r = collect::<u32>(vec![
            ("us-east-1".into(), Ok(1)),
            ("eu-west-1".into(), Err(Error::usage("denied", None))),
            ("ap-south-1".into(), Ok(3)),
        ])
        .unwrap();
        assert_eq!(
            r.parts,
            [("us-east-1".to_string(), 1), ("ap-south-1".to_string(), 3)]
        );
        assert_eq!(r.warnings(), ["region eu-west-1: denied (skipped)"]);

        let e = collect::<u32>(vec![
            ("us-east-1".into(), Err(Error::usage("throttled", None))),
            (
                "eu-west-1".into(),
                Err(Error::usage("denied", Some("grant it".into()))),
            ),
        ])
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "every region failed: region us-east-1: throttled; region eu-west-1: denied"
        );
        assert_eq!(e.hint(), Some("grant it"));
    }
}
