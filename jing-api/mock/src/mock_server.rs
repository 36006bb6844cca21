//! [`MockBuilder`] and [`MockServer`]: a mock's options, its start on the tables it is
//! given (the generated code hands in jing-api's, `MockServer::builder()`), and the
//! running server's in-process controls. The request handling is `server.rs`; the
//! strict token modes and the counters are `control.rs`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use serde_json::Value;
use tokio::sync::oneshot;

use crate::state::{self, MockClock, Mutable, Shared};
use crate::{
    Fault, MockCredentials, MockError, ReceivedRequest, codes, fixture, observe, server, table,
};
use jing_api::{ClientBuilder, Error};

/// Configures a [`MockServer`].
#[derive(Debug)]
pub struct MockBuilder {
    pub(crate) credentials: MockCredentials,
    pub(crate) expires_in: u64,
    pub(crate) enforce_limits: bool,
    pub(crate) clock: MockClock,
    pub(crate) address: SocketAddr,
    pub(crate) record_limit: usize,
    pub(crate) extra: state::Extra,
    pub(crate) tables: table::Tables,
}

/// How many requests a mock keeps for [`MockServer::received`] unless told otherwise.
pub const DEFAULT_RECORD_LIMIT: usize = 10_000;

impl MockBuilder {
    /// A builder serving `tables`, with the default credentials and limits on. The
    /// generated code calls it with jing-api's tables (`MockServer::builder()`).
    pub(crate) fn for_tables(tables: table::Tables) -> Self {
        MockBuilder {
            credentials: MockCredentials::default(),
            expires_in: 7200,
            enforce_limits: true,
            clock: MockClock::default(),
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            record_limit: DEFAULT_RECORD_LIMIT,
            extra: state::Extra::default(),
            tables,
        }
    }
}

impl MockBuilder {
    /// The app id, app secret and refresh token the mock accepts.
    pub fn credentials(
        mut self,
        app_id: impl Into<String>,
        app_secret: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        self.credentials.app_id = app_id.into();
        self.credentials.app_secret = app_secret.into();
        self.credentials.refresh_token = refresh_token.into();
        self
    }

    /// The `expires_in` the token calls answer (7200 s by default).
    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.expires_in = seconds;
        self
    }

    /// Whether the documented limits are enforced (on by default).
    pub fn rate_limits(mut self, enforce: bool) -> Self {
        self.enforce_limits = enforce;
        self
    }

    /// The clock the limits and token lifetimes read (the system's by default): a
    /// `jing_api::clock::ManualClock` moves days (feature `test-util`, not covered by semver).
    #[cfg(feature = "test-util")]
    #[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
    pub fn clock(mut self, clock: Arc<dyn jing_api::clock::Clock>) -> Self {
        self.clock = MockClock { moved: Some(clock) };
        self
    }

    /// How many requests [`MockServer::received`] keeps: the last `limit`
    /// ([`DEFAULT_RECORD_LIMIT`] by default; 0 keeps none). Earlier ones are let go and
    /// counted by [`MockServer::received_dropped`], so a long-running mock's memory stays
    /// bounded.
    pub fn record_limit(mut self, limit: usize) -> Self {
        self.record_limit = limit;
        self
    }

    /// Where to listen (`127.0.0.1:0`, a free port, by default).
    pub fn address(mut self, address: SocketAddr) -> Self {
        self.address = address;
        self
    }

    /// Serves the tables of another API than jing-api's: its spec, endpoints, webhook
    /// samples and probes together, so the mock's clients are built for that spec and
    /// requests are named by its catalogue. The repository's tests hand it those generated
    /// from the synthetic fixture spec (`jing_fixture_api::mock::TABLES`; feature
    /// `test-util`, not covered by semver).
    #[cfg(feature = "test-util")]
    #[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
    pub fn tables(mut self, tables: table::Tables) -> Self {
        self.tables = tables;
        self
    }

    /// The docs' webhook sample of the event page titled `title_zh` (e.g.
    /// `object_update事件-客户`) among the tables this builder serves, `//` comments removed,
    /// when the page has a whole one.
    pub fn webhook_sample(&self, title_zh: &str) -> Option<Value> {
        self.tables.webhook_sample(title_zh)
    }

    /// The titles of the event pages with a sample in the docs, among the tables this
    /// builder serves.
    pub fn webhook_sample_titles(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.tables.webhook_sample_titles()
    }

    /// Binds and starts serving in the background; stops when the server is dropped.
    pub async fn start(self) -> Result<MockServer, Error> {
        let listener = tokio::net::TcpListener::bind(self.address)
            .await
            .map_err(|error| {
                Error::config_because(format!("the mock cannot listen on {}", self.address), error)
            })?;
        let address = listener
            .local_addr()
            .map_err(|error| Error::config_because("the mock has no address", error))?;
        let mut state = Mutable {
            refresh_token: self.credentials.refresh_token.clone(),
            ..Mutable::default()
        };
        state.access_tokens.push_back(state::IssuedToken {
            token: self.credentials.access_token.clone(),
            at: self.clock.now(),
        });
        let shared = Arc::new(Shared {
            endpoints: self.tables.endpoints,
            catalogue: self.tables.api.catalogue,
            app_id: self.credentials.app_id.clone(),
            app_secret: self.credentials.app_secret.clone(),
            expires_in: self.expires_in,
            enforce_limits: self.enforce_limits,
            clock: self.clock,
            record_limit: self.record_limit,
            tokens: self.extra.tokens,
            log_requests: self.extra.log_requests,
            state: Mutex::new(state),
        });
        let router = Router::new()
            .fallback(server::handle)
            .layer(axum::middleware::from_fn_with_state(
                Arc::clone(&shared),
                observe::observe,
            ))
            .with_state(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let serving = axum::serve(listener, router).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(error) = serving.await {
                tracing::error!(error = %jing_api::ErrorReport::new(&error), "the mock server stopped");
            }
        });
        Ok(MockServer {
            address,
            api: self.tables.api,
            credentials: self.credentials,
            shared,
            stop: Some(stop),
        })
    }
}

