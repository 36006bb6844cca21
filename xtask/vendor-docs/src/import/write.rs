//! `--write`: merge pages' facts into their group files, changing nothing else.
//!
//! A group file is parsed once ([`GroupFile::parse`]); each page's facts are merged into the
//! endpoint's entry as a YAML value (so every key is kept, ours or not): the facts replace
//! ours (method, path, limits, parameters, fields, types, required flags, enum values,
//! examples, status, the page's URL), our docs and notes stay, and a member new to the spec
//! gets a `draft: true` doc holding the vendor's text once, which the validator then
//! reports, located, until someone writes it in our words. An entry whose value comes out
//! equal is not touched. [`GroupFile::render`] then edits the entries that changed in one
//! pass, only the lines of the keys and members that changed (`patch.rs`; new text in the
//! spec's style, `emit.rs`; new entries appended), and reads the result back once: every
//! other byte of the file stays as it was, and the work grows with the size of the file
//! and the pages, not with their product.

use std::collections::{BTreeSet, HashMap};

use serde_yaml::{Mapping, Value};

use super::diff::Target;
use super::entry::{KEY_ORDER, merge_entry, ordered, set_or_remove};
use super::facts::Facts;
use super::yaml_text::{indent_of, is_blank, list_items, trim_back};
use super::{emit, patch, propose};
/// A group file, parsed once, with the entries merged into it so far.
#[derive(Debug)]
pub struct GroupFile {
    text: String,
    /// The `endpoints` items as the file holds them, then those appended in this run.
    entries: Vec<Value>,
    /// The items the file held before this run.
    originals: Vec<Value>,
    /// How many of `entries` the file already held.
    existing: usize,
    /// The entries merged in this run (indexes into `entries`).
    merged: BTreeSet<usize>,
    by_name: HashMap<String, usize>,
    by_route: HashMap<(String, String), usize>,
    /// The method names the entries have, or were proposed in this run.
    calls: BTreeSet<String>,
}

/// One endpoint entry after a merge.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The entry's `name`.
    pub name: String,
    /// Where the entry is in its group file ([`GroupFile::entry_yaml`]).
    pub index: usize,
    /// How many of its docs (and proposed names) still need a maintainer.
    pub drafts: usize,
}

/// What in an entry still needs a maintainer: each doc that is a draft or lacks a
/// language, a proposed `call_draft` and a `name_draft`.
fn drafts_in(value: &Value) -> usize {
    match value {
        Value::Mapping(mapping) => {
            let own = usize::from(crate::docs::open_doc(mapping, false).is_some())
                + usize::from(mapping.contains_key("call_draft"))
                + usize::from(mapping.contains_key("name_draft"));
            own + mapping.values().map(drafts_in).sum::<usize>()
        }
        Value::Sequence(items) => items.iter().map(drafts_in).sum(),
        _ => 0,
    }
}

/// An entry's `method` and `path`, when it has both.
fn route_of(item: &Value) -> Option<(String, String)> {
    let text = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_owned);
    Some((text("method")?, text("path")?))
}

fn name_of(item: &Value) -> Option<String> {
    item.get("name").and_then(Value::as_str).map(str::to_owned)
}

