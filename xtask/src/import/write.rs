//! `--write`: merge pages' facts into their group files, changing nothing else.
//!
//! A group file is parsed once ([`GroupFile::parse`]); each page's facts are merged into the
//! endpoint's entry as a YAML value (so every key is kept, ours or not): the facts replace
//! ours (method, path, limits, parameters, fields, types, required flags, enum values,
//! examples, status, the page's URL), our docs and notes stay, and a member new to the spec
//! gets a `draft: true` doc holding the vendor's text once, which the validator then
//! reports, located, until someone writes it in our words. [`GroupFile::render`] then
//! replaces only the lines of the entries that changed (new ones are appended) in one pass
//! and reads the result back once: every other byte of the file stays as it was, and the
//! work grows with the size of the file and the pages, not with their product.

use std::collections::{BTreeSet, HashMap};

use heck::ToSnakeCase;
use serde_yaml::{Mapping, Value};

use super::diff::Target;
use super::facts::{FactField, FactParam, Facts, Label};
use jing_spec::{HttpMethod, Status, TypeRef};
/// The key order of an endpoint entry, as the spec files write it.
const KEY_ORDER: &[&str] = &[
    "name",
    "call",
    "call_draft",
    "title",
    "doc",
    "status",
    "doc_url",
    "doc_pages",
    "method",
    "method_source",
    "path",
    "role",
    "auth",
    "idempotent",
    "rate_limit",
    "path_params",
    "headers",
    "query",
    "body",
    "response",
    "examples",
    "notes",
];

