//! The client: configuration, and sending one typed request.
//!
//! [`Client::send`] turns any [`Endpoint`] into an HTTP request (query, headers, auth
//! headers, JSON body), and hands the response to `envelope.rs`. Group accessors such as
//! `client.customer()` are generated (`generated/mod.rs`) and call `send`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument;
use url::Url;

use crate::endpoint::{Auth, Endpoint};
use crate::{Error, envelope};

/// The auth header that carries the app id.
const APP_ID_HEADER: &str = "app_id";
/// The auth header that carries the access token.
const ACCESS_TOKEN_HEADER: &str = "access_token";

/// An async client of the Jing Open Platform API. Cheap to clone; clones share one
/// connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    app_id: String,
    access_token: SecretString,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("app_id", &self.inner.app_id)
            .field("access_token", &"[redacted]")
            .finish()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// Sends one typed request and decodes the envelope's `data`.
    ///
    /// The generated group methods (`client.customer().create(..)`) call this; it is public
    /// so code can be generic over endpoints.
    pub async fn send<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        let url = self
            .inner
            .base_url
            .join(E::PATH.trim_start_matches('/'))
            .map_err(|error| {
                Error::Config(format!(
                    "cannot join path {} to the base URL: {error}",
                    E::PATH
                ))
            })?;
        let mut builder = self.inner.http.request(E::METHOD.to_reqwest(), url);
        let query = request.query();
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        for (name, value) in request.headers() {
            builder = builder.header(name, value);
        }
        if E::AUTH == Auth::Headers {
            builder = builder
                .header(APP_ID_HEADER, &self.inner.app_id)
                .header(ACCESS_TOKEN_HEADER, self.inner.access_token.expose_secret());
        }
        if E::HAS_BODY {
            builder = builder.json(request);
        }
        let span = tracing::info_span!("jing_api.call", endpoint = E::NAME, method = %E::METHOD, path = E::PATH);
        async move {
            let response = builder.send().await.map_err(Error::Transport)?;
            let status = response.status().as_u16();
            let body = response.bytes().await.map_err(Error::Transport)?;
            let result = envelope::decode(status, &body);
            match &result {
                Ok(_) => tracing::debug!(status, "call succeeded"),
                Err(error) => {
                    tracing::debug!(status, request_id = error.request_id(), %error, "call failed")
                }
            }
            result
        }
        .instrument(span)
        .await
    }
}

/// Configuration of a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    app_id: Option<String>,
    access_token: Option<SecretString>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "[redacted]"),
            )
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

impl ClientBuilder {
    /// The base URL; defaults to [`crate::DEFAULT_BASE_URL`]. Only https is accepted,
    /// except for loopback addresses (local test servers).
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The app id sent in the `app_id` header.
    #[must_use]
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// The access token sent in the `access_token` header.
    #[must_use]
    pub fn access_token(mut self, access_token: impl Into<String>) -> Self {
        self.access_token = Some(SecretString::from(access_token.into()));
        self
    }

    /// The time limit of a whole call; none by default.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The time limit for connecting; none by default.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let app_id = self
            .app_id
            .ok_or_else(|| Error::Config("app_id is required: call .app_id(..)".to_owned()))?;
        let access_token = self.access_token.ok_or_else(|| {
            Error::Config("an access token is required: call .access_token(..)".to_owned())
        })?;
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(crate::DEFAULT_BASE_URL))?;
        let mut http = reqwest::Client::builder();
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        if let Some(timeout) = self.connect_timeout {
            http = http.connect_timeout(timeout);
        }
        let http = http
            .build()
            .map_err(|error| Error::Config(format!("cannot build the HTTP client: {error}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                app_id,
                access_token,
            }),
        })
    }
}

/// Parses the base URL; credentials go only over https, or to this machine.
fn parse_base_url(text: &str) -> Result<Url, Error> {
    let mut url = Url::parse(text)
        .map_err(|error| Error::Config(format!("invalid base URL {text:?}: {error}")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    };
    if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
        return Err(Error::Config(format!(
            "refusing to send credentials to {text:?}: the base URL must be https (plain http only on loopback)"
        )));
    }
    // Paths are joined below the base, so it must end with a slash.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_https_or_loopback() {
        let cases = [
            ("https://jingopenapi.jingsocial.com", true),
            ("http://127.0.0.1:8080", true),
            ("http://localhost:1", true),
            ("http://[::1]:1", true),
            ("http://jingopenapi.jingsocial.com", false),
            ("ftp://127.0.0.1", false),
            ("not a url", false),
        ];
        for (text, accepted) in cases {
            assert_eq!(parse_base_url(text).is_ok(), accepted, "{text}");
        }
        let nested = parse_base_url("https://proxy.example/jing").map(|url| url.to_string());
        assert_eq!(nested.ok().as_deref(), Some("https://proxy.example/jing/"));
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let builder = Client::builder()
            .app_id("app")
            .access_token("very-secret-token");
        assert!(!format!("{builder:?}").contains("very-secret-token"));
        let client = builder.build().expect("valid configuration");
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("very-secret-token") && shown.contains("[redacted]"),
            "{shown}"
        );
    }
}
