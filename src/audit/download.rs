//! Fetches a deployed package from the presigned URL Lambda hands out, for deep audits.
//!
//! The URL carries a signature, so it is never printed or logged. The body is capped just
//! above the size Lambda reported, so a surprise cannot fill memory.

use std::time::Duration;

use crate::error::{Error, Result};

/// Download at most `limit` bytes from `url`. `what` names the package in errors.
pub fn fetch(what: &str, url: &str, limit: u64) -> Result<Vec<u8>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(300)))
        .timeout_connect(Some(Duration::from_secs(10)))
        .build()
        .into();
    let fail = |detail: String| Error::Invalid {
        what: format!("downloading the package of {what}"),
        detail,
        hint: Some("run without --deep to audit sizes from the Lambda API only".to_string()),
    };
    let mut response = agent.get(url).call().map_err(|e| fail(describe(&e)))?;
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
            format!("the package is larger than the {limit} bytes Lambda reported")
        }
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::Io(io) => io.kind().to_string(),
        other => {
            let text = other.to_string();
            match text.find("http") {
                Some(i) => text[..i].trim_end().to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// Serve `body` once per connection, `times` times, on a loopback port; return the URL.
    pub(crate) fn serve(body: Vec<u8>, times: usize, status: u16) -> String {
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
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
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
}
