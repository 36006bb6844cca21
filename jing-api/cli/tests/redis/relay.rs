//! `jing` with Redis: runs given `--redis URL` share one token and the limits, and
//! `jing webhook listen --redis URL --stream NAME` as relays (a retried delivery reaching
//! both is stored once) and `jing webhook work` handling each event once (its start and
//! event lines, dead letters past `--max-deliveries`, an `--exec` command that dies with its
//! killed worker), against a real `redis-server` on each deployment a URL can name (one server, `redis+cluster://`,
//! `redis+sentinel://`, and `rediss://` trusting the test CA through `SSL_CERT_FILE`):
//! `cargo test -p jing-cli --features redis-tls --test redis relay`.

// The Redis servers of the workspace's Redis tests (one, a cluster, Sentinel, TLS).
use jing_test_redis as redis_server;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use jing_api::webhook::EventStream;
use jing_mock::MockServer;
use redis_server::Deployment;
use serde_json::Value;

const STREAM: &str = "jing:relay:events";

/// `jing ARGS…` with what it needs to reach `deployment` in its environment.
fn jing(deployment: &Deployment, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jing"));
    command
        .env("JING_TOKEN_CACHE", "off")
        .envs(deployment.env())
        .args(args);
    command
}

/// A relay answering two events; its URL, read from its first line on standard error.
fn relay(deployment: &Deployment) -> (Child, String) {
    let url = deployment.url();
    let mut child = jing(
        deployment,
        &["webhook", "listen", "--redis", url, "--stream", STREAM],
    )
    .args(["--addr", "127.0.0.1:0", "--count", "2"])
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap_or_else(|error| panic!("{error}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("stderr"));
    let mut stderr = BufReader::new(stderr);
    // The relay's start line (its stream and server), then the address it listens on.
    let mut start = String::new();
    stderr
        .read_line(&mut start)
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(
        start.contains("relay to stream jing:relay:events (key {jing:relay:events})"),
        "{start}"
    );
    let mut line = String::new();
    stderr
        .read_line(&mut line)
        .unwrap_or_else(|error| panic!("{error}"));
    let address = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected second line: {line}"))
        .to_owned();
    (child, address)
}

fn samples() -> Vec<Value> {
    let sample = MockServer::webhook_sample_titles()
        .find_map(MockServer::webhook_sample)
        .unwrap_or_else(|| panic!("the docs have a webhook sample"));
    (0..3)
        .map(|n| {
            let mut body = sample.clone();
            if let Some(object) = body.as_object_mut() {
                object.insert("test_sequence".to_owned(), Value::from(n));
            }
            body
        })
        .collect()
}

async fn output(command: Command) -> Output {
    let mut command = command;
    tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .unwrap_or_else(|error| panic!("{error}"))
}

fn raw_lines(output: &Output) -> Vec<Value> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}"));
            value["raw"].clone()
        })
        .collect()
}

redis_server::on_deployments!(
    relays_store_a_retried_event_once_and_work_handles_each_once,
    [single, cluster, sentinel, tls]
);
async fn relays_store_a_retried_event_once_and_work_handles_each_once(deployment: &Deployment) {
    let stream = EventStream::new(deployment.connection().await, STREAM);
    let (mut first, first_url) = relay(deployment);
    let (mut second, second_url) = relay(deployment);
    let sender = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let events = samples();
    for event in &events[..2] {
        // The platform retries: each event reaches both relays.
        for url in [&first_url, &second_url] {
            let status = sender.send_webhook(url, event).await;
            assert_eq!(status.ok(), Some(200));
        }
    }
    for relay in [&mut first, &mut second] {
        let status = relay.wait().unwrap_or_else(|error| panic!("{error}"));
        assert!(status.success(), "a relay exits after its two events");
    }
    assert_eq!(stream.len(false).await.ok(), Some(2), "stored once each");

    let work = |extra: &[&str]| {
        let mut command = jing(
            deployment,
            &[
                "webhook",
                "work",
                "--redis",
                deployment.url(),
                "--stream",
                STREAM,
            ],
        );
        command.args(["--group", "handlers"]).args(extra);
        command
    };
    let handled = raw_lines(&output(work(&["--count", "2"])).await);
    assert_eq!(handled, events[..2].to_vec());

    // --exec: acknowledged once the command exits 0, which got the line on its input.
    let event = jing_api::webhook::Event::from_value(events[2].clone());
    assert!(stream.append(&event).await.is_ok());
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let file = folder.path().join("handled.jsonl");
    let exec = format!("cat > '{}'", file.display());
    let ran = output(work(&["--count", "1", "--exec", &exec])).await;
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let written = std::fs::read_to_string(&file).unwrap_or_else(|error| panic!("{error}"));
    let line: Value =
        serde_json::from_str(written.trim()).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(line["raw"], events[2]);
}

