//! The runtime over real HTTP against wiremock on 127.0.0.1: the token lifecycle (renewal,
//! rejection, providers), and the helpers the other `runtime_*` files share. Retries and
//! bad servers are `runtime_faults.rs`; limits, raw calls and logs `runtime_calls.rs`.
//! Time moves through a manual clock; nothing asserts on elapsed time.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use jing_api::auth::{BoxFuture, ExposeSecret, SecretString, TokenProvider};
use jing_api::clock::ManualClock;
use jing_api::customer::CreateCustomer;
use jing_api::{Client, ClientBuilder, Error, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::ok;

pub(crate) const REFRESH: &str = "/v1/oauth2/token/refresh";
pub(crate) const CREATE: &str = "/v1/customer/create";
pub(crate) const APP_SECRET: &str = "app-secret-never-shown";
pub(crate) const REFRESH_TOKEN: &str = "refresh-token-never-shown";
pub(crate) const EXPIRED: i64 = 40001;

pub(crate) fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    }
}

pub(crate) fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .app_id("app-1")
        .retry_policy(fast_retries())
        .token_rejected_codes([EXPIRED])
}

pub(crate) fn build(builder: ClientBuilder) -> Client {
    builder
        .build()
        .unwrap_or_else(|error| panic!("the client builds: {error}"))
}

pub(crate) async fn count(server: &MockServer, wanted: &str) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|request| request.url.path() == wanted)
        .count()
}

/// The refresh endpoint hands out `token` (with a lifetime of `expires_in` seconds).
pub(crate) async fn mount_refresh(server: &MockServer, token: &str, expires_in: i64) {
    Mock::given(method("POST"))
        .and(path(REFRESH))
        .respond_with(ok(json!({"access_token": token, "refresh_token": "refresh-2", "scope": "all", "token_type": "bearer", "expires_in": expires_in})))
        .mount(server)
        .await;
}

/// Account Creation accepts `token` and rejects anything else as expired.
pub(crate) async fn mount_create_accepting(server: &MockServer, token: &str) {
    Mock::given(path(CREATE))
        .and(header("access_token", token))
        .respond_with(ok(json!({"jing_uuid": "u-1"})))
        .with_priority(1)
        .mount(server)
        .await;
    let expired = json!({"request_id": "req-expired", "code": EXPIRED, "msg": "access_token expired", "data": null});
    Mock::given(path(CREATE))
        .respond_with(ResponseTemplate::new(200).set_body_json(expired))
        .with_priority(2)
        .mount(server)
        .await;
}

pub(crate) async fn create(client: &Client) -> Result<String, Error> {
    client
        .customer()
        .create(CreateCustomer::new("Acme", "bt"))
        .await
        .map(|data| data.jing_uuid)
}

#[tokio::test]
async fn a_hundred_calls_with_an_expired_token_cause_one_refresh() {
    let server = MockServer::start().await;
    mount_refresh(&server, "token-new", 7200).await;
    mount_create_accepting(&server, "token-new").await;
    let client = build(
        builder(&server)
            .access_token("token-old")
            .app_secret(APP_SECRET)
            .refresh_token(REFRESH_TOKEN)
            .rate_limits(false),
    );
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { create(&client).await })
    });
    for call in futures::future::join_all(calls).await {
        let call = call.unwrap_or_else(|error| panic!("task failed: {error}"));
        assert_eq!(call.ok(), Some("u-1".to_owned()));
    }
    assert_eq!(
        count(&server, REFRESH).await,
        1,
        "one refresh however many calls wait"
    );
    let refresh = server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|request| request.url.path() == REFRESH);
    let body: Value = refresh
        .map(|request| serde_json::from_slice(&request.body).unwrap_or_default())
        .unwrap_or_default();
    assert_eq!(
        body,
        json!({"app_id": "app-1", "app_secret": APP_SECRET, "refresh_token": REFRESH_TOKEN})
    );
    let headers = server.received_requests().await.unwrap_or_default();
    assert!(
        headers
            .iter()
            .filter(|request| request.url.path() == REFRESH)
            .all(|request| !request.headers.contains_key("access_token")),
        "the refresh call sends no auth headers"
    );
}

#[tokio::test]
async fn without_an_access_token_the_first_call_fetches_one() {
    let server = MockServer::start().await;
    mount_refresh(&server, "token-1", 7200).await;
    mount_create_accepting(&server, "token-1").await;
    let client = build(
        builder(&server)
            .app_secret(APP_SECRET)
            .refresh_token(REFRESH_TOKEN),
    );
    assert_eq!(create(&client).await.ok(), Some("u-1".to_owned()));
    assert_eq!(create(&client).await.ok(), Some("u-1".to_owned()));
    assert_eq!(count(&server, REFRESH).await, 1, "the token is cached");
}

