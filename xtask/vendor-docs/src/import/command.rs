//! The `cargo xtask import` command: one pass over the files given.
//!
//! Every file is read and parsed once, every page matched through one index of the spec,
//! and every group file parsed once and written once, so a whole-site export of a thousand
//! operations costs about a thousand times one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

use super::Page;
use super::diff::{self, Matcher};
use super::event::EventFacts;
use super::event_write::{EventTarget, WebhooksFile, event_changes, find_event};
use super::facts::Facts;
use super::report::{self, DETAILED, Imported, ImportedEvent};
use super::write::GroupFile;
use crate::manifest::{MANIFEST, Manifest};

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
}

/// Imports `options.files` against the spec folder `spec_dir`.
pub fn run(spec_dir: &Path, options: &Options) -> anyhow::Result<Outcome> {
    let files = expand(&options.files)?;
    // The spec loads while the pages are read and parsed, on every core; what follows
    // keeps the files' order.
    let (spec, read) = rayon::join(
        || jing_spec::load(&jing_spec::Sources::dir(spec_dir)),
        || read_pages(&files, options.max_bytes),
    );
    let spec = spec
        .map_err(|errors| anyhow::anyhow!("{errors}"))
        .context("the spec must load before pages are compared with it")?;
    let auth_headers = spec.api.auth.header_names();
    let matcher = Matcher::new(&spec);
    let mut outcome = Outcome::default();
    let mut matched = Vec::new();
    let mut event_pages = Vec::new();
    for (name, format, page, url) in read? {
        let pages = match page {
            Page::Endpoints(pages) => pages,
            Page::Event(facts) => {
                event_pages.push((name, facts, url));
                continue;
            }
        };
        for facts in pages {
            let target = matcher
                .find(&facts, options.group.as_deref())
                .map_err(|message| anyhow::anyhow!("{name}: {message}"))?;
            let ours = target.endpoint.map(Facts::of_spec);
            let changes = diff::changes(ours.as_ref().unwrap_or(&Facts::titled("")), &facts);
            outcome.differences += changes.len();
            matched.push((name.clone(), format, facts, url.clone(), target, changes));
        }
    }
    // Each group file a page lands in is parsed once (on every core) and merged into in
    // page order.
    let paths: BTreeSet<&str> = matched
        .iter()
        .map(|(.., target, _)| target.group.file.as_str())
        .collect();
    let mut group_files: BTreeMap<&str, GroupFile> = paths
        .into_par_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
            let parsed =
                GroupFile::parse(text).map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
            Ok((path, parsed))
        })
        .collect::<anyhow::Result<_>>()?;
    let mut imported = Vec::with_capacity(matched.len());
    for (file, format, facts, url, target, changes) in matched {
        let path = target.group.file.as_str();
        let group_file = group_files
            .get_mut(path)
            .context("every group file a page lands in was parsed")?;
        let merged = group_file
            .merge(&target, &facts, &auth_headers, url.as_deref())
            .map_err(|message| anyhow::anyhow!("{file}: {path}: {message}"))?;
        imported.push(Imported {
            file,
            auth_headers: &auth_headers,
            format,
            facts,
            target,
            changes,
            merged,
            yaml: String::new(),
        });
    }
    if !options.json && imported.len() <= DETAILED {
        for page in &mut imported {
            let path = page.target.group.file.as_str();
            if let Some(group_file) = group_files.get(path) {
                page.yaml = group_file
                    .entry_yaml(page.merged.index)
                    .map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
            }
        }
    }
    let events = Events::merge(&spec, spec_dir, event_pages)?;
    outcome.differences += events
        .pages
        .iter()
        .map(|page| page.changes.len())
        .sum::<usize>();
    if options.json {
        outcome.output = report::json(&imported, &events.pages);
    } else {
        report::report(&mut outcome.output, &imported);
        report::events(&mut outcome.output, &events.pages);
    }
    if options.action == Action::Write {
        // Every merged file is put together and read back before any is written.
        let rendered: Vec<(&str, String)> = group_files
            .par_iter()
            .filter(|(_, group_file)| group_file.is_changed())
            .map(|(path, group_file)| {
                let text = group_file
                    .render()
                    .map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
                Ok((*path, text))
            })
            .collect::<anyhow::Result<_>>()?;
        let events_text = events.render()?;
        let rendered = rendered.into_iter().chain(
            events_text
                .iter()
                .map(|(path, text)| (path.as_str(), text.clone())),
        );
        for (path, text) in rendered {
            std::fs::write(path, text).with_context(|| format!("cannot write {path}"))?;
            outcome.written.push(path.to_owned());
            if !options.json {
                let _ = writeln!(outcome.output, "wrote {path}");
            }
        }
        if let Err(errors) = jing_spec::load(&jing_spec::Sources::dir(spec_dir)) {
            if !options.json {
                report::needs_words(&mut outcome.output, &errors);
            }
        }
    }
    Ok(outcome)
}

