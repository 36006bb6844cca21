//! jing-mock: a local Jing server for tests, generated from the same spec as the jing-api
//! client. Add it as a dev-dependency; the `jing-mock` program and its command line are the
//! non-default feature `bin`, so a test builds no clap.
//!
//! 本地模拟的 Jing 开放平台服务器，用于测试：按规格校验请求、返回文档示例、执行限流、注入故障。
//!
//! There is no public sandbox of the Jing API. [`MockServer`] answers every typed endpoint
//! on `127.0.0.1`: it checks the method, path, auth headers, content type and body against
//! the spec (required members, types, bare-array bodies, custom fields only where the spec
//! takes them; enum values the docs do not list are accepted and logged, since enums are
//! open), answers with the docs' response example or a fixture you set, issues tokens
//! through the refresh endpoint, enforces the documented limits per app id on a clock you
//! control, injects faults on demand, and records every request.
//!
//! ```no_run
//! # async fn example() -> Result<(), jing_api::Error> {
//! use jing_api::customer::CreateCustomer;
//! use jing_mock::MockServer;
//!
//! let mock = MockServer::start().await?;
//! mock.respond("create_customer", serde_json::json!({"jing_uuid": "uuid-1"}))?;
//! let client = mock.client_builder().build()?;
//! let created = client.customer().create(CreateCustomer::new("Acme", "bt")).await?;
//! assert_eq!(created.jing_uuid, "uuid-1");
//! assert_eq!(mock.received().len(), 1);
//! # Ok(()) }
//! ```
//!
//! # The mock's own codes
//!
//! The vendor's error codes are not documented, so the mock answers refusals in the Jing
//! envelope with codes of its own, in [`codes`], never passed off as the vendor's. A client
//! from [`MockServer::client_builder`] treats [`codes::TOKEN_INVALID`] as "token expired"
//! and renews its token through the refresh endpoint.
//!
//! Catalogued endpoints (no known path) are not served: a request to an unknown path gets
//! `404` with a message naming the nearest known path, unless a [`Stub`] answers it.
//!
//! # Driven from outside
//!
//! What a test does in process ([`MockServer::stub`], [`MockServer::respond`],
//! [`MockServer::fail_endpoint`], [`MockServer::expire_tokens`], [`MockServer::received`],
//! [`MockServer::stats`]) a program in any language does over HTTP through the admin
//! interface under `/_mock/` (`GET`/`DELETE /_mock/requests`, `POST /_mock/faults`,
//! `POST /_mock/expire-tokens`, `POST /_mock/stubs`, `POST /_mock/fixtures`,
//! `GET /_mock/stats`; the crate's README has the bodies). `jing-mock` and `jing mock` share
//! one command-line definition.
//!
//! # Strict tokens
//!
//! [`MockBuilder::token_lifetime`], [`MockBuilder::rotate_refresh_tokens`] and
//! [`MockBuilder::invalidate_on_refresh`] make the mock as strict as the vendor's docs allow
//! the real API to be, so a client (or a fleet sharing one token store) is tested under
//! the strictest reading.
//!
//! # Feature `test-util`
//!
//! Off by default and **not covered by semver** (like tokio's `test-util`): `table` (the
//! shapes of the mock's generated tables, and `MockBuilder::tables` to serve the tables
//! of another spec), `probe` (every typed endpoint as a probe, for tests that follow the
//! spec), `failures` (their failures gathered and reported at once) and
//! `MockBuilder::clock` (a clock the test moves; it turns on jing-api's `test-util` for
//! `jing_api::clock::ManualClock`). The repository's own tests use them; the mock's
//! behaviour needs none of them, and without it jing-mock pulls nothing of jing-api's
//! `test-util`.

#![warn(missing_docs)]

mod admin;
pub mod codes;
mod control;
mod credentials;
mod days;
mod default_data;
mod error;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod failures;
mod fixture;
#[rustfmt::skip]
mod generated;
mod mock_server;
mod observe;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod probe;
#[cfg(feature = "bin")]
#[cfg_attr(docsrs, doc(cfg(feature = "bin")))]
pub mod program;
mod request;
mod server;
mod state;
mod stats;
mod stub;
mod stubs;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod table;
#[cfg(not(feature = "test-util"))]
mod table;
mod tokens;
mod validate;

pub use credentials::MockCredentials;
pub use error::MockError;
pub use mock_server::{DEFAULT_RECORD_LIMIT, MockBuilder, MockServer};
pub use request::{Fault, ReceivedRequest};
pub use stats::{MAX_ENDPOINT_KEYS, MockStats, OTHER_ENDPOINTS};
pub use stub::{Stub, StubAnswer};

// What the generated code defines on the spec's tables and hands out: `MockServer::start`,
// `MockServer::builder` (and `MockBuilder`'s `Default`), the webhook samples, the probes.
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub use generated::probes;
