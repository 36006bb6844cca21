//! Configuring a [`Client`]: credentials, base URL, timeouts, retries, limits, clock.
//!
//! Only configuration lives here; how it is checked and made a client is `config/build.rs`,
//! what the client does with it `client.rs`.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use secrecy::SecretString;

use crate::auth::token::TokenProvider;
use crate::clock::{Clock, SystemClock};
use crate::rate_limit::CHINA_STANDARD_TIME;
use crate::retry::RetryPolicy;
use crate::spec::ApiSpec;
use crate::store::limits::LimitStore;
use crate::store::tokens::{TokenRecord, TokenStore, TokensIssuedHook};
// What the docs' links (and the tests) name; the code that uses them is `config/build.rs`.
#[cfg(any(doc, test))]
use crate::{Client, Error};

mod build;

/// Configuration of a [`Client`]. Start with [`Client::builder`].
///
/// Credentials, in order of preference:
/// - [`token_provider`](Self::token_provider): the caller supplies tokens;
/// - [`app_secret`](Self::app_secret) with [`refresh_token`](Self::refresh_token) (and
///   optionally a current [`access_token`](Self::access_token)): the client refreshes the
///   access token itself, before it expires and when the API rejects it;
/// - [`access_token`](Self::access_token) alone: a fixed token; a rejection is an
///   [`Error::Auth`].
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use jing_api::{Client, RetryPolicy};
///
/// let client = Client::builder()
///     .app_id("100000000000000000000000001")
///     .app_secret("app-secret")
///     .refresh_token("refresh-token")
///     .timeout(Duration::from_secs(10))
///     .retry_policy(RetryPolicy { max_attempts: 4, ..RetryPolicy::default() })
///     .token_rejected_codes([40001])
///     .build()?;
/// # Ok::<(), jing_api::Error>(())
/// ```
pub struct ClientBuilder {
    spec: &'static ApiSpec,
    base_url: Option<String>,
    app_id: Option<String>,
    app_secret: Option<SecretString>,
    access_token: Option<SecretString>,
    refresh_token: Option<SecretString>,
    provider: Option<Arc<dyn TokenProvider>>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    retry_writes: bool,
    rate_limits: bool,
    max_limit_wait: Duration,
    day_offset_seconds: i32,
    token_rejected_codes: BTreeSet<i64>,
    secret_rejected_codes: BTreeSet<i64>,
    refresh_margin: Duration,
    clock: Arc<dyn Clock>,
    max_response_bytes: usize,
    access_token_expires_at: Option<SystemTime>,
    token_store: Option<Arc<dyn TokenStore>>,
    limit_store: Option<Arc<dyn LimitStore>>,
    renewal_lease: Option<Duration>,
    on_tokens_issued: Option<TokensIssuedHook>,
}

/// The default cap on how long one call waits for a per-second limit: 10 s.
///
/// A documented limit such as 10 calls a second makes a call wait a tenth of a second when
/// calls come one after another; a long wait means many calls queue on one endpoint (a
/// hundred at once wait up to 10 s at 10/s). Ten seconds lets such a burst through, stays
/// under the call [`timeout`](ClientBuilder::timeout) (30 s) and the request timeouts of
/// the services that typically make these calls, and tells an overloaded caller with a
/// typed error ([`Error::LimitWaitTooLong`]) instead of a call that hangs.
pub const DEFAULT_MAX_LIMIT_WAIT: Duration = Duration::from_secs(10);

/// The default cap on a response body: far above any documented answer, far below what
/// would hurt a process.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

