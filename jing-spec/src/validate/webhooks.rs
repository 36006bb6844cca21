//! Rules of `webhooks.yaml`: payload shapes and what they extend, event pages and the
//! discriminators that recognise them.

use std::collections::{BTreeMap, BTreeSet};

use super::checker::{Checker, pascal, reserved_members, reserved_types};
use super::fields::{nested_types, shaped_fields};
use crate::model::{PayloadShape, Status, WebhookEvent, Webhooks};
use crate::names::{self, reserved};

/// How a variant is recognised and decoded: event_type, object_name, payload shape.
type Decoding<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

/// Checks `webhooks.yaml`: shapes and what they extend, events and their discriminators.
pub(super) fn webhooks(webhooks: &Webhooks, check: &mut Checker<'_>) {
    check.doc("title", &webhooks.title);
    check.doc("doc", &webhooks.doc);
    let known: BTreeSet<&str> = webhooks
        .shapes
        .iter()
        .map(|shape| shape.name.as_str())
        .collect();
    if !known.contains(webhooks.common.as_str()) {
        check.report(
            "common",
            format!("`{}` is not a shape of this file", webhooks.common),
        );
    }
    // Names the `webhook` module already has: the prelude's, the generated enum, and the
    // runtime's own items, which would shadow a generated type of the same name.
    let mut type_names = reserved_types(reserved::WEBHOOK_TYPES, "(in the webhook module)");
    for (index, shape) in webhooks.shapes.iter().enumerate() {
        self::shape(webhooks, shape, index, &known, &mut type_names, check);
    }
    let mut events = Events::default();
    for (group_index, group) in webhooks.groups.iter().enumerate() {
        let group_key = format!("groups[{group_index}]");
        check.snake(&format!("{group_key}.key"), &group.key);
        check.unique(
            &mut events.group_keys,
            group.key.clone(),
            &format!("{group_key}.key"),
            "group key",
        );
        check.doc(&format!("{group_key}.title"), &group.title);
        for (index, event) in group.events.iter().enumerate() {
            let key = format!("{group_key}.events[{index}]");
            events.event(webhooks, event, &key, &known, check);
        }
    }
}

/// One payload shape: its name, docs, base, and members with those it inherits.
fn shape(
    webhooks: &Webhooks,
    shape: &PayloadShape,
    index: usize,
    known: &BTreeSet<&str>,
    type_names: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    let key = format!("shapes[{index}]");
    pascal(&shape.name, &format!("{key}.name"), check);
    check.unique(
        type_names,
        shape.name.clone(),
        &format!("{key}.name"),
        "type",
    );
    check.doc(&format!("{key}.doc"), &shape.doc);
    if let Some(base) = &shape.extends {
        if !known.contains(base.as_str()) {
            check.report(
                &format!("{key}.extends"),
                format!("`{base}` is not a shape of this file"),
            );
        } else if extends_chain(webhooks, &shape.name).is_none() {
            check.report(
                &format!("{key}.extends"),
                format!("`{}` extends itself through `{base}`", shape.name),
            );
        }
    }
    // Members of the shape and of every shape it extends are flattened into one object.
    let mut members = reserved_members();
    let ancestors = extends_chain(webhooks, &shape.name).unwrap_or_default();
    for ancestor in ancestors.iter().skip(1) {
        for field in &ancestor.fields {
            members.insert(
                names::field_name(&field.name),
                format!("{} (inherited)", ancestor.name),
            );
        }
        members.insert(
            names::field_name(&ancestor.name),
            format!("{} (the flattened base)", ancestor.name),
        );
    }
    shaped_fields(
        &shape.fields,
        &format!("{key}.fields"),
        &shape.name,
        &mut members,
        Some(known),
        check,
    );
    nested_types(
        &shape.fields,
        &format!("{key}.fields"),
        &shape.name,
        type_names,
        check,
    );
}

/// What the events seen so far claim, to find two that contradict each other.
#[derive(Default)]
struct Events<'a> {
    group_keys: BTreeMap<String, String>,
    /// Each variant, how it decodes, and where it was first given.
    variants: BTreeMap<&'a str, (Decoding<'a>, String)>,
    /// Each discriminator, its variant, and where it was first given.
    by_discriminator: BTreeMap<(&'a str, Option<&'a str>), (&'a str, String)>,
    /// Whether events of each type carry an object name.
    object_events: BTreeMap<&'a str, bool>,
}

