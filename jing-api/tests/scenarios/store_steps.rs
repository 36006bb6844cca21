//! The steps of the token store protocol, one store handle against another on the same
//! backing state: compare-and-set by generation, compare-and-expire, the renewal lock, a
//! store that lost its record, and the refused refresh tokens.

use std::time::{Duration, UNIX_EPOCH};

use jing_api::Error;
use jing_api::auth::{ExposeSecret, SecretString};
use jing_api::store::{TokenRecord, TokenStore};

use super::{load, saved};

/// The store's own steps: compare-and-set by generation, compare-and-expire, the lock,
/// a lost record, the refused refresh tokens.
pub async fn store_steps(store: &dyn TokenStore, other: &dyn TokenStore) {
    let app = "store-steps-app";
    record_steps(store, other, app).await;
    lock_steps(store, other, app).await;
    lost_and_refused_steps(store, other, app).await;
}

/// A record of generation `generation` whose access token is `access`.
fn step_record(access: &str, generation: u64) -> TokenRecord {
    TokenRecord::new(
        SecretString::from(access.to_owned()),
        Some(SecretString::from(format!("refresh-{access}"))),
        Some(UNIX_EPOCH + Duration::from_secs(2_000_000_000)),
        generation,
    )
}

/// Compare-and-set by generation, and compare-and-expire.
async fn record_steps(store: &dyn TokenStore, other: &dyn TokenStore, app: &str) {
    let record = step_record;
    assert!(load_none(store, app).await);
    assert!(saved(store.save(app, 0, &record("t1", 1)).await));
    assert!(
        !saved(other.save(app, 0, &record("t1b", 1)).await),
        "a stale generation is refused"
    );
    assert!(saved(other.save(app, 1, &record("t2", 2)).await));
    let stored = load(store, app).await;
    assert_eq!(stored.access_token.expose_secret(), "t2");
    assert_eq!(
        stored
            .refresh_token
            .as_ref()
            .map(|token| token.expose_secret().to_owned()),
        Some("refresh-t2".to_owned()),
        "both tokens were written together"
    );
    assert_eq!(stored.expires_at, record("t2", 2).expires_at);
    assert!(
        !expired(store.expire(app, &SecretString::from("t1")).await),
        "not the stored token"
    );
    assert_eq!(load(other, app).await.expires_at, stored.expires_at);
    assert!(expired(store.expire(app, &SecretString::from("t2")).await));
    let after = load(other, app).await;
    assert!(after.expires_at.is_some_and(|at| at <= UNIX_EPOCH));
    assert!(
        after.refresh_token.is_some(),
        "expiring keeps the refresh token"
    );
}

/// The renewal lock: exclusive, released, kept alive by its holder only.
async fn lock_steps(store: &dyn TokenStore, other: &dyn TokenStore, app: &str) {
    let lease = Duration::from_secs(30);
    let held = store
        .try_lock(app, lease)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let Some(held) = held else {
        panic!("the lock was free")
    };
    let refused = other
        .try_lock(app, lease)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(refused.is_none(), "the lock is exclusive");
    store
        .unlock(app, held)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let again = other
        .try_lock(app, lease)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let Some(again) = again else {
        panic!("released")
    };
    let kept = |result: Result<bool, Error>| result.unwrap_or_else(|error| panic!("{error}"));
    assert!(
        kept(other.extend(app, &again, lease).await),
        "its holder keeps it"
    );
    let stranger = jing_api::store::Lease::new("not-the-holder");
    assert!(
        !kept(store.extend(app, &stranger, lease).await),
        "another lease does not"
    );
    other
        .unlock(app, again)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
}

/// A store that lost its record, and the refused refresh tokens.
async fn lost_and_refused_steps(store: &dyn TokenStore, other: &dyn TokenStore, app: &str) {
    let record = step_record;
    // A store that lost its record takes a pair renewed from any generation.
    let lost = "store-steps-lost@example";
    assert!(saved(store.save(lost, 7, &record("t8", 8)).await));
    assert_eq!(load(other, lost).await.generation, 8);
    assert!(!saved(store.save(lost, 7, &record("t8b", 8)).await));

    // Refused refresh tokens, by fingerprint, per scope.
    let refused = |result: Result<Vec<String>, Error>| {
        let mut list = result.unwrap_or_else(|error| panic!("{error}"));
        list.sort();
        list
    };
    assert!(refused(store.rejected(app).await).is_empty());
    for fingerprint in ["f2", "f1", "f2"] {
        store
            .reject(app, fingerprint)
            .await
            .unwrap_or_else(|error| panic!("{error}"));
    }
    assert_eq!(refused(other.rejected(app).await), ["f1", "f2"]);
    assert!(refused(other.rejected(lost).await).is_empty());
}

/// Whether an expire found the token; a store error fails the test.
fn expired(result: Result<bool, Error>) -> bool {
    result.unwrap_or_else(|error| panic!("{error}"))
}

/// Whether the store holds no record for `app`.
async fn load_none(store: &dyn TokenStore, app: &str) -> bool {
    store
        .load(app)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .is_none()
}
