//! `cargo xtask docs apply`: a filled sheet written back into the spec files, each member
//! replaced (or added) in place, so the rest of every file stays byte for byte as it was:
//! a doc or title as `doc: {zh: "…", en: "…"}` (the draft flag and the vendor's text go
//! with the old one), a method name as `call: NAME` (replacing the importer's
//! `call_draft`), a type name as the endpoint's `name` in snake_case (the importer's
//! `name_draft` goes), a vendor page as `doc_url: "…"`, how an answer outside the Jing
//! envelope is read as `answer: {…}` (replacing the importer's `answer_draft`; without a
//! data member, the members it says success with leave `response`, their rows moot), how
//! a call authenticates as `auth: none` or `auth: headers` (replacing the importer's
//! `auth_draft`).
//!
//! Every row is checked first (its key names an item of the spec, it is not repeated and
//! names no member another row names by another key (`endpoints[a]` and `endpoints[#0]`,
//! `endpoints[a]` and `endpoints[a].doc`), a doc has both languages, a method name passes
//! the validator's rule and is not taken in its group, a type name is one the generator
//! spells as written and no other endpoint of the spec has, an endpoint's English title is
//! not only a name (`jing_spec::quality`), an address is one, an answer reads as one and
//! names its members); one bad row and nothing is written. Each edited file is read back
//! and must equal the original with those members, and nothing else, changed.
//! Other decisions still open elsewhere do not matter: the files are edited as YAML.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::Context;
use serde_yaml::Value;

use super::edit::{Edit, Write, check, drop_moot, edit_text, own_members_out};
use super::row::{Row, item_name};
use crate::yaml::{join, node_at, segments, split_member};
use jing_spec::spec_files;

