//! What the typed client costs over bare reqwest, against the same minimal local server.
//!
//! Both sides send Account Creation (`POST /v1/customer/create`) to an axum server on
//! 127.0.0.1 that answers every request with the same fixed envelope (no matching, so the
//! server's own cost is as small as it gets), with the same headers and body, and read the
//! same envelope. The bare side builds the JSON by hand and decodes into `serde_json::Value`;
//! the client side goes through the generated request type, the token source, the limiter
//! check, the retry loop and the typed decode (rate limits off, since the endpoint allows 10
//! calls a second). Rounds of `CALLS` calls alternate client, bare, client, bare, … so both
//! sides see the same machine; the report gives each side's median µs per call, the overhead
//! (client minus bare, per pair of neighbouring rounds) as its median and its spread, and the
//! ratio of the medians. All of it twice: on a current-thread runtime (server and client on
//! one thread, so the difference is the client's own work) and on the multi-thread runtime
//! (calls from a task on a worker, as in an application; the server runs on the workers too).
//!
//! Run: `cargo bench -p jing-tests --bench client_overhead`

use std::hint::black_box;
use std::time::{Duration, Instant};

use futures::future::join_all;
use jing_api::Client;
use jing_api::customer::CreateCustomer;
use serde_json::{Value, json};

const CALLS: usize = 2_000;
const PAIRS: usize = 9;
const CONCURRENCY: usize = 16;
const PATH: &str = "/v1/customer/create";
const ANSWER: &str = r#"{"request_id":"req-bench","code":0,"msg":"success","data":{"jing_uuid":"B3hJubdf4GR3fNhSyx5npA"}}"#;

fn main() {
    // On one thread, server and client share it: what remains is the client's own work. On
    // the multi-thread runtime the calls are made from a task on a worker, as an application's
    // handlers make them (from `block_on`'s own thread every call would also park and wake
    // that thread, ≈ 100 µs a call on either side, a noise that swamps the difference).
    let runtimes = [
        (
            "current-thread runtime",
            tokio::runtime::Builder::new_current_thread(),
        ),
        (
            "multi-thread runtime",
            tokio::runtime::Builder::new_multi_thread(),
        ),
    ];
    for (label, mut builder) in runtimes {
        let runtime = builder
            .enable_all()
            .build()
            .unwrap_or_else(|error| panic!("a tokio runtime: {error}"));
        runtime.block_on(async {
            tokio::spawn(run(label))
                .await
                .unwrap_or_else(|error| panic!("the bench task: {error}"));
        });
    }
}

/// A server that answers every request with [`ANSWER`].
async fn serve() -> String {
    let router = axum::Router::new().fallback(|| async {
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            ANSWER,
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|error| panic!("bind: {error}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|error| panic!("address: {error}"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}")
}

async fn run(label: &str) {
    let base = serve().await;
    let client = Client::builder()
        .base_url(&base)
        .app_id("app-bench")
        .access_token("token-bench")
        .rate_limits(false)
        .build()
        .unwrap_or_else(|error| panic!("the client builds: {error}"));
    // The same reqwest settings as the client's defaults (timeouts), so the comparison is of
    // what the SDK adds, not of how reqwest is configured.
    let bare = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_else(|error| panic!("a reqwest client: {error}"));
    let url = format!("{base}{PATH}");

    println!(
        "client_overhead ({label}): {CALLS} calls per round, {PAIRS} interleaved pairs of rounds (client, bare)"
    );
    for concurrency in [1, CONCURRENCY] {
        // One warm-up round per side opens the connections.
        round(concurrency, &|| typed_call(&client)).await;
        round(concurrency, &|| bare_call(&bare, &url)).await;
        let mut typed = Vec::new();
        let mut plain = Vec::new();
        for _ in 0..PAIRS {
            typed.push(per_call(round(concurrency, &|| typed_call(&client)).await));
            plain.push(per_call(
                round(concurrency, &|| bare_call(&bare, &url)).await,
            ));
        }
        let mut overhead: Vec<f64> = typed.iter().zip(&plain).map(|(a, b)| a - b).collect();
        let (typed, plain) = (median(&mut typed), median(&mut plain));
        let middle = median(&mut overhead);
        println!(
            "  concurrency {concurrency:>2}: client {typed:>6.1} µs/call, bare {plain:>6.1} µs/call, overhead {middle:+.2} µs/call (spread {:+.2} .. {:+.2}), ratio {:.3}",
            overhead[0],
            overhead[overhead.len() - 1],
            typed / plain,
        );
    }
}

/// The middle value; sorts `values`.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn round<F, Fut>(concurrency: usize, call: &F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future<Output = String>,
{
    let started = Instant::now();
    if concurrency == 1 {
        // Sequential calls are awaited one by one, as a caller writes them: `join_all` would
        // box each future, a cost of the bench, not of the call.
        for _ in 0..CALLS {
            black_box(call().await);
        }
    } else {
        for _ in 0..CALLS / concurrency {
            let answers = join_all((0..concurrency).map(|_| call())).await;
            black_box(answers);
        }
    }
    started.elapsed()
}

fn per_call(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64() * 1e6 / CALLS as f64
}

async fn typed_call(client: &Client) -> String {
    let mut request = CreateCustomer::new("Acme", "FcKtzPvUzZ4dDEi7gNGZqa");
    request.mobile = Some("17894892831".to_owned());
    client
        .customer()
        .create(request)
        .await
        .map(|data| data.jing_uuid)
        .unwrap_or_else(|error| panic!("the typed call succeeds: {error}"))
}

async fn bare_call(client: &reqwest::Client, url: &str) -> String {
    let body =
        json!({"name": "Acme", "business_type": "FcKtzPvUzZ4dDEi7gNGZqa", "mobile": "17894892831"});
    let response = client
        .post(url)
        .header("app_id", "app-bench")
        .header("access_token", "token-bench")
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|error| panic!("the bare call is sent: {error}"));
    let envelope: Value = response
        .json()
        .await
        .unwrap_or_else(|error| panic!("the bare answer decodes: {error}"));
    envelope["data"]["jing_uuid"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
