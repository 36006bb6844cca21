//! Client-side enforcement of each endpoint's documented limits.
//!
//! Per second: the calls of each endpoint admitted within the last window (1.1 s: a second
//! and a margin, as the shared store counts them, see `RedisOptions::second_window`), at
//! most the documented number; a call over it waits until the oldest leaves the window,
//! so a loop slows down instead of failing, and no window of 1.1 s (so none of the
//! server's seconds) holds more than the limit. (A token bucket would let twice the limit
//! through in a second after an idle spell: a full bucket, then its refill.) Per day: a
//! counter per endpoint that resets at midnight of a fixed UTC offset (China Standard Time
//! unless configured). An exhausted day budget is an error, since waiting for midnight is
//! never what a caller wants. Limits are per client; clones share them.
//!
//! With a [`LimitStore`] (a `RedisStore`), both budgets are counted there instead, in one
//! round trip per call, and shared by every client of the app id that uses the store. A
//! store that cannot be reached fails the call with [`Error::Store`].
//!
//! No call waits longer than the client's cap for a per-second limit, local or shared
//! (`ClientBuilder::max_limit_wait`): past it, or when the wait the limiter announces is
//! already longer, the call fails with [`Error::LimitWaitTooLong`] without being sent.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tracing::Instrument;

use crate::clock::Clock;
use crate::store::limits::{Admission, DayWindow, LimitStore};
use crate::telemetry::{self, Limiter};
use crate::{Error, LimitScope, RateLimit};

/// China Standard Time, UTC+8, where the vendor's "per day" presumably resets.
pub const CHINA_STANDARD_TIME: i32 = 8 * 3600;

const DAY: i64 = 86_400;

/// The window the local per-second budget is counted in: the shared store's default
/// (one second and a 100 ms margin for calls delayed unequally on their way).
pub(crate) const SECOND_WINDOW: Duration = Duration::from_millis(1100);

/// Admits a call at `now` when fewer than `limit` of `calls` (the instants admitted, oldest
/// first) are within `window`, recording it; else the wait until the oldest leaves.
pub(crate) fn admit_in_window(
    calls: &mut VecDeque<Instant>,
    limit: u32,
    window: Duration,
    now: Instant,
) -> Result<(), Duration> {
    while calls
        .front()
        .is_some_and(|admitted| now.saturating_duration_since(*admitted) >= window)
    {
        calls.pop_front();
    }
    if calls.len() < usize::try_from(limit).unwrap_or(usize::MAX) {
        calls.push_back(now);
        return Ok(());
    }
    let oldest = calls.front().copied().unwrap_or(now);
    Err(window.saturating_sub(now.saturating_duration_since(oldest)))
}

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
    /// The calls admitted within the window, per endpoint.
    per_second: Mutex<HashMap<String, VecDeque<Instant>>>,
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
        scope: &str,
        (endpoint, label): (&str, &'static str),
        limit: RateLimit,
        clock: &dyn Clock,
    ) -> Result<(), Error> {
        if !self.enabled || (limit.per_second.is_none() && limit.per_day.is_none()) {
            return Ok(());
        }
        if let Some(shared) = &self.shared {
            return self
                .acquire_shared(shared.as_ref(), scope, (endpoint, label), limit, clock)
                .await;
        }
        if let Some(per_second) = limit.per_second.filter(|limit| *limit > 0) {
            self.acquire_local(per_second, (endpoint, label)).await?;
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
    /// Takes a place in this client's own per-second window, waiting while it is full, for
    /// at most the cap (a wait announced longer than the cap is refused at once).
    async fn acquire_local(
        &self,
        per_second: u32,
        (endpoint, label): (&str, &'static str),
    ) -> Result<(), Error> {
        let started = Instant::now();
        let mut waited = false;
        let result = loop {
            let admitted = {
                let mut windows = self
                    .per_second
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                let calls = windows.entry(endpoint.to_owned()).or_default();
                admit_in_window(calls, per_second, SECOND_WINDOW, Instant::now())
            };
            match admitted {
                Ok(()) => break Ok(()),
                Err(wait) if started.elapsed() + wait > self.max_wait => {
                    break Err(self.too_long(endpoint, started.elapsed()));
                }
                Err(wait) => {
                    // Said once per call: a call that wakes as the window slides by a call
                    // admitted a moment after the oldest waits again, a little.
                    if waited {
                        tracing::trace!(endpoint, ?wait, "still waiting for the per-second limit");
                    } else {
                        tracing::debug!(endpoint, ?wait, "waiting for the per-second limit");
                    }
                    waited = true;
                    tokio::time::sleep(wait + Duration::from_millis(1))
                        .instrument(wait_span(label, Limiter::Local))
                        .await;
                }
            }
        };
        if waited || result.is_err() {
            telemetry::limit_waited(label, Limiter::Local, started.elapsed());
        }
        result
    }

    /// Asks the shared store until it grants the call, waiting as long as it says (plus a
    /// little jitter, so the waiting clients do not all ask again at the same instant), for
    /// at most the cap.
    async fn acquire_shared(
        &self,
        shared: &dyn LimitStore,
        scope: &str,
        (endpoint, label): (&str, &'static str),
        limit: RateLimit,
        clock: &dyn Clock,
    ) -> Result<(), Error> {
        let span = wait_span(label, Limiter::Shared);
        let started = Instant::now();
        let mut waited = false;
        let result = loop {
            let day = day_window(clock.now(), self.offset_seconds);
            match shared.admit(scope, endpoint, limit, day).await? {
                Admission::Granted => break Ok(()),
                Admission::Wait(wait) if started.elapsed() + wait > self.max_wait => {
                    break Err(self.too_long(endpoint, started.elapsed()));
                }
                Admission::Wait(wait) => {
                    if waited {
                        tracing::trace!(
                            endpoint,
                            ?wait,
                            "still waiting for the shared per-second limit"
                        );
                    } else {
                        tracing::debug!(endpoint, ?wait, "waiting for the shared per-second limit");
                    }
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

    #[test]
    fn no_window_holds_more_than_the_limit_even_after_an_idle_spell() {
        let start = Instant::now();
        let window = SECOND_WINDOW;
        let mut calls = VecDeque::new();
        // Ten at once, then the eleventh waits the whole window.
        for _ in 0..10 {
            assert_eq!(admit_in_window(&mut calls, 10, window, start), Ok(()));
        }
        assert_eq!(admit_in_window(&mut calls, 10, window, start), Err(window));
        let later = start + Duration::from_millis(600);
        assert_eq!(
            admit_in_window(&mut calls, 10, window, later),
            Err(Duration::from_millis(500))
        );
        // Admitted instants, by a loop taking each place as soon as it frees: never more
        // than ten in any window.
        let mut admitted = Vec::new();
        let mut calls = VecDeque::new();
        let mut now = start;
        while admitted.len() < 100 {
            match admit_in_window(&mut calls, 10, window, now) {
                Ok(()) => admitted.push(now),
                Err(wait) => now += wait,
            }
        }
        for (index, first) in admitted.iter().enumerate() {
            let within = admitted[index..]
                .iter()
                .take_while(|at| at.duration_since(*first) < window)
                .count();
            assert!(within <= 10, "{within} calls within one window");
        }
    }

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
