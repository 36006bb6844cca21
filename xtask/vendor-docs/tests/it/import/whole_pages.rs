//! Pages read whole, from a tester's run of eleven real pages of other vendors (issue #28,
//! trimmed copies in `tests/fixtures/import/whole/`): a header the HTTP client sets itself
//! is no member (H1), what the Markdown says outside the page's OpenAPI block is kept
//! (M1), `group add` proposals of one run are distinct (L1), an empty answer or an empty
//! fill of a body is judged as such (L3, L6), and a schema page in a folder is skipped (L8).

use std::path::Path;

use jing_vendor_docs::import::command::{Action, Options, run};

use super::setup::{entry, fixtures_for_widgets};

const CHUNK: &str = "whole/upload-chunk.apifox.md";

fn widgets(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default()
}

fn shown_json(dir: &Path, options: &Options) -> serde_json::Value {
    let options = Options {
        json: true,
        ..options.clone()
    };
    let shown = run(dir, &options).unwrap_or_else(|error| panic!("{error:#}"));
    serde_json::from_str(&shown.output).unwrap_or_default()
}

#[test]
fn a_header_the_client_sets_is_held_out_with_a_note() {
    let dir = crate::fixture_spec_copy("whole-client-headers");
    let json = shown_json(&dir, &fixtures_for_widgets(&[CHUNK], Action::Show));
    let headers = &json["endpoints"][0]["headers"];
    assert_eq!(
        headers,
        &serde_json::json!([{"name": "X-Cr-Purchase-Ticket", "required": false}]),
        "{json:#}"
    );
    let written = run(&dir, &fixtures_for_widgets(&[CHUNK], Action::Write))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(
        written.output.contains("the client sets it"),
        "{}",
        written.output
    );
    let text = widgets(&dir);
    assert!(!text.contains("name: Content-Length"), "{text}");
    assert!(
        text.contains("`Content-Length` (required) is one the HTTP client sets"),
        "{text}"
    );
}

#[test]
fn an_empty_answer_shows_its_status_and_type_and_an_empty_body_example_is_no_decision() {
    let dir = crate::fixture_spec_copy("whole-empty");
    let files = ["whole/remove-member.md", "whole/upload-image.apifox.md"];
    let written = run(&dir, &fixtures_for_widgets(&files, Action::Write))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let text = widgets(&dir);
    // The 422 answer's example is `''`: the row says what there is to judge (L3).
    let remove = entry(&text, "remove_user_collection");
    assert!(remove.contains("- fact: answers.422\n"), "{remove}");
    assert!(
        remove.contains("page: 422 text/plain (empty)\n"),
        "{remove}"
    );
    // apifox's empty fill of a multipart body is no value: a note, no decision (L6).
    let upload = &text[text.find("上传图片获取imageId").unwrap_or(0)..];
    assert!(!upload.contains("fact: page.examples.request"), "{upload}");
    assert!(
        upload.contains("`examples.request`: the page's example '' is apifox's empty fill"),
        "{upload}"
    );
}

/// A fresh folder holding copies of the fixture pages `names`.
fn folder_of(tag: &str, names: &[&str]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jing-whole-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
    for name in names {
        let from = crate::fixtures("import").join(name);
        let file = Path::new(name).file_name().unwrap_or_default();
        std::fs::copy(&from, dir.join(file)).unwrap_or_else(|error| panic!("{error}"));
    }
    dir
}

