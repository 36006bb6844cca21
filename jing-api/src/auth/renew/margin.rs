//! The margin of the refresh cycle (`auth/renew.rs`): a token is renewed between half and
//! all of the refresh margin before it expires (each client draws its point once, so
//! clients spread out), and the margin is never more than a twentieth of the lifetime the
//! token came with.

use std::time::{Duration, SystemTime};

use secrecy::{ExposeSecret, SecretString};

use super::TokenManager;
use crate::store::tokens::TokenRecord;

/// The margin is never more than this share of a token's lifetime (1/20): with a fleet's
/// earliest client renewing at the whole margin, a token serves at least 95% of its
/// lifetime, so renewals stay under 1.06 per lifetime.
const MARGIN_SHARE: u32 = 20;

impl TokenManager {
    /// How long before `record` expires this client renews it: its point between half and
    /// all of the margin, the margin capped at a share of the token's lifetime.
    pub(super) fn early(&self, record: &TokenRecord) -> Duration {
        let margin = match record.lifetime {
            Some(lifetime) => self.settings.margin.min(lifetime / MARGIN_SHARE),
            None => self.settings.margin,
        };
        margin.mul_f64(0.5 + self.jitter / 2.0)
    }

    /// An access token (a seeded record has none) that is neither the rejected token nor
    /// expiring within this client's share of the margin.
    pub(super) fn good(
        &self,
        record: &TokenRecord,
        stale: Option<&SecretString>,
        now: SystemTime,
    ) -> bool {
        let rejected = stale.is_some_and(|stale| record.holds(stale));
        let expiring = record
            .expires_at
            .is_some_and(|at| now + self.early(record) >= at);
        !rejected && !expiring && !record.access_token.expose_secret().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::renew::{Configured, TokenSettings};
    use crate::store::MemoryTokenStore;
    use std::sync::Arc;

    fn manager(margin: Duration, jitter: f64) -> TokenManager {
        let mut manager = TokenManager::new(
            Configured {
                app_secret: SecretString::from("secret"),
                access_token: None,
                refresh_token: None,
                expires_at: None,
            },
            TokenSettings {
                store: Arc::new(MemoryTokenStore::new()),
                margin,
                lease: Duration::from_secs(35),
                wait_limit: Duration::from_secs(100),
                secret_codes: std::collections::BTreeSet::new(),
                hook: None,
                calls: &crate::SPEC.token_calls,
            },
        );
        manager.jitter = jitter;
        manager
    }

    #[test]
    fn the_margin_is_a_share_of_the_lifetime_and_the_configured_one_caps_it() {
        let record = |lifetime: Option<u64>| {
            TokenRecord::new(SecretString::from("a"), None, None, 1)
                .with_lifetime(lifetime.map(Duration::from_secs))
        };
        // (configured margin, lifetime, jitter, how early)
        let cases = [
            (60, Some(7200), 0.0, Duration::from_secs(30)),
            (60, Some(7200), 1.0, Duration::from_secs(60)),
            (60, Some(2), 1.0, Duration::from_millis(100)),
            (60, Some(2), 0.0, Duration::from_millis(50)),
            (60, Some(4511), 1.0, Duration::from_secs(60)),
            (60, Some(600), 1.0, Duration::from_secs(30)),
            (1, Some(7200), 1.0, Duration::from_secs(1)),
            (60, None, 1.0, Duration::from_secs(60)),
        ];
        for (margin, lifetime, jitter, early) in cases {
            let manager = manager(Duration::from_secs(margin), jitter);
            assert_eq!(
                manager.early(&record(lifetime)),
                early,
                "{margin} {lifetime:?}"
            );
        }
    }

    #[test]
    fn short_tokens_are_used_for_most_of_their_lifetime() {
        let manager = manager(Duration::from_secs(60), 0.99);
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let issued = |lifetime: Duration| {
            TokenRecord::new(SecretString::from("a"), None, Some(now + lifetime), 1)
                .with_lifetime(Some(lifetime))
        };
        for seconds in [2, 5, 60, 4511] {
            let lifetime = Duration::from_secs(seconds);
            let record = issued(lifetime);
            assert!(
                manager.good(&record, None, now + lifetime.mul_f64(0.94)),
                "{seconds} s"
            );
            assert!(!manager.good(&record, None, now + lifetime), "{seconds} s");
        }
        let seeded = TokenRecord::new(SecretString::from(String::new()), None, None, 1);
        assert!(
            !manager.good(&seeded, None, now),
            "a seeded record has no access token"
        );
    }
}
