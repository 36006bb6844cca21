//! What a row of the sheet writes into the spec ([`Write`]): a doc, a method name, an
//! address, an answer; each as the text written in its place and as the value read back.

use serde_yaml::{Mapping, Value};

/// What a row writes.
#[derive(Debug, Clone)]
pub(super) enum Write {
    /// A doc or title in both languages.
    Doc { zh: String, en: String },
    /// A method name: `call`, and the importer's `call_draft` goes.
    Call(String),
    /// The vendor page's address: `doc_url`.
    Address(String),
    /// How an answer outside the Jing envelope is read: `answer`, and the importer's
    /// `answer_draft` goes.
    Answer(jing_spec::Answer),
}

/// A YAML double-quoted scalar (a JSON string is one).
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

impl Write {
    /// The value as written in the text.
    pub(super) fn text(&self) -> String {
        match self {
            Write::Doc { zh, en } => format!("{{zh: {}, en: {}}}", quote(zh), quote(en)),
            Write::Call(name) => name.clone(),
            Write::Address(address) => quote(address),
            Write::Answer(answer) => answer_text(answer),
        }
    }

    /// The value as read back.
    pub(super) fn value(&self) -> Value {
        match self {
            Write::Doc { zh, en } => {
                let mut doc = Mapping::new();
                doc.insert("zh".into(), zh.clone().into());
                doc.insert("en".into(), en.clone().into());
                Value::Mapping(doc)
            }
            Write::Call(text) | Write::Address(text) => text.clone().into(),
            Write::Answer(answer) => serde_yaml::to_value(answer).unwrap_or(Value::Null),
        }
    }

    /// The importer's proposal this write confirms, which goes: `call_draft`, `answer_draft`.
    pub(super) fn draft_member(&self) -> Option<&'static str> {
        match self {
            Write::Call(_) => Some("call_draft"),
            Write::Answer(_) => Some("answer_draft"),
            Write::Doc { .. } | Write::Address(_) => None,
        }
    }
}

/// An answer on one line, `{code: ret, success: 0, data: result}`: names plain where YAML
/// reads them back as themselves, quoted otherwise.
fn answer_text(answer: &jing_spec::Answer) -> String {
    let name = |text: &str| {
        let plain = text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && serde_yaml::from_str::<Value>(text).is_ok_and(|back| back.as_str() == Some(text));
        if plain { text.to_owned() } else { quote(text) }
    };
    let mut parts = Vec::new();
    if let Some(code) = &answer.code {
        parts.push(format!("code: {}", name(code)));
    }
    match &answer.success {
        Some(jing_spec::AnswerCode::Integer(number)) => parts.push(format!("success: {number}")),
        Some(jing_spec::AnswerCode::Text(text)) => parts.push(format!("success: {}", quote(text))),
        None => {}
    }
    if let Some(message) = &answer.message {
        parts.push(format!("message: {}", name(message)));
    }
    if let Some(data) = &answer.data {
        parts.push(format!("data: {}", name(data)));
    }
    format!("{{{}}}", parts.join(", "))
}
