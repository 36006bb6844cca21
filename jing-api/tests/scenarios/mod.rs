//! Scenarios every token store must pass, run by `token_stores.rs` (memory, file) and
//! `redis_store.rs` (a real Redis server). Each client gets its own store handle (as a
//! process of its own would) on the same backing state; they must renew once between them.
//!
//! The assertions count the token calls the mock received, so they hold as well against a
//! stricter mock (expiring tokens, rotating refresh tokens): a second renewal, or a renewal
//! with a refresh token that was already replaced, shows as an extra call or a failure.

#![allow(dead_code, reason = "each test file uses the scenarios it needs")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jing_api::auth::{ExposeSecret, SecretString};
use jing_api::clock::ManualClock;
use jing_api::customer::CreateCustomer;
use jing_api::mock::{MockServer, codes};
use jing_api::store::{TokenRecord, TokenStore};
use jing_api::{Client, ClientBuilder, Error};

/// The mock's token lifetime in these scenarios.
pub const LIFETIME: Duration = Duration::from_secs(7200);

/// A mock that does not enforce limits (many clients each with their own limiter).
pub async fn mock() -> MockServer {
    MockServer::builder()
        .rate_limits(false)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// A clock at a fixed instant.
pub fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    ))
}

/// A client with the mock's app secret and refresh token but no access token.
pub fn builder(
    mock: &MockServer,
    store: Arc<dyn TokenStore>,
    clock: Arc<ManualClock>,
) -> ClientBuilder {
    let credentials = mock.credentials();
    Client::builder()
        .base_url(mock.base_url())
        .app_id(&credentials.app_id)
        .app_secret(&credentials.app_secret)
        .refresh_token(&credentials.refresh_token)
        .token_rejected_codes([codes::TOKEN_INVALID])
        .refresh_margin(Duration::from_secs(10))
        .token_store(store)
        .clock(clock)
}

pub fn build(builder: ClientBuilder) -> Client {
    builder.build().unwrap_or_else(|error| panic!("{error}"))
}

/// How many token calls the mock answered.
pub fn token_calls(mock: &MockServer) -> usize {
    mock.received()
        .iter()
        .filter(|request| request.endpoint == Some("refresh_token"))
        .count()
}

/// Every client sends `per_client` calls at once; every call must succeed.
pub async fn all_call(clients: &[Client], per_client: usize) {
    let mut tasks = Vec::new();
    for client in clients {
        for _ in 0..per_client {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                client
                    .customer()
                    .create(CreateCustomer::new("Acme", "bt"))
                    .await
            }));
        }
    }
    for task in tasks {
        let outcome = task.await.unwrap_or_else(|error| panic!("{error}"));
        if let Err(error) = outcome {
            panic!("a call failed: {error}");
        }
    }
}

/// Clients sharing one store renew once per expiry, and once after a burst of rejections;
/// the hook sees every renewal.
pub async fn renew_once_per_expiry(stores: Vec<Arc<dyn TokenStore>>) {
    let mock = mock().await;
    let clock = clock();
    let issued = Arc::new(AtomicUsize::new(0));
    let clients: Vec<Client> = stores
        .into_iter()
        .map(|store| {
            let issued = Arc::clone(&issued);
            build(
                builder(&mock, store, Arc::clone(&clock)).on_tokens_issued(move |_, record| {
                    assert!(record.generation > 0);
                    issued.fetch_add(1, Ordering::SeqCst);
                }),
            )
        })
        .collect();
    for round in 1..=3 {
        all_call(&clients, 8).await;
        assert_eq!(
            token_calls(&mock),
            round,
            "round {round}: one renewal for all clients"
        );
        clock.advance(LIFETIME);
    }
    // Every token the clients hold is now rejected at once: one renewal, not one per call.
    all_call(&clients, 8).await;
    let before = token_calls(&mock);
    mock.expire_tokens();
    all_call(&clients, 8).await;
    assert_eq!(
        token_calls(&mock),
        before + 1,
        "a burst of rejections renews once"
    );
    assert_eq!(
        issued.load(Ordering::SeqCst),
        token_calls(&mock),
        "the hook saw every renewal"
    );
}

