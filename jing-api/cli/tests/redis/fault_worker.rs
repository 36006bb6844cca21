//! One worker process of `renewal_faults.rs`: the test binary run again with
//! `JING_FAULT_WORKER` set, holding one client on a Redis store wrapped in [`FaultStore`],
//! which injects a delay at every step of the renewal protocol that touches the store
//! (read, lock, extend, save, release, expire, reject) and can stop at one step until told
//! to go on (the parent then kills the process, or restarts Redis). The token call's own
//! delay is the mock's (`Fault::Slow` on the refresh endpoint).
//!
//! Commands, one per line on standard input: `call`, `delay MAX_MS`, `pause STEP`, `go`,
//! `quit`. Answers, one per line on standard output, start with `@@ ` (the test harness
//! prints lines of its own): `ready`, `ok`, `err KIND MESSAGE`, `paused STEP`.

#![allow(dead_code, reason = "`renewal_faults.rs` uses only some of it")]

use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use jing_api::auth::{BoxFuture, SecretString};
use jing_api::customer::CreateCustomer;
use jing_api::store::{Lease, RedisStore, TokenRecord, TokenStore};
use jing_api::{Client, Error, RetryPolicy};
use jing_mock::codes;
use tokio::sync::{Notify, mpsc};

/// The variable that makes the test binary a worker: `BASE_URL REDIS_URL APP_ID SECRET
/// REFRESH_TOKEN LEASE_MS SEED`.
pub const WORKER: &str = "JING_FAULT_WORKER";

/// The prefix of the worker's answers.
pub const ANSWER: &str = "@@ ";

/// What to inject, set by the commands.
#[derive(Debug)]
pub struct Faults {
    /// The longest delay before each step; each delay is drawn from a seeded generator.
    max_delay: Mutex<Duration>,
    random: Mutex<fastrand::Rng>,
    /// The step to stop at next, once.
    pause_at: Mutex<Option<String>>,
    go: Notify,
}

impl Faults {
    fn new(seed: u64) -> Self {
        Faults {
            max_delay: Mutex::new(Duration::ZERO),
            random: Mutex::new(fastrand::Rng::with_seed(seed)),
            pause_at: Mutex::new(None),
            go: Notify::new(),
        }
    }

    /// Before `step`: the delay, then the stop when one is set for it.
    async fn at(&self, step: &str) {
        let max = *self
            .max_delay
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let millis = u64::try_from(max.as_millis()).unwrap_or(0);
        let delay = self
            .random
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .u64(0..=millis);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        let pause = {
            let mut pause_at = self.pause_at.lock().unwrap_or_else(PoisonError::into_inner);
            let here = pause_at.as_deref() == Some(step);
            if here {
                *pause_at = None;
            }
            here
        };
        if pause {
            say(&format!("paused {step}"));
            self.go.notified().await;
        }
    }
}

/// A Redis store with faults injected before each step.
#[derive(Debug)]
pub struct FaultStore {
    inner: RedisStore,
    faults: Arc<Faults>,
}

impl TokenStore for FaultStore {
    fn load<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>> {
        Box::pin(async move {
            self.faults.at("load").await;
            self.inner.load(scope).await
        })
    }
    fn save<'a>(
        &'a self,
        scope: &'a str,
        expected: u64,
        record: &'a TokenRecord,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            self.faults.at("save").await;
            self.inner.save(scope, expected, record).await
        })
    }
    fn expire<'a>(
        &'a self,
        scope: &'a str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            self.faults.at("expire").await;
            self.inner.expire(scope, rejected).await
        })
    }
    fn try_lock<'a>(
        &'a self,
        scope: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Option<Lease>, Error>> {
        Box::pin(async move {
            self.faults.at("lock").await;
            self.inner.try_lock(scope, lease).await
        })
    }
    fn extend<'a>(
        &'a self,
        scope: &'a str,
        held: &'a Lease,
        lease: Duration,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            self.faults.at("extend").await;
            self.inner.extend(scope, held, lease).await
        })
    }
    fn unlock<'a>(&'a self, scope: &'a str, lease: Lease) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            self.faults.at("unlock").await;
            self.inner.unlock(scope, lease).await
        })
    }
    fn reject<'a>(&'a self, scope: &'a str, print: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            self.faults.at("reject").await;
            self.inner.reject(scope, print).await
        })
    }
    fn rejected<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Vec<String>, Error>> {
        Box::pin(async move {
            self.faults.at("rejected").await;
            self.inner.rejected(scope).await
        })
    }
}

/// Writes one answer line.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{ANSWER}{line}");
    let _ = out.flush();
}

/// The worker: builds its client, answers `ready`, runs commands until `quit` or the end
/// of its input.
pub async fn run(setting: &str) {
    let parts: Vec<&str> = setting.split(' ').collect();
    let [
        base_url,
        redis_url,
        app_id,
        app_secret,
        refresh_token,
        lease_ms,
        seed,
    ] = parts[..]
    else {
        panic!("seven settings expected: {setting}")
    };
    let faults = Arc::new(Faults::new(seed.parse().unwrap_or(1)));
    let inner = RedisStore::connect_with(redis_url, jing_test_redis::options())
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let store = FaultStore {
        inner,
        faults: Arc::clone(&faults),
    };
    let client = Client::builder()
        .base_url(base_url)
        .app_id(app_id)
        .app_secret(app_secret)
        .refresh_token(refresh_token)
        .token_rejected_codes([codes::TOKEN_INVALID])
        .renewal_lease(Duration::from_millis(lease_ms.parse().unwrap_or(1000)))
        .retry_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .token_store(Arc::new(store))
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let mut commands = commands(Arc::clone(&faults));
    say("ready");
    while let Some(command) = commands.recv().await {
        let mut words = command.split_whitespace();
        match (words.next(), words.next()) {
            (Some("call"), _) => say(&call(&client).await),
            (Some("delay"), Some(millis)) => {
                let max = Duration::from_millis(millis.parse().unwrap_or(0));
                *faults
                    .max_delay
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = max;
                say("ok");
            }
            (Some("pause"), Some(step)) => {
                *faults
                    .pause_at
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some(step.to_owned());
                say("ok");
            }
            (Some("quit"), _) => break,
            _ => say(&format!("err usage {command}")),
        }
    }
}

/// Standard input, line by line: `go` releases a stop at once (a call may be waiting at
/// it), everything else is queued for the command loop.
fn commands(faults: Arc<Faults>) -> mpsc::UnboundedReceiver<String> {
    let (sender, receiver) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if line.trim() == "go" {
                faults.go.notify_one();
            } else if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// One call, as an answer: `ok`, or `err KIND MESSAGE` (the message on one line).
async fn call(client: &Client) -> String {
    let created = client
        .customer()
        .create(CreateCustomer::new("Acme", "bt"))
        .await;
    match created {
        Ok(_) => "ok".to_owned(),
        Err(error) => {
            let kind = match &error {
                Error::RefreshTokenRejected { .. } => "rejected",
                Error::Auth { .. } => "auth",
                Error::Store { .. } => "store",
                _ => "other",
            };
            format!("err {kind} {}", error.to_string().replace('\n', " "))
        }
    }
}
