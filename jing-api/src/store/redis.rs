//! Tokens and rate budgets on a Redis server, shared by every process that reaches it
//! (feature `redis`).
//!
//! Keys, under a prefix (`jing` by default), per app id: `<prefix>:<app_id>:token` is a hash
//! of the record, replaced in one script after a generation check; `…:token:lock` is the
//! renewal lock (`SET NX PX`, released by a script only by the lease that took it);
//! `…:limit:<endpoint>:second` is a sorted set of the last second's calls and
//! `…:limit:<endpoint>:day:<day>` the day's counter, both checked and counted in one script.
//!
//! When the server cannot be reached, every step fails with [`Error::Store`]: a call is
//! never sent unlimited nor with a token the other processes cannot see.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Script};
use secrecy::{ExposeSecret, SecretString};

use super::{
    Admission, DayWindow, Lease, LimitStore, TokenRecord, TokenStore, from_millis, store_error,
};
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

/// How to reach the server and name the keys.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RedisOptions {
    /// The first part of every key (`jing` by default).
    pub prefix: String,
    /// The time limit of connecting (2 s by default).
    pub connection_timeout: Duration,
    /// The time limit of one command (2 s by default).
    pub response_timeout: Duration,
    /// The window the per-second budget is counted in: one second plus a margin (100 ms by
    /// default), so that calls admitted a second apart but delayed unequally on their way
    /// cannot land in one of the server's seconds together.
    pub second_window: Duration,
}

impl Default for RedisOptions {
    fn default() -> Self {
        RedisOptions {
            prefix: "jing".to_owned(),
            connection_timeout: Duration::from_secs(2),
            response_timeout: Duration::from_secs(2),
            second_window: Duration::from_millis(1100),
        }
    }
}

/// Tokens and rate budgets on Redis: give it to
/// [`ClientBuilder::redis`](crate::ClientBuilder::redis). Cheap to clone; clones share
/// one multiplexed connection, re-established when it breaks.
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    options: RedisOptions,
    /// The server's address without credentials, for messages.
    shown: String,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("server", &self.shown)
            .field("prefix", &self.options.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Connects to `url` (`redis://[:password@]host[:port][/db]`, or `rediss://` for TLS
    /// where the redis crate supports it) with the default options.
    pub async fn connect(url: &str) -> Result<Self, Error> {
        RedisStore::connect_with(url, RedisOptions::default()).await
    }

    /// Connects to `url` with `options`.
    pub async fn connect_with(url: &str, options: RedisOptions) -> Result<Self, Error> {
        let shown = format!("redis {}", without_credentials(url));
        let client = redis::Client::open(url).map_err(|error| store_error(&shown, error))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(options.connection_timeout)
            .set_response_timeout(options.response_timeout)
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|error| store_error(&shown, format!("cannot connect: {error}")))?;
        Ok(RedisStore {
            connection,
            options,
            shown,
        })
    }

    fn key(&self, app_id: &str, rest: &str) -> String {
        format!("{}:{app_id}:{rest}", self.options.prefix)
    }

    fn failed(&self, error: redis::RedisError) -> Error {
        store_error(&self.shown, error)
    }
}

/// `url` without a user name or password.
pub(crate) fn without_credentials(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            // Both fail only for URLs that cannot have credentials anyway.
            let _ = parsed.set_password(None);
            let _ = parsed.set_username("");
            parsed.to_string()
        }
        Err(_) => "(an unreadable URL)".to_owned(),
    }
}

impl TokenStore for RedisStore {
    fn load<'a>(&'a self, app_id: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
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
            let mut connection = self.connection.clone();
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
            let mut connection = self.connection.clone();
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
            let mut connection = self.connection.clone();
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
            let mut connection = self.connection.clone();
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
            let mut connection = self.connection.clone();
            let remaining = u64::try_from(day.remaining.as_millis()).unwrap_or(u64::MAX);
            let (verdict, millis): (i64, u64) = ADMIT
                .key(self.key(app_id, &format!("limit:{endpoint}:second")))
                .key(self.key(app_id, &format!("limit:{endpoint}:day:{}", day.day)))
                .arg(limit.per_second.unwrap_or(0))
                .arg(limit.per_day.unwrap_or(0))
                .arg(remaining)
                .arg(fastrand::u64(..))
                .arg(u64::try_from(self.options.second_window.as_micros()).unwrap_or(u64::MAX))
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
