//! A page's answer read as the spec holds it: the Jing envelope (`{request_id, code, msg,
//! data}`, `code` 0 on success) gives its `data`; any other answer (no `data`, `ret`,
//! `code: 1` or `code: "0000"` for success, `message`) is never squeezed into the envelope:
//! the importer reads how it seems to say success and where its data seems to be (an
//! [`Answer`], proposed for a maintainer to confirm), and reads the data by that reading,
//! or by the spec's confirmed `answer` once there is one.
//!
//! Also here: a member typed `integer` whose example goes beyond `i64` is a `u64`, or a
//! string when the example is text or beyond `u64`, decided from the example.

use jing_spec::{Answer, TypeRef};
use serde_json::Value;
use serde_yaml::Value as Yaml;

use crate::import::facts::{FactAnswer, FactDecision, FactField, FactResponse, Facts};

/// The members that may carry a failure's message, most likely first.
const MESSAGE_MEMBERS: &[&str] = &["msg", "message", "errmsg", "err_msg", "errMsg", "error"];

/// The members of the Jing envelope beside its data.
const ENVELOPE_MEMBERS: &[&str] = &["request_id", "code", "msg"];

/// The answer `body` (its members, as the page gives them) with its `example` read: the
/// data, and the answer when it is not the Jing envelope.
///
/// The members beside the data and those saying success (`total`, `page` next to `data`)
/// go to `beside`, each with what the page says of it.
pub(super) fn read(
    body: FactResponse,
    example: Option<&Value>,
    beside: &mut Vec<(String, String)>,
) -> (Option<FactResponse>, Option<FactAnswer>) {
    let has = |name: &str| body.fields.iter().any(|field| field.name == name);
    let code_example = example.and_then(|example| example.get("code"));
    let zero_code =
        code_example.is_none_or(|code| code.as_i64() == Some(0) || code.as_str() == Some("0"));
    if has("code")
        && has("data")
        && zero_code
        && body.ty == TypeRef::Object
        && !super::answer_code::outside(&body)
    {
        *beside = members_beside(&body, &Answer::jing(), "data", example);
        let data = body.fields.into_iter().find(|field| field.name == "data");
        return (data.map(|data| response_of(data.ty, data.fields)), None);
    }
    let proposal = proposal(&body, example);
    if let Some(member) = &proposal.data {
        *beside = members_beside(&body, &proposal, member, example);
    }
    // Until a maintainer confirms the reading, an answer without a data member keeps every
    // member as data, those read as its code and message too: an answer corrected in the
    // sheet then loses none (`docs apply` takes out those the confirmed answer uses).
    let data = match proposal.data {
        Some(_) => data_of(&proposal, &body),
        None => Some(response_of(TypeRef::Object, body.fields.clone())),
    };
    let answer = FactAnswer {
        answer: proposal,
        confirmed: false,
        body: Some(body),
    };
    (data, Some(answer))
}

/// The importer's reading of an answer that is not the Jing envelope: its code member
/// and the value its example has there, its message member, and its data member (`data`,
/// else the one member that is an object or a list); an answer of only the envelope's
/// members is the envelope without `data` (the data then an empty object).
fn proposal(body: &FactResponse, example: Option<&Value>) -> Answer {
    let names: Vec<&str> = body
        .fields
        .iter()
        .map(|field| field.name.as_str())
        .collect();
    let zero_code = example
        .and_then(|example| example.get("code"))
        .is_none_or(|code| code.as_i64() == Some(0) || code.as_str() == Some("0"));
    if names.iter().all(|name| ENVELOPE_MEMBERS.contains(name))
        && names.contains(&"code")
        && zero_code
        && !super::answer_code::outside(body)
    {
        return Answer::jing();
    }
    let first = |candidates: &[&str]| {
        candidates
            .iter()
            .find(|candidate| names.contains(candidate))
            .map(|name| (*name).to_owned())
    };
    let (code, success) = super::answer_code::result_code(body, example);
    let message = first(MESSAGE_MEMBERS);
    let own = |name: &str| {
        Some(name) == code.as_deref() || Some(name) == message.as_deref() || name == "request_id"
    };
    let containers: Vec<&FactField> = body
        .fields
        .iter()
        .filter(|field| !own(&field.name))
        .filter(|field| {
            matches!(
                field.ty,
                TypeRef::Object | TypeRef::Array(_) | TypeRef::Map(_)
            )
        })
        .collect();
    let data = if names.contains(&"data") {
        Some("data".to_owned())
    } else if let [one] = containers.as_slice() {
        Some(one.name.clone())
    } else {
        None
    };
    Answer {
        code,
        success,
        message,
        data,
    }
}

