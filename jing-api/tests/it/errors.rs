//! Every error keeps the error under it, through the public client over real HTTP: for each
//! variant, `source()` reaches the underlying error's type, `Display` says the cause, and no
//! secret shows in `Display`, in `Debug` or in the words of any error under it. The stores'
//! errors are tested beside the stores (`token_stores.rs` here, `jing-api/tests/redis_store.rs`).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use jing_api::{Client, ClientBuilder, Error, Method, RetryPolicy};
use jing_mock::MockServer;
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

use crate::runtime::create;

const ACCESS_TOKEN: &str = "access-token-never-shown";
const APP_SECRET: &str = "app-secret-never-shown";
const REFRESH_TOKEN: &str = "refresh-token-never-shown";
const PASSWORD: &str = "password-never-shown";
const QUERY_TOKEN: &str = "query-token-never-shown";

/// Everything `error` shows a person: its `Display` and `Debug`, and the `Display` of every
/// error under it.
fn everything_shown(error: &Error) -> String {
    let mut shown = format!("{error:?}");
    let mut under: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = under {
        shown.push('\n');
        shown.push_str(&error.to_string());
        under = error.source();
    }
    shown
}

/// Fails when `error` shows any secret of this file.
fn assert_no_secret(error: &Error) {
    let shown = everything_shown(error);
    assert!(!shown.contains("never-shown"), "{shown}");
}

/// The first error of type `T` under `error`.
fn cause<T: std::error::Error + 'static>(error: &Error) -> Option<&T> {
    let mut under = std::error::Error::source(error);
    while let Some(error) = under {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        under = error.source();
    }
    None
}

/// A client of `base_url` with a fixed token, which tries each call once.
fn client(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .app_id("app-1")
        .access_token(ACCESS_TOKEN)
        .retry_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
}

fn build(builder: ClientBuilder) -> Client {
    builder
        .build()
        .unwrap_or_else(|error| panic!("the client builds: {error}"))
}

/// A raw read of `/v1/x` with a credential in its query.
async fn raw_read(client: &Client) -> Error {
    let sent = client
        .raw(Method::Get, "/v1/x")
        .query("access_token", QUERY_TOKEN)
        .repeatable()
        .send::<Value>()
        .await;
    sent.err()
        .unwrap_or_else(|| panic!("the call went through"))
}