/// Writes the decisions of `rows` (from the sheet `sheet`, numbered) into the spec files of
/// `spec_dir`; returns the files written. Any bad row is an error naming `sheet:row`, and
/// then nothing is written.
pub fn apply(spec_dir: &Path, sheet: &str, rows: &[(usize, Row)]) -> anyhow::Result<Vec<String>> {
    let files: Vec<String> = spec_files(spec_dir)
        .with_context(|| format!("cannot read {}", spec_dir.display()))?
        .iter()
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_owned()))
        .collect();
    let mut plan = Plan::default();
    plan.rows(spec_dir, sheet, &files, rows)?;
    for (file, edits) in &plan.edits {
        let (_, value) = &plan.texts[file];
        plan.problems.extend(taken_names(value, edits));
    }
    let renames = plan
        .edits
        .values()
        .flatten()
        .any(|(_, edit)| matches!(edit.write, Write::Name(_)));
    if renames {
        let taken = taken_endpoint_names(spec_dir, &files, &plan.texts, &plan.edits)?;
        plan.problems.extend(taken);
    }
    if !plan.problems.is_empty() {
        let problems: Vec<String> = plan
            .problems
            .iter()
            .map(|(number, message)| format!("{sheet}:{number}: {message}"))
            .collect();
        anyhow::bail!(
            "{} bad row(s); nothing was written:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
    plan.write(spec_dir)
}

/// What the rows of a sheet would write: each spec file they name (its text and value),
/// the edits of each, and every bad row with why.
#[derive(Default)]
struct Plan {
    texts: BTreeMap<String, (String, Value)>,
    edits: BTreeMap<String, Vec<(usize, Edit)>>,
    problems: Vec<(usize, String)>,
}

impl Plan {
    /// Each row of the sheet `sheet` checked and turned into an edit of its file (read
    /// once); a row that names no member of the spec, or one another row names, is a
    /// problem.
    fn rows(
        &mut self,
        spec_dir: &Path,
        sheet: &str,
        files: &[String],
        rows: &[(usize, Row)],
    ) -> anyhow::Result<()> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        // Each member written, by file, positional item and member: two keys can name the
        // same one (`endpoints[a]` and `endpoints[#0]`; `endpoints[a]` and `endpoints[a].doc`).
        let mut members: HashMap<(String, String, String), (usize, &str)> = HashMap::new();
        for (number, row) in rows {
            let mut problem = |message: String| self.problems.push((*number, message));
            if let Some(first) = seen.insert(&row.key, *number) {
                problem(format!("the key `{}` is on row {first} already", row.key));
                continue;
            }
            let Some((file, path)) = row.key.split_once(": ") else {
                problem(format!("`{}` is not a key (`file: path`)", row.key));
                continue;
            };
            if !files.iter().any(|known| known == file) {
                problem(format!("`{file}` is not a file of the spec"));
                continue;
            }
            let value = self.value_of(spec_dir, file)?;
            let edit = match edit_of(value, path, row) {
                Ok(edit) => edit,
                Err(message) => {
                    self.problems.push((*number, message));
                    continue;
                }
            };
            let member = (file.to_owned(), edit.item.clone(), edit.member.clone());
            if let Some((first, key)) = members.get(&member) {
                let item = if edit.item.is_empty() {
                    "the top"
                } else {
                    edit.item.as_str()
                };
                let message = format!(
                    "`{}` names the same member as `{key}` on row {first} ({sheet}:{first}): \
                     `{}` of `{item}` in {file}",
                    row.key, edit.member,
                );
                self.problems.push((*number, message));
                continue;
            }
            members.insert(member, (*number, &row.key));
            let taken_out = match &edit.write {
                Write::Answer(answer) => own_members_out(value, &edit.item, answer),
                _ => Vec::new(),
            };
            let edits = self.edits.entry(file.to_owned()).or_default();
            edits.push((*number, edit));
            edits.extend(taken_out.into_iter().map(|edit| (*number, edit)));
        }
        // A row about a member that a confirmed answer takes out of the data is moot.
        for edits in self.edits.values_mut() {
            drop_moot(edits);
        }
        Ok(())
    }

    /// The value of the spec file `file`, read and parsed the first time it is named.
    fn value_of(&mut self, spec_dir: &Path, file: &str) -> anyhow::Result<&Value> {
        if !self.texts.contains_key(file) {
            let path = spec_dir.join(file);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let value: Value =
                serde_yaml::from_str(&text).with_context(|| format!("{file} does not parse"))?;
            self.texts.insert(file.to_owned(), (text, value));
        }
        Ok(&self.texts[file].1)
    }

    /// Every file edited (through the YAML editor) and read back, then those whose text
    /// changed written; the files written.
    fn write(&self, spec_dir: &Path) -> anyhow::Result<Vec<String>> {
        let mut outputs = Vec::new();
        for (file, edits) in &self.edits {
            let (text, value) = &self.texts[file];
            let edits: Vec<Edit> = edits.iter().map(|(_, edit)| edit.clone()).collect();
            let edited =
                edit_text(text, &edits).map_err(|message| anyhow::anyhow!("{file}: {message}"))?;
            check(value, &edited, &edits)
                .map_err(|message| anyhow::anyhow!("{file}: {message}"))?;
            if edited != *text {
                outputs.push((file.clone(), edited));
            }
        }
        let mut written = Vec::new();
        for (file, text) in outputs {
            let path = spec_dir.join(&file);
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            written.push(file);
        }
        Ok(written)
    }
}

/// What a row asks to write into the file whose YAML is `value`, at the by-name `path`:
/// an item (its doc) or a member of one (`doc`, `title`, `call`, `name`, `doc_url`,
/// `answer`, `auth`).
fn edit_of(value: &Value, path: &str, row: &Row) -> Result<Edit, String> {
    let (item, member) = if path.ends_with(']') {
        (path, "doc")
    } else {
        split_member(path)
    };
    let write = write_of(member, row)?;
    let item = resolve(value, item).ok_or_else(|| {
        format!(
            "`{}` names nothing in the spec (renamed or removed since the sheet was made?)",
            row.key
        )
    })?;
    let is_endpoint = item.starts_with("endpoints[") && !item.contains('.');
    match member {
        "call" if !is_endpoint => return Err("only an endpoint has a method name".to_owned()),
        "answer" if !is_endpoint => return Err("only an endpoint has `answer`".to_owned()),
        "auth" if !is_endpoint => return Err("only an endpoint has `auth`".to_owned()),
        "name" if !is_endpoint => {
            return Err("only an endpoint's type name is decided here".to_owned());
        }
        "title" if is_endpoint => {
            let path = node_at(value, &item)
                .and_then(|endpoint| endpoint.get("path"))
                .and_then(Value::as_str);
            if let Some(problem) = jing_spec::quality::title_problem(&row.en, path) {
                return Err(format!(
                    "{problem}: write the endpoint's English title in `en`"
                ));
            }
        }
        _ => {}
    }
    Ok(Edit {
        item,
        member: member.to_owned(),
        write,
    })
}

