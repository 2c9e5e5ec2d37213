//! Numbers and statuses as Lambda writes them, shared by the text and JSON forms: strict
//! decimals, whole numbers, the bounds beyond which a duration is not from Lambda, and
//! the eight-bytes-at-a-time byte search both scanners use.

use super::Status;

/// The longest any phase of a Lambda invocation can take: 15 minutes, the maximum timeout.
/// A report that says more is not from Lambda, and is read as garbage; otherwise one
/// `Init Duration: 1e308 ms` would turn every mean and total into infinity.
pub const MAX_PHASE_MS: f64 = 15.0 * 60_000.0;

/// Billed durations may add the init phase to the invocation (Lambda bills on-demand init
/// since August 2025), so they get two phases' worth.
pub const MAX_BILLED_MS: f64 = 2.0 * MAX_PHASE_MS;

pub(super) fn phase_ms(s: &str) -> Option<f64> {
    decimal(s).filter(|&v| v <= MAX_PHASE_MS)
}

pub(super) fn billed_ms(s: &str) -> Option<f64> {
    decimal(s).filter(|&v| v <= MAX_BILLED_MS)
}

/// Powers of ten that f64 holds exactly.
pub(super) const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `123` or `123.45`: what Lambda prints. Rust's float syntax (`inf`, `1e3`, `+1`, `.5`)
/// is not accepted. The result is the same as `str::parse::<f64>`'s: when all the digits
/// fit in 15 (so the integer they make is exact in an f64) the value is that integer
/// divided by an exact power of ten, one correctly rounded operation (Clinger's fast path);
/// anything longer goes to `str::parse`.
pub(super) fn decimal(s: &str) -> Option<f64> {
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut point = None;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                digits += 1;
            }
            b'.' if point.is_none() && i > 0 => point = Some(i),
            _ => return None,
        }
    }
    let frac_digits = match point {
        Some(at) if at + 1 == s.len() => return None,
        Some(at) => s.len() - at - 1,
        None if digits == 0 => return None,
        None => 0,
    };
    if digits <= 15
        && let Some(&power) = EXACT_POWERS_OF_TEN.get(frac_digits)
    {
        return Some(mantissa as f64 / power);
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A whole number that fits a u32, digits only.
pub(super) fn whole(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u32::from(b - b'0'))
        } else {
            None
        }
    })
}

pub(super) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `Some(None)` for success, `None` (garbage) for an empty value.
pub(super) fn text_status(value: &str) -> Option<Option<Status>> {
    if value.is_empty() {
        return None;
    }
    Some(status_from(|word| value == word))
}

/// The status named by a word, compared through `is`; None means success.
pub(super) fn status_from(is: impl Fn(&str) -> bool) -> Option<Status> {
    if is("success") {
        None
    } else if is("timeout") {
        Some(Status::Timeout)
    } else if is("error") {
        Some(Status::Error)
    } else {
        Some(Status::Other)
    }
}

pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
pub(super) const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each zero byte of `x`, read little-endian: the first (lowest) zero byte
/// is marked exactly; bytes after it may be marked falsely, which no caller looks at.
pub(super) fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The index of the first `a` or `b` in `hay` at or after `from`, or `hay.len()`; eight
/// bytes at a time (std's `memchr` is reachable only through `str::find`'s searcher, whose
/// setup costs more than the search on these short segments).
pub(super) fn find_either(hay: &[u8], from: usize, a: u8, b: u8) -> usize {
    let (pattern_a, pattern_b) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut i = from;
    while let Some(chunk) = hay.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        let hits = zero_bytes(word ^ pattern_a) | zero_bytes(word ^ pattern_b);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&byte) = hay.get(i) {
        if byte == a || byte == b {
            return i;
        }
        i += 1;
    }
    hay.len()
}
