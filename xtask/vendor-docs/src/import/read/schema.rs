//! The reader of an OpenAPI document ([`Reader`], whose operations `openapi.rs` reads),
//! and its schemas as types, members and enum values, with `$ref`s followed: local
//! references only, segments percent-decoded (non-ASCII and `«»` names), and a cycle or a
//! reference to nothing as an error at the place it was met.

use serde_yaml::Value;

pub(super) use super::label::label;
pub(super) use super::scalar::scalar_text;
use crate::import::error::ImportError;
use crate::import::facts::{FactField, Label, ValueFacts};
use jing_spec::TypeRef;

/// How deep schemas may nest (refs included) before the document is refused.
pub(super) const MAX_DEPTH: usize = 64;

/// Reads one OpenAPI document: its operations (`openapi.rs`) and schemas (here), with
/// every problem an [`ImportError`] at its place.
pub(super) struct Reader<'a> {
    pub(super) file: &'a str,
    pub(super) document: &'a Value,
}

impl Reader<'_> {
    pub(super) fn error(&self, place: &str, message: impl Into<String>) -> ImportError {
        ImportError::new(self.file, place, message)
    }

    /// Follows `$ref`s from `value`; `stack` holds the refs being expanded (a cycle guard).
    pub(super) fn resolve<'v>(
        &'v self,
        place: &str,
        value: &'v Value,
        stack: &mut Vec<String>,
    ) -> Result<(&'v Value, usize), ImportError> {
        let mut current = value;
        let mut pushed = 0;
        while let Some(target) = current.get("$ref").and_then(scalar_text) {
            if stack.contains(&target) || stack.len() > MAX_DEPTH {
                return Err(self.error(place, format!("`$ref` cycle through `{target}`")));
            }
            current = self.pointer(&target).ok_or_else(|| {
                self.error(
                    place,
                    format!("`$ref` to `{target}`, which is not in the document"),
                )
            })?;
            stack.push(target);
            pushed += 1;
        }
        Ok((current, pushed))
    }

    /// The node at a local reference `#/a/b`, segments percent-decoded and unescaped.
    pub(super) fn pointer(&self, target: &str) -> Option<&Value> {
        let path = target.strip_prefix("#/")?;
        let mut node = self.document;
        for segment in path.split('/') {
            let segment = percent_decode(segment)?
                .replace("~1", "/")
                .replace("~0", "~");
            node = node.get(segment.as_str())?;
        }
        Some(node)
    }

    /// A schema's type, members and enum values.
    pub(super) fn schema(
        &self,
        place: &str,
        schema: &Value,
        stack: &mut Vec<String>,
    ) -> Result<Read, ImportError> {
        if stack.len() > MAX_DEPTH {
            return Err(self.error(place, "schemas nest too deep"));
        }
        let (schema, pushed) = self.resolve(place, schema, stack)?;
        let read = self.resolved_schema(place, schema, stack);
        stack.truncate(stack.len() - pushed);
        read
    }

    fn resolved_schema(
        &self,
        place: &str,
        schema: &Value,
        stack: &mut Vec<String>,
    ) -> Result<Read, ImportError> {
        let mut read = if let Some(parts) = schema.get("allOf").and_then(Value::as_sequence) {
            self.all_of(place, parts, stack)?
        } else if let Some((key, parts)) = alternatives(schema) {
            self.one_of(&format!("{place}.{key}"), parts, stack)?
        } else {
            self.typed(place, schema, stack)?
        };
        let own = value_facts(schema);
        read.value = ValueFacts {
            nullable: own.nullable || read.value.nullable,
            example: own.example.or(read.value.example),
            default: own.default.or(read.value.default),
            minimum: own.minimum.or(read.value.minimum),
            maximum: own.maximum.or(read.value.maximum),
            min_length: own.min_length.or(read.value.min_length),
            max_length: own.max_length.or(read.value.max_length),
            unheld_type: own.unheld_type.or(read.value.unheld_type),
            format: own.format.or(read.value.format),
            page_type: own.page_type.or(read.value.page_type),
        };
        Ok(read)
    }

    /// A schema by its `type`: a scalar (with its enum values), an array, an object (its
    /// members), a map (`additionalProperties`, with or without `type: object`).
    fn typed(
        &self,
        place: &str,
        schema: &Value,
        stack: &mut Vec<String>,
    ) -> Result<Read, ImportError> {
        let ty = declared_type(schema);
        let map_values = schema
            .get("additionalProperties")
            .filter(|values| values.is_mapping());
        // apifox writes `properties: {}` beside `additionalProperties`: a map all the same
        // (tester28f M1: a map of integers read as an object without members, `map<any>`).
        let has_properties = schema.get("properties").is_some_and(|properties| {
            map_values.is_none()
                || properties
                    .as_mapping()
                    .is_some_and(|members| !members.is_empty())
        });
        let read = match ty.as_deref() {
            Some("string" | "integer" | "number" | "boolean") => {
                let ty = scalar_type(ty.as_deref().unwrap_or("string"), schema);
                // `x-extensible-enum` lists the documented values of an open enumeration
                // (others accepted), as our own export writes them.
                let values = schema
                    .get("enum")
                    .or_else(|| schema.get("x-extensible-enum"))
                    .and_then(Value::as_sequence)
                    .map(|values| values.iter().filter_map(scalar_text).collect())
                    .unwrap_or_default();
                Read {
                    ty,
                    values,
                    labels: enum_labels(schema),
                    ..Read::any()
                }
            }
            Some("array") => {
                let item = match schema.get("items") {
                    Some(items) => self.schema(&format!("{place}.items"), items, stack)?,
                    None => Read::any(),
                };
                // The items' limits bound each item; the array's own example is the list's.
                let value = ValueFacts {
                    nullable: false,
                    example: None,
                    default: None,
                    ..item.value
                };
                Read {
                    ty: TypeRef::Array(Box::new(item.ty)),
                    value,
                    ..item
                }
            }
            Some("object") | None if has_properties => self.object(place, schema, stack)?,
            Some("object") | None if map_values.is_some() => {
                let values = map_values.unwrap_or(&Value::Null);
                let item = self.schema(&format!("{place}.additionalProperties"), values, stack)?;
                Read {
                    ty: TypeRef::Map(Box::new(item.ty)),
                    value: ValueFacts::default(),
                    ..item
                }
            }
            Some("object") => Read {
                ty: TypeRef::Map(Box::new(TypeRef::Any)),
                ..Read::any()
            },
            None | Some("null") => Read::any(),
            // A file (apifox's `type: file`): `value_facts` says the spec has no type for it.
            Some("file") => Read {
                ty: TypeRef::String,
                ..Read::any()
            },
            Some(other) => return Err(self.error(place, format!("unknown type `{other}`"))),
        };
        Ok(read)
    }

    /// `anyOf` / `oneOf`: one schema beside `null` (a nullable `$ref`, say) is that schema,
    /// nullable; several are any value (the page does not say which).
    fn one_of(
        &self,
        place: &str,
        parts: &[Value],
        stack: &mut Vec<String>,
    ) -> Result<Read, ImportError> {
        let is_null = |part: &Value| match part.get("type") {
            Some(Value::Null) => true,
            Some(ty) => scalar_text(ty).as_deref() == Some("null"),
            None => false,
        };
        let others: Vec<(usize, &Value)> = parts
            .iter()
            .enumerate()
            .filter(|(_, part)| !is_null(part))
            .collect();
        let [(index, only)] = others.as_slice() else {
            return Ok(Read::any());
        };
        let mut read = self.schema(&format!("{place}[{index}]"), only, stack)?;
        read.value.nullable = read.value.nullable || others.len() < parts.len();
        Ok(read)
    }

    fn all_of(
        &self,
        place: &str,
        parts: &[Value],
        stack: &mut Vec<String>,
    ) -> Result<Read, ImportError> {
        let mut merged: Option<Read> = None;
        for (index, part) in parts.iter().enumerate() {
            let read = self.schema(&format!("{place}.allOf[{index}]"), part, stack)?;
            merged = Some(match merged {
                Some(mut so_far) if so_far.ty == TypeRef::Object && read.ty == TypeRef::Object => {
                    so_far.fields.extend(read.fields);
                    so_far
                }
                _ => read,
            });
        }
        Ok(merged.unwrap_or_else(Read::any))
    }

    fn object(
        &self,
        place: &str,
        schema: &Value,
        stack: &mut Vec<String>,
    ) -> Result<Read, ImportError> {
        let required: Vec<String> = schema
            .get("required")
            .and_then(Value::as_sequence)
            .map(|names| names.iter().filter_map(scalar_text).collect())
            .unwrap_or_default();
        let properties = schema.get("properties").and_then(Value::as_mapping);
        let mut names: Vec<String> = properties
            .into_iter()
            .flatten()
            .filter_map(|(name, _)| scalar_text(name))
            .collect();
        // apifox keeps the page's member order beside the (unordered) properties.
        if let Some(orders) = schema.get("x-apifox-orders").and_then(Value::as_sequence) {
            let ordered: Vec<String> = orders.iter().filter_map(scalar_text).collect();
            names.sort_by_key(|name| {
                ordered
                    .iter()
                    .position(|wanted| wanted == name)
                    .unwrap_or(usize::MAX)
            });
        }
        let mut fields = Vec::new();
        for name in names {
            let Some(property) = properties.and_then(|properties| properties.get(name.as_str()))
            else {
                continue;
            };
            let place = format!("{place}.properties.{name}");
            let read = self.schema(&place, property, stack)?;
            let unknown = property
                .get("x-jing-required-unknown")
                .and_then(Value::as_bool)
                == Some(true);
            let (resolved, _) = self.resolve(&place, property, &mut Vec::new())?;
            // A property that is only a `$ref` takes the label of what it points at.
            let mut label = label(property);
            if label == Label::default() {
                label = self::label(resolved);
            }
            // A property that is only a `$ref` takes its own example and limits, if any,
            // over those of what it points at.
            let own = value_facts(property);
            let value = ValueFacts {
                nullable: own.nullable || read.value.nullable,
                example: own.example.or(read.value.example),
                default: own.default.or(read.value.default),
                ..read.value
            };
            fields.push(FactField {
                required: (!unknown).then(|| required.contains(&name)),
                name,
                ty: read.ty,
                label,
                values: read.values,
                labels: read.labels,
                value,
                fields: read.fields,
            });
        }
        Ok(Read {
            ty: TypeRef::Object,
            fields,
            ..Read::any()
        })
    }
}

