//! A block node rewritten from the value it holds to the value wanted, in as few lines as
//! can be: given the lines of a node as the file has them, the lines of every key (and
//! list item) whose value stays are kept byte for byte, comments and style included; a
//! changed key is edited inside when both values are block mappings or lists, a changed
//! scalar is replaced where it stands (in the spec's style; the comment after it stays),
//! and anything
//! else is written anew in the spec's style (`style.rs`), on one line when it was on one
//! line. Keys new to the node go where the wanted order puts them; items are matched by
//! `name`, else by value. The callers read the result back and compare it with the wanted
//! value, so a text this cannot follow falls back to writing the node whole.

use serde_yaml::{Mapping, Value};

use super::span::{Span, content_end, item_spans, key_spans, plain_key};
use super::style;
use super::text::{Context, indent_of, is_blank, scalar_len};

/// The text of `new`, a block mapping at `indent`, from `lines` (which hold `old`).
/// `order` places keys new to the mapping.
pub(crate) fn mapping(
    lines: &[&str],
    indent: usize,
    old: &Mapping,
    new: &Mapping,
    order: &[&str],
) -> Option<String> {
    let spans = key_spans(lines, indent)?;
    let mut out = String::new();
    for key in placed_keys(&spans, new, order) {
        let value = &new[key.as_str()];
        let Some(span) = spans.iter().find(|span| span.key == key) else {
            out.push_str(&style::key_value(&key, value, indent));
            continue;
        };
        if old.get(key.as_str()) == Some(value) {
            out.push_str(&lines[span.lead..span.to].concat());
            continue;
        }
        let end = content_end(lines, span.line, span.to);
        let old_value = old.get(key.as_str()).unwrap_or(&Value::Null);
        out.push_str(&lines[span.lead..span.line].concat());
        out.push_str(&key_text(
            &lines[span.line..end],
            indent,
            &key,
            old_value,
            value,
        )?);
        out.push_str(&lines[end..span.to].concat());
    }
    Some(out)
}

/// The keys of `new` in the order to write them: the text's keys where they are, each new
/// key after the last key `order` (else `new` itself) puts before it.
fn placed_keys(spans: &[Span], new: &Mapping, order: &[&str]) -> Vec<String> {
    // Without an order of its own, a mapping's new keys go where the wanted value has them.
    let own: Vec<&str> = new.keys().filter_map(Value::as_str).collect();
    let order = if order.is_empty() { &own[..] } else { order };
    let rank = |key: &str| {
        order
            .iter()
            .position(|known| *known == key)
            .unwrap_or(order.len())
    };
    let mut keys: Vec<String> = spans
        .iter()
        .map(|span| span.key.clone())
        .filter(|key| new.contains_key(key.as_str()))
        .collect();
    for key in new.keys().filter_map(Value::as_str) {
        if keys.iter().any(|known| known == key) {
            continue;
        }
        let at = keys
            .iter()
            .rposition(|known| rank(known) <= rank(key))
            .map_or(0, |at| at + 1);
        keys.insert(at, key.to_owned());
    }
    keys
}

/// The lines of one changed key (`lines`: its own, blank lines after it left out).
fn key_text(lines: &[&str], indent: usize, key: &str, old: &Value, new: &Value) -> Option<String> {
    let first = lines.first()?;
    let after_key = first.get(indent + key.len() + 1..)?;
    let inline = after_key.trim_start_matches([' ', '\t']);
    let value_text = inline.split(" #").next().unwrap_or_default().trim();
    if value_text.starts_with('{') || value_text.starts_with('[') {
        let pad = " ".repeat(indent);
        return Some(format!("{pad}{key}: {}\n", style::flow(new)));
    }
    let children = &lines[1..];
    let child_indent = children
        .iter()
        .find(|line| !is_blank(line))
        .map(|line| indent_of(line));
    match (value_text.is_empty(), child_indent, old, new) {
        (true, Some(child), Value::Mapping(old), Value::Mapping(new))
            if child > indent && !new.is_empty() =>
        {
            let body = mapping(children, child, old, new, &[])?;
            Some(format!("{first}{body}"))
        }
        (true, Some(child), Value::Sequence(old), Value::Sequence(new)) if !new.is_empty() => {
            let items = sequence(children, child, old, new)?;
            Some(format!("{first}{items}"))
        }
        (false, None, _, _) if is_scalar(old) && is_scalar(new) => {
            let start = first.len() - inline.len();
            Some(
                scalar_in_place(first, start, new)
                    .unwrap_or_else(|| style::key_value(key, new, indent)),
            )
        }
        _ => Some(style::key_value(key, new, indent)),
    }
}

/// Whether a value is written as one scalar (a text on one line, a number, a flag).
fn is_scalar(value: &Value) -> bool {
    match value {
        Value::String(text) => !text.contains('\n'),
        Value::Number(_) | Value::Bool(_) => true,
        _ => false,
    }
}

