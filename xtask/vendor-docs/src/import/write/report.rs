//! What `cargo xtask import` prints of a [`Comparison`]: each endpoint or event page with
//! its notes, the facts that differ and the entry as the spec would hold it; a table when
//! there are many; the JSON form; and, after a write, the files written and what the
//! validator still asks for.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::{Value, json};

use jing_spec::FactKey;

use super::Written;
use super::example_diff::shown;
use crate::import::compare::account::{Changed, Count};
use crate::import::compare::diff::{self, Change};
use crate::import::compare::{Comparison, Imported, ImportedEvent, Unplaced};
use crate::import::facts::Facts;

/// At most this many endpoints get a detailed report; more get the summary table only.
const DETAILED: usize = 10;

/// What the report says of the headers that are the spec's own auth headers.
fn auth_remarks(facts: &Facts, auth_headers: &BTreeSet<String>) -> Vec<String> {
    facts
        .headers
        .iter()
        .filter(|header| auth_headers.contains(&header.name))
        .map(|header| {
            format!(
                "header `{}` is one of the spec's auth headers (api.yaml): kept as `auth: true`, filled in by the client",
                header.name
            )
        })
        .collect()
}

/// What the report says of a title in one language only: the other is ours to write.
fn title_remarks(facts: &Facts) -> Option<String> {
    match (facts.title_zh.trim().is_empty(), &facts.title_en) {
        (true, Some(_)) => Some("title has no zh: write it in the sheet".to_owned()),
        (false, None) => Some("title has no en: write it in the sheet".to_owned()),
        _ => None,
    }
}

/// The JSON of a run: `{"endpoints": [...], "events": [...], "unplaced": [...],
/// "unread": [...], "skipped": [...]}`.
pub(in crate::import) fn json(comparison: &Comparison<'_>) -> String {
    let entries: Vec<Value> = comparison.endpoints.iter().map(entry_json).collect();
    let event_entries: Vec<Value> = comparison.events.iter().map(event_json).collect();
    let unplaced: Vec<Value> = comparison
        .unplaced
        .iter()
        .map(|page| {
            let mut entry = page.facts.to_json(None, None, "new");
            entry["file"] = page.file.clone().into();
            entry["needs"] = page.needs.clone().into();
            entry
        })
        .collect();
    format!(
        "{:#}",
        json!({"endpoints": entries, "events": event_entries, "unplaced": unplaced, "unread": comparison.unread, "skipped": comparison.skipped})
    )
}

/// The text of a run: each endpoint in detail (or, past [`DETAILED`], the table only),
/// each event page, each page not placed and each file not read.
pub(in crate::import) fn text(comparison: &Comparison<'_>) -> anyhow::Result<String> {
    let mut out = String::new();
    let imported = &comparison.endpoints;
    if imported.len() <= DETAILED {
        for page in imported {
            let path = page.target.group.file.as_str();
            let yaml = comparison
                .group_files
                .get(path)
                .map(|group_file| group_file.entry_yaml(page.merged.index))
                .transpose()
                .map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
            detail(&mut out, page, &comparison.auth_headers, yaml.as_deref());
        }
    }
    if imported.len() > 1 {
        table(&mut out, imported);
    }
    events(&mut out, &comparison.events);
    unplaced(&mut out, &comparison.unplaced);
    unread(&mut out, &comparison.unread);
    skipped(&mut out, &comparison.skipped);
    Ok(out)
}

/// After a write: each file written (or that none was), then what the spec still needs.
pub(in crate::import) fn written(out: &mut String, written: &Written) {
    for path in &written.files {
        let _ = writeln!(out, "wrote {path}");
    }
    if written.files.is_empty() {
        let _ = writeln!(
            out,
            "no file changed: the spec already holds what the pages say"
        );
    }
    needs_words(out, &written.open);
}

/// Each file that could not be read, with why, and their count.
fn unread(out: &mut String, files: &[String]) {
    if files.is_empty() {
        return;
    }
    for why in files {
        let _ = writeln!(out, "{why}");
    }
    let _ = writeln!(out, "{}", super::unread_summary(files));
}

