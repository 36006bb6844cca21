//! What sharing state on Redis costs per call: the same call through a client with the
//! default in-memory state and through one on a `RedisStore`, side by side, against the
//! in-process mock (limits off there). Both clients enforce a per-second and per-day budget
//! (a raw call with a budget far above what the run sends, so neither waits): the in-memory
//! one in its own limiters, the Redis one in the shared script. Rounds alternate which
//! side goes first; the report gives each side's median µs per call and the Redis round
//! trips per call (the top-level commands the server counted: `EVALSHA`, `EVAL`, `HGETALL`;
//! the commands a script runs inside the server are not round trips). Starts its own `redis-server` on a free port (or uses
//! `JING_REDIS_URL`). Measured, not asserted; figures go in `tests/perf/README.md`.
//!
//! Run: `cargo run --release -p jing-api --features redis --example redis_overhead`

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jing_api::store::RedisStore;
use jing_api::{Client, Method, RateLimit};
use jing_mock::MockServer;
use serde_json::json;

const CALLS: usize = 1_000;
const ROUNDS: usize = 11;
/// The commands a client sends itself; scripts never call these.
const TOP_LEVEL: [&str; 3] = ["evalsha", "eval", "hgetall"];

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (url, mut server) = match std::env::var("JING_REDIS_URL") {
        Ok(url) => (url, None),
        Err(_) => {
            let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
            let child = Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args(["--save", "", "--appendonly", "no"])
                .stdout(Stdio::null())
                .spawn()?;
            (format!("redis://127.0.0.1:{port}/"), Some(child))
        }
    };
    let outcome = run(&url).await;
    if let Some(child) = server.as_mut() {
        stop(child);
    }
    outcome
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

async fn connect(url: &str) -> Result<RedisStore, jing_api::Error> {
    let mut last = None;
    for _ in 0..100 {
        match RedisStore::connect(url).await {
            Ok(store) => return Ok(store),
            Err(error) => last = Some(error),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(last.unwrap_or_else(|| jing_api::Error::config("no attempt")))
}

async fn run(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::builder().rate_limits(false).start().await?;
    let store = connect(url).await?;
    let memory = mock.client_builder().build()?;
    let shared = mock.client_builder().redis(store).build()?;
    let mut commands = redis::Client::open(url)?
        .get_multiplexed_async_connection()
        .await?;
    // Warm both up: tokens fetched, connections open, the scripts loaded.
    round(&memory, 50).await?;
    round(&shared, 50).await?;
    let (mut memory_us, mut redis_us, mut per_call) = (Vec::new(), Vec::new(), Vec::new());
    for index in 0..ROUNDS {
        if index % 2 == 0 {
            memory_us.push(round(&memory, CALLS).await?);
        }
        let before = round_trips(&mut commands).await?;
        redis_us.push(round(&shared, CALLS).await?);
        let after = round_trips(&mut commands).await?;
        per_call.push((after - before) as f64 / CALLS as f64);
        if index % 2 == 1 {
            memory_us.push(round(&memory, CALLS).await?);
        }
    }
    let (memory_median, redis_median) = (median(&mut memory_us), median(&mut redis_us));
    println!("| client | median µs per call | Redis round trips per call |");
    println!("|---|---:|---:|");
    println!("| in-memory state | {memory_median:.1} | 0 |");
    println!(
        "| Redis store (tokens + shared limits) | {redis_median:.1} | {:.2} |",
        median(&mut per_call)
    );
    println!(
        "redis_overhead_us={:.1} ratio={:.2} calls_per_round={CALLS} rounds={ROUNDS}",
        redis_median - memory_median,
        redis_median / memory_median
    );
    Ok(())
}

/// Sends `calls` calls one after another; µs per call.
async fn round(client: &Client, calls: usize) -> Result<f64, jing_api::Error> {
    let budget = RateLimit {
        per_second: Some(1_000_000),
        per_day: Some(1_000_000_000),
    };
    let started = Instant::now();
    for _ in 0..calls {
        let _: serde_json::Value = client
            .raw(Method::Post, "/v1/customer/create")
            .json(json!({"name": "Acme", "business_type": "bt"}))
            .rate_limit(budget)
            .send()
            .await?;
    }
    Ok(started.elapsed().as_secs_f64() * 1e6 / calls as f64)
}

/// The calls of the top-level commands so far, from `INFO commandstats`
/// (`cmdstat_evalsha:calls=12,usec=…`).
async fn round_trips(
    connection: &mut redis::aio::MultiplexedConnection,
) -> Result<u64, redis::RedisError> {
    let info: String = redis::cmd("INFO")
        .arg("commandstats")
        .query_async(connection)
        .await?;
    Ok(info
        .lines()
        .filter_map(|line| {
            let (name, stats) = line.strip_prefix("cmdstat_")?.split_once(':')?;
            TOP_LEVEL.contains(&name).then_some(stats)
        })
        .filter_map(|stats| {
            stats
                .split(',')
                .next()?
                .strip_prefix("calls=")?
                .parse::<u64>()
                .ok()
        })
        .sum())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
