//! The `cargo xtask import` command: one pass over the files given.
//!
//! Every file is read and parsed once, every page matched through one index of the spec,
//! and every group file parsed once and written once, so a whole-site export of a thousand
//! operations costs about a thousand times one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

use jing_spec::FactKey;

use super::Page;
use super::account::{self, Count};
use super::diff::{self, Change, Matcher, Target};
use super::event::EventFacts;
use super::event_write::{EventTarget, WebhooksFile, event_changes, find_event};
use super::facts::Facts;
use super::files::{Read, expand, read_pages};
use super::hold::holdable;
use super::overrides::keep_ours;
use super::report::Unplaced;
use super::report::{self, DETAILED, Imported, ImportedEvent};
use super::settle::settle;
use super::write::GroupFile;

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
    /// The files named that could not be read, each with why.
    pub unread: Vec<String>,
}

/// Imports `options.files` against the spec folder `spec_dir`.
///
/// The spec loads for comparison with a maintainer's decisions still open (drafts,
/// proposed method names, empty languages: [`jing_spec::load_pending`]); any other problem
/// in it stops the run, located. A page that cannot be placed (new to the spec, with no
/// group) is reported with what it needs, and the run goes on; `--write` then writes
/// nothing.
pub fn run(spec_dir: &Path, options: &Options) -> anyhow::Result<Outcome> {
    let files = expand(&options.files)?;
    if files.is_empty() {
        let named: Vec<String> = options
            .files
            .iter()
            .map(|name| name.display().to_string())
            .collect();
        anyhow::bail!(
            "no page in {}: a folder is read for the pages directly in it (not in its subfolders)",
            named.join(", ")
        );
    }
    // The spec loads while the pages are read and parsed, on every core; what follows
    // keeps the files' order.
    let (pending, read) = rayon::join(
        || jing_spec::load_pending(&jing_spec::Sources::dir(spec_dir)),
        || read_pages(&files, options.max_bytes),
    );
    let pending = pending.map_err(|errors| anyhow::anyhow!("{errors}")).context(
        "the spec must load before pages are compared with it (drafts and other decisions left open do not stop it; the problems above do)",
    )?;
    let spec = &pending.spec;
    let auth_headers = spec.api.auth.header_names();
    let placed = place(spec, read, options.group.as_deref(), &auth_headers);
    let refusal = placed.refusal();
    let mut outcome = Outcome {
        differences: placed.differences(),
        ..Outcome::default()
    };
    let mut group_files = parse_group_files(&placed.matched)?;
    let mut imported = Vec::with_capacity(placed.matched.len());
    for matched in placed.matched {
        let Matched {
            file,
            format,
            facts,
            url,
            target,
            changes,
            count,
        } = matched;
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
            count,
            merged,
            yaml: String::new(),
        });
    }
    if !options.json && imported.len() <= DETAILED {
        entry_yamls(&mut imported, &group_files)?;
    }
    let events = Events::merge(spec, spec_dir, placed.events)?;
    outcome.differences += events
        .pages
        .iter()
        .map(|page| page.changes.len())
        .sum::<usize>();
    outcome.unread.clone_from(&placed.unread);
    if options.json {
        outcome.output = report::json(&imported, &events.pages, &placed.unplaced, &placed.unread);
    } else {
        report::report(&mut outcome.output, &imported);
        report::events(&mut outcome.output, &events.pages);
        report::unplaced(&mut outcome.output, &placed.unplaced);
        report::unread(&mut outcome.output, &placed.unread);
    }
    if options.action == Action::Write {
        if let Some(refusal) = refusal {
            anyhow::bail!("{}\n{refusal}", outcome.output.trim_end());
        }
        write(spec_dir, &group_files, &events, options.json, &mut outcome)?;
    }
    Ok(outcome)
}

/// One endpoint of a page, matched: its file, format, facts as the spec will hold them,
/// address, target, the facts that differ from the spec's, and the count of its facts.
struct Matched<'a> {
    file: String,
    format: &'static str,
    facts: Facts,
    url: Option<String>,
    target: Target<'a>,
    changes: Vec<Change>,
    count: Count,
}

/// The pages of a run, each placed in the spec or not.
struct Placed<'a> {
    matched: Vec<Matched<'a>>,
    events: Vec<(String, EventFacts, Option<String>)>,
    unplaced: Vec<Unplaced>,
    /// The files that could not be read, each with why.
    unread: Vec<String>,
}

impl Placed<'_> {
    /// The facts that differ: each changed fact, each decision still open, and one for
    /// each page not placed or not read.
    fn differences(&self) -> usize {
        let changed: usize = self
            .matched
            .iter()
            .map(|matched| matched.changes.len() + open_decisions(&matched.facts))
            .sum();
        changed + self.unplaced.len() + self.unread.len()
    }

    /// Why nothing may be written, if anything stops it.
    fn refusal(&self) -> Option<String> {
        let (unplaced, unread) = (self.unplaced.len(), self.unread.len());
        (unplaced + unread > 0).then(|| {
            format!("nothing was written: {unplaced} page(s) cannot be placed, {unread} file(s) cannot be read")
        })
    }
}

/// The decisions of `facts` still open: our word on them is not written, or the answer is
/// not confirmed.
fn open_decisions(facts: &Facts) -> usize {
    let answer = facts
        .answer
        .as_ref()
        .is_some_and(|answer| !answer.confirmed);
    facts
        .decisions
        .iter()
        .filter(|decision| !decision.decided)
        .count()
        + usize::from(answer)
}

