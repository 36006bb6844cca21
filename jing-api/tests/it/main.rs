//! jing-api's integration tests over real HTTP on 127.0.0.1 (wiremock, the in-process
//! mock, an axum receiver), in one binary. The tests that span crates (the spec, the
//! importer, the fixture crate, `jing`) are in the workspace's `tests/tests/it`.
//!
//! - `runtime`: tokens over real HTTP, and the helpers the `runtime_*` files share;
//!   `runtime_faults`: retries and bad servers; `runtime_calls`: limits, raw calls and
//!   redaction in logs.
//! - `wire`: what the typed calls put on the wire; `decoding`: answers as servers in the
//!   wild send them, and the raw `data`; `limits`: the caps on response bodies and the
//!   receiver's body, read timeout and queue.
//! - `errors`: every error keeps the one under it (`source()`, downcast), says its cause
//!   and shows no secret.
//! - `token_stores`: the memory and file token stores through the store scenarios
//!   (`tests/scenarios`, which the Redis store's binary runs too).
//! - `telemetry`: the metrics recorded and the spans' OpenTelemetry attributes, after calls,
//!   a retry, a renewal, limit waits and the cap on them.
//! - `webhook_receiver`: the axum receiver end to end; `webhook_edges`: refusals with
//!   reasons and the hook, IPv4-mapped peers, capacity; `webhook_server`: serving a
//!   receiver and posting to it; `webhook_events`: `Event` on unlisted events, odd members
//!   and bodies that are not JSON.
//!
//! Built with the features `axum`, `metrics` and `test-util` (the crate's own
//! dev-dependency on itself turns them on).

// The store scenarios, shared with the Redis store's binary (`tests/redis_store.rs`).
#[path = "../scenarios/mod.rs"]
mod scenarios;

mod decoding;
mod errors;
mod limits;
mod runtime;
mod runtime_calls;
mod runtime_faults;
mod telemetry;
mod token_stores;
mod webhook_edges;
mod webhook_events;
mod webhook_receiver;
mod webhook_server;
mod wire;

pub use jing_test_wire::{answer, ok};

/// A client of the local `server` with a made-up app id and access token.
pub fn loopback(server: &wiremock::MockServer) -> jing_api::ClientBuilder {
    jing_test_wire::loopback(server.uri())
}

/// The client `builder` makes.
pub fn built(builder: jing_api::ClientBuilder) -> jing_api::Client {
    builder
        .build()
        .unwrap_or_else(|error| panic!("a loopback client builds: {error}"))
}