/// A client whose token was replaced by another's renewal, once rejected, takes the stored
/// token: it expires only the token it was refused, so no second renewal follows.
pub async fn rejection_expires_only_the_rejected_token(
    first: Arc<dyn TokenStore>,
    second: Arc<dyn TokenStore>,
    probe: Arc<dyn TokenStore>,
) {
    let mock = mock().await;
    let clock = clock();
    let a = build(builder(&mock, first, Arc::clone(&clock)));
    let b = build(builder(&mock, second, Arc::clone(&clock)));
    all_call(&[a.clone(), b.clone()], 2).await;
    assert_eq!(token_calls(&mock), 1);
    mock.expire_tokens();
    all_call(std::slice::from_ref(&a), 1).await;
    assert_eq!(token_calls(&mock), 2, "a renewed after the rejection");
    let renewed = load(&*probe, a.token_scope()).await;
    // b still holds the first token: refused, it must not expire a's.
    all_call(std::slice::from_ref(&b), 1).await;
    assert_eq!(
        token_calls(&mock),
        2,
        "b used a's token instead of renewing"
    );
    let after = load(&*probe, a.token_scope()).await;
    assert_eq!(after.generation, renewed.generation);
    assert_eq!(
        after.expires_at, renewed.expires_at,
        "the stored token was left alone"
    );
    assert!(
        after
            .expires_at
            .is_some_and(|at| at > SystemTime::UNIX_EPOCH)
    );
}

/// A pair already in the store wins over the refresh token the client was configured with,
/// which may have been rotated away: the client renews with the stored one.
pub async fn a_stored_pair_wins(store: Arc<dyn TokenStore>) {
    let mock = mock().await;
    let clock = clock();
    let credentials = mock.credentials().clone();
    let seeded = TokenRecord::new(
        SecretString::from(credentials.access_token.clone()),
        Some(SecretString::from(credentials.refresh_token.clone())),
        None,
        5,
    );
    let scope = jing_api::store::scope(&mock.base_url(), &credentials.app_id)
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(saved(store.save(&scope, 0, &seeded).await));
    let client =
        build(builder(&mock, Arc::clone(&store), Arc::clone(&clock)).refresh_token("rotated-away"));
    all_call(std::slice::from_ref(&client), 1).await;
    assert_eq!(token_calls(&mock), 0, "the stored access token was used");
    mock.expire_tokens();
    all_call(std::slice::from_ref(&client), 1).await;
    let refreshes: Vec<String> = mock
        .received()
        .iter()
        .filter(|request| request.endpoint == Some("refresh_token"))
        .map(|request| {
            request.json()["refresh_token"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(refreshes, std::slice::from_ref(&credentials.refresh_token));
    let stored = load(&*store, &scope).await;
    assert_eq!(stored.generation, 6);
    assert!(!stored.holds(&SecretString::from(credentials.access_token)));
}

/// The store's own steps: compare-and-set by generation, compare-and-expire, the lock.
pub async fn store_steps(store: &dyn TokenStore, other: &dyn TokenStore) {
    let app = "store-steps-app";
    let record = |access: &str, generation| {
        TokenRecord::new(
            SecretString::from(access.to_owned()),
            Some(SecretString::from(format!("refresh-{access}"))),
            Some(UNIX_EPOCH + Duration::from_secs(2_000_000_000)),
            generation,
        )
    };
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
    assert!(again.is_some(), "released");
}

fn saved(result: Result<bool, Error>) -> bool {
    result.unwrap_or_else(|error| panic!("{error}"))
}

fn expired(result: Result<bool, Error>) -> bool {
    result.unwrap_or_else(|error| panic!("{error}"))
}

async fn load_none(store: &dyn TokenStore, app: &str) -> bool {
    store
        .load(app)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .is_none()
}

pub async fn load(store: &dyn TokenStore, app: &str) -> TokenRecord {
    match store.load(app).await {
        Ok(Some(record)) => record,
        Ok(None) => panic!("the store holds no record for {app}"),
        Err(error) => panic!("{error}"),
    }
}
