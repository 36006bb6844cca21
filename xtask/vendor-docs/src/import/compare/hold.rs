//! What the spec cannot hold, made what it can: each change a decision for a maintainer
//! (a row of the sheet), or, where nothing is lost, a note on the entry; so that what
//! `import --write` writes the validator refuses only for want of our words and names.

use std::collections::BTreeSet;

use jing_spec::TypeRef;

use crate::import::facts::{
    FactDecision, FactField, FactParam, FactScheme, Facts, Label, ValueFacts,
};

/// What the spec cannot hold, made what it can. A member that is an object the page lists
/// no member of (nor do we) becomes `map<any>`, with a note (nothing is lost), and so does
/// an answer of objects without members (`array<object>`); an answer that is one object
/// without members stays: a documented empty object. Each of these is a decision: enum
/// values on a type that is not a string or an integer, an example, default or limit that
/// does not fit the member's type (dropped); a `{name}` of the path the page does not
/// declare (a required string path parameter); a header or query parameter that is not a
/// scalar (a string); a security scheme that is not the spec's auth headers. A path
/// parameter is always required. apifox's defaults that would become API surface
/// (`boilerplate.rs`) are held as the API most likely has them, each a decision. The
/// page's other answers go: the spec holds one (the count finds them dropped, and each
/// becomes a decision).
pub fn holdable(mut facts: Facts, auth_headers: &BTreeSet<String>) -> Facts {
    let mut notes = Vec::new();
    let mut decisions = std::mem::take(&mut facts.decisions);
    super::boilerplate::hold(&mut facts, &mut decisions);
    hold_params(&mut facts, &mut decisions);
    if let Some(body) = &mut facts.body {
        hold_fields("body", &mut body.fields, &mut notes, &mut decisions);
    }
    if let Some(response) = &mut facts.response {
        if response.fields.is_empty() && response.ty != TypeRef::Object {
            if let Some(held) = held_type(&response.ty) {
                notes.push(memberless("response", &held));
                response.ty = held;
            }
        }
        hold_fields("response", &mut response.fields, &mut notes, &mut decisions);
    }
    hold_security(&mut facts, auth_headers, &mut decisions);
    facts.unheld.clear();
    facts.alternatives.clear();
    facts.beside.clear();
    hold_examples(&mut facts, &mut decisions);
    for note in notes {
        if !facts.notes.contains(&note) {
            facts.notes.push(note);
        }
    }
    for found in decisions {
        if !facts.decisions.iter().any(|known| known.fact == found.fact) {
            facts.decisions.push(found);
        }
    }
    facts
}

/// An example holding blanks to fill (`<your id>`, `xxx`, `your_key`) is no example of the
/// API: not held (the docs' example tests would take it for the vendor's), a decision
/// naming them.
fn hold_examples(facts: &mut Facts, decisions: &mut Vec<FactDecision>) {
    facts.other_examples.retain(|(name, example)| {
        let placeholders = crate::import::read::placeholder::example_placeholders(example);
        if !placeholders.is_empty() {
            decisions.push(decision(
                &format!("examples.{name}"),
                format!(
                    "another example holds placeholders, not values of the API ({}): not held",
                    placeholders.join(", ")
                ),
            ));
        }
        placeholders.is_empty()
    });
    for (key, example) in [
        ("examples.request", &mut facts.request_example),
        ("examples.response", &mut facts.response_example),
    ] {
        let placeholders = example
            .as_deref()
            .map(crate::import::read::placeholder::example_placeholders)
            .unwrap_or_default();
        if placeholders.is_empty() {
            continue;
        }
        *example = None;
        let mut shown: Vec<String> = placeholders;
        shown.dedup();
        shown.truncate(5);
        decisions.push(decision(
            key,
            format!(
                "the example holds placeholders, not values of the API ({}): not held; write a real example (or leave none)",
                shown.join(", ")
            ),
        ));
    }
}

fn decision(fact: &str, page: String) -> FactDecision {
    FactDecision {
        fact: fact.to_owned(),
        page,
        decided: false,
    }
}