redis_server::on_deployments!(
    runs_given_redis_share_one_token,
    [single, cluster, sentinel, tls]
);
/// Three runs of `jing --redis URL customer create` (no file cache) renew once between
/// them: the token the first stored in Redis serves the next.
async fn runs_given_redis_share_one_token(deployment: &Deployment) {
    let mock = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let credentials = mock.credentials();
    for _ in 0..3 {
        let mut call = jing(
            deployment,
            &["customer", "create", "--redis", deployment.url()],
        );
        call.args(["--name", "Acme", "--business-type", "bt"])
            .env_remove("JING_ACCESS_TOKEN")
            .env_remove("JING_PROFILE")
            .env("JING_BASE_URL", mock.base_url())
            .env("JING_APP_ID", &credentials.app_id)
            .env("JING_APP_SECRET", &credentials.app_secret)
            .env("JING_REFRESH_TOKEN", &credentials.refresh_token);
        let ran = output(call).await;
        assert!(
            ran.status.success(),
            "{}",
            String::from_utf8_lossy(&ran.stderr)
        );
    }
    let token_calls = mock
        .received()
        .iter()
        .filter(|request| request.endpoint == Some("refresh_token"))
        .count();
    assert_eq!(token_calls, 1, "one renewal for three runs");
}

/// An event whose `--exec` command fails is handed out again until `--max-deliveries`, then
/// goes to the dead-letter stream. The worker says where it reads and each failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_says_what_it_does_and_dead_letters_past_max_deliveries() {
    let deployment = Deployment::single();
    let _ready = deployment.store().await;
    let name = "jing:relay:failing";
    let stream = EventStream::connect(deployment.url(), name)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let event = jing_api::webhook::Event::from_value(samples()[0].clone());
    assert!(stream.append(&event).await.is_ok());
    let mut worker = jing(
        &deployment,
        &[
            "webhook",
            "work",
            "--redis",
            deployment.url(),
            "--stream",
            name,
        ],
    )
    .args([
        "--group",
        "handlers",
        "--consumer",
        "w1",
        "--claim-idle",
        "1",
    ])
    .args(["--max-deliveries", "1", "--exec", "exit 3"])
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap_or_else(|error| panic!("{error}"));
    let stderr = worker.stderr.take().unwrap_or_else(|| panic!("stderr"));
    let mut lines = BufReader::new(stderr).lines();
    let mut next_line = || {
        lines
            .next()
            .and_then(Result::ok)
            .unwrap_or_else(|| panic!("the worker ended early"))
    };
    let start = next_line();
    for expected in [
        name,
        "group handlers",
        "consumer w1",
        deployment.url(),
        "max deliveries 1",
    ] {
        assert!(start.contains(expected), "`{expected}` not in {start}");
    }
    let failed = next_line();
    assert!(
        failed.contains("failed event")
            && failed.contains("delivery 1 of at most 1")
            && failed.contains("exit status: 3"),
        "{failed}"
    );
    // Handed out again after the claim time, it is past the maximum: dead-lettered.
    let dead = dead_letters_within_10s(&stream, 1).await;
    assert_eq!(dead, 1, "the event is in {}", stream.dead_letter_name());
    // The worker says so, with the event's id.
    let mut said = String::new();
    for _ in 0..10 {
        said = next_line();
        if said.contains("dead-letter stream") {
            break;
        }
    }
    let _ = worker.kill();
    let _ = worker.wait();
    assert!(
        said.contains("moved event") && said.contains("after 2 deliveries"),
        "{said}"
    );
}

/// The entries of `stream`'s dead-letter stream once there are `expected` (within 10 s),
/// else as many as there are then.
async fn dead_letters_within_10s(stream: &EventStream, expected: u64) -> u64 {
    let mut dead = 0;
    for _ in 0..100 {
        dead = stream.len(true).await.unwrap_or(0);
        if dead == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    dead
}

/// Whether process `pid` is gone (a zombie, waiting for a parent to reap it, is gone).
fn process_gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
        Err(_) => true,
    }
}

