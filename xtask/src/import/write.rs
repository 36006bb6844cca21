//! `--write`: merge a page's facts into its group file, changing nothing else.
//!
//! The endpoint's entry is read as a YAML value (so every key is kept, ours or not), the
//! facts replace ours (method, path, limits, parameters, fields, types, required flags,
//! enum values, examples, status), our docs and notes stay, and a member new to the spec
//! gets the page's label as a `draft: true` doc, which the validator then reports, located,
//! until someone writes it in our words. Only the lines of that one entry are replaced (a
//! new endpoint is appended to the list); every other byte of the file stays as it was.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use serde_yaml::{Mapping, Value};

use super::diff::Target;
use super::facts::{FactField, FactParam, Facts, Label};
use jing_spec::Status;

/// The key order of an endpoint entry, as the spec files write it.
const KEY_ORDER: &[&str] = &[
    "name",
    "call",
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
    "headers",
    "query",
    "body",
    "response",
    "examples",
    "notes",
];

/// The group file's text with `facts` merged into the target's entry, and that entry as
/// YAML (what the spec would hold).
pub fn merge(
    text: &str,
    target: &Target<'_>,
    facts: &Facts,
    auth_headers: &BTreeSet<String>,
) -> Result<(String, String), String> {
    let document: Value = serde_yaml::from_str(text)
        .map_err(|error| format!("the group file does not parse: {error}"))?;
    let text_of =
        |item: &Value, key: &str| item.get(key).and_then(Value::as_str).map(str::to_owned);
    let is_target = |item: &Value| match target.endpoint {
        Some(endpoint) => text_of(item, "name").as_deref() == Some(endpoint.name.as_str()),
        // An endpoint the spec does not have yet may already have been appended by an
        // earlier page of this run (the file as merged so far): the same route, or the
        // name a new entry gets.
        None => {
            let route = facts.method.is_some()
                && facts.path.is_some()
                && text_of(item, "method").as_deref() == facts.method.map(|method| method.as_str())
                && text_of(item, "path") == facts.path;
            route || text_of(item, "name") == Some(new_name(facts))
        }
    };
    let existing = document
        .get("endpoints")
        .and_then(Value::as_sequence)
        .and_then(|items| {
            let index = items.iter().position(is_target)?;
            Some((index, items[index].clone()))
        });
    let (index, mut entry) = match existing {
        Some((index, Value::Mapping(entry))) => (Some(index), entry),
        Some(_) => return Err("the endpoint entry is not a mapping".to_owned()),
        None => (None, new_entry(facts)),
    };
    merge_entry(&mut entry, facts, auth_headers);
    let entry = ordered(entry);
    let yaml = serde_yaml::to_string(&entry).map_err(|error| error.to_string())?;
    let spliced = splice(text, index, &yaml)?;
    let reread: Value = serde_yaml::from_str(&spliced)
        .map_err(|error| format!("the merged file does not parse: {error}"))?;
    let written = reread
        .get("endpoints")
        .and_then(Value::as_sequence)
        .and_then(|items| match index {
            Some(index) => items.get(index),
            None => items.last(),
        });
    if written != Some(&Value::Mapping(entry)) {
        return Err("the merged entry does not read back as written".to_owned());
    }
    Ok((spliced, yaml))
}

/// The name a new entry gets: from the English title, else the path, else the Chinese title.
fn new_name(facts: &Facts) -> String {
    match (&facts.title_en, &facts.path) {
        (Some(title), _) => title.to_snake_case(),
        (None, Some(path)) => path.trim_start_matches("/v1/").to_snake_case(),
        (None, None) => facts.title_zh.to_snake_case(),
    }
}

