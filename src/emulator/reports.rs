//! Real-format Lambda platform log lines (START/END/REPORT, text and JSON) with known,
//! deterministic durations, for seeding log groups in the emulator, which never writes them.

use crate::aws::logs::LogEvent;

/// One invocation as the platform reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub request_id: String,
    pub timestamp_ms: i64,
    pub duration_ms: f64,
    pub billed_ms: u64,
    pub memory_mb: i64,
    pub max_memory_mb: i64,
    /// Set on a cold start.
    pub init_ms: Option<f64>,
}

/// The function's log format (`LoggingConfig.LogFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// A small deterministic generator (xorshift64*), so seeded logs are the same every run.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in [lo, hi) rounded to hundredths, as Lambda prints durations.
    pub fn hundredths(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((lo + unit * (hi - lo)) * 100.0).round() / 100.0
    }

    fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            (b >> 48) & 0x3fff | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }
}

/// `count` invocations starting at `start_ms`, `step_ms` apart; every `cold_every`-th
/// one (the first included) is a cold start with an init duration in `init_range`.
pub fn invocations(
    rng: &mut Rng,
    count: usize,
    memory_mb: i64,
    start_ms: i64,
    step_ms: i64,
    cold_every: usize,
    init_range: (f64, f64),
) -> Vec<Invocation> {
    (0..count)
        .map(|i| {
            let duration_ms = rng.hundredths(2.0, 400.0);
            let init_ms =
                (i % cold_every.max(1) == 0).then(|| rng.hundredths(init_range.0, init_range.1));
            Invocation {
                request_id: rng.uuid(),
                timestamp_ms: start_ms + i as i64 * step_ms,
                billed_ms: duration_ms.ceil() as u64,
                duration_ms,
                memory_mb,
                max_memory_mb: (memory_mb / 3).max(40) + (rng.next_u64() % 20) as i64,
                init_ms,
            }
        })
        .collect()
}

/// The log events Lambda writes for one invocation.
pub fn events(inv: &Invocation, format: LogFormat) -> Vec<LogEvent> {
    let t = inv.timestamp_ms;
    let end = t + inv.duration_ms.ceil() as i64;
    match format {
        LogFormat::Text => vec![
            ev(
                t,
                format!("START RequestId: {} Version: $LATEST", inv.request_id),
            ),
            ev(end, format!("END RequestId: {}", inv.request_id)),
            ev(end, report_text(inv)),
        ],
        LogFormat::Json => vec![
            ev(
                t,
                format!(
                    r#"{{"time":"{}","type":"platform.start","record":{{"requestId":"{}","version":"$LATEST"}}}}"#,
                    rfc3339(t),
                    inv.request_id
                ),
            ),
            ev(end, report_json(inv, end)),
        ],
    }
}

/// A text REPORT line, fields separated by tabs.
pub fn report_text(inv: &Invocation) -> String {
    let mut line = format!(
        "REPORT RequestId: {}\tDuration: {:.2} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: {} MB",
        inv.request_id, inv.duration_ms, inv.billed_ms, inv.memory_mb, inv.max_memory_mb
    );
    if let Some(init) = inv.init_ms {
        line.push_str(&format!("\tInit Duration: {init:.2} ms"));
    }
    line
}

/// A JSON `platform.report` record (the JSON log format).
pub fn report_json(inv: &Invocation, at_ms: i64) -> String {
    let init = inv
        .init_ms
        .map(|i| format!(r#","initDurationMs":{i:.2}"#))
        .unwrap_or_default();
    format!(
        r#"{{"time":"{}","type":"platform.report","record":{{"requestId":"{}","metrics":{{"durationMs":{:.2},"billedDurationMs":{},"memorySizeMB":{},"maxMemoryUsedMB":{}{init}}},"status":"success"}}}}"#,
        rfc3339(at_ms),
        inv.request_id,
        inv.duration_ms,
        inv.billed_ms,
        inv.memory_mb,
        inv.max_memory_mb
    )
}

/// An INIT_REPORT line for an init phase that hit the 10 s limit.
pub fn init_timeout(at_ms: i64, init_ms: f64) -> LogEvent {
    ev(
        at_ms,
        format!("INIT_REPORT Init Duration: {init_ms:.2} ms\tPhase: init\tStatus: timeout"),
    )
}

fn ev(timestamp: i64, message: String) -> LogEvent {
    LogEvent { timestamp, message }
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| format!("{t:.3}"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_report_matches_the_platform_format() {
        let inv = Invocation {
            request_id: "4439301b-290c-4ae5-811b-228bb60418c2".into(),
            timestamp_ms: 0,
            duration_ms: 294.87,
            billed_ms: 295,
            memory_mb: 128,
            max_memory_mb: 73,
            init_ms: Some(507.83),
        };
        assert_eq!(
            report_text(&inv),
            "REPORT RequestId: 4439301b-290c-4ae5-811b-228bb60418c2\tDuration: 294.87 ms\t\
             Billed Duration: 295 ms\tMemory Size: 128 MB\tMax Memory Used: 73 MB\t\
             Init Duration: 507.83 ms"
        );
        let json = report_json(&inv, 1_665_532_875_000);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["time"], "2022-10-12T00:01:15.000Z");
        assert_eq!(v["record"]["metrics"]["initDurationMs"], 507.83);
    }

    #[test]
    fn generation_is_deterministic_and_cold_every_n() {
        let a = invocations(&mut Rng::new(7), 10, 256, 0, 1000, 4, (100.0, 900.0));
        let b = invocations(&mut Rng::new(7), 10, 256, 0, 1000, 4, (100.0, 900.0));
        assert_eq!(a, b);
        let cold: Vec<usize> = (0..10).filter(|i| a[*i].init_ms.is_some()).collect();
        assert_eq!(cold, [0, 4, 8]);
        assert!(a.iter().all(|i| (2.0..400.0).contains(&i.duration_ms)));
    }
}
