//! The integration tests of jing-vendor-docs, one binary beside the code they cover (the
//! fixtures they read stay in the repository's `tests/fixtures/`, by path from its root).
//!
//! - `import`: `cargo xtask import`: synthetic pages in every format, snapshotted; `--write`
//!   (import/writes.rs), the loops on synthetic pages (import/pages_loop.rs) and on pages
//!   made like other vendors' (import/vendor_pages.rs); bad input.
//! - `docs`: the drafts sheet: todo, a filled sheet applied, type names and titles
//!   (docs/names.rs), bad rows refused (docs/refusals.rs).
//! - `fetch`: `cargo xtask fetch` against a synthetic doc site on 127.0.0.1, then import.

mod docs;
mod fetch;
mod import;

use std::path::PathBuf;

/// A folder under the repository's `tests/fixtures/`.
pub fn fixtures(folder: &str) -> PathBuf {
    jing_vendor_docs::workspace_root()
        .join("tests/fixtures")
        .join(folder)
}

/// The real spec of `jing-spec/api`, loaded and validated.
pub fn real_spec() -> jing_spec::Spec {
    jing_spec::load(&jing_spec::Sources::dir(
        &jing_vendor_docs::workspace_root().join("jing-spec/api"),
    ))
    .unwrap_or_else(|errors| panic!("the spec must load:\n{errors}"))
    .into_spec()
}

/// A copy of the fixture spec in a fresh temporary folder.
pub fn fixture_spec_copy(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jing-spec-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
    for entry in std::fs::read_dir(crate::fixtures("spec"))
        .into_iter()
        .flatten()
        .flatten()
    {
        std::fs::copy(entry.path(), dir.join(entry.file_name()))
            .unwrap_or_else(|error| panic!("{error}"));
    }
    dir
}
