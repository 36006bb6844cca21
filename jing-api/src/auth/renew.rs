//! The refresh cycle over a [`TokenStore`]: single-flight renewal across every client that
//! shares the store. The windows in which a refresh token could be lost, and which step
//! closes each, are listed in the [store docs](crate::store); the numbers below are theirs.
//!
//! Per call: the client's own copy of the record, when it is neither expiring nor the token
//! just rejected. Otherwise, holding the client's async lock (so one task per process goes
//! on):
//!
//! 1. A pair this client obtained but could not store is stored first (window 3); if the
//!    store still fails, its access token is served while it is good.
//! 2. Read the store (a stored pair wins over the configured tokens); compare-and-expire
//!    the rejected token; use the stored token if it is good (window 1).
//! 3. Else take the store's renewal lock and read again (window 1): renew only if still
//!    needed. The refresh tokens tried are the stored one, the one of the record this
//!    process last used (a store that lost its record: window 4), then the configured one,
//!    minus those the server refused before (remembered in the store and in this process:
//!    window 6); when none is left, fail with [`Error::RefreshTokenRejected`] without a
//!    token call.
//! 4. While the token call is in flight, keep the lease alive (window 2).
//! 5. Save with compare-and-set by generation, or into a store that lost its record
//!    (windows 2, 4); a refused save means the store moved on: use its pair. A failed save
//!    keeps the pair in process (window 3).
//! 6. A refusal is remembered; the store is read again in case a racing renewal stored a
//!    newer pair (window 5); else the error says how to seed a new refresh token.
//! 7. Release the lock. A client that cannot take it waits with backoff and jitter for the
//!    holder's new generation, at most the holder's token call and two leases; it says so
//!    (`tracing`) once, and again should it take the lock over from a holder that ended
//!    without storing a token. A token call refused with one of the configured
//!    `secret_rejected_codes` marks no refresh token refused: the app secret is wrong.
//!
//! When a token counts as expiring (the margin) is `auth/renew/margin.rs`.

mod margin;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use secrecy::SecretString;

use super::calls::TokenCalls;
use super::lease;
use super::pending::{Pending, PendingSlot};
use super::refresh::{self, Fetched, Known, issued_record};
use crate::Error;
use crate::client::{Client, ManagedTokens};
use crate::clock::Clock;
use crate::future::BoxFuture;
use crate::store::tokens::{Lease, TokenRecord, TokenStore, TokensIssuedHook, fingerprint};

/// How a managed client renews: where the record lives and when to renew.
pub(crate) struct TokenSettings {
    pub(crate) store: Arc<dyn TokenStore>,
    /// Renew at most this long before the token expires.
    pub(crate) margin: Duration,
    /// The longest a renewal may hold the store's lock without keeping it alive.
    pub(crate) lease: Duration,
    /// The longest a client waits for another's renewal.
    pub(crate) wait_limit: Duration,
    /// Answer codes of a token call that mean the app id or app secret is wrong: the
    /// refresh token sent is not marked refused.
    pub(crate) secret_codes: BTreeSet<i64>,
    pub(crate) hook: Option<TokensIssuedHook>,
    /// The token calls of the spec the client was built for.
    pub(crate) calls: &'static TokenCalls,
}

/// The tokens the client was built with.
pub(crate) struct Configured {
    pub(crate) app_secret: SecretString,
    pub(crate) access_token: Option<SecretString>,
    pub(crate) refresh_token: Option<SecretString>,
    pub(crate) expires_at: Option<SystemTime>,
}

/// The refresh cycle of one client.
pub(crate) struct TokenManager {
    configured: Configured,
    settings: TokenSettings,
    /// This client's point in the margin, in `[0, 1)`, drawn once so clients spread out.
    jitter: f64,
    /// What one task at a time works with; the async lock makes one task per client do
    /// the store's work.
    local: tokio::sync::Mutex<Local>,
    /// A pair obtained but not stored yet (the store failed): never dropped. Shared with
    /// the task that keeps trying to store it.
    pending: PendingSlot,
}

