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
//!
//! What a token store keeps and promises (the record, the lease, [`TokenStore`]) is
//! `store/tokens.rs`, the shared budgets ([`LimitStore`]) `store/limits.rs`; the stores
//! themselves and the Redis plumbing are the other files of `store/`, and this module only
//! shows them.

mod address;
#[cfg(feature = "redis")]
mod connection;
#[cfg(feature = "redis")]
mod events;
mod file;
pub(crate) mod limits;
mod memory;
#[cfg(feature = "redis")]
mod options;
#[cfg(feature = "redis")]
mod redis;
mod seed;
#[cfg(feature = "redis")]
mod sentinel;
#[cfg(feature = "redis")]
mod shown;
pub(crate) mod tokens;
#[cfg(feature = "redis")]
mod upkeep;

pub use address::{check_redis_address, shown_redis_address};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use connection::RedisConnection;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use events::{Appended, Delivery, EventConsumer, EventStream};
pub use file::FileTokenStore;
pub use limits::{Admission, DayWindow, LimitStore};
pub use memory::MemoryTokenStore;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use options::{ConsumerOptions, ConsumerOptionsBuilder, RedisOptions, RedisOptionsBuilder};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use redis::RedisStore;
pub(crate) use seed::scope_of;
pub use seed::{copy_tokens, scope, seed};
pub use tokens::{Lease, REJECTED_KEPT, TokenRecord, TokenStore, TokensIssuedHook, fingerprint};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use upkeep::{ConsumerNote, DEFAULT_STREAM_MAX_LEN};
