//! Fleet soak: 4 processes (this program again, as workers) of 8 tasks each call Account
//! Creation (documented at 10/s) through one Redis store for SECS seconds, against an
//! in-process strict mock: access tokens live 2 s, each renewal rotates the refresh token
//! (the old one stops working) and invalidates every earlier access token at once, and the
//! documented limits are enforced. Retries are off, so any refusal the client does not
//! recover from is a failure seen by the application. Prints one summary line; exits 1
//! when a check fails: no failure, at most one token call per 2 s window (+1), one token
//! call per stored renewal, the endpoint's busiest second within its documented limit and
//! no limit refusal (the mock's `stats`). Starts its own `redis-server` on a free port in a
//! temporary folder; bounded in time and calls; stops everything it started.
//!
//! Run: `tests/soak/fleet.sh [--seconds SECS]`, or
//! `cargo run -p jing-api --features redis,cli --example fleet_soak -- [--seconds SECS]`

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use jing_api::customer::CreateCustomer;
use jing_api::mock::{MockServer, codes};
use jing_api::store::{RedisStore, TokenStore};
use jing_api::{Client, Endpoint, RetryPolicy};

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
            eprintln!("fleet_soak: FAIL: {error}");
            ExitCode::FAILURE
        }
    }
}

type Outcome = Result<bool, Box<dyn std::error::Error>>;

/// `--seconds N` (or a bare `N`), 60 by default.
fn seconds() -> Result<u64, Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = match args.iter().position(|arg| arg == "--seconds") {
        Some(at) => args.get(at + 1).ok_or("--seconds needs a number")?.clone(),
        None => args.first().cloned().unwrap_or_else(|| "60".to_owned()),
    };
    let seconds: u64 = text
        .parse()
        .map_err(|_| format!("not a number of seconds: {text}"))?;
    if !(1..=3600).contains(&seconds) {
        return Err("--seconds takes 1 to 3600".into());
    }
    Ok(seconds)
}

/// Child processes, killed (SIGKILL) and reaped when dropped: a failing run leaves nothing.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A `redis-server` on 127.0.0.1 in `folder`, append-only, every write synced before it is
/// answered; stopped when dropped.
struct Redis {
    port: u16,
    folder: PathBuf,
    child: Option<Child>,
}

impl Redis {
    fn start(folder: &Path) -> Result<Redis, Box<dyn std::error::Error>> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut redis = Redis {
            port,
            folder: folder.to_owned(),
            child: None,
        };
        redis.spawn()?;
        Ok(redis)
    }

    fn spawn(&mut self) -> Result<(), Box<dyn std::error::Error>> {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .arg("--dir")
            .arg(&self.folder)
            .stdout(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        Ok(())
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn soak() -> Outcome {
    let seconds = seconds()?;
    let folder = tempfile::Builder::new()
        .prefix("jing-fleet-soak-")
        .tempdir()?;
    let redis = Redis::start(folder.path())?;
    let calls = calls(&redis.url(), seconds).await?;
    let passed = calls.passed;
    println!(
        "fleet_soak: {} · calls: {}",
        if passed { "PASS" } else { "FAIL" },
        calls.summary
    );
    Ok(passed)
}

/// What one part of the soak found.
struct Part {
    passed: bool,
    summary: String,
}

/// Part 1: WORKERS processes of TASKS tasks calling through one Redis store.
async fn calls(url: &str, seconds: u64) -> Result<Part, Box<dyn std::error::Error>> {
    let store = connect(url).await?;
    let mock = MockServer::builder()
        .token_lifetime(Duration::from_secs(LIFETIME_SECS))
        .rotate_refresh_tokens(true)
        .invalidate_on_refresh(true)
        .record_limit(0)
        .start()
        .await?;
    let credentials = mock.credentials();
    let setting = [
        mock.base_url(),
        url.to_owned(),
        credentials.app_id.clone(),
        credentials.app_secret.clone(),
        credentials.refresh_token.clone(),
        seconds.to_string(),
    ]
    .join(" ");
    let started = Instant::now();
    let exe = std::env::current_exe()?;
    let mut workers = Children(Vec::new());
    for _ in 0..WORKERS {
        workers.0.push(
            Command::new(&exe)
                .env("JING_SOAK_WORKER", &setting)
                .stdout(Stdio::piped())
                .spawn()?,
        );
    }
    let (mut calls, mut failures) = (0u64, 0u64);
    let deadline = Instant::now() + Duration::from_secs(seconds + 30);
    for worker in &mut workers.0 {
        while worker.try_wait()?.is_none() {
            if Instant::now() > deadline {
                return Err("a worker did not stop 30 s after its time".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut text = String::new();
        if let Some(mut out) = worker.stdout.take() {
            std::io::Read::read_to_string(&mut out, &mut text)?;
        }
        let mut fields = text.split_whitespace().map(str::parse::<u64>);
        calls += fields.next().transpose()?.unwrap_or(0);
        failures += fields.next().transpose()?.unwrap_or(1);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let stats = mock.stats();
    let generation = store
        .load(&credentials.app_id)
        .await?
        .map_or(0, |record| record.generation);
    let windows = (elapsed / LIFETIME_SECS as f64).ceil() as u64;
    let name = CreateCustomer::NAME;
    let limit = u64::from(CreateCustomer::RATE_LIMIT.per_second.unwrap_or(u32::MAX));
    let busiest = stats.max_per_second.get(name).copied().unwrap_or(0);
    let answered = stats.answered_by_endpoint.get(name).copied().unwrap_or(0);
    let passed = failures == 0
        && calls > 0
        && answered == calls
        && stats.token_calls <= windows + 1
        && stats.token_calls == generation
        && busiest <= limit
        && stats.rejected_limit == 0;
    Ok(Part {
        passed,
        summary: format!(
            "{WORKERS} processes x {TASKS} tasks, {elapsed:.1} s, {calls} calls ({:.1}/s, {answered} answered), {failures} failures, {} token calls for {windows} windows of {LIFETIME_SECS} s (store generation {generation}), busiest second {busiest}/{limit}, {} limit refusals, {} token refusals recovered",
            calls as f64 / elapsed,
            stats.token_calls,
            stats.rejected_limit,
            stats.rejected_token,
        ),
    })
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
