//! Semantic checks of a parsed spec: the rules serde cannot express.
//!
//! Every rule reports through [`Checker`], which locates the key and keeps going, so one
//! run lists every problem. Names are compared with the functions of `names.rs`, the same
//! ones codegen uses, and against the names it reserves. By subject: `api.rs` (the global
//! file), `endpoint.rs` (a group and its endpoints), `credentials.rs` (the credential
//! markers of token calls), `answer.rs` (answers outside the Jing envelope, decisions,
//! overrides), `fields.rs` (bodies, responses and their members), `webhooks.rs` (shapes
//! and events); the rules across files are here.

mod answer;
mod api;
mod credentials;
mod endpoint;
mod fields;
mod webhooks;

use std::collections::BTreeMap;

use crate::decision::{Need, Open};
use crate::error::SpecError;
use crate::locate::{Locations, Parsed};
use crate::model::{Api, Doc, Group, Webhooks};
use crate::names::{self, reserved};

/// Runs every rule on the parsed files; problems join `errors`, and the open decisions
/// among them (see `open.rs`) also join `open`.
pub(crate) fn spec_and_open(
    api: Option<&Parsed<'_, Api>>,
    groups: &[Parsed<'_, Group>],
    webhooks: Option<&Parsed<'_, Webhooks>>,
    errors: &mut Vec<SpecError>,
    open: &mut Vec<Open>,
) {
    if let Some(parsed) = api {
        api::api(
            &parsed.value,
            &mut Checker::new(&parsed.locations, errors, open),
        );
    }
    let auth_headers = api
        .map(|api| api.value.auth.header_names())
        .unwrap_or_default();
    let mut across = AcrossFiles::default();
    for parsed in groups {
        let mut check = Checker::new(&parsed.locations, errors, open);
        endpoint::group(&parsed.value, &auth_headers, &mut check);
        across.group(&parsed.value, &mut check);
    }
    if let Some(parsed) = webhooks {
        webhooks::webhooks(
            &parsed.value,
            &mut Checker::new(&parsed.locations, errors, open),
        );
    }
}

/// Rules across files: group keys, endpoint names and roles are unique in the spec.
#[derive(Default)]
struct AcrossFiles {
    keys: BTreeMap<String, String>,
    endpoint_names: BTreeMap<String, String>,
    roles: BTreeMap<&'static str, String>,
}

impl AcrossFiles {
    fn group(&mut self, group: &Group, check: &mut Checker<'_>) {
        let here = |key: &str| format!("{}: {key}", group.file);
        if let Some(first) = self.keys.insert(group.key.clone(), here("(file name)")) {
            check.report(
                "(file name)",
                format!("group key `{}` is already used by {first}", group.key),
            );
        }
        for (index, endpoint) in group.endpoints.iter().enumerate() {
            let key = format!("endpoints[{index}]");
            if let Some(first) = self
                .endpoint_names
                .insert(endpoint.name.clone(), here(&key))
            {
                check.report(
                    &format!("{key}.name"),
                    format!("endpoint `{}` is already defined at {first}", endpoint.name),
                );
            }
            let Some(role) = endpoint.role else {
                continue;
            };
            if let Some(first) = self.roles.insert(role.as_str(), here(&key)) {
                check.report(
                    &format!("{key}.role"),
                    format!("role `{}` is already taken by {first}", role.as_str()),
                );
            }
        }
    }
}

/// A vendor text for a message: on one line, quoted, at most 80 characters.
fn quoted(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short: String = line.chars().take(80).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    format!("«{short}»")
}

/// Reports errors against one file, and records the open decisions among them.
pub(crate) struct Checker<'a> {
    locations: &'a Locations<'a>,
    errors: &'a mut Vec<SpecError>,
    open: &'a mut Vec<Open>,
}

impl<'a> Checker<'a> {
    fn new(
        locations: &'a Locations<'a>,
        errors: &'a mut Vec<SpecError>,
        open: &'a mut Vec<Open>,
    ) -> Self {
        Checker {
            locations,
            errors,
            open,
        }
    }

    fn report(&mut self, key: &str, message: impl Into<String>) {
        self.errors.push(self.locations.error(key, message));
    }

