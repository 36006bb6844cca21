//! The `cargo xtask import` command, in three stages each with its own types: read (the
//! pages into facts, page by page, errors kept: `read/`), compare (the facts against the
//! spec: the diff, the decisions, the entries as the spec would hold them: `compare/`)
//! and write (the changed files through the YAML editor: `write/`). The preview,
//! `--json` and `--check` run the first two and report them (`write/report.rs`); only
//! `--write` runs the third.
//!
//! Every file is read and parsed once, every page matched through one index of the spec,
//! and every group file parsed once and written once, so a whole-site export of a thousand
//! operations costs about a thousand times one.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::write::report;
use super::{compare, read, write};

/// What to do with the facts read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Print each endpoint as the spec would hold it, and its fact diff.
    Show,
    /// Fail when any fact differs from the spec.
    Check,
    /// Merge the facts into the group files.
    Write,
}

/// The arguments of `cargo xtask import`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The saved pages or exports; a folder stands for the files in it (a `fetch` folder's
    /// manifest gives each page's address, which becomes the entry's `doc_url`).
    pub files: Vec<PathBuf>,
    /// The group of endpoints new to the spec, when their folder names none.
    pub group: Option<String>,
    /// Show, check or write.
    pub action: Action,
    /// Print `{"endpoints": [...]}` instead of text.
    pub json: bool,
    /// Another spec folder than `jing-spec/api` (the synthetic fixture's, say).
    pub spec: Option<PathBuf>,
    /// Files larger than this are refused before they are parsed.
    pub max_bytes: usize,
}

impl Options {
    /// Shows `files` against the spec, with the default size cap.
    pub fn new(files: Vec<PathBuf>) -> Self {
        Options {
            files,
            group: None,
            action: Action::Show,
            json: false,
            spec: None,
            max_bytes: super::MAX_BYTES,
        }
    }
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The text (or JSON) to print.
    pub output: String,
    /// How many facts differ from the spec, over every endpoint read.
    pub differences: usize,
    /// The group files written.
    pub written: Vec<String>,
    /// The files named that could not be read, or whose merge the spec would refuse,
    /// each with why (the others were imported).
    pub unread: Vec<String>,
    /// How many endpoints could not be placed in the spec (the others were imported).
    pub unplaced: usize,
}

/// Imports `options.files` against the spec folder `spec_dir`.
///
/// The spec loads for comparison with a maintainer's decisions still open (drafts,
/// proposed method names, empty languages: [`jing_spec::load_pending`]); any other problem
/// in it stops the run, located. A page that cannot be placed (new to the spec, with no
/// group), or whose merge the spec would refuse, is reported with what it needs, and the
/// run goes on with the others (`--write` writes them; the command still fails).
pub fn run(spec_dir: &Path, options: &Options) -> anyhow::Result<Outcome> {
    // The spec loads while the pages are read and parsed, on every core; what follows
    // keeps the files' order.
    let (pending, reading) = rayon::join(
        || jing_spec::load_pending(&jing_spec::Sources::dir(spec_dir)),
        || read::read(&options.files, options.max_bytes),
    );
    let mut reading = reading?;
    let pending = pending.map_err(|errors| anyhow::anyhow!("{errors}")).context(
        "the spec must load before pages are compared with it (drafts and other decisions left open do not stop it; the problems above do)",
    )?;
    // A page whose merge the spec would refuse is left out, reported with why, and the
    // others compared again without it: the preview refuses what `--write` would, and one
    // bad page does not block the run.
    let comparison = loop {
        let group = options.group.as_deref();
        let comparison = compare::compare(&pending.spec, spec_dir, reading.clone(), group)?;
        let refused = write::refused_pages(spec_dir, &comparison)?;
        if refused.is_empty() {
            break comparison;
        }
        reading
            .pages
            .retain(|page| !refused.iter().any(|(file, _)| *file == page.name));
        let mut whys: Vec<String> = refused.into_iter().map(|(_, why)| why).collect();
        whys.dedup();
        reading.unread.extend(whys);
    };
    let mut outcome = Outcome {
        differences: comparison.differences(),
        unread: comparison.unread.clone(),
        unplaced: comparison.unplaced.len(),
        output: if options.json {
            report::json(&comparison)
        } else {
            report::text(&comparison)?
        },
        written: Vec::new(),
    };
    if options.action == Action::Write {
        let written = write::write(spec_dir, &comparison)?;
        if !options.json {
            report::written(&mut outcome.output, &written);
        }
        outcome.written = written.files;
    }
    Ok(outcome)
}
