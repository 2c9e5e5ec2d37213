//! Bounds on every AWS call, so that no endpoint can hold gearctl without a word.
//!
//! Left alone, the SDK buffers an answer of any size (an endless body fills memory), and an
//! endpoint that throttles or stays silent is retried for minutes with nothing on stderr.
//! Each client gets a [`Guard`] that:
//! - caps the body of every answer at [`MAX_ANSWER_BYTES`], and forbids a retry after that
//!   (the next answer would be as large);
//! - once a call has waited [`NOTICE_AFTER`], says on stderr which call it waits for, and
//!   names each further retry with its attempt number;
//! - when the call's budget ([`super::CALL_BUDGET`]) runs out, records what the attempts
//!   ran into (throttling, no answer, server errors), so the error says what happened.

use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeDeserializationInterceptorContextMut, BeforeSerializationInterceptorContextRef,
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextMut,
    FinalizerInterceptorContextRef, InterceptorContext,
};
use aws_smithy_runtime_api::client::orchestrator::{Metadata, OrchestratorError};
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority, RetryReason,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
use aws_smithy_types::retry::{ErrorKind, RetryConfig};

use crate::visible::visible;

/// The largest answer gearctl reads from AWS: 64 MiB. The largest real ones are a
/// ReceiveMessage of 10 messages of 1 MiB, and pages of logs of about 1 MB.
pub const MAX_ANSWER_BYTES: usize = 64 << 20;
/// How long a call runs before stderr says what it waits for.
pub const NOTICE_AFTER: Duration = Duration::from_secs(5);
/// How often a call that still waits says so again.
const NOTICE_EVERY: Duration = Duration::from_secs(15);

static QUIET: AtomicBool = AtomicBool::new(false);

/// `--quiet`: no waiting or retry notices on stderr.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// The interceptor installed on every client. `service` is the IAM prefix of the client's
/// actions (`sqs`, `lambda`…), `place` says where its calls go, for the notices.
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    pub service: &'static str,
    pub place: String,
}

/// A call that ran out of its budget, with what its attempts ran into.
#[derive(Debug)]
pub struct GaveUp {
    /// The last attempt's failure: `throttling`, `no answer`, … (None: none finished).
    pub last: Option<&'static str>,
    pub attempts: u32,
    pub elapsed: Duration,
    /// The SDK's own words for the timeout.
    pub detail: String,
}

impl fmt::Display for GaveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gearctl gave up after {} s and {} attempt{}",
            self.elapsed.as_secs(),
            self.attempts,
            if self.attempts == 1 { "" } else { "s" }
        )?;
        match self.last {
            Some(last) => write!(f, " (the last one failed with {last})"),
            None => write!(f, " ({})", self.detail),
        }
    }
}

impl std::error::Error for GaveUp {}

/// What one call has done so far; shared with its notice timer.
#[derive(Debug)]
struct Watch {
    service: &'static str,
    /// `sqs:ListQueues`; known from the first attempt on (the operation's name is not in
    /// the config when the call starts).
    action: OnceLock<String>,
    place: String,
    started: Instant,
    attempt: AtomicU32,
    in_flight: AtomicBool,
    max_attempts: u32,
    last: Mutex<Option<&'static str>>,
}

impl Watch {
    fn action(&self) -> String {
        match self.action.get() {
            Some(a) => a.clone(),
            None => format!("a {} call", self.service),
        }
    }

    fn last(&self) -> Option<&'static str> {
        *self.last.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn waiting_line(&self) -> String {
        let attempt = self.attempt.load(Ordering::Relaxed).max(1);
        let now = match self.last() {
            Some(last) if !self.in_flight.load(Ordering::Relaxed) => format!(
                "attempt {attempt} of {} failed with {last}, {} s so far",
                self.max_attempts,
                self.started.elapsed().as_secs()
            ),
            _ => format!(
                "attempt {attempt} of {}, {} s so far",
                self.max_attempts,
                self.started.elapsed().as_secs()
            ),
        };
        format!(
            "still waiting for {} to answer {} ({now}; gearctl gives up after {} s)",
            self.place,
            self.action(),
            super::CALL_BUDGET.as_secs()
        )
    }

    fn retry_line(&self, attempt: u32) -> String {
        format!(
            "retrying {} after {} (attempt {attempt} of {}, {} s so far)",
            self.action(),
            self.last().unwrap_or("a failed attempt"),
            self.max_attempts,
            self.started.elapsed().as_secs()
        )
    }
}

/// One call's watch and its notice timer, kept in the call's config bag: when the call
/// ends (or is dropped), the timer goes with it.
#[derive(Debug)]
struct Watching {
    watch: Arc<Watch>,
    timer: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        if let Some(t) = &self.timer {
            t.abort();
        }
    }
}

impl Storable for Watching {
    type Storer = StoreReplace<Self>;
}

fn notice(line: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        // A closed or full stderr loses the notice, not the call.
        let _ = writeln!(std::io::stderr(), "note: {}", visible(line));
    }
}