/// What a schema reads as.
pub(super) struct Read {
    pub(super) ty: TypeRef,
    pub(super) fields: Vec<FactField>,
    pub(super) values: Vec<String>,
    pub(super) labels: Vec<(String, String)>,
    pub(super) value: ValueFacts,
}

impl Read {
    pub(super) fn any() -> Self {
        Read {
            ty: TypeRef::Any,
            fields: Vec::new(),
            values: Vec::new(),
            labels: Vec::new(),
            value: ValueFacts::default(),
        }
    }
}

/// A scalar type by name; an integer whose format (`uint64`) or example says it goes beyond
/// `i64` is a `u64`.
fn scalar_type(name: &str, schema: &Value) -> TypeRef {
    let ty: TypeRef = name.parse().unwrap_or(TypeRef::String);
    let format = schema.get("format").and_then(scalar_text);
    let beyond_i64 = schema
        .get("example")
        .is_some_and(|example| example.as_u64().is_some() && example.as_i64().is_none());
    if ty == TypeRef::Integer && (format.as_deref() == Some("uint64") || beyond_i64) {
        TypeRef::U64
    } else {
        ty
    }
}

/// The labels of enum values: apifox's `x-apifox-enum` (`{value, name, description}`),
/// or our own export's `x-enum-descriptions` (value to text).
fn enum_labels(schema: &Value) -> Vec<(String, String)> {
    if let Some(items) = schema.get("x-apifox-enum").and_then(Value::as_sequence) {
        return items
            .iter()
            .filter_map(|item| {
                let value = item.get("value").and_then(scalar_text)?;
                let text = ["description", "name"]
                    .iter()
                    .filter_map(|key| item.get(*key).and_then(scalar_text))
                    .find(|text| !text.trim().is_empty())?;
                Some((value, text))
            })
            .collect();
    }
    schema
        .get("x-enum-descriptions")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
        .filter_map(|(value, text)| Some((scalar_text(value)?, scalar_text(text)?)))
        .collect()
}

