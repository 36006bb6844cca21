//! What a fleet operator hit with `jing webhook listen --stream` (relays) and `jing webhook
//! work` (workers) on a real `redis-server` (issue 27): `SIGTERM` while Redis is down stops
//! a worker at once; a long `--exec` keeps its claim, so a second worker does not handle
//! its event again; a group lost to `FLUSHALL` is created again; the URL comes from
//! `JING_REDIS_URL` or `--redis-url-file`; a wrong Redis password is a configuration error
//! (exit 2); a relay prints events only with `--print`.
//! `cargo test -p jing-cli --features redis-tls --test redis fleet_faults`.

// The Redis servers of the workspace's Redis tests (one, a cluster, Sentinel, TLS).
use jing_test_redis as redis_server;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use jing_api::webhook::Event;
use jing_api::webhook::EventStream;
use jing_mock::MockServer;
use redis_server::RedisServer;
use serde_json::Value;

/// `jing webhook ARGS…` (no token cache, no `JING_REDIS_URL` unless a test sets it).
fn jing(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jing"));
    command
        .env("JING_TOKEN_CACHE", "off")
        .env_remove("JING_REDIS_URL")
        .arg("webhook")
        .args(args);
    command
}

fn event(n: u64) -> Event {
    let mut body = MockServer::webhook_sample_titles()
        .find_map(MockServer::webhook_sample)
        .unwrap_or_else(|| panic!("the docs have a webhook sample"));
    if let Some(object) = body.as_object_mut() {
        object.insert("test_sequence".to_owned(), Value::from(n));
    }
    Event::from_value(body)
}

fn server() -> RedisServer {
    let server = RedisServer::start();
    server.wait_ready();
    server
}

async fn stream(url: &str, name: &str) -> EventStream {
    EventStream::connect(url, name)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The lines of a child's standard error, as they come.
fn lines_of(stderr: ChildStderr) -> Receiver<String> {
    let (sender, receiver) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Waits (bounded) for a line holding `text`; every line read until then.
fn wait_for_line(lines: &Receiver<String>, text: &str) -> String {
    let mut seen = String::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) => {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(text) {
                    return seen;
                }
            }
            Err(_) => break,
        }
    }
    panic!("no line with `{text}`; saw:\n{seen}")
}

fn spawn(command: &mut Command) -> (Child, Receiver<String>) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{error}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("stderr"));
    (child, lines_of(stderr))
}

fn signal(child: &Child, name: &str) {
    let sent = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(sent.success());
}

/// Waits (bounded) for `child` to exit; its status code and how long it took.
fn exit_within(child: &mut Child, limit: Duration) -> (Option<i32>, Duration) {
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Ok(Some(status)) = child.try_wait() {
            return (status.code(), started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("still running {limit:?} after the signal")
}

/// A worker retrying a Redis that went away stops on `SIGTERM` at once, exit status 0; a
/// relay stops on `SIGTERM` and on `SIGINT`, exit status 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_a_worker_that_waits_for_redis() {
    let server = server();
    let (mut worker, lines) = spawn(jing(&["work", "--redis", &server.url]).args([
        "--stream",
        "jing:faults:term",
        "--group",
        "g",
    ]));
    wait_for_line(&lines, "jing webhook work: stream jing:faults:term");
    server.stop();
    wait_for_line(&lines, "trying again");
    signal(&worker, "TERM");
    let (code, took) = exit_within(&mut worker, Duration::from_secs(5));
    assert_eq!(code, Some(0), "stopped by SIGTERM after {took:?}");

    for name in ["TERM", "INT"] {
        let server = self::server();
        let (mut relay, lines) = spawn(jing(&["listen", "--redis", &server.url]).args([
            "--stream",
            "jing:faults:term",
            "--addr",
            "127.0.0.1:0",
        ]));
        wait_for_line(&lines, "listening on");
        signal(&relay, name);
        let (code, _) = exit_within(&mut relay, Duration::from_secs(5));
        assert_eq!(code, Some(0), "a relay stopped by SIG{name}");
    }
}

/// An `--exec` command running four claim times keeps its delivery: a second worker
/// started meanwhile never takes it over, and the event is handled once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_exec_keeps_its_claim_and_the_event_is_handled_once() {
    let server = server();
    let name = "jing:faults:long";
    let events = stream(&server.url, name).await;
    assert!(events.append(&event(1)).await.is_ok());
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let (started, handled) = (folder.path().join("started"), folder.path().join("handled"));
    let worker = |consumer: &str, exec: &str| {
        let mut command = jing(&["work", "--redis", &server.url, "--stream", name]);
        command
            .args(["--group", "g", "--consumer", consumer, "--claim-idle", "1"])
            .args(["--exec", exec]);
        command
    };
    let slow = format!(
        "touch '{}'; sleep 4; cat >> '{}'",
        started.display(),
        handled.display()
    );
    let (mut first, first_lines) = spawn(worker("first", &slow).args(["--count", "1"]));
    redis_server::wait_until("the long command started", || started.exists());
    let quick = format!("cat >> '{}'", handled.display());
    let (mut second, second_lines) = spawn(&mut worker("second", &quick));
    wait_for_line(&second_lines, "jing webhook work: stream");
    let (code, _) = exit_within(&mut first, Duration::from_secs(20));
    let said = wait_for_line(&first_lines, "handled event");
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("delivery 1 of"), "{said}");
    // Past another claim time, the second worker has still had nothing to handle.
    std::thread::sleep(Duration::from_millis(1500));
    signal(&second, "TERM");
    let (code, _) = exit_within(&mut second, Duration::from_secs(5));
    assert_eq!(code, Some(0));
    let second_said: Vec<String> = second_lines.try_iter().collect();
    assert!(
        !second_said
            .iter()
            .any(|line| line.contains("handled event")),
        "{second_said:?}"
    );
    let lines = std::fs::read_to_string(&handled).unwrap_or_default();
    assert_eq!(lines.lines().count(), 1, "handled once: {lines}");
}

