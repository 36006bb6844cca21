//! The token calls of one renewal: the refresh tokens tried in order, what a refusal is,
//! and the error that says how to get out once every refresh token is refused. Which
//! tokens to try and what to do with the answer is `renew.rs`.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use secrecy::SecretString;

use super::calls::TokenCalls;
use super::token::{IssuedToken, TokenCredentials};
use crate::Error;
use crate::client::Client;
use crate::error::BoxError;
use crate::store::tokens::{TokenRecord, TokenStore, fingerprint};

/// Where the refusals of a scope are known: the store (for every client) and this process.
pub(super) struct Known<'a> {
    pub(super) store: &'a dyn TokenStore,
    pub(super) scope: &'a str,
    /// The app secret the refresh tokens go with (part of their fingerprints).
    pub(super) app_secret: &'a SecretString,
    pub(super) refused_here: &'a BTreeSet<String>,
}

/// `tokens` in order, with their fingerprints, without repeats and without those refused
/// before (by the store's list or this process's).
pub(super) async fn candidates(
    known: &Known<'_>,
    tokens: [Option<&SecretString>; 3],
) -> Result<Vec<(SecretString, String)>, Error> {
    let refused_before: BTreeSet<String> = known
        .store
        .rejected(known.scope)
        .await?
        .into_iter()
        .collect();
    let mut candidates: Vec<(SecretString, String)> = Vec::new();
    for token in tokens.into_iter().flatten() {
        let print = fingerprint(known.app_secret, token);
        let refused = known.refused_here.contains(&print) || refused_before.contains(&print);
        if !refused && !candidates.iter().any(|(_, seen)| *seen == print) {
            candidates.push((token.clone(), print));
        }
    }
    Ok(candidates)
}

/// What the token calls of one renewal came to.
pub(super) enum Fetched {
    /// A pair, and the refresh token it was obtained with (`None`: Get Access Token).
    Issued(IssuedToken, Option<SecretString>),
    /// The server refused these refresh tokens (their fingerprints); the last refusal.
    Refused(Vec<String>, Error),
    /// No refresh token left to send: none known, or every one refused before.
    Nothing,
    /// A failure on the way (transport, a 5xx, a limit, an answer that does not decode),
    /// which says nothing of the refresh token: it is not marked, nor another one tried.
    Failed(Error),
}

/// Refreshes with each candidate in turn (refresh token and fingerprint) until one is
/// accepted; falls back to Get Access Token where the spec has it.
/// A refusal answered with one of `secret_codes` means the app id or app secret is wrong:
/// it is a failure (no refresh token is marked refused), and the error says so.
pub(super) async fn fetch(
    client: &Client,
    calls: &TokenCalls,
    (app_secret, secret_codes): (&SecretString, &BTreeSet<i64>),
    candidates: Vec<(SecretString, String)>,
    access: Option<&SecretString>,
) -> Fetched {
    let credentials = |refresh_token| TokenCredentials {
        app_id: client.app_id(),
        app_secret,
        refresh_token,
        access_token: access,
    };
    let mut refused = Vec::new();
    let mut last = None;
    if let Some(refresh) = calls.refresh_token() {
        for (candidate, print) in candidates {
            let sent = TokenCredentials {
                app_id: client.app_id(),
                app_secret,
                refresh_token: Some(&candidate),
                access_token: access,
            };
            match refresh(client, sent).await {
                Ok(issued) => return Fetched::Issued(issued, Some(candidate)),
                Err(error) if secret_refused(&error, secret_codes) => {
                    return Fetched::Failed(wrong_secret(client, error));
                }
                Err(error) if is_refusal(&error) => {
                    tracing::warn!(error = %error.report(), "the server refused a refresh token; it is not sent again");
                    refused.push(print);
                    last = Some(error);
                }
                Err(error) => return Fetched::Failed(error),
            }
        }
    }
    if let Some(get) = calls.get_access_token() {
        return match get(client, credentials(None)).await {
            Ok(issued) => Fetched::Issued(issued, None),
            Err(error) => Fetched::Failed(Error::auth_because("Get Access Token failed", error)),
        };
    }
    match last {
        Some(error) => Fetched::Refused(refused, error),
        None if calls.refresh_token().is_none() => Fetched::Failed(Error::auth(
            "no token call is known to renew the access token with (the oauth feature is off?)",
        )),
        None => Fetched::Nothing,
    }
}

/// Whether a token call's error is the server refusing the credentials (an API code or a
/// 4xx other than a rate limit), rather than a failure on the way.
fn is_refusal(error: &Error) -> bool {
    match error {
        Error::Api { status, .. } | Error::Http { status, .. } => *status < 500 && *status != 429,
        Error::Auth { .. } => true,
        _ => false,
    }
}

/// Whether `error` is an answer whose code is one of `secret_codes`.
fn secret_refused(error: &Error, secret_codes: &BTreeSet<i64>) -> bool {
    matches!(error, Error::Api { code, .. } if secret_codes.contains(code))
}

/// The error of a token call refused for a wrong app id or app secret.
fn wrong_secret(client: &Client, error: Error) -> Error {
    let code = match &error {
        Error::Api { code, .. } => *code,
        _ => 0,
    };
    Error::auth_because(
        format!(
            "the server refused the app secret (or the app id {app_id}) of the token call: answer code {code} is one of the secret_rejected_codes. Fix the app secret (--app-secret, JING_APP_SECRET or the profile's app_secret); the refresh token was not marked refused, so nothing needs seeding",
            app_id = client.app_id(),
        ),
        error,
    )
}

/// The error of a client whose every refresh token the server refused: `cause` when a
/// refusal was seen now (kept as the source), `None` when they were refused before
/// (remembered).
pub(super) fn lockout(client: &Client, cause: Option<Error>) -> Error {
    let scope = client.token_scope();
    let seen = match &cause {
        // The refusal itself is the source: a report tells its words after this message.
        Some(_) => " (refused now)".to_owned(),
        None => " (refused earlier; this process or the shared store remembers it)".to_owned(),
    };
    Error::RefreshTokenRejected {
        message: format!(
            "the server refused every refresh token this client knows for {scope} (the stored one, and the configured one if it differs; or the app secret sent with them){seen}, and none is sent again: write a new refresh token into the store this client shares, with `jing auth seed --app-id {app_id} --base-url {base_url} --refresh-token-file FILE` (add --redis URL for a Redis store) or jing_api::store::seed, or give the client a new refresh token",
            app_id = client.app_id(),
            base_url = client.base_url(),
        ),
        scope: scope.to_owned(),
        request_id: cause
            .as_ref()
            .and_then(Error::request_id)
            .map(str::to_owned),
        source: cause.map(BoxError::from),
    }
}

/// The record of a pair the server issued: its expiry and lifetime from `expires_in`; the
/// refresh token it was renewed with when the answer has none.
pub(super) fn issued_record(
    issued: IssuedToken,
    used: Option<SecretString>,
    now: SystemTime,
    generation: u64,
) -> Result<TokenRecord, Error> {
    let Some(access_token) = issued.access_token else {
        return Err(Error::auth(
            "the token call answered without an access token",
        ));
    };
    let lifetime = issued
        .expires_in
        .and_then(|seconds| u64::try_from(seconds).ok())
        .map(Duration::from_secs);
    let record = TokenRecord::new(
        SecretString::from(access_token),
        issued.refresh_token.map(SecretString::from).or(used),
        lifetime.map(|lifetime| now + lifetime),
        generation,
    );
    Ok(record.with_lifetime(lifetime))
}
