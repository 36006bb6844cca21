//! The client and its call pipeline: one place where every call, typed or raw, gets its
//! limits, token, retries and tracing.
//!
//! A call is described once ([`Call`]): method, path, auth, documented limits, whether it
//! may be repeated, query, headers and the body already encoded. [`Client::execute`] then
//! runs attempts until one succeeds or the retry policy stops. Configuration is
//! `config.rs`; the envelope is `envelope.rs`; tokens are `auth.rs`, how the client holds
//! them is `client/handle.rs` and which one a call sends is `client/tokens.rs`.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::Decoded;
use bytes::Bytes;
use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument;
use url::Url;

use crate::LimitScope;
use crate::endpoint::{Auth, Endpoint, Method};
use crate::telemetry;
use crate::{Error, RateLimit, RequestPreview, envelope};

mod handle;
mod tokens;

pub use handle::Client;
pub(crate) use handle::{Inner, ManagedTokens, TokenSource};

/// The auth header that carries the app id.
const APP_ID_HEADER: &str = "app_id";
/// The auth header that carries the access token.
const ACCESS_TOKEN_HEADER: &str = "access_token";

/// One call, ready to send as many times as the retry policy allows.
pub(crate) struct Call<'a> {
    /// Keys the rate budgets; names the endpoint in errors.
    pub(crate) name: &'a str,
    /// Names the endpoint in spans and metrics: the spec's name, or `raw`.
    pub(crate) label: &'static str,
    /// The path as the spec writes it (`/v1/part/{partId}`), when the call is catalogued:
    /// OpenTelemetry's `url.template`.
    pub(crate) template: Option<&'static str>,
    pub(crate) method: Method,
    /// The path below the base URL, path parameters filled in.
    pub(crate) path: Cow<'a, str>,
    pub(crate) auth: Auth,
    pub(crate) rate_limit: RateLimit,
    /// Safe to send again after a failure that may have reached the server.
    pub(crate) repeatable: bool,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    /// The body, encoded once and shared by every attempt.
    pub(crate) body: Option<Bytes>,
    /// How the body is encoded: its `content-type`.
    pub(crate) content_type: crate::ContentType,
    /// How the answer says success and where its data is.
    pub(crate) answer: crate::Answer,
    /// The endpoint's schema, when the call is a typed or catalogued one: what it marks
    /// secret is hidden beside the name families.
    pub(crate) schema: Option<&'static crate::schema::EndpointSchema>,
}

impl Call<'_> {
    /// The names this call hides: the families, and what its schema marks secret.
    pub(crate) fn secrets(&self) -> crate::redact::Secrets {
        self.schema
            .map(crate::schema::EndpointSchema::secrets)
            .unwrap_or_default()
    }

    /// `error`, hidden by the name families where it was made, now also by what this
    /// call's schema marks secret.
    fn hide(&self, error: Error) -> Error {
        match self.schema {
            Some(_) => error.hiding(&self.secrets()),
            None => error,
        }
    }
}

impl Client {
    pub(crate) fn from_inner(inner: Arc<Inner>, retry_writes: bool) -> Self {
        Client {
            inner,
            retry_writes,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The catalogue of the API the client was built for (its
    /// [`ApiSpec`](crate::ApiSpec)'s): every endpoint of its docs, typed or not, which a raw
    /// call's path is matched on.
    pub fn catalogue(&self) -> &'static [crate::CatalogueEntry] {
        self.inner.catalogue
    }

    /// The app id the client sends.
    pub fn app_id(&self) -> &str {
        &self.inner.app_id
    }

    /// What the stores keep this client's tokens and shared budgets under: the app id at
    /// the server, `<app_id>@<server>` (see [`crate::store::scope`]); the scope to
    /// [`seed`](crate::store::seed) a new refresh token into.
    pub fn token_scope(&self) -> &str {
        &self.inner.scope
    }

    /// Stores a pair of tokens this client obtained while its token store could not take
    /// it (Redis restarting, a full disk): such a pair is kept in the process, served to
    /// its calls and stored at the next call, and it may be the only refresh token the
    /// server still accepts. Call this before a process ends; `Ok` when nothing is left to
    /// store (or the client does not renew its own tokens).
    pub async fn flush_tokens(&self) -> Result<(), Error> {
        match &self.inner.tokens {
            TokenSource::Managed(manager) => manager.flush(&self.inner.scope).await,
            TokenSource::Fixed(_) | TokenSource::Provider(_) => Ok(()),
        }
    }

    /// A handle that also retries creates and updates after transport errors and 5xx
    /// answers, for callers who know a repeat is harmless:
    /// `client.retrying_writes().customer().create(..)`.
    pub fn retrying_writes(&self) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            retry_writes: true,
        }
    }

