//! `cargo xtask docs apply`: a filled sheet written back into the spec files, each doc
//! replaced (or added) in place as `doc: {zh: "…", en: "…"}`, so the rest of every file
//! stays byte for byte as it was; the draft flag and the vendor's text go with the old doc.
//!
//! Every row is checked first (its key names an item of the spec, it is not repeated,
//! both languages are filled); one bad row and nothing is written. Each edited file is
//! read back and must equal the original with those docs, and nothing else, changed.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::Context;
use serde_yaml::{Mapping, Value};

use super::{Row, item_name, spec_files};

/// One doc to write: where the item is, and the text.
struct Edit {
    /// The item's key path by position (`endpoints[3].body.fields[1]`).
    path: String,
    zh: String,
    en: String,
}

/// Writes the docs of `rows` (from the sheet `sheet`, numbered) into the spec files of
/// `spec_dir`; returns the files written. Any bad row is an error naming `sheet:row`, and
/// then nothing is written.
pub fn apply(spec_dir: &Path, sheet: &str, rows: &[(usize, Row)]) -> anyhow::Result<Vec<String>> {
    let files: Vec<String> = spec_files(spec_dir)?
        .iter()
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_owned()))
        .collect();
    let mut texts: BTreeMap<String, (String, Value)> = BTreeMap::new();
    let mut edits: BTreeMap<String, Vec<Edit>> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (number, row) in rows {
        let mut problem = |message: String| problems.push(format!("{sheet}:{number}: {message}"));
        if let Some(first) = seen.insert(&row.key, *number) {
            problem(format!("the key `{}` is on row {first} already", row.key));
            continue;
        }
        for (language, text) in [("zh", &row.zh), ("en", &row.en)] {
            if text.is_empty() {
                problem(format!("`{language}` is empty: a doc needs both languages"));
            }
        }
        let Some((file, path)) = row.key.split_once(": ") else {
            problem(format!("`{}` is not a key (`file: path`)", row.key));
            continue;
        };
        if !files.iter().any(|known| known == file) {
            problem(format!("`{file}` is not a file of the spec"));
            continue;
        }
        let (_, value) = match texts.get(file) {
            Some(loaded) => loaded,
            None => {
                let text = std::fs::read_to_string(spec_dir.join(file))
                    .with_context(|| format!("cannot read {file}"))?;
                let value: Value = serde_yaml::from_str(&text)
                    .with_context(|| format!("{file} does not parse"))?;
                texts.entry(file.to_owned()).or_insert((text, value))
            }
        };
        match resolve(value, path) {
            Some(position) => edits.entry(file.to_owned()).or_default().push(Edit {
                path: position,
                zh: row.zh.clone(),
                en: row.en.clone(),
            }),
            None => problem(format!(
                "`{}` names nothing in the spec (renamed or removed since the sheet was made?)",
                row.key
            )),
        }
    }
    if !problems.is_empty() {
        anyhow::bail!(
            "{} bad row(s); nothing was written:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
    let mut written = Vec::new();
    let mut outputs = Vec::new();
    for (file, edits) in &edits {
        let (text, value) = &texts[file];
        let edited =
            edit_text(text, edits).map_err(|message| anyhow::anyhow!("{file}: {message}"))?;
        check(value, &edited, edits).map_err(|message| anyhow::anyhow!("{file}: {message}"))?;
        if edited != *text {
            outputs.push((file.clone(), edited));
        }
    }
    for (file, text) in outputs {
        std::fs::write(spec_dir.join(&file), text)
            .with_context(|| format!("cannot write {file}"))?;
        written.push(file);
    }
    Ok(written)
}

/// The positional key path of the item a by-name path names (`endpoints[x].body.fields[y]`
/// gives `endpoints[3].body.fields[1]`), if the spec has it.
fn resolve(value: &Value, path: &str) -> Option<String> {
    let mut node = value;
    let mut position = String::new();
    for segment in segments(path) {
        let (key, name) = match segment.split_once('[') {
            Some((key, rest)) => (key, Some(rest.strip_suffix(']')?)),
            None => (segment, None),
        };
        node = node.get(key)?;
        if !position.is_empty() {
            position.push('.');
        }
        position.push_str(key);
        if let Some(name) = name {
            let items = node.as_sequence()?;
            let index = items
                .iter()
                .position(|item| item_name(item).as_deref() == Some(name))?;
            node = &items[index];
            position.push_str(&format!("[{index}]"));
        }
    }
    node.as_mapping().map(|_| position)
}

/// The segments of a path: dots split it, except inside brackets.
fn segments(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (index, c) in path.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                out.push(&path[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    out.push(&path[start..]);
    out
}

/// `{zh: "…", en: "…"}`: JSON strings are valid YAML double-quoted scalars.
fn flow_doc(zh: &str, en: &str) -> String {
    let quote = |text: &str| serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned());
    format!("{{zh: {}, en: {}}}", quote(zh), quote(en))
}

/// The byte offset of (line, column), both from 1, the column counted in characters.
fn offset(text: &str, line_starts: &[usize], (line, column): (usize, usize)) -> Option<usize> {
    let start = *line_starts.get(line.checked_sub(1)?)?;
    let rest = &text[start..];
    let within = rest
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map_or(rest.len(), |(at, _)| at);
    Some(start + within)
}

/// Where the flow collection opening at `open` closes (the offset of its closing bracket).
fn matching(text: &str, open: usize) -> Option<usize> {
    let (mut depth, mut quote): (usize, Option<char>) = (0, None);
    let mut escaped = false;
    for (index, c) in text[open..].char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some('"'), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + index);
                }
            }
            _ => {}
        }
    }
    None
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_blank(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// The end (offset, before its line break) of the block that follows the line holding
/// `from`: the next lines indented deeper than `indent`.
fn block_end(text: &str, from: usize, indent: usize) -> usize {
    let line_end = text[from..].find('\n').map_or(text.len(), |at| from + at);
    let mut end = line_end;
    let mut at = line_end;
    while at < text.len() {
        let next_start = at + 1;
        let next_end = text[next_start..]
            .find('\n')
            .map_or(text.len(), |offset| next_start + offset);
        let line = &text[next_start.min(text.len())..next_end];
        if !is_blank(line) {
            if indent_of(line) <= indent {
                break;
            }
            end = next_end;
        }
        at = next_end;
    }
    end
}

/// The text with every edit made, from the end backwards so offsets stay right.
fn edit_text(text: &str, edits: &[Edit]) -> Result<String, String> {
    let positions = jing_spec::key_positions(text);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let at = |key: &str| {
        positions
            .get(key)
            .and_then(|position| offset(text, &line_starts, *position))
    };
    let mut changes: Vec<(usize, usize, String)> = Vec::new();
    for edit in edits {
        let doc = flow_doc(&edit.zh, &edit.en);
        if let Some(key) = at(&format!("{}.doc", edit.path)) {
            let colon = key + text[key..].find(':').ok_or("a `doc` key without a colon")?;
            let after = &text[colon + 1..];
            let value = colon + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len());
            if text[value..].starts_with('{') {
                let close = matching(text, value).ok_or("a `doc` mapping that does not close")?;
                changes.push((value, close + 1, doc));
            } else {
                let line_start = text[..key].rfind('\n').map_or(0, |at| at + 1);
                let indent = key - line_start;
                changes.push((colon + 1, block_end(text, key, indent), format!(" {doc}")));
            }
            continue;
        }
        let item = at(&edit.path).ok_or("an item of the sheet has no place in the text")?;
        let line_start = text[..item].rfind('\n').map_or(0, |at| at + 1);
        let before = text[line_start..item].trim_end_matches([' ', '\t']);
        if before.ends_with('{') {
            let open = line_start + before.len() - 1;
            let close = matching(text, open).ok_or("an item mapping that does not close")?;
            changes.push((close, close, format!(", doc: {doc}")));
        } else {
            // A block item: the new key goes after its last line, at its keys' indent.
            let indent = text[line_start..item].chars().count();
            let end = block_end(text, item, indent.saturating_sub(1));
            let line = format!("\n{}doc: {doc}", " ".repeat(indent));
            changes.push((end, end, line));
        }
    }
    changes.sort_by_key(|(from, ..)| std::cmp::Reverse(*from));
    let mut out = text.to_owned();
    for (from, to, replacement) in changes {
        out.replace_range(from..to, &replacement);
    }
    Ok(out)
}

/// The edited text must read as the original with only those docs replaced.
fn check(original: &Value, edited: &str, edits: &[Edit]) -> Result<(), String> {
    let reread: Value = serde_yaml::from_str(edited)
        .map_err(|error| format!("the edited file does not parse: {error}"))?;
    let mut expected = original.clone();
    for edit in edits {
        let item = locate_mut(&mut expected, &edit.path).ok_or("an edited item is gone")?;
        let mut doc = Mapping::new();
        doc.insert("zh".into(), edit.zh.clone().into());
        doc.insert("en".into(), edit.en.clone().into());
        item.insert("doc".into(), Value::Mapping(doc));
    }
    if reread == expected {
        Ok(())
    } else {
        Err("the edited file does not read back as the original with the new docs".to_owned())
    }
}

/// The mapping at a positional key path.
fn locate_mut<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Mapping> {
    let mut node = value;
    for segment in segments(path) {
        let (key, index) = match segment.split_once('[') {
            Some((key, rest)) => (key, Some(rest.strip_suffix(']')?.parse::<usize>().ok()?)),
            None => (segment, None),
        };
        node = node.get_mut(key)?;
        if let Some(index) = index {
            node = node.get_mut(index)?;
        }
    }
    node.as_mapping_mut()
}