/// A page read: its name, format, what it states and its fetched address.
type Read = (String, &'static str, Page, Option<String>);

/// Reads and parses every file, on every core, in order.
fn read_pages(files: &[(PathBuf, Option<String>)], max_bytes: usize) -> anyhow::Result<Vec<Read>> {
    files
        .par_iter()
        .map(|(file, url)| {
            let name = file.display().to_string();
            let text = std::fs::read(file)
                .with_context(|| format!("{name}: cannot read the file"))
                .and_then(|bytes| {
                    String::from_utf8(bytes)
                        .map_err(|_| anyhow::anyhow!("{name}: (file): not UTF-8 text"))
                })?;
            let (format, page) = super::read_capped(&name, &text, max_bytes)?;
            Ok((name, format.as_str(), page, url.clone()))
        })
        .collect()
}

/// The files named, folders expanded to the files in them (sorted, hidden files and a
/// fetch manifest left out), each with the page address its folder's fetch manifest gives.
fn expand(names: &[PathBuf]) -> anyhow::Result<Vec<(PathBuf, Option<String>)>> {
    // Each folder's manifest is read once, however many of its files are named.
    let mut addresses: HashMap<PathBuf, HashMap<String, String>> = HashMap::new();
    let mut address_of = |file: &Path| -> Option<String> {
        let dir = file
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let known = addresses
            .entry(dir.to_path_buf())
            .or_insert_with(|| Manifest::load(dir).addresses());
        known.get(file.file_name()?.to_str()?).cloned()
    };
    let mut files = Vec::new();
    for name in names {
        if !name.is_dir() {
            files.push((name.clone(), address_of(name)));
            continue;
        }
        let mut inside: Vec<PathBuf> = std::fs::read_dir(name)
            .with_context(|| format!("cannot read the folder {}", name.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_file())
            .filter(|path| {
                path.file_name()
                    .and_then(|file| file.to_str())
                    .is_some_and(|file| !file.starts_with('.') && file != MANIFEST)
            })
            .collect();
        inside.sort();
        for path in inside {
            let url = address_of(&path);
            files.push((path, url));
        }
    }
    Ok(files)
}

/// The event pages of a run, and `webhooks.yaml` with them merged in.
struct Events {
    pages: Vec<ImportedEvent>,
    file: Option<(String, WebhooksFile)>,
}

impl Events {
    /// Matches every event page with the spec's event pages and merges it into
    /// `webhooks.yaml` (parsed once, only when a page needs it).
    fn merge(
        spec: &jing_spec::Spec,
        spec_dir: &Path,
        pages: Vec<(String, EventFacts, Option<String>)>,
    ) -> anyhow::Result<Events> {
        let mut events = Events {
            pages: Vec::new(),
            file: None,
        };
        if pages.is_empty() {
            return Ok(events);
        }
        let webhooks = spec
            .webhooks
            .as_ref()
            .context("event pages were given, but the spec has no webhooks.yaml")?;
        let path = spec_dir.join("webhooks.yaml").display().to_string();
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
        let mut file =
            WebhooksFile::parse(text).map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
        for (name, facts, url) in pages {
            let target: EventTarget<'_> = find_event(webhooks, &facts)
                .map_err(|message| anyhow::anyhow!("{name}: {message}"))?;
            let changes = event_changes(webhooks, target.event, &facts);
            let yaml = file
                .merge(webhooks, &target, &facts, url.as_deref())
                .map_err(|message| anyhow::anyhow!("{name}: {path}: {message}"))?;
            events.pages.push(ImportedEvent {
                file: name,
                group: webhooks.groups[target.group].key.clone(),
                variant: target.event.variant.clone(),
                facts,
                changes,
                yaml,
            });
        }
        events.file = Some((path, file));
        Ok(events)
    }

    /// `webhooks.yaml` with the pages merged, when any were.
    fn render(&self) -> anyhow::Result<Option<(String, String)>> {
        match &self.file {
            Some((path, file)) if file.is_changed() => {
                let text = file
                    .render()
                    .map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
                Ok(Some((path.clone(), text)))
            }
            _ => Ok(None),
        }
    }
}
