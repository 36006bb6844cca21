//! The runtime over real HTTP against wiremock on 127.0.0.1: token lifecycle, retries,
//! bad servers, documented limits, raw calls, redaction. Time moves through a manual
//! clock; nothing asserts on elapsed time.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use jing_api::auth::{BoxFuture, ExposeSecret, SecretString, TokenProvider};
use jing_api::clock::ManualClock;
use jing_api::customer::CreateCustomer;
use jing_api::{Client, ClientBuilder, Error, LimitScope, Method, RateLimit, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::ok;

const REFRESH: &str = "/v1/oauth2/token/refresh";
const CREATE: &str = "/v1/customer/create";
const APP_SECRET: &str = "app-secret-never-shown";
const REFRESH_TOKEN: &str = "refresh-token-never-shown";
const EXPIRED: i64 = 40001;

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    }
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .app_id("app-1")
        .retry_policy(fast_retries())
        .token_rejected_codes([EXPIRED])
}

fn build(builder: ClientBuilder) -> Client {
    builder
        .build()
        .unwrap_or_else(|error| panic!("the client builds: {error}"))
}

async fn count(server: &MockServer, wanted: &str) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|request| request.url.path() == wanted)
        .count()
}

/// The refresh endpoint hands out `token` (with a lifetime of `expires_in` seconds).
async fn mount_refresh(server: &MockServer, token: &str, expires_in: i64) {
    Mock::given(method("POST"))
        .and(path(REFRESH))
        .respond_with(ok(json!({"access_token": token, "refresh_token": "refresh-2", "scope": "all", "token_type": "bearer", "expires_in": expires_in})))
        .mount(server)
        .await;
}

/// Account Creation accepts `token` and rejects anything else as expired.
async fn mount_create_accepting(server: &MockServer, token: &str) {
    Mock::given(path(CREATE))
        .and(header("access_token", token))
        .respond_with(ok(json!({"jing_uuid": "u-1"})))
        .with_priority(1)
        .mount(server)
        .await;
    let expired = json!({"request_id": "req-expired", "code": EXPIRED, "msg": "access_token expired", "data": null});
    Mock::given(path(CREATE))
        .respond_with(ResponseTemplate::new(200).set_body_json(expired))
        .with_priority(2)
        .mount(server)
        .await;
}

pub(crate) async fn create(client: &Client) -> Result<String, Error> {
    client
        .customer()
        .create(CreateCustomer::new("Acme", "bt"))
        .await
        .map(|data| data.jing_uuid)
}

#[tokio::test]
async fn a_hundred_calls_with_an_expired_token_cause_one_refresh() {
    let server = MockServer::start().await;
    mount_refresh(&server, "token-new", 7200).await;
    mount_create_accepting(&server, "token-new").await;
    let client = build(
        builder(&server)
            .access_token("token-old")
            .app_secret(APP_SECRET)
            .refresh_token(REFRESH_TOKEN)
            .rate_limits(false),
    );
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { create(&client).await })
    });
    for call in futures::future::join_all(calls).await {
        let call = call.unwrap_or_else(|error| panic!("task failed: {error}"));
        assert_eq!(call.ok(), Some("u-1".to_owned()));
    }
    assert_eq!(
        count(&server, REFRESH).await,
        1,
        "one refresh however many calls wait"
    );
    let refresh = server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|request| request.url.path() == REFRESH);
    let body: Value = refresh
        .map(|request| serde_json::from_slice(&request.body).unwrap_or_default())
        .unwrap_or_default();
    assert_eq!(
        body,
        json!({"app_id": "app-1", "app_secret": APP_SECRET, "refresh_token": REFRESH_TOKEN})
    );
    let headers = server.received_requests().await.unwrap_or_default();
    assert!(
        headers
            .iter()
            .filter(|request| request.url.path() == REFRESH)
            .all(|request| !request.headers.contains_key("access_token")),
        "the refresh call sends no auth headers"
    );
}

#[tokio::test]
async fn without_an_access_token_the_first_call_fetches_one() {
    let server = MockServer::start().await;
    mount_refresh(&server, "token-1", 7200).await;
    mount_create_accepting(&server, "token-1").await;
    let client = build(
        builder(&server)
            .app_secret(APP_SECRET)
            .refresh_token(REFRESH_TOKEN),
    );
    assert_eq!(create(&client).await.ok(), Some("u-1".to_owned()));
    assert_eq!(create(&client).await.ok(), Some("u-1".to_owned()));
    assert_eq!(count(&server, REFRESH).await, 1, "the token is cached");
}

