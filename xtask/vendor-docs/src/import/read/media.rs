//! What a page says that the spec has no type or value for, told as it is read. A body's
//! media type is JSON or a form in the spec; any other (`multipart/form-data`,
//! `text/plain`) is read as JSON, and the page's own media type is a fact the spec holds
//! otherwise: counted (changed), a decision, and the endpoint not `documented`. A file's
//! bytes (`format: binary`) have no type in the spec, and a placeholder where a
//! parameter's example belongs (`{{token}}`) is no value, and a header the HTTP client sets
//! itself (`Content-Length`) is no member: each is said, never dropped without a word.

use jing_spec::ContentType;
use serde_yaml::Value;

use super::scalar::scalar_text;
use crate::import::facts::{FactDecision, FactParam, Facts};

/// The spec's encoding of a page's body media type: a form for
/// `application/x-www-form-urlencoded`, JSON for JSON; any other (`multipart/form-data`,
/// `text/plain`, …) is read as JSON, with what the spec cannot hold said in the second part
/// (for a maintainer to decide).
pub fn content_type_of(media: &str) -> (ContentType, Option<String>) {
    let essence = media.split(';').next().unwrap_or_default().trim();
    let essence = essence.to_ascii_lowercase();
    if essence == ContentType::Form.mime() {
        (ContentType::Form, None)
    } else if essence.is_empty() || essence == "application/json" || essence.ends_with("+json") {
        (ContentType::Json, None)
    } else {
        let problem = format!(
            "the body's content type `{media}` is neither JSON nor a form; read as `content_type: json` (the spec holds only those two)"
        );
        (ContentType::Json, Some(problem))
    }
}

/// The content type the spec holds for the page's body media type `media`; one it cannot
/// hold is a decision, and the page's media type is kept unheld for the count.
pub(crate) fn body_content_type(media: &str, facts: &mut Facts) -> ContentType {
    let (content_type, problem) = content_type_of(media);
    if let Some(page) = problem {
        facts.decisions.push(FactDecision {
            fact: "body:content_type".to_owned(),
            page,
            decided: false,
        });
        let said = ("body:content_type".to_owned(), media.trim().to_owned());
        facts.unheld.push(said);
    }
    content_type
}

/// A file's bytes (`type: file`, or `type: string` with `format: binary`), which the spec
/// has no type for: what the page says the member is.
pub(super) fn unheld_type(node: &Value, declared: Option<&str>) -> Option<String> {
    let format = node.get("format").and_then(scalar_text);
    match (declared, format.as_deref()) {
        (Some("file"), _) => Some("file (`type: file`)".to_owned()),
        (Some("string"), Some("binary")) => {
            Some("file (`type: string`, `format: binary`)".to_owned())
        }
        _ => None,
    }
}

/// A `Content-Type` header parameter says the body's content type, which the client sends
/// itself: it is no member of the request. When it names another content type than the
/// body's media type, the body's is kept and a decision (`page.headers.Content-Type`, a
/// fact counted dropped) asks which the call sends.
pub(super) fn content_header_to_body(header: &FactParam, facts: &mut Facts) {
    let said = header
        .value
        .example
        .iter()
        .chain(&header.value.default)
        .filter_map(serde_json::Value::as_str)
        .map(str::to_owned)
        .chain(header.values.iter().cloned())
        .next();
    let (Some(media), Some(body)) = (said, facts.body.as_mut()) else {
        return;
    };
    let (content_type, problem) = content_type_of(&media);
    let body_media = facts
        .unheld
        .iter()
        .find(|(key, _)| key == "body:content_type");
    let body_says = body_media.map_or_else(
        || body.content_type.mime().to_owned(),
        |(_, said)| said.clone(),
    );
    let same = body_says.split(';').next().map(str::trim) == media.split(';').next().map(str::trim);
    if problem.is_none() && (content_type != body.content_type || (body_media.is_some() && !same)) {
        // Two statements of the page contradict each other: the maintainers say which holds.
        facts.decisions.push(FactDecision {
            fact: "page.headers.Content-Type".to_owned(),
            page: format!(
                "the page's `Content-Type` header says `{media}`, its body `{body_says}`: the body's is kept; decide which the call sends"
            ),
            decided: false,
        });
        // Counted too (dropped: the spec holds the body's), so the report's `facts:` lines
        // name what the decision is about.
        facts
            .unheld
            .push(("page.headers.Content-Type".to_owned(), media));
    }
}

/// Takes out of `facts` every header the HTTP client sets itself from the request it sends
/// (`Content-Length`, `Host`, `Transfer-Encoding`: `jing_spec::names::reserved::
/// CLIENT_HEADERS`), each with a note: a member of that name would be the caller's to fill
/// and send a value contradicting the request (a length with another body), and the
/// validator refuses one.
pub(in crate::import) fn take_client_headers(facts: &mut Facts) {
    let mut notes = Vec::new();
    facts.headers.retain(|header| {
        if jing_spec::names::reserved::client_header(&header.name).is_none() {
            return true;
        }
        let required = match header.required {
            Some(true) => " (required)",
            _ => "",
        };
        notes.push(format!(
            "the page's header `{}`{required} is one the HTTP client sets from the request it sends (the client sets it; a caller's value would contradict the body): no member, not held",
            header.name
        ));
        false
    });
    facts.notes.extend(notes);
}
