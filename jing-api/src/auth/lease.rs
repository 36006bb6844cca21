//! The renewal lock's lease, seen from a client: keeping it alive while the token call
//! runs, and saying (a `tracing` line) when a client waits on another's lease or takes the
//! lock over from a holder that ended without storing a new token.
//!
//! 续期锁的租约：令牌调用期间保持租约；等待他人租约或接管时记录日志。

use std::future::Future;
use std::time::{Duration, Instant};

use crate::store::tokens::{Lease, TokenStore};

/// The renewal lease when none is configured: short, so that a holder killed mid-renewal
/// keeps the others waiting at most this long; kept alive every third of it while the
/// holder's token call runs, so a slow call keeps it.
pub(crate) const DEFAULT_LEASE: Duration = Duration::from_secs(6);

/// The lease (`configured`, else [`DEFAULT_LEASE`]) and the wait limit of a client whose
/// call timeout is `timeout` (30 s when none is set).
pub(crate) fn settings(
    configured: Option<Duration>,
    timeout: Option<Duration>,
) -> (Duration, Duration) {
    let lease = configured.unwrap_or(DEFAULT_LEASE);
    let timeout = timeout.unwrap_or(Duration::from_secs(30));
    (lease, wait_limit(timeout, lease))
}

/// How long a client waits for another's renewal before failing: the holder's whole
/// token call (`timeout`), plus two leases for it to store the pair or for its lease to
/// lapse.
fn wait_limit(timeout: Duration, lease: Duration) -> Duration {
    timeout + lease * 2
}

/// Runs `work` (the token calls) while keeping `lease` alive every third of `length`, so
/// that only a holder that stalls or dies loses the lock.
pub(super) async fn keeping<F: Future>(
    store: &dyn TokenStore,
    scope: &str,
    (lease, length): (&Lease, Duration),
    work: F,
) -> F::Output {
    let mut work = std::pin::pin!(work);
    let every = length / 3;
    loop {
        tokio::select! {
            output = &mut work => return output,
            () = tokio::time::sleep(every) => {
                match store.extend(scope, lease, length).await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(scope, "the renewal lock lapsed while the token call was in flight; the save is fenced by generation"),
                    Err(error) => tracing::warn!(error = %error.report(), "cannot keep the renewal lock; the save is fenced by generation"),
                }
            }
        }
    }
}

/// What a client saw of others' leases during one wait for a token.
#[derive(Debug, Default)]
pub(super) struct Waiting {
    /// Since when, and the record's generation then, once the lock was found taken.
    since: Option<(Instant, Option<u64>)>,
}

/// What [`Waiting`] said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Said {
    Nothing,
    /// Another client holds the lock: this one waits (said once per wait).
    Waits,
    /// This client took the lock after waiting, and the record is the one it waited on:
    /// the holder ended without storing a new token.
    TakesOver,
}

impl Waiting {
    /// The lock was found taken while the record's generation was `generation`.
    pub(super) fn held(&mut self, scope: &str, lease: Duration, generation: Option<u64>) -> Said {
        if self.since.is_some() {
            return Said::Nothing;
        }
        self.since = Some((Instant::now(), generation));
        tracing::info!(
            scope,
            lease_ms = crate::telemetry::pause_millis(lease),
            "another client holds the renewal lock; waiting for the token it renews"
        );
        Said::Waits
    }

    /// This client took the lock; the record's generation is `generation`.
    pub(super) fn taken(&mut self, scope: &str, generation: Option<u64>) -> Said {
        match self.since.take() {
            Some((since, seen)) if seen == generation => {
                tracing::warn!(
                    scope,
                    waited_ms = crate::telemetry::pause_millis(since.elapsed()),
                    "took the renewal lock over: its holder ended without storing a new token (killed mid-renewal, or its lease ran out)"
                );
                Said::TakesOver
            }
            _ => Said::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_said_once_and_a_take_over_only_when_nothing_was_stored() {
        let lease = Duration::from_secs(6);
        let mut waiting = Waiting::default();
        assert_eq!(waiting.taken("s", Some(1)), Said::Nothing, "no wait");
        assert_eq!(waiting.held("s", lease, Some(1)), Said::Waits);
        assert_eq!(waiting.held("s", lease, Some(1)), Said::Nothing);
        assert_eq!(waiting.taken("s", Some(1)), Said::TakesOver);
        assert_eq!(waiting.held("s", lease, Some(1)), Said::Waits);
        assert_eq!(
            waiting.taken("s", Some(2)),
            Said::Nothing,
            "the holder stored"
        );
        assert_eq!(
            settings(None, None),
            (lease, Duration::from_secs(42)),
            "the default lease, and a wait of the default timeout and two leases"
        );
        assert_eq!(
            settings(Some(Duration::from_secs(1)), Some(Duration::from_secs(5))),
            (Duration::from_secs(1), Duration::from_secs(7))
        );
    }
}
