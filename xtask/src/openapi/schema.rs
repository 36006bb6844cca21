//! The schemas of the OpenAPI export: an object's members (each with its facts: `nullable`,
//! `example`, `default`, bounds, enum values and their docs), nested object types made
//! components, and the schema of each spec type. Operations, parameters and envelopes are
//! `openapi.rs`.

use std::collections::BTreeMap;

use jing_spec::names::types;
use jing_spec::{Doc, EnumValue, Field, Required, TypeRef};
use serde_json::{Map, Value, json};

/// `中文 (English)`-style text of a bilingual doc.
pub(super) fn text(doc: &Doc) -> String {
    format!("{}\n\n{}", doc.zh, doc.en)
}

/// Which way an object travels: what a request may carry is stated strictly (no member the
/// spec does not list unless custom attributes go; an optional member may be `null`, read
/// as absent), what a response carries leniently (unknown members are ignored).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Request,
    Response,
}

/// An object's schema; its nested object types become components.
pub(super) fn object_schema(
    owner: &str,
    fields: &[Field],
    custom_fields: bool,
    side: Side,
    components: &mut BTreeMap<String, Value>,
) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        properties.insert(
            field.name.clone(),
            field_schema(owner, field, side, components),
        );
        if field.required.is_required() {
            required.push(Value::String(field.name.clone()));
        }
    }
    let mut schema = json!({
        "type": "object",
        "properties": properties,
        "x-apifox-orders": fields.iter().map(|field| field.name.clone()).collect::<Vec<_>>(),
    });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    if custom_fields {
        schema["additionalProperties"] = Value::Bool(true);
        schema["x-jing-custom-fields"] = Value::Bool(true);
    } else if side == Side::Request {
        schema["additionalProperties"] = Value::Bool(false);
    }
    schema
}

fn field_schema(
    owner: &str,
    field: &Field,
    side: Side,
    components: &mut BTreeMap<String, Value>,
) -> Value {
    let nested = types::nested(owner, field);
    let mut schema = if !field.fields.is_empty() {
        let object = object_schema(&nested, &field.fields, false, side, components);
        components.insert(nested.clone(), object);
        type_schema(&field.ty, Some(&nested))
    } else {
        type_schema(&field.ty, None)
    };
    let target = innermost_schema(&mut schema);
    if !field.values.is_empty() {
        target[OPEN_ENUM] = enum_list(&field.ty, field.value_texts());
        enum_descriptions(target, &field.values);
    }
    schema["description"] = Value::String(text(&field.doc));
    value_facts(&mut schema, field);
    if side == Side::Request && !field.required.is_required() && !field.nullable {
        // An optional member may be sent as `null` (read as absent): not a fact of the docs.
        schema["nullable"] = Value::Bool(true);
        schema["x-jing-nullable"] = Value::Bool(false);
    }
    if field.required == Required::Unknown {
        schema["x-jing-required-unknown"] = Value::Bool(true);
    }
    schema
}

/// A member's `nullable`, example, default and limits, as OpenAPI names them (limits on the
/// innermost schema of a list).
pub(super) fn value_facts(schema: &mut Value, field: &Field) {
    if field.nullable {
        schema["nullable"] = Value::Bool(true);
    }
    for (key, value) in [("example", &field.example), ("default", &field.default)] {
        if let Some(value) = value {
            schema[key] = value.clone();
        }
    }
    let target = innermost_schema(schema);
    for (key, value) in [("minimum", &field.minimum), ("maximum", &field.maximum)] {
        if let Some(value) = value {
            target[key] = Value::Number(value.clone());
        }
    }
    for (key, value) in [
        ("minLength", field.min_length),
        ("maxLength", field.max_length),
    ] {
        if let Some(value) = value {
            target[key] = Value::from(value);
        }
    }
}

/// The docs of documented values, by value (`x-enum-descriptions`), where there are some.
pub(super) fn enum_descriptions(schema: &mut Value, values: &[EnumValue]) {
    let described: Map<String, Value> = values
        .iter()
        .filter_map(|value| {
            Some((
                value.value.clone(),
                Value::String(text(value.doc.as_ref()?)),
            ))
        })
        .collect();
    if !described.is_empty() {
        schema["x-enum-descriptions"] = Value::Object(described);
    }
}

/// Where the documented values of an enumeration go: the docs' enumerations are open (a
/// value they do not list is still accepted and kept, by the client and the mock alike),
/// which a closed `enum` would deny, so they are listed as an extensible enum.
pub(super) const OPEN_ENUM: &str = "x-extensible-enum";

/// The documented values of a field or parameter of type `ty`; integer-coded enums list
/// numbers, as the wire carries them.
pub(super) fn enum_list<'a>(ty: &TypeRef, values: impl Iterator<Item = &'a str>) -> Value {
    let integer = *ty.innermost() == TypeRef::Integer;
    values
        .map(|value| match value.parse::<i64>() {
            Ok(number) if integer => Value::from(number),
            _ => Value::from(value),
        })
        .collect()
}

/// The innermost item schema of arrays and maps, where an enum belongs.
fn innermost_schema(schema: &mut Value) -> &mut Value {
    let key = if schema.get("items").is_some() {
        "items"
    } else if schema
        .get("additionalProperties")
        .is_some_and(Value::is_object)
    {
        "additionalProperties"
    } else {
        return schema;
    };
    innermost_schema(&mut schema[key])
}

/// The schema of a type; `object` (at any depth) is `nested` when given.
pub(super) fn type_schema(ty: &TypeRef, nested: Option<&str>) -> Value {
    match ty {
        TypeRef::Array(item) => json!({"type": "array", "items": type_schema(item, nested)}),
        TypeRef::Map(value) => {
            json!({"type": "object", "additionalProperties": type_schema(value, nested)})
        }
        TypeRef::Object => nested.map_or_else(|| json!({"type": "object"}), reference),
        TypeRef::Any => json!({}),
        scalar => scalar_schema(scalar),
    }
}

pub(super) fn scalar_schema(ty: &TypeRef) -> Value {
    match ty {
        TypeRef::String => json!({"type": "string"}),
        TypeRef::Integer => json!({"type": "integer", "format": "int64"}),
        TypeRef::U64 => json!({"type": "integer", "format": "uint64"}),
        TypeRef::Number => json!({"type": "number"}),
        TypeRef::Boolean => json!({"type": "boolean"}),
        TypeRef::Any | TypeRef::Object | TypeRef::Array(_) | TypeRef::Map(_) => {
            type_schema(ty, None)
        }
    }
}

pub(super) fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}
