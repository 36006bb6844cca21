//! Names the importer proposes and the sheet asks about: a poor type name (`name_draft`), an
//! English title that is only a name, method names from the title's verb; decided in the
//! sheet, refused until then, and kept by the next import; a poor name beside an answer
//! outside the Jing envelope, both asked of one endpoint and both written.

use std::path::{Path, PathBuf};

use jing_vendor_docs::docs::{Row, apply};
use jing_vendor_docs::import::command::{Action, Options, run};

use super::{fill, generates, numbered, read, rows_of};

/// The names fixture's pages imported into a copy of the fixture spec.
fn imported(tag: &str) -> (PathBuf, Options) {
    let dir = crate::fixture_spec_copy(&format!("names-{tag}"));
    let options = Options {
        action: Action::Write,
        ..Options::new(vec![
            crate::fixtures("import").join("names/names.openapi.yaml"),
        ])
    };
    run(&dir, &options).unwrap_or_else(|error| panic!("{error:#}"));
    (dir, options)
}

fn row<'r>(rows: &'r [Row], key: &str) -> &'r Row {
    rows.iter()
        .find(|row| row.key == key)
        .unwrap_or_else(|| panic!("no row {key}: {rows:#?}"))
}

/// How many times the spec in `dir` is refused for a key ending in `member`, saying `says`.
fn refusals(dir: &Path, member: &str, says: &str) -> usize {
    jing_spec::load(&jing_spec::Sources::dir(dir))
        .err()
        .map_or(0, |errors| {
            let refused = |error: &&jing_spec::SpecError| {
                error.key.ends_with(member) && error.message.contains(says)
            };
            errors.0.iter().filter(refused).count()
        })
}

