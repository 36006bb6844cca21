//! The page's examples against its own members: a value whose JSON type is not the member's
//! (`123` on a `string`), or a member the page does not declare (`name_eng` in the example,
//! not in the properties), at any depth of the request's and the answer's example. Each is
//! a fact the spec does not hold as the page shows it (`page.examples.request.PATH:type`,
//! `page.examples.response.PATH`): counted, and a decision, never kept without a word. So
//! is a member the page marks required that the example lacks
//! (`page.examples.response.PATH:missing`). An answer example that would not decode by the
//! endpoint's own answer (it is not that answer, it lacks a member the page marks required,
//! a value is not its member's type) is held back: not written, a decision of its own, so
//! the docs' example tests (`cargo xtask check --endpoints`) pass from the sheet alone; a
//! maintainer keeps a corrected one with `overrides: [examples.response]` (or
//! `examples.response.NAME`).

use serde_json::Value;

use jing_spec::{FactKey, TypeRef};

use super::overrides::settles;
use crate::import::facts::{FactDecision, FactField, Facts};

/// The type of a request body as a whole: an object, or a list of objects.
pub(super) fn body_type(body: &crate::import::facts::FactBody) -> TypeRef {
    match body.shape {
        jing_spec::Shape::Array => TypeRef::Array(Box::new(TypeRef::Object)),
        _ => TypeRef::Object,
    }
}

/// Why `value` is not a value of a scalar type `ty`, if it is not; text a number type
/// takes when it reads as one (`"12"`), as the validator does, and `null` is no mismatch
/// (whether a member may be `null` is its own fact). Containers are not judged here.
pub(super) fn mismatch(ty: &TypeRef, value: &Value) -> Option<String> {
    let numeric_text = value
        .as_str()
        .is_some_and(|text| text.trim().parse::<f64>().is_ok());
    let fits = match ty {
        TypeRef::String => value.is_string(),
        TypeRef::Integer => value.is_i64() || value.is_u64() || numeric_text,
        TypeRef::U64 => value.is_u64() || numeric_text,
        TypeRef::Number => value.is_number() || numeric_text,
        TypeRef::Boolean => value.is_boolean(),
        TypeRef::Any | TypeRef::Object | TypeRef::Array(_) | TypeRef::Map(_) => true,
    };
    (!fits && !value.is_null())
        .then(|| format!("`{value}` is {}, and the member is `{ty}`", kind(value)))
}

/// A JSON value's kind, in words.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_f64() => "a decimal number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// What the page's examples show that its members do not say: each a fact key under
/// `page.examples.` with what the page shows.
pub(super) fn flags(facts: &Facts) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let parse = |text: &Option<String>| {
        text.as_deref()
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
    };
    if let (Some(body), Some(example)) = (&facts.body, parse(&facts.request_example)) {
        walk(
            "examples.request",
            &body_type(body),
            &body.fields,
            &example,
            &mut out,
        );
    }
    // The answer's first example and every other one, each judged by the answer.
    for (root, text) in super::example_hold::response_examples(facts) {
        if let Ok(example) = serde_json::from_str::<Value>(&text) {
            out.extend(response_flags(facts, &root, &example));
        }
    }
    // Each member once, however many items of a list show it.
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|(key, _)| seen.insert(key.clone()));
    out
}

/// What the answer example `example` (of the fact `root`: `examples.response`,
/// `examples.response.NAME`) shows that the page's answer does not say: not that answer at
/// all (`page.ROOT:answer`), or, member by member, what its data shows.
pub(super) fn response_flags(facts: &Facts, root: &str, example: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match super::example_hold::data_of(facts, root, example) {
        Err(flag) => out.push(flag),
        Ok(Some(data)) => {
            if let Some(response) = &facts.response {
                walk(root, &response.ty, &response.fields, &data, &mut out);
            }
        }
        Ok(None) => {}
    }
    // Another example is kept ours by its own key, and its members are the data's.
    if let Some(name) = root.strip_prefix("examples.response.") {
        for (key, said) in &mut out {
            if key.ends_with(":missing") {
                *said = said
                    .replace(
                        "overrides: [examples.response]",
                        &format!("overrides: [{root}]"),
                    )
                    .replace(
                        &format!("overrides: [response.{name}."),
                        "overrides: [response.",
                    );
            }
        }
    }
    out
}

