//! Answers that are not the Jing envelope: which member says success, with what value, and
//! which holds the data ([`Answer`], from the spec's `answer:` of an endpoint), read here;
//! the Jing envelope itself is read by `envelope.rs`, which hands other answers to
//! [`decode_other`]; what both share is `body.rs`.
//!
//! 非 Jing 信封的应答：哪个成员表示成败、成功时的值、数据所在的成员。

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::Error;
use crate::body::{body_start, data_of, decode_error};

/// How an endpoint's answer says success and where its data is.
///
/// 应答的形状：表示成败的成员与成功值、消息成员、数据成员。
///
/// The Jing envelope ([`Answer::JING`]) is `{request_id, code, msg, data}` with `code` 0 on
/// success. An endpoint whose page answers otherwise says so in the spec (`answer:`), and
/// its [`crate::Endpoint::ANSWER`] is read the same way: `ret` 0, `code` `"0000"`, the data
/// in `result`, or no data member at all (the answer's other members are the data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Answer {
    /// The member whose value tells success from failure; `None`: every answer with a 2xx
    /// status is a success.
    pub code: Option<&'static str>,
    /// The member's value on success.
    pub success: Success,
    /// The member holding a failure's message, if any.
    pub message: Option<&'static str>,
    /// The member holding the data; `None`: the answer's other members are the data.
    pub data: Option<&'static str>,
}

/// The value of an answer's code member on success.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Success {
    /// An integer (`0`, `1`); a numeric text (`"0"`) is read as it.
    Integer(i64),
    /// A text (`"0000"`): compared as text, so `"0000"` is not `"0"`.
    Text(&'static str),
    /// A boolean (`success: true`, `status: true`): only that boolean is a success.
    Boolean(bool),
    /// No code member: any 2xx answer.
    Any,
}

impl Answer {
    /// The Jing envelope: `code` 0 on success, `msg`, the data in `data`.
    pub const JING: Answer = Answer {
        code: Some("code"),
        success: Success::Integer(0),
        message: Some("msg"),
        data: Some("data"),
    };

    /// The body a server of this answer sends: `data` in the data member (or its members
    /// beside the answer's own, when the answer has no data member), the code member at the
    /// success value (`failure` `None`) or at the failure code (never the success value),
    /// and `message`. The mock answers with it.
    pub fn body(&self, data: Value, failure: Option<i64>, message: &str) -> Value {
        let mut members = serde_json::Map::new();
        if let Some(code) = self.code {
            let value = match (failure, self.success) {
                (None, Success::Integer(number)) => Value::from(number),
                (None, Success::Text(text)) => Value::from(text),
                (Some(code), Success::Text(text)) if text == code.to_string() => {
                    Value::from(format!("{code}-failed"))
                }
                (Some(code), Success::Text(_)) => Value::from(code.to_string()),
                (Some(code), Success::Integer(success)) if code == success => {
                    Value::from(code.wrapping_add(1))
                }
                // A boolean member fails with the other boolean, whatever the code.
                (Some(_), Success::Boolean(flag)) => Value::from(!flag),
                (Some(code), _) => Value::from(code),
                (None, Success::Any) => Value::Null,
                (None, Success::Boolean(flag)) => Value::from(flag),
            };
            members.insert(code.to_owned(), value);
        }
        if let Some(member) = self.message {
            members.insert(member.to_owned(), Value::from(message));
        }
        match (self.data, data) {
            (Some(member), data) => {
                members.insert(member.to_owned(), data);
            }
            (None, Value::Object(own)) => {
                for (name, value) in own {
                    members.entry(name).or_insert(value);
                }
            }
            (None, _) => {}
        }
        Value::Object(members)
    }
}

