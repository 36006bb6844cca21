//! Fleet soak (issue 23), one command and one summary line; exits 1 when a check fails.
//!
//! 1. **Calls.** 4 processes (this program again, as workers) of 8 tasks each call Account
//!    Creation (documented at 10/s) through one Redis store for SECS seconds, against an
//!    in-process strict mock: access tokens live 2 s, each renewal rotates the refresh token
//!    (the old one stops working) and invalidates every earlier access token at once, and
//!    the documented limits are enforced. The clients keep the default refresh margin (60 s,
//!    which the client caps at a twentieth of the 2 s lifetime). Retries are off, so any
//!    refusal the client does not recover from is a failure seen by the application.
//!    Checked: no failure, every call answered, at most 1.1 token calls per 2 s lifetime
//!    of the calling time (plus the first), one token call per stored renewal, no refresh token refused,
//!    none lost (the store holds the one the mock accepts at the end), the endpoint's
//!    busiest second within its documented limit and no limit refusal (the mock's `stats`).
//! 2. **Two relays.** Two webhook receivers (the library's Redis Streams sink, each with its
//!    own connection, as on two machines) are each posted every one of 200 events (a sender
//!    retrying to another instance); workers of one consumer group (3 processes) handle
//!    them. Checked: one stream entry per event, each event handled once.
//! 3. **A worker killed.** The third worker takes 60 s per event and is killed (SIGKILL) at
//!    its first; its delivery must be reclaimed (after 2 s idle) and handled by another.
//! 4. **Redis restarted.** Halfway through the events, `redis-server` (append-only, fsync
//!    always) is killed and started again on its file; the sender retries what was not
//!    answered `200`. Checked: every event answered `200` handled, no dead letter.
//!
//! Starts its own `redis-server` on a free port in a temporary folder, the mock and the
//! relays on free ports of 127.0.0.1; every loop is bounded in count and time; everything it
//! started is stopped when it ends, also on failure. With `--deployment cluster` (a
//! 3-master Redis Cluster) or `--deployment sentinel` (a master and a replica behind a
//! Sentinel), started by the tests' own helpers (`tests/redis_server/`), the same parts run
//! through that deployment's URL, except the restart of part 4 (those servers keep no
//! append-only file).
//!
//! Run: `tests/soak/fleet.sh [--seconds SECS] [--deployment single|cluster|sentinel]`, or
//! `cargo run -p jing-api --features redis,cli --example fleet_soak -- [--seconds SECS]`

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jing_api::customer::CreateCustomer;
use jing_api::mock::{MockServer, codes};
use jing_api::store::{ConsumerOptions, EventStream, RedisStore, TokenStore};
use jing_api::webhook::axum::WebhookReceiver;
use jing_api::{Client, Endpoint, RetryPolicy};
use serde_json::json;

#[path = "../tests/redis_server/mod.rs"]
mod redis_server;

const WORKERS: usize = 4;
const TASKS: usize = 8;
const LIFETIME_SECS: u64 = 2;
/// Events posted in part 2, each to both relays.
const EVENTS: u64 = 200;
/// The stream, its consumer group, and how long a delivery may idle before it is taken over.
const STREAM: &str = "jing:soak:events";
const GROUP: &str = "soak";
const CLAIM_IDLE: Duration = Duration::from_secs(2);

#[tokio::main]
async fn main() -> ExitCode {
    let outcome = if let Ok(setting) = std::env::var("JING_SOAK_WORKER") {
        worker(&setting).await
    } else if let Ok(setting) = std::env::var("JING_SOAK_EVENTS") {
        event_worker(&setting).await
    } else {
        soak().await
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
        None => args
            .first()
            .filter(|arg| !arg.starts_with("--"))
            .cloned()
            .unwrap_or_else(|| "60".to_owned()),
    };
    let seconds: u64 = text
        .parse()
        .map_err(|_| format!("not a number of seconds: {text}"))?;
    if !(1..=3600).contains(&seconds) {
        return Err("--seconds takes 1 to 3600".into());
    }
    Ok(seconds)
}

