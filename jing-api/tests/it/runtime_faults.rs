//! The runtime against servers that fail, over real HTTP on 127.0.0.1: reads retried after
//! 5xx (creates only when asked), a rate-limit answer retried after a pause, bad answers
//! as typed errors, a server that never answers. The shared helpers are `runtime.rs`.

use std::time::Duration;

use jing_api::{Error, LimitScope, Method, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::ok;
use crate::runtime::{CREATE, build, builder, count, create, fast_retries};

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
    let cases = bad_envelopes().into_iter().chain(bad_data());
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

/// What a case of `bad_servers_give_typed_errors` expects of the error.
type Expected = fn(&Error) -> bool;

/// Answers that are not a good envelope: a failure code, not JSON, no envelope, a bad
/// status.
fn bad_envelopes() -> Vec<(&'static str, ResponseTemplate, Expected)> {
    let html = "<html><body>gateway says hello</body></html>";
    vec![
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
    ]
}

/// Envelopes whose `data` does not fit the response type.
fn bad_data() -> Vec<(&'static str, ResponseTemplate, Expected)> {
    vec![
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
                matches!(e, Error::Decode { path, .. } if path == "data")
                    && e.report().to_string().contains("jing_uuid")
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
    ]
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
