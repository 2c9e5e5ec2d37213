//! Credentials out of log text.
//!
//! With `-vvv` the SDK logs what it signs with: the credentials' debug form
//! (`access_key_id: "AKIA…"`), the SigV4 `Credential=AKIA…/date/region/…` scope, presigned
//! URLs with `X-Amz-Credential` and `X-Amz-Security-Token`. [`redact`] finds access key ids by
//! their shape (`AKIA`/`ASIA` and 16 more upper-case letters or digits) and any value that
//! follows a credential's name, keeps at most the last 4 characters of a key id (enough to
//! tell two keys apart) and none of a secret or token.

use std::borrow::Cow;

/// What a name says about the value after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    KeyId,
    Secret,
}

/// Credential names, lower case, and what follows them.
const NAMES: &[(&str, Kind)] = &[
    ("access_key_id", Kind::KeyId),
    ("accesskeyid", Kind::KeyId),
    ("credential=", Kind::KeyId),
    ("secret_access_key", Kind::Secret),
    ("secretaccesskey", Kind::Secret),
    ("session_token", Kind::Secret),
    ("sessiontoken", Kind::Secret),
    ("security-token", Kind::Secret),
    ("security_token", Kind::Secret),
];

/// Characters between a name and its value: quotes, `:`, `=`, spaces, the backslash of an
/// escaped quote.
const SEPARATORS: &[u8] = b"\"': =\\";

/// `text` with every access key id, secret key and session token hidden; borrowed when it
/// holds none.
pub fn redact(text: &str) -> Cow<'_, str> {
    let mut spans: Vec<(usize, usize, Kind)> = key_ids(text);
    spans.extend(named_values(text));
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    spans.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, kind) in spans {
        if start < at {
            continue; // inside a span already hidden
        }
        out.push_str(&text[at..start]);
        out.push_str(&mask(&text[start..end], kind));
        at = end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The hidden form: `****` and, for a key id long enough to stay secret without them, its
/// last 4 characters.
fn mask(value: &str, kind: Kind) -> String {
    let chars: Vec<char> = value.chars().collect();
    if kind == Kind::KeyId && chars.len() >= 12 {
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("****{tail}")
    } else {
        "****".to_string()
    }
}

/// Byte spans of tokens shaped like access key ids: `AKIA` (long-term) or `ASIA`
/// (temporary) and at least 16 upper-case letters or digits, standing alone.
fn key_ids(text: &str) -> Vec<(usize, usize, Kind)> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i + 20 <= b.len() {
        let prefix = &b[i..i + 4];
        let starts = (prefix == b"AKIA" || prefix == b"ASIA")
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 4;
        while end < b.len() && (b[end].is_ascii_uppercase() || b[end].is_ascii_digit()) {
            end += 1;
        }
        if end - i >= 20 && (end == b.len() || !b[end].is_ascii_alphanumeric()) {
            spans.push((i, end, Kind::KeyId));
        }
        i = end;
    }
    spans
}

/// Byte spans of the values that follow a credential's name.
fn named_values(text: &str) -> Vec<(usize, usize, Kind)> {
    let lower = text.to_ascii_lowercase();
    let b = text.as_bytes();
    let mut spans = Vec::new();
    for &(name, kind) in NAMES {
        let mut from = 0;
        while let Some(found) = lower[from..].find(name) {
            let after = from + found + name.len();
            from = after;
            // A longer name (`session_token_mode`) is another field.
            if b.get(after)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
            {
                continue;
            }
            let start = skip_separators(b, after);
            let end = start
                + b[start..]
                    .iter()
                    .take_while(|&&c| in_value(c, kind))
                    .count();
            // Already hidden by the SDK (`** redacted **`), or nothing there.
            if end > start && b[start] != b'*' {
                spans.push((start, end, kind));
            }
        }
    }
    spans
}

/// Past the quotes, `:`/`=` and colour codes between a name and its value (a few bytes at
/// most).
fn skip_separators(b: &[u8], mut at: usize) -> usize {
    let limit = (at + 32).min(b.len());
    while at < limit {
        if SEPARATORS.contains(&b[at]) {
            at += 1;
        } else if b[at] == 0x1b && b.get(at + 1) == Some(&b'[') {
            at += 2;
            while at < b.len() && (b[at].is_ascii_digit() || b[at] == b';') {
                at += 1;
            }
            at += 1; // the final `m`
        } else {
            break;
        }
    }
    at.min(b.len())
}

/// Whether byte `c` can still belong to a value of this kind. A key id stops at the `/` (or
/// URL-encoded `%2F`) of a SigV4 scope; a token runs on through URL escapes.
fn in_value(c: u8, kind: Kind) -> bool {
    let stop: &[u8] = match kind {
        Kind::KeyId => b"\"',;/% \t&)}]\\\x1b",
        Kind::Secret => b"\"',; \t&)}]\\\x1b",
    };
    !stop.contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AKIAIOSFODNN7EXAMPLE";

    #[test]
    fn key_ids_keep_their_last_four_characters() {
        let cases = [
            (
                "Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sqs/aws4_request, SignedHeaders",
                "Credential=****MPLE/20260101/us-east-1/sqs/aws4_request, SignedHeaders",
            ),
            (
                "Credentials { provider_name: \"Environment\", access_key_id: \"ASIAXXXXXXXXXXXXWXYZ\", secret_access_key: \"** redacted **\" }",
                "Credentials { provider_name: \"Environment\", access_key_id: \"****WXYZ\", secret_access_key: \"** redacted **\" }",
            ),
            (
                "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101%2Fus-east-1&X-Amz-Security-Token=IQoJb3JpZ2lu%2Babc%3D&X-Amz-Date=1",
                "X-Amz-Credential=****MPLE%2F20260101%2Fus-east-1&X-Amz-Security-Token=****&X-Amz-Date=1",
            ),
            ("bare AKIAIOSFODNN7EXAMPLE.", "bare ****MPLE."),
        ];
        for (input, want) in cases {
            assert_eq!(redact(input), want, "{input}");
        }
    }

    #[test]
    fn values_after_a_name_are_hidden_whatever_their_shape() {
        assert_eq!(
            redact("access_key_id: \"test\", aws_session_token=FwoGZXIvYXdzEJr//abc+def"),
            "access_key_id: \"****\", aws_session_token=****"
        );
        assert_eq!(
            redact(
                r#"{"AccessKeyId":"ASIA1234567890ABCDEF","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG","SessionToken":"tok"}"#
            ),
            r#"{"AccessKeyId":"****CDEF","SecretAccessKey":"****","SessionToken":"****"}"#
        );
        // Colour codes between the name and the value.
        assert_eq!(
            redact("\x1b[3maccess_key_id\x1b[0m\x1b[2m=\x1b[0mlocalkey1234567 next"),
            "\x1b[3maccess_key_id\x1b[0m\x1b[2m=\x1b[0m****4567 next"
        );
    }

    #[test]
    fn other_text_is_left_alone() {
        for text in [
            "AKIA is a prefix; AKIAIOSFODNN7EXAMPL is too short",
            "XAKIAIOSFODNN7EXAMPLE is part of a word",
            "AKIAIOSFODNN7EXAMPLEx continues in lower case",
            "the queue orders-dlq has 3 messages",
            "secret_access_key: \"** redacted **\"",
            "session_token_mode: Include, session_token_name_override: None",
            "SignedHeaders=host;x-amz-date;x-amz-security-token;x-amz-user-agent",
        ] {
            assert_eq!(redact(text), text);
        }
        assert!(!redact(&format!("{KEY}{KEY}")).contains(KEY));
    }
}
