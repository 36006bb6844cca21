//! The request body and the answer of an OpenAPI operation, read into facts: the body's
//! shape, content type, members and examples, the answer's data (the Jing envelope's, or
//! the importer's reading of another answer) and examples; and what the page says of them
//! in words the spec holds no doc for (`answer_words.rs`), each a note.

use serde_yaml::Value;

use super::answer::{self, example, example_value, other_examples};
use super::answer_words as words;
use super::media::body_content_type;
use super::schema::{Reader, scalar_text};
use crate::import::error::ImportError;
use crate::import::facts::{FactBody, FactDecision, FactField, FactResponse, Facts};
use jing_spec::{Shape, TypeRef};

impl Reader<'_> {
    /// Whether the document is our own export (`info.x-generated`): its words are the
    /// spec's own, held already, so none is a note.
    pub(super) fn ours(&self) -> bool {
        self.document
            .get("info")
            .and_then(|info| info.get("x-generated"))
            .is_some()
    }

    pub(super) fn body(
        &self,
        place: &str,
        body: &Value,
        facts: &mut Facts,
    ) -> Result<(), ImportError> {
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
        let content_type = body_content_type(&media_type, facts);
        let text = example(media);
        facts.request_example = answer::json_or_held("request", text, facts);
        more_examples("request", media, facts);
        facts
            .notes
            .extend(answer::first_example_note("request", media));
        let Some(schema) = media.get("schema") else {
            return Ok(());
        };
        let (resolved, _) = self.resolve(&format!("{place}.schema"), schema, &mut Vec::new())?;
        if !self.ours() {
            words::schema_title("body", resolved, facts);
        }
        let mut read = self.schema(&format!("{place}.schema"), schema, &mut Vec::new())?;
        let shape = match &read.ty {
            TypeRef::Array(item) if **item == TypeRef::Object => Shape::Array,
            TypeRef::Object => Shape::Object,
            other => {
                let page = format!(
                    "the body is `{other}`, which the spec cannot hold (an object, or a list of objects); not read"
                );
                facts.decisions.push(FactDecision {
                    fact: "body:shape".to_owned(),
                    page,
                    decided: false,
                });
                return Ok(());
            }
        };
        if shape == Shape::Object && !self.ours() {
            body_members_only_shown(&mut read.fields, facts);
        }
        let example = example_value(media);
        answer::refine_by_example(
            "body",
            &mut read.fields,
            example.as_ref(),
            &mut facts.decisions,
        );
        facts.body = Some(FactBody {
            shape,
            content_type,
            fields: read.fields,
        });
        Ok(())
    }

    pub(super) fn response(
        &self,
        place: &str,
        response: &Value,
        facts: &mut Facts,
    ) -> Result<(), ImportError> {
        let (response, _) = self.resolve(place, response, &mut Vec::new())?;
        if !self.ours() {
            words::answer_description(response, facts);
        }
        let Some(media) = media_of(response) else {
            return Ok(());
        };
        if media_kinds(response).iter().any(|kind| kind == "*/*") {
            facts.notes.push("the page's answer has the media type `*/*` (any): read as JSON, as the spec's answers are".to_owned());
        }
        let text = example(media);
        facts.response_example = answer::json_or_held("response", text, facts);
        more_examples("response", media, facts);
        facts
            .notes
            .extend(answer::first_example_note("response", media));
        let Some(schema) = media.get("schema") else {
            return Ok(());
        };
        let (resolved, _) = self.resolve(&format!("{place}.schema"), schema, &mut Vec::new())?;
        if !self.ours() {
            words::schema_title("answer", resolved, facts);
        }
        let read = self.schema(&format!("{place}.schema"), schema, &mut Vec::new())?;
        let mut body = FactResponse {
            ty: read.ty,
            fields: read.fields,
        };
        let example = example_value(media);
        if !self.ours() {
            members_only_shown(&mut body, facts);
        }
        answer::refine_by_example(
            "response",
            &mut body.fields,
            example.as_ref(),
            &mut facts.decisions,
        );
        let labels = words::member_labels(&body);
        let (data, answer) = answer::read(body, example.as_ref(), &mut facts.beside);
        // Our own export of an endpoint whose answer's data the spec does not know says so
        // (`x-jing-response-unknown`): read back, it is still unknown, not `any`.
        let unknown = self.ours()
            && response
                .get("x-jing-response-unknown")
                .and_then(Value::as_bool)
                == Some(true);
        facts.response = if unknown { None } else { data };
        facts.answer = answer;
        if !self.ours() {
            words::answer_members(&labels, facts);
        }
        Ok(())
    }
}

