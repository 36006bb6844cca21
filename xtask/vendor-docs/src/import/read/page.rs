//! The text of a rendered apifox page, as a browser's "select all, copy" gives it: the
//! table of contents, a breadcrumb (`1. 客户管理(Account Management)`), the title, the
//! environments, method and path, the description with its limits sentence, then the
//! parameter sections (`Header 参数`, `Query 参数`, `Body 参数application/json`) and
//! `返回响应`, each a flat list of fields (name, type, 必需/可选, labels) and a JSON example.
//!
//! The flat lists do not show nesting; the JSON examples do, so each field is placed where
//! its name next appears in the example's members, depth first. A field the example does
//! not show is read at the top level and said so in the facts' notes.

use jing_spec::{ContentType, HttpMethod, Shape, TypeRef};
// The examples are read as YAML (JSON is YAML) so members keep the page's order.
use serde_yaml::Value;

use super::title::split_title;
use super::words::rate_limit_in;
use crate::import::error::ImportError;
use crate::import::facts::{
    FactBody, FactField, FactParam, FactResponse, Facts, Label, ValueFacts,
};

/// Section headings that end the description and start a list.
pub(super) const SECTIONS: &[&str] = &[
    "请求参数",
    "Header 参数",
    "Query 参数",
    "Path 参数",
    "Body 参数",
    "返回响应",
];

/// Whether `text` looks like a rendered page: a method line followed by a path.
pub(in crate::import) fn looks_like_page(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    method_line(&lines).is_some()
}

/// Where the method and path are: the index of the method line, the method, the path.
fn method_line(lines: &[&str]) -> Option<(usize, HttpMethod, String)> {
    lines.iter().enumerate().find_map(|(index, line)| {
        let name = line.trim();
        let method = super::words::method_named(name)
            .filter(|_| name.chars().all(|c| c.is_ascii_uppercase()))?;
        let path = lines
            .iter()
            .skip(index + 1)
            .take(3)
            .map(|line| line.trim())
            .find(|line| line.starts_with('/'))?;
        Some((index, method, path.to_owned()))
    })
}

/// The facts of the page.
pub(in crate::import) fn read(file: &str, text: &str) -> Result<Facts, ImportError> {
    let lines: Vec<&str> = text.lines().collect();
    let (method_index, method, path) = method_line(&lines)
        .ok_or_else(|| ImportError::new(file, "(file)", "no method line followed by a path"))?;
    let breadcrumb = (0..method_index)
        .rev()
        .find(|&index| is_breadcrumb(lines[index]));
    let title_index = breadcrumb.map_or(0, |index| index + 1);
    let title = lines[title_index..method_index]
        .iter()
        .map(|line| line.trim())
        .find(|line| !line.is_empty())
        .ok_or_else(|| {
            ImportError::new(
                file,
                &format!("line {}", method_index + 1),
                "no page title before the method",
            )
        })?;
    let (title_zh, title_en) = split_title(title);
    let mut facts = Facts::titled(title_zh);
    facts.title_en = title_en;
    facts.folder = breadcrumb.map(|index| breadcrumb_text(lines[index]));
    facts.method = Some(method);
    facts.path = Some(path.clone());

    let path_index = (method_index..lines.len())
        .find(|&index| lines[index].trim() == path)
        .unwrap_or(method_index);
    let sections = section_starts(&lines, path_index + 1);
    let description_end = sections.first().map_or(lines.len(), |(index, _)| *index);
    let description: Vec<&str> = lines[path_index + 1..description_end]
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .collect();
    let description = description.join("\n");
    facts.rate_limit = rate_limit_in(&description);
    facts.description = (!description.is_empty()).then_some(description);

    for (position, (start, heading)) in sections.iter().enumerate() {
        let end = sections
            .get(position + 1)
            .map_or(lines.len(), |(index, _)| *index);
        let body = &lines[start + 1..end];
        let place = format!("line {}", start + 1);
        match *heading {
            "Header 参数" => facts.headers = params(body),
            "Query 参数" => facts.query = params(body),
            "Path 参数" => facts.path_params = params(body),
            "Body 参数" => {
                let content_type = lines[*start].trim().trim_start_matches("Body 参数").trim();
                let content_type = super::media::body_content_type(content_type, &mut facts);
                facts.body = Some(self::body(
                    file,
                    &place,
                    body,
                    content_type,
                    &mut facts.notes,
                )?);
                facts.request_example = example(body).map(|(text, _)| text);
            }
            "返回响应" => {
                facts.response = response(file, &place, body, &mut facts.notes)?;
                facts.response_example = example(body).map(|(text, _)| text);
            }
            _ => {}
        }
    }
    facts.has_tables = sections
        .iter()
        .any(|(_, heading)| *heading != "请求参数" && *heading != "返回响应");
    Ok(facts)
}

/// `  1. 客户管理(Account Management)`.
fn is_breadcrumb(line: &str) -> bool {
    let trimmed = line.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && trimmed[digits..].starts_with(". ")
}

