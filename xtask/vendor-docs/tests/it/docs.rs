//! `cargo xtask docs`: the drafts sheet. `todo` lists exactly what the validator refuses
//! for want of our words, method names or vendor pages (checked on several spec variants);
//! a filled sheet (as a spreadsheet saves it, UTF-8 or UTF-16) goes back with `apply`,
//! changing only those members, and the spec then loads and generates. Every bad row is a
//! located error and nothing is written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jing_spec::Sources;
use jing_vendor_docs::docs::{NOTHING, Row, SheetFormat, apply, read_sheet, todo, write_sheet};
use jing_vendor_docs::import::command::{Action, Options, run};

mod names;
mod refusals;

/// A copy of the fixture spec with the synthetic pages imported into it.
fn spec_with_drafts(tag: &str) -> PathBuf {
    let dir = crate::fixture_spec_copy(&format!("docs-{tag}"));
    let pages = [
        "widgets.openapi.yaml",
        "parts.openapi.yaml",
        "widget-moved.event.md",
    ];
    let options = Options {
        action: Action::Write,
        ..Options::new(
            pages
                .iter()
                .map(|page| crate::fixtures("import").join(page))
                .collect(),
        )
    };
    run(&dir, &options).unwrap_or_else(|error| panic!("{error:#}"));
    // A second import writes nothing.
    let again = run(&dir, &options).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(again.written.is_empty(), "{}", again.output);
    dir
}

