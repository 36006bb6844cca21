//! Tokens and rate budgets on a Redis server, shared by every process that reaches it
//! (feature `redis`). The key layout, with each key's time to live, is in [`RedisStore`]'s
//! docs; every key is named by [`RedisStore::key`] alone.
//!
//! Each step is one command or one script on the shared [`RedisConnection`] (one server, a
//! cluster, a Sentinel's master). A step that meets a broken connection (a Redis restarted,
//! a connection reset) is sent once more, which every step allows: the scripts are
//! compare-and-set, idempotent, or (the budgets) count a call twice at worst, which only
//! slows. When the server still cannot be reached, the step fails with [`Error::Store`]: a
//! call is never sent unlimited nor with a token the other processes cannot see.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;
use std::time::Duration;

use redis::{AsyncCommands, Script};
use secrecy::{ExposeSecret, SecretString};

use super::connection::{Link, RedisConnection};
use super::limits::{Admission, DayWindow, LimitStore};
use super::options::RedisOptions;
use super::tokens::{Lease, REJECTED_KEPT, TokenRecord, TokenStore, from_millis};
use crate::Error;
use crate::future::BoxFuture;
use crate::schema::RateLimit;

/// Writes a record if the stored generation is still the expected one, or if there is no
/// record (the server lost it: a pair the vendor issued is newer than nothing). The hash is
/// replaced whole, so no field of an older record lingers.
static SAVE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local current = redis.call('HGET', KEYS[1], 'generation')
if current and tonumber(current) ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'access_token', ARGV[2], 'generation', ARGV[3],
  'expires_at_ms', ARGV[4], 'refresh_token', ARGV[5], 'lifetime_ms', ARGV[6])
return 1",
    )
});

/// Compare-and-expire: only the very token that was rejected.
static EXPIRE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('HGET', KEYS[1], 'access_token') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'expires_at_ms', '0')
  return 1
end
return 0",
    )
});

/// Takes the lock for a lease id, or finds it already taken by that very id (the first
/// attempt went through and its answer was lost), which a retry must not mistake for
/// another holder.
static LOCK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1",
    )
});

/// Keeps the lock for the lease that holds it.
static EXTEND: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0",
    )
});

/// Remembers a refused refresh token's fingerprint; the set lives as long as its newest.
static REJECT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1",
    )
});

/// Releases the lock only for the lease that holds it.
static UNLOCK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0",
    )
});

/// Both budgets of one call in one step, on the server's clock. The second is a sliding
/// log: at most `per_second` calls in any window (a second and a margin), bursts allowed.
/// (GCRA with a burst of `n` lets up to `2n - 1` calls into one of the server's calendar
/// seconds; a log never does.) The day is a counter under the day's number that expires an
/// hour after the day ends.
/// Answers `{0, 0}` granted, `{1, ms}` wait, `{2, ms}` day spent.
static ADMIT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local per_second = tonumber(ARGV[1])
local per_day = tonumber(ARGV[2])
local remaining = tonumber(ARGV[3])
if per_day > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= per_day then
  return {2, remaining}
end
if per_second > 0 then
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
  local window = tonumber(ARGV[5])
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  if redis.call('ZCARD', KEYS[1]) >= per_second then
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    return {1, math.floor((tonumber(oldest[2]) + window - now) / 1000) + 1}
  end
  redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.floor(window / 1000) + 1000)
end
if per_day > 0 then
  redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], remaining + 3600000)
end
return {0, 0}",
    )
});

