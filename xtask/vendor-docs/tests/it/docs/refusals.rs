//! What the sheet refuses, located, with nothing written: bad rows, method names the
//! validator would refuse, sheets in an encoding that cannot be read, unknown groups.

use jing_vendor_docs::docs::{NOTHING, Row, SheetFormat, apply, decode_sheet, read_sheet, todo};

use super::{as_spreadsheet_saves, generates, numbered, read, rows_of, spec_with_drafts, variant};

#[test]
fn method_names_are_checked_as_the_validator_checks_them() {
    let dir = variant(
        "names",
        &[
            ("    call: create\n", "    call_draft: create\n"),
            ("    call: update_many\n", "    call_draft: update_many\n"),
        ],
    );
    let rows = rows_of(&dir);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let with = |names: [&str; 2]| -> Vec<(usize, Row)> {
        let rows = rows
            .iter()
            .zip(names)
            .map(|(row, name)| Row {
                en: name.to_owned(),
                ..row.clone()
            })
            .collect();
        numbered(rows)
    };
    let before = read(&dir, "01-widgets.yaml");
    for (names, message) in [
        (
            ["Create-It", "update_many"],
            "sheet.tsv:2: the method name `Create-It` is not a snake_case identifier",
        ),
        (
            ["create", "fn"],
            "sheet.tsv:3: the method name `fn` is a Rust keyword",
        ),
        (
            ["create", "get"],
            "sheet.tsv:3: the method name `get` is taken by `get_widget`",
        ),
        (
            ["same", "same"],
            "sheet.tsv:3: the method name `same` is taken by `create_widget`",
        ),
        (["create", ""], "sheet.tsv:3: `en` is empty"),
    ] {
        let error = match apply(&dir, "sheet.tsv", &with(names)) {
            Ok(written) => panic!("{names:?} must be refused, wrote {written:?}"),
            Err(error) => format!("{error:#}"),
        };
        assert!(error.contains(message), "{message}\n{error}");
        assert_eq!(read(&dir, "01-widgets.yaml"), before, "nothing is written");
    }
    // One proposal accepted as it stands, one replaced.
    apply(&dir, "sheet.tsv", &with(["create", "update_all"]))
        .unwrap_or_else(|error| panic!("{error:#}"));
    let text = read(&dir, "01-widgets.yaml");
    assert!(text.contains("    call: create\n") && text.contains("    call: update_all\n"));
    assert!(!text.contains("call_draft"));
    generates(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sheets_saved_as_unicode_text_read_and_other_encodings_are_refused_with_advice() {
    let dir = variant("utf16", &[("en: \"Size.\"", "en: \"\"")]);
    let rows = rows_of(&dir);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let filled = vec![Row {
        zh: "尺寸（厘米）。".to_owned(),
        en: "Size in centimetres.".to_owned(),
        ..rows[0].clone()
    }];
    let text = as_spreadsheet_saves(&filled).replace('\u{feff}', "");
    let units: Vec<u16> = text.encode_utf16().collect();
    let little: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(units.iter().flat_map(|unit| unit.to_le_bytes()))
        .collect();
    let big: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(units.iter().flat_map(|unit| unit.to_be_bytes()))
        .collect();
    for bytes in [&little, &big] {
        let decoded = decode_sheet(bytes).unwrap_or_else(|error| panic!("{error}"));
        let read_back =
            read_sheet(&decoded, SheetFormat::Tsv).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(read_back.len(), 1);
        assert_eq!(read_back[0].1.zh, "尺寸（厘米）。");
    }
    let read_back = read_sheet(&decode_sheet(&big).unwrap_or_default(), SheetFormat::Tsv)
        .unwrap_or_else(|error| panic!("{error}"));
    apply(&dir, "sheet.txt", &read_back).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(
        read(&dir, "01-widgets.yaml")
            .contains("doc: {zh: \"尺寸（厘米）。\", en: \"Size in centimetres.\"}")
    );
    assert_eq!(rows_of(&dir), []);

    // GBK bytes (尺寸), UTF-16 without its byte order mark, UTF-16 cut off.
    let no_bom: Vec<u8> = units.iter().flat_map(|unit| unit.to_le_bytes()).collect();
    for (bytes, what) in [
        (&[0xB3, 0xDF, 0xB4, 0xE7][..], "not UTF-8"),
        (&no_bom[..], "UTF-16 without a byte order mark"),
        (&little[..little.len() - 1], "odd number of bytes"),
    ] {
        let error = decode_sheet(bytes).err().unwrap_or_default();
        assert!(error.contains(what), "{what}: {error}");
        assert!(error.contains("save it as UTF-8"), "{error}");
        assert!(error.contains("\"Unicode text\""), "{error}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_group_is_an_error_naming_the_groups() {
    let dir = variant("groups", &[]);
    let error = todo(&dir, Some("widget"))
        .err()
        .map(|error| format!("{error:#}"));
    let error = error.unwrap_or_default();
    assert!(
        error.contains("`widget` is not a group")
            && error.contains("api, widgets, pallets, webhooks"),
        "{error}"
    );
    assert_eq!(
        todo(&dir, Some("widgets")).map(|rows| rows.len()).ok(),
        Some(0)
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
        (
            8,
            row(
                "01-widgets.yaml: endpoints[peek_part].doc_url",
                NOTHING,
                "not a page",
            ),
        ),
        (
            9,
            row(
                "01-widgets.yaml: endpoints[peek_part].method",
                NOTHING,
                "GET",
            ),
        ),
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
        "sheet.tsv:8: `not a page` is not the address of a page",
        "sheet.tsv:9: `method` is not something the sheet writes",
    ] {
        assert!(error.contains(located), "{located}\n{error}");
    }
    assert!(!error.contains("sheet.tsv:2"), "{error}");
    assert_eq!(read(&dir, "01-widgets.yaml"), before, "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_member_named_by_two_keys_is_a_bad_row_naming_both() {
    let dir = spec_with_drafts("same-member");
    let before = read(&dir, "01-widgets.yaml");
    let row = |key: &str, zh: &str, en: &str| Row {
        key: key.to_owned(),
        kind: String::new(),
        ty: String::new(),
        vendor: String::new(),
        zh: zh.to_owned(),
        en: en.to_owned(),
    };
    let header = "01-widgets.yaml: endpoints[move_part].headers[X-Trace-Id]";
    let rows = vec![
        (
            2,
            row(
                "01-widgets.yaml: endpoints[create_widget].title",
                "创建部件",
                "Create a widget",
            ),
        ),
        (
            3,
            row("01-widgets.yaml: endpoints[#0].title", "创建", "Create"),
        ),
        (4, row(header, "追踪 ID。", "Trace id.")),
        (
            5,
            row(&format!("{header}.doc"), "追踪标识，很长很长。", "Trace."),
        ),
    ];
    let error = match apply(&dir, "sheet.tsv", &rows) {
        Ok(written) => panic!("a member named twice must be refused, wrote {written:?}"),
        Err(error) => format!("{error:#}"),
    };
    for located in [
        "sheet.tsv:3: `01-widgets.yaml: endpoints[#0].title` names the same member as `01-widgets.yaml: endpoints[create_widget].title` on row 2 (sheet.tsv:2)",
        "sheet.tsv:5: `01-widgets.yaml: endpoints[move_part].headers[X-Trace-Id].doc` names the same member as `01-widgets.yaml: endpoints[move_part].headers[X-Trace-Id]` on row 4 (sheet.tsv:4)",
    ] {
        assert!(error.contains(located), "{located}\n{error}");
    }
    assert!(error.starts_with("2 bad row(s)"), "{error}");
    assert_eq!(read(&dir, "01-widgets.yaml"), before, "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
}
