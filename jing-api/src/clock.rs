//! The time the runtime reads for token expiry and the per-day budget, injectable so tests
//! (and users' tests) move time instead of waiting for it.
//!
//! Public with the `test-util` feature only (not covered by semver): hand a [`ManualClock`]
//! to `ClientBuilder::clock` (or jing-mock's `MockBuilder::clock`) and move it with
//! [`ManualClock::advance`].

use std::fmt;
#[cfg(any(test, feature = "test-util"))]
use std::sync::Mutex;
#[cfg(any(test, feature = "test-util"))]
use std::time::Duration;
use std::time::SystemTime;

/// A source of the current time.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// The system's clock; the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that stands still until told to move; for tests.
#[cfg(any(test, feature = "test-util"))]
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<SystemTime>,
}

#[cfg(any(test, feature = "test-util"))]
impl ManualClock {
    /// A clock showing `start`.
    pub fn new(start: SystemTime) -> Self {
        ManualClock {
            now: Mutex::new(start),
        }
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now += by;
    }
}

#[cfg(any(test, feature = "test-util"))]
impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
