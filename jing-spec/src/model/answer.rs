//! What an endpoint's page states beyond its members: an answer that is not the Jing
//! envelope ([`Answer`]: which member says success and with what value, which holds the
//! data), and a maintainer's word on what the spec holds otherwise than the page
//! ([`Decision`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Doc;

/// How an answer says success and where its data is, when a page's answer is not the Jing
/// envelope (`{request_id, code, msg, data}`, `code` 0 on success): `{code: ret, success:
/// 0, data: result}`, `{code: code, success: "0000", message: msg, data: data}`, or no
/// `data`, when the answer's own members are the data.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The member whose value tells success from failure (`code`, `ret`); absent when the
    /// answer has none (every answer with a 2xx status is then a success).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Its value on success: an integer (`0`, `1`) or a text (`"0000"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<AnswerCode>,
    /// The member holding a failure's message (`msg`), when the answer has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The member holding the data; absent when the answer's other members are the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// A success value: an integer or a text (`"0000"` is not the integer 0).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum AnswerCode {
    /// `0`, `1`, …
    Integer(i64),
    /// `"0000"`, `"ok"`, …
    Text(String),
}

impl fmt::Display for AnswerCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerCode::Integer(number) => write!(f, "{number}"),
            AnswerCode::Text(text) => write!(f, "{text:?}"),
        }
    }
}

impl Answer {
    /// The Jing envelope: `code` 0 on success, the message in `msg`, the data in `data`.
    pub fn jing() -> Self {
        Answer {
            code: Some("code".to_owned()),
            success: Some(AnswerCode::Integer(0)),
            message: Some("msg".to_owned()),
            data: Some("data".to_owned()),
        }
    }

    /// Whether this is the Jing envelope (an endpoint without `answer` has it).
    pub fn is_jing(&self) -> bool {
        *self == Answer::jing()
    }

    /// What is wrong with the answer on its own, each with the key it is about: a success
    /// value exactly with a code member, each member named and named once. The validator
    /// and `docs apply` both check it.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        match (&self.code, &self.success) {
            (Some(_), None) => problems.push((
                "code",
                "a code member needs its `success` value (an integer or a text)".to_owned(),
            )),
            (None, Some(_)) => problems.push((
                "success",
                "a `success` value needs the member that carries it (`code`)".to_owned(),
            )),
            _ => {}
        }
        let names = [
            ("code", &self.code),
            ("message", &self.message),
            ("data", &self.data),
        ];
        let mut seen: Vec<&str> = Vec::new();
        for (member, name) in names {
            let Some(name) = name else { continue };
            if name.trim().is_empty() {
                problems.push((member, "the member's name is empty".to_owned()));
            } else if seen.contains(&name.as_str()) {
                problems.push((member, format!("`{name}` is named twice in the answer")));
            }
            seen.push(name);
        }
        problems
    }

    /// The members the answer itself uses (success code and message), which are not data.
    pub fn own_members(&self) -> impl Iterator<Item = &str> {
        self.code.iter().chain(&self.message).map(String::as_str)
    }
}

impl fmt::Display for Answer {
    /// One line of YAML, as the sheet shows it and `docs apply` writes it:
    /// `{code: ret, success: 0, data: result}`; names plain where YAML reads them back as
    /// themselves, quoted otherwise, a text success always quoted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(code) = &self.code {
            parts.push(format!("code: {}", yaml_name(code)));
        }
        match &self.success {
            Some(AnswerCode::Integer(number)) => parts.push(format!("success: {number}")),
            Some(AnswerCode::Text(text)) => parts.push(format!("success: {}", quoted(text))),
            None => {}
        }
        if let Some(message) = &self.message {
            parts.push(format!("message: {}", yaml_name(message)));
        }
        if let Some(data) = &self.data {
            parts.push(format!("data: {}", yaml_name(data)));
        }
        write!(f, "{{{}}}", parts.join(", "))
    }
}

/// A member's name as YAML: plain when it reads back as itself, quoted otherwise.
fn yaml_name(text: &str) -> String {
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && serde_yaml::from_str::<serde_yaml::Value>(text)
            .is_ok_and(|back| back.as_str() == Some(text));
    if plain { text.to_owned() } else { quoted(text) }
}

/// A double-quoted YAML text (a JSON string is one).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// A maintainer's word on a fact the page states and the spec holds otherwise (or not at
/// all): a drop, a change the importer had to make, a security scheme that is not Jing's,
/// an alternative answer. The importer writes it with a draft doc, which the validator
/// refuses (an open decision, a row of the sheet) until our words replace it; a re-import
/// keeps it as it is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The fact, by its key (`answers.x-200:失败`, `security.bearer`, `query.ids:type`).
    pub fact: String,
    /// What the page states of it, as the page states it.
    #[serde(default)]
    pub page: Option<String>,
    /// What we make of it, in our words (a draft until written).
    #[serde(default)]
    pub doc: Doc,
}