/// What a row writes as `member`, its cells checked by that member's rule.
fn write_of(member: &str, row: &Row) -> Result<Write, String> {
    Ok(match member {
        "doc" | "title" => {
            for (language, text) in [("zh", &row.zh), ("en", &row.en)] {
                if text.is_empty() {
                    return Err(format!("`{language}` is empty: a doc needs both languages"));
                }
            }
            Write::Doc {
                zh: row.zh.clone(),
                en: row.en.clone(),
            }
        }
        "call" => {
            let name = row.en.trim();
            if name.is_empty() {
                return Err("`en` is empty: write the method name there".to_owned());
            }
            if let Some(problem) = jing_spec::name_problem(name) {
                return Err(format!("the method name {problem}"));
            }
            Write::Call(name.to_owned())
        }
        "name" => Write::Name(endpoint_name(row.en.trim())?),
        "doc_url" => {
            let address = row.en.trim();
            let scheme = address.starts_with("https://") || address.starts_with("http://");
            if !scheme || address.contains(char::is_whitespace) {
                return Err(format!(
                    "`{address}` is not the address of a page (`https://…` in `en`)"
                ));
            }
            Write::Address(address.to_owned())
        }
        "answer" => {
            let text = row.en.trim();
            let answer: jing_spec::Answer = serde_yaml::from_str(text).map_err(|error| {
                format!("`{text}` is not an answer (`{{code: MEMBER, success: VALUE, message: MEMBER, data: MEMBER}}` in `en`): {error}")
            })?;
            if let Some((member, problem)) = answer.problems().into_iter().next() {
                return Err(format!("the answer's `{member}`: {problem}"));
            }
            Write::Answer(answer)
        }
        "auth" => {
            let text = row.en.trim();
            let mode = [jing_spec::AuthMode::None, jing_spec::AuthMode::Headers]
                .into_iter()
                .find(|mode| mode.as_str() == text)
                .ok_or_else(|| {
                    format!("`{text}` is not how a call authenticates (`none`: the caller passes the page's own credential; `headers`: the client sends Jing's auth headers)")
                })?;
            Write::Auth(mode)
        }
        other => {
            return Err(format!(
                "`{other}` is not something the sheet writes (a doc, `title`, `call`, `name`, `doc_url`, `answer` or `auth`)"
            ));
        }
    })
}

/// Endpoint names the edits would give twice in the spec (the validator's rule: an
/// endpoint's name is unique across the group files), each with its row. Every group file
/// is read for its names; the files of the sheet are already parsed.
fn taken_endpoint_names(
    spec_dir: &Path,
    files: &[String],
    texts: &BTreeMap<String, (String, Value)>,
    edits: &BTreeMap<String, Vec<(usize, Edit)>>,
) -> anyhow::Result<Vec<(usize, String)>> {
    let renamed: HashMap<(&str, &str), (usize, &str)> = edits
        .iter()
        .flat_map(|(file, edits)| {
            edits
                .iter()
                .filter_map(move |(number, edit)| match &edit.write {
                    Write::Name(name) => Some((
                        (file.as_str(), edit.item.as_str()),
                        (*number, name.as_str()),
                    )),
                    _ => None,
                })
        })
        .collect();
    // Each name, where it is first, and that endpoint's row when the sheet renames it.
    let mut owners: HashMap<String, (String, Option<usize>)> = HashMap::new();
    let mut problems = Vec::new();
    let groups = files
        .iter()
        .filter(|file| ![jing_spec::API_FILE, jing_spec::WEBHOOKS_FILE].contains(&file.as_str()));
    for file in groups {
        let read;
        let value = match texts.get(file) {
            Some((_, value)) => value,
            None => {
                let path = spec_dir.join(file);
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                read = serde_yaml::from_str::<Value>(&text)
                    .with_context(|| format!("{file} does not parse"))?;
                &read
            }
        };
        let endpoints = value.get("endpoints").and_then(Value::as_sequence);
        for (index, endpoint) in endpoints.into_iter().flatten().enumerate() {
            let at = format!("endpoints[{index}]");
            let (row, name) = match renamed.get(&(file.as_str(), at.as_str())) {
                Some((number, name)) => (Some(*number), (*name).to_owned()),
                None => match endpoint.get("name").and_then(Value::as_str) {
                    Some(name) => (None, name.to_owned()),
                    None => continue,
                },
            };
            let here = format!("{file}: {at}");
            match (owners.get(&name), row) {
                (Some((owner, _)), Some(number)) => problems.push((
                    number,
                    format!("the endpoint name `{name}` is taken by {owner}"),
                )),
                (Some((_, Some(number))), None) => problems.push((
                    *number,
                    format!("the endpoint name `{name}` is taken by {here}"),
                )),
                (Some((_, None)), None) => {}
                (None, _) => {
                    owners.insert(name, (here, row));
                }
            }
        }
    }
    Ok(problems)
}

