//! Rules of bodies, responses and their members: unique wire and Rust names, consistent
//! types, enum values, and the names of nested types.

use std::collections::{BTreeMap, BTreeSet};

use super::checker::{Checker, pascal, reserved_members};
use crate::model::{Body, ContentType, Endpoint, Field, Response, Shape, TypeRef};
use crate::names::{self, reserved, types};

/// A request body.
pub(super) fn body(
    body: &Body,
    endpoint: &Endpoint,
    key: &str,
    members: &mut BTreeMap<String, String>,
    type_names: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    let key = format!("{key}.body");
    if let Some(name) = &body.item_type_name {
        pascal(name, &format!("{key}.item_type_name"), check);
        if body.shape != Shape::Array {
            check.report(
                &format!("{key}.item_type_name"),
                "only an array body has an item type",
            );
        }
    }
    if body.content_type == ContentType::Form {
        form(body, &key, check);
    }
    // An object body's members join the request struct; an array body's items are a struct of their own.
    let mut item_members = reserved_members();
    let (owner, members) = match body.shape {
        Shape::Object => (types::request(endpoint), members),
        Shape::Array => {
            let item = types::body_item(endpoint);
            check.unique(type_names, item.clone(), &format!("{key}.shape"), "type");
            check.unique(
                members,
                reserved::ITEMS.to_owned(),
                &format!("{key}.shape"),
                "member",
            );
            (item, &mut item_members)
        }
    };
    fields(
        &body.fields,
        &format!("{key}.fields"),
        &owner,
        members,
        check,
    );
    nested_types(
        &body.fields,
        &format!("{key}.fields"),
        &owner,
        type_names,
        check,
    );
}

/// A form body is one object of flat `name=value` pairs: scalar members, no array body,
/// no custom attributes (any JSON) beside them.
fn form(body: &Body, key: &str, check: &mut Checker<'_>) {
    if body.shape == Shape::Array {
        check.report(
            &format!("{key}.shape"),
            "a form body (`content_type: form`) is one object of name=value pairs; an array body cannot be sent as a form",
        );
    }
    if body.custom_fields {
        check.report(
            &format!("{key}.custom_fields"),
            "a form body carries only its listed scalar members; custom attributes (any JSON) cannot be sent as a form",
        );
    }
    for (index, field) in body.fields.iter().enumerate() {
        if !field.ty.is_scalar() {
            check.report(
                &format!("{key}.fields[{index}].type"),
                format!(
                    "a form body carries flat name=value pairs of strings, integers, numbers and booleans, not `{}`",
                    field.ty
                ),
            );
        }
    }
}

/// The response's `data`.
pub(super) fn response(
    response: &Response,
    owner: &str,
    key: &str,
    type_names: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    let key = format!("{key}.response");
    let has_members = *response.ty.innermost() == TypeRef::Object;
    if has_members && response.fields.is_empty() && !response.is_empty_object() {
        let message = if response.fields_listed {
            "`fields: []` (a documented empty object) needs `type: object`; list the members of an `array<object>`"
        } else {
            "an `object` response lists its members under `fields`; write `fields: []` for a documented empty object"
        };
        check.report(&format!("{key}.fields"), message);
    } else if !has_members && !response.fields.is_empty() {
        check.report(
            &format!("{key}.fields"),
            "members are listed exactly when the type is `object` or `array<object>`",
        );
    }
    if response.custom_fields && !has_members {
        check.report(
            &format!("{key}.custom_fields"),
            "custom fields need an object type",
        );
    }
    let mut members = reserved_members();
    fields(
        &response.fields,
        &format!("{key}.fields"),
        owner,
        &mut members,
        check,
    );
    nested_types(
        &response.fields,
        &format!("{key}.fields"),
        owner,
        type_names,
        check,
    );
}

/// Members of one object: unique wire and Rust names, consistent types, docs; recursive.
pub(super) fn fields(
    fields: &[Field],
    key: &str,
    owner: &str,
    members: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    shaped_fields(fields, key, owner, members, None, check);
}

/// As [`fields`]; `shapes` holds the payload shapes a field may name with `shape`
/// (`None` outside `webhooks.yaml`, where `shape` is not allowed).
pub(super) fn shaped_fields(
    fields: &[Field],
    key: &str,
    owner: &str,
    members: &mut BTreeMap<String, String>,
    shapes: Option<&BTreeSet<&str>>,
    check: &mut Checker<'_>,
) {
    let mut wire = BTreeMap::new();
    for (index, field) in fields.iter().enumerate() {
        let item = format!("{key}[{index}]");
        let repeated = wire.contains_key(&field.name);
        check.unique(
            &mut wire,
            field.name.clone(),
            &format!("{item}.name"),
            "field",
        );
        if field.name.is_empty() {
            check.report(&format!("{item}.name"), "the field name is empty");
        } else if !repeated {
            check.unique(
                members,
                names::field_name(&field.name),
                &format!("{item}.name"),
                "member (after case conversion)",
            );
        }
        check.doc(&format!("{item}.doc"), &field.doc);
        let innermost = field.ty.innermost();
        if let Some(shape) = &field.shape {
            match shapes {
                None => check.report(
                    &format!("{item}.shape"),
                    "`shape` names a webhook payload shape; it belongs in webhooks.yaml",
                ),
                Some(known) if !known.contains(shape.as_str()) => check.report(
                    &format!("{item}.shape"),
                    format!("`{shape}` is not a shape of webhooks.yaml"),
                ),
                Some(_) if *field.ty.innermost() != TypeRef::Object || !field.fields.is_empty() => {
                    check.report(
                        &format!("{item}.shape"),
                        "a field with `shape` has type `object` and no `fields` of its own",
                    );
                }
                Some(_) => {}
            }
        } else if (*innermost == TypeRef::Object) == field.fields.is_empty() {
            check.report(&format!("{item}.fields"), "members are listed exactly when the type is `object`, `array<object>` or `map<object>`; use `map<any>` for unknown members");
        }
        enum_rules(field, &item, check);
        value_rules(field, &item, check);
        let nested_owner = types::nested(owner, field);
        let mut nested_members = reserved_members();
        shaped_fields(
            &field.fields,
            &format!("{item}.fields"),
            &nested_owner,
            &mut nested_members,
            shapes,
            check,
        );
    }
}

