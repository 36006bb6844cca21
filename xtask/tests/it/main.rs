//! The integration tests of xtask's own commands and of the workspace's layout, one binary
//! beside the code they cover (one binary rather than one per file: each is linked on its
//! own, which is most of a cold `cargo test`'s cost per target). The fixtures they read stay
//! in the repository's `tests/fixtures/`, by path from its root; each test's scratch folder
//! carries its own tag, so tests running in threads of this one process never share one.
//!
//! - `changes`: the change report: each class from a scripted edit, the changelog.
//! - `dependencies`: what `cargo xtask` compiles (no HTTP client, no async runtime).
//! - `group`: `cargo xtask group add`, then regenerate and import into the new group.
//! - `layout`: STYLE.md's layout rules: no import circles, file and function sizes, the
//!   root README's layout and size.
//! - `messages`: errors name the file or folder they are about.
//! - `openapi`: the OpenAPI export, read back by import to the spec's facts.

mod changes;
mod dependencies;
mod group;
mod layout;
mod messages;
mod openapi;

use std::path::{Path, PathBuf};

/// The standard output of `cargo ARGS` (the cargo running the tests) run at the
/// repository's root; a failure fails the test with cargo's error output.
pub fn cargo(args: &[&str]) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .current_dir(xtask::workspace_root())
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("cargo {args:?} does not start: {error}"));
    assert!(
        output.status.success(),
        "cargo {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A folder under the repository's `tests/fixtures/`.
pub fn fixtures(folder: &str) -> PathBuf {
    xtask::workspace_root().join("tests/fixtures").join(folder)
}

/// The real spec of `jing-spec/api`, loaded and validated.
pub fn real_spec() -> jing_spec::Valid {
    jing_spec::load(&jing_spec::Sources::dir(
        &xtask::workspace_root().join("jing-spec/api"),
    ))
    .unwrap_or_else(|errors| panic!("the spec must load:\n{errors}"))
}

/// A copy of the spec folder `source` in a fresh temporary folder.
pub fn spec_copy(source: &Path, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jing-xtask-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
    for entry in std::fs::read_dir(source).into_iter().flatten().flatten() {
        std::fs::copy(entry.path(), dir.join(entry.file_name()))
            .unwrap_or_else(|error| panic!("{error}"));
    }
    dir
}

/// A copy of the fixture spec in a fresh temporary folder.
pub fn fixture_spec_copy(tag: &str) -> PathBuf {
    spec_copy(&fixtures("spec"), tag)
}

/// The files of a folder and their bytes, by name.
pub fn folder_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(entry.path()).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}
