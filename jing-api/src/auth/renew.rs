//! The refresh cycle over a [`TokenStore`]: single-flight renewal across every client that
//! shares the store (see [`crate::store`] for the reasons behind each step).
//!
//! Per call: the client's own copy of the record, when it is neither expiring nor the token
//! just rejected. Otherwise, holding the client's async lock (so one task per process goes
//! on): read the store (a stored pair wins over the configured tokens); compare-and-expire
//! the rejected token; use the stored token if it is good; else take the store's renewal
//! lock, read again, renew, save with compare-and-set, release. A client that cannot take
//! the lock waits with backoff and jitter for the holder's new generation.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use secrecy::{ExposeSecret, SecretString};

use super::{IssuedToken, TokenCalls, TokenCredentials, auth_error};
use crate::clock::Clock;
use crate::store::{TokenRecord, TokenStore, TokensIssuedHook};
use crate::{Client, Error};

/// How a managed client renews: where the record lives and when to renew.
pub(crate) struct TokenSettings {
    pub(crate) store: Arc<dyn TokenStore>,
    /// Renew this long (plus a random share of it) before the token expires.
    pub(crate) margin: Duration,
    /// The longest a renewal may hold the store's lock.
    pub(crate) lease: Duration,
    pub(crate) hook: Option<TokensIssuedHook>,
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
    /// This client's share of early renewal, drawn once, so clients spread out.
    jitter: Duration,
    /// The record last used; the async lock makes one task per client do the store's work.
    local: tokio::sync::Mutex<Option<TokenRecord>>,
}

/// Why a pass of the renewal loop did not produce a token.
enum Pass {
    Done(TokenRecord),
    /// Another client holds the lock, or wrote first: look again.
    Again,
}

