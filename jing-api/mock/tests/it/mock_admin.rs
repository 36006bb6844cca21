//! The mock driven from outside: its admin interface under `/_mock/` (the record, faults,
//! token expiry, stubs for any method and path, fixtures, counters), the same operations
//! in process, the strict token modes, and answers built from the docs and the members'
//! names. All over real HTTP on 127.0.0.1; time moves on a `ManualClock`, never by waiting.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use jing_api::clock::ManualClock;
use jing_api::customer::CreateCustomer;
use jing_mock::{MockBuilder, MockServer, Stub, codes};

use crate::mock_client as client;
use jing_api::{Error, Method};
use serde_json::{Value, json};

/// The mock `builder` describes, started.
pub(crate) async fn start(builder: MockBuilder) -> MockServer {
    builder
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// An HTTP call to the mock: the status and the body as JSON (`Null` when it is not).
pub(crate) async fn call(
    mock: &MockServer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, Value) {
    let method =
        reqwest::Method::from_bytes(method.as_bytes()).unwrap_or_else(|error| panic!("{error}"));
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", mock.base_url()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("{path}: {error}"));
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A call to the mock's API with its app id and `token`.
pub(crate) async fn api(mock: &MockServer, path: &str, token: &str, body: &str) -> (u16, Value) {
    let app_id = mock.credentials().app_id.clone();
    let headers = [("app_id", app_id.as_str()), ("access_token", token)];
    call(mock, "POST", path, &headers, Some(body)).await
}

/// An Account Creation body.
pub(crate) const CUSTOMER: &str = r#"{"name": "Acme", "business_type": "bt"}"#;

/// The refresh call with `refresh_token`: the status and the envelope.
pub(crate) async fn refresh(mock: &MockServer, refresh_token: &str) -> (u16, Value) {
    let credentials = mock.credentials();
    let body = json!({
        "app_id": credentials.app_id,
        "app_secret": credentials.app_secret,
        "refresh_token": refresh_token,
    });
    call(
        mock,
        "POST",
        "/v1/oauth2/token/refresh",
        &[],
        Some(&body.to_string()),
    )
    .await
}

/// A call to the admin interface, with a JSON body when one is given.
pub(crate) async fn admin(
    mock: &MockServer,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let body = body.map(|body| body.to_string());
    call(mock, method, path, &[], body.as_deref()).await
}

/// A manual clock at a fixed instant of 2025.
pub(crate) fn manual_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_750_000_000),
    ))
}

#[tokio::test]
async fn the_record_is_read_and_cleared_over_http() {
    let mock = start(MockServer::builder()).await;
    let token = mock.credentials().access_token.clone();
    let (status, _) = api(&mock, "/v1/customer/create", &token, CUSTOMER).await;
    assert_eq!(status, 200);
    let (status, record) = admin(&mock, "GET", "/_mock/requests", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        record["requests"][0]["endpoint"], "create_customer",
        "{record}"
    );
    assert_eq!(record["requests"][0]["body"]["name"], "Acme");
    assert_eq!(record["requests"][0]["method"], "POST");
    assert_eq!(
        record["requests"].as_array().map(Vec::len),
        Some(1),
        "admin calls are not recorded"
    );
    let (status, cleared) = admin(&mock, "DELETE", "/_mock/requests", None).await;
    assert_eq!((status, cleared), (200, json!({"cleared": 1})));
    let (_, record) = admin(&mock, "GET", "/_mock/requests", None).await;
    assert_eq!(record, json!({"requests": [], "dropped": 1}));
    assert!(mock.received().is_empty());
}

/// The secrets `the_record_over_http_and_in_debug_hides_credentials` sends.
const SENT_SECRETS: [&str; 6] = [
    "s3cret-app",
    "rt-live",
    "q-live",
    "hdr-live",
    "b-live",
    "form-live",
];

