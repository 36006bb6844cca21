//! The in-memory and file token stores: their atomic steps, and clients sharing one store
//! renewing once between them (the scenarios in `scenarios/mod.rs`; Redis runs the same
//! ones in `redis_store.rs`).

use crate::scenarios;

use std::sync::Arc;

use jing_api::store::{FileTokenStore, MemoryTokenStore, TokenStore};

fn folder() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test]
async fn memory_store_steps() {
    let store = MemoryTokenStore::new();
    scenarios::store_steps(&store, &store).await;
}

#[tokio::test]
async fn file_store_steps_across_handles() {
    let folder = folder();
    let first = FileTokenStore::new(folder.path().join("tokens"));
    let second = FileTokenStore::new(folder.path().join("tokens"));
    scenarios::store_steps(&first, &second).await;
}

#[cfg(unix)]
#[tokio::test]
async fn file_store_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let folder = folder();
    let tokens = folder.path().join("tokens");
    let store = FileTokenStore::new(&tokens);
    scenarios::store_steps(&store, &store).await;
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .map(|metadata| metadata.permissions().mode() & 0o777)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    };
    assert_eq!(mode(&tokens), 0o700);
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&tokens).unwrap_or_else(|error| panic!("{error}")) {
        let path = entry.unwrap_or_else(|error| panic!("{error}")).path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        files.push(
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned()),
        );
    }
    files.sort();
    let expected = [
        "store-steps-app.json",
        "store-steps-app.lock",
        "store-steps-app.rejected",
        "store-steps-app.renew",
        "store-steps-lost@example.json",
        "store-steps-lost@example.lock",
    ];
    assert_eq!(
        files,
        expected.map(|name| Some(name.to_owned())),
        "per scope the record, its lock, the renewal lock and the refused tokens; no temporary file left"
    );
}

#[tokio::test]
async fn a_corrupt_token_file_is_a_store_error_naming_it_over_the_json_error() {
    let folder = folder();
    let store = FileTokenStore::new(folder.path());
    std::fs::write(folder.path().join("app.json"), "{not json")
        .unwrap_or_else(|error| panic!("{error}"));
    let Err(error) = store.load("app").await else {
        panic!("a corrupt file was read")
    };
    let message = error.to_string();
    assert!(
        message.contains("app.json") && message.contains("not a token record"),
        "{message}"
    );
    let json = scenarios::cause::<serde_json::Error>(&error);
    let words = json.map(ToString::to_string).unwrap_or_default();
    assert!(
        json.is_some() && error.report().to_string() == format!("{message}: {words}"),
        "the JSON error is the source and its words end the report: {error:?}"
    );
}

