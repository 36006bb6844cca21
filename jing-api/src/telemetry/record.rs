//! What the client records, each in one function: the metric names of the table in
//! `telemetry` and the calls that count them (through the `metrics` facade with the
//! feature `metrics`, nothing without it), and the small helpers the spans share. The
//! spans (`telemetry/spans.rs`), the store wrappers (`telemetry/stores.rs`), the client,
//! the rate limiter, the refresh cycle and the event stream all record through these.

use std::time::Duration;

use crate::Error;

/// Calls finished (counter; labels `endpoint`, `outcome`).
pub const CALLS: &str = "jing_calls_total";
/// Calls failed, by the kind of error (counter; labels `endpoint`, `kind`).
pub const CALL_ERRORS: &str = "jing_call_errors_total";
/// A call's whole time (histogram, seconds; label `endpoint`).
pub const CALL_DURATION: &str = "jing_call_duration_seconds";
/// Attempts sent again (counter; labels `endpoint`, `reason`).
pub const RETRIES: &str = "jing_retries_total";
/// Token renewals made by this process (counter; label `outcome`).
pub const TOKEN_RENEWALS: &str = "jing_token_renewals_total";
/// Waits for another client's renewal (histogram, seconds).
pub const TOKEN_LOCK_WAIT: &str = "jing_token_lock_wait_seconds";
/// Waits for a per-second limit (histogram, seconds; labels `endpoint`, `limiter`).
pub const LIMIT_WAIT: &str = "jing_limit_wait_seconds";
/// Failed calls to a token or limit store (counter; labels `store`, `operation`).
pub const STORE_ERRORS: &str = "jing_store_errors_total";
/// Calls to a token or limit store (histogram, seconds; labels `store`, `operation`).
pub const STORE_CALL_DURATION: &str = "jing_store_call_duration_seconds";
/// Webhook events appended to a stream (counter; labels `stream`, `outcome`).
pub const EVENTS_APPENDED: &str = "jing_events_appended_total";
/// Deliveries acknowledged (counter; labels `stream`, `group`).
pub const EVENTS_HANDLED: &str = "jing_events_handled_total";
/// Deliveries taken over from an idle consumer (counter; labels `stream`, `group`).
pub const EVENTS_RECLAIMED: &str = "jing_events_reclaimed_total";
/// Events moved to the dead-letter stream (counter; labels `stream`, `group`).
pub const EVENTS_DEAD_LETTERED: &str = "jing_events_dead_lettered_total";

/// Describes every metric to the installed recorder (units and help text, which an
/// exporter such as Prometheus's prints beside them). Call it once after installing the
/// recorder; recording works without it. Feature `metrics`.
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub fn describe() {
    use metrics::{Unit, describe_counter, describe_histogram};
    describe_counter!(
        CALLS,
        Unit::Count,
        "Jing API calls finished, by endpoint and outcome"
    );
    describe_counter!(
        CALL_ERRORS,
        Unit::Count,
        "Jing API calls failed, by error kind"
    );
    describe_histogram!(
        CALL_DURATION,
        Unit::Seconds,
        "Jing API call time, retries included"
    );
    describe_counter!(RETRIES, Unit::Count, "Attempts sent again, by reason");
    describe_counter!(
        TOKEN_RENEWALS,
        Unit::Count,
        "Access token renewals by this process"
    );
    describe_histogram!(
        TOKEN_LOCK_WAIT,
        Unit::Seconds,
        "Waits for another client's renewal"
    );
    describe_histogram!(LIMIT_WAIT, Unit::Seconds, "Waits for a per-second limit");
    describe_counter!(
        STORE_ERRORS,
        Unit::Count,
        "Failed token or limit store calls"
    );
    describe_histogram!(
        STORE_CALL_DURATION,
        Unit::Seconds,
        "Token or limit store call time"
    );
    describe_counter!(
        EVENTS_APPENDED,
        Unit::Count,
        "Webhook events appended to a stream"
    );
    describe_counter!(
        EVENTS_HANDLED,
        Unit::Count,
        "Webhook deliveries acknowledged"
    );
    describe_counter!(
        EVENTS_RECLAIMED,
        Unit::Count,
        "Webhook deliveries reclaimed"
    );
    describe_counter!(
        EVENTS_DEAD_LETTERED,
        Unit::Count,
        "Webhook events dead-lettered"
    );
}

