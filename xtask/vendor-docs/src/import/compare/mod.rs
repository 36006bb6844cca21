//! The second stage of an import, compare: the pages read against the spec. Each endpoint
//! of a page is placed (a spec endpoint matched by method and path, else by title; or new
//! to a group), its facts settled, held and counted against the spec's, diffed, and merged
//! into its group file as a value, the entry as the spec would hold it (every fact changed
//! without a maintainer's override, and every fact dropped, a decision); each event page is
//! matched with an event page of `webhooks.yaml`, diffed and merged likewise. What comes out
//! ([`Comparison`]) is what the preview, `--json` and `--check` report and what `--write`
//! writes; nothing here writes a file. Every group file is parsed once, on every core.

pub(super) mod account;
pub(super) mod auth;
pub(super) mod boilerplate;
pub mod diff;
pub(super) mod entry;
pub mod event_diff;
pub(super) mod example_check;
pub(super) mod example_hold;
pub(super) mod folder_key;
pub(super) mod group_file;
pub(super) mod hold;
pub(super) mod key_order;
pub(super) mod matcher;
pub(super) mod overrides;
pub(super) mod propose;
#[cfg(test)]
mod propose_tests;
mod request_hold;
pub(super) mod settle;
pub mod webhooks_file;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;

use jing_spec::{FactKey, Spec};

use super::Page;
use super::facts::Facts;
use super::read::Reading;
use super::read::event::EventFacts;
use account::Count;
use diff::Change;
use event_diff::{event_changes, find_event};
use group_file::{GroupFile, Merged};
use hold::holdable;
use matcher::{Matcher, Target};
use overrides::keep_ours;
use settle::settle;
use webhooks_file::WebhooksFile;

/// One endpoint of a page, compared and merged: its file and format, its facts as the spec
/// will hold them, where it landed, the facts that differ from the spec's, the count of the
/// page's facts, and its entry in the group file.
pub(super) struct Imported<'a> {
    pub(super) file: String,
    pub(super) format: &'static str,
    pub(super) facts: Facts,
    pub(super) target: Target<'a>,
    pub(super) changes: Vec<Change>,
    /// The count of the page's facts against what the spec holds after the import.
    pub(super) count: Count,
    pub(super) merged: Merged,
}

/// One event page, compared and merged: its file, facts, event group and variant, the
/// facts that differ, and the event entry as the spec would hold it.
pub(super) struct ImportedEvent {
    pub(super) file: String,
    pub(super) facts: EventFacts,
    pub(super) group: String,
    pub(super) variant: Option<String>,
    pub(super) changes: Vec<Change>,
    pub(super) yaml: String,
}

/// An endpoint of a page that could not be placed in the spec, and what it needs.
pub(super) struct Unplaced {
    pub(super) file: String,
    pub(super) facts: Facts,
    /// What it needs, e.g. `needs --group KEY: …`.
    pub(super) needs: String,
}

/// What the compare stage gives: every page against the spec, and the spec's files with
/// the pages merged in as values.
pub(super) struct Comparison<'a> {
    /// The spec's auth headers (`api.yaml`), which a page's headers are told apart from.
    pub(super) auth_headers: BTreeSet<String>,
    pub(super) endpoints: Vec<Imported<'a>>,
    pub(super) events: Vec<ImportedEvent>,
    pub(super) unplaced: Vec<Unplaced>,
    /// The files that could not be read, each with why.
    pub(super) unread: Vec<String>,
    /// The files of a folder that are no endpoint page (a schema page), each with why.
    pub(super) skipped: Vec<String>,
    /// Each group file a page landed in, by path.
    pub(super) group_files: BTreeMap<&'a str, GroupFile>,
    /// `webhooks.yaml` (its path), when an event page was read.
    pub(super) webhooks: Option<(String, WebhooksFile)>,
}

impl Comparison<'_> {
    /// The facts that differ: each changed fact, each decision still open, each fact of an
    /// event page that differs, and one for each page not placed or not read.
    pub(super) fn differences(&self) -> usize {
        let endpoints: usize = self
            .endpoints
            .iter()
            .map(|page| page.changes.len() + open_decisions(&page.facts))
            .sum();
        let events: usize = self.events.iter().map(|page| page.changes.len()).sum();
        endpoints + events + self.unplaced.len() + self.unread.len()
    }
}

