//! What a shared budget store promises: the [`LimitStore`] trait (implemented by the Redis
//! store, wrapped by the telemetry), the [`DayWindow`] a call counts against and the
//! [`Admission`] it answers. The client's rate limiter names them from here; `store` shows
//! them to users.

use std::fmt;
use std::time::Duration;

use crate::error::Error;
use crate::future::BoxFuture;
use crate::schema::RateLimit;

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
    /// (as [`TokenStore`](super::TokenStore) names it), in one atomic step, or says how
    /// long to wait.
    fn admit<'a>(
        &'a self,
        scope: &'a str,
        endpoint: &'a str,
        limit: RateLimit,
        day: DayWindow,
    ) -> BoxFuture<'a, Result<Admission, Error>>;
}