/// Increments counter `name` by one with `labels`; nothing without the feature.
macro_rules! count {
    ($name:expr $(, $key:literal => $value:expr)*) => {{
        #[cfg(feature = "metrics")]
        metrics::counter!($name $(, $key => metrics::SharedString::from($value))*).increment(1);
        #[cfg(not(feature = "metrics"))]
        let _ = ($name $(, &$value)*);
    }};
}

/// Records `seconds` in histogram `name` with `labels`; nothing without the feature.
macro_rules! observe {
    ($name:expr, $duration:expr $(, $key:literal => $value:expr)*) => {{
        #[cfg(feature = "metrics")]
        metrics::histogram!($name $(, $key => metrics::SharedString::from($value))*)
            .record($duration.as_secs_f64());
        #[cfg(not(feature = "metrics"))]
        let _ = ($name, $duration $(, &$value)*);
    }};
}

/// A call ended with `result` after `elapsed`.
pub(crate) fn call_finished<T>(
    endpoint: &'static str,
    result: &Result<T, Error>,
    elapsed: Duration,
) {
    match result {
        Ok(_) => count!(CALLS, "endpoint" => endpoint, "outcome" => "ok"),
        Err(error) => {
            count!(CALLS, "endpoint" => endpoint, "outcome" => "error");
            count!(CALL_ERRORS, "endpoint" => endpoint, "kind" => error.kind());
        }
    }
    observe!(CALL_DURATION, elapsed, "endpoint" => endpoint);
}

/// An attempt of `endpoint` is sent again for `reason`.
pub(crate) fn retried(endpoint: &'static str, reason: &'static str) {
    count!(RETRIES, "endpoint" => endpoint, "reason" => reason);
}

/// Why a failed attempt is sent again, as `jing.retry_reason` and the `reason` label say.
pub(crate) fn retry_reason(error: &Error) -> &'static str {
    match error {
        Error::Transport(error) if error.is_timeout() => "timeout",
        Error::RateLimited { .. } => "rate_limited",
        Error::Http { .. } | Error::Api { .. } => "server_error",
        _ => "transport",
    }
}

/// Whether a renewal by this process obtained a token.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Renewal {
    Renewed,
    Failed,
}

/// A token call of this process renewed the access token, or failed to.
pub(crate) fn renewal(outcome: Renewal) {
    let outcome = match outcome {
        Renewal::Renewed => "renewed",
        Renewal::Failed => "failed",
    };
    count!(TOKEN_RENEWALS, "outcome" => outcome);
}

/// The pauses of one call waiting for another client's renewal: each pause is a span, and
/// their sum is recorded once, when the wait ends (the guard is dropped).
#[derive(Debug, Default)]
pub(crate) struct LockWait {
    waited: Duration,
}

impl LockWait {
    /// Sleeps `pause`, inside a `jing_api.token.lock_wait` span.
    pub(crate) async fn pause(&mut self, pause: Duration) {
        use tracing::Instrument;
        let span = tracing::debug_span!("jing_api.token.lock_wait", pause_ms = pause_millis(pause));
        tokio::time::sleep(pause).instrument(span).await;
        self.waited += pause;
    }
}

impl Drop for LockWait {
    fn drop(&mut self) {
        if !self.waited.is_zero() {
            observe!(TOKEN_LOCK_WAIT, self.waited);
        }
    }
}

/// Which per-second limiter a call waited for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Limiter {
    /// This client's own (a window of its own, as strict as the shared one).
    Local,
    /// The limit store's, shared with other clients (Redis).
    Shared,
}

