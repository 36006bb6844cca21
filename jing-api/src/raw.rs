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

/// A call built by hand; see [`Client::raw`]. Its `Debug` hides credentials.
#[must_use = "a raw request does nothing until `send` is awaited"]
pub struct RawRequest<'a> {
    client: &'a Client,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Result<Vec<u8>, serde_json::Error>>,
    content_type: ContentType,
    repeatable: bool,
    rate_limit: RateLimit,
    auth: Auth,
    answer: crate::Answer,
}

impl std::fmt::Debug for RawRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A catalogued call hides what its schema marks, beside the name families.
        let secrets = self
            .known()
            .and_then(|entry| entry.schema)
            .map(crate::schema::EndpointSchema::secrets)
            .unwrap_or_default();
        let hidden = |pairs: &[(String, String)]| {
            secrets.pairs(
                pairs
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.clone())),
            )
        };
        let body = self.body.as_ref().map(|body| match body {
            Ok(bytes) => secrets.text(&String::from_utf8_lossy(bytes)),
            Err(message) => format!("(not encodable: {message})"),
        });
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            // The path may carry a query, and the query a credential.
            .field("path", &secrets.text(&self.path))
            .field("query", &hidden(&self.query))
            .field("headers", &hidden(&self.headers))
            .field("body", &body)
            .field("repeatable", &self.repeatable)
            .field("rate_limit", &self.rate_limit)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
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
            answer: crate::Answer::JING,
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
        self.body = Some(content_type.encode(&body));
        self.content_type = content_type;
        self
    }

    /// Reads the answer as `answer` says (an endpoint whose answer is not the Jing
    /// envelope: its [`crate::Endpoint::ANSWER`]); the Jing envelope by default.
    pub fn answer(mut self, answer: crate::Answer) -> Self {
        self.answer = answer;
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
        self.send_with(crate::envelope::whole_answer).await
    }

    /// The request [`send`](Self::send) would make, as it would go on the wire, every
    /// credential hidden; nothing is sent (see [`Client::preview`]).
    pub fn preview(self) -> Result<crate::RequestPreview, Error> {
        let name = self.name();
        let client = self.client;
        client.preview_call(&self.into_call(&name)?)
    }

    async fn send_with<T>(self, decode: crate::client::Decode<T>) -> Result<T, Error> {
        let name = self.name();
        let client = self.client;
        client.execute(&self.into_call(&name)?, decode).await
    }

    /// The catalogue's entry for this method and path (its query aside), when it lists one.
    fn known(&self) -> Option<&'static crate::CatalogueEntry> {
        crate::CatalogueEntry::lookup(self.client.catalogue(), self.method, &self.path)
    }

    /// The name of a call to a path the catalogue does not list: `raw` and the path without
    /// its query (which may carry a credential, and would make every query a budget).
    fn name(&self) -> String {
        let path = self.path.split('?').next().unwrap_or_default();
        format!("raw {path}")
    }

    /// The call of the pipeline, named `name`; on a path the catalogue lists with this
    /// method, the endpoint's own name and documented limits, so raw and typed calls share
    /// one budget.
    fn into_call(self, name: &str) -> Result<Call<'_>, Error> {
        let known = self.known();
        let (name, rate_limit) = match known {
            Some(entry) if self.rate_limit == RateLimit::UNKNOWN => (entry.name, entry.rate_limit),
            Some(entry) => (entry.name, self.rate_limit),
            None => (name, self.rate_limit),
        };
        // Spans and metrics name a catalogued endpoint, and only say `raw` of any other
        // path: a path with ids in it would make a label without bound.
        let (label, template) = match known {
            Some(entry) => (entry.name, entry.path),
            None => ("raw", None),
        };
        let body = match self.body {
            Some(Ok(body)) => Some(bytes::Bytes::from(body)),
            Some(Err(error)) => return Err(Error::Encode(error)),
            None => None,
        };
        Ok(Call {
            name,
            label,
            template,
            method: self.method,
            path: std::borrow::Cow::Owned(self.path),
            auth: self.auth,
            rate_limit,
            repeatable: self.repeatable,
            query: self.query,
            headers: self.headers,
            body,
            content_type: self.content_type,
            answer: self.answer,
            schema: known.and_then(|entry| entry.schema),
        })
    }
}

/// A raw call's method from its name (`jing raw get …`).
impl std::str::FromStr for Method {
    type Err = UnknownMethod;

    /// The method named `text`, in any case (`get`, `POST`).
    fn from_str(text: &str) -> Result<Method, UnknownMethod> {
        [
            Method::Get,
            Method::Post,
            Method::Put,
            Method::Delete,
            Method::Patch,
        ]
        .into_iter()
        .find(|method| method.as_str().eq_ignore_ascii_case(text))
        .ok_or_else(|| UnknownMethod(text.to_owned()))
    }
}

/// A method name that is none of [`Method`]'s; it says the name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not GET, POST, PUT, DELETE or PATCH")]
pub struct UnknownMethod(String);

#[cfg(test)]
mod tests {
    use crate::{Client, Method, RateLimit};

