//! Facts from an OpenAPI 3.0 / 3.1 document, JSON or YAML: a whole export, or the one
//! operation an apifox page embeds.
//!
//! Read as YAML values (order kept, anchors and aliases resolved, integer keys such as
//! `200:` allowed). `$ref`s are followed into the document, with percent-encoded and
//! non-ASCII names, and a cycle is an error rather than a hang. apifox's extensions are
//! read: `x-apifox-orders` (member order), `x-apifox-folder` (the group), `x-apifox-status`.
//! Ours are too (`x-jing-*`), so an export of the spec reads back to the same facts.

use serde_yaml::Value;

use super::facts::{FactBody, FactParam, FactResponse, Facts, split_title};
use super::schema::label;
use super::{ImportError, rate_limit_in};
use jing_spec::{HttpMethod, RateLimit, Shape, TypeRef};

/// How deep schemas may nest (refs included) before the document is refused.
pub(super) const MAX_DEPTH: usize = 64;

/// Every operation of `document`; `title` names the page when an operation has no summary.
pub(super) fn operations(
    file: &str,
    document: &Value,
    title: Option<&str>,
) -> Result<Vec<Facts>, ImportError> {
    let reader = Reader { file, document };
    let version = document
        .get("openapi")
        .and_then(scalar_text)
        .ok_or_else(|| reader.error("(root)", "not an OpenAPI document: no `openapi` version"))?;
    if !version.starts_with("3.") {
        return Err(reader.error(
            "openapi",
            format!("OpenAPI {version} is not read; 3.0 and 3.1 are"),
        ));
    }
    let mut found = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_mapping) else {
        return Err(reader.error("paths", "the document has no `paths`"));
    };
    for (path, item) in paths {
        let path = scalar_text(path).unwrap_or_default();
        let Some(operations) = item.as_mapping() else {
            continue;
        };
        for (key, operation) in operations {
            let Some(key) = key.as_str() else {
                continue;
            };
            if let Some(method) = super::method_named(key) {
                let place = format!("paths.{path}.{key}");
                found.push(reader.operation(&place, &path, method, operation, title)?);
            }
        }
    }
    if found.is_empty() {
        return Err(reader.error("paths", "the document has no operations"));
    }
    Ok(found)
}

pub(super) struct Reader<'a> {
    pub(super) file: &'a str,
    pub(super) document: &'a Value,
}

