//! Calls over real HTTP on 127.0.0.1: the documented limits (a day budget per endpoint, a
//! burst above the per-second limit), raw calls kept under the base URL, generated calls as
//! futures that can be spawned, and logs that carry the call but never a secret. The
//! shared helpers are `runtime.rs`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use jing_api::clock::ManualClock;
use jing_api::customer::CreateCustomer;
use jing_api::{Client, Error, LimitScope, Method, RateLimit};
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::ok;
use crate::runtime::{
    APP_SECRET, CREATE, REFRESH_TOKEN, build, builder, count, create, mount_refresh,
};

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

/// Captures this thread's logs, debug level and up (span closings too), until the guard
/// is dropped. One subscriber serves the whole binary and writes each event to the buffer
/// of the thread it happens on: a subscriber set per thread would race tracing's global
/// caches with the tests running beside it, and lose events now and then.
pub(crate) fn capture_logs() -> (LogBuffer, Capture) {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_writer(ThisThread)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .unwrap_or_else(|error| panic!("the binary's log subscriber: {error}"));
    });
    let buffer = LogBuffer::default();
    CAPTURE.with(|current| *current.borrow_mut() = Some(buffer.clone()));
    (buffer, Capture(()))
}

thread_local! {
    /// The buffer this thread's logs go to, while a test captures them.
    static CAPTURE: std::cell::RefCell<Option<LogBuffer>> = const { std::cell::RefCell::new(None) };
}

/// Ends the capture of this thread's logs when dropped.
pub(crate) struct Capture(());

impl Drop for Capture {
    fn drop(&mut self) {
        CAPTURE.with(|current| current.borrow_mut().take());
    }
}

/// Writes a log line to the capturing buffer of the thread it is written on, if any.
struct ThisThread;

impl std::io::Write for ThisThread {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|current| match current.borrow_mut().as_mut() {
            Some(buffer) => std::io::Write::write(buffer, bytes),
            None => Ok(bytes.len()),
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for ThisThread {
    type Writer = ThisThread;

    fn make_writer(&'a self) -> Self::Writer {
        ThisThread
    }
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
