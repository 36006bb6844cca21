//! What operators see, over real HTTP against the in-process mock: the metrics the client
//! records through the `metrics` facade (a debugging recorder installed for the test's
//! thread), the OpenTelemetry attributes of its spans, and the cap on limit waits.

use std::time::Duration;

use jing_api::customer::CreateCustomer;
use jing_api::{Client, Error, Method, RateLimit, telemetry};
use jing_mock::{Fault, MockServer};
use metrics_util::debugging::{DebugValue, DebuggingRecorder};

/// One metric as recorded: its name, its labels and its value.
type Recorded = (String, Vec<(String, String)>, DebugValue);

/// The recorded value of metric `name` whose labels include every one of `labels`, summed
/// over the other labels (a counter's count, a histogram's number of samples).
fn recorded(snapshot: &[Recorded], name: &str, labels: &[(&str, &str)]) -> u64 {
    snapshot
        .iter()
        .filter(|(metric, _, _)| metric == name)
        .filter(|(_, have, _)| {
            labels.iter().all(|(key, value)| {
                have.iter()
                    .any(|(have_key, have_value)| have_key == key && have_value == value)
            })
        })
        .map(|(_, _, value)| match value {
            DebugValue::Counter(count) => *count,
            DebugValue::Histogram(samples) => samples.len() as u64,
            DebugValue::Gauge(_) => 0,
        })
        .sum()
}

/// Runs `work` on a single-threaded runtime with a debugging recorder installed for this
/// thread alone (other tests of the binary record nowhere near it), and gives what it saw.
fn with_recorder(work: impl std::future::Future<Output = ()>) -> Vec<Recorded> {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    metrics::with_local_recorder(&recorder, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|error| panic!("{error}"));
        runtime.block_on(work);
    });
    snapshotter
        .snapshot()
        .into_vec()
        .into_iter()
        .map(|(key, _, _, value)| {
            let key = key.key();
            let labels = key
                .labels()
                .map(|label| (label.key().to_owned(), label.value().to_owned()))
                .collect();
            (key.name().to_owned(), labels, value)
        })
        .collect()
}

