//! The mock's request handler and the state it answers from: tokens, limits, fixtures,
//! faults and the record of requests. The public face is `mod.rs`.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::state::{Shared, answered, endpoint_at, envelope, refuse};
use super::stats::Outcome;
use super::table::MockEndpoint;
use super::tokens::check_auth;
use super::{Fault, ReceivedRequest, codes, validate};
use crate::days::{take_from_day, unix_seconds};
use jing_api::{Auth, CHINA_STANDARD_TIME};

/// The largest request body the mock reads.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// Every request to the mock: the admin interface under `/_mock/`, else the API's paths,
/// the response marked with the endpoint it was for.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if super::admin::is_admin(request.uri().path()) {
        return super::admin::handle(&shared, request).await;
    }
    let tag = super::observe::Tag::of(&shared, request.method().as_str(), request.uri().path());
    let mut response = answer(&shared, request).await;
    response.extensions_mut().insert(tag);
    response
}

/// A request to the API's paths: recorded, then a fault if one is due, else a stub, else
/// checked against the spec and answered.
async fn answer(shared: &Arc<Shared>, request: Request) -> Response {
    let shared = Arc::clone(shared);
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|query| {
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        let msg = "the body could not be read or is over 16 MiB";
        return refuse(
            &shared,
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::INVALID_REQUEST,
            msg,
        );
    };
    let endpoint = endpoint_at(&shared, &path);
    record(&shared, &parts, &query, &body, endpoint);
    if let Some(fault) = take_fault(&shared, endpoint) {
        if let Some(mut response) = fault_response(&shared, fault).await {
            response.extensions_mut().insert(Outcome::Fault);
            return response;
        }
    }
    let stub = super::stubs::find(&shared, parts.method.as_str(), &path);
    if let Some(stub) = stub.clone() {
        let typed = endpoint.is_some();
        if let Some(response) = super::stubs::answer(&shared, stub, typed, &parts.headers) {
            return response;
        }
    }
    let Some(endpoint) = endpoint else {
        let known = shared.endpoints.iter().map(|endpoint| endpoint.schema.path);
        let nearest = validate::nearest(&path, known).unwrap_or("(none)");
        let msg = format!(
            "no endpoint at `{path}`; the nearest known path is `{nearest}` (catalogued endpoints are not served)"
        );
        return refuse(&shared, StatusCode::NOT_FOUND, codes::NOT_FOUND, &msg);
    };
    let parsed = match check(&shared, endpoint, &parts, &query, &body) {
        Ok(parsed) => parsed,
        Err(refusal) => return *refusal,
    };
    if endpoint.schema.token_role.is_some() {
        return super::tokens::issue(&shared, endpoint, parsed.as_ref());
    }
    let data = super::stubs::typed_data(stub).unwrap_or_else(|| {
        let seed = super::default_data::digest(&[
            endpoint.schema.name.as_bytes(),
            parts
                .uri
                .path_and_query()
                .map_or("", |path| path.as_str())
                .as_bytes(),
            &body,
        ]);
        data_for(&shared, endpoint, seed)
    });
    answered(&shared, endpoint, StatusCode::OK, 0, "success", data)
}

fn record(
    shared: &Shared,
    parts: &axum::http::request::Parts,
    query: &[(String, String)],
    body: &[u8],
    endpoint: Option<&MockEndpoint>,
) {
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or_default().to_owned();
            (name.to_string(), value)
        })
        .collect();
    let mut state = shared.lock();
    if shared.record_limit == 0 {
        state.received_dropped += 1;
        return;
    }
    while state.received.len() >= shared.record_limit {
        state.received.pop_front();
        state.received_dropped += 1;
    }
    state.received.push_back(ReceivedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: query.to_vec(),
        headers,
        body: body.to_vec(),
        endpoint: endpoint.map(|endpoint| endpoint.schema.name),
    });
}

/// The method, auth, limits, content type, parameters and body of a request to
/// `endpoint`, in that order; the parsed body, or the refusal of the first rule broken.
fn check(
    shared: &Shared,
    endpoint: &MockEndpoint,
    parts: &axum::http::request::Parts,
    query: &[(String, String)],
    body: &[u8],
) -> Result<Option<Value>, Box<Response>> {
    let bad_request = |msg: &str| {
        Box::new(answered(
            shared,
            endpoint,
            StatusCode::BAD_REQUEST,
            codes::INVALID_REQUEST,
            msg,
            Value::Null,
        ))
    };
    if parts.method.as_str() != endpoint.schema.method.as_str() {
        let msg = format!(
            "`{}` is {}, not {}",
            endpoint.schema.path,
            endpoint.schema.method.as_str(),
            parts.method
        );
        let status = StatusCode::METHOD_NOT_ALLOWED;
        let mut response = refuse(shared, status, codes::METHOD_NOT_ALLOWED, &msg);
        // RFC 9110: a 405 names the methods the resource has.
        if let Ok(allow) = axum::http::HeaderValue::from_str(endpoint.schema.method.as_str()) {
            response
                .headers_mut()
                .insert(axum::http::header::ALLOW, allow);
        }
        return Err(Box::new(response));
    }
    if endpoint.schema.auth == Auth::Headers {
        if let Some(response) = check_auth(shared, &parts.headers) {
            return Err(Box::new(response));
        }
    }
    let app_id = parts
        .headers
        .get("app_id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if let Some(response) = check_limits(shared, endpoint, app_id) {
        return Err(Box::new(response));
    }
    let parsed = parse_body(endpoint, &parts.headers, body).map_err(|msg| bad_request(&msg))?;
    let path_values = endpoint.path_values(parts.uri.path()).unwrap_or_default();
    let mut problems = validate::params(endpoint, &path_values, query, &parts.headers);
    if let (true, Some(value)) = (endpoint.has_body(), &parsed) {
        problems.extend(validate::body(endpoint.schema, value));
    }
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(bad_request(&problems.join("; ")))
    }
}