/// Tokens and rate budgets on Redis: give it to
/// [`ClientBuilder::redis`](crate::ClientBuilder::redis). Cheap to clone; clones share
/// one connection (see [`RedisConnection`]: one server, a cluster, a Sentinel's master).
///
/// 基于 Redis 的令牌与限流存储，供整个集群共享。
///
/// # Keys
///
/// Every key starts with the prefix ([`RedisOptions::prefix`], `jing` by default) and the
/// scope in braces: the app id at the server, `{<app_id>@<server>}` (see
/// [`scope`](super::scope)), so clients of staging and production with one app id share
/// nothing on one Redis, and (the braces being a hash tag) every key of one scope is in one
/// hash slot of a cluster.
///
/// | key | type | what | time to live |
/// |---|---|---|---|
/// | `<prefix>:{<scope>}:token` | hash: `access_token`, `refresh_token`, `expires_at_ms`, `lifetime_ms`, `generation` | the record, replaced whole by one script after a generation check | none: kept until replaced (the refresh token in it is the fleet's only live one) |
/// | `<prefix>:{<scope>}:token:lock` | string: the holder's lease id | the renewal lock (taken, kept alive and released by scripts that check the id) | the renewal lease (6 s by default), renewed every third of it while the holder's token call runs |
/// | `<prefix>:{<scope>}:token:rejected` | set of fingerprints (SHA-256 of the app secret and the refresh token, 128 bits in hex; never a token) | the refresh tokens the server refused, which no client sends again | 31 days after the last one was added ([`REJECTED_KEPT`](super::REJECTED_KEPT)) |
/// | `<prefix>:{<scope>}:limit:<endpoint>:second` | sorted set of the calls of the last window | the per-second budget, checked and counted in one script | the window plus 1 s |
/// | `<prefix>:{<scope>}:limit:<endpoint>:day:<day>` | counter | the day's budget (`<day>`: days since the epoch in China Standard Time) | until an hour after that day ends |
///
/// [`EventStream`](super::EventStream) keys its streams by the names you give it, each in
/// braces (a hash tag of its own; no prefix), `jing:events` say:
///
/// | key | type | what | time to live |
/// |---|---|---|---|
/// | `{jing:events}` | stream: `body` | the events, read by consumer groups; each append trims it to `max_len` (100 000 by default), dropping only entries every group acknowledged | none |
/// | `{jing:events}:seen:<sha1>` | string | a body appended, for deduplication | the dedupe window (24 h by default) |
/// | `{jing:events}:dead` | stream: `body`, `id`, `deliveries` | events handed out more than `max_deliveries` times, or not JSON | none: never trimmed |
///
/// # Persistence
///
/// The record holds the only refresh token the vendor still accepts once it rotates them.
/// Run the server with `appendonly yes` (in `redis.conf`, or `CONFIG SET appendonly yes`
/// and `CONFIG REWRITE`), and `appendfsync always` where losing the last second of writes
/// matters; `appendfsync everysec`, the default, may lose a renewal written in the second
/// before a crash. Without persistence a restart (or a `FLUSHALL`, or a failover to a replica
/// that had not received the last write) loses the record: a running client renews with
/// the pair it remembers and writes it back; when none is running (command-line runs), the
/// next client tries the refresh token it was configured with once, remembers the refusal,
/// and fails every call with [`Error::RefreshTokenRejected`] until a new refresh token is
/// written with [`seed`](super::seed) (or `jing auth seed --redis URL`).
#[derive(Clone)]
pub struct RedisStore {
    connection: RedisConnection,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("server", &self.connection.shown())
            .field("prefix", &self.connection.options().prefix)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Connects to `url` with the default options: `redis://[user:password@]host[:port][/db]`,
    /// `rediss://` (feature `redis-tls`), `redis+cluster://…` or `redis+sentinel://…` (see
    /// [`RedisConnection::connect`]).
    pub async fn connect(url: &str) -> Result<Self, Error> {
        RedisStore::connect_with(url, RedisOptions::default()).await
    }

    /// Connects to `url` with `options`.
    pub async fn connect_with(url: &str, options: RedisOptions) -> Result<Self, Error> {
        Ok(RedisStore::new(
            RedisConnection::connect(url, options).await?,
        ))
    }

    /// The store on `connection` (with its options), e.g. one made from a client of yours.
    pub fn new(connection: RedisConnection) -> Self {
        RedisStore { connection }
    }

    /// The name of key `rest` of `scope` (see the table above); no key is named elsewhere.
    /// The scope is a hash tag, so all of a scope's keys (the record, its lock, the refused
    /// list, the budgets and their day counters) live in one hash slot of a cluster and
    /// each script's keys with them.
    fn key(&self, scope: &str, rest: &str) -> String {
        format!("{}:{{{scope}}}:{rest}", self.connection.options().prefix)
    }

    /// Runs one step, and once more on a broken connection (see the module docs).
    async fn step<T, F>(&self, attempt: impl Fn(Link) -> F) -> Result<T, Error>
    where
        F: std::future::Future<Output = redis::RedisResult<T>>,
    {
        self.connection.once_more(attempt).await
    }
}

impl TokenStore for RedisStore {
    fn load<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>> {
        Box::pin(async move {
            let key = self.key(scope, "token");
            let fields: HashMap<String, String> = self
                .step(|mut connection| {
                    let key = &key;
                    async move { connection.hgetall(key).await }
                })
                .await?;
            let Some(access_token) = fields.get("access_token") else {
                return Ok(None);
            };
            let number = |name: &str| fields.get(name).and_then(|value| value.parse().ok());
            let refresh_token = fields
                .get("refresh_token")
                .filter(|token| !token.is_empty())
                .map(|token| SecretString::from(token.clone()));
            let record = TokenRecord::new(
                SecretString::from(access_token.clone()),
                refresh_token,
                number("expires_at_ms").map(from_millis),
                number("generation")
                    .and_then(|generation: i64| u64::try_from(generation).ok())
                    .unwrap_or(0),
            );
            let lifetime = fields
                .get("lifetime_ms")
                .and_then(|value| value.parse().ok())
                .map(Duration::from_millis);
            Ok(Some(record.with_lifetime(lifetime)))
        })
    }