#[test]
fn proposed_names_follow_the_title_and_poor_ones_are_asked() {
    let (dir, _) = imported("proposed");
    let group = read(&dir, "01-widgets.yaml");
    for (entry, expected) in [
        (
            "  - name: image\n    name_draft: true\n    call_draft: upload\n",
            true,
        ),
        (
            "  - name: create_payment\n    call_draft: create_payment\n",
            true,
        ),
        (
            "  - name: password_reset\n    call_draft: reset_password\n",
            true,
        ),
        (
            "  - name: api_financial_cross_temu_all_report_query_sales_release_json\n    name_draft: true\n    call_draft: release\n",
            true,
        ),
        ("name: create_a_payment", false),
    ] {
        assert_eq!(group.contains(entry), expected, "{entry}\n{group}");
    }
    let rows = rows_of(&dir);
    let image = row(&rows, "01-widgets.yaml: endpoints[image].name");
    assert_eq!(
        (image.kind.as_str(), image.en.as_str()),
        ("type name", "Image")
    );
    assert!(
        image.vendor.starts_with("POST /v1/image/upload: ") && image.vendor.contains("single word"),
        "{image:?}"
    );
    let long = "01-widgets.yaml: endpoints[api_financial_cross_temu_all_report_query_sales_release_json].name";
    assert!(row(&rows, long).vendor.contains("made of the path"));
    // The one-word English title is asked again: the page's word aside, `en` to write.
    let title = row(&rows, "01-widgets.yaml: endpoints[image].title");
    assert_eq!(
        (title.zh.as_str(), title.vendor.as_str(), title.en.as_str()),
        ("上传图片", "image", "")
    );
    // Good names are not asked about.
    assert!(
        !rows
            .iter()
            .any(|row| row.key.ends_with("[create_payment].name")),
        "{rows:#?}"
    );
    assert_eq!(refusals(&dir, ".name_draft", "remove `name_draft`"), 2);
    assert_eq!(refusals(&dir, ".title.en", "single lower-case word"), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn chosen_names_and_titles_are_applied_and_kept_by_the_next_import() {
    let (dir, options) = imported("decided");
    let rows = rows_of(&dir);
    let decide = |row: &Row| -> Row {
        let en = match row.key.as_str() {
            "01-widgets.yaml: endpoints[image].name" => "UploadImage",
            "01-widgets.yaml: endpoints[image].title" => "Upload an Image",
            key if key.ends_with("_release_json].name") => "query_sales_release",
            _ => return row.clone(),
        };
        Row {
            en: en.to_owned(),
            ..row.clone()
        }
    };
    let mut filled = fill(&rows.iter().map(decide).collect::<Vec<_>>());
    // The cells `fill` leaves as they stand are the decided ones, but the title's `zh`.
    for row in &mut filled {
        if row.key == "01-widgets.yaml: endpoints[image].title" {
            row.zh = "上传图片".to_owned();
        }
    }
    // A title that is still a name, and a type name the generator spells otherwise, are
    // refused, naming their rows, and nothing is written.
    let before = read(&dir, "01-widgets.yaml");
    for (key, bad, says) in [
        (
            "01-widgets.yaml: endpoints[image].title",
            "upload",
            "single lower-case word",
        ),
        (
            "01-widgets.yaml: endpoints[image].name",
            "HTTPUpload",
            "would be generated as `HttpUpload`",
        ),
        (
            "01-widgets.yaml: endpoints[image].name",
            "create_payment",
            "taken by 01-widgets.yaml",
        ),
    ] {
        let mut rows = filled.clone();
        let at = rows
            .iter()
            .position(|row| row.key == key)
            .unwrap_or_default();
        rows[at].en = bad.to_owned();
        let error = apply(&dir, "sheet.tsv", &numbered(rows))
            .err()
            .map(|error| format!("{error:#}"))
            .unwrap_or_default();
        assert!(
            error.contains(&format!("sheet.tsv:{}: ", at + 2)) && error.contains(says),
            "{bad}: {error}"
        );
        assert_eq!(read(&dir, "01-widgets.yaml"), before);
    }
    apply(&dir, "sheet.tsv", &numbered(filled)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(rows_of(&dir), [], "every decision is made");
    let group = read(&dir, "01-widgets.yaml");
    assert!(
        group.contains("  - name: upload_image\n    call: upload\n"),
        "{group}"
    );
    assert!(group.contains("  - name: query_sales_release\n    call: release\n"));
    assert!(!group.contains("name_draft"), "{group}");
    assert!(group.contains("title: {zh: \"上传图片\", en: \"Upload an Image\"}"));
    generates(&dir);
    // The same pages again: the decided names and title stay, and nothing is written.
    let again = run(&dir, &options).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(again.written.is_empty(), "{}", again.output);
    assert_eq!(read(&dir, "01-widgets.yaml"), group);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A page new to the spec whose English title is only a name and whose answer is outside
/// the Jing envelope: the sheet asks for its type name and for its answer, two rows of one
/// endpoint, and `apply` writes both (`name` and `answer`; `name_draft` and `answer_draft`
/// go), after which nothing is open and the spec generates.
#[test]
fn a_poor_name_and_an_answer_outside_the_envelope_are_both_asked_and_applied() {
    let dir = crate::fixture_spec_copy("names-answer");
    let page = dir.with_extension("page.apifox.md");
    let text =
        std::fs::read_to_string(crate::fixtures("import").join("pages/list-pallets.apifox.md"))
            .unwrap_or_else(|error| panic!("{error}"));
    let text = text
        .replace("列出托盘(List Pallets)", "托盘(pallets)")
        .replace("/v1/pallet/list", "/v1/pallet/browse");
    std::fs::write(&page, text).unwrap_or_else(|error| panic!("{error}"));
    let options = Options {
        action: Action::Write,
        ..Options::new(vec![page.clone()])
    };
    run(&dir, &options).unwrap_or_else(|error| panic!("{error:#}"));
    let group = read(&dir, "02-pallets.yaml");
    assert!(
        group.contains("  - name: pallets\n    name_draft: true\n"),
        "{group}"
    );
    assert!(
        group.contains("answer_draft: {code: ret, success: 0, message: msg, data: result}"),
        "{group}"
    );
    let rows = rows_of(&dir);
    let name = row(&rows, "02-pallets.yaml: endpoints[pallets].name");
    let answer = row(&rows, "02-pallets.yaml: endpoints[pallets].answer");
    assert_eq!(
        (name.kind.as_str(), answer.kind.as_str(), answer.en.as_str()),
        (
            "type name",
            "answer",
            "{code: ret, success: 0, message: msg, data: result}"
        )
    );
    let decided: Vec<Row> = fill(&rows)
        .into_iter()
        .map(|row| match row.key.as_str() {
            "02-pallets.yaml: endpoints[pallets].name" => Row {
                en: "BrowsePallets".to_owned(),
                ..row
            },
            _ => row,
        })
        .collect();
    apply(&dir, "sheet.tsv", &numbered(decided)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(rows_of(&dir), [], "every decision is made");
    let group = read(&dir, "02-pallets.yaml");
    assert!(
        group.contains("  - name: browse_pallets\n")
            && group.contains("answer: {code: ret, success: 0, message: msg, data: result}")
            && !group.contains("name_draft")
            && !group.contains("answer_draft"),
        "{group}"
    );
    generates(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&page);
}
