//! `cargo xtask docs`: every decision the spec still waits for from a maintainer, as one
//! sheet to fill in a spreadsheet (`todo`), and the filled sheet written back (`apply`).
//!
//! What is open is what the validator refuses for want of our words, names or addresses:
//! [`jing_spec::open_decisions`] is that list, defined once in jing-spec, so `todo --check`
//! passes exactly when the spec has nothing of the kind left to refuse. A row is a doc or a
//! title (drafts, an empty language, a missing doc, an English title that is only a name,
//! our word on a decision the import left), a method name (the importer's proposed
//! `call_draft`, prefilled), a type name the importer found poor (`name_draft`,
//! prefilled), how an answer outside the Jing envelope is read (the importer's
//! `answer_draft`, prefilled), or the address of a typed endpoint's vendor page. Rows are
//! keyed by names, not positions (`14-customer.yaml: endpoints[create_customer].body.fields[mobile]`
//! is that field's doc, `…: endpoints[create_customer].title` the endpoint's title), so a
//! key stays right while the files are edited.

mod apply;
mod edit;
mod row;
mod sheet;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde_yaml::{Mapping, Value};

pub use apply::apply;
pub use row::{HELD_KIND, NOTHING, Row, WORDS_CHANGE_NOTHING};
pub use sheet::{SheetFormat, decode_sheet, read_sheet, write_sheet};

use jing_spec::{group_key, spec_files};

/// Every open decision of the spec in `spec_dir` (of one group's file, when `group` is
/// given), as the validator defines them: the spec loads (as far as our words, names and
/// addresses go) exactly when this is empty. An unknown `group` is an error naming the
/// groups; so is a file that does not parse, since its decisions cannot be listed then.
pub fn todo(spec_dir: &Path, group: Option<&str>) -> anyhow::Result<Vec<Row>> {
    let names: Vec<String> = spec_files(spec_dir)
        .with_context(|| format!("cannot read {}", spec_dir.display()))?
        .iter()
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_owned()))
        .collect();
    if let Some(group) = group {
        if !names.iter().any(|name| group_key(name) == group) {
            let keys: Vec<String> = names.iter().map(|name| group_key(name)).collect();
            anyhow::bail!(
                "`{group}` is not a group of {}; the groups are: {}; to add it: `{}`",
                spec_dir.display(),
                keys.join(", "),
                crate::group::add_command(Some(group), None, None)
            );
        }
    }
    let open = jing_spec::open_decisions(&jing_spec::Sources::dir(spec_dir)).map_err(|errors| {
        anyhow::anyhow!(
            "what the spec still needs cannot be listed until its files parse: {errors}"
        )
    })?;
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    let mut rows = Vec::new();
    for item in open {
        let name = Path::new(&item.file)
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default()
            .to_owned();
        if group.is_some_and(|group| group != group_key(&name)) {
            continue;
        }
        if !values.contains_key(&name) {
            let text = std::fs::read_to_string(&item.file)
                .with_context(|| format!("cannot read {}", item.file))?;
            let value: Value = serde_yaml::from_str(&text)
                .with_context(|| format!("{} does not parse", item.file))?;
            values.insert(name.clone(), value);
        }
        rows.push(row::row(&name, &values[&name], &item));
    }
    Ok(rows)
}

/// Whether the doc of `item` needs words: missing (when `required`), a draft, or a language
/// empty; then the vendor's text and our zh and en as far as written. A quick look at one
/// YAML item, for the importer's count of what an entry still needs; what the sheet lists
/// is the validator's own record ([`jing_spec::open_decisions`]).
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