/// The decisions of `facts` still open: our word on them is not written, or the answer
/// (or the proposed `auth`) is not confirmed.
fn open_decisions(facts: &Facts) -> usize {
    let answer = facts
        .answer
        .as_ref()
        .is_some_and(|answer| !answer.confirmed);
    let auth = facts.auth.is_some_and(|auth| !auth.confirmed);
    facts
        .decisions
        .iter()
        .filter(|decision| !decision.decided)
        .count()
        + usize::from(answer)
        + usize::from(auth)
}

/// Compares what was read with `spec` (whose files are in `spec_dir`); endpoints new to
/// the spec go to the group their folder names, else to `group`.
pub(super) fn compare<'a>(
    spec: &'a Spec,
    spec_dir: &Path,
    reading: Reading,
    group: Option<&str>,
) -> anyhow::Result<Comparison<'a>> {
    let auth_headers = spec.api.auth.header_names();
    let placed = place(spec, reading, group, &auth_headers);
    let mut group_files = parse_group_files(&placed.matched)?;
    let mut endpoints = Vec::with_capacity(placed.matched.len());
    for matched in placed.matched {
        let path = matched.target.group.file.as_str();
        let group_file = group_files
            .get_mut(path)
            .context("every group file a page lands in was parsed")?;
        let merged = group_file
            .merge(
                &matched.target,
                &matched.facts,
                &auth_headers,
                matched.url.as_deref(),
            )
            .map_err(|message| anyhow::anyhow!("{}: {path}: {message}", matched.file))?;
        endpoints.push(Imported {
            file: matched.file,
            format: matched.format,
            facts: matched.facts,
            target: matched.target,
            changes: matched.changes,
            count: matched.count,
            merged,
        });
    }
    let events = merge_events(spec, spec_dir, placed.events)?;
    Ok(Comparison {
        auth_headers,
        endpoints,
        events: events.pages,
        unplaced: placed.unplaced,
        unread: placed.unread,
        skipped: placed.skipped,
        group_files,
        webhooks: events.file,
    })
}

/// One endpoint of a page, placed: its file, format, facts as the spec will hold them,
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
    unread: Vec<String>,
    skipped: Vec<String>,
}

/// The page's facts as the spec will hold them, against `target`'s endpoint: settled
/// (the spec's value where the page says less), held (what the spec cannot hold made what
/// it can), the maintainer's overrides kept, counted, and every fact dropped or changed
/// without an override a decision. A page that drops facts is `partial`.
fn hold_page(
    target: &Target<'_>,
    mut page: Facts,
    auth_headers: &BTreeSet<String>,
) -> (Facts, Count) {
    let ours = target
        .endpoint
        .map_or_else(|| Facts::titled(""), Facts::of_spec);
    let mut overrides: Vec<FactKey> = target
        .endpoint
        .into_iter()
        .flat_map(|endpoint| &endpoint.overrides)
        .filter_map(|key| key.parse().ok())
        .collect();
    // A written `auth` is a maintainer's word: kept (and reported kept) as an override is.
    if ours.auth.is_some_and(|auth| auth.confirmed) && !overrides.contains(&FactKey::Auth) {
        overrides.push(FactKey::Auth);
    }
    // The page's answer read by the one a maintainer confirmed, when there is one.
    settle::settle_answer(&ours, &mut page);
    // A page whose credentials are its own proposes `auth: none`.
    page.auth = auth::auth_reading(&page, auth_headers);
    // What the page's examples show that its members do not say is a fact not held,
    // unless a maintainer keeps the example ours.
    page.unheld.extend(example_check::flags(&page));
    let settled = settle(&ours, page.clone());
    let mut held = holdable(settled.clone(), auth_headers);
    keep_ours(&ours, &mut held, &overrides);
    // An answer example that would not decode by the answer is not written (a decision).
    example_check::hold_back(&mut held, &overrides);
    // So is a request example with a value the report drops.
    request_hold::hold_back_request(&mut held, &overrides);
    let mut count = account::count(&page, &settled, &held, &overrides);
    account::count_decisions(&mut count, &held);
    account::decide(&mut held, &count, &ours, &overrides);
    // A page is documented only when the spec holds it whole: nothing dropped, nothing
    // held otherwise (a multipart body as JSON) without a maintainer's override.
    let whole = count.dropped.is_empty()
        && count
            .changed
            .iter()
            .all(|changed| changed.kept || changed.key == FactKey::Answer);
    held.has_tables = held.has_tables && whole;
    (held, count)
}

