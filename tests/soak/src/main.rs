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
//! Sentinel), started by the Redis tests' own helpers (`tests/redis-server`, crate `jing-test-redis`),
//! the same parts run through that deployment's URL, except the restart of part 4 (those
//! servers keep no append-only file).
//!
//! Run: `tests/soak/fleet.sh [--seconds SECS] [--deployment single|cluster|sentinel]`, or
//! `cargo run -p jing-soak --features soak -- [--seconds SECS]`. The parts are `calls.rs` (1),
//! `events.rs` with `relays.rs` and `worker_events.rs` (2 to 4); `processes.rs` holds what
//! the soak starts and stops, and `shared.rs` the figures and the report its parts share.

mod calls;
mod events;
mod processes;
mod relays;
mod shared;
mod worker_events;

// The Redis deployments of the Redis tests (a cluster, a master behind a Sentinel).
use jing_test_redis as redis_server;

use std::process::ExitCode;

use processes::Redis;
use shared::Outcome;

#[tokio::main]
async fn main() -> ExitCode {
    let outcome = if let Ok(setting) = std::env::var("JING_SOAK_WORKER") {
        calls::worker(&setting).await
    } else if let Ok(setting) = std::env::var("JING_SOAK_EVENTS") {
        worker_events::event_worker(&setting).await
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
    let calls = calls::calls(&url, seconds).await?;
    let events = events::events(own.as_mut(), &url, folder.path()).await?;
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
