//! The mock's count of calls per calendar day and per second: days start at midnight of a
//! fixed UTC offset (China Standard Time, where the vendor's "per day" presumably resets),
//! seconds are whole seconds since the Unix epoch. The client counts its own side in
//! jing-api; the mock, as the server, keeps its own count.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-08-02 15:59:59 UTC, one second before midnight in China Standard Time.
    fn before_cst_midnight() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_722_614_399)
    }

    #[test]
    fn a_day_budget_is_spent_then_renews_at_the_offsets_midnight() {
        let now = before_cst_midnight();
        let mut count = None;
        assert_eq!(take_from_day(&mut count, 1, now, 8 * 3600), Ok(()));
        assert_eq!(
            take_from_day(&mut count, 1, now, 8 * 3600),
            Err(Duration::from_secs(1))
        );
        let after = now + Duration::from_secs(1);
        assert_eq!(take_from_day(&mut count, 1, after, 8 * 3600), Ok(()));
        assert_eq!(unix_seconds(now), 1_722_614_399);
    }
}