/// Documented enum values of a field or a parameter: a string or integer type, integers
/// on an integer one, docs, distinct variant names; a `type_name` only where a type is
/// generated.
pub(super) fn enum_rules(field: &Field, item: &str, check: &mut Checker<'_>) {
    if !field.values.is_empty() {
        match field.ty.innermost() {
            TypeRef::String => {}
            TypeRef::Integer => {
                for (index, value) in field.values.iter().enumerate() {
                    if value.integer().is_err() {
                        check.report(
                            &format!("{item}.enum[{index}].value"),
                            format!(
                                "`{}` is not an integer, and its type is `{}`",
                                value.value, field.ty
                            ),
                        );
                    }
                }
            }
            _ => check.report(
                &format!("{item}.enum"),
                format!(
                    "enum values need a string or integer type, not `{}`",
                    field.ty
                ),
            ),
        }
    }
    if let Some(name) = &field.type_name {
        pascal(name, &format!("{item}.type_name"), check);
        if field.fields.is_empty() && field.values.is_empty() {
            check.report(
                &format!("{item}.type_name"),
                "only an object or enum field has a type of its own to name",
            );
        }
    }
    enum_values(field, item, check);
}

/// A member's example, default and limits fit its type: a scalar's example and default are
/// scalars (numbers for a number type), limits of numbers on number types and of lengths
/// on texts, the least no greater than the greatest.
pub(super) fn value_rules(field: &Field, item: &str, check: &mut Checker<'_>) {
    for (key, value) in [("example", &field.example), ("default", &field.default)] {
        if let Some(value) = value.as_ref().filter(|value| !field.ty.takes_value(value)) {
            check.report(
                &format!("{item}.{key}"),
                format!("`{value}` is not a value of type `{}`", field.ty),
            );
        }
    }
    let number =
        |value: &Option<serde_json::Number>| value.as_ref().and_then(serde_json::Number::as_f64);
    for (key, given) in [("minimum", &field.minimum), ("maximum", &field.maximum)] {
        if given.is_some() && !field.ty.takes_number_limits() {
            check.report(
                &format!("{item}.{key}"),
                format!("`{key}` bounds a number; the type is `{}`", field.ty),
            );
        }
    }
    for (key, given) in [
        ("min_length", field.min_length),
        ("max_length", field.max_length),
    ] {
        if given.is_some() && !field.ty.takes_length_limits() {
            check.report(
                &format!("{item}.{key}"),
                format!("`{key}` bounds a text; the type is `{}`", field.ty),
            );
        }
    }
    let numbers = number(&field.minimum).zip(number(&field.maximum));
    let lengths = field.min_length.zip(field.max_length);
    if numbers.is_some_and(|(least, most)| least > most) {
        check.report(
            &format!("{item}.minimum"),
            "`minimum` is greater than `maximum`",
        );
    }
    if lengths.is_some_and(|(least, most)| least > most) {
        check.report(
            &format!("{item}.min_length"),
            "`min_length` is greater than `max_length`",
        );
    }
}

/// Documented enum values: docs, and distinct variant names.
fn enum_values(field: &Field, key: &str, check: &mut Checker<'_>) {
    let mut variants = BTreeMap::from([(
        reserved::OTHER_VARIANT.to_owned(),
        "(the variant for unlisted values)".to_owned(),
    )]);
    for (index, value) in field.values.iter().enumerate() {
        let item = format!("{key}.enum[{index}]");
        check.unique(
            &mut variants,
            names::variant_name(&value.value),
            &format!("{item}.value"),
            "variant (after case conversion)",
        );
        if let Some(doc) = &value.doc {
            check.doc(&format!("{item}.doc"), doc);
        }
    }
}

/// Nested object and enum types get names of their own; they must not collide in the module.
pub(super) fn nested_types(
    fields: &[Field],
    key: &str,
    owner: &str,
    type_names: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    for (index, field) in fields.iter().enumerate() {
        if field.fields.is_empty() && field.values.is_empty() {
            continue;
        }
        let item = format!("{key}[{index}]");
        let name = types::nested(owner, field);
        check.unique(type_names, name.clone(), &format!("{item}.name"), "type");
        nested_types(
            &field.fields,
            &format!("{item}.fields"),
            &name,
            type_names,
            check,
        );
    }
}
