//! Checks an exported message against the rules SQS applies on send, before sending it.
//!
//! SQS refuses a whole SendMessageBatch call for one entry with a bad attribute (an
//! unknown data type, a reserved name), so one bad line of an import file would keep nine
//! good ones from going. Checking each message first names the bad line and lets the rest
//! go; `--dry-run` runs the same checks, so it finds the same lines. The rules are the
//! ones the SQS API reference states for SendMessage and MessageAttributeValue. Sizes are
//! checked against the queue's own limit in `mover::outgoing`.

use crate::aws::sqs_messages::AttributeValue;

use super::record::Record;

/// SQS accepts at most this many message attributes on one message.
const MAX_ATTRIBUTES: usize = 10;

/// Names and data types are at most this long.
const MAX_NAME: usize = 256;

/// Why SQS would refuse this message, if it would.
pub fn message(r: &Record) -> Result<(), String> {
    if r.body.is_empty() {
        return Err("its body is empty, which SQS does not accept".into());
    }
    if let Some((at, c)) = bad_char(&r.body) {
        return Err(format!(
            "its body holds {} at byte {at}, a character SQS does not accept",
            code_point(c)
        ));
    }
    if r.message_attributes.len() > MAX_ATTRIBUTES {
        return Err(format!(
            "it has {} message attributes; SQS accepts at most {MAX_ATTRIBUTES}",
            r.message_attributes.len()
        ));
    }
    for (name, value) in &r.message_attributes {
        attribute_name(name).map_err(|why| format!("attribute name `{name}` {why}"))?;
        attribute_value(value).map_err(|why| format!("attribute `{name}`: {why}"))?;
    }
    Ok(())
}

/// Letters, digits, `_`, `-` and `.`; no leading, trailing or doubled `.`; not `AWS.` or
/// `Amazon.` in any case; at most 256 characters.
fn attribute_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("is empty");
    }
    if name.len() > MAX_NAME {
        return Err("is longer than 256 characters");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return Err("may hold only letters, digits, `_`, `-` and `.`");
    }
    if name.starts_with('.') || name.ends_with('.') || name.contains("..") {
        return Err("may not start or end with `.` or hold `..`");
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("aws.") || lower.starts_with("amazon.") {
        return Err("starts with a prefix SQS reserves (`AWS.`, `Amazon.`)");
    }
    Ok(())
}

/// `String`, `Number` or `Binary`, optionally with a custom label (`Number.float`), and the
/// value that type needs.
fn attribute_value(v: &AttributeValue) -> Result<(), String> {
    let base = v
        .data_type
        .split_once('.')
        .map_or(v.data_type.as_str(), |(b, _)| b);
    if v.data_type.len() > MAX_NAME || v.data_type.ends_with('.') {
        return Err(format!("data type `{}` is not valid", v.data_type));
    }
    match (base, &v.string_value, &v.binary_value) {
        ("String", Some(s), None) => string_value(s),
        ("Number", Some(s), None) => number_value(s),
        ("Binary", None, Some(b)) if !b.is_empty() => Ok(()),
        ("Binary", None, Some(_)) => Err("its binary value is empty".into()),
        ("String" | "Number", _, _) => Err(format!(
            "data type {} needs a string_value and no binary_value",
            v.data_type
        )),
        ("Binary", _, _) => Err("data type Binary needs a binary_value and no string_value".into()),
        _ => Err(format!(
            "data type `{}` is not one SQS knows (String, Number or Binary, optionally with \
             a label such as Number.float)",
            v.data_type
        )),
    }
}

fn string_value(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("its value is empty".into());
    }
    match bad_char(s) {
        Some((at, c)) => Err(format!(
            "its value holds {} at byte {at}, a character SQS does not accept",
            code_point(c)
        )),
        None => Ok(()),
    }
}

/// A decimal number, optionally signed and with an exponent, of at most 38 significant
/// digits (SQS's precision for Number).
fn number_value(s: &str) -> Result<(), String> {
    let bad = || Err(format!("`{s}` is not a number"));
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty())
        || !digits_ok(int)
        || !digits_ok(frac)
        || exponent.is_some_and(|e| e.is_empty() || !digits_ok(e))
    {
        return bad();
    }
    let significant = format!("{int}{frac}");
    let significant = significant.trim_start_matches('0').trim_end_matches('0');
    if significant.len() > 38 {
        return Err(format!(
            "`{s}` has more than the 38 significant digits SQS keeps for a Number"
        ));
    }
    Ok(())
}

/// The first character outside what SQS accepts in a body or a string value: `#x9`,
/// `#xA`, `#xD`, `#x20`–`#xD7FF`, `#xE000`–`#xFFFD`, `#x10000`–`#x10FFFF`.
fn bad_char(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| {
        !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    })
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_attr(name: &str, data_type: &str, s: Option<&str>, b: Option<&[u8]>) -> Record {
        Record {
            message_id: "m".into(),
            body: "{}".into(),
            attributes: Default::default(),
            message_attributes: [(
                name.to_string(),
                AttributeValue {
                    data_type: data_type.into(),
                    string_value: s.map(str::to_string),
                    binary_value: b.map(<[u8]>::to_vec),
                },
            )]
            .into(),
            queue: None,
        }
    }

    #[test]
    fn what_sqs_accepts_passes() {
        for (name, t, s, b) in [
            ("text", "String", Some("acme ünïcode"), None),
            ("tenant.id-2_x", "String.tenant", Some("a"), None),
            ("count", "Number", Some("-12.5e3"), None),
            ("price", "Number.float", Some("0.000001"), None),
            ("blob", "Binary", None, Some(&[0u8, 255][..])),
            ("image", "Binary.png", None, Some(&[137u8][..])),
        ] {
            assert_eq!(message(&with_attr(name, t, s, b)), Ok(()), "{name} {t}");
        }
    }

    #[test]
    fn what_sqs_refuses_is_named() {
        let cases: [(Record, &str); 12] = [
            (
                with_attr("a", "Bogus", Some("x"), None),
                "data type `Bogus`",
            ),
            (
                with_attr("a", "string", Some("x"), None),
                "data type `string`",
            ),
            (
                with_attr("a", "Number", Some("12abc"), None),
                "not a number",
            ),
            (with_attr("a", "Number", Some(&"9".repeat(39)), None), "38"),
            (with_attr("a", "String", Some(""), None), "empty"),
            (
                with_attr("a", "String", None, Some(&[1u8][..])),
                "string_value",
            ),
            (with_attr("a", "Binary", Some("x"), None), "binary_value"),
            (
                with_attr("AWS.trace", "String", Some("x"), None),
                "reserves",
            ),
            (with_attr("amazon.x", "String", Some("x"), None), "reserves"),
            (with_attr("a..b", "String", Some("x"), None), "`..`"),
            (with_attr("a b", "String", Some("x"), None), "letters"),
            (with_attr("a", "String", Some("\u{1}"), None), "U+0001"),
        ];
        for (r, want) in cases {
            let why = message(&r).unwrap_err();
            assert!(why.contains(want), "{why} lacks {want}");
        }
        let mut r = with_attr("a", "String", Some("x"), None);
        r.body = "ok \u{FFFF}".into();
        assert!(message(&r).unwrap_err().contains("U+FFFF at byte 3"));
        r.body = String::new();
        assert!(message(&r).unwrap_err().contains("empty"));
        r.body = "x".into();
        for i in 0..11 {
            r.message_attributes
                .insert(format!("n{i}"), r.message_attributes["a"].clone());
        }
        assert!(message(&r).unwrap_err().contains("at most 10"));
    }
}
