//! The maintainer's loop on synthetic pages of our own (`tests/fixtures/import/loop/`,
//! made up, not the Jing API): pages new to the spec are previewed with what each needs,
//! imported into two groups in either order with the first import's decisions still open,
//! every import run twice writes nothing the second time; the drafts sheet, filled and
//! applied, makes the spec load and generate, and importing the same pages again then
//! changes no byte. The pages carry an English-
//! only and a Chinese-only title, an empty-object answer and apifox's vendor extensions
//! (one inside a security requirement).

use std::path::{Path, PathBuf};

use jing_spec::Sources;
use jing_vendor_docs::import::command::{Action, Options, run};

use super::import_fixture;
use super::writes::{folder_bytes, write_twice_into};

const SHELVE: &str = "loop/shelve-widget.apifox.md";
const COUNT: &str = "loop/count-bins.openapi.json";

/// A second group, `bins`, whose title is the folder the bins page names.
const BINS: &str = "# SYNTHETIC FIXTURE: not the Jing API.\ntitle: {zh: \"货箱\", en: \"Bins\"}\ndoc: {zh: \"货箱。\", en: \"Bins.\"}\nendpoints: []\n";

fn pages(names: &[&str]) -> Vec<PathBuf> {
    names.iter().map(|name| import_fixture(name)).collect()
}

/// A copy of the fixture spec with the `bins` group beside `widgets`.
fn two_groups(tag: &str) -> PathBuf {
    let dir = crate::fixture_spec_copy(tag);
    std::fs::write(dir.join("02-bins.yaml"), BINS).unwrap_or_else(|error| panic!("{error}"));
    dir
}

fn text(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|error| panic!("{file}: {error}"))
}

