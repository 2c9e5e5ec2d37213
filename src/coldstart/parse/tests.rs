//! Tests of the platform-line parser: samples of every form, garbage, and limits.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use super::json::*;
use super::values::*;
use super::*;

const SAMPLE_COLD: &str = "REPORT RequestId: 4439301b-290c-4ae5-811b-228bb60418c2\tDuration: 294.87 ms\tBilled Duration: 295 ms\tMemory Size: 128 MB\tMax Memory Used: 73 MB\tInit Duration: 507.83 ms";
const SAMPLE_SNAP: &str = "REPORT RequestId: 8c360c87-d4b7-4423-b5f3-af02be3c1763\tDuration: 2338.66 ms\tBilled Duration: 2521 ms\tMemory Size: 3009 MB\tMax Memory Used: 173 MB\tRestore Duration: 398.97 ms\tBilled Restore Duration: 182 ms";
const SAMPLE_INIT: &str = "INIT_REPORT Init Duration: 10009.13 ms\tPhase: init\tStatus: timeout";
const SAMPLE_JSON: &str = r#"{"time":"2022-10-12T00:01:15.000Z","type":"platform.report","record":{"requestId":"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa","metrics":{"durationMs":693.92,"billedDurationMs":694,"memorySizeMB":128,"maxMemoryUsedMB":84,"initDurationMs":397.68},"status":"success"}}"#;
const SAMPLE_JSON_INIT: &str = r#"{"time":"2022-10-12T00:00:15.064Z","type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init","status":"timeout","metrics":{"durationMs":10009.13}}}"#;

fn report(duration_ms: f64) -> Report {
    Report {
        duration_ms,
        billed_ms: None,
        memory_mb: None,
        max_memory_mb: None,
        init_ms: None,
        restore_ms: None,
        billed_restore_ms: None,
        status: None,
    }
}

fn cold_sample() -> Report {
    Report {
        billed_ms: Some(295.0),
        memory_mb: Some(128),
        max_memory_mb: Some(73),
        init_ms: Some(507.83),
        ..report(294.87)
    }
}

fn report_of(line: &str) -> (Report, Option<&str>) {
    match parse_line(line) {
        Line::Report(r, id) => (r, id),
        other => panic!("not a report: {other:?} for {line:?}"),
    }
}

// ----- the samples, exactly

#[test]
fn sample_cold_start_text() {
    assert_eq!(
        parse_line(SAMPLE_COLD),
        Line::Report(cold_sample(), Some("4439301b-290c-4ae5-811b-228bb60418c2"))
    );
}

#[test]
fn sample_snapstart_text() {
    let expected = Report {
        billed_ms: Some(2521.0),
        memory_mb: Some(3009),
        max_memory_mb: Some(173),
        restore_ms: Some(398.97),
        billed_restore_ms: Some(182.0),
        ..report(2338.66)
    };
    assert_eq!(
        parse_line(SAMPLE_SNAP),
        Line::Report(expected, Some("8c360c87-d4b7-4423-b5f3-af02be3c1763"))
    );
}

#[test]
fn sample_init_report_text() {
    assert_eq!(
        parse_line(SAMPLE_INIT),
        Line::InitReport(InitReport {
            init_ms: 10009.13,
            status: Some(Status::Timeout),
            phase_init: true
        })
    );
}

#[test]
fn sample_json_report() {
    let expected = Report {
        billed_ms: Some(694.0),
        memory_mb: Some(128),
        max_memory_mb: Some(84),
        init_ms: Some(397.68),
        ..report(693.92)
    };
    assert_eq!(
        parse_line(SAMPLE_JSON),
        Line::Report(expected, Some("6d68ca91-49c9-448d-89b8-7ca3e6dc66aa"))
    );
}

#[test]
fn sample_json_init_report() {
    let expected = InitReport {
        init_ms: 10009.13,
        status: Some(Status::Timeout),
        phase_init: true,
    };
    assert_eq!(parse_line(SAMPLE_JSON_INIT), Line::InitReport(expected));
}

#[test]
fn numbers_are_exactly_what_lambda_printed() {
    for s in [
        "294.87",
        "0.01",
        "10009.13",
        "2338.66",
        "0.00",
        "899999.99",
        "900000",
    ] {
        assert_eq!(decimal(s), Some(s.parse::<f64>().unwrap()));
        let line = format!("REPORT RequestId: a\tDuration: {s} ms");
        assert_eq!(
            report_of(&line).0.duration_ms.to_string(),
            s.parse::<f64>().unwrap().to_string()
        );
    }
}

#[test]
fn durations_beyond_fifteen_minutes_are_garbage() {
    let huge = format!("1{}.0", "0".repeat(308));
    for init in [huge.as_str(), "900000.01", "86400000"] {
        let line = format!("REPORT RequestId: a\tDuration: 1.00 ms\tInit Duration: {init} ms");
        assert_eq!(parse_line(&line), Line::Garbage, "{line}");
        let line = format!("INIT_REPORT Init Duration: {init} ms\tPhase: init");
        assert_eq!(parse_line(&line), Line::Garbage, "{line}");
    }
    for init in ["1e308", "900000.01", "1e6"] {
        let line = format!(
            r#"{{"type":"platform.report","record":{{"metrics":{{"durationMs":1,"initDurationMs":{init}}}}}}}"#
        );
        assert_eq!(parse_line(&line), Line::Garbage, "{line}");
    }
    // Billed time may hold init and invocation: up to two phases.
    let line = "REPORT RequestId: a\tDuration: 900000 ms\tBilled Duration: 910000 ms";
    assert!(matches!(parse_line(line), Line::Report(..)), "{line}");
    let line = "REPORT RequestId: a\tDuration: 1 ms\tBilled Duration: 1800001 ms";
    assert_eq!(parse_line(line), Line::Garbage);
}

