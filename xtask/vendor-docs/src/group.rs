//! `cargo xtask group add KEY --zh … --en …`: a new group file of the spec, `NN-key.yaml`
//! with the next number, in the spec's style, for the pages of a docs folder the spec does
//! not have yet. `cargo xtask regenerate` then makes its module and Cargo feature, and its
//! client accessor (`client.key()`) once it has a typed endpoint.
//!
//! The key must be one the validator takes (snake_case, not a module, feature, command or
//! method the crate has already) and not a group's already; the title no other group's
//! (pages find their group by their folder's title), in one language at least: a page
//! names its folder in one, so the other may be left empty, a row of the drafts sheet. The
//! file is checked with the whole spec before it is written. The same command twice
//! writes nothing the second time and says so: a group of that key and those titles
//! exists. Without `--doc-zh`/`--doc-en` the group's doc is left as a draft, a row of the
//! drafts sheet.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_yaml::{Mapping, Value};

use jing_spec::{group_key, spec_files};

use crate::yaml;

/// A group to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGroup {
    /// The key: the file's name after its number, the module and the Cargo feature.
    pub key: String,
    /// The docs' title of the group, Chinese and English.
    pub title: (String, String),
    /// What the group holds, in our words, Chinese and English; `None` leaves a draft.
    pub doc: Option<(String, String)>,
}

/// What `add` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// The file was written.
    Written(PathBuf),
    /// A group of that key and title is there already; nothing was written.
    Exists(PathBuf),
}

/// The command that adds the group `key` (or a placeholder key, which `group add`
/// refuses with the key to give), with the titles known: a language not known is left
/// out, and `group add` leaves it empty, a row of the drafts sheet; never a placeholder
/// title.
pub fn add_command(key: Option<&str>, zh: Option<&str>, en: Option<&str>) -> String {
    let mut command = format!(
        "cargo xtask group add {}",
        key.filter(|key| !key.is_empty()).unwrap_or("KEY")
    );
    for (flag, text) in [("--zh", zh), ("--en", en)] {
        if let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) {
            command.push_str(&format!(" {flag} '{}'", text.replace('\'', "'\\''")));
        }
    }
    command
}

/// Titles a command line may hold where the docs' own title belongs: what a form or an
/// example command writes in its place.
const PLACEHOLDER_TITLES: &[&str] = &[
    "标题",
    "中文标题",
    "英文标题",
    "名称",
    "名字",
    "分组",
    "分组名",
    "组名",
    "title",
    "titles",
    "name",
    "group",
    "group title",
    "group name",
    "chinese title",
    "english title",
    "untitled",
    "none",
    "null",
    "key",
];

/// Why `text` is no title of the group `key` for `flag` (`--zh`, `--en`), if it is none: a
/// placeholder (`标题`, `Title`, `Name`, `<…>`, `xxx`) or a copy of the key.
pub fn title_problem(flag: &str, text: &str, key: Option<&str>) -> Option<String> {
    let trimmed = text.trim();
    let language = if flag == "--zh" { "Chinese" } else { "English" };
    let what = format!(
        "give the group's {language} title as the vendor's docs write it (its folder's title)"
    );
    if trimmed.is_empty() {
        return Some(format!("{flag} is empty: {what}"));
    }
    let placeholder = PLACEHOLDER_TITLES.contains(&trimmed.to_lowercase().as_str())
        || crate::import::placeholder::is_variable(&serde_json::Value::from(trimmed));
    if placeholder {
        return Some(format!(
            "{flag} `{trimmed}` is a placeholder, not a title: {what}"
        ));
    }
    if key.is_some_and(|key| key == trimmed && key.contains('_')) {
        return Some(format!(
            "{flag} `{trimmed}` is the group key, not a title: {what}"
        ));
    }
    None
}

/// The group's titles from the command line, neither a placeholder: one language may be
/// left out (a page names its folder in one), and is written empty, a row of the drafts
/// sheet to fill; both missing, or a placeholder, is refused, saying what to give.
pub fn titles(
    key: Option<&str>,
    zh: Option<String>,
    en: Option<String>,
) -> anyhow::Result<(String, String)> {
    if zh.is_none() && en.is_none() {
        anyhow::bail!(
            "--zh and --en are missing: give the group's title as the vendor's docs write it (its folder's title), in one language at least"
        );
    }
    let problems: Vec<String> = [("--zh", &zh), ("--en", &en)]
        .into_iter()
        .filter_map(|(flag, text)| title_problem(flag, text.as_ref()?, key))
        .collect();
    if !problems.is_empty() {
        anyhow::bail!("{}", problems.join("; "));
    }
    Ok((zh.unwrap_or_default(), en.unwrap_or_default()))
}