fn hold_params(facts: &mut Facts, decisions: &mut Vec<FactDecision>) {
    let path = facts.path.clone().unwrap_or_default();
    let names = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()));
    for name in names.collect::<Vec<_>>() {
        if !facts.path_params.iter().any(|param| param.name == name) {
            decisions.push(decision(
                &format!("path_params.{name}"),
                format!("the path has `{{{name}}}` but the page declares no such parameter; written as a required string"),
            ));
            facts.path_params.push(FactParam {
                name,
                ty: TypeRef::String,
                required: Some(true),
                label: Label::default(),
                values: Vec::new(),
                labels: Vec::new(),
                value: Default::default(),
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
        params.retain(|param| {
            let key = format!("{part}.{}", param.name);
            !held_back(&key, &param.value, &param.label, decisions)
        });
        for param in params.iter_mut() {
            let key = format!("{part}.{}", param.name);
            if !param.ty.is_scalar() {
                decisions.push(decision(
                    &format!("{key}:type"),
                    format!("the page gives `{}`, and a parameter is a scalar; written as `string`: decide how its values are sent", param.ty),
                ));
                param.ty = TypeRef::String;
            }
            hold_values(
                &key,
                &param.ty,
                &mut param.values,
                &mut param.labels,
                decisions,
            );
            hold_value_facts(&key, &param.ty, &mut param.value, decisions);
        }
    }
}

fn hold_fields(
    part: &str,
    fields: &mut Vec<FactField>,
    notes: &mut Vec<String>,
    decisions: &mut Vec<FactDecision>,
) {
    fields.retain(|field| {
        let key = format!("{part}.{}", field.name);
        !held_back(&key, &field.value, &field.label, decisions)
    });
    for field in fields {
        let key = format!("{part}.{}", field.name);
        hold_values(
            &key,
            &field.ty,
            &mut field.values,
            &mut field.labels,
            decisions,
        );
        hold_value_facts(&key, &field.ty, &mut field.value, decisions);
        if field.fields.is_empty() {
            if let Some(held) = held_type(&field.ty) {
                notes.push(memberless(&key, &held));
                field.ty = held;
            }
        }
        hold_fields(&key, &mut field.fields, notes, decisions);
    }
}

/// Enum values on a type that is not a string or an integer go, with their labels, to a
/// decision.
fn hold_values(
    key: &str,
    ty: &TypeRef,
    values: &mut Vec<String>,
    labels: &mut Vec<(String, String)>,
    decisions: &mut Vec<FactDecision>,
) {
    let enumerable = matches!(ty.innermost(), TypeRef::String | TypeRef::Integer);
    if !values.is_empty() && !enumerable {
        decisions.push(decision(
            &format!("{key}:enum"),
            format!(
                "the values {} of a `{ty}`; enums are strings or integers: say them in its doc",
                values.join(", ")
            ),
        ));
        values.clear();
        labels.clear();
    }
}

/// A member the spec has no type for (a file's bytes) is held back: not held (the count
/// finds it dropped), a decision saying what the page gives, the vendor's description of
/// the member with it (kept nowhere else).
fn held_back(
    key: &str,
    value: &ValueFacts,
    label: &Label,
    decisions: &mut Vec<FactDecision>,
) -> bool {
    let Some(what) = &value.unheld_type else {
        return false;
    };
    let said: Vec<&str> = [&label.zh, &label.en]
        .into_iter()
        .flatten()
        .map(|text| text.trim())
        .filter(|text| !text.is_empty())
        .collect();
    let described = if said.is_empty() {
        String::new()
    } else {
        format!(", described as «{}»", said.join(" / "))
    };
    decisions.push(decision(
        key,
        format!("a {what}{described}, which the spec has no type for: not held; decide how the call sends it (the body's content type with it)"),
    ));
    true
}

/// A member the page types `null` is held as it was read (`any`, nullable), a decision
/// saying so (the count finds its type changed). An example, default or limit that does
/// not fit the member's type goes (the count finds it dropped, a decision), by the rules
/// the validator applies (`TypeRef::takes_value`, `takes_number_limits`,
/// `takes_length_limits`); an example or default whose JSON type is not the member's (a
/// number on a `string`) goes too, with a decision saying so.
fn hold_value_facts(
    key: &str,
    ty: &TypeRef,
    value: &mut ValueFacts,
    decisions: &mut Vec<FactDecision>,
) {
    if let Some(said) = value.page_type.take() {
        decisions.push(decision(
            &format!("{key}:type"),
            format!("the page types it `{said}` (only ever null), which the spec has no type for; written `{ty}`, nullable (a null and any other value decode): decide its type"),
        ));
    }
    for (fact, given) in [
        ("example", &mut value.example),
        ("default", &mut value.default),
    ] {
        let Some(said) = given.take() else { continue };
        if let Some(mismatch) = super::example_check::mismatch(ty, &said) {
            decisions.push(decision(
                &format!("{key}:{fact}"),
                format!("the page's {fact} {mismatch}: not held"),
            ));
        } else if ty.takes_value(&said) {
            *given = Some(said);
        }
    }
    if !ty.takes_number_limits() {
        value.minimum = None;
        value.maximum = None;
    }
    if !ty.takes_length_limits() {
        value.min_length = None;
        value.max_length = None;
    }
    let numbers = value
        .minimum
        .as_ref()
        .and_then(serde_json::Number::as_f64)
        .zip(value.maximum.as_ref().and_then(serde_json::Number::as_f64));
    if numbers.is_some_and(|(least, most)| least > most) {
        value.minimum = None;
        value.maximum = None;
    }
    if value
        .min_length
        .zip(value.max_length)
        .is_some_and(|(least, most)| least > most)
    {
        value.min_length = None;
        value.max_length = None;
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

/// The page's credentials: a scheme on one of the spec's auth headers is ours (a header
/// only named like a credential is then no secret: the spec fills it), any other is a
/// decision, once per parameter (a declared scheme says more than the name does).
fn hold_security(
    facts: &mut Facts,
    auth_headers: &BTreeSet<String>,
    decisions: &mut Vec<FactDecision>,
) {
    let schemes = std::mem::take(&mut facts.security);
    let declared: BTreeSet<&String> = schemes
        .iter()
        .filter(|scheme| scheme.declared)
        .filter_map(|scheme| scheme.param.as_ref())
        .collect();
    for scheme in &schemes {
        let Some(param) = scheme.param.as_ref() else {
            decisions.push(scheme_decision(scheme));
            continue;
        };
        if scheme.header && auth_headers.contains(param) {
            if !scheme.declared {
                for header in facts.headers.iter_mut().filter(|h| &h.name == param) {
                    header.secret = false;
                }
            }
        } else if scheme.declared || !declared.contains(param) {
            decisions.push(scheme_decision(scheme));
        }
    }
}

fn scheme_decision(scheme: &FactScheme) -> FactDecision {
    let page = if scheme.declared {
        format!(
            "the security scheme `{}` ({}), which is not the spec's auth headers: {}",
            scheme.name,
            scheme.kind,
            super::auth::settlement(scheme)
        )
    } else {
        format!(
            "{} is named like a credential (the page declares no security scheme): {}",
            scheme.kind,
            super::auth::settlement(scheme)
        )
    };
    decision(&format!("security.{}", scheme.name), page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facts::FactResponse;

    fn field(name: &str, ty: TypeRef, required: Option<bool>) -> FactField {
        FactField::bare_required(name, ty, required)
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
        let held = holdable(page, &BTreeSet::new());
        let response = held.response.unwrap_or_else(|| panic!("a response"));
        assert_eq!(response.ty, TypeRef::Object);
        assert_eq!(response.fields[0].ty.to_string(), "array<map<any>>");
        assert!(held.notes[0].starts_with("`response.meta`: the page gives an object"));
        let mut empty = Facts::titled("部件");
        empty.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: Vec::new(),
        });
        let kept = holdable(empty.clone(), &BTreeSet::new());
        assert_eq!(kept, empty, "a documented empty object stays");
    }

    #[test]
    fn parameters_and_enums_the_spec_cannot_hold_are_decisions() {
        let mut page = Facts::titled("部件");
        page.path = Some("/v1/shelf/{shelfId}/part/{partId}".to_owned());
        page.path_params = vec![FactParam {
            name: "partId".to_owned(),
            ty: TypeRef::String,
            required: None,
            label: Label::default(),
            values: Vec::new(),
            labels: Vec::new(),
            value: Default::default(),
            secret: false,
        }];
        page.query = vec![FactParam {
            name: "ids".to_owned(),
            ty: TypeRef::Array(Box::new(TypeRef::String)),
            required: Some(false),
            label: Label::default(),
            values: Vec::new(),
            labels: Vec::new(),
            value: Default::default(),
            secret: false,
        }];
        let mut ratio = field("ratio", TypeRef::Number, Some(true));
        ratio.values = vec!["0.5".to_owned(), "1.5".to_owned()];
        page.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![ratio],
        });
        let held = holdable(page, &BTreeSet::new());
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
            .decisions
            .iter()
            .map(|decision| decision.fact.as_str())
            .collect();
        assert_eq!(
            places,
            [
                "path_params.shelfId",
                "query.ids:type",
                "response.ratio:enum"
            ]
        );
        assert!(held.notes.is_empty(), "{:?}", held.notes);
    }
}
