//! Event pages against `webhooks.yaml`: which event page of the spec a page is, how its
//! facts differ, and (`--write`) merging them in.
//!
//! `--write` fills the event's `event_type`, `object_name` and `example` (the sample
//! verbatim), proposes a `variant` when it has none, and gives an event without a payload
//! shape one, `<Variant>Payload`, extending the common shape, whose members are the
//! sample's (those of the common shape left out) with draft docs holding the member's
//! `//` comment. Only that event's lines change and the new shape is appended to `shapes`;
//! the file is parsed once and read back once.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use jing_spec::{Field, WebhookEvent, Webhooks};
use serde_yaml::{Mapping, Value};

use super::diff::Change;
use super::event::EventFacts;
use super::facts::FactField;
use crate::yaml::{self, Text};

/// An event entry's keys in the order webhooks.yaml writes them.
const EVENT_KEY_ORDER: &[&str] = &[
    "title",
    "status",
    "doc_url",
    "event_type",
    "object_name",
    "variant",
    "payload",
    "doc",
    "notes",
    "example",
];

/// An event page of the spec: its group and its index in the group.
#[derive(Debug, Clone, Copy)]
pub struct EventTarget<'a> {
    /// The group's index in `groups`.
    pub group: usize,
    /// The event's index in the group's `events`.
    pub index: usize,
    /// The event page.
    pub event: &'a WebhookEvent,
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The spec's event page with the page's title (zh, spaces aside), else the only page whose
/// `event_type` and `object_name` are the sample's.
pub fn find_event<'a>(
    webhooks: &'a Webhooks,
    page: &EventFacts,
) -> Result<EventTarget<'a>, String> {
    let all = || {
        webhooks
            .groups
            .iter()
            .enumerate()
            .flat_map(|(group, events)| {
                events
                    .events
                    .iter()
                    .enumerate()
                    .map(move |(index, event)| EventTarget {
                        group,
                        index,
                        event,
                    })
            })
    };
    let title = squeeze(&page.title);
    if let Some(found) = all().find(|target| squeeze(&target.event.title.zh) == title) {
        return Ok(found);
    }
    let same = |target: &EventTarget<'_>| {
        page.event_type.is_some()
            && target.event.event_type == page.event_type
            && target.event.object_name == page.object_name
    };
    let mut matching = all().filter(same);
    match (matching.next(), matching.next()) {
        (Some(found), None) => Ok(found),
        _ => Err(format!(
            "`{}` is not an event page of webhooks.yaml (by title, or by event_type and object_name alone): catalogue the page under its group first",
            page.title
        )),
    }
}

/// The members of a payload shape as facts: its own, those of the shapes it extends, and
/// those of a shape a member names.
pub fn shape_fields(webhooks: &Webhooks, shape: &str) -> Vec<FactField> {
    fn walk(webhooks: &Webhooks, shape: &str, depth: usize) -> Vec<FactField> {
        let Some(found) = webhooks.shape(shape).filter(|_| depth < 16) else {
            return Vec::new();
        };
        let mut fields = found
            .extends
            .as_deref()
            .map(|parent| walk(webhooks, parent, depth + 1))
            .unwrap_or_default();
        fields.extend(
            found
                .fields
                .iter()
                .map(|field| fact(webhooks, field, depth)),
        );
        fields
    }
    fn fact(webhooks: &Webhooks, field: &Field, depth: usize) -> FactField {
        let mut fact = FactField::of_spec(field);
        if let Some(shape) = &field.shape {
            fact.fields = walk(webhooks, shape, depth + 1);
        }
        fact
    }
    walk(webhooks, shape, 0)
}

/// Every fact of the page that the spec's event states otherwise. Members the sample lacks
/// are not reported: samples leave members out, and some are cut off.
pub fn event_changes(webhooks: &Webhooks, event: &WebhookEvent, page: &EventFacts) -> Vec<Change> {
    let mut out = Vec::new();
    let mut note = |key: &str, ours: Option<String>, theirs: Option<String>| {
        if theirs.is_some() && ours != theirs {
            out.push(Change {
                key: key.to_owned(),
                ours,
                page: theirs,
            });
        }
    };
    note(
        "event_type",
        event.event_type.clone(),
        page.event_type.clone(),
    );
    note(
        "object_name",
        event.object_name.clone(),
        page.object_name.clone(),
    );
    let same_sample = event
        .example
        .as_deref()
        .is_some_and(|ours| ours.trim() == page.sample.trim());
    if !same_sample {
        note(
            "example",
            event
                .example
                .as_ref()
                .map(|_| "the spec's sample".to_owned()),
            Some("the page's sample".to_owned()),
        );
    }
    let shape = event.payload.as_deref().unwrap_or(&webhooks.common);
    members(
        "payload",
        &shape_fields(webhooks, shape),
        &page.members,
        &mut out,
    );
    out
}

