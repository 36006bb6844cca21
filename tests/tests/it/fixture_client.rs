//! A `jing_api::Client` built for the fixture's spec sends and checks the fixture's calls
//! with the fixture's own tables, against jing-mock serving them on 127.0.0.1: the mock
//! takes the fixture's tables as one value (`MockBuilder::tables`, its spec, endpoints,
//! samples and probes together), and `MockServer::client_builder` builds its clients for
//! that spec (`ClientBuilder::for_spec`, as jing-api's generated `Client::builder()` hands
//! in its own). A raw call to a templated path of the fixture is its endpoint (named and
//! limited as `weigh_widget`), a header the fixture's schema marks secret is hidden in
//! `Debug`, the preview and errors, the mock names requests by the fixture's catalogue,
//! and a typed call of the fixture is refused by a client of jing-api's spec. The same
//! calls through a client built for jing-api's spec show the difference, so each check
//! could fail.

use std::time::Duration;

use futures::future::join_all;
use jing_api::{Client, ClientBuilder, Error, Method, RetryPolicy};
use jing_fixture_api::widgets::{GetWidget, WidgetsApi};
use jing_mock::{MockServer, Stub};
use serde_json::{Value, json};

/// A mock serving the fixture's tables.
async fn fixture_mock() -> MockServer {
    MockServer::builder()
        .tables(jing_fixture_api::mock::TABLES)
        .rate_limits(false)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The client `builder` makes, one attempt a call, and no wait for a per-second limit:
/// a call over its endpoint's limit fails at once, naming the endpoint.
fn strict(builder: ClientBuilder) -> Client {
    builder
        .max_limit_wait(Duration::ZERO)
        .retry_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The mock's own client: built for the spec of the tables it serves (the fixture's).
fn fixture_client(mock: &MockServer) -> Client {
    strict(mock.client_builder())
}

/// A client of jing-api's spec aimed at `mock`, with its credentials.
fn jing_client(mock: &MockServer) -> Client {
    let credentials = mock.credentials();
    strict(
        Client::builder()
            .base_url(mock.base_url())
            .app_id(&credentials.app_id)
            .access_token(&credentials.access_token),
    )
}

/// Six raw calls at once to `GET /v1/widget/w1/weight`, which the fixture documents as
/// `weigh_widget` (`/v1/widget/{widgetId}/weight`, five a second).
async fn weigh_six_times(client: &Client) -> Vec<Result<Value, Error>> {
    let weigh = || {
        client
            .raw(Method::Get, "/v1/widget/w1/weight")
            .header("Authorization", "Bearer weigh-pass")
            .repeatable()
            .send::<Value>()
    };
    join_all((0..6).map(|_| weigh())).await
}

/// The fixture's client knows the fixture's templated path: the calls are `weigh_widget`'s,
/// held to its five a second (the sixth, all being sent at once, is refused by name); a
/// client of jing-api's spec knows no such path and sends all six as `raw`.
#[tokio::test]
async fn a_raw_call_to_a_fixture_template_is_the_fixtures_endpoint() {
    let mock = fixture_mock().await;
    let fixture = fixture_client(&mock);
    assert_eq!(fixture.catalogue(), jing_fixture_api::catalogue::ENDPOINTS);
    let answers = weigh_six_times(&fixture).await;
    let sent: Vec<&Value> = answers
        .iter()
        .filter_map(|answer| answer.as_ref().ok())
        .collect();
    assert_eq!(sent.len(), 5, "{answers:?}");
    assert!(sent.iter().all(|data| data["weight"] == 12), "{sent:?}");
    let refused: Vec<&Error> = answers
        .iter()
        .filter_map(|answer| answer.as_ref().err())
        .collect();
    assert!(
        matches!(refused[..], [Error::LimitWaitTooLong { endpoint, .. }] if endpoint == "weigh_widget"),
        "{refused:?}"
    );

    let jing = jing_client(&mock);
    assert_eq!(jing.catalogue(), jing_api::catalogue::ENDPOINTS);
    let answers = weigh_six_times(&jing).await;
    assert!(answers.iter().all(Result::is_ok), "{answers:?}");
}

/// `X-Widget-Pass` is no credential by its name (`pass` is no family word); the fixture's
/// `create_widget` marks it secret, and the fixture's client hides it wherever it shows a
/// call to that path: the request's `Debug`, its preview, and the error quoting an answer
/// that echoes it.
#[tokio::test]
async fn what_the_fixtures_schema_marks_secret_is_hidden() {
    let mock = fixture_mock().await;
    let echo = json!({"X-Widget-Pass": "pass-secret-2"});
    mock.stub(Stub::raw("POST", "/v1/widget/create", 500, echo))
        .unwrap_or_else(|error| panic!("{error}"));
    let shown = |client: Client| async move {
        let request = || {
            client
                .raw(Method::Post, "/v1/widget/create")
                .header("X-Widget-Pass", "pass-secret-1")
                .json(json!({"name": "w"}))
        };
        let debug = format!("{:?}", request());
        let preview = request()
            .preview()
            .unwrap_or_else(|error| panic!("{error}"));
        let failed = request().send::<Value>().await;
        let error = failed.expect_err("the stub answers 500");
        assert!(
            matches!(error, Error::Http { status: 500, .. }),
            "{error:?}"
        );
        format!(
            "{debug}\n{preview:?}\n{error}\n{error:?}\n{}",
            error.report()
        )
    };
    let fixture = shown(fixture_client(&mock)).await;
    for secret in ["pass-secret-1", "pass-secret-2"] {
        assert!(!fixture.contains(secret), "{secret} shown:\n{fixture}");
    }
    assert!(fixture.contains("[REDACTED]"), "{fixture}");
    // Without the fixture's schema only the name families hide, and this name is none.
    let jing = shown(jing_client(&mock)).await;
    for secret in ["pass-secret-1", "pass-secret-2"] {
        assert!(jing.contains(secret), "{secret} not shown:\n{jing}");
    }
}

/// A mock serving the fixture's tables names a request by the fixture's catalogue, not
/// jing-api's: a raw call to the fixture's templated `weigh_widget` path counts under that
/// name, and a stubbed `POST /v1/customer/create` (jing-api's `create_customer`, no
/// endpoint of the fixture) under the stub's path.
#[tokio::test]
async fn the_mock_names_requests_by_the_catalogue_it_serves() {
    let mock = fixture_mock().await;
    let body = json!({"code": 0, "msg": "ok", "data": {"id": "c1"}});
    mock.stub(Stub::raw("POST", "/v1/customer/create", 200, body))
        .unwrap_or_else(|error| panic!("{error}"));
    let client = fixture_client(&mock);
    let sent = client
        .raw(Method::Post, "/v1/customer/create")
        .json(json!({"name": "A"}))
        .send::<Value>()
        .await;
    assert!(sent.is_ok(), "{sent:?}");
    let weighed = client
        .raw(Method::Get, "/v1/widget/w1/weight")
        .header("Authorization", "Bearer weigh-pass")
        .send::<Value>()
        .await;
    assert!(weighed.is_ok(), "{weighed:?}");
    let counted = mock.stats().answered_by_endpoint;
    assert_eq!(counted.get("/v1/customer/create"), Some(&1), "{counted:?}");
    assert_eq!(counted.get("weigh_widget"), Some(&1), "{counted:?}");
    assert!(!counted.contains_key("create_customer"), "{counted:?}");
}

/// A typed call checks that its endpoint is one of the spec its client was built for: the
/// fixture's `get_widget` through a client of jing-api's spec is a configuration error
/// naming it, for a send and a preview alike, and nothing reaches the server; through the
/// mock's own client (the fixture's spec) it is sent.
#[tokio::test]
async fn a_typed_call_of_another_spec_is_refused_by_name() {
    let mock = fixture_mock().await;
    let jing = jing_client(&mock);
    let refused = WidgetsApi::new(&jing).get(GetWidget::new("w1")).await;
    let error = refused.expect_err("jing-api's spec has no get_widget");
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "invalid client configuration: get_widget is not an endpoint of the spec this client was built for"
    );
    let preview = jing.preview(&GetWidget::new("w1"));
    assert!(matches!(&preview, Err(Error::Config { .. })), "{preview:?}");
    assert!(mock.received().is_empty(), "{:?}", mock.received());

    let fixture = fixture_client(&mock);
    let sent = WidgetsApi::new(&fixture).get(GetWidget::new("w1")).await;
    assert!(sent.is_ok(), "{sent:?}");
    assert_eq!(mock.received().len(), 1);
}

/// The webhook samples travel with the tables: a builder of the fixture's tables (what
/// `jing webhook send --sample` and `jing mock` read when the program runs on them) has
/// the fixture's sample page and none of jing-api's, and the default builder the reverse.
#[test]
fn the_webhook_samples_are_those_of_the_tables_served() {
    let fixture = MockServer::builder().tables(jing_fixture_api::mock::TABLES);
    let titles: Vec<&str> = fixture.webhook_sample_titles().collect();
    assert_eq!(titles, ["部件创建"]);
    assert!(fixture.webhook_sample("部件创建").is_some());
    let jing = MockServer::builder();
    assert!(jing.webhook_sample("部件创建").is_none());
    let jing_titles: Vec<&str> = jing.webhook_sample_titles().collect();
    assert!(!jing_titles.is_empty());
    assert!(
        jing_titles
            .iter()
            .all(|title| fixture.webhook_sample(title).is_none())
    );
    let (mock, program) = (
        (jing_fixture_api::cli::TABLES.mock)()
            .webhook_sample_titles()
            .collect::<Vec<_>>(),
        titles,
    );
    assert_eq!(
        mock, program,
        "the program's tables hand the fixture's mock"
    );
}
