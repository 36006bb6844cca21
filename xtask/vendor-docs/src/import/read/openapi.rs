//! Facts from an OpenAPI 3.0 / 3.1 document, JSON or YAML: a whole export, or the one
//! operation an apifox page embeds.
//!
//! Read as YAML values (order kept, anchors and aliases resolved, integer keys such as
//! `200:` allowed). `$ref`s are followed into the document, with percent-encoded and
//! non-ASCII names, and a cycle is an error rather than a hang. apifox's extensions are
//! read: `x-apifox-orders` (member order), `x-apifox-folder` (the group), `x-apifox-status`.
//! Ours are too (`x-jing-*`), so an export of the spec reads back to the same facts.
//! Any other extension (`x-…`), anywhere, even in a security requirement, is no fact and
//! never an error; `page_words.rs` names it in a note, with the operation's id and the
//! words of error statuses without a body.

use serde_yaml::Value;

use super::answer::{self, example};
use super::content::{is_extension, media_of};
use super::media::content_header_to_body;
use super::page_words;
use super::schema::{Read, Reader, label, scalar_text, value_facts};
use super::security::is_credential;
use super::server::{on_server, server_urls};
use super::title::split_title;
use super::words::{rate_limit_in, structured_note};
use crate::import::error::ImportError;
use crate::import::facts::{FactAnswer, FactDecision, FactParam, FactScheme, Facts, ValueFacts};
use jing_spec::{Answer, HttpMethod, RateLimit, TypeRef};