/// The client's own state.
#[derive(Default)]
struct Local {
    /// The record last used.
    record: Option<TokenRecord>,
    /// Fingerprints of the refresh tokens the server refused, as this process saw them
    /// (kept even when the store forgets its own list).
    rejected: BTreeSet<String>,
}

/// Why a pass of the renewal loop did not produce a token.
enum Pass {
    Done(TokenRecord),
    /// Another client holds the lock, or wrote first: look again.
    Again,
}

impl TokenManager {
    pub(crate) fn new(configured: Configured, settings: TokenSettings) -> Self {
        TokenManager {
            configured,
            settings,
            jitter: fastrand::f64(),
            local: tokio::sync::Mutex::new(Local::default()),
            pending: PendingSlot::default(),
        }
    }

    /// The token to send: the client's copy unless it is expiring or is `stale`, else the
    /// store's, else a new one.
    pub(crate) async fn access_token(
        &self,
        client: &Client,
        calls: &TokenCalls,
        clock: &dyn Clock,
        stale: Option<&SecretString>,
    ) -> Result<SecretString, Error> {
        let mut local = self.local.lock().await;
        if let Some(record) = local
            .record
            .as_ref()
            .filter(|r| self.good(r, stale, clock.now()))
        {
            return Ok(record.access_token.clone());
        }
        let record = self.shared(client, calls, clock, stale, &mut local).await?;
        let token = record.access_token.clone();
        local.record = Some(record);
        Ok(token)
    }

    /// Stores a pair this client obtained while the store could not take it; `Ok` when
    /// there is none left (stored, or the store holds a newer one).
    pub(crate) async fn flush(&self, scope: &str) -> Result<(), Error> {
        let _local = self.local.lock().await;
        let Some(pending) = self.pending.take() else {
            return Ok(());
        };
        match self
            .settings
            .store
            .save(scope, pending.expected, &pending.record)
            .await
        {
            Ok(_) => Ok(()),
            Err(error) => {
                self.pending.put_back(pending);
                Err(error)
            }
        }
    }

    /// The stored record; when the store holds none, the configured tokens (generation 0).
    async fn current(&self, scope: &str) -> Result<Option<TokenRecord>, Error> {
        if let Some(stored) = self.settings.store.load(scope).await? {
            return Ok(Some(stored));
        }
        let configured = &self.configured;
        Ok(configured.access_token.as_ref().map(|access| {
            TokenRecord::new(
                access.clone(),
                configured.refresh_token.clone(),
                configured.expires_at,
                0,
            )
        }))
    }

    /// The store's good token, or a renewal by this client or another.
    async fn shared(
        &self,
        client: &Client,
        calls: &TokenCalls,
        clock: &dyn Clock,
        stale: Option<&SecretString>,
        local: &mut Local,
    ) -> Result<TokenRecord, Error> {
        let scope = client.token_scope();
        if let Some(record) = self.store_pending(scope, clock, stale).await? {
            return Ok(record);
        }
        let deadline = Instant::now() + self.settings.wait_limit;
        let mut pause = Duration::from_millis(10);
        let mut lock_wait = crate::telemetry::LockWait::default();
        let mut waiting = lease::Waiting::default();
        loop {
            let current = self.current(scope).await?;
            if let Some(stale) = stale.filter(|s| current.as_ref().is_some_and(|r| r.holds(s))) {
                // Compare-and-expire: a no-op when another client renewed meanwhile.
                self.settings.store.expire(scope, stale).await?;
            }
            let generation = current.as_ref().map(|record| record.generation);
            if let Some(record) = current.filter(|r| self.good(r, stale, clock.now())) {
                return Ok(record);
            }
            let lease = self
                .settings
                .store
                .try_lock(scope, self.settings.lease)
                .await?;
            if lease.is_none() {
                waiting.held(scope, self.settings.lease, generation);
            }
            if let Some(lease) = lease {
                waiting.taken(scope, generation);
                let pass = self
                    .renew_locked(client, calls, clock, stale, &lease, local)
                    .await;
                if let Err(error) = self.settings.store.unlock(scope, lease).await {
                    tracing::warn!(error = %error.report(), "cannot release the renewal lock; it lapses with its lease");
                }
                if let Pass::Done(record) = pass? {
                    return Ok(record);
                }
            }
            if Instant::now() >= deadline {
                return Err(Error::auth(format!(
                    "another client held the renewal lock of {scope} for {:?} (its token call and two leases of {:?}) without storing a new token",
                    self.settings.wait_limit, self.settings.lease
                )));
            }
            // Backoff with jitter: between half and one and a half of the pause.
            lock_wait.pause(pause.mul_f64(0.5 + fastrand::f64())).await;
            pause = (pause * 2).min(Duration::from_millis(250));
        }
    }

