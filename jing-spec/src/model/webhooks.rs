//! `webhooks.yaml`: payload shapes and the event pages of the docs.

use serde::Deserialize;

use super::{Doc, Field, Status};

/// The contents of `webhooks.yaml`: the events the platform POSTs to the customer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhooks {
    /// The docs' title of the webhook section.
    pub title: Doc,
    /// What webhooks are, in our words.
    pub doc: Doc,
    /// The shape that undocumented and unknown events decode into: the members all events
    /// are expected to share. Every event payload shape must extend it.
    pub common: String,
    /// Payload shapes: named structs of the generated `webhook` module.
    pub shapes: Vec<PayloadShape>,
    /// The docs' folders of events, in the docs' order.
    pub groups: Vec<EventGroup>,
    /// Delivery facts: body format, verification, timestamps.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Webhooks {
    /// Every event of every group, in spec order, with its group.
    pub fn events(&self) -> impl Iterator<Item = (&EventGroup, &WebhookEvent)> {
        self.groups
            .iter()
            .flat_map(|group| group.events.iter().map(move |event| (group, event)))
    }

    /// The shape named `name`.
    pub fn shape(&self, name: &str) -> Option<&PayloadShape> {
        self.shapes.iter().find(|shape| shape.name == name)
    }
}

/// A named payload struct: a whole event body, or an object inside one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayloadShape {
    /// The Rust type name (PascalCase).
    pub name: String,
    /// What it holds, in our words (a missing doc is an empty one, which the validator
    /// refuses).
    #[serde(default)]
    pub doc: Doc,
    /// A shape whose members this one also has (flattened into it).
    #[serde(default)]
    pub extends: Option<String>,
    /// Its own members.
    pub fields: Vec<Field>,
    /// Facts about the shape.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One folder of events in the docs (user, lead, account, ...).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventGroup {
    /// Identifier of the group (snake_case).
    pub key: String,
    /// The docs' folder title.
    pub title: Doc,
    /// Its event pages, in the docs' order.
    pub events: Vec<WebhookEvent>,
}

/// One event page of the docs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookEvent {
    /// The docs' title, exactly as printed.
    pub title: Doc,
    /// How much of the page is transcribed.
    pub status: Status,
    /// The page, when known.
    #[serde(default)]
    pub doc_url: Option<String>,
    /// The value of the body's `event_type` that marks this event, when known. Without
    /// it the event is catalogued but never recognised.
    #[serde(default)]
    pub event_type: Option<String>,
    /// The value of `extra_data.object_name` that must also match (object events).
    #[serde(default)]
    pub object_name: Option<String>,
    /// The `webhook::Event` variant it decodes to (PascalCase); needed with `event_type`.
    /// Pages whose bodies cannot be told apart share a variant.
    #[serde(default)]
    pub variant: Option<String>,
    /// The payload shape of the body, when documented; else the `common` shape.
    #[serde(default)]
    pub payload: Option<String>,
    /// What the event means, in our words, when known.
    #[serde(default)]
    pub doc: Option<Doc>,
    /// The docs' sample body, verbatim (with its `//` comments).
    #[serde(default)]
    pub example: Option<String>,
    /// Facts and contradictions of the page.
    #[serde(default)]
    pub notes: Vec<String>,
}
