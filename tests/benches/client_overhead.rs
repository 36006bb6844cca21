//! What the typed client costs over bare reqwest, against the same local server.
//!
//! Both sides send Account Creation (`POST /v1/customer/create`) to wiremock on 127.0.0.1
//! with the same headers and body and read the same envelope. The bare side builds the
//! JSON by hand and decodes into `serde_json::Value`; the client side goes through the
//! generated request type, the token source, the retry loop and the typed decode (rate
//! limits off, since the endpoint allows 10 calls a second). Each side runs `ROUNDS`
//! rounds of `CALLS` calls, sequential and then `CONCURRENCY` at a time, and the best
//! round is reported with the ratio client / bare.
//!
//! Run: `cargo bench -p jing-tests --bench client_overhead`

use std::hint::black_box;
use std::time::{Duration, Instant};

use futures::future::join_all;
use jing_api::Client;
use jing_api::customer::CreateCustomer;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CALLS: usize = 2_000;
const ROUNDS: usize = 5;
const CONCURRENCY: usize = 16;
const PATH: &str = "/v1/customer/create";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|error| panic!("a tokio runtime: {error}"));
    runtime.block_on(run());
}

async fn run() {
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "request_id": "req-bench", "code": 0, "msg": "success",
            "data": {"jing_uuid": "B3hJubdf4GR3fNhSyx5npA"}
        })))
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .app_id("app-bench")
        .access_token("token-bench")
        .rate_limits(false)
        .build()
        .unwrap_or_else(|error| panic!("the client builds: {error}"));
    let bare = reqwest::Client::new();
    let url = format!("{}{PATH}", server.uri());

    println!("client_overhead: {CALLS} calls per round, best of {ROUNDS} rounds");
    for concurrency in [1, CONCURRENCY] {
        let typed = best(concurrency, || typed_call(&client)).await;
        let plain = best(concurrency, || bare_call(&bare, &url)).await;
        println!(
            "  concurrency {concurrency:>2}: client {:>7.1} µs/call, bare reqwest {:>7.1} µs/call, ratio {:.2}",
            per_call(typed),
            per_call(plain),
            typed.as_secs_f64() / plain.as_secs_f64(),
        );
    }
}

/// The fastest of `ROUNDS` rounds of `CALLS` calls, `concurrency` in flight at a time.
async fn best<F, Fut>(concurrency: usize, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future<Output = String>,
{
    // One warm-up round opens the connections.
    round(concurrency, &call).await;
    let mut fastest = Duration::MAX;
    for _ in 0..ROUNDS {
        fastest = fastest.min(round(concurrency, &call).await);
    }
    fastest
}

async fn round<F, Fut>(concurrency: usize, call: &F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future<Output = String>,
{
    let started = Instant::now();
    for _ in 0..CALLS / concurrency {
        let answers = join_all((0..concurrency).map(|_| call())).await;
        black_box(answers);
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
