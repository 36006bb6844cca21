//! `jing` with Redis: runs given `--redis URL` share one token and the limits, and
//! `jing webhook listen --redis URL --stream NAME` as relays (a retried delivery reaching
//! both is stored once) and `jing webhook work` handling each event once, against a real
//! `redis-server` on each deployment a URL can name (one server, `redis+cluster://`,
//! `redis+sentinel://`, and `rediss://` trusting the test CA through `SSL_CERT_FILE`):
//! `cargo test -p jing-api --features cli,redis-tls --test jing_relay`.

mod redis_server;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

use jing_api::mock::MockServer;
use jing_api::store::EventStream;
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
    let mut line = String::new();
    BufReader::new(stderr)
        .read_line(&mut line)
        .unwrap_or_else(|error| panic!("{error}"));
    let address = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
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

crate::on_deployments!(
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

crate::on_deployments!(
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