#[tokio::test]
async fn the_token_is_renewed_shortly_before_it_expires() {
    let server = MockServer::start().await;
    mount_refresh(&server, "token-1", 100).await;
    Mock::given(path(CREATE))
        .respond_with(ok(json!({"jing_uuid": "u-1"})))
        .mount(&server)
        .await;
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    ));
    let client = build(
        builder(&server)
            .app_secret(APP_SECRET)
            .refresh_token(REFRESH_TOKEN)
            .refresh_margin(Duration::from_secs(10))
            .clock(clock.clone()),
    );
    assert!(create(&client).await.is_ok());
    clock.advance(Duration::from_secs(50));
    assert!(create(&client).await.is_ok());
    assert_eq!(
        count(&server, REFRESH).await,
        1,
        "50 s into a 100 s token: no refresh"
    );
    clock.advance(Duration::from_secs(48));
    assert!(create(&client).await.is_ok());
    assert_eq!(
        count(&server, REFRESH).await,
        2,
        "within the margin (10 s, capped at a twentieth of the 100 s lifetime): renewed"
    );
}

#[tokio::test]
async fn a_rejected_refresh_token_is_a_typed_error_that_says_how_to_seed_and_is_not_sent_again() {
    let server = MockServer::start().await;
    let refused = json!({"request_id": "req-refresh", "code": 40002, "msg": "refresh_token expired", "data": null});
    Mock::given(path(REFRESH))
        .respond_with(ResponseTemplate::new(200).set_body_json(refused))
        .mount(&server)
        .await;
    let client = build(
        builder(&server)
            .app_secret(APP_SECRET)
            .refresh_token(REFRESH_TOKEN),
    );
    let error = create(&client).await.err();
    match &error {
        Some(Error::RefreshTokenRejected {
            message,
            scope,
            request_id,
            ..
        }) => {
            assert!(message.contains("jing auth seed"), "{message}");
            assert!(message.contains("refresh_token expired"), "{message}");
            assert_eq!(scope, client.token_scope());
            assert_eq!(request_id.as_deref(), Some("req-refresh"));
        }
        other => panic!("expected Error::RefreshTokenRejected, got {other:?}"),
    }
    assert_eq!(count(&server, REFRESH).await, 1);
    // Remembered: the next calls fail at once, without sending the refused token again.
    for _ in 0..3 {
        assert!(matches!(
            create(&client).await,
            Err(Error::RefreshTokenRejected { .. })
        ));
    }
    assert_eq!(
        count(&server, REFRESH).await,
        1,
        "the refused token is not sent again"
    );
    let shown = format!(
        "{error:?} {}",
        error.as_ref().map(ToString::to_string).unwrap_or_default()
    );
    assert!(
        !shown.contains(APP_SECRET) && !shown.contains(REFRESH_TOKEN),
        "{shown}"
    );
    assert_eq!(count(&server, CREATE).await, 0);
}

#[tokio::test]
async fn a_fixed_token_that_is_rejected_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(path(CREATE))
        .respond_with(ResponseTemplate::new(401).set_body_string("unauthorized"))
        .mount(&server)
        .await;
    let client = build(builder(&server).access_token("fixed"));
    assert!(matches!(create(&client).await, Err(Error::Auth { .. })));
    assert_eq!(count(&server, CREATE).await, 1);
}

#[derive(Debug, Default)]
struct CountingProvider {
    calls: AtomicUsize,
    rejected: Mutex<Vec<String>>,
}

impl TokenProvider for CountingProvider {
    fn access_token<'a>(
        &'a self,
        stale: Option<&'a SecretString>,
    ) -> BoxFuture<'a, Result<SecretString, Error>> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            if let Some(stale) = stale {
                self.rejected
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(stale.expose_secret().to_owned());
                return Ok(SecretString::from("provided-2"));
            }
            Ok(SecretString::from("provided-1"))
        })
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_again_with_the_rejected_token() {
    let server = MockServer::start().await;
    mount_create_accepting(&server, "provided-2").await;
    let provider = Arc::new(CountingProvider::default());
    let client = build(builder(&server).token_provider(provider.clone()));
    assert_eq!(create(&client).await.ok(), Some("u-1".to_owned()));
    assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    assert_eq!(
        *provider
            .rejected
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        ["provided-1"]
    );
}

