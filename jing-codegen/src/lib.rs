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

use std::time::{Duration, Instant};

use jing_spec::Spec;
use jing_spec::names;
use rayon::prelude::*;

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

/// Time spent in each phase of [`generate_measured`], summed over the files (so over every
/// core that worked): building tokens, parsing them into a `syn::File`, printing it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Phases {
    /// The emitters: spec to `TokenStream`.
    pub tokens: Duration,
    /// `syn::parse2` of those tokens.
    pub parse: Duration,
    /// prettyplease, and the header.
    pub print: Duration,
}

impl std::ops::Add for Phases {
    type Output = Phases;

    fn add(self, other: Phases) -> Phases {
        Phases {
            tokens: self.tokens + other.tokens,
            parse: self.parse + other.parse,
            print: self.print + other.print,
        }
    }
}

/// Every file of the generated folder: `mod.rs`, `catalogue.rs`, one file per group,
/// `webhook.rs` when the spec has webhooks (the runtime's `webhook` module re-exports it),
/// `probe.rs`, every typed endpoint as a probe for tests that loop over the spec (feature
/// `mock`), and inside jing-api `mock.rs`, the mock server's tables (feature `mock`), and
/// `cli.rs`, the `jing` program's command tables (feature `cli`).
pub fn generate(spec: &Spec, target: &Target) -> Vec<GeneratedFile> {
    generate_measured(spec, target).0
}

/// As [`generate`], with the time each phase took (for the benchmarks).
///
/// Files are independent, so they are made on every core (rayon), each from tokens to text;
/// they come back in a fixed order, so the output stays deterministic.
pub fn generate_measured(spec: &Spec, target: &Target) -> (Vec<GeneratedFile>, Phases) {
    let spec_dir = target.spec_dir.trim_end_matches('/');
    let mut jobs: Vec<Job<'_>> = vec![
        Job {
            path: "mod.rs".to_owned(),
            source: spec_dir.to_owned(),
            tokens: Box::new(move || emit::module::root_module(spec, target.host)),
        },
        Job {
            path: "catalogue.rs".to_owned(),
            source: spec_dir.to_owned(),
            tokens: Box::new(move || emit::module::catalogue(spec)),
        },
    ];
    // The fixture crate gets mock and CLI tables too, so the tests serve and call its endpoints.
    let host = target.host;
    jobs.push(Job {
        path: "mock.rs".to_owned(),
        source: spec_dir.to_owned(),
        tokens: Box::new(move || emit::mock::mock_tables(spec, host)),
    });
    jobs.push(Job {
        path: "cli.rs".to_owned(),
        source: spec_dir.to_owned(),
        tokens: Box::new(move || emit::cli::cli_tables(spec, host)),
    });
    jobs.push(Job {
        path: "probe.rs".to_owned(),
        source: spec_dir.to_owned(),
        tokens: Box::new(move || emit::probe::probe_table(spec, target.host)),
    });
    if let Some(webhooks) = &spec.webhooks {
        jobs.push(Job {
            path: "webhook.rs".to_owned(),
            source: format!("{spec_dir}/{}", jing_spec::WEBHOOKS_FILE),
            tokens: Box::new(move || emit::webhook::webhook_module(webhooks)),
        });
    }
    for group in &spec.groups {
        let file_name = std::path::Path::new(&group.file).file_name().map_or_else(
            || group.file.clone(),
            |name| name.to_string_lossy().into_owned(),
        );
        jobs.push(Job {
            path: format!("{}.rs", names::field_name(&group.key)),
            source: format!("{spec_dir}/{file_name}"),
            tokens: Box::new(move || emit::module::group_module(spec, group, host)),
        });
    }
    let made: Vec<(GeneratedFile, Phases)> = jobs.into_par_iter().map(Job::run).collect();
    let phases = made
        .iter()
        .fold(Phases::default(), |sum, (_, phases)| sum + *phases);
    (made.into_iter().map(|(file, _)| file).collect(), phases)
}

/// One generated file to make: where it goes, the spec file its header names, and its
/// emitter.
struct Job<'a> {
    path: String,
    source: String,
    tokens: Box<dyn FnOnce() -> proc_macro2::TokenStream + Send + 'a>,
}

impl Job<'_> {
    /// Tokens, then text, timing each phase.
    fn run(self) -> (GeneratedFile, Phases) {
        let started = Instant::now();
        let tokens = (self.tokens)();
        let built = Instant::now();
        let file = render::parse(tokens);
        let parsed = Instant::now();
        let contents = render::print(&file, &self.source);
        let printed = Instant::now();
        let phases = Phases {
            tokens: built - started,
            parse: parsed - built,
            print: printed - parsed,
        };
        let file = GeneratedFile {
            path: self.path,
            contents,
        };
        (file, phases)
    }
}