/// `value` at `path` against a member of type `ty` with members `fields`.
pub(super) fn walk(
    path: &str,
    ty: &TypeRef,
    fields: &[FactField],
    value: &Value,
    out: &mut Vec<(String, String)>,
) {
    let flag = |out: &mut Vec<(String, String)>, why: String| {
        out.push((format!("page.{path}:type"), format!("the example's {why}")));
    };
    if value.is_null() {
        return;
    }
    match ty {
        TypeRef::Array(item) => match value {
            Value::Array(items) => items
                .iter()
                .for_each(|value| walk(path, item, fields, value, out)),
            other => flag(
                out,
                format!("`{other}` is {}, and the member is `{ty}`", kind(other)),
            ),
        },
        TypeRef::Map(item) => match value {
            Value::Object(members) => members
                .values()
                .for_each(|value| walk(path, item, fields, value, out)),
            other => flag(
                out,
                format!("`{other}` is {}, and the member is `{ty}`", kind(other)),
            ),
        },
        TypeRef::Object => match value {
            Value::Object(members) => members_of(path, fields, members, out),
            other => flag(
                out,
                format!("`{other}` is {}, and the member is `{ty}`", kind(other)),
            ),
        },
        scalar => {
            if let Some(why) =
                mismatch(scalar, value).or_else(|| container_on_scalar(scalar, value))
            {
                flag(out, why);
            }
        }
    }
}

/// A list or an object where a scalar belongs.
fn container_on_scalar(ty: &TypeRef, value: &Value) -> Option<String> {
    (*ty != TypeRef::Any && (value.is_array() || value.is_object()))
        .then(|| format!("`{value}` is {}, and the member is `{ty}`", kind(value)))
}

/// The members of an example object against the members the page declares (an object the
/// page lists no member of is not judged).
fn members_of(
    path: &str,
    fields: &[FactField],
    members: &serde_json::Map<String, Value>,
    out: &mut Vec<(String, String)>,
) {
    if fields.is_empty() {
        return;
    }
    for (name, value) in members {
        let inner = format!("{path}.{name}");
        match fields.iter().find(|field| field.name == *name) {
            Some(field) => walk(&inner, &field.ty, &field.fields, value, out),
            None => out.push((
                format!("page.{inner}"),
                format!(
                    "the example has the member `{name}` ({value}), which the page does not declare"
                ),
            )),
        }
    }
    // A member the page marks required that the example lacks: the example is no whole
    // one (decoding it as the page types it fails).
    for field in fields {
        if field.required == Some(true) && !members.contains_key(&field.name) {
            out.push((
                format!("page.{path}.{}:missing", field.name),
                format!(
                    "the example lacks the member `{}`, which the page marks required; to settle it, give the example the member in the spec and add `overrides: [{}]` to the entry, or make the member not required and add `overrides: [{}]`; else the next import puts the page's example back",
                    field.name,
                    example_root(path),
                    required_key(path, &field.name)
                ),
            ));
        }
    }
}

/// The override key of the `required` of the member `name` at `path` in an example
/// (`examples.response.list`: `response.list.NAME:required`).
fn required_key(path: &str, name: &str) -> String {
    let member = path
        .strip_prefix("examples.request")
        .map(|rest| format!("body{rest}"))
        .or_else(|| {
            path.strip_prefix("examples.response")
                .map(|rest| format!("response{rest}"))
        })
        .unwrap_or_else(|| path.to_owned());
    format!("{member}.{name}:required")
}

/// The override key of the example that `path` (`examples.response.list`) is inside.
fn example_root(path: &str) -> &str {
    ["examples.request", "examples.response"]
        .into_iter()
        .find(|root| path.starts_with(root))
        .unwrap_or(path)
}

/// Whether a fact of an example (`page.examples.response.id:type`) says the example does
/// not decode by the endpoint's answer: it is not that answer, lacks a required member or
/// has a value of another type. A member the page does not declare is read past.
pub(super) fn breaks_decoding(key: &str) -> bool {
    [":answer", ":missing", ":type"]
        .iter()
        .any(|suffix| key.ends_with(suffix))
}

