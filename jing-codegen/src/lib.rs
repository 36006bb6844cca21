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
    let file = |path: String, source: String, tokens: &dyn Fn() -> proc_macro2::TokenStream| {
        GeneratedFile {
            path,
            contents: render::render(tokens(), &source),
        }
    };
    let mut jobs: Vec<Job<'_>> = vec![
        Box::new(move || {
            file("mod.rs".to_owned(), spec_dir.to_owned(), &|| {
                emit::module::root_module(spec, target.host)
            })
        }),
        Box::new(move || {
            file("catalogue.rs".to_owned(), spec_dir.to_owned(), &|| {
                emit::module::catalogue(spec)
            })
        }),
    ];
    if target.host == Host::Runtime {
        jobs.push(Box::new(move || {
            file("mock.rs".to_owned(), spec_dir.to_owned(), &|| {
                emit::mock::mock_tables(spec)
            })
        }));
    }
    if let Some(webhooks) = &spec.webhooks {
        jobs.push(Box::new(move || {
            let source = format!("{spec_dir}/{}", jing_spec::WEBHOOKS_FILE);
            file("webhook.rs".to_owned(), source, &|| {
                emit::webhook::webhook_module(webhooks)
            })
        }));
    }
    for group in &spec.groups {
        jobs.push(Box::new(move || {
            let file_name = std::path::Path::new(&group.file).file_name().map_or_else(
                || group.file.clone(),
                |name| name.to_string_lossy().into_owned(),
            );
            let path = format!("{}.rs", names::field_name(&group.key));
            file(path, format!("{spec_dir}/{file_name}"), &|| {
                emit::module::group_module(spec, group)
            })
        }));
    }
    run_jobs(jobs)
}

/// One generated file to make; each runs on one thread from tokens to text.
type Job<'a> = Box<dyn FnOnce() -> GeneratedFile + Send + 'a>;

/// Runs `jobs` on as many threads as the machine has cores (files are independent) and
/// returns their files in the order of `jobs`, so the output stays deterministic.
fn run_jobs(jobs: Vec<Job<'_>>) -> Vec<GeneratedFile> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(jobs.len());
    if workers <= 1 {
        return jobs.into_iter().map(|job| job()).collect();
    }
    let count = jobs.len();
    let queue = std::sync::Mutex::new(jobs.into_iter().enumerate());
    let mut done: Vec<(usize, GeneratedFile)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut made = Vec::new();
                    loop {
                        let next = queue
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .next();
                        let Some((index, job)) = next else {
                            break made;
                        };
                        made.push((index, job()));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    debug_assert_eq!(done.len(), count);
    done.into_iter().map(|(_, file)| file).collect()
}
