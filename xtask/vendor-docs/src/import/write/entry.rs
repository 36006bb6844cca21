//! One endpoint entry of a group file as a YAML value, with a page's facts merged in: the
//! facts replace ours (method, path, limits, parameters, fields, types, required flags,
//! enum values, examples, status), our docs and notes stay, and what is new gets a draft
//! doc holding the vendor's text once (never text of our making) for the validator to
//! refuse until someone writes ours. Keys are kept in the spec's order (`key_order.rs`).

use std::collections::BTreeSet;

use serde_yaml::{Mapping, Value};

use super::key_order::{ordered_member, reorder};
use crate::import::facts::{
    FactDecision, FactField, FactParam, Facts, Label, ValueFacts, example_key,
};
use jing_spec::{ContentType, Status, TypeRef};

/// Merges a page's `facts` into an endpoint `entry`.
pub(super) fn merge_entry(entry: &mut Mapping, facts: &Facts, auth_headers: &BTreeSet<String>) {
    let title = merge_title(entry.get("title"), facts);
    entry.insert("title".into(), title);
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
    merge_parts(entry, facts, auth_headers);
    merge_answer(entry, facts);
    crate::import::compare::auth::merge_auth(entry, facts);
    merge_examples(entry, facts);
    let decisions = merge_decisions(entry.get("decisions"), &facts.decisions);
    set_or_remove(
        entry,
        "decisions",
        (!facts.decisions.is_empty()).then_some(decisions),
    );
    merge_notes(entry, &facts.notes);
}

/// The parameters, the body and the response: the page's members merged with ours.
fn merge_parts(entry: &mut Mapping, facts: &Facts, auth_headers: &BTreeSet<String>) {
    // Only a header can be one of the spec's auth headers: a query `access_token` is the
    // page's own credential, which the caller passes.
    let none = BTreeSet::new();
    for (key, params, auth) in [
        ("path_params", &facts.path_params, &none),
        ("headers", &facts.headers, auth_headers),
        ("query", &facts.query, &none),
    ] {
        let merged = merge_params(entry.get(key), params, auth);
        set_or_remove(entry, key, (!params.is_empty()).then_some(merged));
    }
    let body = facts.body.as_ref().map(|body| {
        let mut map = existing_mapping(entry.get("body"));
        set_content_type(&mut map, body.content_type);
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
        set_type(&mut map, &response.ty);
        if *response.ty.innermost() != TypeRef::Object {
            map.remove("fields");
        } else if response.fields.is_empty() {
            // An object the page lists no member of: a documented empty object.
            map.insert("fields".into(), Value::Sequence(Vec::new()));
        } else {
            map.insert(
                "fields".into(),
                merge_fields(map.get("fields"), &response.fields),
            );
        }
        Value::Mapping(map)
    });
    set_or_remove(entry, "response", response);
}

/// The page's examples, where they are not the same JSON as ours.
fn merge_examples(entry: &mut Mapping, facts: &Facts) {
    // No answer example after settling (where the page has none, ours stays) is one held
    // back (`example_hold.rs`): one written before goes too.
    if facts.response_example.is_none() {
        if let Some(Value::Mapping(examples)) = entry.get_mut("examples") {
            examples.remove("response");
            if examples.is_empty() {
                entry.remove("examples");
            }
        }
    }
    let more = !facts.other_examples.is_empty();
    if facts.request_example.is_some() || facts.response_example.is_some() || more {
        let mut examples = existing_mapping(entry.get("examples"));
        for (key, text) in [
            ("request", &facts.request_example),
            ("response", &facts.response_example),
        ] {
            // The same JSON (whatever its layout) is the same example: ours stays as written.
            let same = |ours: &Value| {
                ours.as_str()
                    .zip(text.as_deref())
                    .is_some_and(|(ours, page)| example_key(ours) == example_key(page))
            };
            if let Some(text) = text
                .as_ref()
                .filter(|_| !examples.get(key).is_some_and(same))
            {
                examples.insert(key.into(), text.clone().into());
            }
        }
        merge_more_examples(&mut examples, &facts.other_examples);
        entry.insert("examples".into(), Value::Mapping(examples));
    }
}

