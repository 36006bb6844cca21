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
    /// Its value on success: an integer (`0`, `1`), a text (`"0000"`) or a boolean (`true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<AnswerCode>,
    /// The member holding a failure's message (`msg`), when the answer has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The member holding the data; absent when the answer's other members are the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// A success value: an integer, a text (`"0000"` is not the integer 0) or a boolean (`true`
/// on a member such as `success` or `status` that says success by itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum AnswerCode {
    /// `0`, `1`, …
    Integer(i64),
    /// `"0000"`, `"ok"`, …
    Text(String),
    /// `true` (or `false`) on a boolean member.
    Boolean(bool),
}

/// The words of a `success` value of another kind, in the spec and the sheet alike.
const SUCCESS_FORMS: &str =
    "an integer (`success: 0`), a text (`success: \"0000\"`) or a boolean (`success: true`)";

impl<'de> Deserialize<'de> for AnswerCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SuccessVisitor)
    }
}

/// Reads a success value, saying in our words which forms it takes.
struct SuccessVisitor;

impl serde::de::Visitor<'_> for SuccessVisitor {
    type Value = AnswerCode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{SUCCESS_FORMS}")
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<AnswerCode, E> {
        Ok(AnswerCode::Boolean(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<AnswerCode, E> {
        Ok(AnswerCode::Integer(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<AnswerCode, E> {
        i64::try_from(value).map(AnswerCode::Integer).map_err(|_| {
            E::custom(format!(
                "the success value {value} is beyond an i64; write it as a text (`\"{value}\"`)"
            ))
        })
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<AnswerCode, E> {
        Ok(AnswerCode::Text(value.to_owned()))
    }
}

impl fmt::Display for AnswerCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerCode::Integer(number) => write!(f, "{number}"),
            AnswerCode::Text(text) => write!(f, "{text:?}"),
            AnswerCode::Boolean(flag) => write!(f, "{flag}"),
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
                format!("a code member needs its `success` value: {SUCCESS_FORMS}"),
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
            Some(AnswerCode::Boolean(flag)) => parts.push(format!("success: {flag}")),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_boolean_success_reads_and_a_wrong_one_is_said_in_our_words() {
        let answer: Answer =
            serde_yaml::from_str("{code: status, success: true, message: message, data: data}")
                .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(answer.success, Some(AnswerCode::Boolean(true)));
        assert!(answer.problems().is_empty());
        // One line of YAML that reads back as itself.
        let line = answer.to_string();
        assert_eq!(
            line,
            "{code: status, success: true, message: message, data: data}"
        );
        let back: Answer = serde_yaml::from_str(&line).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(back, answer);
        let text: Answer = serde_yaml::from_str("{code: code, success: \"true\"}")
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(text.success, Some(AnswerCode::Text("true".to_owned())));
        for wrong in ["{code: ok, success: 1.5}", "{code: ok, success: [0]}"] {
            let error = serde_yaml::from_str::<Answer>(wrong)
                .err()
                .map(|error| error.to_string())
                .unwrap_or_default();
            assert!(
                error.contains("a boolean (`success: true`)") && !error.contains("untagged"),
                "{wrong}: {error}"
            );
        }
    }
}
