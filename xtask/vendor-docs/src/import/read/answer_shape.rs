//! What the decision of an alternative answer (`404`, `422`, `x-200:失败`) shows of it when
//! the page gives no example: its status, its name (apifox's `x-apifox-name`, else its
//! `description`) and the shape of its schema, briefly (`{code: integer, msg: string, data:
//! null}`), so the drafts sheet tells the maintainer what the page states.

use serde_yaml::Value;

use super::content::media_of;
use super::schema::{Reader, declared_type, scalar_text};

/// How deep the shape goes before an object is shown as `object`.
const DEPTH: usize = 4;
/// How long the shape may grow before it is cut (with `…`).
const LENGTH: usize = 400;

impl Reader<'_> {
    /// `404 任务不存在: {code: integer, msg: string}`: the status, the name and the shape.
    pub(super) fn answer_shown(&self, code: &str, response: &Value) -> String {
        let name = ["x-apifox-name", "description"]
            .iter()
            .filter_map(|key| response.get(*key).and_then(scalar_text))
            .map(|text| text.trim().to_owned())
            .find(|text| !text.is_empty());
        let mut shown = match name {
            Some(name) => format!("{code} {name}"),
            None => code.to_owned(),
        };
        if let Some(schema) = media_of(response).and_then(|media| media.get("schema")) {
            let mut shape = self.shape(schema, 0);
            if shape.chars().count() > LENGTH {
                shape = shape.chars().take(LENGTH).collect::<String>() + "…";
            }
            shown.push_str(": ");
            shown.push_str(&shape);
        }
        shown
    }

    /// The shape of `schema`: members and their types, items in brackets, alternatives
    /// joined by `|`.
    fn shape(&self, schema: &Value, depth: usize) -> String {
        let Ok((schema, _)) = self.resolve("answer", schema, &mut Vec::new()) else {
            return "?".to_owned();
        };
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(parts) = schema.get(key).and_then(Value::as_sequence) {
                let join = if key == "allOf" { " & " } else { "|" };
                let parts: Vec<String> = parts.iter().map(|part| self.shape(part, depth)).collect();
                return parts.join(join);
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_mapping) {
            if depth >= DEPTH {
                return "object".to_owned();
            }
            let members: Vec<String> = properties
                .iter()
                .map(|(name, member)| {
                    let name = scalar_text(name).unwrap_or_default();
                    format!("{name}: {}", self.shape(member, depth + 1))
                })
                .collect();
            return format!("{{{}}}", members.join(", "));
        }
        if let Some(items) = schema.get("items") {
            return format!("[{}]", self.shape(items, depth + 1));
        }
        match schema.get("type").and_then(scalar_text).as_deref() {
            Some("null") => "null".to_owned(),
            _ => declared_type(schema).unwrap_or_else(|| "any".to_owned()),
        }
    }
}
