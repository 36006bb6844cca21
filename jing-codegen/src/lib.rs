//! Generates the Rust source of the jing-api crate from a validated spec
//! ([`jing_spec::Valid`]).
//!
//! [`generate`] is pure: no I/O, the same spec gives the same bytes, and it cannot fail.
//! Only `jing_spec::load` makes a `Valid`, so the spec passed the validator, and what the
//! validator promises is read through the views it hands out (`jing_spec::valid`), none of
//! which fails: the generator holds no `Result`, `expect` or `unreachable!` for them.
//! Writing files is xtask's job.
//!
//! It works in two steps, as a compiler does: the spec is lowered once into an
//! intermediate form (`ir/`) in which every Rust name, type, feature and doc line is
//! worked out; then one emitter per item kind maps that form to tokens, one file per
//! core.
//!
//! - `ir/`: the intermediate form and its lowering (api and groups, endpoints, members and
//!   their nested types, the `jing` command's flags, webhooks).
//! - `emit/`: one module per emitted item kind (request, builder, response, enums, the
//!   endpoint schema, written once and pointed at by the mock's and the CLI's tables,
//!   endpoint, module, webhook (and `event_impl`: what plugs its `Event` into the webhook
//!   runtime), example, the mock's, the CLI's and the probe's tables), and
//!   the doc pages composed from many items (`pages.rs`).
//! - `docs/`: the doc lines of one item, in both languages, and the doc attributes made of
//!   lines; `render`: prettyplease and the `@generated` header.
//!
//! Rules every module keeps: emitters read the intermediate form only (never the spec, and
//! never a name they derive or look up themselves); `ir/` holds plain data (no tokens, so
//! each file is made on its own core); `docs/` reads spec values and text, never the
//! intermediate form; nothing imports a module that imports it.

#![warn(missing_docs)]

mod docs;
mod emit;
mod host;
mod ir;
mod render;
#[cfg(test)]
mod testing;

use std::time::{Duration, Instant};

use jing_spec::Valid;
use rayon::prelude::*;

pub use host::Host;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the generated folder, e.g. `customer.rs`.
    pub path: String,
    /// The formatted source, `@generated` header first.
    pub contents: String,
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
    /// Spec to `TokenStream`: the lowering to the intermediate form (once), and the
    /// emitters (per file).
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

/// Every file of the host's generated folder (see [`Host`]): `mod.rs` always; for jing-api
/// (and the fixture) `catalogue.rs`, one file per group and `webhook.rs` when the spec has
/// webhooks (it re-exports `jing_api::webhook_runtime` and plugs its `Event` into it); for
/// jing-mock (and the fixture) `mock.rs`, the mock server's tables, and `probe.rs`, every typed endpoint as a probe for
/// tests that loop over the spec; for jing-cli (and the fixture) `cli.rs`, the `jing`
/// program's command tables.
///
/// The spec is a [`Valid`] one (from [`jing_spec::load`]), so it always generates.
pub fn generate(spec: &Valid, target: &Target) -> Vec<GeneratedFile> {
    generate_measured(spec, target).0
}

/// As [`generate`], with the time each phase took (for the benchmarks).
///
/// Files are independent, so they are made on every core (rayon), each from tokens to text;
/// they come back in a fixed order, so the output stays deterministic.
pub fn generate_measured(spec: &Valid, target: &Target) -> (Vec<GeneratedFile>, Phases) {
    let started = Instant::now();
    let api = ir::lower(spec);
    let lowering = Phases {
        tokens: started.elapsed(),
        ..Phases::default()
    };
    let made: Vec<(GeneratedFile, Phases)> =
        jobs(&api, target).into_par_iter().map(Job::run).collect();
    let phases = made.iter().fold(lowering, |sum, (_, phases)| sum + *phases);
    (made.into_iter().map(|(file, _)| file).collect(), phases)
}

/// Every file to make from `api`, in the order they are returned.
fn jobs<'a>(api: &'a ir::Api, target: &'a Target) -> Vec<Job<'a>> {
    let spec_dir = target.spec_dir.trim_end_matches('/');
    let host = target.host;
    let job = |path: &str, source: String, tokens: Box<Emitter<'a>>| Job {
        path: path.to_owned(),
        source,
        tokens,
    };
    let mut jobs: Vec<Job<'a>> = vec![job(
        "mod.rs",
        spec_dir.to_owned(),
        Box::new(move || emit::module::root_module(api, host)),
    )];
    let (types, mock, cli) = match host {
        Host::Runtime => (true, false, false),
        Host::Mock => (false, true, false),
        Host::Cli => (false, false, true),
        // The fixture crate gets mock and CLI tables too, so the tests serve and call its
        // endpoints.
        Host::External => (true, true, true),
    };
    if types {
        jobs.push(job(
            "catalogue.rs",
            spec_dir.to_owned(),
            Box::new(move || emit::module::catalogue(api)),
        ));
    }
    if mock {
        jobs.push(job(
            "mock.rs",
            spec_dir.to_owned(),
            Box::new(move || emit::mock::mock_tables(api, host)),
        ));
    }
    if cli {
        jobs.push(job(
            "cli.rs",
            spec_dir.to_owned(),
            Box::new(move || emit::cli::cli_tables(api, host)),
        ));
    }
    if mock {
        jobs.push(job(
            "probe.rs",
            spec_dir.to_owned(),
            Box::new(move || emit::probe::probe_table(api, host)),
        ));
    }
    if !types {
        return jobs;
    }
    if let Some(webhooks) = &api.webhooks {
        jobs.push(job(
            "webhook.rs",
            format!("{spec_dir}/{}", jing_spec::WEBHOOKS_FILE),
            Box::new(move || emit::webhook::webhook_module(webhooks)),
        ));
    }
    for group in &api.groups {
        jobs.push(job(
            &format!("{}.rs", group.module),
            format!("{spec_dir}/{}", group.file_name),
            Box::new(move || emit::module::group_module(group, host)),
        ));
    }
    jobs
}

/// An emitter of one file, run on whichever core takes its job.
type Emitter<'a> = dyn FnOnce() -> proc_macro2::TokenStream + Send + 'a;

/// One generated file to make: where it goes, the spec file its header names, and its
/// emitter.
struct Job<'a> {
    path: String,
    source: String,
    tokens: Box<Emitter<'a>>,
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
