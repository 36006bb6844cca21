//! Pages shaped like other vendors' apifox pages (`tests/fixtures/import/vendors/`, made
//! up, not the Jing API), each carrying what a maintainer met running real pages through
//! the loop (issue #28): a nullable `$ref` (`anyOf` with `null`, `allOf` made `nullable`),
//! members beside `data`, maps (`additionalProperties`), an empty-string enum value, a
//! credential in the query, a date-like example, placeholders in examples, a second
//! example, a `default` error answer without a body, an English-only title with an
//! apostrophe. Imported into a new and an existing group, every import twice; the sheet
//! filled and saved as a spreadsheet saves it (UTF-16 with its BOM, CRLF), applied; the
//! spec then loads and generates, and a re-import changes nothing, also after a
//! maintainer's override.

use std::path::{Path, PathBuf};

use jing_spec::Sources;
use jing_vendor_docs::docs::{
    Row, SheetFormat, apply, decode_sheet, read_sheet, todo, write_sheet,
};
use jing_vendor_docs::import::command::{Options, run};

use super::import_fixture;
use super::writes::{folder_bytes, write_twice_into};

const TRACK: &str = "vendors/track-parcel.apifox.md";
const SHOPS: &str = "vendors/list-shops.apifox.md";
const HOOK: &str = "vendors/remove-hook.apifox.md";

fn page(name: &str) -> Vec<PathBuf> {
    vec![import_fixture(name)]
}

fn text(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|error| panic!("{file}: {error}"))
}

/// The fixture spec with a new group `parcels` (added as `cargo xtask group add` adds it,
/// the key proposed from the English title), the three pages imported, each twice.
fn imported(tag: &str) -> PathBuf {
    let dir = crate::fixture_spec_copy(tag);
    let key = jing_vendor_docs::group::key_for(None, "包裹", "Parcels")
        .unwrap_or_else(|error| panic!("{error}"));
    let group = jing_vendor_docs::group::NewGroup {
        key,
        title: ("包裹".to_owned(), "Parcels".to_owned()),
        doc: None,
    };
    jing_vendor_docs::group::add(&dir, &group).unwrap_or_else(|error| panic!("{error:#}"));
    write_twice_into(&page(TRACK), Some("parcels"), &dir);
    write_twice_into(&page(SHOPS), Some("widgets"), &dir);
    write_twice_into(&page(HOOK), Some("widgets"), &dir);
    dir
}

