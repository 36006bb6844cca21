//! Driving a running mock: stubs, counters, strict token modes and the request log, the
//! same operations the admin interface under `/_mock/` offers over HTTP.

use std::time::Duration;

use super::error::MockError;
use super::stats::MockStats;
use super::stub::Stub;
use super::stubs;
use crate::{MockBuilder, MockServer};

impl MockBuilder {
    /// Access tokens stop working `lifetime` after they were issued (the initial one too),
    /// and the token calls answer it as `expires_in`. Off by default: tokens stay valid
    /// until [`MockServer::expire_tokens`].
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.extra.tokens.lifetime = Some(lifetime);
        self
    }

    /// Each renewal issues a new refresh token, and the one it was renewed with stops
    /// working ([`MockServer::refresh_token`] says the current one). Off by default.
    pub fn rotate_refresh_tokens(mut self, rotate: bool) -> Self {
        self.extra.tokens.rotate_refresh = rotate;
        self
    }

    /// A new access token invalidates every earlier one at once. Off by default (the mock
    /// keeps the last 64 valid).
    pub fn invalidate_on_refresh(mut self, invalidate: bool) -> Self {
        self.extra.tokens.invalidate_on_refresh = invalidate;
        self
    }

    /// Writes one line per request to standard error: method, path, endpoint, status and
    /// latency, never a credential (off by default; `jing-mock` turns it on unless
    /// `--quiet`). Every request is also a `tracing` event at debug level.
    pub fn log_requests(mut self, log: bool) -> Self {
        self.extra.log_requests = log;
        self
    }
}

impl MockServer {
    /// Answers `stub` for its method and path from now on (the newest stub for a method
    /// and path wins); see [`Stub`]. `POST /_mock/stubs` does the same over HTTP.
    pub fn stub(&self, stub: Stub) -> Result<(), MockError> {
        stubs::add(&self.shared, stub)
    }

    /// Removes every stub.
    pub fn clear_stubs(&self) {
        self.shared.lock().stubs.clear();
    }

    /// Removes the faults not injected yet.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// The counters since the start (or the last [`MockServer::reset_stats`]).
    pub fn stats(&self) -> MockStats {
        self.shared.lock().counters.stats.clone()
    }

    /// Starts the counters again.
    pub fn reset_stats(&self) {
        self.shared.lock().counters.reset();
    }

    /// The refresh token the refresh call accepts now (a new one after each renewal when
    /// refresh tokens rotate).
    pub fn refresh_token(&self) -> String {
        self.shared.lock().refresh_token.clone()
    }
}
