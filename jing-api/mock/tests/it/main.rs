//! The mock's tests, one binary: `mock` (the validation rules, token expiry, limits),
//! `faults` (faults, fixtures, the record), `mock_admin` (the mock driven from outside
//! through `/_mock/`), `admin_refusals` (what the admin interface refuses, and why) and
//! `strict_tokens` (counters, the strict token modes, answers built from names) and
//! `webhooks` (the docs' samples, posted by the mock, reach jing-api's receiver) and
//! `program` (the `jing-mock` program run as a process; feature `bin`, which this crate's
//! own dev-dependency turns on). What the mock does together with other crates (the probes
//! of every endpoint, the fixture spec) is in the workspace's `tests/`.

mod admin_refusals;
mod faults;
mod mock;
mod mock_admin;
#[cfg(feature = "bin")]
mod program;
mod strict_tokens;
mod webhooks;

/// A client of `mock` without client-side limits or retries, so a test sees each answer.
pub fn mock_client(mock: &jing_mock::MockServer) -> jing_api::Client {
    mock.client_builder()
        .rate_limits(false)
        .retry_policy(jing_api::RetryPolicy {
            max_attempts: 1,
            ..jing_api::RetryPolicy::default()
        })
        .build()
        .unwrap_or_else(|error| panic!("{error}"))
}
