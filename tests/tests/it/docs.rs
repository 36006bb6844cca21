//! `cargo xtask docs`: the drafts sheet. Pages imported into a copy of the fixture spec
//! leave docs to write; `todo` lists them, a filled sheet (as a spreadsheet saves it)
//! goes back with `apply`, changing only those docs, and the spec then loads and
//! generates. Every bad row is a located error and nothing is written.

use std::path::{Path, PathBuf};

use jing_spec::Sources;
use jing_vendor_docs::docs::{Row, SheetFormat, apply, read_sheet, todo, write_sheet};
use jing_vendor_docs::import::command::{Action, Options, run};

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
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|error| panic!("{file}: {error}"))
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

#[test]
fn a_filled_sheet_goes_back_and_only_the_docs_change() {
    let dir = spec_with_drafts("round-trip");
    let before = ["01-widgets.yaml", "webhooks.yaml", "api.yaml"].map(|file| read(&dir, file));
    let rows = todo(&dir, None).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(rows.len() >= 20, "{rows:#?}");
    // The label rule: a short vendor label stands as zh, the row asks for en only.
    let trace = rows
        .iter()
        .find(|row| row.key == "01-widgets.yaml: endpoints[move_part].headers[X-Trace-Id]")
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(
        (trace.zh.as_str(), trace.en.as_str(), trace.kind.as_str()),
        ("追踪ID", "", "header")
    );
    // The enum rule: a value the page does not describe needs no doc.
    assert!(
        !rows.iter().any(|row| row.kind == "enum value"),
        "{rows:#?}"
    );
    assert!(
        rows.iter()
            .any(|row| row.key.starts_with("webhooks.yaml: shapes["))
    );

    // Filled as a person would, one cell over two lines, saved by a spreadsheet.
    let filled: Vec<Row> = rows
        .iter()
        .map(|row| Row {
            zh: if row.zh.is_empty() {
                format!("{}的说明。", row.kind)
            } else {
                row.zh.clone()
            },
            en: format!("What the {} carries.\nSecond \"line\".", row.kind),
            ..row.clone()
        })
        .collect();
    let sheet = as_spreadsheet_saves(&filled);
    let read_back = read_sheet(&sheet, SheetFormat::Tsv).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(read_back.len(), filled.len());
    let written = apply(&dir, "sheet.tsv", &read_back).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written, ["01-widgets.yaml", "webhooks.yaml"]);
    assert_eq!(todo(&dir, None).map(|rows| rows.len()).ok(), Some(0));

    // Outside the docs every line is as it was.
    for (file, before) in ["01-widgets.yaml", "webhooks.yaml", "api.yaml"]
        .iter()
        .zip(&before)
    {
        let after = read(&dir, file);
        let diff = similar::TextDiff::from_lines(before.as_str(), after.as_str());
        for change in diff.iter_all_changes() {
            if change.tag() == similar::ChangeTag::Equal {
                continue;
            }
            let line = change.value().trim();
            let doc_line = ["doc:", "vendor:", "draft:", "zh:", "en:"]
                .iter()
                .any(|key| line.starts_with(key));
            assert!(doc_line, "{file}: {:?} {line}", change.tag());
        }
    }
    assert!(read(&dir, "01-widgets.yaml").contains(
        "doc: {zh: \"追踪ID\", en: \"What the header carries.\\nSecond \\\"line\\\".\"}"
    ));

    // What remains is not docs: the proposed method names and the saved pages' addresses.
    let group: String = read(&dir, "01-widgets.yaml")
        .split_inclusive('\n')
        .map(|line| match line.strip_prefix("    call_draft: ") {
            Some(call) => {
                format!("    call: {call}    doc_url: https://fixture.invalid/docs/new\n")
            }
            None => line.to_owned(),
        })
        .collect();
    std::fs::write(dir.join("01-widgets.yaml"), group).unwrap_or_else(|error| panic!("{error}"));
    let spec = jing_spec::load(&Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{errors}"));
    let target = jing_codegen::Target {
        host: jing_codegen::Host::External,
        spec_dir: "spec".to_owned(),
    };
    let files = jing_codegen::generate(&spec, &target);
    assert!(
        files
            .iter()
            .any(|file| file.contents.contains("pub struct PeekPart"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_rows_are_located_and_nothing_is_written() {
    let dir = spec_with_drafts("bad-rows");
    let before = read(&dir, "01-widgets.yaml");
    let row = |key: &str, zh: &str, en: &str| Row {
        key: key.to_owned(),
        kind: String::new(),
        ty: String::new(),
        vendor: String::new(),
        zh: zh.to_owned(),
        en: en.to_owned(),
    };
    let good = "01-widgets.yaml: endpoints[move_part].headers[X-Trace-Id]";
    let rows = vec![
        (2, row(good, "追踪 ID。", "Trace id.")),
        (
            3,
            row("01-widgets.yaml: endpoints[gone]", "没了。", "Gone."),
        ),
        (4, row(good, "又一次。", "Again.")),
        (
            5,
            row("01-widgets.yaml: endpoints[peek_part]", "查看。", ""),
        ),
        (6, row("99-nothing.yaml: endpoints[x]", "无。", "None.")),
        (7, row("no key at all", "无。", "None.")),
    ];
    let error = match apply(&dir, "sheet.tsv", &rows) {
        Ok(written) => panic!("bad rows must be refused, wrote {written:?}"),
        Err(error) => format!("{error:#}"),
    };
    for located in [
        "sheet.tsv:3: `01-widgets.yaml: endpoints[gone]` names nothing",
        "sheet.tsv:4: the key",
        "sheet.tsv:5: `en` is empty",
        "sheet.tsv:6: `99-nothing.yaml` is not a file of the spec",
        "sheet.tsv:7: `no key at all` is not a key",
    ] {
        assert!(error.contains(located), "{located}\n{error}");
    }
    assert!(!error.contains("sheet.tsv:2"), "{error}");
    assert_eq!(read(&dir, "01-widgets.yaml"), before, "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_docs_are_added_in_block_and_flow_items() {
    let dir = spec_with_drafts("missing");
    // Take the docs away from a block item and from a flow item.
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
    let filled: Vec<(usize, Row)> = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            (
                index + 2,
                Row {
                    zh: "说明。".to_owned(),
                    en: "Words.".to_owned(),
                    ..row.clone()
                },
            )
        })
        .collect();
    apply(&dir, "sheet.tsv", &filled).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(read(&dir, "01-widgets.yaml").contains(
        "- {name: widgetId, type: string, required: true, doc: {zh: \"说明。\", en: \"Words.\"}}"
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
