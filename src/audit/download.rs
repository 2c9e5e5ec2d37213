//! Fetches a deployed package from the presigned URL Lambda hands out, for deep audits.
//!
//! The URL carries a signature, so it is never printed or logged. `code_url` has already
//! checked where it points; redirects are not followed, so the download cannot be sent
//! elsewhere. The body is capped just above the size Lambda reported and never above
//! [`MAX_PACKAGE_BYTES`], so a surprise cannot fill memory.

use std::time::Duration;

use crate::error::{Error, Result};

/// The most a deep audit downloads for one package: 256 MiB. Lambda refuses code above
/// 250 MB (262,144,000 bytes) unzipped, and a zip of such code is at most a little larger,
/// so any real package fits.
pub const MAX_PACKAGE_BYTES: u64 = 256 << 20;

/// Download at most `limit` bytes from `url`. `what` names the package in errors.
pub fn fetch(what: &str, url: &str, limit: u64) -> Result<Vec<u8>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(300)))
        .timeout_connect(Some(Duration::from_secs(10)))
        // A redirect could lead to a host the URL check never saw.
        .max_redirects(0)
        .build()
        .into();
    let fail = |detail: String| {
        Error::Invalid {
        what: format!("downloading the package of {what}"),
        detail,
        hint: Some(
            "check the network and proxy settings (the package comes from the S3 URL that Lambda hands out) and run it again, or run without --deep to audit sizes from the Lambda API only"
                .to_string(),
        ),
    }
    };
    let mut response = agent.get(url).call().map_err(|e| fail(describe(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(format!(
            "HTTP {} (redirects are not followed)",
            status.as_u16()
        )));
    }
    response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(|e| fail(describe(&e)))
}

/// An error without the URL (ureq includes it in some messages).
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::StatusCode(code) => format!("HTTP {code}"),
        ureq::Error::BodyExceedsLimit(limit) => {
            format!(
                "the package is larger than {limit} bytes (the size Lambda reported plus 1 MiB, at most 256 MiB); the download stopped there"
            )
        }
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::HostNotFound => "the host name did not resolve (DNS)".to_string(),
        ureq::Error::Io(io) => {
            use std::io::ErrorKind as K;
            match io.kind() {
                K::ConnectionRefused => "the connection was refused".to_string(),
                K::ConnectionReset | K::ConnectionAborted => "the connection was reset".to_string(),
                K::UnexpectedEof => {
                    "the connection closed before the whole package arrived".to_string()
                }
                K::TimedOut => "timed out".to_string(),
                K::HostUnreachable | K::NetworkUnreachable | K::NetworkDown => {
                    "the network cannot reach the host".to_string()
                }
                K::InvalidData => "the answer was not valid HTTP or TLS".to_string(),
                // The OS's own words (a failed DNS lookup, …), rather than "uncategorized error".
                _ => without_url(io.to_string()),
            }
        }
        other => without_url(other.to_string()),
    }
}

/// `text` cut before any URL in it: the URL carries a signature.
fn without_url(text: String) -> String {
    match text.find("http://").or_else(|| text.find("https://")) {
        Some(i) => text[..i].trim_end().to_string(),
        None => text,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// Serve `body` once per connection, `times` times, on a loopback port; return the URL.
    pub(crate) fn serve(body: Vec<u8>, times: usize, status: u16) -> String {
        serve_with(body, times, status, "")
    }

    /// As `serve`, with extra header lines (each ending in `\r\n`).
    fn serve_with(body: Vec<u8>, times: usize, status: u16, headers: &str) -> String {
        let headers = headers.to_string();
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://{}/pkg.zip?X-Amz-Signature=secret",
            l.local_addr().unwrap()
        );
        std::thread::spawn(move || {
            for _ in 0..times {
                let Ok((mut s, _)) = l.accept() else { return };
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf);
                let _ = write!(
                    s,
                    "HTTP/1.1 {status} X\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = s.write_all(&body);
            }
        });
        url
    }

    #[test]
    fn fetches_and_caps() {
        let url = serve(b"0123456789".to_vec(), 2, 200);
        assert_eq!(fetch("f", &url, 100).unwrap(), b"0123456789");
        let err = fetch("f", &url, 5).unwrap_err().to_string();
        assert!(err.contains("larger than"), "{err}");
        assert!(
            !err.contains("secret"),
            "the signed URL must not leak: {err}"
        );
    }

    #[test]
    fn http_errors_do_not_leak_the_url() {
        let url = serve(Vec::new(), 1, 403);
        let err = fetch("f", &url, 100).unwrap_err().to_string();
        assert!(err.contains("HTTP 403"), "{err}");
        assert!(
            !err.contains("secret") && !err.contains("127.0.0.1"),
            "{err}"
        );
    }

    #[test]
    fn network_failures_are_named() {
        // A host that does not resolve: std reports it as an uncategorized io error.
        let err = fetch(
            "f",
            "http://gearctl-no-such-host.invalid/p.zip?X-Amz-Signature=s",
            10,
        )
        .unwrap_err();
        let shown = err.report().to_string();
        assert!(!shown.contains("ncategorized"), "{shown}");
        assert!(
            shown.contains("resolve") || shown.contains("lookup"),
            "{shown}"
        );
        assert!(shown.contains("hint: check the network"), "{shown}");
        assert!(!shown.contains("X-Amz-Signature"), "{shown}");
        // A body cut short.
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/p.zip", l.local_addr().unwrap());
        std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
        });
        let err = fetch("f", &url, 1000).unwrap_err().to_string();
        assert!(err.contains("closed before the whole package"), "{err}");
    }

    #[test]
    fn redirects_are_not_followed() {
        let elsewhere = serve(b"not the package".to_vec(), 1, 200);
        let url = serve_with(Vec::new(), 1, 302, &format!("Location: {elsewhere}\r\n"));
        let err = fetch("f", &url, 100).unwrap_err().to_string();
        assert!(err.contains("HTTP 302"), "{err}");
        assert!(!err.contains("secret"), "{err}");
    }
}