    /// Stores the pair kept in process, if there is one. While the store still fails, its
    /// access token is served as long as it is good; once stored (or once the store holds a
    /// newer pair), the caller reads the store as usual.
    async fn store_pending(
        &self,
        scope: &str,
        clock: &dyn Clock,
        stale: Option<&SecretString>,
    ) -> Result<Option<TokenRecord>, Error> {
        let Some(pending) = self.pending.take() else {
            return Ok(None);
        };
        let saved = self
            .settings
            .store
            .save(scope, pending.expected, &pending.record)
            .await;
        match saved {
            Ok(true) => tracing::info!(
                generation = pending.record.generation,
                "a renewed pair the store could not take earlier is stored now"
            ),
            Ok(false) => tracing::warn!(
                "the store holds a newer pair than the one this client could not store; using the store's"
            ),
            Err(error) => {
                let record = pending.record.clone();
                self.pending.put_back(pending);
                if !self.good(&record, stale, clock.now()) {
                    return Err(error);
                }
                tracing::warn!(error = %error.report(), "the store still cannot take the renewed pair; serving it from this process");
                return Ok(Some(record));
            }
        }
        Ok(None)
    }

    /// Holding the store's lock: look again, renew if still needed, save if still current.
    #[tracing::instrument(name = "jing_api.token.renewal", level = "debug", skip_all)]
    async fn renew_locked(
        &self,
        client: &Client,
        calls: &TokenCalls,
        clock: &dyn Clock,
        stale: Option<&SecretString>,
        lease: &Lease,
        local: &mut Local,
    ) -> Result<Pass, Error> {
        let scope = client.token_scope();
        let current = self.current(scope).await?;
        if let Some(record) = current
            .as_ref()
            .filter(|r| self.good(r, stale, clock.now()))
        {
            return Ok(Pass::Done(record.clone()));
        }
        let expected = current.as_ref().map_or(0, |record| record.generation);
        // Generations only grow, also when the store lost its record and this process
        // renews from the one it remembers.
        let generation = expected.max(local.record.as_ref().map_or(0, |r| r.generation)) + 1;
        let candidates = self.candidates(scope, current.as_ref(), local).await?;
        let access = current.as_ref().map(|record| &record.access_token);
        let fetching = refresh::fetch(
            client,
            calls,
            (&self.configured.app_secret, &self.settings.secret_codes),
            candidates,
            access,
        );
        let store = self.settings.store.as_ref();
        match lease::keeping(store, scope, (lease, self.settings.lease), fetching).await {
            Fetched::Issued(issued, used) => {
                let record = issued_record(issued, used, clock.now(), generation)?;
                self.store_issued(scope, expected, record).await
            }
            Fetched::Refused(fingerprints, error) => {
                crate::telemetry::renewal(crate::telemetry::Renewal::Failed);
                for fingerprint in fingerprints {
                    if let Err(error) = self.settings.store.reject(scope, &fingerprint).await {
                        tracing::warn!(error = %error.report(), "cannot remember a refused refresh token in the store; this process remembers it");
                    }
                    local.rejected.insert(fingerprint);
                }
                // A renewal that raced this one may have stored a newer pair.
                if self.newer(scope, expected, local).await? {
                    return Ok(Pass::Again);
                }
                Err(refresh::lockout(client, Some(error)))
            }
            Fetched::Nothing if self.knows_no_refresh_token(current.as_ref()) => Err(Error::auth(
                "no refresh token to renew the access token with; supply .refresh_token(..) or .access_token(..)",
            )),
            Fetched::Nothing => Err(refresh::lockout(client, None)),
            Fetched::Failed(error) => {
                crate::telemetry::renewal(crate::telemetry::Renewal::Failed);
                // A failure on the way says nothing of the refresh token; a renewal that
                // outlived its lease may still have raced another client's, though.
                if self.newer(scope, expected, local).await? {
                    return Ok(Pass::Again);
                }
                Err(error)
            }
        }
    }