/// Each file of a folder that is no endpoint page, with why, and their count: no
/// difference, the run goes on.
fn skipped(out: &mut String, files: &[String]) {
    if files.is_empty() {
        return;
    }
    for why in files {
        let _ = writeln!(out, "{why}");
    }
    let _ = writeln!(
        out,
        "{} file(s) skipped: not endpoint pages (nothing to import)",
        files.len()
    );
}

/// Each endpoint not placed, with what it needs, and their count.
fn unplaced(out: &mut String, pages: &[Unplaced]) {
    if pages.is_empty() {
        return;
    }
    for page in pages {
        let _ = writeln!(out, "{}: {}", page.file, page.needs);
        if let Some(remark) = title_remarks(&page.facts) {
            let _ = writeln!(out, "  note: {remark}");
        }
    }
    let _ = writeln!(
        out,
        "{} endpoint(s) not placed: each says what it needs",
        pages.len()
    );
}

fn entry_json(imported: &Imported<'_>) -> Value {
    let status = if imported.facts.has_tables {
        "documented"
    } else {
        "partial"
    };
    let mut entry = imported.facts.to_json(
        Some(&imported.target.group.key),
        imported
            .target
            .endpoint
            .map(|endpoint| endpoint.name.as_str()),
        status,
    );
    entry["reported"] = Value::from(imported.facts.reported.clone());
    entry["decisions"] = imported
        .facts
        .decisions
        .iter()
        .map(|decision| decision.fact.clone())
        .collect();
    let count = &imported.count;
    let keys = |keys: Vec<String>| Value::from(keys);
    entry["facts"] = json!({
        "matched": count.matched,
        "changed": count.changed.len(),
        "dropped": count.dropped.len(),
        "changed_facts": keys(count.changed.iter().map(|changed| changed.key.to_string()).collect()),
        "kept_facts": keys(count.changed.iter().filter(|changed| changed.kept).map(|changed| changed.key.to_string()).collect()),
        "dropped_facts": keys(count.dropped.iter().map(|(key, _)| key.to_string()).collect()),
    });
    entry
}

/// The count of a page's facts, then one line for each fact kept ours, changed or dropped.
fn count_lines(out: &mut String, count: &Count) {
    let _ = writeln!(out, "  {}", count.line());
    // A member kept out says so once, not once per fact of it.
    let removed: Vec<&Changed> = count
        .changed
        .iter()
        .filter(|changed| changed.kept && matches!(changed.key, FactKey::Member { fact: None, .. }))
        .filter(|changed| changed.ours == crate::import::compare::account::LEFT_OUT)
        .collect();
    for changed in &count.changed {
        let within = removed
            .iter()
            .any(|member| member.key != changed.key && member.key.covers(&changed.key));
        if within {
            continue;
        }
        let (key, page, ours) = (&changed.key, shown(&changed.page), shown(&changed.ours));
        if let Some(differ) = super::example_diff::example_difference(changed) {
            let state = if changed.kept { "kept" } else { "changed" };
            let decision = if changed.kept { "" } else { " (a decision)" };
            let _ = writeln!(out, "    {state} `{key}`: {differ}{decision}");
            continue;
        }
        if changed.kept {
            let _ = writeln!(out, "    kept `{key}`: {ours}; the page says {page}");
        } else {
            let _ = writeln!(
                out,
                "    changed `{key}`: the page says {page}, the spec holds {ours} (a decision)"
            );
        }
    }
    for (key, page) in &count.dropped {
        let _ = writeln!(
            out,
            "    dropped `{key}`: the page says {} (a decision)",
            shown(page)
        );
    }
}

fn detail(
    out: &mut String,
    page: &Imported<'_>,
    auth_headers: &BTreeSet<String>,
    yaml: Option<&str>,
) {
    let _ = writeln!(
        out,
        "{} ({}): {}",
        page.file,
        page.format,
        diff::describe(&page.facts, &page.target)
    );
    let mut notes = page.facts.notes.clone();
    notes.extend(page.facts.reported.iter().cloned());
    notes.extend(title_remarks(&page.facts));
    notes.extend(auth_remarks(&page.facts, auth_headers));
    count_lines(out, &page.count);
    findings(out, &notes, &page.changes, "the spec", yaml);
}