/// Whether `value` (a code member as sent) is `success`: integers compared as integers
/// (`"0"` is 0), texts as texts.
fn is_success(success: Success, value: &Value) -> bool {
    match (success, value) {
        (Success::Any, _) => true,
        (Success::Integer(expected), Value::Number(number)) => {
            crate::lenient::integer_of(number) == Some(expected)
        }
        (Success::Integer(expected), Value::String(text)) => {
            text.trim().parse::<i64>().ok() == Some(expected)
        }
        (Success::Text(expected), Value::String(text)) => text == expected,
        (Success::Text(expected), Value::Number(number)) => number.to_string() == expected,
        (Success::Boolean(expected), Value::Bool(flag)) => *flag == expected,
        _ => false,
    }
}

/// A failure's code as the error carries it: the integer, or -1 when the code is a text
/// that is not one (the text then leads the message).
fn failure_code(value: &Value) -> (i64, Option<String>) {
    let integer = match value {
        Value::Number(number) => crate::lenient::integer_of(number),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    };
    match integer {
        Some(code) => (code, None),
        None => (-1, Some(value.to_string())),
    }
}

/// The error of an answer whose member `member` says failure with `code`; its message
/// member, if the answer names one, is read with `read`.
fn failure(
    answer: &Answer,
    member: &str,
    code: &Value,
    read: &dyn Fn(&str) -> Option<Value>,
    status: u16,
) -> Error {
    let (code, text) = failure_code(code);
    let said = answer
        .message
        .and_then(read)
        .map(|message| match message {
            Value::String(text) => text,
            other => other.to_string(),
        })
        .unwrap_or_default();
    let msg = match text {
        Some(text) => format!("{member} {text}: {said}"),
        None => said,
    };
    Error::Api {
        status,
        code,
        msg: crate::redact::redact_text(&msg),
        request_id: String::new(),
    }
}

