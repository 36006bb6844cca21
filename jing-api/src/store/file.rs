//! Tokens in a folder, shared by the processes of one machine (the CLI's cache).
//!
//! Per app id, three files: `<key>.json` holds the record and is only ever replaced whole
//! (written to a temporary file, flushed, renamed over it), so a reader sees the old record
//! or the new one, never half of either; `<key>.lock` is locked (an OS file lock) around
//! every compare-and-set, so two writers cannot both pass the check; `<key>.renew` is the
//! renewal lock, held by the renewing process and released by the OS if it dies. Files are
//! created with mode 0600 and the folder with 0700.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{EXPIRED, Lease, TokenRecord, TokenStore, from_millis, store_error};
use crate::Error;
use crate::auth::BoxFuture;

/// Tokens kept in files in one folder, shared by every process that names it.
#[derive(Debug, Clone)]
pub struct FileTokenStore {
    folder: PathBuf,
}

/// The record as the file holds it.
#[derive(Serialize, Deserialize)]
struct Stored {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_at_ms: Option<i64>,
    generation: u64,
}

impl FileTokenStore {
    /// A store in `folder` (created when first written).
    pub fn new(folder: impl Into<PathBuf>) -> Self {
        FileTokenStore {
            folder: folder.into(),
        }
    }

    /// The folder.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    fn name(&self) -> String {
        format!("file {}", self.folder.display())
    }

    /// The files' stem for `app_id`: the id itself when it is plain, else its hex.
    fn path(&self, app_id: &str, extension: &str) -> PathBuf {
        let plain = !app_id.is_empty()
            && app_id
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
        let stem = if plain {
            app_id.to_owned()
        } else {
            app_id.bytes().map(|byte| format!("{byte:02x}")).collect()
        };
        self.folder.join(format!("{stem}.{extension}"))
    }

    fn read(&self, app_id: &str) -> Result<Option<TokenRecord>, Error> {
        let path = self.path(app_id, "json");
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(store_error(
                    &self.name(),
                    format!("cannot read {}: {error}", path.display()),
                ));
            }
        };
        let stored: Stored = serde_json::from_str(&text).map_err(|error| {
            store_error(
                &self.name(),
                format!("{} is not a token record: {error}", path.display()),
            )
        })?;
        Ok(Some(TokenRecord {
            access_token: SecretString::from(stored.access_token),
            refresh_token: stored.refresh_token.map(SecretString::from),
            expires_at: stored.expires_at_ms.map(from_millis),
            generation: stored.generation,
        }))
    }

    /// Replaces the record file whole: a temporary file beside it, flushed, then renamed.
    fn write(&self, app_id: &str, record: &TokenRecord) -> Result<(), Error> {
        let stored = Stored {
            access_token: record.access_token.expose_secret().to_owned(),
            refresh_token: record
                .refresh_token
                .as_ref()
                .map(|token| token.expose_secret().to_owned()),
            expires_at_ms: record.expires_at_millis(),
            generation: record.generation,
        };
        let path = self.path(app_id, "json");
        let temporary = path.with_extension(format!(
            "json.{}-{}.tmp",
            std::process::id(),
            fastrand::u64(..)
        ));
        let failed = |error: std::io::Error| {
            store_error(
                &self.name(),
                format!("cannot write {}: {error}", path.display()),
            )
        };
        let text = serde_json::to_vec(&stored).map_err(|error| failed(error.into()))?;
        let written = private_file(&temporary)
            .and_then(|mut file| file.write_all(&text).and_then(|()| file.sync_all()))
            .and_then(|()| fs::rename(&temporary, &path));
        if let Err(error) = written {
            // Best effort: the temporary file is ours and holds secrets.
            let _ = fs::remove_file(&temporary);
            return Err(failed(error));
        }
        Ok(())
    }

    /// Runs `step` holding `<key>.lock`, so read-compare-write is one step for every process.
    fn locked<T>(
        &self,
        app_id: &str,
        step: impl FnOnce(&Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let path = self.path(app_id, "lock");
        let lock = self.open_lock(&path)?;
        fs4::FileExt::lock(&lock).map_err(|error| {
            store_error(
                &self.name(),
                format!("cannot lock {}: {error}", path.display()),
            )
        })?;
        // The lock goes with the file handle, at the end of this function.
        step(self)
    }

    fn open_lock(&self, path: &Path) -> Result<File, Error> {
        create_private_folder(&self.folder)
            .and_then(|()| private_file_keep(path))
            .map_err(|error| {
                store_error(
                    &self.name(),
                    format!("cannot open {}: {error}", path.display()),
                )
            })
    }

    fn save_now(&self, app_id: &str, expected: u64, record: &TokenRecord) -> Result<bool, Error> {
        self.locked(app_id, |store| {
            let current = store.read(app_id)?.map_or(0, |stored| stored.generation);
            if current != expected {
                return Ok(false);
            }
            store.write(app_id, record)?;
            Ok(true)
        })
    }

    fn expire_now(&self, app_id: &str, rejected: &SecretString) -> Result<bool, Error> {
        self.locked(app_id, |store| match store.read(app_id)? {
            Some(mut stored) if stored.holds(rejected) => {
                stored.expires_at = Some(EXPIRED);
                store.write(app_id, &stored)?;
                Ok(true)
            }
            _ => Ok(false),
        })
    }

    fn try_lock_now(&self, app_id: &str) -> Result<Option<Lease>, Error> {
        let path = self.path(app_id, "renew");
        let file = self.open_lock(&path)?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(Some(Lease::with_guard(
                path.display().to_string(),
                Box::new(file),
            ))),
            Err(fs4::TryLockError::WouldBlock) => Ok(None),
            Err(fs4::TryLockError::Error(error)) => Err(store_error(
                &self.name(),
                format!("cannot lock {}: {error}", path.display()),
            )),
        }
    }
}

