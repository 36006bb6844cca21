//! The mock's admin interface refusing what it cannot do, each with a JSON reason: bad
//! bodies, unknown routes and methods, fixtures and stubs that name no typed endpoint.

use jing_api::customer::CreateCustomer;
use jing_mock::{MockError, MockServer, Stub};
use serde_json::{Value, json};

use crate::mock_admin::{admin, call, start};
use crate::mock_client as client;

/// Requests to the admin interface it refuses: method, path, body, status, a part of the
/// reason.
const BAD_REQUESTS: &[(&str, &str, Option<&str>, u16, &str)] = &[
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

#[tokio::test]
async fn bad_admin_requests_get_a_json_reason() {
    let mock = start(MockServer::builder()).await;
    let cases = BAD_REQUESTS;
    for &(method, path, body, expected, reason) in cases {
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
