//! Fault injection into the renewal protocol, across real processes: worker processes (this
//! test binary run again, see `fault_worker.rs`) share a real `redis-server` and call
//! the strict in-process mock (each renewal rotates the refresh token and retires every
//! earlier access token). Delays are injected at every step (read, lock, the token call,
//! save, release, …), a worker is killed between the server's answer and the save, and
//! Redis is restarted (or stopped) in the middle of a renewal. The order of events is set
//! by the test (a worker stops at a step until told to go on), and every assertion is on
//! counts: renewals, refused refresh tokens, refresh tokens lost, failed calls; never on
//! timings.
//!
//! `cargo test -p jing-cli --features redis --test redis renewal_faults` (`.ci/run` runs it).

use crate::fault_worker;
// The Redis servers of the workspace's Redis tests (one, a cluster, Sentinel, TLS).
use jing_test_redis as redis_server;

use std::io::{BufRead, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use jing_api::auth::ExposeSecret;
use jing_api::store::{TokenRecord, TokenStore};
use jing_mock::{Fault, MockServer};
use redis_server::{Deployment, RedisServer};

/// The renewal lease of the workers: short, so that a token call slower than it (the
/// mock's injected delay) would lose the lock if the lease were not kept alive. Those
/// waiting for the lock give up after the call timeout and two leases, well after the slow
/// call's end.
const LEASE_MS: u64 = 1000;

/// How long the parent waits for one answer of a worker before failing the test (a bound
/// against hanging, not a measure of speed).
const ANSWER_WITHIN: Duration = Duration::from_secs(60);

/// One worker process and its pipes.
struct Worker {
    child: Child,
    input: ChildStdin,
    answers: Receiver<String>,
    name: String,
}

impl Worker {
    /// Starts a worker of test `test` (its name in this module) against `mock` and
    /// `redis_url`.
    fn start(test: &str, mock: &MockServer, redis_url: &str, index: u64) -> Worker {
        let credentials = mock.credentials();
        let setting = [
            mock.base_url(),
            redis_url.to_owned(),
            credentials.app_id.clone(),
            credentials.app_secret.clone(),
            credentials.refresh_token.clone(),
            LEASE_MS.to_string(),
            (index + 1).to_string(),
        ]
        .join(" ");
        let exe = std::env::current_exe().unwrap_or_else(|error| panic!("{error}"));
        let mut child = Command::new(exe)
            .args([
                &exact(test),
                "--exact",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env(fault_worker::WORKER, setting)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start a worker: {error}"));
        let input = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        let output = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (sender, answers) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(output).lines() {
                let Ok(line) = line else { break };
                // The harness prints `test NAME ... ` before the first answer, on its line.
                if let Some((_, answer)) = line.split_once(fault_worker::ANSWER) {
                    if sender.send(answer.to_owned()).is_err() {
                        break;
                    }
                }
            }
        });
        let mut worker = Worker {
            child,
            input,
            answers,
            name: format!("worker-{index}"),
        };
        worker.expect("ready");
        worker
    }

    fn send(&mut self, command: &str) {
        writeln!(self.input, "{command}")
            .and_then(|()| self.input.flush())
            .unwrap_or_else(|error| panic!("{}: {error}", self.name));
    }

    /// The next answer.
    fn answer(&mut self) -> String {
        match self.answers.recv_timeout(ANSWER_WITHIN) {
            Ok(answer) => answer,
            Err(RecvTimeoutError::Timeout) => panic!("{} did not answer", self.name),
            Err(RecvTimeoutError::Disconnected) => panic!("{} ended", self.name),
        }
    }

    /// The next answer, which must start with `start`.
    fn expect(&mut self, start: &str) -> String {
        let answer = self.answer();
        assert!(answer.starts_with(start), "{}: {answer}", self.name);
        answer
    }

    /// Sends a command answered `ok`.
    fn set(&mut self, command: &str) {
        self.send(command);
        self.expect("ok");
    }

    /// Kills the process (SIGKILL).
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = writeln!(self.input, "quit");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The name the test harness knows test `test` of this module by: its path in the test
/// binary, without the binary's own name (`renewal_faults::NAME`).
fn exact(test: &str) -> String {
    let module = module_path!()
        .split_once("::")
        .map_or("", |(_, module)| module);
    format!("{module}::{test}")
}

/// Every worker calls once, all at the same time; their answers.
fn all_call(workers: &mut [Worker]) -> Vec<String> {
    for worker in workers.iter_mut() {
        worker.send("call");
    }
    workers.iter_mut().map(Worker::answer).collect()
}

fn strict_mock_builder() -> jing_mock::MockBuilder {
    MockServer::builder()
        .rate_limits(false)
        .rotate_refresh_tokens(true)
        .invalidate_on_refresh(true)
}

async fn strict_mock() -> MockServer {
    strict_mock_builder()
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The fleet's record in the Redis at `url`.
async fn stored(url: &str, mock: &MockServer) -> Option<TokenRecord> {
    let scope = jing_api::store::scope(&mock.base_url(), &mock.credentials().app_id)
        .unwrap_or_else(|error| panic!("{error}"));
    let connection = redis_server::connect(|| {
        jing_api::store::RedisConnection::connect(url, redis_server::options())
    })
    .await;
    jing_api::store::RedisStore::new(connection)
        .load(&scope)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Refresh tokens lost: 0 when the store holds the one the server accepts now.
async fn lost(url: &str, mock: &MockServer) -> u64 {
    let record = stored(url, mock).await;
    let held = record.and_then(|record| record.refresh_token);
    u64::from(held.map(|token| token.expose_secret().to_owned()) != Some(mock.refresh_token()))
}

/// Returns early in a worker process: the test binary was started as one.
async fn as_worker() -> bool {
    let Ok(setting) = std::env::var(fault_worker::WORKER) else {
        return false;
    };
    fault_worker::run(&setting).await;
    true
}

/// Four workers, delays of up to 40 ms before every store step and a token call slower
/// than the lease (1.5 s against 1 s), through six rounds in which every access token
/// is retired and all four call at once: each round is one renewal for the whole fleet,
/// no refresh token is refused or lost, no call fails, and the store's generation counts
/// the renewals.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delays_at_every_step_lose_no_refresh_token() {
    if as_worker().await {
        return;
    }
    let test = "delays_at_every_step_lose_no_refresh_token";
    delays_at_every_step(test, &Deployment::single()).await;
}

/// The same on a 3-master Redis Cluster.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delays_at_every_step_lose_no_refresh_token_on_a_cluster() {
    if as_worker().await {
        return;
    }
    let test = "delays_at_every_step_lose_no_refresh_token_on_a_cluster";
    delays_at_every_step(test, &Deployment::cluster()).await;
}

/// The same on a master found through a Sentinel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delays_at_every_step_lose_no_refresh_token_behind_a_sentinel() {
    if as_worker().await {
        return;
    }
    let test = "delays_at_every_step_lose_no_refresh_token_behind_a_sentinel";
    delays_at_every_step(test, &Deployment::sentinel()).await;
}

/// The scenario of the three tests above, on `deployment`; `test` names the test that
/// runs it, which its worker processes run again.
async fn delays_at_every_step(test: &str, deployment: &Deployment) {
    let url = deployment.url();
    let mock = strict_mock().await;
    let mut workers: Vec<Worker> = (0..4)
        .map(|index| Worker::start(test, &mock, url, index))
        .collect();
    for worker in &mut workers {
        worker.set("delay 40");
    }
    let rounds = 6;
    for round in 1..=rounds {
        mock.expire_tokens();
        mock.fail_endpoint("refresh_token", 1, Fault::Slow(Duration::from_millis(1500)));
        let answers = all_call(&mut workers);
        assert!(
            answers.iter().all(|answer| answer == "ok"),
            "round {round}: {answers:?}"
        );
        let stats = mock.stats();
        assert_eq!(
            stats.token_calls, round,
            "round {round}: one renewal for the fleet"
        );
        assert_eq!(
            stats.rejected_auth, 0,
            "round {round}: no refresh token refused"
        );
    }
    assert_eq!(lost(url, &mock).await, 0, "refresh tokens lost");
    let record = stored(url, &mock).await;
    assert_eq!(record.map(|record| record.generation), Some(rounds));
    eprintln!(
        "renewal faults ({}): 4 processes, {rounds} renewals each behind a 1.5 s token call (lease 1 s), delays up to 40 ms at every store step: {} token calls, 0 refused, 0 lost",
        deployment.name(),
        mock.stats().token_calls
    );
}

/// A worker killed (SIGKILL) after the server answered its renewal and before the save:
/// the pair it got is gone for everyone. The fleet notices once: the stored refresh token
/// and the configured one are each sent once and refused (2 refused token calls for all
/// processes and rounds, a new process included), every call fails with the error that
/// says how to seed, and `jing auth seed` (the refresh token from standard input) lets the
/// fleet in again with one renewal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_before_the_save_is_noticed_once_and_a_seed_recovers() {
    if as_worker().await {
        return;
    }
    let server = RedisServer::start_persistent();
    let mock = strict_mock().await;
    let test = "a_worker_killed_before_the_save_is_noticed_once_and_a_seed_recovers";
    let mut workers: Vec<Worker> = (0..3)
        .map(|index| Worker::start(test, &mock, &server.url, index))
        .collect();
    assert!(all_call(&mut workers).iter().all(|answer| answer == "ok"));
    assert_eq!(mock.stats().token_calls, 1);

    let mut doomed = workers.remove(0);
    doomed.set("pause save");
    mock.expire_tokens();
    doomed.send("call");
    doomed.expect("paused save");
    doomed.kill();
    assert_eq!(
        mock.stats().token_calls,
        2,
        "the server answered the killed renewal"
    );

    workers.push(Worker::start(test, &mock, &server.url, 3));
    for round in 0..3 {
        for answer in all_call(&mut workers) {
            assert!(
                answer.starts_with("err rejected"),
                "round {round}: {answer}"
            );
            assert!(answer.contains("jing auth seed"), "{answer}");
        }
    }
    let stats = mock.stats();
    assert_eq!(
        stats.rejected_auth, 2,
        "the stored and the configured refresh token, once each"
    );
    assert_eq!(stats.token_calls, 4);

    seed(&server, &mock);
    assert!(all_call(&mut workers).iter().all(|answer| answer == "ok"));
    let stats = mock.stats();
    assert_eq!(
        (stats.token_calls, stats.rejected_auth),
        (5, 2),
        "one renewal with the seed"
    );
    assert_eq!(lost(&server.url, &mock).await, 0);
    eprintln!(
        "renewal faults: a worker killed between the answer and the save: 1 refresh token lost to the kill, noticed with 2 refused token calls for 3 processes x 3 rounds, recovered by one seed"
    );
}

