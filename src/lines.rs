//! Text lines read with a cap on their length.
//!
//! `read_until` grows its buffer until it meets a newline, so a file without one (or
//! `/dev/zero`) takes as much memory as it is long. [`CappedLines`] stops a line at the
//! cap and lets the caller skip the rest or give up, so memory stays at the cap whatever
//! the input. A UTF-8 byte-order mark before the first line is dropped: editors on Windows
//! write one, and it is never part of the content.

use std::io::{self, BufRead, Read};

/// One line, without its `\n`.
#[derive(Debug, PartialEq, Eq)]
pub enum Line<'a> {
    Text(&'a [u8]),
    /// Longer than the cap; its first bytes were read, the rest is still to come
    /// ([`CappedLines::skip_rest`]).
    TooLong,
}

pub struct CappedLines<R> {
    reader: R,
    cap: usize,
    buf: Vec<u8>,
    number: usize,
}

impl<R: BufRead> CappedLines<R> {
    pub fn new(reader: R, cap: usize) -> Self {
        CappedLines {
            reader,
            cap,
            buf: Vec::new(),
            number: 0,
        }
    }

    /// The number of the line last returned, from 1.
    pub fn number(&self) -> usize {
        self.number
    }

    /// The next line, or `None` at the end.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        self.buf.clear();
        let limit = u64::try_from(self.cap)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let n = (&mut self.reader)
            .take(limit)
            .read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.number += 1;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
        } else if self.buf.len() > self.cap {
            return Ok(Some(Line::TooLong));
        }
        let mut text = self.buf.as_slice();
        if self.number == 1 {
            text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        }
        Ok(Some(Line::Text(text)))
    }

    /// After [`Line::TooLong`]: read past the rest of that line, keeping none of it.
    /// Returns the bytes skipped.
    pub fn skip_rest(&mut self) -> io::Result<usize> {
        self.reader.skip_until(b'\n')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8], cap: usize) -> Vec<Option<Vec<u8>>> {
        let mut lines = CappedLines::new(input, cap);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            match line {
                Line::Text(t) => out.push(Some(t.to_vec())),
                Line::TooLong => {
                    out.push(None);
                    lines.skip_rest().unwrap();
                }
            }
        }
        out
    }

    #[test]
    fn lines_up_to_the_cap_pass_and_longer_ones_are_skipped_whole() {
        let got = all(b"abcd\nabcde\nab\nabcdefghij\nlast", 4);
        let want: Vec<Option<Vec<u8>>> = vec![
            Some(b"abcd".to_vec()),
            None,
            Some(b"ab".to_vec()),
            None,
            Some(b"last".to_vec()),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn an_endless_line_holds_only_the_cap() {
        let mut lines = CappedLines::new(io::BufReader::new(io::repeat(b'x')), 1000);
        assert_eq!(lines.next_line().unwrap(), Some(Line::TooLong));
        assert!(lines.buf.capacity() < 64 * 1024, "{}", lines.buf.capacity());
        assert_eq!(lines.number(), 1);
    }

    #[test]
    fn a_byte_order_mark_is_dropped_from_the_first_line_only() {
        let got = all(b"\xEF\xBB\xBFa\n\xEF\xBB\xBFb\n", 10);
        assert_eq!(
            got,
            vec![Some(b"a".to_vec()), Some(b"\xEF\xBB\xBFb".to_vec())]
        );
    }
}
