//! YAML text in the spec's own style, for what is written new: block mappings and lists
//! indented two spaces (list items under their key), short mappings of plain values
//! (`title`, `doc`, `rate_limit`) on one line as `{zh: "…", en: "…"}`, multi-line text as
//! literal blocks, a value that once was on one line (`{…}`, `[…]`) again on one line. Every
//! text written is read back and compared by the callers.

use serde_yaml::{Mapping, Value};

/// The keys of a doc's texts, which the spec always quotes.
const DOC_TEXTS: &[&str] = &["zh", "en", "vendor"];

/// The keys whose mappings of plain values the spec writes on one line.
const FLOW_KEYS: &[&str] = &["title", "doc", "rate_limit", "answer", "answer_draft"];

/// `key: value` at `indent`, as lines (each ending in a newline).
pub(crate) fn key_value(key: &str, value: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let key_text = scalar(&Value::from(key));
    match value {
        Value::Mapping(map) if map.is_empty() => format!("{pad}{key_text}: {{}}\n"),
        Value::Sequence(items) if items.is_empty() => format!("{pad}{key_text}: []\n"),
        Value::Mapping(map) if FLOW_KEYS.contains(&key) && map.values().all(is_plain) => {
            format!("{pad}{key_text}: {}\n", flow(value))
        }
        Value::Mapping(map) => format!("{pad}{key_text}:\n{}", mapping(map, indent + 2)),
        Value::Sequence(items) => {
            let mut out = format!("{pad}{key_text}:\n");
            for item in items {
                out.push_str(&list_item(item, indent + 2));
            }
            out
        }
        Value::String(text) if text.contains('\n') => match literal(text, indent + 2) {
            Some(block) => format!("{pad}{key_text}: {block}"),
            None => format!("{pad}{key_text}: {}\n", quoted(text)),
        },
        // Doc texts are quoted, as the spec writes them.
        Value::String(text) if DOC_TEXTS.contains(&key) => {
            format!("{pad}{key_text}: {}\n", quoted(text))
        }
        other => format!("{pad}{key_text}: {}\n", scalar(other)),
    }
}

/// Every pair of `map` at `indent`.
pub(crate) fn mapping(map: &Mapping, indent: usize) -> String {
    map.iter()
        .map(|(key, value)| key_value(&key_text(key), value, indent))
        .collect()
}

/// One list item at `indent` (its `- ` there).
pub(crate) fn list_item(item: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match item {
        Value::Mapping(map) if !map.is_empty() => {
            let body = mapping(map, indent + 2);
            format!("{pad}- {}", &body[indent + 2..])
        }
        Value::String(text) if text.contains('\n') => format!("{pad}- {}\n", quoted(text)),
        other => format!("{pad}- {}\n", flow(other)),
    }
}

/// A value on one line: `{a: 1, b: "x"}`, `[1, 2]`, or a scalar (strings quoted).
pub(crate) fn flow(value: &Value) -> String {
    match value {
        Value::Mapping(map) => {
            let pairs: Vec<String> = map
                .iter()
                .map(|(key, value)| {
                    let key = key_text(key);
                    // Doc texts are quoted, as the spec writes them.
                    let value = match value {
                        Value::String(text) if DOC_TEXTS.contains(&key.as_str()) => quoted(text),
                        other => flow(other),
                    };
                    format!("{}: {value}", scalar(&Value::from(key)))
                })
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::String(text) if is_word(text) => text.clone(),
        Value::String(text) => quoted(text),
        other => scalar(other),
    }
}

/// A name-like string that reads back as itself unquoted (`widgetId`, `array<object>`,
/// `/v1/a`); any other text is quoted on one line.
fn is_word(text: &str) -> bool {
    let word = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./<>".contains(c));
    word && !reads_as_other(text)
        && serde_yaml::from_str::<Value>(text).is_ok_and(|back| back.as_str() == Some(text))
}

/// Text another YAML reader (YAML 1.1: Excel's add-ins, PyYAML, a maintainer's editor)
/// takes for something else unquoted: a date or time, a boolean (`yes`, `no`, `on`,
/// `off`, `y`, `n`), a null (`~`, `null`), a number in any of its spellings (`0x1F`,
/// `1_000`, `1e3`, `.inf`, `12:30`). Always quoted, so it stays text everywhere.
fn reads_as_other(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let words = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".inf", "-.inf", "+.inf",
        ".nan",
    ];
    let first_digit = text
        .trim_start_matches(['-', '+', '.'])
        .starts_with(|c: char| c.is_ascii_digit());
    let numeric = first_digit
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-+._:".contains(c))
        && text.chars().filter(char::is_ascii_alphabetic).all(|c| {
            // digits with a date's `T`/`Z`, an exponent, a hex or octal or binary prefix
            "tzexobabcdef".contains(c.to_ascii_lowercase())
        });
    words.contains(&lower.as_str()) || numeric || starts_with_date(text)
}