/// The line with the scalar that starts at `start` replaced by `new`, written as the
/// spec writes scalars (plain unless it must be quoted); the rest of the line (a comment)
/// stays.
fn scalar_in_place(line: &str, start: usize, new: &Value) -> Option<String> {
    let rest = &line[start..];
    let len = scalar_len(rest, Context::Block)?;
    let replaced = style::scalar(new);
    Some(format!("{}{replaced}{}", &line[..start], &rest[len..]))
}

/// The text of the block list `new` whose items sit at `indent` in `lines` (which hold
/// `old`): items matched by `name` (else by value) keep or edit their lines.
fn sequence(lines: &[&str], indent: usize, old: &[Value], new: &[Value]) -> Option<String> {
    let spans = item_spans(lines, indent);
    if spans.len() != old.len() {
        return None;
    }
    let mut out = String::new();
    let mut used = vec![false; old.len()];
    for item in new {
        let Some(index) = counterpart(old, item, &used) else {
            out.push_str(&style::list_item(item, indent));
            continue;
        };
        used[index] = true;
        let span = &spans[index];
        if old[index] == *item {
            out.push_str(&lines[span.lead..span.to].concat());
            continue;
        }
        let end = content_end(lines, span.line, span.to);
        out.push_str(&lines[span.lead..span.line].concat());
        out.push_str(&self::item(
            &lines[span.line..end],
            indent,
            &old[index],
            item,
            &[],
        )?);
        out.push_str(&lines[end..span.to].concat());
    }
    Some(out)
}

/// The old item `item` stands for: the one of the same `name`, else an equal one.
fn counterpart(old: &[Value], item: &Value, used: &[bool]) -> Option<usize> {
    let name = |value: &Value| value.get("name").and_then(Value::as_str).map(str::to_owned);
    let free = |index: &usize| !used[*index];
    match name(item) {
        Some(wanted) => (0..old.len())
            .filter(free)
            .find(|&index| name(&old[index]).as_deref() == Some(&wanted)),
        None => (0..old.len())
            .filter(free)
            .find(|&index| old[index] == *item),
    }
}

/// The text of list item `new` at `indent` from its `lines` (which hold `old`; its first
/// line is the `- ` one, blank lines after it left out); `order` places keys new to it. A
/// block mapping item (`- key: …`) is edited inside, a flow one written again on one
/// line, anything else written anew.
pub(crate) fn item(
    lines: &[&str],
    indent: usize,
    old: &Value,
    new: &Value,
    order: &[&str],
) -> Option<String> {
    let first = lines.first()?;
    let rest = first.get(indent + 2..)?;
    let block = plain_key(rest).is_some();
    match (old, new) {
        (Value::Mapping(old), Value::Mapping(new)) if block => {
            let shifted_first = format!("{}{rest}", " ".repeat(indent + 2));
            let shifted: Vec<&str> = std::iter::once(shifted_first.as_str())
                .chain(lines[1..].iter().copied())
                .collect();
            let body = mapping(&shifted, indent + 2, old, new, order)?;
            let tail = body.get(indent + 2..)?;
            Some(format!("{}- {tail}", " ".repeat(indent)))
        }
        _ if rest.starts_with(['{', '[']) => {
            Some(format!("{}- {}\n", " ".repeat(indent), style::flow(new)))
        }
        _ => Some(style::list_item(new, indent)),
    }
}