fn take_fault(shared: &Shared, endpoint: Option<&MockEndpoint>) -> Option<Fault> {
    let mut state = shared.lock();
    let name = endpoint.map(|endpoint| endpoint.schema.name);
    let index = state
        .faults
        .iter()
        .position(|(target, _)| target.is_none() || target.as_deref() == name)?;
    state.faults.remove(index).map(|(_, fault)| fault)
}

/// The response of a fault; `None` when the fault only delays the normal answer.
async fn fault_response(shared: &Shared, fault: Fault) -> Option<Response> {
    match fault {
        Fault::Status(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Some((status, "mock fault: injected status").into_response())
        }
        Fault::Html => Some(
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body>mock fault: a gateway page</body></html>",
            )
                .into_response(),
        ),
        Fault::Slow(delay) => {
            tokio::time::sleep(delay).await;
            None
        }
        Fault::Truncated => {
            let whole = envelope(
                shared,
                StatusCode::OK,
                0,
                "success",
                json!({"truncated": "by the mock"}),
            );
            let bytes = axum::body::to_bytes(whole.into_body(), MAX_BODY)
                .await
                .unwrap_or_default();
            let half = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
            Some(
                (
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "application/json")],
                    half,
                )
                    .into_response(),
            )
        }
        Fault::Drop => {
            let failing = futures_util::stream::once(async {
                Err::<Bytes, _>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "mock fault: connection dropped",
                ))
            });
            Some(Response::new(Body::from_stream(failing)))
        }
    }
}

fn check_limits(shared: &Shared, endpoint: &MockEndpoint, app_id: &str) -> Option<Response> {
    if !shared.enforce_limits {
        return None;
    }
    let now = shared.clock.now();
    // Calls with another app id (refused later, or token calls with wrong credentials)
    // share one budget, so the limit state does not grow with the app ids seen.
    let app_id = if app_id == shared.app_id {
        app_id
    } else {
        "(another app id)"
    };
    let key = (app_id.to_owned(), endpoint.schema.name);
    let mut state = shared.lock();
    if let Some(limit) = endpoint.schema.rate_limit.per_second {
        let second = unix_seconds(now);
        let entry = state.seconds.entry(key.clone()).or_insert((second, 0));
        if entry.0 != second {
            *entry = (second, 0);
        }
        if entry.1 >= limit {
            drop(state);
            return Some(limited(
                shared,
                "the per-second limit",
                Duration::from_secs(1),
            ));
        }
        entry.1 += 1;
    }
    if let Some(limit) = endpoint.schema.rate_limit.per_day {
        let count = state.days.entry(key).or_default();
        if let Err(wait) = take_from_day(count, limit, now, CHINA_STANDARD_TIME) {
            drop(state);
            return Some(limited(
                shared,
                "the per-day limit (resets at midnight China Standard Time)",
                wait,
            ));
        }
    }
    None
}

fn limited(shared: &Shared, which: &str, wait: Duration) -> Response {
    let mut response = refuse(
        shared,
        StatusCode::TOO_MANY_REQUESTS,
        codes::RATE_LIMITED,
        &format!("{which} of this endpoint is spent for this app id"),
    );
    if let Ok(value) = wait.as_secs().max(1).to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

fn parse_body(
    endpoint: &MockEndpoint,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Option<Value>, String> {
    if !endpoint.has_body() {
        return Ok(None);
    }
    let form = endpoint.schema.body == jing_api::schema::Body::Form;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    // The real server reads the body by the endpoint's content type and refuses another.
    let expected = if form {
        "application/x-www-form-urlencoded"
    } else {
        "application/json"
    };
    if !content_type.starts_with(expected) {
        return Err(format!(
            "header `content-type`: expected {expected}, got {content_type:?}"
        ));
    }
    if form {
        let pairs = url::form_urlencoded::parse(body).into_owned().collect();
        return Ok(Some(validate::form_object(endpoint.schema, pairs)));
    }
    serde_json::from_slice(body)
        .map(Some)
        .map_err(|error| format!("(body): not JSON: {error}"))
}

/// The `data` to answer with: the test's fixture, else one built from the docs' example
/// and the members' names and types (see `answer`), stable for the request's `seed`.
fn data_for(shared: &Shared, endpoint: &MockEndpoint, seed: u64) -> Value {
    if let Some(data) = shared.lock().fixtures.get(endpoint.schema.name) {
        return data.clone();
    }
    super::default_data::data(endpoint, seed)
}