/// A key proposed from an English folder title (`Payments & Billing` gives
/// `payments_billing`), when it makes one.
pub fn proposed_key(en: Option<&str>) -> Option<String> {
    use heck::ToSnakeCase;
    let key = en?.to_snake_case();
    jing_spec::name_problem(&key).is_none().then_some(key)
}

/// The keys a command line may hold where the group's own key belongs: the placeholder
/// of [`add_command`] and the like.
const PLACEHOLDER_KEYS: &[&str] = &[
    "key",
    "group",
    "group_key",
    "your_key",
    "new_group",
    "name",
    "todo",
    "xxx",
    "foo",
    "tbd",
];

/// Whether `key` is a placeholder of a key (`KEY`, `xxx`), not a group's own.
pub fn is_placeholder_key(key: &str) -> bool {
    PLACEHOLDER_KEYS.contains(&key.trim().to_lowercase().as_str())
}

/// The key of a new group: the one given, else the one proposed from the English title
/// (or from the Chinese one, when it is written in Latin letters). A placeholder key
/// (`KEY`, `xxx`) or no key where none can be proposed is an error naming the command to
/// run instead.
pub fn key_for(given: Option<&str>, zh: &str, en: &str) -> anyhow::Result<String> {
    let proposed = proposed_key(Some(en)).or_else(|| proposed_key(Some(zh)));
    let next = |key: &str| add_command(Some(key), Some(zh), Some(en));
    match given.map(str::trim) {
        Some(key) if is_placeholder_key(key) => {
            let instead = match &proposed {
                Some(proposed) => format!(
                    "run `{}` (the key proposed from the English title), or leave the key out to take it",
                    next(proposed)
                ),
                None => format!(
                    "run `{}` with the group's own snake_case key (the module `jing_api::KEY`)",
                    next("KEY").replacen("KEY", "<key>", 1)
                ),
            };
            anyhow::bail!("`{key}` is a placeholder, not a group key: {instead}")
        }
        Some(key) => Ok(key.to_owned()),
        None => proposed.ok_or_else(|| {
            anyhow::anyhow!(
                "no key can be proposed from the title `{en}`: give one, `{}`",
                next("KEY").replacen("KEY", "<key>", 1)
            )
        }),
    }
}

/// Adds `group` to the spec in `spec_dir` (see the module docs).
pub fn add(spec_dir: &Path, group: &NewGroup) -> anyhow::Result<Added> {
    let NewGroup { key, title, doc } = group;
    // One title may be left empty (a row of the drafts sheet), never both.
    let both_empty = title.0.trim().is_empty() && title.1.trim().is_empty();
    for (flag, text) in [("--zh", &title.0), ("--en", &title.1)] {
        if text.trim().is_empty() && !both_empty {
            continue;
        }
        if let Some(problem) = title_problem(flag, text, Some(key)) {
            anyhow::bail!("{problem}");
        }
    }
    for (what, text) in doc
        .iter()
        .flat_map(|(zh, en)| [("--doc-zh", zh), ("--doc-en", en)])
    {
        if text.trim().is_empty() {
            anyhow::bail!("{what} is empty: a group's doc is written in Chinese and English");
        }
    }
    if let Some(problem) = jing_spec::name_problem(key) {
        anyhow::bail!("the group key {problem}");
    }
    let file = match place(spec_dir, group)? {
        Place::New(file) => file,
        Place::Exists(path) => return Ok(Added::Exists(path)),
    };
    let path = spec_dir.join(&file);
    let text = file_text(group);
    // Checked with the whole spec before it is written: only a draft doc may be left open.
    let sources = jing_spec::Sources::dir(spec_dir).group(jing_spec::Source::new(
        path.display().to_string(),
        text.clone(),
    ));
    jing_spec::load_pending(&sources)
        .map_err(|errors| anyhow::anyhow!("{errors}"))
        .with_context(|| format!("{file} was not written"))?;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut out| std::io::Write::write_all(&mut out, text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Added::Written(path))
}