/// Whether `text`, one list item, reads back as `value`.
pub(crate) fn reads_back_as(text: &str, value: &Value) -> bool {
    let indent = text.len() - text.trim_start().len();
    let unindented: String = text
        .split_inclusive('\n')
        .map(|line| line.get(indent..).unwrap_or("\n"))
        .collect();
    serde_yaml::from_str::<Vec<Value>>(&unindented)
        .is_ok_and(|items| items.len() == 1 && items[0] == *value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        text.split_inclusive('\n').collect()
    }

    fn patched(text: &str, edit: impl FnOnce(&mut Value)) -> String {
        let old: Value = serde_yaml::from_str(text).unwrap_or_default();
        let mut new = old.clone();
        edit(&mut new);
        let (Value::Mapping(old_map), Value::Mapping(new_map)) = (&old, &new) else {
            panic!("mappings");
        };
        let out = mapping(
            &lines(text),
            0,
            old_map,
            new_map,
            &["name", "title", "status", "path"],
        )
        .unwrap_or_else(|| panic!("patchable: {text}"));
        let back: Value =
            serde_yaml::from_str(&out).unwrap_or_else(|error| panic!("{error}\n{out}"));
        assert_eq!(back, new, "{out}");
        out
    }

    const ENTRY: &str = "name: a # ours\ntitle: {zh: \"部件\", en: \"Widget\"}\n\n# the route\npath: /v1/a\nfields:\n  - name: x\n    type: string\n    doc: {zh: \"甲\", en: \"X\"}\n  # kept\n  - name: y\n    type: integer\nnotes:\n- one\n";

    #[test]
    fn an_equal_value_keeps_every_byte() {
        assert_eq!(patched(ENTRY, |_| {}), ENTRY);
    }

    #[test]
    fn only_the_lines_of_what_changed_change() {
        let flow = ENTRY.replace(
            "  - name: x\n    type: string\n    doc: {zh: \"甲\", en: \"X\"}\n",
            "  - {name: x, type: string, doc: {zh: \"甲\", en: \"X\"}}\n",
        );
        let out = patched(&flow, |value| value["fields"][0]["type"] = "integer".into());
        assert_eq!(
            out,
            flow.replace("x, type: string", "x, type: integer"),
            "flow stays flow"
        );
        let out = patched(ENTRY, |value| {
            value["fields"][1]["type"] = "string".into();
            value["title"]["en"] = "Part".into();
        });
        assert_eq!(
            out,
            ENTRY
                .replace("type: integer", "type: string")
                .replace("en: \"Widget\"", "en: \"Part\"")
        );
    }

    #[test]
    fn a_changed_scalar_is_replaced_where_it_stands_and_its_comment_stays() {
        let out = patched(ENTRY, |value| value["name"] = "b".into());
        assert_eq!(out, ENTRY.replace("name: a # ours", "name: b # ours"));
        let quoted = "path: \"/v1/a\"  # the route\nlimit: 3\n";
        let out = patched(quoted, |value| {
            value["path"] = "/v1/b".into();
            value["limit"] = 4.into();
        });
        assert_eq!(out, "path: /v1/b  # the route\nlimit: 4\n");
    }

    #[test]
    fn new_keys_and_items_go_in_order_and_removed_ones_go() {
        let out = patched(ENTRY, |value| {
            let map = value.as_mapping_mut().unwrap_or_else(|| panic!("map"));
            map.insert("status".into(), "documented".into());
            map.remove("notes");
            let fields = value["fields"]
                .as_sequence_mut()
                .unwrap_or_else(|| panic!("list"));
            fields.remove(0);
            fields.push(serde_yaml::from_str("{name: z, type: boolean}").unwrap_or_default());
        });
        assert!(
            out.contains(
                "title: {zh: \"部件\", en: \"Widget\"}\nstatus: documented\n\n# the route\n"
            ),
            "{out}"
        );
        assert!(out.contains("fields:\n  # kept\n  - name: y\n    type: integer\n  - name: z\n    type: boolean\n"), "{out}");
        assert!(!out.contains("notes"), "{out}");
    }

    /// `entry` edited one of four ways: a title, a doc for a proposed name, limits, the
    /// headers reversed and one fewer with another status.
    fn edited(entry: &Value, edit: usize) -> Value {
        let mut new = entry.clone();
        let Some(map) = new.as_mapping_mut() else {
            return new;
        };
        let value = |text: &str| serde_yaml::from_str::<Value>(text).unwrap_or_default();
        match edit {
            0 => {
                map.insert("title".into(), value("{zh: 新, en: New}"));
            }
            1 => {
                map.remove("doc");
                map.insert("call_draft".into(), "x".into());
            }
            2 => {
                map.insert("rate_limit".into(), value("{per_second: 3}"));
            }
            _ => {
                if let Some(Value::Sequence(headers)) = map.get_mut("headers") {
                    headers.reverse();
                    headers.pop();
                }
                map.insert("status".into(), "partial".into());
            }
        }
        new
    }

    /// Every entry of every group file of the repository's specs, edited a few ways, patches
    /// to text that reads back as the edit, and keeps the lines of the keys not edited.
    #[test]
    fn every_entry_of_the_specs_patches_exactly() {
        // The folder cargo runs the test for (set at run time too), so a binary built in
        // another copy of the repository reads this one.
        let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
            || env!("CARGO_MANIFEST_DIR").into(),
            std::path::PathBuf::from,
        );
        let root = manifest
            .ancestors()
            .find(|dir| dir.join("jing-spec").is_dir())
            .unwrap_or(&manifest)
            .to_path_buf();
        let mut patched_entries = 0;
        for dir in ["jing-spec/api", "tests/fixtures/spec"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let document: Value = serde_yaml::from_str(&text).unwrap_or_default();
                let Some(entries) = document.get("endpoints").and_then(Value::as_sequence) else {
                    continue;
                };
                let whole = super::super::text::Text::new(&text);
                let lines = whole.lines();
                let list = whole.list(0, lines.len(), "endpoints", 0);
                let Some(list) = list else { continue };
                for (index, entry) in entries.iter().enumerate() {
                    let Some((from, to)) = list.item(lines, index) else {
                        continue;
                    };
                    let entry_lines = &lines[from..to];
                    for edit in 0..4 {
                        let new = edited(entry, edit);
                        let out = item(entry_lines, list.indent, entry, &new, &[])
                            .unwrap_or_else(|| panic!("{}: entry {index} patches", path.display()));
                        assert!(
                            reads_back_as(&out, &new),
                            "{}: entry {index}, edit {edit}:\n{out}",
                            path.display()
                        );
                        if let Some(name_line) = entry_lines
                            .iter()
                            .find(|line| line.trim_start().starts_with("- name:"))
                        {
                            assert!(out.contains(*name_line), "the name line stays:\n{out}");
                        }
                        patched_entries += 1;
                    }
                }
            }
        }
        assert!(
            patched_entries > 100,
            "{patched_entries} entries patched under {}",
            root.display()
        );
    }
}
