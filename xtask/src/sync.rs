//! Bringing a generated folder in line with generated files: compare, write, delete orphans.
//!
//! One function does both jobs; [`Mode`] says whether to write or only report. Files are
//! compared after normalizing line endings, and written only when different, so mtimes
//! stay and nothing rebuilds. Only files whose first line carries the `@generated` marker
//! are ever deleted.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use jing_codegen::GeneratedFile;

/// The marker on the first line of every generated file.
const MARKER: &str = "@generated";
/// How many diff lines a stale file shows at most.
const DIFF_LINES: usize = 40;

/// Whether to bring the folder up to date or only to report how it differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write changed and missing files, delete orphans.
    Write,
    /// Change nothing; report.
    Check,
}

/// What a sync did (in `Write` mode) or found (in `Check` mode).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Files written, relative to the folder.
    pub written: Vec<String>,
    /// Orphans deleted.
    pub deleted: Vec<String>,
    /// Files whose contents differ, each with a short unified diff (check mode).
    pub stale: Vec<(String, String)>,
    /// Files that should exist and do not (check mode).
    pub missing: Vec<String>,
    /// Generated files that nothing produces any more (check mode).
    pub orphans: Vec<String>,
}

impl Report {
    /// How many files are out of date.
    pub fn problem_count(&self) -> usize {
        self.stale.len() + self.missing.len() + self.orphans.len()
    }

    /// A human-readable account of the problems, one block per file.
    pub fn describe(&self, folder: &str) -> String {
        let mut text = String::new();
        for (path, diff) in &self.stale {
            let _ = writeln!(text, "stale: {folder}/{path}\n{diff}");
        }
        for path in &self.missing {
            let _ = writeln!(text, "missing: {folder}/{path}");
        }
        for path in &self.orphans {
            let _ = writeln!(text, "orphan: {folder}/{path} (no longer generated)");
        }
        text
    }
}

fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Compares `folder` with `files` and, in `Write` mode, makes it match.
pub fn sync_dir(folder: &Path, files: &[GeneratedFile], mode: Mode) -> anyhow::Result<Report> {
    let mut report = Report::default();
    if mode == Mode::Write {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("creating {}", folder.display()))?;
    }
    for file in files {
        let path = folder.join(&file.path);
        let wanted = normalize(&file.contents);
        let current = std::fs::read_to_string(&path)
            .ok()
            .map(|text| normalize(&text));
        if current.as_deref() == Some(wanted.as_str()) {
            continue;
        }
        match (mode, current) {
            (Mode::Write, _) => {
                std::fs::write(&path, &wanted)
                    .with_context(|| format!("writing {}", path.display()))?;
                report.written.push(file.path.clone());
            }
            (Mode::Check, None) => report.missing.push(file.path.clone()),
            (Mode::Check, Some(current)) => report
                .stale
                .push((file.path.clone(), short_diff(&current, &wanted))),
        }
    }
    for orphan in orphans(folder, files)? {
        match mode {
            Mode::Write => {
                let path = folder.join(&orphan);
                std::fs::remove_file(&path)
                    .with_context(|| format!("deleting {}", path.display()))?;
                report.deleted.push(orphan);
            }
            Mode::Check => report.orphans.push(orphan),
        }
    }
    Ok(report)
}

/// Files in `folder` that carry the marker but are not among `files`, sorted.
fn orphans(folder: &Path, files: &[GeneratedFile]) -> anyhow::Result<Vec<String>> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(Vec::new());
    };
    let mut orphans = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("listing {}", folder.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if files.iter().any(|file| file.path == name) || !entry.path().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if text
            .lines()
            .next()
            .is_some_and(|line| line.contains(MARKER))
        {
            orphans.push(name);
        }
    }
    orphans.sort();
    Ok(orphans)
}

/// A unified diff from `current` (on disk) to `wanted` (generated), cut to a few lines.
fn short_diff(current: &str, wanted: &str) -> String {
    let diff = similar::TextDiff::from_lines(current, wanted);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header("on disk", "generated")
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut shown = lines
        .iter()
        .take(DIFF_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > DIFF_LINES {
        let _ = write!(shown, "\n… {} more diff lines", lines.len() - DIFF_LINES);
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn check_reports_and_write_fixes_every_kind_of_drift() -> anyhow::Result<()> {
        let folder = std::env::temp_dir().join(format!("jing-xtask-sync-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join("same.rs"), "// @generated\nsame\r\n")?;
        std::fs::write(folder.join("stale.rs"), "// @generated\nold\n")?;
        std::fs::write(folder.join("orphan.rs"), "// @generated\ngone\n")?;
        std::fs::write(folder.join("hand.rs"), "// written by hand\n")?;
        let files = [
            file("same.rs", "// @generated\nsame\n"),
            file("stale.rs", "// @generated\nnew\n"),
            file("missing.rs", "// @generated\nmissing\n"),
        ];

        let found = sync_dir(&folder, &files, Mode::Check)?;
        assert_eq!(found.stale.len(), 1);
        assert!(
            found.stale[0].1.contains("-old") && found.stale[0].1.contains("+new"),
            "{}",
            found.stale[0].1
        );
        assert_eq!(found.missing, vec!["missing.rs".to_owned()]);
        assert_eq!(found.orphans, vec!["orphan.rs".to_owned()]);
        assert!(
            std::fs::read_to_string(folder.join("stale.rs"))?.contains("old"),
            "check must not write"
        );

        let done = sync_dir(&folder, &files, Mode::Write)?;
        assert_eq!(
            done.written,
            vec!["stale.rs".to_owned(), "missing.rs".to_owned()]
        );
        assert_eq!(done.deleted, vec!["orphan.rs".to_owned()]);
        assert!(
            folder.join("hand.rs").exists(),
            "files without the marker are never deleted"
        );
        assert_eq!(sync_dir(&folder, &files, Mode::Check)?.problem_count(), 0);
        std::fs::remove_dir_all(&folder)?;
        Ok(())
    }
}
