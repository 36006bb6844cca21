//! The token and limit stores as the client sees them: each call a `jing_api.store` span,
//! its time and failure recorded. [`ClientBuilder::build`](crate::ClientBuilder::build)
//! wraps the stores it is given, so every store (memory, file, Redis, a user's own) is
//! observed alike without a line of its own.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use tracing::Instrument;

use crate::Error;
use crate::future::BoxFuture;
use crate::schema::RateLimit;
use crate::store::limits::{Admission, DayWindow, LimitStore};
use crate::store::tokens::{Lease, TokenRecord, TokenStore};

/// Runs one store call inside its span, then records its time and outcome.
async fn observed<T>(
    store: &'static str,
    operation: &'static str,
    call: BoxFuture<'_, Result<T, Error>>,
) -> Result<T, Error> {
    let span = tracing::debug_span!(
        "jing_api.store",
        "jing.store" = store,
        "jing.store.operation" = operation,
        "error.type" = tracing::field::Empty,
    );
    let started = Instant::now();
    let result = call.instrument(span.clone()).await;
    if let Err(error) = &result {
        span.record("error.type", error.kind());
    }
    super::record::store_call(store, operation, &result, started.elapsed());
    result
}

/// A token store whose calls are observed.
pub(crate) struct ObservedTokenStore(pub(crate) Arc<dyn TokenStore>);

impl fmt::Debug for ObservedTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The store's own form: what a user gave is what `Debug` of the client shows.
        self.0.fmt(f)
    }
}

impl TokenStore for ObservedTokenStore {
    fn load<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Option<TokenRecord>, Error>> {
        Box::pin(observed("token", "load", self.0.load(scope)))
    }

    fn save<'a>(
        &'a self,
        scope: &'a str,
        expected: u64,
        record: &'a TokenRecord,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(observed(
            "token",
            "save",
            self.0.save(scope, expected, record),
        ))
    }

    fn expire<'a>(
        &'a self,
        scope: &'a str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(observed("token", "expire", self.0.expire(scope, rejected)))
    }

    fn try_lock<'a>(
        &'a self,
        scope: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Option<Lease>, Error>> {
        Box::pin(observed("token", "try_lock", self.0.try_lock(scope, lease)))
    }

    fn extend<'a>(
        &'a self,
        scope: &'a str,
        held: &'a Lease,
        lease: Duration,
    ) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(observed(
            "token",
            "extend",
            self.0.extend(scope, held, lease),
        ))
    }

    fn unlock<'a>(&'a self, scope: &'a str, lease: Lease) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(observed("token", "unlock", self.0.unlock(scope, lease)))
    }

    fn reject<'a>(
        &'a self,
        scope: &'a str,
        fingerprint: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(observed(
            "token",
            "reject",
            self.0.reject(scope, fingerprint),
        ))
    }

    fn rejected<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<Vec<String>, Error>> {
        Box::pin(observed("token", "rejected", self.0.rejected(scope)))
    }
}

/// A limit store whose calls are observed.
pub(crate) struct ObservedLimitStore(pub(crate) Arc<dyn LimitStore>);

impl fmt::Debug for ObservedLimitStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl LimitStore for ObservedLimitStore {
    fn admit<'a>(
        &'a self,
        scope: &'a str,
        endpoint: &'a str,
        limit: RateLimit,
        day: DayWindow,
    ) -> BoxFuture<'a, Result<Admission, Error>> {
        Box::pin(observed(
            "limit",
            "admit",
            self.0.admit(scope, endpoint, limit, day),
        ))
    }
}
