//! What each `cargo xtask` command does once its arguments are read: the glue between
//! the command line (`main.rs`, which only parses) and the modules that do the work, with
//! the printing. Each returns whether the command succeeded (`false`: exit non-zero).

use std::path::Path;

use anyhow::Context;

use crate::docs::SheetFormat;
pub use jing_vendor_docs::cli::{load, print, spec_dir};

/// The package and binary `cargo xtask fetch` runs.
pub const FETCH_RUN: [&str; 9] = [
    "run",
    "--quiet",
    "--package",
    "jing-vendor-docs",
    "--features",
    "fetch",
    "--bin",
    "jing-fetch",
    "--",
];

/// What `cargo xtask fetch` says before it builds `jing-fetch` (the measured figures are in
/// tests/perf/README.md, "The first `cargo xtask fetch`").
pub const FIRST_FETCH_NOTICE: &str = "building jing-fetch, its HTTP client and async runtime, first (the first fetch only: about a minute on 2 cores, more on a busy machine or from an empty build folder)…";

/// Where `cargo run` leaves the `jing-fetch` binary: the `debug` folder of
/// `$CARGO_TARGET_DIR`, or of the repository's `target/`.
pub fn fetch_binary(root: &Path) -> std::path::PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .map_or_else(|| root.join("target"), |dir| root.join(dir));
    target
        .join("debug")
        .join(format!("jing-fetch{}", std::env::consts::EXE_SUFFIX))
}

/// `fetch`: `cargo run` of the `jing-fetch` binary (built with the `fetch` feature, the
/// only build of an HTTP client) with `args`, the arguments given after `fetch`, in the
/// repository `root`; its exit status.
pub fn fetch(root: &Path, args: &[std::ffi::OsString]) -> anyhow::Result<std::process::ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    fetch_with(Path::new(&cargo), root, &fetch_binary(root), args)
}

/// [`fetch`] with this `cargo` program, which leaves the binary at `binary`. When it is not
/// built yet, this says so first and lets cargo show its progress (`--quiet` is left out of
/// that run), since the build takes minutes.
pub fn fetch_with(
    cargo: &Path,
    root: &Path,
    binary: &Path,
    args: &[std::ffi::OsString],
) -> anyhow::Result<std::process::ExitCode> {
    let first = !binary.exists();
    if first {
        eprintln!("{FIRST_FETCH_NOTICE}");
    }
    let run = FETCH_RUN
        .iter()
        .filter(|arg| !(first && **arg == "--quiet"));
    let status = std::process::Command::new(cargo)
        .current_dir(root)
        .args(run)
        .args(args)
        .status()
        .with_context(|| format!("cannot run {}", cargo.display()))?;
    Ok(match status.code() {
        Some(0) => std::process::ExitCode::SUCCESS,
        Some(code) => std::process::ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => std::process::ExitCode::FAILURE,
    })
}

/// `coverage`: the table (or JSON) of a spec that loads; of one that does not (drafts
/// left by `import --write`, say), the docs still open per file.
pub fn coverage(dir: &Path, json: bool) -> anyhow::Result<bool> {
    let open = crate::coverage::docs_open(&crate::docs::todo(dir, None)?);
    match jing_spec::load(&jing_spec::Sources::dir(dir)) {
        Ok(spec) if json => print(&format!("{:#}", crate::coverage::json(&spec)))?,
        Ok(spec) => print(&crate::coverage::table(&spec, &open))?,
        Err(errors) => {
            print(&format!(
                "the spec does not load ({} problem(s); the validator lists them on `cargo xtask regenerate`); docs still open per file:",
                errors.len()
            ))?;
            for (file, count) in &open {
                print(&format!("  {file:<18} {count:>5}"))?;
            }
            return Ok(false);
        }
    }
    Ok(true)
}

/// `changes`: the report of the spec folder `spec` (relative to `root`; the real spec's
/// by default) against `since`, and with `changelog` the changelog written.
pub fn changes(
    root: &Path,
    spec: Option<&Path>,
    since: &str,
    changelog: bool,
) -> anyhow::Result<()> {
    let dir = spec_dir(root, spec);
    let relative = dir
        .strip_prefix(root)
        .ok()
        .and_then(Path::to_str)
        .map(|path| path.trim_end_matches('/'))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--spec {}: not a folder of the repository {}, whose history git keeps",
                dir.display(),
                root.display()
            )
        })?;
    let old = crate::changes::spec_at(root, relative, since)?
        .ok_or(crate::changes::GitError::NotARepository)?;
    let new = load(&dir)?;
    let changes = crate::changes::compare(&old, &new);
    print(&crate::changes::report(&changes))?;
    if changelog {
        let path = root.join("jing-api/CHANGELOG.md");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let written = crate::changes::changelog(&text, &changes)
            .with_context(|| format!("{}", path.display()))?;
        if written != text {
            std::fs::write(&path, written)
                .with_context(|| format!("cannot write {}", path.display()))?;
            print(&format!("wrote {}", path.display()))?;
        }
    }
    Ok(())
}

