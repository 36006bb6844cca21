//! What the decision of an object beside an answer's data shows of it (issue #28, M5): its
//! members with their types and required flags, and what the page's example holds there
//! (`base: {code: integer, required; msg: string, required}`, example `{"code": 10000, …}`).
//! When a member inside it is named like a result code (`base.code`), the decision says so
//! and that the spec cannot hold it: `answer.code` names a member at the top of the answer,
//! and neither the generator nor the client reads a path such as `base.code`.

use serde_json::Value;

use super::answer_code::CODE_MEMBERS;
use crate::import::facts::FactField;

/// The members of `field` (an object beside the data) and the example's value there, as
/// text to follow its type; empty when it has no members.
pub(super) fn shown(field: &FactField, example: Option<&Value>) -> String {
    if field.fields.is_empty() {
        return String::new();
    }
    let members: Vec<String> = field
        .fields
        .iter()
        .map(|member| {
            let required = match member.required {
                Some(true) => ", required",
                Some(false) => ", optional",
                None => "",
            };
            format!("{}: {}{required}", member.name, member.ty)
        })
        .collect();
    let mut shown = format!(": {{{}}}", members.join("; "));
    let value = example.and_then(|example| example.get(&field.name));
    if let Some(value) = value {
        shown.push_str(&format!(", the example's `{}`: {value}", field.name));
    }
    let code = field
        .fields
        .iter()
        .find(|member| CODE_MEMBERS.contains(&member.name.as_str()));
    if let Some(code) = code {
        let seen = value
            .and_then(|value| value.get(&code.name))
            .map(|value| format!(" (success {value} in the example)"))
            .unwrap_or_default();
        shown.push_str(&format!(
            "; `{0}.{1}` looks like the answer's code{seen}, nested: the spec's `answer.code` names a member at the top of the answer, and neither the generator nor the client reads a path such as `{0}.{1}`, so the spec cannot hold it and any 2xx answer counts as a success (the page's failure answers are decisions of their own)",
            field.name, code.name
        ));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use jing_spec::TypeRef;
    use serde_json::json;

    fn field(name: &str, ty: TypeRef, fields: Vec<FactField>) -> FactField {
        FactField::bare_with(name, ty, fields)
    }

    #[test]
    fn a_nested_code_is_listed_with_its_success_value_and_why_the_spec_cannot_hold_it() {
        let base = field(
            "base",
            TypeRef::Object,
            vec![
                field("code", TypeRef::Integer, Vec::new()),
                field("msg", TypeRef::String, Vec::new()),
            ],
        );
        let example = json!({"base": {"code": 10000, "msg": "Success"}, "data": {}});
        let said = shown(&base, Some(&example));
        for part in [
            ": {code: integer, required; msg: string, required}",
            "the example's `base`: {\"code\":10000,\"msg\":\"Success\"}",
            "`base.code` looks like the answer's code (success 10000 in the example)",
            "cannot hold it",
        ] {
            assert!(said.contains(part), "{part}: {said}");
        }
        assert_eq!(
            shown(&field("total", TypeRef::Integer, Vec::new()), None),
            ""
        );
    }
}
