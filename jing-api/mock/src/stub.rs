//! A stub: an answer set for a method and path, typed, catalogued or unknown, as WireMock's
//! stubs are, and the checks it passes before it is kept. How stubs are found and answered
//! is `stubs.rs`.

use serde_json::Value;

use super::error::MockError;
use super::table::MockEndpoint;

/// The statuses a raw stub answers with: a final answer, neither informational nor
/// out of HTTP's range.
const RAW_STATUSES: std::ops::RangeInclusive<u16> = 200..=599;
const RAW_STATUS_RANGE: &str = "`status` is an HTTP status, 200 to 599";

/// An answer set for one method and path; see [`super::MockServer::stub`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Stub {
    /// `GET`, `POST`, … (any case).
    pub method: String,
    /// The path, `/v1/…`; `{name}` stands for one segment.
    pub path: String,
    /// What to answer.
    pub answer: StubAnswer,
    /// Whether a `data` stub off the typed endpoints checks the `app_id` and
    /// `access_token` headers first, as the API does (on by default).
    pub auth: bool,
}

/// What a [`Stub`] answers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StubAnswer {
    /// `200` with this `data` in the Jing envelope.
    Data(Value),
    /// This status and body as given: JSON, or a string sent verbatim with `content_type`.
    Raw {
        /// The HTTP status.
        status: u16,
        /// The body.
        body: Value,
        /// The content type (`application/json` by default); with one, a string body is
        /// sent as it is rather than as a JSON string.
        content_type: Option<String>,
    },
}

impl Stub {
    /// `200` with `data` in the envelope for `method` and `path`.
    pub fn data(method: &str, path: &str, data: Value) -> Stub {
        Stub {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            answer: StubAnswer::Data(data),
            auth: true,
        }
    }

    /// `status` and `body` (JSON) as given for `method` and `path`.
    pub fn raw(method: &str, path: &str, status: u16, body: Value) -> Stub {
        Stub {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            answer: StubAnswer::Raw {
                status,
                body,
                content_type: None,
            },
            auth: true,
        }
    }

    /// A stub from the JSON body of `POST /_mock/stubs`: `{"method", "path", "data"}` or
    /// `{"method", "path", "status", "body"[, "content_type"]}`, and `"auth": false` to
    /// skip the header check of a `data` stub.
    pub fn from_json(value: &Value) -> Result<Stub, MockError> {
        let bad = |reason: &str| MockError::BadRequest(reason.to_owned());
        let object = value
            .as_object()
            .ok_or_else(|| bad("a stub is a JSON object"))?;
        const KNOWN: [&str; 7] = [
            "method",
            "path",
            "data",
            "status",
            "body",
            "content_type",
            "auth",
        ];
        if let Some(unknown) = object.keys().find(|key| !KNOWN.contains(&key.as_str())) {
            return Err(MockError::BadRequest(format!(
                "unknown member `{unknown}`; a stub has {}",
                KNOWN.join(", ")
            )));
        }
        let text = |name: &str| object.get(name).and_then(Value::as_str);
        let method = text("method").ok_or_else(|| bad("`method` (a string) is required"))?;
        let path = text("path").ok_or_else(|| bad("`path` (a string) is required"))?;
        let mut stub = match (object.get("data"), object.get("status")) {
            (Some(data), None) => Stub::data(method, path, data.clone()),
            (None, Some(status)) => {
                let status = status
                    .as_u64()
                    .and_then(|status| u16::try_from(status).ok())
                    .filter(|status| RAW_STATUSES.contains(status))
                    .ok_or_else(|| bad(RAW_STATUS_RANGE))?;
                let body = object.get("body").cloned().unwrap_or(Value::Null);
                let mut stub = Stub::raw(method, path, status, body);
                let given = match object.get("content_type") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(given)) => Some(given.clone()),
                    Some(_) => return Err(bad("`content_type` is a string")),
                };
                if let StubAnswer::Raw { content_type, .. } = &mut stub.answer {
                    *content_type = given;
                }
                stub
            }
            _ => return Err(bad("give either `data`, or `status` (and `body`)")),
        };
        if let Some(auth) = object.get("auth") {
            stub.auth = auth
                .as_bool()
                .ok_or_else(|| bad("`auth` is true or false"))?;
        }
        Ok(stub)
    }

    /// Whether the method and path are well formed, and the answer one the mock can send:
    /// a `data` stub on a typed endpoint's path (a template's too) must use its method, a
    /// raw stub's status is 200 to 599 and its content type a header value.
    pub(crate) fn check(&self, endpoints: &'static [MockEndpoint]) -> Result<(), MockError> {
        let bad = |reason: String| Err(MockError::BadRequest(reason));
        if axum::http::Method::from_bytes(self.method.as_bytes()).is_err() || self.method.is_empty()
        {
            return bad(format!("`method`: not an HTTP method: {:?}", self.method));
        }
        if !self.path.starts_with('/') || self.path.starts_with("/_mock") {
            return bad(format!(
                "`path`: a path starts with `/` and is not under `/_mock/`: {:?}",
                self.path
            ));
        }
        if self.path.contains(['?', '#']) {
            return bad(format!(
                "`path`: a path without a query or fragment (a stub answers every query): {:?}",
                self.path
            ));
        }
        match &self.answer {
            StubAnswer::Data(_) => {
                let typed = super::table::endpoint_at(endpoints, &self.path);
                if let Some(endpoint) = typed.filter(|endpoint| {
                    !endpoint
                        .schema
                        .method
                        .as_str()
                        .eq_ignore_ascii_case(&self.method)
                }) {
                    return bad(format!(
                        "`{}` is {} (endpoint `{}`), not {}; a `data` stub answers its method",
                        endpoint.schema.path,
                        endpoint.schema.method.as_str(),
                        endpoint.schema.name,
                        self.method
                    ));
                }
            }
            StubAnswer::Raw {
                status,
                content_type,
                ..
            } => {
                if !RAW_STATUSES.contains(status) {
                    return bad(format!("{RAW_STATUS_RANGE}, not {status}"));
                }
                if let Some(content_type) = content_type {
                    if axum::http::HeaderValue::from_str(content_type).is_err() {
                        return bad(format!(
                            "`content_type`: not a header value (one line of visible text): {content_type:?}"
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    pub(crate) fn matches(&self, method: &str, path: &str) -> bool {
        self.method.eq_ignore_ascii_case(method)
            && (self.path == path
                || (self.path.contains('{')
                    && jing_api::schema::path_values(&self.path, path).is_some()))
    }
}
