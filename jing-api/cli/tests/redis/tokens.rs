//! `jing` with `--redis` against a real `redis-server` (see `redis_store.rs`): the pair the
//! file cache holds is carried over to Redis the first time, once; `jing auth seed --redis`
//! and `jing auth status --redis` work on the fleet's record.
//! `cargo test -p jing-cli --features redis --test redis tokens`.

// The Redis servers of the workspace's Redis tests (one, a cluster, Sentinel, TLS).
use jing_test_redis as redis_server;

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use jing_api::auth::ExposeSecret;
use jing_api::store::TokenStore;
use jing_mock::MockServer;
use redis_server::RedisServer;

/// `jing ARGS` against `mock` with the app secret and refresh token, the cache `cache`.
fn jing(mock: &MockServer, cache: &str, args: &[&str]) -> Command {
    let credentials = mock.credentials();
    let mut command = Command::new(env!("CARGO_BIN_EXE_jing"));
    for variable in [
        "JING_ACCESS_TOKEN",
        "JING_PROFILE",
        "JING_CONFIG",
        "JING_REDIS_URL",
        "JING_TOKEN_REJECTED_CODES",
        "JING_REFRESH_MARGIN",
    ] {
        command.env_remove(variable);
    }
    command
        .env("JING_BASE_URL", mock.base_url())
        .env("JING_APP_ID", &credentials.app_id)
        .env("JING_APP_SECRET", &credentials.app_secret)
        .env("JING_REFRESH_TOKEN", &credentials.refresh_token)
        .env("JING_TOKEN_CACHE", cache)
        .args(args);
    command
}

const CREATE: [&str; 6] = [
    "customer",
    "create",
    "--name",
    "Acme",
    "--business-type",
    "bt",
];

async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .unwrap_or_else(|error| panic!("{error}"))
}

fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "jing failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs cached in a folder rotate the refresh token; the first run with `--redis` carries
/// the pair over (the configured refresh token is long dead), later runs use Redis; a
/// second carry-over never replaces what Redis holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cached_pair_is_carried_over_to_redis_once() {
    let server = RedisServer::start();
    let store = server.store().await;
    let mock = MockServer::builder()
        .token_lifetime(Duration::from_secs(3600))
        .rotate_refresh_tokens(true)
        .invalidate_on_refresh(true)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let cache = folder.path().join("tokens").display().to_string();
    assert_ok(&run(jing(&mock, &cache, &CREATE)).await);
    // Tokens retired at the server: the cached pair renews once, rotating again.
    mock.expire_tokens();
    let mut renewing = jing(&mock, &cache, &CREATE);
    renewing.args(["--token-rejected-code", "91003"]);
    assert_ok(&run(renewing).await);
    assert_eq!(mock.stats().token_calls, 2);

    let with_redis = |extra: &[&str]| {
        let mut command = jing(&mock, &cache, &CREATE);
        command.args(["--redis", &server.url]).args(extra);
        command
    };
    let carried = run(with_redis(&[])).await;
    assert_ok(&carried);
    let note = String::from_utf8_lossy(&carried.stderr);
    assert!(note.contains("carried over to Redis"), "{note}");
    let scope = jing_api::store::scope(&mock.base_url(), &mock.credentials().app_id)
        .unwrap_or_else(|error| panic!("{error}"));
    let record = store
        .load(&scope)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .unwrap_or_else(|| panic!("Redis holds the pair"));
    assert_eq!(
        record
            .refresh_token
            .map(|token| token.expose_secret().to_owned()),
        Some(mock.refresh_token())
    );
    // No token call: the carried access token is still good.
    assert_eq!(mock.stats().token_calls, 2);
    assert_eq!(
        mock.stats().rejected_auth,
        0,
        "the dead configured token was never sent"
    );

    mock.expire_tokens();
    let renewed = run(with_redis(&["--token-rejected-code", "91003"])).await;
    assert_ok(&renewed);
    assert!(!String::from_utf8_lossy(&renewed.stderr).contains("carried over"));
    assert_eq!(
        (mock.stats().token_calls, mock.stats().rejected_auth),
        (3, 0)
    );
}

/// `jing auth seed --redis` from standard input, never echoed, and `status` after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seed_and_the_status_on_redis() {
    let server = RedisServer::start();
    let _ready = server.store().await;
    let mock = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let mut seed = jing(&mock, "off", &["auth", "seed", "--redis", &server.url]);
    seed.env_remove("JING_REFRESH_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = seed.spawn().unwrap_or_else(|error| panic!("{error}"));
    if let Some(mut input) = child.stdin.take() {
        writeln!(input, "{}", mock.credentials().refresh_token)
            .unwrap_or_else(|error| panic!("{error}"));
    }
    let seeded = child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert_ok(&seeded);
    let shown = String::from_utf8_lossy(&seeded.stdout);
    assert!(
        shown.contains("wrote the refresh token read from standard input")
            && shown.contains("into redis redis://127.0.0.1:")
            && shown.contains("generation 1"),
        "{shown}"
    );
    assert!(
        !shown.contains(&mock.credentials().refresh_token),
        "{shown}"
    );

    let status = run(jing(
        &mock,
        "off",
        &["auth", "status", "--redis", &server.url],
    ))
    .await;
    assert_ok(&status);
    let shown = String::from_utf8_lossy(&status.stdout);
    assert!(shown.contains("no access token (seeded)"), "{shown}");
    let mut create = jing(&mock, "off", &CREATE);
    create.args(["--redis", &server.url]);
    assert_ok(&run(create).await);
    let status = run(jing(
        &mock,
        "off",
        &["auth", "status", "--redis", &server.url],
    ))
    .await;
    let shown = String::from_utf8_lossy(&status.stdout);
    assert!(
        shown.contains("generation 2") && shown.contains("not refused"),
        "{shown}"
    );
    for secret in [
        mock.credentials().refresh_token.as_str(),
        mock.credentials().app_secret.as_str(),
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
}