    fn save<'a>(
        &'a self,
        scope: &'a str,
        expected: u64,
        record: &'a TokenRecord,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            let optional = |value: Option<String>| value.unwrap_or_default();
            let mut invocation = SAVE.key(self.key(scope, "token"));
            invocation
                .arg(expected)
                .arg(record.access_token.expose_secret())
                .arg(record.generation)
                .arg(optional(
                    record.expires_at_millis().map(|millis| millis.to_string()),
                ))
                .arg(optional(
                    record
                        .refresh_token
                        .as_ref()
                        .map(|token| token.expose_secret().to_owned()),
                ))
                .arg(optional(
                    record.lifetime_millis().map(|millis| millis.to_string()),
                ));
            let written: i64 = self
                .step(|mut connection| {
                    let invocation = &invocation;
                    async move { invocation.invoke_async(&mut connection).await }
                })
                .await?;
            Ok(written == 1)
        })
    }

    fn expire<'a>(
        &'a self,
        scope: &'a str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            let mut invocation = EXPIRE.key(self.key(scope, "token"));
            invocation.arg(rejected.expose_secret());
            let expired: i64 = self
                .step(|mut connection| {
                    let invocation = &invocation;
                    async move { invocation.invoke_async(&mut connection).await }
                })
                .await?;
            Ok(expired == 1)
        })
    }

    fn try_lock<'a>(
        &'a self,
        scope: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Option<Lease>, Error>> {
        Box::pin(async move {
            let id = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
            let mut invocation = LOCK.key(self.key(scope, "token:lock"));
            invocation.arg(&id).arg(millis(lease));
            let taken: i64 = self
                .step(|mut connection| {
                    let invocation = &invocation;
                    async move { invocation.invoke_async(&mut connection).await }
                })
                .await?;
            Ok((taken == 1).then(|| Lease::new(id)))
        })
    }

    fn extend<'a>(
        &'a self,
        scope: &'a str,
        held: &'a Lease,
        lease: Duration,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            let mut invocation = EXTEND.key(self.key(scope, "token:lock"));
            invocation.arg(held.id()).arg(millis(lease));
            let kept: i64 = self
                .step(|mut connection| {
                    let invocation = &invocation;
                    async move { invocation.invoke_async(&mut connection).await }
                })
                .await?;
            Ok(kept == 1)
        })
    }

    fn unlock<'a>(&'a self, scope: &'a str, lease: Lease) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let mut invocation = UNLOCK.key(self.key(scope, "token:lock"));
            invocation.arg(lease.id());
            let _released: i64 = self
                .step(|mut connection| {
                    let invocation = &invocation;
                    async move { invocation.invoke_async(&mut connection).await }
                })
                .await?;
            Ok(())
        })
    }

    fn reject<'a>(
        &'a self,
        scope: &'a str,
        fingerprint: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let mut invocation = REJECT.key(self.key(scope, "token:rejected"));
            invocation.arg(fingerprint).arg(millis(REJECTED_KEPT));
            let _added: i64 = self
                .step(|mut connection| {
                    let invocation = &invocation;
                    async move { invocation.invoke_async(&mut connection).await }
                })
                .await?;
            Ok(())
        })
    }

    fn rejected<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Vec<String>, Error>> {
        Box::pin(async move {
            let key = self.key(scope, "token:rejected");
            self.step(|mut connection| {
                let key = &key;
                async move { connection.smembers(key).await }
            })
            .await
        })
    }
}

/// Milliseconds for `PX` and `PEXPIRE`: at least 1.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}

impl LimitStore for RedisStore {
    fn admit<'a>(
        &'a self,
        scope: &'a str,
        endpoint: &'a str,
        limit: RateLimit,
        day: DayWindow,
    ) -> BoxFuture<'a, Result<Admission, Error>> {
        Box::pin(async move {
            let remaining = u64::try_from(day.remaining.as_millis()).unwrap_or(u64::MAX);
            let mut invocation = ADMIT.key(self.key(scope, &format!("limit:{endpoint}:second")));
            invocation
                .key(self.key(scope, &format!("limit:{endpoint}:day:{}", day.day)))
                .arg(limit.per_second.unwrap_or(0))
                .arg(limit.per_day.unwrap_or(0))
                .arg(remaining)
                .arg(fastrand::u64(..))
                .arg(
                    u64::try_from(self.connection.options().second_window.as_micros())
                        .unwrap_or(u64::MAX),
                );
            let (verdict, millis): (i64, u64) = self
                .step(|mut connection| {
                    let invocation = &invocation;
                    async move { invocation.invoke_async(&mut connection).await }
                })
                .await?;
            Ok(match verdict {
                0 => Admission::Granted,
                1 => Admission::Wait(Duration::from_millis(millis)),
                _ => Admission::DaySpent(Duration::from_millis(millis)),
            })
        })
    }
}
