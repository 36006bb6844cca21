//! Stubs: answers set for a method and path (`stub.rs`), kept, found and answered. A stub
//! with `data` is answered in the Jing envelope (after the checks a typed endpoint makes,
//! or the auth headers elsewhere); a stub with `status` and `body` is answered exactly as
//! given, with no check.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::error::MockError;
use super::state::{Shared, envelope};
use super::stub::{Stub, StubAnswer};

/// Adds `stub`, replacing one for the same method and path.
pub(crate) fn add(shared: &Shared, stub: Stub) -> Result<(), MockError> {
    stub.check(shared.endpoints)?;
    let mut state = shared.lock();
    state.stubs.retain(|known| {
        !(known.method.eq_ignore_ascii_case(&stub.method) && known.path == stub.path)
    });
    state.stubs.push(stub);
    Ok(())
}

/// The newest stub for `method` and `path`.
pub(crate) fn find(shared: &Shared, method: &str, path: &str) -> Option<Stub> {
    let state = shared.lock();
    state
        .stubs
        .iter()
        .rev()
        .find(|stub| stub.matches(method, path))
        .cloned()
}

/// The answer of a stub, unless the typed endpoint at the path answers it (a `data` stub
/// there goes through the endpoint's checks, then answers its data).
pub(crate) fn answer(
    shared: &Shared,
    stub: Stub,
    typed: bool,
    headers: &axum::http::HeaderMap,
) -> Option<Response> {
    match stub.answer {
        StubAnswer::Raw {
            status,
            body,
            content_type,
        } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let (content_type, body) = match (content_type, body) {
                (Some(content_type), Value::String(text)) => (content_type, text),
                (content_type, body) => (
                    content_type.unwrap_or_else(|| "application/json".to_owned()),
                    body.to_string(),
                ),
            };
            Some((status, [(header::CONTENT_TYPE, content_type)], body).into_response())
        }
        StubAnswer::Data(_) if typed => None,
        StubAnswer::Data(data) => {
            if stub.auth {
                if let Some(refusal) = super::tokens::check_auth(shared, headers) {
                    return Some(refusal);
                }
            }
            Some(envelope(shared, StatusCode::OK, 0, "success", data))
        }
    }
}

/// The `data` of a `data` stub for a typed endpoint's request.
pub(crate) fn typed_data(stub: Option<Stub>) -> Option<Value> {
    match stub?.answer {
        StubAnswer::Data(data) => Some(data),
        StubAnswer::Raw { .. } => None,
    }
}
