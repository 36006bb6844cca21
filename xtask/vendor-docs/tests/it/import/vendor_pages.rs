//! The maintainer's loop on synthetic pages made the way other vendors' apifox sites render
//! theirs (`tests/fixtures/import/pages/`, made up, not the Jing API): a fence inside the yaml
//! block (indented, in a four-backtick and in a tilde block), `nullable`, `number` members
//! with integer examples, an id beyond i64, enum labels, parameter examples, defaults and
//! limits, an alternative answer, `Content-Type` header parameters, answers outside the Jing
//! envelope (`ret`, `code: 1`, `code: "0000"`, no `data`), a bearer and an API-key scheme.
//!
//! From the fixture spec as it was before them (the page of widgets not in `widgets`, the
//! `pallets` group empty), the loop imports the pages into the existing group and the new
//! one (each import twice, the second writing nothing), a maintainer overrides four facts
//! of a page that needs fixing, fills the sheet as a spreadsheet saves it (UTF-16, CRLF)
//! and applies it: the result is byte for byte the fixture spec that `jing-fixture-api`
//! compiles and `fixture_endpoints` checks endpoint by endpoint; importing the pages again
//! writes nothing, and `import --check` then passes.

use std::path::{Path, PathBuf};

use jing_spec::Sources;
use jing_vendor_docs::docs::{self, Row, SheetFormat};
use jing_vendor_docs::import::command::{Action, Options, run};

use super::writes::{folder_bytes, write_twice_into};

/// The pages, and the group file each lands in.
const PAGES: &[(&str, &str)] = &[
    ("weigh-widget.apifox.md", WIDGETS),
    ("list-pallets.apifox.md", PALLETS),
    ("stack-pallet.apifox.md", PALLETS),
    ("count-pallets.apifox.md", PALLETS),
    ("drop-pallet.apifox.md", PALLETS),
    ("move-pallet.apifox.md", PALLETS),
];
const WIDGETS: &str = "01-widgets.yaml";
const PALLETS: &str = "02-pallets.yaml";
/// The entry the widgets page gives, the last of the widgets group.
const WEIGH: &str = "  - name: weigh_widget\n";

fn page(name: &str) -> PathBuf {
    crate::fixtures("import").join("pages").join(name)
}

fn text(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|error| panic!("{file}: {error}"))
}

/// The fixture spec as it was before the pages: `weigh_widget` not yet in `widgets`, and
/// `pallets` a group without endpoints (as a maintainer starts a new group).
fn before(tag: &str) -> PathBuf {
    let dir = crate::fixture_spec_copy(tag);
    let widgets = text(&dir, WIDGETS);
    // (The loop's test compares the result with the fixture, so a fixture without the
    // entry yet is read as it is.)
    let cut = widgets.find(WEIGH).unwrap_or(widgets.len());
    std::fs::write(dir.join(WIDGETS), &widgets[..cut]).unwrap_or_else(|error| panic!("{error}"));
    let pallets = text(&dir, PALLETS);
    let heading = pallets
        .find("endpoints:")
        .unwrap_or_else(|| panic!("the pallets group lists endpoints"));
    let empty = format!("{}endpoints: []\n", &pallets[..heading]);
    std::fs::write(dir.join(PALLETS), empty).unwrap_or_else(|error| panic!("{error}"));
    dir
}

fn options(files: Vec<PathBuf>, action: Action) -> Options {
    Options {
        action,
        ..Options::new(files)
    }
}

