//! A typed async client for the Jing Open Platform API V1 (JINGdigital / JingSocial).
//!
//! 用于 JINGdigital（JingSocial）开放平台接口 V1 的类型化异步客户端。
//!
//! ```no_run
//! # async fn example() -> Result<(), jing_api::Error> {
//! use jing_api::customer::CreateCustomer;
//!
//! let client = jing_api::Client::builder()
//!     .app_id("your-app-id")
//!     .access_token("your-access-token")
//!     .build()?;
//! let created = client
//!     .customer()
//!     .create(CreateCustomer::new("Acme Ltd", "business-type-id").mobile("13800000000"))
//!     .await?;
//! println!("{}", created.jing_uuid);
//! # Ok(())
//! # }
//! ```
//!
//! # Crate organization
//!
//! - One module per API group of the vendor's docs ([`customer`], [`user`], [`oauth`], …),
//!   generated from the YAML spec: request types (required members are arguments of
//!   `new`, optional ones are setters), response types, open enums, and an accessor such
//!   as [`customer::CustomerApi`], reached through `client.customer()`.
//! - [`catalogue`]: every endpoint of the docs, typed or not, with its status.
//! - [`webhook`]: every webhook event of the docs as one [`webhook::Event`] enum, decoded
//!   leniently so no body is lost; with the `axum` feature, a receiver.
//! - Hand-written runtime: [`Client`] (configuration and sending), [`Endpoint`] (what each
//!   generated request implements), [`Error`] (every failure, typed).
//!
//! Endpoints whose pages are only catalogued (title known, path not) have no typed call.
//!
//! # Required fields are checked by the compiler
//!
//! 必填字段是 `new` 的参数，漏填无法通过编译。 Required members are the arguments of
//! `new`, so leaving one out does not compile: Account Creation needs `name` and
//! `business_type`.
//!
//! ```compile_fail
//! let request = jing_api::customer::CreateCustomer::new("Acme Ltd");
//! ```
//!
//! ```
//! let request = jing_api::customer::CreateCustomer::new("Acme Ltd", "business-type-id")
//!     .custom_field("my_attribute_code", 42);
//! assert_eq!(request.custom_fields.len(), 1);
//! ```

#![deny(missing_docs)]

// Generated code names the runtime as `jing_api`, inside this crate as in any other.
extern crate self as jing_api;

pub mod auth;
mod client;
pub mod clock;
mod config;
mod endpoint;
mod envelope;
mod error;
#[rustfmt::skip]
mod generated;
pub mod lenient;
#[cfg(feature = "mock")]
pub mod mock;
mod rate_limit;
mod raw;
mod retry;
pub mod webhook;

pub use client::Client;
pub use config::{ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES};
pub use endpoint::{Auth, CatalogueEntry, Endpoint, Method, RateLimit, Status};
pub use envelope::{Decoded, decode_response};
pub use error::{Error, LimitScope};
pub use generated::*;
pub use rate_limit::CHINA_STANDARD_TIME;
pub use raw::RawRequest;
pub use retry::RetryPolicy;