#[test]
fn a_schema_page_in_a_folder_is_skipped_and_named_alone_is_refused() {
    let spec = crate::fixture_spec_copy("whole-schema");
    let pages = folder_of("schema", &[CHUNK, "whole/view-schema.apifox.md"]);
    let options = super::setup::for_widgets(vec![pages.clone()], Action::Check);
    let checked = run(&spec, &options).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(checked.unread.is_empty(), "{:?}", checked.unread);
    assert!(
        checked.output.contains(
            "view-schema.apifox.md: the document has no operations (a schema page: it defines `ExplorerView`): not an endpoint page, nothing to import: skipped\n1 file(s) skipped"
        ),
        "{}",
        checked.output
    );
    let written = run(
        &spec,
        &Options {
            action: Action::Write,
            ..options.clone()
        },
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let again = run(&spec, &options).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(
        again.unread.is_empty() && again.unplaced == 0,
        "{}",
        again.output
    );
    // Named by itself, the page is refused, saying what it is.
    let alone = run(
        &spec,
        &super::setup::for_widgets(vec![pages.join("view-schema.apifox.md")], Action::Show),
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(alone.unread.len(), 1, "{}", alone.output);
    assert!(
        alone.unread[0].contains("not an endpoint page"),
        "{:?}",
        alone.unread
    );
    let _ = std::fs::remove_dir_all(&pages);
}

#[test]
fn the_group_keys_one_run_proposes_are_distinct() {
    let spec = crate::fixture_spec_copy("whole-keys");
    let files = [CHUNK, "whole/upload-image.apifox.md"];
    let options = Options::new(
        files
            .iter()
            .map(|name| super::import_fixture(name))
            .collect(),
    );
    let shown = run(&spec, &options).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(shown.unplaced, 2, "{}", shown.output);
    // The folder titled `Upload` keeps its title's key; the other, whose paths also give
    // `upload`, is proposed the next segment of its paths.
    for command in [
        "`cargo xtask group add upload --en 'Upload'`",
        "`cargo xtask group add alibaba --zh '1688 商品搜索'`",
    ] {
        assert!(
            shown.output.contains(command),
            "{command}:\n{}",
            shown.output
        );
    }
}

#[test]
fn json_blocks_and_prose_outside_the_block_are_examples_decisions_and_notes() {
    let dir = crate::fixture_spec_copy("whole-outside");
    let files = ["whole/item-list.apifox.md", "whole/remove-member.md"];
    let json = shown_json(&dir, &fixtures_for_widgets(&files, Action::Show));
    // The three examples after the block are facts of the page, counted (M1).
    let list = &json["endpoints"][0];
    let matched = list["facts"]["matched"].as_u64().unwrap_or_default();
    let written = run(&dir, &fixtures_for_widgets(&files, Action::Write))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let text = widgets(&dir);
    let list_entry = &text[text.find("获取饰品列表信息").unwrap_or(0)..];
    for more in [
        "- name: 示例请求\n          request: ",
        "- name: 返回值\n          response: ",
        "- name: 没有数据了\n          response: ",
    ] {
        assert!(list_entry.contains(more), "{more}:\n{list_entry}");
    }
    // The same page without what follows its block counts three facts fewer.
    let page = std::fs::read_to_string(super::import_fixture(files[0])).unwrap_or_default();
    let cut = folder_of("outside-cut", &[]).join("item-list.apifox.md");
    let end = page.find("### 示例请求").unwrap_or(page.len());
    std::fs::write(&cut, &page[..end]).unwrap_or_else(|error| panic!("{error}"));
    let bare = shown_json(&dir, &super::setup::for_widgets(vec![cut], Action::Show));
    let bare = bare["endpoints"][0]["facts"]["matched"]
        .as_u64()
        .unwrap_or_default();
    assert_eq!(matched, bare + 3, "{list:#}");
    // A shell block is a note quoting it; a sentence after the blocks too.
    assert!(
        list_entry
            .contains("the page shows a `shell` block outside its OpenAPI block under «调用»"),
        "{list_entry}"
    );
    assert!(
        list_entry.contains("«The `search` member must be at least two characters long.»"),
        "{list_entry}"
    );
    // io.net's requirement, stated only in the prose, is a note; its description, its
    // address line and Mintlify's index notice are not said again.
    let remove = entry(&text, "remove_user_collection");
    assert!(
        remove.contains("«The authenticated user must have admin permissions for the collection to remove users.»"),
        "{remove}"
    );
    assert!(
        !remove.contains("Documentation Index") && !remove.contains("llms.txt"),
        "{remove}"
    );
    assert!(!remove.contains("«This endpoint revokes"), "{remove}");
}