#[test]
fn swar_searches_agree_with_position() {
    let mut rng = Rng(0xb17e);
    for _ in 0..20_000 {
        let len = rng.below(40) as usize;
        let hay: Vec<u8> = (0..len)
            .map(|_| {
                rng.pick(&[
                    b'\t',
                    b'a',
                    0x89,
                    0x09 ^ 0x80,
                    0x08,
                    0x0a,
                    0,
                    b'"',
                    b'\\',
                    0x1f,
                    0x20,
                    0x21,
                    0xa2,
                    0xdc,
                    0xff,
                ])
            })
            .collect();
        let from = rng.below(len as u64 + 2) as usize;
        let naive = |stop: &dyn Fn(u8) -> bool| {
            hay.get(from..)
                .and_then(|rest| rest.iter().position(|&b| stop(b)))
                .map_or(hay.len(), |at| from + at)
        };
        let tab = find_either(&hay, from, b'\t', b'\t');
        assert_eq!(tab, naive(&|b| b == b'\t'), "{hay:?} from {from}");
        let either = find_either(&hay, from, b'a', b'\t');
        assert_eq!(either, naive(&|b| b == b'a' || b == b'\t'), "{hay:?}");
        let stop = find_string_stop(&hay, from);
        let naive_stop = naive(&|b| b == b'"' || b == b'\\' || b < 0x20);
        assert_eq!(stop, naive_stop, "{hay:?} from {from}");
    }
}

#[test]
fn decimal_fast_path_agrees_with_str_parse() {
    let mut rng = Rng(0xdec1);
    for _ in 0..300_000 {
        let int_len = 1 + rng.below(20) as usize;
        let frac_len = rng.below(26) as usize;
        let mut s: String = (0..int_len)
            .map(|i| {
                let zero_heavy = i == 0 && rng.chance(20);
                if zero_heavy {
                    '0'
                } else {
                    char::from(b'0' + rng.below(10) as u8)
                }
            })
            .collect();
        if frac_len > 0 || rng.chance(10) {
            s.push('.');
            s.extend((0..frac_len).map(|_| char::from(b'0' + rng.below(10) as u8)));
        }
        let expected = s
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && !s.ends_with('.'));
        let ours = decimal(&s);
        assert_eq!(ours.map(f64::to_bits), expected.map(f64::to_bits), "{s}");
    }
    for s in [
        "9007199254740993",
        "999999999999999.9",
        "0.000000000000000000000001",
        "123456789012345",
    ] {
        assert_eq!(decimal(s), s.parse().ok(), "{s}");
    }
    for s in [
        "", ".", "1.", ".1", "1..2", "1.2.3", "-1", "+1", "1e3", "inf", "NaN", "1 ", "١",
    ] {
        assert_eq!(decimal(s), None, "{s:?}");
    }
    assert_eq!(whole("4294967295"), Some(u32::MAX));
    for s in ["", "4294967296", "-1", "+1", "1.0", "12a"] {
        assert_eq!(whole(s), None, "{s:?}");
    }
}

// ----- text variations

#[test]
fn trailing_tab_and_line_ends() {
    for end in ["\t", "\n", "\r\n", "\t\n", "\t\r\n", " \t \r\n"] {
        let line = format!("{SAMPLE_COLD}{end}");
        assert_eq!(parse_line(&line), parse_line(SAMPLE_COLD), "ending {end:?}");
        let init = format!("{SAMPLE_INIT}{end}");
        assert_eq!(parse_line(&init), parse_line(SAMPLE_INIT));
        let json = format!("{SAMPLE_JSON}{end}");
        assert_eq!(parse_line(&json), parse_line(SAMPLE_JSON));
    }
}

#[test]
fn xray_segment_is_ignored() {
    let xray = "XRAY TraceId: 1-5e1b4151-43a0913a12345678901234567\tSegmentId: 73d9c3b60fa5b41d\tSampled: true";
    let expected = Line::Report(cold_sample(), Some("4439301b-290c-4ae5-811b-228bb60418c2"));
    assert_eq!(
        parse_line(&format!("{SAMPLE_COLD}\t{xray}\t\r\n")),
        expected
    );
    // In the middle too, and with a status after it.
    let (head, init) = SAMPLE_COLD.split_at(SAMPLE_COLD.find("\tInit").unwrap());
    let line = format!("{head}\t{xray}{init}\tStatus: timeout");
    let (r, _) = report_of(&line);
    assert_eq!(
        r,
        Report {
            status: Some(Status::Timeout),
            ..cold_sample()
        }
    );
}

#[test]
fn status_on_report() {
    let timeout = format!("{SAMPLE_COLD}\tStatus: timeout\t");
    assert_eq!(report_of(&timeout).0.status, Some(Status::Timeout));
    let error = format!("{SAMPLE_COLD}\tStatus: error\tError Type: Runtime.ExitError\t");
    assert_eq!(report_of(&error).0.status, Some(Status::Error));
    let other = format!("{SAMPLE_COLD}\tStatus: failure");
    assert_eq!(report_of(&other).0.status, Some(Status::Other));
    let success = format!("{SAMPLE_COLD}\tStatus: success");
    assert_eq!(report_of(&success).0.status, None);
    // The other fields are unchanged by a status.
    let r = report_of(&error).0;
    assert_eq!(Report { status: None, ..r }, cold_sample());
}

