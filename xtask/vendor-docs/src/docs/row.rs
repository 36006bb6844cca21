//! One open decision as a row of the sheet: its key by names, what the item is, its type,
//! the vendor's text and ours so far; and a positional key path by names.

use jing_spec::{Need, Open};
use serde_yaml::Value;

use crate::yaml::{join, segments, split_member};

/// One row of the sheet: a decision the spec waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `file: path`, by names.
    pub key: String,
    /// What the item is: endpoint, body field, enum value, …
    pub kind: String,
    /// The item's type, when it has one.
    pub ty: String,
    /// The vendor's text kept with a draft, if any; for a method name or an address, the
    /// endpoint's method and path.
    pub vendor: String,
    /// Our Chinese text, as far as it is written ([`NOTHING`] on a row of one value).
    pub zh: String,
    /// Our English text, as far as it is written; on a row of one value (a method name, an
    /// address), that value.
    pub en: String,
}

/// An item's name in a key: its `name`, `key`, `value`, `fact` or Chinese title.
pub(crate) fn item_name(item: &Value) -> Option<String> {
    ["name", "key", "value", "fact"]
        .iter()
        .find_map(|key| match item.get(key)? {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        })
        .or_else(|| {
            item.get("title")
                .and_then(|title| title.get("zh"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
}

/// The `zh` cell of a row that takes one value (a method name, a type name, an address),
/// which goes in `en`: nothing to write there.
pub const NOTHING: &str = "—";

/// The row of `open`, an open decision of the file `file` whose YAML is `value`.
pub(super) fn row(file: &str, value: &Value, open: &Open) -> Row {
    let (item, member) = split_member(&open.key);
    let (named, node) = by_names(value, item);
    let kind = kind_of(item);
    let key = if member == "doc" && !named.is_empty() {
        format!("{file}: {named}")
    } else {
        format!("{file}: {}", join(&named, member))
    };
    let text = |key: &str| {
        node.and_then(|node| node.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let route = || match (text("method"), text("path")) {
        (method, path) if !method.is_empty() && !path.is_empty() => {
            format!("{} {path}", method.to_uppercase())
        }
        _ => String::new(),
    };
    let one_value = |kind: &str, value: &str| Row {
        key: key.clone(),
        kind: kind.to_owned(),
        ty: String::new(),
        vendor: route(),
        zh: NOTHING.to_owned(),
        en: value.to_owned(),
    };
    let held_back = node
        .and_then(|node| node.get("fact"))
        .and_then(Value::as_str)
        .is_some_and(is_held_example);
    match &open.need {
        // A held-back example stays out whatever the words say: the row says so first.
        Need::Words { zh, en, vendor } if held_back => Row {
            key: key.clone(),
            kind: HELD_KIND.to_owned(),
            ty: String::new(),
            vendor: format!("{WORDS_CHANGE_NOTHING} {}", vendor.as_deref().unwrap_or("")),
            zh: zh.clone(),
            en: en.clone(),
        },
        Need::Words { zh, en, vendor } => Row {
            key: key.clone(),
            kind: if member == "title" {
                format!("{kind} title")
            } else {
                kind
            },
            ty: if member == "title" {
                String::new()
            } else {
                text("type")
            },
            vendor: vendor
                .clone()
                .unwrap_or_else(|| missing_title(member, zh, en)),
            zh: zh.clone(),
            en: en.clone(),
        },
        Need::Name { proposed } => one_value("method name", proposed.as_deref().unwrap_or("")),
        Need::Address => one_value("vendor page", ""),
        Need::Answer { proposed } => one_value("answer", proposed),
        Need::Auth { proposed } => one_value("auth", proposed),
        // The request type's name, which `apply` writes back as the endpoint's snake_case
        // `name`; why the proposal reads poorly goes beside the route.
        Need::TypeName { proposed, problem } => Row {
            vendor: [route(), problem.clone()]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(": "),
            ..one_value("type name", proposed)
        },
    }
}

/// The kind of a decision row on an example the importer held back.
pub const HELD_KIND: &str = "decision: held-back example";

/// What a decision row on a held-back example says before the importer's account: its
/// words are a record, not a change.
pub const WORDS_CHANGE_NOTHING: &str = "WORDS ALONE CHANGE NOTHING HERE: the example stays held back (out of the spec) and the SDK's typed answer stays as it is, whatever this row says; only a change in the spec settles it (as the text below says), after which the next import writes the example and removes this decision.";

/// Whether a decision's fact is about an example the importer holds back: the example
/// itself (`examples.response`, `examples.response.NAME`, one of placeholders), or what in
/// an answer example keeps it from decoding (`page.examples.response.parent.id:missing`,
/// `…:type`, `…:answer`).
fn is_held_example(fact: &str) -> bool {
    let breaks = [":missing", ":type", ":answer"]
        .iter()
        .any(|suffix| fact.ends_with(suffix));
    fact == "examples.request"
        || fact.starts_with("examples.response")
        || fact.starts_with("page.examples.response") && breaks
}

/// For a title the page gave in one language only: which is missing, the other shown in
/// its place (the cell to fill is the empty one).
fn missing_title(member: &str, zh: &str, en: &str) -> String {
    match (member, zh.trim().is_empty(), en.trim().is_empty()) {
        ("title", true, false) => format!("no Chinese title on the page; it shows `{en}`"),
        ("title", false, true) => format!("no English title on the page; it shows `{zh}`"),
        _ => String::new(),
    }
}

/// The by-name form of a positional item path (`endpoints[3]` gives `endpoints[create]`),
/// and the item. An item without a name, or not the first of its name in its list, keeps
/// its position as `[#3]`.
fn by_names<'v>(value: &'v Value, path: &str) -> (String, Option<&'v Value>) {
    let mut node = Some(value);
    let mut named: Vec<String> = Vec::new();
    for segment in segments(path) {
        let (key, index) = match segment.split_once('[') {
            Some((key, rest)) => (key, rest.strip_suffix(']').and_then(|at| at.parse().ok())),
            None => (segment, None),
        };
        node = node.and_then(|node| node.get(key));
        let Some(index) = index else {
            named.push(key.to_owned());
            continue;
        };
        let items = node.and_then(Value::as_sequence);
        node = items.and_then(|items| items.get(index));
        let name = node.and_then(item_name).filter(|name| {
            !name.is_empty()
                && !name.contains(['[', ']'])
                && items.and_then(|items| {
                    items
                        .iter()
                        .position(|item| item_name(item).as_deref() == Some(name))
                }) == Some(index)
        });
        let name = name.unwrap_or_else(|| format!("#{index}"));
        named.push(format!("{key}[{name}]"));
    }
    (named.join("."), node)
}

/// What the item at a positional path is: endpoint, body field, enum value, …
fn kind_of(path: &str) -> String {
    let lists: Vec<&str> = segments(path)
        .into_iter()
        .filter(|segment| !segment.is_empty())
        .map(|segment| segment.split('[').next().unwrap_or(segment))
        .collect();
    let has = |key: &str| lists.contains(&key);
    let kind = match lists.last().copied() {
        None => "file",
        Some("endpoints") => "endpoint",
        Some("path_params") => "path parameter",
        Some("query") => "query parameter",
        Some("headers") if lists.first() == Some(&"auth") => "auth header",
        Some("headers") => "header",
        Some("enum") => "enum value",
        Some("decisions") => "decision",
        Some("shapes") => "payload shape",
        Some("events") => "event",
        Some("groups") => "event group",
        Some("environments") => "environment",
        Some("error_codes") => "error code",
        Some("fields") if has("body") => "body field",
        Some("fields") if has("response") => "response field",
        Some("fields") if has("envelope") => "envelope field",
        Some("fields") if has("shapes") => "payload member",
        Some(other) => other,
    };
    kind.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_become_names_unless_a_name_is_taken() {
        let value: Value = serde_yaml::from_str(
            "endpoints:\n- name: a\n  body: {fields: [{name: x}, {name: x}]}\n- {title: {zh: 标题}}\n",
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            by_names(&value, "endpoints[0].body.fields[1]").0,
            "endpoints[a].body.fields[#1]"
        );
        assert_eq!(by_names(&value, "endpoints[1]").0, "endpoints[标题]");
        assert_eq!(kind_of("endpoints[0].body.fields[1]"), "body field");
    }
}