#[test]
fn vendor_shapes_import_whole_or_as_decisions() {
    let dir = imported("vendor-shapes");
    let parcels = text(&dir, "03-parcels.yaml");
    let widgets = text(&dir, "01-widgets.yaml");
    let held = [
        // A nullable `$ref` is the referenced object, nullable; so is `allOf` + nullable.
        "        - name: carrier\n          type: object\n          required: true\n          nullable: true\n",
        "        - name: courier\n          type: object\n          required: true\n          nullable: true\n",
        // Maps, with and without `type: object`.
        "        - name: extra\n          type: map<string>\n",
        // The empty-string enum value, its label kept.
        "            - value: ''\n              doc: {vendor: \"Not yet seen\", draft: true}\n",
        // A date-like example stays text in any YAML reader.
        "        example: \"2024-01-01\"\n",
        // The credential in the query is secret, and a decision.
        "      - fact: security.token\n",
        // Members beside `data`: decisions, never a silent drop; the second example kept,
        // by its summary (a reader's name for it), not its key (`unknown`).
        "      - fact: page.answer.total\n",
        "      - fact: page.answer.page\n",
        "      more:\n        - name: Not yet seen\n          response: ",
        // The apostrophe's `s` leaves no one-letter word in the name.
        "  - name: get_parcel_track\n",
    ];
    for expected in held {
        assert!(parcels.contains(expected), "{expected}\n{parcels}");
    }
    assert!(
        parcels.contains("      - name: token\n        type: string\n        required: true\n        secret: true\n"),
        "{parcels}"
    );
    // The placeholder `string` is no example of the path parameter.
    assert!(!parcels.contains("example: string"), "{parcels}");
    // A `default` error answer without a body is nothing to decide.
    assert!(!parcels.contains("answers.default") && !widgets.contains("answers.default"));
    assert!(
        widgets.contains("        - name: tags\n          type: map<string>\n"),
        "{widgets}"
    );
    assert!(
        widgets.contains("      more:\n        - name: 没有店铺\n          response: "),
        "{widgets}"
    );
    for (file, text) in [("parcels", &parcels), ("widgets", &widgets)] {
        assert!(!text.contains("fact: page.examples."), "{file}: {text}");
    }
    assert!(
        widgets.contains("      - fact: security.appkey\n"),
        "{widgets}"
    );
    // An example with a blank to fill (`<your hook id>`) is not held; a decision says so.
    assert!(
        widgets.contains(
            "      - fact: examples.request\n        page: 'the example holds placeholders"
        ),
        "{widgets}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The count of the page's facts accounts for the members beside `data` as dropped (each a
/// decision) and the second example as matched (the spec keeps it, `examples.more`); the
/// missing Chinese title is shown as missing.
#[test]
fn vendor_shapes_count_their_facts() {
    let dir = imported("vendor-shapes-count");
    // The count of every page's facts accounts for the members beside `data` as dropped
    // (each a decision), the second example as held.
    let outcome = run(&dir, &Options::new(page(TRACK))).unwrap_or_else(|error| panic!("{error:#}"));
    let count = outcome
        .output
        .lines()
        .find(|line| line.trim_start().starts_with("facts: "))
        .unwrap_or_default()
        .to_owned();
    assert!(
        count.ends_with(" matched, 0 changed, 2 dropped"),
        "{}",
        outcome.output
    );
    // The missing Chinese title is shown as missing beside the English one.
    assert!(
        outcome
            .output
            .contains("get_parcel_track [no Chinese title] (Get parcel's track): GET"),
        "{}",
        outcome.output
    );
    for fact in ["page.answer.total", "page.answer.page"] {
        assert!(
            outcome.output.contains(&format!("dropped `{fact}`")),
            "{}",
            outcome.output
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every empty cell filled as a maintainer would; a poor type name replaced.
fn fill(rows: Vec<Row>) -> Vec<Row> {
    rows.into_iter()
        .enumerate()
        .map(|(index, mut row)| {
            match row.kind.as_str() {
                "vendor page" => row.en = format!("https://fixture.invalid/vendor/{index}"),
                "type name" => row.en = format!("VendorCall{index}"),
                "method name" | "answer" => {}
                kind => {
                    if row.zh.is_empty() {
                        row.zh = format!("{kind}的说明。");
                    }
                    if row.en.is_empty() {
                        row.en = format!("What the {kind} carries.");
                    }
                }
            }
            row
        })
        .collect()
}

/// The sheet as LibreOffice's "Unicode text" saves it: UTF-16 LE with its BOM, CRLF.
fn as_spreadsheet_saves_it(rows: &[Row]) -> Vec<u8> {
    let tsv = write_sheet(rows, SheetFormat::Tsv).unwrap_or_else(|error| panic!("{error}"));
    let crlf = tsv.replace("\r\n", "\n").replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(crlf.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn the_loop_closes_on_vendor_shapes_and_reimports_change_nothing() {
    let dir = imported("vendor-shapes-loop");
    let rows = todo(&dir, None).unwrap_or_else(|error| panic!("{error:#}"));
    // The English-only title asks for its Chinese one, saying which is missing.
    let title = rows
        .iter()
        .find(|row| row.key.ends_with("endpoints[get_parcel_track].title"))
        .unwrap_or_else(|| panic!("the title is a row: {rows:#?}"));
    assert!(
        title.zh.is_empty() && title.vendor.contains("no Chinese title"),
        "{title:?}"
    );
    let saved = as_spreadsheet_saves_it(&fill(rows));
    let decoded = decode_sheet(&saved).unwrap_or_else(|error| panic!("{error}"));
    let read = read_sheet(&decoded, SheetFormat::Tsv).unwrap_or_else(|error| panic!("{error}"));
    apply(&dir, "sheet.txt", &read).unwrap_or_else(|error| panic!("{error:#}"));
    let spec = jing_spec::load(&Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{errors}"));
    let target = jing_codegen::Target {
        host: jing_codegen::Host::External,
        spec_dir: "vendors".to_owned(),
    };
    let code: String = jing_codegen::generate(&spec, &target)
        .iter()
        .map(|file| file.contents.as_str())
        .collect();
    // The nullable `$ref` is an optional typed member, the map a map, '' a variant.
    assert!(
        code.contains("pub carrier: Option<GetParcelTrackDataCarrier>,"),
        "the nullable reference"
    );
    assert!(
        code.contains("pub courier: Option<GetParcelTrackDataCourier>,"),
        "allOf + nullable"
    );
    assert!(
        code.contains("pub extra: std::collections::BTreeMap<String, String>,"),
        "the map"
    );
    assert!(
        code.contains("Self::Empty => \"\","),
        "the empty-string value's variant"
    );
    let decided = folder_bytes(&dir);
    for (file, group) in [(TRACK, "parcels"), (SHOPS, "widgets"), (HOOK, "widgets")] {
        let output = write_twice_into(&page(file), Some(group), &dir);
        assert!(!output.contains("wrote "), "{output}");
    }
    assert!(
        folder_bytes(&dir) == decided,
        "a re-import after apply changes nothing"
    );
    // A maintainer's override: the page's `page` query parameter is not required by us
    // either, but its example is ours; the re-import keeps it and writes nothing.
    let ours = text(&dir, "03-parcels.yaml")
        .replacen("        example: 0\n", "        example: 1\n", 1)
        .replacen(
            "    decisions:\n",
            "    overrides: [query.page:example]\n    decisions:\n",
            1,
        );
    std::fs::write(dir.join("03-parcels.yaml"), &ours).unwrap_or_else(|error| panic!("{error}"));
    let output = write_twice_into(&page(TRACK), Some("parcels"), &dir);
    assert!(!output.contains("wrote "), "{output}");
    assert!(output.contains("kept `query.page:example`"), "{output}");
    assert_eq!(text(&dir, "03-parcels.yaml"), ours);
    let _ = std::fs::remove_dir_all(&dir);
}

/// apifox writes `properties: {}` beside `additionalProperties`: still a map of its values'
/// type, not an object without members (`map<any>`; tester28f M1).
#[test]
fn empty_properties_beside_additional_properties_is_a_map_of_its_values() {
    let dir = crate::fixture_spec_copy("vendor-shapes-empty-properties");
    let map = "                  additionalProperties:\n                    type: string\n";
    let page = std::fs::read_to_string(import_fixture(SHOPS))
        .unwrap_or_default()
        .replace(map, &format!("                  properties: {{}}\n{map}"));
    assert!(
        page.contains("properties: {}\n                  additionalProperties"),
        "{page}"
    );
    let (_, widgets) = super::setup::write_page_into_widgets(&dir, "list-shops.apifox.md", &page);
    assert!(
        widgets.contains("        - name: tags\n          type: map<string>\n"),
        "{widgets}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