/// A port of this machine nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_over_the_os_error() {
    let port = closed_port();
    let client = build(client(&format!("http://jing:{PASSWORD}@127.0.0.1:{port}")));
    let error = raw_read(&client).await;
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert!(
        transport.is_connect() && !transport.is_timeout(),
        "{error:?}"
    );
    assert_eq!(
        transport.url().map(|url| (url.password(), url.username())),
        Some((None, ""))
    );
    let url = format!("http://127.0.0.1:{port}/v1/x?access_token=%5BREDACTED%5D");
    // Display says the error's own words; the report adds why, once.
    assert_eq!(error.to_string(), "transport error");
    assert_eq!(
        error.report().to_string(),
        format!("transport error: cannot connect to {url}: connection refused")
    );
    assert_eq!(
        (error.kind(), error.is_retryable(), error.status()),
        ("transport", true, None)
    );
    let io = cause::<std::io::Error>(&error);
    assert_eq!(
        io.map(std::io::Error::kind),
        Some(std::io::ErrorKind::ConnectionRefused),
        "{error:?}"
    );
    assert!(cause::<reqwest::Error>(&error).is_some(), "{error:?}");
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_timeout_is_a_transport_error_that_says_so() {
    let server = wiremock::MockServer::start().await;
    Mock::given(path("/v1/x"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = build(client(&server.uri()).timeout(Duration::from_millis(100)));
    let error = raw_read(&client).await;
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert!(
        transport.is_timeout() && !transport.is_connect(),
        "{error:?}"
    );
    assert_eq!((error.kind(), error.is_retryable()), ("timeout", true));
    assert!(
        error.report().to_string().starts_with(&format!(
            "transport error: timed out waiting for {}/v1/x?",
            server.uri()
        )),
        "{error}"
    );
    assert!(cause::<reqwest::Error>(&error).is_some_and(reqwest::Error::is_timeout));
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error_naming_the_url() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|error| panic!("{error}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|error| panic!("{error}"));
    // Announces 100 bytes of body, sends 5 and closes.
    let server = std::thread::spawn(move || {
        if let Ok((mut connection, _)) = listener.accept() {
            let mut head = [0u8; 4096];
            let _ = connection.read(&mut head);
            let _ = connection.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort");
        }
    });
    let client = build(client(&format!("http://{address}")));
    let error = raw_read(&client).await;
    let _ = server.join();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert!(transport.is_body() && !transport.is_connect(), "{error:?}");
    assert!(
        error.report().to_string().starts_with(&format!(
            "transport error: cannot read the response of http://{address}/v1/x?"
        )),
        "{error}"
    );
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_rejected_fixed_token_is_an_auth_error_over_the_server_s_answer() {
    let server = wiremock::MockServer::start().await;
    Mock::given(path("/v1/customer/create"))
        .respond_with(ResponseTemplate::new(401).set_body_string("unauthorized"))
        .mount(&server)
        .await;
    let client = build(client(&server.uri()));
    let Err(error) = create(&client).await else {
        panic!("a rejected token went through")
    };
    assert!(matches!(error, Error::Auth { .. }), "{error:?}");
    let answer = cause::<Error>(&error);
    assert_eq!(answer.and_then(Error::status), Some(401), "{error:?}");
    let words = answer.map(ToString::to_string).unwrap_or_default();
    // Display says the error's own words; the report adds the answer's, once.
    assert!(!error.to_string().contains(&words), "{error}");
    assert_eq!(error.report().to_string(), format!("{error}: {words}"));
    assert!(words.contains("401"), "{words}");
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_refused_refresh_token_keeps_the_refusal_under_it() {
    let server = wiremock::MockServer::start().await;
    let refused = json!({"request_id": "req-refused", "code": 40002, "msg": "refresh_token expired", "data": null});
    Mock::given(path("/v1/oauth2/token/refresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(refused))
        .mount(&server)
        .await;
    let client = build(
        Client::builder()
            .base_url(server.uri())
            .app_id("app-1")
            .app_secret(APP_SECRET)
            .refresh_token(REFRESH_TOKEN),
    );
    let Err(error) = create(&client).await else {
        panic!("a refused refresh token went through")
    };
    assert!(
        matches!(error, Error::RefreshTokenRejected { .. }),
        "{error:?}"
    );
    let refusal = cause::<Error>(&error);
    assert_eq!(refusal.and_then(Error::code), Some(40002), "{error:?}");
    assert_eq!(error.request_id(), Some("req-refused"));
    assert!(
        !error.to_string().contains("refresh_token expired"),
        "{error}"
    );
    assert!(
        error.report().to_string().contains("refresh_token expired"),
        "{error}"
    );
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_a_configuration_error_and_is_not_sent() {
    let mock = MockServer::builder()
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let client = build(client(&mock.base_url()));
    let sent = client
        .raw(Method::Get, "/v1/x")
        .header("not a header name", "v")
        .repeatable()
        .send::<Value>()
        .await;
    let Err(error) = sent else {
        panic!("a header name with spaces was sent")
    };
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(!error.is_retryable(), "{error:?}");
    assert!(cause::<reqwest::Error>(&error).is_some_and(reqwest::Error::is_builder));
    assert!(mock.received().is_empty());
    assert_no_secret(&error);
}

#[test]
fn a_base_url_refused_keeps_the_parse_error_and_never_shows_its_password() {
    let build = |base_url: &str| client(base_url).build().err();
    let unreadable = build(&format!("https://jing:{PASSWORD}@exa mple.com/"));
    let parse = unreadable.as_ref().and_then(cause::<url::ParseError>);
    assert_eq!(parse, Some(&url::ParseError::IdnaError), "{unreadable:?}");
    let plain = build(&format!("http://jing:{PASSWORD}@example.com/"));
    for error in [unreadable, plain] {
        let Some(error) = error else {
            panic!("a base URL that cannot work was taken")
        };
        assert!(matches!(error, Error::Config { .. }), "{error:?}");
        assert!(error.to_string().contains("mple.com"), "{error}");
        assert_no_secret(&error);
    }
}

#[tokio::test]
async fn a_path_that_leaves_the_base_url_is_refused_without_its_credential() {
    let client = build(client("http://127.0.0.1:1"));
    let path = format!("https://elsewhere.example/steal?access_token={QUERY_TOKEN}");
    let Err(error) = client.raw(Method::Get, path).send::<Value>().await else {
        panic!("a call left the base URL")
    };
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(error.to_string().contains("elsewhere.example"), "{error}");
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_mock_on_a_port_in_use_is_a_configuration_error_over_the_io_error() {
    let first = MockServer::builder()
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let second = MockServer::builder().address(first.address()).start().await;
    let Err(error) = second else {
        panic!("two mocks listen on one port")
    };
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    let io = cause::<std::io::Error>(&error);
    assert_eq!(
        io.map(std::io::Error::kind),
        Some(std::io::ErrorKind::AddrInUse),
        "{error:?}"
    );
    let words = io.map(ToString::to_string).unwrap_or_default();
    assert!(!error.to_string().contains(&words), "{error}");
    assert!(error.report().to_string().ends_with(&words), "{error}");
}

#[tokio::test]
async fn a_body_that_cannot_be_a_form_is_an_encode_error_over_the_json_error() {
    let client = build(client("http://127.0.0.1:1"));
    let sent = client
        .raw(Method::Post, "/v1/x")
        .form(json!({"nested": {"secret": APP_SECRET}}))
        .send::<Value>()
        .await;
    let Err(error) = sent else {
        panic!("a nested form was sent")
    };
    assert!(matches!(error, Error::Encode(_)), "{error:?}");
    assert!(cause::<serde_json::Error>(&error).is_some(), "{error:?}");
    assert_eq!(error.to_string(), "cannot encode the request");
    assert!(error.report().to_string().contains("nested"), "{error}");
    assert_no_secret(&error);
}

/// A method's name parses in any case (`jing raw get …`); any other name is refused with
/// an error that says it.
#[test]
fn a_method_name_parses_in_any_case_and_another_is_refused() {
    for (text, method) in [
        ("GET", Method::Get),
        ("post", Method::Post),
        ("Put", Method::Put),
        ("delete", Method::Delete),
        ("PATCH", Method::Patch),
    ] {
        assert_eq!(text.parse::<Method>(), Ok(method), "{text}");
    }
    let refused = "FETCH".parse::<Method>().expect_err("FETCH is no method");
    assert_eq!(
        refused.to_string(),
        "`FETCH` is not GET, POST, PUT, DELETE or PATCH"
    );
}
