//! The vendor-docs half of the maintainer commands behind `cargo xtask`: reading the
//! vendor's pages (`import`: formats, detection, the merge into the spec), the drafts sheet
//! (`docs`), a new group file of the spec (`group`), the manifest a fetched folder keeps,
//! the bounds of fetch's settings (`limits`), and
//! — with the `fetch` feature only — `fetch` itself, the one part that needs an HTTP
//! client and an async runtime.
//!
//! The dependencies run one way: `fetch` uses `import` (to tell a page from an error body)
//! and the manifest; `import` reads the manifest and never uses `fetch`; `docs` and
//! `group` both list a spec folder through jing-spec (`spec_files`, `group_key`: the
//! loader's own rule), and `cli` and `fetch` both read `limits`, so no module
//! imports one that imports it (`xtask/tests/it/layout` checks it). `cargo xtask`
//! depends on this crate without `fetch`, so `regenerate` never compiles an HTTP client;
//! `cargo xtask fetch` runs this crate's `jing-fetch` binary, built with the feature.

pub mod cli;
pub mod docs;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod group;
pub mod import;
pub mod limits;
pub mod manifest;
mod yaml;

use std::path::{Path, PathBuf};

/// The workspace root: the nearest folder holding `Cargo.toml` and `jing-spec/`.
///
/// Found at run time, never from the path this crate was compiled at: a build shared
/// between checkouts (one `CARGO_TARGET_DIR`) may have been compiled in another one. The
/// search starts at the manifest folder cargo gives the running process (`cargo run`,
/// `cargo test`), then the current folder, and falls back to the compile-time folder.
pub fn workspace_root() -> PathBuf {
    let is_root = |dir: &Path| dir.join("Cargo.toml").is_file() && dir.join("jing-spec").is_dir();
    let starts = [
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
        std::env::current_dir().ok(),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
    ];
    starts
        .into_iter()
        .flatten()
        .find_map(|start| {
            start
                .ancestors()
                .find(|dir| is_root(dir))
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("."))
}
