//! What a change of `webhooks.yaml` does to the generated `webhook` module: event variants
//! removed, added or recognised otherwise, and payload shapes and their members.

use std::collections::BTreeMap;

use jing_spec::Webhooks;

use super::compare::{Changes, Class};
use super::members::{doc_changed, fields, ident};

impl Changes {
    /// Every change of the webhook events and payload shapes.
    pub(super) fn webhooks(&mut self, old: &Webhooks, new: &Webhooks) {
        let variants = |webhooks: &Webhooks| -> BTreeMap<String, (Option<String>, Option<String>)> {
            webhooks
                .events()
                .filter_map(|(_, event)| {
                    Some((
                        event.variant.clone()?,
                        (event.event_type.clone(), event.object_name.clone()),
                    ))
                })
                .collect()
        };
        let (before, after) = (variants(old), variants(new));
        for (variant, recognised) in &before {
            let item = format!("webhooks.Event::{variant}");
            match after.get(variant) {
                None => self.push(
                    Class::Breaking,
                    &item,
                    format!("event variant removed: `Event::{variant}` is gone"),
                ),
                Some(now) if now != recognised => self.push(
                    Class::Behaviour,
                    &item,
                    "recognised by another event_type or object_name",
                ),
                Some(_) => {}
            }
        }
        for variant in after
            .keys()
            .filter(|variant| !before.contains_key(*variant))
        {
            self.push(
                Class::Additive,
                format!("webhooks.Event::{variant}"),
                format!("new event variant `Event::{variant}`"),
            );
        }
        self.shapes(old, new);
    }

    /// Every change of the payload shapes: removed, extending another, their docs and
    /// members, and new ones.
    fn shapes(&mut self, old: &Webhooks, new: &Webhooks) {
        for shape in &old.shapes {
            let item = format!("webhooks.{}", shape.name);
            let Some(now) = new.shape(&shape.name) else {
                self.push(
                    Class::Breaking,
                    &item,
                    format!("payload type `webhook::{}` removed", shape.name),
                );
                continue;
            };
            if shape.extends != now.extends {
                self.push(
                    Class::Breaking,
                    &item,
                    "extends another shape: its flattened members changed",
                );
            }
            if doc_changed(&shape.doc, &now.doc) {
                self.push(Class::Docs, &item, "docs (zh and en)");
            }
            self.payload_members(&item, &shape.fields, &now.fields);
        }
        for shape in new
            .shapes
            .iter()
            .filter(|shape| old.shape(&shape.name).is_none())
        {
            self.push(
                Class::Additive,
                format!("webhooks.{}", shape.name),
                format!("new payload type `webhook::{}`", shape.name),
            );
        }
    }

    /// The members of one payload shape (`item`), removed, changed or new.
    fn payload_members(&mut self, item: &str, old: &[jing_spec::Field], new: &[jing_spec::Field]) {
        let (mut old_members, mut new_members) = (BTreeMap::new(), BTreeMap::new());
        fields(&mut old_members, "fields", old);
        fields(&mut new_members, "fields", new);
        // Payload members are all optional in Rust; only presence, type, values and docs count.
        for (path, member) in &old_members {
            let item = format!("{item}.{path}");
            match new_members.get(path) {
                None => self.push(
                    Class::Breaking,
                    &item,
                    format!(
                        "payload member removed: the field `{}` is gone",
                        ident(path)
                    ),
                ),
                Some(now) => self.member_common(&item, member, now),
            }
        }
        for path in new_members
            .keys()
            .filter(|path| !old_members.contains_key(*path))
        {
            self.push(
                Class::Additive,
                format!("{item}.{path}"),
                format!("new payload member: the field `{}`", ident(path)),
            );
        }
    }
}
