//! More shapes of real pages of other vendors (issue #28, third round), as synthetic pages
//! (`tests/fixtures/import/shapes/`, made up, not the Jing API): a file holding several
//! pages one after another is refused with its blocks' lines, never read in part.

use std::path::PathBuf;

use jing_vendor_docs::import::command::{Action, Options, run};

use super::import_fixture;
use super::setup::write_page_into_widgets;

fn options(files: &[&str], action: Action, group: Option<&str>) -> Options {
    let files: Vec<PathBuf> = files.iter().map(|name| import_fixture(name)).collect();
    Options {
        action,
        group: group.map(str::to_owned),
        ..Options::new(files)
    }
}

/// A file of two pages is not read (so neither page vanishes): the preview, the write and
/// the check each name the file, how many blocks it holds and where, and the check fails.
#[test]
fn a_file_of_several_pages_is_refused_by_every_action() {
    let dir = crate::fixture_spec_copy("shapes-two-pages");
    let before = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    for action in [Action::Show, Action::Write, Action::Check] {
        let outcome = run(
            &dir,
            &options(&["shapes/two-pages.apifox.md"], action, Some("widgets")),
        )
        .unwrap_or_else(|error| panic!("{error:#}"));
        let [refused] = outcome.unread.as_slice() else {
            panic!("{}", outcome.output);
        };
        assert!(
            refused.contains("two-pages.apifox.md: line 55: ")
                && refused.contains("holds 2 OpenAPI `yaml` blocks (at lines 8, 55)"),
            "{refused}"
        );
        assert!(outcome.written.is_empty(), "{}", outcome.output);
        if action == Action::Check {
            assert!(outcome.differences > 0, "{}", outcome.output);
        }
    }
    let after = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    assert_eq!(before, after, "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The page `image-vary.apifox.md` with its folder set to `folder` (and its path ending in
/// the folder's length, so each is new), saved in `dir`.
fn in_folder(dir: &std::path::Path, folder: &str) -> PathBuf {
    let page = std::fs::read_to_string(import_fixture("shapes/image-vary.apifox.md"))
        .unwrap_or_default()
        .replace(
            "/v1/images/variations",
            &format!("/v1/images/variations{}", folder.len()),
        )
        .replace("图片变体", &format!("图片变体{}", folder.len()))
        .replace(
            &format!("      summary: 图片变体{}\n", folder.len()),
            &format!(
                "      summary: 图片变体{}\n      x-apifox-folder: '{folder}'\n",
                folder.len()
            ),
        );
    let file = dir.join(format!("folder-{}.apifox.md", folder.len()));
    std::fs::write(&file, page).unwrap_or_else(|error| panic!("{error}"));
    file
}

/// `--group KEY` places a new page whatever group its folder names; an empty folder names
/// no group, even beside a group whose English title is empty.
#[test]
fn the_group_given_wins_over_the_folder_and_an_empty_folder_names_none() {
    let dir = crate::fixture_spec_copy("shapes-group-wins");
    let pages = dir.join("pages");
    std::fs::create_dir_all(&pages).unwrap_or_else(|error| panic!("{error}"));
    let folder = in_folder(&pages, "托盘");
    let written = run(
        &dir,
        &Options {
            action: Action::Write,
            group: Some("widgets".to_owned()),
            ..Options::new(vec![folder])
        },
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    assert!(
        read("01-widgets.yaml").contains("/v1/images/variations"),
        "{}",
        written.output
    );
    assert!(!read("02-pallets.yaml").contains("/v1/images/variations"));
    // A group titled in Chinese only, and a page of apifox's root folder (`''`).
    std::fs::write(
        dir.join("03-racks.yaml"),
        "title: {zh: \"货架\", en: \"\"}\ndoc: {zh: \"货架。\", en: \"Racks.\"}\nendpoints: []\n",
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let root = in_folder(&pages, "");
    let shown = run(
        &dir,
        &Options {
            action: Action::Show,
            ..Options::new(vec![root])
        },
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(shown.unplaced, 1, "{}", shown.output);
    assert!(
        shown.output.contains("needs --group KEY") && !shown.output.contains("in group racks"),
        "{}",
        shown.output
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// An error answer with a name and a schema but no example is a decision whose text says
/// its status, its name and its shape, never an empty one.
#[test]
fn an_error_answer_without_an_example_says_its_status_name_and_shape() {
    let dir = crate::fixture_spec_copy("shapes-error-answers");
    let written = run(
        &dir,
        &options(
            &["shapes/task-state.apifox.md"],
            Action::Write,
            Some("widgets"),
        ),
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    for said in [
        "      - fact: answers.404\n        page: '404 任务不存在: {code: integer, msg: string, data: null}'\n",
        "      - fact: answers.422\n        page: '422 参数错误: {detail: [{loc: [string|integer], msg: string}]}'\n",
        "      - fact: answers.500\n        page: '500 服务器错误: {}'\n",
    ] {
        assert!(widgets.contains(said), "{said}\n{widgets}");
    }
    assert!(!widgets.contains("page: ''"), "{widgets}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A request example kept as text with `//` comments and `\r\n` line ends (apifox's
/// hand-typed JSON) is read as its JSON without the comments: the page is written whole,
/// and the spec holds the example.
#[test]
fn an_example_of_json_with_comments_is_read_without_them() {
    let dir = crate::fixture_spec_copy("shapes-commented-example");
    let written = run(
        &dir,
        &options(
            &["shapes/default-model.apifox.md"],
            Action::Write,
            Some("widgets"),
        ),
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(written.unread.is_empty(), "{}", written.output);
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    assert!(widgets.contains("/v1/models/default"), "{widgets}");
    assert!(widgets.contains("\"model_id\": \"m-1\","), "{widgets}");
    assert!(
        !widgets.contains("模型 ID") && !widgets.contains("\\r"),
        "{widgets}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A request example that is no JSON even without its comments is held back as a decision
/// quoting it; the rest of the page is written.
#[test]
fn an_example_that_is_no_json_is_a_decision_and_the_page_is_written() {
    let dir = crate::fixture_spec_copy("shapes-broken-example");
    let page = std::fs::read_to_string(import_fixture("shapes/default-model.apifox.md"))
        .unwrap_or_default()
        .replace("\\\"model_id\\\": \\\"m-1\\\"", "model_id: m-1");
    assert!(page.contains("model_id: m-1"), "{page}");
    let (written, widgets) = write_page_into_widgets(&dir, "broken.apifox.md", &page);
    assert!(written.unread.is_empty(), "{}", written.output);
    assert!(widgets.contains("/v1/models/default"), "{widgets}");
    assert!(
        widgets.contains("      - fact: page.examples.request\n")
            && widgets.contains("model_id: m-1, // 模型 ID"),
        "{widgets}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A hand-typed example whose members end in a trailing comma as well as `//` comments
/// (IranPayamak's, `"device": "Android", // …\r\n}`) is read as its JSON, commas inside its
/// strings kept: the spec holds it and no decision quotes it.
#[test]
fn an_example_with_trailing_commas_is_read_as_json() {
    let dir = crate::fixture_spec_copy("shapes-trailing-comma");
    let page = std::fs::read_to_string(import_fixture("shapes/default-model.apifox.md"))
        .unwrap_or_default()
        .replace("\\\"m-1\\\"", "\\\"m-1,}\\\"")
        .replace(
            "\\\"age\\\": 20 // 年龄\\r\\n    }",
            "\\\"age\\\": 20, // 年龄\\r\\n    },",
        );
    assert!(
        page.contains("20, // 年龄") && page.contains("},\\r\\n}"),
        "{page}"
    );
    let (_, widgets) = write_page_into_widgets(&dir, "trailing.apifox.md", &page);
    assert!(widgets.contains("\"model_id\": \"m-1,}\","), "{widgets}");
    assert!(widgets.contains("\"age\": 20\n"), "{widgets}");
    assert!(!widgets.contains("page.examples.request"), "{widgets}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A body declared an object without members (`properties: {}`) whose hand-typed example
/// (with `//` comments and a trailing comma) is its only description: the example's
/// members are proposed as the body's, typed as their values read, with a decision.
#[test]
fn a_body_without_members_takes_them_from_its_example() {
    let dir = crate::fixture_spec_copy("shapes-body-from-example");
    let declared = "              properties:\n                model_id:\n                  type: string\n                profile:\n                  type: object\n                  properties:\n                    age:\n                      type: integer\n              required:\n                - model_id\n";
    let page = std::fs::read_to_string(import_fixture("shapes/default-model.apifox.md"))
        .unwrap_or_default()
        .replace(declared, "              properties: {}\n")
        .replace(
            "\\\"age\\\": 20 // 年龄\\r\\n    }",
            "\\\"age\\\": 20, // 年龄\\r\\n    },",
        );
    assert!(
        page.contains("properties: {}") && page.contains("},\\r\\n}"),
        "{page}"
    );
    let (_, widgets) = write_page_into_widgets(&dir, "undeclared.apifox.md", &page);
    for said in [
        "- name: model_id\n",
        "- name: profile\n",
        "- name: age\n",
        "      - fact: body:shape\n",
        "its example shows `model_id` (string), `profile` (object)",
    ] {
        assert!(widgets.contains(said), "{said}\n{widgets}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
