//! Placeholders: what a page writes where a value belongs that is no value of the API —
//! apifox's environment variables (`{{app_id}}`), alone or inside text (`Bearer {{key}}`,
//! `${BASE}`), blanks to fill (`<your id>`, `xxx`, `your_token`, `...`), masked values
//! (`**********@chatroom`), a type's name (`string`) and apifox's fills: `''` as a string
//! member's example, and `0` as a number's where the page shows it is one (outside the
//! member's declared limits, or beside only fills in its object). None is held as an example or default; each one read is
//! left out with a note naming the member (see [`take`]), never without a word. So is a
//! `format:` the spec has no place for (`date-time`, `uuid`, `int32`): noted, not lost.

use serde_json::Value;

use crate::import::facts::{FactField, FactParam, Facts, ValueFacts};

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
pub(in crate::import) fn take(facts: &mut Facts) {
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
    let all_fills = all_fills(fields);
    for field in fields {
        let key = format!("{part}.{}", field.name);
        if all_fills && is_zero(field.value.example.as_ref()) {
            notes.push(format!(
                "`{key}`: the page's example 0 is apifox's fill (every example beside it is an empty fill or 0), not a value of the API: not held"
            ));
            field.value.example = None;
        }
        take_value(&key, &mut field.value, notes);
        take_fields(&key, &mut field.fields, notes);
    }
}

/// Whether the text and number examples of the members of one object are all apifox's
/// fills: two or more, each `""` or `0`, one `""` at least (apifox writes both where the
/// page gave none; a `0` among real examples stays a value).
fn all_fills(fields: &[FactField]) -> bool {
    let examples: Vec<&Value> = fields
        .iter()
        .filter_map(|field| field.value.example.as_ref())
        .filter(|value| value.is_string() || value.is_number())
        .collect();
    let empty = |value: &&Value| value.as_str() == Some("");
    examples.len() >= 2
        && examples.iter().any(empty)
        && examples
            .iter()
            .all(|value| empty(value) || is_zero(Some(value)))
}

fn is_zero(value: Option<&Value>) -> bool {
    value
        .and_then(Value::as_f64)
        .is_some_and(|number| number == 0.0)
}

/// Whether an example `0` lies outside the member's declared limits (`minimum: 1`): no
/// value of the API, apifox's fill.
fn zero_out_of_range(value: &ValueFacts) -> bool {
    let below = value
        .minimum
        .as_ref()
        .and_then(serde_json::Number::as_f64)
        .is_some_and(|minimum| minimum > 0.0);
    let above = value
        .maximum
        .as_ref()
        .and_then(serde_json::Number::as_f64)
        .is_some_and(|maximum| maximum < 0.0);
    is_zero(value.example.as_ref()) && (below || above)
}

fn take_value(key: &str, value: &mut ValueFacts, notes: &mut Vec<String>) {
    if let Some(format) = value.format.take() {
        notes.push(format!(
            "`{key}`: the page's format `{format}` has no place in the spec (its type is held, not the format): say it in the member's doc if it matters"
        ));
    }
    if zero_out_of_range(value) {
        notes.push(format!(
            "`{key}`: the page's example 0 lies outside its declared limits: apifox's fill, not a value of the API: not held"
        ));
        value.example = None;
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
            super::example_placeholders(r#"{"n":0,"s":""}"#),
            Vec::<String>::new()
        );
        assert_eq!(
            super::example_placeholders(example),
            ["\"Bearer {{k}}\"", "\"****@room\""]
        );
    }

    /// apifox's `0`: beside only fills in its object, or outside the member's limits, it
    /// goes with a note; beside a real example, or alone, it stays.
    #[test]
    fn a_zero_is_a_fill_only_where_the_page_shows_it() {
        use crate::import::facts::{FactBody, FactField, Facts};
        use jing_spec::{ContentType, Shape, TypeRef};
        let member = |name: &str, ty: TypeRef, example: serde_json::Value| {
            let mut field = FactField::bare(name, ty);
            field.value.example = Some(example);
            field
        };
        let mut facts = Facts::titled("部件");
        let mut limited = member("count", TypeRef::Integer, json!(0));
        limited.value.minimum = Some(1.into());
        let mut nested = member("inner", TypeRef::Object, json!({}));
        nested.fields = vec![
            member("rate", TypeRef::Number, json!(0)),
            member("label", TypeRef::String, json!("real")),
            limited,
        ];
        facts.body = Some(FactBody {
            shape: Shape::Object,
            content_type: ContentType::Json,
            fields: vec![
                member("model", TypeRef::String, json!("")),
                member("temperature", TypeRef::Number, json!(0)),
                nested,
            ],
        });
        super::take(&mut facts);
        let fields = facts.body.map(|body| body.fields).unwrap_or_default();
        let example = |field: &FactField| field.value.example.clone();
        assert_eq!(example(&fields[1]), None, "beside only fills");
        assert_eq!(
            example(&fields[2].fields[0]),
            Some(json!(0)),
            "beside a real example"
        );
        assert_eq!(example(&fields[2].fields[2]), None, "below its minimum");
        for said in [
            "`body.temperature`: the page's example 0 is apifox's fill",
            "`body.inner.count`: the page's example 0 lies outside its declared limits",
        ] {
            assert!(
                facts.notes.iter().any(|note| note.starts_with(said)),
                "{said}: {:?}",
                facts.notes
            );
        }
    }
}