/// The page's facts as the spec will hold them, against `target`'s endpoint: settled
/// (the spec's value where the page says less), held (what the spec cannot hold made what
/// it can), the maintainer's overrides kept, counted, and every fact dropped or changed
/// without an override a decision. A page that drops facts is `partial`.
fn hold_page(target: &Target<'_>, page: Facts, auth_headers: &BTreeSet<String>) -> (Facts, Count) {
    let ours = target
        .endpoint
        .map_or_else(|| Facts::titled(""), Facts::of_spec);
    let overrides: Vec<FactKey> = target
        .endpoint
        .into_iter()
        .flat_map(|endpoint| &endpoint.overrides)
        .filter_map(|key| key.parse().ok())
        .collect();
    let settled = settle(&ours, page.clone());
    let mut held = holdable(settled.clone(), auth_headers);
    keep_ours(&ours, &mut held, &overrides);
    let count = account::count(&page, &settled, &held, &overrides);
    account::decide(&mut held, &count, &ours);
    held.has_tables = held.has_tables && count.dropped.is_empty();
    (held, count)
}

/// Finds where every endpoint of every page belongs (a page that cannot be placed is kept
/// with what it needs, and the next one is tried).
fn place<'a>(
    spec: &'a jing_spec::Spec,
    read: Vec<Result<Read, String>>,
    group: Option<&str>,
    auth_headers: &BTreeSet<String>,
) -> Placed<'a> {
    let matcher = Matcher::new(spec);
    let mut placed = Placed {
        matched: Vec::new(),
        events: Vec::new(),
        unplaced: Vec::new(),
        unread: Vec::new(),
    };
    for read in read {
        let (name, format, page, url) = match read {
            Ok(read) => read,
            Err(why) => {
                placed.unread.push(why);
                continue;
            }
        };
        let pages = match page {
            Page::Endpoints(pages) => pages,
            Page::Event(facts) => {
                placed.events.push((name, facts, url));
                continue;
            }
        };
        for facts in pages {
            match matcher.find(&facts, group) {
                Ok(target) => {
                    let ours = target
                        .endpoint
                        .map_or_else(|| Facts::titled(""), Facts::of_spec);
                    let (facts, count) = hold_page(&target, facts, auth_headers);
                    let changes = diff::changes(&ours, &facts);
                    placed.matched.push(Matched {
                        file: name.clone(),
                        format,
                        facts,
                        url: url.clone(),
                        target,
                        changes,
                        count,
                    });
                }
                Err(needs) => placed.unplaced.push(Unplaced {
                    file: name.clone(),
                    facts,
                    needs,
                }),
            }
        }
    }
    placed
}

/// Each group file a page lands in, parsed once (on every core).
fn parse_group_files<'a>(matched: &[Matched<'a>]) -> anyhow::Result<BTreeMap<&'a str, GroupFile>> {
    let paths: BTreeSet<&'a str> = matched
        .iter()
        .map(|matched| matched.target.group.file.as_str())
        .collect();
    paths
        .into_par_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
            let parsed =
                GroupFile::parse(text).map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
            Ok((path, parsed))
        })
        .collect()
}

/// The entry as the spec would hold it, for each page's detailed report.
fn entry_yamls(
    imported: &mut [Imported<'_>],
    group_files: &BTreeMap<&str, GroupFile>,
) -> anyhow::Result<()> {
    for page in imported {
        let path = page.target.group.file.as_str();
        if let Some(group_file) = group_files.get(path) {
            page.yaml = group_file
                .entry_yaml(page.merged.index)
                .map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
        }
    }
    Ok(())
}

/// Writes every file the merges changed (each put together, read back and the whole spec
/// checked with them before any is written), then says what the spec still needs.
fn write(
    spec_dir: &Path,
    group_files: &BTreeMap<&str, GroupFile>,
    events: &Events,
    json: bool,
    outcome: &mut Outcome,
) -> anyhow::Result<()> {
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
    let rendered: Vec<(String, String)> = rendered
        .into_iter()
        .map(|(path, text)| (path.to_owned(), text))
        .chain(events.render()?)
        .collect();
    // The merged files are checked before any is written: only the decisions left to a
    // maintainer may be open in them.
    let sources = rendered.iter().fold(
        jing_spec::Sources::dir(spec_dir),
        |sources, (path, text)| sources.replaced(path, text.clone()),
    );
    let pending = jing_spec::load_pending(&sources)
        .map_err(|errors| anyhow::anyhow!("{errors}"))
        .context("nothing was written: the merged files would leave the spec refused for more than the decisions left to a maintainer")?;
    for (path, text) in rendered {
        // A file whose text comes out as it was is not touched.
        if std::fs::read_to_string(&path).is_ok_and(|before| before == text) {
            continue;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {path}"))?;
        if !json {
            let _ = writeln!(outcome.output, "wrote {path}");
        }
        outcome.written.push(path);
    }
    if !json {
        if outcome.written.is_empty() {
            let _ = writeln!(
                outcome.output,
                "no file changed: the spec already holds what the pages say"
            );
        }
        report::needs_words(&mut outcome.output, &pending.open);
    }
    Ok(())
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
