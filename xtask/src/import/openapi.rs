//! Facts from an OpenAPI 3.0 / 3.1 document, JSON or YAML: a whole export, or the one
//! operation an apifox page embeds.
//!
//! Read as YAML values (order kept, anchors and aliases resolved, integer keys such as
//! `200:` allowed). `$ref`s are followed into the document, with percent-encoded and
//! non-ASCII names, and a cycle is an error rather than a hang. apifox's extensions are
//! read: `x-apifox-orders` (member order), `x-apifox-folder` (the group), `x-apifox-status`.
//! Ours are too (`x-jing-*`), so an export of the spec reads back to the same facts.

use serde_yaml::Value;

use super::facts::{FactBody, FactField, FactParam, FactResponse, Facts, Label, split_title};
use super::{ImportError, rate_limit_in};
use jing_spec::{HttpMethod, RateLimit, Shape, TypeRef};

const METHODS: &[(&str, HttpMethod)] = &[
    ("get", HttpMethod::Get),
    ("post", HttpMethod::Post),
    ("put", HttpMethod::Put),
    ("delete", HttpMethod::Delete),
    ("patch", HttpMethod::Patch),
];

/// How deep schemas may nest (refs included) before the document is refused.
const MAX_DEPTH: usize = 64;

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
        for (key, method) in METHODS {
            if let Some(operation) = item.get(*key) {
                let place = format!("paths.{path}.{key}");
                found.push(reader.operation(&place, &path, *method, operation, title)?);
            }
        }
    }
    if found.is_empty() {
        return Err(reader.error("paths", "the document has no operations"));
    }
    Ok(found)
}

struct Reader<'a> {
    file: &'a str,
    document: &'a Value,
}

impl Reader<'_> {
    fn error(&self, place: &str, message: impl Into<String>) -> ImportError {
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

    /// Follows `$ref`s from `value`; `stack` holds the refs being expanded (a cycle guard).
    fn resolve<'v>(
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
    fn pointer(&self, target: &str) -> Option<&Value> {
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
    fn schema(
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
        if let Some(parts) = schema.get("allOf").and_then(Value::as_sequence) {
            return self.all_of(place, parts, stack);
        }
        let ty = declared_type(schema);
        let has_properties = schema.get("properties").is_some();
        match ty.as_deref() {
            Some("string" | "integer" | "number" | "boolean") => {
                let ty: TypeRef = ty
                    .as_deref()
                    .unwrap_or("string")
                    .parse()
                    .unwrap_or(TypeRef::String);
                let values = schema
                    .get("enum")
                    .and_then(Value::as_sequence)
                    .map(|values| values.iter().filter_map(scalar_text).collect())
                    .unwrap_or_default();
                Ok(Read {
                    ty,
                    fields: Vec::new(),
                    values,
                })
            }
            Some("array") => {
                let item = match schema.get("items") {
                    Some(items) => self.schema(&format!("{place}.items"), items, stack)?,
                    None => Read::any(),
                };
                Ok(Read {
                    ty: TypeRef::Array(Box::new(item.ty)),
                    fields: item.fields,
                    values: item.values,
                })
            }
            Some("object") | None if has_properties => self.object(place, schema, stack),
            Some("object") => match schema.get("additionalProperties") {
                Some(values) if values.is_mapping() => {
                    let item =
                        self.schema(&format!("{place}.additionalProperties"), values, stack)?;
                    Ok(Read {
                        ty: TypeRef::Map(Box::new(item.ty)),
                        fields: item.fields,
                        values: item.values,
                    })
                }
                _ => Ok(Read {
                    ty: TypeRef::Map(Box::new(TypeRef::Any)),
                    ..Read::any()
                }),
            },
            None | Some("null") => Ok(Read::any()),
            Some(other) => Err(self.error(place, format!("unknown type `{other}`"))),
        }
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
            fields.push(FactField {
                required: (!unknown).then(|| required.contains(&name)),
                name,
                ty: read.ty,
                label,
                values: read.values,
                fields: read.fields,
            });
        }
        Ok(Read {
            ty: TypeRef::Object,
            fields,
            values: Vec::new(),
        })
    }
}

/// What a schema reads as.
struct Read {
    ty: TypeRef,
    fields: Vec<FactField>,
    values: Vec<String>,
}

impl Read {
    fn any() -> Self {
        Read {
            ty: TypeRef::Any,
            fields: Vec::new(),
            values: Vec::new(),
        }
    }
}

/// `type` as written: a name, or (3.1) a list with `null` in it.
fn declared_type(schema: &Value) -> Option<String> {
    match schema.get("type")? {
        Value::Sequence(types) => types
            .iter()
            .filter_map(scalar_text)
            .find(|name| name != "null"),
        other => scalar_text(other),
    }
}

/// The label of a parameter or property: `title` and `description`, sorted by language.
fn label(node: &Value) -> Label {
    let mut label = Label::default();
    for key in ["title", "description"] {
        let Some(text) = node
            .get(key)
            .and_then(scalar_text)
            .filter(|text| !text.trim().is_empty())
        else {
            continue;
        };
        let chinese = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let slot = if chinese {
            &mut label.zh
        } else {
            &mut label.en
        };
        slot.get_or_insert(text);
    }
    label
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
