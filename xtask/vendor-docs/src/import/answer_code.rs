//! Which member of an answer outside the Jing envelope says success: one that looks like
//! a result code, named like one (`code`, `ret`, `errcode`, `status_code`, …) and holding a
//! number (an integer, or digits as text: `"0000"`). A job's or an object's state
//! (`status: queued`) is data, never proposed as the code (issue #28, F5).

use jing_spec::{AnswerCode, TypeRef};
use serde_json::Value;

use super::facts::FactResponse;

/// The names of a result code, most likely first. A job's or an object's state
/// (`status: queued`, `state: pending`) is no result code: it is data.
const CODE_MEMBERS: &[&str] = &[
    "code",
    "ret",
    "retcode",
    "ret_code",
    "errcode",
    "errCode",
    "err_code",
    "error_code",
    "errorCode",
    "errno",
    "status_code",
    "statusCode",
    "resultCode",
    "result_code",
];

/// The member of `body` that looks like a result code, and its success value: the first
/// named like one ([`CODE_MEMBERS`]) whose value is a number: the example's value there
/// when the page gives one (an integer, or a text of digits such as `"0000"`), else its
/// type (`integer`, or text without an example: `code: string` beside `success: boolean`),
/// its success value then left to the maintainer. A member whose example is other text
/// (`"queued"`, `"ok"`) is none.
pub(super) fn result_code(
    body: &FactResponse,
    example: Option<&Value>,
) -> (Option<String>, Option<AnswerCode>) {
    for name in CODE_MEMBERS {
        let Some(field) = body.fields.iter().find(|field| field.name == *name) else {
            continue;
        };
        match example.and_then(|example| example.get(name)) {
            Some(Value::Number(number)) => {
                if let Some(value) = number.as_i64() {
                    return (Some((*name).to_owned()), Some(AnswerCode::Integer(value)));
                }
            }
            Some(Value::String(text))
                if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) =>
            {
                return (
                    Some((*name).to_owned()),
                    Some(AnswerCode::Text(text.clone())),
                );
            }
            Some(Value::Null) | None if matches!(field.ty, TypeRef::Integer | TypeRef::String) => {
                return (Some((*name).to_owned()), None);
            }
            _ => {}
        }
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facts::FactField;
    use serde_json::json;

    fn body(members: &[(&str, TypeRef)]) -> FactResponse {
        FactResponse {
            ty: TypeRef::Object,
            fields: members
                .iter()
                .map(|(name, ty)| FactField::bare(name, ty.clone()))
                .collect(),
        }
    }

    #[test]
    fn only_a_member_that_looks_like_a_result_code_is_read_as_the_code() {
        let cases = [
            // A job's state is data, whatever its name's place in the list once was.
            (
                body(&[("id", TypeRef::String), ("status", TypeRef::String)]),
                json!({"id": "v1", "status": "queued"}),
                "{}",
            ),
            // Named like a code, but its example is words: no code.
            (
                body(&[("errno", TypeRef::String), ("id", TypeRef::String)]),
                json!({"errno": "ok", "id": "v1"}),
                "{}",
            ),
            (
                body(&[("status_code", TypeRef::Integer), ("id", TypeRef::String)]),
                json!({"status_code": 200, "id": "v1"}),
                "{code: status_code, success: 200}",
            ),
            (
                body(&[("retcode", TypeRef::String), ("id", TypeRef::String)]),
                json!({"retcode": "0000", "id": "v1"}),
                "{code: retcode, success: \"0000\"}",
            ),
            // An integer code without an example: its success value is the maintainer's.
            (
                body(&[("errcode", TypeRef::Integer), ("id", TypeRef::String)]),
                json!({"id": "v1"}),
                "{code: errcode}",
            ),
        ];
        for (body, example, expected) in cases {
            let (code, success) = result_code(&body, Some(&example));
            let read = jing_spec::Answer {
                code,
                success,
                message: None,
                data: None,
            };
            assert_eq!(read.to_string(), expected);
        }
    }
}