/// `FLUSHALL` under a running worker: it says the group was created again, and handles the
/// event appended afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_creates_a_flushed_group_again() {
    let server = server();
    let name = "jing:faults:flushed";
    let events = stream(&server.url, name).await;
    let (mut worker, lines) = spawn(
        jing(&["work", "--redis", &server.url])
            .args(["--stream", name, "--group", "g", "--count", "2"]),
    );
    assert!(events.append(&event(1)).await.is_ok());
    wait_for_line(&lines, "handled event");
    assert_eq!(
        redis_server::cli(server.port, &["flushall"]).as_deref(),
        Some("OK")
    );
    assert!(events.append(&event(2)).await.is_ok());
    let said = wait_for_line(&lines, "handled event");
    assert!(said.contains("the group g was gone"), "{said}");
    let (code, _) = exit_within(&mut worker, Duration::from_secs(10));
    assert_eq!(code, Some(0));
}

/// A file of mode 0600 holding `line`.
fn private_file(folder: &std::path::Path, line: &str) -> std::path::PathBuf {
    let file = folder.join("redis-url");
    std::fs::write(&file, format!("{line}\n")).unwrap_or_else(|error| panic!("{error}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
            .unwrap_or_else(|error| panic!("{error}"));
    }
    file
}

/// A Redis with a password: a relay reads its URL from `--redis-url-file` and prints
/// nothing on standard output without `--print`; a worker reads it from `JING_REDIS_URL`;
/// a wrong password exits 2 (configuration), the password never shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_url_comes_from_a_file_or_the_environment_and_a_wrong_password_is_configuration() {
    let server = RedisServer::launch(&["--requirepass", "s3cret-pw"]);
    let port = server.port;
    let url = format!("redis://:s3cret-pw@127.0.0.1:{port}/");
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let file = private_file(folder.path(), &url);
    let file = file.to_string_lossy().into_owned();
    let name = "jing:faults:url";
    let events = redis_server::connect(|| {
        jing_api::store::RedisConnection::connect(&url, redis_server::options())
    })
    .await;
    let events = EventStream::new(events, name);
    for print in [false, true] {
        let mut command = jing(&["listen", "--redis-url-file", &file, "--stream", name]);
        command.args(["--addr", "127.0.0.1:0", "--count", "1"]);
        if print {
            command.arg("--print");
        }
        let (mut relay, lines) = spawn(&mut command);
        let start = wait_for_line(&lines, "listening on http://");
        assert!(!start.contains("s3cret-pw"), "{start}");
        let address = start
            .lines()
            .find_map(|line| line.strip_prefix("listening on "))
            .unwrap_or_else(|| panic!("{start}"))
            .to_owned();
        let sender = MockServer::start()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        let body = event(u64::from(print) + 10).raw().clone();
        assert_eq!(sender.send_webhook(&address, &body).await.ok(), Some(200));
        let (code, _) = exit_within(&mut relay, Duration::from_secs(10));
        assert_eq!(code, Some(0));
        let mut stdout = String::new();
        let _ = relay
            .stdout
            .take()
            .map(|mut out| out.read_to_string(&mut stdout));
        assert_eq!(stdout.lines().count(), usize::from(print), "{stdout}");
    }
    assert_eq!(events.len(false).await.ok(), Some(2));

    let handled = jing(&["work", "--stream", name, "--group", "g", "--count", "2"])
        .env("JING_REDIS_URL", &url)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(
        handled.status.success(),
        "{}",
        String::from_utf8_lossy(&handled.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&handled.stdout).lines().count(), 2);

    let wrong = format!("redis://:wrong-pw@127.0.0.1:{port}/");
    let refused = jing(&["work", "--redis", &wrong, "--stream", name, "--group", "g"])
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{said}");
    assert!(said.contains("refused the credentials"), "{said}");
    assert!(!said.contains("wrong-pw"), "{said}");
}

/// `redis://` against a server that speaks TLS only: the error hints at `rediss://`, and
/// the worker exits 4 (the server could not be used), its password never shown.
#[cfg(feature = "redis-tls")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_redis_against_a_tls_only_server_hints_at_rediss() {
    let server = redis_server::TlsServer::start();
    // The server is up once a TLS connection gets through.
    let _ready = server.connection().await;
    let plain = server.url.replacen("rediss://", "redis://", 1);
    let ran = jing(&["work", "--redis", &plain, "--stream", "s", "--group", "g"])
        .envs(server.env())
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let said = String::from_utf8_lossy(&ran.stderr);
    assert_eq!(ran.status.code(), Some(4), "{said}");
    assert!(said.contains("use rediss://"), "{said}");
}
