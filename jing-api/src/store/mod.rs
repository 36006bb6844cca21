//! Shared state: where the access token, the refresh token and (with Redis) the rate
//! budgets live, so that every process of one app id sees the same ones.
//!
//! 共享状态：令牌与限流额度可存放在内存、文件或 Redis 中，供同一 app id 的所有进程共用。
//!
//! # Which store
//!
//! | store | shared by | renewal lock | use it for |
//! |---|---|---|---|
//! | [`MemoryTokenStore`] (the default) | the clients given the same store, in one process | in-process, with a lease | one long-running process |
//! | [`FileTokenStore`] | every process on one machine that names the same folder | an OS file lock (released when its holder dies) | cron jobs, command-line runs, several workers on one host |
//! | `RedisStore` (feature `redis`) | every process on every machine that reaches the Redis (one server, a cluster, a Sentinel's master) | `SET NX PX` with a lease | a fleet behind a load balancer; it also shares the rate limits |
//!
//! Every store keeps, per app id, one [`TokenRecord`]: the access token, the refresh token
//! issued with it, the access token's expiry and a generation number that grows by one with
//! each renewal. Both tokens are written together in one atomic step (a rename, a Lua
//! script, a mutex), so no reader ever sees a new access token beside a refresh token that
//! the server has already retired, nor the reverse. The tokens are stored as they are:
//! protect the folder or the Redis server as you would the app secret.
//!
//! # What the field taught, and what the client does about it
//!
//! Other SDKs for token-based Chinese platform APIs share the access token through a cache,
//! and their users found out what goes wrong when the cache is all there is:
//!
//! - **No lock, so everyone renews.** When a cached token expires, every instance sees it
//!   at once and each asks for a new one; on platforms where a new token (or a new refresh
//!   token) retires the previous one, the instances then invalidate each other in turn.
//!   Here renewal takes a lock in the store first, so across all the processes that share a
//!   store one token call is sent per expiry; within a process, one task asks and the others
//!   wait for it.
//! - **A lock without a second look renews twice.** Whoever waited for the lock may find the
//!   work already done. After taking the lock the client reads the store again and renews
//!   only if the token there is still expiring or is the one that was rejected.
//! - **An old token can overwrite a new one.** A slow instance that read the old token and
//!   then "expires" it, or writes its own result late, undoes a newer renewal. Here a
//!   rejection expires the stored token only if the store still holds that very token
//!   (compare-and-expire), and a renewal is saved only if the generation it started from is
//!   still the current one (compare-and-set), so an older pair never replaces a newer one.
//! - **A burst of rejections becomes a burst of renewals.** Rejections of one token collapse
//!   into one renewal: the first expires the stored token and renews; the others find a
//!   token different from the one rejected and use it.
//! - **Waiting must not become a polling storm.** Those that did not get the lock wait with
//!   exponential backoff and jitter, for a bounded time (three leases), then fail with
//!   [`Error::Auth`](crate::Error) rather than hang.
//! - **Everyone renewing at the same instant.** Each client renews a little early, by the
//!   refresh margin plus a random share of it, so the fleet does not meet at the deadline.
//! - **The configured refresh token ages.** Once a store holds a pair, it wins over the
//!   refresh token a process was configured with, which may have been rotated away since;
//!   the configured one is tried only if the stored one is refused.
//!
//! One of them also deduplicates webhook callbacks across instances by the message id; the
//! vendor's events carry none, so [`EventStream`](crate::store) deduplicates by a digest of
//! the body, and keeps events durable in a Redis stream with consumer groups.
//!
//! None of those SDKs shares rate limits; with [`RedisStore`](crate::store) the documented
//! per-second and per-day budgets of each endpoint are shared by every instance of an app
//! id (see [`LimitStore`]).
//!
//! # Redis deployments
//!
//! The Redis store, the limits and the event stream (feature `redis`) run on the Redis you
//! already have, through the redis crate's own support for each (re-exported as
//! `jing_api::redis`); one address string picks it:
//!
//! | address | deployment |
//! |---|---|
//! | `redis://[user:password@]host[:port][/db]`, `redis+unix:///path` | one server (a `ConnectionManager`: reconnects by itself) |
//! | `rediss://…` (feature `redis-tls`) | one server over TLS (rustls), its certificate checked against the system's roots, or `SSL_CERT_FILE` / `SSL_CERT_DIR` when set |
//! | `redis+cluster://[user:password@]host:port,host:port/` | a Redis Cluster, from these seed nodes (the async cluster connection: slots, `MOVED`, `ASK`) |
//! | `redis+sentinel://[user:password@]host:port,host:port/MASTER[/db]` | the master the Sentinels call `MASTER`; the credentials are the master's |
//!
//! `rediss+cluster://` and `rediss+sentinel://` use TLS for every node. What an address
//! cannot say is handed in as the redis crate's own type:
//! `RedisConnection::from_client` (a `redis::Client`: `Client::build_with_tls` with a
//! private CA or a client certificate, ACL user names, RESP3),
//! `RedisConnection::from_connection_manager` (your pool's connection; event consumers
//! need a client, as they read on a connection of their own),
//! `RedisConnection::from_cluster_client` and `RedisConnection::from_sentinel_client`
//! (built with their builders, for retries, replicas or Sentinels with a password). One
//! `RedisConnection` serves `RedisStore::new` and `EventStream::new` alike.
//!
//! - **Hash slots.** Every key of one app id carries the hash tag `{<app_id>}`
//!   (`jing:{APP}:token`, `…:token:lock`, `…:limit:<endpoint>:second`, `…:day:<n>`), and
//!   every key of a stream the tag of its name (`{jing:events}`, `{jing:events}:dead`, the
//!   dedupe keys), so on a cluster each script's keys are in one slot and one node runs it.
//!   The same names are used on a single server, so moving to a cluster moves nothing.
//! - **Failover.** A cluster's connection follows its slots itself (a few quick retries,
//!   then [`Error::Store`](crate::Error)). Through Sentinel, when the connection to the
//!   master breaks, times out or a write is refused as `READONLY`, the Sentinels are asked
//!   again and the step is sent once more to the master they name now; every step of the
//!   store tolerates being sent twice (loads and compare-and-set steps are idempotent, a
//!   budget counted twice only slows calls down).
//! - **TLS.** rustls picks its crypto provider from the crate features in the build (ring,
//!   through reqwest); an application that also enables aws-lc-rs installs one
//!   (`CryptoProvider::install_default`) before connecting.
//! - **Errors.** A server that cannot be reached is an [`Error::Store`](crate::Error) that
//!   names the deployment without user name, password or query; an address or a setting
//!   that cannot work (a prefix with braces, a zero block time) is an
//!   [`Error::Config`](crate::Error).

