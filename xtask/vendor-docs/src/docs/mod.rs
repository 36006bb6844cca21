//! `cargo xtask docs`: every doc of the spec that still needs our words, as one sheet to
//! fill in a spreadsheet (`todo`), and the filled sheet written back (`apply`).
//!
//! The spec files are read as YAML values, not through the validator (a spec with drafts
//! does not validate, and that is when the sheet is needed). A doc is open when it is a
//! draft, when a language is empty, or when it is missing where one is required (members,
//! parameters, typed endpoints, transcribed events, payload shapes). Rows are keyed by
//! names, not positions (`14-customer.yaml: endpoints[create_customer].body.fields[mobile]`),
//! so a key stays right while the files are edited.

mod apply;
mod sheet;

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_yaml::{Mapping, Value};

pub use apply::apply;
pub use sheet::{SheetFormat, read_sheet, write_sheet};

/// One doc that needs our words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `file: path`, by names.
    pub key: String,
    /// What the item is: endpoint, body field, enum value, …
    pub kind: String,
    /// The item's type, when it has one.
    pub ty: String,
    /// The vendor's text kept with a draft, if any.
    pub vendor: String,
    /// Our Chinese text, as far as it is written.
    pub zh: String,
    /// Our English text, as far as it is written.
    pub en: String,
}

/// The spec files of `spec_dir`, in the loader's order: `api.yaml`, the group files,
/// `webhooks.yaml`.
pub fn spec_files(spec_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(spec_dir)
        .with_context(|| format!("cannot read {}", spec_dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    let rank = |path: &PathBuf| match path.file_name().and_then(|name| name.to_str()) {
        Some(jing_spec::API_FILE) => 0,
        Some(jing_spec::WEBHOOKS_FILE) => 2,
        _ => 1,
    };
    files.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    Ok(files)
}

/// The group key a file stands for: `14-customer.yaml` gives `customer`; `api` and
/// `webhooks` for the other two.
pub fn file_key(file: &str) -> &str {
    let stem = file.strip_suffix(".yaml").unwrap_or(file);
    stem.split_once('-').map_or(stem, |(_, key)| key)
}

/// Every open doc of the spec in `spec_dir` (of one group's file, when `group` is given).
pub fn todo(spec_dir: &Path, group: Option<&str>) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for path in spec_files(spec_dir)? {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default()
            .to_owned();
        if group.is_some_and(|group| group != file_key(&name)) {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let value: Value =
            serde_yaml::from_str(&text).with_context(|| format!("{name} does not parse"))?;
        let mut walk = Walk {
            file: &name,
            rows: &mut rows,
        };
        walk.file(&value);
    }
    Ok(rows)
}

/// Collects the open docs of one file.
struct Walk<'a> {
    file: &'a str,
    rows: &'a mut Vec<Row>,
}

/// Whether the doc of `item` needs words: missing (when `required`), a draft, or a language
/// empty; then the vendor's text and our zh and en as far as written.
pub(crate) fn open_doc(item: &Mapping, required: bool) -> Option<(String, String, String)> {
    let text = |doc: &Value, key: &str| {
        doc.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    match item.get("doc") {
        None => required.then(Default::default),
        Some(doc) => {
            let (zh, en) = (text(doc, "zh"), text(doc, "en"));
            let draft = doc.get("draft").and_then(Value::as_bool) == Some(true);
            (draft || zh.trim().is_empty() || en.trim().is_empty())
                .then(|| (text(doc, "vendor"), zh, en))
        }
    }
}

/// An item's name in a key: its `name`, `key`, `value` or Chinese title.
pub(crate) fn item_name(item: &Value) -> Option<String> {
    ["name", "key", "value"]
        .iter()
        .find_map(|key| match item.get(key)? {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        })
        .or_else(|| {
            item.get("title")
                .and_then(|title| title.get("zh"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
}

impl Walk<'_> {
    fn row(&mut self, path: &str, kind: &str, item: &Mapping, required: bool) {
        if let Some((vendor, zh, en)) = open_doc(item, required) {
            let ty = item
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            self.rows.push(Row {
                key: format!("{}: {path}", self.file),
                kind: kind.to_owned(),
                ty,
                vendor,
                zh,
                en,
            });
        }
    }

    /// The items of a list under `key` of `parent`, each with its key path.
    fn items<'v>(parent: &'v Value, path: &str, key: &str) -> Vec<(String, &'v Mapping)> {
        let prefix = if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        };
        parent
            .get(key)
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .filter_map(|item| {
                let name = item_name(item)?;
                Some((format!("{prefix}[{name}]"), item.as_mapping()?))
            })
            .collect()
    }

    fn file(&mut self, value: &Value) {
        if let Some(top) = value.as_mapping() {
            if top.contains_key("doc") {
                self.row("doc", "file", top, true);
            }
        }
        for (path, endpoint) in Self::items(value, "", "endpoints") {
            self.endpoint(&path, endpoint);
        }
        let auth = value.get("auth").cloned().unwrap_or_default();
        for (path, param) in Self::items(&auth, "auth", "headers") {
            self.row(&path, "auth header", param, true);
        }
        let envelope = value.get("envelope").cloned().unwrap_or_default();
        self.fields(&envelope, "envelope", "envelope field");
        for (path, shape) in Self::items(value, "", "shapes") {
            self.row(&path, "payload shape", shape, true);
            self.fields(&Value::Mapping(shape.clone()), &path, "payload member");
        }
        for (path, group) in Self::items(value, "", "groups") {
            for (path, event) in Self::items(&Value::Mapping(group.clone()), &path, "events") {
                let transcribed = event.get("status").and_then(Value::as_str) != Some("catalogued");
                self.row(&path, "event", event, transcribed);
            }
        }
    }

    fn endpoint(&mut self, path: &str, endpoint: &Mapping) {
        let typed = endpoint.contains_key("path") && endpoint.contains_key("method");
        self.row(path, "endpoint", endpoint, typed);
        let value = Value::Mapping(endpoint.clone());
        for (key, kind) in [
            ("path_params", "path parameter"),
            ("headers", "header"),
            ("query", "query parameter"),
        ] {
            for (path, param) in Self::items(&value, path, key) {
                self.row(&path, kind, param, true);
            }
        }
        if let Some(body) = value.get("body") {
            self.fields(body, &format!("{path}.body"), "body field");
        }
        if let Some(response) = value.get("response") {
            self.fields(response, &format!("{path}.response"), "response field");
        }
    }

    /// The members under `fields` of `parent`, their enum values and their own members.
    fn fields(&mut self, parent: &Value, path: &str, kind: &str) {
        for (path, field) in Self::items(parent, path, "fields") {
            self.row(&path, kind, field, true);
            let value = Value::Mapping(field.clone());
            // An enum value the vendor does not describe needs no doc: the generated
            // variant says which wire value it is.
            for (path, item) in Self::items(&value, &path, "enum") {
                self.row(&path, "enum value", item, false);
            }
            self.fields(&value, &path, kind);
        }
    }
}