#[test]
fn fields_in_any_order_and_unknown_fields() {
    let line = "REPORT RequestId: r-1\tInit Duration: 507.83 ms\tMax Memory Used: 73 MB\tNew Field: 12 parsecs\tMemory Size: 128 MB\tno colon here\tDuration: 294.87 ms\tBilled Duration: 295 ms\tExtension Overhead: 1 ms";
    assert_eq!(parse_line(line), Line::Report(cold_sample(), Some("r-1")));
    // RequestId need not come first either, nor be there at all.
    let no_id = "REPORT Duration: 1.50 ms\tBilled Duration: 2 ms";
    let expected = Report {
        billed_ms: Some(2.0),
        ..report(1.5)
    };
    assert_eq!(parse_line(no_id), Line::Report(expected, None));
    let late_id = "REPORT Duration: 1.50 ms\tRequestId: abc\tBilled Duration: 2 ms";
    assert_eq!(parse_line(late_id), Line::Report(expected, Some("abc")));
}

#[test]
fn warm_report_has_no_init() {
    let line = "REPORT RequestId: 0\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t";
    let (r, _) = report_of(line);
    assert_eq!(r.init_ms, None);
    assert_eq!(r.restore_ms, None);
    assert_eq!(r.duration_ms, 1.23);
}

#[test]
fn init_report_variants() {
    let invoke = "INIT_REPORT Init Duration: 3000.00 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ExitError\t\r\n";
    assert_eq!(
        parse_line(invoke),
        Line::InitReport(InitReport {
            init_ms: 3000.0,
            status: Some(Status::Error),
            phase_init: false
        })
    );
    let bare = "INIT_REPORT Init Duration: 12.50 ms";
    assert_eq!(
        parse_line(bare),
        Line::InitReport(InitReport {
            init_ms: 12.5,
            status: None,
            phase_init: false
        })
    );
    let reordered = "INIT_REPORT Status: success\tPhase: init\tInit Duration: 1.00 ms";
    assert_eq!(
        parse_line(reordered),
        Line::InitReport(InitReport {
            init_ms: 1.0,
            status: None,
            phase_init: true
        })
    );
}

// ----- JSON variations

#[test]
fn json_reordered_keys_and_whitespace() {
    let json = "  {\n  \"record\" : {\r\n \"status\":\"success\", \"metrics\" : { \"initDurationMs\" : 397.68 ,\t\"maxMemoryUsedMB\":84, \"memorySizeMB\": 128,\"billedDurationMs\":694 , \"durationMs\" :693.92 } ,\"requestId\" : \"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa\"} , \"type\" :\t\"platform.report\",\"time\":\"2022-10-12T00:01:15.000Z\" }\n";
    assert_eq!(parse_line(json), parse_line(SAMPLE_JSON));
}

#[test]
fn json_nested_objects_spans_and_snapstart() {
    let json = r#"{"time":"t","type":"platform.report","record":{"requestId":"id-1","tracing":{"spanId":"x","type":"X-Amzn-Trace-Id","value":"Root=1-5e;Parent=53;Sampled=1"},"nested":{"metrics":{"durationMs":"not this"},"a":[1,2,{"b":[true,false,null]}]},"metrics":{"durationMs":2338.66,"billedDurationMs":2521,"memorySizeMB":3009,"maxMemoryUsedMB":173,"restoreDurationMs":398.97,"billedRestoreDurationMs":182,"unknownMs":1e3},"spans":[{"name":"responseLatency","start":"2022-10-12T00:01:15.000Z","durationMs":23.02},{"name":"responseDuration","durationMs":0.42}],"status":"timeout","errorType":"Sandbox.Timedout"}}"#;
    let expected = Report {
        billed_ms: Some(2521.0),
        memory_mb: Some(3009),
        max_memory_mb: Some(173),
        restore_ms: Some(398.97),
        billed_restore_ms: Some(182.0),
        status: Some(Status::Timeout),
        ..report(2338.66)
    };
    assert_eq!(parse_line(json), Line::Report(expected, Some("id-1")));
}

#[test]
fn json_statuses() {
    for (word, status) in [
        ("success", None),
        ("timeout", Some(Status::Timeout)),
        ("error", Some(Status::Error)),
        ("failure", Some(Status::Other)),
    ] {
        let json = SAMPLE_JSON.replace("\"success\"", &format!("\"{word}\""));
        assert_eq!(report_of(&json).0.status, status, "{word}");
    }
    let no_status = SAMPLE_JSON.replace(",\"status\":\"success\"", "");
    assert_eq!(parse_line(&no_status), parse_line(SAMPLE_JSON));
}

#[test]
fn json_escapes_in_keys_and_values() {
    let json = r#"{"t\u0079pe":"platform\u002ereport","record":{"metrics":{"\u0064urationMs":1.5,"initDurationMs":null},"status":"time\u006fut","requestId":"a\/b"}}"#;
    let expected = Report {
        status: Some(Status::Timeout),
        ..report(1.5)
    };
    // An escaped request id cannot be borrowed as is.
    assert_eq!(parse_line(json), Line::Report(expected, None));
    let surrogates = r#"{"type":"platform.report","x":"\ud83d\ude00 \ud800 \udc00","record":{"metrics":{"durationMs":1}}}"#;
    assert_eq!(parse_line(surrogates), Line::Report(report(1.0), None));
    let decoded: String = Unescape {
        s: r#"\ud83d\ude00\ud800x\n\u00e9"#,
        i: 0,
    }
    .collect();
    assert_eq!(decoded, "\u{1F600}\u{FFFD}x\n\u{e9}");
}

