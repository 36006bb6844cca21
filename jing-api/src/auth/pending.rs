//! A pair of tokens the server issued that the store could not take (Redis restarting, a
//! full disk): it may be the only refresh token the server still accepts, so it is never
//! dropped. It waits in a slot the client shares with a background task that keeps trying
//! to store it; a call or [`Client::flush_tokens`](crate::Client::flush_tokens) may store
//! it first. Whoever takes it from the slot stores it or puts it back.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::store::tokens::{TokenRecord, TokenStore};

/// How many times (at most 5 s apart) the background task tries, about an hour.
const KEEP_TRYING: u32 = 720;

/// A pair to store, and the generation it was renewed from (what the save compares).
pub(super) struct Pending {
    pub(super) record: TokenRecord,
    pub(super) expected: u64,
}

/// Where a pending pair waits; clones share it.
#[derive(Clone, Default)]
pub(super) struct PendingSlot(Arc<Mutex<Option<Pending>>>);

impl PendingSlot {
    /// Takes the pair out, if there is one.
    pub(super) fn take(&self) -> Option<Pending> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    /// Puts a pair (back) in, unless a newer one got there meanwhile.
    pub(super) fn put_back(&self, pending: Pending) {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let newer = slot
            .as_ref()
            .is_some_and(|held| held.record.generation > pending.record.generation);
        if !newer {
            *slot = Some(pending);
        }
    }

    /// Tries to store the pair in the background until it is stored (by this task, a call
    /// or a flush), so that the other processes see it as soon as the store is back, even
    /// if this client makes no call meanwhile.
    pub(super) fn keep_trying(&self, store: Arc<dyn TokenStore>, scope: &str) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (slot, scope) = (self.clone(), scope.to_owned());
        runtime.spawn(async move {
            let mut pause = Duration::from_millis(200);
            for _ in 0..KEEP_TRYING {
                tokio::time::sleep(pause).await;
                let Some(pending) = slot.take() else {
                    return;
                };
                match store.save(&scope, pending.expected, &pending.record).await {
                    Ok(_) => {
                        tracing::info!(scope, "the store took the renewed pair it could not take before");
                        return;
                    }
                    Err(error) => {
                        tracing::debug!(error = %error.report(), "the store still cannot take the renewed pair");
                        slot.put_back(pending);
                        pause = (pause * 2).min(Duration::from_secs(5));
                    }
                }
            }
            tracing::error!(scope, "the renewed pair could not be stored for an hour; it is lost when this process ends: write a new refresh token with `jing auth seed` then");
        });
    }
}
