//! `cargo xtask openapi`: the whole spec as one OpenAPI 3.0.3 document, for other tools
//! and languages (progenitor and most generators read 3.0).
//!
//! Every typed endpoint is an operation (`operationId` = its spec name) with its header
//! path, header and query parameters, its body with `required` lists, and its answer as the Jing
//! envelope wrapping that endpoint's `data` (or, for an answer that is not the envelope,
//! that answer's own members, with `x-jing-answer` saying how it is read); nested types are
//! components. Members carry `nullable`, `example`, `default`, `minimum`, `maximum`,
//! `minLength`, `maxLength` and their enum values' docs (`x-enum-descriptions`); an ID
//! beyond `i64` is `format: uint64`. A form body is
//! `application/x-www-form-urlencoded` content; parameters list their documented values. What the docs do
//! not say stays unknown here too: a member whose required flag is unknown is left out of
//! `required` and marked `x-jing-required-unknown`. Status and limits are `x-jing-status`
//! and `x-jing-rate-limit`; endpoints known by title only are listed in `x-jing-catalogue`.
//! Members' and types' schemas are `openapi/schema.rs`.

use std::collections::BTreeMap;

use jing_spec::names::types;
use jing_spec::{Answer, AnswerCode, Endpoint, Group, Param, Required, Shape, Spec, TypeRef};
use serde_json::{Map, Value, json};

mod schema;

use schema::{
    OPEN_ENUM, Side, enum_descriptions, enum_list, object_schema, reference, scalar_schema, text,
    type_schema, value_facts,
};

/// Where the document is checked in, relative to the workspace root.
pub const OUT_DIR: &str = "jing-spec/openapi";
/// Its file name in [`OUT_DIR`].
pub const FILE: &str = "openapi.json";

/// The OpenAPI document of `spec`, pretty-printed with a final newline.
pub fn render(spec: &Spec) -> String {
    let mut text = serde_json::to_string_pretty(&document(spec)).unwrap_or_default();
    text.push('\n');
    text
}

/// The OpenAPI document of `spec`.
pub fn document(spec: &Spec) -> Value {
    let mut components = BTreeMap::new();
    let mut paths = Map::new();
    let mut catalogue = Vec::new();
    for (group, endpoint) in spec.endpoints() {
        let (Some(method), Some(path)) = (endpoint.method, &endpoint.path) else {
            catalogue.push(json!({
                "group": group.key,
                "name": endpoint.name,
                "title": {"zh": endpoint.title.zh, "en": endpoint.title.en},
                "status": endpoint.status.as_str(),
                "method": endpoint.method.map(|method| method.as_str()),
                "doc_url": endpoint.link(),
            }));
            continue;
        };
        let operation = operation(spec, group, endpoint, &mut components);
        let entry = paths
            .entry(path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        entry[method.as_str().to_lowercase()] = operation;
    }
    let servers: Vec<Value> = spec
        .api
        .environments
        .iter()
        .map(|environment| {
            json!({"url": environment.base_url, "description": text(&environment.title)})
        })
        .collect();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": text(&spec.api.title),
            "version": "1",
            "description": text(&spec.api.doc),
            "x-generated": "by `cargo xtask regenerate` from jing-spec/api. Do not edit.",
        },
        "servers": servers,
        "tags": spec.groups.iter().map(|group| json!({"name": tag(group), "description": text(&group.doc)})).collect::<Vec<_>>(),
        "paths": paths,
        "components": {"schemas": components},
        "x-jing-catalogue": catalogue,
    })
}

/// The tag of a group: its title as the vendor's folders print it, `客户管理(Account Management)`.
fn tag(group: &Group) -> String {
    format!("{}({})", group.title.zh, group.title.en)
}

fn operation(
    spec: &Spec,
    group: &Group,
    endpoint: &Endpoint,
    components: &mut BTreeMap<String, Value>,
) -> Value {
    let mut parameters: Vec<Value> = Vec::new();
    for (place, list) in [
        ("path", &endpoint.path_params),
        ("header", &endpoint.headers),
        ("query", &endpoint.query),
    ] {
        parameters.extend(list.iter().map(|param| parameter(param, place)));
    }
    let mut operation = json!({
        "operationId": endpoint.name,
        "summary": format!("{}({})", endpoint.title.zh, endpoint.title.en),
        "description": endpoint.doc.as_ref().map(text).unwrap_or_default(),
        "tags": [tag(group)],
        "parameters": parameters,
        "x-jing-status": endpoint.status.as_str(),
        "responses": {
            "200": {
                "description": "Jing envelope; `data` on success",
                "content": {"application/json": {"schema": envelope(spec, endpoint, components)}},
            },
            "default": error_response(spec, components),
        },
    });
    answer_marks(&mut operation, endpoint, components);
    if let Some(url) = endpoint.link() {
        operation["externalDocs"] = json!({"url": url});
    }
    if let Some(limit) = endpoint.rate_limit {
        operation["x-jing-rate-limit"] =
            json!({"per_second": limit.per_second, "per_day": limit.per_day});
    }
    if let Some(body) = &endpoint.body {
        let name = types::request(endpoint);
        let schema = match body.shape {
            Shape::Object => object_schema(
                &name,
                &body.fields,
                body.custom_fields,
                Side::Request,
                components,
            ),
            Shape::Array => {
                let item = types::body_item(endpoint);
                let items = object_schema(
                    &item,
                    &body.fields,
                    body.custom_fields,
                    Side::Request,
                    components,
                );
                components.insert(item.clone(), items);
                json!({"type": "array", "items": reference(&item)})
            }
        };
        components.insert(name.clone(), schema);
        let mut content = Map::new();
        content.insert(
            body.content_type.mime().to_owned(),
            json!({"schema": reference(&name)}),
        );
        operation["requestBody"] = json!({"required": true, "content": content});
    }
    operation
}