async fn mock() -> MockServer {
    MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

fn request() -> CreateCustomer {
    CreateCustomer::new("Acme Ltd", "business-type-id")
}

#[test]
fn calls_retries_renewals_and_limit_waits_are_counted() {
    let snapshot = with_recorder(async {
        let mock = mock().await;
        let client = mock
            .client_builder()
            .build()
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(client.customer().create(request()).await.is_ok());
        limited_and_refused_calls(&mock).await;
        // Last, as expiring tokens expires the other clients' too.
        // A 503, then the retry succeeds.
        mock.fail_next(1, Fault::Status(503));
        let retried = client.retrying_writes().customer().create(request()).await;
        assert!(retried.is_ok(), "{retried:?}");
        // The token expires: refused, renewed once, sent again.
        mock.expire_tokens();
        assert!(client.customer().create(request()).await.is_ok());
    });
    let count = |name: &str, labels: &[(&str, &str)]| recorded(&snapshot, name, labels);
    let create = ("endpoint", "create_customer");
    // Three typed calls, three limited ones, the impatient client's first.
    assert_eq!(
        count(telemetry::CALLS, &[create, ("outcome", "ok")]),
        7,
        "{snapshot:#?}"
    );
    assert_eq!(count(telemetry::CALLS, &[create, ("outcome", "error")]), 1);
    assert_eq!(
        count(telemetry::CALL_ERRORS, &[create, ("kind", "limit_wait")]),
        1
    );
    assert_eq!(count(telemetry::CALL_DURATION, &[create]), 8);
    assert_eq!(
        count(telemetry::RETRIES, &[create, ("reason", "server_error")]),
        1
    );
    assert_eq!(
        count(telemetry::RETRIES, &[create, ("reason", "token_rejected")]),
        1
    );
    assert_eq!(
        count(telemetry::TOKEN_RENEWALS, &[("outcome", "renewed")]),
        1
    );
    assert_eq!(
        count(telemetry::TOKEN_RENEWALS, &[("outcome", "failed")]),
        0
    );
    // The token call is a call of its own, inside the renewal.
    assert_eq!(
        count(
            telemetry::CALLS,
            &[("endpoint", "refresh_token"), ("outcome", "ok")]
        ),
        1
    );
    // The second and third limited calls waited; the refused one is timed too.
    assert!(
        count(telemetry::LIMIT_WAIT, &[create, ("limiter", "local")]) >= 2,
        "{snapshot:?}"
    );
    // The memory store's calls: the renewal loaded, locked, saved and unlocked.
    for operation in ["load", "try_lock", "save", "unlock", "expire"] {
        assert!(
            count(
                telemetry::STORE_CALL_DURATION,
                &[("store", "token"), ("operation", operation)]
            ) >= 1,
            "{operation}: {snapshot:?}"
        );
    }
    assert_eq!(count(telemetry::STORE_ERRORS, &[]), 0);
    assert_labels_are_known(&snapshot);
}

/// Three calls limited to one a second on a client of their own, then two on a client
/// that may not wait, the second refused.
async fn limited_and_refused_calls(mock: &MockServer) {
    // Three calls limited to one a second, on a client of their own (a client keeps
    // the limiter an endpoint's first call made): the later ones wait.
    let limited = RateLimit {
        per_second: Some(1),
        per_day: None,
    };
    let patient = mock
        .client_builder()
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    for _ in 0..3 {
        let answer: Result<serde_json::Value, Error> = patient
            .raw(Method::Post, "/v1/customer/create")
            .rate_limit(limited)
            .json(serde_json::json!({"name": "Acme", "business_type": "bt"}))
            .send()
            .await;
        assert!(answer.is_ok(), "{answer:?}");
    }
    // A call that may not wait: refused without being sent, counted by its kind.
    let impatient = mock
        .client_builder()
        .max_limit_wait(Duration::ZERO)
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let mut refused = None;
    for _ in 0..2 {
        let answer: Result<serde_json::Value, Error> = impatient
            .raw(Method::Post, "/v1/customer/create")
            .rate_limit(limited)
            .json(serde_json::json!({"name": "Acme", "business_type": "bt"}))
            .send()
            .await;
        refused = answer.err();
    }
    match refused {
        Some(Error::LimitWaitTooLong {
            endpoint, max_wait, ..
        }) => {
            assert_eq!(
                (endpoint.as_str(), max_wait),
                ("create_customer", Duration::ZERO)
            );
        }
        other => panic!("the second call waits past a zero cap: {other:?}"),
    }
}

/// No label carries a secret or the app id: every label is one of a known few.
fn assert_labels_are_known(snapshot: &[Recorded]) {
    for (name, labels, _) in snapshot {
        for (key, _) in labels {
            assert!(
                [
                    "endpoint",
                    "outcome",
                    "kind",
                    "reason",
                    "limiter",
                    "store",
                    "operation"
                ]
                .contains(&key.as_str()),
                "{name} has label {key}"
            );
        }
    }
}

#[tokio::test]
async fn spans_carry_the_http_client_attributes() {
    let (buffer, _guard) = crate::runtime_calls::capture_logs();
    let mock = mock().await;
    let client: Client = mock
        .client_builder()
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    mock.fail_next(1, Fault::Status(503));
    let created = client.retrying_writes().customer().create(request()).await;
    assert!(created.is_ok(), "{created:?}");
    // A raw call to a path the catalogue does not list, with credentials in its query.
    let _ = client
        .raw(
            Method::Get,
            "/v1/not/listed?appSecret=query-secret-1&token=query-secret-2",
        )
        .send::<serde_json::Value>()
        .await;
    let logs = buffer.text();
    let host = mock.address().ip().to_string();
    let port = mock.address().port().to_string();
    for expected in [
        "jing_api.call",
        "jing_api.attempt",
        "otel.name=POST /v1/customer/create",
        "otel.kind=\"client\"",
        "jing.endpoint=\"create_customer\"",
        "http.request.method=\"POST\"",
        "url.template=\"/v1/customer/create\"",
        &format!("server.address=\"{host}\""),
        &format!("server.port={port}"),
        "http.response.status_code=503",
        "http.response.status_code=200",
        "http.request.resend_count=1",
        "jing.retry_reason=\"server_error\"",
        "error.type=\"http\"",
        // The raw call is named `raw` and its span by the method alone.
        "jing.endpoint=\"raw\"",
        "otel.name=GET ",
    ] {
        assert!(logs.contains(expected), "`{expected}` missing:\n{logs}");
    }
    for secret in ["query-secret-1", "query-secret-2"] {
        assert!(!logs.contains(secret), "`{secret}` in the logs:\n{logs}");
    }
}
