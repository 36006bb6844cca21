//! `jing_api::mock`: every validation rule, the token expiry path, the documented limits on
//! a controlled clock, each fault, the record of requests, and the docs' webhook samples
//! posted to a receiver. All over real HTTP on 127.0.0.1. Every typed endpoint through the
//! typed client is `endpoints.rs`.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use jing_api::clock::ManualClock;
use jing_api::customer::CreateCustomer;
use jing_api::mock::{Fault, MockServer, codes};

use crate::mock_client as client;
use jing_api::oauth::RefreshToken;
use jing_api::webhook::axum::WebhookReceiver;
use jing_api::{Client, Error, LimitScope, RetryPolicy};
use serde_json::{Value, json};

async fn mock() -> MockServer {
    MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Posts `body` (JSON text) to `path` with valid auth, unless `headers` replace them.
async fn raw_post(
    mock: &MockServer,
    path: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> (u16, Value) {
    let credentials = mock.credentials();
    let mut request = reqwest::Client::new()
        .post(format!("{}{path}", mock.base_url()))
        .body(body.to_owned());
    let defaults = [
        ("app_id", credentials.app_id.as_str()),
        ("access_token", credentials.access_token.as_str()),
        ("content-type", "application/json"),
    ];
    for (name, value) in defaults {
        if !headers
            .iter()
            .any(|(given, _)| given.eq_ignore_ascii_case(name))
        {
            request = request.header(name, value);
        }
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A request the mock refuses: case, path, body, headers, status, code, message part.
type Refusal<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a [(&'a str, &'a str)],
    u16,
    i64,
    &'a str,
);

#[tokio::test]
async fn every_validation_rule_answers_in_the_envelope_naming_the_member() {
    let mock = mock().await;
    let cases: &[Refusal<'_>] = &[
        (
            "required member",
            "/v1/customer/create",
            r#"{"business_type":"bt"}"#,
            &[],
            400,
            codes::INVALID_REQUEST,
            "name: required, missing",
        ),
        (
            "type",
            "/v1/customer/create",
            r#"{"name":1,"business_type":"bt"}"#,
            &[],
            400,
            codes::INVALID_REQUEST,
            "name: expected a string, got a number",
        ),
        (
            "not JSON",
            "/v1/customer/create",
            "name=Acme",
            &[],
            400,
            codes::INVALID_REQUEST,
            "not JSON",
        ),
        (
            "content type",
            "/v1/customer/create",
            r#"{"name":"a","business_type":"b"}"#,
            &[("content-type", "text/plain")],
            400,
            codes::INVALID_REQUEST,
            "content-type",
        ),
        (
            "bare array body",
            "/v1/user/create",
            r#"{"identities":[]}"#,
            &[],
            400,
            codes::INVALID_REQUEST,
            "expected a JSON array",
        ),
        (
            "nested type",
            "/v1/user/create",
            r#"[{"identities":[{"type":"mobile","value":7}]}]"#,
            &[],
            400,
            codes::INVALID_REQUEST,
            "[0].identities[0].value: expected a string",
        ),
        (
            "custom fields not taken",
            "/v1/user/create",
            r#"[{"nickname":"x"}]"#,
            &[],
            400,
            codes::INVALID_REQUEST,
            "[0].nickname: not a member of the spec",
        ),
        (
            "query type",
            "/v1/user/create?returnFull=maybe",
            "[{}]",
            &[],
            400,
            codes::INVALID_REQUEST,
            "query parameter `returnFull`: expected a boolean",
        ),
        (
            "app id",
            "/v1/customer/create",
            r#"{"name":"a","business_type":"b"}"#,
            &[("app_id", "someone-else")],
            401,
            codes::AUTH,
            "app_id",
        ),
        (
            "access token",
            "/v1/customer/create",
            r#"{"name":"a","business_type":"b"}"#,
            &[("access_token", "stolen")],
            401,
            codes::TOKEN_INVALID,
            "access_token",
        ),
        (
            "unknown path",
            "/v1/customer/creat",
            "{}",
            &[],
            404,
            codes::NOT_FOUND,
            "nearest known path is `/v1/customer/create`",
        ),
    ];
    for (case, path, body, headers, status, code, message) in cases {
        let (got_status, answer) = raw_post(&mock, path, body, headers).await;
        assert_eq!(got_status, *status, "{case}: {answer}");
        assert_eq!(answer["code"], json!(code), "{case}: {answer}");
        let msg = answer["msg"].as_str().unwrap_or_default();
        assert!(msg.contains(message), "{case}: {msg}");
        assert!(
            answer["request_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("mock-")),
            "{case}"
        );
    }
    // Enums are open: a value the docs do not list is accepted (and logged).
    let (status, answer) = raw_post(
        &mock,
        "/v1/user/create",
        r#"[{"identities":[{"type":"fax","value":"1"}]}]"#,
        &[],
    )
    .await;
    assert_eq!(
        (status, answer["code"].clone()),
        (200, json!(0)),
        "{answer}"
    );
    // Custom fields are taken where the spec says so.
    let (status, _) = raw_post(
        &mock,
        "/v1/customer/create",
        r#"{"name":"a","business_type":"b","my_code":1}"#,
        &[],
    )
    .await;
    assert_eq!(status, 200);
    // The right path with the wrong method.
    let response = reqwest::Client::new()
        .get(format!("{}/v1/customer/create", mock.base_url()))
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(response.status().as_u16(), 405);
}

#[tokio::test]
async fn expired_tokens_are_renewed_through_the_refresh_endpoint() {
    let mock = mock().await;
    let client = client(&mock);
    let request = CreateCustomer::new("Acme", "bt");
    let create = || client.send(&request);
    assert!(create().await.is_ok());
    mock.expire_tokens();
    assert!(create().await.is_ok(), "the client renewed its token");
    let paths: Vec<String> = mock
        .received()
        .iter()
        .map(|request| request.path.clone())
        .collect();
    assert_eq!(
        paths,
        [
            "/v1/customer/create",
            "/v1/customer/create",
            "/v1/oauth2/token/refresh",
            "/v1/customer/create"
        ]
    );
    let last = mock
        .received()
        .pop()
        .and_then(|request| request.header("access_token").map(str::to_owned));
    assert_eq!(last.as_deref(), Some("mock-access-1"));

    // A client that cannot renew says so, in the terms of a refused refresh token (the
    // server does not tell a wrong app secret from a spent refresh token).
    let fixed = mock
        .client_builder()
        .app_secret("wrong")
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    mock.expire_tokens();
    let error = fixed
        .customer()
        .create(CreateCustomer::new("Acme", "bt"))
        .await
        .err();
    assert!(
        matches!(error, Some(Error::RefreshTokenRejected { .. })),
        "{error:?}"
    );
}

/// A mock whose limits read a manual clock set to 00:00:10 China Standard Time
/// (2026-11-25 16:00:10 UTC).
async fn mock_on_clock() -> (MockServer, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_795_622_410),
    ));
    let mock = MockServer::builder()
        .clock(clock.clone())
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    (mock, clock)
}

const CREATE_BODY: &str = r#"{"name":"a","business_type":"b"}"#;

#[tokio::test]
async fn the_per_second_limit_answers_429_until_the_second_turns() {
    let (mock, clock) = mock_on_clock().await;
    for call in 0..10 {
        let (status, _) = raw_post(&mock, "/v1/customer/create", CREATE_BODY, &[]).await;
        assert_eq!(status, 200, "call {call} is within 10/s");
    }
    let (status, answer) = raw_post(&mock, "/v1/customer/create", CREATE_BODY, &[]).await;
    assert_eq!(
        (status, answer["code"].clone()),
        (429, json!(codes::RATE_LIMITED))
    );
    // The typed client sees the server's limit as RateLimited.
    let error = client(&mock)
        .customer()
        .create(CreateCustomer::new("a", "b"))
        .await
        .err();
    assert!(
        matches!(
            error,
            Some(Error::RateLimited {
                scope: LimitScope::Server,
                ..
            })
        ),
        "{error:?}"
    );
    clock.advance(Duration::from_secs(1));
    assert_eq!(
        raw_post(&mock, "/v1/customer/create", CREATE_BODY, &[])
            .await
            .0,
        200,
        "a new second"
    );
}

#[tokio::test]
async fn the_per_day_budget_resets_at_midnight_china_standard_time() {
    let (mock, clock) = mock_on_clock().await;
    for call in 0..10_000 {
        if call % 10 == 0 {
            clock.advance(Duration::from_secs(1));
        }
        let (status, answer) = raw_post(&mock, "/v1/customer/create", CREATE_BODY, &[]).await;
        assert_eq!(status, 200, "call {call}: {answer}");
    }
    clock.advance(Duration::from_secs(1));
    let (status, answer) = raw_post(&mock, "/v1/customer/create", CREATE_BODY, &[]).await;
    let msg = answer["msg"].as_str().unwrap_or_default();
    assert_eq!(status, 429, "{answer}");
    assert!(msg.contains("per-day"), "{msg}");
    // 00:00:10 plus 1001 s; the next day starts 86390 s after the start.
    clock.advance(Duration::from_secs(86_390 - 1_001));
    assert_eq!(
        raw_post(&mock, "/v1/customer/create", CREATE_BODY, &[])
            .await
            .0,
        200,
        "a new day"
    );
}

#[tokio::test]
async fn faults_come_on_demand_and_become_typed_errors() {
    let mock = mock().await;
    let client = mock
        .client_builder()
        .rate_limits(false)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let request = CreateCustomer::new("Acme", "bt");
    let create = || client.send(&request);
    type Expected = fn(&Error) -> bool;
    // The fault, the error it becomes, then whether that is retryable and its HTTP status.
    let cases: [(Fault, Expected, bool, Option<u16>); 5] = [
        (
            Fault::Status(503),
            |e| matches!(e, Error::Http { status: 503, .. }),
            true,
            Some(503),
        ),
        (
            Fault::Html,
            |e| matches!(e, Error::Decode { .. }),
            false,
            None,
        ),
        (
            Fault::Slow(Duration::from_secs(2)),
            |e| matches!(e, Error::Transport(error) if error.is_timeout()),
            true,
            None,
        ),
        (
            Fault::Truncated,
            |e| matches!(e, Error::Decode { .. }),
            false,
            None,
        ),
        (
            Fault::Drop,
            |e| matches!(e, Error::Transport(error) if !error.is_timeout()),
            true,
            None,
        ),
    ];
    for (fault, expected, retryable, status) in cases {
        mock.fail_endpoint("create_customer", 1, fault.clone());
        match create().await {
            Err(error) => {
                assert!(expected(&error), "{fault:?}: {error:?}");
                assert_eq!(
                    (error.is_retryable(), error.status(), error.code()),
                    (retryable, status, None),
                    "{fault:?}: {error:?}"
                );
            }
            Ok(data) => panic!("{fault:?}: decoded {data:?}"),
        }
        assert!(create().await.is_ok(), "{fault:?} was for one call only");
    }
    mock.fail_next(2, Fault::Status(500));
    assert!(create().await.is_err() && create().await.is_err() && create().await.is_ok());
}

#[tokio::test]
async fn fixtures_replace_the_docs_example_and_requests_are_recorded() {
    let mock = mock().await;
    mock.respond("create_customer", json!({"jing_uuid": "from-the-test"}))
        .unwrap_or_else(|error| panic!("{error}"));
    let client = client(&mock);
    let created = client
        .customer()
        .create(CreateCustomer::new("Acme", "bt").mobile("13800000000"))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(created.jing_uuid, "from-the-test");
    let received = mock.received();
    let request = received
        .last()
        .unwrap_or_else(|| panic!("a request was recorded"));
    assert_eq!(
        (request.method.as_str(), request.endpoint),
        ("POST", Some("create_customer"))
    );
    assert_eq!(
        request.json(),
        json!({"name": "Acme", "business_type": "bt", "mobile": "13800000000"})
    );
    assert_eq!(
        request.header("app_id"),
        Some(mock.credentials().app_id.as_str())
    );
}

/// Every sample the spec keeps, posted by the mock, reaches a receiver as an event of its
/// own page.
#[tokio::test]
async fn webhooks_are_posted_to_a_receiver() {
    let mock = mock().await;
    let (router, mut events) = WebhookReceiver::new().router("/jing/webhook");
    let address = crate::webhook::serve(router).await;
    let url = format!("http://{address}/jing/webhook");
    let titles: Vec<_> = MockServer::webhook_sample_titles().collect();
    let spec = crate::real_spec();
    let pages = spec.webhooks.iter().flat_map(|webhooks| webhooks.events());
    let with_samples: Vec<&str> = pages
        .filter(|(_, page)| page.example.is_some())
        .map(|(_, page)| page.title.zh.as_str())
        .collect();
    assert_eq!(titles, with_samples);
    let mut sent = 0;
    for title in titles {
        // A sample the docs give in part is not posted whole.
        let Some(sample) = MockServer::webhook_sample(title) else {
            continue;
        };
        let status = mock
            .send_webhook(&url, &sample)
            .await
            .unwrap_or_else(|error| panic!("{title}: {error}"));
        assert_eq!(status, 200, "{title}");
        let event = events
            .recv()
            .await
            .unwrap_or_else(|| panic!("{title}: the receiver took it"));
        assert!(
            event.entries().any(|entry| entry.title_zh == title),
            "{title} arrived as {}",
            event.variant_name()
        );
        sent += 1;
    }
    assert!(sent > 0, "the spec keeps a whole sample");
}

#[tokio::test]
async fn a_hundred_calls_with_expired_tokens_cause_one_refresh_on_the_mock() {
    let mock = MockServer::builder()
        .rate_limits(false)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let client = mock
        .client_builder()
        .rate_limits(false)
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    mock.expire_tokens();
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .customer()
                .create(CreateCustomer::new("a", "b"))
                .await
        })
    });
    for call in futures::future::join_all(calls).await {
        let call = call.unwrap_or_else(|error| panic!("task: {error}"));
        assert!(call.is_ok(), "{call:?}");
    }
    let refreshes = mock
        .received()
        .iter()
        .filter(|request| request.endpoint == Some("refresh_token"))
        .count();
    assert_eq!(refreshes, 1, "one refresh however many calls wait");
}

