//! One integration-test binary for the whole workspace.
//!
//! - `spec`: the real spec (coverage, examples, drift of the checked-in code).
//! - `reserved`: the runtime's own names are all reserved for the validator.
//! - `import`: what the importer writes, compiled: the fixture crate's answers read (or
//!   refuse) what the pages say. The tooling's own tests are beside it: `xtask/tests/it`
//!   (`changes`, the OpenAPI export read back), `xtask/vendor-docs/tests/it` (import, the
//!   sheet, fetch).
//! - `decoding`: responses as servers in the wild send them, and the raw `data`.
//! - `limits`: response and webhook body caps, read timeout, full queue, spec file limits.
//! - `mock_webhooks`: the mock's webhook samples reach the receiver as their pages' events
//!   (the mock's own tests are in `jing-api/mock/tests`).
//! - `endpoints`: per-endpoint checks driven by the spec (examples decode, typed round
//!   trips through the mock, the fixture's samples), through the generated probe table.
//! - `fixture_endpoints`: the same per-endpoint checks on the fixture spec (its examples
//!   decode by their answers, round trips through the mock, `jing`), integral numbers sent
//!   as integers, an answer without `data`.
//! - `e2e`: the SDK over real HTTP against a local server on 127.0.0.1.
//! - `errors`: every error keeps the one under it (`source()`, downcast), says its cause
//!   and shows no secret, over real HTTP.
//! - `form_enums`: form bodies and parameter enums: typed call, `jing`, mock, import.
//! - `runtime`: tokens over real HTTP; `runtime_faults`: retries and bad servers;
//!   `runtime_calls`: limits, raw calls and redaction in logs.
//! - `secrets`: every credential the spec marks is one the runtime hides.
//! - `telemetry`: the metrics recorded and the spans' OpenTelemetry attributes, after calls,
//!   a retry, a renewal, limit waits and the cap on them.
//! - `webhook`: every event page of the facts, the vendor samples, leniency;
//!   `webhook_receiver`: the axum receiver over real HTTP.
//! - `webhook_edges`: refusals with reasons and the hook, IPv4-mapped peers, capacity.

mod decoding;
mod e2e;
mod endpoints;
mod errors;
mod fixture_endpoints;
mod form_enums;
mod import;
mod limits;
mod mock_webhooks;
mod reserved;
mod runtime;
mod runtime_calls;
mod runtime_faults;
mod secrets;
mod spec;
mod telemetry;
mod webhook;
mod webhook_edges;
mod webhook_receiver;

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
pub fn real_spec() -> jing_spec::Spec {
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

/// A successful Jing envelope around `data`, as a local server answers it.
pub fn ok(data: serde_json::Value) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200).set_body_json(
        serde_json::json!({"request_id": "req-ok", "code": 0, "msg": "success", "data": data}),
    )
}