/// Whether `text` begins with a date, `2024-01-15`, alone or before a time after a space
/// or a `T` (`2024-01-15 00:00:00`, a YAML 1.1 timestamp a map's key can be too).
fn starts_with_date(text: &str) -> bool {
    let day = text.split([' ', '\t', 'T', 't']).next().unwrap_or_default();
    let parts: Vec<&str> = day.split('-').collect();
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    matches!(parts.as_slice(), [year, month, date]
        if year.len() == 4 && month.len() <= 2 && date.len() <= 2
            && [*year, *month, *date].into_iter().all(digits))
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        other => scalar(other),
    }
}

fn is_plain(value: &Value) -> bool {
    !matches!(
        value,
        Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_)
    )
}

/// A double-quoted string (JSON's escapes are YAML's).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// A plain value as serde_yaml writes it (quoted only when it must be).
pub(crate) fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) if text.contains('\n') || reads_as_other(text) => quoted(text),
        other => serde_yaml::to_string(other)
            .map(|text| text.trim_end().to_owned())
            .unwrap_or_else(|_| "null".to_owned()),
    }
}

/// Multi-line text as a literal block whose lines sit at `indent` (`|` keeps the one final
/// newline, `|-` has none); `None` when a literal block cannot hold it exactly.
fn literal(text: &str, indent: usize) -> Option<String> {
    let (body, indicator) = match text.strip_suffix('\n') {
        Some(body) if !body.ends_with('\n') => (body, "|"),
        Some(_) => return None,
        None => (text, "|-"),
    };
    let awkward = |line: &str| line.ends_with(' ') || line.contains('\t');
    let first = body.lines().next();
    if first.is_none_or(|line| line.starts_with(' '))
        || body.lines().any(awkward)
        || body.contains('\r')
    {
        return None;
    }
    let pad = " ".repeat(indent);
    let mut out = format!("{indicator}\n");
    for line in body.split('\n') {
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&pad);
            out.push_str(line);
            out.push('\n');
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads_back(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap_or_else(|error| panic!("{error}\n{text}"))
    }

    #[test]
    fn values_are_written_in_the_spec_style_and_read_back() {
        let value: Value = serde_yaml::from_str(
            "name: a\ntitle: {zh: 部件, en: ''}\nrate_limit: {per_second: 2}\nfields:\n- name: x\n  type: string\n  required: null\n  doc: {draft: true}\nexamples:\n  response: |\n    {\n        \"a\": 1\n    }\nnotes: [\"yes\", 'no: really']\nempty: []\n",
        )
        .unwrap_or_default();
        let Value::Mapping(map) = &value else {
            panic!("a mapping");
        };
        let text = mapping(map, 0);
        assert!(text.contains("title: {zh: \"部件\", en: \"\"}\n"), "{text}");
        assert!(
            text.contains("fields:\n  - name: x\n    type: string\n"),
            "{text}"
        );
        assert!(text.contains("    doc: {draft: true}\n"), "{text}");
        assert!(
            text.contains("  response: |\n    {\n        \"a\": 1\n    }\n"),
            "{text}"
        );
        assert_eq!(reads_back(&text), value);
        let item = list_item(&value, 4);
        assert!(item.starts_with("    - name: a\n      title:"), "{item}");
        assert_eq!(reads_back(&item), Value::Sequence(vec![value]));
    }

    #[test]
    fn text_another_yaml_reader_takes_for_a_date_a_boolean_or_a_number_is_quoted() {
        for text in [
            "2024-01-01",
            "2024-01-01T08:00:00Z",
            "2024-01-15 00:00:00",
            "yes",
            "No",
            "on",
            "OFF",
            "y",
            "null",
            "~",
            "0",
            "007",
            "1_000",
            "1e3",
            "0x1F",
            "12:30",
            ".inf",
        ] {
            for written in [scalar(&Value::from(text)), flow(&Value::from(text))] {
                assert!(written.starts_with('"'), "{text:?} written as {written}");
                assert_eq!(reads_back(&written).as_str(), Some(text), "{written}");
            }
        }
        for text in ["moving", "SF1234567890", "v1", "a-b"] {
            assert_eq!(scalar(&Value::from(text)), text);
        }
        // A map's keys too (a map example keyed by the hour, tester28f L2).
        let mut hours = Mapping::new();
        hours.insert("2024-01-15 00:00:00".into(), 5.into());
        let written = mapping(&hours, 0);
        assert_eq!(written, "\"2024-01-15 00:00:00\": 5\n");
        assert_eq!(reads_back(&written), Value::Mapping(hours));
    }

    #[test]
    fn text_a_literal_block_cannot_hold_is_quoted() {
        for text in [
            "a\n\n",
            " lead\nx",
            "trail \nx",
            "a\r\nb",
            "a\n  \nb",
            "a\n\tb",
        ] {
            let written = key_value("k", &Value::from(text), 0);
            let back = reads_back(&written);
            assert_eq!(back["k"].as_str(), Some(text), "{written}");
        }
    }
}