    /// Sends one typed request and decodes the envelope's `data`.
    ///
    /// The generated group methods (`client.customer().create(..)`) call this; it is public
    /// so code can be generic over endpoints.
    pub async fn send<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        self.execute(&self.call_of(request)?, envelope::decode::<E::Response>)
            .await
    }

    /// As [`Client::send`], taking the request by value: the future the generated group
    /// methods (`client.customer().create(..)`) return.
    pub async fn send_owned<E: Endpoint>(&self, request: E) -> Result<E::Response, Error> {
        // The wire form is all a call needs, so the request is not kept across the awaits.
        let call = self.call_of(&request)?;
        drop(request);
        self.execute(&call, envelope::decode::<E::Response>).await
    }

    /// As [`Client::send`], and keeps `data` exactly as the server sent it beside the typed
    /// value, with the envelope's `request_id`. The raw text is the bytes already read, not
    /// a second parse; a call that fails to decode gives it through [`Error::raw_data`].
    pub async fn send_keeping_raw<E: Endpoint>(
        &self,
        request: &E,
    ) -> Result<Decoded<E::Response>, Error> {
        self.execute(
            &self.call_of(request)?,
            envelope::decode_keeping_raw::<E::Response>,
        )
        .await
    }

    /// As [`Client::send`], and returns the whole answer exactly as the server sent it (the
    /// envelope's `request_id`, `code`, `msg` and `data`), once it is known to be a success:
    /// a non-zero `code` is still [`Error::Api`]. The typed `data` is not read. What
    /// `jing --raw` prints.
    pub async fn send_envelope<E: Endpoint>(
        &self,
        request: &E,
    ) -> Result<serde_json::Value, Error> {
        self.execute(&self.call_of(request)?, envelope::whole_answer)
            .await
    }

    /// The request `send` would make for `request`, as it would go on the wire, with every
    /// credential hidden (the `access_token` header, and credential members or parameters
    /// such as `app_secret` and `refresh_token`). Nothing is sent, no token is asked for and
    /// no rate budget is spent: this is what `jing --dry-run` prints.
    ///
    /// 预演：返回将要发送的请求（凭据隐去），不发送。
    pub fn preview<E: Endpoint>(&self, request: &E) -> Result<RequestPreview, Error> {
        self.preview_call(&self.call_of(request)?)
    }

    /// The wire form of a typed request, the one way in of every typed call: refused when
    /// its endpoint is not one of the spec the client was built for.
    fn call_of<E: Endpoint>(&self, request: &E) -> Result<Call<'static>, Error> {
        self.inner.check_typed(E::SCHEMA)?;
        let owned = |pairs: Vec<(&'static str, String)>| {
            pairs
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect()
        };
        let body = if E::HAS_BODY {
            Some(Bytes::from(
                E::CONTENT_TYPE.encode(request).map_err(Error::Encode)?,
            ))
        } else {
            None
        };
        Ok(Call {
            name: E::NAME,
            label: E::NAME,
            template: Some(E::PATH),
            method: E::METHOD,
            path: crate::endpoint::fill_path(E::PATH, &request.path_params()),
            auth: E::AUTH,
            rate_limit: E::RATE_LIMIT,
            repeatable: E::IDEMPOTENT,
            query: owned(request.query()),
            headers: owned(request.headers()),
            body,
            content_type: E::CONTENT_TYPE,
            answer: E::ANSWER,
            schema: Some(E::SCHEMA),
        })
    }

    /// Runs the attempts of `call` inside its span, and records the call's metrics.
    pub(crate) async fn execute<T>(&self, call: &Call<'_>, decode: Decode<T>) -> Result<T, Error> {
        let span = telemetry::call_span(&Self::span_target(call, &self.inner.base_url));
        let started = Instant::now();
        let result = self
            .attempts(call, decode, &span)
            .instrument(span.clone())
            .await;
        if let Err(error) = &result {
            span.record("error.type", error.kind());
        }
        telemetry::call_finished(call.label, &result, started.elapsed());
        result
    }

    /// The attempts of `call`: limits, token, send, decode; retries as the policy says;
    /// renews the token once when the API rejects it.
    async fn attempts<T>(
        &self,
        call: &Call<'_>,
        decode: Decode<T>,
        span: &tracing::Span,
    ) -> Result<T, Error> {
        let url = self.url(&call.path)?;
        let repeatable = call.repeatable || self.retry_writes;
        let mut stale: Option<SecretString> = None;
        let mut renewed = false;
        let mut attempt = 0;
        // Every HTTP request sent, resends (retries, the renewal's) included.
        let mut sent = 0u32;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            // The token first, so that a call waiting for a renewal holds no limit slot
            // meanwhile; a managed one again after the limit, should the wait outlast it.
            let mut token = match call.auth {
                Auth::Headers => Some(self.access_token(stale.as_ref()).await?),
                Auth::None => None,
            };
            self.inner
                .limits
                .acquire(
                    &self.inner.scope,
                    (call.name, call.label),
                    call.rate_limit,
                    self.inner.clock.as_ref(),
                )
                .await?;
            if token.is_some() && matches!(self.inner.tokens, TokenSource::Managed(_)) {
                token = Some(self.access_token(stale.as_ref()).await?);
            }
            let attempt_span =
                telemetry::attempt_span(&Self::span_target(call, &self.inner.base_url), sent);
            if sent > 0 {
                span.record("http.request.resend_count", sent);
            }
            sent += 1;
            let outcome = self
                .attempt(call, &url, token.as_ref(), decode, span)
                .instrument(attempt_span.clone())
                .await
                .map_err(|error| call.hide(error));
            let error = match outcome {
                Ok(data) => {
                    tracing::debug!("call succeeded");
                    return Ok(data);
                }
                Err(error) => error,
            };
            attempt_span.record("error.type", error.kind());
            if self.is_token_rejection(&error) && token.is_some() {
                if renewed || matches!(self.inner.tokens, TokenSource::Fixed(_)) {
                    return Err(Error::auth_because(
                        "the access token was rejected and cannot be renewed here",
                        error,
                    ));
                }
                // Renew once and try again; this does not count as a retry.
                tracing::debug!(error = %error.report(), "access token rejected; renewing");
                telemetry::retrying(call.label, [span, &attempt_span], "token_rejected");
                renewed = true;
                stale = token;
                attempt -= 1;
                continue;
            }
            let Some(delay) = self.inner.retry.delay(attempt, &error, repeatable) else {
                tracing::debug!(request_id = error.request_id(), error = %error.report(), "call failed");
                return Err(error);
            };
            tracing::debug!(error = %error.report(), ?delay, "attempt failed; retrying");
            let reason = telemetry::retry_reason(&error);
            telemetry::retrying(call.label, [span, &attempt_span], reason);
            tokio::time::sleep(delay).await;
        }
    }

    /// What the spans of `call` say of it.
    fn span_target<'a>(call: &'a Call<'_>, base: &'a Url) -> telemetry::SpanTarget<'a> {
        telemetry::SpanTarget {
            endpoint: call.label,
            method: call.method.as_str(),
            template: call.template,
            server: base,
        }
    }

    /// One HTTP exchange and its decoding, inside its attempt's span; the status and
    /// request id are recorded on it and on the call's.
    async fn attempt<T>(
        &self,
        call: &Call<'_>,
        url: &Url,
        token: Option<&SecretString>,
        decode: Decode<T>,
        call_span: &tracing::Span,
    ) -> Result<T, Error> {
        let builder = self.http_request(call, url, token);
        let started = Instant::now();
        let response = builder.send().await.map_err(Error::from_reqwest)?;
        let status = response.status().as_u16();
        let span = tracing::Span::current();
        for span in [&span, call_span] {
            span.record("http.response.status_code", status);
        }
        let retry_after = retry_after(response.headers());
        let body = self.read_body(response).await?;
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        for span in [&span, call_span] {
            span.record("latency_ms", latency);
        }
        let result = decode(&call.answer, status, &body);
        if let Some(request_id) = result.as_ref().err().and_then(Error::request_id) {
            for span in [&span, call_span] {
                span.record("jing.request_id", request_id);
            }
        }
        match result {
            // A 429, with or without an envelope, means the server did not carry the call out.
            Err(error) if status == 429 => Err(Error::RateLimited {
                scope: LimitScope::Server,
                retry_after,
                request_id: error.request_id().map(str::to_owned),
            }),
            other => other,
        }
    }

    /// The HTTP request of one attempt: what is sent, and what a preview shows.
    fn http_request(
        &self,
        call: &Call<'_>,
        url: &Url,
        token: Option<&SecretString>,
    ) -> reqwest::RequestBuilder {
        let mut builder = self
            .inner
            .http
            .request(call.method.to_reqwest(), url.clone());
        if !call.query.is_empty() {
            builder = builder.query(&call.query);
        }
        for (name, value) in &call.headers {
            builder = builder.header(name, value);
        }
        if let Some(token) = token {
            builder = builder
                .header(APP_ID_HEADER, &self.inner.app_id)
                .header(ACCESS_TOKEN_HEADER, token.expose_secret());
        }
        if let Some(body) = &call.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, call.content_type.as_str())
                .body(body.clone());
        }
        builder
    }

    /// The request `call` would send, built by the code that sends it, every credential
    /// hidden; nothing is sent and no token is asked for.
    pub(crate) fn preview_call(&self, call: &Call<'_>) -> Result<RequestPreview, Error> {
        let url = self.url(&call.path)?;
        let placeholder = SecretString::from(crate::redact::REDACTED);
        let token = (call.auth == Auth::Headers).then_some(&placeholder);
        let request = self
            .http_request(call, &url, token)
            .build()
            .map_err(Error::from_reqwest)?;
        Ok(RequestPreview::of(&request, &call.secrets()))
    }

    /// The body, refused once it is larger than the configured cap.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Bytes, Error> {
        // reqwest's body errors do not say whose body it was: the URL is added.
        let url = response.url().clone();
        let failed = |error: reqwest::Error| Error::from_reqwest(error.with_url(url.clone()));
        let limit = self.inner.max_response_bytes;
        let too_large = || Error::ResponseTooLarge { limit };
        let announced = response.content_length();
        if let Some(length) = announced {
            if usize::try_from(length).map_or(true, |length| length > limit) {
                return Err(too_large());
            }
            // The length is known and within the cap: read it in one go.
            return response.bytes().await.map_err(failed);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(body))
    }

    /// The URL of `path`: the one joined when the client was built, or joined now.
    fn url(&self, path: &str) -> Result<Url, Error> {
        match self.inner.known_urls.get(path) {
            Some(url) => Ok(url.clone()),
            None => join_path(&self.inner.base_url, path),
        }
    }
}

/// The URL of `path` under `base`, which must stay on the base URL's host.
pub(crate) fn join_path(base: &Url, path: &str) -> Result<Url, Error> {
    // The path may carry a query, and the query a credential.
    let shown = || crate::redact::redact_text(path);
    let url = base.join(path.trim_start_matches('/')).map_err(|error| {
        Error::config_because(
            format!("cannot join path {:?} to the base URL", shown()),
            error,
        )
    })?;
    if url.origin() != base.origin() || !url.path().starts_with(base.path()) {
        return Err(Error::config(format!(
            "path {:?} leaves the base URL; credentials are only sent to {}",
            shown(),
            crate::redact::redact_url_text(base.as_str())
        )));
    }
    Ok(url)
}

/// How a body becomes the call's result: the typed `data`, or that and the raw `data`.
pub(crate) type Decode<T> = fn(&crate::Answer, u16, &[u8]) -> Result<T, Error>;

/// A `Retry-After` header given in seconds.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let seconds = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}