/// Every page's facts, counted at its first import: what the spec holds as the page states
/// it, otherwise, and not at all (each drop a decision), per page; `--json` carries them.
#[test]
fn each_page_counts_its_facts() {
    let dir = before("vendor-count");
    let files: Vec<PathBuf> = PAGES.iter().map(|(name, _)| page(name)).collect();
    let outcome = run(
        &dir,
        &Options {
            json: true,
            ..Options::new(files)
        },
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    let json: serde_json::Value = serde_json::from_str(&outcome.output).unwrap_or_default();
    let counts: Vec<(String, u64, u64, u64)> = json["endpoints"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| {
            let facts = &entry["facts"];
            let count = |key: &str| facts[key].as_u64().unwrap_or(u64::MAX);
            let title = entry["title"]["en"].as_str().unwrap_or_default().to_owned();
            (title, count("matched"), count("changed"), count("dropped"))
        })
        .collect();
    let expected = [
        ("Weigh Widget", 71, 0, 3),
        ("List Pallets", 41, 0, 0),
        ("Stack Pallet", 22, 0, 0),
        ("Count Pallets", 14, 0, 0),
        ("Drop Pallet", 11, 0, 0),
        ("Move Pallet", 24, 0, 0),
    ];
    let expected: Vec<(String, u64, u64, u64)> = expected
        .iter()
        .map(|(title, matched, changed, dropped)| {
            ((*title).to_owned(), *matched, *changed, *dropped)
        })
        .collect();
    assert_eq!(counts, expected, "{}", outcome.output);
    // The drops are the alternative answer, the example's `grade` in text where the page
    // types it an integer, and so the example, held back (it would not decode); each is a
    // decision.
    let weigh = &json["endpoints"][0];
    assert_eq!(
        weigh["facts"]["dropped_facts"],
        serde_json::json!([
            "examples.response",
            "answers.x-200:失败",
            "page.examples.response.grade:type"
        ])
    );
    assert_eq!(
        weigh["status"], "partial",
        "a page that drops facts is not documented"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `import --check` fails while the pages leave decisions open, and on a page whose yaml
/// block is cut short (named with its line), whatever else the run reads.
#[test]
fn check_fails_on_open_decisions_and_on_a_block_not_read_whole() {
    let dir = before("vendor-check");
    let files: Vec<PathBuf> = PAGES.iter().map(|(name, _)| page(name)).collect();
    write_twice_into(&files, None, &dir);
    let checked = run(&dir, &options(files.clone(), Action::Check))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(checked.differences > 0, "{}", checked.output);
    let whole = std::fs::read_to_string(page("weigh-widget.apifox.md")).unwrap_or_default();
    let cut_at = whole.find("          headers: {}").unwrap_or(whole.len());
    let cut = dir.join("cut.apifox.md");
    std::fs::write(&cut, &whole[..cut_at]).unwrap_or_else(|error| panic!("{error}"));
    let outcome =
        run(&dir, &options(vec![cut], Action::Check)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(outcome.unread.len(), 1, "{}", outcome.output);
    assert!(
        outcome.unread[0].contains("cut.apifox.md: line 15: ")
            && outcome.unread[0].contains("not closed"),
        "{}",
        outcome.unread[0]
    );
    assert!(outcome.differences > 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// What a maintainer makes of the widgets page: its example states `grade` as text, which
/// the page types an integer, so the import held it back (a decision); the maintainer
/// writes it corrected; the trace header is not wanted (removed); `unit` has a default, so
/// it is not required (relaxed); `batch` holds whole numbers (narrowed). Each is marked
/// ours, so no import puts the page's back.
fn overridden(widgets: &str) -> String {
    let start = widgets.find(WEIGH).unwrap_or_else(|| panic!("{widgets}"));
    let (head, entry) = widgets.split_at(start);
    let trace = "      - name: X-Trace-Id\n        type: string\n        required: false\n        doc: {zh: \"追踪ID\"}\n";
    let unit = "      - name: unit\n        type: string\n        required: true\n";
    let batch = "      - name: batch\n        type: number\n";
    for part in [trace, unit, batch, "    decisions:\n"] {
        assert!(entry.contains(part), "{part}\n{entry}");
    }
    assert!(
        !entry.contains("\"grade\": \"heavy\""),
        "an example that would not decode is held back\n{entry}"
    );
    let example = "    examples:\n      response: |-\n        {\n          \"request_id\": \"r1\",\n          \"code\": 0,\n          \"msg\": \"success\",\n          \"data\": {\n            \"id\": 14287734111135740000,\n            \"weight\": 12,\n            \"grade\": 2,\n            \"label\": null,\n            \"measuredAt\": 1770194570564,\n            \"readings\": [\n              12,\n              12.5\n            ]\n          }\n        }\n";
    let mut entry = entry
        .replace(trace, "")
        .replace(unit, &unit.replace("required: true", "required: false"))
        .replace(batch, &batch.replace("number", "integer"))
        .replace(
            "    decisions:\n",
            &format!("{example}    overrides:\n      - examples.response\n      - headers.X-Trace-Id\n      - query.unit:required\n      - query.batch:type\n    decisions:\n"),
        );
    // The example ours settles the decisions its mistyped `grade` raised (the example held
    // back, and `grade`'s type in it): the maintainer removes them with the override.
    for flagged in [
        "      - fact: examples.response\n",
        "      - fact: page.examples.response.grade:type\n",
    ] {
        let at = entry
            .find(flagged)
            .unwrap_or_else(|| panic!("the mistyped example is a decision\n{entry}"));
        let rest = &entry[at + flagged.len()..];
        let end = ["\n      - ", "\n    notes:"]
            .iter()
            .filter_map(|next| rest.find(next))
            .min()
            .map_or(rest.len(), |end| end + 1);
        entry = format!("{}{}", &entry[..at], &rest[end..]);
    }
    format!("{head}{entry}")
}

/// Our words for a row of the sheet, as a maintainer writes them: a decision about an
/// alternative answer or a security scheme in words fitting it, anything else generic;
/// proposed names and answers accepted as they stand; an address for each vendor page.
fn filled(rows: &[Row]) -> Vec<Row> {
    rows.iter()
        .map(|row| {
            let mut row = row.clone();
            // The item the row is about: the last name in brackets of its key.
            let name = row
                .key
                .rsplit_once('[')
                .and_then(|(_, rest)| rest.split_once(']'))
                .map_or("", |(name, _)| name)
                .to_owned();
            match row.kind.as_str() {
                "method name" | "answer" => {}
                // The pallets' API key goes with Jing's auth headers: the maintainer answers
                // the importer's `none` so (kept by every import after).
                "auth" if row.key.contains("[list_pallets]") => row.en = "headers".to_owned(),
                "auth" => {}
                "vendor page" => {
                    row.en = format!("https://fixture.invalid/vendor/{name}");
                }
                "decision" if row.key.contains("answers.") => {
                    row.zh = "失败时的应答：客户端以 Error::Api 报告。".to_owned();
                    row.en =
                        "The answer on failure: the client reports it as Error::Api.".to_owned();
                }
                "decision" => {
                    row.zh = "凭据由调用方作为请求头传入。".to_owned();
                    row.en = "The caller passes the credential as a header.".to_owned();
                }
                kind => {
                    if row.zh.is_empty() {
                        row.zh = format!("合成页面的「{name}」。");
                    }
                    if row.en.is_empty() {
                        row.en = format!("The {kind} `{name}` of the synthetic pages.");
                    }
                }
            }
            row
        })
        .collect()
}

/// `rows` as a spreadsheet saves a sheet as "Unicode text": UTF-16 LE with its BOM, CRLF,
/// every cell quoted.
fn as_unicode_text(rows: &[Row]) -> Vec<u8> {
    let quote = |cell: &str| format!("\"{}\"", cell.replace('"', "\"\"").replace('\n', "\r\n"));
    let mut text = String::from("key\tkind\ttype\tvendor\tzh\ten\r\n");
    for row in rows {
        let cells = [&row.key, &row.kind, &row.ty, &row.vendor, &row.zh, &row.en];
        text.push_str(&cells.map(|cell| quote(cell)).join("\t"));
        text.push_str("\r\n");
    }
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// The whole loop: the pages imported into an existing and a new group, four facts
/// overridden, the sheet filled and applied; the spec is then the fixture spec, byte for
/// byte, and importing the pages again writes nothing and checks clean.
#[test]
fn the_loop_on_the_pages_gives_the_fixture_spec() {
    let dir = before("vendor-loop");
    let widgets_page = vec![page(PAGES[0].0)];
    let pallet_pages: Vec<PathBuf> = PAGES[1..].iter().map(|(name, _)| page(name)).collect();
    // Into the existing group by the page's folder, into the new one by theirs.
    let output = write_twice_into(&widgets_page, None, &dir);
    assert!(
        output.contains(&format!("wrote {}", dir.join(WIDGETS).display())),
        "{output}"
    );
    let output = write_twice_into(&pallet_pages, None, &dir);
    assert!(
        output.contains(&format!("wrote {}", dir.join(PALLETS).display())),
        "{output}"
    );
    assert!(super::extensions_only_named(&text(&dir, WIDGETS)));

    // The maintainer's overrides; the next import keeps them, each said.
    let widgets = overridden(&text(&dir, WIDGETS));
    std::fs::write(dir.join(WIDGETS), &widgets).unwrap_or_else(|error| panic!("{error}"));
    let output = write_twice_into(&widgets_page, None, &dir);
    assert!(!output.contains("wrote "), "{output}");
    assert_eq!(text(&dir, WIDGETS), widgets, "{output}");
    for kept in [
        "kept `examples.response`: the examples differ first at `data.grade`: ours 2, the page \"heavy\"",
        "kept `headers.X-Trace-Id`: left out; the page says present",
        "kept `query.unit:required`: false; the page says true",
        "kept `query.batch:type`: integer; the page says number",
    ] {
        assert!(output.contains(kept), "{kept}\n{output}");
    }

    // The sheet, as a spreadsheet saves it, applied.
    let rows = docs::todo(&dir, None).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(rows.iter().any(|row| row.kind == "answer"), "{rows:#?}");
    assert!(rows.iter().any(|row| row.kind == "decision"), "{rows:#?}");
    let written = docs::write_sheet(&rows, SheetFormat::Tsv).unwrap_or_default();
    assert!(written.contains("answer"), "{written}");
    let saved = as_unicode_text(&filled(&rows));
    let decoded = docs::decode_sheet(&saved).unwrap_or_else(|error| panic!("{error}"));
    let read =
        docs::read_sheet(&decoded, SheetFormat::Tsv).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(read.len(), rows.len());
    docs::apply(&dir, "sheet.tsv", &read).unwrap_or_else(|error| panic!("{error:#}"));
    let rows = docs::todo(&dir, None).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(rows, [], "nothing is left open");
    let spec = jing_spec::load(&Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{errors}"));
    assert!(spec.groups.iter().any(|group| group.key == "pallets"));

    // The spec is the fixture's: what jing-fixture-api compiles and fixture_endpoints checks.
    for file in [WIDGETS, PALLETS] {
        let fixture =
            std::fs::read_to_string(crate::fixtures("spec").join(file)).unwrap_or_default();
        assert!(
            text(&dir, file) == fixture,
            "{file}: the loop gives another spec than the fixture's (left in {})",
            dir.display()
        );
    }

    // Again: nothing is written, and the pages check clean against the spec.
    let decided = folder_bytes(&dir);
    let all: Vec<PathBuf> = PAGES.iter().map(|(name, _)| page(name)).collect();
    let output = write_twice_into(&all, None, &dir);
    assert!(!output.contains("wrote "), "{output}");
    assert!(folder_bytes(&dir) == decided, "the maintainer's word lasts");
    // `auth: headers`, answered in the sheet against the page's own key, is kept and said.
    let kept = "kept `auth`: headers; the page says none";
    assert!(output.contains(kept), "{kept}\n{output}");
    let checked =
        run(&dir, &options(all, Action::Check)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(checked.differences, 0, "{}", checked.output);
    let _ = std::fs::remove_dir_all(&dir);
}

/// What the spec has no place for (a parameter in a cookie, a body of another media type)
/// is a decision the validator takes as open, so `--write` writes it and the sheet lists it.
#[test]
fn what_the_spec_has_no_place_for_is_an_open_decision() {
    let dir = crate::fixture_spec_copy("vendor-no-place");
    let page = dir.join("tag-widget.apifox.md");
    let text = "# 标记部件(Tag Widget)\n\nSYNTHETIC FIXTURE: made up, not the Jing API.\n\n```yaml\nopenapi: 3.0.1\ninfo: {title: '', version: 1.0.0}\npaths:\n  /v1/widget/tag:\n    post:\n      summary: 标记部件(Tag Widget)\n      x-apifox-folder: 部件(Widgets)\n      parameters:\n        - {name: sid, in: cookie, required: true, schema: {type: string}}\n      requestBody:\n        content:\n          text/plain:\n            schema: {type: object, properties: {tag: {type: string}}}\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {type: object, properties: {code: {type: integer}, msg: {type: string}, data: {type: object, properties: {}}}}\n```\n";
    std::fs::write(&page, text).unwrap_or_else(|error| panic!("{error}"));
    let output = write_twice_into(&[page], None, &dir);
    assert!(output.contains("wrote "), "{output}");
    let pending = jing_spec::load_pending(&Sources::dir(&dir))
        .unwrap_or_else(|errors| panic!("only decisions are open:\n{errors}"));
    let widgets = text_of(&dir);
    for fact in ["fact: page.cookie.sid", "fact: body:content_type"] {
        assert!(widgets.contains(fact), "{fact}\n{widgets}");
    }
    assert!(
        pending
            .open
            .iter()
            .any(|open| open.key.contains(".decisions["))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn text_of(dir: &Path) -> String {
    text(dir, WIDGETS)
}