#[test]
fn json_number_forms() {
    let json = r#"{"type":"platform.report","record":{"metrics":{"durationMs":6.9392E2,"memorySizeMB":1.28e2,"maxMemoryUsedMB":84.0,"billedDurationMs":694e0}}}"#;
    let expected = Report {
        billed_ms: Some(694.0),
        memory_mb: Some(128),
        max_memory_mb: Some(84),
        ..report(693.92)
    };
    assert_eq!(parse_line(json), Line::Report(expected, None));
}

#[test]
fn json_init_report_variants() {
    let json = r#"{ "record" : { "metrics" : { "durationMs" : 250.5 }, "phase" : "invoke", "initializationType" : "snap-start" }, "type" : "platform.initReport" }"#;
    assert_eq!(
        parse_line(json),
        Line::InitReport(InitReport {
            init_ms: 250.5,
            status: None,
            phase_init: false
        })
    );
}

#[test]
fn json_records_that_are_not_reports() {
    for line in [
        r#"{"time":"2022-10-12T00:00:15.064Z","type":"platform.start","record":{"requestId":"6d68ca91","version":"$LATEST"}}"#,
        r#"{"time":"2022-10-12T00:00:15.064Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"nodejs:16.v14"}}"#,
        r#"{"time":"2022-10-12T00:00:15.064Z","type":"platform.runtimeDone","record":{"requestId":"6d68ca91","status":"success","metrics":{"durationMs":140.0,"producedBytes":16}}}"#,
        r#"{"time":"2022-10-12T00:00:15.064Z","type":"function","record":"a log line mentioning platform.report"}"#,
        r#"{"timestamp":"2022-10-12T00:00:15.064Z","level":"INFO","requestId":"79b4f56e","message":"type platform.report"}"#,
        r#"{"type":"function","record":{"message":"\"platform.report\" as a quoted word"}}"#,
        r#"{"type":"function","record":{"type":"platform.report","metrics":{"durationMs":1}}}"#,
        r#"{"type":["platform.report"],"record":{"metrics":{"durationMs":1}}}"#,
        r#"{"msg": "escaped \u0041"}"#,
        "{not json at all",
        "{}",
        "{ }",
    ] {
        assert_eq!(parse_line(line), Line::NotAReport, "{line}");
    }
}

#[test]
fn text_lines_that_are_not_reports() {
    for line in [
        "START RequestId: 4439301b-290c-4ae5-811b-228bb60418c2 Version: $LATEST",
        "END RequestId: 4439301b-290c-4ae5-811b-228bb60418c2",
        "INIT_START Runtime Version: nodejs:18.v5\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:c8",
        "2022-10-12T00:01:15.000Z\t4439301b\tINFO\tREPORT Duration: 1 ms",
        "REPORTING that all is well",
        "INIT_REPORTS",
        "Rabbit",
        "Init Duration: 5.00 ms",
        "",
        "   ",
        "\r\n",
    ] {
        assert_eq!(parse_line(line), Line::NotAReport, "{line:?}");
    }
}

// ----- garbage

#[test]
fn garbage_lines() {
    for line in [
        "REPORT RequestId: x\tDuration: ",
        "REPORT RequestId: x\tDuration:",
        "REPORT RequestId: x\tDuration",
        "REPORT RequestId: x\tDuration: abc ms",
        "REPORT RequestId: x\tDuration: 1.2.3 ms",
        "REPORT RequestId: x\tDuration: -1.00 ms",
        "REPORT RequestId: x\tDuration: inf ms",
        "REPORT RequestId: x\tDuration: NaN ms",
        "REPORT RequestId: x\tDuration: 1e3 ms",
        "REPORT RequestId: x\tDuration: .5 ms",
        "REPORT RequestId: x\tDuration: 5. ms",
        "REPORT RequestId: x\tDuration: 5.00 s",
        "REPORT RequestId: x\tDuration: 5.00 ms\tMemory Size: 12.5 MB",
        "REPORT RequestId: x\tDuration: 5.00 ms\tMemory Size: 99999999999 MB",
        "REPORT RequestId: x\tDuration: 5.00 ms\tInit Duration: x ms",
        "REPORT RequestId: x\tDuration: 5.00 ms\tStatus: ",
        "REPORT RequestId: x\tBilled Duration: 5 ms",
        "REPORT",
        "REPORT ",
        "REPORT\t\t\t",
        "INIT_REPORT",
        "INIT_REPORT Phase: init\tStatus: timeout",
        "INIT_REPORT Init Duration: ten ms",
        // JSON that says it's a report but can't be read.
        r#"{"time":"2022-10-12T00:01:15.000Z","type":"platform.report","record":{"requestId":"6d6"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":"693.92"}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":-1}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":1e999}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"billedDurationMs":1}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":1,"memorySizeMB":-128}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":1,"memorySizeMB":4294967296}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":1,"memorySizeMB":1.5}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":1},"status":7}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":1},"requestId":{}}}"#,
        r#"{"type":"platform.report","record":{"metrics":"none"}}"#,
        r#"{"type":"platform.report","record":"text"}"#,
        r#"{"type":"platform.report"}"#,
        r#"{"type":"platform.initReport","record":{"metrics":{}}}"#,
        r#"{"type":"platform.initReport","record":{"phase":1,"metrics":{"durationMs":1}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":01}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":1.}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":NaN}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":1,}}}"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":1}}} trailing"#,
        r#"{"type":"platform.report","record":{"metrics":{"durationMs":1}}}}"#,
        r#"{'type':"platform.report"}"#,
        "{\"type\":\"platform.report\",\"x\":\"raw\ttab\",\"record\":{\"metrics\":{\"durationMs\":1}}}",
        r#"{"type":"platform.report","x":"bad \q escape","record":{"metrics":{"durationMs":1}}}"#,
        r#"{"type":"platform.report","x":"\u12","record":{"metrics":{"durationMs":1}}}"#,
    ] {
        assert_eq!(parse_line(line), Line::Garbage, "{line:?}");
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x5eed);
    for len in [0usize, 1, 2, 3, 7, 64, 300, 5000] {
        for _ in 0..300 {
            let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            let text = String::from_utf8_lossy(&bytes);
            for prefix in [
                "",
                "REPORT ",
                "INIT_REPORT ",
                "{",
                "{\"type\":\"platform.report\",",
            ] {
                let line = format!("{prefix}{text}");
                check_invariants(&line);
            }
            let _ = parse_text(&text, |_| {}, |_| {});
        }
    }
}