/// Runs blocking file work off the async threads.
fn blocking<'a, T: Send + 'static>(
    store: &FileTokenStore,
    work: impl FnOnce(FileTokenStore) -> Result<T, Error> + Send + 'static,
) -> BoxFuture<'a, Result<T, Error>> {
    let store = store.clone();
    let name = store.name();
    Box::pin(async move {
        tokio::task::spawn_blocking(move || work(store))
            .await
            .map_err(|error| store_error(&name, format!("the file task failed: {error}")))?
    })
}

impl TokenStore for FileTokenStore {
    fn load<'a>(&'a self, app_id: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>> {
        let app_id = app_id.to_owned();
        blocking(self, move |store| store.read(&app_id))
    }

    fn save<'a>(
        &'a self,
        app_id: &'a str,
        expected: u64,
        record: &'a TokenRecord,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let (app_id, record) = (app_id.to_owned(), record.clone());
        blocking(self, move |store| {
            store.save_now(&app_id, expected, &record)
        })
    }

    fn expire<'a>(
        &'a self,
        app_id: &'a str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let (app_id, rejected) = (app_id.to_owned(), rejected.clone());
        blocking(self, move |store| store.expire_now(&app_id, &rejected))
    }

    /// The OS lock has no lease: it lasts until [`unlock`](TokenStore::unlock) or until the
    /// holding process ends, whichever comes first.
    fn try_lock<'a>(
        &'a self,
        app_id: &'a str,
        _lease: Duration,
    ) -> BoxFuture<'a, Result<Option<Lease>, Error>> {
        let app_id = app_id.to_owned();
        blocking(self, move |store| store.try_lock_now(&app_id))
    }

    fn unlock<'a>(&'a self, _app_id: &'a str, lease: Lease) -> BoxFuture<'a, Result<(), Error>> {
        // Closing the file releases the lock.
        drop(lease);
        Box::pin(async { Ok(()) })
    }
}

fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// A new file only this user can read (replacing one left over).
fn private_file(path: &Path) -> std::io::Result<File> {
    private_options().truncate(true).open(path)
}

/// A file only this user can read, kept as it is when it exists (a lock file).
fn private_file_keep(path: &Path) -> std::io::Result<File> {
    private_options().truncate(false).open(path)
}