fn breadcrumb_text(line: &str) -> String {
    let trimmed = line.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    trimmed[digits + 2..].trim().to_owned()
}

/// The section headings after `from`, with their line index.
fn section_starts(lines: &[&str], from: usize) -> Vec<(usize, &'static str)> {
    (from..lines.len())
        .filter_map(|index| {
            let line = lines[index].trim();
            SECTIONS
                .iter()
                .find(|heading| {
                    line == **heading || (**heading == "Body 参数" && line.starts_with(*heading))
                })
                .map(|heading| (index, *heading))
        })
        .collect()
}

/// One entry of a flat list, before nesting.
struct Entry {
    name: String,
    ty: TypeRef,
    required: Option<bool>,
    label: Label,
    /// The example (`示例值`) and default (`默认值`) the page prints.
    value: ValueFacts,
}

/// A value the page prints as text, as its member's type reads it: a number, a boolean,
/// or the text itself.
fn typed_value(ty: &TypeRef, text: &str) -> serde_json::Value {
    let parsed = match ty {
        TypeRef::Integer | TypeRef::U64 | TypeRef::Number | TypeRef::Boolean => {
            serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .filter(|value| value.is_number() || value.is_boolean())
        }
        _ => None,
    };
    parsed.unwrap_or_else(|| serde_json::Value::String(text.to_owned()))
}

/// A type line: `string `, `integer`, `object`, `array[object]`, …
fn type_of(line: &str) -> Option<TypeRef> {
    // Pages print `array[object]` and `array [object]` alike.
    let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let line = line.as_str();
    if let Some(inner) = line
        .strip_prefix("array[")
        .and_then(|rest| rest.strip_suffix(']'))
    {
        return type_of(inner).map(|inner| TypeRef::Array(Box::new(inner)));
    }
    match line {
        "array" => Some(TypeRef::Array(Box::new(TypeRef::Any))),
        "object" => Some(TypeRef::Object),
        "null" | "any" => Some(TypeRef::Any),
        "string" | "integer" | "number" | "boolean" => line.parse().ok(),
        _ => None,
    }
}

fn is_name(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// The entries of a list: a name line followed by a type line starts each; the lines up to
/// the next entry (or the example) are its flags and labels.
fn entries(lines: &[&str]) -> Vec<Entry> {
    let end = lines
        .iter()
        .position(|line| line.trim() == "示例")
        .unwrap_or(lines.len());
    let lines = &lines[..end];
    // An entry takes two lines at least, so a type line is never the next entry's name.
    let mut starts: Vec<usize> = Vec::new();
    for index in 0..lines.len().saturating_sub(1) {
        let free = starts.last().is_none_or(|last| index >= last + 2);
        if free && is_name(lines[index]) && type_of(lines[index + 1]).is_some() {
            starts.push(index);
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(position, &start)| {
            let stop = starts.get(position + 1).copied().unwrap_or(lines.len());
            let mut entry = Entry {
                name: lines[start].trim().to_owned(),
                ty: type_of(lines[start + 1]).unwrap_or(TypeRef::Any),
                required: None,
                label: Label::default(),
                value: ValueFacts::default(),
            };
            // The value of a `默认值:` / `示例值:` line, on it or on the next line.
            let mut pending: Option<bool> = None;
            for line in &lines[start + 2..stop] {
                let line = line.trim();
                if let Some(is_default) = pending.take() {
                    let value = Some(typed_value(&entry.ty, line))
                        .filter(|value| !super::placeholder::is_variable(value));
                    if is_default {
                        entry.value.default = value;
                    } else {
                        entry.value.example = value;
                    }
                    continue;
                }
                if line.is_empty() {
                    continue;
                }
                match line {
                    "必需" => entry.required = Some(true),
                    "可选" => entry.required = Some(false),
                    _ if line.starts_with("默认值") || line.starts_with("示例值") => {
                        let is_default = line.starts_with("默认值");
                        let rest = line
                            .trim_start_matches("默认值")
                            .trim_start_matches("示例值")
                            .trim_start_matches([':', '：'])
                            .trim();
                        let value = Some(typed_value(&entry.ty, rest))
                            .filter(|value| !super::placeholder::is_variable(value));
                        if rest.is_empty() {
                            pending = Some(is_default);
                        } else if is_default {
                            entry.value.default = value;
                        } else {
                            entry.value.example = value;
                        }
                    }
                    _ if line.starts_with("(English)") => {
                        entry.label.en =
                            Some(line.trim_start_matches("(English)").trim().to_owned());
                    }
                    _ if entry.label.zh.is_none() && has_han(line) => {
                        entry.label.zh = Some(line.to_owned())
                    }
                    _ if entry.label.en.is_none() => entry.label.en = Some(line.to_owned()),
                    _ => {}
                }
            }
            entry
        })
        .collect()
}

fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn params(lines: &[&str]) -> Vec<FactParam> {
    entries(lines)
        .into_iter()
        .map(|entry| FactParam {
            name: entry.name,
            ty: entry.ty,
            required: entry.required,
            label: entry.label,
            values: Vec::new(),
            labels: Vec::new(),
            value: entry.value,
            secret: false,
        })
        .collect()
}

/// The JSON example after `示例`, as text and parsed.
fn example(lines: &[&str]) -> Option<(String, Value)> {
    let start = lines.iter().position(|line| line.trim() == "示例")? + 1;
    let mut text = String::new();
    for line in &lines[start..] {
        text.push_str(line);
        text.push('\n');
        let trimmed = text.trim();
        let closed = trimmed.ends_with('}') || trimmed.ends_with(']');
        if closed && serde_json::from_str::<serde_json::Value>(trimmed).is_ok() {
            let value = serde_yaml::from_str::<Value>(trimmed).ok()?;
            return Some((trimmed.to_owned(), value));
        }
    }
    None
}

fn body(
    file: &str,
    place: &str,
    lines: &[&str],
    content_type: ContentType,
    notes: &mut Vec<String>,
) -> Result<FactBody, ImportError> {
    let example = example(lines).map(|(_, value)| value);
    let shape = if matches!(example, Some(Value::Sequence(_))) {
        Shape::Array
    } else {
        Shape::Object
    };
    let fields = nest(file, place, entries(lines), example.as_ref(), notes)?;
    Ok(FactBody {
        shape,
        content_type,
        fields,
    })
}

fn response(
    file: &str,
    place: &str,
    lines: &[&str],
    notes: &mut Vec<String>,
) -> Result<Option<FactResponse>, ImportError> {
    let example = example(lines).map(|(_, value)| value);
    let fields = nest(file, place, entries(lines), example.as_ref(), notes)?;
    if fields.is_empty() {
        return Ok(None);
    }
    let is_envelope = ["code", "data"]
        .iter()
        .all(|member| fields.iter().any(|field| field.name == *member));
    if !is_envelope {
        notes.push(
            "the response is not the Jing envelope (request_id, code, msg, data); reported as is"
                .to_owned(),
        );
        return Ok(Some(FactResponse {
            ty: TypeRef::Object,
            fields,
        }));
    }
    Ok(fields
        .into_iter()
        .find(|field| field.name == "data")
        .map(|data| FactResponse {
            ty: data.ty,
            fields: data.fields,
        }))
}

/// Member paths of an example, depth first: `["data"]`, `["data", "jing_uuid"]`, …
fn member_paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Mapping(members) => {
            for (name, member) in members {
                let Some(name) = name.as_str() else {
                    continue;
                };
                prefix.push(name.to_owned());
                out.push(prefix.clone());
                member_paths(member, prefix, out);
                prefix.pop();
            }
        }
        Value::Sequence(items) => {
            if let Some(first) = items.first() {
                member_paths(first, prefix, out);
            }
        }
        _ => {}
    }
}