impl<'a> Events<'a> {
    /// One event page: docs, payload, and how it is recognised.
    fn event(
        &mut self,
        webhooks: &Webhooks,
        event: &'a WebhookEvent,
        key: &str,
        known: &BTreeSet<&str>,
        check: &mut Checker<'_>,
    ) {
        check.doc(&format!("{key}.title"), &event.title);
        if let Some(doc) = &event.doc {
            check.doc(&format!("{key}.doc"), doc);
        }
        if let Some(payload) = &event.payload {
            payload_extends_common(webhooks, payload, key, known, check);
        }
        if event.status != Status::Catalogued && event.doc.is_none() {
            check.missing_doc(
                &format!("{key}.doc"),
                "a transcribed event (not only catalogued) needs `doc`",
            );
        }
        match (&event.event_type, &event.variant) {
            (Some(event_type), Some(variant)) => {
                self.recognised(event, event_type, variant, key, check);
            }
            _ => unrecognised(event, key, check),
        }
    }

    /// An event with a discriminator: its variant agrees with every other claim.
    fn recognised(
        &mut self,
        event: &'a WebhookEvent,
        event_type: &'a str,
        variant: &'a str,
        key: &str,
        check: &mut Checker<'_>,
    ) {
        pascal(variant, &format!("{key}.variant"), check);
        if variant == reserved::UNKNOWN_EVENT {
            check.report(
                &format!("{key}.variant"),
                "`Unknown` is reserved for events nobody listed",
            );
        }
        let object = event.object_name.as_deref();
        let payload = event.payload.as_deref();
        let here = format!("{key}.variant");
        match self.variants.get(variant) {
            Some((decoding, first)) if *decoding != (event_type, object, payload) => {
                check.report(&here, format!("variant `{variant}` is used at `{first}` with another event_type, object_name or payload"));
            }
            Some(_) => {}
            None => {
                self.variants
                    .insert(variant, ((event_type, object, payload), here.clone()));
            }
        }
        match self.by_discriminator.get(&(event_type, object)) {
            Some((first_variant, first)) if *first_variant != variant => {
                check.report(&here, format!("the same event_type and object_name decode to `{first_variant}` at `{first}`; bodies that cannot be told apart share a variant"));
            }
            Some(_) => {}
            None => {
                self.by_discriminator
                    .insert((event_type, object), (variant, here.clone()));
            }
        }
        let with_object = object.is_some();
        if *self.object_events.entry(event_type).or_insert(with_object) != with_object {
            check.report(&format!("{key}.object_name"), format!("events of type `{event_type}` give object_name in some places and not in others"));
        }
    }
}

/// An event without a discriminator names nothing that needs one.
fn unrecognised(event: &WebhookEvent, key: &str, check: &mut Checker<'_>) {
    for (member, present) in [
        ("variant", event.variant.is_some()),
        ("object_name", event.object_name.is_some()),
        ("payload", event.payload.is_some()),
    ] {
        if present && event.event_type.is_none() {
            check.report(
                &format!("{key}.{member}"),
                format!("`{member}` needs `event_type`: an event without one cannot be recognised"),
            );
        }
    }
    if event.event_type.is_some() {
        check.report(
            &format!("{key}.variant"),
            "an event with `event_type` needs the `variant` it decodes to",
        );
    }
}

/// A payload is a shape of the file that is, or extends, the common shape.
fn payload_extends_common(
    webhooks: &Webhooks,
    payload: &str,
    key: &str,
    known: &BTreeSet<&str>,
    check: &mut Checker<'_>,
) {
    // The view the generator follows to the common shape: one definition of the promise.
    let extends_common = webhooks.common_path(payload).is_ok();
    if !known.contains(payload) {
        check.report(
            &format!("{key}.payload"),
            format!("`{payload}` is not a shape of this file"),
        );
    } else if !extends_common {
        check.report(
            &format!("{key}.payload"),
            format!(
                "`{payload}` must be or extend the common shape `{}`",
                webhooks.common
            ),
        );
    }
}

/// `name` and the shapes it extends, nearest first; `None` on a cycle or a missing shape.
fn extends_chain<'a>(webhooks: &'a Webhooks, name: &str) -> Option<Vec<&'a PayloadShape>> {
    let mut chain: Vec<&PayloadShape> = Vec::new();
    let mut next = Some(name);
    while let Some(current) = next {
        let shape = webhooks.shape(current)?;
        if chain.iter().any(|seen| seen.name == shape.name) {
            return None;
        }
        chain.push(shape);
        next = shape.extends.as_deref();
    }
    Some(chain)
}