/// Every answer example of `held` (what the spec will hold, the maintainer's overrides
/// kept) that would not decode by its answer, taken out, each a decision naming why; one
/// an override keeps ours stays.
pub(super) fn hold_back(held: &mut Facts, overrides: &[FactKey]) {
    for (root, text) in super::example_hold::response_examples(held) {
        if settles(overrides, &root) {
            continue;
        }
        let Ok(example) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        // Each key once, in the page's order: the items of a list flag the same key each.
        let mut failing: Vec<String> = Vec::new();
        for (key, _) in response_flags(held, &root, &example) {
            if breaks_decoding(&key) && !failing.contains(&key) {
                failing.push(key);
            }
        }
        if failing.is_empty() {
            continue;
        }
        match root.strip_prefix("examples.") {
            Some("response") => held.response_example = None,
            Some(name) => held.other_examples.retain(|(other, _)| other != name),
            None => {}
        }
        let shown: Vec<String> = failing.iter().map(|key| format!("`{key}`")).collect();
        let settling: Vec<String> = failing
            .iter()
            .filter_map(|key| settling_change(&root, key))
            .collect();
        held.decisions.push(FactDecision {
            fact: root.clone(),
            page: format!(
                "the page's example does not decode by the page's own answer ({}): held back (not written), so the docs' example checks pass, and the typed answer refuses this answer the vendor documents; words in the sheet change neither, only the spec settles it: {}write it corrected in the spec and add `overrides: [{root}]`",
                shown.join(", "),
                if settling.is_empty() {
                    String::new()
                } else {
                    format!("{}; or ", settling.join(" and "))
                }
            ),
            decided: false,
        });
    }
}