fn new_entry(facts: &Facts) -> Mapping {
    let mut entry = Mapping::new();
    entry.insert("name".into(), new_name(facts).into());
    entry
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
        if let Some(description) = &facts.description {
            entry.insert("doc".into(), draft_text(description));
        }
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
    for (key, params) in [("headers", &facts.headers), ("query", &facts.query)] {
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
            item.insert("doc".into(), draft_label(&param.label, &param.name));
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
            item.insert("doc".into(), draft_label(&field.label, &field.name));
            item
        });
        item.insert("type".into(), field.ty.to_string().into());
        item.insert("required".into(), required_value(field.required));
        // A page that lists no values says nothing of them: ours stay.
        if !field.values.is_empty() {
            let values = field.values.iter().map(|value| {
                named_value(item.get("enum"), value).unwrap_or_else(|| {
                    let mut entry = Mapping::new();
                    entry.insert("value".into(), value.clone().into());
                    entry.insert("doc".into(), draft_text(value));
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
    list.and_then(Value::as_sequence)?
        .iter()
        .find(|entry| entry.get("value").and_then(Value::as_str) == Some(value))
        .cloned()
}

/// A doc drafted from a page's label, flagged for the validator.
fn draft_label(label: &Label, name: &str) -> Value {
    let zh = label
        .zh
        .clone()
        .or_else(|| label.en.clone())
        .unwrap_or_else(|| name.to_owned());
    let en = label
        .en
        .clone()
        .or_else(|| label.zh.clone())
        .unwrap_or_else(|| name.to_owned());
    draft(zh, en)
}

/// A doc drafted from one text: its Chinese lines and its other lines.
fn draft_text(text: &str) -> Value {
    let has_han = |line: &&str| line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let zh: Vec<&str> = text.lines().filter(has_han).collect();
    let en: Vec<&str> = text
        .lines()
        .filter(|line| !has_han(line) && !line.trim().is_empty())
        .collect();
    let pick = |lines: Vec<&str>| {
        if lines.is_empty() {
            text.to_owned()
        } else {
            lines.join("\n")
        }
    };
    draft(pick(zh), pick(en))
}

fn draft(zh: String, en: String) -> Value {
    let mut doc = Mapping::new();
    doc.insert("zh".into(), zh.into());
    doc.insert("en".into(), en.into());
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

/// `text` with endpoint `index` replaced by `yaml` (or `yaml` appended when `None`).
fn splice(text: &str, index: Option<usize>, yaml: &str) -> Result<String, String> {
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
    let starts: Vec<usize> = (list + 1..block_end)
        .filter(|&at| lines[at].starts_with(&format!("{indent}- ")))
        .collect();
    let rendered = render_item(yaml, &indent);
    let (from, to) = match index {
        Some(index) => {
            let from = *starts
                .get(index)
                .ok_or("the endpoint's entry was not found in the text")?;
            let mut to = starts.get(index + 1).copied().unwrap_or(block_end);
            // Blank and comment lines before the next entry belong to it.
            while to > from + 1
                && (lines[to - 1].trim().is_empty() || lines[to - 1].trim_start().starts_with('#'))
            {
                to -= 1;
            }
            (from, to)
        }
        None => {
            let mut at = block_end;
            while at > list + 1 && lines[at - 1].trim().is_empty() {
                at -= 1;
            }
            (at, at)
        }
    };
    let mut out = String::with_capacity(text.len() + rendered.len());
    if index.is_none() && after_colon == "[]" {
        out.extend(lines[..list].iter().copied());
        out.push_str("endpoints:\n");
        out.extend(lines[list + 1..from].iter().copied());
    } else {
        out.extend(lines[..from].iter().copied());
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&rendered);
    out.extend(lines[to..].iter().copied());
    Ok(out)
}

/// A mapping's YAML as one list item at `indent`.
fn render_item(yaml: &str, indent: &str) -> String {
    let mut out = String::new();
    for (number, line) in yaml.lines().enumerate() {
        let lead = if number == 0 { "- " } else { "  " };
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("{indent}{lead}{line}\n"));
        }
    }
    out
}
