//! The mock's counters (stats per endpoint, the busiest second, stubbed paths by their
//! template), its strict token modes (lifetimes, rotating refresh tokens, invalidation on
//! refresh, all at once under the SDK) and answers built from the members' names. Time
//! moves on a `ManualClock`, never by waiting.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use jing_api::customer::CreateCustomer;
use jing_mock::{MockServer, Stub, codes};
use serde_json::json;

use crate::mock_admin::{CUSTOMER, admin, api, call, manual_clock, refresh, start};
use crate::mock_client as client;

#[tokio::test]
async fn stats_count_answers_refusals_and_the_busiest_second() {
    let clock = manual_clock();
    let mock = start(MockServer::builder().clock(clock.clone())).await;
    let token = mock.credentials().access_token.clone();
    // create_customer allows 10 per second: 11 in one second, then 2 in the next.
    for _ in 0..11 {
        api(&mock, "/v1/customer/create", &token, CUSTOMER).await;
    }
    clock.advance(Duration::from_secs(1));
    for _ in 0..2 {
        api(&mock, "/v1/customer/create", &token, CUSTOMER).await;
    }
    api(&mock, "/v1/customer/create", "stale", CUSTOMER).await;
    let (status, stats) = admin(&mock, "GET", "/_mock/stats", None).await;
    assert_eq!(status, 200);
    assert_eq!(stats["answered"], 12, "{stats}");
    assert_eq!(stats["rejected_limit"], 1, "{stats}");
    assert_eq!(stats["rejected_token"], 1, "{stats}");
    assert_eq!(stats["token_calls"], 0, "{stats}");
    assert_eq!(stats["max_per_second"]["create_customer"], 10, "{stats}");
    assert_eq!(stats["requests"], 14, "{stats}");
    let (status, _) = admin(&mock, "DELETE", "/_mock/stats", None).await;
    assert_eq!(status, 200);
    assert_eq!(mock.stats().requests, 0);
}

#[tokio::test]
async fn stubbed_paths_are_counted_by_their_template_not_by_id() {
    let mock = start(MockServer::builder()).await;
    mock.stub(Stub::raw("GET", "/v2/thing/{id}", 200, json!({"ok": true})))
        .unwrap_or_else(|error| panic!("{error}"));
    for id in 0..40 {
        let (status, _) = call(&mock, "GET", &format!("/v2/thing/{id}"), &[], None).await;
        assert_eq!(status, 200);
    }
    let (status, _) = call(&mock, "GET", "/v2/nothing/here", &[], None).await;
    assert_eq!(status, 404);
    let stats = mock.stats();
    assert_eq!(
        stats.answered_by_endpoint.keys().collect::<Vec<_>>(),
        ["/v2/thing/{id}"],
        "{stats:?}"
    );
    assert_eq!(stats.answered_by_endpoint.get("/v2/thing/{id}"), Some(&40));
    assert_eq!(stats.max_per_second.len(), 1, "{stats:?}");
    assert_eq!(stats.rejected_other, 1);
}