/// Places the flat entries in a tree, each where its name next appears in the example.
fn nest(
    file: &str,
    place: &str,
    entries: Vec<Entry>,
    example: Option<&Value>,
    notes: &mut Vec<String>,
) -> Result<Vec<FactField>, ImportError> {
    let mut paths = Vec::new();
    if let Some(example) = example {
        member_paths(example, &mut Vec::new(), &mut paths);
    }
    let mut cursor = 0;
    let mut placed: Vec<(Vec<String>, Entry)> = Vec::new();
    for entry in entries {
        let found = paths[cursor.min(paths.len())..]
            .iter()
            .position(|path| path.last() == Some(&entry.name));
        let path = match found {
            Some(offset) => {
                cursor += offset + 1;
                paths[cursor - 1].clone()
            }
            None => {
                notes.push(format!(
                    "`{}` ({place}): the example does not show where it nests; read at the top level",
                    entry.name
                ));
                vec![entry.name.clone()]
            }
        };
        placed.push((path, entry));
    }
    let tree = build(&placed, &[]);
    if tree.is_empty() && !placed.is_empty() {
        return Err(ImportError::new(
            file,
            place,
            "the fields could not be placed",
        ));
    }
    Ok(tree)
}

/// The fields directly under `parent`, each with its own children.
fn build(placed: &[(Vec<String>, Entry)], parent: &[String]) -> Vec<FactField> {
    placed
        .iter()
        .filter(|(path, _)| path.len() == parent.len() + 1 && path.starts_with(parent))
        .map(|(path, entry)| {
            let fields = build(placed, path);
            let ty = match (&entry.ty, fields.is_empty()) {
                (TypeRef::Array(item), false) if **item == TypeRef::Any => {
                    TypeRef::Array(Box::new(TypeRef::Object))
                }
                (TypeRef::Object, true) => TypeRef::Map(Box::new(TypeRef::Any)),
                (ty, _) => ty.clone(),
            };
            FactField {
                name: entry.name.clone(),
                ty,
                required: entry.required,
                label: entry.label.clone(),
                values: Vec::new(),
                labels: Vec::new(),
                value: entry.value.clone(),
                fields,
            }
        })
        .collect()
}
