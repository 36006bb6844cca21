//! Two examples (ours and the page's) told apart in the report by their first differing
//! member, where both are JSON: `data.id: ours 1, the page "1"`, not eighty near-identical
//! characters. "First" is in the page's own order of members (the text a maintainer reads
//! beside ours), then ours' members the page lacks: the examples are read keeping their
//! order, never through a sorted map. A value of a fact is shown here on one line, cut
//! at 80 characters ([`shown`]), for the whole report.

use serde_yaml::Value;

use jing_spec::FactKey;

use crate::import::compare::account::Changed;

/// The first difference of an example fact `changed`, said in words; `None` for another
/// fact, or an example that is not JSON.
pub(super) fn example_difference(changed: &Changed) -> Option<String> {
    if !matches!(
        changed.key,
        FactKey::RequestExample | FactKey::ResponseExample | FactKey::MoreExample(_)
    ) {
        return None;
    }
    // JSON read as YAML (of which it is a part) keeps the order of its members.
    let read = |text: &str| {
        serde_json::from_str::<serde_json::Value>(text).ok()?;
        serde_yaml::from_str::<Value>(text).ok()
    };
    let (ours, page) = (read(&changed.ours)?, read(&changed.page)?);
    let (path, ours, page) = first_difference(&ours, &page, String::new())?;
    let path = if path.is_empty() {
        "(the whole example)".to_owned()
    } else {
        format!("`{path}`")
    };
    let side = |value: Option<&Value>| {
        value.map_or_else(
            || "nothing".to_owned(),
            |value| {
                let json = serde_json::to_value(value).unwrap_or_default();
                shown(&json.to_string())
            },
        )
    };
    Some(format!(
        "the examples differ first at {path}: ours {}, the page {}",
        side(ours),
        side(page)
    ))
}

/// A value of a fact on one line, cut at 80 characters.
pub(super) fn shown(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short: String = line.chars().take(80).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

/// The first member path where `ours` and `page` differ, in the page's order of members
/// then ours', with each side's value there.
fn first_difference<'v>(
    ours: &'v Value,
    page: &'v Value,
    path: String,
) -> Option<(String, Option<&'v Value>, Option<&'v Value>)> {
    let inner = |name: &Value| {
        let name = match name {
            Value::String(name) => name.clone(),
            other => serde_json::to_value(other)
                .map(|name| name.to_string())
                .unwrap_or_default(),
        };
        if path.is_empty() {
            name
        } else {
            format!("{path}.{name}")
        }
    };
    match (ours, page) {
        (Value::Mapping(left), Value::Mapping(right)) => {
            let names = right
                .keys()
                .chain(left.keys().filter(|name| !right.contains_key(*name)));
            names
                .into_iter()
                .find_map(|name| match (left.get(name), right.get(name)) {
                    (Some(left), Some(right)) => first_difference(left, right, inner(name)),
                    (left, right) => Some((inner(name), left, right)),
                })
        }
        (Value::Sequence(left), Value::Sequence(right)) if left.len() == right.len() => left
            .iter()
            .zip(right)
            .enumerate()
            .find_map(|(at, (left, right))| first_difference(left, right, format!("{path}[{at}]"))),
        _ => (ours != page).then_some((path, Some(ours), Some(page))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_told_apart_by_their_first_differing_member() {
        let changed = Changed {
            key: FactKey::ResponseExample,
            page: r#"{"code": 0, "data": {"list": [{"id": 1}, {"id": "2", "name": "b"}]}}"#
                .to_owned(),
            ours: r#"{"code": 0, "data": {"list": [{"id": 1}, {"id": 2, "name": "b"}]}}"#
                .to_owned(),
            kept: true,
        };
        assert_eq!(
            example_difference(&changed).as_deref(),
            Some("the examples differ first at `data.list[1].id`: ours 2, the page \"2\"")
        );
        let missing = Changed {
            page: r#"{"data": {}}"#.to_owned(),
            ours: r#"{"data": {"id": 1}}"#.to_owned(),
            ..changed.clone()
        };
        assert_eq!(
            example_difference(&missing).as_deref(),
            Some("the examples differ first at `data.id`: ours 1, the page nothing")
        );
        // The page's first member, which ours lacks, comes before ours' members the page
        // lacks, whatever their names' order.
        let reordered = Changed {
            page: r#"{"id": "t1", "detail": {"a": 1}, "status": "done"}"#.to_owned(),
            ours: r#"{"id": "t1", "enhanced_prompt": "p", "status": "done"}"#.to_owned(),
            ..changed
        };
        assert_eq!(
            example_difference(&reordered).as_deref(),
            Some("the examples differ first at `detail`: ours nothing, the page {\"a\":1}")
        );
        let member = Changed {
            key: FactKey::Path,
            page: "/a".to_owned(),
            ours: "/b".to_owned(),
            kept: false,
        };
        assert_eq!(example_difference(&member), None);
    }
}