/// A copy of the fixture spec with `01-widgets.yaml` edited: each `(from, to)` replaced
/// once (and `from` must be there).
fn variant(tag: &str, edits: &[(&str, &str)]) -> PathBuf {
    let dir = crate::fixture_spec_copy(&format!("docs-variant-{tag}"));
    let mut text = read(&dir, "01-widgets.yaml");
    for (from, to) in edits {
        assert!(text.contains(from), "{tag}: {from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(dir.join("01-widgets.yaml"), text).unwrap_or_else(|error| panic!("{error}"));
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|error| panic!("{file}: {error}"))
}

fn rows_of(dir: &Path) -> Vec<Row> {
    todo(dir, None).unwrap_or_else(|error| panic!("{error:#}"))
}

/// Every empty cell filled as a maintainer would: words in both languages, an address; a
/// proposed method name is accepted as it stands unless the validator's rule refuses it.
fn fill(rows: &[Row]) -> Vec<Row> {
    rows.iter()
        .enumerate()
        .map(|(index, row)| {
            let (zh, en) = match row.kind.as_str() {
                "vendor page" => (
                    row.zh.clone(),
                    format!("https://fixture.invalid/docs/{index}"),
                ),
                "method name" if jing_spec::name_problem(&row.en).is_none() => {
                    (row.zh.clone(), row.en.clone())
                }
                "method name" => (row.zh.clone(), format!("call_{index}")),
                // The importer's proposal, accepted as it stands.
                "type name" => (row.zh.clone(), row.en.clone()),
                kind => (
                    if row.zh.is_empty() {
                        format!("{kind}的说明。")
                    } else {
                        row.zh.clone()
                    },
                    if row.en.is_empty() {
                        format!("What the {kind} carries.\nSecond \"line\".")
                    } else {
                        row.en.clone()
                    },
                ),
            };
            Row {
                zh,
                en,
                ..row.clone()
            }
        })
        .collect()
}

fn numbered(rows: Vec<Row>) -> Vec<(usize, Row)> {
    rows.into_iter()
        .enumerate()
        .map(|(index, row)| (index + 2, row))
        .collect()
}

/// A sheet as a spreadsheet saves it: BOM, CRLF, every cell quoted, multi-line cells.
fn as_spreadsheet_saves(rows: &[Row]) -> String {
    let quote = |cell: &str| format!("\"{}\"", cell.replace('"', "\"\"").replace('\n', "\r\n"));
    let mut text = String::from("\u{feff}key\tkind\ttype\tvendor\tzh\ten\r\n");
    for row in rows {
        let cells = [&row.key, &row.kind, &row.ty, &row.vendor, &row.zh, &row.en];
        text.push_str(&cells.map(|cell| quote(cell)).join("\t"));
        text.push_str("\r\n");
    }
    text
}

fn generates(dir: &Path) {
    let spec = jing_spec::load(&Sources::dir(dir)).unwrap_or_else(|errors| panic!("{errors}"));
    let target = jing_codegen::Target {
        host: jing_codegen::Host::External,
        spec_dir: "spec".to_owned(),
    };
    assert!(!jing_codegen::generate(&spec, &target).is_empty());
}

/// The members the validator refuses for want of words, names or addresses, as it locates
/// them (`endpoints[3].doc.en` and `endpoints[3].doc.draft` are the member `endpoints[3].doc`).
fn refused_members(dir: &Path) -> BTreeSet<(String, String)> {
    let Err(errors) = jing_spec::load(&Sources::dir(dir)) else {
        return BTreeSet::new();
    };
    errors
        .iter()
        .map(|error| {
            let file = Path::new(&error.file).file_name().unwrap_or_default();
            let key = error
                .key
                .replace(".call_draft", ".call")
                .replace(".name_draft", ".name");
            let key = [".zh", ".en", ".draft"]
                .iter()
                .find_map(|suffix| key.strip_suffix(suffix))
                .map_or(key.clone(), str::to_owned);
            let key = if error.message.contains("`doc_url`") {
                format!("{key}.doc_url")
            } else {
                key
            };
            (file.to_string_lossy().into_owned(), key)
        })
        .collect()
}

/// The fixture's doc of `create_widget`.
const CREATE_DOC: &str = "    doc: {zh: \"创建部件：必填与可选成员、嵌套对象、对象数组、映射、开放枚举、关键字字段名、自定义属性、请求头参数。\", en: \"Creates a widget: required and optional members, nested objects, arrays of objects, maps, open enums, keyword field names, custom attributes, a header parameter.\"}\n";

/// Copies of the fixture spec, each with one kind of open decision: a name, a tag for its
/// folder, and the texts replaced in `01-widgets.yaml`.
type Variant = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);
static VARIANTS: &[Variant] = &[
    ("clean", "clean", &[]),
    (
        "empty language",
        "empty-language",
        &[("en: \"Size.\"", "en: \"\"")],
    ),
    (
        "missing docs on a typed endpoint and a field",
        "missing-doc",
        &[
            (CREATE_DOC, ""),
            (", doc: {zh: \"尺寸。\", en: \"Size.\"}", ""),
        ],
    ),
    (
        "call_draft",
        "call-draft",
        &[("    call: create\n", "    call_draft: create\n")],
    ),
    (
        "one-language title",
        "title",
        &[(
            "{zh: \"创建部件\", en: \"Create Widget\"}",
            "{zh: \"创建部件\", en: \"\"}",
        )],
    ),
    (
        "a group's own doc",
        "group-doc",
        &[(
            "doc:\n  zh: \"虚构的部件接口。\"\n  en: \"Made-up widget endpoints.\"\n",
            "doc:\n  vendor: \"Made-up widget endpoints.\"\n  draft: true\n",
        )],
    ),
    (
        "a method name the validator refuses",
        "bad-call",
        &[("    call: update_many\n", "    call: Update-Many\n")],
    ),
    (
        "a type name the importer found poor",
        "name-draft",
        &[(
            "  - name: get_widget\n",
            "  - name: get_widget\n    name_draft: true\n",
        )],
    ),
    (
        "an English title that is only a name",
        "title-a-name",
        &[(
            "{zh: \"创建部件\", en: \"Create Widget\"}",
            "{zh: \"创建部件\", en: \"widget\"}",
        )],
    ),
    (
        "no method name, no vendor page",
        "no-call",
        &[
            ("    call: get\n", ""),
            ("    doc_url: https://fixture.invalid/docs/get-widget\n", ""),
        ],
    ),
];