/// serde_json quotes a string that stands where it does not fit: in a token file that may
/// be a token, which no message nor any error under it shows.
#[tokio::test]
async fn a_token_file_that_does_not_fit_never_shows_its_tokens() {
    let folder = folder();
    let store = FileTokenStore::new(folder.path());
    let text =
        r#"{"access_token":"access-token-never-shown","generation":"refresh-token-never-shown"}"#;
    std::fs::write(folder.path().join("app.json"), text).unwrap_or_else(|error| panic!("{error}"));
    let Err(error) = store.load("app").await else {
        panic!("a record of the wrong shape was read")
    };
    let shown = scenarios::everything_shown(&error);
    assert!(!shown.contains("never-shown"), "{shown}");
    assert!(
        shown.contains("not a token record") && shown.contains("[REDACTED]"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_token_file_that_cannot_be_read_is_a_store_error_over_the_io_error() {
    let folder = folder();
    let store = FileTokenStore::new(folder.path());
    // A folder where the record's file belongs: reading it fails.
    std::fs::create_dir(folder.path().join("app.json")).unwrap_or_else(|error| panic!("{error}"));
    let Err(error) = store.load("app").await else {
        panic!("a folder was read as a record")
    };
    assert!(matches!(error, jing_api::Error::Store { .. }), "{error:?}");
    let io = scenarios::cause::<std::io::Error>(&error);
    assert!(io.is_some(), "{error:?}");
    let message = error.to_string();
    let report = error.report().to_string();
    assert!(
        message.contains("cannot read")
            && io.is_some_and(|io| report == format!("{message}: {io}")),
        "{report}"
    );
}

#[tokio::test]
async fn clients_sharing_a_memory_store_renew_once() {
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());
    scenarios::renew_once_per_expiry(vec![Arc::clone(&store); 4]).await;
}

#[tokio::test]
async fn clients_sharing_a_token_folder_renew_once() {
    let folder = folder();
    let stores = (0..4)
        .map(|_| Arc::new(FileTokenStore::new(folder.path())) as Arc<dyn TokenStore>)
        .collect();
    scenarios::renew_once_per_expiry(stores).await;
}

#[tokio::test]
async fn a_rejection_expires_only_the_rejected_token_in_a_file() {
    let folder = folder();
    let store = || Arc::new(FileTokenStore::new(folder.path())) as Arc<dyn TokenStore>;
    scenarios::rejection_expires_only_the_rejected_token(store(), store(), store()).await;
}

#[tokio::test]
async fn a_rejection_expires_only_the_rejected_token_in_memory() {
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());
    scenarios::rejection_expires_only_the_rejected_token(
        Arc::clone(&store),
        Arc::clone(&store),
        store,
    )
    .await;
}

#[tokio::test]
async fn a_stored_pair_wins_over_the_configured_refresh_token() {
    scenarios::a_stored_pair_wins(Arc::new(MemoryTokenStore::new())).await;
    let folder = folder();
    scenarios::a_stored_pair_wins(Arc::new(FileTokenStore::new(folder.path()))).await;
}

/// A store whose lock never refuses, as when a renewal outlives its lease: both clients
/// renew, and compare-and-set keeps the first pair saved; the second client uses it.
#[derive(Debug, Default)]
struct LeakyLock(MemoryTokenStore);

impl TokenStore for LeakyLock {
    fn load<'a>(
        &'a self,
        scope: &'a str,
    ) -> jing_api::auth::BoxFuture<'a, Result<Option<jing_api::store::TokenRecord>, jing_api::Error>>
    {
        self.0.load(scope)
    }
    fn save<'a>(
        &'a self,
        scope: &'a str,
        expected: u64,
        record: &'a jing_api::store::TokenRecord,
    ) -> jing_api::auth::BoxFuture<'a, Result<bool, jing_api::Error>> {
        self.0.save(scope, expected, record)
    }
    fn expire<'a>(
        &'a self,
        scope: &'a str,
        rejected: &'a jing_api::auth::SecretString,
    ) -> jing_api::auth::BoxFuture<'a, Result<bool, jing_api::Error>> {
        self.0.expire(scope, rejected)
    }
    fn try_lock<'a>(
        &'a self,
        _scope: &'a str,
        _lease: std::time::Duration,
    ) -> jing_api::auth::BoxFuture<'a, Result<Option<jing_api::store::Lease>, jing_api::Error>>
    {
        Box::pin(async { Ok(Some(jing_api::store::Lease::new("always"))) })
    }
    fn extend<'a>(
        &'a self,
        _scope: &'a str,
        _held: &'a jing_api::store::Lease,
        _lease: std::time::Duration,
    ) -> jing_api::auth::BoxFuture<'a, Result<bool, jing_api::Error>> {
        Box::pin(async { Ok(true) })
    }
    fn unlock<'a>(
        &'a self,
        _scope: &'a str,
        _lease: jing_api::store::Lease,
    ) -> jing_api::auth::BoxFuture<'a, Result<(), jing_api::Error>> {
        Box::pin(async { Ok(()) })
    }
    fn reject<'a>(
        &'a self,
        scope: &'a str,
        fingerprint: &'a str,
    ) -> jing_api::auth::BoxFuture<'a, Result<(), jing_api::Error>> {
        self.0.reject(scope, fingerprint)
    }
    fn rejected<'a>(
        &'a self,
        scope: &'a str,
    ) -> jing_api::auth::BoxFuture<'a, Result<Vec<String>, jing_api::Error>> {
        self.0.rejected(scope)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_renewal_never_replaces_a_newer_pair() {
    let store: Arc<dyn TokenStore> = Arc::new(LeakyLock::default());
    let mock = scenarios::mock().await;
    let clock = scenarios::clock();
    let clients: Vec<_> = (0..2)
        .map(|_| {
            scenarios::build(scenarios::builder(
                &mock,
                Arc::clone(&store),
                Arc::clone(&clock),
            ))
        })
        .collect();
    scenarios::all_call(&clients, 4).await;
    let stored = scenarios::load(&*store, clients[0].token_scope()).await;
    assert_eq!(stored.generation, 1, "one pair saved, whatever the races");
    // Every client now sends the stored token: a refused save made the loser adopt it.
    mock.clear_received();
    scenarios::all_call(&clients, 2).await;
    let sent: std::collections::BTreeSet<String> = mock
        .received()
        .iter()
        .filter_map(|request| request.header("access_token").map(str::to_owned))
        .collect();
    use jing_api::auth::ExposeSecret;
    assert_eq!(
        sent.into_iter().collect::<Vec<_>>(),
        [stored.access_token.expose_secret().to_owned()]
    );
}