    /// The refresh tokens to try, none the server refused before: the stored one; then the
    /// one of the record this process used last, should the store have lost its record or
    /// hold a dead one (a running process still knows the pair); then the configured one.
    async fn candidates(
        &self,
        scope: &str,
        current: Option<&TokenRecord>,
        local: &Local,
    ) -> Result<Vec<(SecretString, String)>, Error> {
        let tokens = [
            current
                .filter(|record| record.generation > 0)
                .and_then(|record| record.refresh_token.as_ref()),
            local
                .record
                .as_ref()
                .and_then(|record| record.refresh_token.as_ref()),
            self.configured.refresh_token.as_ref(),
        ];
        let known = Known {
            store: self.settings.store.as_ref(),
            scope,
            app_secret: &self.configured.app_secret,
            refused_here: &local.rejected,
        };
        refresh::candidates(&known, tokens).await
    }

    /// Whether neither the store nor the configuration has a refresh token at all.
    fn knows_no_refresh_token(&self, current: Option<&TokenRecord>) -> bool {
        current.is_none_or(|record| record.refresh_token.is_none())
            && self.configured.refresh_token.is_none()
    }

    /// Whether the store now holds another pair than generation `expected`, with a refresh
    /// token not refused: one stored by a renewal that raced this one.
    async fn newer(&self, scope: &str, expected: u64, local: &Local) -> Result<bool, Error> {
        let Some(stored) = self.settings.store.load(scope).await? else {
            return Ok(false);
        };
        let refused = stored.refresh_token.as_ref().is_none_or(|token| {
            local
                .rejected
                .contains(&fingerprint(&self.configured.app_secret, token))
        });
        Ok(stored.generation != expected && !refused)
    }

    /// Saves a pair the server issued. A refused save means the store moved on (a seed, or
    /// a renewal that raced this one): its pair is used. A failed one keeps the pair in
    /// process, to be stored at the next chance; it is never dropped.
    async fn store_issued(
        &self,
        scope: &str,
        expected: u64,
        record: TokenRecord,
    ) -> Result<Pass, Error> {
        match self.settings.store.save(scope, expected, &record).await {
            Ok(true) => {
                crate::telemetry::renewal(crate::telemetry::Renewal::Renewed);
                tracing::debug!(expires_at = ?record.expires_at, generation = record.generation, "access token renewed");
                self.issued(scope, &record);
                Ok(Pass::Done(record))
            }
            Ok(false) => {
                tracing::warn!(
                    scope,
                    "another client stored tokens while this one renewed (its lease ran out?); using theirs"
                );
                Ok(Pass::Again)
            }
            Err(error) => {
                crate::telemetry::renewal(crate::telemetry::Renewal::Renewed);
                tracing::warn!(error = %error.report(), "the renewed pair could not be stored; this process keeps it and stores it at the next chance");
                self.issued(scope, &record);
                self.pending.put_back(Pending {
                    record: record.clone(),
                    expected,
                });
                self.pending
                    .keep_trying(Arc::clone(&self.settings.store), scope);
                Ok(Pass::Done(record))
            }
        }
    }

    /// Hands a new pair to the user's hook, if any.
    fn issued(&self, scope: &str, record: &TokenRecord) {
        if let Some(hook) = &self.settings.hook {
            let app_id = scope.rsplit_once('@').map_or(scope, |(app_id, _)| app_id);
            hook(app_id, record);
        }
    }
}

impl ManagedTokens for TokenManager {
    fn access_token<'a>(
        &'a self,
        client: &'a Client,
        clock: &'a dyn Clock,
        stale: Option<&'a SecretString>,
    ) -> BoxFuture<'a, Result<SecretString, Error>> {
        let calls = self.settings.calls;
        Box::pin(TokenManager::access_token(
            self, client, calls, clock, stale,
        ))
    }

    fn flush<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(TokenManager::flush(self, scope))
    }
}
