//! Byte sizes: read from flags and .gearctl.yml (`10MiB`, `500 KB`, a number of bytes) and
//! written for people. Shared by the audit (budgets) and the cold-start report (package
//! sizes), so neither borrows from the other.

use std::str::FromStr;

use serde::Deserialize;

/// A byte count written the human way: `10MiB`, `500 KB`, `1.5GB` or plain bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl FromStr for Size {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Ok(n) = s.parse::<u64>() {
            return Ok(Size(n));
        }
        bytesize::ByteSize::from_str(s)
            .map(|b| Size(b.as_u64()))
            .map_err(|_| format!("`{s}` is not a size; write e.g. 50MiB, 500KB or 1048576"))
    }
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SizeVisitor)
    }
}

/// Reads a size from a number of bytes or a human string, and says what it expected
/// when given anything else (the message names the key: `audit.max_zipped: …`).
struct SizeVisitor;

impl serde::de::Visitor<'_> for SizeVisitor {
    type Value = Size;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a size like 10MiB or a number of bytes")
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Size, E> {
        Ok(Size(n))
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Size, E> {
        u64::try_from(n)
            .map(Size)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(n), &self))
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Size, E> {
        s.parse().map_err(E::custom)
    }
}

/// Human form of a byte count, binary units (as Lambda's limits are).
pub fn human(bytes: u64) -> String {
    bytesize::ByteSize(bytes).display().iec().to_string()
}