/// Finds where every endpoint of every page belongs (a page that cannot be placed is kept
/// with what it needs, and the next one is tried). Every page's address is held first, so
/// a folder new to the spec is proposed a key from all its pages' paths.
fn place<'a>(
    spec: &'a Spec,
    reading: Reading,
    group: Option<&str>,
    auth_headers: &BTreeSet<String>,
) -> Placed<'a> {
    let bases: Vec<String> = spec
        .api
        .environments
        .iter()
        .map(|environment| environment.base_url.clone())
        .collect();
    let mut placed = Placed {
        matched: Vec::new(),
        events: Vec::new(),
        unplaced: Vec::new(),
        unread: reading.unread,
        skipped: reading.skipped,
    };
    // Each endpoint with the file it came from: its name, format and address.
    let mut endpoints: Vec<(Facts, String, &'static str, Option<String>)> = Vec::new();
    for read in reading.pages {
        let pages = match read.page {
            Page::Endpoints(pages) => pages,
            Page::Event(facts) => {
                placed.events.push((read.name, facts, read.url));
                continue;
            }
        };
        for mut facts in pages {
            let file = read.name.clone();
            super::read::known_words::server_words(&mut facts, &spec.api.environments);
            super::read::known_words::envelope_words(&mut facts, &spec.api.envelope.fields);
            match super::read::server::hold_address(&mut facts, &bases) {
                Ok(()) => endpoints.push((facts, file, read.format, read.url.clone())),
                Err(needs) => placed.unplaced.push(Unplaced { file, facts, needs }),
            }
        }
    }
    let keys = folder_key::proposals(spec, endpoints.iter().map(|(facts, ..)| facts));
    let matcher = Matcher::new(spec).with_folder_keys(keys);
    for (facts, file, format, url) in endpoints {
        let target = match matcher.find(&facts, group) {
            Ok(target) => target,
            Err(needs) => {
                placed.unplaced.push(Unplaced { file, facts, needs });
                continue;
            }
        };
        let ours = target
            .endpoint
            .map_or_else(|| Facts::titled(""), Facts::of_spec);
        let (facts, count) = hold_page(&target, facts, auth_headers);
        let changes = diff::changes(&ours, &facts);
        placed.matched.push(Matched {
            file,
            format,
            facts,
            url,
            target,
            changes,
            count,
        });
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

/// The event pages compared, and `webhooks.yaml` (its path) with them merged in.
struct Events {
    pages: Vec<ImportedEvent>,
    file: Option<(String, WebhooksFile)>,
}

/// Matches every event page with the spec's event pages and merges it into
/// `webhooks.yaml` (parsed once, only when a page needs it).
fn merge_events(
    spec: &Spec,
    spec_dir: &Path,
    pages: Vec<(String, EventFacts, Option<String>)>,
) -> anyhow::Result<Events> {
    if pages.is_empty() {
        return Ok(Events {
            pages: Vec::new(),
            file: None,
        });
    }
    let webhooks = spec
        .webhooks
        .as_ref()
        .context("event pages were given, but the spec has no webhooks.yaml")?;
    let path = spec_dir.join("webhooks.yaml").display().to_string();
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
    let mut file =
        WebhooksFile::parse(text).map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
    let mut events = Vec::with_capacity(pages.len());
    for (name, facts, url) in pages {
        let target =
            find_event(webhooks, &facts).map_err(|message| anyhow::anyhow!("{name}: {message}"))?;
        let changes = event_changes(webhooks, target.event, &facts);
        let yaml = file
            .merge(webhooks, &target, &facts, url.as_deref())
            .map_err(|message| anyhow::anyhow!("{name}: {path}: {message}"))?;
        events.push(ImportedEvent {
            file: name,
            group: webhooks.groups[target.group].key.clone(),
            variant: target.event.variant.clone(),
            facts,
            changes,
            yaml,
        });
    }
    Ok(Events {
        pages: events,
        file: Some((path, file)),
    })
}