/// The pid a command writes into `file`, once it has (within 10 s).
async fn pid_written(file: &std::path::Path) -> Option<u32> {
    for _ in 0..200 {
        let pid = std::fs::read_to_string(file)
            .ok()
            .and_then(|text| text.trim().parse::<u32>().ok());
        if pid.is_some() {
            return pid;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

/// Whether process `pid` is gone within 10 s.
async fn gone_within_10s(pid: u32) -> bool {
    for _ in 0..200 {
        if process_gone(pid) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// A worker killed with `SIGKILL` while its `--exec` command runs takes the command with
/// it; the event, never acknowledged, is reclaimed and handled once by another worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_workers_command_dies_with_it_and_the_event_is_handled_once() {
    let deployment = Deployment::single();
    let _ready = deployment.store().await;
    let name = "jing:relay:killed";
    let stream = EventStream::connect(deployment.url(), name)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let event = jing_api::webhook::Event::from_value(samples()[1].clone());
    assert!(stream.append(&event).await.is_ok());
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let (pid_file, handled) = (folder.path().join("pid"), folder.path().join("handled"));
    let worker = |consumer: &str, exec: &str| {
        let mut command = jing(
            &deployment,
            &[
                "webhook",
                "work",
                "--redis",
                deployment.url(),
                "--stream",
                name,
            ],
        );
        command
            .args([
                "--group",
                "handlers",
                "--consumer",
                consumer,
                "--claim-idle",
                "1",
            ])
            .args(["--exec", exec]);
        command
    };
    // The first worker's command says its pid, then takes far longer than this test waits
    // for it to be gone before it would handle the event.
    let slow = format!(
        "echo $$ > '{}'; sleep 60; cat >> '{}'",
        pid_file.display(),
        handled.display()
    );
    let mut first = worker("first", &slow)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("{error}"));
    let pid = pid_written(&pid_file)
        .await
        .unwrap_or_else(|| panic!("the command never started"));
    first.kill().unwrap_or_else(|error| panic!("{error}"));
    let _ = first.wait();
    assert!(
        gone_within_10s(pid).await,
        "the command (pid {pid}) outlived its killed worker"
    );

    // Another worker reclaims the event once the first one's delivery is idle.
    let quick = format!("cat >> '{}'", handled.display());
    let mut second = worker("second", &quick);
    second.args(["--count", "1"]);
    let second = output(second).await;
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(second.status.success(), "{said}");
    assert!(
        said.contains("handled event") && said.contains("delivery 2"),
        "{said}"
    );
    let lines = std::fs::read_to_string(&handled).unwrap_or_default();
    assert_eq!(lines.lines().count(), 1, "handled once: {lines}");
    let line: Value = serde_json::from_str(lines.trim()).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(line["raw"], samples()[1]);
}

/// `JING_REDIS_URL` is read with `--profile` when the profile names no server, as `--help`
/// says: the call's limits are counted on that Redis (its day budget is spent by it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jing_redis_url_is_honoured_with_a_profile() {
    use jing_api::store::{Admission, DayWindow, LimitStore};
    let deployment = Deployment::single();
    let store = deployment.store().await;
    let mock = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let credentials = mock.credentials();
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let file = folder.path().join("profiles.toml");
    std::fs::write(
        &file,
        format!(
            "[p]\nbase_url = \"{}\"\napp_id = \"{}\"\naccess_token = \"{}\"\n",
            mock.base_url(),
            credentials.app_id,
            credentials.access_token
        ),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
            .unwrap_or_else(|error| panic!("{error}"));
    }
    let mut command = jing(
        &deployment,
        &["customer", "create", "--profile", "p", "--name", "A"],
    );
    command
        .args(["--business-type", "b"])
        .env("JING_CONFIG", &file)
        .env("JING_REDIS_URL", deployment.url());
    let ran = output(command).await;
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    // The day that call counted against, in China Standard Time as the client counts.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or(0)
        + 8 * 3600;
    let day = DayWindow::new(
        i64::try_from(now / 86_400).unwrap_or(0),
        Duration::from_secs(86_400 - now % 86_400),
    );
    let one_a_day = jing_api::RateLimit {
        per_second: None,
        per_day: Some(1),
    };
    // Budgets are kept per app id at the server.
    let scope = jing_api::store::scope(&mock.base_url(), &credentials.app_id)
        .unwrap_or_else(|error| panic!("{error}"));
    let admission = store
        .admit(&scope, "create_customer", one_a_day, day)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(
        matches!(admission, Admission::DaySpent(_)),
        "the profile's call was counted on the Redis of JING_REDIS_URL: {admission:?}"
    );
}
