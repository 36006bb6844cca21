//! Tokens in a folder, shared by the processes of one machine (the CLI's cache).
//!
//! Per scope (an app id on a server), up to four files named after it (`<app_id>@<server>`,
//! each byte other than a letter, a digit, `.`, `_`, `-` or `@` written `%XX`): `<key>.json`
//! holds the record and is only ever replaced whole (written to a temporary file, flushed,
//! renamed over it), so a reader sees the old record or the new one, never half of either;
//! `<key>.lock` is locked (an OS file lock) around every compare-and-set, so two writers
//! cannot both pass the check; `<key>.renew` is the renewal lock, held by the renewing
//! process and released by the OS if it dies; `<key>.rejected` lists the fingerprints of
//! refresh tokens the server refused, replaced whole as the record is. Files are created
//! with mode 0600 and the folder with 0700. Deleting the folder loses the stored refresh
//! token (see the [store docs](super) on persistence).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::tokens::{
    EXPIRED, Lease, REJECTED_KEPT, TokenRecord, TokenStore, from_millis, millis_since_epoch,
};
use crate::Error;
use crate::future::BoxFuture;

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
    #[serde(default)]
    lifetime_ms: Option<u64>,
    generation: u64,
}

/// The refused refresh tokens as the file holds them: fingerprint and when, in ms.
#[derive(Serialize, Deserialize, Default)]
struct Refused {
    refused: Vec<(String, i64)>,
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

    /// The files of `scope`: its bytes as they are where a file name may hold them, `%XX`
    /// otherwise (so two scopes never share a file).
    fn path(&self, scope: &str, extension: &str) -> PathBuf {
        let stem: String = scope
            .bytes()
            .map(|byte| {
                if byte.is_ascii_alphanumeric() || b"._-@".contains(&byte) {
                    char::from(byte).to_string()
                } else {
                    format!("%{byte:02X}")
                }
            })
            .collect();
        self.folder.join(format!("{stem}.{extension}"))
    }

    /// The JSON file `path` as a `T`; `None` when there is none.
    fn read_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &Path,
        what: &str,
    ) -> Result<Option<T>, Error> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                let message = format!("cannot read {}", path.display());
                return Err(Error::store_because(self.name(), message, error));
            }
        };
        serde_json::from_str(&text).map(Some).map_err(|error| {
            // serde_json quotes a string that stands where it does not fit, and in a token
            // file that string may be a token: every string of the file is kept out.
            let strings = strings_of(&text);
            let secrets: Vec<&str> = strings.iter().map(String::as_str).collect();
            let message = format!("{} is not {what}", path.display());
            Error::store_because(self.name(), message, crate::error::hiding(error, &secrets))
        })
    }

    fn read(&self, scope: &str) -> Result<Option<TokenRecord>, Error> {
        let path = self.path(scope, "json");
        let Some(stored) = self.read_json::<Stored>(&path, "a token record")? else {
            return Ok(None);
        };
        Ok(Some(
            TokenRecord::new(
                SecretString::from(stored.access_token),
                stored.refresh_token.map(SecretString::from),
                stored.expires_at_ms.map(from_millis),
                stored.generation,
            )
            .with_lifetime(stored.lifetime_ms.map(Duration::from_millis)),
        ))
    }

    /// Replaces the record file whole.
    fn write(&self, scope: &str, record: &TokenRecord) -> Result<(), Error> {
        let stored = Stored {
            access_token: record.access_token.expose_secret().to_owned(),
            refresh_token: record
                .refresh_token
                .as_ref()
                .map(|token| token.expose_secret().to_owned()),
            expires_at_ms: record.expires_at_millis(),
            lifetime_ms: record.lifetime_millis(),
            generation: record.generation,
        };
        self.replace(&self.path(scope, "json"), &stored)
    }

    /// Replaces the file `path` whole with `value` as JSON: a temporary file beside it,
    /// flushed, then renamed over it.
    fn replace<T: Serialize>(&self, path: &Path, value: &T) -> Result<(), Error> {
        let extension = path.extension().and_then(|ext| ext.to_str()).unwrap_or("");
        let temporary = path.with_extension(format!(
            "{extension}.{}-{}.tmp",
            std::process::id(),
            fastrand::u64(..)
        ));
        let failed = |error: std::io::Error| {
            Error::store_because(
                self.name(),
                format!("cannot write {}", path.display()),
                error,
            )
        };
        let text = serde_json::to_vec(value).map_err(|error| failed(error.into()))?;
        let written = private_file(&temporary)
            .and_then(|mut file| file.write_all(&text).and_then(|()| file.sync_all()))
            .and_then(|()| fs::rename(&temporary, path));
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
        scope: &str,
        step: impl FnOnce(&Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let path = self.path(scope, "lock");
        let lock = self.open_lock(&path)?;
        fs4::FileExt::lock(&lock).map_err(|error| {
            Error::store_because(
                self.name(),
                format!("cannot lock {}", path.display()),
                error,
            )
        })?;
        // The lock goes with the file handle, at the end of this function.
        step(self)
    }

    fn open_lock(&self, path: &Path) -> Result<File, Error> {
        create_private_folder(&self.folder)
            .and_then(|()| private_file_keep(path))
            .map_err(|error| {
                Error::store_because(
                    self.name(),
                    format!("cannot open {}", path.display()),
                    error,
                )
            })
    }

    fn save_now(&self, scope: &str, expected: u64, record: &TokenRecord) -> Result<bool, Error> {
        self.locked(scope, |store| {
            let moved_on = store
                .read(scope)?
                .is_some_and(|stored| stored.generation != expected);
            if moved_on {
                return Ok(false);
            }
            store.write(scope, record)?;
            Ok(true)
        })
    }

    fn expire_now(&self, scope: &str, rejected: &SecretString) -> Result<bool, Error> {
        self.locked(scope, |store| match store.read(scope)? {
            Some(mut stored) if stored.holds(rejected) => {
                stored.expires_at = Some(EXPIRED);
                store.write(scope, &stored)?;
                Ok(true)
            }
            _ => Ok(false),
        })
    }

    fn try_lock_now(&self, scope: &str) -> Result<Option<Lease>, Error> {
        let path = self.path(scope, "renew");
        let file = self.open_lock(&path)?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(Some(Lease::with_guard(
                path.display().to_string(),
                Box::new(file),
            ))),
            Err(fs4::TryLockError::WouldBlock) => Ok(None),
            Err(fs4::TryLockError::Error(error)) => Err(Error::store_because(
                self.name(),
                format!("cannot lock {}", path.display()),
                error,
            )),
        }
    }

    /// The refused fingerprints still remembered, with when each was refused.
    fn refused(&self, scope: &str) -> Result<Vec<(String, i64)>, Error> {
        let path = self.path(scope, "rejected");
        let now = millis_since_epoch(std::time::SystemTime::now());
        let kept = i64::try_from(REJECTED_KEPT.as_millis()).unwrap_or(i64::MAX);
        Ok(self
            .read_json::<Refused>(&path, "a list of refused refresh tokens")?
            .unwrap_or_default()
            .refused
            .into_iter()
            .filter(|(_, at)| now.saturating_sub(*at) < kept)
            .collect())
    }

    fn reject_now(&self, scope: &str, fingerprint: &str) -> Result<(), Error> {
        self.locked(scope, |store| {
            let mut refused = store.refused(scope)?;
            refused.retain(|(known, _)| known != fingerprint);
            let now = millis_since_epoch(std::time::SystemTime::now());
            refused.push((fingerprint.to_owned(), now));
            store.replace(&store.path(scope, "rejected"), &Refused { refused })
        })
    }
}