fn members(part: &str, ours: &[FactField], page: &[FactField], out: &mut Vec<Change>) {
    for field in page {
        let key = format!("{part}.{}", field.name);
        match ours.iter().find(|mine| mine.name == field.name) {
            None => out.push(Change {
                key,
                ours: None,
                page: Some(field.ty.to_string()),
            }),
            Some(mine) => {
                // `null` in a sample says nothing of the type.
                if field.ty.innermost() != &jing_spec::TypeRef::Any
                    && !compatible(&mine.ty, &field.ty)
                {
                    out.push(Change {
                        key: key.clone(),
                        ours: Some(mine.ty.to_string()),
                        page: Some(field.ty.to_string()),
                    });
                }
                // A map's entries are data, not members.
                if !matches!(mine.ty, jing_spec::TypeRef::Map(_)) {
                    members(&key, &mine.fields, &field.fields, out);
                }
            }
        }
    }
}

/// Whether a sample's type fits the spec's: equal, `any` on our side, an integer where
/// a number is expected, an object where a map is.
fn compatible(ours: &jing_spec::TypeRef, page: &jing_spec::TypeRef) -> bool {
    use jing_spec::TypeRef::{Any, Array, Integer, Map, Number, Object};
    match (ours, page) {
        (Any, _) | (Number, Integer) | (Map(_), Object) => true,
        (Array(mine), Array(theirs)) => **theirs == Any || compatible(mine, theirs),
        (mine, theirs) => mine == theirs,
    }
}

/// `webhooks.yaml`, parsed once, with the event pages merged into it so far.
#[derive(Debug)]
pub struct WebhooksFile {
    text: String,
    document: Value,
    /// The file as it was read, before any merge.
    original: Value,
    /// Events merged (group index, event index).
    merged: BTreeSet<(usize, usize)>,
    /// Shapes appended in this run, by name.
    new_shapes: Vec<Mapping>,
}

impl WebhooksFile {
    /// Parses the file's text (once).
    pub fn parse(text: String) -> Result<Self, String> {
        let document: Value = serde_yaml::from_str(&text)
            .map_err(|error| format!("webhooks.yaml does not parse: {error}"))?;
        Ok(WebhooksFile {
            text,
            original: document.clone(),
            document,
            merged: BTreeSet::new(),
            new_shapes: Vec::new(),
        })
    }

    /// Merges `page` into the target event; returns the event entry as YAML.
    pub fn merge(
        &mut self,
        webhooks: &Webhooks,
        target: &EventTarget<'_>,
        page: &EventFacts,
        doc_url: Option<&str>,
    ) -> Result<String, String> {
        let common_fields: Vec<String> = shape_fields(webhooks, &webhooks.common)
            .into_iter()
            .map(|field| field.name)
            .collect();
        let taken: BTreeSet<String> =
            webhooks
                .shapes
                .iter()
                .map(|shape| shape.name.clone())
                .chain(self.new_shapes.iter().filter_map(|shape| {
                    shape.get("name").and_then(Value::as_str).map(str::to_owned)
                }))
                .collect();
        let common = webhooks.common.clone();
        let entry = self
            .document
            .get_mut("groups")
            .and_then(|groups| groups.get_mut(target.group))
            .and_then(|group| group.get_mut("events"))
            .and_then(|events| events.get_mut(target.index))
            .and_then(Value::as_mapping_mut)
            .ok_or("the event's entry was not found in webhooks.yaml")?;
        if let Some(event_type) = &page.event_type {
            entry.insert("event_type".into(), event_type.clone().into());
        }
        if let Some(object_name) = &page.object_name {
            entry.insert("object_name".into(), object_name.clone().into());
        }
        if let Some(url) = doc_url {
            entry.insert("doc_url".into(), url.into());
        }
        // The same sample but for the white space that ends it is the same example.
        let same = entry
            .get("example")
            .and_then(Value::as_str)
            .is_some_and(|ours| ours.trim_end() == page.sample.trim_end());
        if !same {
            entry.insert(
                "example".into(),
                format!("{}\n", page.sample.trim_end()).into(),
            );
        }
        if entry.get("status").and_then(Value::as_str) == Some("catalogued") {
            entry.insert("status".into(), "partial".into());
        }
        if !entry.contains_key("doc") {
            entry.insert("doc".into(), super::entry::draft_doc(None));
        }
        propose_variant(entry, page);
        let shape = (!entry.contains_key("payload")).then(|| {
            let name = payload_name(entry, page, &taken);
            entry.insert("payload".into(), name.clone().into());
            let fields: Vec<&FactField> = page
                .members
                .iter()
                .filter(|field| !common_fields.contains(&field.name))
                .collect();
            payload_shape(&name, &common, &fields)
        });
        let ordered = super::entry::reorder(std::mem::take(entry), EVENT_KEY_ORDER);
        *entry = ordered;
        let yaml = serde_yaml::to_string(&*entry).map_err(|error| error.to_string())?;
        self.merged.insert((target.group, target.index));
        if let Some(shape) = shape {
            let shapes = self
                .document
                .get_mut("shapes")
                .and_then(Value::as_sequence_mut)
                .ok_or("webhooks.yaml has no `shapes` list")?;
            shapes.push(Value::Mapping(shape.clone()));
            self.new_shapes.push(shape);
        }
        Ok(yaml)
    }

