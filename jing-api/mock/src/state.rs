//! The state the mock answers from, shared by its handler, its admin interface and the
//! in-process controls: the endpoints and credentials it was built with, the strict token
//! modes, and what changes as requests come in (tokens issued, fixtures, faults, stubs, the
//! record, the counters); and the envelope every answer goes out in. The other modules
//! import it; it imports none of them but the data types it holds.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::days::DayCount;
use super::stats::{Counters, Outcome};
use super::stub::Stub;
use super::table::MockEndpoint;
use super::{Fault, ReceivedRequest};

/// The options of a `MockBuilder` beyond the basic ones: the strict token modes and the
/// request log.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Extra {
    pub(crate) tokens: TokenPolicy,
    pub(crate) log_requests: bool,
}

/// How strictly the mock treats tokens (all off by default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TokenPolicy {
    /// Access tokens stop working this long after they were issued.
    pub(crate) lifetime: Option<Duration>,
    /// Each renewal issues a new refresh token; the old one stops working.
    pub(crate) rotate_refresh: bool,
    /// A new access token invalidates every earlier one at once.
    pub(crate) invalidate_on_refresh: bool,
}

/// The time the mock reads (token lifetimes, day budgets): the system's, or, with the
/// `test-util` feature, a clock the test moves (`MockBuilder::clock`), so jing-mock without
/// it needs nothing of jing-api's `test-util`.
#[derive(Debug, Clone, Default)]
pub(crate) struct MockClock {
    #[cfg(feature = "test-util")]
    pub(crate) moved: Option<std::sync::Arc<dyn jing_api::clock::Clock>>,
}

impl MockClock {
    /// Now, by the test's clock when one is set.
    pub(crate) fn now(&self) -> SystemTime {
        #[cfg(feature = "test-util")]
        if let Some(clock) = &self.moved {
            return clock.now();
        }
        SystemTime::now()
    }
}

/// An access token the mock issued, and when.
#[derive(Debug, Clone)]
pub(crate) struct IssuedToken {
    pub(crate) token: String,
    pub(crate) at: SystemTime,
}

/// Everything the handler reads and changes.
pub(crate) struct Shared {
    pub(crate) endpoints: &'static [MockEndpoint],
    /// The catalogue a request to an endpoint not typed is named by.
    pub(crate) catalogue: &'static [jing_api::CatalogueEntry],
    pub(crate) app_id: String,
    pub(crate) app_secret: String,
    pub(crate) expires_in: u64,
    pub(crate) enforce_limits: bool,
    pub(crate) clock: MockClock,
    /// How many requests `received` keeps (the last ones).
    pub(crate) record_limit: usize,
    /// The strict token modes.
    pub(crate) tokens: TokenPolicy,
    /// Whether each request is written to standard error.
    pub(crate) log_requests: bool,
    pub(crate) state: Mutex<Mutable>,
}

/// How many access tokens the mock keeps valid: the last ones it issued. A long-running
/// mock that clients refresh against does not grow with the refreshes.
pub(crate) const VALID_TOKENS: usize = 64;

/// The part that changes as requests come in.
#[derive(Default)]
pub(crate) struct Mutable {
    /// The valid access tokens, oldest first (at most [`VALID_TOKENS`]).
    pub(crate) access_tokens: VecDeque<IssuedToken>,
    pub(crate) refresh_token: String,
    pub(crate) issued: u64,
    pub(crate) next_request: u64,
    pub(crate) fixtures: BTreeMap<String, Value>,
    /// Faults still to inject: the endpoint they are for (`None`: any) and the fault.
    pub(crate) faults: VecDeque<(Option<String>, Fault)>,
    /// The last requests received (at most `Shared::record_limit`), oldest first.
    pub(crate) received: VecDeque<ReceivedRequest>,
    /// How many earlier requests were let go to keep `received` bounded.
    pub(crate) received_dropped: u64,
    pub(crate) seconds: BTreeMap<(String, &'static str), (i64, u32)>,
    pub(crate) days: BTreeMap<(String, &'static str), Option<DayCount>>,
    /// The stubs, oldest first (the newest match wins).
    pub(crate) stubs: Vec<Stub>,
    /// What `GET /_mock/stats` answers.
    pub(crate) counters: Counters,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("endpoints", &self.endpoints.len())
            .finish_non_exhaustive()
    }
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Mutable> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An answer in the Jing envelope with a fresh request id.
pub(crate) fn envelope(
    shared: &Shared,
    status: StatusCode,
    code: i64,
    msg: &str,
    data: Value,
) -> Response {
    let request_id = {
        let mut state = shared.lock();
        state.next_request += 1;
        format!("mock-{:06}", state.next_request)
    };
    let body = json!({"request_id": request_id, "code": code, "msg": msg, "data": data});
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    response.extensions_mut().insert(Outcome::Code(code));
    response
}

pub(crate) fn refuse(shared: &Shared, status: StatusCode, code: i64, msg: &str) -> Response {
    envelope(shared, status, code, msg, Value::Null)
}

/// An answer of `endpoint`, in its own shape when it is not the Jing envelope
/// ([`jing_api::Answer::body`]): `code` 0 is a success with `data`, another a refusal.
pub(crate) fn answered(
    shared: &Shared,
    endpoint: &MockEndpoint,
    status: StatusCode,
    code: i64,
    msg: &str,
    data: Value,
) -> Response {
    if endpoint.schema.answer == jing_api::Answer::JING {
        return envelope(shared, status, code, msg, data);
    }
    let failure = (code != 0).then_some(code);
    let body = endpoint.schema.answer.body(data, failure, msg);
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    response.extensions_mut().insert(Outcome::Code(code));
    response
}

/// The typed endpoint at `path`; see [`super::table::endpoint_at`].
pub(crate) fn endpoint_at(shared: &Shared, path: &str) -> Option<&'static MockEndpoint> {
    super::table::endpoint_at(shared.endpoints, path)
}
