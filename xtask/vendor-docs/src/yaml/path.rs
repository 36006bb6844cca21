//! Key paths: `endpoints[3].title` names the `title` of the fourth endpoint. The sheet's
//! keys write them by names (`endpoints[create_customer]`), the editor by positions; both
//! are split and joined here, and a positional path is followed in a parsed value.

use serde_yaml::{Mapping, Value};

/// `endpoints[3].doc` gives `("endpoints[3]", "doc")`; `title` gives `("", "title")`.
pub(crate) fn split_member(key: &str) -> (&str, &str) {
    match key.rfind('.') {
        Some(at) if !key[at..].contains(']') => (&key[..at], &key[at + 1..]),
        _ => ("", key),
    }
}

/// `path.member`, or `member` at the top.
pub(crate) fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_owned()
    } else {
        format!("{path}.{member}")
    }
}

/// The segments of a path: dots split it, except inside brackets.
pub(crate) fn segments(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (index, c) in path.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                out.push(&path[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    if !path.is_empty() {
        out.push(&path[start..]);
    }
    out
}

/// A segment's key and its position, when it has one: `fields[2]` gives `("fields", 2)`.
fn key_and_index(segment: &str) -> Option<(&str, Option<usize>)> {
    match segment.split_once('[') {
        Some((key, rest)) => Some((key, Some(rest.strip_suffix(']')?.parse().ok()?))),
        None => Some((segment, None)),
    }
}

/// The node at a positional path (`endpoints[3]`).
pub(crate) fn node_at<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    let mut node = value;
    for segment in segments(path) {
        let (key, index) = key_and_index(segment)?;
        node = node.get(key)?;
        if let Some(index) = index {
            node = node.get(index)?;
        }
    }
    Some(node)
}

/// The mapping at a positional path, to change it.
pub(crate) fn mapping_at_mut<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Mapping> {
    node_at_mut(value, path)?.as_mapping_mut()
}

/// The node at a positional path, to change it.
pub(crate) fn node_at_mut<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut node = value;
    for segment in segments(path) {
        let (key, index) = key_and_index(segment)?;
        node = node.get_mut(key)?;
        if let Some(index) = index {
            node = node.get_mut(index)?;
        }
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_join_and_lead_to_their_node() {
        assert_eq!(
            split_member("endpoints[0].title"),
            ("endpoints[0]", "title")
        );
        assert_eq!(split_member("doc"), ("", "doc"));
        assert_eq!(split_member("fields[a.b]"), ("", "fields[a.b]"));
        assert_eq!(segments("a[x.y].b"), ["a[x.y]", "b"]);
        assert_eq!(join("", "doc"), "doc");
        assert_eq!(join("endpoints[1]", "doc"), "endpoints[1].doc");
        let mut value: Value = serde_yaml::from_str(
            "endpoints:\n- name: a\n- name: b\n  body: {fields: [{name: x}]}\n",
        )
        .unwrap_or_default();
        let field = node_at(&value, "endpoints[1].body.fields[0]");
        assert_eq!(
            field.and_then(|field| field.get("name")),
            Some(&Value::from("x"))
        );
        assert_eq!(node_at(&value, "endpoints[2]"), None);
        assert_eq!(node_at(&value, "endpoints[x]"), None);
        let first = mapping_at_mut(&mut value, "endpoints[0]");
        first.map(|first| first.insert("call".into(), "get".into()));
        assert_eq!(value["endpoints"][0]["call"], Value::from("get"));
    }
}
