#![doc = include_str!("../README.md")]
//!
//! # Crate organization
//!
//! - One module per API group of the vendor's docs ([`customer`], [`user`], [`oauth`], …),
//!   generated from the YAML spec: request types (required members are arguments of
//!   `new`, optional ones are setters), response types, open enums, and an accessor such
//!   as [`customer::CustomerApi`], reached through `client.customer()`.
//! - [`schema`]: each typed endpoint's method, path, parameters, body, limits and
//!   credentials as data, generated once; the client, the `jing` program and the mock read it.
//! - [`catalogue`]: every endpoint of the docs, typed or not, with its status; and the
//!   schema of each typed one (`catalogue::CREATE_CUSTOMER`), compiled whatever groups are on.
//! - [`webhook`]: every webhook event of the docs as one [`webhook::Event`] enum, decoded
//!   leniently so no body is lost; with the `axum` feature, a receiver, and with `redis`,
//!   a stream of events. Generated: it implements [`webhook_runtime::WebhookEvent`] for
//!   `Event` and names the runtime's generic receiver and stream for it.
//! - [`webhook_runtime`]: the webhook runtime, generic over any spec's events (the
//!   accessors every event has, the axum receiver and extractor); `webhook` re-exports it.
//! - [`SPEC`]: the spec's tables as one [`ApiSpec`] (default base URL, catalogue, schemas,
//!   token calls), which the generated [`Client::builder`] hands to the runtime through
//!   [`ClientBuilder::for_spec`]: the runtime never names generated code.
//! - Hand-written runtime: [`Client`] (configuration and sending), [`Endpoint`] (what each
//!   generated request implements), [`Error`] (every failure, typed).
//!
//! Endpoints whose pages are only catalogued (title known, path not) have no typed call.
//!
//! # Feature `test-util`
//!
//! For tests, off by default and, like tokio's `test-util`, **not covered by semver**: it
//! may change in any release. It makes public `jing_api::clock` (a `ManualClock` that moves only
//! when told) with `ClientBuilder::clock`, and the `const fn` constructors of
//! [`schema::EndpointSchema`], [`schema::Param`], [`schema::Response`] and
//! [`CatalogueEntry`] that generated tables in other crates call (the repository's fixture;
//! jing-mock's tables call none, and only its own `test-util`, for `MockBuilder::clock`,
//! turns this one on). The types themselves and their fields are public either way. It also
//! makes public, hidden from the docs, the seal of [`Endpoint`] (`jing_api::sealed`), so that
//! the fixture's generated request types can implement it as this crate's do.
//!

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The repository's README is compiled too, when it is there (a published crate has no
// repository around it): its Rust snippets are doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct RepositoryReadme;

// Generated code names the runtime as `jing_api`, inside this crate as in any other.
extern crate self as jing_api;

/// A `const fn` that generated code calls to build a table row (a schema, a parameter, a
/// catalogue entry): public with the `test-util` feature, for the tables generated into
/// other crates (jing-mock's, the repository's fixture), and crate-private without it, so
/// users never meet the constructors on the semver surface.
macro_rules! test_util_const_fn {
    ($($(#[$meta:meta])* fn $name:ident($($args:tt)*) -> $output:ty $body:block)*) => {$(
        $(#[$meta])*
        #[cfg(feature = "test-util")]
        #[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
        pub const fn $name($($args)*) -> $output $body

        $(#[$meta])*
        #[cfg(not(feature = "test-util"))]
        #[allow(dead_code, reason = "a row builder the spec's tables may not need")]
        pub(crate) const fn $name($($args)*) -> $output $body
    )*};
}

mod answer;
pub mod auth;
mod base_url;
mod body;
mod client;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod clock;
#[cfg(not(feature = "test-util"))]
mod clock;
mod config;
mod endpoint;
mod envelope;
mod error;
mod future;
#[rustfmt::skip]
mod generated;
pub mod lenient;
mod preview;
mod rate_limit;
mod raw;
pub mod redact;
mod retry;
pub mod schema;
#[cfg(feature = "test-util")]
#[doc(hidden)]
pub mod sealed;
#[cfg(not(feature = "test-util"))]
mod sealed;
mod spec;
pub mod store;
pub mod telemetry;
pub mod webhook_runtime;

pub use answer::{Answer, Success};
pub use client::Client;
pub use config::{ClientBuilder, DEFAULT_MAX_LIMIT_WAIT, DEFAULT_MAX_RESPONSE_BYTES};
pub use endpoint::{Auth, CatalogueEntry, ContentType, Endpoint, Method, RateLimit, Status};
pub use envelope::{Decoded, decode_answer, decode_response};
#[doc(hidden)]
pub use error::{BoxError, Error, ErrorReport, LimitScope, TransportError};
pub use generated::*;
pub use preview::RequestPreview;
pub use rate_limit::CHINA_STANDARD_TIME;
pub use raw::{RawRequest, UnknownMethod};
/// The redis crate jing-api is built with (feature `redis`), for the clients and
/// connections you hand to [`store::RedisConnection`]: the same version, whatever yours is.
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use redis;
pub use retry::RetryPolicy;
pub use spec::ApiSpec;
