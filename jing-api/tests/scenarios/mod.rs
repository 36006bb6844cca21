//! Scenarios every token store must pass, run by `it/token_stores.rs` (memory, file) and
//! `redis_store.rs` (a real Redis server). Each client gets its own store handle (as a
//! process of its own would) on the same backing state; they must renew once between them.
//! The store's own steps, below the renewal, are `scenarios/store_steps.rs`.
//!
//! The assertions count the token calls the mock received, so they hold as well against a
//! stricter mock (expiring tokens, rotating refresh tokens): a second renewal, or a renewal
//! with a refresh token that was already replaced, shows as an extra call or a failure.

#![allow(dead_code, reason = "each test file uses the scenarios it needs")]

mod store_steps;

pub use store_steps::store_steps;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jing_api::auth::{ExposeSecret, SecretString};
use jing_api::clock::ManualClock;
use jing_api::customer::CreateCustomer;
use jing_api::store::{TokenRecord, TokenStore};
use jing_api::{Client, ClientBuilder, Error};
use jing_mock::{MockServer, codes};

/// Everything `error` shows a person: its `Display` and `Debug`, and the `Display` of every
/// error under it.
pub fn everything_shown(error: &Error) -> String {
    let mut shown = format!("{error:?}");
    let mut under: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = under {
        shown.push('\n');
        shown.push_str(&error.to_string());
        under = error.source();
    }
    shown
}

/// The first error of type `T` under `error` (through `source()`).
pub fn cause<T: std::error::Error + 'static>(error: &Error) -> Option<&T> {
    let mut under = std::error::Error::source(error);
    while let Some(error) = under {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        under = error.source();
    }
    None
}

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

/// A mock in the strictest token modes: each renewal rotates the refresh token and retires
/// every earlier access token.
pub async fn strict_mock() -> MockServer {
    MockServer::builder()
        .rate_limits(false)
        .rotate_refresh_tokens(true)
        .invalidate_on_refresh(true)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Every client sends one call; what each got.
pub async fn each_call(clients: &[Client]) -> Vec<Result<(), Error>> {
    let mut outcomes = Vec::new();
    for client in clients {
        let created = client
            .customer()
            .create(CreateCustomer::new("Acme", "bt"))
            .await;
        outcomes.push(created.map(|_| ()));
    }
    outcomes
}

/// The store loses its state (`lose`: a Redis restarted without persistence, a deleted
/// folder) under a strict mock. Running clients do not notice: the first renewal sends
/// the refresh token one of them remembers and writes the pair back (no refused token
/// call). Clients with no memory (command-line runs) after a second loss are locked out
/// with one refused token call for all of them, and a seed lets them in again.
pub async fn a_lost_store_is_refilled_and_a_lockout_is_bounded(
    stores: [Arc<dyn TokenStore>; 4],
    mut lose: impl FnMut(),
) {
    let mock = strict_mock().await;
    let clock = clock();
    let [first, second, third, fourth] = stores;
    let running = [
        build(builder(&mock, Arc::clone(&first), Arc::clone(&clock))),
        build(builder(&mock, second, Arc::clone(&clock))),
    ];
    all_call(&running, 2).await;
    assert_eq!(token_calls(&mock), 1);

    lose();
    mock.expire_tokens();
    all_call(&running, 2).await;
    assert_eq!(token_calls(&mock), 2, "one renewal after the loss");
    assert_eq!(mock.stats().rejected_auth, 0, "no refresh token refused");
    let refilled = load(&*first, running[0].token_scope()).await;
    assert_eq!(
        refilled
            .refresh_token
            .map(|token| token.expose_secret().to_owned()),
        Some(mock.refresh_token()),
        "the store holds the live refresh token again"
    );
    assert!(refilled.generation >= 2, "generations only grow");

    // Lost again, and no process left that remembers the pair.
    drop(running);
    lose();
    let runs = [
        build(builder(&mock, Arc::clone(&third), Arc::clone(&clock))),
        build(builder(&mock, fourth, Arc::clone(&clock))),
    ];
    for round in 0..3 {
        for outcome in each_call(&runs).await {
            match outcome {
                Err(Error::RefreshTokenRejected { message, .. }) => {
                    assert!(message.contains("jing auth seed"), "{message}");
                }
                other => panic!("round {round}: expected a lockout, got {other:?}"),
            }
        }
    }
    assert_eq!(
        mock.stats().rejected_auth,
        1,
        "the configured (dead) refresh token was sent once for all clients and rounds"
    );
    let scope = runs[0].token_scope().to_owned();
    let live = SecretString::from(mock.refresh_token());
    jing_api::store::seed(&*third, &scope, live)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    for outcome in each_call(&runs).await {
        outcome.unwrap_or_else(|error| panic!("after the seed: {error}"));
    }
    assert_eq!(token_calls(&mock), 4, "one renewal with the seeded token");
    assert_eq!(mock.stats().rejected_auth, 1);
}

/// Clients of two servers (staging and production: two mocks) with one app id and the same
/// credentials share one store: each server's tokens are kept apart, so neither fleet
/// retires the other's tokens (strict mocks) and each renews once per expiry.
pub async fn two_servers_with_one_app_id_keep_apart(store: Arc<dyn TokenStore>) {
    let (staging, production) = (strict_mock().await, strict_mock().await);
    assert_eq!(staging.credentials(), production.credentials());
    let clock = clock();
    let fleets = [&staging, &production]
        .map(|mock| [0, 1].map(|_| build(builder(mock, Arc::clone(&store), Arc::clone(&clock)))));
    for round in 1..=3 {
        for fleet in &fleets {
            all_call(fleet, 2).await;
        }
        for mock in [&staging, &production] {
            assert_eq!(
                token_calls(mock),
                round,
                "round {round}: one renewal per server"
            );
            let stats = mock.stats();
            assert_eq!((stats.rejected_auth, stats.rejected_token), (0, 0));
            mock.expire_tokens();
        }
        clock.advance(LIFETIME);
    }
    let scopes = [fleets[0][0].token_scope(), fleets[1][0].token_scope()];
    assert_ne!(scopes[0], scopes[1]);
    for scope in scopes {
        assert!(load(&*store, scope).await.generation >= 3, "{scope}");
    }
}

/// Whether a save was taken; a store error fails the test.
pub fn saved(result: Result<bool, Error>) -> bool {
    result.unwrap_or_else(|error| panic!("{error}"))
}

pub async fn load(store: &dyn TokenStore, app: &str) -> TokenRecord {
    match store.load(app).await {
        Ok(Some(record)) => record,
        Ok(None) => panic!("the store holds no record for {app}"),
        Err(error) => panic!("{error}"),
    }
}
