//! The admin interface under `/_mock/`, as WireMock's admin API and stripe-mock offer one:
//! the record of requests, faults, token expiry, stubs, fixtures and counters of a running
//! mock, driven over HTTP from any language. Every answer is JSON; a request the interface
//! does not understand gets `400` (or `404`/`405`) with `{"error": "<reason>"}`. The record
//! of requests hides credentials (see [`ReceivedRequest`]).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::error::MockError;
use super::fixture::{check_fixture, endpoint_named};
use super::state::Shared;
use super::stub::Stub;
use super::stubs;
use super::{Fault, ReceivedRequest};

/// The largest admin request body read.
const MAX_ADMIN_BODY: usize = 4 * 1024 * 1024;

/// The admin routes: path, methods, what they do (for `404` answers and the docs).
const ROUTES: [(&str, &[&str]); 6] = [
    ("/_mock/requests", &["GET", "DELETE"]),
    ("/_mock/faults", &["POST", "DELETE"]),
    ("/_mock/expire-tokens", &["POST"]),
    ("/_mock/stubs", &["POST", "DELETE"]),
    ("/_mock/fixtures", &["POST"]),
    ("/_mock/stats", &["GET", "DELETE"]),
];

/// Whether `path` is the admin interface's.
pub(crate) fn is_admin(path: &str) -> bool {
    path == "/_mock" || path.starts_with("/_mock/")
}

fn answer(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn refusal(status: StatusCode, reason: impl std::fmt::Display) -> Response {
    answer(status, json!({"error": reason.to_string()}))
}

/// One admin request.
pub(crate) async fn handle(shared: &Arc<Shared>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().trim_end_matches('/').to_owned();
    let Some((_, methods)) = ROUTES.iter().find(|(route, _)| *route == path) else {
        let routes: Vec<&str> = ROUTES.iter().map(|(route, _)| *route).collect();
        let reason = format!("no admin route `{path}`; the routes: {}", routes.join(", "));
        return refusal(StatusCode::NOT_FOUND, reason);
    };
    if !methods.contains(&method.as_str()) {
        let reason = format!("`{path}` takes {}, not {method}", methods.join(" or "));
        let mut response = refusal(StatusCode::METHOD_NOT_ALLOWED, reason);
        // RFC 9110: a 405 names the methods the resource has.
        if let Ok(allow) = header::HeaderValue::from_str(&methods.join(", ")) {
            response.headers_mut().insert(header::ALLOW, allow);
        }
        return response;
    }
    let body = match read_json(request, method == Method::POST).await {
        Ok(body) => body,
        Err(reason) => return refusal(StatusCode::BAD_REQUEST, reason),
    };
    let result = match (method.as_str(), path.as_str()) {
        ("GET", "/_mock/requests") => Ok(requests(shared)),
        ("DELETE", "/_mock/requests") => Ok(clear_requests(shared)),
        ("POST", "/_mock/faults") => faults(shared, &body),
        ("DELETE", "/_mock/faults") => Ok(clear_faults(shared)),
        ("POST", "/_mock/expire-tokens") => Ok(expire_tokens(shared)),
        ("POST", "/_mock/stubs") => add_stub(shared, &body),
        ("DELETE", "/_mock/stubs") => Ok(clear_stubs(shared)),
        ("POST", "/_mock/fixtures") => fixture(shared, &body),
        ("GET", "/_mock/stats") => Ok(shared.lock().counters.stats.to_json()),
        _ => Ok(reset_stats(shared)),
    };
    match result {
        Ok(body) => answer(StatusCode::OK, body),
        Err(error) => refusal(StatusCode::BAD_REQUEST, error),
    }
}

/// The JSON body of a `POST` (an empty one is `{}`), `Null` for other methods.
async fn read_json(request: Request, post: bool) -> Result<Value, String> {
    if !post {
        return Ok(Value::Null);
    }
    let bytes = axum::body::to_bytes(request.into_body(), MAX_ADMIN_BODY)
        .await
        .map_err(|_| "the body could not be read or is over 4 MiB".to_owned())?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(&bytes).map_err(|error| format!("the body is not JSON: {error}"))
}

fn requests(shared: &Shared) -> Value {
    let state = shared.lock();
    let list: Vec<Value> = state
        .received
        .iter()
        .map(ReceivedRequest::redacted_json)
        .collect();
    json!({"requests": list, "dropped": state.received_dropped})
}

fn clear_requests(shared: &Shared) -> Value {
    let mut state = shared.lock();
    let cleared = state.received.len();
    state.received_dropped += cleared as u64;
    state.received.clear();
    json!({"cleared": cleared})
}

fn clear_faults(shared: &Shared) -> Value {
    let mut state = shared.lock();
    let cleared = state.faults.len();
    state.faults.clear();
    json!({"cleared": cleared})
}

fn expire_tokens(shared: &Shared) -> Value {
    let mut state = shared.lock();
    let expired = state.access_tokens.len();
    state.access_tokens.clear();
    json!({"expired": expired})
}

fn clear_stubs(shared: &Shared) -> Value {
    let mut state = shared.lock();
    let cleared = state.stubs.len();
    state.stubs.clear();
    json!({"cleared": cleared})
}

fn reset_stats(shared: &Shared) -> Value {
    shared.lock().counters.reset();
    json!({"reset": true})
}

fn add_stub(shared: &Shared, body: &Value) -> Result<Value, MockError> {
    let stub = Stub::from_json(body)?;
    stubs::add(shared, stub)?;
    Ok(json!({"stubs": shared.lock().stubs.len()}))
}

/// `{"endpoint": NAME, "data": DATA}`: the fixture of a typed endpoint.
fn fixture(shared: &Shared, body: &Value) -> Result<Value, MockError> {
    let bad = |reason: &str| MockError::BadRequest(reason.to_owned());
    let name = body
        .get("endpoint")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("`endpoint` (a typed endpoint's name) is required"))?;
    let data = body.get("data").ok_or_else(|| bad("`data` is required"))?;
    let endpoint = endpoint_named(shared.endpoints, name)?;
    check_fixture(endpoint, data)?;
    let mut state = shared.lock();
    state
        .fixtures
        .insert(endpoint.schema.name.to_owned(), data.clone());
    Ok(json!({"endpoint": endpoint.schema.name}))
}