#[test]
fn very_long_lines() {
    let filler = "x".repeat(4 << 20);
    let text = format!("{SAMPLE_COLD}\tSome Field: {filler}\tOther: 1");
    assert_eq!(report_of(&text).0, cold_sample());
    let json = SAMPLE_JSON.replace("\"status\"", &format!("\"filler\":\"{filler}\",\"status\""));
    assert_eq!(parse_line(&json), parse_line(SAMPLE_JSON));
    assert_eq!(parse_line(&format!("REPORT {filler}")), Line::Garbage);
    assert_eq!(parse_line(&format!("{{\"{filler}")), Line::NotAReport);
    let digits = "9".repeat(1 << 20);
    assert_eq!(
        parse_line(&format!("REPORT RequestId: x\tDuration: {digits} ms")),
        Line::Garbage
    );
    assert_eq!(
        parse_line(&format!("REPORT RequestId: x\tDuration: 1.{digits} ms")),
        Line::Report(report(2.0), Some("x"))
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for open in ["[", "{\"a\":"] {
        let deep = open.repeat(1_000_000);
        let line = format!(
            r#"{{"type":"platform.report","record":{{"metrics":{{"durationMs":1,"x":{deep}"#
        );
        assert_eq!(parse_line(&line), Line::Garbage);
    }
}

#[test]
fn nesting_limit_matches_serde_json() {
    for depth in 120..136 {
        let nest = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let line = format!(
            r#"{{"type":"platform.report","record":{{"metrics":{{"durationMs":1}}}},"x":{nest}}}"#
        );
        let serde_ok = serde_json::from_str::<serde_json::Value>(&line).is_ok();
        let ours_ok = matches!(parse_line(&line), Line::Report(..));
        assert_eq!(ours_ok, serde_ok, "depth {depth}");
    }
}

// ----- whole texts

#[test]
fn tally_of_a_text() {
    let text = format!(
        "START RequestId: a Version: $LATEST\r\nhello from the app\n{SAMPLE_COLD}\t\r\nEND RequestId: a\n{SAMPLE_SNAP}\n{SAMPLE_INIT}\n\n{SAMPLE_JSON}\n{SAMPLE_JSON_INIT}\nREPORT\n{{\"type\":\"platform.start\"}}"
    );
    let mut reports = Vec::new();
    let mut inits = Vec::new();
    let tally = parse_text(&text, |r| reports.push(*r), |i| inits.push(*i));
    assert_eq!(
        tally,
        Tally {
            reports: 3,
            init_reports: 2,
            not_reports: 5,
            garbage: 1
        }
    );
    assert_eq!(reports[0], cold_sample());
    assert_eq!(reports.iter().filter(|r| r.init_ms.is_some()).count(), 2);
    assert_eq!(inits.len(), 2);
    assert_eq!(parse_text("", |_| {}, |_| {}), Tally::default());
}

// ----- property tests

/// xorshift64*: small, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i as u64 + 1) as usize);
        }
    }
    /// Milliseconds with two decimals, as Lambda prints them.
    fn ms(&mut self) -> f64 {
        // Up to 15 minutes, the longest a phase can take, included.
        let max = self.pick(&[100u64, 100_000, 90_000_001]);
        self.below(max) as f64 / 100.0
    }
    fn whole_ms(&mut self) -> f64 {
        self.below(900_001) as f64
    }
    fn maybe<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.chance(50) { Some(f(self)) } else { None }
    }
}

fn random_report(rng: &mut Rng) -> Report {
    Report {
        duration_ms: rng.ms(),
        billed_ms: rng.maybe(Rng::whole_ms),
        memory_mb: rng.maybe(|r| r.next() as u32),
        max_memory_mb: rng.maybe(|r| r.below(10_241) as u32),
        init_ms: rng.maybe(Rng::ms),
        restore_ms: rng.maybe(Rng::ms),
        billed_restore_ms: rng.maybe(Rng::whole_ms),
        status: rng.pick(&[
            None,
            Some(Status::Timeout),
            Some(Status::Error),
            Some(Status::Other),
        ]),
    }
}

fn random_id(rng: &mut Rng) -> String {
    format!("{:016x}-{:04x}", rng.next(), rng.below(1 << 16))
}

