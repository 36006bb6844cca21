//! Webhook event pages: a title and a JSON sample of the body the platform POSTs, as the
//! vendor prints it (with `//` comments after members, and sometimes cut off).
//!
//! The facts are the page title (to find the spec's event page), `event_type`,
//! `extra_data.object_name`, the sample verbatim, and the sample's members with their JSON
//! types (nested objects kept nested); a member's `//` comment is its label. A sample cut
//! off before its end is closed where it stops, and the facts say so.

use serde_yaml::{Mapping, Value};

use crate::import::error::ImportError;
use crate::import::facts::{FactField, Label};
use jing_spec::TypeRef;

/// What one event page says.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFacts {
    /// The page title, as printed.
    pub title: String,
    /// The body's `event_type`, when the sample has one.
    pub event_type: Option<String>,
    /// The body's `extra_data.object_name`, when the sample has one.
    pub object_name: Option<String>,
    /// The sample, verbatim.
    pub sample: String,
    /// The sample's members (nested objects with their members).
    pub members: Vec<FactField>,
    /// What the importer noticed: a sample cut off, members it could not type.
    pub notes: Vec<String>,
}

/// Whether `text` looks like an event page: a title line and a JSON object sample whose
/// members include `event_type`.
pub(in crate::import) fn looks_like_event_page(text: &str) -> bool {
    title(text).is_some() && sample(text).is_some_and(|sample| sample.contains("\"event_type\""))
}

/// Reads an event page (whatever [`crate::import::detect`] would say of it).
pub fn read(file: &str, text: &str) -> Result<EventFacts, ImportError> {
    let title = title(text)
        .ok_or_else(|| ImportError::new(file, "(file)", "no title line"))?
        .to_owned();
    let sample = sample(text).ok_or_else(|| {
        ImportError::new(
            file,
            "(file)",
            "no JSON sample (a `{` … `}` block) on the page",
        )
    })?;
    let mut notes = Vec::new();
    let code = without_comments(sample);
    // Read by serde_json into an order-keeping YAML value, so members stay in the sample's order.
    let value = match serde_json::from_str::<Value>(&code) {
        Ok(value) => value,
        Err(_) => {
            let closed = close(&code);
            let value = serde_json::from_str::<Value>(&closed).map_err(|error| {
                ImportError::new(
                    file,
                    "(sample)",
                    format!("the sample is not JSON, even closed where it stops: {error}"),
                )
            })?;
            notes.push(
                "the sample stops before its end; its members are read as far as it goes"
                    .to_owned(),
            );
            value
        }
    };
    let Value::Mapping(object) = &value else {
        return Err(ImportError::new(
            file,
            "(sample)",
            "the sample is not a JSON object",
        ));
    };
    let labels = comment_labels(sample);
    let text_of = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    Ok(EventFacts {
        title,
        event_type: text_of(object.get("event_type")),
        object_name: text_of(
            value
                .get("extra_data")
                .and_then(|extra| extra.get("object_name")),
        ),
        sample: sample.to_owned(),
        members: members(object, &labels),
        notes,
    })
}

/// The first `# ` heading, else the first line with text.
fn title(text: &str) -> Option<&str> {
    let lines = || text.lines().map(str::trim).filter(|line| !line.is_empty());
    lines()
        .find_map(|line| line.strip_prefix("# "))
        .or_else(|| lines().next().filter(|line| !line.starts_with('{')))
        .map(str::trim)
}

