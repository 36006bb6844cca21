//! A group file with pages' facts merged into it: as values in the compare stage
//! ([`GroupFile::merge`]), as text in the write stage ([`GroupFile::render`]), changing
//! nothing else.
//!
//! A group file is parsed once ([`GroupFile::parse`]); each page's facts are merged into the
//! endpoint's entry as a YAML value (so every key is kept, ours or not): the facts replace
//! ours (method, path, limits, parameters, fields, types, required flags, enum values,
//! examples, status, the page's URL), our docs and notes stay, and a member new to the spec
//! gets a `draft: true` doc holding the vendor's text once, which the validator then
//! reports, located, until someone writes it in our words. An entry whose value comes out
//! equal is not touched. [`GroupFile::render`] then edits the entries that changed in one
//! pass through the YAML editor (`crate::yaml`), only the lines of the keys and members
//! that changed (new text in the spec's style; new entries appended), and reads the
//! result back once: every
//! other byte of the file stays as it was, and the work grows with the size of the file
//! and the pages, not with their product.

use std::collections::{BTreeSet, HashMap};

use serde_yaml::{Mapping, Value};

use super::entry::{merge_entry, set_or_remove};
use super::key_order::{KEY_ORDER, ordered};
use super::propose;
use crate::import::compare::matcher::Target;
use crate::import::facts::Facts;
use crate::yaml::{self, Text};

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
            Value::Mapping(entry) => Ok(yaml::mapping_text(entry, 0)),
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
        let rendered = self.edited()?;
        let reread: Value = serde_yaml::from_str(&rendered)
            .map_err(|error| format!("the merged file does not parse: {error}"))?;
        let written = reread.get("endpoints").and_then(Value::as_sequence);
        if written.map(Vec::as_slice) != Some(self.entries.as_slice()) {
            return Err("the merged entries do not read back as written".to_owned());
        }
        Ok(rendered)
    }

    /// The text with the entries that changed rewritten (only the lines of what changed
    /// change) and the new ones appended, through the YAML editor.
    fn edited(&self) -> Result<String, String> {
        let text = Text::new(&self.text);
        let list = text.top_list("endpoints")?;
        if list.starts.len() != self.existing {
            return Err(format!(
                "{} endpoint entries were found in the text at one indent, but the file holds {}",
                list.starts.len(),
                self.existing
            ));
        }
        let mut edits = Vec::new();
        for index in (0..self.existing).filter(|&index| self.changed(index)) {
            let (old, new) = (&self.originals[index], &self.entries[index]);
            edits.push(yaml::rewrite_item(
                &text, &list, index, old, new, KEY_ORDER,
            )?);
        }
        edits.extend(yaml::append_items(
            &text,
            &list,
            &self.entries[self.existing..],
        ));
        yaml::apply(&self.text, edits)
    }
}
