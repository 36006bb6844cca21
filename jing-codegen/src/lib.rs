//! Generates the Rust source of the jing-api crate from a validated [`jing_spec::Spec`].
//!
//! [`generate`] is pure: no I/O, no errors, the same spec gives the same bytes. It trusts
//! the spec (a `Spec` only comes out of `jing_spec::load`, which validated it) and states
//! each assumption in an `expect("validated: ...")`. Writing files is xtask's job.
//!
//! - `emit/`: one module per emitted item kind (request, builder, response, enums,
//!   endpoint, module).
//! - `docs`: bilingual doc attributes; `types`: spec types to Rust types; `render`:
//!   prettyplease and the `@generated` header.

#![warn(missing_docs)]

mod docs;
mod emit;
mod render;
mod types;

use jing_spec::Spec;
use jing_spec::names;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the generated folder, e.g. `customer.rs`.
    pub path: String,
    /// The formatted source, `@generated` header first.
    pub contents: String,
}

/// Which crate the generated modules are compiled into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// Inside jing-api itself: `mod.rs` also adds the group accessors to `Client`.
    Runtime,
    /// A crate that depends on jing-api (the test fixture): group accessors are built with
    /// `GroupApi::new(&client)`, since only jing-api may add methods to `Client`.
    External,
}

/// Where the output goes and what its header names as its source.
#[derive(Debug, Clone)]
pub struct Target {
    /// The crate the modules are compiled into.
    pub host: Host,
    /// The spec folder as the header should name it, e.g. `jing-spec/api`.
    pub spec_dir: String,
}

/// Every file of the generated folder: `mod.rs`, `catalogue.rs`, one file per group,
/// `webhook.rs` when the spec has webhooks (the runtime's `webhook` module re-exports it),
/// and inside jing-api `mock.rs`, the mock server's tables (feature `mock`).
pub fn generate(spec: &Spec, target: &Target) -> Vec<GeneratedFile> {
    let spec_dir = target.spec_dir.trim_end_matches('/');
    let mut files = vec![
        GeneratedFile {
            path: "mod.rs".to_owned(),
            contents: render::render(emit::module::root_module(spec, target.host), spec_dir),
        },
        GeneratedFile {
            path: "catalogue.rs".to_owned(),
            contents: render::render(emit::module::catalogue(spec), spec_dir),
        },
    ];
    if target.host == Host::Runtime {
        files.push(GeneratedFile {
            path: "mock.rs".to_owned(),
            contents: render::render(emit::mock::mock_tables(spec), spec_dir),
        });
    }
    if let Some(webhooks) = &spec.webhooks {
        files.push(GeneratedFile {
            path: "webhook.rs".to_owned(),
            contents: render::render(
                emit::webhook::webhook_module(webhooks),
                &format!("{spec_dir}/{}", jing_spec::WEBHOOKS_FILE),
            ),
        });
    }
    for group in &spec.groups {
        let file_name = std::path::Path::new(&group.file).file_name().map_or_else(
            || group.file.clone(),
            |name| name.to_string_lossy().into_owned(),
        );
        files.push(GeneratedFile {
            path: format!("{}.rs", names::field_name(&group.key)),
            contents: render::render(
                emit::module::group_module(spec, group),
                &format!("{spec_dir}/{file_name}"),
            ),
        });
    }
    files
}