#[tokio::test]
async fn a_supplied_token_with_an_expiry_is_renewed_before_it() {
    use jing_api::clock::Clock;
    let mock = scenarios::mock().await;
    let clock = scenarios::clock();
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());
    let client = scenarios::build(
        scenarios::builder(&mock, store, Arc::clone(&clock))
            .access_token(&mock.credentials().access_token)
            .access_token_expires_at(clock.now() + std::time::Duration::from_secs(100)),
    );
    scenarios::all_call(std::slice::from_ref(&client), 1).await;
    assert_eq!(
        scenarios::token_calls(&mock),
        0,
        "the supplied token is used"
    );
    // Within the 10 s margin (and its jitter, at most half of it) of the expiry.
    clock.advance(std::time::Duration::from_secs(95));
    scenarios::all_call(std::slice::from_ref(&client), 1).await;
    assert_eq!(
        scenarios::token_calls(&mock),
        1,
        "renewed before it expired"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_token_folder_is_refilled_and_a_lockout_is_bounded() {
    let folder = folder();
    let tokens = folder.path().join("tokens");
    let stores =
        [0, 1, 2, 3].map(|_| Arc::new(FileTokenStore::new(&tokens)) as Arc<dyn TokenStore>);
    scenarios::a_lost_store_is_refilled_and_a_lockout_is_bounded(stores, || {
        std::fs::remove_dir_all(&tokens).unwrap_or_else(|error| panic!("{error}"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_with_one_app_id_keep_apart_in_memory_and_in_a_folder() {
    scenarios::two_servers_with_one_app_id_keep_apart(Arc::new(MemoryTokenStore::new())).await;
    let folder = folder();
    scenarios::two_servers_with_one_app_id_keep_apart(Arc::new(FileTokenStore::new(folder.path())))
        .await;
}

/// The in-process limiter is as strict as the shared one (a window of 1.1 s, not a token
/// bucket that lets twice the limit through after an idle spell): 8 tasks calling Account
/// Creation (documented 10/s) for 3.5 s never put more than 10 calls in one of the mock's
/// seconds, and none is refused for the limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_limit_keeps_each_of_the_servers_seconds_within_the_documented_limit() {
    use jing_api::Endpoint;
    use jing_api::customer::CreateCustomer;
    use jing_mock::MockServer;
    use std::time::{Duration, Instant};
    let mock = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let client = mock
        .client_builder()
        .max_limit_wait(Duration::from_secs(60))
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let until = Instant::now() + Duration::from_millis(3500);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut calls = 0u32;
                while Instant::now() < until {
                    let made = client
                        .customer()
                        .create(CreateCustomer::new("Acme", "bt"))
                        .await;
                    assert!(made.is_ok(), "{made:?}");
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    let mut calls = 0;
    for task in tasks {
        calls += task.await.unwrap_or_else(|error| panic!("{error}"));
    }
    let stats = mock.stats();
    let busiest = stats
        .max_per_second
        .get(CreateCustomer::NAME)
        .copied()
        .unwrap_or(0);
    assert!(calls >= 20, "{calls} calls");
    assert!(
        busiest <= 10,
        "{busiest} calls in one of the mock's seconds"
    );
    assert_eq!(stats.rejected_limit, 0);
}
