//! The webhook events in the intermediate form: the payload [`Shape`]s with their
//! flattened base, the `Event` enum's [`EventVariant`]s (the pages that share a variant
//! gathered, the path from each payload to the common shape worked out), and every
//! [`EventPage`] for the catalogue, the tables and the mock's samples; and their lowering.

use jing_spec::names;
use jing_spec::valid::EventView;
use jing_spec::{Doc, Status, Valid};

use super::field::{self, Context, Field};
use crate::docs;

/// `webhooks.yaml` in the intermediate form.
#[derive(Debug, Clone)]
pub(crate) struct Webhooks {
    /// The docs' title of the webhook section.
    pub(crate) title: Doc,
    /// What webhooks are, in our words.
    pub(crate) doc: Doc,
    /// Delivery facts: body format, verification, timestamps.
    pub(crate) notes: Vec<String>,
    /// The type name of the common shape, which unknown events decode into.
    pub(crate) common: String,
    /// The payload structs, in the spec's order.
    pub(crate) shapes: Vec<Shape>,
    /// The variants of `Event`, in the spec's order.
    pub(crate) variants: Vec<EventVariant>,
    /// Every event page of the docs, in the docs' order.
    pub(crate) pages: Vec<EventPage>,
}

/// A payload struct.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    /// Its Rust name.
    pub(crate) name: String,
    /// Its doc lines.
    pub(crate) doc: Vec<String>,
    /// The shape flattened into it, if it extends one.
    pub(crate) base: Option<Base>,
    /// Its own members.
    pub(crate) fields: Vec<Field>,
}

/// The shape a payload struct extends, flattened in as a member.
#[derive(Debug, Clone)]
pub(crate) struct Base {
    /// The member's Rust name.
    pub(crate) member: String,
    /// The shape's Rust name.
    pub(crate) type_name: String,
    /// The member's doc line.
    pub(crate) doc: String,
}

/// One variant of `Event`: the pages it covers, how it is recognised, its payload type.
#[derive(Debug, Clone)]
pub(crate) struct EventVariant {
    /// The variant's Rust name.
    pub(crate) name: String,
    /// The `event_type` that marks it.
    pub(crate) event_type: String,
    /// The `extra_data.object_name` that must also match, for object events.
    pub(crate) object_name: Option<String>,
    /// Its payload shape: the documented one, else the common shape.
    pub(crate) payload: String,
    /// The members to follow from the payload to the common shape, one flattened base per
    /// level (empty when the payload is the common shape).
    pub(crate) common_path: Vec<String>,
    /// The pages it covers, in the docs' order.
    pub(crate) pages: Vec<EventPage>,
}

/// One event page of the docs.
#[derive(Debug, Clone)]
pub(crate) struct EventPage {
    /// The key of its folder.
    pub(crate) group_key: String,
    /// The title of its folder.
    pub(crate) group_title: Doc,
    /// The docs' title.
    pub(crate) title: Doc,
    /// How much of the page is transcribed.
    pub(crate) status: Status,
    /// The page, when known.
    pub(crate) doc_url: Option<String>,
    /// The `event_type` that marks it, when known.
    pub(crate) event_type: Option<String>,
    /// The `extra_data.object_name` that must also match.
    pub(crate) object_name: Option<String>,
    /// The variant it decodes to, when recognised.
    pub(crate) variant: Option<String>,
    /// Its documented payload shape, if any.
    pub(crate) payload: Option<String>,
    /// What the event means, in our words, when known.
    pub(crate) doc: Option<Doc>,
    /// The docs' sample body, verbatim.
    pub(crate) example: Option<String>,
}

/// The webhooks of `spec` in the intermediate form, when it has them.
pub(crate) fn webhooks(spec: &Valid) -> Option<Webhooks> {
    let webhooks = spec.webhooks.as_ref()?;
    let shape = |shape: &jing_spec::PayloadShape| Shape {
        name: shape.name.clone(),
        doc: field::type_doc(&shape.doc),
        base: shape.extends.as_ref().map(|base| Base {
            member: names::field_name(base),
            type_name: base.clone(),
            doc: docs::flattened_base_line(base),
        }),
        fields: field::fields(&shape.name, &shape.fields, Context::Webhook),
    };
    let shapes = webhooks.shapes.iter().map(shape);
    let events: Vec<EventView<'_>> = spec.events().collect();
    let pages: Vec<EventPage> = (events.iter())
        .map(|&EventView { group, event, .. }| EventPage {
            group_key: group.key.clone(),
            group_title: group.title.clone(),
            title: event.title.clone(),
            status: event.status,
            doc_url: event.doc_url.clone(),
            event_type: event.event_type.clone(),
            object_name: event.object_name.clone(),
            variant: event.variant.clone(),
            payload: event.payload.clone(),
            doc: event.doc.clone(),
            example: event.example.clone(),
        })
        .collect();
    Some(Webhooks {
        title: webhooks.title.clone(),
        doc: webhooks.doc.clone(),
        notes: webhooks.notes.clone(),
        common: webhooks.common.clone(),
        shapes: shapes.collect(),
        variants: variants(&webhooks.common, &events, &pages),
        pages,
    })
}