/// A running mock of the Jing API; see the [crate docs](crate).
#[derive(Debug)]
pub struct MockServer {
    pub(crate) address: SocketAddr,
    /// The spec of the tables it serves, which its clients are built for.
    pub(crate) api: &'static jing_api::ApiSpec,
    pub(crate) credentials: MockCredentials,
    pub(crate) shared: Arc<Shared>,
    pub(crate) stop: Option<oneshot::Sender<()>>,
}

impl MockServer {
    /// `http://127.0.0.1:PORT`, for `ClientBuilder::base_url`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The credentials it accepts.
    pub fn credentials(&self) -> &MockCredentials {
        &self.credentials
    }

    /// Where it listens and the credentials it accepts, in two lines, as `jing-mock` and
    /// `jing mock` print them.
    pub fn banner(&self) -> String {
        let credentials = &self.credentials;
        format!(
            "jing-mock listening on {}\napp_id {} · app_secret {} · refresh_token {} · access_token {}\n",
            self.base_url(),
            credentials.app_id,
            credentials.app_secret,
            credentials.refresh_token,
            credentials.access_token
        )
    }

    /// A client builder set up for this mock: for the spec of the tables it serves
    /// (jing-api's unless `MockBuilder::tables`, of the feature `test-util`, said
    /// otherwise), its URL, app id, a valid access token, the app secret and refresh token
    /// (so the client can renew), and [`codes::TOKEN_INVALID`] as the token-expired code.
    pub fn client_builder(&self) -> ClientBuilder {
        ClientBuilder::for_spec(self.api)
            .base_url(self.base_url())
            .app_id(&self.credentials.app_id)
            .access_token(&self.credentials.access_token)
            .app_secret(&self.credentials.app_secret)
            .refresh_token(&self.credentials.refresh_token)
            .token_rejected_codes([codes::TOKEN_INVALID])
    }

    /// Answers `data` for endpoint `name` (its spec name, e.g. `create_customer`) from now on,
    /// instead of the docs' example; refused with the near names when no typed endpoint has
    /// that name, or when `data` is a string, number or boolean where the endpoint answers
    /// an object.
    pub fn respond(&self, name: &str, data: Value) -> Result<(), MockError> {
        let endpoint = fixture::endpoint_named(self.shared.endpoints, name)?;
        fixture::check_fixture(endpoint, &data)?;
        self.shared.lock().fixtures.insert(name.to_owned(), data);
        Ok(())
    }

    /// Makes every access token issued so far stale (the mock keeps the last 64 it issued
    /// valid otherwise): the next call with one gets
    /// [`codes::TOKEN_INVALID`], and a client that can renew goes through the refresh endpoint.
    /// Returns how many were valid.
    pub fn expire_tokens(&self) -> usize {
        let mut state = self.shared.lock();
        let count = state.access_tokens.len();
        state.access_tokens.clear();
        count
    }

    /// Answers the next `times` requests (to any path) with `fault`.
    pub fn fail_next(&self, times: usize, fault: Fault) {
        let mut state = self.shared.lock();
        state
            .faults
            .extend(std::iter::repeat_n((None, fault), times));
    }

    /// Answers the next `times` requests to endpoint `name` with `fault`.
    pub fn fail_endpoint(&self, name: &str, times: usize, fault: Fault) {
        let mut state = self.shared.lock();
        state
            .faults
            .extend(std::iter::repeat_n((Some(name.to_owned()), fault), times));
    }

    /// The requests received, in order: every one, or the last
    /// [`MockBuilder::record_limit`] of them ([`DEFAULT_RECORD_LIMIT`] by default) when
    /// there were more; [`MockServer::received_dropped`] says how many were let go.
    /// The values are as received, credentials included (only their `Debug` output and
    /// `GET /_mock/requests` hide those).
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.shared.lock().received.iter().cloned().collect()
    }

    /// How many requests were let go from [`MockServer::received`] to keep it within its
    /// limit (or cleared by [`MockServer::clear_received`]).
    pub fn received_dropped(&self) -> u64 {
        self.shared.lock().received_dropped
    }

    /// Forgets the requests received so far; they count as let go.
    pub fn clear_received(&self) {
        let mut state = self.shared.lock();
        state.received_dropped += state.received.len() as u64;
        state.received.clear();
    }

    /// Posts `event` (a webhook body) to `url`, as the platform would; the receiver's status.
    /// A post that gets no answer (no server there, a URL that is not valid, none within
    /// [`POST_TIMEOUT`](jing_api::webhook_runtime::POST_TIMEOUT), jing-api's choice and not
    /// the platform's, whose limit is not documented) is a [`MockError::Unsent`], the URL
    /// it quotes without credentials.
    pub async fn send_webhook(&self, url: &str, event: &Value) -> Result<u16, MockError> {
        use jing_api::webhook_runtime::{POST_TIMEOUT, post};
        post(url, event, &[], POST_TIMEOUT)
            .await
            .map(|posted| posted.status)
            .map_err(MockError::Unsent)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
