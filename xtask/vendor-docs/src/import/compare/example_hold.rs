//! The page's answer examples against the answer they are examples of: the first one
//! (`examples.response`) and every other one (`examples.more`, fact
//! `examples.response.NAME`). An example that is not the answer the page declares (the
//! Jing envelope without `code`, a code other than the success value, no data member) is a
//! fact the spec cannot hold as the page shows it (`page.examples.response:answer`); its
//! data is judged member by member in `example_check.rs`, which also holds back an example
//! that would not decode.

use serde_json::{Map, Value};

use jing_spec::{Answer, AnswerCode, TypeRef};

use crate::import::facts::Facts;

/// Each answer example of `facts`, by the key of its fact (`examples.response`,
/// `examples.response.NAME`), with its text.
pub(super) fn response_examples(facts: &Facts) -> Vec<(String, String)> {
    let first = facts
        .response_example
        .iter()
        .map(|text| ("examples.response".to_owned(), text.clone()));
    let more = facts
        .other_examples
        .iter()
        .filter(|(name, _)| name.starts_with("response."))
        .map(|(name, text)| (format!("examples.{name}"), text.clone()));
    first.chain(more).collect()
}

/// The data of the answer example `example` (of the fact `root`) as the page's answer
/// reads it: its data member, or its members but those the answer says success with
/// (unless the page lists them as data too); `Ok(None)` when the page declares no answer
/// to judge it by. An example that is not that answer is `Err`, the fact
/// `page.ROOT:answer` with what it lacks.
pub(super) fn data_of(
    facts: &Facts,
    root: &str,
    example: &Value,
) -> Result<Option<Value>, (String, String)> {
    let Some(response) = &facts.response else {
        return Ok(None);
    };
    let jing = Answer::jing();
    let answer = facts.answer.as_ref().map_or(&jing, |answer| &answer.answer);
    let not_it = |lacks: String| {
        let declared = if answer.is_jing() {
            "the Jing envelope, `code` 0 and the data in `data`".to_owned()
        } else {
            format!("read as {answer}")
        };
        Err((
            format!("page.{root}:answer"),
            format!("the example is not the answer the page declares ({declared}): {lacks}"),
        ))
    };
    let Some(members) = example.as_object() else {
        return not_it(format!("it is `{}`, not an object", short(example)));
    };
    if let Some(code) = &answer.code {
        match (members.get(code), &answer.success) {
            (None, _) => return not_it(format!("it has no `{code}`")),
            (Some(value), Some(success)) if !is_success(success, value) => {
                return not_it(format!(
                    "its `{code}` is `{value}`, not the success value `{success}`"
                ));
            }
            _ => {}
        }
    }
    match &answer.data {
        Some(member) => match members.get(member) {
            Some(data) => Ok(Some(data.clone())),
            // An answer without its data member is a documented empty object's.
            None if response.ty == TypeRef::Object && response.fields.is_empty() => Ok(None),
            None => not_it(format!("it has no `{member}`")),
        },
        None => {
            let declared = |name: &str| response.fields.iter().any(|field| field.name == name);
            let mut data: Map<String, Value> = members.clone();
            for own in answer.own_members().filter(|own| !declared(own)) {
                data.remove(own);
            }
            Ok(Some(Value::Object(data)))
        }
    }
}

/// Whether `value` is the success value `success`, as the client reads a code: a number
/// or its text, or the boolean itself.
fn is_success(success: &AnswerCode, value: &Value) -> bool {
    match (success, value) {
        (AnswerCode::Integer(expected), Value::Number(number)) => {
            number.as_i64() == Some(*expected) || number.as_f64() == Some(*expected as f64)
        }
        (AnswerCode::Integer(expected), Value::String(text)) => {
            text.trim().parse::<i64>().ok() == Some(*expected)
        }
        (AnswerCode::Text(expected), Value::String(text)) => text == expected,
        (AnswerCode::Text(expected), Value::Number(number)) => number.to_string() == *expected,
        (AnswerCode::Boolean(expected), Value::Bool(flag)) => flag == expected,
        _ => false,
    }
}

/// The start of a value's JSON, for a decision's words.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facts::{FactAnswer, FactField, FactResponse};
    use serde_json::json;

    fn page(answer: Option<Answer>) -> Facts {
        let mut facts = Facts::titled("任务");
        let mut id = FactField::bare("id", TypeRef::String);
        id.required = Some(true);
        facts.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![
                id,
                FactField {
                    required: Some(false),
                    ..FactField::bare("status", TypeRef::String)
                },
            ],
        });
        facts.answer = answer.map(|answer| FactAnswer {
            answer,
            confirmed: false,
            body: None,
        });
        facts
    }

    #[test]
    fn an_example_is_judged_by_the_answer_it_is_an_example_of() {
        let envelope = page(None);
        let root = "examples.response";
        let data = data_of(&envelope, root, &json!({"code": 0, "data": {"id": "a"}}));
        assert_eq!(data, Ok(Some(json!({"id": "a"}))));
        for (example, lacks) in [
            (json!({"id": "a", "state": "pending"}), "it has no `code`"),
            (
                json!({"code": 3, "data": {}}),
                "its `code` is `3`, not the success value `0`",
            ),
            (json!({"code": "0"}), "it has no `data`"),
            (json!([1]), "it is `[1]`, not an object"),
        ] {
            let Err((key, said)) = data_of(&envelope, root, &example) else {
                panic!("{example} is not the envelope");
            };
            assert_eq!(key, "page.examples.response:answer");
            assert!(said.ends_with(lacks), "{said}");
        }
        // An answer without a data member: its own members are read past unless listed.
        let plain = Answer {
            code: Some("ret".to_owned()),
            success: Some(AnswerCode::Text("0000".to_owned())),
            message: None,
            data: None,
        };
        let data = data_of(&page(Some(plain)), root, &json!({"ret": "0000", "id": "a"}));
        assert_eq!(data, Ok(Some(json!({"id": "a"}))));
        let bare = page(Some(Answer {
            code: None,
            success: None,
            message: None,
            data: None,
        }));
        let data = data_of(&bare, root, &json!({"id": "a", "status": "queued"}));
        assert_eq!(data, Ok(Some(json!({"id": "a", "status": "queued"}))));
        // A boolean flag is the success value itself; the other boolean is not it.
        let flag = page(Some(Answer {
            code: Some("ok".to_owned()),
            success: Some(AnswerCode::Boolean(true)),
            message: None,
            data: Some("data".to_owned()),
        }));
        let data = data_of(&flag, root, &json!({"ok": true, "data": {"id": "a"}}));
        assert_eq!(data, Ok(Some(json!({"id": "a"}))));
        let failed = data_of(&flag, root, &json!({"ok": false, "data": {}}));
        assert!(
            matches!(&failed, Err((_, said)) if said.ends_with("its `ok` is `false`, not the success value `true`")),
            "{failed:?}"
        );
    }
}
