//! Event pages against `webhooks.yaml`, for the compare stage: which event page of the
//! spec a page is (by title, else by `event_type` and `object_name`), and how its facts
//! differ from the spec's event (its `event_type`, `object_name`, sample and members).

use jing_spec::{Field, WebhookEvent, Webhooks};

use super::diff::Change;
use crate::import::facts::FactField;
use crate::import::read::event::EventFacts;

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