/// `--deployment single|cluster|sentinel`, `single` by default.
fn deployment() -> Result<String, Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = match args.iter().position(|arg| arg == "--deployment") {
        Some(at) => args.get(at + 1).ok_or("--deployment needs a name")?.clone(),
        None => "single".to_owned(),
    };
    if !["single", "cluster", "sentinel"].contains(&name.as_str()) {
        return Err(format!("--deployment takes single, cluster or sentinel, not {name}").into());
    }
    Ok(name)
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
    let deployment = deployment()?;
    // One server of the soak's own (append-only, restarted mid-run), or a deployment of
    // the tests' helpers, stopped when dropped.
    let (mut own, deployed) = match deployment.as_str() {
        "cluster" => (None, Some(redis_server::Deployment::cluster())),
        "sentinel" => (None, Some(redis_server::Deployment::sentinel())),
        _ => (Some(Redis::start(folder.path())?), None),
    };
    let url = match (&own, &deployed) {
        (Some(redis), _) => redis.url(),
        (None, Some(deployed)) => deployed.url().to_owned(),
        (None, None) => return Err("no Redis".into()),
    };
    let calls = calls(&url, seconds).await?;
    let events = events(own.as_mut(), &url, folder.path()).await?;
    let passed = calls.passed && events.passed;
    println!(
        "fleet_soak ({deployment}): {} · calls: {} ({}) · events: {} ({})",
        if passed { "PASS" } else { "FAIL" },
        calls.summary,
        if calls.passed { "pass" } else { "FAIL" },
        events.summary,
        if events.passed { "pass" } else { "FAIL" },
    );
    Ok(passed)
}

/// Starts `jing webhook listen --redis URL --stream STREAM` on a free port of 127.0.0.1
/// (its home and cache in `folder`); its URL, read from its first line (within 10 s).
fn cli_relay(
    jing: &Path,
    url: &str,
    folder: &Path,
    processes: &mut Children,
) -> Result<String, Box<dyn std::error::Error>> {
    let home = folder.join("home");
    std::fs::create_dir_all(&home)?;
    let mut child = Command::new(jing)
        .args([
            "webhook",
            "listen",
            "--addr",
            "127.0.0.1:0",
            "--path",
            "/hook",
        ])
        .args(["--redis", url, "--stream", STREAM])
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .env("XDG_CACHE_HOME", &home)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let err = child.stderr.take().ok_or("no relay stderr")?;
    processes.0.push(child);
    let (first_in, first) = std::sync::mpsc::channel();
    let log = folder.join("relay.log");
    std::thread::spawn(move || {
        // Its first line to the channel, every line (Redis restarting) to relay.log.
        let mut file = std::fs::File::create(log).ok();
        for line in std::io::BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            let _ = first_in.send(line.clone());
            if let Some(file) = &mut file {
                let _ = writeln!(file, "{line}");
            }
        }
    });
    // Its start line (stream, server), then the address it listens on.
    let started = Instant::now() + Duration::from_secs(10);
    loop {
        let left = started.saturating_duration_since(Instant::now());
        let line = first
            .recv_timeout(left)
            .map_err(|_| "jing webhook listen did not start within 10 s")?;
        if let Some(address) = line.strip_prefix("listening on ") {
            return Ok(address.trim().to_owned());
        }
        if !line.starts_with("jing webhook listen: relay to stream") {
            return Err(format!("jing webhook listen said: {line}").into());
        }
    }
}

/// What the event workers said.
#[derive(Default)]
struct Seen {
    /// The event worker 2 was handling when it was killed.
    killed: Option<u64>,
    /// Per event, each handling: the worker and the delivery's count.
    done: BTreeMap<u64, Vec<(usize, u64)>>,
    /// Per event, the acknowledgements that failed for good.
    ack_failures: BTreeMap<u64, u64>,
    /// Acknowledgements that failed (Redis restarting) and succeeded when tried again.
    ack_retries: u64,
}

