//! A YAML scalar as text, the one reading every part of the importer shares (so the
//! modules that read schemas, labels and media types import it, not each other).

use serde_yaml::Value;

/// A scalar as text (strings, numbers, booleans); `None` for anything else.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}
