//! What the parts of the soak share: the fleet's figures (workers, tasks, the token
//! lifetime, the events and their stream), what a part reports ([`Part`], [`Outcome`]) and
//! the clock they compare. The parts import them from here and `main.rs` runs the parts,
//! so the arrows run one way.

use std::time::Duration;

/// Worker processes of part 1.
pub(crate) const WORKERS: usize = 4;
/// Calling tasks in each worker of part 1.
pub(crate) const TASKS: usize = 8;
/// The mock's access token lifetime, in seconds.
pub(crate) const LIFETIME_SECS: u64 = 2;
/// Events posted in part 2, each to both relays.
pub(crate) const EVENTS: u64 = 200;
/// The stream, its consumer group, and how long a delivery may idle before it is taken over.
pub(crate) const STREAM: &str = "jing:soak:events";
pub(crate) const GROUP: &str = "soak";
pub(crate) const CLAIM_IDLE: Duration = Duration::from_secs(2);

/// A part's verdict (`true` when its checks hold), or why it could not run.
pub(crate) type Outcome = Result<bool, Box<dyn std::error::Error>>;

/// What one part of the soak found.
pub(crate) struct Part {
    pub(crate) passed: bool,
    pub(crate) summary: String,
}

/// Now, in milliseconds since the Unix epoch (the workers' clocks are the machine's).
pub(crate) fn unix_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
        })
}
