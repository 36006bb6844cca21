//! The mock driven from outside: its admin interface under `/_mock/` (the record, faults,
//! token expiry, stubs for any method and path, fixtures, counters), the same operations
//! in process, the strict token modes, and answers built from the docs and the members'
//! names. All over real HTTP on 127.0.0.1; time moves on a `ManualClock`, never by waiting.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use jing_api::clock::ManualClock;
use jing_api::customer::CreateCustomer;
use jing_api::mock::{MockBuilder, MockError, MockServer, Stub, codes};

use crate::mock_client as client;
use jing_api::{Error, Method};
use serde_json::{Value, json};

async fn start(builder: MockBuilder) -> MockServer {
    builder
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// An HTTP call to the mock: the status and the body as JSON (`Null` when it is not).
async fn call(
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
async fn api(mock: &MockServer, path: &str, token: &str, body: &str) -> (u16, Value) {
    let app_id = mock.credentials().app_id.clone();
    let headers = [("app_id", app_id.as_str()), ("access_token", token)];
    call(mock, "POST", path, &headers, Some(body)).await
}

const CUSTOMER: &str = r#"{"name": "Acme", "business_type": "bt"}"#;

/// The refresh call with `refresh_token`: the status and the envelope.
async fn refresh(mock: &MockServer, refresh_token: &str) -> (u16, Value) {
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

async fn admin(mock: &MockServer, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let body = body.map(|body| body.to_string());
    call(mock, method, path, &[], body.as_deref()).await
}

fn manual_clock() -> Arc<ManualClock> {
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
    for secret in [
        "s3cret-app",
        "rt-live",
        "q-live",
        "hdr-live",
        "b-live",
        "form-live",
    ] {
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
    for secret in [
        "s3cret-app",
        "rt-live",
        "q-live",
        "hdr-live",
        "b-live",
        "form-live",
    ] {
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

#[tokio::test]
async fn bad_admin_requests_get_a_json_reason() {
    let mock = start(MockServer::builder()).await;
    let cases = [
        ("POST", "/_mock/stubs", Some("not json"), 400, "not JSON"),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "GET"}"#),
            400,
            "`path`",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "GET", "path": "/x", "data": 1, "status": 200}"#),
            400,
            "either",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "GET", "path": "/x", "data": 1, "dta": 2}"#),
            400,
            "`dta`",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "GET", "path": "/v1/customer/create", "data": 1}"#),
            400,
            "is POST",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "GET", "path": "/_mock/stats", "status": 200}"#),
            400,
            "/_mock/",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "GET", "path": "/x", "status": 7}"#),
            400,
            "HTTP status",
        ),
        (
            "POST",
            "/_mock/fixtures",
            Some(r#"{"endpoint": "refresh_tokens", "data": {}}"#),
            400,
            "refresh_token",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "GET", "path": "/x", "status": 600}"#),
            400,
            "200 to 599",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "GET", "path": "/x", "status": 101}"#),
            400,
            "200 to 599",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(
                r#"{"method": "GET", "path": "/x", "status": 200, "body": "hi", "content_type": "text/plain\r\nx-injected: 1"}"#,
            ),
            400,
            "`content_type`",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "GET", "path": "/x", "status": 200, "content_type": 7}"#),
            400,
            "`content_type`",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "GET", "path": "/x?page=2", "status": 200}"#),
            400,
            "query",
        ),
        (
            "POST",
            "/_mock/stubs",
            Some(r#"{"method": "POST", "path": "/v1/lead/query?page=2", "data": {}}"#),
            400,
            "query",
        ),
        (
            "POST",
            "/_mock/faults",
            Some(r#"{"fault": "status", "status": 700}"#),
            400,
            "out of range",
        ),
        (
            "POST",
            "/_mock/faults",
            Some(r#"{"fault": "status", "status": 99}"#),
            400,
            "out of range",
        ),
        (
            "POST",
            "/_mock/faults",
            Some(r#"{"fault": "status", "status": "503"}"#),
            400,
            "out of range",
        ),
        (
            "POST",
            "/_mock/faults",
            Some(r#"{"fault": "status"}"#),
            400,
            "required",
        ),
        (
            "POST",
            "/_mock/fixtures",
            Some(r#"{"endpoint": "create_customer", "data": "uuid-1"}"#),
            400,
            "not a string",
        ),
        (
            "POST",
            "/_mock/fixtures",
            Some(r#"{"endpoint": "create_customer", "data": 42}"#),
            400,
            "not a number",
        ),
        ("GET", "/_mock/faults", None, 405, "POST or DELETE"),
        ("GET", "/_mock/nothing", None, 404, "/_mock/stats"),
    ];
    for (method, path, body, expected, reason) in cases {
        let (status, answer) = call(&mock, method, path, &[], body).await;
        assert_eq!(status, expected, "{method} {path} {body:?}: {answer}");
        let text = answer["error"].as_str().unwrap_or_default();
        assert!(text.contains(reason), "{method} {path} {body:?}: {text}");
    }
    assert!(mock.received().is_empty());
    assert!(mock.stats().answered_by_endpoint.is_empty());
    // Nothing refused was kept: no stub answers, no fault is queued.
    let (status, _) = call(&mock, "GET", "/x", &[], None).await;
    assert_eq!(status, 404);
    let refused = mock.respond("create_customer", json!(true));
    assert!(
        matches!(&refused, Err(MockError::BadRequest(reason)) if reason.contains("not a boolean")),
        "{refused:?}"
    );
    assert!(mock.respond("create_customer", json!(null)).is_ok());
    assert!(mock.respond("create_customer", json!([])).is_ok());
    let refused = mock.stub(Stub::raw("GET", "/x", 1000, json!({})));
    assert!(
        matches!(&refused, Err(MockError::BadRequest(reason)) if reason.contains("200 to 599")),
        "{refused:?}"
    );
}

/// The fixture spec's `move_part` is `PUT /v1/shelf/{shelfId}/part/{partId}`.
#[tokio::test]
async fn data_stubs_on_typed_templates_must_use_their_method() {
    let mock = start(MockServer::builder().endpoints(jing_fixture_api::mock::ENDPOINTS)).await;
    for path in ["/v1/shelf/7/part/9", "/v1/shelf/{s}/part/{p}"] {
        let stub = json!({"method": "GET", "path": path, "data": {"moved": true}});
        let (status, answer) = admin(&mock, "POST", "/_mock/stubs", Some(stub)).await;
        let reason = answer["error"].as_str().unwrap_or_default();
        assert_eq!(status, 400, "{path}: {answer}");
        assert!(
            reason.contains("is PUT") && reason.contains("not GET") && reason.contains("move_part"),
            "{path}: {reason}"
        );
        let refused = mock.stub(Stub::data("get", path, json!({})));
        assert!(
            matches!(refused, Err(MockError::BadRequest(_))),
            "{refused:?}"
        );
    }
    assert!(
        mock.stub(Stub::data("PUT", "/v1/shelf/7/part/9", json!({})))
            .is_ok()
    );
    // The method in any case, as stubs match it.
    let mut lower = Stub::data("PUT", "/v1/shelf/{a}/part/{b}", json!({}));
    lower.method = "put".to_owned();
    assert!(mock.stub(lower).is_ok());
    // A raw stub answers any method as given.
    assert!(
        mock.stub(Stub::raw("GET", "/v1/shelf/7/part/9", 200, json!({})))
            .is_ok()
    );
}

#[tokio::test]
async fn unknown_admin_routes_and_methods_answer_a_json_reason() {
    let mock = start(MockServer::builder()).await;
    let cases = [
        ("PUT", "/_mock/requests", 405, Some("GET, DELETE")),
        ("GET", "/_mock/expire-tokens", 405, Some("POST")),
        ("PATCH", "/_mock/stubs/", 405, Some("POST, DELETE")),
        ("GET", "/_mock", 404, None),
        ("POST", "/_mock/", 404, None),
        ("GET", "/_mock/stats/extra", 404, None),
        ("DELETE", "/_mock/nothing", 404, None),
    ];
    for (method, path, expected, allow) in cases {
        let method_ = reqwest::Method::from_bytes(method.as_bytes())
            .unwrap_or_else(|error| panic!("{error}"));
        let response = reqwest::Client::new()
            .request(method_, format!("{}{path}", mock.base_url()))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{method} {path}: {error}"));
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header("content-type");
        let allowed = header("allow");
        let text = response.text().await.unwrap_or_default();
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(status, expected, "{method} {path}: {text}");
        assert_eq!(
            content_type.as_deref(),
            Some("application/json"),
            "{method} {path}"
        );
        let object = body.as_object();
        assert_eq!(
            object.map(|object| object.keys().map(String::as_str).collect::<Vec<_>>()),
            Some(vec!["error"]),
            "{method} {path}: {text}"
        );
        let reason = body["error"].as_str().unwrap_or_default();
        assert!(reason.contains("/_mock"), "{method} {path}: {reason}");
        assert_eq!(allowed.as_deref(), allow, "{method} {path}");
    }
    assert!(mock.received().is_empty(), "admin calls are not recorded");
    assert_eq!(mock.stats().requests, 0, "nor counted");
}

#[tokio::test]
async fn fixtures_naming_no_typed_endpoint_are_refused() {
    let mock = start(MockServer::builder()).await;
    let refused = mock.respond("create_custmer", json!({}));
    let Err(MockError::UnknownEndpoint { name, near }) = refused else {
        panic!("refused with the near names: {refused:?}");
    };
    assert_eq!(name, "create_custmer");
    assert!(near.contains(&"create_customer".to_owned()), "{near:?}");
    let fixture = json!({"endpoint": "create_customer", "data": {"jing_uuid": "from-http"}});
    let (status, _) = admin(&mock, "POST", "/_mock/fixtures", Some(fixture)).await;
    assert_eq!(status, 200);
    let created = client(&mock)
        .customer()
        .create(CreateCustomer::new("Acme", "bt"))
        .await;
    assert_eq!(
        created.map(|created| created.jing_uuid).ok().as_deref(),
        Some("from-http")
    );
}

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
