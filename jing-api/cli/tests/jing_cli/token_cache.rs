//! `jing` runs share one token: issued tokens are cached in a file store (here a temporary
//! folder, `JING_TOKEN_CACHE`), so consecutive and concurrent runs on one machine send one
//! token call between them, short-lived tokens included; `--token-rejected-code` makes a
//! rejected token renew; a refused refresh token is remembered across runs and `jing auth
//! seed` writes a new one.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use super::run;
use std::time::Duration;

use jing_mock::{MockServer, codes};

fn token_calls(mock: &MockServer) -> usize {
    mock.received()
        .iter()
        .filter(|request| request.endpoint == Some("refresh_token"))
        .count()
}

/// `jing customer create` against `mock` with the app secret and refresh token only.
fn jing(mock: &MockServer, cache: &str) -> Command {
    let mut command = program(mock, cache);
    command.args([
        "customer",
        "create",
        "--name",
        "Acme",
        "--business-type",
        "bt",
    ]);
    command
}

/// The program set up for `mock` with the app secret and refresh token (no access token),
/// no arguments yet, its tokens cached at `cache`.
fn program(mock: &MockServer, cache: &str) -> Command {
    let credentials = mock.credentials();
    let mut command = super::jing();
    command
        .env("JING_BASE_URL", mock.base_url())
        .env("JING_APP_ID", &credentials.app_id)
        .env("JING_APP_SECRET", &credentials.app_secret)
        .env("JING_REFRESH_TOKEN", &credentials.refresh_token)
        .env("JING_TOKEN_CACHE", cache);
    command
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

/// A mock whose tokens live `lifetime`, each renewal rotating the refresh token and
/// retiring the earlier access tokens.
async fn strict_mock(lifetime: Duration) -> MockServer {
    MockServer::builder()
        .token_lifetime(lifetime)
        .rotate_refresh_tokens(true)
        .invalidate_on_refresh(true)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// `jing auth SUBCOMMAND` for `mock`'s app with the cache `cache`, no refresh token given.
fn auth(mock: &MockServer, cache: &str, subcommand: &str) -> Command {
    let mut command = program(mock, cache);
    command
        .env_remove("JING_REFRESH_TOKEN")
        .args(["auth", subcommand]);
    command
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

/// Tokens of 20 s (the default margin, 60 s, is longer): consecutive runs share one, as
/// the margin is capped at a twentieth of the lifetime; before, each run renewed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_lived_tokens_are_reused_across_runs() {
    let mock = strict_mock(Duration::from_secs(20)).await;
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    for _ in 0..5 {
        assert_ok(&run(jing(&mock, &cache(folder.path()))).await);
    }
    assert_eq!(token_calls(&mock), 1, "one token for five runs");
    // The margin can be set lower still (never higher than the cap).
    let mut margin = jing(&mock, &cache(folder.path()));
    margin.args(["--refresh-margin", "500ms"]);
    assert_ok(&run(margin).await);
    let mut wrong = jing(&mock, &cache(folder.path()));
    wrong.args(["--refresh-margin", "soon"]);
    let refused = run(wrong).await;
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(token_calls(&mock), 1);
}

/// The cached pair lost (the folder deleted) under a mock that rotates refresh tokens: the
/// next run sends the configured (dead) refresh token once and says how to seed; later runs
/// do not send it again; `jing auth seed` (from a file, never echoed) lets them in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_refresh_token_is_remembered_across_runs_and_a_seed_lets_them_in() {
    let mock = strict_mock(Duration::from_secs(3600)).await;
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let cache = cache(folder.path());
    assert_ok(&run(jing(&mock, &cache)).await);
    std::fs::remove_dir_all(&cache).unwrap_or_else(|error| panic!("{error}"));
    for _ in 0..3 {
        let locked_out = run(jing(&mock, &cache)).await;
        let stderr = String::from_utf8_lossy(&locked_out.stderr);
        assert_eq!(locked_out.status.code(), Some(5), "{stderr}");
        assert!(stderr.contains("jing auth seed"), "{stderr}");
    }
    assert_eq!(
        mock.stats().rejected_auth,
        1,
        "the dead token was sent once in three runs"
    );

    // A file of secrets only its owner may read, as `jing` requires.
    let token_file = folder.path().join("refresh-token");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&token_file)
        .unwrap_or_else(|error| panic!("{error}"));
    writeln!(file, "{}", mock.refresh_token()).unwrap_or_else(|error| panic!("{error}"));
    drop(file);
    let mut seed = auth(&mock, &cache, "seed");
    seed.arg("--refresh-token-file").arg(&token_file);
    let seeded = run(seed).await;
    let shown = String::from_utf8_lossy(&seeded.stdout);
    assert_ok(&seeded);
    // What was written, from where, into which store.
    for said in [
        "wrote the refresh token read from the file",
        "fingerprint ",
        "into the token cache",
        "(generation 1, no access token yet)",
    ] {
        assert!(shown.contains(said), "`{said}` not in {shown}");
    }
    assert!(
        !shown.contains(&mock.refresh_token()),
        "never echoed: {shown}"
    );

    assert_ok(&run(jing(&mock, &cache)).await);
    assert_eq!(
        token_calls(&mock),
        3,
        "one more renewal, with the seeded token"
    );
    // The configured refresh token (the dead one) is shown refused, by its fingerprint.
    let mut status = auth(&mock, &cache, "status");
    status.env("JING_REFRESH_TOKEN", &mock.credentials().refresh_token);
    let status = run(status).await;
    let shown = String::from_utf8_lossy(&status.stdout);
    assert_ok(&status);
    assert!(
        shown.contains("generation 2") && shown.contains("not refused"),
        "{shown}"
    );
    assert!(
        shown.contains("1 refused refresh token(s) remembered, by fingerprint"),
        "{shown}"
    );
    assert!(
        shown.contains("the configured refresh token is ")
            && shown.contains(": refused")
            && shown.contains("to clear them: `jing auth seed`"),
        "{shown}"
    );
    assert!(!shown.contains(&mock.refresh_token()), "{shown}");
}

/// A wrong app secret, the mock's code for it given (`--secret-rejected-code`): the error
/// names the app secret, the good refresh token is not remembered as refused, and the run
/// with the right secret goes through without a seed. A malformed lease is refused (exit 2).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_app_secret_is_named_and_marks_no_refresh_token_refused() {
    let mock = strict_mock(Duration::from_secs(3600)).await;
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let cache = cache(folder.path());
    let code = codes::APP_SECRET_REFUSED.to_string();
    for _ in 0..2 {
        let mut wrong = jing(&mock, &cache);
        wrong.env("JING_APP_SECRET", "not-the-secret").args([
            "--secret-rejected-code",
            &code,
            "--renewal-lease",
            "2s",
        ]);
        let refused = run(wrong).await;
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(5), "{stderr}");
        assert!(
            stderr.contains("refused the app secret")
                && !stderr.contains("refresh token was rejected"),
            "{stderr}"
        );
    }
    assert_eq!(
        mock.stats().rejected_auth,
        2,
        "tried again: nothing remembered"
    );
    let status = run(auth(&mock, &cache, "status")).await;
    let shown = String::from_utf8_lossy(&status.stdout);
    assert!(
        shown.contains("no refused refresh token remembered"),
        "{shown}"
    );
    assert_ok(&run(jing(&mock, &cache)).await);
    let mut lease = jing(&mock, &cache);
    lease.args(["--renewal-lease", "1ms"]);
    assert_eq!(run(lease).await.status.code(), Some(2));
}
