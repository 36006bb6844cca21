//! When a failed attempt is tried again, and after how long.
//!
//! Transport errors, timeouts and 5xx answers are retried for calls that are safe to
//! repeat (reads, token calls) or that the caller opted in; a rate-limit answer from the
//! server is retried for every call, since it was not carried out. Delays grow
//! exponentially with full jitter and are capped; attempts are bounded.

use std::time::Duration;

use crate::Error;

/// How failed attempts are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The delay before the first retry, before jitter.
    pub base_delay: Duration,
    /// No delay is longer than this.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// The delay before attempt `attempt + 1`, when `error` ended attempt `attempt`
    /// (1-based), or `None` when it is not retried.
    pub(crate) fn delay(&self, attempt: u32, error: &Error, repeatable: bool) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let retry_after = match error {
            Error::RateLimited {
                scope: crate::LimitScope::Server,
                retry_after,
                ..
            } => *retry_after,
            Error::Transport(_) if repeatable => None,
            Error::Http { status, .. } | Error::Api { status, .. }
                if repeatable && *status >= 500 =>
            {
                None
            }
            _ => return None,
        };
        let exponential = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt - 1))
            .min(self.max_delay);
        let jittered = exponential.mul_f64(fastrand::f64());
        Some(retry_after.map_or(jittered, |asked| asked.min(self.max_delay)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LimitScope;

    fn http(status: u16) -> Error {
        Error::Http {
            status,
            body_start: String::new(),
        }
    }

    #[test]
    fn only_retryable_errors_of_repeatable_calls_are_retried() {
        let policy = RetryPolicy::default();
        assert!(policy.delay(1, &http(503), true).is_some());
        assert!(
            policy.delay(1, &http(503), false).is_none(),
            "a create is not repeated after a 503"
        );
        assert!(policy.delay(1, &http(404), true).is_none());
        assert!(
            policy.delay(3, &http(503), true).is_none(),
            "attempts are bounded"
        );
        let limited = Error::RateLimited {
            scope: LimitScope::Server,
            retry_after: Some(Duration::from_secs(60)),
            request_id: None,
        };
        assert_eq!(
            policy.delay(1, &limited, false),
            Some(policy.max_delay),
            "server limits are retried, capped"
        );
        let day = Error::RateLimited {
            scope: LimitScope::Day,
            retry_after: Some(Duration::from_secs(60)),
            request_id: None,
        };
        assert!(
            policy.delay(1, &day, true).is_none(),
            "the day budget is not waited out"
        );
    }

    #[test]
    fn delays_grow_and_stay_under_the_cap() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(400),
        };
        for attempt in 1..10 {
            let delay = policy
                .delay(attempt, &http(502), true)
                .unwrap_or(Duration::MAX);
            let ceiling = Duration::from_millis(100 * 2u64.pow(attempt - 1)).min(policy.max_delay);
            assert!(
                delay <= ceiling,
                "attempt {attempt}: {delay:?} > {ceiling:?}"
            );
        }
    }
}
