//! What a token store keeps and promises: the [`TokenRecord`] of a scope, the renewal
//! [`Lease`], the fingerprint of a refused refresh token, and the [`TokenStore`] trait the
//! memory, file and Redis stores implement. The stores (`store/*.rs`), the refresh cycle
//! (`auth/`) and the telemetry wrappers name them from here; `store` shows them to users.

use std::any::Any;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;
use crate::future::BoxFuture;

/// The tokens of one scope (an app id on a server) as a store holds them.
#[derive(Clone)]
#[non_exhaustive]
pub struct TokenRecord {
    /// The access token; empty in a record written by [`seed`](super::seed()), which holds
    /// only a refresh token to renew with.
    pub access_token: SecretString,
    /// The refresh token issued with it (or the one it was renewed with, when the token
    /// call did not return a new one).
    pub refresh_token: Option<SecretString>,
    /// When the access token expires; `None` when unknown (it is then renewed only when
    /// the API rejects it).
    pub expires_at: Option<SystemTime>,
    /// The lifetime the access token was issued with (the token call's `expires_in`), of
    /// which the refresh margin is at most a twentieth; `None` when unknown.
    pub lifetime: Option<Duration>,
    /// Grows by one with each renewal; `0` for tokens that were configured, never stored.
    pub generation: u64,
}

impl TokenRecord {
    /// A record of these tokens (lifetime unknown: see [`TokenRecord::with_lifetime`]).
    pub fn new(
        access_token: SecretString,
        refresh_token: Option<SecretString>,
        expires_at: Option<SystemTime>,
        generation: u64,
    ) -> Self {
        TokenRecord {
            access_token,
            refresh_token,
            expires_at,
            lifetime: None,
            generation,
        }
    }

    /// The same record with the lifetime the access token was issued with.
    #[must_use]
    pub fn with_lifetime(mut self, lifetime: Option<Duration>) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// Whether the access token is `token`.
    pub fn holds(&self, token: &SecretString) -> bool {
        self.access_token.expose_secret() == token.expose_secret()
    }

    /// The expiry in milliseconds since the Unix epoch (how the file and Redis stores keep
    /// it); `None` when unknown.
    pub fn expires_at_millis(&self) -> Option<i64> {
        self.expires_at.map(millis_since_epoch)
    }

    /// The lifetime in milliseconds (how the file and Redis stores keep it).
    pub fn lifetime_millis(&self) -> Option<u64> {
        self.lifetime
            .map(|lifetime| u64::try_from(lifetime.as_millis()).unwrap_or(u64::MAX))
    }
}

impl fmt::Debug for TokenRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRecord")
            .field("access_token", &"[redacted]")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("expires_at", &self.expires_at)
            .field("lifetime", &self.lifetime)
            .field("generation", &self.generation)
            .finish()
    }
}

/// The expired mark compare-and-expire leaves: an expiry in the past.
pub(crate) const EXPIRED: SystemTime = UNIX_EPOCH;

/// How long a store remembers a refused refresh token: a little longer than the 30 days a
/// refresh token lasts, after which it would be refused anyway.
pub const REJECTED_KEPT: Duration = Duration::from_secs(31 * 24 * 3600);

/// Milliseconds since the Unix epoch (0 before it).
pub(crate) fn millis_since_epoch(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map(|since| i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The instant `millis` after the Unix epoch.
pub(crate) fn from_millis(millis: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(u64::try_from(millis).unwrap_or(0))
}

/// What a store keeps of a refresh token the server refused: a digest of it together with
/// the app secret it was sent with (a new app secret is new credentials too), 128 bits in
/// hex. The token cannot be read back from it.
pub fn fingerprint(app_secret: &SecretString, refresh_token: &SecretString) -> String {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    context.update(app_secret.expose_secret().as_bytes());
    context.update(&[0]);
    context.update(refresh_token.expose_secret().as_bytes());
    context
        .finish()
        .as_ref()
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The right to renew one scope's tokens, held until [`TokenStore::unlock`] or until the
/// lease runs out (a holder that dies does not block the others for longer).
pub struct Lease {
    id: String,
    _guard: Option<Box<dyn Any + Send + Sync>>,
}

impl Lease {
    /// A lease known by `id` (what the store checks before releasing it).
    pub fn new(id: impl Into<String>) -> Self {
        Lease {
            id: id.into(),
            _guard: None,
        }
    }

    /// A lease that also keeps `guard` alive until it is released (a file lock, …).
    pub fn with_guard(id: impl Into<String>, guard: Box<dyn Any + Send + Sync>) -> Self {
        Lease {
            id: id.into(),
            _guard: Some(guard),
        }
    }

    /// The lease's id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl fmt::Debug for Lease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lease").field("id", &self.id).finish()
    }
}

/// Where a client keeps its tokens so other clients (other processes, other machines) see
/// them. The renewal protocol is the client's; a store only offers these atomic steps.
///
/// Every step names a `scope`, one app id on one server as [`scope`](super::scope())
/// writes it (`<app_id>@<server>`): a store keys everything by it, so clients of two
/// servers (staging and production) with one app id never share a record, a lock or a
/// budget.
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The record of `scope`, if the store holds one.
    fn load<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>>;

    /// Writes `record` (both tokens, the expiry and the lifetime, at once) if the store's
    /// generation is still `expected`, or if it holds no record of `scope` at all (it lost
    /// its state: a pair the server issued is newer than nothing). Returns whether it was
    /// written.
    fn save<'a>(
        &'a self,
        scope: &'a str,
        expected: u64,
        record: &'a TokenRecord,
    ) -> BoxFuture<'a, Result<bool, Error>>;

    /// Compare-and-expire: marks the stored access token expired if it is still `rejected`,
    /// keeping the refresh token. Returns whether it was.
    fn expire<'a>(
        &'a self,
        scope: &'a str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<bool, Error>>;

    /// Takes the renewal lock of `scope` for at most `lease`, without waiting: `None` when
    /// another holds it.
    fn try_lock<'a>(
        &'a self,
        scope: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Option<Lease>, Error>>;

    /// Keeps the lock `held` for `lease` from now, if it still holds it; whether it does.
    /// The client calls it while its token call is in flight, so that only a holder that
    /// stalls loses the lock. A lock that lasts as long as its holder (an OS file lock)
    /// answers `true`.
    fn extend<'a>(
        &'a self,
        scope: &'a str,
        held: &'a Lease,
        lease: Duration,
    ) -> BoxFuture<'a, Result<bool, Error>>;

    /// Releases the lock, if `lease` still holds it.
    fn unlock<'a>(&'a self, scope: &'a str, lease: Lease) -> BoxFuture<'a, Result<(), Error>>;

    /// Remembers that the server refused a refresh token of `scope`, by its `fingerprint`
    /// (a digest; never the token), for [`REJECTED_KEPT`], so no client sends it again.
    fn reject<'a>(
        &'a self,
        scope: &'a str,
        fingerprint: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>>;

    /// The fingerprints of the refresh tokens of `scope` the server refused.
    fn rejected<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Vec<String>, Error>>;
}

/// A hook called with every pair of tokens this client obtained, after it is stored (users
/// with a vault of their own save it there). It must not block.
pub type TokensIssuedHook = std::sync::Arc<dyn Fn(&str, &TokenRecord) + Send + Sync>;
