//! Which queue the user meant. A URL or an ARN names a queue's partition, region, account and
//! name, but SQS finds a queue by name: a URL of another region would be read in the working
//! one, and an account id that an endpoint ignores would reach this account's queue of that
//! name. So a reference is parsed here before any call, its region is checked against the
//! working region, and the `QueueArn` SQS reports for the resolved queue is checked against it
//! before anything is read or moved.

use crate::error::{Error, Result};

/// The parts of an SQS ARN: `arn:PARTITION:sqs:REGION:ACCOUNT:NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueArn {
    pub partition: String,
    pub region: String,
    pub account: String,
    pub name: String,
}

impl QueueArn {
    pub fn parse(arn: &str) -> Option<QueueArn> {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        match parts.as_slice() {
            ["arn", partition, "sqs", region, account, name]
                if partition.starts_with("aws")
                    && !region.is_empty()
                    && !account.is_empty()
                    && valid_name(name) =>
            {
                Some(QueueArn {
                    partition: partition.to_string(),
                    region: region.to_string(),
                    account: account.to_string(),
                    name: name.to_string(),
                })
            }
            _ => None,
        }
    }
}

/// How the user named the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Name,
    Url,
    Arn,
}

/// What a queue reference says about the queue, before any call to SQS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRef {
    /// The reference as given (trimmed).
    pub given: String,
    pub form: Form,
    pub partition: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
    pub name: String,
}

const URL_EXAMPLE: &str =
    "an SQS queue URL looks like https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq";

impl QueueRef {
    /// Parse a name, URL or ARN. `endpoint_override` is true when SQS calls go to an
    /// emulator or custom endpoint: a URL may then have any host, but an AWS host still
    /// names its region.
    pub fn parse(spec: &str, endpoint_override: bool) -> Result<QueueRef> {
        let given = spec.trim().to_string();
        if given.is_empty() {
            return Err(Error::usage(
                "an empty queue name was given",
                Some(
                    "pass a queue name, URL or ARN, e.g. orders-dlq; if it comes from a shell \
                     variable, check that the variable is set"
                        .into(),
                ),
            ));
        }
        if given.starts_with("arn:") {
            let arn = QueueArn::parse(&given).ok_or_else(|| {
                Error::usage(
                    format!("{given} is not an SQS queue ARN"),
                    Some(
                        "an SQS ARN looks like arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
                            .into(),
                    ),
                )
            })?;
            return Ok(QueueRef {
                given,
                form: Form::Arn,
                partition: Some(arn.partition),
                region: Some(arn.region),
                account: Some(arn.account),
                name: arn.name,
            });
        }
        if given.contains("://") {
            let url = parse_url(&given, endpoint_override).map_err(|why| {
                let hint = if endpoint_override || why.contains("user name") {
                    URL_EXAMPLE.to_string()
                } else {
                    format!(
                        "{URL_EXAMPLE}; for an emulator or a custom endpoint pass --endpoint-url"
                    )
                };
                Error::usage(format!("{given} is not an SQS queue URL: {why}"), hint)
            })?;
            return Ok(QueueRef {
                given,
                form: Form::Url,
                partition: url.partition,
                region: url.region,
                account: Some(url.account),
                name: url.name,
            });
        }
        Ok(QueueRef {
            name: given.clone(),
            given,
            form: Form::Name,
            partition: None,
            region: None,
            account: None,
        })
    }

    /// Refuse a reference that names another region than the one gearctl works in.
    pub fn check_region(&self, working: &str) -> Result<()> {
        match &self.region {
            Some(region) if region != working => Err(Error::usage(
                format!(
                    "{} is a queue in {region}, but gearctl is working in {working}; nothing was read or moved",
                    self.given
                ),
                Some(format!("add --region {region}")),
            )),
            _ => Ok(()),
        }
    }