/// Decodes a body of an answer that is not the Jing envelope into `T`; `finish` gets the
/// typed data, the raw data and (never, here) a request id.
pub(crate) fn decode_other<T: DeserializeOwned, R>(
    answer: &Answer,
    status: u16,
    body: &[u8],
    finish: impl FnOnce(T, (&RawValue, Option<&str>)) -> R,
) -> Result<R, Error> {
    let success = (200..300).contains(&status);
    let http = || Error::Http {
        status,
        body_start: body_start(body),
    };
    let json = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let members: BTreeMap<String, &RawValue> = match serde_json::from_slice(json) {
        Ok(members) => members,
        Err(_) if !success => return Err(http()),
        Err(error) => {
            return Err(decode_error(
                body,
                "(body)",
                "the body is not a JSON object".to_owned(),
                None,
                None,
                Some(error),
            ));
        }
    };
    let read = |member: &str| {
        members
            .get(member)
            .and_then(|raw| serde_json::from_str::<Value>(raw.get()).ok())
    };
    if let Some(member) = answer.code {
        let Some(code) = read(member) else {
            if !success {
                return Err(http());
            }
            let message = format!("the body has no `{member}`, which says success");
            return Err(decode_error(body, member, message, None, None, None));
        };
        if !is_success(answer.success, &code) {
            return Err(failure(answer, member, &code, &read, status));
        }
    } else if !success {
        return Err(http());
    }
    let whole;
    let data: &RawValue = match answer.data {
        Some(member) => members.get(member).copied().unwrap_or(RawValue::NULL),
        None => {
            whole = serde_json::from_slice::<Box<RawValue>>(json).map_err(|error| {
                let message = "the body is not JSON".to_owned();
                decode_error(body, "(body)", message, None, None, Some(error))
            })?;
            &whole
        }
    };
    let place = answer.data.unwrap_or("(body)");
    match data_of::<T>(data) {
        Ok(typed) => Ok(finish(typed, (data, None))),
        Err(error) => {
            let path = match error.path().to_string() {
                dot if dot == "." => place.to_owned(),
                inner => format!("{place}.{inner}"),
            };
            let inner = error.into_inner();
            Err(decode_error(
                body,
                &path,
                crate::body::MISFIT.to_owned(),
                None,
                Some(data.to_owned()),
                Some(inner),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Task {
        #[serde(rename = "taskId")]
        task_id: i64,
    }

    fn decode<T: DeserializeOwned>(answer: &Answer, status: u16, body: &str) -> Result<T, Error> {
        decode_other(answer, status, body.as_bytes(), |data, _| data)
    }

    #[test]
    fn other_answers_are_read_by_their_own_code_and_data_members() {
        let ret = Answer {
            code: Some("ret"),
            success: Success::Integer(0),
            message: Some("msg"),
            data: Some("result"),
        };
        let ok = decode::<Task>(&ret, 200, r#"{"ret": "0", "result": {"taskId": 7}}"#);
        assert_eq!(ok.ok(), Some(Task { task_id: 7 }));
        match decode::<Task>(&ret, 200, r#"{"ret": 3, "msg": "busy"}"#) {
            Err(Error::Api { code, msg, .. }) => assert_eq!((code, msg.as_str()), (3, "busy")),
            other => panic!("a refusal: {other:?}"),
        }
        let text = Answer {
            code: Some("code"),
            success: Success::Text("0000"),
            message: None,
            data: None,
        };
        let whole = decode::<Task>(&text, 200, r#"{"code": "0000", "taskId": 9}"#);
        assert_eq!(
            whole.ok(),
            Some(Task { task_id: 9 }),
            "the body is the data"
        );
        match decode::<Task>(&text, 200, r#"{"code": "0", "taskId": 9}"#) {
            Err(Error::Api { code: 0, .. }) => {}
            other => panic!("\"0\" is not \"0000\": {other:?}"),
        }
        match decode::<Task>(&text, 200, r#"{"code": "E1"}"#) {
            Err(Error::Api { code: -1, msg, .. }) => assert!(msg.contains("\"E1\""), "{msg}"),
            other => panic!("a text code: {other:?}"),
        }
        let flag = Answer {
            code: Some("status"),
            success: Success::Boolean(true),
            message: Some("message"),
            data: Some("data"),
        };
        let ok = decode::<Task>(&flag, 200, r#"{"status": true, "data": {"taskId": 4}}"#);
        assert_eq!(ok.ok(), Some(Task { task_id: 4 }));
        match decode::<Task>(&flag, 200, r#"{"status": false, "message": "no token"}"#) {
            Err(Error::Api { code: -1, msg, .. }) => {
                assert_eq!(msg, "status false: no token");
            }
            other => panic!("a boolean failure: {other:?}"),
        }
        let sent = flag.body(serde_json::json!({"taskId": 4}), Some(40001), "refused");
        assert_eq!(
            sent["status"],
            serde_json::json!(false),
            "never the success value"
        );
        match decode::<Task>(&text, 502, "<html>") {
            Err(Error::Http { status: 502, .. }) => {}
            other => panic!("not JSON: {other:?}"),
        }
    }

    #[test]
    fn the_body_an_answer_sends_reads_back() {
        let ret = Answer {
            code: Some("ret"),
            success: Success::Integer(1),
            message: Some("msg"),
            data: None,
        };
        let body = ret.body(serde_json::json!({"taskId": 5}), None, "ok");
        assert_eq!(
            body,
            serde_json::json!({"ret": 1, "msg": "ok", "taskId": 5})
        );
        let failed = ret.body(Value::Null, Some(40001), "refused");
        assert_eq!(
            failed["ret"],
            serde_json::json!(40001),
            "the failure code as given"
        );
        let clash = ret.body(Value::Null, Some(1), "refused");
        assert_ne!(
            clash["ret"],
            serde_json::json!(1),
            "never the success value"
        );
        let text = Answer {
            success: Success::Text("1"),
            ..ret
        };
        let failed = text.body(Value::Null, Some(1), "refused");
        assert_ne!(
            failed["ret"],
            serde_json::json!("1"),
            "never the success value"
        );
    }
}
