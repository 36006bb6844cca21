//! The pace of a fetch: requests start one `period` apart at the soonest, in the order they
//! ask (a burst of one). Written here on tokio's clock rather than taken from a rate-limit
//! crate: this is all a fetch needs, and one crate less for the first `cargo xtask fetch`
//! to compile.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// Requests started one `period` apart at the soonest.
pub(super) struct Pace {
    period: Duration,
    /// When the next request may start.
    next: Mutex<Option<Instant>>,
}

impl Pace {
    /// One request per `period`.
    pub(super) fn new(period: Duration) -> Self {
        Pace {
            period,
            next: Mutex::new(None),
        }
    }

    /// Waits for this request's turn. The lock is held while waiting, so requests go in the
    /// order they asked, each a `period` after the one before.
    pub(super) async fn until_ready(&self) {
        let mut next = self.next.lock().await;
        if let Some(at) = *next {
            tokio::time::sleep_until(at).await;
        }
        *next = Some(Instant::now() + self.period);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_start_a_period_apart_and_the_first_at_once() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap_or_else(|error| panic!("{error}"));
        runtime.block_on(async {
            let pace = Pace::new(Duration::from_millis(500));
            let start = Instant::now();
            let mut starts = Vec::new();
            for _ in 0..3 {
                pace.until_ready().await;
                starts.push(start.elapsed());
            }
            assert_eq!(
                starts,
                [
                    Duration::ZERO,
                    Duration::from_millis(500),
                    Duration::from_millis(1000)
                ]
            );
        });
    }
}