/// A group file, parsed once, with the entries merged into it so far.
#[derive(Debug)]
pub struct GroupFile {
    text: String,
    /// The `endpoints` items as the file holds them, then those appended in this run.
    entries: Vec<Value>,
    /// How many of `entries` the file already held.
    existing: usize,
    /// The entries merged in this run (indexes into `entries`).
    merged: BTreeSet<usize>,
    by_name: HashMap<String, usize>,
    by_route: HashMap<(String, String), usize>,
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

/// The drafts in an entry: docs flagged `draft: true`, and a proposed `call_draft`.
fn drafts_in(value: &Value) -> usize {
    match value {
        Value::Mapping(mapping) => {
            let own = usize::from(mapping.get("draft").and_then(Value::as_bool) == Some(true))
                + usize::from(mapping.contains_key("call_draft"));
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
            entries: Vec::new(),
            merged: BTreeSet::new(),
            by_name: HashMap::new(),
            by_route: HashMap::new(),
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
            .or_else(|| self.by_name.get(&new_name(facts)).copied())
            .filter(|&index| index >= self.existing)
    }

    /// A name for a new entry that no entry of the file has yet.
    fn free_name(&self, facts: &Facts) -> String {
        let base = new_name(facts);
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
                entry.insert("name".into(), self.free_name(facts).into());
                entry
            }
        };
        merge_entry(&mut entry, facts, auth_headers);
        if let Some(url) = doc_url {
            entry.insert("doc_url".into(), url.into());
        }
        if !entry.contains_key("call") && facts.path.is_some() {
            set_or_remove(
                &mut entry,
                "call_draft",
                proposed_call(facts).map(Value::from),
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
        let entry = self.entries.get(index).ok_or("no such entry")?;
        serde_yaml::to_string(entry).map_err(|error| error.to_string())
    }

    /// Whether any entry was merged.
    pub fn is_changed(&self) -> bool {
        !self.merged.is_empty()
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

    /// The text with the merged entries replaced (or appended), line by line.
    fn splice(&self) -> Result<String, String> {
        let text = &self.text;
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let list = lines
            .iter()
            .position(|line| line.starts_with("endpoints:"))
            .ok_or("the group file has no `endpoints:` line")?;
        let after_colon = lines[list].trim_end()["endpoints:".len()..].trim();
        if !after_colon.is_empty() && after_colon != "[]" {
            return Err(
                "`endpoints` is written inline; only a block list can be merged into".to_owned(),
            );
        }
        let block_end = (list + 1..lines.len())
            .find(|&at| {
                let line = lines[at];
                !line.starts_with([' ', '\t', '#', '\n', '\r']) && !line.trim().is_empty()
            })
            .unwrap_or(lines.len());
        let indent = lines[list + 1..block_end]
            .iter()
            .find(|line| line.trim_start().starts_with("- "))
            .map_or_else(
                || "  ".to_owned(),
                |line| line[..line.len() - line.trim_start().len()].to_owned(),
            );
        let item_start = format!("{indent}- ");
        let starts: Vec<usize> = (list + 1..block_end)
            .filter(|&at| lines[at].starts_with(&item_start))
            .collect();
        if starts.len() != self.existing {
            return Err(format!(
                "{} endpoint entries were found in the text at one indent, but the file holds {}",
                starts.len(),
                self.existing
            ));
        }
        // Where appended entries go: after the list's last non-blank line.
        let mut append_at = block_end;
        while append_at > list + 1 && lines[append_at - 1].trim().is_empty() {
            append_at -= 1;
        }
        let mut out = String::with_capacity(text.len() * 2);
        let first = starts.first().copied().unwrap_or(append_at);
        if after_colon == "[]" {
            out.extend(lines[..list].iter().copied());
            out.push_str("endpoints:\n");
            out.extend(lines[list + 1..first].iter().copied());
        } else {
            out.extend(lines[..first].iter().copied());
        }
        for (index, &from) in starts.iter().enumerate() {
            let next = starts.get(index + 1).copied().unwrap_or(append_at);
            if !self.merged.contains(&index) {
                out.extend(lines[from..next].iter().copied());
            } else {
                {
                    // Blank and comment lines before the next entry belong to it.
                    let mut to = next;
                    while to > from + 1
                        && (lines[to - 1].trim().is_empty()
                            || lines[to - 1].trim_start().starts_with('#'))
                    {
                        to -= 1;
                    }
                    render_item(&mut out, &self.entry_yaml(index)?, &indent);
                    out.extend(lines[to..next].iter().copied());
                }
            }
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        for index in self.existing..self.entries.len() {
            render_item(&mut out, &self.entry_yaml(index)?, &indent);
        }
        out.extend(lines[append_at.max(first)..].iter().copied());
        Ok(out)
    }
}

/// The method name proposed for a new endpoint: the path's last literal segment
/// (`/v1/widget/create` gives `create`), or the method's verb when a parameter ends the
/// path (`DELETE /v1/part/{id}` gives `delete`).
fn proposed_call(facts: &Facts) -> Option<String> {
    let path = facts.path.as_deref()?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    if last.starts_with('{') {
        let verb = match facts.method? {
            HttpMethod::Get => "get",
            HttpMethod::Post => "create",
            HttpMethod::Put | HttpMethod::Patch => "update",
            HttpMethod::Delete => "delete",
        };
        return Some(verb.to_owned());
    }
    Some(last.to_snake_case()).filter(|name| !name.is_empty())
}

/// The name a new entry gets: from the English title, else the path, else the Chinese title.
fn new_name(facts: &Facts) -> String {
    match (&facts.title_en, &facts.path) {
        (Some(title), _) => title.to_snake_case(),
        (None, Some(path)) => path.trim_start_matches("/v1/").to_snake_case(),
        (None, None) => facts.title_zh.to_snake_case(),
    }
}

fn merge_entry(entry: &mut Mapping, facts: &Facts, auth_headers: &BTreeSet<String>) {
    let mut title = Mapping::new();
    let existing_en = entry
        .get("title")
        .and_then(|title| title.get("en"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    title.insert("zh".into(), facts.title_zh.clone().into());
    let en = facts
        .title_en
        .clone()
        .or(existing_en)
        .unwrap_or_else(|| facts.title_zh.clone());
    title.insert("en".into(), en.into());
    entry.insert("title".into(), Value::Mapping(title));
    if !entry.contains_key("doc") {
        entry.insert("doc".into(), draft_doc(facts.description.clone()));
    }
    let status = if facts.has_tables {
        Status::Documented
    } else {
        Status::Partial
    };
    entry.insert("status".into(), status.as_str().into());
    set_or_remove(
        entry,
        "method",
        facts.method.map(|method| method.as_str().into()),
    );
    set_or_remove(entry, "path", facts.path.clone().map(Value::from));
    let limit = facts.rate_limit.map(|limit| {
        let mut map = Mapping::new();
        if let Some(count) = limit.per_second {
            map.insert("per_second".into(), count.into());
        }
        if let Some(count) = limit.per_day {
            map.insert("per_day".into(), count.into());
        }
        Value::Mapping(map)
    });
    set_or_remove(entry, "rate_limit", limit);
    for (key, params) in [
        ("path_params", &facts.path_params),
        ("headers", &facts.headers),
        ("query", &facts.query),
    ] {
        let merged = merge_params(entry.get(key), params, auth_headers);
        set_or_remove(entry, key, (!params.is_empty()).then_some(merged));
    }
    let body = facts.body.as_ref().map(|body| {
        let mut map = existing_mapping(entry.get("body"));
        map.insert(
            "shape".into(),
            format!("{:?}", body.shape).to_lowercase().into(),
        );
        map.insert(
            "fields".into(),
            merge_fields(map.get("fields"), &body.fields),
        );
        Value::Mapping(map)
    });
    set_or_remove(entry, "body", body);
    let response = facts.response.as_ref().map(|response| {
        let mut map = existing_mapping(entry.get("response"));
        map.insert("type".into(), response.ty.to_string().into());
        if response.fields.is_empty() {
            map.remove("fields");
        } else {
            map.insert(
                "fields".into(),
                merge_fields(map.get("fields"), &response.fields),
            );
        }
        Value::Mapping(map)
    });
    set_or_remove(entry, "response", response);
    if facts.request_example.is_some() || facts.response_example.is_some() {
        let mut examples = existing_mapping(entry.get("examples"));
        for (key, text) in [
            ("request", &facts.request_example),
            ("response", &facts.response_example),
        ] {
            if let Some(text) = text {
                examples.insert(key.into(), text.clone().into());
            }
        }
        entry.insert("examples".into(), Value::Mapping(examples));
    }
    if !facts.notes.is_empty() {
        let mut notes = entry
            .get("notes")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        for note in &facts.notes {
            if !notes
                .iter()
                .any(|seen| seen.as_str() == Some(note.as_str()))
            {
                notes.push(note.clone().into());
            }
        }
        entry.insert("notes".into(), Value::Sequence(notes));
    }
}

fn set_or_remove(entry: &mut Mapping, key: &str, value: Option<Value>) {
    match value {
        Some(value) => {
            entry.insert(key.into(), value);
        }
        None => {
            entry.remove(key);
        }
    }
}

fn existing_mapping(value: Option<&Value>) -> Mapping {
    value
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default()
}

/// The existing item of `list` named `name`, if any.
fn named<'a>(list: Option<&'a Value>, name: &str) -> Option<&'a Mapping> {
    list.and_then(Value::as_sequence)?
        .iter()
        .filter_map(Value::as_mapping)
        .find(|item| item.get("name").and_then(Value::as_str) == Some(name))
}

fn required_value(required: Option<bool>) -> Value {
    required.map_or(Value::Null, Value::Bool)
}

fn merge_params(
    existing: Option<&Value>,
    params: &[FactParam],
    auth_headers: &BTreeSet<String>,
) -> Value {
    let merged = params.iter().map(|param| {
        let mut item = named(existing, &param.name).cloned().unwrap_or_else(|| {
            let mut item = Mapping::new();
            item.insert("name".into(), param.name.clone().into());
            item.insert("doc".into(), draft_label_doc(&param.label));
            if auth_headers.contains(&param.name) {
                item.insert("auth".into(), true.into());
            }
            item
        });
        item.insert("type".into(), param.ty.to_string().into());
        item.insert("required".into(), required_value(param.required));
        Value::Mapping(ordered_member(item))
    });
    Value::Sequence(merged.collect())
}

fn merge_fields(existing: Option<&Value>, fields: &[FactField]) -> Value {
    let merged = fields.iter().map(|field| {
        let mut item = named(existing, &field.name).cloned().unwrap_or_else(|| {
            let mut item = Mapping::new();
            item.insert("name".into(), field.name.clone().into());
            item.insert("doc".into(), draft_label_doc(&field.label));
            item
        });
        item.insert("type".into(), field.ty.to_string().into());
        item.insert("required".into(), required_value(field.required));
        // A page that lists no values says nothing of them: ours stay.
        if !field.values.is_empty() {
            let values = field.values.iter().map(|value| {
                named_value(item.get("enum"), value).unwrap_or_else(|| {
                    let mut entry = Mapping::new();
                    // An integer-coded enum's values are written as the numbers they are.
                    let written = match value.parse::<i64>() {
                        Ok(number) if *field.ty.innermost() == TypeRef::Integer => number.into(),
                        _ => Value::from(value.clone()),
                    };
                    entry.insert("value".into(), written);
                    entry.insert("doc".into(), draft_doc(None));
                    Value::Mapping(entry)
                })
            });
            let values = Value::Sequence(values.collect());
            item.insert("enum".into(), values);
        }
        if field.fields.is_empty() {
            item.remove("fields");
        } else {
            let nested = merge_fields(item.get("fields"), &field.fields);
            item.insert("fields".into(), nested);
        }
        Value::Mapping(ordered_member(item))
    });
    Value::Sequence(merged.collect())
}

fn named_value(list: Option<&Value>, value: &str) -> Option<Value> {
    let text = |entry: &Value| match entry.get("value")? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    list.and_then(Value::as_sequence)?
        .iter()
        .find(|entry| text(entry).as_deref() == Some(value))
        .cloned()
}

/// A doc drafted from a page's label: the vendor's text, once, flagged for the validator.
pub(super) fn draft_label_doc(label: &Label) -> Value {
    let texts: Vec<&str> = [&label.zh, &label.en]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    draft_doc((!texts.is_empty()).then(|| texts.join("\n")))
}

/// A draft doc: what the vendor wrote, if anything (never text of our making), and the
/// flag the validator refuses until our own words replace it.
pub(super) fn draft_doc(vendor: Option<String>) -> Value {
    let mut doc = Mapping::new();
    if let Some(text) = vendor {
        doc.insert("vendor".into(), text.into());
    }
    doc.insert("draft".into(), true.into());
    Value::Mapping(doc)
}

/// The entry's keys in the spec's order; keys we do not know keep theirs, at the end.
fn ordered(entry: Mapping) -> Mapping {
    reorder(entry, KEY_ORDER)
}

fn ordered_member(member: Mapping) -> Mapping {
    reorder(
        member,
        &[
            "name",
            "type",
            "required",
            "auth",
            "type_name",
            "credential",
            "doc",
            "enum",
            "fields",
            "shape",
            "notes",
        ],
    )
}

fn reorder(mapping: Mapping, order: &[&str]) -> Mapping {
    let mut pairs: Vec<(Value, Value)> = mapping.into_iter().collect();
    pairs.sort_by_key(|(key, _)| {
        key.as_str()
            .and_then(|key| order.iter().position(|known| *known == key))
            .unwrap_or(order.len())
    });
    pairs.into_iter().collect()
}

/// A mapping's YAML as one list item at `indent`.
pub(super) fn render_item(out: &mut String, yaml: &str, indent: &str) {
    for (number, line) in yaml.lines().enumerate() {
        let lead = if number == 0 { "- " } else { "  " };
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(indent);
            out.push_str(lead);
            out.push_str(line);
            out.push('\n');
        }
    }
}
