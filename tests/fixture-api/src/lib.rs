//! Compiles the code generated from the synthetic fixture spec (`tests/fixtures/spec`).
//!
//! Nothing here is part of the Jing API. The generated modules are written by
//! `cargo xtask regenerate` into `src/generated/`; building this crate proves that every
//! construct the generator supports yields code that compiles, lints clean and documents.

#![deny(missing_docs)]

#[rustfmt::skip]
mod generated;

pub use generated::*;

// The webhook module generated from the fixture's `webhooks.yaml` (it documents itself:
// an outer doc here would make rustdoc resolve its inner links from this module).
#[rustfmt::skip]
#[path = "generated/webhook.rs"]
pub mod webhook;