/// The data of an answer `body` read by `answer`: its data member (a documented empty
/// object when the body has none), or the body's members but those the answer itself uses.
pub(in crate::import) fn data_of(answer: &Answer, body: &FactResponse) -> Option<FactResponse> {
    match &answer.data {
        Some(member) => Some(
            body.fields
                .iter()
                .find(|field| field.name == *member)
                .map_or_else(
                    || response_of(TypeRef::Object, Vec::new()),
                    |data| response_of(data.ty.clone(), data.fields.clone()),
                ),
        ),
        None => {
            let own: Vec<&str> = answer.own_members().collect();
            let fields = body
                .fields
                .iter()
                .filter(|field| !own.contains(&field.name.as_str()))
                .cloned()
                .collect();
            Some(response_of(TypeRef::Object, fields))
        }
    }
}

/// The members of `body` that are neither `data` nor those `answer` says success with
/// (nor `request_id`), each with its type, the page's label and, for an object, its members
/// and example ([`super::answer_nested::shown`]).
fn members_beside(
    body: &FactResponse,
    answer: &Answer,
    data: &str,
    example: Option<&Value>,
) -> Vec<(String, String)> {
    let own: Vec<&str> = answer.own_members().chain(["request_id", data]).collect();
    body.fields
        .iter()
        .filter(|field| !own.contains(&field.name.as_str()))
        .map(|field| {
            let label = [&field.label.zh, &field.label.en]
                .into_iter()
                .flatten()
                .map(|text| format!(" ({text})"))
                .collect::<String>();
            let nested = super::answer_nested::shown(field, example);
            let said = format!("{}{label}, beside `{data}`{nested}", field.ty);
            (field.name.clone(), said)
        })
        .chain(super::answer_code::documented(body, answer))
        .collect()
}

fn response_of(ty: TypeRef, fields: Vec<FactField>) -> FactResponse {
    FactResponse { ty, fields }
}

/// Members typed `integer` whose `example` value goes beyond `i64`: a `u64` when the value
/// fits one; a `string` when it is text or beyond `u64` (a decision, at `part`).
pub(super) fn refine_by_example(
    part: &str,
    fields: &mut [FactField],
    example: Option<&Value>,
    decisions: &mut Vec<FactDecision>,
) {
    let Some(example) = example else { return };
    let example = match example {
        Value::Array(items) => items.first().unwrap_or(&Value::Null),
        other => other,
    };
    for field in fields {
        let key = format!("{part}.{}", field.name);
        let Some(value) = example.get(&field.name) else {
            continue;
        };
        let value = match value {
            Value::Array(items) if matches!(field.ty, TypeRef::Array(_)) => {
                items.first().unwrap_or(&Value::Null)
            }
            other => other,
        };
        let beyond_i64 = value.as_u64().is_some() && value.as_i64().is_none();
        let beyond_u64 =
            value.is_f64() && value.as_f64().is_some_and(|n| n.fract() == 0.0 && n > 1e19);
        let digits = value
            .as_str()
            .is_some_and(|text| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()));
        let retyped = match (field.ty.innermost(), beyond_i64, beyond_u64 || digits) {
            (TypeRef::Integer, true, _) => Some(TypeRef::U64),
            (TypeRef::Integer, _, true) => Some(TypeRef::String),
            _ => None,
        };
        if let Some(ty) = retyped {
            if ty == TypeRef::String {
                decisions.push(FactDecision {
                    fact: format!("{key}:type"),
                    page: format!("integer, with the example {value}, beyond what a u64 holds or written as text; read as a string"),
                    decided: false,
                });
            }
            field.ty = match &field.ty {
                TypeRef::Array(_) => TypeRef::Array(Box::new(ty)),
                _ => ty,
            };
        }
        refine_by_example(&key, &mut field.fields, Some(value), decisions);
    }
}

/// The example of a media type (`example`, or the first of `examples`), as the page has it.
fn example_node(media: &Yaml) -> Option<&Yaml> {
    media.get("example").or_else(|| {
        media
            .get("examples")
            .and_then(Yaml::as_mapping)
            .and_then(|examples| examples.iter().next())
            .and_then(|(_, example)| example.get("value"))
    })
}