/// Every string value of eight characters or more in `text`, when it is JSON: a token
/// file's tokens among them (shorter strings are no token, and hiding them would only
/// garble a message).
fn strings_of(text: &str) -> Vec<String> {
    fn collect(value: serde_json::Value, into: &mut Vec<String>) {
        match value {
            serde_json::Value::String(text) if text.chars().count() >= 8 => into.push(text),
            serde_json::Value::Array(values) => {
                values.into_iter().for_each(|value| collect(value, into));
            }
            serde_json::Value::Object(members) => {
                members.into_values().for_each(|value| collect(value, into));
            }
            _ => {}
        }
    }
    let mut strings = Vec::new();
    if let Ok(value) = serde_json::from_str(text) {
        collect(value, &mut strings);
    }
    strings
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
            .map_err(|error| Error::store_because(name, "the file task failed", error))?
    })
}

impl TokenStore for FileTokenStore {
    fn load<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>> {
        let scope = scope.to_owned();
        blocking(self, move |store| store.read(&scope))
    }

    fn save<'a>(
        &'a self,
        scope: &'a str,
        expected: u64,
        record: &'a TokenRecord,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let (scope, record) = (scope.to_owned(), record.clone());
        blocking(self, move |store| store.save_now(&scope, expected, &record))
    }

    fn expire<'a>(
        &'a self,
        scope: &'a str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let (scope, rejected) = (scope.to_owned(), rejected.clone());
        blocking(self, move |store| store.expire_now(&scope, &rejected))
    }

    /// The OS lock has no lease: it lasts until [`unlock`](TokenStore::unlock) or until the
    /// holding process ends, whichever comes first.
    fn try_lock<'a>(
        &'a self,
        scope: &'a str,
        _lease: Duration,
    ) -> BoxFuture<'a, Result<Option<Lease>, Error>> {
        let scope = scope.to_owned();
        blocking(self, move |store| store.try_lock_now(&scope))
    }

    /// The OS lock lasts as long as its holder: there is nothing to extend, and `held`
    /// holds it if it is this store's lock of `scope`.
    fn extend<'a>(
        &'a self,
        scope: &'a str,
        held: &'a Lease,
        _lease: Duration,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let ours = held.id() == self.path(scope, "renew").display().to_string();
        Box::pin(async move { Ok(ours) })
    }

    fn unlock<'a>(&'a self, _scope: &'a str, lease: Lease) -> BoxFuture<'a, Result<(), Error>> {
        // Closing the file releases the lock.
        drop(lease);
        Box::pin(async { Ok(()) })
    }

    fn reject<'a>(
        &'a self,
        scope: &'a str,
        fingerprint: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let (scope, fingerprint) = (scope.to_owned(), fingerprint.to_owned());
        blocking(self, move |store| store.reject_now(&scope, &fingerprint))
    }

    fn rejected<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Vec<String>, Error>> {
        let scope = scope.to_owned();
        blocking(self, move |store| {
            Ok(store
                .refused(&scope)?
                .into_iter()
                .map(|(fingerprint, _)| fingerprint)
                .collect())
        })
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