/// The variants in spec order, pages that share a variant gathered under its first one;
/// `events` are the valid spec's views of the pages, `common` the common shape.
fn variants(common: &str, events: &[EventView<'_>], pages: &[EventPage]) -> Vec<EventVariant> {
    let mut variants: Vec<EventVariant> = Vec::new();
    for (page, event) in pages.iter().zip(events) {
        let (Some(name), Some(event_type)) = (&page.variant, &page.event_type) else {
            continue;
        };
        match variants.iter_mut().find(|variant| &variant.name == name) {
            Some(variant) => variant.pages.push(page.clone()),
            None => {
                let payload = page.payload.clone().unwrap_or_else(|| common.to_owned());
                variants.push(EventVariant {
                    name: name.clone(),
                    event_type: event_type.clone(),
                    object_name: page.object_name.clone(),
                    common_path: (event.common_path.iter())
                        .map(|base| names::field_name(base))
                        .collect(),
                    payload,
                    pages: vec![page.clone()],
                });
            }
        }
    }
    variants
}

#[cfg(test)]
mod tests {
    use crate::ir::Nested;

    const WEBHOOKS: &str = r#"
title: {zh: "事件", en: "Events"}
doc: {zh: "虚构。", en: "Made up."}
common: Common
shapes:
  - name: Common
    doc: {zh: "共有。", en: "Shared."}
    fields:
      - {name: event_type, type: string, required: null, doc: {zh: "事件名。", en: "Event name."}}
  - name: LeadData
    doc: {zh: "详情。", en: "Details."}
    fields:
      - {name: id, type: string, required: null, doc: {zh: "编号。", en: "Id."}}
  - name: LeadEvent
    extends: Common
    doc: {zh: "线索事件。", en: "A lead event."}
    fields:
      - {name: extra_data, type: object, required: null, shape: LeadData, doc: {zh: "详情。", en: "Details."}}
  - name: BigLeadEvent
    extends: LeadEvent
    doc: {zh: "大线索事件。", en: "A big lead event."}
    fields:
      - {name: size, type: integer, required: null, doc: {zh: "尺寸。", en: "Size."}}
groups:
  - key: leads
    title: {zh: "线索", en: "Leads"}
    events:
      - title: {zh: "线索创建（页一）", en: "Lead created (page one)"}
        status: documented
        doc_url: https://fixture.invalid/created-one
        event_type: lead_created
        variant: LeadCreated
        payload: BigLeadEvent
        doc: {zh: "创建时发送。", en: "Sent on creation."}
      - title: {zh: "线索创建（页二）", en: "Lead created (page two)"}
        status: documented
        doc_url: https://fixture.invalid/created-two
        event_type: lead_created
        variant: LeadCreated
        payload: BigLeadEvent
        doc: {zh: "创建时发送。", en: "Sent on creation."}
      - title: {zh: "线索删除", en: "Lead deleted"}
        status: catalogued
        event_type: lead_deleted
        variant: LeadDeleted
      - title: {zh: "未知", en: "Unknown name"}
        status: catalogued
"#;

    #[test]
    fn variants_gather_their_pages_and_know_their_way_to_the_common_shape() {
        let spec = crate::testing::spec_with_webhooks(crate::testing::TOKEN_CALL, WEBHOOKS);
        let api = crate::ir::lower(&spec);
        let webhooks = api.webhooks.as_ref().expect("webhooks");
        assert_eq!(webhooks.pages.len(), 4);
        let variants: Vec<(&str, &str, usize, Vec<&str>)> = webhooks
            .variants
            .iter()
            .map(|variant| {
                let path = variant.common_path.iter().map(String::as_str).collect();
                let (name, payload) = (variant.name.as_str(), variant.payload.as_str());
                (name, payload, variant.pages.len(), path)
            })
            .collect();
        assert_eq!(
            variants,
            [
                (
                    "LeadCreated",
                    "BigLeadEvent",
                    2,
                    vec!["lead_event", "common"]
                ),
                ("LeadDeleted", "Common", 1, vec![]),
            ]
        );
        let big = &webhooks.shapes[3];
        let base = big.base.as_ref().expect("extends LeadEvent");
        assert_eq!(
            (base.member.as_str(), base.type_name.as_str()),
            ("lead_event", "LeadEvent")
        );
        // A member naming a payload shape has that shape's type, declared on its own.
        let extra = &webhooks.shapes[2].fields[0];
        assert!(matches!(&extra.nested, Some(Nested::Shape(shape)) if shape == "LeadData"));
        assert!(extra.doc.iter().any(|line| line.contains("`extra_data`")));
    }
}
