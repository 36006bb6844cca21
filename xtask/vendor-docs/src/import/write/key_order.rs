//! The order the spec's files write keys in: an endpoint entry's, a member's, an event
//! page's. What the importer merges is put in this order, so a new key lands where a
//! maintainer would have written it; keys it does not know keep theirs, at the end.

use serde_yaml::{Mapping, Value};

/// The key order of an endpoint entry, as the spec files write it.
pub(super) const KEY_ORDER: &[&str] = &[
    "name",
    "name_draft",
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
    "auth_draft",
    "idempotent",
    "rate_limit",
    "path_params",
    "headers",
    "query",
    "body",
    "answer",
    "answer_draft",
    "response",
    "examples",
    "overrides",
    "decisions",
    "notes",
];

/// An event entry's keys in the order webhooks.yaml writes them.
pub(super) const EVENT_KEY_ORDER: &[&str] = &[
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

/// The entry's keys in the spec's order; keys we do not know keep theirs, at the end.
pub(super) fn ordered(entry: Mapping) -> Mapping {
    reorder(entry, KEY_ORDER)
}

pub(super) fn ordered_member(member: Mapping) -> Mapping {
    reorder(
        member,
        &[
            "name",
            "type",
            "required",
            "nullable",
            "auth",
            "secret",
            "type_name",
            "credential",
            "doc",
            "enum",
            "example",
            "default",
            "minimum",
            "maximum",
            "min_length",
            "max_length",
            "fields",
            "shape",
            "notes",
        ],
    )
}

pub(super) fn reorder(mapping: Mapping, order: &[&str]) -> Mapping {
    let mut pairs: Vec<(Value, Value)> = mapping.into_iter().collect();
    pairs.sort_by_key(|(key, _)| {
        key.as_str()
            .and_then(|key| order.iter().position(|known| *known == key))
            .unwrap_or(order.len())
    });
    pairs.into_iter().collect()
}