impl TokenManager {
    pub(crate) fn new(configured: Configured, settings: TokenSettings) -> Self {
        let jitter = settings.margin.mul_f64(fastrand::f64() / 2.0);
        TokenManager {
            configured,
            settings,
            jitter,
            local: tokio::sync::Mutex::new(None),
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
        if let Some(record) = local.as_ref().filter(|r| self.good(r, stale, clock.now())) {
            return Ok(record.access_token.clone());
        }
        let record = self.shared(client, calls, clock, stale).await?;
        let token = record.access_token.clone();
        *local = Some(record);
        Ok(token)
    }

    /// Neither the rejected token nor expiring within the margin and this client's jitter.
    fn good(&self, record: &TokenRecord, stale: Option<&SecretString>, now: SystemTime) -> bool {
        let rejected = stale.is_some_and(|stale| record.holds(stale));
        let expiring = record
            .expires_at
            .is_some_and(|at| now + self.settings.margin + self.jitter >= at);
        !rejected && !expiring
    }

    /// The stored record; when the store holds none, the configured tokens (generation 0).
    async fn current(&self, app_id: &str) -> Result<Option<TokenRecord>, Error> {
        if let Some(stored) = self.settings.store.load(app_id).await? {
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
    ) -> Result<TokenRecord, Error> {
        let app_id = client.app_id();
        let deadline = Instant::now() + self.settings.lease * 3;
        let mut pause = Duration::from_millis(10);
        let mut lock_wait = crate::telemetry::LockWait::default();
        loop {
            let current = self.current(app_id).await?;
            if let Some(stale) = stale.filter(|s| current.as_ref().is_some_and(|r| r.holds(s))) {
                // Compare-and-expire: a no-op when another client renewed meanwhile.
                self.settings.store.expire(app_id, stale).await?;
            }
            if let Some(record) = current.filter(|r| self.good(r, stale, clock.now())) {
                return Ok(record);
            }
            if let Some(lease) = self
                .settings
                .store
                .try_lock(app_id, self.settings.lease)
                .await?
            {
                let pass = self.renew_locked(client, calls, clock, stale).await;
                if let Err(error) = self.settings.store.unlock(app_id, lease).await {
                    tracing::warn!(%error, "cannot release the renewal lock; it lapses with its lease");
                }
                if let Pass::Done(record) = pass? {
                    return Ok(record);
                }
            }
            if Instant::now() >= deadline {
                return Err(Error::Auth {
                    message: format!(
                        "another client held the renewal lock of app id {app_id} for longer than three leases ({:?}) without storing a new token",
                        self.settings.lease * 3
                    ),
                    request_id: None,
                });
            }
            // Backoff with jitter: between half and one and a half of the pause.
            lock_wait.pause(pause.mul_f64(0.5 + fastrand::f64())).await;
            pause = (pause * 2).min(Duration::from_millis(250));
        }
    }

    /// Holding the store's lock: look again, renew if still needed, save if still current.
    #[tracing::instrument(name = "jing_api.token.renewal", level = "debug", skip_all)]
    async fn renew_locked(
        &self,
        client: &Client,
        calls: &TokenCalls,
        clock: &dyn Clock,
        stale: Option<&SecretString>,
    ) -> Result<Pass, Error> {
        let app_id = client.app_id();
        let current = self.current(app_id).await?;
        if let Some(record) = current
            .as_ref()
            .filter(|r| self.good(r, stale, clock.now()))
        {
            return Ok(Pass::Done(record.clone()));
        }
        let expected = current.as_ref().map_or(0, |record| record.generation);
        let (issued, used_refresh) = match self.fetch(client, calls, current.as_ref()).await {
            Ok(fetched) => fetched,
            Err(error) => {
                crate::telemetry::renewal(crate::telemetry::Renewal::Failed);
                // A renewal that outlived its lease may have raced another client's, whose
                // new refresh token retired the one used here: take the newer pair if stored.
                let newer = self.current(app_id).await?.filter(|record| {
                    record.generation > expected && self.good(record, stale, clock.now())
                });
                return newer.map(Pass::Done).ok_or(error);
            }
        };
        let Some(access_token) = issued.access_token else {
            return Err(Error::Auth {
                message: "the token call answered without an access token".to_owned(),
                request_id: None,
            });
        };
        let record = TokenRecord::new(
            SecretString::from(access_token),
            issued
                .refresh_token
                .map(SecretString::from)
                .or(used_refresh),
            issued
                .expires_in
                .and_then(|seconds| u64::try_from(seconds).ok())
                .map(|seconds| clock.now() + Duration::from_secs(seconds)),
            expected + 1,
        );
        if !self.settings.store.save(app_id, expected, &record).await? {
            tracing::warn!(
                app_id,
                "another client stored tokens while this one renewed (its lease ran out?); using theirs"
            );
            return Ok(Pass::Again);
        }
        crate::telemetry::renewal(crate::telemetry::Renewal::Renewed);
        tracing::debug!(expires_at = ?record.expires_at, generation = record.generation, "access token renewed");
        if let Some(hook) = &self.settings.hook {
            hook(app_id, &record);
        }
        Ok(Pass::Done(record))
    }

    /// Refreshes with the stored refresh token, then with the configured one if it differs
    /// (a pair stored long ago may have lapsed); falls back to Get Access Token where the
    /// spec has it; otherwise says what to supply. Also returns the refresh token used.
    async fn fetch(
        &self,
        client: &Client,
        calls: &TokenCalls,
        current: Option<&TokenRecord>,
    ) -> Result<(IssuedToken, Option<SecretString>), Error> {
        let mut candidates: Vec<&SecretString> = current
            .and_then(|record| record.refresh_token.as_ref())
            .into_iter()
            .collect();
        if let Some(configured) = &self.configured.refresh_token {
            if !candidates
                .iter()
                .any(|c| c.expose_secret() == configured.expose_secret())
            {
                candidates.push(configured);
            }
        }
        let access = current.map(|record| &record.access_token);
        let credentials = |refresh_token| TokenCredentials {
            app_id: client.app_id(),
            app_secret: &self.configured.app_secret,
            refresh_token,
            access_token: access,
        };
        let mut refused = None;
        if let Some(refresh) = calls.refresh_token {
            for candidate in candidates {
                match refresh(client, credentials(Some(candidate))).await {
                    Ok(issued) => return Ok((issued, Some(candidate.clone()))),
                    Err(error) => {
                        tracing::debug!(%error, "a refresh token was refused");
                        refused = Some(error);
                    }
                }
            }
        }
        match (refused, calls.get_access_token) {
            (_, Some(get)) => get(client, credentials(None)).await.map(|issued| (issued, None)).map_err(|error| auth_error("Get Access Token failed", error)),
            // A refusal says the refresh token is spent; a failure on the way (transport, a
            // 5xx, an answer that does not decode) says nothing of it and is given as it is.
            (Some(error), None) if !is_refusal(&error) => Err(error),
            (Some(error), None) => Err(auth_error(
                "the refresh token was rejected (it lasts 30 days) and no other way to obtain a token is known yet: supply a new refresh token or an access token",
                error,
            )),
            (None, None) => Err(Error::Auth {
                message: "no refresh token to renew the access token with; supply .refresh_token(..) or .access_token(..)".to_owned(),
                request_id: None,
            }),
        }
    }
}

/// Whether a token call's error is the server refusing the credentials (an API code or a
/// 4xx), rather than a failure on the way.
fn is_refusal(error: &Error) -> bool {
    match error {
        Error::Api { status, .. } | Error::Http { status, .. } => *status < 500,
        Error::Auth { .. } => true,
        _ => false,
    }
}