mod address;
#[cfg(feature = "redis")]
mod connection;
#[cfg(feature = "redis")]
mod events;
mod file;
mod memory;
#[cfg(feature = "redis")]
mod options;
#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "redis")]
mod sentinel;

use std::any::Any;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};

use crate::auth::BoxFuture;
use crate::{Error, RateLimit};

pub use address::{check_redis_address, shown_redis_address};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use connection::RedisConnection;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use events::{Appended, Delivery, EventConsumer, EventStream};
pub use file::FileTokenStore;
pub use memory::MemoryTokenStore;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use options::{ConsumerOptions, ConsumerOptionsBuilder, RedisOptions, RedisOptionsBuilder};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use redis::RedisStore;

/// The tokens of one app id as a store holds them.
#[derive(Clone)]
#[non_exhaustive]
pub struct TokenRecord {
    /// The access token.
    pub access_token: SecretString,
    /// The refresh token issued with it (or the one it was renewed with, when the token
    /// call did not return a new one).
    pub refresh_token: Option<SecretString>,
    /// When the access token expires; `None` when unknown (it is then renewed only when
    /// the API rejects it).
    pub expires_at: Option<SystemTime>,
    /// Grows by one with each renewal; `0` for tokens that were configured, never stored.
    pub generation: u64,
}

impl TokenRecord {
    /// A record of these tokens.
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
            generation,
        }
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
            .field("generation", &self.generation)
            .finish()
    }
}

/// The expired mark compare-and-expire leaves: an expiry in the past.
pub(crate) const EXPIRED: SystemTime = UNIX_EPOCH;

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

/// The right to renew one app id's tokens, held until [`TokenStore::unlock`] or until the
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
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The record of `app_id`, if the store holds one.
    fn load<'a>(&'a self, app_id: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>>;

    /// Writes `record` (both tokens and the expiry, at once) if the store's generation is
    /// still `expected` (`0`: the store holds nothing). Returns whether it was written.
    fn save<'a>(
        &'a self,
        app_id: &'a str,
        expected: u64,
        record: &'a TokenRecord,
    ) -> BoxFuture<'a, Result<bool, Error>>;

    /// Compare-and-expire: marks the stored access token expired if it is still `rejected`,
    /// keeping the refresh token. Returns whether it was.
    fn expire<'a>(
        &'a self,
        app_id: &'a str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<bool, Error>>;

    /// Takes the renewal lock of `app_id` for at most `lease`, without waiting: `None`
    /// when another holds it.
    fn try_lock<'a>(
        &'a self,
        app_id: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Option<Lease>, Error>>;

    /// Releases the lock, if `lease` still holds it.
    fn unlock<'a>(&'a self, app_id: &'a str, lease: Lease) -> BoxFuture<'a, Result<(), Error>>;
}

/// A hook called with every pair of tokens this client obtained, after it is stored (users
/// with a vault of their own save it there). It must not block.
pub type TokensIssuedHook = std::sync::Arc<dyn Fn(&str, &TokenRecord) + Send + Sync>;

/// The calendar day a call counts against: its number and how long it has left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DayWindow {
    /// Days since the epoch, counted at the configured UTC offset.
    pub day: i64,
    /// Time until the day ends.
    pub remaining: Duration,
}

impl DayWindow {
    /// Day number `day` with `remaining` left in it.
    pub fn new(day: i64, remaining: Duration) -> Self {
        DayWindow { day, remaining }
    }
}

/// What a [`LimitStore`] answers for one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Admission {
    /// Go: the call was counted against both budgets.
    Granted,
    /// The per-second budget is spent: ask again after this long.
    Wait(Duration),
    /// The day's budget is spent; it renews after this long.
    DaySpent(Duration),
}

/// Budgets shared by every client of an app id (see `RedisStore`).
pub trait LimitStore: Send + Sync + fmt::Debug {
    /// Counts one call of `endpoint` against its documented `limit` on `day`, in one atomic
    /// step, or says how long to wait.
    fn admit<'a>(
        &'a self,
        app_id: &'a str,
        endpoint: &'a str,
        limit: RateLimit,
        day: DayWindow,
    ) -> BoxFuture<'a, Result<Admission, Error>>;
}

/// A store failure, named.
pub(crate) fn store_error(store: &str, message: impl fmt::Display) -> Error {
    Error::Store {
        store: store.to_owned(),
        message: message.to_string(),
    }
}
