//! Exact summary statistics of a set of durations.
//!
//! The scan engine sees every REPORT line, so its percentiles are exact: sort and take the
//! nearest rank. A streaming sketch (HDR histogram, t-digest) would trade that exactness
//! for memory we do not need at Lambda log volumes, which is why this is not a crate.

use serde::Serialize;

/// p50/p90/p99/max/mean of some milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub count: u64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

/// Summarise; None for no samples.
pub fn summarize(samples: &[f64]) -> Option<Summary> {
    if samples.is_empty() {
        return None;
    }
    let mut v: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let sum: f64 = v.iter().sum();
    Some(Summary {
        count: v.len() as u64,
        p50_ms: nearest_rank(&v, 50.0),
        p90_ms: nearest_rank(&v, 90.0),
        p99_ms: nearest_rank(&v, 99.0),
        max_ms: v[v.len() - 1],
        mean_ms: round2(sum / v.len() as f64),
    })
}

/// The nearest-rank percentile of sorted, non-empty samples: the smallest value with at
/// least p% of the samples at or below it.
pub fn nearest_rank(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let rank = ((p / 100.0) * n as f64).ceil() as usize;
    sorted[rank.clamp(1, n) - 1]
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// An eight-level sparkline of the distribution (a histogram of `bins` buckets between min
/// and max), for the table view.
pub fn sparkline(samples: &[f64], bins: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    if samples.is_empty() || bins == 0 {
        return String::new();
    }
    let (lo, hi) = samples
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    let mut counts = vec![0usize; bins];
    for &x in samples {
        let i = if hi > lo {
            (((x - lo) / (hi - lo)) * bins as f64) as usize
        } else {
            0
        };
        counts[i.min(bins - 1)] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1).max(1);
    counts
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                BARS[(c * 7).div_ceil(top).min(7)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        let s = summarize(&v).unwrap();
        assert_eq!(
            (s.p50_ms, s.p90_ms, s.p99_ms, s.max_ms),
            (50.0, 90.0, 99.0, 100.0)
        );
        assert_eq!(s.mean_ms, 50.5);
        let s = summarize(&[7.0]).unwrap();
        assert_eq!((s.p50_ms, s.p99_ms), (7.0, 7.0));
        assert!(summarize(&[]).is_none());
        let s = summarize(&[3.0, 1.0, 2.0, 4.0]).unwrap();
        assert_eq!((s.p50_ms, s.p90_ms), (2.0, 4.0));
    }

    #[test]
    fn sparkline_shape() {
        assert_eq!(sparkline(&[1.0, 1.0, 1.0, 10.0], 4).chars().count(), 4);
        assert!(sparkline(&[1.0, 1.0, 1.0, 10.0], 4).starts_with('█'));
        assert_eq!(sparkline(&[], 4), "");
    }
}