/// A schema's (or a parameter's) `nullable`, `example`, `default` and limits.
pub(super) fn value_facts(node: &Value) -> ValueFacts {
    let json = |key: &str| {
        node.get(key)
            .filter(|value| !value.is_null())
            .and_then(|value| serde_json::to_value(value).ok())
    };
    let number = |key: &str| match json(key) {
        Some(serde_json::Value::Number(number)) => Some(number),
        _ => None,
    };
    let count = |key: &str| node.get(key).and_then(Value::as_u64);
    let null_type = node
        .get("type")
        .and_then(Value::as_sequence)
        .is_some_and(|types| types.iter().any(|ty| ty.as_str() == Some("null")));
    // `type: 'null'` (or `[null]`): the member is only ever `null`; the spec has no such
    // type, so it is held as `any`, nullable (a `null` decodes), and the page's type said.
    let named_null = |ty: &Value| scalar_text(ty).as_deref() == Some("null");
    let only_null = match node.get("type") {
        Some(Value::Sequence(types)) => !types.is_empty() && types.iter().all(named_null),
        Some(other) => named_null(other),
        None => false,
    };
    // 3.1 lists examples; the first is the example.
    let example = json("example").or_else(|| {
        node.get("examples")
            .and_then(Value::as_sequence)
            .and_then(|examples| examples.first())
            .and_then(|example| serde_json::to_value(example).ok())
    });
    // Our own export marks a member that is `nullable` only because an optional member may
    // be sent as `null` (`x-jing-nullable: false`): not the fact.
    let nullable = match node.get("x-jing-nullable").and_then(Value::as_bool) {
        Some(nullable) => nullable,
        None => {
            node.get("nullable").and_then(Value::as_bool) == Some(true) || null_type || only_null
        }
    };
    ValueFacts {
        nullable,
        example,
        default: json("default"),
        minimum: number("minimum"),
        maximum: number("maximum"),
        min_length: count("minLength"),
        max_length: count("maxLength"),
        unheld_type: super::media::unheld_type(node, declared_type(node).as_deref()),
        // The formats the spec holds by type: a file's bytes, `integer` (i64), `u64`,
        // `number` (f64).
        format: node.get("format").and_then(scalar_text).filter(|format| {
            !["binary", "int64", "uint64", "double", ""].contains(&format.as_str())
        }),
        page_type: only_null.then(|| "null".to_owned()),
    }
}

/// A schema's `anyOf` or `oneOf` list, with its key.
fn alternatives(schema: &Value) -> Option<(&'static str, &[Value])> {
    ["anyOf", "oneOf"].into_iter().find_map(|key| {
        let parts = schema.get(key)?.as_sequence()?;
        Some((key, parts.as_slice()))
    })
}

/// `type` as written: a name, or (3.1) a list with `null` in it.
pub(super) fn declared_type(schema: &Value) -> Option<String> {
    match schema.get("type")? {
        Value::Sequence(types) => types
            .iter()
            .filter_map(scalar_text)
            .find(|name| name != "null"),
        other => scalar_text(other),
    }
}

/// `%E5%AE%A2` gives `客`; `None` when the escapes are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn references_are_percent_decoded() {
        assert_eq!(
            percent_decode("%E5%AE%A2%E6%88%B7").as_deref(),
            Some("客户")
        );
        assert_eq!(
            percent_decode("Plain%C2%ABx%C2%BB").as_deref(),
            Some("Plain«x»")
        );
        assert_eq!(percent_decode("%ZZ"), None);
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
    }
}
