//! Naming a scope (an app id on a server), and writing into a store from outside the
//! renewal protocol: seeding a new refresh token, and carrying a record from one store to
//! another. The protocol itself is `auth/renew.rs`.

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::tokens::{EXPIRED, TokenRecord, TokenStore};
use crate::Error;

/// The scope stores keep the tokens and budgets of `app_id` on the server of `base_url`
/// under: `<app_id>@<server>`, the server being the base URL's host, its port when not the
/// scheme's default, and its path without the trailing slash (a proxy prefix may lead to
/// another backend). `https://jingopenapi.jingsocial.com/` and `app` give
/// `app@jingopenapi.jingsocial.com`. A base URL the client would refuse is refused here.
///
/// ```
/// let scope = jing_api::store::scope("http://127.0.0.1:8080/", "100000000000000000000000001")?;
/// assert_eq!(scope, "100000000000000000000000001@127.0.0.1:8080");
/// # Ok::<(), jing_api::Error>(())
/// ```
pub fn scope(base_url: &str, app_id: &str) -> Result<String, Error> {
    Ok(scope_of(
        &crate::base_url::parse_base_url(base_url)?,
        app_id,
    ))
}

/// [`scope`] of a parsed base URL. The server part never holds an `@` (credentials are not
/// part of it), so the scope names one app id on one server and no other.
pub(crate) fn scope_of(base_url: &Url, app_id: &str) -> String {
    let mut server = base_url.host_str().unwrap_or_default().to_ascii_lowercase();
    if let Some(port) = base_url.port() {
        server.push_str(&format!(":{port}"));
    }
    let path = base_url.path().trim_end_matches('/');
    server.push_str(path);
    format!("{app_id}@{server}")
}

/// Writes `refresh_token` into `store` as the refresh token of `scope` (see [`scope`]), for
/// when the one there was lost or refused: the next call of any client sharing the store
/// renews with it. The record written has a generation above the stored one, so it wins
/// over a pair a client could not store yet, and no access token (it is renewed first).
/// Returns the record written. `jing auth seed` does the same from the command line.
///
/// 向共享存储写入新的刷新令牌（令牌丢失或被拒后使用）。
///
/// ```
/// # async fn example() -> Result<(), jing_api::Error> {
/// use jing_api::auth::SecretString;
/// use jing_api::store::{MemoryTokenStore, scope, seed};
///
/// let store = MemoryTokenStore::new();
/// let scope = scope("https://jingopenapi.jingsocial.com", "100000000000000000000000001")?;
/// let seeded = seed(&store, &scope, SecretString::from("a-new-refresh-token")).await?;
/// assert_eq!(seeded.generation, 1);
/// # Ok(()) }
/// ```
pub async fn seed(
    store: &dyn TokenStore,
    scope: &str,
    refresh_token: SecretString,
) -> Result<TokenRecord, Error> {
    if refresh_token.expose_secret().trim().is_empty() {
        return Err(Error::config("the refresh token to seed is empty"));
    }
    // Compare-and-set until no renewal slips in between; a handful of tries is plenty, as
    // renewals are seconds apart at the very least.
    for _ in 0..16 {
        let expected = store
            .load(scope)
            .await?
            .map_or(0, |record| record.generation);
        let record = TokenRecord::new(
            SecretString::from(String::new()),
            Some(refresh_token.clone()),
            Some(EXPIRED),
            expected + 1,
        );
        if store.save(scope, expected, &record).await? {
            return Ok(record);
        }
    }
    Err(Error::config(format!(
        "the store's record of {scope} kept changing while it was seeded: try again"
    )))
}

/// Copies the record of `scope` from `from` into `to` when `to` holds none (moving a fleet
/// from one store to another, say from `jing`'s file cache to Redis), keeping its
/// generation. Once `to` holds a record nothing is copied again, so a pair renewed there is
/// never replaced by an older copy. Returns whether a record was copied.
pub async fn copy_tokens(
    from: &dyn TokenStore,
    to: &dyn TokenStore,
    scope: &str,
) -> Result<bool, Error> {
    let Some(record) = from.load(scope).await? else {
        return Ok(false);
    };
    if to.load(scope).await?.is_some() {
        return Ok(false);
    }
    // Expected 0: written only while `to` still holds nothing.
    to.save(scope, 0, &record).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_is_the_app_id_at_the_server() {
        let cases = [
            (
                "https://jingopenapi.jingsocial.com",
                "app@jingopenapi.jingsocial.com",
            ),
            (
                "https://JingOpenAPI.jingsocial.com:443/",
                "app@jingopenapi.jingsocial.com",
            ),
            ("http://127.0.0.1:8080", "app@127.0.0.1:8080"),
            ("https://proxy.example/jing/", "app@proxy.example/jing"),
            ("https://user:pass@proxy.example/", "app@proxy.example"),
        ];
        for (base_url, expected) in cases {
            assert_eq!(
                scope(base_url, "app").ok().as_deref(),
                Some(expected),
                "{base_url}"
            );
        }
        assert_ne!(
            scope("https://staging.example", "app").ok(),
            scope("https://production.example", "app").ok()
        );
        assert!(
            scope("http://example.com", "app").is_err(),
            "plain http off loopback"
        );
    }
}
