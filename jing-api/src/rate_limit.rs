//! Client-side enforcement of each endpoint's documented limits.
//!
//! Per second: a governor limiter per endpoint, awaited, so a loop slows down instead of
//! failing. Per day: a counter per endpoint that resets at midnight of a fixed UTC offset
//! (China Standard Time unless configured); governor has no calendar days, so that part
//! is ours. An exhausted day budget is an error, since waiting for midnight is never what
//! a caller wants. Limits are per client; clones share them.
//!
//! With a [`LimitStore`] (a `RedisStore`), both budgets are counted there instead, in one
//! round trip per call, and shared by every client of the app id that uses the store. A
//! store that cannot be reached fails the call with [`Error::Store`].
//!
//! No call waits longer than the client's cap for a per-second limit, local or shared
//! (`ClientBuilder::max_limit_wait`): past it, or when the wait the limiter announces is
//! already longer, the call fails with [`Error::LimitWaitTooLong`] without being sent.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use governor::clock::Clock as _;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tracing::Instrument;

use crate::clock::Clock;
use crate::store::{Admission, DayWindow, LimitStore};
use crate::telemetry::{self, Limiter};
use crate::{Error, LimitScope, RateLimit};

/// China Standard Time, UTC+8, where the vendor's "per day" presumably resets.
pub const CHINA_STANDARD_TIME: i32 = 8 * 3600;

const DAY: i64 = 86_400;

/// The calls counted on one endpoint's current day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DayCount {
    day: i64,
    used: u32,
}

