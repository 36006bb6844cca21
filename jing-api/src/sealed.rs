//! The seal of [`Endpoint`](crate::Endpoint) and of
//! [`WebhookEvent`](crate::webhook_runtime::WebhookEvent): a supertrait only the generated
//! request and event types implement (the generator writes `impl jing_api::sealed::Sealed`
//! beside each `impl jing_api::Endpoint` and `impl WebhookEvent`). No other type can implement `Endpoint`, so no
//! implementation can set a constant (`PATH`, `METHOD`, `RATE_LIMIT`, …) that disagrees
//! with the schema it is read from. A call the spec does not type is sent with
//! [`RawRequest`](crate::RawRequest).
//!
//! Public, hidden from the docs, only with the feature `test-util`, for the repository's
//! fixture crate (code generated from the synthetic spec, outside this crate); like the
//! rest of that feature, not covered by semver.
//!
//! A request type with its schema and the seal implements `Endpoint` (this crate's tests
//! build with `test-util`, which makes the seal nameable here):
//!
//! ```
//! #[derive(serde::Serialize)]
//! struct Mine;
//!
//! impl jing_api::sealed::Sealed for Mine {}
//!
//! impl jing_api::Endpoint for Mine {
//!     type Response = ();
//!     const SCHEMA: &'static jing_api::schema::EndpointSchema =
//!         &jing_api::catalogue::REFRESH_TOKEN;
//! }
//!
//! assert_eq!(<Mine as jing_api::Endpoint>::PATH, jing_api::catalogue::REFRESH_TOKEN.path);
//! ```
//!
//! The same type without the seal does not (the trait bound `Sealed` is not met), and
//! without `test-util` the seal cannot even be named outside this crate:
//!
//! ```compile_fail,E0277
//! #[derive(serde::Serialize)]
//! struct Mine;
//!
//! impl jing_api::Endpoint for Mine {
//!     type Response = ();
//!     const SCHEMA: &'static jing_api::schema::EndpointSchema =
//!         &jing_api::catalogue::REFRESH_TOKEN;
//! }
//! ```
//!
//! An event type of one's own without the seal does not implement `WebhookEvent` either:
//!
//! ```compile_fail,E0277
//! use jing_api::webhook_runtime::{EventEntry, WebhookEvent};
//!
//! struct Mine(serde_json::Value);
//!
//! impl WebhookEvent for Mine {
//!     const EVENTS: &'static [EventEntry] = &[];
//!     fn from_value(raw: serde_json::Value) -> Self {
//!         Mine(raw)
//!     }
//!     fn raw(&self) -> &serde_json::Value {
//!         &self.0
//!     }
//!     fn variant_name(&self) -> &'static str {
//!         "Mine"
//!     }
//! }
//! ```

/// Implemented by the generated request and event types only: what seals
/// [`Endpoint`](crate::Endpoint) and [`WebhookEvent`](crate::webhook_runtime::WebhookEvent).
pub trait Sealed {}