/// `group add`: the new group file written, or said to exist already.
pub fn group_add(dir: &Path, group: &jing_vendor_docs::group::NewGroup) -> anyhow::Result<()> {
    use jing_vendor_docs::group::Added;
    match jing_vendor_docs::group::add(dir, group)? {
        Added::Written(path) => {
            print(&format!("wrote {}", path.display()))?;
            print(&format!(
                "next: `cargo xtask import --write --group {key} <pages>`, then `cargo xtask docs todo` and `cargo xtask regenerate` (module `{key}` and Cargo feature `{key}`; `client.{key}()` with its first typed endpoint)",
                key = group.key
            ))
        }
        Added::Exists(path) => print(&format!(
            "the group `{}` exists already as {} with that title: nothing written",
            group.key,
            path.display()
        )),
    }
}

/// `docs todo`: the sheet printed or written to `out`; with `check`, the open docs listed
/// (and `false` while there are any).
/// Where `docs todo --out` writes, and whether it may overwrite.
#[derive(Debug, Clone, Copy)]
pub struct SheetOut<'a> {
    /// The sheet's file.
    pub file: &'a Path,
    /// `--force`: an existing file is overwritten.
    pub force: bool,
}

pub fn docs_todo(
    dir: &Path,
    group: Option<&str>,
    out: Option<SheetOut<'_>>,
    format: Option<SheetFormat>,
    check: bool,
) -> anyhow::Result<bool> {
    let rows = crate::docs::todo(dir, group)?;
    if check {
        for row in &rows {
            print(&format!("{} ({})", row.key, row.kind))?;
        }
        print(&format!(
            "docs: {} decision(s) still open (our words, method and type names, vendor pages)",
            rows.len()
        ))?;
        if let (true, None, Err(errors)) = (rows.is_empty(), group, load(dir)) {
            // Nothing open in the whole spec: every problem left is of another kind.
            print(&format!(
                "docs: none, but the spec does not load for other reasons:\n{errors:#}"
            ))?;
        }
        return Ok(rows.is_empty());
    }
    let format = format.unwrap_or_else(|| {
        SheetFormat::of_file(
            &out.map(|out| out.file.display().to_string())
                .unwrap_or_default(),
        )
    });
    let text = crate::docs::write_sheet(&rows, format)?;
    match out {
        Some(SheetOut { file, force }) => {
            refuse_sheet_target(dir, file, force)?;
            std::fs::write(file, text)
                .with_context(|| format!("cannot write {}", file.display()))?;
            eprintln!("wrote {} row(s) to {}", rows.len(), file.display());
        }
        // Only the line break goes: a last row's empty cells are tabs, and stay.
        None => print(text.trim_end_matches(['\r', '\n']))?,
    }
    Ok(true)
}

/// A sheet is never written into the spec folder, nor over a file that exists (a filled
/// sheet would be lost) unless `force`.
fn refuse_sheet_target(dir: &Path, file: &Path, force: bool) -> anyhow::Result<()> {
    let folder = |path: &Path| {
        path.parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .canonicalize()
            .ok()
    };
    if let (Some(target), Ok(spec)) = (folder(file), dir.canonicalize()) {
        if target.starts_with(&spec) {
            anyhow::bail!(
                "{}: the sheet goes outside the spec folder {} (its files would be overwritten)",
                file.display(),
                dir.display()
            );
        }
    }
    if file.exists() && !force {
        anyhow::bail!(
            "{} exists: a filled sheet there would be lost; name another file, or pass --force",
            file.display()
        );
    }
    Ok(())
}

/// `docs apply`: a filled sheet written into the spec of `dir`.
pub fn docs_apply(dir: &Path, file: &Path, format: Option<SheetFormat>) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|error| anyhow::anyhow!("{name}: {error}"))?;
    let text = crate::docs::decode_sheet(&bytes)
        .map_err(|message| anyhow::anyhow!("{name}: {message}"))?;
    let format = format.unwrap_or_else(|| SheetFormat::of_file(&name));
    let rows = crate::docs::read_sheet(&text, format)
        .map_err(|message| anyhow::anyhow!("{name}: {message}"))?;
    let written = crate::docs::apply(dir, &name, &rows)?;
    for file in &written {
        print(&format!("wrote {}", dir.join(file).display()))?;
    }
    print(&format!(
        "applied {} row(s) to {} file(s)",
        rows.len(),
        written.len()
    ))
}
