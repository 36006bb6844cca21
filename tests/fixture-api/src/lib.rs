//! Compiles the code generated from the synthetic fixture spec (`tests/fixtures/spec`).
//!
//! Nothing here is part of the Jing API. The generated modules are written by
//! `cargo xtask regenerate` into `src/generated/`; building this crate proves that every
//! construct the generator supports yields code that compiles, lints clean and documents.

#![deny(missing_docs)]

#[rustfmt::skip]
mod generated;

pub use generated::*;