/// `jing auth seed --redis URL` with the server's current refresh token on standard input
/// (standing in for a new one from the vendor's console).
fn seed(server: &RedisServer, mock: &MockServer) {
    let credentials = mock.credentials();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jing"))
        .args(["auth", "seed", "--refresh-token-file", "-"])
        .args(["--redis", &server.url, "--base-url", &mock.base_url()])
        .args(["--app-id", &credentials.app_id])
        .env_remove("JING_PROFILE")
        .env_remove("JING_REFRESH_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{error}"));
    if let Some(mut input) = child.stdin.take() {
        let _ = writeln!(input, "{}", mock.refresh_token());
    }
    let output = child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("{error}"));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        shown.contains("wrote the refresh token read from standard input"),
        "{shown}"
    );
    assert!(
        !shown.contains(&mock.refresh_token()),
        "the token is never echoed"
    );
}

/// Redis killed while a worker holds a renewed pair it has not saved yet: restarted
/// without persistence (its record and lock gone), the save goes through on the new
/// connection into the empty store; stopped, the pair is kept and served in process and
/// stored once Redis is back. Either way the others then find it: no refused refresh
/// token, nothing lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_restarted_mid_renewal_keeps_the_pair() {
    if as_worker().await {
        return;
    }
    let mut server = RedisServer::start();
    let mock = strict_mock().await;
    let test = "redis_restarted_mid_renewal_keeps_the_pair";
    let mut workers: Vec<Worker> = (0..3)
        .map(|index| Worker::start(test, &mock, &server.url, index))
        .collect();
    assert!(all_call(&mut workers).iter().all(|answer| answer == "ok"));

    // Restarted empty while the save waits.
    workers[0].set("pause save");
    mock.expire_tokens();
    workers[0].send("call");
    workers[0].expect("paused save");
    server.restart();
    workers[0].send("go");
    workers[0].expect("ok");
    assert!(all_call(&mut workers).iter().all(|answer| answer == "ok"));
    assert_eq!(mock.stats().token_calls, 2);

    // Stopped while the save waits; started again later.
    workers[1].set("pause save");
    mock.expire_tokens();
    workers[1].send("call");
    workers[1].expect("paused save");
    server.stop();
    workers[1].send("go");
    workers[1].expect("ok");
    server.start_again();
    wait_for_generation(&server, &mock, 3).await;
    assert!(all_call(&mut workers).iter().all(|answer| answer == "ok"));

    let stats = mock.stats();
    assert_eq!((stats.token_calls, stats.rejected_auth), (3, 0));
    assert_eq!(lost(&server.url, &mock).await, 0, "refresh tokens lost");
    eprintln!(
        "renewal faults: Redis restarted empty, then stopped, while a renewed pair waited for its save: 3 token calls, 0 refused, 0 lost, 0 calls failed"
    );
}

/// Waits (bounded) until the store holds generation `generation`: the worker's background
/// save once Redis answers again.
async fn wait_for_generation(server: &RedisServer, mock: &MockServer, generation: u64) {
    for _ in 0..300 {
        let record = stored(&server.url, mock).await;
        if record.is_some_and(|record| record.generation >= generation) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the kept pair was never stored");
}
