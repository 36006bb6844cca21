//! The reporter every rule writes through ([`Checker`]: errors against one file, and the
//! open decisions among them), and the small helpers the rule families share: the names
//! the runtime reserves, the PascalCase rule, a vendor text quoted for a message.

use std::collections::BTreeMap;

use crate::decision::{Need, Open};
use crate::error::SpecError;
use crate::locate::Locations;
use crate::model::Doc;
use crate::names::{self, reserved};

/// A vendor text for a message: on one line, quoted, at most 80 characters.
pub(super) fn quoted(text: &str) -> String {
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
    pub(super) fn new(
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

    pub(super) fn report(&mut self, key: &str, message: impl Into<String>) {
        self.errors.push(self.locations.error(key, message));
    }

    /// Reports a problem that only a maintainer's decision resolves: `need` at the member
    /// `member` (the error itself is located at `key`). This is the one place an open
    /// decision is defined; `open.rs` lists what it records.
    pub(super) fn open(&mut self, member: &str, key: &str, need: Need, message: impl Into<String>) {
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
    pub(super) fn doc(&mut self, key: &str, doc: &Doc) {
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

    /// The doc of a decision at `key`: our word on a fact, where `page` is the importer's
    /// account of what the page states of it (ours, not the vendor's text). A draft is
    /// open with that account beside its row of the sheet; the rest as [`Self::doc`].
    pub(super) fn decision_doc(&mut self, key: &str, doc: &Doc, page: Option<&str>) {
        let (true, None, Some(page)) = (doc.draft, &doc.vendor, page) else {
            return self.doc(key, doc);
        };
        let need = Need::Words {
            zh: doc.zh.clone(),
            en: doc.en.clone(),
            vendor: Some(page.to_owned()),
        };
        let message = format!(
            "an open decision: write our word on it as `zh` and `en` (the importer's account of what the page states: {}), then remove `draft`",
            quoted(page)
        );
        self.open(key, &format!("{key}.draft"), need, message);
    }

    /// A doc required at `key` is missing.
    pub(super) fn missing_doc(&mut self, key: &str, message: impl Into<String>) {
        let need = Need::Words {
            zh: String::new(),
            en: String::new(),
            vendor: None,
        };
        self.open(key, key, need, message);
    }

    /// A method name (`call`) at `key`: a snake_case identifier, not a keyword.
    pub(super) fn call(&mut self, key: &str, name: &str) {
        if let Some(problem) = names::name_problem(name) {
            let need = Need::Name {
                proposed: Some(name.to_owned()),
            };
            self.open(key, key, need, problem);
        }
    }

    /// A name of our own that becomes a snake_case identifier.
    pub(super) fn snake(&mut self, key: &str, name: &str) {
        if let Some(problem) = names::name_problem(name) {
            self.report(key, problem);
        }
    }

    /// Reports a value seen twice in one list; `seen` maps each value to its first key.
    pub(super) fn unique(
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
pub(super) fn reserved_members() -> BTreeMap<String, String> {
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
pub(super) fn reserved_types(also: &[&str], from: &str) -> BTreeMap<String, String> {
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
pub(super) fn pascal(name: &str, key: &str, check: &mut Checker<'_>) {
    if !names::is_pascal_identifier(name) || names::is_keyword(name) {
        check.report(key, format!("`{name}` is not a PascalCase type name"));
    }
}