    /// Whether any event changed (or a shape was added).
    pub fn is_changed(&self) -> bool {
        self.document != self.original
    }

    /// Event `index` of group `group`, as merged and as it was.
    fn event(&self, group: usize, index: usize) -> (&Value, &Value) {
        (
            &self.document["groups"][group]["events"][index],
            &self.original["groups"][group]["events"][index],
        )
    }

    /// The file's text with the merged events in place and the new shapes appended, read
    /// back once to check it.
    pub fn render(&self) -> Result<String, String> {
        let text = Text::new(&self.text);
        let shapes = text.top_list("shapes")?;
        let groups = text.top_list("groups")?;
        let mut edits = Vec::new();
        for &(group, index) in &self.merged {
            let (entry, original) = self.event(group, index);
            if entry == original {
                continue;
            }
            let (start, end) = groups
                .item(text.lines(), group)
                .ok_or("a group was not found in the text")?;
            let events = text
                .list(start, end, "events", groups.indent + 2)
                .ok_or("a group's `events` is not a block list")?;
            // Only the lines of what changed change (the whole event when that fails).
            edits.push(yaml::rewrite_item(
                &text,
                &events,
                index,
                original,
                entry,
                EVENT_KEY_ORDER,
            )?);
        }
        let shapes_new: Vec<Value> = self
            .new_shapes
            .iter()
            .cloned()
            .map(Value::Mapping)
            .collect();
        edits.extend(yaml::append_items(&text, &shapes, &shapes_new));
        let rendered = yaml::apply(&self.text, edits)?;
        let reread: Value = serde_yaml::from_str(&rendered)
            .map_err(|error| format!("the merged webhooks.yaml does not parse: {error}"))?;
        if reread != self.document {
            return Err("the merged webhooks.yaml does not read back as written".to_owned());
        }
        Ok(rendered)
    }
}

/// The name of a new payload shape: `<Variant>Payload`, numbered past the names taken.
fn payload_name(entry: &Mapping, page: &EventFacts, taken: &BTreeSet<String>) -> String {
    let variant = entry
        .get("variant")
        .and_then(Value::as_str)
        .map_or_else(|| page.title.to_upper_camel_case(), str::to_owned);
    let base = format!("{variant}Payload");
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}{n}")
            }
        })
        .find(|name| !taken.contains(name))
        .unwrap_or(base)
}

/// A `variant` proposed for an event the page names, when it has none.
fn propose_variant(entry: &mut Mapping, page: &EventFacts) {
    if page.event_type.is_some() && !entry.contains_key("variant") {
        let proposed = match &page.object_name {
            Some(object) => format!(
                "{object}_{}",
                page.event_type.as_deref().unwrap_or_default()
            ),
            None => page.event_type.clone().unwrap_or_default(),
        };
        entry.insert("variant".into(), proposed.to_upper_camel_case().into());
    }
}

/// The new payload shape: extends the common shape, the sample's other members as drafts.
fn payload_shape(name: &str, common: &str, fields: &[&FactField]) -> Mapping {
    let mut shape = Mapping::new();
    shape.insert("name".into(), name.into());
    shape.insert("doc".into(), super::entry::draft_doc(None));
    shape.insert("extends".into(), common.into());
    let members: Vec<Value> = fields.iter().map(|field| member(field)).collect();
    shape.insert("fields".into(), Value::Sequence(members));
    shape
}

/// A sample member as a shape field: type, unknown requirement, a draft doc; an object
/// without members (`{}` in the sample) is a `map<any>`.
fn member(field: &FactField) -> Value {
    let mut item = Mapping::new();
    item.insert("name".into(), field.name.clone().into());
    let ty = match (&field.ty, field.fields.is_empty()) {
        (jing_spec::TypeRef::Object, true) => "map<any>".to_owned(),
        (jing_spec::TypeRef::Array(inner), true) if **inner == jing_spec::TypeRef::Object => {
            "array<map<any>>".to_owned()
        }
        (ty, _) => ty.to_string(),
    };
    item.insert("type".into(), ty.into());
    item.insert("required".into(), Value::Null);
    item.insert("doc".into(), super::entry::draft_label_doc(&field.label));
    if !field.fields.is_empty() {
        let nested: Vec<Value> = field.fields.iter().map(member).collect();
        item.insert("fields".into(), Value::Sequence(nested));
    }
    Value::Mapping(item)
}
