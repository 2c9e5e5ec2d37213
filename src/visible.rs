//! Text from outside gearctl, made harmless for a terminal.
//!
//! Zip entry names, SQS message bodies and attributes, file names and AWS error text can hold
//! control characters. Printed raw they let whoever wrote them move the cursor, clear the
//! screen, retitle the window or hide text (bidi overrides). Everything gearctl shows to a
//! person (tables, warnings, errors) goes through [`visible`], which spells such characters
//! out (`\x1b`, `\n`, `\u{202e}`) and leaves every other character alone. JSON, YAML and CSV
//! keep the exact text: their own quoting makes it safe, and scripts need the real bytes.

use std::borrow::Cow;
use std::fmt::Write;

/// True for a character that a terminal may act on instead of showing: C0 controls (NUL,
/// ESC, CR, LF, TAB…), DEL, C1 controls (U+0080–U+009F, 8-bit CSI and OSC among them) and
/// the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character written out as an escape; borrowed when there is none.
/// Backslashes are left as they are: the result is for reading, not for parsing back.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push(&mut out, c);
    }
    Cow::Owned(out)
}

/// Append `c` to `out`, escaped when unsafe.
pub fn push(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        '\x01'..='\x1f' | '\x7f' => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if is_unsafe(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_out_every_kind_of_control() {
        let hostile = "a\x1b]0;owned\x07b\x1b[2Jc\0d\ne\rf\tg\x7fh\u{9b}i\u{202e}j\u{2066}k";
        assert_eq!(
            visible(hostile),
            "a\\x1b]0;owned\\x07b\\x1b[2Jc\\0d\\ne\\rf\\tg\\x7fh\\u{9b}i\\u{202e}j\\u{2066}k"
        );
        assert!(!visible(hostile).chars().any(is_unsafe));
    }

    #[test]
    fn the_edges_of_each_range() {
        for c in [
            '\0', '\x1f', '\x7f', '\u{80}', '\u{9f}', '\u{202a}', '\u{2069}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
        }
        for c in [
            ' ', '~', '\u{a0}', 'é', '\u{2029}', '\u{202f}', '\u{2065}', '😀',
        ] {
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    #[test]
    fn safe_text_is_borrowed_unchanged() {
        let text = "node_modules/ünïcode/\\x1b literal.js";
        assert!(matches!(visible(text), Cow::Borrowed(t) if t == text));
    }
}
