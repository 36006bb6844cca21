//! Which member of an answer outside the Jing envelope says success: one that looks like
//! a result code, named like one (`code`, `ret`, `errcode`, `status_code`, …) and holding a
//! number (an integer, or digits as text: `"0000"`). A job's or an object's state
//! (`status: queued`) is data, never proposed as the code (issue #28, F5). A boolean flag
//! (`success: true`) says success where no code shows its value; and an answer with `code`
//! and `data` is still outside the envelope when its code is text, a flag is beside it or
//! its message is `message` (issue #28, H1, M2, M6).

use jing_spec::{AnswerCode, TypeRef};
use serde_json::Value;

use crate::import::facts::FactResponse;

/// Whether an answer with `code` and `data` still says it is not the Jing envelope: its
/// `code` typed as text (`"SUCCESS"`), a boolean `success` beside it, or its message in
/// `message` where Jing's `msg` is not (issue #28, H1 and M2).
pub(super) fn outside(body: &FactResponse) -> bool {
    let member = |name: &str| body.fields.iter().find(|field| field.name == name);
    let text_code = member("code").is_some_and(|code| code.ty == TypeRef::String);
    let flag = member("success").is_some_and(|flag| flag.ty == TypeRef::Boolean);
    let message = member("message").is_some() && member("msg").is_none();
    text_code || flag || message
}

/// The names of a result code, most likely first. A job's or an object's state
/// (`status: queued`, `state: pending`) is no result code: it is data.
pub(super) const CODE_MEMBERS: &[&str] = &[
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

/// The member of `body` that says success, and its success value: the first
/// named like one ([`CODE_MEMBERS`]) whose value is a number: the example's value there
/// when the page gives one (an integer, or a text of digits such as `"0000"`), else its
/// type (`integer`, or text without an example: `code: string` beside `success: boolean`),
/// its success value then left to the maintainer. A member whose example is other text
/// (`"queued"`, `"ok"`) is none. Where no code shows its success value, a boolean flag
/// (`success`, `status`, …) is the member, `true` on success.
pub(super) fn result_code(
    body: &FactResponse,
    example: Option<&Value>,
) -> (Option<String>, Option<AnswerCode>) {
    let (code, success) = numeric_code(body, example);
    if success.is_some() {
        return (code, success);
    }
    // A boolean flag says success by itself (`success: true`, `status: true`): better than
    // a code whose success value the page does not show.
    let flag = FLAG_MEMBERS.iter().find(|name| {
        body.fields
            .iter()
            .any(|field| field.name == **name && field.ty == TypeRef::Boolean)
    });
    match flag {
        Some(name) => (Some((*name).to_owned()), Some(AnswerCode::Boolean(true))),
        None => (code, success),
    }
}

/// The names of a boolean member that says success, most likely first.
const FLAG_MEMBERS: &[&str] = &["success", "status"];

/// The first member named like a result code ([`CODE_MEMBERS`]) holding a number, and its
/// success value where the page shows one.
fn numeric_code(
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

/// The result codes the page documents on the answer's code member (`code` with `enum:
/// [200, 401, …]` and their labels): the spec has no place for them, so they are a
/// decision (`page.answer.code:values`), never dropped without a word.
pub(super) fn documented(
    body: &FactResponse,
    answer: &jing_spec::Answer,
) -> Option<(String, String)> {
    let code = answer.code.as_deref()?;
    let field = body.fields.iter().find(|field| field.name == code)?;
    if field.values.is_empty() {
        return None;
    }
    let listed: Vec<String> = field
        .values
        .iter()
        .map(
            |value| match field.labels.iter().find(|(labelled, _)| labelled == value) {
                Some((_, label)) if !label.is_empty() => format!("{value} ({label})"),
                _ => value.clone(),
            },
        )
        .collect();
    let said = format!("the result codes the page documents: {}", listed.join(", "));
    Some((format!("{code}:values"), said))
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

    /// The result codes a page documents on the code member are a decision, with labels.
    #[test]
    fn the_result_codes_a_page_documents_are_a_decision() {
        use TypeRef::{Integer, Object, String as Text};
        let mut answer = body(&[("code", Integer), ("msg", Text), ("data", Object)]);
        answer.fields[0].values = vec!["0".into(), "401".into(), "500".into()];
        answer.fields[0].labels = vec![("0".into(), "成功".into()), ("500".into(), String::new())];
        let mut beside = Vec::new();
        let example = json!({"code": 0, "data": {}});
        let (data, own) = super::super::answer::read(answer.clone(), Some(&example), &mut beside);
        assert!(own.is_none() && data.is_some());
        assert_eq!(
            beside,
            [(
                "code:values".to_owned(),
                "the result codes the page documents: 0 (成功), 401, 500".to_owned()
            )]
        );
        answer.fields[0].values.clear();
        assert_eq!(documented(&answer, &jing_spec::Answer::jing()), None);
    }

    /// A text `code` beside a boolean `success` (H1), or `message` where Jing says `msg`
    /// (M2): outside the envelope, each read by its own members.
    #[test]
    fn a_text_code_a_flag_or_a_message_member_is_outside_the_envelope() {
        use TypeRef::{Boolean, Integer, Object, String as Text};
        let flagged = body(&[("data", Object), ("code", Text), ("success", Boolean)]);
        assert!(outside(&flagged));
        let read = result_code(&flagged, None);
        assert_eq!(
            read,
            (Some("success".to_owned()), Some(AnswerCode::Boolean(true)))
        );
        let message = body(&[("code", Integer), ("message", Text), ("data", Object)]);
        assert!(outside(&message));
        let jing = body(&[
            ("code", Integer),
            ("msg", Text),
            ("message", Text),
            ("data", Object),
        ]);
        assert!(!outside(&jing), "Jing's `msg` is there");
        assert!(!outside(&body(&[
            ("code", Integer),
            ("msg", Text),
            ("data", Object)
        ])));
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
            // A boolean flag beside a text code the page shows no value of: the flag says.
            (
                body(&[("code", TypeRef::String), ("success", TypeRef::Boolean)]),
                json!(null),
                "{code: success, success: true}",
            ),
            (
                body(&[("status", TypeRef::Boolean), ("message", TypeRef::String)]),
                json!({"status": true}),
                "{code: status, success: true}",
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
