//! What a test reads of the mock and sets on it per request: the record of each request
//! received (its credentials hidden when shown) and the faults injected in place of an
//! answer.

use std::time::Duration;

use serde_json::Value;

/// A fault to answer with instead of (or before) the normal answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// This HTTP status with a plain-text body (e.g. 500, 502, 503).
    Status(u16),
    /// `200` with an HTML page, as a misconfigured gateway sends.
    Html,
    /// Wait this long, then answer normally.
    Slow(Duration),
    /// The first half of a normal envelope, then the end of the body.
    Truncated,
    /// The connection is dropped before any body byte.
    Drop,
}

/// One request the mock received.
///
/// The values are kept as received, credentials included, so a test can check what its
/// client sent. Its `Debug` output and the record `GET /_mock/requests` answers hide them:
/// the value of every header, query parameter and JSON or form body member whose name
/// carries a secret ([`jing_api::redact::is_secret`]) is shown as
/// [`REDACTED`](jing_api::redact::REDACTED).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// `GET`, `POST`, ….
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers (names lowercase).
    pub headers: Vec<(String, String)>,
    /// The body as received.
    pub body: Vec<u8>,
    /// The spec name of the endpoint at that path, if any.
    pub endpoint: Option<&'static str>,
}

impl std::fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &redact_pairs(&self.query))
            .field("headers", &redact_pairs(&self.headers))
            .field("body", &redacted_body(&self.body))
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

/// `pairs` (headers or query parameters) with every secret value hidden.
fn redact_pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    jing_api::redact::redact_pairs(
        pairs
            .iter()
            .map(|(name, value)| (name.as_str(), value.clone())),
    )
}

/// A body as shown: as JSON when it is (secret members hidden), else as text with the
/// secret JSON members and form parameters hidden.
enum ShownBody {
    Json(Value),
    Text(String),
}

impl ShownBody {
    fn into_json(self) -> (Value, Value) {
        match self {
            ShownBody::Json(value) => (value, Value::Null),
            ShownBody::Text(text) if text.is_empty() => (Value::Null, Value::Null),
            ShownBody::Text(text) => (Value::Null, Value::from(text)),
        }
    }
}

impl std::fmt::Debug for ShownBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShownBody::Json(value) => write!(f, "{value}"),
            ShownBody::Text(text) => write!(f, "{text:?}"),
        }
    }
}

fn redacted_body(body: &[u8]) -> ShownBody {
    match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            jing_api::redact::redact_value(&mut value);
            ShownBody::Json(value)
        }
        Err(_) => ShownBody::Text(jing_api::redact::redact_text(&String::from_utf8_lossy(
            body,
        ))),
    }
}

impl ReceivedRequest {
    /// The record as `GET /_mock/requests` answers it, secrets hidden: the body as JSON
    /// when it is (`body`), else as text (`body_text`).
    pub(crate) fn redacted_json(&self) -> Value {
        let (body, text) = redacted_body(&self.body).into_json();
        serde_json::json!({
            "method": self.method,
            "path": self.path,
            "query": redact_pairs(&self.query),
            "headers": redact_pairs(&self.headers),
            "body": body,
            "body_text": text,
            "endpoint": self.endpoint,
        })
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}