#[test]
fn the_sheet_lists_exactly_what_the_validator_refuses() {
    let mut variants: Vec<(&str, PathBuf)> = VARIANTS
        .iter()
        .map(|(name, tag, edits)| (*name, variant(tag, edits)))
        .collect();
    variants.insert(1, ("drafts", spec_with_drafts("variants")));
    for (name, dir) in &variants {
        let rows = rows_of(dir);
        let refused = refused_members(dir);
        assert_eq!(rows.is_empty(), refused.is_empty(), "{name}: {rows:#?}");
        assert_eq!(rows.len(), refused.len(), "{name}: {rows:#?}\n{refused:#?}");
        assert_eq!(
            rows.is_empty(),
            jing_spec::load(&Sources::dir(dir)).is_ok(),
            "{name}"
        );
        // The filled sheet leaves nothing to refuse.
        let filled = numbered(fill(&rows));
        apply(dir, "sheet.tsv", &filled).unwrap_or_else(|error| panic!("{name}: {error:#}"));
        assert_eq!(rows_of(dir), [], "{name}");
        generates(dir);
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The rows of the spec with drafts: a short vendor label stands as zh (the row asks for
/// en only), the proposed method name is prefilled, the vendor page is asked for, and an
/// enum value the page does not describe needs no doc.
fn rows_say_what_the_drafts_need(rows: &[Row]) {
    // The label rule: a short vendor label stands as zh, the row asks for en only.
    let trace = rows
        .iter()
        .find(|row| row.key == "01-widgets.yaml: endpoints[move_part].headers[X-Trace-Id]")
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(
        (trace.zh.as_str(), trace.en.as_str(), trace.kind.as_str()),
        ("追踪ID", "", "header")
    );
    // The proposed method name, prefilled; the vendor page to give.
    let call = rows
        .iter()
        .find(|row| row.key == "01-widgets.yaml: endpoints[list_gadgets].call")
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(
        (call.kind.as_str(), call.zh.as_str(), call.en.as_str()),
        ("method name", NOTHING, "list_gadgets")
    );
    assert!(
        rows.iter()
            .any(|row| row.key == "01-widgets.yaml: endpoints[list_gadgets].doc_url")
    );
    // The enum rule: a value the page does not describe needs no doc.
    assert!(
        !rows.iter().any(|row| row.kind == "enum value"),
        "{rows:#?}"
    );
}

/// Outside the members the sheet writes, every line of the three files is as it was
/// (`before`: `01-widgets.yaml`, `webhooks.yaml`, `api.yaml`).
fn only_the_sheets_members_changed(dir: &Path, before: &[String; 3]) {
    for (file, before) in ["01-widgets.yaml", "webhooks.yaml", "api.yaml"]
        .iter()
        .zip(before)
    {
        let after = read(dir, file);
        let diff = similar::TextDiff::from_lines(before.as_str(), after.as_str());
        for change in diff.iter_all_changes() {
            if change.tag() == similar::ChangeTag::Equal {
                continue;
            }
            let line = change.value().trim();
            let ours = [
                "doc:",
                "vendor:",
                "draft:",
                "zh:",
                "en:",
                "call:",
                "call_draft:",
                "answer:",
                "answer_draft:",
                "auth:",
                "auth_draft:",
                "doc_url:",
            ]
            .iter()
            .any(|key| line.starts_with(key));
            assert!(ours, "{file}: {:?} {line}", change.tag());
        }
    }
}

#[test]
fn a_filled_sheet_goes_back_while_drafts_are_pending_and_only_those_members_change() {
    let dir = spec_with_drafts("round-trip");
    let before = ["01-widgets.yaml", "webhooks.yaml", "api.yaml"].map(|file| read(&dir, file));
    let rows = rows_of(&dir);
    rows_say_what_the_drafts_need(&rows);

    // The webhook rows first, the group's still pending; then the rest, from a sheet as a
    // spreadsheet saves it.
    let filled = fill(&rows);
    let (events, group): (Vec<Row>, Vec<Row>) = filled
        .into_iter()
        .partition(|row| row.key.starts_with("webhooks.yaml"));
    let written =
        apply(&dir, "first.tsv", &numbered(events)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written, ["webhooks.yaml"]);
    assert_eq!(rows_of(&dir).len(), group.len());
    let sheet = as_spreadsheet_saves(&group);
    let read_back = read_sheet(&sheet, SheetFormat::Tsv).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(read_back.len(), group.len());
    let written = apply(&dir, "sheet.tsv", &read_back).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written, ["01-widgets.yaml"]);
    assert_eq!(rows_of(&dir), []);
    generates(&dir);

    only_the_sheets_members_changed(&dir, &before);
    let group = read(&dir, "01-widgets.yaml");
    assert!(group.contains(
        "doc: {zh: \"追踪ID\", en: \"What the header carries.\\nSecond \\\"line\\\".\"}"
    ));
    assert!(
        group.contains("  - name: list_gadgets\n    call: list_gadgets\n"),
        "{group}"
    );
    assert!(!group.contains("call_draft"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_group_files_own_doc_and_a_title_are_replaced_in_place() {
    let dir = variant(
        "own-doc",
        &[
            (
                "doc:\n  zh: \"虚构的部件接口。\"\n  en: \"Made-up widget endpoints.\"\n",
                "doc:\n  vendor: \"Made-up widget endpoints.\"\n  draft: true\n",
            ),
            (
                "{zh: \"创建部件\", en: \"Create Widget\"}",
                "{zh: \"创建部件\", en: \"\"}",
            ),
        ],
    );
    let rows = rows_of(&dir);
    let keys: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| (row.key.as_str(), row.kind.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("01-widgets.yaml: doc", "file"),
            (
                "01-widgets.yaml: endpoints[create_widget].title",
                "endpoint title"
            ),
        ]
    );
    assert_eq!((rows[1].zh.as_str(), rows[1].en.as_str()), ("创建部件", ""));
    apply(&dir, "sheet.tsv", &numbered(fill(&rows))).unwrap_or_else(|error| panic!("{error:#}"));
    let text = read(&dir, "01-widgets.yaml");
    assert_eq!(text.matches("\ndoc:").count(), 1, "{text}");
    assert!(text.contains("\ndoc: {zh: \"file的说明。\", en: \"What the file carries.\\nSecond \\\"line\\\".\"}\nendpoints:\n"), "{text}");
    assert!(text.contains("    title: {zh: \"创建部件\", en: \"What the endpoint title carries.\\nSecond \\\"line\\\".\"}\n"), "{text}");
    generates(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_docs_are_added_in_block_and_flow_items() {
    let dir = spec_with_drafts("missing");
    // Take the docs away from a flow item.
    let text = read(&dir, "01-widgets.yaml");
    let text = text.replacen(
        "      - {name: widgetId, type: string, required: true, doc: {zh: \"部件 ID。\", en: \"Widget id.\"}}",
        "      - {name: widgetId, type: string, required: true}",
        1,
    );
    std::fs::write(dir.join("01-widgets.yaml"), &text).unwrap_or_else(|error| panic!("{error}"));
    let rows = todo(&dir, Some("widgets")).unwrap_or_else(|error| panic!("{error:#}"));
    let missing: Vec<&Row> = rows
        .iter()
        .filter(|row| row.key.contains("[widgetId]"))
        .collect();
    assert_eq!(missing.len(), 1, "{rows:#?}");
    apply(&dir, "sheet.tsv", &numbered(fill(&rows))).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(read(&dir, "01-widgets.yaml").contains(
        "- {name: widgetId, type: string, required: true, doc: {zh: \"query parameter的说明。\", en: \"What the query parameter carries.\\nSecond \\\"line\\\".\"}}"
    ));
    assert_eq!(
        todo(&dir, Some("widgets")).map(|rows| rows.len()).ok(),
        Some(0)
    );
    // The YAML form of the sheet reads back too.
    let yaml = write_sheet(&rows, SheetFormat::Yaml).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        read_sheet(&yaml, SheetFormat::Yaml)
            .map(|rows| rows.len())
            .ok(),
        Some(rows.len())
    );
    let _ = std::fs::remove_dir_all(&dir);
}
