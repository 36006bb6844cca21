//! What an OpenAPI operation states that no fact of the spec holds, each said in a note so
//! that nothing of a page is dropped without a word: the operation's id where the page
//! names the endpoint otherwise (`summary`), the words of its error statuses that have no
//! body (`401: Unauthorized`), and its vendor extensions (`x-…`) the importer does not
//! read, by name (those only apifox's tooling uses in one note, the others in another).
//! Our own export (`info.x-generated`) says nothing here: its words are the spec's own.

use std::collections::BTreeSet;

use serde_yaml::{Mapping, Value};

use super::content::{is_extension, media_of};
use super::schema::{Reader, scalar_text};
use crate::import::facts::Facts;

/// The extensions the importer reads (each a fact, or how one is read); `x-jing-…` too.
const READ: [&str; 6] = [
    "x-apifox-orders",
    "x-apifox-folder",
    "x-apifox-status",
    "x-apifox-enum",
    "x-enum-descriptions",
    "x-extensible-enum",
];

/// The extensions only apifox's own tooling uses (its run button, its mock server, how its
/// editor shows a schema): no fact of the API. So is any named `…run-in-apifox`.
const TOOLING: [&str; 7] = [
    "x-run-in-apifox",
    "x-apifox-mock",
    "x-apifox-ignore-properties",
    "x-apifox-refs",
    "x-apifox-overrides",
    "x-apifox-maintainer",
    "x-apifox-serverName",
];

/// A note of the operation's id (`operationId`) when the page names the endpoint by
/// other words (its summary, the page's title), so the id is not its title; the id is
/// kept as the hint for a proposed method name (`propose.rs`).
pub(super) fn operation_id(operation: &Value, facts: &mut Facts) {
    let Some(id) = operation
        .get("operationId")
        .and_then(scalar_text)
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
    else {
        return;
    };
    if facts.title_zh != id && facts.title_en.as_deref() != Some(id.as_str()) {
        facts.notes.push(format!(
            "the page's operation id is `{id}` (the spec names the endpoint itself: its entry's name and method name)"
        ));
    }
    facts.operation_id = Some(id);
}