#[tokio::test]
async fn the_record_over_http_and_in_debug_hides_credentials() {
    let mock = start(MockServer::builder()).await;
    let app_id = mock.credentials().app_id.clone();
    // A refused refresh with a real-looking secret, a wrong token in a header and in the
    // query, and a form body carrying one.
    let body = json!({"app_id": app_id, "app_secret": "s3cret-app", "refresh_token": "rt-live"});
    let (status, _) = call(
        &mock,
        "POST",
        "/v1/oauth2/token/refresh?access_token=q-live&page=2",
        &[
            ("access_token", "hdr-live"),
            ("Authorization", "Bearer b-live"),
        ],
        Some(&body.to_string()),
    )
    .await;
    assert_eq!(status, 401);
    let form = reqwest::Client::new()
        .post(format!("{}/v1/lead/query", mock.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("refresh_token=form-live&name=Acme")
        .send()
        .await
        .map(|response| response.status().as_u16());
    assert_eq!(form.ok(), Some(404));

    let (status, record) = admin(&mock, "GET", "/_mock/requests", None).await;
    assert_eq!(status, 200);
    let text = record.to_string();
    for secret in SENT_SECRETS {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let first = &record["requests"][0];
    assert_eq!(first["body"]["app_secret"], "[REDACTED]", "{first}");
    assert_eq!(first["body"]["app_id"], app_id.as_str(), "{first}");
    assert_eq!(
        first["query"],
        json!([["access_token", "[REDACTED]"], ["page", "2"]])
    );
    let header = |name: &str| {
        first["headers"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|pair| pair[0] == name)
            .map(|pair| pair[1].clone())
    };
    assert_eq!(header("access_token"), Some(json!("[REDACTED]")));
    assert_eq!(header("authorization"), Some(json!("[REDACTED]")));
    assert_eq!(
        record["requests"][1]["body_text"],
        "refresh_token=[REDACTED]&name=Acme"
    );

    // In process the values stay as sent, for tests; their Debug output hides them.
    let received = mock.received();
    assert_eq!(received[0].json()["app_secret"], "s3cret-app");
    assert_eq!(received[0].header("access_token"), Some("hdr-live"));
    let shown = format!("{received:?}");
    for secret in SENT_SECRETS {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(
        shown.contains("[REDACTED]") && shown.contains("Acme"),
        "{shown}"
    );
}

#[tokio::test]
async fn faults_are_injected_per_endpoint_over_http() {
    let mock = start(MockServer::builder()).await;
    let token = mock.credentials().access_token.clone();
    let fault =
        json!({"endpoint": "create_customer", "fault": "status", "status": 503, "times": 2});
    let (status, queued) = admin(&mock, "POST", "/_mock/faults", Some(fault)).await;
    assert_eq!((status, queued["queued"].clone()), (200, json!(2)));
    // Another endpoint is not affected.
    let (status, _) = api(&mock, "/v1/user/create", &token, "[]").await;
    assert_ne!(status, 503);
    for _ in 0..2 {
        let (status, _) = api(&mock, "/v1/customer/create", &token, CUSTOMER).await;
        assert_eq!(status, 503);
    }
    let (status, _) = api(&mock, "/v1/customer/create", &token, CUSTOMER).await;
    assert_eq!(status, 200);
    assert_eq!(mock.stats().faults, 2);

    let html = json!({"fault": "html"});
    admin(&mock, "POST", "/_mock/faults", Some(html)).await;
    let (status, body) = api(&mock, "/v1/customer/create", &token, CUSTOMER).await;
    assert_eq!(
        (status, body),
        (200, Value::Null),
        "a gateway page, not JSON"
    );

    let misspelled = json!({"endpoint": "create_custmer", "fault": "drop"});
    let (status, refusal) = admin(&mock, "POST", "/_mock/faults", Some(misspelled)).await;
    assert_eq!(status, 400);
    let reason = refusal["error"].as_str().unwrap_or_default();
    assert!(
        reason.contains("create_custmer") && reason.contains("create_customer"),
        "{reason}"
    );
    let unknown_kind = json!({"fault": "explode"});
    let (status, refusal) = admin(&mock, "POST", "/_mock/faults", Some(unknown_kind)).await;
    assert_eq!(status, 400);
    assert!(
        refusal["error"]
            .as_str()
            .unwrap_or_default()
            .contains("truncated"),
        "{refusal}"
    );
}

#[tokio::test]
async fn expiring_tokens_over_http_makes_the_client_renew() {
    let mock = start(MockServer::builder()).await;
    let (status, expired) = admin(&mock, "POST", "/_mock/expire-tokens", None).await;
    assert_eq!((status, expired), (200, json!({"expired": 1})));
    let created = client(&mock)
        .customer()
        .create(CreateCustomer::new("Acme", "bt"))
        .await;
    assert!(created.is_ok(), "{created:?}");
    let stats = mock.stats();
    assert_eq!(stats.rejected_token, 1);
    assert_eq!(stats.token_calls, 1);
    assert_eq!(stats.tokens_issued, 1);
    assert_eq!(stats.answered, 2, "the refresh and the retried call");
}

#[tokio::test]
async fn stubs_answer_any_method_and_path() {
    let mock = start(MockServer::builder()).await;
    let token = mock.credentials().access_token.clone();
    // A path no typed endpoint has (a catalogued call, or one the docs never listed).
    let stub = json!({"method": "POST", "path": "/v1/lead/query", "data": {"total": 3}});
    let (status, added) = admin(&mock, "POST", "/_mock/stubs", Some(stub)).await;
    assert_eq!((status, added), (200, json!({"stubs": 1})));
    let (status, answer) = api(&mock, "/v1/lead/query", &token, "{}").await;
    assert_eq!(status, 200);
    assert_eq!(
        (answer["code"].clone(), answer["data"].clone()),
        (json!(0), json!({"total": 3}))
    );
    let (status, answer) = api(&mock, "/v1/lead/query", "stale", "{}").await;
    assert_eq!(
        (status, answer["code"].clone()),
        (401, json!(codes::TOKEN_INVALID))
    );
    // Through the SDK's raw calls too.
    let raw = client(&mock)
        .raw(Method::Post, "/v1/lead/query")
        .send_envelope()
        .await;
    assert_eq!(
        raw.map(|envelope| envelope["data"]["total"].clone()).ok(),
        Some(json!(3))
    );

    // Answered as given: a status and a body, any method, a template path.
    let stub = json!({"method": "delete", "path": "/v2/thing/{id}", "status": 418, "body": {"teapot": true}});
    admin(&mock, "POST", "/_mock/stubs", Some(stub)).await;
    let (status, body) = call(&mock, "DELETE", "/v2/thing/7", &[], None).await;
    assert_eq!((status, body), (418, json!({"teapot": true})));
    let (status, _) = call(&mock, "GET", "/v2/thing/7", &[], None).await;
    assert_eq!(status, 404, "another method is not stubbed");

    // On a typed endpoint: `data` goes through the endpoint's checks, then answers.
    let stub =
        json!({"method": "POST", "path": "/v1/customer/create", "data": {"jing_uuid": "stubbed"}});
    admin(&mock, "POST", "/_mock/stubs", Some(stub)).await;
    let created = client(&mock)
        .customer()
        .create(CreateCustomer::new("Acme", "bt"))
        .await;
    assert_eq!(
        created.map(|created| created.jing_uuid).ok().as_deref(),
        Some("stubbed")
    );
    let (status, _) = api(&mock, "/v1/customer/create", &token, "{}").await;
    assert_eq!(status, 400, "the body is still checked");
    // … and a raw answer replaces the endpoint, so vendor error codes can be played.
    let vendor_error =
        json!({"request_id": "r-1", "code": 40001, "msg": "vendor says no", "data": null});
    mock.stub(Stub::raw("POST", "/v1/customer/create", 200, vendor_error))
        .unwrap_or_else(|error| panic!("{error}"));
    let created = client(&mock)
        .customer()
        .create(CreateCustomer::new("Acme", "bt"))
        .await;
    assert!(
        matches!(created, Err(Error::Api { code: 40001, .. })),
        "{created:?}"
    );
    let (status, cleared) = admin(&mock, "DELETE", "/_mock/stubs", None).await;
    assert_eq!((status, cleared), (200, json!({"cleared": 3})));
}
