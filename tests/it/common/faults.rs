//! A fault-injecting HTTP/1.1 proxy between `gearctl` and the emulator.
//!
//! The DLQ redrive engine promises never to lose a message, and that promise only matters
//! when AWS misbehaves: throttling, 500s, batches that half succeed, calls that took effect
//! upstream but whose answer never arrived. moto never does any of that, so tests put a
//! [`FaultProxy`] in front of it (`--endpoint-url` = [`FaultProxy::endpoint`]) with a few
//! [`Rule`]s, and assert with [`FaultProxy::counts`] that each fault really fired.
//!
//! It speaks just enough HTTP/1.1 for the AWS SDK: keep-alive client connections with
//! `Content-Length` (or chunked) bodies; each request goes upstream on a fresh connection
//! (moto answers `Connection: close` anyway). Operations are matched on the SQS JSON
//! protocol's `X-Amz-Target: AmazonSQS.<Operation>` header, and Lambda's invoke path as
//! `Invoke`. A rewritten body invalidates the
//! SigV4 signature; moto does not check it. Errors inside the proxy are logged to stderr and
//! close the connection; they never panic a thread.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};

/// How long to wait for the upstream (ReceiveMessage long polls last up to 20 s).
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(60);
const MAX_HEAD: usize = 64 * 1024;

/// What to do to a matching request.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Answer 400 `RequestThrottled` (which the SDK retries as throttling) without forwarding.
    Throttle,
    /// Answer 500 `InternalError` without forwarding.
    ServerError,
    /// Remove every `fail_every`-th entry (1-based positions n, 2n, …) from the request's
    /// `Entries`, forward the rest, and report the removed ones in the response's `Failed`
    /// with code `InternalError`. For the `*Batch` operations.
    PartialBatch { fail_every: usize },
    /// Forward (so the call takes effect upstream), then answer 500 `InternalError`.
    ForwardThenFail,
    /// Forward, then close the connection without answering.
    ForwardThenDrop,
    /// Close the connection without forwarding or answering.
    DropConnection,
}

/// Which of the matching calls a rule fires on (calls are counted per rule, from 1).
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    Always,
    /// Calls n, 2n, 3n, …
    Every(u64),
    /// Calls in this range.
    Calls(RangeInclusive<u64>),
    /// Each call with this probability, from a deterministic xorshift stream.
    Chance {
        p: f64,
        seed: u64,
    },
}

/// A fault for one operation (e.g. `"SendMessageBatch"`, or `"*"` for any request).
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub operation: String,
    pub when: When,
    pub fault: Fault,
}

impl Rule {
    /// Fires on every call of `operation` until narrowed by `every`, `calls`, `nth`, `chance`.
    pub fn new(operation: &str, fault: Fault) -> Rule {
        Rule {
            operation: operation.to_string(),
            when: When::Always,
            fault,
        }
    }

    pub fn every(mut self, n: u64) -> Rule {
        assert!(n > 0, "every(0)");
        self.when = When::Every(n);
        self
    }

    pub fn calls(mut self, range: RangeInclusive<u64>) -> Rule {
        self.when = When::Calls(range);
        self
    }

    pub fn nth(self, n: u64) -> Rule {
        self.calls(n..=n)
    }

    pub fn chance(mut self, p: f64, seed: u64) -> Rule {
        assert!((0.0..=1.0).contains(&p), "probability {p}");
        self.when = When::Chance { p, seed };
        self
    }
}

struct RuleState {
    rule: Rule,
    seen: u64,
    fired: u64,
    rng: u64,
}

impl RuleState {
    fn decide(&mut self) -> bool {
        self.seen += 1;
        match &self.rule.when {
            When::Always => true,
            When::Every(n) => self.seen.is_multiple_of(*n),
            When::Calls(r) => r.contains(&self.seen),
            When::Chance { p, .. } => {
                // xorshift64
                self.rng ^= self.rng << 13;
                self.rng ^= self.rng >> 7;
                self.rng ^= self.rng << 17;
                ((self.rng >> 11) as f64 / (1u64 << 53) as f64) < *p
            }
        }
    }
}

