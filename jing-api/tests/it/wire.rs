//! The SDK over real HTTP against a local server on 127.0.0.1 (the mock, wiremock): what
//! goes on the wire and what comes back. How a bad answer becomes a typed error is
//! `runtime_faults::bad_servers_give_typed_errors`.

use jing_api::Client;
use jing_api::customer::CreateCustomer;
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer};

use crate::ok;

fn client(server: &MockServer) -> Client {
    crate::built(crate::loopback(server))
}

/// Against the spec-driven mock, which checks the auth headers, the content type and the
/// body against the spec, and records what it received.
#[tokio::test]
async fn account_creation_sends_headers_and_body_and_decodes_the_uuid() {
    let mock = jing_mock::MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    mock.respond(
        "create_customer",
        json!({"jing_uuid": "uuid-1", "unexpected": true}),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let client = mock
        .client_builder()
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let request = CreateCustomer::new("Acme Ltd", "bt-1")
        .mobile("13800000000")
        .custom_field("my_custom_code", 42);
    let created = client.customer().create(request).await;
    assert_eq!(
        created.map(|data| data.jing_uuid).ok(),
        Some("uuid-1".to_owned())
    );
    let received = mock.received();
    assert_eq!(received.len(), 1, "one call, no refresh");
    let sent = &received[0];
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/v1/customer/create")
    );
    let credentials = mock.credentials();
    assert_eq!(sent.header("app_id"), Some(credentials.app_id.as_str()));
    assert_eq!(
        sent.header("access_token"),
        Some(credentials.access_token.as_str())
    );
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        sent.json(),
        json!({"name": "Acme Ltd", "business_type": "bt-1", "mobile": "13800000000", "my_custom_code": 42})
    );
}

#[tokio::test]
async fn user_batch_creation_sends_a_bare_array_and_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/user/create"))
        .and(query_param("returnFull", "true"))
        .and(body_json(
            json!([{"identities": [{"type": "wechat_openid", "value": "o-1"}]}, {}]),
        ))
        .respond_with(ok(json!({"success": [], "failure": [{"anything": 1}]})))
        .expect(1)
        .mount(&server)
        .await;
    use jing_api::user::{CreateUsers, Identity, NewUser};
    let first =
        NewUser::new().identities(vec![Identity::new().type_("wechat_openid").value("o-1")]);
    let request = CreateUsers::new(vec![first, NewUser::new()]).return_full(true);
    let data = client(&server).user().create(request).await;
    assert_eq!(
        data.ok().and_then(|data| data.failure),
        Some(json!([{"anything": 1}]))
    );
}