impl Intercept for Guard {
    fn name(&self) -> &'static str {
        "gearctl::aws::guard"
    }

    fn read_before_execution(
        &self,
        _ctx: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let watch = Arc::new(Watch {
            service: self.service,
            action: OnceLock::new(),
            place: self.place.clone(),
            started: Instant::now(),
            attempt: AtomicU32::new(0),
            in_flight: AtomicBool::new(false),
            max_attempts: cfg.load::<RetryConfig>().map_or(1, |r| r.max_attempts()),
            last: Mutex::new(None),
        });
        let timer = tokio::runtime::Handle::try_current().ok().map(|rt| {
            let watch = Arc::clone(&watch);
            rt.spawn(async move {
                tokio::time::sleep(NOTICE_AFTER).await;
                loop {
                    notice(&watch.waiting_line());
                    tokio::time::sleep(NOTICE_EVERY).await;
                }
            })
        });
        cfg.interceptor_state().store_put(Watching { watch, timer });
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _ctx: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let attempt = cfg.load::<RequestAttempts>().map_or(1, |a| a.attempts());
        let operation = cfg.load::<Metadata>().map(|m| m.name().to_string());
        if let Some(w) = cfg.load::<Watching>() {
            if let Some(op) = operation {
                let _ = w.watch.action.set(format!("{}:{op}", self.service));
            }
            w.watch.attempt.store(attempt, Ordering::Relaxed);
            w.watch.in_flight.store(true, Ordering::Relaxed);
            if attempt > 1 && w.watch.started.elapsed() >= NOTICE_AFTER {
                notice(&w.watch.retry_line(attempt));
            }
        }
        Ok(())
    }

    fn modify_before_deserialization(
        &self,
        ctx: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _rc: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let body = std::mem::replace(ctx.response_mut().body_mut(), SdkBody::taken());
        *ctx.response_mut().body_mut() =
            SdkBody::from_body_1_x(http_body_util::Limited::new(body, MAX_ANSWER_BYTES));
        Ok(())
    }

    fn read_after_attempt(
        &self,
        ctx: &FinalizerInterceptorContextRef<'_>,
        rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(w) = cfg.load::<Watching>() {
            if let Some(failure) = failure(ctx.inner(), rc) {
                *w.watch.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(failure);
            }
            w.watch.in_flight.store(false, Ordering::Relaxed);
        }
        Ok(())
    }

    fn modify_before_completion(
        &self,
        ctx: &mut FinalizerInterceptorContextMut<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(w) = cfg.load::<Watching>() else {
            return Ok(());
        };
        if let Some(result) = ctx.output_or_error_mut()
            && let Err(e) = result
            && e.is_timeout_error()
        {
            let gave_up = GaveUp {
                last: w.watch.last(),
                attempts: w.watch.attempt.load(Ordering::Relaxed).max(1),
                elapsed: w.watch.started.elapsed(),
                detail: root_text(e),
            };
            *result = Err(OrchestratorError::timeout(Box::new(gave_up)));
        }
        Ok(())
    }
}

/// The deepest message of an error's cause chain.
fn root_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let t = s.to_string();
        if !t.is_empty() {
            text = t;
        }
        source = s.source();
    }
    text
}

/// What a failed attempt ran into, as the client's retry classifiers see it.
fn failure(ctx: &InterceptorContext, rc: &RuntimeComponents) -> Option<&'static str> {
    let Some(Err(err)) = ctx.output_or_error() else {
        return None;
    };
    if too_large(err) {
        return Some("an answer that is too large");
    }
    if err.is_timeout_error() || err.as_connector_error().is_some_and(|c| c.is_timeout()) {
        return Some("no answer in time");
    }
    let mut action = RetryAction::NoActionIndicated;
    for classifier in rc.retry_classifiers() {
        let next = classifier.classify_retry_v2(ctx, &action);
        if next != RetryAction::NoActionIndicated {
            action = next;
        }
        if action == RetryAction::RetryForbidden {
            break;
        }
    }
    Some(match action {
        RetryAction::RetryIndicated(RetryReason::RetryableError { kind, .. }) => match kind {
            ErrorKind::ThrottlingError => "throttling",
            ErrorKind::ServerError => "a server error",
            ErrorKind::TransientError => "a connection error",
            _ => "an error",
        },
        _ => "an error",
    })
}

/// True when the answer's body was cut at [`MAX_ANSWER_BYTES`] (anywhere in `err`'s causes).
pub(crate) fn too_large(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(err);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// Forbids a retry after an answer that was too large: the next would be as large.
#[derive(Debug)]
pub(crate) struct NoRetryWhenTooLarge;

impl ClassifyRetry for NoRetryWhenTooLarge {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.output_or_error() {
            Some(Err(err)) if too_large(err) => RetryAction::RetryForbidden,
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "gearctl: no retry after an answer that is too large"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}