    /// Check the ARN that SQS reports for the resolved queue against the reference: the
    /// partition, region (the working one when the reference names none), account and name
    /// must all be the ones given.
    pub fn check_resolved(&self, queue_arn: Option<&str>, working: &str) -> Result<()> {
        let Some(found) = queue_arn.and_then(QueueArn::parse) else {
            return Err(Error::usage(
                format!(
                    "SQS did not report a queue ARN for {}, so gearctl cannot check that it is the queue you named; nothing was read or moved",
                    self.given
                ),
                Some(
                    "check that the endpoint is SQS and that sqs:GetQueueAttributes is allowed"
                        .into(),
                ),
            ));
        };
        let region = self.region.as_deref().unwrap_or(working);
        let expected = [
            ("partition", self.partition.as_deref(), &found.partition),
            ("region", Some(region), &found.region),
            ("account", self.account.as_deref(), &found.account),
            ("name", Some(self.name.as_str()), &found.name),
        ];
        let differ: Vec<String> = expected
            .iter()
            .filter_map(|(what, want, got)| match want {
                Some(want) if want != got => Some(format!("{what} {want}, found {got}")),
                _ => None,
            })
            .collect();
        if differ.is_empty() {
            return Ok(());
        }
        let hint = if self.account.as_deref().is_some_and(|a| a != found.account) {
            format!(
                "SQS answered with account {}'s queue; to use a queue of account {}, run with that account's credentials (--profile)",
                found.account,
                self.account.as_deref().unwrap_or_default()
            )
        } else {
            "give the queue's ARN or URL exactly as SQS reports it".to_string()
        };
        Err(Error::usage(
            format!(
                "{} is not the queue SQS resolved ({}: {}); nothing was read or moved",
                self.given,
                queue_arn.unwrap_or_default(),
                differ.join(", ")
            ),
            Some(hint),
        ))
    }
}

/// The region a queue reference names, if it names one (an ARN or an AWS URL).
pub fn region_of(spec: &str) -> Option<String> {
    QueueRef::parse(spec, true).ok()?.region
}

/// What a queue URL says.
struct UrlParts {
    partition: Option<String>,
    region: Option<String>,
    account: String,
    name: String,
}

/// Split `SCHEME://HOST[:PORT]/ACCOUNT/NAME`. Without an endpoint override the host must be
/// an AWS SQS host and the scheme https.
fn parse_url(url: &str, endpoint_override: bool) -> Result<UrlParts, String> {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let scheme = scheme.to_ascii_lowercase();
    let https_only = !endpoint_override;
    if scheme != "https" && (https_only || scheme != "http") {
        return Err(format!("the scheme must be https, not {scheme}"));
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.contains('@') {
        return Err("it carries a user name before its host".into());
    }
    if path.contains(['?', '#']) || authority.contains(['?', '#']) {
        return Err("it has a query string or fragment".into());
    }
    let host = host_of(authority).ok_or("its host is malformed")?;
    let (partition, region) = match aws_sqs_host(&host) {
        Some((partition, region)) => (Some(partition), Some(region)),
        None if endpoint_override => (None, None),
        None => return Err(format!("{host} is not an SQS endpoint")),
    };
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let [account, name] = segments.as_slice() else {
        return Err("its path must be /ACCOUNT/QUEUE".into());
    };
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{account} is not a 12-digit account id"));
    }
    if !valid_name(name) {
        return Err(format!("{name} is not a queue name"));
    }
    Ok(UrlParts {
        partition,
        region,
        account: account.to_string(),
        name: name.to_string(),
    })
}

/// The host of an authority, lowercased, without its port; None when malformed.
fn host_of(authority: &str) -> Option<String> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (h, rest) = v6.split_once(']')?;
            (h, rest.strip_prefix(':'))
        }
        None => match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        },
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (!host.is_empty() && port_ok).then(|| host.to_ascii_lowercase())
}

/// The partition and region of an AWS SQS host: `sqs.REGION.amazonaws.com`,
/// `REGION.queue.amazonaws.com`, the legacy `queue.amazonaws.com` (us-east-1), and the same
/// under `amazonaws.com.cn`.
pub fn aws_sqs_host(host: &str) -> Option<(String, String)> {
    let (stem, china) = if let Some(s) = host.strip_suffix(".amazonaws.com.cn") {
        (s, true)
    } else {
        (host.strip_suffix(".amazonaws.com")?, false)
    };
    let region = match stem.split('.').collect::<Vec<_>>().as_slice() {
        ["queue"] if !china => "us-east-1",
        ["sqs", region] | [region, "queue"] if valid_region(region) => region,
        _ => return None,
    };
    let partition = if china {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    };
    Some((partition.to_string(), region.to_string()))
}