    fn client() -> Client {
        Client::builder()
            .app_id("app-1")
            .access_token("tok-secret")
            .base_url("http://127.0.0.1:9/")
            .build()
            .unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn a_preview_is_the_request_with_every_credential_hidden() {
        let client = client();
        let request = client
            .raw(Method::Post, "/v1/x")
            .query("access_token", "q-secret")
            .query("page", 2)
            .header("Authorization", "Bearer h-secret")
            .json(serde_json::json!({"app_secret": "b-secret", "name": "A"}));
        let debug = format!("{request:?}");
        let preview = request.preview().unwrap_or_else(|error| panic!("{error}"));
        let shown = format!("{preview}{preview:?}{debug}");
        for secret in ["tok-secret", "q-secret", "h-secret", "b-secret"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            preview
                .url
                .ends_with("/v1/x?access_token=%5BREDACTED%5D&page=2"),
            "{}",
            preview.url
        );
        assert_eq!(
            preview.body.as_deref(),
            Some(r#"{"app_secret":"[REDACTED]","name":"A"}"#)
        );
        assert!(
            preview
                .headers
                .contains(&("app_id".to_owned(), "app-1".to_owned()))
        );
        assert!(
            preview
                .headers
                .contains(&("access_token".to_owned(), "[REDACTED]".to_owned()))
        );
        assert!(
            preview
                .headers
                .contains(&("content-type".to_owned(), "application/json".to_owned()))
        );
    }

    /// A vendor's own API-key header, and credential members in any spelling, are hidden
    /// in the preview and in `Debug`; a look-alike name is not.
    #[test]
    fn api_key_headers_and_every_spelling_are_hidden() {
        let client = client();
        let request = client
            .raw(Method::Post, "/v1/x?AppSecret=p-secret")
            .header("X-API-Key", "k-secret")
            .header("x-vendor-signature", "s-secret")
            .header("X-Trace-Id", "trace-1")
            .json(serde_json::json!({
                "appSecret": "b1-secret",
                "password": "b2-secret",
                "nested": {"clientSecret": "b3-secret", "keyword": "kept-1"},
                "token_type": "kept-2",
            }));
        let debug = format!("{request:?}");
        let preview = request.preview().unwrap_or_else(|error| panic!("{error}"));
        let shown = format!("{preview}{preview:?}{debug}");
        for secret in [
            "p-secret",
            "k-secret",
            "s-secret",
            "b1-secret",
            "b2-secret",
            "b3-secret",
        ] {
            assert!(!shown.contains(secret), "{secret}: {shown}");
        }
        for kept in ["trace-1", "kept-1", "kept-2"] {
            assert!(shown.contains(kept), "{kept}: {shown}");
        }
    }

    #[test]
    fn a_raw_call_on_a_catalogued_path_shares_the_endpoints_budget() {
        use crate::Endpoint;
        let client = client();
        let call = client
            .raw(Method::Post, "/v1/customer/create")
            .into_call("raw /v1/customer/create")
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(call.name, "create_customer");
        assert_eq!(call.rate_limit, crate::customer::CreateCustomer::RATE_LIMIT);
        // Another method on that path, or a path the catalogue does not list, stays raw.
        let other = client
            .raw(Method::Get, "/v1/customer/create")
            .into_call("raw GET")
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(other.name, "raw GET");
        assert_eq!(other.rate_limit, crate::RateLimit::UNKNOWN);
        assert_eq!((other.label, other.template), ("raw", None));
        assert_eq!(
            (call.label, call.template),
            ("create_customer", Some("/v1/customer/create"))
        );
        // The name of an unlisted path leaves its query out (it may carry a credential).
        let queried = client.raw(Method::Get, "/v1/y?appSecret=s&page=2");
        assert_eq!(queried.name(), "raw /v1/y");
    }

    /// A path with ids in it finds its endpoint by the template, as the mock does; a
    /// literal path wins over a template that also fits.
    #[test]
    fn a_raw_call_finds_a_templated_endpoint() {
        use crate::schema::EndpointSchema;
        use crate::{CatalogueEntry, Status};
        let schema = |path| {
            let schema = EndpointSchema::new("weigh_widget", "widgets", Method::Post, path)
                .with_rate_limit(RateLimit {
                    per_second: Some(5),
                    per_day: Some(100),
                });
            let schema: &'static EndpointSchema = Box::leak(Box::new(schema));
            CatalogueEntry::typed(schema, Status::Partial)
        };
        let mut list = schema("/v1/widget/list");
        list.name = "list_widgets";
        let entries: &'static [CatalogueEntry] =
            Box::leak(Box::new([schema("/v1/widget/{widgetId}/weight"), list]));
        let found =
            |path| CatalogueEntry::lookup(entries, Method::Post, path).map(|entry| entry.name);
        assert_eq!(found("/v1/widget/42/weight?unit=g"), Some("weigh_widget"));
        assert_eq!(found("/v1/widget/list"), Some("list_widgets"));
        assert_eq!(found("/v1/widget//weight"), None);
        assert_eq!(found("/v1/widget/42"), None);
        assert_eq!(
            CatalogueEntry::lookup(entries, Method::Get, "/v1/widget/42/weight"),
            None
        );
        let entry = CatalogueEntry::lookup(entries, Method::Post, "/v1/widget/7/weight");
        assert_eq!(
            entry.map(|entry| (entry.rate_limit.per_second, entry.path)),
            Some((Some(5), Some("/v1/widget/{widgetId}/weight")))
        );
    }

    #[test]
    fn a_typed_preview_matches_the_endpoint() {
        let client = client();
        let request = crate::customer::CreateCustomer::new("Acme", "bt");
        let preview = client
            .preview(&request)
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(preview.method, "POST");
        assert_eq!(preview.url, "http://127.0.0.1:9/v1/customer/create");
        assert!(
            preview
                .body
                .as_deref()
                .is_some_and(|body| body.contains("\"Acme\""))
        );
        assert!(!preview.to_string().contains("tok-secret"));
    }
}