impl Seen {
    /// Takes in one worker line; kills worker 2 (SIGKILL) at its first `begin`.
    fn record(&mut self, line: &Line, workers: &mut Children) {
        match line.kind.as_str() {
            "begin" if line.worker == 2 && self.killed.is_none() => {
                if let Some(worker) = workers.0.get_mut(2) {
                    let _ = worker.kill();
                    let _ = worker.wait();
                    self.killed = Some(line.seq);
                }
            }
            "done" => self
                .done
                .entry(line.seq)
                .or_default()
                .push((line.worker, line.deliveries)),
            "ackfail" => *self.ack_failures.entry(line.seq).or_default() += 1,
            "ackretry" => self.ack_retries += 1,
            _ => {}
        }
    }
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
    // The calling time: from the first worker's first call to the last one's last, in ms
    // since the Unix epoch as the workers print them.
    let (mut first, mut last) = (u64::MAX, 0u64);
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
        first = first.min(fields.next().transpose()?.unwrap_or(u64::MAX));
        last = last.max(fields.next().transpose()?.unwrap_or(0));
    }
    let elapsed = started.elapsed().as_secs_f64();
    let calling = last.saturating_sub(first) as f64 / 1000.0;
    let stats = mock.stats();
    let scope = jing_api::store::scope(&mock.base_url(), &credentials.app_id)?;
    let record = store.load(&scope).await?;
    let generation = record.as_ref().map_or(0, |record| record.generation);
    // Lost: the store does not hold the refresh token the mock accepts now (nobody does).
    let held = record
        .and_then(|record| record.refresh_token)
        .map(|token| jing_api::auth::ExposeSecret::expose_secret(&token).to_owned());
    let lost = u64::from(held != Some(mock.refresh_token()));
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
    Ok(Part {
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
    Err(last.unwrap_or_else(|| jing_api::Error::config("no attempt")))
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
    println!("{calls} {failures} {began} {}", unix_millis());
    Ok(failures == 0)
}

/// Now, in milliseconds since the Unix epoch (the workers' clocks are the machine's).
fn unix_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
        })
}