fn text_form(r: &Report, id: &str, rng: &mut Rng) -> String {
    let mut fields = vec![format!("Duration: {:.2} ms", r.duration_ms)];
    let mut add = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            fields.push(format!("{name}: {v}"));
        }
    };
    add("Billed Duration", r.billed_ms.map(|v| format!("{v} ms")));
    add("Memory Size", r.memory_mb.map(|v| format!("{v} MB")));
    add(
        "Max Memory Used",
        r.max_memory_mb.map(|v| format!("{v} MB")),
    );
    add("Init Duration", r.init_ms.map(|v| format!("{v:.2} ms")));
    add(
        "Restore Duration",
        r.restore_ms.map(|v| format!("{v:.2} ms")),
    );
    add(
        "Billed Restore Duration",
        r.billed_restore_ms.map(|v| format!("{v} ms")),
    );
    add(
        "Status",
        r.status.map(|s| {
            match s {
                Status::Timeout => "timeout",
                Status::Error => "error\tError Type: Runtime.ExitError",
                Status::Other => "failure",
            }
            .to_string()
        }),
    );
    if rng.chance(30) {
        fields.push("XRAY TraceId: 1-5e1b4151-43a0913a12345678901234567\tSegmentId: 73d9c3b60fa5b41d\tSampled: true".into());
    }
    if rng.chance(20) {
        fields.push("Future Field: 42 widgets".into());
    }
    if rng.chance(70) {
        rng.shuffle(&mut fields);
    }
    let end = rng.pick(&["", "\t", "\n", "\r\n", "\t\n", "\t\r\n"]);
    format!("REPORT RequestId: {id}\t{}{end}", fields.join("\t"))
}

fn ws(rng: &mut Rng) -> &'static str {
    if rng.chance(70) {
        ""
    } else {
        rng.pick(&[" ", "  ", "\n", "\t", "\r\n ", " \t "])
    }
}

/// A key, now and then written with an escape.
fn key(rng: &mut Rng, name: &str) -> String {
    if rng.chance(10) {
        let mut chars = name.chars();
        let first = chars.next().unwrap();
        format!("\"\\u{:04x}{}\"", first as u32, chars.as_str())
    } else {
        format!("\"{name}\"")
    }
}

fn json_number(rng: &mut Rng, v: f64, two_decimals: bool) -> String {
    match rng.below(4) {
        0 => format!("{v:e}"),
        1 => format!("{v:E}"),
        _ if two_decimals => format!("{v:.2}"),
        _ => format!("{v}"),
    }
}

fn json_object(rng: &mut Rng, mut members: Vec<(String, String)>) -> String {
    rng.shuffle(&mut members);
    let inner: Vec<String> = members
        .into_iter()
        .map(|(k, v)| format!("{}{k}{}:{}{v}{}", ws(rng), ws(rng), ws(rng), ws(rng)))
        .collect();
    format!("{{{}{}}}", inner.join(","), ws(rng))
}

fn json_form(r: &Report, id: &str, rng: &mut Rng) -> String {
    let mut metrics = vec![(
        key(rng, "durationMs"),
        json_number(rng, r.duration_ms, true),
    )];
    let decimals = [
        ("initDurationMs", r.init_ms),
        ("restoreDurationMs", r.restore_ms),
    ];
    for (name, value) in decimals {
        match value {
            Some(v) => metrics.push((key(rng, name), json_number(rng, v, true))),
            None if rng.chance(20) => metrics.push((key(rng, name), "null".into())),
            None => {}
        }
    }
    let wholes = [
        ("billedDurationMs", r.billed_ms),
        ("billedRestoreDurationMs", r.billed_restore_ms),
        ("memorySizeMB", r.memory_mb.map(f64::from)),
        ("maxMemoryUsedMB", r.max_memory_mb.map(f64::from)),
    ];
    for (name, value) in wholes {
        if let Some(v) = value {
            metrics.push((key(rng, name), json_number(rng, v, false)));
        }
    }
    if rng.chance(30) {
        metrics.push(("\"producedBytes\"".into(), "0".into()));
    }
    let mut record = vec![
        ("\"requestId\"".to_string(), format!("\"{id}\"")),
        (key(rng, "metrics"), json_object(rng, metrics)),
    ];
    let status = match r.status {
        None if rng.chance(50) => None,
        None => Some("success"),
        Some(Status::Timeout) => Some("timeout"),
        Some(Status::Error) => Some("error"),
        Some(Status::Other) => Some("failure"),
    };
    if let Some(s) = status {
        record.push((key(rng, "status"), format!("\"{s}\"")));
    }
    if rng.chance(40) {
        record.push((
            "\"spans\"".into(),
            r#"[{"name":"responseLatency","start":"2022-10-12T00:01:15.000Z","durationMs":23.02},{"name":"responseDuration","durationMs":0.42}]"#.into(),
        ));
    }
    if rng.chance(30) {
        record.push((
            "\"tracing\"".into(),
            r#"{"spanId":"15c","type":"X-Amzn-Trace-Id","value":"Root=1;Sampled=1","metrics":{"durationMs":"nested"}}"#.into(),
        ));
    }
    let top = vec![
        (
            "\"time\"".to_string(),
            "\"2022-10-12T00:01:15.000Z\"".to_string(),
        ),
        (key(rng, "type"), "\"platform.report\"".to_string()),
        (key(rng, "record"), json_object(rng, record)),
    ];
    format!("{}{}{}", ws(rng), json_object(rng, top), ws(rng))
}

#[test]
fn property_reports_round_trip_through_text_and_json() {
    let mut rng = Rng(0x00c0_1d57_a27f);
    for _ in 0..20_000 {
        let r = random_report(&mut rng);
        let id = random_id(&mut rng);
        let text = text_form(&r, &id, &mut rng);
        assert_eq!(parse_line(&text), Line::Report(r, Some(&id)), "{text:?}");
        let json = json_form(&r, &id, &mut rng);
        assert_eq!(parse_line(&json), Line::Report(r, Some(&id)), "{json}");
    }
}

