//! The default store: a map in this process, keyed by scope (an app id on a server).
//! Clients given the same store (an `Arc` of it) renew once between them; a client built
//! without a store gets one of its own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use secrecy::SecretString;

use super::tokens::{EXPIRED, Lease, REJECTED_KEPT, TokenRecord, TokenStore};
use crate::Error;
use crate::future::BoxFuture;

/// Tokens kept in this process only (the default).
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    records: Mutex<HashMap<String, TokenRecord>>,
    /// Per scope: the lease holding the renewal lock and when it runs out.
    locks: Mutex<HashMap<String, (u64, Instant)>>,
    /// Per scope: the fingerprints of refused refresh tokens and when each was refused.
    rejected: Mutex<HashMap<String, Vec<(String, Instant)>>>,
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

    fn locks(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u64, Instant)>> {
        self.locks.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl TokenStore for MemoryTokenStore {
    fn load<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>> {
        let record = self.records().get(scope).cloned();
        Box::pin(async move { Ok(record) })
    }

    fn save<'a>(
        &'a self,
        scope: &'a str,
        expected: u64,
        record: &'a TokenRecord,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let mut records = self.records();
        let written = records
            .get(scope)
            .is_none_or(|stored| stored.generation == expected);
        if written {
            records.insert(scope.to_owned(), record.clone());
        }
        Box::pin(async move { Ok(written) })
    }

    fn expire<'a>(
        &'a self,
        scope: &'a str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let mut records = self.records();
        let expired = match records.get_mut(scope) {
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
        scope: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Option<Lease>, Error>> {
        let mut locks = self.locks();
        let now = Instant::now();
        let taken = match locks.get(scope) {
            Some((_, until)) if *until > now => None,
            _ => {
                let id = self.next_lease.fetch_add(1, Ordering::Relaxed);
                locks.insert(scope.to_owned(), (id, now + lease));
                Some(Lease::new(id.to_string()))
            }
        };
        Box::pin(async move { Ok(taken) })
    }

    fn extend<'a>(
        &'a self,
        scope: &'a str,
        held: &'a Lease,
        lease: Duration,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        let mut locks = self.locks();
        let now = Instant::now();
        let kept = match locks.get_mut(scope) {
            Some((id, until)) if id.to_string() == held.id() && *until > now => {
                *until = now + lease;
                true
            }
            _ => false,
        };
        Box::pin(async move { Ok(kept) })
    }

    fn unlock<'a>(&'a self, scope: &'a str, lease: Lease) -> BoxFuture<'a, Result<(), Error>> {
        let mut locks = self.locks();
        if locks
            .get(scope)
            .is_some_and(|(id, _)| id.to_string() == lease.id())
        {
            locks.remove(scope);
        }
        Box::pin(async move { Ok(()) })
    }

    fn reject<'a>(
        &'a self,
        scope: &'a str,
        fingerprint: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let mut rejected = self.rejected.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let list = rejected.entry(scope.to_owned()).or_default();
        list.retain(|(known, at)| known != fingerprint && now.duration_since(*at) < REJECTED_KEPT);
        list.push((fingerprint.to_owned(), now));
        Box::pin(async move { Ok(()) })
    }

    fn rejected<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Vec<String>, Error>> {
        let rejected = self.rejected.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let list = rejected
            .get(scope)
            .into_iter()
            .flatten()
            .filter(|(_, at)| now.duration_since(*at) < REJECTED_KEPT)
            .map(|(fingerprint, _)| fingerprint.clone())
            .collect();
        Box::pin(async move { Ok(list) })
    }
}
