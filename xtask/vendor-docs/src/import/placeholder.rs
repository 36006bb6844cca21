//! Placeholders: what a page writes where a value belongs that is no value of the API —
//! apifox's environment variables (`{{app_id}}`), alone or inside text (`Bearer {{key}}`,
//! `${BASE}`), blanks to fill (`<your id>`, `xxx`, `your_token`, `...`), masked values
//! (`**********@chatroom`), a type's name (`string`) and apifox's empty fill (`''` as a
//! string member's example). None is held as an example or default; each one read is
//! left out with a note naming the member (see [`take`]), never without a word. So is a
//! `format:` the spec has no place for (`date-time`, `uuid`, `int32`): noted, not lost.

use serde_json::Value;

use super::facts::{FactField, FactParam, Facts, ValueFacts};

/// Whether a value is a placeholder, not a value of the API: apifox's environment variable
/// (`{{app_id}}`, or one inside text: `Bearer {{key}}`), a template (`${BASE}`), a type's
/// name where a value belongs (`string`, `integer`), a blank to fill (`<your id>`, `xxx`,
/// `data:…,xxx1`, `your_token`, `...`), a masked value (`****@chatroom`).
pub(crate) fn is_variable(value: &Value) -> bool {
    let Some(text) = value.as_str().map(str::trim) else {
        return false;
    };
    let lower = text.to_ascii_lowercase();
    (text.starts_with('<') && text.ends_with('>') && !text.contains("</"))
        || holds_template(text)
        || is_type_name(text)
        || has_x_run(&lower)
        || text.contains("****")
        || lower.starts_with("your_")
        || lower.starts_with("your ")
        || ["...", "…", "todo", "tbd"].contains(&lower.as_str())
}

/// Whether `text` holds `{{name}}` or `${name}` anywhere.
pub(crate) fn holds_template(text: &str) -> bool {
    let closed = |open: &str, close: &str| {
        text.split(open)
            .skip(1)
            .any(|rest| rest.find(close).is_some_and(|end| end > 0))
    };
    closed("{{", "}}") || closed("${", "}")
}

/// A run of three `x` or more that is a word of its own (`xxx`, `base64,xxx1`), not part
/// of one (`maxx`).
fn has_x_run(lower: &str) -> bool {
    let chars: Vec<char> = lower.chars().collect();
    let mut at = 0;
    while at < chars.len() {
        if chars[at] != 'x' {
            at += 1;
            continue;
        }
        let start = at;
        while at < chars.len() && chars[at] == 'x' {
            at += 1;
        }
        let before = start.checked_sub(1).map(|at| chars[at]);
        let after = chars.get(at).copied();
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        if at - start >= 3 && !letter(before) && !letter(after) {
            return true;
        }
    }
    false
}

/// The blanks to fill of an example (`<your id>`, `xxx`, `your_key`, `...`, a masked
/// `****@chatroom`, `Bearer {{key}}`): an example holding one is no example of the API's,
/// and not held as one. A type's name (`"string"`) or a `0` where apifox fills one in is
/// kept: it decodes as the member's type, and the vendor's own pages (the captured Jing
/// page among them) are made of them.
pub(crate) fn example_placeholders(example: &str) -> Vec<String> {
    let Ok(json) = serde_json::from_str::<Value>(example) else {
        return Vec::new();
    };
    let mut leaves = Vec::new();
    collect_leaves(&json, &mut leaves);
    leaves
        .iter()
        .filter(|leaf| is_blank(leaf))
        .map(ToString::to_string)
        .collect()
}

/// A blank to fill: a placeholder that no API sends as a value. An apifox variable that is
/// the whole value is not one in a whole example: it stands for a credential the client
/// fills in (the Jing token call's own example is made of them).
fn is_blank(value: &Value) -> bool {
    let text = value.as_str().map(str::trim).unwrap_or_default();
    let whole_variable =
        text.starts_with("{{") && text.ends_with("}}") && text.matches("{{").count() == 1;
    is_variable(value) && !is_type_name(text) && !whole_variable
}

fn is_type_name(text: &str) -> bool {
    ["string", "integer", "number", "boolean", "object", "array"]
        .contains(&text.trim().to_ascii_lowercase().as_str())
}

/// The scalar values of `value` at any depth.
fn collect_leaves<'v>(value: &'v Value, out: &mut Vec<&'v Value>) {
    match value {
        Value::Object(members) => members
            .values()
            .for_each(|value| collect_leaves(value, out)),
        Value::Array(items) => items.iter().for_each(|item| collect_leaves(item, out)),
        leaf => out.push(leaf),
    }
}

/// Takes every placeholder example or default out of `facts` (parameters, body and
/// response members at any depth), each with a note: the page's value is no value of the
/// API, so it is not held and not counted, but never left out without a word.
pub(super) fn take(facts: &mut Facts) {
    let mut notes = Vec::new();
    for (part, params) in [
        ("headers", &mut facts.headers),
        ("query", &mut facts.query),
        ("path_params", &mut facts.path_params),
    ] {
        for param in params.iter_mut() {
            let FactParam { name, value, .. } = param;
            take_value(&format!("{part}.{name}"), value, &mut notes);
        }
    }
    if let Some(body) = &mut facts.body {
        take_fields("body", &mut body.fields, &mut notes);
    }
    if let Some(response) = &mut facts.response {
        take_fields("response", &mut response.fields, &mut notes);
    }
    for note in notes {
        if !facts.notes.contains(&note) {
            facts.notes.push(note);
        }
    }
}

fn take_fields(part: &str, fields: &mut [FactField], notes: &mut Vec<String>) {
    for field in fields {
        let key = format!("{part}.{}", field.name);
        take_value(&key, &mut field.value, notes);
        take_fields(&key, &mut field.fields, notes);
    }
}

fn take_value(key: &str, value: &mut ValueFacts, notes: &mut Vec<String>) {
    if let Some(format) = value.format.take() {
        notes.push(format!(
            "`{key}`: the page's format `{format}` has no place in the spec (its type is held, not the format): say it in the member's doc if it matters"
        ));
    }
    for (fact, given) in [
        ("example", &mut value.example),
        ("default", &mut value.default),
    ] {
        let Some(said) = given.as_ref() else { continue };
        // apifox fills an empty example in where the vendor gave none.
        let fill = fact == "example" && said.as_str() == Some("");
        if fill || is_variable(said) {
            let what = if fill {
                "apifox's empty fill"
            } else {
                "a placeholder (an apifox variable or a blank to fill)"
            };
            notes.push(format!(
                "`{key}`: the page's {fact} {said} is {what}, not a value of the API: not held"
            ));
            *given = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn placeholders_inside_values_and_masked_blanks_are_placeholders() {
        for placeholder in [
            "{{key}}",
            "Bearer {{key}}",
            "Bearer {{YOUR_API_KEY}}",
            "${BASE}/v1",
            "**********@chatroom",
            "data:image/png;base64,xxx1",
            "xxx",
            "<your id>",
            "string",
        ] {
            assert!(super::is_variable(&json!(placeholder)), "{placeholder}");
        }
        for value in ["Bearer abc", "maxx", "{}", "a*b", "ok", "{{", "<b>x</b>"] {
            assert!(!super::is_variable(&json!(value)), "{value}");
        }
        let example = r#"{"token":"{{token}}","to":"****@room","auth":"Bearer {{k}}"}"#;
        assert_eq!(
            super::example_placeholders(example),
            ["\"Bearer {{k}}\"", "\"****@room\""]
        );
    }
}