#[test]
fn property_init_reports_round_trip() {
    let mut rng = Rng(0x1717);
    for _ in 0..5_000 {
        let init = InitReport {
            init_ms: rng.ms(),
            status: rng.pick(&[
                None,
                Some(Status::Timeout),
                Some(Status::Error),
                Some(Status::Other),
            ]),
            phase_init: rng.chance(50),
        };
        let status_word = match init.status {
            None => "success",
            Some(Status::Timeout) => "timeout",
            Some(Status::Error) => "error",
            Some(Status::Other) => "failure",
        };
        let phase = if init.phase_init { "init" } else { "invoke" };
        let mut fields = vec![
            format!("Init Duration: {:.2} ms", init.init_ms),
            format!("Phase: {phase}"),
            format!("Status: {status_word}"),
        ];
        rng.shuffle(&mut fields);
        let text = format!("INIT_REPORT {}\t", fields.join("\t"));
        assert_eq!(parse_line(&text), Line::InitReport(init), "{text:?}");
        let metrics = json_object(
            &mut rng,
            vec![(
                key(&mut Rng(7), "durationMs"),
                format!("{:.2}", init.init_ms),
            )],
        );
        let record = json_object(
            &mut rng,
            vec![
                ("\"initializationType\"".into(), "\"on-demand\"".into()),
                ("\"phase\"".into(), format!("\"{phase}\"")),
                ("\"status\"".into(), format!("\"{status_word}\"")),
                ("\"metrics\"".into(), metrics),
            ],
        );
        let json = json_object(
            &mut rng,
            vec![
                ("\"time\"".into(), "\"2022-10-12T00:00:15.064Z\"".into()),
                ("\"type\"".into(), "\"platform.initReport\"".into()),
                ("\"record\"".into(), record),
            ],
        );
        assert_eq!(parse_line(&json), Line::InitReport(init), "{json}");
    }
}

/// What any result must satisfy.
fn check_invariants(line: &str) -> Line<'_> {
    let parsed = parse_line(line);
    if let Line::Report(r, id) = &parsed {
        assert!(
            r.duration_ms.is_finite() && r.duration_ms >= 0.0,
            "{line:?}"
        );
        if let Some(id) = id {
            assert!(line.contains(id));
        }
    }
    if let Line::InitReport(i) = &parsed {
        assert!(i.init_ms.is_finite() && i.init_ms >= 0.0, "{line:?}");
    }
    parsed
}

/// What a JSON line should give, worked out from serde_json's reading of it.
fn oracle(v: &serde_json::Value) -> Line<'static> {
    use serde_json::Value;
    let Some(kind) = v.get("type").and_then(Value::as_str) else {
        return Line::NotAReport;
    };
    if kind != REPORT_TYPE && kind != INIT_REPORT_TYPE {
        return Line::NotAReport;
    }
    let number = |m: &serde_json::Map<String, Value>, k: &str| -> Result<Option<f64>, ()> {
        match m.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) if f.is_finite() && f >= 0.0 => Ok(Some(f)),
                _ => Err(()),
            },
            Some(_) => Err(()),
        }
    };
    let up_to = |max: f64| {
        move |m: &serde_json::Map<String, Value>, k: &str| match number(m, k)? {
            Some(f) if f > max => Err(()),
            f => Ok(f),
        }
    };
    let metric = up_to(MAX_PHASE_MS);
    let billed = up_to(MAX_BILLED_MS);
    let mb = |m: &serde_json::Map<String, Value>, k: &str| -> Result<Option<u32>, ()> {
        match number(m, k)? {
            None => Ok(None),
            Some(f) if f.fract() == 0.0 && f <= f64::from(u32::MAX) => Ok(Some(f as u32)),
            Some(_) => Err(()),
        }
    };
    let build = || -> Result<Line<'static>, ()> {
        let record = v.get("record").and_then(Value::as_object).ok_or(())?;
        let m = record.get("metrics").and_then(Value::as_object).ok_or(())?;
        let status = match record.get("status") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => status_from(|w| s == w),
            Some(_) => return Err(()),
        };
        match record.get("requestId") {
            None | Some(Value::Null | Value::String(_)) => {}
            Some(_) => return Err(()),
        }
        if kind == REPORT_TYPE {
            Ok(Line::Report(
                Report {
                    duration_ms: metric(m, "durationMs")?.ok_or(())?,
                    billed_ms: billed(m, "billedDurationMs")?,
                    memory_mb: mb(m, "memorySizeMB")?,
                    max_memory_mb: mb(m, "maxMemoryUsedMB")?,
                    init_ms: metric(m, "initDurationMs")?,
                    restore_ms: metric(m, "restoreDurationMs")?,
                    billed_restore_ms: billed(m, "billedRestoreDurationMs")?,
                    status,
                },
                None,
            ))
        } else {
            let phase_init = match record.get("phase") {
                None | Some(Value::Null) => false,
                Some(Value::String(s)) => s == "init",
                Some(_) => return Err(()),
            };
            Ok(Line::InitReport(InitReport {
                init_ms: metric(m, "durationMs")?.ok_or(())?,
                status,
                phase_init,
            }))
        }
    };
    build().unwrap_or(Line::Garbage)
}

