//! Tokens and rate budgets on a Redis server, shared by every process that reaches it
//! (feature `redis`).
//!
//! Keys, under a prefix (`jing` by default), per app id: `<prefix>:{<app_id>}:token` is a
//! hash of the record, replaced in one script after a generation check; `…:token:lock` is
//! the renewal lock (`SET NX PX`, released by a script only by the lease that took it);
//! `…:limit:<endpoint>:second` is a sorted set of the last second's calls and
//! `…:limit:<endpoint>:day:<day>` the day's counter, both checked and counted in one script.
//! The braces are a hash tag: on a Redis Cluster every key of one app id is in one slot, so
//! each script's keys are on one node (names are made in one place, `RedisStore::key`).
//!
//! When the server cannot be reached, every step fails with [`Error::Store`]: a call is
//! never sent unlimited nor with a token the other processes cannot see.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;
use std::time::Duration;

use redis::{AsyncCommands, Script};
use secrecy::{ExposeSecret, SecretString};

use super::connection::RedisConnection;
use super::options::RedisOptions;
use super::{Admission, DayWindow, Lease, LimitStore, TokenRecord, TokenStore, from_millis};
use crate::auth::BoxFuture;
use crate::{Error, RateLimit};

/// Writes a record if the stored generation is still the expected one.
static SAVE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local current = tonumber(redis.call('HGET', KEYS[1], 'generation') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'access_token', ARGV[2], 'generation', ARGV[3],
  'expires_at_ms', ARGV[4], 'refresh_token', ARGV[5])
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

    /// The one place key names are made. Every key of one app id carries the hash tag
    /// `{<app_id>}`, so that all of them (the record, its lock, the budgets and their day
    /// counters) live in one hash slot of a cluster and each script's keys with them.
    fn key(&self, app_id: &str, rest: &str) -> String {
        format!("{}:{{{app_id}}}:{rest}", self.connection.options().prefix)
    }

    fn failed(&self, error: redis::RedisError) -> Error {
        self.connection.failed(error)
    }
}

impl TokenStore for RedisStore {
    fn load<'a>(&'a self, app_id: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>> {
        Box::pin(async move {
            let mut connection = self.connection.link();
            let fields: HashMap<String, String> = connection
                .hgetall(self.key(app_id, "token"))
                .await
                .map_err(|error| self.failed(error))?;
            let Some(access_token) = fields.get("access_token") else {
                return Ok(None);
            };
            let number = |name: &str| fields.get(name).and_then(|value| value.parse().ok());
            let refresh_token = fields
                .get("refresh_token")
                .filter(|token| !token.is_empty())
                .map(|token| SecretString::from(token.clone()));
            Ok(Some(TokenRecord {
                access_token: SecretString::from(access_token.clone()),
                refresh_token,
                expires_at: number("expires_at_ms").map(from_millis),
                generation: number("generation")
                    .and_then(|generation: i64| u64::try_from(generation).ok())
                    .unwrap_or(0),
            }))
        })
    }

    fn save<'a>(
        &'a self,
        app_id: &'a str,
        expected: u64,
        record: &'a TokenRecord,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            let mut connection = self.connection.link();
            let written: i64 = SAVE
                .key(self.key(app_id, "token"))
                .arg(expected)
                .arg(record.access_token.expose_secret())
                .arg(record.generation)
                .arg(
                    record
                        .expires_at_millis()
                        .map(|millis| millis.to_string())
                        .unwrap_or_default(),
                )
                .arg(
                    record
                        .refresh_token
                        .as_ref()
                        .map(|token| token.expose_secret().to_owned())
                        .unwrap_or_default(),
                )
                .invoke_async(&mut connection)
                .await
                .map_err(|error| self.failed(error))?;
            Ok(written == 1)
        })
    }

    fn expire<'a>(
        &'a self,
        app_id: &'a str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            let mut connection = self.connection.link();
            let expired: i64 = EXPIRE
                .key(self.key(app_id, "token"))
                .arg(rejected.expose_secret())
                .invoke_async(&mut connection)
                .await
                .map_err(|error| self.failed(error))?;
            Ok(expired == 1)
        })
    }

    fn try_lock<'a>(
        &'a self,
        app_id: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Option<Lease>, Error>> {
        Box::pin(async move {
            let mut connection = self.connection.link();
            let id = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
            let millis = u64::try_from(lease.as_millis()).unwrap_or(u64::MAX).max(1);
            let taken: Option<String> = redis::cmd("SET")
                .arg(self.key(app_id, "token:lock"))
                .arg(&id)
                .arg("NX")
                .arg("PX")
                .arg(millis)
                .query_async(&mut connection)
                .await
                .map_err(|error| self.failed(error))?;
            Ok(taken.map(|_| Lease::new(id)))
        })
    }

    fn unlock<'a>(&'a self, app_id: &'a str, lease: Lease) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let mut connection = self.connection.link();
            let _released: i64 = UNLOCK
                .key(self.key(app_id, "token:lock"))
                .arg(lease.id())
                .invoke_async(&mut connection)
                .await
                .map_err(|error| self.failed(error))?;
            Ok(())
        })
    }
}

impl LimitStore for RedisStore {
    fn admit<'a>(
        &'a self,
        app_id: &'a str,
        endpoint: &'a str,
        limit: RateLimit,
        day: DayWindow,
    ) -> BoxFuture<'a, Result<Admission, Error>> {
        Box::pin(async move {
            let mut connection = self.connection.link();
            let remaining = u64::try_from(day.remaining.as_millis()).unwrap_or(u64::MAX);
            let (verdict, millis): (i64, u64) = ADMIT
                .key(self.key(app_id, &format!("limit:{endpoint}:second")))
                .key(self.key(app_id, &format!("limit:{endpoint}:day:{}", day.day)))
                .arg(limit.per_second.unwrap_or(0))
                .arg(limit.per_day.unwrap_or(0))
                .arg(remaining)
                .arg(fastrand::u64(..))
                .arg(
                    u64::try_from(self.connection.options().second_window.as_micros())
                        .unwrap_or(u64::MAX),
                )
                .invoke_async(&mut connection)
                .await
                .map_err(|error| self.failed(error))?;
            Ok(match verdict {
                0 => Admission::Granted,
                1 => Admission::Wait(Duration::from_millis(millis)),
                _ => Admission::DaySpent(Duration::from_millis(millis)),
            })
        })
    }
}