/// How `endpoint`'s answer is read: unknown data marked so (read back, it stays unknown, not
/// `any`); a maintainer's `answer`, and one that is not the envelope described as it is.
fn answer_marks(operation: &mut Value, endpoint: &Endpoint, types: &mut BTreeMap<String, Value>) {
    if endpoint.response.is_none() {
        operation["responses"]["200"]["x-jing-response-unknown"] = Value::Bool(true);
    }
    if let Some(answer) = &endpoint.answer {
        if !answer.is_jing() {
            operation["responses"]["200"] = json!({
                "description": "the endpoint's own answer (not the Jing envelope): see `x-jing-answer`",
                "content": {"application/json": {"schema": own_answer(answer, endpoint, types)}},
            });
        }
        operation["x-jing-answer"] = serde_json::to_value(answer).unwrap_or_default();
    }
}

fn parameter(param: &Param, place: &str) -> Value {
    let mut value = json!({
        "name": param.name,
        "in": place,
        "required": param.required.is_required(),
        "description": text(&param.doc),
        "schema": scalar_schema(&param.ty),
    });
    let field = param.as_field();
    value_facts(&mut value["schema"], &field);
    if let Some(example) = value["schema"]
        .as_object_mut()
        .and_then(|schema| schema.remove("example"))
    {
        value["example"] = example;
    }
    if !param.values.is_empty() {
        value["schema"][OPEN_ENUM] = enum_list(&param.ty, param.value_texts());
        enum_descriptions(&mut value["schema"], &param.values);
    }
    if param.required == Required::Unknown {
        value["x-jing-required-unknown"] = Value::Bool(true);
    }
    // A parameter the spec marks secret (a credential whose filling a maintainer decided):
    // imported back, it is ours, not a new decision.
    if param.secret {
        value["x-jing-secret"] = Value::Bool(true);
    }
    // One of the spec's auth headers (filled by the client): imported back, it is no
    // credential to decide about, whatever its name says.
    if param.auth {
        value["x-jing-auth"] = Value::Bool(true);
    }
    value
}

/// Any other answer: the docs name no HTTP status for errors, so every status other than
/// 200 is documented as one response, the envelope with a non-zero `code` (`data` may be
/// `null`), shared by every operation as the component `Jing.ErrorEnvelope`.
fn error_response(spec: &Spec, components: &mut BTreeMap<String, Value>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in &spec.api.envelope.fields {
        let schema = if field.name == "data" {
            json!({"nullable": true})
        } else {
            scalar_schema(&field.ty)
        };
        properties.insert(field.name.clone(), schema);
        if field.required.is_required() && field.name != "data" {
            required.push(field.name.clone());
        }
    }
    components.insert(
        ERROR_ENVELOPE.to_owned(),
        json!({"type": "object", "required": required, "properties": properties}),
    );
    json!({
        "description": "An error: the Jing envelope with a non-zero `code` and its `msg` (the docs name no HTTP status for errors; servers answer 4xx or 5xx)",
        "content": {"application/json": {"schema": reference(ERROR_ENVELOPE)}},
        "x-jing-error": true,
    })
}

/// The component of the error answer (a dot, so no generated type name can take it).
const ERROR_ENVELOPE: &str = "Jing.ErrorEnvelope";

/// The envelope of `api.yaml` with this endpoint's `data` in it.
fn envelope(spec: &Spec, endpoint: &Endpoint, components: &mut BTreeMap<String, Value>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in &spec.api.envelope.fields {
        let schema = if field.name == "data" {
            data_schema(endpoint, components)
        } else {
            scalar_schema(&field.ty)
        };
        properties.insert(field.name.clone(), schema);
        if field.required.is_required() {
            required.push(field.name.clone());
        }
    }
    json!({"type": "object", "required": required, "properties": properties})
}

fn data_schema(endpoint: &Endpoint, components: &mut BTreeMap<String, Value>) -> Value {
    let Some(response) = &endpoint.response else {
        return json!({});
    };
    if *response.ty.innermost() != TypeRef::Object {
        return type_schema(&response.ty, None);
    }
    let name = types::response(endpoint);
    let schema = object_schema(
        &name,
        &response.fields,
        response.custom_fields,
        Side::Response,
        components,
    );
    components.insert(name.clone(), schema);
    type_schema(&response.ty, Some(&name))
}

/// The schema of an answer that is not the Jing envelope: its code and message members
/// and its data member, or the data's own members beside them.
fn own_answer(
    answer: &Answer,
    endpoint: &Endpoint,
    components: &mut BTreeMap<String, Value>,
) -> Value {
    let data = data_schema(endpoint, components);
    let mut properties = Map::new();
    let mut required = Vec::new();
    if let Some(code) = &answer.code {
        let schema = match &answer.success {
            Some(AnswerCode::Text(_)) => json!({"type": "string"}),
            Some(AnswerCode::Boolean(_)) => json!({"type": "boolean"}),
            _ => json!({"type": "integer"}),
        };
        properties.insert(code.clone(), schema);
        required.push(code.clone());
    }
    if let Some(message) = &answer.message {
        properties.insert(message.clone(), json!({"type": "string"}));
    }
    match &answer.data {
        Some(member) => {
            properties.insert(member.clone(), data);
        }
        None => {
            return json!({"allOf": [data, {"type": "object", "required": required, "properties": properties}]});
        }
    }
    json!({"type": "object", "required": required, "properties": properties})
}