struct Shared {
    upstream: SocketAddr,
    stop: AtomicBool,
    rules: Mutex<Vec<RuleState>>,
    calls: Mutex<HashMap<String, u64>>,
    open: Mutex<HashMap<u64, TcpStream>>,
    connections: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The running proxy; stops (and closes its client connections) when dropped.
pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl FaultProxy {
    /// Listen on a free loopback port and forward to `upstream` (`http://127.0.0.1:PORT`).
    pub fn start(upstream: &str, rules: Vec<Rule>) -> FaultProxy {
        let host = upstream
            .strip_prefix("http://")
            .unwrap_or_else(|| panic!("upstream must be http://host:port, got {upstream}"))
            .trim_end_matches('/');
        let upstream_addr: SocketAddr = host
            .parse()
            .unwrap_or_else(|e| panic!("upstream {upstream}: {e}"));
        for r in &rules {
            if let Fault::PartialBatch { fail_every: 0 } = r.fault {
                panic!("PartialBatch {{ fail_every: 0 }}");
            }
        }
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fault proxy");
        let addr = listener.local_addr().expect("fault proxy address");
        let shared = Arc::new(Shared {
            upstream: upstream_addr,
            stop: AtomicBool::new(false),
            rules: Mutex::new(
                rules
                    .into_iter()
                    .map(|rule| {
                        let seed = match rule.when {
                            When::Chance { seed, .. } => seed,
                            _ => 0,
                        };
                        RuleState {
                            rule,
                            seen: 0,
                            fired: 0,
                            // xorshift must not start at 0
                            rng: seed ^ 0x9E37_79B9_7F4A_7C15,
                        }
                    })
                    .collect(),
            ),
            calls: Mutex::new(HashMap::new()),
            open: Mutex::new(HashMap::new()),
            connections: AtomicU64::new(0),
        });
        let s = shared.clone();
        let acceptor = std::thread::Builder::new()
            .name("fault-proxy-accept".into())
            .spawn(move || accept_loop(listener, s))
            .expect("spawn the fault proxy");
        FaultProxy {
            addr,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// The URL to pass as `--endpoint-url`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many times each rule fired, in the order the rules were given. A `PartialBatch`
    /// counts only when it actually removed an entry.
    pub fn counts(&self) -> Vec<u64> {
        lock(&self.shared.rules).iter().map(|r| r.fired).collect()
    }

    /// How many requests for `operation` reached the proxy (faulted or not).
    pub fn calls(&self, operation: &str) -> u64 {
        lock(&self.shared.calls)
            .get(operation)
            .copied()
            .unwrap_or(0)
    }

    /// How many client connections were accepted (to check keep-alive reuse).
    pub fn connections(&self) -> u64 {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(h) = self.acceptor.take() {
            let _ = h.join();
        }
        for (_, s) in lock(&self.shared.open).drain() {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for (id, conn) in (0u64..).zip(listener.incoming()) {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let stream = match conn {
            Ok(s) => s,
            Err(e) => {
                eprintln!("fault proxy: accept: {e}");
                continue;
            }
        };
        shared.connections.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.open).insert(id, clone);
        }
        let s = shared.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("fault-proxy-conn-{id}"))
            .spawn(move || {
                if let Err(e) = serve(&stream, &s)
                    && !s.stop.load(Ordering::SeqCst)
                {
                    eprintln!("fault proxy: connection {id}: {e}");
                }
                let _ = stream.shutdown(Shutdown::Both);
                lock(&s.open).remove(&id);
            });
        if let Err(e) = spawned {
            eprintln!("fault proxy: spawn: {e}");
        }
    }
}

struct Message {
    /// Request line or status line.
    start: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn has_token(&self, name: &str, token: &str) -> bool {
        self.header(name)
            .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    }

    /// Serialise with our own framing: hop-by-hop headers dropped, `Content-Length` set.
    fn write_to(&self, w: &mut impl Write, extra: &[(&str, &str)]) -> io::Result<()> {
        let mut out = Vec::with_capacity(self.body.len() + 512);
        out.extend_from_slice(self.start.as_bytes());
        out.extend_from_slice(b"\r\n");
        for (k, v) in &self.headers {
            if !is_hop_by_hop(k) {
                out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
            }
        }
        for (k, v) in extra {
            out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", self.body.len()).as_bytes());
        out.extend_from_slice(&self.body);
        w.write_all(&out)?;
        w.flush()
    }
}

fn is_hop_by_hop(name: &str) -> bool {
    [
        "connection",
        "keep-alive",
        "proxy-connection",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "content-length",
        "expect",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Read a start line and headers; `None` on a clean EOF before any byte.
fn read_head(r: &mut impl BufRead) -> io::Result<Option<Message>> {
    let mut start = String::new();
    if r.read_line(&mut start)? == 0 {
        return Ok(None);
    }
    let mut headers = Vec::new();
    let mut total = start.len();
    loop {
        let mut line = String::new();
        let n = r.read_line(&mut line)?;
        total += n;
        if n == 0 {
            return Err(bad("EOF inside headers"));
        }
        if total > MAX_HEAD {
            return Err(bad("header block too large"));
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (k, v) = line
            .split_once(':')
            .ok_or_else(|| bad(format!("bad header line {line:?}")))?;
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    Ok(Some(Message {
        start: start.trim_end_matches(['\r', '\n']).to_string(),
        headers,
        body: Vec::new(),
    }))
}

/// Read the body framed by `Content-Length` or chunked encoding; `to_eof` reads until the
/// peer closes when neither is given (responses only).
fn read_body(r: &mut impl BufRead, m: &mut Message, to_eof: bool) -> io::Result<()> {
    if m.has_token("transfer-encoding", "chunked") {
        loop {
            let mut size = String::new();
            r.read_line(&mut size)?;
            let size = size.trim().split(';').next().unwrap_or("");
            let n = usize::from_str_radix(size, 16)
                .map_err(|_| bad(format!("bad chunk size {size:?}")))?;
            if n == 0 {
                // Trailers, up to the empty line.
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line)? == 0 || line.trim().is_empty() {
                        return Ok(());
                    }
                }
            }
            let start = m.body.len();
            m.body.resize(start + n, 0);
            r.read_exact(&mut m.body[start..])?;
            let mut crlf = [0u8; 2];
            r.read_exact(&mut crlf)?;
        }
    } else if let Some(len) = m.header("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| bad(format!("bad Content-Length {len:?}")))?;
        m.body.resize(len, 0);
        r.read_exact(&mut m.body)
    } else if to_eof {
        r.read_to_end(&mut m.body).map(drop)
    } else {
        Ok(())
    }
}

/// The operation of a request: from `X-Amz-Target` (SQS's JSON protocol), or `Invoke` for
/// Lambda's REST path `…/functions/NAME/invocations`.
fn operation(req: &Message) -> String {
    if let Some(t) = req.header("x-amz-target") {
        return t.rsplit('.').next().unwrap_or(t).to_string();
    }
    let path = req.start.split(' ').nth(1).unwrap_or("");
    if path
        .split('?')
        .next()
        .unwrap_or("")
        .ends_with("/invocations")
    {
        return "Invoke".to_string();
    }
    String::new()
}

/// One client connection: requests in a loop until the client closes or a fault drops it.
fn serve(stream: &TcpStream, shared: &Shared) -> io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream.try_clone()?;
    while let Some(mut req) = read_head(&mut reader)? {
        if req.has_token("expect", "100-continue") {
            writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        read_body(&mut reader, &mut req, false)?;
        let close = req.has_token("connection", "close") || req.start.ends_with("HTTP/1.0");
        let op = operation(&req);
        *lock(&shared.calls).entry(op.clone()).or_insert(0) += 1;

        let fault = choose_fault(shared, &op);
        let resp = match &fault {
            None => forward(shared, &req)?,
            Some((_, Fault::Throttle)) => error_response(
                "400 Bad Request",
                "RequestThrottled",
                "Sender",
                "injected throttling",
            ),
            Some((_, Fault::ServerError)) => error_response(
                "500 Internal Server Error",
                "InternalError",
                "Receiver",
                "injected server error",
            ),
            Some((_, Fault::ForwardThenFail)) => {
                forward(shared, &req)?;
                error_response(
                    "500 Internal Server Error",
                    "InternalError",
                    "Receiver",
                    "injected failure after forwarding",
                )
            }
            Some((_, Fault::ForwardThenDrop)) => {
                forward(shared, &req)?;
                return Ok(());
            }
            Some((_, Fault::DropConnection)) => return Ok(()),
            Some((i, Fault::PartialBatch { fail_every })) => {
                match partial_batch(shared, &req, *fail_every)? {
                    Some(resp) => resp,
                    None => {
                        // Nothing removed: it did not fire after all.
                        lock(&shared.rules)[*i].fired -= 1;
                        forward(shared, &req)?
                    }
                }
            }
        };
        let conn = if close { "close" } else { "keep-alive" };
        resp.write_to(&mut writer, &[("Connection", conn)])?;
        if close {
            return Ok(());
        }
    }
    Ok(())
}

/// The first rule for `op` whose schedule says fire (every matching rule counts the call).
fn choose_fault(shared: &Shared, op: &str) -> Option<(usize, Fault)> {
    let mut rules = lock(&shared.rules);
    let mut chosen = None;
    for (i, r) in rules.iter_mut().enumerate() {
        if (r.rule.operation == "*" || r.rule.operation == op) && r.decide() && chosen.is_none() {
            r.fired += 1;
            chosen = Some((i, r.rule.fault.clone()));
        }
    }
    chosen
}

/// Send `req` upstream on a fresh connection and read the whole answer.
fn forward(shared: &Shared, req: &Message) -> io::Result<Message> {
    let up = TcpStream::connect_timeout(&shared.upstream, Duration::from_secs(5))?;
    up.set_read_timeout(Some(UPSTREAM_TIMEOUT))?;
    up.set_write_timeout(Some(UPSTREAM_TIMEOUT))?;
    let mut w = up.try_clone()?;
    req.write_to(&mut w, &[("Connection", "close")])?;
    let mut r = BufReader::new(up);
    let mut resp = read_head(&mut r)?.ok_or_else(|| bad("upstream closed without answering"))?;
    let status = resp.start.split(' ').nth(1).unwrap_or("");
    let bodiless = req.start.starts_with("HEAD ")
        || status.starts_with('1')
        || status == "204"
        || status == "304";
    if !bodiless {
        read_body(&mut r, &mut resp, true)?;
    }
    Ok(resp)
}

fn json_response(status: &str, extra: Vec<(String, String)>, body: &Value) -> Message {
    let mut headers = vec![
        (
            "Content-Type".to_string(),
            "application/x-amz-json-1.0".to_string(),
        ),
        ("x-amzn-RequestId".to_string(), "fault-proxy".to_string()),
    ];
    headers.extend(extra);
    Message {
        start: format!("HTTP/1.1 {status}"),
        headers,
        body: body.to_string().into_bytes(),
    }
}

/// An error in the SQS JSON protocol, as moto and SQS send it. The SDK takes the code from
/// `x-amzn-query-error` (awsQueryCompatible) over `__type`, so both name the same code.
fn error_response(status: &str, code: &str, fault: &str, message: &str) -> Message {
    json_response(
        status,
        vec![
            ("x-amzn-query-error".to_string(), format!("{code};{fault}")),
            (
                "X-Amzn-ErrorType".to_string(),
                format!("com.amazonaws.sqs#{code}"),
            ),
        ],
        &json!({
            "__type": format!("com.amazonaws.sqs#{code}"),
            "message": message,
        }),
    )
}

/// Fail every `n`-th entry locally, forward the rest, merge the answers. `None` when the
/// request has no entry to fail (then the caller forwards it untouched).
fn partial_batch(shared: &Shared, req: &Message, n: usize) -> io::Result<Option<Message>> {
    let Ok(mut body) = serde_json::from_slice::<Value>(&req.body) else {
        eprintln!("fault proxy: PartialBatch on a body that is not JSON; forwarding");
        return Ok(None);
    };
    let Some(entries) = body.get_mut("Entries").and_then(Value::as_array_mut) else {
        eprintln!("fault proxy: PartialBatch on a request without Entries; forwarding");
        return Ok(None);
    };
    let mut kept = Vec::new();
    let mut failed = Vec::new();
    for (i, e) in std::mem::take(entries).into_iter().enumerate() {
        if (i + 1).is_multiple_of(n) {
            failed.push(json!({
                "Id": e.get("Id").cloned().unwrap_or(Value::Null),
                "Code": "InternalError",
                "SenderFault": false,
                "Message": "injected",
            }));
        } else {
            kept.push(e);
        }
    }
    if failed.is_empty() {
        return Ok(None);
    }
    if kept.is_empty() {
        // SQS refuses an empty batch, so answer for it.
        let out = json!({ "Successful": [], "Failed": failed });
        return Ok(Some(json_response("200 OK", vec![], &out)));
    }
    *entries = kept;
    let forwarded = Message {
        start: req.start.clone(),
        headers: req.headers.clone(),
        body: body.to_string().into_bytes(),
    };
    let mut resp = forward(shared, &forwarded)?;
    if resp.start.split(' ').nth(1) != Some("200") {
        return Ok(Some(resp));
    }
    let mut out: Value = match serde_json::from_slice(&resp.body) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            eprintln!("fault proxy: batch answer is not a JSON object; passing it on");
            return Ok(Some(resp));
        }
    };
    let slot = out
        .as_object_mut()
        .map(|o| o.entry("Failed").or_insert_with(|| json!([])));
    match slot.and_then(Value::as_array_mut) {
        Some(list) => list.extend(failed),
        None => eprintln!("fault proxy: batch answer has a non-array Failed; passing it on"),
    }
    resp.body = out.to_string().into_bytes();
    Ok(Some(resp))
}