#[tokio::test]
async fn reads_are_retried_after_5xx_and_creates_only_when_asked() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/read"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/read"))
        .respond_with(ok(json!({"n": 1})))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = build(builder(&server).access_token("t"));
    let read: Result<Value, Error> = client
        .raw(Method::Post, "/v1/read")
        .repeatable()
        .send()
        .await;
    assert_eq!(read.ok(), Some(json!({"n": 1})));
    assert_eq!(count(&server, "/v1/read").await, 3);

    Mock::given(path(CREATE))
        .respond_with(ResponseTemplate::new(502).set_body_string("bad gateway"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path(CREATE))
        .respond_with(ok(json!({"jing_uuid": "u-2"})))
        .with_priority(2)
        .mount(&server)
        .await;
    assert!(matches!(
        create(&client).await,
        Err(Error::Http { status: 502, .. })
    ));
    assert_eq!(
        count(&server, CREATE).await,
        1,
        "a create is not repeated after a 502"
    );
    assert_eq!(
        create(&client.retrying_writes()).await.ok(),
        Some("u-2".to_owned())
    );
}

#[tokio::test]
async fn a_rate_limit_answer_is_retried_after_a_pause() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429)
        .insert_header("Retry-After", "0")
        .set_body_string("slow down");
    Mock::given(path(CREATE))
        .respond_with(limited)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path(CREATE))
        .respond_with(ok(json!({"jing_uuid": "u-3"})))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = build(builder(&server).access_token("t"));
    assert_eq!(create(&client).await.ok(), Some("u-3".to_owned()));
    assert_eq!(count(&server, CREATE).await, 2);

    Mock::given(path("/v1/always-limited"))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    let result: Result<Value, Error> = client.raw(Method::Post, "/v1/always-limited").send().await;
    assert!(
        matches!(
            result,
            Err(Error::RateLimited {
                scope: LimitScope::Server,
                ..
            })
        ),
        "{result:?}"
    );
    assert_eq!(
        count(&server, "/v1/always-limited").await,
        3,
        "bounded by the policy"
    );
}

