//! The in-memory and file token stores: their atomic steps, and clients sharing one store
//! renewing once between them (the scenarios in `scenarios/mod.rs`; Redis runs the same
//! ones in `redis_store.rs`).

mod scenarios;

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
    let mut files = 0;
    for entry in std::fs::read_dir(&tokens).unwrap_or_else(|error| panic!("{error}")) {
        let path = entry.unwrap_or_else(|error| panic!("{error}")).path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        files += 1;
    }
    assert_eq!(
        files, 3,
        "the record, its lock and the renewal lock; no temporary file left"
    );
}

#[tokio::test]
async fn a_corrupt_token_file_is_a_store_error_naming_it() {
    let folder = folder();
    let store = FileTokenStore::new(folder.path());
    std::fs::write(folder.path().join("app.json"), "{not json")
        .unwrap_or_else(|error| panic!("{error}"));
    let error = store.load("app").await.err().map(|error| error.to_string());
    assert!(
        error.as_deref().is_some_and(
            |message| message.contains("app.json") && message.contains("not a token record")
        ),
        "{error:?}"
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