/// `{"endpoint": NAME?, "times": N?, "fault": KIND, "status": S?, "delay_ms": MS?}`.
fn faults(shared: &Shared, body: &Value) -> Result<Value, MockError> {
    let (target, times, fault) = parse_fault(shared, body)?;
    let mut state = shared.lock();
    state
        .faults
        .extend(std::iter::repeat_n((target.clone(), fault), times));
    Ok(json!({"queued": times, "endpoint": target}))
}

/// The fault kinds `POST /_mock/faults` takes.
const FAULT_KINDS: &str = "status, html, slow, truncated, drop";

fn parse_fault(shared: &Shared, body: &Value) -> Result<(Option<String>, usize, Fault), MockError> {
    let bad = |reason: String| MockError::BadRequest(reason);
    let object = body
        .as_object()
        .ok_or_else(|| bad("a fault is a JSON object".to_owned()))?;
    const KNOWN: [&str; 5] = ["endpoint", "times", "fault", "status", "delay_ms"];
    if let Some(unknown) = object.keys().find(|key| !KNOWN.contains(&key.as_str())) {
        return Err(bad(format!(
            "unknown member `{unknown}`; a fault has {}",
            KNOWN.join(", ")
        )));
    }
    let target = match object.get("endpoint") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(
            endpoint_named(shared.endpoints, name)?
                .schema
                .name
                .to_owned(),
        ),
        Some(_) => return Err(bad("`endpoint` is a typed endpoint's name".to_owned())),
    };
    let times = match object.get("times") {
        None => 1,
        Some(times) => times
            .as_u64()
            .filter(|times| (1..=10_000).contains(times))
            .ok_or_else(|| bad("`times` is a count from 1 to 10000".to_owned()))?
            as usize,
    };
    let kind = object
        .get("fault")
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("`fault` is required: one of {FAULT_KINDS}")))?;
    let fault = match kind {
        "status" => {
            let status = match object.get("status") {
                None | Some(Value::Null) => {
                    return Err(bad("`status` (an HTTP status) is required".to_owned()));
                }
                Some(status) => status
                    .as_u64()
                    .and_then(|status| u16::try_from(status).ok())
                    .filter(|status| (100..=599).contains(status))
                    .ok_or_else(|| {
                        bad(format!(
                            "`status` is out of range: an HTTP status from 100 to 599, not {status}"
                        ))
                    })?,
            };
            Fault::Status(status)
        }
        "html" => Fault::Html,
        "slow" => {
            let delay = object
                .get("delay_ms")
                .and_then(Value::as_u64)
                .filter(|delay| *delay <= 600_000)
                .ok_or_else(|| bad("`delay_ms` (at most 600000) is required".to_owned()))?;
            Fault::Slow(Duration::from_millis(delay))
        }
        "truncated" => Fault::Truncated,
        "drop" => Fault::Drop,
        other => {
            return Err(bad(format!(
                "unknown fault `{other}`: one of {FAULT_KINDS}"
            )));
        }
    };
    Ok((target, times, fault))
}