/// The examples of a media type after the one [`example`] takes (`examples: {a: …, b: …}`
/// gives `b`), in the page's order, each by its name with its value as one line of JSON.
/// The name is the example's `summary` where it has one (apifox's keys are counters,
/// `'1'`, `'2'`; the summary, `Pay with points`, is what a reader knows it by), else its
/// key; a summary an earlier example already goes by gives the key, so names stay apart.
pub(super) fn other_examples(media: &Yaml) -> Vec<(String, String)> {
    if media.get("example").is_some() {
        return Vec::new();
    }
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let examples = media.get("examples").and_then(Yaml::as_mapping);
    for (at, (key, example)) in examples.into_iter().flatten().enumerate() {
        let Ok(key) = serde_yaml::from_value::<String>(key.clone()) else {
            continue;
        };
        let summary = example
            .get("summary")
            .and_then(Yaml::as_str)
            .map(str::trim)
            .filter(|summary| !summary.is_empty() && !taken.iter().any(|name| name == summary));
        let name = summary.map_or_else(|| key.clone(), str::to_owned);
        taken.push(name.clone());
        taken.push(key);
        let Some(value) = example.get("value").filter(|_| at > 0) else {
            continue;
        };
        let text = match value {
            Yaml::String(text) => text.clone(),
            other => match serde_json::to_string(other) {
                Ok(text) => text,
                Err(_) => continue,
            },
        };
        out.push((name, text));
    }
    out
}

/// The note naming the first of a media type's named examples (`which`: `request`,
/// `response`), which the spec holds as `examples.request` / `examples.response`, where
/// no name goes: `'1': {summary: Stripe}` is said, not lost.
pub(super) fn first_example_note(which: &str, media: &Yaml) -> Option<String> {
    if media.get("example").is_some() {
        return None;
    }
    let (_, first) = media.get("examples")?.as_mapping()?.iter().next()?;
    first.get("value")?;
    let summary = first.get("summary").and_then(Yaml::as_str).map(str::trim);
    let summary = summary.filter(|summary| !summary.is_empty())?;
    Some(format!(
        "the page names its first {which} example «{summary}»; the spec holds it as `examples.{which}`, which has no name"
    ))
}

/// The example of a media type as JSON text, its members in the page's order (written from
/// the document's own value, never through a sorted map).
pub(super) fn example(media: &Yaml) -> Option<String> {
    match example_node(media)? {
        Yaml::String(text) => Some(json_text(text)),
        other => serde_json::to_string_pretty(other).ok(),
    }
}

/// The example of a media type as a JSON value (text examples parsed), to read members by.
pub(super) fn example_value(media: &Yaml) -> Option<Value> {
    match example_node(media)? {
        Yaml::String(text) => serde_json::from_str(&json_text(text)).ok(),
        other => serde_json::to_value(other).ok(),
    }
}

/// The page's `which` example (`request`, `response`) when it is JSON; else `None`, and a
/// decision (`page.examples.which`) quoting it, so the rest of the page is imported and the
/// text is not lost. An empty example (`''`, apifox's empty fill) is no value: a note.
pub(super) fn json_or_held(which: &str, text: Option<String>, facts: &mut Facts) -> Option<String> {
    let text = text?;
    if serde_json::from_str::<Value>(&text).is_ok() {
        return Some(text);
    }
    if text.trim().is_empty() {
        facts
            .notes
            .push(empty_fill_note(&format!("examples.{which}")));
        return None;
    }
    facts.decisions.push(FactDecision {
        fact: format!("page.examples.{which}"),
        page: format!(
            "the page's {which} example is not JSON, even without its `//` comments and trailing commas, so the spec does not hold it: «{}»",
            text.trim()
        ),
        decided: false,
    });
    None
}

/// The note on an example that is apifox's empty fill (`''`), at `key`.
pub(super) fn empty_fill_note(key: &str) -> String {
    format!(
        "`{key}`: the page's example '' is apifox's empty fill, not a value of the API: not held"
    )
}

