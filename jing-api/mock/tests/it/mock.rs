//! `jing_mock`: every validation rule, the token expiry path and the documented limits on
//! a controlled clock, over real HTTP on 127.0.0.1. Faults and the record are in
//! `faults.rs`; every typed endpoint through the typed client is the workspace's
//! `tests/tests/it/endpoints.rs`.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use jing_api::clock::ManualClock;
use jing_api::customer::CreateCustomer;
use jing_mock::{MockServer, codes};

use crate::mock_client as client;
use jing_api::{Error, LimitScope};
use serde_json::{Value, json};

/// A mock with the default options, started.
pub(crate) async fn mock() -> MockServer {
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

/// Each validation rule, with a request it refuses.
const CASES: &[Refusal<'static>] = &[
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

#[tokio::test]
async fn every_validation_rule_answers_in_the_envelope_naming_the_member() {
    let mock = mock().await;
    let cases = CASES;
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
}

/// What the mock takes: enum values the docs do not list (enums are open), custom
/// fields where the spec says so; and the right path with the wrong method is a 405.
#[tokio::test]
async fn open_enums_and_custom_fields_are_taken_and_a_wrong_method_is_405() {
    let mock = mock().await;
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

/// A webhook the mock cannot deliver (nothing listens there) is `MockError::Unsent`, which
/// keeps the transport's error as its cause (reqwest's under that), the URL it quotes has no
/// credentials, and `?` makes it the client's transport error.
#[tokio::test]
async fn an_undelivered_webhook_is_a_transport_error() {
    let mock = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    // A port that was free a moment ago: nothing listens there now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|error| panic!("{error}"));
    let url = format!("http://user:hook-secret@127.0.0.1:{port}/hook");
    let refused = mock
        .send_webhook(&url, &json!({"event": "x"}))
        .await
        .expect_err("nothing listens there");
    let jing_mock::MockError::Unsent(cause) = &refused else {
        panic!("not Unsent: {refused:?}");
    };
    assert!(cause.is_connect(), "{cause:?}");
    assert_eq!(cause.url().and_then(url::Url::password), None);
    let source = std::error::Error::source(&refused).expect("a cause");
    assert!(
        source.downcast_ref::<jing_api::TransportError>().is_some(),
        "{source:?}"
    );
    let report = jing_api::ErrorReport::new(&refused).to_string();
    assert!(
        report.starts_with("the webhook was not delivered: cannot connect to http://127.0.0.1:")
            && report.ends_with(": connection refused"),
        "{report}"
    );
    for shown in [report, format!("{refused:?}")] {
        assert!(!shown.contains("hook-secret"), "{shown}");
    }
    let error = jing_api::Error::from(refused);
    assert!(
        matches!(&error, jing_api::Error::Transport(transport) if transport.is_connect()),
        "{error:?}"
    );
    assert_eq!((error.kind(), error.is_retryable()), ("transport", true));
}

/// A refusal of the mock's own (a stub for an endpoint it does not know) stays a
/// configuration error when `?` makes it the client's.
#[tokio::test]
async fn a_refusal_of_the_mock_is_a_configuration_error_of_the_client() {
    let mock = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let refused = mock
        .respond("no_such_endpoint", json!({}))
        .expect_err("no endpoint has that name");
    let error = jing_api::Error::from(refused);
    assert!(matches!(error, jing_api::Error::Config { .. }), "{error:?}");
    let under = std::error::Error::source(&error)
        .and_then(|source| source.downcast_ref::<jing_mock::MockError>());
    assert!(
        matches!(under, Some(jing_mock::MockError::UnknownEndpoint { .. })),
        "{error:?}"
    );
}