/// Background tasks aborted when dropped (the relays' servers).
struct Tasks(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Tasks {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

/// One line of an event worker: `begin|done|ackfail SEQ ID DELIVERIES`.
struct Line {
    worker: usize,
    kind: String,
    seq: u64,
    deliveries: u64,
}

/// Parts 2 to 4: two relays (the library's sink) each receive every event (a sender that
/// retries to another instance); three worker processes of one consumer group handle them,
/// one of which is killed (SIGKILL) while handling; Redis is killed and restarted on its
/// append-only file halfway through. Every event acknowledged to the sender must be
/// handled, each once (a second time only after a failed acknowledgement, counted).
async fn events(
    mut redis: Option<&mut Redis>,
    url: &str,
    folder: &Path,
) -> Result<Part, Box<dyn std::error::Error>> {
    let url = url.to_owned();
    let mut relays = Vec::new();
    let mut servers = Tasks(Vec::new());
    // The first relay is the library's sink in this process (its own connection, as on
    // another machine); the second `jing webhook listen --redis` when fleet.sh names the
    // `jing` binary (JING_SOAK_JING), else a second library sink.
    let cli = std::env::var_os("JING_SOAK_JING").map(PathBuf::from);
    let mut relay_processes = Children(Vec::new());
    let library_sinks = if cli.is_some() { 1 } else { 2 };
    for _ in 0..library_sinks {
        let stream = EventStream::connect(&url, STREAM).await?;
        let router = WebhookReceiver::new().router_with_handler("/hook", move |event| {
            let stream = stream.clone();
            async move { stream.append(&event).await.map(|_| ()) }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        relays.push(format!("http://{}/hook", listener.local_addr()?));
        servers.0.push(tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        }));
    }
    if let Some(jing) = &cli {
        relays.push(cli_relay(jing, &url, folder, &mut relay_processes)?);
    }
    let relay_kinds = if cli.is_some() {
        "the library's sink and `jing webhook listen --redis`"
    } else {
        "two library sinks"
    };
    let stop = folder.join("stop");
    let exe = std::env::current_exe()?;
    let (lines_in, mut lines) = tokio::sync::mpsc::unbounded_channel();
    let mut workers = Children(Vec::new());
    // Workers 0 and 1 handle in 20 ms; worker 2 takes 60 s, and is killed meanwhile.
    for (index, handle_millis) in [20u64, 20, 60_000].into_iter().enumerate() {
        let setting = format!("{url} worker-{index} {handle_millis} {}", stop.display());
        let mut child = Command::new(&exe)
            .env("JING_SOAK_EVENTS", setting)
            .stdout(Stdio::piped())
            // Redis restarting makes them complain: kept, shown when the part fails.
            .stderr(std::fs::File::create(
                folder.join(format!("worker-{index}.log")),
            )?)
            .spawn()?;
        let out = child.stdout.take().ok_or("no worker stdout")?;
        let lines_in = lines_in.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                let fields: Vec<&str> = line.split_whitespace().collect();
                if let [kind, seq, _id, deliveries] = fields[..] {
                    let _ = lines_in.send(Line {
                        worker: index,
                        kind: kind.to_owned(),
                        seq: seq.parse().unwrap_or(u64::MAX),
                        deliveries: deliveries.parse().unwrap_or(0),
                    });
                }
            }
        });
        workers.0.push(child);
    }
    drop(lines_in);

    // The sender: each event to both relays, each post retried (bounded) until answered 200.
    let sent = Arc::new(AtomicU64::new(0));
    let sender = {
        let sent = Arc::clone(&sent);
        let relays = relays.clone();
        tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .timeout(Duration::from_secs(5))
                .build()?;
            let (mut acknowledged, mut posts, mut retried) = (BTreeSet::new(), 0u64, 0u64);
            for seq in 0..EVENTS {
                let body = json!({
                    "event_type": "soak_event",
                    "soak_seq": seq,
                    "create_time": 1_700_000_000 + seq,
                });
                for relay in &relays {
                    for attempt in 0..100 {
                        posts += 1;
                        let answer = http.post(relay).json(&body).send().await;
                        if answer.is_ok_and(|answer| answer.status().is_success()) {
                            acknowledged.insert(seq);
                            break;
                        }
                        if attempt == 0 {
                            retried += 1;
                        }
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
                sent.store(seq + 1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Ok::<_, reqwest::Error>((acknowledged, posts, retried))
        })
    };

    let deadline = Instant::now() + Duration::from_secs(90);
    // A deployment of the tests' helpers keeps no append-only file: not restarted.
    let restarts = redis.is_some();
    let mut restarted = !restarts;
    let mut seen = Seen::default();
    while !sender.is_finished() {
        if Instant::now() > deadline {
            return Err("the sender did not finish within 90 s".into());
        }
        if !restarted && sent.load(Ordering::SeqCst) >= EVENTS / 2 {
            // Killed, not shut down: what it acknowledged must be on disk already.
            if let Some(redis) = redis.as_mut() {
                redis.stop();
                redis.spawn()?;
            }
            restarted = true;
        }
        match tokio::time::timeout(Duration::from_millis(50), lines.recv()).await {
            Ok(Some(line)) => seen.record(&line, &mut workers),
            Ok(None) => return Err("every event worker stopped".into()),
            Err(_) => {}
        }
    }
    let (acknowledged, posts, retried) = sender.await??;
    if !restarted {
        return Err("the sender finished before Redis was restarted".into());
    }
    // Until every acknowledged event is handled (and the killed one's reclaimed), bounded.
    let until = deadline.min(Instant::now() + Duration::from_secs(30));
    while Instant::now() < until
        && !(acknowledged.iter().all(|seq| seen.done.contains_key(seq))
            && seen.killed.is_some_and(|seq| seen.done.contains_key(&seq)))
    {
        if let Ok(Some(line)) = tokio::time::timeout(Duration::from_millis(100), lines.recv()).await
        {
            seen.record(&line, &mut workers);
        }
    }
    std::fs::write(&stop, b"")?;
    let until = Instant::now() + Duration::from_secs(10);
    for worker in &mut workers.0 {
        while worker.try_wait()?.is_none() && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    drop(workers);
    drop(servers);
    drop(relay_processes);
    let mut none = Children(Vec::new());
    while let Ok(line) = lines.try_recv() {
        seen.record(&line, &mut none);
    }
    let Seen {
        killed,
        done,
        ack_failures,
        ack_retries,
    } = seen;
    let stream = EventStream::connect(&url, STREAM).await?;
    let entries = stream.len(false).await?;
    let dead = stream.len(true).await?;
    let lost = acknowledged
        .iter()
        .filter(|seq| !done.contains_key(seq))
        .count();
    let once = done.values().filter(|handled| handled.len() == 1).count();
    let again: usize = done
        .iter()
        .filter(|(seq, handled)| {
            handled.len() > 1
                && handled.len() as u64 <= 1 + ack_failures.get(*seq).copied().unwrap_or(0)
        })
        .count();
    let twice_unexplained = done.len() - once - again;
    let reclaimed = killed.and_then(|seq| {
        done.get(&seq)?
            .iter()
            .find(|(worker, deliveries)| *worker != 2 && *deliveries >= 2)
            .copied()
    });
    let passed = acknowledged.len() as u64 == EVENTS
        && lost == 0
        && twice_unexplained == 0
        && entries == EVENTS
        && dead == 0
        && reclaimed.is_some()
        && done.keys().all(|seq| *seq < EVENTS);
    let reclaim = match (killed, reclaimed) {
        (Some(seq), Some((worker, deliveries))) => format!(
            "worker-2 killed (SIGKILL) handling event {seq}, reclaimed and handled by worker-{worker} (delivery {deliveries})"
        ),
        (Some(seq), None) => format!("worker-2 killed handling event {seq}, NOT reclaimed"),
        _ => "worker-2 never began an event, NOT killed".to_owned(),
    };
    let restart = if restarts {
        "Redis killed and restarted on its append-only file (fsync always) mid-run"
    } else {
        "Redis not restarted (no append-only file on this deployment)"
    };
    if !passed {
        for index in 0..3 {
            let log = folder.join(format!("worker-{index}.log"));
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            eprintln!("worker-{index}'s standard error:\n{text}");
        }
    }
    Ok(Part {
        passed,
        summary: format!(
            "{EVENTS} events each posted to 2 relays ({relay_kinds}; {posts} posts, {retried} retried while Redis restarted), {} acknowledged, {entries} stream entries, {dead} dead letters; {once} handled once, {ack_retries} acks retried after the restart, {again} handled again after a failed ack, {twice_unexplained} handled twice otherwise; {reclaim}; {restart}: {lost} acknowledged lost",
            acknowledged.len(),
        ),
    })
}

/// One event worker (`JING_SOAK_EVENTS`: `URL NAME HANDLE_MILLIS STOP_FILE`): prints
/// `begin`, handles (sleeps), prints `done`, acknowledges (`ackfail` when that fails);
/// exits once the stop file exists and nothing came, or after 120 s.
async fn event_worker(setting: &str) -> Outcome {
    let parts: Vec<&str> = setting.splitn(4, ' ').collect();
    let [url, name, handle_millis, stop] = parts[..] else {
        return Err(format!("four settings expected: {setting}").into());
    };
    let handle = Duration::from_millis(handle_millis.parse()?);
    let until = Instant::now() + Duration::from_secs(120);
    let mut options = ConsumerOptions::default();
    options.block = Duration::from_millis(300);
    options.claim_idle = CLAIM_IDLE;
    let mut consumer = None;
    while consumer.is_none() && Instant::now() < until {
        match EventStream::connect(url, STREAM).await {
            Ok(stream) => match stream.consumer(GROUP, name, options.clone()).await {
                Ok(made) => consumer = Some(made),
                Err(error) => eprintln!("{name}: {error}"),
            },
            Err(error) => eprintln!("{name}: {error}"),
        }
        if consumer.is_none() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let mut consumer = consumer.ok_or("no consumer")?;
    let say = |kind: &str, seq: u64, id: &str, deliveries: u64| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{kind} {seq} {id} {deliveries}");
        let _ = out.flush();
    };
    while Instant::now() < until {
        match consumer.next().await {
            Ok(Some(delivery)) => {
                let seq = delivery
                    .event
                    .raw()
                    .get("soak_seq")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(u64::MAX);
                let (id, deliveries) = (delivery.id.clone(), delivery.deliveries);
                say("begin", seq, &id, deliveries);
                tokio::time::sleep(handle).await;
                say("done", seq, &id, deliveries);
                if let Err(error) = delivery.ack().await {
                    // Redis is restarting: the acknowledgement is tried again, bounded,
                    // before another worker would reclaim the delivery.
                    eprintln!("{name}: {error}");
                    let kind = if ack_again(&delivery).await {
                        "ackretry"
                    } else {
                        "ackfail"
                    };
                    say(kind, seq, &id, deliveries);
                }
            }
            Ok(None) => {
                if Path::new(stop).exists() {
                    break;
                }
            }
            Err(error) => {
                eprintln!("{name}: {error}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    Ok(true)
}

/// `delivery` acknowledged again every 100 ms for up to 1.5 s (less than the claim time);
/// whether it succeeded.
async fn ack_again(delivery: &jing_api::store::Delivery) -> bool {
    for _ in 0..15 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if delivery.ack().await.is_ok() {
            return true;
        }
    }
    false
}
