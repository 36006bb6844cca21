//! Calls to endpoints the spec only catalogues (no typed request yet), through the same
//! pipeline as typed calls: auth headers, envelope, retries, tracing.
//!
//! ```no_run
//! # async fn example(client: jing_api::Client) -> Result<(), jing_api::Error> {
//! use jing_api::Method;
//! use serde_json::json;
//!
//! let data: serde_json::Value = client
//!     .raw(Method::Post, "/v1/some/catalogued/path")
//!     .json(json!({"name": "value"}))
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::Call;
use crate::{Auth, Client, ContentType, Error, Method, RateLimit};

/// A call built by hand; see [`Client::raw`].
#[derive(Debug)]
#[must_use = "a raw request does nothing until `send` is awaited"]
pub struct RawRequest<'a> {
    client: &'a Client,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Result<Vec<u8>, String>>,
    content_type: ContentType,
    repeatable: bool,
    rate_limit: RateLimit,
    auth: Auth,
}

impl Client {
    /// A call to `path` (below the base URL) that no typed request covers yet. It carries
    /// the auth headers, decodes the envelope and retries like a typed call; it is treated
    /// as a write (not repeated after a failure that may have reached the server) unless
    /// marked [`repeatable`](RawRequest::repeatable).
    pub fn raw(&self, method: Method, path: impl Into<String>) -> RawRequest<'_> {
        RawRequest {
            client: self,
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: ContentType::Json,
            repeatable: false,
            rate_limit: RateLimit::UNKNOWN,
            auth: Auth::Headers,
        }
    }
}

impl RawRequest<'_> {
    /// Adds a query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Adds a header (the auth headers are the client's own).
    pub fn header(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.headers.push((name.into(), value.to_string()));
        self
    }

    /// Sends no auth headers (the OAuth token calls carry their credentials in the body).
    pub fn without_auth(mut self) -> Self {
        self.auth = Auth::None;
        self
    }

    /// Sets the JSON body.
    pub fn json(self, body: impl Serialize) -> Self {
        self.body_as(ContentType::Json, body)
    }

    /// Sets a form body (`application/x-www-form-urlencoded`): the members of `body`, an
    /// object of scalars, as `name=value` pairs.
    pub fn form(self, body: impl Serialize) -> Self {
        self.body_as(ContentType::Form, body)
    }

    fn body_as(mut self, content_type: ContentType, body: impl Serialize) -> Self {
        self.body = Some(
            content_type
                .encode(&body)
                .map_err(|error| error.to_string()),
        );
        self.content_type = content_type;
        self
    }

    /// Marks the call safe to send again (a read).
    pub fn repeatable(mut self) -> Self {
        self.repeatable = true;
        self
    }

    /// Enforces a limit the caller knows from the vendor page.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Sends the call and decodes `data` as `T` (`serde_json::Value` for anything).
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.send_with(crate::envelope::decode::<T>).await
    }

    /// Sends the call and returns the whole envelope (`request_id`, `code`, `msg`, `data`)
    /// as sent, once it is known to be a success: a non-zero `code` is still
    /// [`Error::Api`].
    pub async fn send_envelope(self) -> Result<serde_json::Value, Error> {
        self.send_with(|status, body| {
            crate::envelope::decode::<serde_json::Value>(status, body)?;
            let json = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
            serde_json::from_slice(json).map_err(|error| Error::Decode {
                path: "(body)".to_owned(),
                message: error.to_string(),
                body_start: crate::envelope::body_start(body),
                request_id: None,
                raw_data: None,
                source: Some(error),
            })
        })
        .await
    }

    async fn send_with<T>(self, decode: crate::client::Decode<T>) -> Result<T, Error> {
        let body = match self.body {
            Some(Ok(body)) => Some(bytes::Bytes::from(body)),
            Some(Err(message)) => {
                return Err(Error::Config(format!(
                    "the raw body cannot be encoded: {message}"
                )));
            }
            None => None,
        };
        let name = format!("raw {}", self.path);
        let call = Call {
            name: &name,
            method: self.method,
            path: std::borrow::Cow::Borrowed(&self.path),
            auth: self.auth,
            rate_limit: self.rate_limit,
            repeatable: self.repeatable,
            query: self.query,
            headers: self.headers,
            body,
            content_type: self.content_type,
        };
        self.client.execute(&call, decode).await
    }
}
