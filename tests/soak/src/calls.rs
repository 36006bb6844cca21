//! Part 1, the calls: WORKERS processes (this program again) of TASKS tasks each call
//! Account Creation through one Redis store against the strict mock; the workers' tally
//! and the mock's counters are checked.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jing_api::customer::CreateCustomer;
use jing_api::store::{RedisStore, TokenStore};
use jing_api::{Client, Endpoint, RetryPolicy};
use jing_mock::{MockServer, MockStats, codes};

use crate::processes::Children;
use crate::shared::{LIFETIME_SECS, Outcome, Part, TASKS, WORKERS, unix_millis};

/// Part 1: WORKERS processes of TASKS tasks calling through one Redis store.
pub(crate) async fn calls(url: &str, seconds: u64) -> Result<Part, Box<dyn std::error::Error>> {
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
    let tally = tally(&mut workers, seconds).await?;
    let elapsed = started.elapsed().as_secs_f64();
    let scope = jing_api::store::scope(&mock.base_url(), &credentials.app_id)?;
    let record = store.load(&scope).await?;
    let generation = record.as_ref().map_or(0, |record| record.generation);
    // Lost: the store does not hold the refresh token the mock accepts now (nobody does).
    let held = record
        .and_then(|record| record.refresh_token)
        .map(|token| jing_api::auth::ExposeSecret::expose_secret(&token).to_owned());
    let lost = u64::from(held != Some(mock.refresh_token()));
    Ok(judge(&tally, &mock.stats(), generation, lost, elapsed))
}

/// What the workers said: calls, failures, and the calling time (from the first worker's
/// first call to the last one's last, in ms since the Unix epoch as they print them).
struct Tally {
    calls: u64,
    failures: u64,
    first: u64,
    last: u64,
}

/// Waits for every worker (up to 30 s past its time) and adds up what they print.
async fn tally(workers: &mut Children, seconds: u64) -> Result<Tally, Box<dyn std::error::Error>> {
    let mut tally = Tally {
        calls: 0,
        failures: 0,
        first: u64::MAX,
        last: 0,
    };
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
        tally.calls += fields.next().transpose()?.unwrap_or(0);
        tally.failures += fields.next().transpose()?.unwrap_or(1);
        tally.first = tally
            .first
            .min(fields.next().transpose()?.unwrap_or(u64::MAX));
        tally.last = tally.last.max(fields.next().transpose()?.unwrap_or(0));
    }
    Ok(tally)
}

/// Part 1's checks on the workers' tally, the mock's counters and the store's record.
fn judge(tally: &Tally, stats: &MockStats, generation: u64, lost: u64, elapsed: f64) -> Part {
    let Tally {
        calls,
        failures,
        first,
        last,
    } = *tally;
    let calling = last.saturating_sub(first) as f64 / 1000.0;
    let lifetimes = calling / LIFETIME_SECS as f64;
    let per_lifetime = stats.token_calls as f64 / lifetimes.max(1.0);
    // At most 1.1 per lifetime, plus the first token (which a short run would feel).
    let few_renewals = stats.token_calls as f64 <= 1.1 * lifetimes + 1.0;
    let name = CreateCustomer::NAME;
    let limit = u64::from(CreateCustomer::RATE_LIMIT.per_second.unwrap_or(u32::MAX));
    let busiest = stats.max_per_second.get(name).copied().unwrap_or(0);
    let answered = stats.answered_by_endpoint.get(name).copied().unwrap_or(0);
    let passed = failures == 0
        && calls > 0
        && answered == calls
        && few_renewals
        && stats.token_calls == generation
        && stats.rejected_auth == 0
        && lost == 0
        && busiest <= limit
        && stats.rejected_limit == 0;
    Part {
        passed,
        summary: format!(
            "{WORKERS} processes x {TASKS} tasks, {elapsed:.1} s ({calling:.1} s calling), {calls} calls ({:.1}/s, {answered} answered), {failures} failures, {} renewals ({} token calls, store generation {generation}) for {lifetimes:.1} lifetimes of {LIFETIME_SECS} s: {per_lifetime:.2} token calls per lifetime, {} refresh tokens refused, {lost} lost, busiest second {busiest}/{limit}, {} limit refusals, {} token refusals recovered",
            calls as f64 / calling.max(0.001),
            generation,
            stats.token_calls,
            stats.rejected_auth,
            stats.rejected_limit,
            stats.rejected_token,
        ),
    }
}

pub(crate) async fn connect(url: &str) -> Result<RedisStore, jing_api::Error> {
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

/// One worker: TASKS tasks calling until the time is up; prints `calls failures`.
pub(crate) async fn worker(setting: &str) -> Outcome {
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
        // 32 tasks queue for a documented 10/s on purpose: a call may wait its turn longer
        // than the default cap (10 s) without anything being wrong.
        .max_limit_wait(Duration::from_secs(120))
        .retry_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .redis(connect(redis_url).await?)
        .build()?;
    let until = Instant::now() + Duration::from_secs(seconds.parse()?);
    let began = unix_millis();
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
                            eprintln!("a call failed: {}", error.report());
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
    println!("{calls} {failures} {began} {}", unix_millis());
    Ok(failures == 0)
}