/// An example given as text: as it stands when it is JSON; else, when it is JSON once its
/// `//` comments and trailing commas are removed (apifox keeps a hand-typed example so, its
/// lines ending in `\r\n`), that JSON, as event pages' samples are read; else as it stands (the validator
/// says why it is no JSON).
pub(super) fn json_text(text: &str) -> String {
    if serde_json::from_str::<Value>(text).is_ok() {
        return text.to_owned();
    }
    let stripped = super::event::without_trailing_commas(&super::event::without_comments(text));
    if serde_json::from_str::<Value>(&stripped).is_ok() {
        let lines: Vec<&str> = stripped.lines().map(str::trim_end).collect();
        return lines.join("\n");
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(name: &str, ty: TypeRef) -> FactField {
        FactField::bare(name, ty)
    }

    fn body(members: &[(&str, TypeRef)]) -> FactResponse {
        FactResponse {
            ty: TypeRef::Object,
            fields: members
                .iter()
                .map(|(name, ty)| field(name, ty.clone()))
                .collect(),
        }
    }

    #[test]
    fn answers_outside_the_envelope_are_read_not_squeezed() {
        let object = TypeRef::Object;
        let cases = [
            (
                body(&[
                    ("ret", TypeRef::Integer),
                    ("msg", TypeRef::String),
                    ("result", object.clone()),
                ]),
                json!({"ret": 0, "result": {}}),
                "{code: ret, success: 0, message: msg, data: result}",
            ),
            (
                body(&[("code", TypeRef::Integer), ("data", object.clone())]),
                json!({"code": 1, "data": {}}),
                "{code: code, success: 1, data: data}",
            ),
            (
                body(&[
                    ("code", TypeRef::String),
                    ("message", TypeRef::String),
                    ("data", object.clone()),
                ]),
                json!({"code": "0000", "data": {}}),
                "{code: code, success: \"0000\", message: message, data: data}",
            ),
            (
                body(&[
                    ("code", TypeRef::Integer),
                    ("msg", TypeRef::String),
                    ("taskId", TypeRef::Integer),
                ]),
                json!({"code": 0, "taskId": 3}),
                "{code: code, success: 0, message: msg}",
            ),
            (
                body(&[
                    ("request_id", TypeRef::String),
                    ("code", TypeRef::Integer),
                    ("msg", TypeRef::String),
                ]),
                json!({"request_id": "r", "code": 0, "msg": "success"}),
                "{code: code, success: 0, message: msg, data: data}",
            ),
        ];
        for (body, example, expected) in cases {
            let members = body.fields.len();
            let (data, answer) = read(body, Some(&example), &mut Vec::new());
            let answer = answer.unwrap_or_else(|| panic!("not the envelope: {expected}"));
            assert_eq!(answer.answer.to_string(), expected);
            // A draft without a data member keeps every member as data, its code too.
            if answer.answer.data.is_none() {
                let kept = data.as_ref().map(|data| data.fields.len());
                assert_eq!(kept, Some(members), "{expected}");
            }
            assert!(data.is_some());
        }
        let mut beside = Vec::new();
        let (data, answer) = read(
            body(&[
                ("code", TypeRef::Integer),
                ("msg", TypeRef::String),
                ("data", object),
                ("total", TypeRef::Integer),
            ]),
            Some(&json!({"code": 0, "data": {}, "total": 1})),
            &mut beside,
        );
        assert!(answer.is_none(), "the Jing envelope");
        assert_eq!(data.map(|data| data.ty), Some(TypeRef::Object));
        // A member beside `data` is kept to decide, never dropped without a word.
        assert_eq!(
            beside,
            vec![("total".to_owned(), "integer, beside `data`".to_owned())]
        );
    }

    #[test]
    fn ids_beyond_i64_are_u64_or_text_by_their_example() {
        let mut fields = vec![
            field("id", TypeRef::Integer),
            field("small", TypeRef::Integer),
            field("code", TypeRef::Integer),
        ];
        let mut decisions = Vec::new();
        let example =
            json!({"id": 14287734111135740000_u64, "small": 3, "code": "99999999999999999999999"});
        refine_by_example("response", &mut fields, Some(&example), &mut decisions);
        let types: Vec<String> = fields.iter().map(|field| field.ty.to_string()).collect();
        assert_eq!(types, ["u64", "integer", "string"]);
        assert_eq!(decisions.len(), 1);
        assert_eq!(decisions[0].fact, "response.code:type");
    }

    /// apifox's counters give way to the examples' summaries, in the page's order; a
    /// summary without text, or one an earlier example goes by, leaves the key.
    #[test]
    fn more_examples_go_by_their_summary() {
        let media: Yaml = serde_yaml::from_str(
            "examples:\n  '1': {summary: Card, value: {a: 1}}\n  '2': {summary: Pay with points, value: {a: 2}}\n  '3': {summary: '  ', value: {a: 3}}\n  '4': {summary: Card, value: {a: 4}}\n  '5': {value: {a: 5}}\n",
        )
        .unwrap_or_else(|error| panic!("{error}"));
        let names: Vec<String> = other_examples(&media)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names, ["Pay with points", "3", "4", "5"]);
        let note = first_example_note("response", &media).unwrap_or_default();
        assert!(
            note.starts_with("the page names its first response example «Card»;"),
            "{note}"
        );
    }
}
