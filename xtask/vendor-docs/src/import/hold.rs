//! What the spec cannot hold, made what it can, each change with a located note on the
//! entry saying what a maintainer decides, so that what `import --write` writes the
//! validator refuses only for want of our words and names.

use jing_spec::TypeRef;

use super::facts::{FactField, FactParam, Facts, Label};

/// What the spec cannot hold, made what it can, each with a note saying what a maintainer
/// decides: a member that is an object the page lists no member of (nor do we) becomes
/// `map<any>`, and so does an answer of objects without members (`array<object>`); an
/// answer that is one object without members stays: a documented empty object. Enum
/// values on a type that is not a string or an integer go to the note; a `{name}` of the
/// path the page does not declare becomes a required string path parameter; a path
/// parameter is always required; a header or query parameter that is not a scalar is a
/// string.
pub fn holdable(mut facts: Facts) -> Facts {
    let mut notes = Vec::new();
    hold_params(&mut facts, &mut notes);
    if let Some(body) = &mut facts.body {
        hold_fields("body", &mut body.fields, &mut notes);
    }
    if let Some(response) = &mut facts.response {
        if response.fields.is_empty() && response.ty != TypeRef::Object {
            if let Some(held) = held_type(&response.ty) {
                notes.push(memberless("response", &held));
                response.ty = held;
            }
        }
        hold_fields("response", &mut response.fields, &mut notes);
    }
    for note in notes {
        if !facts.notes.contains(&note) {
            facts.notes.push(note);
        }
    }
    facts
}

fn hold_params(facts: &mut Facts, notes: &mut Vec<String>) {
    let path = facts.path.clone().unwrap_or_default();
    let names = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()));
    for name in names.collect::<Vec<_>>() {
        if !facts.path_params.iter().any(|param| param.name == name) {
            notes.push(format!(
                "`path_params.{name}`: the path has `{{{name}}}` but the page declares no such parameter; written as a required string"
            ));
            facts.path_params.push(FactParam {
                name,
                ty: TypeRef::String,
                required: Some(true),
                label: Label::default(),
                values: Vec::new(),
                secret: false,
            });
        }
    }
    for param in &mut facts.path_params {
        param.required = Some(true);
    }
    for (part, params) in [
        ("path_params", &mut facts.path_params),
        ("headers", &mut facts.headers),
        ("query", &mut facts.query),
    ] {
        for param in params.iter_mut() {
            let key = format!("{part}.{}", param.name);
            if !param.ty.is_scalar() {
                notes.push(format!(
                    "`{key}`: the page gives `{}`, and a parameter is a scalar; written as `string`: decide how its values are sent",
                    param.ty
                ));
                param.ty = TypeRef::String;
            }
            hold_values(&key, &param.ty, &mut param.values, notes);
        }
    }
}

fn hold_fields(part: &str, fields: &mut [FactField], notes: &mut Vec<String>) {
    for field in fields {
        let key = format!("{part}.{}", field.name);
        hold_values(&key, &field.ty, &mut field.values, notes);
        if field.fields.is_empty() {
            if let Some(held) = held_type(&field.ty) {
                notes.push(memberless(&key, &held));
                field.ty = held;
            }
        }
        hold_fields(&key, &mut field.fields, notes);
    }
}

/// Enum values on a type that is not a string or an integer go to a note.
fn hold_values(key: &str, ty: &TypeRef, values: &mut Vec<String>, notes: &mut Vec<String>) {
    let enumerable = matches!(ty.innermost(), TypeRef::String | TypeRef::Integer);
    if !values.is_empty() && !enumerable {
        notes.push(format!(
            "`{key}`: the page lists the values {} of a `{ty}`, and enums are strings or integers; say them in its doc",
            values.join(", ")
        ));
        values.clear();
    }
}

fn memberless(key: &str, held: &TypeRef) -> String {
    format!(
        "`{key}`: the page gives an object without members; written as `{held}`: list its members (type `object`) if it has some"
    )
}

/// The type with its innermost `object` (which needs members) as `map<any>`.
fn held_type(ty: &TypeRef) -> Option<TypeRef> {
    match ty {
        TypeRef::Object => Some(TypeRef::Map(Box::new(TypeRef::Any))),
        TypeRef::Array(inner) => held_type(inner).map(|inner| TypeRef::Array(Box::new(inner))),
        TypeRef::Map(inner) => held_type(inner).map(|inner| TypeRef::Map(Box::new(inner))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facts::FactResponse;

    fn field(name: &str, ty: TypeRef, required: Option<bool>) -> FactField {
        FactField {
            name: name.to_owned(),
            ty,
            required,
            label: Default::default(),
            values: Vec::new(),
            fields: Vec::new(),
        }
    }

    #[test]
    fn objects_without_members_become_maps_with_a_note_but_the_answer() {
        let mut page = Facts::titled("部件");
        let mut meta = field("meta", TypeRef::Array(Box::new(TypeRef::Object)), None);
        meta.fields = Vec::new();
        page.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![meta],
        });
        let held = holdable(page);
        let response = held.response.unwrap_or_else(|| panic!("a response"));
        assert_eq!(response.ty, TypeRef::Object);
        assert_eq!(response.fields[0].ty.to_string(), "array<map<any>>");
        assert!(held.notes[0].starts_with("`response.meta`: the page gives an object"));
        let mut empty = Facts::titled("部件");
        empty.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: Vec::new(),
        });
        let kept = holdable(empty.clone());
        assert_eq!(kept, empty, "a documented empty object stays");
    }

    #[test]
    fn parameters_and_enums_the_spec_cannot_hold_are_held_with_notes() {
        let mut page = Facts::titled("部件");
        page.path = Some("/v1/shelf/{shelfId}/part/{partId}".to_owned());
        page.path_params = vec![FactParam {
            name: "partId".to_owned(),
            ty: TypeRef::String,
            required: None,
            label: Label::default(),
            values: Vec::new(),
            secret: false,
        }];
        page.query = vec![FactParam {
            name: "ids".to_owned(),
            ty: TypeRef::Array(Box::new(TypeRef::String)),
            required: Some(false),
            label: Label::default(),
            values: Vec::new(),
            secret: false,
        }];
        let mut ratio = field("ratio", TypeRef::Number, Some(true));
        ratio.values = vec!["0.5".to_owned(), "1.5".to_owned()];
        page.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![ratio],
        });
        let held = holdable(page);
        let params: Vec<(&str, Option<bool>)> = held
            .path_params
            .iter()
            .map(|param| (param.name.as_str(), param.required))
            .collect();
        assert_eq!(params, [("partId", Some(true)), ("shelfId", Some(true))]);
        assert_eq!(held.query[0].ty, TypeRef::String);
        let response = held.response.as_ref().map(|response| &response.fields[0]);
        assert!(response.is_some_and(|ratio| ratio.values.is_empty()));
        let places: Vec<&str> = held
            .notes
            .iter()
            .filter_map(|note| note.split('`').nth(1))
            .collect();
        assert_eq!(
            places,
            ["path_params.shelfId", "query.ids", "response.ratio"]
        );
    }
}
