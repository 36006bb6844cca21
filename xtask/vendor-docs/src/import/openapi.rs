//! Facts from an OpenAPI 3.0 / 3.1 document, JSON or YAML: a whole export, or the one
//! operation an apifox page embeds.
//!
//! Read as YAML values (order kept, anchors and aliases resolved, integer keys such as
//! `200:` allowed). `$ref`s are followed into the document, with percent-encoded and
//! non-ASCII names, and a cycle is an error rather than a hang. apifox's extensions are
//! read: `x-apifox-orders` (member order), `x-apifox-folder` (the group), `x-apifox-status`.
//! Ours are too (`x-jing-*`), so an export of the spec reads back to the same facts.
//! Any other extension (`x-…`), anywhere, even in a security requirement, is no fact and
//! never an error.

use serde_yaml::Value;

use super::facts::{FactBody, FactParam, FactResponse, Facts, content_type_of, split_title};
use super::schema::{Reader, label, scalar_text};
use super::{ImportError, rate_limit_in};
use jing_spec::{HttpMethod, RateLimit, Shape, TypeRef};

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
        // Parameters declared beside the operations apply to each of them.
        let shared = item.get("parameters").and_then(Value::as_sequence);
        for (key, operation) in operations {
            let Some(key) = key.as_str() else {
                continue;
            };
            if let Some(method) = super::method_named(key) {
                let place = format!("paths.{path}.{key}");
                let parameters =
                    reader.parameters(&format!("paths.{path}"), shared, &place, operation)?;
                let mut facts =
                    reader.operation(&place, &path, method, operation, title, parameters)?;
                reader.security(&place, operation, &mut facts)?;
                found.push(facts);
            }
        }
    }
    if found.is_empty() {
        return Err(reader.error("paths", "the document has no operations"));
    }
    Ok(found)
}

impl Reader<'_> {
    /// The parameters of an operation, resolved, each with its place: those of the path
    /// item first (an operation's own of the same name and location replaces one), then the
    /// operation's others.
    fn parameters<'v>(
        &'v self,
        item_place: &str,
        shared: Option<&'v Vec<Value>>,
        place: &str,
        operation: &'v Value,
    ) -> Result<Vec<(String, &'v Value)>, ImportError> {
        let key = |parameter: &Value| {
            let text = |key| parameter.get(key).and_then(scalar_text).unwrap_or_default();
            (text("name"), text("in"))
        };
        let mut own = Vec::new();
        let listed = operation.get("parameters").and_then(Value::as_sequence);
        for (index, parameter) in listed.into_iter().flatten().enumerate() {
            let place = format!("{place}.parameters[{index}]");
            let (parameter, _) = self.resolve(&place, parameter, &mut Vec::new())?;
            own.push((place, parameter));
        }
        let mut all = Vec::new();
        for (index, parameter) in shared.into_iter().flatten().enumerate() {
            let place = format!("{item_place}.parameters[{index}]");
            let (parameter, _) = self.resolve(&place, parameter, &mut Vec::new())?;
            match own.iter().position(|(_, mine)| key(mine) == key(parameter)) {
                Some(at) => all.push(own.remove(at)),
                None => all.push((place, parameter)),
            }
        }
        all.extend(own);
        Ok(all)
    }

    /// Headers (or query parameters) an operation's security requirements ask for: an
    /// `apiKey` scheme names its own, an `http` scheme (bearer, basic) is `Authorization`.
    /// `security` on the operation replaces the document's.
    fn security(
        &self,
        place: &str,
        operation: &Value,
        facts: &mut Facts,
    ) -> Result<(), ImportError> {
        let requirements = operation
            .get("security")
            .or_else(|| self.document.get("security"))
            .and_then(Value::as_sequence);
        let schemes = self
            .document
            .get("components")
            .and_then(|components| components.get("securitySchemes"));
        for requirement in requirements
            .into_iter()
            .flatten()
            .filter_map(Value::as_mapping)
        {
            for (name, _) in requirement {
                let name = scalar_text(name).unwrap_or_default();
                // A vendor extension (apifox's `x-apifox: {schemeGroups: …}`) is no scheme.
                if is_extension(&name) {
                    continue;
                }
                let scheme = schemes
                    .and_then(|schemes| schemes.get(name.as_str()))
                    .ok_or_else(|| {
                        self.error(
                            &format!("{place}.security"),
                            format!(
                                "security scheme `{name}` is not in components.securitySchemes"
                            ),
                        )
                    })?;
                let (scheme, _) =
                    self.resolve(&format!("{place}.security"), scheme, &mut Vec::new())?;
                let text = |key: &str| scheme.get(key).and_then(scalar_text).unwrap_or_default();
                let (param, located) = match text("type").as_str() {
                    "apiKey" => (text("name"), text("in")),
                    "http" => ("Authorization".to_owned(), "header".to_owned()),
                    other => {
                        facts
                            .notes
                            .push(format!("security scheme `{name}` ({other}) is not read"));
                        continue;
                    }
                };
                let list = match located.as_str() {
                    "header" => &mut facts.headers,
                    "query" => &mut facts.query,
                    _ => continue,
                };
                if param.is_empty() || list.iter().any(|known| known.name == param) {
                    continue;
                }
                list.push(FactParam {
                    name: param.clone(),
                    ty: TypeRef::String,
                    required: Some(true),
                    label: label(scheme),
                    values: Vec::new(),
                    secret: true,
                });
                facts.notes.push(format!(
                    "`{param}` ({located}) comes from the security scheme `{name}`"
                ));
            }
        }
        Ok(())
    }

    fn operation(
        &self,
        place: &str,
        path: &str,
        method: HttpMethod,
        operation: &Value,
        page_title: Option<&str>,
        parameters: Vec<(String, &Value)>,
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
        // A whole operation is a documented one, but where our own export says `partial`.
        facts.has_tables = text("x-jing-status").as_deref() != Some("partial");
        if let Some(status) = text("x-apifox-status") {
            facts.notes.push(format!("apifox status: {status}"));
        }
        if operation.get("deprecated").and_then(Value::as_bool) == Some(true) {
            facts
                .notes
                .push("the page marks the endpoint deprecated".to_owned());
        }
        for (place, parameter) in parameters {
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
            let success = responses.iter().find(|(code, _)| {
                scalar_text(code).is_some_and(|code| code.starts_with('2') && !is_extension(&code))
            });
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
        // The schema's type and enum values (`enum: [1, 2]` on an integer: integer-coded).
        let (ty, values) = match parameter.get("schema") {
            Some(schema) => {
                let read = self.schema(&format!("{place}.schema"), schema, &mut Vec::new())?;
                (read.ty, read.values)
            }
            None => (TypeRef::String, Vec::new()),
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
            values,
            secret: false,
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
        let media_type = scalar_text(content_type).unwrap_or_default();
        let place = format!("{place}.content.{media_type}");
        let content_type = content_type_of(&media_type, &mut facts.notes);
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
            .and_then(|content| {
                content
                    .iter()
                    .find(|(kind, _)| !scalar_text(kind).is_some_and(|kind| is_extension(&kind)))
                    .map(|(_, media)| media)
            })
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

/// A vendor extension's key (`x-…`): not a fact, and never an error.
fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
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