impl Reader<'_> {
    pub(super) fn error(&self, place: &str, message: impl Into<String>) -> ImportError {
        ImportError::new(self.file, place, message)
    }

    fn operation(
        &self,
        place: &str,
        path: &str,
        method: HttpMethod,
        operation: &Value,
        page_title: Option<&str>,
    ) -> Result<Facts, ImportError> {
        let text = |key: &str| operation.get(key).and_then(scalar_text);
        let title = text("summary")
            .or_else(|| page_title.map(str::to_owned))
            .or_else(|| text("operationId"))
            .unwrap_or_else(|| format!("{} {path}", method.as_str()));
        let (title_zh, title_en) = split_title(&title);
        let mut facts = Facts::titled(title_zh);
        facts.title_en = title_en;
        facts.method = Some(method);
        facts.path = Some(path.to_owned());
        facts.description = text("description").filter(|text| !text.trim().is_empty());
        facts.folder = text("x-apifox-folder").or_else(|| {
            operation
                .get("tags")
                .and_then(Value::as_sequence)
                .and_then(|tags| tags.first())
                .and_then(scalar_text)
        });
        facts.rate_limit = operation
            .get("x-jing-rate-limit")
            .map(|limit| RateLimit {
                per_second: limit
                    .get("per_second")
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok()),
                per_day: limit
                    .get("per_day")
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok()),
            })
            .or_else(|| facts.description.as_deref().and_then(rate_limit_in));
        facts.has_tables = true;
        if let Some(status) = text("x-apifox-status") {
            facts.notes.push(format!("apifox status: {status}"));
        }
        if operation.get("deprecated").and_then(Value::as_bool) == Some(true) {
            facts
                .notes
                .push("the page marks the endpoint deprecated".to_owned());
        }
        let parameters = operation.get("parameters").and_then(Value::as_sequence);
        for (index, parameter) in parameters.into_iter().flatten().enumerate() {
            let place = format!("{place}.parameters[{index}]");
            let (parameter, _) = self.resolve(&place, parameter, &mut Vec::new())?;
            let located = parameter
                .get("in")
                .and_then(scalar_text)
                .unwrap_or_default();
            let param = self.parameter(&place, parameter)?;
            match located.as_str() {
                "header" => facts.headers.push(param),
                "query" => facts.query.push(param),
                "path" => facts.path_params.push(param),
                other => facts.notes.push(format!(
                    "parameter `{}` in `{other}` is not read",
                    param.name
                )),
            }
        }
        if let Some(body) = operation.get("requestBody") {
            let place = format!("{place}.requestBody");
            let (body, _) = self.resolve(&place, body, &mut Vec::new())?;
            self.body(&place, body, &mut facts)?;
        }
        if let Some(responses) = operation.get("responses").and_then(Value::as_mapping) {
            let success = responses
                .iter()
                .find(|(code, _)| scalar_text(code).is_some_and(|code| code.starts_with('2')));
            if let Some((code, response)) = success {
                let code = scalar_text(code).unwrap_or_default();
                let place = format!("{place}.responses.{code}");
                self.response(&place, response, &mut facts)?;
            }
        }
        Ok(facts)
    }

    fn parameter(&self, place: &str, parameter: &Value) -> Result<FactParam, ImportError> {
        let name = parameter
            .get("name")
            .and_then(scalar_text)
            .ok_or_else(|| self.error(place, "a parameter without `name`"))?;
        let ty = match parameter.get("schema") {
            Some(schema) => {
                self.schema(&format!("{place}.schema"), schema, &mut Vec::new())?
                    .ty
            }
            None => TypeRef::String,
        };
        let unknown = parameter
            .get("x-jing-required-unknown")
            .and_then(Value::as_bool)
            == Some(true);
        let required = parameter
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        Ok(FactParam {
            name,
            ty,
            required: (!unknown).then_some(required),
            label: label(parameter),
        })
    }

    fn body(&self, place: &str, body: &Value, facts: &mut Facts) -> Result<(), ImportError> {
        let Some(content) = body.get("content").and_then(Value::as_mapping) else {
            return Ok(());
        };
        let preferred = ["application/json", "application/x-www-form-urlencoded"];
        let chosen = preferred
            .iter()
            .find_map(|wanted| {
                content
                    .iter()
                    .find(|(kind, _)| scalar_text(kind).as_deref() == Some(*wanted))
            })
            .or_else(|| content.iter().next());
        let Some((content_type, media)) = chosen else {
            return Ok(());
        };
        let content_type = scalar_text(content_type).unwrap_or_default();
        let place = format!("{place}.content.{content_type}");
        facts.request_example = example(media);
        let Some(schema) = media.get("schema") else {
            return Ok(());
        };
        let read = self.schema(&format!("{place}.schema"), schema, &mut Vec::new())?;
        let shape = match &read.ty {
            TypeRef::Array(item) if **item == TypeRef::Object => Shape::Array,
            TypeRef::Object => Shape::Object,
            other => {
                facts.notes.push(format!(
                    "the body is `{other}`, which the spec cannot hold; not read"
                ));
                return Ok(());
            }
        };
        facts.body = Some(FactBody {
            shape,
            content_type,
            fields: read.fields,
        });
        Ok(())
    }

    fn response(
        &self,
        place: &str,
        response: &Value,
        facts: &mut Facts,
    ) -> Result<(), ImportError> {
        let (response, _) = self.resolve(place, response, &mut Vec::new())?;
        let Some(media) = response
            .get("content")
            .and_then(Value::as_mapping)
            .and_then(|content| content.iter().next().map(|(_, media)| media))
        else {
            return Ok(());
        };
        facts.response_example = example(media);
        let Some(schema) = media.get("schema") else {
            return Ok(());
        };
        let read = self.schema(&format!("{place}.schema"), schema, &mut Vec::new())?;
        let is_envelope = ["code", "data"]
            .iter()
            .all(|member| read.fields.iter().any(|field| field.name == *member));
        facts.response = if is_envelope {
            read.fields
                .into_iter()
                .find(|field| field.name == "data")
                .map(|data| FactResponse {
                    ty: data.ty,
                    fields: data.fields,
                })
        } else {
            facts.notes.push(
                "the response is not the Jing envelope (request_id, code, msg, data); reported as is"
                    .to_owned(),
            );
            Some(FactResponse {
                ty: read.ty,
                fields: read.fields,
            })
        };
        Ok(())
    }
}

/// The example of a media type (`example`, or the first of `examples`), as JSON text.
fn example(media: &Value) -> Option<String> {
    let value = media.get("example").or_else(|| {
        media
            .get("examples")
            .and_then(Value::as_mapping)
            .and_then(|examples| examples.iter().next())
            .and_then(|(_, example)| example.get("value"))
    })?;
    match value {
        Value::String(text) => Some(text.clone()),
        other => serde_json::to_value(other)
            .ok()
            .and_then(|json| serde_json::to_string_pretty(&json).ok()),
    }
}

/// A scalar as text (strings, numbers, booleans); `None` for anything else.
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}
