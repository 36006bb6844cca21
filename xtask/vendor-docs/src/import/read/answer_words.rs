//! What a page says in words of its body and its answer where the spec holds no doc: the
//! answer's own description (`description: 成功` of its 200 response), a schema's `title`
//! (`OpenResult«WidgetVO»`), and the label of the answer's data member itself (`data`:
//! `description: 分页数据`) and, outside the Jing envelope, of the members saying success. Each is a note, so none is dropped without a word; the
//! members beside the data are decisions with their words (`answer.rs`).

use serde_yaml::Value;

use super::known_words::ENVELOPE_WORDS;
use super::scalar::scalar_text;
use crate::import::facts::{FactResponse, Facts, Label};

/// A note of the answer's description, when the page gives one.
pub(super) fn answer_description(response: &Value, facts: &mut Facts) {
    if let Some(text) = text_of(response, "description") {
        facts.notes.push(format!(
            "the page describes its answer as «{text}» (the spec holds no doc for an answer)"
        ));
    }
}

/// A note of the `title` of the schema of `what` (`body`, `answer`), when it has one.
pub(super) fn schema_title(what: &str, schema: &Value, facts: &mut Facts) {
    if let Some(title) = text_of(schema, "title") {
        facts.notes.push(format!(
            "the page names the {what}'s schema «{title}» (the spec names its types itself)"
        ));
    }
}

/// The words of each member of an answer `body` (its title and description), by name.
pub(super) fn member_labels(body: &FactResponse) -> Vec<(String, String)> {
    body.fields
        .iter()
        .filter_map(|field| Some((field.name.clone(), label_text(&field.label)?)))
        .collect()
}

/// A note of the words of the answer's data member (`data`, or the one the importer's
/// reading of another answer takes) and, for an answer that is not the Jing envelope, of
/// the members it says success with (`code`, `msg`), among `labels` (the answer's
/// members' words). The Jing envelope's own are unheld facts (`envelope.NAME`), a note
/// where they are not what api.yaml says (`known_words.rs`).
pub(super) fn answer_members(labels: &[(String, String)], facts: &mut Facts) {
    let members: Vec<String> = match &facts.answer {
        None => {
            // The Jing envelope's own members: `known_words.rs` compares them with api.yaml.
            for (name, text) in labels.iter().filter(|(name, _)| name != "data") {
                facts
                    .unheld
                    .push((format!("{ENVELOPE_WORDS}{name}"), text.clone()));
            }
            vec!["data".to_owned()]
        }
        Some(answer) => answer
            .answer
            .own_members()
            .map(str::to_owned)
            .chain(answer.answer.data.clone())
            .collect(),
    };
    for member in members {
        if let Some((_, text)) = labels.iter().find(|(name, _)| *name == member) {
            facts.notes.push(format!(
                "the page describes the answer's `{member}` as «{text}» (the spec holds no doc for it)"
            ));
        }
    }
}

fn label_text(label: &Label) -> Option<String> {
    let texts: Vec<&str> = [&label.zh, &label.en]
        .into_iter()
        .flatten()
        .map(|text| text.trim())
        .filter(|text| !text.is_empty())
        .collect();
    (!texts.is_empty()).then(|| texts.join(" / "))
}

fn text_of(node: &Value, key: &str) -> Option<String> {
    node.get(key)
        .and_then(scalar_text)
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facts::FactField;
    use jing_spec::TypeRef;

    #[test]
    fn words_the_spec_holds_no_doc_for_are_notes() {
        let mut facts = Facts::titled("部件");
        let response: Value =
            serde_yaml::from_str("description: 成功\ncontent: {}").unwrap_or_default();
        answer_description(&response, &mut facts);
        let schema: Value =
            serde_yaml::from_str("title: OpenResult«WidgetVO»\ntype: object").unwrap_or_default();
        schema_title("answer", &schema, &mut facts);
        let empty: Value = serde_yaml::from_str("description: ''").unwrap_or_default();
        answer_description(&empty, &mut facts);
        let mut data = FactField::bare("data", TypeRef::Object);
        data.label.zh = Some("分页数据".to_owned());
        let body = FactResponse {
            ty: TypeRef::Object,
            fields: vec![FactField::bare("code", TypeRef::Integer), data],
        };
        answer_members(&member_labels(&body), &mut facts);
        assert_eq!(
            facts.notes,
            [
                "the page describes its answer as «成功» (the spec holds no doc for an answer)",
                "the page names the answer's schema «OpenResult«WidgetVO»» (the spec names its types itself)",
                "the page describes the answer's `data` as «分页数据» (the spec holds no doc for it)",
            ]
        );
    }
}