#[test]
fn a_preview_of_new_pages_reports_every_one_with_what_it_needs() {
    let dir = crate::fixture_spec_copy("loop-preview");
    // An error body a server sent instead of a page, saved beside the pages.
    let broken = dir.join("error-body.page.json");
    std::fs::write(&broken, r#"{"code": 404, "msg": "not found"}"#)
        .unwrap_or_else(|error| panic!("{error}"));
    let mut files = pages(&[SHELVE, COUNT]);
    files.insert(1, broken);
    let before = folder_bytes(&dir);
    let outcome =
        run(&dir, &Options::new(files.clone())).unwrap_or_else(|error| panic!("{error:#}"));
    let output = outcome.output;
    for (page, title) in [
        ("shelve-widget.apifox.md", "Shelve Widget"),
        ("count-bins.openapi.json", "统计货箱"),
    ] {
        let line = output
            .lines()
            .find(|line| line.contains(page))
            .unwrap_or_else(|| panic!("{page} is reported:\n{output}"));
        assert!(
            line.contains("needs --group KEY") && line.contains(title),
            "{line}"
        );
    }
    assert!(output.contains("2 endpoint(s) not placed"), "{output}");
    assert!(
        output.contains("error-body.page.json: (root): not an OpenAPI document"),
        "{output}"
    );
    assert!(output.contains("1 file(s) not read"), "{output}");
    assert!(
        output.contains("title has no zh: write it in the sheet"),
        "{output}"
    );
    assert!(
        output.contains("title has no en: write it in the sheet"),
        "{output}"
    );
    assert_eq!(outcome.differences, 3);

    // Written, each page that cannot be placed is named with what it needs (once), the
    // others would be written, and the command fails; here nothing could be placed.
    let write = Options {
        action: Action::Write,
        ..Options::new(files)
    };
    let outcome = run(&dir, &write).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!((outcome.unplaced, outcome.unread.len()), (2, 1));
    assert!(
        outcome.output.contains("shelve-widget") && outcome.output.contains("count-bins"),
        "{}",
        outcome.output
    );
    assert_eq!(
        outcome.output.matches("error-body.page.json").count(),
        1,
        "a file not read is listed once: {}",
        outcome.output
    );
    assert!(outcome.written.is_empty(), "{:?}", outcome.written);
    let failed = jing_vendor_docs::cli::import(&dir, &write).err();
    let failed = failed.map(|error| format!("{error:#}")).unwrap_or_default();
    assert!(
        failed.contains("1 file(s) not imported")
            && failed.contains("error-body.page.json")
            && !failed.contains("not an OpenAPI document"),
        "the command fails naming the file, not saying why again: {failed}"
    );
    assert!(folder_bytes(&dir) == before, "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Imports the shelve page into `widgets` and the bins page into `bins`, in `order`; each
/// import twice, the second writing nothing.
fn import_in_order(dir: &Path, shelve_first: bool) {
    let steps = [(SHELVE, "widgets"), (COUNT, "bins")];
    let steps = if shelve_first {
        steps
    } else {
        [steps[1], steps[0]]
    };
    for (page, group) in steps {
        let output = write_twice_into(&pages(&[page]), Some(group), dir);
        assert!(output.contains("wrote "), "{output}");
        // The decisions left open do not stop the next import: the spec loads for it.
        let pending = jing_spec::load_pending(&Sources::dir(dir))
            .unwrap_or_else(|errors| panic!("only decisions are open:\n{errors}"));
        assert!(!pending.open.is_empty());
    }
}

#[test]
fn the_loop_closes_with_two_groups_in_either_order() {
    let mut results = Vec::new();
    for (tag, shelve_first) in [("loop-ab", true), ("loop-ba", false)] {
        let dir = two_groups(tag);
        import_in_order(&dir, shelve_first);
        // What is refused is only what a maintainer decides: words, names, addresses.
        let errors = match jing_spec::load(&Sources::dir(&dir)) {
            Ok(_) => panic!("drafts are refused by the full load"),
            Err(errors) => errors,
        };
        let pending = jing_spec::load_pending(&Sources::dir(&dir))
            .unwrap_or_else(|errors| panic!("{errors}"));
        assert_eq!(pending.open, errors.0, "every problem is an open decision");
        let widgets = text(&dir, "01-widgets.yaml");
        let bins = text(&dir, "02-bins.yaml");
        // One-language titles: the other language is left empty, never copied.
        assert!(
            widgets.contains("title: {zh: \"\", en: \"Shelve Widget\"}\n"),
            "{widgets}"
        );
        assert!(
            bins.contains("title: {zh: \"统计货箱\", en: \"\"}\n"),
            "{bins}"
        );
        // The empty object is written as one, and the validator holds it.
        assert!(
            widgets.contains("    response:\n      type: object\n      fields: []\n"),
            "{widgets}"
        );
        assert!(
            !errors
                .iter()
                .any(|error| error.key.ends_with("response.fields")),
            "{errors}"
        );
        // A member that is an object without members is a map, with a note saying so.
        assert!(
            bins.contains("- name: labels\n          type: map<any>\n"),
            "{bins}"
        );
        assert!(
            bins.contains("`response.labels`: the page gives an object without members"),
            "{bins}"
        );
        // The vendor extensions are no facts: the bearer scheme is, x-apifox is not.
        assert!(widgets.contains("- name: Authorization\n"), "{widgets}");
        assert!(
            super::extensions_only_named(&widgets) && crate::import::extensions_only_named(&bins)
        );
        results.push((widgets, bins));
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert_eq!(
        results[0], results[1],
        "the order of the imports does not matter"
    );
}

#[test]
fn a_maintainers_decisions_stay_across_reimports() {
    let dir = two_groups("loop-decisions");
    import_in_order(&dir, true);
    let path = dir.join("01-widgets.yaml");
    // The maintainer confirms the name, writes the zh title and the docs in flow style,
    // and types the empty object's answer more closely than the page can.
    let decided = text(&dir, "01-widgets.yaml")
        .replace("call_draft: shelve", "call: put_on_shelf")
        .replace(
            "title: {zh: \"\", en: \"Shelve Widget\"}",
            "title: {zh: \"上架部件\", en: \"Shelve Widget\"}",
        )
        .replace(
            "      type: object\n      fields: []\n",
            "      type: map<string>\n",
        )
        .replacen(
            "doc: {vendor: \"Puts a widget on a shelf.\", draft: true}",
            "doc: {zh: \"把部件放上货架。\", en: \"Puts a widget on a shelf.\"}",
            1,
        );
    assert!(
        decided.contains("call: put_on_shelf") && decided.contains("上架部件"),
        "{decided}"
    );
    assert!(
        decided.contains("doc: {zh: \"把部件放上货架。\""),
        "{decided}"
    );
    std::fs::write(&path, &decided).unwrap_or_else(|error| panic!("{error}"));
    let output = write_twice_into(&pages(&[SHELVE]), Some("widgets"), &dir);
    assert!(!output.contains("wrote "), "{output}");
    assert_eq!(text(&dir, "01-widgets.yaml"), decided, "{output}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A page titled in English only finds a catalogued endpoint by its English title, and a
/// Chinese-only one by its Chinese title.
#[test]
fn one_language_pages_match_by_the_title_they_have() {
    let spec = jing_spec::load(&Sources::dir(&crate::fixtures("spec")))
        .unwrap_or_else(|errors| panic!("{errors}"));
    let page = |title: &str| {
        format!(
            "# {title}\n\n```yaml\nopenapi: 3.0.1\ninfo: {{title: '', version: 1.0.0}}\npaths:\n  /v1/gadget/archive:\n    post:\n      summary: {title}\n      responses: {{}}\n```\n"
        )
    };
    for title in ["Archive Gadget", "归档小玩意"] {
        let (_, facts) = jing_vendor_docs::import::read("page.md", &page(title))
            .unwrap_or_else(|error| panic!("{error}"));
        let target = jing_vendor_docs::import::diff::find(&spec, &facts[0], None)
            .unwrap_or_else(|message| panic!("{title}: {message}"));
        let name = target.endpoint.map(|endpoint| endpoint.name.as_str());
        assert_eq!(name, Some("archive_gadget"), "{title}");
    }
}

/// Every empty cell of the sheet filled as a maintainer would: words, an address, the
/// proposed method names accepted as they stand.
pub(super) fn filled(
    rows: Vec<jing_vendor_docs::docs::Row>,
) -> Vec<(usize, jing_vendor_docs::docs::Row)> {
    rows.into_iter()
        .enumerate()
        .map(|(index, mut row)| {
            match row.kind.as_str() {
                "vendor page" => row.en = format!("https://fixture.invalid/docs/loop-{index}"),
                // The importer's proposals, accepted as they stand.
                "method name" | "auth" => {}
                kind => {
                    if row.zh.is_empty() {
                        row.zh = format!("{kind}的说明。");
                    }
                    if row.en.is_empty() {
                        row.en = format!("What the {kind} carries.");
                    }
                }
            }
            (index + 2, row)
        })
        .collect()
}

/// The whole loop: two groups imported with decisions open, the sheet written, filled and
/// applied, the spec loads; then the same pages imported again write nothing, every
/// decision the sheet made kept.
#[test]
fn after_the_sheet_is_applied_the_spec_loads_and_reimports_write_nothing() {
    let dir = two_groups("loop-sheet");
    import_in_order(&dir, false);
    let rows = jing_vendor_docs::docs::todo(&dir, None).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(
        rows.iter()
            .any(|row| row.key.ends_with("endpoints[shelve_widget].title")),
        "the empty zh title is a row: {rows:#?}"
    );
    jing_vendor_docs::docs::apply(&dir, "sheet.tsv", &filled(rows))
        .unwrap_or_else(|error| panic!("{error:#}"));
    let spec = jing_spec::load(&Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{errors}"));
    let shelve = spec
        .endpoints()
        .find(|(_, endpoint)| endpoint.name == "shelve_widget");
    let response = shelve.and_then(|(_, endpoint)| endpoint.response.as_ref());
    assert!(response.is_some_and(jing_spec::Response::is_empty_object));
    // It generates: the bins group's module and the empty answer's struct among the files.
    let target = jing_codegen::Target {
        host: jing_codegen::Host::External,
        spec_dir: "loop".to_owned(),
    };
    let files = jing_codegen::generate(&spec, &target);
    let code: String = files.iter().map(|file| file.contents.as_str()).collect();
    assert!(
        code.contains("pub struct ShelveWidgetData {}"),
        "the empty answer"
    );
    assert!(code.contains("pub struct BinCountData"), "the bins group");
    let decided = folder_bytes(&dir);
    for (page, group) in [(SHELVE, "widgets"), (COUNT, "bins")] {
        let output = write_twice_into(&pages(&[page]), Some(group), &dir);
        assert!(!output.contains("wrote "), "{output}");
    }
    assert!(folder_bytes(&dir) == decided, "the sheet's decisions stay");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--group` wins over the folder: the bins page's folder (货箱) names `bins`, and
/// `--group widgets` places it in widgets all the same (the maintainer said so).
#[test]
fn group_wins_over_a_folder_that_names_a_group() {
    let dir = two_groups("loop-group-wins");
    let output = write_twice_into(&pages(&[COUNT]), Some("widgets"), &dir);
    assert!(output.contains("wrote "), "{output}");
    assert!(
        text(&dir, "01-widgets.yaml").contains("/v1/bin/"),
        "the bins page goes where --group says"
    );
    assert!(!text(&dir, "02-bins.yaml").contains("/v1/bin/"));
}
