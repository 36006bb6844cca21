//! What each `cargo xtask` command does once its arguments are read: the glue between
//! the command line (`main.rs`, which only parses) and the modules that do the work, with
//! the printing. Each returns whether the command succeeded (`false`: exit non-zero).

use std::path::{Path, PathBuf};

use crate::docs::SheetFormat;
use crate::fetch::{Pages, Settings};
use crate::import::command::{Action, Options};

/// Prints `text`; a closed pipe (`| head`) ends the output quietly instead of panicking.
pub fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(()),
    }
}

/// The spec folder `spec` names, or the real spec's.
pub fn spec_dir(root: &Path, spec: Option<&Path>) -> PathBuf {
    spec.map_or_else(|| root.join(crate::JOBS[0].spec_dir), Path::to_path_buf)
}

/// The spec of `dir`, loaded and validated.
pub fn load(dir: &Path) -> anyhow::Result<jing_spec::Spec> {
    jing_spec::load(&jing_spec::Sources::dir(dir)).map_err(|errors| anyhow::anyhow!("{errors}"))
}

/// `import`: the report printed; an error when `--check` finds a difference.
pub fn import(spec_dir: &Path, options: &Options) -> anyhow::Result<()> {
    let outcome = crate::import::command::run(spec_dir, options)?;
    print(outcome.output.trim_end())?;
    if options.action == Action::Check && outcome.differences > 0 {
        anyhow::bail!("{} fact(s) differ from the spec", outcome.differences);
    }
    Ok(())
}

/// `fetch`: the pages fetched and, with `then_import`, imported with those options (the
/// files are the pages fetched or unchanged).
pub fn fetch(
    pages: &Pages,
    settings: &Settings,
    then_import: Option<(&Path, Options)>,
) -> anyhow::Result<bool> {
    let report = crate::fetch::run(pages, settings)?;
    eprintln!("{}", report.summary());
    if let Some((spec_dir, options)) = then_import {
        let files = report.readable();
        if files.is_empty() {
            eprintln!("import: no page to import");
        } else {
            import(spec_dir, &Options { files, ..options })?;
        }
    }
    Ok(report.failed() == 0)
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

/// `changes`: the report of `spec_dir` (relative to `root`) against `since`, and with
/// `changelog` the changelog written.
pub fn changes(root: &Path, spec_dir: &str, since: &str, changelog: bool) -> anyhow::Result<()> {
    let spec_dir = spec_dir.trim_end_matches('/');
    let old = crate::changes::spec_at(root, spec_dir, since)?.ok_or_else(|| {
        anyhow::anyhow!("not a git checkout: there is no revision to compare with")
    })?;
    let new = load(&root.join(spec_dir))?;
    let changes = crate::changes::compare(&old, &new);
    print(&crate::changes::report(&changes))?;
    if changelog {
        let path = root.join("jing-api/CHANGELOG.md");
        let text = std::fs::read_to_string(&path)?;
        let written = crate::changes::changelog(&text, &changes)?;
        if written != text {
            std::fs::write(&path, written)?;
            print(&format!("wrote {}", path.display()))?;
        }
    }
    Ok(())
}

/// `docs todo`: the sheet printed or written to `out`; with `check`, the open docs listed
/// (and `false` while there are any).
pub fn docs_todo(
    dir: &Path,
    group: Option<&str>,
    out: Option<&Path>,
    format: Option<SheetFormat>,
    check: bool,
) -> anyhow::Result<bool> {
    let rows = crate::docs::todo(dir, group)?;
    if check {
        for row in &rows {
            print(&format!("{} ({})", row.key, row.kind))?;
        }
        print(&format!(
            "docs: {} decision(s) still open (our words, method names, vendor pages)",
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
            &out.map(|file| file.display().to_string())
                .unwrap_or_default(),
        )
    });
    let text = crate::docs::write_sheet(&rows, format)?;
    match out {
        Some(file) => {
            std::fs::write(file, text)?;
            eprintln!("wrote {} row(s) to {}", rows.len(), file.display());
        }
        None => print(text.trim_end())?,
    }
    Ok(true)
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
