//! One integration-test binary for the whole workspace.
//!
//! - `codegen`: the fixture spec's generated files, snapshotted.
//! - `spec_errors`: every bad fixture's error messages, snapshotted.
//! - `spec`: the real spec (coverage, examples, drift of the checked-in code).
//! - `e2e`: the SDK over real HTTP against a local server on 127.0.0.1.
//! - `runtime`: tokens, retries, limits, raw calls and redaction, over real HTTP too.
//! - `webhook`: every event page of the facts, the vendor samples, leniency, and the
//!   axum receiver over real HTTP.

mod codegen;
mod e2e;
mod runtime;
mod spec;
mod spec_errors;
mod webhook;

use std::path::{Path, PathBuf};

/// The `tests/` crate folder.
pub fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A folder under `tests/fixtures/`.
pub fn fixtures(folder: &str) -> PathBuf {
    crate_dir().join("fixtures").join(folder)
}

/// The vendor fact files `../shared/jing-docs/NN-*.yaml` whose number `NN` satisfies
/// `wanted`, parsed, in file order.
pub fn fact_files(wanted: impl Fn(u32) -> bool) -> Vec<serde_yaml::Value> {
    let dir = xtask::workspace_root().join("../shared/jing-docs");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{} must sit beside the repo: {error}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default();
            let number = name
                .split_once('-')
                .and_then(|(number, _)| number.parse().ok());
            name.ends_with(".yaml") && number.is_some_and(&wanted)
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            serde_yaml::from_str(&text)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        })
        .collect()
}