/// A report with the request id dropped and the floats compared to within an ulp or so
/// (serde_json's default float parsing is not always correctly rounded).
fn same(ours: &Line<'_>, expected: &Line<'_>) -> bool {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(1.0);
    let close_opt = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => close(a, b),
        (a, b) => a.is_none() && b.is_none(),
    };
    match (ours, expected) {
        (Line::Report(a, _), Line::Report(b, _)) => {
            close(a.duration_ms, b.duration_ms)
                && close_opt(a.billed_ms, b.billed_ms)
                && a.memory_mb == b.memory_mb
                && a.max_memory_mb == b.max_memory_mb
                && close_opt(a.init_ms, b.init_ms)
                && close_opt(a.restore_ms, b.restore_ms)
                && close_opt(a.billed_restore_ms, b.billed_restore_ms)
                && a.status == b.status
        }
        (Line::InitReport(a), Line::InitReport(b)) => {
            close(a.init_ms, b.init_ms) && a.status == b.status && a.phase_init == b.phase_init
        }
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

fn mutate(rng: &mut Rng, line: &str) -> String {
    const INTERESTING: &[u8] = b"\t\t\t:{}[]\",.0123456789 -eE\\u/nult\r\x00\x7f";
    let mut bytes = line.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let len = bytes.len() as u64;
        let at = rng.below(len + 1) as usize;
        match rng.below(7) {
            0 => bytes.truncate(at),
            1 if at < bytes.len() => bytes[at] = rng.pick(INTERESTING),
            2 if at < bytes.len() => bytes[at] = rng.below(256) as u8,
            3 => bytes.insert(at, b'\t'),
            4 => bytes.insert(at, rng.pick(INTERESTING)),
            5 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => {
                let end = (at + rng.below(16) as usize).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let to = rng.below(bytes.len() as u64 + 1) as usize;
                bytes.splice(to..to, copy);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn serde_is_stricter(line: &str) -> bool {
    line.contains("\\u")
        || line
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'e' | b'E'))
}

#[test]
fn fuzz_mutations_never_panic_and_json_agrees_with_serde_json() {
    let mut rng = Rng(0xf022);
    let mut seeds: Vec<String> = [
        SAMPLE_COLD,
        SAMPLE_SNAP,
        SAMPLE_INIT,
        SAMPLE_JSON,
        SAMPLE_JSON_INIT,
        r#"{"t\u0079pe":"platform\u002ereport","record":{"metrics":{"\u0064urationMs":1.5}}}"#,
        "START RequestId: a Version: $LATEST",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for _ in 0..50 {
        let r = random_report(&mut rng);
        let id = random_id(&mut rng);
        seeds.push(text_form(&r, &id, &mut rng));
        seeds.push(json_form(&r, &id, &mut rng));
    }
    let mut kinds = [0u32; 4];
    for i in 0..200_000 {
        let seed = &seeds[i % seeds.len()];
        let line = mutate(&mut rng, seed);
        let ours = check_invariants(&line);
        kinds[match ours {
            Line::Report(..) => 0,
            Line::InitReport(_) => 1,
            Line::NotAReport => 2,
            Line::Garbage => 3,
        }] += 1;
        let trimmed = line.trim_ascii();
        if !trimmed.starts_with('{') {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(trimmed) {
            Ok(v) => assert!(
                same(&ours, &oracle(&v)),
                "{line:?}: ours {ours:?}, serde_json {:?}",
                oracle(&v)
            ),
            // Invalid JSON never reads as a report. (serde_json is stricter than JSON's
            // grammar in two places: lone surrogates and numbers out of f64's range.)
            Err(_) if serde_is_stricter(trimmed) => {}
            Err(_) => assert!(
                matches!(ours, Line::NotAReport | Line::Garbage),
                "{line:?}: {ours:?}"
            ),
        }
    }
    // The mutations reach every outcome.
    assert!(kinds.iter().all(|&n| n > 500), "{kinds:?}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u64..2_000_000_000).prop_map(|v| format!("{}.{:02}", v / 100, v % 100)),
            any::<f64>().prop_map(|v| v.to_string()),
            "[0-9]{1,400}(\\.[0-9]{1,5})?",
            "[-+0-9.eE]{1,12}",
        ]
    }

    fn check(line: &str) -> Result<(), TestCaseError> {
        match parse_line(line) {
            Line::Report(r, _) => {
                for ms in [Some(r.duration_ms), r.init_ms, r.restore_ms]
                    .into_iter()
                    .flatten()
                {
                    prop_assert!((0.0..=MAX_PHASE_MS).contains(&ms), "{line:?}");
                }
                for ms in [r.billed_ms, r.billed_restore_ms].into_iter().flatten() {
                    prop_assert!((0.0..=MAX_BILLED_MS).contains(&ms), "{line:?}");
                }
            }
            Line::InitReport(i) => {
                prop_assert!((0.0..=MAX_PHASE_MS).contains(&i.init_ms), "{line:?}");
            }
            Line::NotAReport | Line::Garbage => {}
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Text REPORT and INIT_REPORT lines with any numbers: never a panic, and
        /// every duration that is read is finite and within its bound.
        #[test]
        fn text_reports_read_only_plausible_durations(
            d in number(), init in number(), billed in number(), restore in number()
        ) {
            check(&format!("REPORT RequestId: a\tDuration: {d} ms\tBilled Duration: {billed} ms\tInit Duration: {init} ms\tRestore Duration: {restore} ms"))?;
            check(&format!("INIT_REPORT Init Duration: {init} ms\tPhase: init\tStatus: error"))?;
        }

        /// The JSON form likewise.
        #[test]
        fn json_reports_read_only_plausible_durations(d in number(), init in number()) {
            check(&format!(r#"{{"type":"platform.report","record":{{"metrics":{{"durationMs":{d},"initDurationMs":{init}}}}}}}"#))?;
            check(&format!(r#"{{"type":"platform.initReport","record":{{"metrics":{{"durationMs":{init}}}}}}}"#))?;
        }

        /// Any text at all.
        #[test]
        fn arbitrary_lines_never_panic(line in "\\PC{0,300}") {
            check(&line)?;
            check(&format!("REPORT {line}"))?;
        }
    }
}
