//! The bounds of fetch's settings: the fewest and most requests per second (`--rate`) and
//! the shortest and longest wait for one request (`--timeout`). The command line refuses
//! values outside them and fetch keeps to them; both import them from here, built without
//! the `fetch` feature, so neither imports the other for them.

/// The fewest and most requests per second `--rate` takes: at least one in 1000 s (a
/// slower pace would be a pause longer than any fetch), at most a million.
pub const RATE_RANGE: (f64, f64) = (0.001, 1e6);

/// The shortest and longest `--timeout`, in seconds: a millisecond to an hour.
pub const TIMEOUT_RANGE: (f64, f64) = (0.001, 3600.0);