impl Reader<'_> {
    /// A note of the error statuses (`4xx`, `5xx`, `default`) that have no body, each with
    /// its words (`401` «Unauthorized»): what the API answers, which the client's error for
    /// a failed status stands for.
    pub(super) fn bare_statuses(&self, responses: &Mapping, facts: &mut Facts) {
        let said: Vec<String> = responses
            .iter()
            .filter_map(|(code, response)| {
                let code = scalar_text(code)?;
                let error = code == "default" || code.starts_with(['4', '5']);
                let (response, _) = self.resolve(&code, response, &mut Vec::new()).ok()?;
                if !error || media_of(response).is_some() {
                    return None;
                }
                let words = response
                    .get("description")
                    .and_then(scalar_text)
                    .map(|words| words.trim().to_owned())
                    .filter(|words| !words.is_empty());
                Some(match words {
                    Some(words) => format!("`{code}` «{words}»"),
                    None => format!("`{code}`"),
                })
            })
            .collect();
        if !said.is_empty() {
            facts.notes.push(format!(
                "the page lists answers without a body: {} (the client's error for a failed status stands for them)",
                said.join(", ")
            ));
        }
    }

    /// Notes naming the extensions of `operation` (and of what it refers to, of its path
    /// `item` beside the other operations, and of the document beside its paths and
    /// components) that the importer does not read.
    pub(super) fn extensions(&self, item: &Value, operation: &Value, facts: &mut Facts) {
        let mut found = BTreeSet::new();
        let mut seen = BTreeSet::new();
        self.collect(operation, false, &mut found, &mut seen);
        for (key, value) in item.as_mapping().into_iter().flatten() {
            match scalar_text(key) {
                Some(key) if is_extension(&key) => {
                    found.insert(key);
                }
                Some(key) if super::words::method_named(&key).is_some() => {}
                _ => self.collect(value, false, &mut found, &mut seen),
            }
        }
        if let Some(root) = self.document.as_mapping() {
            for (key, value) in root {
                match scalar_text(key).as_deref() {
                    Some("paths" | "components") => {}
                    Some(key) if is_extension(key) => {
                        found.insert(key.to_owned());
                    }
                    _ => self.collect(value, false, &mut found, &mut seen),
                }
            }
        }
        let read = |name: &str| name.starts_with("x-jing-") || READ.contains(&name);
        let (tooling, unread): (Vec<String>, Vec<String>) = found
            .into_iter()
            .filter(|name| !read(name))
            .map(|name| format!("`{name}`"))
            .partition(|name| {
                let name = name.trim_matches('`');
                TOOLING.contains(&name) || name.ends_with("run-in-apifox")
            });
        if !tooling.is_empty() {
            facts.notes.push(format!(
                "the page's extensions for apifox's own tooling are ignored (tooling only): {}",
                tooling.join(", ")
            ));
        }
        if !unread.is_empty() {
            facts.notes.push(format!(
                "the page has extensions the importer does not read (no fact of the spec holds them): {}",
                unread.join(", ")
            ));
        }
    }

    /// The extensions' names under `node` into `found` (not what their values hold),
    /// following `$ref`s once each
    /// (`seen`); a response's status written as an extension (`x-200:失败`, under
    /// `responses`) is an answer, read as one.
    fn collect(
        &self,
        node: &Value,
        in_responses: bool,
        found: &mut BTreeSet<String>,
        seen: &mut BTreeSet<String>,
    ) {
        match node {
            Value::Mapping(mapping) => {
                if let Some(target) = node.get("$ref").and_then(scalar_text) {
                    if let Some(target_node) = self.pointer(&target) {
                        if seen.insert(target) {
                            self.collect(target_node, false, found, seen);
                        }
                    }
                }
                for (key, value) in mapping {
                    let key = scalar_text(key).unwrap_or_default();
                    let status = in_responses
                        && key
                            .strip_prefix("x-")
                            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
                    // An extension's own value is its tooling's, not the page's: not walked.
                    if is_extension(&key) && !status {
                        found.insert(key);
                        continue;
                    }
                    self.collect(value, key == "responses", found, seen);
                }
            }
            Value::Sequence(items) => items
                .iter()
                .for_each(|item| self.collect(item, false, found, seen)),
            Value::Tagged(tagged) => self.collect(&tagged.value, false, found, seen),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::openapi::operations;
    use serde_yaml::Value;

    /// Every extension is named once, wherever it is (the path item, a `$ref`'s target,
    /// the document's root), the tooling ones apart, the read ones and an answer written as
    /// an extension (`x-200:失败`) not at all; bare error statuses are listed with their words.
    #[test]
    fn extensions_and_bare_statuses_are_named() {
        let page = "openapi: 3.0.1\ninfo: {title: SYNTHETIC, version: 1.0.0}\nx-root-hint: 1\npaths:\n  /v1/rack/fee:\n    x-path-hint: 2\n    post:\n      summary: 货架费用\n      operationId: rackFeeUsingPOST\n      x-run-in-apifox: https://run.invalid\n      x-apifox-folder: 货架\n      responses:\n        '200':\n          description: ''\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Fee'}\n        x-200:失败:\n          description: 失败\n          content: {application/json: {example: {code: 1}}}\n        '401': {description: Unauthorized}\n        '500': {description: ''}\ncomponents:\n  schemas:\n    Fee:\n      type: object\n      x-apifox-name: 费用\n      x-apifox-orders: [code]\n      properties: {code: {type: integer, x-apifox-mock: '@integer', x-deep: {x-inner: 1}}}\n";
        let document: Value = serde_yaml::from_str(page).unwrap_or_default();
        let facts = operations("fee.yaml", &document, None).unwrap_or_default();
        let notes = facts
            .first()
            .map(|facts| facts.notes.clone())
            .unwrap_or_default();
        for said in [
            "the page's operation id is `rackFeeUsingPOST`",
            "the page's extensions for apifox's own tooling are ignored (tooling only): `x-apifox-mock`, `x-run-in-apifox`",
            "the page has extensions the importer does not read (no fact of the spec holds them): `x-apifox-name`, `x-deep`, `x-path-hint`, `x-root-hint`",
            "the page lists answers without a body: `401` «Unauthorized», `500` (",
        ] {
            assert!(
                notes.iter().any(|note| note.starts_with(said)),
                "{said}: {notes:#?}"
            );
        }
        assert!(
            !notes
                .iter()
                .any(|note| note.contains("x-inner") || note.contains("x-200"))
        );
        let id = facts.first().and_then(|facts| facts.operation_id.clone());
        assert_eq!(id.as_deref(), Some("rackFeeUsingPOST"));
    }
}
