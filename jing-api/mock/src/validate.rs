//! Checking a request against the endpoint's schema: parameters, content type and body, each
//! problem naming the member and the rule. Documented enum values are open, so a value the
//! docs do not list is accepted and logged, not refused.

use serde_json::Value;

use jing_api::schema::{Body, EndpointSchema, Kind, Param, Place};

use super::table::MockEndpoint;

/// Every problem with the path parameters, query and headers of a request to `endpoint`.
pub(crate) fn params(
    endpoint: &MockEndpoint,
    path: &[(&str, String)],
    query: &[(String, String)],
    headers: &axum::http::HeaderMap,
) -> Vec<String> {
    let mut problems = Vec::new();
    for param in endpoint.params(Place::Path) {
        let value = path
            .iter()
            .find(|(name, _)| *name == param.name)
            .map(|(_, value)| value.as_str());
        check_param("path parameter", param, value, &mut problems);
    }
    for param in endpoint.params(Place::Query) {
        let value = query
            .iter()
            .find(|(name, _)| name == param.name)
            .map(|(_, value)| value.as_str());
        check_param("query parameter", param, value, &mut problems);
    }
    for param in endpoint
        .params(Place::Header)
        .filter(|param| !param.filled_by_client)
    {
        let value = headers
            .get(param.name)
            .and_then(|value| value.to_str().ok());
        check_param("header", param, value, &mut problems);
    }
    problems
}

fn check_param(what: &str, param: &Param, value: Option<&str>, problems: &mut Vec<String>) {
    let Some(value) = value else {
        if param.required == Some(true) {
            problems.push(format!("{what} `{}`: required, missing", param.name));
        }
        return;
    };
    let fits = match param.kind {
        Kind::Integer => value.parse::<i64>().is_ok(),
        Kind::Unsigned => value.parse::<u64>().is_ok(),
        Kind::Number => value.parse::<f64>().is_ok(),
        Kind::Boolean => matches!(value, "true" | "false"),
        _ => true,
    };
    if !fits {
        problems.push(format!(
            "{what} `{}`: expected {}, got {value:?}",
            param.name,
            kind_name(&param.kind)
        ));
    } else if !param.values.is_empty() && !param.values.contains(&value) {
        tracing::warn!(
            member = param.name,
            value,
            "a value the docs do not list; accepted (enums are open)"
        );
    }
}

/// A form body as the JSON object it stands for: each member's text read as the type the
/// spec gives it (`2` as an integer, `true` as a boolean), so the JSON rules check it; text
/// that is not of its type stays text and is refused by them, naming the member.
pub(crate) fn form_object(schema: &EndpointSchema, pairs: Vec<(String, String)>) -> Value {
    let members = pairs.into_iter().map(|(name, text)| {
        let kind = schema
            .params_in(Place::Body)
            .find(|field| field.name == name);
        let value = match kind.map(|field| &field.kind) {
            Some(Kind::Integer) => text.parse::<i64>().map(Value::from).ok(),
            Some(Kind::Unsigned) => text.parse::<u64>().map(Value::from).ok(),
            Some(Kind::Number) => text.parse::<f64>().ok().map(Value::from),
            Some(Kind::Boolean) => text.parse::<bool>().map(Value::from).ok(),
            _ => None,
        };
        (name, value.unwrap_or(Value::String(text)))
    });
    Value::Object(members.collect())
}

/// Every problem with a JSON body (or a form read as one: [`form_object`]) against the
/// body `schema` describes.
pub(crate) fn body(schema: &EndpointSchema, value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let fields: Vec<&Param> = schema.params_in(Place::Body).collect();
    if schema.body == Body::Array {
        let Some(items) = value.as_array() else {
            problems.push(format!(
                "(body): expected a JSON array, got {}",
                found(value)
            ));
            return problems;
        };
        for (index, item) in items.iter().enumerate() {
            object(
                item,
                &fields,
                schema.custom_fields,
                &format!("[{index}]"),
                &mut problems,
            );
        }
    } else {
        object(value, &fields, schema.custom_fields, "", &mut problems);
    }
    problems
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn object(value: &Value, fields: &[&Param], custom: bool, path: &str, problems: &mut Vec<String>) {
    let shown = if path.is_empty() { "(body)" } else { path };
    let Some(members) = value.as_object() else {
        problems.push(format!("{shown}: expected an object, got {}", found(value)));
        return;
    };
    for field in fields {
        let here = join(path, field.name);
        match members.get(field.name) {
            Some(Value::Null) if field.nullable => {}
            None | Some(Value::Null) if field.required == Some(true) => {
                problems.push(format!("{here}: required, missing"));
            }
            None | Some(Value::Null) => {}
            Some(member) => check(member, field.kind, field, &here, problems),
        }
    }
    if !custom {
        for name in members.keys() {
            if !fields.iter().any(|field| field.name == name) {
                problems.push(format!(
                    "{}: not a member of the spec, and custom fields are not taken here",
                    join(path, name)
                ));
            }
        }
    }
}

fn check(value: &Value, kind: Kind, field: &Param, path: &str, problems: &mut Vec<String>) {
    let fits = match kind {
        Kind::String => value.is_string(),
        Kind::Integer => value.is_i64() || value.is_u64(),
        Kind::Unsigned => value.is_u64(),
        Kind::Number => value.is_number(),
        Kind::Boolean => value.is_boolean(),
        Kind::Object => {
            let nested: Vec<&Param> = field.fields.iter().collect();
            object(value, &nested, false, path, problems);
            return;
        }
        Kind::Array(item) => match value.as_array() {
            Some(items) => {
                for (index, element) in items.iter().enumerate() {
                    check(element, *item, field, &format!("{path}[{index}]"), problems);
                }
                return;
            }
            None => false,
        },
        Kind::Map(item) => match value.as_object() {
            Some(members) => {
                for (name, member) in members {
                    check(member, *item, field, &format!("{path}.{name}"), problems);
                }
                return;
            }
            None => false,
        },
        // Any value, and a kind this mock does not know yet.
        _ => true,
    };
    if !fits {
        problems.push(format!(
            "{path}: expected {}, got {}",
            kind_name(&kind),
            found(value)
        ));
        return;
    }
    // Integer-coded values are compared as their text, like the spec lists them.
    let text = match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    if let (Some(text), false) = (text.as_deref(), field.values.is_empty()) {
        if !field.values.contains(&text) {
            tracing::warn!(
                member = path,
                value = text,
                "a value the docs do not list; accepted (enums are open)"
            );
        }
    }
}

fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::String => "a string",
        Kind::Integer => "an integer",
        Kind::Unsigned => "an unsigned integer",
        Kind::Number => "a number",
        Kind::Boolean => "a boolean",
        Kind::Object | Kind::Map(_) => "an object",
        Kind::Array(_) => "an array",
        _ => "any value",
    }
}

fn found(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The path of `known` nearest to `path` (fewest single-character edits).
pub(crate) fn nearest<'a>(path: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known.min_by_key(|candidate| distance(path, candidate))
}

pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, left) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, right) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(left != *right);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_path_is_the_fewest_edits_away() {
        let known = [
            "/v1/customer/create",
            "/v1/user/create",
            "/v1/oauth2/token/refresh",
        ];
        assert_eq!(
            nearest("/v1/customer/creat", known.into_iter()),
            Some("/v1/customer/create")
        );
        assert_eq!(
            nearest("/v1/usr/create", known.into_iter()),
            Some("/v1/user/create")
        );
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