/// The endpoint name a type-name cell gives: the type name in PascalCase (`CreatePayment`,
/// written back as `create_payment`) or the snake_case name itself; one the generator would
/// spell otherwise, or the validator would refuse, is an error saying so.
fn endpoint_name(cell: &str) -> Result<String, String> {
    use jing_spec::names;
    if cell.is_empty() {
        return Err("`en` is empty: write the type name there (`CreatePayment`)".to_owned());
    }
    let name = if names::is_snake_identifier(cell) {
        cell.to_owned()
    } else if names::is_pascal_identifier(cell) {
        let name = names::field_name(cell);
        let generated = names::type_name(&name);
        if generated != cell {
            return Err(format!(
                "the type name `{cell}` would be generated as `{generated}`: write `{generated}`"
            ));
        }
        name
    } else {
        return Err(format!(
            "`{cell}` is not a type name (PascalCase, `CreatePayment`) nor an endpoint name (snake_case)"
        ));
    };
    match jing_spec::name_problem(&name) {
        Some(problem) => Err(format!("the endpoint name {problem}")),
        None => Ok(name),
    }
}

/// Method names the edits of one file would give twice in their group (the validator's
/// rule: distinct as Rust names), each with its row.
fn taken_names(value: &Value, edits: &[(usize, Edit)]) -> Vec<(usize, String)> {
    let endpoints = value
        .get("endpoints")
        .and_then(Value::as_sequence)
        .map_or(&[][..], Vec::as_slice);
    let new: HashMap<&str, (usize, &str)> = edits
        .iter()
        .filter_map(|(number, edit)| match &edit.write {
            Write::Call(name) => Some((edit.item.as_str(), (*number, name.as_str()))),
            _ => None,
        })
        .collect();
    // Each Rust name, the endpoint that has it first, and that endpoint's row if edited.
    let mut first: HashMap<String, (String, Option<usize>)> = HashMap::new();
    let mut problems = Vec::new();
    for (index, endpoint) in endpoints.iter().enumerate() {
        let at = format!("endpoints[{index}]");
        let (row, name) = match new.get(at.as_str()) {
            Some((number, name)) => (Some(*number), (*name).to_owned()),
            None => match endpoint.get("call").and_then(Value::as_str) {
                Some(name) => (None, name.to_owned()),
                None => continue,
            },
        };
        let endpoint_name = item_name(endpoint).unwrap_or(at);
        let rust = jing_spec::names::field_name(&name);
        match first.get(&rust) {
            Some((owner, first_row)) => {
                let (number, other) = match (row, first_row) {
                    (Some(number), _) => (number, owner.clone()),
                    (None, Some(number)) => (*number, endpoint_name),
                    (None, None) => continue,
                };
                problems.push((
                    number,
                    format!("the method name `{name}` is taken by `{other}` in its group"),
                ));
            }
            None => {
                first.insert(rust, (endpoint_name, row));
            }
        }
    }
    problems
}

/// The positional path of the item a by-name path names (`endpoints[x].body.fields[y]`
/// gives `endpoints[3].body.fields[1]`; `[#3]` is a position already), if the file has it.
fn resolve(value: &Value, path: &str) -> Option<String> {
    let mut node = value;
    let mut position = String::new();
    for segment in segments(path) {
        let (key, name) = match segment.split_once('[') {
            Some((key, rest)) => (key, Some(rest.strip_suffix(']')?)),
            None => (segment, None),
        };
        node = node.get(key)?;
        position = join(&position, key);
        if let Some(name) = name {
            let items = node.as_sequence()?;
            let index = match name.strip_prefix('#').and_then(|at| at.parse().ok()) {
                Some(index) if index < items.len() => index,
                _ => items
                    .iter()
                    .position(|item| item_name(item).as_deref() == Some(name))?,
            };
            node = &items[index];
            position.push_str(&format!("[{index}]"));
        }
    }
    node.as_mapping().map(|_| position)
}