/// `eu-west-1`, `us-gov-east-1`, `cn-north-1`: lowercase words and a number, with hyphens.
pub fn valid_region(r: &str) -> bool {
    r.contains('-')
        && r.split('-').all(|w| !w.is_empty())
        && r.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// SQS queue names: 1 to 80 letters, digits, hyphens and underscores, `.fifo` allowed last.
fn valid_name(name: &str) -> bool {
    let stem = name.strip_suffix(".fifo").unwrap_or(name);
    (1..=80).contains(&name.len())
        && !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(spec: &str) -> QueueRef {
        QueueRef::parse(spec, false).unwrap_or_else(|e| panic!("{spec}: {e}"))
    }

    fn refused(spec: &str, endpoint_override: bool) -> String {
        match QueueRef::parse(spec, endpoint_override) {
            Ok(r) => panic!("{spec} was accepted: {r:?}"),
            Err(e) => format!("{e} / {}", e.hint().unwrap_or_default()),
        }
    }

    #[test]
    fn arns() {
        let a = QueueArn::parse("arn:aws:sqs:eu-west-1:123456789012:orders-dlq.fifo").unwrap();
        assert_eq!(
            (a.partition.as_str(), a.region.as_str(), a.account.as_str()),
            ("aws", "eu-west-1", "123456789012")
        );
        assert_eq!(a.name, "orders-dlq.fifo");
        assert!(QueueArn::parse("arn:aws:sns:eu-west-1:123456789012:topic").is_none());
        assert!(QueueArn::parse("arn:aws:sqs:eu-west-1:123456789012:a:b").is_none());
        assert!(QueueArn::parse("orders-dlq").is_none());
        let r = parse("arn:aws-cn:sqs:cn-north-1:123456789012:q");
        assert_eq!(r.form, Form::Arn);
        assert_eq!(r.partition.as_deref(), Some("aws-cn"));
        assert!(refused("arn:aws:sqs:eu-west-1:1:", false).contains("not an SQS queue ARN"));
    }

    #[test]
    fn aws_url_hosts_name_their_region() {
        let cases = [
            (
                "https://sqs.ap-south-1.amazonaws.com/123456789012/q",
                "aws",
                "ap-south-1",
            ),
            (
                "https://eu-west-1.queue.amazonaws.com/123456789012/q",
                "aws",
                "eu-west-1",
            ),
            (
                "https://queue.amazonaws.com/123456789012/q",
                "aws",
                "us-east-1",
            ),
            (
                "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q",
                "aws-cn",
                "cn-north-1",
            ),
            (
                "https://SQS.us-gov-west-1.amazonaws.com:443/123456789012/q/",
                "aws-us-gov",
                "us-gov-west-1",
            ),
        ];
        for (url, partition, region) in cases {
            let r = parse(url);
            assert_eq!(r.form, Form::Url);
            assert_eq!(r.partition.as_deref(), Some(partition), "{url}");
            assert_eq!(r.region.as_deref(), Some(region), "{url}");
            assert_eq!(
                (r.account.as_deref(), r.name.as_str()),
                (Some("123456789012"), "q")
            );
        }
    }

    #[test]
    fn urls_that_are_not_sqs_queues_are_refused() {
        for (url, why) in [
            ("https://evil.example/123456789012/q", "not an SQS endpoint"),
            (
                "https://s3.amazonaws.com/123456789012/q",
                "not an SQS endpoint",
            ),
            (
                "http://sqs.us-east-1.amazonaws.com/123456789012/q",
                "must be https",
            ),
            (
                "https://sqs.us-east-1.amazonaws.com@evil.example/123456789012/q",
                "user name",
            ),
            (
                "https://sqs.us-east-1.amazonaws.com/123456789012/q?x=1",
                "query string",
            ),
            (
                "https://sqs.us-east-1.amazonaws.com/123456789012",
                "/ACCOUNT/QUEUE",
            ),
            ("https://sqs.us-east-1.amazonaws.com/12345/q", "12-digit"),
            (
                "https://sqs.us-east-1.amazonaws.com/123456789012/a b",
                "not a queue name",
            ),
        ] {
            let err = refused(url, false);
            assert!(err.contains(why), "{url}: {err}");
        }
        // Without an override, a foreign host points at --endpoint-url.
        assert!(refused("https://evil.example/123456789012/q", false).contains("--endpoint-url"));
    }

    #[test]
    fn an_endpoint_override_relaxes_the_host_but_not_the_path() {
        let r = QueueRef::parse("http://127.0.0.1:5000/999999999999/orders-dlq", true).unwrap();
        assert_eq!(r.region, None);
        assert_eq!(r.account.as_deref(), Some("999999999999"));
        assert_eq!(r.name, "orders-dlq");
        // An AWS host still names its region.
        let r =
            QueueRef::parse("https://sqs.eu-west-1.amazonaws.com/123456789012/q", true).unwrap();
        assert_eq!(r.region.as_deref(), Some("eu-west-1"));
        assert!(refused("http://localhost:5000/q", true).contains("/ACCOUNT/QUEUE"));
        assert!(refused("http://user@localhost:5000/123456789012/q", true).contains("user name"));
        assert!(refused("ftp://localhost/123456789012/q", true).contains("scheme"));
    }

    #[test]
    fn the_region_must_be_the_working_one() {
        let r = parse("https://sqs.eu-west-1.amazonaws.com/123456789012/q");
        let err = r.check_region("us-east-1").unwrap_err();
        assert_eq!(err.hint(), Some("add --region eu-west-1"));
        assert!(r.check_region("eu-west-1").is_ok());
        assert!(parse("orders").check_region("us-east-1").is_ok());
        assert_eq!(
            region_of("arn:aws:sqs:ap-south-1:123456789012:q").as_deref(),
            Some("ap-south-1")
        );
        assert_eq!(region_of("http://127.0.0.1:5000/123456789012/q"), None);
        assert_eq!(region_of("orders"), None);
    }

    #[test]
    fn the_resolved_arn_must_match_what_was_given() {
        let here = "us-east-1";
        let own = "arn:aws:sqs:us-east-1:123456789012:orders-dlq";
        let arn = parse("arn:aws:sqs:us-east-1:999999999999:orders-dlq");
        let err = arn.check_resolved(Some(own), here).unwrap_err();
        assert!(
            err.to_string()
                .contains("account 999999999999, found 123456789012"),
            "{err}"
        );
        assert!(
            err.hint().unwrap().contains("--profile"),
            "{:?}",
            err.hint()
        );
        assert!(parse(own).check_resolved(Some(own), here).is_ok());

        let url = QueueRef::parse("http://localhost:1/123456789012/orders-dlq", true).unwrap();
        assert!(url.check_resolved(Some(own), here).is_ok());
        // The working region stands in when the reference names none.
        let err = url
            .check_resolved(Some("arn:aws:sqs:eu-west-1:123456789012:orders-dlq"), here)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("region us-east-1, found eu-west-1"),
            "{err}"
        );

        let name = parse("orders-dlq");
        assert!(name.check_resolved(Some(own), here).is_ok());
        let err = name
            .check_resolved(Some("arn:aws:sqs:us-east-1:123456789012:other"), here)
            .unwrap_err();
        assert!(
            err.to_string().contains("name orders-dlq, found other"),
            "{err}"
        );
        let err = parse("arn:aws-cn:sqs:us-east-1:123456789012:orders-dlq")
            .check_resolved(Some(own), here)
            .unwrap_err();
        assert!(
            err.to_string().contains("partition aws-cn, found aws"),
            "{err}"
        );
        // No ARN to check: refuse rather than trust.
        assert!(name.check_resolved(None, here).is_err());
    }
}
