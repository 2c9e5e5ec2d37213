//! The `-v`…`-vvv` log on stderr, made safe to show and to paste into a ticket.
//!
//! Every formatted log line goes through [`Clean`] on its way to stderr, which:
//! - spells out control characters that log fields carry from outside (message bodies, names,
//!   AWS error text), like the tables do, so a log line cannot rewrite the terminal or forge
//!   another line; with colours on, the colour codes of the formatter itself are kept;
//! - hides credentials that the SDK prints at debug and trace level: an access key id keeps at
//!   most its last 4 characters, secret keys and session tokens keep none (see
//!   [`crate::redact`]);
//! - ignores write errors. tracing-subscriber reports a failed write with `eprintln!`, which
//!   panics when stderr is closed or full; `gearctl -vvv … 2>&1 | head` must still end
//!   normally.

use std::io::{self, Write};

use tracing_subscriber::fmt::MakeWriter;

use crate::redact::redact;
use crate::visible;

/// Start logging on stderr. `verbose` is the number of `-v`; `GEARCTL_LOG` takes a full
/// filter (tracing-subscriber syntax) instead.
pub fn init(verbose: u8, ansi: bool) {
    let default = match verbose {
        0 => "off",
        1 => "gearctl=info",
        2 => "gearctl=debug,aws_config=info",
        // Directive targets match by prefix: `aws` covers aws_config, aws_smithy_* and the SDKs.
        _ => "gearctl=trace,aws=debug",
    };
    let filter = std::env::var("GEARCTL_LOG").unwrap_or_else(|_| default.to_string());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(SafeStderr { ansi })
        .with_ansi(ansi)
        .with_target(verbose >= 2)
        .try_init();
}

/// Makes a [`Clean`] writer on stderr for each log line.
#[derive(Debug, Clone, Copy)]
pub struct SafeStderr {
    /// Whether the formatter writes colour codes, which are then kept.
    pub ansi: bool,
}

impl<'a> MakeWriter<'a> for SafeStderr {
    type Writer = Clean<io::Stderr>;

    fn make_writer(&'a self) -> Self::Writer {
        Clean {
            inner: io::stderr(),
            ansi: self.ansi,
        }
    }
}

/// A writer that cleans what it is given (see the module comment) and never fails.
#[derive(Debug)]
pub struct Clean<W> {
    pub inner: W,
    pub ansi: bool,
}

impl<W: Write> Write for Clean<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let cleaned = clean(&text, self.ansi);
        // A closed or full stderr loses the log, not the run.
        let _ = self.inner.write_all(cleaned.as_bytes());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = self.inner.flush();
        Ok(())
    }
}

/// One formatted event: control characters spelled out (its final line break and, with
/// `ansi`, colour codes kept), then credentials hidden.
pub fn clean(event: &str, ansi: bool) -> String {
    let (body, end) = match event.strip_suffix('\n') {
        Some(b) => (b, "\n"),
        None => (event, ""),
    };
    let mut out = String::with_capacity(event.len() + 8);
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if ansi
            && c == '\x1b'
            && let Some(n) = colour_code_len(rest)
        {
            out.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        visible::push(&mut out, c);
        rest = &rest[c.len_utf8()..];
    }
    let mut out = redact(&out).into_owned();
    out.push_str(end);
    out
}

/// The length of an SGR colour code (`ESC [ digits/semicolons m`) at the start of `s`.
fn colour_code_len(s: &str) -> Option<usize> {
    let params = s.strip_prefix("\x1b[")?;
    let n = params
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (params.as_bytes().get(n) == Some(&b'm')).then_some(2 + n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_spelled_out_but_the_line_end_stays() {
        let line = "INFO body=\"a\x1b]0;t\x07\" msg line1\nFAKE ERROR\r\u{9b}2J\n";
        assert_eq!(
            clean(line, false),
            "INFO body=\"a\\x1b]0;t\\x07\" msg line1\\nFAKE ERROR\\r\\u{9b}2J\n"
        );
    }

    #[test]
    fn colour_codes_survive_only_with_ansi() {
        let line = "\x1b[32m INFO\x1b[0m \x1b[3mkey\x1b[0m\x1b[2m=\x1b[0mv \x1b]0;t\x07\n";
        assert_eq!(
            clean(line, true),
            "\x1b[32m INFO\x1b[0m \x1b[3mkey\x1b[0m\x1b[2m=\x1b[0mv \\x1b]0;t\\x07\n"
        );
        assert!(!clean(line, false).contains('\x1b'));
    }

    #[test]
    fn credentials_are_hidden_on_the_way_out() {
        let mut w = Clean {
            inner: Vec::new(),
            ansi: false,
        };
        let line = b"DEBUG authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sqs/aws4_request\n";
        assert_eq!(w.write(line).unwrap(), line.len());
        let out = String::from_utf8(w.inner).unwrap();
        assert!(!out.contains("AKIAIOSFODNN7EXAMPLE"), "{out}");
        assert!(out.contains("MPLE/20260101"), "{out}");
    }

    struct Broken(io::ErrorKind);

    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(self.0.into())
        }
    }

    #[test]
    fn a_closed_or_full_stderr_is_not_an_error() {
        for kind in [io::ErrorKind::BrokenPipe, io::ErrorKind::StorageFull] {
            let mut w = Clean {
                inner: Broken(kind),
                ansi: false,
            };
            assert!(w.write_all(b"INFO hello\n").is_ok());
            assert!(w.flush().is_ok());
        }
    }
}
