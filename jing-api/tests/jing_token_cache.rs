//! `jing` runs share one token: issued tokens are cached in a file store (here a temporary
//! folder, `JING_TOKEN_CACHE`), so consecutive and concurrent runs on one machine send one
//! token call between them; `--token-rejected-code` makes a rejected token renew.

use std::path::Path;
use std::process::{Command, Output};

use jing_api::mock::{MockServer, codes};

fn token_calls(mock: &MockServer) -> usize {
    mock.received()
        .iter()
        .filter(|request| request.endpoint == Some("refresh_token"))
        .count()
}

/// `jing customer create` against `mock` with the app secret and refresh token only.
fn jing(mock: &MockServer, cache: &str) -> Command {
    let credentials = mock.credentials();
    let mut command = Command::new(env!("CARGO_BIN_EXE_jing"));
    for variable in [
        "JING_ACCESS_TOKEN",
        "JING_PROFILE",
        "JING_CONFIG",
        "JING_REDIS_URL",
        "JING_TOKEN_REJECTED_CODES",
    ] {
        command.env_remove(variable);
    }
    command
        .env("JING_BASE_URL", mock.base_url())
        .env("JING_APP_ID", &credentials.app_id)
        .env("JING_APP_SECRET", &credentials.app_secret)
        .env("JING_REFRESH_TOKEN", &credentials.refresh_token)
        .env("JING_TOKEN_CACHE", cache)
        .args([
            "customer",
            "create",
            "--name",
            "Acme",
            "--business-type",
            "bt",
        ]);
    command
}

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

async fn mock() -> MockServer {
    MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

fn cache(folder: &Path) -> String {
    folder.join("tokens").display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consecutive_runs_reuse_the_cached_token() {
    let mock = mock().await;
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    for _ in 0..3 {
        assert_ok(&run(jing(&mock, &cache(folder.path()))).await);
    }
    assert_eq!(token_calls(&mock), 1, "one token for three runs");
    // Without the cache every run asks for its own token.
    for _ in 0..2 {
        assert_ok(&run(jing(&mock, "off")).await);
    }
    assert_eq!(token_calls(&mock), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_runs_share_one_renewal() {
    let mock = mock().await;
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let runs: Vec<_> = (0..4)
        .map(|_| tokio::spawn(run(jing(&mock, &cache(folder.path())))))
        .collect();
    for output in runs {
        assert_ok(&output.await.unwrap_or_else(|error| panic!("{error}")));
    }
    assert_eq!(token_calls(&mock), 1, "four processes, one token call");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_cached_token_is_renewed_with_the_rejection_code() {
    let mock = mock().await;
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    assert_ok(&run(jing(&mock, &cache(folder.path()))).await);
    mock.expire_tokens();
    let unknown_code = run(jing(&mock, &cache(folder.path()))).await;
    assert!(
        !unknown_code.status.success(),
        "without the code a rejection is an API error"
    );
    let mut renewing = jing(&mock, &cache(folder.path()));
    renewing.args(["--token-rejected-code", &codes::TOKEN_INVALID.to_string()]);
    assert_ok(&run(renewing).await);
    assert_eq!(token_calls(&mock), 2);
    // The next run uses the renewed token from the cache.
    assert_ok(&run(jing(&mock, &cache(folder.path()))).await);
    assert_eq!(token_calls(&mock), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_never_reaches_redis_and_a_call_says_why_it_cannot() {
    let mock = mock().await;
    // Nothing listens on port 1.
    let unreachable = "redis://127.0.0.1:1/";
    let mut dry = jing(&mock, "off");
    dry.args(["--redis", unreachable, "--dry-run"]);
    assert_ok(&run(dry).await);
    let mut call = jing(&mock, "off");
    call.args(["--redis", unreachable]);
    let failed = run(call).await;
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("redis"), "{stderr}");
    assert_eq!(token_calls(&mock), 0, "no token without the shared store");
}