/// Every operation of `document`; `title` names the page when an operation has no summary.
pub(in crate::import) fn operations(
    file: &str,
    document: &Value,
    title: Option<&str>,
) -> Result<Vec<Facts>, ImportError> {
    let document = &super::apidog::as_apifox(document);
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
            if let Some(method) = super::words::method_named(key) {
                let place = format!("paths.{path}.{key}");
                let parameters =
                    reader.parameters(&format!("paths.{path}"), shared, &place, operation)?;
                let mut facts =
                    reader.operation(&place, &path, method, operation, title, parameters)?;
                let servers = [operation, item, document]
                    .into_iter()
                    .find_map(|node| server_urls(node).filter(|urls| !urls.is_empty()));
                on_server(&mut facts, servers.unwrap_or_default());
                reader.security(&place, operation, &mut facts)?;
                if !reader.ours() {
                    reader.extensions(item, operation, &mut facts);
                }
                found.push(facts);
            }
        }
    }
    if found.is_empty() {
        return Err(reader.error("paths", no_operations(document)));
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

    fn operation(
        &self,
        place: &str,
        path: &str,
        method: HttpMethod,
        operation: &Value,
        page_title: Option<&str>,
        parameters: Vec<(String, &Value)>,
    ) -> Result<Facts, ImportError> {
        let mut facts = operation_facts(path, method, operation, page_title);
        if !self.ours() {
            page_words::operation_id(operation, &mut facts);
        }
        let content_header = self.parameters_into(parameters, &mut facts)?;
        if let Some(body) = operation.get("requestBody") {
            let place = format!("{place}.requestBody");
            let (body, _) = self.resolve(&place, body, &mut Vec::new())?;
            self.body(&place, body, &mut facts)?;
        }
        if let Some(header) = content_header {
            content_header_to_body(&header, &mut facts);
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
            facts.alternatives = self.alternatives(responses, success.map(|(code, _)| code));
            if !self.ours() {
                self.bare_statuses(responses, &mut facts);
            }
        }
        if let Some(answer) = operation.get("x-jing-answer") {
            self.our_answer(place, answer, &mut facts)?;
        }
        Ok(facts)
    }

    /// The operation's parameters into `facts` by where they are; a `Content-Type` header
    /// (the body's content type, which the client sends, not a member) is returned.
    fn parameters_into(
        &self,
        parameters: Vec<(String, &Value)>,
        facts: &mut Facts,
    ) -> Result<Option<FactParam>, ImportError> {
        let mut content_header = None;
        for (place, parameter) in parameters {
            let located = parameter
                .get("in")
                .and_then(scalar_text)
                .unwrap_or_default();
            let param = self.parameter(&place, parameter)?;
            match located.as_str() {
                "header" if param.name.eq_ignore_ascii_case("content-type") => {
                    content_header = Some(param);
                }
                // Our own export marks the spec's secret parameters (`x-jing-secret`) and
                // auth headers (`x-jing-auth`): decided already, no new decision.
                "header" | "query"
                    if parameter.get("x-jing-secret").and_then(Value::as_bool) == Some(true) =>
                {
                    facts.params_in(&located).push(FactParam {
                        secret: true,
                        ..param
                    });
                }
                "header" | "query"
                    if is_credential(&param.name) && parameter.get("x-jing-auth").is_none() =>
                {
                    // A credential (`X-API-Key`, `sign`): who fills it is a decision, its value
                    // hidden; the spec's auth headers are none (`hold::holdable` knows them).
                    let kind = match located.as_str() {
                        "header" => format!("the header `{}`", param.name),
                        _ => format!("the query parameter `{}`", param.name),
                    };
                    facts.security.push(FactScheme {
                        name: param.name.clone(),
                        kind,
                        declared: false,
                        param: Some(param.name.clone()),
                        header: located == "header",
                    });
                    facts.params_in(&located).push(FactParam {
                        secret: true,
                        ..param
                    });
                }
                "header" => facts.headers.push(param),
                "query" => facts.query.push(param),
                "path" => facts.path_params.push(param),
                other => facts.decisions.push(decision(
                    &format!("page.{other}.{}", param.name),
                    format!("a parameter in `{other}`, which the spec does not hold (path, query and header parameters)"),
                )),
            }
        }
        Ok(content_header)
    }

    fn parameter(&self, place: &str, parameter: &Value) -> Result<FactParam, ImportError> {
        let name = parameter
            .get("name")
            .and_then(scalar_text)
            .ok_or_else(|| self.error(place, "a parameter without `name`"))?;
        // The schema's type and enum values (`enum: [1, 2]` on an integer: integer-coded).
        let read = match parameter.get("schema") {
            Some(schema) => self.schema(&format!("{place}.schema"), schema, &mut Vec::new())?,
            None => Read {
                ty: TypeRef::String,
                ..Read::any()
            },
        };
        let unknown = parameter
            .get("x-jing-required-unknown")
            .and_then(Value::as_bool)
            == Some(true);
        let required = parameter
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        // The parameter's own example (apifox writes it beside the schema) wins.
        let own = value_facts(parameter);
        let value = ValueFacts {
            example: own.example.or(read.value.example),
            default: own.default.or(read.value.default),
            ..read.value
        };
        Ok(FactParam {
            name,
            ty: read.ty,
            required: (!unknown).then_some(required),
            label: label(parameter),
            values: read.values,
            labels: read.labels,
            value,
            secret: false,
        })
    }

    /// How our own export says an answer outside the envelope is read (`x-jing-answer`,
    /// the spec's confirmed `answer`): the data read by it.
    fn our_answer(&self, place: &str, node: &Value, facts: &mut Facts) -> Result<(), ImportError> {
        let answer: Answer = serde_json::to_value(node)
            .ok()
            .and_then(|json| serde_json::from_value(json).ok())
            .ok_or_else(|| {
                self.error(
                    &format!("{place}.x-jing-answer"),
                    "not an answer (`{code, success, message, data}`)",
                )
            })?;
        // The members the confirmed answer uses are not beside its data.
        facts.beside.retain(|(name, _)| {
            !answer.own_members().any(|own| own == name) && answer.data.as_ref() != Some(name)
        });
        let body = facts.answer.take().and_then(|page| page.body);
        if let Some(body) = &body {
            facts.response = answer::data_of(&answer, body);
        }
        facts.answer = Some(FactAnswer {
            answer,
            confirmed: true,
            body,
        });
        Ok(())
    }

    /// The other answers of an operation (apifox's `x-200:失败`, other statuses), each with
    /// its example, else its status, name and the shape of its schema (`answer_shape`).
    /// Other extensions are no answers, nor is our own export's
    /// error envelope (`x-jing-error`), which every Jing call shares, nor an error status
    /// without a body.
    fn alternatives(
        &self,
        responses: &serde_yaml::Mapping,
        success: Option<&Value>,
    ) -> Vec<(String, String)> {
        responses
            .iter()
            .filter(|(code, _)| Some(*code) != success)
            .filter_map(|(code, response)| {
                let code = scalar_text(code)?;
                let status_like = code
                    .strip_prefix("x-")
                    .is_none_or(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
                let (response, _) = self.resolve(&code, response, &mut Vec::new()).ok()?;
                let ours = response.get("x-jing-error").and_then(Value::as_bool) == Some(true);
                // An error status without a body (`default: {description: error}`) says
                // nothing the client's error for a failed status does not: nothing to decide.
                let bare_error = (code == "default" || code.starts_with(['4', '5']))
                    && media_of(response).is_none();
                if !status_like || ours || bare_error {
                    return None;
                }
                // An empty example (`''`) shows nothing to judge: the status and media
                // type, said empty.
                let shown = match media_of(response).and_then(example) {
                    Some(text) if text.trim().is_empty() => {
                        let media = super::content::media_kinds(response);
                        let media = media.first().map_or("", String::as_str);
                        format!("{code} {media} (empty)")
                    }
                    Some(text) => text,
                    None => self.answer_shown(&code, response),
                };
                Some((code, shown))
            })
            .collect()
    }
}

/// Why a document with no operation is no page to import, naming the schemas it defines
/// (an apifox schema page has `paths: {}` and one schema).
fn no_operations(document: &Value) -> String {
    let schemas = document
        .get("components")
        .and_then(|components| components.get("schemas"))
        .and_then(Value::as_mapping);
    let names: Vec<String> = schemas
        .into_iter()
        .flatten()
        .filter_map(|(name, _)| scalar_text(name))
        .map(|name| format!("`{name}`"))
        .collect();
    let defines = match names.len() {
        0 => String::new(),
        _ => format!(" (a schema page: it defines {})", names.join(", ")),
    };
    format!(
        "the document has no operations{defines}: {}, nothing to import",
        crate::import::error::NOT_AN_ENDPOINT_PAGE
    )
}

/// A decision the page asks for about `fact`, saying what the page states.
fn decision(fact: &str, page: String) -> FactDecision {
    FactDecision {
        fact: fact.to_owned(),
        page,
        decided: false,
    }
}

/// What an operation states of itself: its title (the summary, else the page's, the
/// operation id, or the route), method, path, description, folder, rate limit, whether it
/// is documented, and notes (apifox's status, deprecation).
fn operation_facts(
    path: &str,
    method: HttpMethod,
    operation: &Value,
    page_title: Option<&str>,
) -> Facts {
    // A block scalar's final line breaks are no part of the text.
    let text = |key: &str| {
        let text = operation.get(key).and_then(scalar_text)?;
        Some(text.trim_end().to_owned())
    };
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
    // An empty folder (`x-apifox-folder: ''`, apifox's root) names no folder.
    facts.folder = text("x-apifox-folder")
        .or_else(|| {
            operation
                .get("tags")
                .and_then(Value::as_sequence)
                .and_then(|tags| tags.first())
                .and_then(scalar_text)
        })
        .filter(|folder| !folder.trim().is_empty());
    // Tags besides the folder are other places the docs list the endpoint in: said.
    let tags = operation.get("tags").and_then(Value::as_sequence);
    let others: Vec<String> = tags
        .into_iter()
        .flatten()
        .filter_map(scalar_text)
        .filter(|tag| facts.folder.as_ref() != Some(tag))
        .map(|tag| format!("«{tag}»"))
        .collect();
    if let Some(note) = facts.description.as_deref().and_then(structured_note) {
        facts.notes.push(note);
    }
    if !others.is_empty() {
        facts.notes.push(format!(
            "the page also lists the endpoint under {} (its folder, which finds its group, is the first)",
            others.join(", ")
        ));
    }
    let count = |limit: &Value, key: &str| {
        limit
            .get(key)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    facts.rate_limit = operation
        .get("x-jing-rate-limit")
        .map(|limit| RateLimit {
            per_second: count(limit, "per_second"),
            per_day: count(limit, "per_day"),
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
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of another vendor: its tags besides the folder, its answer's words (the
    /// answer's description, the members saying success, the data member) are notes.
    #[test]
    fn the_words_the_spec_holds_no_place_for_are_notes() {
        let page = "openapi: 3.0.1\ninfo: {title: SYNTHETIC, version: 1.0.0}\npaths:\n  /v1/rack/list:\n    get:\n      summary: 货架列表\n      tags: [仓储/货架, 基础/货架]\n      x-apifox-folder: 仓储/货架\n      responses:\n        '200':\n          description: 成功\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  ret: {type: integer, description: 响应编码}\n                  msg: {type: string}\n                  data: {type: object, title: RackVO, properties: {id: {type: string}}}\n              example: {ret: 1, msg: ok, data: {id: r1}}\n";
        let document: Value = serde_yaml::from_str(page).unwrap_or_default();
        let facts = operations("rack.yaml", &document, None).unwrap_or_default();
        let notes = facts
            .first()
            .map(|facts| facts.notes.clone())
            .unwrap_or_default();
        for said in [
            "the page also lists the endpoint under «基础/货架»",
            "the page describes its answer as «成功»",
            "the page describes the answer's `ret` as «响应编码»",
            "the page describes the answer's `data` as «RackVO»",
        ] {
            assert!(
                notes.iter().any(|note| note.starts_with(said)),
                "{said}: {notes:#?}"
            );
        }
    }
}
