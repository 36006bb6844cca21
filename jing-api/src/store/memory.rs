//! The default store: a map in this process. Clients given the same store (an `Arc` of
//! it) renew once between them; a client built without a store gets one of its own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use secrecy::SecretString;

use super::{EXPIRED, Lease, TokenRecord, TokenStore};
use crate::Error;
use crate::auth::BoxFuture;

/// Tokens kept in this process only (the default).
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    records: Mutex<HashMap<String, TokenRecord>>,
    /// Per app id: the lease holding the renewal lock and when it runs out.
    locks: Mutex<HashMap<String, (u64, Instant)>>,
    next_lease: AtomicU64,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryTokenStore::default()
    }

    fn records(&self) -> std::sync::MutexGuard<'_, HashMap<String, TokenRecord>> {
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl TokenStore for MemoryTokenStore {
    fn load<'a>(&'a self, app_id: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>> {
        let record = self.records().get(app_id).cloned();
        Box::pin(async move { Ok(record) })
    }

    fn save<'a>(
        &'a self,
        app_id: &'a str,
        expected: u64,
        record: &'a TokenRecord,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let mut records = self.records();
        let current = records.get(app_id).map_or(0, |stored| stored.generation);
        let written = current == expected;
        if written {
            records.insert(app_id.to_owned(), record.clone());
        }
        Box::pin(async move { Ok(written) })
    }

    fn expire<'a>(
        &'a self,
        app_id: &'a str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let mut records = self.records();
        let expired = match records.get_mut(app_id) {
            Some(stored) if stored.holds(rejected) => {
                stored.expires_at = Some(EXPIRED);
                true
            }
            _ => false,
        };
        Box::pin(async move { Ok(expired) })
    }

    fn try_lock<'a>(
        &'a self,
        app_id: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Option<Lease>, Error>> {
        let mut locks = self.locks.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let taken = match locks.get(app_id) {
            Some((_, until)) if *until > now => None,
            _ => {
                let id = self.next_lease.fetch_add(1, Ordering::Relaxed);
                locks.insert(app_id.to_owned(), (id, now + lease));
                Some(Lease::new(id.to_string()))
            }
        };
        Box::pin(async move { Ok(taken) })
    }

    fn unlock<'a>(&'a self, app_id: &'a str, lease: Lease) -> BoxFuture<'a, Result<(), Error>> {
        let mut locks = self.locks.lock().unwrap_or_else(PoisonError::into_inner);
        if locks
            .get(app_id)
            .is_some_and(|(id, _)| id.to_string() == lease.id())
        {
            locks.remove(app_id);
        }
        Box::pin(async move { Ok(()) })
    }
}
