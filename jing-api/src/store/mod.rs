//! Shared state: where the access token, the refresh token and (with Redis) the rate
//! budgets live, so that every process of one app id on one server sees the same ones.
//!
//! 共享状态：令牌与限流额度可存放在内存、文件或 Redis 中，供同一服务器上同一 app id 的所有进程共用。
//!
//! # Which store
//!
//! | store | shared by | renewal lock | use it for |
//! |---|---|---|---|
//! | [`MemoryTokenStore`] (the default) | the clients given the same store, in one process | in-process, with a lease | one long-running process |
//! | [`FileTokenStore`] | every process on one machine that names the same folder | an OS file lock (released when its holder dies) | cron jobs, command-line runs, several workers on one host |
//! | `RedisStore` (feature `redis`) | every process on every machine that reaches the Redis (one server, a cluster, a Sentinel's master) | a key with a time to live (the lease), taken only when free, kept alive while its holder's token call runs | a fleet behind a load balancer; it also shares the rate limits |
//!
//! Every store keeps, per [`scope`] (one app id on one server, written
//! `<app_id>@<server>`: staging and production never share a record or a budget, even in one
//! store), one [`TokenRecord`]: the access token, the refresh token issued with it, the
//! access token's expiry and lifetime, and a generation number that grows by one with each
//! renewal. Both tokens are written together in one atomic step (a rename, a Lua script, a
//! mutex), so no reader ever sees a new access token beside a refresh token that the server
//! has already retired, nor the reverse. Beside the record, a store remembers the refresh
//! tokens the server refused (by a fingerprint, never the token), so that no process sends
//! one again. The tokens are stored as they are: protect the folder or the Redis server as
//! you would the app secret.
//!
//! # Persistence
//!
//! The stored refresh token is the only one the server still accepts once it rotates them:
//! a store that forgets it (a Redis server restarted without persistence, flushed, or failed
//! over to a replica that had not received the last write; a token folder deleted) leaves
//! the fleet with the refresh token it was configured with, which the server refused long
//! ago. Run Redis with `appendonly yes` (and `appendfsync always` where losing the last second
//! of writes matters); without it, a restart loses the record. A running client then renews
//! with the pair it remembers and writes it back (window 4 below); where no client is left
//! running, the next one tries the configured refresh token once, remembers the refusal,
//! sends it no more, and every call fails with [`Error::RefreshTokenRejected`](crate::Error),
//! which says how to write a new refresh token into the store ([`seed`], or `jing auth
//! seed`).
//!
//! # Where a refresh token can be lost, and what closes each window
//!
//! A renewal sends the refresh token R to the server, which (under the strictest reading of
//! the vendor's docs) answers a new pair and retires R at once; the new refresh token then
//! exists only in the renewing process until it is stored. Each window:
//!
//! 1. **Two processes renew at once** with the same R: one is refused, and if the refused
//!    one had stored nothing yet the fleet keeps going, but one pair is wasted and, where a
//!    new access token retires the earlier ones, calls fail. Closed by the store's renewal
//!    lock and a second read under it: one process renews, the others wait and use its pair.
//! 2. **A renewal outlives its lock** (a slow token call, retries, a paused process): another
//!    process takes the lock and renews with R too. Narrowed by keeping the lease alive
//!    ([`TokenStore::extend`]) while the token call is in flight, so only a holder that
//!    stalls (a paused or killed process) loses it. If it happens anyway, the save is
//!    fenced by generation, not by lease: whichever renewal the server accepted is saved
//!    once and the other, refused, finds it in the store. A pair the server issued is
//!    never refused for a lapsed lease: it may be the only live one.
//! 3. **The save fails after the server answered** (Redis down or restarting, a broken
//!    connection, a full disk). The pair is kept in the process (served to its calls) and
//!    stored at the first chance: each later call tries again, as does
//!    [`Client::flush_tokens`](crate::Client::flush_tokens) before a process ends; it is
//!    never dropped, and [`on_tokens_issued`](crate::ClientBuilder::on_tokens_issued) sees
//!    it at once. Each Redis step is also tried once more on a broken connection.
//! 4. **The store loses its state** (a restart without persistence, a flush, a failover,
//!    a deleted folder), during a renewal or between two. A save that finds no record
//!    where it expected one writes its pair anyway (a store that holds nothing is not
//!    newer than anything). And each running client remembers the pair it used last: the
//!    first renewal after the loss sends that refresh token (before the configured one,
//!    which rotation retired long ago) and writes the new pair back, so a fleet of running
//!    processes does not notice. Only a fleet with no process left running (command-line
//!    runs) falls back to the configured refresh token, as in window 6.
//! 5. **Another process renews with R between the server's answer and the save**: only
//!    possible through windows 2 and 4; the other is refused, remembers R as refused, reads
//!    the store again and takes the stored pair once it is there.
//! 6. **The process dies between the server's answer and the save**, or the answer is lost
//!    on the way (a timeout, a dropped connection after the server processed the call). No
//!    one can recover that pair: the server retired R and nobody holds its successor. The
//!    fleet notices once: the first renewal with R is refused, R (and the configured refresh
//!    token, tried once after it) is remembered as refused, in the store and in each
//!    process, and is not sent again until a new refresh token comes (a [`seed`], a new
//!    configured one, or a new app secret); each call fails with
//!    [`Error::RefreshTokenRejected`](crate::Error) saying how to seed. Token calls stay
//!    bounded: two for the whole fleet, not one per call.
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
//! - **Everyone renewing at the same instant, or all the time.** Each client renews a little
//!   early, at a point of its own between half and all of the refresh margin, so the fleet
//!   does not meet at the deadline; the margin is never more than a twentieth of the
//!   lifetime the token came with, so short-lived tokens (a server answering the time
//!   *remaining* as `expires_in`, say) are not renewed on every call.
//! - **The configured refresh token ages.** Once a store holds a pair, it wins over the
//!   refresh token a process was configured with, which may have been rotated away since;
//!   the configured one is tried only if the stored one is refused, and only once.
//!
//! One of them also deduplicates webhook callbacks across instances by the message id; the
//! vendor's events carry none, so [`EventStream`](crate::store) deduplicates by a digest of
//! the body, and keeps events durable in a Redis stream with consumer groups.
//!
//! None of those SDKs shares rate limits; with [`RedisStore`](crate::store) the documented
//! per-second and per-day budgets of each endpoint are shared by every instance of an app
//! id on a server (see [`LimitStore`]).
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
//! - **Hash slots.** Every key of one scope carries the hash tag `{<app_id>@<server>}`
//!   (`jing:{APP@SERVER}:token`, `…:token:lock`, `…:limit:<endpoint>:second`, `…:day:<n>`;
//!   `RedisStore` lists them all with their time to live), and
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
mod seed;
#[cfg(feature = "redis")]
mod sentinel;
#[cfg(feature = "redis")]
mod upkeep;

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
pub(crate) use seed::scope_of;
pub use seed::{copy_tokens, scope, seed};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use upkeep::{ConsumerNote, DEFAULT_STREAM_MAX_LEN};

/// The tokens of one scope (an app id on a server) as a store holds them.
#[derive(Clone)]
#[non_exhaustive]
pub struct TokenRecord {
    /// The access token; empty in a record written by [`seed`], which holds only a refresh
    /// token to renew with.
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
/// Every step names a `scope`, one app id on one server as [`scope`] writes it
/// (`<app_id>@<server>`): a store keys everything by it, so clients of two servers (staging
/// and production) with one app id never share a record, a lock or a budget.
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

/// Budgets shared by every client of an app id on a server (see `RedisStore`).
pub trait LimitStore: Send + Sync + fmt::Debug {
    /// Counts one call of `endpoint` against its documented `limit` on `day` for `scope`
    /// (as [`TokenStore`] names it), in one atomic step, or says how long to wait.
    fn admit<'a>(
        &'a self,
        scope: &'a str,
        endpoint: &'a str,
        limit: RateLimit,
        day: DayWindow,
    ) -> BoxFuture<'a, Result<Admission, Error>>;
}