#[tokio::test]
async fn bad_servers_give_typed_errors() {
    let server = MockServer::start().await;
    let client = build(
        builder(&server)
            .access_token("t")
            .retry_policy(RetryPolicy {
                max_attempts: 1,
                ..fast_retries()
            }),
    );
    let html = "<html><body>gateway says hello</body></html>";
    type Expected = fn(&Error) -> bool;
    let cases: Vec<(&str, ResponseTemplate, Expected)> = vec![
        (
            "a non-zero code",
            ResponseTemplate::new(200).set_body_json(
                json!({"request_id": "req-42", "code": 123, "msg": "nope", "data": null}),
            ),
            |e| {
                matches!(e, Error::Api { code: 123, msg, request_id, .. } if msg == "nope" && request_id == "req-42")
                    && e.request_id() == Some("req-42")
            },
        ),
        (
            "html",
            ResponseTemplate::new(200).set_body_string(html),
            |e| matches!(e, Error::Decode { body_start, request_id: None, .. } if body_start == "<html><body>gateway says hello</body></html>"),
        ),
        (
            "an empty body",
            ResponseTemplate::new(200),
            |e| matches!(e, Error::Decode { message, .. } if message == "the body is empty"),
        ),
        (
            "truncated JSON",
            ResponseTemplate::new(200)
                .set_body_string(r#"{"request_id":"r","code":0,"data":{"jing_"#),
            |e| matches!(e, Error::Decode { .. }),
        ),
        (
            "an object where a string belongs",
            ResponseTemplate::new(200).set_body_string(
                r#"{"request_id":"r9","code":0,"msg":"ok","data":{"jing_uuid":{"id":7}}}"#,
            ),
            |e| {
                matches!(e, Error::Decode { path, request_id, .. } if path == "data.jing_uuid" && request_id.as_deref() == Some("r9"))
                    && e.request_id() == Some("r9")
                    && e.raw_data().map(|raw| raw.get()) == Some(r#"{"jing_uuid":{"id":7}}"#)
            },
        ),
        (
            "a required member missing",
            ResponseTemplate::new(200)
                .set_body_string(r#"{"request_id":"r8","code":0,"msg":"ok","data":{}}"#),
            |e| {
                matches!(e, Error::Decode { path, message, .. } if path == "data" && message.contains("jing_uuid"))
                    && e.raw_data().map(|raw| raw.get()) == Some("{}")
            },
        ),
        (
            "a required member null",
            ResponseTemplate::new(200).set_body_string(
                r#"{"request_id":"r7","code":0,"msg":"ok","data":{"jing_uuid":null}}"#,
            ),
            |e| matches!(e, Error::Decode { path, .. } if path == "data.jing_uuid"),
        ),
        (
            "data missing for a type with required members",
            ResponseTemplate::new(200)
                .set_body_string(r#"{"request_id":"r6","code":0,"msg":"ok"}"#),
            |e| {
                matches!(e, Error::Decode { path, .. } if path == "data")
                    && e.raw_data().map(|raw| raw.get()) == Some("null")
            },
        ),
        (
            "a code that is not a number",
            ResponseTemplate::new(200).set_body_string(
                r#"{"request_id":"r5","code":"zero","msg":"ok","data":{"jing_uuid":"u"}}"#,
            ),
            |e| matches!(e, Error::Decode { path, .. } if path == "code"),
        ),
        (
            "a byte order mark before an error envelope",
            ResponseTemplate::new(200).set_body_raw(
                "\u{feff} {\"request_id\":77,\"code\":\"401\",\"msg\":\"no\"} \n"
                    .as_bytes()
                    .to_vec(),
                "application/json",
            ),
            |e| matches!(e, Error::Api { code: 401, request_id, .. } if request_id == "77"),
        ),
        (
            "no envelope",
            ResponseTemplate::new(200).set_body_string(r#"{"hello":"world"}"#),
            |e| matches!(e, Error::Decode { path, .. } if path == "code"),
        ),
        ("500", ResponseTemplate::new(500), |e| {
            matches!(e, Error::Http { status: 500, .. })
        }),
        (
            "502 with a page",
            ResponseTemplate::new(502).set_body_string("<html>502</html>"),
            |e| matches!(e, Error::Http { status: 502, .. }),
        ),
        (
            "503 with text",
            ResponseTemplate::new(503).set_body_string("upstream down"),
            |e| matches!(e, Error::Http { status: 503, body_start } if body_start == "upstream down"),
        ),
    ];
    for (case, response, expected) in cases {
        server.reset().await;
        Mock::given(path(CREATE))
            .respond_with(response)
            .mount(&server)
            .await;
        match create(&client).await {
            Err(error) => assert!(expected(&error), "{case}: {error:?}"),
            Ok(uuid) => panic!("{case}: decoded {uuid}"),
        }
    }
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = MockServer::start().await;
    Mock::given(path(CREATE))
        .respond_with(ok(json!({"jing_uuid": "late"})).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = build(
        builder(&server)
            .access_token("t")
            .timeout(Duration::from_millis(100)),
    );
    assert!(
        matches!(create(&client).await, Err(Error::Transport(error)) if error.is_timeout()),
        "a timeout is a transport error that says so"
    );
    assert_eq!(
        count(&server, CREATE).await,
        1,
        "a create that timed out is not repeated"
    );
}

#[tokio::test]
async fn the_day_budget_is_enforced_per_endpoint_until_midnight() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/daily"))
        .respond_with(ok(json!(1)))
        .mount(&server)
        .await;
    // 23:59:00 in China Standard Time.
    let clock = Arc::new(ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(1_722_614_340),
    ));
    let client = build(builder(&server).access_token("t").clock(clock.clone()));
    let limit = RateLimit {
        per_second: None,
        per_day: Some(2),
    };
    let call = || async {
        client
            .raw(Method::Post, "/v1/daily")
            .rate_limit(limit)
            .send::<Value>()
            .await
    };
    assert!(call().await.is_ok() && call().await.is_ok());
    match call().await {
        Err(Error::RateLimited {
            scope: LimitScope::Day,
            retry_after,
            ..
        }) => assert_eq!(retry_after, Some(Duration::from_secs(60))),
        other => panic!("expected the day budget to be spent, got {other:?}"),
    }
    assert_eq!(
        count(&server, "/v1/daily").await,
        2,
        "the third call never left the client"
    );
    clock.advance(Duration::from_secs(60));
    assert!(call().await.is_ok(), "a new day in China Standard Time");

    let unlimited = build(builder(&server).access_token("t").rate_limits(false));
    for _ in 0..3 {
        assert!(
            unlimited
                .raw(Method::Post, "/v1/daily")
                .rate_limit(limit)
                .send::<Value>()
                .await
                .is_ok()
        );
    }
}

#[tokio::test]
async fn a_burst_above_the_per_second_limit_waits_instead_of_failing() {
    let server = MockServer::start().await;
    Mock::given(path(CREATE))
        .respond_with(ok(json!({"jing_uuid": "u"})))
        .mount(&server)
        .await;
    let (buffer, _guard) = capture_logs();
    let client = build(builder(&server).access_token("t"));
    // Account Creation allows 10 calls a second. 15 started at once all reach the limiter
    // before any is answered: 10 pass, and the other 5 wait for it, then succeed.
    let results = futures::future::join_all((0..15).map(|_| create(&client))).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(count(&server, CREATE).await, 15);
    let waits = buffer
        .text()
        .matches("waiting for the per-second limit")
        .count();
    assert_eq!(waits, 5, "{}", buffer.text());
}

#[tokio::test]
async fn raw_calls_cannot_leave_the_base_url() {
    let server = MockServer::start().await;
    let client = build(builder(&server).access_token("t"));
    for path in [
        "http://elsewhere.example/steal",
        "https://elsewhere.example/steal",
    ] {
        let result = client.raw(Method::Post, path).send::<Value>().await;
        assert!(
            matches!(result, Err(Error::Config { .. })),
            "{path}: {result:?}"
        );
    }
    assert_eq!(
        server
            .received_requests()
            .await
            .map(|requests| requests.len()),
        Some(0)
    );
}

#[test]
fn generated_calls_are_futures_that_can_be_spawned() {
    fn spawnable<T: Future + Send + 'static>(_: &T) {}
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .app_id("app-1")
        .access_token("t")
        .build()
        .unwrap_or_else(|error| panic!("the client builds: {error}"));
    // The group methods are plain functions returning the runtime's future; it is `Send`
    // and owns what it needs, so it can go to `tokio::spawn`.
    let api = client.clone();
    let call = async move {
        api.customer()
            .create(CreateCustomer::new("Acme", "bt"))
            .await
    };
    spawnable(&call);
}

#[tokio::test]
async fn typed_and_raw_calls_keep_the_base_url_path() {
    // Typed paths are joined once when the client is built, raw ones on each call; both
    // keep a base URL's own path (a gateway prefix) in front of the endpoint's.
    let server = MockServer::start().await;
    Mock::given(path(format!("/gateway{CREATE}")))
        .respond_with(ok(json!({"jing_uuid": "u-1"})))
        .mount(&server)
        .await;
    let client = build(
        Client::builder()
            .base_url(format!("{}/gateway/", server.uri()))
            .app_id("app-1")
            .access_token("t"),
    );
    assert_eq!(create(&client).await.ok().as_deref(), Some("u-1"));
    let raw: Result<Value, Error> = client
        .raw(Method::Post, CREATE)
        .json(json!({"name": "Acme", "business_type": "bt"}))
        .send()
        .await;
    assert_eq!(raw.ok(), Some(json!({"jing_uuid": "u-1"})));
    assert_eq!(count(&server, &format!("/gateway{CREATE}")).await, 2);
}

#[tokio::test]
async fn logs_carry_the_call_but_never_a_secret() {
    let server = MockServer::start().await;
    mount_refresh(&server, "fresh-access-token-never-shown", 7200).await;
    let failing = json!({"request_id": "req-logged", "code": 123, "msg": "nope", "data": null});
    Mock::given(path(CREATE))
        .respond_with(ResponseTemplate::new(200).set_body_json(failing))
        .mount(&server)
        .await;
    let (buffer, _guard) = capture_logs();
    let client = build(
        builder(&server)
            .app_secret(APP_SECRET)
            .refresh_token(REFRESH_TOKEN),
    );
    let _ = create(&client).await;
    let logs = buffer.text();
    assert!(
        logs.contains("jing_api.call")
            && logs.contains("create_customer")
            && logs.contains("req-logged"),
        "{logs}"
    );
    for secret in [APP_SECRET, REFRESH_TOKEN, "fresh-access-token-never-shown"] {
        assert!(
            !logs.contains(secret),
            "{secret} leaked into the logs:\n{logs}"
        );
    }
}

/// Captures this thread's logs, debug level and up, until the guard is dropped.
pub(crate) fn capture_logs() -> (LogBuffer, tracing::subscriber::DefaultGuard) {
    let buffer = LogBuffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(buffer.clone())
        .with_ansi(false)
        .finish();
    (buffer, tracing::subscriber::set_default(subscriber))
}

#[derive(Clone, Default)]
pub(crate) struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(
            &self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
        .into_owned()
    }
}

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogBuffer {
    type Writer = LogBuffer;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}