impl Limiter {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Limiter::Local => "local",
            Limiter::Shared => "shared",
        }
    }
}

/// A call of `endpoint` waited `waited` for a per-second limit.
pub(crate) fn limit_waited(endpoint: &'static str, limiter: Limiter, waited: Duration) {
    observe!(LIMIT_WAIT, waited, "endpoint" => endpoint, "limiter" => limiter.as_str());
}

/// A call to a token or limit store ended with `result` after `elapsed`.
pub(crate) fn store_call<T>(
    store: &'static str,
    operation: &'static str,
    result: &Result<T, Error>,
    elapsed: Duration,
) {
    if result.is_err() {
        count!(STORE_ERRORS, "store" => store, "operation" => operation);
    }
    observe!(STORE_CALL_DURATION, elapsed, "store" => store, "operation" => operation);
}

/// What happened to a webhook event on a stream.
#[cfg(feature = "redis")]
#[derive(Debug, Clone, Copy)]
pub(crate) enum EventStep {
    Appended,
    Duplicate,
    Handled,
    Reclaimed,
    DeadLettered,
}

/// Event `step` on `stream` (appends have no group).
#[cfg(feature = "redis")]
pub(crate) fn event(step: EventStep, stream: &str, group: &str) {
    let (stream, group) = (stream.to_owned(), group.to_owned());
    match step {
        EventStep::Appended => count!(EVENTS_APPENDED, "stream" => stream, "outcome" => "new"),
        EventStep::Duplicate => {
            count!(EVENTS_APPENDED, "stream" => stream, "outcome" => "duplicate");
        }
        EventStep::Handled => count!(EVENTS_HANDLED, "stream" => stream, "group" => group),
        EventStep::Reclaimed => count!(EVENTS_RECLAIMED, "stream" => stream, "group" => group),
        EventStep::DeadLettered => {
            count!(EVENTS_DEAD_LETTERED, "stream" => stream, "group" => group);
        }
    }
}

/// Registers the event counters of `stream` (and of `group`, for a consumer) at zero, so
/// that a scrape shows every series before the first event counts in it.
#[cfg(feature = "redis")]
pub(crate) fn events_registered(stream: &str, group: Option<&str>) {
    #[cfg(feature = "metrics")]
    {
        let stream = metrics::SharedString::from(stream.to_owned());
        match group {
            None => {
                for outcome in ["new", "duplicate"] {
                    metrics::counter!(EVENTS_APPENDED, "stream" => stream.clone(), "outcome" => outcome)
                        .increment(0);
                }
            }
            Some(group) => {
                let group = metrics::SharedString::from(group.to_owned());
                for name in [EVENTS_HANDLED, EVENTS_RECLAIMED, EVENTS_DEAD_LETTERED] {
                    metrics::counter!(name, "stream" => stream.clone(), "group" => group.clone())
                        .increment(0);
                }
            }
        }
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (stream, group);
}

/// Milliseconds, for span fields.
pub(crate) fn pause_millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(all(test, feature = "metrics", feature = "redis"))]
mod tests {
    use metrics_exporter_prometheus::PrometheusBuilder;

    #[test]
    fn event_counters_are_scraped_at_zero_before_the_first_event() {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        metrics::with_local_recorder(&recorder, || {
            super::events_registered("{jing:events}", None);
            super::events_registered("{jing:events}", Some("handlers"));
        });
        let scrape = handle.render();
        for series in [
            r#"jing_events_appended_total{stream="{jing:events}",outcome="new"} 0"#,
            r#"jing_events_appended_total{stream="{jing:events}",outcome="duplicate"} 0"#,
            r#"jing_events_handled_total{stream="{jing:events}",group="handlers"} 0"#,
            r#"jing_events_reclaimed_total{stream="{jing:events}",group="handlers"} 0"#,
            r#"jing_events_dead_lettered_total{stream="{jing:events}",group="handlers"} 0"#,
        ] {
            assert!(scrape.contains(series), "{series} not in:\n{scrape}");
        }
    }
}