/// The change of the spec that makes the example `root` decode past the flag `key`: a
/// member it lacks made not required, a member typed as the example shows it; each kept
/// with its override. `None` for what no one change of a member settles (`:answer`).
fn settling_change(root: &str, key: &str) -> Option<String> {
    let member = key.strip_prefix(&format!("page.{root}."))?;
    let (path, fact) = member.rsplit_once(':')?;
    let path = format!("response.{path}");
    match fact {
        "missing" => Some(format!(
            "make `{path}` not required (`required: false`) with `overrides: [{path}:required]`"
        )),
        "type" => Some(format!(
            "type `{path}` as the example shows it with `overrides: [{path}:type]`"
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facts::{FactBody, FactResponse};

    fn field(name: &str, ty: TypeRef, fields: Vec<FactField>) -> FactField {
        FactField::bare_with(name, ty, fields)
    }

    #[test]
    fn mistyped_and_undeclared_members_are_flagged_at_every_depth() {
        let mut page = Facts::titled("部件");
        let owner = field(
            "owner",
            TypeRef::Object,
            vec![field("id", TypeRef::String, Vec::new())],
        );
        page.body = Some(FactBody {
            shape: jing_spec::Shape::Object,
            content_type: jing_spec::ContentType::Json,
            fields: vec![field("name", TypeRef::String, Vec::new()), owner],
        });
        page.request_example =
            Some(r#"{"name": 7, "name_eng": "x", "owner": {"id": 12, "extra": true}}"#.to_owned());
        let mut item = field("count", TypeRef::Integer, Vec::new());
        item.required = Some(true);
        page.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![field(
                "list",
                TypeRef::Array(Box::new(TypeRef::Object)),
                vec![item],
            )],
        });
        page.response_example = Some(
            r#"{"code": 0, "data": {"list": [{"count": 1}, {"count": "many", "more": null}]}}"#
                .to_owned(),
        );
        let keys: Vec<String> = flags(&page).into_iter().map(|(key, _)| key).collect();
        assert_eq!(
            keys,
            [
                "page.examples.request.name:type",
                "page.examples.request.name_eng",
                "page.examples.request.owner.extra",
                "page.examples.request.owner.id:type",
                "page.examples.response.list.count:type",
                "page.examples.response.list.more",
            ]
        );
        // A required member an item lacks, however deep, is flagged too.
        page.response_example =
            Some(r#"{"code": 0, "data": {"list": [{"count": 3}, {}]}}"#.to_owned());
        page.request_example = None;
        let keys: Vec<String> = flags(&page).into_iter().map(|(key, _)| key).collect();
        assert_eq!(keys, ["page.examples.response.list.count:missing"]);
        assert_eq!(
            flags(&page)[0].1,
            "the example lacks the member `count`, which the page marks required; to settle it, give the example the member in the spec and add `overrides: [examples.response]` to the entry, or make the member not required and add `overrides: [response.list.count:required]`; else the next import puts the page's example back"
        );
        // A whole example that matches is not flagged.
        page.request_example = Some(r#"{"name": "a", "owner": {"id": "12"}}"#.to_owned());
        page.response_example = Some(r#"{"code": 0, "data": {"list": [{"count": 3}]}}"#.to_owned());
        assert!(flags(&page).is_empty());
    }

    #[test]
    fn scalar_mismatches_are_told_in_words() {
        let said = mismatch(&TypeRef::String, &serde_json::json!(123));
        assert_eq!(
            said.as_deref(),
            Some("`123` is an integer, and the member is `string`")
        );
        assert!(mismatch(&TypeRef::Integer, &serde_json::json!("12")).is_none());
        assert!(mismatch(&TypeRef::Integer, &serde_json::json!(1.5)).is_some());
        assert!(mismatch(&TypeRef::Boolean, &serde_json::json!("yes")).is_some());
        assert!(mismatch(&TypeRef::String, &Value::Null).is_none());
    }

    /// A job's answer: a required `id` and an optional `status`, read by `answer`.
    fn job(answer: Option<jing_spec::Answer>) -> Facts {
        let mut facts = Facts::titled("任务");
        let mut id = FactField::bare("id", TypeRef::String);
        id.required = Some(true);
        let mut status = FactField::bare("status", TypeRef::String);
        status.required = Some(false);
        facts.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![id, status],
        });
        facts.answer = answer.map(|answer| crate::import::facts::FactAnswer {
            answer,
            confirmed: false,
            body: None,
        });
        facts
    }

    /// The items of a list flag the same key each: the decision names it once.
    #[test]
    fn a_key_every_item_flags_is_named_once() {
        let mut held = job(Some(jing_spec::Answer {
            code: None,
            success: None,
            message: None,
            data: Some("data".to_owned()),
        }));
        let label = FactField::bare("label", TypeRef::String);
        held.response = Some(FactResponse {
            ty: TypeRef::Array(Box::new(TypeRef::Object)),
            fields: vec![label],
        });
        held.response_example =
            Some(r#"{"data": [{"label": 1}, {"label": 2}, {"label": 3}]}"#.to_owned());
        hold_back(&mut held, &[]);
        assert_eq!(held.decisions.len(), 1, "{:?}", held.decisions);
        let page = &held.decisions[0].page;
        assert_eq!(page.matches("label:type`").count(), 1, "{page}");
    }

    #[test]
    fn an_example_that_would_not_decode_is_held_back_unless_ours() {
        let mut held = job(Some(jing_spec::Answer {
            code: None,
            success: None,
            message: None,
            data: None,
        }));
        held.response_example = Some(r#"{"id": "a", "detail": {}}"#.to_owned());
        held.other_examples = vec![
            ("response.2".to_owned(), r#"{"status": "done"}"#.to_owned()),
            ("response.3".to_owned(), r#"{"id": "b"}"#.to_owned()),
        ];
        let kept = held.clone();
        hold_back(&mut held, &[]);
        // An undeclared member (`detail`) is a decision of its own, not a reason to hold.
        assert!(held.response_example.is_some(), "{:?}", held.decisions);
        assert_eq!(held.other_examples.len(), 1, "{:?}", held.other_examples);
        assert_eq!(held.decisions.len(), 1);
        assert_eq!(held.decisions[0].fact, "examples.response.2");
        assert!(
            held.decisions[0]
                .page
                .contains("`page.examples.response.2.id:missing`")
        );
        let ours: Vec<FactKey> = vec!["examples.response.2".parse().unwrap_or(FactKey::Path)];
        let mut overridden = kept.clone();
        hold_back(&mut overridden, &ours);
        assert_eq!(overridden.other_examples.len(), 2, "an override keeps it");
        assert!(overridden.decisions.is_empty());
        // Another example's missing member names its own overrides: the example's key, and
        // the data member's `required` (which settles it too).
        let example = serde_json::json!({"status": "done"});
        let flags = response_flags(&kept, "examples.response.2", &example);
        assert_eq!(flags[0].0, "page.examples.response.2.id:missing");
        assert!(
            flags[0].1.contains("`overrides: [examples.response.2]`")
                && flags[0].1.contains("`overrides: [response.id:required]`"),
            "{}",
            flags[0].1
        );
        let relaxed: Vec<FactKey> = vec!["response.id:required".parse().unwrap_or(FactKey::Path)];
        assert!(settles(&relaxed, "page.examples.response.2.id:missing"));
        assert!(settles(&relaxed, "page.examples.response.id:missing"));
    }
}