#[tokio::test]
async fn the_token_is_renewed_shortly_before_it_expires() {
    let server = MockServer::start().await;
    mount_refresh(&server, "token-1", 100).await;
    Mock::given(path(CREATE))
        .respond_with(ok(json!({"jing_uuid": "u-1"})))
        .mount(&server)
        .await;
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    ));
    let client = build(
        builder(&server)
            .app_secret(APP_SECRET)
            .refresh_token(REFRESH_TOKEN)
            .refresh_margin(Duration::from_secs(10))
            .clock(clock.clone()),
    );
    assert!(create(&client).await.is_ok());
    clock.advance(Duration::from_secs(50));
    assert!(create(&client).await.is_ok());
    assert_eq!(
        count(&server, REFRESH).await,
        1,
        "50 s into a 100 s token: no refresh"
    );
    clock.advance(Duration::from_secs(48));
    assert!(create(&client).await.is_ok());
    assert_eq!(
        count(&server, REFRESH).await,
        2,
        "within the margin (10 s, capped at a twentieth of the 100 s lifetime): renewed"
    );
}

#[tokio::test]
async fn a_rejected_refresh_token_is_a_typed_error_that_says_how_to_seed_and_is_not_sent_again() {
    let server = MockServer::start().await;
    let refused = json!({"request_id": "req-refresh", "code": 40002, "msg": "refresh_token expired", "data": null});
    Mock::given(path(REFRESH))
        .respond_with(ResponseTemplate::new(200).set_body_json(refused))
        .mount(&server)
        .await;
    let client = build(
        builder(&server)
            .app_secret(APP_SECRET)
            .refresh_token(REFRESH_TOKEN),
    );
    let error = create(&client).await.err();
    match &error {
        Some(Error::RefreshTokenRejected {
            message,
            scope,
            request_id,
            ..
        }) => {
            assert!(message.contains("jing auth seed"), "{message}");
            // The refusal is the source: the report says its words after the message.
            assert!(!message.contains("refresh_token expired"), "{message}");
            let report = error.as_ref().map(|error| error.report().to_string());
            assert!(
                report.is_some_and(|report| report.contains("refresh_token expired")),
                "{error:?}"
            );
            assert_eq!(scope, client.token_scope());
            assert_eq!(request_id.as_deref(), Some("req-refresh"));
        }
        other => panic!("expected Error::RefreshTokenRejected, got {other:?}"),
    }
    assert_eq!(count(&server, REFRESH).await, 1);
    // Remembered: the next calls fail at once, without sending the refused token again.
    for _ in 0..3 {
        assert!(matches!(
            create(&client).await,
            Err(Error::RefreshTokenRejected { .. })
        ));
    }
    assert_eq!(
        count(&server, REFRESH).await,
        1,
        "the refused token is not sent again"
    );
    let shown = format!(
        "{error:?} {}",
        error.as_ref().map(ToString::to_string).unwrap_or_default()
    );
    assert!(
        !shown.contains(APP_SECRET) && !shown.contains(REFRESH_TOKEN),
        "{shown}"
    );
    assert_eq!(count(&server, CREATE).await, 0);
}

#[tokio::test]
async fn a_fixed_token_that_is_rejected_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(path(CREATE))
        .respond_with(ResponseTemplate::new(401).set_body_string("unauthorized"))
        .mount(&server)
        .await;
    let client = build(builder(&server).access_token("fixed"));
    assert!(matches!(create(&client).await, Err(Error::Auth { .. })));
    assert_eq!(count(&server, CREATE).await, 1);
}

#[derive(Debug, Default)]
struct CountingProvider {
    calls: AtomicUsize,
    rejected: Mutex<Vec<String>>,
}

impl TokenProvider for CountingProvider {
    fn access_token<'a>(
        &'a self,
        stale: Option<&'a SecretString>,
    ) -> BoxFuture<'a, Result<SecretString, Error>> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            if let Some(stale) = stale {
                self.rejected
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(stale.expose_secret().to_owned());
                return Ok(SecretString::from("provided-2"));
            }
            Ok(SecretString::from("provided-1"))
        })
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_again_with_the_rejected_token() {
    let server = MockServer::start().await;
    mount_create_accepting(&server, "provided-2").await;
    let provider = Arc::new(CountingProvider::default());
    let client = build(builder(&server).token_provider(provider.clone()));
    assert_eq!(create(&client).await.ok(), Some("u-1".to_owned()));
    assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    assert_eq!(
        *provider
            .rejected
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        ["provided-1"]
    );
}