#[tokio::test]
async fn the_record_keeps_the_last_requests_and_counts_the_rest() {
    let mock = MockServer::builder()
        .record_limit(3)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let client = client(&mock);
    for index in 0..7 {
        let request = CreateCustomer::new(format!("Acme {index}"), "bt");
        client
            .customer()
            .create(request)
            .await
            .unwrap_or_else(|error| panic!("{error}"));
    }
    let names: Vec<String> = mock
        .received()
        .iter()
        .map(|request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
            body["name"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(names, ["Acme 4", "Acme 5", "Acme 6"]);
    assert_eq!(mock.received_dropped(), 4);
    mock.clear_received();
    assert!(mock.received().is_empty());
    assert_eq!(mock.received_dropped(), 7);
}

#[tokio::test]
async fn a_mock_keeps_only_its_latest_access_tokens_valid() {
    let mock = mock().await;
    let first = mock.credentials().access_token.clone();
    let client = client(&mock);
    // Each refresh issues a token; the oldest ones stop being valid after 64.
    for _ in 0..70 {
        let credentials = mock.credentials();
        let request = RefreshToken::new()
            .app_id(&credentials.app_id)
            .app_secret(&credentials.app_secret)
            .refresh_token(&credentials.refresh_token);
        client
            .oauth()
            .refresh(request)
            .await
            .unwrap_or_else(|error| panic!("{error}"));
    }
    let stale = Client::builder()
        .base_url(mock.base_url())
        .app_id(&mock.credentials().app_id)
        .access_token(first)
        .rate_limits(false)
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let refused = stale
        .customer()
        .create(CreateCustomer::new("Acme", "bt"))
        .await;
    assert!(
        matches!(refused, Err(Error::Api { code, .. }) if code == codes::TOKEN_INVALID),
        "{refused:?}"
    );
    let refused = refused.err();
    assert_eq!(
        refused
            .as_ref()
            .map(|error| (error.status(), error.code(), error.is_retryable())),
        Some((Some(401), Some(codes::TOKEN_INVALID), false))
    );
}