    /// Reports a problem that only a maintainer's decision resolves: `need` at the member
    /// `member` (the error itself is located at `key`). This is the one place an open
    /// decision is defined; `open.rs` lists what it records.
    fn open(&mut self, member: &str, key: &str, need: Need, message: impl Into<String>) {
        let error = self.locations.error(key, message);
        self.open.push(Open {
            file: error.file.clone(),
            key: member.to_owned(),
            line: error.line,
            need,
            error_key: error.key.clone(),
        });
        self.errors.push(error);
    }

    /// A doc or title at `key`: both languages present and not blank, and written by us
    /// (not an imported draft).
    fn doc(&mut self, key: &str, doc: &Doc) {
        let need = || Need::Words {
            zh: doc.zh.clone(),
            en: doc.en.clone(),
            vendor: doc.vendor.clone(),
        };
        if doc.draft {
            let message = match &doc.vendor {
                Some(text) => format!(
                    "imported draft: write `zh` and `en` in our own words from the vendor's text ({}), then remove `draft` and `vendor`",
                    quoted(text)
                ),
                // A file's own doc (`doc` at the top) is no page's: `cargo xtask group add`
                // leaves a new group's for us to write.
                None if key == "doc" => "a draft to write (a new group's doc, left by `cargo xtask group add`, is no page's): write what the group holds as `zh` and `en`, then remove `draft`".to_owned(),
                None => "imported: the page does not describe this item; write what it carries as `zh` and `en`, then remove `draft`".to_owned(),
            };
            self.open(key, &format!("{key}.draft"), need(), message);
            return;
        }
        for (language, name) in [("zh", "Chinese"), ("en", "English")] {
            let text = if language == "zh" { &doc.zh } else { &doc.en };
            if text.trim().is_empty() {
                self.open(
                    key,
                    &format!("{key}.{language}"),
                    need(),
                    format!("the text is empty; docs are needed in Chinese and English: write the {name} one in the `{language}` cell of this key's row of the drafts sheet (`cargo xtask docs todo`), then `cargo xtask docs apply`"),
                );
            }
        }
    }

    /// A doc required at `key` is missing.
    fn missing_doc(&mut self, key: &str, message: impl Into<String>) {
        let need = Need::Words {
            zh: String::new(),
            en: String::new(),
            vendor: None,
        };
        self.open(key, key, need, message);
    }

    /// A method name (`call`) at `key`: a snake_case identifier, not a keyword.
    fn call(&mut self, key: &str, name: &str) {
        if let Some(problem) = names::name_problem(name) {
            let need = Need::Name {
                proposed: Some(name.to_owned()),
            };
            self.open(key, key, need, problem);
        }
    }

    /// A name of our own that becomes a snake_case identifier.
    fn snake(&mut self, key: &str, name: &str) {
        if let Some(problem) = names::name_problem(name) {
            self.report(key, problem);
        }
    }

    /// Reports a value seen twice in one list; `seen` maps each value to its first key.
    fn unique(
        &mut self,
        seen: &mut BTreeMap<String, String>,
        value: String,
        key: &str,
        what: &str,
    ) {
        if let Some(first) = seen.get(&value) {
            let message = if first.starts_with('(') {
                format!("{what} `{value}` is reserved {first}")
            } else {
                format!("{what} `{value}` is already used at `{first}`")
            };
            self.report(key, message);
        } else {
            seen.insert(value, key.to_owned());
        }
    }
}

/// Member names a generated struct already uses: the custom-attribute map, its setter,
/// and the constructor.
fn reserved_members() -> BTreeMap<String, String> {
    reserved::STRUCT_MEMBERS
        .iter()
        .map(|name| {
            (
                (*name).to_owned(),
                "(generated by the code generator)".to_owned(),
            )
        })
        .collect()
}

/// Type names a module of generated code already has: the prelude's, which it writes
/// without a path, and `also` with where they come from.
fn reserved_types(also: &[&str], from: &str) -> BTreeMap<String, String> {
    let prelude = reserved::PRELUDE_TYPES.iter().map(|name| {
        (
            (*name).to_owned(),
            "(the Rust prelude, written unqualified)".to_owned(),
        )
    });
    let also = also
        .iter()
        .map(|name| ((*name).to_owned(), from.to_owned()));
    prelude.chain(also).collect()
}

/// A type name of our own.
fn pascal(name: &str, key: &str, check: &mut Checker<'_>) {
    if !names::is_pascal_identifier(name) || names::is_keyword(name) {
        check.report(key, format!("`{name}` is not a PascalCase type name"));
    }
}