/// An answer the page declares an object without members (`properties: {}`, as apifox
/// writes it when only the example was filled in) while its example shows members: those
/// members are proposed from the example, as an event's sample gives its payload's (each
/// typed as its value reads: text, integer, number, boolean, object, list; `null` says
/// nothing, `any`), and a decision (`response:type`) quotes them, so a maintainer sees what
/// the page never declared.
fn members_only_shown(body: &mut FactResponse, facts: &mut Facts) {
    if body.ty != TypeRef::Object {
        return;
    }
    let Some(names) = shown_members(&mut body.fields, facts.response_example.as_deref()) else {
        return;
    };
    facts.decisions.push(FactDecision {
        fact: "response:type".to_owned(),
        page: format!(
            "the page declares the answer an object without members, while its example shows {names}: proposed as the answer's members, each typed as its example's value reads (the page declares none of them); check them in `response`, and keep a correction with `overrides: [response.NAME:type]`"
        ),
        decided: false,
    });
}

/// A request body declared an object without members whose example shows members (issue
/// #28 L7: IranPayamak's hand-typed example is its only description): proposed from the
/// example as an answer's are, and a decision (`body:shape`) quotes them.
fn body_members_only_shown(fields: &mut Vec<FactField>, facts: &mut Facts) {
    let Some(names) = shown_members(fields, facts.request_example.as_deref()) else {
        return;
    };
    facts.decisions.push(FactDecision {
        fact: "body:shape".to_owned(),
        page: format!(
            "the page declares the body an object without members, while its example shows {names}: proposed as the body's members, each typed as its example's value reads (the page declares none of them, nor which are required); check them in `body`, and keep a correction with `overrides: [body.NAME:type]`"
        ),
        decided: false,
    });
}

/// `fields` (none yet) filled from the members of the JSON `example` when it is an object
/// that has some, and their names and types as text; `None` when nothing is proposed.
fn shown_members(fields: &mut Vec<FactField>, example: Option<&str>) -> Option<String> {
    // The example as the page orders it (JSON is YAML), not through a sorted map.
    let example = example.and_then(|text| serde_yaml::from_str::<Value>(text).ok());
    let Some(Value::Mapping(members)) = example else {
        return None;
    };
    if !fields.is_empty() || members.is_empty() {
        return None;
    }
    *fields = super::event::members(&members, &Default::default());
    let names: Vec<String> = fields
        .iter()
        .map(|field| format!("`{}` ({})", field.name, field.ty))
        .collect();
    Some(names.join(", "))
}

/// The media of a response: its first content type that is not an extension.
pub(super) fn media_of(response: &Value) -> Option<&Value> {
    response
        .get("content")
        .and_then(Value::as_mapping)
        .and_then(|content| {
            content
                .iter()
                .find(|(kind, _)| !scalar_text(kind).is_some_and(|kind| is_extension(&kind)))
                .map(|(_, media)| media)
        })
}

/// The examples of `media` after its first, as `which` (`request`, `response`) examples;
/// an empty one (`''`, apifox's empty fill) is no value, a note.
fn more_examples(which: &str, media: &Value, facts: &mut Facts) {
    for (name, text) in other_examples(media) {
        let key = format!("{which}.{name}");
        if text.trim().is_empty() {
            facts
                .notes
                .push(answer::empty_fill_note(&format!("examples.{key}")));
        } else {
            facts.other_examples.push((key, text));
        }
    }
}

/// The content types a response lists.
pub(super) fn media_kinds(response: &Value) -> Vec<String> {
    let content = response.get("content").and_then(Value::as_mapping);
    content
        .into_iter()
        .flatten()
        .filter_map(|(kind, _)| scalar_text(kind))
        .collect()
}

/// A vendor extension's key (`x-…`): not a fact, and never an error.
pub(super) fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}
