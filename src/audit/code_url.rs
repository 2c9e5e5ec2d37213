//! Which package URLs a deep audit may download. `Code.Location` is whatever the Lambda
//! endpoint answered, so it is checked before gearctl connects anywhere: only https to
//! Lambda's own code buckets in the function's region, or the configured endpoint's own
//! host (an emulator, where plain http is allowed too). Refusals name the URL without its
//! query string, which holds the presigned signature.

/// Why a URL is refused, or Ok when it may be fetched. `region` is the function's region;
/// `endpoint` the Lambda endpoint override, if one is configured.
pub fn check(url: &str, region: &str, endpoint: Option<&str>) -> Result<(), String> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("it contains spaces or control characters".into());
    }
    let parts = split(url).ok_or("it is not an http(s) URL with a plain host name")?;
    if let Some(ep) = endpoint.and_then(split)
        && parts.host == ep.host
        && parts.port == ep.port
        && parts.userinfo.is_none()
    {
        return Ok(());
    }
    if parts.scheme != "https" {
        return Err(format!("only https is allowed, not {}", parts.scheme));
    }
    if parts.userinfo.is_some() {
        return Err("it carries a user name before its host".into());
    }
    if parts.port != 443 {
        return Err(format!("port {} is not https's", parts.port));
    }
    if lambda_code_bucket(&parts.host, region) {
        Ok(())
    } else {
        Err(format!(
            "{} is not a Lambda code bucket of {region}{}",
            parts.host,
            if endpoint.is_some() {
                " nor the configured endpoint"
            } else {
                ""
            }
        ))
    }
}

/// The URL as it may be shown: no query string, no fragment, no password.
pub fn redacted(url: &str) -> String {
    let bare = url.split(['?', '#']).next().unwrap_or_default();
    let Some((scheme, rest)) = bare.split_once("://") else {
        return bare.to_string();
    };
    let end = rest.find('/').unwrap_or(rest.len());
    match rest[..end].rsplit_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{}", &rest[end..])
        }
        _ => bare.to_string(),
    }
}

/// Lambda's code buckets: `awslambda-<region>-tasks` and `prod-<…>-tasks`, addressed
/// virtual-host style on S3 in the function's region: `<bucket>.s3.<region>.amazonaws.com`
/// (`.amazonaws.com.cn` in China), the older `<bucket>.s3-<region>.amazonaws.com`, and
/// `<bucket>.s3.amazonaws.com` for us-east-1.
fn lambda_code_bucket(host: &str, region: &str) -> bool {
    let suffix = if region.starts_with("cn-") {
        ".amazonaws.com.cn"
    } else {
        ".amazonaws.com"
    };
    let Some(stem) = host.strip_suffix(suffix) else {
        return false;
    };
    let Some((bucket, s3)) = stem.split_once('.') else {
        return false;
    };
    let s3_of_region = s3 == format!("s3.{region}")
        || s3 == format!("s3-{region}")
        || (s3 == "s3" && region == "us-east-1");
    let bucket_ok = (bucket.starts_with("awslambda-") || bucket.starts_with("prod-"))
        && bucket.ends_with("-tasks")
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    s3_of_region && bucket_ok
}

struct Parts {
    scheme: String,
    userinfo: Option<String>,
    host: String,
    port: u16,
}