/// Where a new group goes.
enum Place {
    /// The file to write, `NN-key.yaml` with the number after the highest.
    New(String),
    /// A group that is this one already (its key and titles, and its doc when one is
    /// given), in this file.
    Exists(PathBuf),
}

/// Where `group` goes in the spec of `spec_dir`; a key or a title another group has is an
/// error.
fn place(spec_dir: &Path, group: &NewGroup) -> anyhow::Result<Place> {
    let NewGroup { key, title, doc } = group;
    let same = |(zh, en): &(String, String), (ours_zh, ours_en): &(String, String)| {
        zh.trim() == ours_zh.trim() && en.trim() == ours_en.trim()
    };
    let (mut highest, mut width) = (0, 2);
    for path in
        spec_files(spec_dir).with_context(|| format!("cannot read {}", spec_dir.display()))?
    {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default()
            .to_owned();
        if [jing_spec::API_FILE, jing_spec::WEBHOOKS_FILE].contains(&name.as_str()) {
            continue;
        }
        if let Some(number) = name.split_once('-').map(|(number, _)| number) {
            if let Ok(value) = number.parse::<u32>() {
                highest = highest.max(value);
                width = width.max(number.len());
            }
        }
        let theirs = group_title(&path)?;
        if group_key(&name) == *key {
            let same_doc = match doc {
                Some(doc) => same(&group_doc(&path)?, doc),
                None => true,
            };
            if same(&theirs, title) && same_doc {
                return Ok(Place::Exists(path));
            }
            anyhow::bail!(
                "the group key `{key}` is taken by {name} («{}» / «{}»); choose another key",
                theirs.0,
                theirs.1
            );
        }
        let shared =
            |theirs: &str, ours: &str| !ours.trim().is_empty() && theirs.trim() == ours.trim();
        if shared(&theirs.0, &title.0) || shared(&theirs.1, &title.1) {
            anyhow::bail!(
                "{name} has the title «{}» / «{}» already: pages find their group by it, so two groups cannot share one",
                theirs.0,
                theirs.1
            );
        }
    }
    Ok(Place::New(format!("{:0width$}-{key}.yaml", highest + 1)))
}

/// The new file's text, in the spec's style, written by the YAML module (which quotes and
/// escapes what needs it): the title on one line, a doc given as a block of its own (as the
/// spec writes a group's), a draft doc on one line.
fn file_text(group: &NewGroup) -> String {
    let texts = |(zh, en): &(String, String)| -> Mapping {
        [("zh", zh), ("en", en)]
            .into_iter()
            .map(|(language, text)| (Value::from(language), Value::from(text.trim())))
            .collect()
    };
    let one =
        |key: &str, value: Value| yaml::mapping_text(&Mapping::from_iter([(key.into(), value)]), 0);
    let doc = match &group.doc {
        Some(doc) => format!("doc:\n{}", yaml::mapping_text(&texts(doc), 2)),
        None => one(
            "doc",
            Value::Mapping(Mapping::from_iter([("draft".into(), true.into())])),
        ),
    };
    format!(
        "# Group {key}, added by `cargo xtask group add`; its endpoints come from\n\
         # `cargo xtask import --write --group {key}` (or a folder titled as below).\n\
         {title}{doc}{endpoints}",
        key = group.key,
        title = one("title", Value::Mapping(texts(&group.title))),
        endpoints = one("endpoints", Value::Sequence(Vec::new())),
    )
}

/// The (zh, en) of a group file's `key`, read as YAML.
fn languages(path: &Path, key: &str) -> anyhow::Result<(String, String)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let value: Value = serde_yaml::from_str(&text)
        .with_context(|| format!("{} does not parse", path.display()))?;
    let text = |language: &str| {
        value
            .get(key)
            .and_then(|doc| doc.get(language))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok((text("zh"), text("en")))
}

fn group_title(path: &Path) -> anyhow::Result<(String, String)> {
    languages(path, "title")
}