impl ClientBuilder {
    /// Starts configuring a client of the API `spec` describes: its default base URL, its
    /// catalogue (which names, limits and redacts raw calls) and its token calls.
    /// [`Client::builder`] is this with the Jing API's own (`jing_api::SPEC`); a crate
    /// generated from another spec hands its own `SPEC` here.
    pub fn for_spec(spec: &'static ApiSpec) -> Self {
        ClientBuilder {
            spec,
            base_url: None,
            app_id: None,
            app_secret: None,
            access_token: None,
            refresh_token: None,
            provider: None,
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Some(Duration::from_secs(10)),
            retry: RetryPolicy::default(),
            retry_writes: false,
            rate_limits: true,
            max_limit_wait: DEFAULT_MAX_LIMIT_WAIT,
            day_offset_seconds: CHINA_STANDARD_TIME,
            token_rejected_codes: BTreeSet::new(),
            secret_rejected_codes: BTreeSet::new(),
            refresh_margin: Duration::from_secs(60),
            clock: Arc::new(SystemClock),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            access_token_expires_at: None,
            token_store: None,
            limit_store: None,
            renewal_lease: None,
            on_tokens_issued: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |secret: &Option<SecretString>| secret.as_ref().map(|_| "[redacted]");
        f.debug_struct("ClientBuilder")
            .field("spec", &self.spec.default_base_url)
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .field("app_secret", &redacted(&self.app_secret))
            .field("access_token", &redacted(&self.access_token))
            .field("refresh_token", &redacted(&self.refresh_token))
            .field("provider", &self.provider)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("retry_writes", &self.retry_writes)
            .field("rate_limits", &self.rate_limits)
            .field("max_limit_wait", &self.max_limit_wait)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("token_store", &self.token_store)
            .field("limit_store", &self.limit_store)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The base URL; defaults to the spec's ([`ApiSpec::default_base_url`]). Only https is accepted,
    /// except on loopback addresses (local test servers).
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The app id, sent in the `app_id` header and in token calls. Required.
    #[must_use]
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// The app secret, which lets the client renew tokens itself.
    #[must_use]
    pub fn app_secret(mut self, app_secret: impl Into<String>) -> Self {
        self.app_secret = Some(SecretString::from(app_secret.into()));
        self
    }

    /// An access token to start with.
    #[must_use]
    pub fn access_token(mut self, access_token: impl Into<String>) -> Self {
        self.access_token = Some(SecretString::from(access_token.into()));
        self
    }

    /// When the access token given to [`access_token`](Self::access_token) expires, so the
    /// client renews it early (with an app secret) instead of waiting for a rejection.
    #[must_use]
    pub fn access_token_expires_at(mut self, expires_at: SystemTime) -> Self {
        self.access_token_expires_at = Some(expires_at);
        self
    }

    /// The refresh token (valid 30 days) the client renews access tokens with.
    #[must_use]
    pub fn refresh_token(mut self, refresh_token: impl Into<String>) -> Self {
        self.refresh_token = Some(SecretString::from(refresh_token.into()));
        self
    }

    /// Tokens come from `provider` instead of the client's own refresh cycle.
    #[must_use]
    pub fn token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.provider = Some(provider);
        self
    }

    /// The time limit of one attempt, connection included (30 s by default).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The time limit for connecting (10 s by default).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How failed attempts are retried.
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Retry creates and updates too after transport errors and 5xx answers (off by
    /// default: such a call may have been carried out). See also [`Client::retrying_writes`].
    #[must_use]
    pub fn retry_writes(mut self, retry: bool) -> Self {
        self.retry_writes = retry;
        self
    }

    /// Enforce the documented limits on this side (on by default).
    #[must_use]
    pub fn rate_limits(mut self, enforce: bool) -> Self {
        self.rate_limits = enforce;
        self
    }

    /// The longest one call waits for a per-second limit, this client's own or the one
    /// shared through a [`limit_store`](Self::limit_store) ([`DEFAULT_MAX_LIMIT_WAIT`], 10 s,
    /// by default). Past it, or when the limiter announces a longer wait, the call fails
    /// with [`Error::LimitWaitTooLong`] and is not sent. `Duration::MAX` waits without bound.
    #[must_use]
    pub fn max_limit_wait(mut self, max_wait: Duration) -> Self {
        self.max_limit_wait = max_wait;
        self
    }

    /// Where the per-day budget's day starts, in seconds east of UTC (China Standard
    /// Time, UTC+8, by default).
    #[must_use]
    pub fn day_reset_utc_offset(mut self, seconds: i32) -> Self {
        self.day_offset_seconds = seconds;
        self
    }

    /// Envelope codes that mean "the access token is invalid or expired": such an answer
    /// makes the client renew its token once and send the call again. The vendor's codes
    /// are not documented, so none is set by default; HTTP 401 always counts. Without the
    /// right code a rejected token is only renewed when it expires (see the README's
    /// "Token renewal" section). The mock's code is `jing_mock::codes::TOKEN_INVALID`.
    #[must_use]
    pub fn token_rejected_codes(mut self, codes: impl IntoIterator<Item = i64>) -> Self {
        self.token_rejected_codes = codes.into_iter().collect();
        self
    }

    /// Answer codes of a token call that mean "the app id or app secret is wrong" (the
    /// vendor documents none, so none is set by default; the mock's is
    /// `jing_mock::codes::APP_SECRET_REFUSED`). Such a refusal fails the call with
    /// [`Error::Auth`] naming the app secret, and the refresh token sent is not remembered
    /// as refused; without the code, a wrong secret cannot be told from a refused refresh
    /// token (the refusal is remembered by a fingerprint of the secret and the token, so
    /// fixing the secret lifts it).
    #[must_use]
    pub fn secret_rejected_codes(mut self, codes: impl IntoIterator<Item = i64>) -> Self {
        self.secret_rejected_codes = codes.into_iter().collect();
        self
    }

    /// Renew the access token at most this long before it expires (60 s by default). Each
    /// client renews at a point of its own between half and all of the margin (so a fleet
    /// does not renew at one instant), and the margin is never more than a twentieth of
    /// the lifetime the token came with (`expires_in`): 2 s tokens are renewed 50 to
    /// 100 ms early, not on every call. `jing` takes it as `--refresh-margin`.
    #[must_use]
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Where the tokens live: by default a [`MemoryTokenStore`](crate::store::MemoryTokenStore) of this client's own. Give
    /// clients the same store (a [`FileTokenStore`](crate::store::FileTokenStore) for the
    /// processes of one machine, a `RedisStore` for a fleet) and they renew once between
    /// them; a pair the store holds wins over the configured refresh token.
    #[must_use]
    pub fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.token_store = Some(store);
        self
    }

    /// Count calls against budgets shared with other clients (a `RedisStore`) instead of
    /// this client's own limiters. If the store cannot be reached, calls fail with
    /// [`Error::Store`]; they are never sent unlimited.
    #[must_use]
    pub fn limit_store(mut self, store: Arc<dyn LimitStore>) -> Self {
        self.limit_store = Some(store);
        self
    }

    /// Tokens and rate budgets on Redis, shared by every client of this app id that uses
    /// the same server: [`token_store`](Self::token_store) and
    /// [`limit_store`](Self::limit_store) at once.
    #[cfg(feature = "redis")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
    #[must_use]
    pub fn redis(self, store: crate::store::RedisStore) -> Self {
        let shared = Arc::new(store);
        self.token_store(Arc::clone(&shared) as Arc<dyn TokenStore>)
            .limit_store(shared)
    }

    /// The renewal lock's lease (6 s by default). The holder keeps it alive every third of
    /// it while its token call is in flight (retries included), so a slow call keeps the
    /// lock; if the holder dies or stalls, the others take over after this long. Others
    /// wait for a holder at most the call [`timeout`](Self::timeout) plus two leases.
    #[must_use]
    pub fn renewal_lease(mut self, lease: Duration) -> Self {
        self.renewal_lease = Some(lease);
        self
    }

    /// Called with the app id and each pair of tokens this client obtains, once stored
    /// (to keep them in a vault of your own, say). It runs inside the call: keep it short.
    #[must_use]
    pub fn on_tokens_issued(
        mut self,
        hook: impl Fn(&str, &TokenRecord) + Send + Sync + 'static,
    ) -> Self {
        self.on_tokens_issued = Some(Arc::new(hook));
        self
    }

    /// The clock token expiry and the day budget read; for tests (feature `test-util`, not
    /// covered by semver).
    #[cfg(feature = "test-util")]
    #[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The largest response body read (16 MiB by default, [`DEFAULT_MAX_RESPONSE_BYTES`]).
    /// A larger one is refused with [`Error::ResponseTooLarge`] before it is buffered whole:
    /// at once when its `Content-Length` says so, else as soon as the bytes read pass it.
    #[must_use]
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_checked_and_never_shown() {
        let missing = Client::builder()
            .app_id("a")
            .build()
            .err()
            .map(|error| error.to_string());
        assert!(missing.is_some_and(|message| message.contains("no credentials")));
        let orphan_refresh = Client::builder().app_id("a").refresh_token("r").build();
        assert!(matches!(orphan_refresh, Err(Error::Config { .. })));

        let builder = Client::builder()
            .app_id("app")
            .app_secret("secret-app-secret")
            .access_token("secret-access")
            .refresh_token("secret-refresh");
        assert!(!format!("{builder:?}").contains("secret-"), "{builder:?}");
        let client = builder.build().unwrap_or_else(|error| panic!("{error}"));
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("secret-") && shown.contains("app"),
            "{shown}"
        );
    }
}
