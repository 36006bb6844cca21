//! Fleet soak: 4 processes (this program again, as workers) of 8 tasks each call Account
//! Creation (documented at 10/s) through one Redis store for SECS seconds, against an
//! in-process mock whose tokens last 2 s and which enforces the documented limits. Retries
//! are off, so any refusal by the mock (an expired or retired token, a spent limit) is a
//! failure seen by the application. Prints one summary line; exits 1 when a check fails:
//! no failure, at most one token call per 2 s window (+1), one token call per stored
//! renewal. Starts its own `redis-server` on a free port; bounded in time and calls.
//!
//! Run: `cargo run --release -p jing-api --features redis,mock --example fleet_soak [SECS]`
//!
//! The mock here expires nothing by itself (its strict token modes are not in this build):
//! the clients renew by `expires_in` as they would against the vendor.

use std::net::TcpListener;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use jing_api::customer::CreateCustomer;
use jing_api::mock::{MockServer, codes};
use jing_api::store::{RedisStore, TokenStore};
use jing_api::{Client, RetryPolicy};

const WORKERS: usize = 4;
const TASKS: usize = 8;
const LIFETIME_SECS: u64 = 2;

#[tokio::main]
async fn main() -> ExitCode {
    let outcome = match std::env::var("JING_SOAK_WORKER") {
        Ok(setting) => worker(&setting).await,
        Err(_) => soak().await,
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("fleet_soak: {error}");
            ExitCode::FAILURE
        }
    }
}

type Outcome = Result<bool, Box<dyn std::error::Error>>;

async fn soak() -> Outcome {
    let seconds: u64 = std::env::args()
        .nth(1)
        .map(|text| text.parse())
        .transpose()?
        .unwrap_or(60);
    let folder = std::env::temp_dir().join(format!("jing-fleet-soak-{}", std::process::id()));
    std::fs::create_dir_all(&folder)?;
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut redis = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
        ])
        .args(["--appendonly", "no", "--dir"])
        .arg(&folder)
        .stdout(Stdio::null())
        .spawn()?;
    let outcome = run(port, seconds).await;
    let _ = redis.kill();
    let _ = redis.wait();
    let _ = std::fs::remove_dir_all(&folder);
    outcome
}

async fn run(port: u16, seconds: u64) -> Outcome {
    let url = format!("redis://127.0.0.1:{port}/");
    let store = connect(&url).await?;
    let mock = MockServer::builder()
        .expires_in(LIFETIME_SECS)
        .record_limit(1_000_000)
        .start()
        .await?;
    let credentials = mock.credentials();
    let setting = [
        mock.base_url(),
        url.clone(),
        credentials.app_id.clone(),
        credentials.app_secret.clone(),
        credentials.refresh_token.clone(),
        seconds.to_string(),
    ]
    .join(" ");
    let started = Instant::now();
    let exe = std::env::current_exe()?;
    let workers: Vec<Child> = (0..WORKERS)
        .map(|_| {
            Command::new(&exe)
                .env("JING_SOAK_WORKER", &setting)
                .stdout(Stdio::piped())
                .spawn()
        })
        .collect::<Result<_, _>>()?;
    let (mut calls, mut failures) = (0u64, 0u64);
    for worker in workers {
        let output = tokio::task::spawn_blocking(move || worker.wait_with_output()).await??;
        let text = String::from_utf8_lossy(&output.stdout);
        let mut fields = text.split_whitespace().map(str::parse::<u64>);
        calls += fields.next().transpose()?.unwrap_or(0);
        failures += fields.next().transpose()?.unwrap_or(1);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let token_calls = mock
        .received()
        .iter()
        .filter(|request| request.endpoint == Some("refresh_token"))
        .count() as u64;
    let generation = store
        .load(&credentials.app_id)
        .await?
        .map_or(0, |record| record.generation);
    let windows = (elapsed / LIFETIME_SECS as f64).ceil() as u64;
    let passed = failures == 0 && token_calls <= windows + 1 && token_calls == generation;
    println!(
        "fleet_soak: {} processes x {TASKS} tasks, {elapsed:.1} s, {calls} calls ({:.1}/s), {failures} failures, {token_calls} token calls for {windows} lifetime windows of {LIFETIME_SECS} s, store generation {generation}: {}",
        WORKERS,
        calls as f64 / elapsed,
        if passed { "PASS" } else { "FAIL" }
    );
    Ok(passed)
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
    Err(last.unwrap_or_else(|| jing_api::Error::Config("no attempt".to_owned())))
}

/// One worker: TASKS tasks calling until the time is up; prints `calls failures`.
async fn worker(setting: &str) -> Outcome {
    let parts: Vec<&str> = setting.split(' ').collect();
    let [
        base_url,
        redis_url,
        app_id,
        app_secret,
        refresh_token,
        seconds,
    ] = parts[..]
    else {
        return Err(format!("six settings expected: {setting}").into());
    };
    let client = Client::builder()
        .base_url(base_url)
        .app_id(app_id)
        .app_secret(app_secret)
        .refresh_token(refresh_token)
        .token_rejected_codes([codes::TOKEN_INVALID])
        .refresh_margin(Duration::from_millis(500))
        .retry_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .redis(connect(redis_url).await?)
        .build()?;
    let until = Instant::now() + Duration::from_secs(seconds.parse()?);
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let (mut calls, mut failures) = (0u64, 0u64);
                while Instant::now() < until {
                    match client
                        .customer()
                        .create(CreateCustomer::new("Acme", "bt"))
                        .await
                    {
                        Ok(_) => calls += 1,
                        Err(error) => {
                            eprintln!("a call failed: {error}");
                            failures += 1;
                        }
                    }
                }
                (calls, failures)
            })
        })
        .collect();
    let (mut calls, mut failures) = (0, 0);
    for task in tasks {
        let (task_calls, task_failures) = task.await?;
        calls += task_calls;
        failures += task_failures;
    }
    println!("{calls} {failures}");
    Ok(failures == 0)
}