/// Scheme, user info, host (lowercase) and port (the scheme's default when absent) of an
/// http(s) URL; None for anything else, including IP-literal and percent-encoded hosts.
fn split(url: &str) -> Option<Parts> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return None,
    };
    let authority = &rest[..rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len())];
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u.to_string()), h),
        None => (None, authority),
    };
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()?),
        None => (host_port, default_port),
    };
    let host = host.to_ascii_lowercase();
    let plain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    Some(Parts {
        scheme,
        userinfo,
        host,
        port,
    })
    .filter(|_| plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNED: &str = "?versionId=v1&X-Amz-Security-Token=tok&X-Amz-Signature=secret";

    #[test]
    fn lambda_code_buckets_of_the_region_are_allowed() {
        for host in [
            "awslambda-us-west-2-tasks.s3.us-west-2.amazonaws.com",
            "prod-04-2014-tasks.s3.us-west-2.amazonaws.com",
            "prod-iad-c1-djusa-tasks.s3-us-west-2.amazonaws.com",
            "AWSLAMBDA-US-WEST-2-TASKS.S3.US-WEST-2.AMAZONAWS.COM",
        ] {
            let url = format!("https://{host}/snapshots/123456789012/fn-1{SIGNED}");
            assert_eq!(check(&url, "us-west-2", None), Ok(()), "{host}");
            assert_eq!(
                check(&format!("https://{host}:443/x"), "us-west-2", None),
                Ok(())
            );
        }
        let legacy = "https://awslambda-us-east-1-tasks.s3.amazonaws.com/x";
        assert_eq!(check(legacy, "us-east-1", None), Ok(()));
        let china = "https://awslambda-cn-north-1-tasks.s3.cn-north-1.amazonaws.com.cn/x";
        assert_eq!(check(china, "cn-north-1", None), Ok(()));
    }

    #[test]
    fn everything_else_is_refused() {
        let region = "us-west-2";
        for (url, why) in [
            ("https://evil.example/pkg.zip", "not a Lambda code bucket"),
            (
                "https://mybucket.s3.us-west-2.amazonaws.com/x",
                "not a Lambda code bucket",
            ),
            (
                "https://awslambda-us-west-2-tasks.s3.eu-west-1.amazonaws.com/x",
                "not a Lambda",
            ),
            (
                "https://awslambda-us-east-1-tasks.s3.amazonaws.com/x",
                "not a Lambda",
            ),
            (
                "https://awslambda-us-west-2-tasks.s3.us-west-2.amazonaws.com.evil.example/",
                "not a Lambda",
            ),
            ("https://s3.amazonaws.com@evil.example/x", "user name"),
            (
                "https://awslambda-us-west-2-tasks.s3.us-west-2.amazonaws.com@evil.example/",
                "user name",
            ),
            (
                "https://a:b@awslambda-us-west-2-tasks.s3.us-west-2.amazonaws.com/",
                "user name",
            ),
            (
                "http://awslambda-us-west-2-tasks.s3.us-west-2.amazonaws.com/x",
                "only https",
            ),
            (
                "https://awslambda-us-west-2-tasks.s3.us-west-2.amazonaws.com:8443/x",
                "port 8443",
            ),
            ("https://52.218.1.1/x", "not a Lambda code bucket"),
            ("https://[::1]/x", "not an http(s) URL"),
            ("https://evil%2eexample/x", "not an http(s) URL"),
            (
                "https://evil.example\\@awslambda-us-west-2-tasks.s3.us-west-2.amazonaws.com/",
                "not",
            ),
            ("file:///etc/passwd", "not an http(s) URL"),
            ("s3://awslambda-us-west-2-tasks/x", "not an http(s) URL"),
            ("/snapshots/x", "not an http(s) URL"),
            ("https://evil.example/ x", "spaces"),
        ] {
            let err = check(url, region, None).expect_err(url);
            assert!(err.contains(why), "{url}: {err}");
        }
    }

    #[test]
    fn the_endpoint_override_host_is_allowed_with_http() {
        let ep = Some("http://127.0.0.1:5000");
        assert_eq!(
            check("http://127.0.0.1:5000/pkg.zip?sig=1", "us-east-1", ep),
            Ok(())
        );
        assert_eq!(
            check(
                "http://LOCALHOST:4566/x",
                "us-east-1",
                Some("http://localhost:4566/")
            ),
            Ok(())
        );
        // Same host, other port; another loopback address; user info: refused.
        assert!(check("http://127.0.0.1:22/x", "us-east-1", ep).is_err());
        assert!(check("http://127.0.0.2:5000/x", "us-east-1", ep).is_err());
        assert!(check("http://u@127.0.0.1:5000/x", "us-east-1", ep).is_err());
        let err = check("https://evil.example/x", "us-east-1", ep).unwrap_err();
        assert!(err.contains("nor the configured endpoint"), "{err}");
        // The code buckets stay allowed.
        let real = "https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/x";
        assert_eq!(check(real, "us-east-1", ep), Ok(()));
    }

    #[test]
    fn redaction_drops_the_signature() {
        let url = format!("https://evil.example/pkg.zip{SIGNED}#frag");
        assert_eq!(redacted(&url), "https://evil.example/pkg.zip");
        assert_eq!(
            redacted("https://me:pw@evil.example/p?x=1"),
            "https://me:***@evil.example/p"
        );
        assert_eq!(
            redacted("https://s3.amazonaws.com@evil.example/"),
            "https://s3.amazonaws.com@evil.example/"
        );
    }
}
