//! Loading a spec: gather the files ([`Sources`]), parse each one, validate the whole, and
//! report every problem found, in file order, each located by file, line, column and key.
//!
//! serde_yaml turns each file into the model and locates syntax errors, wrong types and
//! unknown keys itself; `locate.rs` indexes where every key sits so the validator
//! (`validate/`) can locate the problems it finds later. Nothing here panics on bad input.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::decision::Open;
use crate::error::{SpecError, SpecErrors};
use crate::locate::{Locations, Parsed};
use crate::model::{Api, Group, GroupFile, Spec, Webhooks};
use crate::source::Source;
use crate::valid::Valid;
use crate::validate;

/// The name of the global file in a spec folder.
pub const API_FILE: &str = "api.yaml";

/// The name of the webhook events file in a spec folder (optional).
pub const WEBHOOKS_FILE: &str = "webhooks.yaml";

/// The largest spec file read; a larger one is refused (a group file is tens of kilobytes).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// How deeply a spec file may nest; deeper is refused before any recursive pass runs.
pub const MAX_DEPTH: usize = 48;

/// The files of one spec: `api.yaml`, the group files in order, and `webhooks.yaml`.
///
/// Build it from a folder with [`Sources::dir`], or from texts with [`Sources::new`] and
/// its chained methods; then hand it to [`load`]. A file that cannot be read is not an
/// error yet: [`load`] reports it beside every other problem.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    api: Option<Source>,
    groups: Vec<Source>,
    webhooks: Option<Source>,
    unread: Vec<SpecError>,
}

impl Sources {
    /// Sources with `api` as the global file and nothing else yet.
    pub fn new(api: Source) -> Self {
        Sources {
            api: Some(api),
            ..Sources::default()
        }
    }

    /// Adds a group file; the group key is the file stem without its `NN-` prefix.
    #[must_use]
    pub fn group(mut self, source: Source) -> Self {
        self.groups.push(source);
        self
    }

    /// Sets the webhook events file.
    #[must_use]
    pub fn webhooks(mut self, source: Source) -> Self {
        self.webhooks = Some(source);
        self
    }

    /// Reads the spec folder `dir`: `api.yaml`, `webhooks.yaml` when present, and every
    /// other `*.yaml` as a group file, in file-name order.
    pub fn dir(dir: &Path) -> Self {
        let mut sources = Sources::default();
        let paths = match spec_files(dir) {
            Ok(paths) => paths,
            Err(error) => {
                sources.unread.push(file_error(
                    dir,
                    "(folder)",
                    format!("cannot read the spec folder: {error}"),
                ));
                return sources;
            }
        };
        for path in paths {
            let name = path.display().to_string();
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(error) => {
                    let message = format!("cannot read the file: {error}");
                    sources.unread.push(file_error(&path, "(file)", message));
                    continue;
                }
            };
            let source = Source::new(name, text);
            match path.file_name().and_then(|name| name.to_str()) {
                Some(API_FILE) => sources.api = Some(source),
                Some(WEBHOOKS_FILE) => sources.webhooks = Some(source),
                _ => sources.groups.push(source),
            }
        }
        if sources.api.is_none() {
            let message = "the spec folder has no api.yaml".to_owned();
            sources
                .unread
                .push(file_error(&dir.join(API_FILE), "(file)", message));
        }
        sources
    }

    /// The same files, with the one named `path` (as [`Sources::dir`] names it) holding
    /// `text` instead: to check edits before they are written. A path that names no file
    /// changes nothing.
    #[must_use]
    pub fn replaced(mut self, path: &str, text: String) -> Self {
        let all = self
            .api
            .iter_mut()
            .chain(&mut self.groups)
            .chain(&mut self.webhooks);
        for source in all.filter(|source| source.path == path) {
            source.text.clone_from(&text);
        }
        self
    }

    /// The files in the order errors are reported: api, groups, webhooks.
    fn files(&self) -> impl Iterator<Item = &Source> {
        self.api.iter().chain(&self.groups).chain(&self.webhooks)
    }

    /// The global file, the group files, the webhooks file, and the problems met reading
    /// them (for `open.rs`).
    pub(crate) fn parts(&self) -> (Option<&Source>, &[Source], Option<&Source>, &[SpecError]) {
        (
            self.api.as_ref(),
            &self.groups,
            self.webhooks.as_ref(),
            &self.unread,
        )
    }

    /// The files' paths in the order errors are reported.
    pub(crate) fn parts_in_order(&self) -> Vec<&str> {
        self.files().map(|source| source.path.as_str()).collect()
    }
}

fn file_error(path: &Path, key: &str, message: String) -> SpecError {
    SpecError {
        file: path.display().to_string(),
        line: 1,
        column: 1,
        key: key.to_owned(),
        message,
    }
}