/// One row per endpoint: where it landed, how many facts changed, how many docs it needs.
fn table(out: &mut String, imported: &[Imported<'_>]) {
    let rows: Vec<[String; 7]> = imported
        .iter()
        .map(|page| {
            [
                page.target.group.key.clone(),
                page.merged.name.clone(),
                if page.target.endpoint.is_some() {
                    "matched".to_owned()
                } else {
                    "new".to_owned()
                },
                format!(
                    "{} {}",
                    page.facts.method.map_or("?", |method| method.as_str()),
                    page.facts.path.as_deref().unwrap_or("?")
                ),
                page.changes.len().to_string(),
                format!(
                    "{}/{}/{}",
                    page.count.matched,
                    page.count.changed.len(),
                    page.count.dropped.len()
                ),
                page.merged.drafts.to_string(),
            ]
        })
        .collect();
    let header = [
        "group",
        "endpoint",
        "spec",
        "route",
        "facts changed",
        "matched/changed/dropped",
        "docs needed",
    ];
    let mut widths = header.map(|title| title.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 7]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        padded.join("  ").trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(header));
    for row in &rows {
        let _ = writeln!(out, "{}", line(row.each_ref().map(String::as_str)));
    }
    let new = imported
        .iter()
        .filter(|page| page.target.endpoint.is_none())
        .count();
    let changed: usize = imported.iter().map(|page| page.changes.len()).sum();
    let drafts: usize = imported.iter().map(|page| page.merged.drafts).sum();
    let total =
        |pick: fn(&Count) -> usize| imported.iter().map(|page| pick(&page.count)).sum::<usize>();
    let _ = writeln!(
        out,
        "{} endpoints: {} matched, {new} new; {changed} facts changed; {drafts} docs needed; page facts: {} matched, {} changed, {} dropped",
        imported.len(),
        imported.len() - new,
        total(|count| count.matched),
        total(|count| count.changed.len()),
        total(|count| count.dropped.len()),
    );
}

/// What is left for a maintainer after a write: each open decision, located, or the first
/// ones and a count.
fn needs_words(out: &mut String, open: &[jing_spec::SpecError]) {
    const SHOWN: usize = 40;
    let count = open.len();
    if count == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "the spec now needs our words or names in {count} place(s) (`cargo xtask docs todo` lists them as a sheet):"
    );
    for error in open.iter().take(SHOWN) {
        let _ = writeln!(out, "{error}");
    }
    if count > SHOWN {
        let _ = writeln!(
            out,
            "… and {} more: `cargo xtask regenerate` lists them all",
            count - SHOWN
        );
    }
}

/// An event page in the JSON of a run.
fn event_json(page: &ImportedEvent) -> Value {
    json!({
        "title": page.facts.title,
        "group": page.group,
        "event_type": page.facts.event_type,
        "object_name": page.facts.object_name,
        "members": crate::import::facts::fields_json(&page.facts.members),
    })
}

/// Each event page: where it landed, its notes, the facts that differ, the entry.
fn events(out: &mut String, pages: &[ImportedEvent]) {
    for page in pages {
        let _ = writeln!(
            out,
            "{} (event page): {} in webhook group `{}`{}: event_type {}, object_name {}",
            page.file,
            page.facts.title,
            page.group,
            page.variant
                .as_deref()
                .map_or_else(String::new, |variant| format!(" (variant {variant})")),
            page.facts.event_type.as_deref().unwrap_or("—"),
            page.facts.object_name.as_deref().unwrap_or("—"),
        );
        let yaml = (pages.len() <= DETAILED).then_some(page.yaml.as_str());
        findings(out, &page.facts.notes, &page.changes, "webhooks.yaml", yaml);
    }
}

/// The notes, the facts that differ, and (when given) the entry as `holder` would hold it.
fn findings(
    out: &mut String,
    notes: &[String],
    changes: &[Change],
    holder: &str,
    yaml: Option<&str>,
) {
    for note in notes {
        let _ = writeln!(out, "  note: {note}");
    }
    if changes.is_empty() {
        let _ = writeln!(out, "  the facts equal the spec's");
    } else {
        let _ = writeln!(out, "  {} fact(s) differ from the spec:", changes.len());
        for change in changes {
            let _ = writeln!(out, "    {change}");
        }
    }
    if let Some(yaml) = yaml {
        let _ = writeln!(out, "  as {holder} would hold it:");
        for line in yaml.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
}
