//! `jing_mock`: each fault on demand and as a typed error, fixtures in place of the docs'
//! examples, the record of requests (bounded, credentials hidden), and one renewal for a
//! hundred calls holding expired tokens. All over real HTTP on 127.0.0.1.

use std::time::Duration;

use jing_api::customer::CreateCustomer;
use jing_api::oauth::RefreshToken;
use jing_api::{Client, Error, RetryPolicy};
use jing_mock::{Fault, MockServer, codes};
use serde_json::{Value, json};

use crate::mock::mock;
use crate::mock_client as client;

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
    for call in futures_util::future::join_all(calls).await {
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
