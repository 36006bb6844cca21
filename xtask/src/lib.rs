//! The maintainer commands behind `cargo xtask`, as a library so tests can run them too.
//!
//! `regenerate` and `check` run one pipeline (load the spec, generate, compare with what is
//! on disk) and differ only in [`Mode`]; `check --endpoints` (`endpoints`) then runs the
//! per-endpoint tests alone. `coverage` reports what the spec transcribes.
//! Building tokens is jing-codegen's job; xtask only reads and writes files.

pub mod changes;
pub mod commands;
pub mod coverage;
pub mod endpoints;
pub mod features;
pub mod openapi;
pub mod sync;
pub mod synth;

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use jing_codegen::{Host, Target};

pub use sync::{Mode, Report};

// The drafts sheet lives in jing-vendor-docs; `coverage` and `docs` reach it as `crate::docs`.
pub(crate) use jing_vendor_docs::docs;

/// One spec folder and the generated folder made from it.
#[derive(Debug, Clone)]
pub struct Job {
    /// The spec folder, relative to the workspace root.
    pub spec_dir: &'static str,
    /// The generated folder, relative to the workspace root.
    pub out_dir: &'static str,
    /// The crate the generated code is compiled into.
    pub host: Host,
    /// Where the spec's OpenAPI document is checked in, if it is.
    pub openapi_dir: Option<&'static str>,
    /// The crate whose `Cargo.toml` declares one feature per group, if the job's crate
    /// does (jing-mock and jing-cli have no group features).
    pub crate_dir: Option<&'static str>,
}

/// The real API into jing-api, its mock's tables into jing-mock and its program's into
/// jing-cli; the synthetic fixture into the test crate that compiles it.
pub const JOBS: &[Job] = &[
    Job {
        spec_dir: "jing-spec/api",
        out_dir: "jing-api/src/generated",
        host: Host::Runtime,
        openapi_dir: Some(openapi::OUT_DIR),
        crate_dir: Some("jing-api"),
    },
    Job {
        spec_dir: "jing-spec/api",
        out_dir: "jing-api/mock/src/generated",
        host: Host::Mock,
        openapi_dir: None,
        crate_dir: None,
    },
    Job {
        spec_dir: "jing-spec/api",
        out_dir: "jing-api/cli/src/generated",
        host: Host::Cli,
        openapi_dir: None,
        crate_dir: None,
    },
    Job {
        spec_dir: "tests/fixtures/spec",
        out_dir: "tests/fixture-api/src/generated",
        host: Host::External,
        openapi_dir: None,
        crate_dir: Some("tests/fixture-api"),
    },
];

pub use jing_vendor_docs::workspace_root;

/// Every folder synced, with its report: each job's generated folder, and the OpenAPI
/// document's folder where the job has one.
pub fn run(root: &Path, mode: Mode) -> anyhow::Result<Vec<(&'static str, Report)>> {
    // Each spec folder loaded once, however many crates its jobs write into.
    let mut specs: Vec<(&str, jing_spec::Valid)> = Vec::new();
    for job in JOBS {
        if !specs.iter().any(|(dir, _)| *dir == job.spec_dir) {
            let spec = jing_spec::load(&jing_spec::Sources::dir(&root.join(job.spec_dir)))
                .map_err(|errors| anyhow::anyhow!("{errors}"))
                .with_context(|| format!("loading {}", job.spec_dir))?;
            specs.push((job.spec_dir, spec));
        }
    }
    JOBS.iter()
        .map(|job| {
            let spec = specs
                .iter()
                .find(|(dir, _)| *dir == job.spec_dir)
                .map(|(_, spec)| spec)
                .context("every job's spec is loaded above")?;
            let target = Target {
                host: job.host,
                spec_dir: job.spec_dir.to_owned(),
            };
            let files = jing_codegen::generate(spec, &target);
            let mut reports = vec![(
                job.out_dir,
                sync::sync_dir(&root.join(job.out_dir), &files, mode)
                    .with_context(|| format!("syncing {}", job.out_dir))?,
            )];
            if let Some(crate_dir) = job.crate_dir {
                let manifest_path = root.join(crate_dir).join("Cargo.toml");
                let manifest = std::fs::read_to_string(&manifest_path)
                    .with_context(|| format!("reading {}", manifest_path.display()))?;
                let manifest = features::manifest(spec, &manifest)
                    .with_context(|| format!("{}", manifest_path.display()))?;
                let report = sync::sync_dir(&root.join(crate_dir), &[manifest], mode)
                    .with_context(|| format!("syncing {crate_dir}/Cargo.toml"))?;
                reports.push((crate_dir, report));
            }
            if let Some(dir) = job.openapi_dir {
                let document = jing_codegen::GeneratedFile {
                    path: openapi::FILE.to_owned(),
                    contents: openapi::render(spec),
                };
                let report = sync::sync_dir(&root.join(dir), &[document], mode)
                    .with_context(|| format!("syncing {dir}"))?;
                reports.push((dir, report));
            }
            Ok(reports)
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .map(|per_job| per_job.into_iter().flatten().collect())
}

/// One line on standard output; a reader that went away (`| head`) ends nothing.
fn out(line: &str) {
    use std::io::Write;
    if !line.is_empty() {
        let _ = writeln!(std::io::stdout().lock(), "{line}");
    }
}

/// `cargo xtask regenerate`: writes what changed, prints one line per file and a summary.
pub fn regenerate(root: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let reports = run(root, Mode::Write)?;
    let (mut written, mut deleted) = (0, 0);
    for (dir, report) in &reports {
        for path in &report.written {
            out(&format!("wrote {dir}/{path}"));
        }
        for path in &report.deleted {
            out(&format!("deleted {dir}/{path}"));
        }
        written += report.written.len();
        deleted += report.deleted.len();
    }
    let spec = jing_spec::load(&jing_spec::Sources::dir(&root.join(JOBS[0].spec_dir)))
        .map_err(|errors| anyhow::anyhow!("{errors}"))?;
    let summary = coverage::Summary::of(&spec);
    out(&format!(
        "regenerated: {} groups, {} endpoints ({} typed, {} catalogued); {written} files written, {deleted} deleted, in {:.2?}",
        spec.groups.len(),
        summary.total,
        summary.typed,
        summary.total - summary.typed,
        started.elapsed()
    ));
    // What this does to users, against the last commit (outside a git checkout: nothing).
    match changes::spec_at(root, JOBS[0].spec_dir, "HEAD") {
        Ok(Some(old)) => {
            let report = changes::compare(&old, &spec);
            if !report.is_empty() {
                out(&format!("since HEAD:\n{}", changes::report(&report)));
            }
        }
        Ok(None) => {}
        Err(error) => out(&format!("since HEAD: not compared ({error:#})")),
    }
    Ok(())
}

/// `cargo xtask check`: fails, listing every stale, missing and orphan file, when the
/// checked-in code differs from what the spec generates.
pub fn check(root: &Path) -> anyhow::Result<()> {
    let reports = run(root, Mode::Check)?;
    let mut problems = 0;
    for (dir, report) in &reports {
        problems += report.problem_count();
        out(report.describe(dir).trim_end_matches('\n'));
    }
    if problems > 0 {
        anyhow::bail!(
            "{problems} generated file(s) are out of date: run `cargo xtask regenerate` and commit"
        );
    }
    out("generated code is up to date");
    Ok(())
}
