//! Pretty JSON whose strings are safe to print on a terminal and still exact.
//!
//! serde_json escapes C0 controls (ESC, NUL, line breaks) but writes DEL, the C1 controls
//! (an 8-bit CSI is U+009B) and the bidi overrides as they are. [`SafeJson`] writes those as
//! `\u` escapes too: a parser reads back the very same string, and `gearctl -o json` on a
//! terminal cannot be used to drive it.

use std::io::{self, Write};

use serde_json::ser::{Formatter, PrettyFormatter};

use crate::visible::is_unsafe;

/// serde_json's pretty layout, with every unsafe character of a string `\u`-escaped.
#[derive(Default)]
pub struct SafeJson(PrettyFormatter<'static>);

/// `value` as pretty JSON, through [`SafeJson`].
pub fn to_string_pretty<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeJson::default());
    value.serialize(&mut ser)?;
    // serde_json writes only UTF-8; the escapes added here are ASCII.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

impl Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                // Every unsafe character is in the Basic Multilingual Plane: one `\u` escape.
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    // The layout: all PrettyFormatter's own.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unsafe_character_is_escaped_and_reads_back_exactly() {
        let hostile = "a\x1b]0;t\x07\x1b[2J\0\n\r\t\x7f\u{85}\u{9b}\u{202e}\u{2066}é😀\"\\z";
        let value = serde_json::json!({ "name": hostile, "list": [hostile, 1] });
        let text = to_string_pretty(&value).unwrap();
        assert!(!text.chars().any(|c| c != '\n' && is_unsafe(c)), "{text:?}");
        assert!(text.contains(r"\u001b]0;t\u0007"), "{text}");
        assert!(
            text.contains(r"\u007f\u0085\u009b\u202e\u2066é😀"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_layout_is_serde_jsons_pretty_one() {
        let value = serde_json::json!({ "a": [1, {"b": null}], "c": {}, "d": [] , "e": "x"});
        assert_eq!(
            to_string_pretty(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