/// The page's other examples (`more`: `{name, request | response}`), in its order; ours
/// stay as written where they are the same JSON.
fn merge_more_examples(examples: &mut Mapping, others: &[(String, String)]) {
    if others.is_empty() {
        return;
    }
    let ours = examples.get("more").and_then(Value::as_sequence).cloned();
    let same = ours.as_ref().is_some_and(|ours| {
        ours.len() == others.len()
            && ours.iter().zip(others).all(|(mine, (name, text))| {
                let (part, name) = name.split_once('.').unwrap_or(("response", name));
                mine.get("name").and_then(Value::as_str) == Some(name)
                    && mine.get(part).and_then(Value::as_str).map(example_key)
                        == Some(example_key(text))
            })
    });
    if same {
        return;
    }
    let more: Vec<Value> = others
        .iter()
        .map(|(name, text)| {
            let (part, name) = name.split_once('.').unwrap_or(("response", name));
            let mut item = Mapping::new();
            item.insert("name".into(), name.into());
            item.insert(part.into(), text.clone().into());
            Value::Mapping(item)
        })
        .collect();
    examples.insert("more".into(), Value::Sequence(more));
}

/// The page's notes after ours, each once.
fn merge_notes(entry: &mut Mapping, page_notes: &[String]) {
    if !page_notes.is_empty() {
        let mut notes = entry
            .get("notes")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        for note in page_notes {
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

/// An answer outside the Jing envelope: the importer's reading as `answer_draft` for a
/// maintainer to confirm; a confirmed `answer` is never touched.
fn merge_answer(entry: &mut Mapping, facts: &Facts) {
    match &facts.answer {
        Some(answer) if answer.confirmed => {
            entry.remove("answer_draft");
        }
        Some(answer) => {
            let value = serde_yaml::to_value(&answer.answer).unwrap_or(Value::Null);
            entry.insert("answer_draft".into(), value);
        }
        None => {
            entry.remove("answer_draft");
        }
    }
}

/// The decisions: the spec's items as they are (an open one with the page's statement of
/// now), new ones with a draft doc for our word; none the facts no longer have.
fn merge_decisions(existing: Option<&Value>, decisions: &[FactDecision]) -> Value {
    let items = existing.and_then(Value::as_sequence);
    let merged = decisions.iter().map(|decision| {
        let found = items
            .into_iter()
            .flatten()
            .find(|item| item.get("fact").and_then(Value::as_str) == Some(decision.fact.as_str()));
        let mut item = found
            .and_then(Value::as_mapping)
            .cloned()
            .unwrap_or_else(|| {
                let mut item = Mapping::new();
                item.insert("fact".into(), decision.fact.clone().into());
                item.insert("doc".into(), draft_doc(None));
                item
            });
        if !decision.decided {
            item.insert("page".into(), decision.page.clone().into());
        }
        Value::Mapping(reorder(item, &["fact", "page", "doc"]))
    });
    Value::Sequence(merged.collect())
}

/// A member's `nullable`, example, default and limits: written where the page states them,
/// removed where it (and the spec) does not.
fn set_value_facts(item: &mut Mapping, value: &ValueFacts) {
    let json = |value: &Option<serde_json::Value>| {
        value
            .as_ref()
            .and_then(|value| serde_yaml::to_value(value).ok())
    };
    let number = |value: &Option<serde_json::Number>| {
        value
            .as_ref()
            .and_then(|value| serde_yaml::to_value(value).ok())
    };
    set_or_remove(item, "nullable", value.nullable.then(|| true.into()));
    set_or_remove(item, "example", json(&value.example));
    set_or_remove(item, "default", json(&value.default));
    set_or_remove(item, "minimum", number(&value.minimum));
    set_or_remove(item, "maximum", number(&value.maximum));
    set_or_remove(item, "min_length", value.min_length.map(Value::from));
    set_or_remove(item, "max_length", value.max_length.map(Value::from));
}

/// The title: each language the page gives replaces ours; a language neither gives is
/// left empty for a maintainer (never copied from the other).
fn merge_title(existing: Option<&Value>, facts: &Facts) -> Value {
    let mut title = existing_mapping(existing);
    if !facts.title_zh.trim().is_empty() {
        title.insert("zh".into(), facts.title_zh.clone().into());
    }
    if let Some(en) = &facts.title_en {
        title.insert("en".into(), en.clone().into());
    }
    for language in ["zh", "en"] {
        if !title.contains_key(language) {
            title.insert(language.into(), "".into());
        }
    }
    Value::Mapping(reorder(title, &["zh", "en"]))
}

/// Sets `type`, unless the text already says the same type (spaced otherwise, say).
fn set_type(item: &mut Mapping, ty: &TypeRef) {
    let same = item
        .get("type")
        .and_then(Value::as_str)
        .and_then(|text| text.parse::<TypeRef>().ok())
        .is_some_and(|ours| ours == *ty);
    if !same {
        item.insert("type".into(), ty.to_string().into());
    }
}

/// Sets `required` (`null`: the page does not say).
fn set_required(item: &mut Mapping, required: Option<bool>) {
    item.insert("required".into(), required_value(required));
}

/// A body's `content_type`: `json` is the default and not written; a form says so, first.
fn set_content_type(map: &mut Mapping, content_type: ContentType) {
    if content_type != ContentType::Form {
        map.remove("content_type");
    } else if map.contains_key("content_type") {
        map.insert("content_type".into(), "form".into());
    } else {
        *map = std::iter::once(("content_type".into(), "form".into()))
            .chain(std::mem::take(map))
            .collect();
    }
}

pub(super) fn set_or_remove(entry: &mut Mapping, key: &str, value: Option<Value>) {
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
        set_type(&mut item, &param.ty);
        set_required(&mut item, param.required);
        merge_values(&mut item, &param.values, &param.labels, &param.ty);
        set_value_facts(&mut item, &param.value);
        // The page's security scheme marks a secret; a mark made by hand is never removed.
        if param.secret {
            item.insert("secret".into(), true.into());
        }
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
        set_type(&mut item, &field.ty);
        set_required(&mut item, field.required);
        merge_values(&mut item, &field.values, &field.labels, &field.ty);
        set_value_facts(&mut item, &field.value);
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

/// The `enum` of a field or parameter from the page's values; ours (with their docs) are
/// kept for the values the page still lists. A page that lists no values says nothing of
/// them: ours stay. A value the page labels (`x-apifox-enum`) and the spec has no doc for
/// gets the label as its doc (a short Chinese label as the zh doc, longer text as a draft).
fn merge_values(item: &mut Mapping, values: &[String], labels: &[(String, String)], ty: &TypeRef) {
    if values.is_empty() {
        return;
    }
    let merged = values.iter().map(|value| {
        let mut entry = named_value(item.get("enum"), value)
            .and_then(|entry| entry.as_mapping().cloned())
            .unwrap_or_else(|| {
                let mut entry = Mapping::new();
                // An integer-coded enum's values are written as the numbers they are.
                let written = match value.parse::<i64>() {
                    Ok(number) if *ty.innermost() == TypeRef::Integer => number.into(),
                    _ => Value::from(value.clone()),
                };
                entry.insert("value".into(), written);
                entry
            });
        // A value the page does not describe gets no doc: the generated variant says which
        // wire value it is.
        let label = labels.iter().find(|(labelled, _)| labelled == value);
        if let (Some((_, label)), false) = (label, entry.contains_key("doc")) {
            let chinese = label.chars().any(crate::import::read::title::is_han);
            let label = Label {
                zh: chinese.then(|| label.clone()),
                en: (!chinese).then(|| label.clone()),
            };
            entry.insert("doc".into(), draft_label_doc(&label));
        }
        Value::Mapping(entry)
    });
    let merged = Value::Sequence(merged.collect());
    item.insert("enum".into(), merged);
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

/// A doc from a page's label. A short Chinese label (a name-like phrase such as
/// 手机号码, not a sentence) is a fact like the member's name and stands as the zh doc;
/// the en doc is still ours, so the validator asks for it. Anything longer is kept once
/// as the vendor's text of a draft.
pub(super) fn draft_label_doc(label: &Label) -> Value {
    if let (Some(zh), None) = (&label.zh, &label.en) {
        if is_short_label(zh) {
            let mut doc = Mapping::new();
            doc.insert("zh".into(), zh.clone().into());
            return Value::Mapping(doc);
        }
    }
    let texts: Vec<&str> = [&label.zh, &label.en]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    draft_doc((!texts.is_empty()).then(|| texts.join("\n")))
}

/// A name-like phrase: Chinese, one line, at most 12 characters, no sentence punctuation.
fn is_short_label(text: &str) -> bool {
    let text = text.trim();
    let chinese = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    chinese
        && !text.is_empty()
        && text.chars().count() <= 12
        && !text.contains([
            '\n', '。', '，', '；', '：', '！', '？', ',', ';', ':', '!', '?', '(', '（',
        ])
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