/// Seconds since the Unix epoch (negative before it).
pub(crate) fn unix_seconds(now: SystemTime) -> i64 {
    match now.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// Counts one call against `limit` on the day of `now` (days start at midnight
/// `offset_seconds` east of UTC); when the budget is spent, returns the time until the
/// next day starts.
pub(crate) fn take_from_day(
    count: &mut Option<DayCount>,
    limit: u32,
    now: SystemTime,
    offset_seconds: i32,
) -> Result<(), Duration> {
    let local = unix_seconds(now) + i64::from(offset_seconds);
    let day = local.div_euclid(DAY);
    let current = match count {
        Some(current) if current.day == day => current,
        _ => count.insert(DayCount { day, used: 0 }),
    };
    if current.used >= limit {
        let until_midnight = (day + 1) * DAY - local;
        return Err(Duration::from_secs(
            u64::try_from(until_midnight).unwrap_or(0),
        ));
    }
    current.used += 1;
    Ok(())
}

/// The day of `now` and the time left in it, days starting at midnight `offset_seconds`
/// east of UTC.
pub(crate) fn day_window(now: SystemTime, offset_seconds: i32) -> DayWindow {
    let local = unix_seconds(now) + i64::from(offset_seconds);
    let day = local.div_euclid(DAY);
    let left = u64::try_from((day + 1) * DAY - local).unwrap_or(0);
    DayWindow {
        day,
        remaining: Duration::from_secs(left),
    }
}

/// The limiters of one client.
#[derive(Debug)]
pub(crate) struct RateLimits {
    enabled: bool,
    offset_seconds: i32,
    shared: Option<Arc<dyn LimitStore>>,
    /// The longest a call waits for a per-second limit.
    max_wait: Duration,
    per_second: Mutex<HashMap<String, Arc<DefaultDirectRateLimiter>>>,
    per_day: Mutex<HashMap<String, Option<DayCount>>>,
}

impl RateLimits {
    pub(crate) fn new(
        enabled: bool,
        offset_seconds: i32,
        shared: Option<Arc<dyn LimitStore>>,
        max_wait: Duration,
    ) -> Self {
        RateLimits {
            enabled,
            offset_seconds,
            shared,
            max_wait,
            per_second: Mutex::default(),
            per_day: Mutex::default(),
        }
    }

    /// Waits for the per-second limit, then counts the call against the day's budget.
    /// `endpoint` keys the budgets; `label` names the endpoint in spans and metrics.
    pub(crate) async fn acquire(
        &self,
        app_id: &str,
        (endpoint, label): (&str, &'static str),
        limit: RateLimit,
        clock: &dyn Clock,
    ) -> Result<(), Error> {
        if !self.enabled || (limit.per_second.is_none() && limit.per_day.is_none()) {
            return Ok(());
        }
        if let Some(shared) = &self.shared {
            return self
                .acquire_shared(shared.as_ref(), app_id, (endpoint, label), limit, clock)
                .await;
        }
        if let Some(per_second) = limit.per_second.and_then(NonZeroU32::new) {
            let limiter = {
                let mut limiters = self
                    .per_second
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                let limiter = limiters.entry(endpoint.to_owned()).or_insert_with(|| {
                    Arc::new(RateLimiter::direct(Quota::per_second(per_second)))
                });
                Arc::clone(limiter)
            };
            if let Err(not_until) = limiter.check() {
                let announced = not_until.wait_time_from(limiter.clock().now());
                self.wait_local(&limiter, (endpoint, label), announced)
                    .await?;
            }
        }
        if let Some(per_day) = limit.per_day {
            let mut counts = self.per_day.lock().unwrap_or_else(PoisonError::into_inner);
            let count = counts.entry(endpoint.to_owned()).or_default();
            if let Err(retry_after) =
                take_from_day(count, per_day, clock.now(), self.offset_seconds)
            {
                return Err(Error::RateLimited {
                    scope: LimitScope::Day,
                    retry_after: Some(retry_after),
                    request_id: None,
                });
            }
        }
        Ok(())
    }
}

impl RateLimits {
    /// Waits for this client's own per-second limiter, which announced a wait of
    /// `announced`, for at most the cap.
    async fn wait_local(
        &self,
        limiter: &DefaultDirectRateLimiter,
        (endpoint, label): (&str, &'static str),
        announced: Duration,
    ) -> Result<(), Error> {
        let span = wait_span(label, Limiter::Local);
        tracing::debug!(endpoint, ?announced, "waiting for the per-second limit");
        let started = Instant::now();
        // A wait announced longer than the cap is refused at once, not sat out first.
        let result = if announced > self.max_wait {
            Err(self.too_long(endpoint, Duration::ZERO))
        } else {
            tokio::time::timeout(self.max_wait, limiter.until_ready())
                .instrument(span)
                .await
                .map_err(|_| self.too_long(endpoint, started.elapsed()))
        };
        telemetry::limit_waited(label, Limiter::Local, started.elapsed());
        result
    }

    /// Asks the shared store until it grants the call, waiting as long as it says (plus a
    /// little jitter, so the waiting clients do not all ask again at the same instant), for
    /// at most the cap.
    async fn acquire_shared(
        &self,
        shared: &dyn LimitStore,
        app_id: &str,
        (endpoint, label): (&str, &'static str),
        limit: RateLimit,
        clock: &dyn Clock,
    ) -> Result<(), Error> {
        let span = wait_span(label, Limiter::Shared);
        let started = Instant::now();
        let mut waited = false;
        let result = loop {
            let day = day_window(clock.now(), self.offset_seconds);
            match shared.admit(app_id, endpoint, limit, day).await? {
                Admission::Granted => break Ok(()),
                Admission::Wait(wait) if started.elapsed() + wait > self.max_wait => {
                    break Err(self.too_long(endpoint, started.elapsed()));
                }
                Admission::Wait(wait) => {
                    tracing::debug!(endpoint, ?wait, "waiting for the shared per-second limit");
                    waited = true;
                    let jitter = Duration::from_millis(fastrand::u64(0..=20));
                    tokio::time::sleep(wait + jitter)
                        .instrument(span.clone())
                        .await;
                }
                Admission::DaySpent(retry_after) => {
                    break Err(Error::RateLimited {
                        scope: LimitScope::Day,
                        retry_after: Some(retry_after),
                        request_id: None,
                    });
                }
            }
        };
        if waited || matches!(result, Err(Error::LimitWaitTooLong { .. })) {
            telemetry::limit_waited(label, Limiter::Shared, started.elapsed());
        }
        result
    }

    fn too_long(&self, endpoint: &str, waited: Duration) -> Error {
        tracing::debug!(endpoint, ?waited, max_wait = ?self.max_wait, "a per-second limit would wait past the cap");
        Error::LimitWaitTooLong {
            endpoint: endpoint.to_owned(),
            waited,
            max_wait: self.max_wait,
        }
    }
}

/// The span of a wait for a per-second limit.
fn wait_span(label: &'static str, limiter: Limiter) -> tracing::Span {
    tracing::debug_span!(
        "jing_api.limit_wait",
        "jing.endpoint" = label,
        "jing.limiter" = limiter.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-08-02 15:59:59 UTC, one second before midnight in China Standard Time.
    fn before_cst_midnight() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_722_614_399)
    }

    #[test]
    fn the_day_budget_resets_at_midnight_china_standard_time() {
        let mut count = None;
        let now = before_cst_midnight();
        assert_eq!(
            take_from_day(&mut count, 2, now, CHINA_STANDARD_TIME),
            Ok(())
        );
        assert_eq!(
            take_from_day(&mut count, 2, now, CHINA_STANDARD_TIME),
            Ok(())
        );
        assert_eq!(
            take_from_day(&mut count, 2, now, CHINA_STANDARD_TIME),
            Err(Duration::from_secs(1))
        );
        let after_midnight = now + Duration::from_secs(1);
        assert_eq!(
            take_from_day(&mut count, 2, after_midnight, CHINA_STANDARD_TIME),
            Ok(())
        );
        // In UTC the same instant is mid-afternoon: the day has 8 hours and a second to go.
        let mut utc = None;
        assert_eq!(
            take_from_day(&mut utc, 0, now, 0),
            Err(Duration::from_secs(8 * 3600 + 1))
        );
    }
}