/// Parses and validates `sources`: a [`Valid`] spec, or every problem found, in file order
/// and within a file top to bottom.
pub fn load(sources: &Sources) -> Result<Valid, SpecErrors> {
    let (spec, errors, _) = gather(sources);
    match spec {
        Some(spec) if errors.is_empty() => Valid::new(spec).map_err(|unchecked| {
            // A promise the validator let through: a gap in it, reported as a problem.
            let file = sources.api.as_ref().map(|api| api.path.clone());
            SpecErrors(vec![SpecError {
                file: file.unwrap_or_else(|| API_FILE.to_owned()),
                line: 1,
                column: 1,
                key: unchecked.node.clone(),
                message: unchecked.to_string(),
            }])
        }),
        _ => Err(in_file_order(sources, errors)),
    }
}

/// A spec that loads for comparison, and the decisions still open in it.
///
/// **NOT VALIDATED.** `spec` here did not pass the validator: it may hold drafts, proposed
/// method names, empty languages, missing docs or page addresses. It is a plain [`Spec`],
/// not a [`Valid`], so it cannot reach `jing_codegen::generate` (which takes a `Valid`,
/// which only [`load`] makes); it is for the maintainer tools' comparisons
/// (`cargo xtask import`) only. Hidden from the docs for that reason.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Pending {
    /// The spec as its files hold it. **NOT VALIDATED**: it did not pass the validator
    /// (open decisions are in it), and is no [`Valid`]. Compare with it; generate from
    /// what [`load`] gives.
    pub spec: Spec,
    /// The problems that are open decisions of a maintainer, in file order: what [`load`]
    /// still refuses.
    pub open: Vec<SpecError>,
}

/// Loads `sources` for comparison while a maintainer's decisions are pending: the open
/// decisions the validator records ([`crate::open_decisions`]: drafts, proposed method
/// names, an empty language, a missing doc or page address) do not block it; every other
/// problem (syntax, structure, a rule broken) does, located, as [`load`] reports it.
///
/// **The [`Pending::spec`] it gives is NOT VALIDATED**: a plain [`Spec`], not a [`Valid`],
/// so it cannot reach `jing_codegen::generate`; it is for the maintainer tools'
/// comparisons only. Hidden from the docs.
#[doc(hidden)]
pub fn load_pending(sources: &Sources) -> Result<Pending, SpecErrors> {
    let (spec, errors, open) = gather(sources);
    let (open, blocking): (Vec<_>, Vec<_>) = errors
        .into_iter()
        .partition(|error| open.iter().any(|decision| decision.reported_by(error)));
    match spec {
        Some(spec) if blocking.is_empty() => Ok(Pending {
            spec,
            open: in_file_order(sources, open).0,
        }),
        _ => Err(in_file_order(sources, blocking)),
    }
}

/// Every file parsed and the whole validated: the spec when every file parsed, every
/// problem found (unordered), and the open decisions among them.
fn gather(sources: &Sources) -> (Option<Spec>, Vec<SpecError>, Vec<Open>) {
    let mut errors = sources.unread.clone();
    // Files parse independently, so they parse on every core (the group files beside the
    // two others); their problems are then gathered in file order.
    let ((api, webhooks), groups) = rayon::join(
        || {
            let api = sources.api.as_ref().map(parse_file::<Api>);
            (api, sources.webhooks.as_ref().map(parse_file::<Webhooks>))
        },
        || {
            sources
                .groups
                .par_iter()
                .map(parse_group)
                .collect::<Vec<_>>()
        },
    );
    let api = api.and_then(|parsed| keep(parsed, &mut errors));
    let groups: Vec<Parsed<'_, Group>> = groups
        .into_iter()
        .filter_map(|parsed| keep(parsed, &mut errors))
        .collect();
    let webhooks = webhooks.and_then(|parsed| keep(parsed, &mut errors));
    // A file that did not read or parse leaves the spec incomplete: no spec then.
    let complete = errors.is_empty();
    let mut open = Vec::new();
    validate::spec_and_open(
        api.as_ref(),
        &groups,
        webhooks.as_ref(),
        &mut errors,
        &mut open,
    );
    let spec = api.filter(|_| complete).map(|api| Spec {
        api: api.value,
        groups: groups.into_iter().map(|group| group.value).collect(),
        webhooks: webhooks.map(|webhooks| webhooks.value),
    });
    (spec, errors, open)
}