/// The sample: the first fenced block that holds a JSON object, else the text from the
/// first line that opens one to the line that closes it (or the end of the page).
fn sample(text: &str) -> Option<&str> {
    let mut offset = 0;
    let mut fence: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        match fence {
            None if trimmed.starts_with("```") => fence = Some(offset + line.len()),
            Some(start) if trimmed.starts_with("```") => {
                let block = &text[start..offset];
                if block.trim_start().starts_with('{') {
                    return Some(block.trim_end());
                }
                fence = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    let start = lines_at(text)
        .find(|(_, line)| line.trim_start().starts_with('{'))
        .map(|(at, line)| at + (line.len() - line.trim_start().len()))?;
    let rest = &text[start..];
    let end = closing(rest).unwrap_or(rest.len());
    Some(rest[..end].trim_end())
}

/// The lines of `text` with the offset each starts at.
fn lines_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |at, line| {
        let here = *at;
        *at += line.len();
        Some((here, line))
    })
}

/// The characters of JSON text outside its strings (quotes excluded), with their offsets.
fn outside_strings(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let (mut in_string, mut escaped) = (false, false);
    text.char_indices().filter(move |&(_, c)| {
        let outside = !in_string && c != '"';
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            _ => {}
        }
        outside
    })
}

/// Where the object that opens `text` closes (after its `}`), outside strings and comments.
fn closing(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (line_start, line) in lines_at(text) {
        for (index, c) in outside_strings(split_comment(line).0) {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(line_start + index + 1);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// A line split into its code and its `//` comment (outside JSON strings).
fn split_comment(line: &str) -> (&str, Option<&str>) {
    match outside_strings(line).find(|&(index, c)| c == '/' && line[index..].starts_with("//")) {
        Some((index, _)) => (&line[..index], Some(line[index + 2..].trim())),
        None => (line, None),
    }
}

/// `sample` with every `//` comment (outside JSON strings) removed, line by line.
pub(super) fn without_comments(sample: &str) -> String {
    sample
        .lines()
        .map(|line| split_comment(line).0)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A sample cut off, closed where it stops: the unfinished last member dropped, a
/// trailing comma removed, and every open object and array closed.
fn close(code: &str) -> String {
    let mut lines: Vec<&str> = code.lines().collect();
    // The last line is unfinished unless it ends a member or opens/closes a block.
    if let Some(last) = lines.last() {
        let end = last.trim_end();
        if !(end.ends_with(',')
            || end.ends_with('{')
            || end.ends_with('[')
            || end.ends_with('}')
            || end.ends_with(']'))
        {
            lines.pop();
        }
    }
    let mut text = lines.join("\n");
    let mut open = Vec::new();
    for (_, c) in outside_strings(&text) {
        match c {
            '{' => open.push('}'),
            '[' => open.push(']'),
            '}' | ']' => {
                open.pop();
            }
            _ => {}
        }
    }
    let trimmed = text.trim_end().trim_end_matches(',').len();
    text.truncate(trimmed);
    while let Some(closer) = open.pop() {
        text.push('\n');
        text.push(closer);
    }
    text
}

/// The `//` comment after each member name (the first seen for a name), as its label.
fn comment_labels(sample: &str) -> std::collections::HashMap<String, String> {
    let mut labels = std::collections::HashMap::new();
    for line in sample.lines() {
        let (code, comment) = split_comment(line);
        let (Some(comment), Some(name)) = (comment, member_name(code)) else {
            continue;
        };
        if !comment.is_empty() {
            labels.entry(name).or_insert_with(|| comment.to_owned());
        }
    }
    labels
}

/// The member a line of JSON names: `"name": …`.
fn member_name(code: &str) -> Option<String> {
    let rest = code.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    rest[end + 1..]
        .trim_start()
        .starts_with(':')
        .then(|| rest[..end].to_owned())
}

/// The members of a JSON object with their types; nested objects keep their members.
pub(super) fn members(
    object: &Mapping,
    labels: &std::collections::HashMap<String, String>,
) -> Vec<FactField> {
    object
        .iter()
        .filter_map(|(name, value)| Some((name.as_str()?.to_owned(), value)))
        .map(|(name, value)| {
            let (ty, fields) = typed(value, labels);
            let label = labels.get(&name).map(|text| {
                let chinese = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                if chinese {
                    Label {
                        zh: Some(text.clone()),
                        en: None,
                    }
                } else {
                    Label {
                        zh: None,
                        en: Some(text.clone()),
                    }
                }
            });
            FactField {
                name,
                ty,
                required: None,
                label: label.unwrap_or_default(),
                values: Vec::new(),
                labels: Vec::new(),
                value: Default::default(),
                fields,
            }
        })
        .collect()
}

/// A JSON value's type in the spec's terms; `null` says nothing (`any`).
fn typed(
    value: &Value,
    labels: &std::collections::HashMap<String, String>,
) -> (TypeRef, Vec<FactField>) {
    match value {
        Value::Null | Value::Tagged(_) => (TypeRef::Any, Vec::new()),
        Value::Bool(_) => (TypeRef::Boolean, Vec::new()),
        Value::Number(number) if number.is_i64() || number.is_u64() => {
            (TypeRef::Integer, Vec::new())
        }
        Value::Number(_) => (TypeRef::Number, Vec::new()),
        Value::String(_) => (TypeRef::String, Vec::new()),
        Value::Mapping(object) => (TypeRef::Object, members(object, labels)),
        Value::Sequence(items) => {
            // Every item's members, for an array of objects; else the first item's type.
            let objects: Vec<&Mapping> = items.iter().filter_map(Value::as_mapping).collect();
            if !objects.is_empty() && objects.len() == items.len() {
                let mut merged = Mapping::new();
                for object in objects {
                    for (name, value) in object {
                        if !merged.contains_key(name) {
                            merged.insert(name.clone(), value.clone());
                        }
                    }
                }
                (
                    TypeRef::Array(Box::new(TypeRef::Object)),
                    members(&merged, labels),
                )
            } else {
                let inner = items
                    .first()
                    .map_or(TypeRef::Any, |item| typed(item, labels).0);
                (TypeRef::Array(Box::new(inner)), Vec::new())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_cut_off_is_closed_where_it_stops() {
        let page = "# widget_moved事件\n\n样例：\n{\n\"event_type\": \"widget_moved\",// 行为类型\n\"create_time\": 1700000000,\n\"extra_data\": {\n\"object_name\": \"widget\",// 对象code\n\"slots\": [1, 2],\n\"owner\": {\"id\": \"o1\"},\n\"note\": nu";
        assert!(looks_like_event_page(page));
        let facts = read("page.md", page).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(facts.title, "widget_moved事件");
        assert_eq!(facts.event_type.as_deref(), Some("widget_moved"));
        assert_eq!(facts.object_name.as_deref(), Some("widget"));
        assert_eq!(facts.notes.len(), 1, "{:?}", facts.notes);
        let names: Vec<&str> = facts
            .members
            .iter()
            .map(|field| field.name.as_str())
            .collect();
        assert_eq!(names, ["event_type", "create_time", "extra_data"]);
        let extra = &facts.members[2];
        let inner: Vec<(&str, String)> = extra
            .fields
            .iter()
            .map(|field| (field.name.as_str(), field.ty.to_string()))
            .collect();
        assert_eq!(
            inner,
            [
                ("object_name", "string".to_owned()),
                ("slots", "array<integer>".to_owned()),
                ("owner", "object".to_owned())
            ]
        );
        assert_eq!(facts.members[0].label.zh.as_deref(), Some("行为类型"));
    }

    #[test]
    fn a_fenced_sample_is_preferred_and_a_page_without_one_is_refused() {
        let page =
            "# 事件\n\n```json\n{\"event_type\": \"x\", \"url\": \"https://a.invalid//b\"}\n```\n";
        let facts = read("page.md", page).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(facts.event_type.as_deref(), Some("x"));
        assert_eq!(facts.members.len(), 2);
        assert!(read("empty.md", "# 事件\n\nno sample here\n").is_err());
        assert!(!looks_like_event_page("# 事件\n\n{\"a\": 1}\n"));
    }
}