impl GroupFile {
    /// Parses a group file's text (once).
    pub fn parse(text: String) -> Result<Self, String> {
        let document: Value = serde_yaml::from_str(&text)
            .map_err(|error| format!("the group file does not parse: {error}"))?;
        let entries = match document.get("endpoints") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => items.clone(),
            Some(_) => return Err("`endpoints` is not a list".to_owned()),
        };
        let mut file = GroupFile {
            text,
            existing: entries.len(),
            originals: entries.clone(),
            entries: Vec::new(),
            merged: BTreeSet::new(),
            by_name: HashMap::new(),
            by_route: HashMap::new(),
            calls: BTreeSet::new(),
        };
        for entry in entries {
            file.push(entry);
        }
        Ok(file)
    }

    fn push(&mut self, entry: Value) {
        let index = self.entries.len();
        self.index(index, &entry);
        self.entries.push(entry);
    }

    fn index(&mut self, index: usize, entry: &Value) {
        if let Some(name) = name_of(entry) {
            self.by_name.entry(name).or_insert(index);
        }
        if let Some(route) = route_of(entry) {
            self.by_route.entry(route).or_insert(index);
        }
        for key in ["call", "call_draft"] {
            if let Some(call) = entry.get(key).and_then(Value::as_str) {
                self.calls.insert(call.to_owned());
            }
        }
    }

    /// Where `facts` land: the target's entry, or an entry an earlier page of this run
    /// appended (the same route, or the name a new entry gets); `None` to append.
    fn position(&self, target: &Target<'_>, facts: &Facts) -> Option<usize> {
        if let Some(endpoint) = target.endpoint {
            return self.by_name.get(&endpoint.name).copied();
        }
        let route = facts
            .method
            .zip(facts.path.as_ref())
            .and_then(|(method, path)| {
                self.by_route
                    .get(&(method.as_str().to_owned(), path.clone()))
                    .copied()
            });
        route
            .or_else(|| self.by_name.get(&propose::name(facts)).copied())
            .filter(|&index| index >= self.existing)
    }

    /// A name for a new entry that no entry of the file has yet.
    fn free_name(&self, facts: &Facts) -> String {
        let base = propose::name(facts);
        (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}_{n}")
                }
            })
            .find(|name| !self.by_name.contains_key(name))
            .unwrap_or(base)
    }

    /// Merges `facts` into the target's entry; returns the entry as the spec would hold it.
    /// `doc_url` is the page's address, when it was fetched.
    pub fn merge(
        &mut self,
        target: &Target<'_>,
        facts: &Facts,
        auth_headers: &BTreeSet<String>,
        doc_url: Option<&str>,
    ) -> Result<Merged, String> {
        let index = self.position(target, facts);
        if index.is_none() && target.endpoint.is_some() {
            return Err("the endpoint's entry was not found in its group file".to_owned());
        }
        let mut entry = match index.map(|index| &self.entries[index]) {
            Some(Value::Mapping(entry)) => entry.clone(),
            Some(_) => return Err("the endpoint entry is not a mapping".to_owned()),
            None => {
                let mut entry = Mapping::new();
                let name = self.free_name(facts);
                // A name that reads poorly as a type name is asked of a maintainer.
                let poor = propose::name_is_poor(&name, facts);
                entry.insert("name".into(), name.into());
                if poor {
                    entry.insert("name_draft".into(), true.into());
                }
                entry
            }
        };
        merge_entry(&mut entry, facts, auth_headers);
        if let Some(url) = doc_url {
            entry.insert("doc_url".into(), url.into());
        }
        // A proposed name stays proposed until a maintainer confirms it as `call`.
        if !entry.contains_key("call") && !entry.contains_key("call_draft") && facts.path.is_some()
        {
            set_or_remove(
                &mut entry,
                "call_draft",
                propose::call(facts, &target.group.key, &self.calls).map(Value::from),
            );
        }
        let entry = Value::Mapping(ordered(entry));
        let index = match index {
            Some(index) => {
                self.entries[index] = entry;
                index
            }
            None => {
                self.push(entry);
                self.entries.len() - 1
            }
        };
        let entry = self.entries[index].clone();
        self.index(index, &entry);
        self.merged.insert(index);
        Ok(Merged {
            name: name_of(&entry).unwrap_or_default(),
            drafts: drafts_in(&entry),
            index,
        })
    }

    /// Entry `index` as YAML: what the spec would hold.
    pub fn entry_yaml(&self, index: usize) -> Result<String, String> {
        match self.entries.get(index).ok_or("no such entry")? {
            Value::Mapping(entry) => Ok(emit::mapping(entry, 0)),
            other => serde_yaml::to_string(other).map_err(|error| error.to_string()),
        }
    }

    /// Whether entry `index` differs from what the file held (or is new).
    fn changed(&self, index: usize) -> bool {
        self.originals.get(index) != self.entries.get(index)
    }

    /// Whether any entry changed: a merge whose facts equal the file's changes nothing.
    pub fn is_changed(&self) -> bool {
        self.merged.iter().any(|&index| self.changed(index))
    }

    /// The file's text with every merged entry in place, checked by reading it back once.
    pub fn render(&self) -> Result<String, String> {
        if !self.is_changed() {
            return Ok(self.text.clone());
        }
        let rendered = self.splice()?;
        let reread: Value = serde_yaml::from_str(&rendered)
            .map_err(|error| format!("the merged file does not parse: {error}"))?;
        let written = reread.get("endpoints").and_then(Value::as_sequence);
        if written.map(Vec::as_slice) != Some(self.entries.as_slice()) {
            return Err("the merged entries do not read back as written".to_owned());
        }
        Ok(rendered)
    }

    /// Entry `index` written over its old `lines`: only the lines of what changed change
    /// (read back to be sure; else the entry is written whole).
    fn patched(&self, lines: &[&str], indent: usize, index: usize) -> String {
        let new = &self.entries[index];
        let owned: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
        let edited = patch::item(&owned, indent, &self.originals[index], new, KEY_ORDER)
            .filter(|text| patch::reads_back_as(text, new));
        edited.unwrap_or_else(|| emit::list_item(new, indent))
    }

    /// The text with the merged entries replaced (or appended), line by line.
    fn splice(&self) -> Result<String, String> {
        let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
        let heading = lines
            .iter()
            .position(|line| line.starts_with("endpoints:"))
            .ok_or("the group file has no `endpoints:` line")?;
        let after_colon = lines[heading].trim_end()["endpoints:".len()..].trim();
        let inline_empty = after_colon == "[]";
        if !after_colon.is_empty() && !inline_empty && !after_colon.starts_with('#') {
            return Err(
                "`endpoints` is written inline; only a block list can be merged into".to_owned(),
            );
        }
        let (indent, starts, end) = match list_items(&lines, heading, lines.len(), "endpoints", 0) {
            Some(list) => (list.indent, list.starts, list.end),
            None => {
                let end = (heading + 1..lines.len())
                    .find(|&at| !is_blank(lines[at]) && indent_of(lines[at]) == 0)
                    .unwrap_or(lines.len());
                (2, Vec::new(), end)
            }
        };
        if starts.len() != self.existing {
            return Err(format!(
                "{} endpoint entries were found in the text at one indent, but the file holds {}",
                starts.len(),
                self.existing
            ));
        }
        // Appended entries go after the list's last item, before the blank and comment
        // lines that end the list.
        let append_at = trim_back(&lines, starts.last().copied().unwrap_or(heading), end);
        let first = starts.first().copied().unwrap_or(append_at);
        let mut out = String::with_capacity(self.text.len() * 2);
        for (at, line) in lines[..first].iter().enumerate() {
            out.push_str(if at == heading && inline_empty {
                "endpoints:\n"
            } else {
                line
            });
        }
        for (index, &from) in starts.iter().enumerate() {
            let next = starts.get(index + 1).copied().unwrap_or(append_at);
            if self.changed(index) {
                // Blank and comment lines before the next entry belong to it.
                let to = trim_back(&lines, from, next);
                out.push_str(&self.patched(&lines[from..to], indent, index));
                out.extend(lines[to..next].iter().copied());
            } else {
                out.extend(lines[from..next].iter().copied());
            }
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        for index in self.existing..self.entries.len() {
            out.push_str(&emit::list_item(&self.entries[index], indent));
        }
        out.extend(lines[append_at.max(first)..].iter().copied());
        Ok(out)
    }
}