/// `errors` sorted by file (api, groups, webhooks), then line and column.
fn in_file_order(sources: &Sources, mut errors: Vec<SpecError>) -> SpecErrors {
    let order: Vec<&str> = sources.files().map(|source| source.path.as_str()).collect();
    let rank = |file: &str| {
        order
            .iter()
            .position(|path| *path == file)
            .unwrap_or(order.len())
    };
    errors.sort_by_key(|error| (rank(&error.file), error.line, error.column));
    SpecErrors(errors)
}

/// The parsed file, or `None` with its problem joining `errors`.
fn keep<T>(parsed: Result<T, SpecError>, errors: &mut Vec<SpecError>) -> Option<T> {
    parsed.map_err(|error| errors.push(error)).ok()
}

/// Parses one group file; its key is its file name without the order prefix.
pub(crate) fn parse_group(source: &Source) -> Result<Parsed<'_, Group>, SpecError> {
    let parsed = parse_file::<GroupFile>(source)?;
    Ok(Parsed {
        value: Group {
            key: group_key(&source.path),
            file: source.path.clone(),
            body: parsed.value,
        },
        locations: parsed.locations,
    })
}

/// Parses one file; its keys are indexed only if a problem is reported later.
pub(crate) fn parse_file<T: DeserializeOwned>(source: &Source) -> Result<Parsed<'_, T>, SpecError> {
    if let Some(error) = pathological(source) {
        return Err(error);
    }
    parse(source).map(|value| Parsed {
        value,
        locations: Locations::new(source),
    })
}

/// A file too large, or nested too deeply, to be read safely.
fn pathological(source: &Source) -> Option<SpecError> {
    let error = |line: usize, column: usize, message: String| SpecError {
        file: source.path.clone(),
        line,
        column,
        key: "(file)".to_owned(),
        message,
    };
    if source.text.len() > MAX_FILE_BYTES {
        return Some(error(
            1,
            1,
            format!(
                "the file is {} bytes; spec files over {MAX_FILE_BYTES} bytes are refused",
                source.text.len()
            ),
        ));
    }
    // Block nesting is bounded by indentation; flow brackets outside quotes open and close
    // a level each (a flow collection spread over several lines is rare in the spec).
    for (number, line) in source.text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut depth = indent / 2;
        let mut quote: Option<char> = None;
        for (column, c) in line.char_indices() {
            match (quote, c) {
                (Some(open), _) if c == open => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_DEPTH {
                let message = format!("the file nests deeper than {MAX_DEPTH} levels");
                return Some(error(number + 1, column + 1, message));
            }
        }
    }
    None
}

/// Parses `source` into `T`, or gives serde_yaml's error located by its own API: the
/// position from `location()`, the key path from `serde_path_to_error`.
fn parse<T: DeserializeOwned>(source: &Source) -> Result<T, SpecError> {
    let deserializer = serde_yaml::Deserializer::from_str(&source.text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        // A segment the deserializer could not name (inside broken syntax) is `?`.
        let path = error.path().to_string();
        let key = match path.trim_end_matches(".?").trim_end_matches('?') {
            "" | "." => "(root)".to_owned(),
            known => known.to_owned(),
        };
        let error = error.into_inner();
        let (line, column) = error
            .location()
            .map_or((1, 1), |location| (location.line(), location.column()));
        SpecError {
            file: source.path.clone(),
            line,
            column,
            message: bare_message(&error.to_string(), line, column),
            key,
        }
    })
}

/// serde_yaml's text without what the error already carries: its own copy of the key
/// path in front (`path: `) and of the position behind (` at line L column C`).
fn bare_message(text: &str, line: usize, column: usize) -> String {
    let text = text
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(text);
    match text.split_once(": ") {
        Some((path, message)) if !path.is_empty() && !path.contains(' ') => message.to_owned(),
        _ => text.to_owned(),
    }
}

/// The spec files of the folder `dir` (every `*.yaml`), in the loader's order: `api.yaml`,
/// the group files in file-name order (`NN-key.yaml`), `webhooks.yaml`. [`Sources::dir`]
/// reads these; the maintainer's tools that edit a spec folder list it through this too.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    let rank = |path: &PathBuf| match path.file_name().and_then(|name| name.to_str()) {
        Some(API_FILE) => 0,
        Some(WEBHOOKS_FILE) => 2,
        _ => 1,
    };
    files.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    Ok(files)
}

/// The group key a spec file stands for, from its path or name: `api/14-customer.yaml`
/// gives `customer` (an all-digit order prefix is dropped), `customer.yaml` gives
/// `customer`, `v2-x.yaml` keeps `v2-x`; `api` and `webhooks` for the other two files.
pub fn group_key(path: &str) -> String {
    let stem = Path::new(path)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    match stem.split_once('-') {
        Some((order, key)) if order.chars().all(|c| c.is_ascii_digit()) => key.to_owned(),
        _ => stem,
    }
}

#[cfg(test)]
mod tests;
