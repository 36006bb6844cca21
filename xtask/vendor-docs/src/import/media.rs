//! A body's media type as the spec holds it: JSON or a form. Any other (`multipart/form-data`,
//! `text/plain`) is read as JSON, and the page's own media type is a fact the spec holds
//! otherwise: counted (changed), a decision, and the endpoint not `documented` while it is
//! open.

use jing_spec::ContentType;

use super::facts::{FactDecision, Facts};

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
