//! The workspace's cross-crate integration-test binary.
//!
//! - `spec`: the real spec (coverage, examples, drift of the checked-in code).
//! - `reserved`: the runtime's own names are all reserved for the validator.
//! - `import`: what the importer writes, compiled: the fixture crate's answers read (or
//!   refuse) what the pages say. The tooling's own tests are beside it: `xtask/tests/it`
//!   (`changes`, the OpenAPI export read back), `xtask/vendor-docs/tests/it` (import, the
//!   sheet, fetch).
//! - `decoding`: the fixture crate's answers as servers in the wild send them.
//! - `endpoints`: per-endpoint checks driven by the spec (examples decode, typed round
//!   trips through the mock, the fixture's samples), through the generated probe table.
//! - `fixture_endpoints`: the same per-endpoint checks on the fixture spec (its examples
//!   decode by their answers, round trips through the mock, `jing`), integral numbers sent
//!   as integers, an answer without `data`.
//! - `fixture_webhook`: the fixture's events through the webhook receiver, its handler mode
//!   and the extractor, as jing-api's go (the runtime is generic over a spec's events).
//! - `fixture_client`: a client built for the fixture's spec (`ClientBuilder::for_spec`)
//!   works from the fixture's tables: its templated paths, what its schemas mark secret.
//! - `e2e`: the fixture crate's calls over real HTTP against a local server on 127.0.0.1.
//! - `form_enums`: form bodies and parameter enums: typed call, `jing`, mock, import.
//! - `secrets`: every credential the spec marks is one the runtime hides.
//! - `webhook`: every event page of the facts, the vendor samples, leniency.
//!
//! What tests jing-api alone (tokens, retries, limits, raw calls, errors, telemetry, the
//! webhook receiver, what goes on the wire) is beside it, in `jing-api/tests/it`; the
//! mock's webhook samples reaching the receiver are the mock's (`jing-api/mock/tests/it`).

mod decoding;
mod e2e;
mod endpoints;
mod fixture_auth;
mod fixture_client;
mod fixture_endpoints;
mod fixture_webhook;
mod form_enums;
mod import;
mod reserved;
mod secrets;
mod spec;
mod webhook;

use std::path::PathBuf;

/// The `tests/` crate folder, as cargo names it when it runs the test (so a binary built
/// in another copy of the repository reads this one), else as it was built.
pub fn crate_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// A folder under `tests/fixtures/`.
pub fn fixtures(folder: &str) -> PathBuf {
    crate_dir().join("fixtures").join(folder)
}

/// The real spec of `jing-spec/api`, loaded and validated.
pub fn real_spec() -> jing_spec::Valid {
    jing_spec::load(&jing_spec::Sources::dir(
        &xtask::workspace_root().join("jing-spec/api"),
    ))
    .unwrap_or_else(|errors| panic!("the spec must load:\n{errors}"))
}

/// A copy of the fixture spec in a fresh temporary folder.
pub fn fixture_spec_copy(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jing-spec-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
    for entry in std::fs::read_dir(crate::fixtures("spec"))
        .into_iter()
        .flatten()
        .flatten()
    {
        std::fs::copy(entry.path(), dir.join(entry.file_name()))
            .unwrap_or_else(|error| panic!("{error}"));
    }
    dir
}

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

pub use jing_test_wire::ok;
