//! What operators see: the metrics the client records, and the names of its tracing spans.
//!
//! 可观测性：客户端记录的指标（`metrics` 特性，经 `metrics` 门面）与追踪 span 的名称。
//!
//! # Metrics
//!
//! With the feature `metrics`, the client records through the [`metrics`](https://docs.rs/metrics)
//! facade: install any recorder (`metrics-exporter-prometheus`, StatsD, …) at start-up and
//! these appear; without a recorder, or without the feature, recording costs nothing. Labels
//! never carry a token, a secret, an app id (a service may serve many apps: that would grow
//! without bound) or a path with values in it: `endpoint` is the spec's name of the endpoint
//! (`create_customer`), or `raw` for a raw call to a path the catalogue does not list.
//!
//! | name | kind | unit | labels | what |
//! |---|---|---|---|---|
//! | `jing_calls_total` | counter | calls | `endpoint`, `outcome` (`ok`, `error`) | calls finished, retries included in one call |
//! | `jing_call_errors_total` | counter | calls | `endpoint`, `kind` ([`Error::kind`](crate::Error::kind)) | calls that failed, by the kind of their error |
//! | `jing_call_duration_seconds` | histogram | seconds | `endpoint` | a call's whole time: limit waits, token, attempts, pauses |
//! | `jing_retries_total` | counter | attempts | `endpoint`, `reason` (`transport`, `timeout`, `server_error`, `rate_limited`, `token_rejected`) | attempts sent again, and why |
//! | `jing_token_renewals_total` | counter | renewals | `outcome` (`renewed`, `failed`) | token calls made by this process to renew the access token |
//! | `jing_token_lock_wait_seconds` | histogram | seconds | — | how long a call waited for another client's renewal (the store's lock) |
//! | `jing_limit_wait_seconds` | histogram | seconds | `endpoint`, `limiter` (`local`, `shared`) | how long a call waited for a per-second limit |
//! | `jing_store_errors_total` | counter | errors | `store` (`token`, `limit`), `operation` | failed calls to a token or limit store (Redis away, a file unreadable) |
//! | `jing_store_call_duration_seconds` | histogram | seconds | `store`, `operation` | each call to a token or limit store |
//! | `jing_events_appended_total` | counter | events | `stream`, `outcome` (`new`, `duplicate`) | webhook events appended to a Redis stream (feature `redis`) |
//! | `jing_events_handled_total` | counter | events | `stream`, `group` | deliveries acknowledged |
//! | `jing_events_reclaimed_total` | counter | events | `stream`, `group` | deliveries taken over from a consumer that left them idle |
//! | `jing_events_dead_lettered_total` | counter | events | `stream`, `group` | events moved to `<stream>:dead` |
//!
//! # Spans
//!
//! Every call is a span `jing_api.call` and each attempt inside it a span `jing_api.attempt`,
//! with the attributes of OpenTelemetry's HTTP client conventions: `otel.name` is
//! `{method} {url.template}` (`POST /v1/customer/create`; the method alone when a raw call's
//! path is not catalogued), `otel.kind` `client`, `http.request.method`, `url.template`,
//! `server.address`, `server.port`, `http.response.status_code`, `http.request.resend_count`
//! (on attempts after the first), `error.type` ([`Error::kind`](crate::Error::kind)), and our
//! own `jing.endpoint`, `jing.retry_reason` (on an attempt that is sent again) and
//! `jing.request_id`. Around them: `jing_api.limit_wait` (a wait for a per-second limit),
//! `jing_api.token.renewal` (a token call renewing the access token),
//! `jing_api.token.lock_wait` (a pause while another client renews) and `jing_api.store`
//! (each call to a token or limit store: `jing.store`, `jing.store.operation`). A subscriber
//! such as `tracing-opentelemetry` exports them as they are; no URL with its query, header
//! or body is ever a field.
//!
//! The metric names and what records them are `telemetry/record.rs`, the spans of a call
//! `telemetry/spans.rs`, the observed stores `telemetry/stores.rs`; this module shows them.

mod record;
mod spans;
mod stores;

#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub use record::describe;
pub use record::{
    CALL_DURATION, CALL_ERRORS, CALLS, EVENTS_APPENDED, EVENTS_DEAD_LETTERED, EVENTS_HANDLED,
    EVENTS_RECLAIMED, LIMIT_WAIT, RETRIES, STORE_CALL_DURATION, STORE_ERRORS, TOKEN_LOCK_WAIT,
    TOKEN_RENEWALS,
};
#[cfg(feature = "redis")]
pub(crate) use record::{EventStep, event, events_registered};
pub(crate) use record::{
    Limiter, LockWait, Renewal, call_finished, limit_waited, pause_millis, renewal, retry_reason,
};
pub(crate) use spans::{SpanTarget, attempt_span, call_span, retrying};
pub(crate) use stores::{ObservedLimitStore, ObservedTokenStore};
