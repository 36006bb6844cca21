//! `webhooks.yaml`, parsed once, with event pages merged into it as values
//! ([`WebhooksFile::merge`], the compare stage) and written back through the YAML editor
//! ([`WebhooksFile::render`], the write stage).
//!
//! A merge fills the event's `event_type`, `object_name` and `example` (the sample
//! verbatim), proposes a `variant` when it has none, and gives an event without a payload
//! shape one, `<Variant>Payload`, extending the common shape, whose members are the
//! sample's (those of the common shape left out) with draft docs holding the member's
//! `//` comment. Only that event's lines change and the new shape is appended to `shapes`;
//! the file is parsed once and read back once.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use jing_spec::Webhooks;
use serde_yaml::{Mapping, Value};

use super::key_order::{EVENT_KEY_ORDER, reorder};
use crate::import::compare::event_diff::{EventTarget, shape_fields};
use crate::import::facts::FactField;
use crate::import::read::event::EventFacts;
use crate::yaml::{self, Text};

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
        merge_event(entry, page, doc_url);
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
        let ordered = reorder(std::mem::take(entry), EVENT_KEY_ORDER);
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

/// The page's facts into its event entry: `event_type`, `object_name`, the page's address,
/// the sample (unless it is ours but for the white space that ends it), `partial` for a
/// catalogued event, a draft doc, and a proposed `variant`.
fn merge_event(entry: &mut Mapping, page: &EventFacts, doc_url: Option<&str>) {
    if let Some(event_type) = &page.event_type {
        entry.insert("event_type".into(), event_type.clone().into());
    }
    if let Some(object_name) = &page.object_name {
        entry.insert("object_name".into(), object_name.clone().into());
    }
    if let Some(url) = doc_url {
        entry.insert("doc_url".into(), url.into());
    }
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