#[tokio::test]
async fn access_tokens_expire_after_their_lifetime() {
    let clock = manual_clock();
    let builder = MockServer::builder()
        .clock(clock.clone())
        .token_lifetime(Duration::from_secs(2));
    let mock = start(builder).await;
    let first = mock.credentials().access_token.clone();
    assert_eq!(
        api(&mock, "/v1/customer/create", &first, CUSTOMER).await.0,
        200
    );
    clock.advance(Duration::from_secs(2));
    let (status, answer) = api(&mock, "/v1/customer/create", &first, CUSTOMER).await;
    assert_eq!(
        (status, answer["code"].clone()),
        (401, json!(codes::TOKEN_INVALID))
    );
    let (status, issued) = refresh(&mock, &mock.refresh_token()).await;
    assert_eq!(status, 200);
    assert_eq!(issued["data"]["expires_in"], 2, "the lifetime is answered");
    let second = issued["data"]["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    clock.advance(Duration::from_secs(1));
    assert_eq!(
        api(&mock, "/v1/customer/create", &second, CUSTOMER).await.0,
        200
    );
    clock.advance(Duration::from_secs(1));
    assert_eq!(
        api(&mock, "/v1/customer/create", &second, CUSTOMER).await.0,
        401
    );
}

#[tokio::test]
async fn rotating_refresh_tokens_retire_the_old_one() {
    let mock = start(MockServer::builder().rotate_refresh_tokens(true)).await;
    let original = mock.credentials().refresh_token.clone();
    let (status, issued) = refresh(&mock, &original).await;
    assert_eq!(status, 200);
    let renewed = issued["data"]["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_ne!(renewed, original);
    assert_eq!(mock.refresh_token(), renewed);
    let (status, answer) = refresh(&mock, &original).await;
    assert_eq!((status, answer["code"].clone()), (401, json!(codes::AUTH)));
    assert_eq!(refresh(&mock, &renewed).await.0, 200);
    assert_eq!(mock.stats().token_calls, 3);
    assert_eq!(mock.stats().tokens_issued, 2);

    // Without rotation the refresh token stays the same.
    let lenient = start(MockServer::builder()).await;
    let original = lenient.credentials().refresh_token.clone();
    let (_, issued) = refresh(&lenient, &original).await;
    assert_eq!(issued["data"]["refresh_token"], json!(original));
    assert_eq!(refresh(&lenient, &original).await.0, 200);
}

/// A clock whose first two readings once armed wait for each other (for at most 10 s, so
/// a test cannot hang), lining two requests up at the same point of the handler.
#[derive(Debug, Default)]
struct Rendezvous {
    /// Armed, and how many readings arrived since.
    state: std::sync::Mutex<(bool, usize)>,
    met: std::sync::Condvar,
}

impl jing_api::clock::Clock for Rendezvous {
    fn now(&self) -> std::time::SystemTime {
        let at = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !state.0 || state.1 >= 2 {
            return at;
        }
        state.1 += 1;
        if state.1 == 2 {
            self.met.notify_all();
            return at;
        }
        let _waited = self
            .met
            .wait_timeout_while(state, Duration::from_secs(10), |state| state.1 < 2);
        at
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_renewals_with_one_rotating_refresh_token_let_one_through() {
    let clock = Arc::new(Rendezvous::default());
    let mock = start(
        MockServer::builder()
            .clock(clock.clone())
            .rate_limits(false)
            .rotate_refresh_tokens(true),
    )
    .await;
    let original = mock.credentials().refresh_token.clone();
    // Both requests read the clock once inside the token call, and wait there for each
    // other: the check of the refresh token and its rotation must be one step.
    clock
        .state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .0 = true;
    let (first, second) = tokio::join!(refresh(&mock, &original), refresh(&mock, &original));
    let mut statuses = [first.0, second.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 401], "{first:?} {second:?}");
    assert_eq!(mock.stats().tokens_issued, 1);
    let winner = if first.0 == 200 { &first.1 } else { &second.1 };
    assert_eq!(
        winner["data"]["refresh_token"],
        json!(mock.refresh_token()),
        "the one refresh token valid is the winner's"
    );
}

#[tokio::test]
async fn a_new_access_token_can_invalidate_the_previous_one() {
    for invalidate in [true, false] {
        let mock = start(MockServer::builder().invalidate_on_refresh(invalidate)).await;
        let first = mock.credentials().access_token.clone();
        let (_, issued) = refresh(&mock, &mock.refresh_token()).await;
        let second = issued["data"]["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(
            api(&mock, "/v1/customer/create", &second, CUSTOMER).await.0,
            200
        );
        let old = api(&mock, "/v1/customer/create", &first, CUSTOMER).await.0;
        assert_eq!(
            old,
            if invalidate { 401 } else { 200 },
            "invalidate {invalidate}"
        );
    }
}

#[tokio::test]
async fn the_sdk_renews_under_every_strict_mode_at_once() {
    let clock = manual_clock();
    let builder = MockServer::builder()
        .clock(clock.clone())
        .token_lifetime(Duration::from_secs(60))
        .rotate_refresh_tokens(true)
        .invalidate_on_refresh(true);
    let mock = start(builder).await;
    let client = client(&mock);
    for round in 0..3 {
        let created = client
            .customer()
            .create(CreateCustomer::new("Acme", "bt"))
            .await;
        assert!(created.is_ok(), "round {round}: {created:?}");
        clock.advance(Duration::from_secs(61));
    }
    let stats = mock.stats();
    assert_eq!(
        stats.rejected_auth, 0,
        "the SDK renewed with the rotated token: {stats:?}"
    );
    assert_eq!(stats.answered, 5, "3 calls and 2 renewals: {stats:?}");
}

#[tokio::test]
async fn answers_are_built_from_names_and_stable_for_the_same_request() {
    let mock = start(MockServer::builder().rate_limits(false)).await;
    let token = mock.credentials().access_token.clone();
    let (_, first) = api(&mock, "/v1/customer/create", &token, CUSTOMER).await;
    let (_, again) = api(&mock, "/v1/customer/create", &token, CUSTOMER).await;
    let other = r#"{"name": "Other", "business_type": "bt"}"#;
    let (_, different) = api(&mock, "/v1/customer/create", &token, other).await;
    let uuid = first["data"]["jing_uuid"].as_str().unwrap_or_default();
    assert_ne!(uuid, "string", "not the docs' placeholder");
    assert_eq!(uuid.len(), 22, "{uuid}");
    assert_eq!(first["data"], again["data"]);
    assert_ne!(first["data"], different["data"]);
    // The docs' example values stay where they are real (the refresh call's scope).
    let (_, issued) = refresh(&mock, &mock.refresh_token()).await;
    assert_eq!(
        (
            issued["data"]["scope"].clone(),
            issued["data"]["token_type"].clone()
        ),
        (json!("all"), json!("bearer"))
    );
}