fn group_doc(path: &Path) -> anyhow::Result<(String, String)> {
    languages(path, "doc")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Titles and docs YAML would read otherwise unquoted (`: `, ` #`, a leading `*`, `-`,
    /// `&`, `!`, quotes, a backslash) are written so the file reads back as they were given.
    #[test]
    fn the_new_file_reads_back_as_the_titles_and_doc_given() {
        let given = [
            ("退款: 管理", "*Refund desk # the one"),
            ("- 列表 #1", "&anchor !tag 'single' \"double\" back\\slash"),
            ("@at `tick`", "% 50: yes"),
        ];
        for (zh, en) in given {
            for doc in [None, Some((en.to_owned(), zh.to_owned()))] {
                let group = NewGroup {
                    key: "refunds".to_owned(),
                    title: (format!(" {zh} "), en.to_owned()),
                    doc: doc.clone(),
                };
                let text = file_text(&group);
                let back: Value =
                    serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{error}\n{text}"));
                let text_at = |path: [&str; 2]| {
                    back.get(path[0])
                        .and_then(|node| node.get(path[1]))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                };
                assert_eq!(text_at(["title", "zh"]).as_deref(), Some(zh), "{text}");
                assert_eq!(text_at(["title", "en"]).as_deref(), Some(en), "{text}");
                match &doc {
                    Some((doc_zh, doc_en)) => {
                        assert_eq!(text_at(["doc", "zh"]).as_ref(), Some(doc_zh), "{text}");
                        assert_eq!(text_at(["doc", "en"]).as_ref(), Some(doc_en), "{text}");
                    }
                    None => assert_eq!(back["doc"]["draft"], Value::Bool(true), "{text}"),
                }
                assert_eq!(back["endpoints"], Value::Sequence(Vec::new()), "{text}");
            }
        }
    }

    #[test]
    fn the_next_step_is_a_command_to_paste() {
        assert_eq!(
            add_command(Some("payment"), Some("支付"), Some("Payments")),
            "cargo xtask group add payment --zh '支付' --en 'Payments'"
        );
        assert_eq!(
            add_command(None, None, Some("It's")),
            "cargo xtask group add KEY --en 'It'\\''s'"
        );
        assert_eq!(
            proposed_key(Some("Payments & Billing")).as_deref(),
            Some("payments_billing")
        );
        assert_eq!(proposed_key(Some("支付")), None);
        assert_eq!(proposed_key(None), None);
    }

    #[test]
    fn a_key_is_proposed_from_the_titles_and_a_placeholder_refused_with_the_next_step() {
        assert_eq!(
            super::key_for(None, "退款管理", "Refund Desk")
                .ok()
                .as_deref(),
            Some("refund_desk")
        );
        assert_eq!(
            super::key_for(Some("refunds"), "退款管理", "Refund Desk")
                .ok()
                .as_deref(),
            Some("refunds")
        );
        for placeholder in ["KEY", "key", "xxx"] {
            let error = super::key_for(Some(placeholder), "退款管理", "Refund Desk")
                .err()
                .map(|error| error.to_string())
                .unwrap_or_default();
            assert!(error.contains("is a placeholder"), "{error}");
            assert!(
                error.contains(
                    "cargo xtask group add refund_desk --zh '退款管理' --en 'Refund Desk'"
                ),
                "{error}"
            );
        }
        for (zh, en) in [
            ("标题", "Refund Desk"),
            ("退款管理", "Title"),
            ("名称", "Name"),
        ] {
            let error = super::titles(None, Some(zh.to_owned()), Some(en.to_owned()))
                .err()
                .map(|error| error.to_string())
                .unwrap_or_default();
            assert!(
                error.contains("is a placeholder, not a title: give the group's"),
                "{error}"
            );
        }
        let error = super::titles(Some("core_manage"), None, Some("core_manage".to_owned()))
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("--en `core_manage` is the group key, not a title")
                && !error.contains("--zh"),
            "{error}"
        );
        // One title is enough: the other is left empty, a row of the drafts sheet.
        let one = super::titles(Some("members"), Some("群管理接口".to_owned()), None);
        assert_eq!(one.ok(), Some(("群管理接口".to_owned(), String::new())));
        let none = super::titles(Some("members"), None, None)
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(none.contains("--zh and --en are missing"), "{none}");
        let titles = super::titles(
            None,
            Some("退款管理".to_owned()),
            Some("Refund Desk".to_owned()),
        );
        assert_eq!(
            titles.ok(),
            Some(("退款管理".to_owned(), "Refund Desk".to_owned()))
        );
        let error = super::key_for(None, "退款", "退款")
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("no key can be proposed") && error.contains("<key>"),
            "{error}"
        );
    }
}
