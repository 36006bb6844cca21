//! What a page states that the spec cannot hold is never lost without a word (issue #28):
//! synthetic pages (`tests/fixtures/import/held/`, made up, not the Jing API) with a file
//! in a `multipart/form-data` body, examples whose values are not their members' type or
//! whose members the page does not declare (at any depth), a path given as a full
//! address, a path that is no path, a query parameter named `sign` without a security
//! scheme, a placeholder header example and a block-scalar description. Each such fact is
//! counted (changed or dropped) and a decision in the written entry, the endpoint is not
//! `documented`, `--check` fails on it, and a page that cannot be placed does not stop
//! the others from being written.

use jing_vendor_docs::import::command::{Action, Options, run};

use super::setup::{entry, fixtures_for_widgets as options};

const UPLOAD: &str = "held/upload-voice.apifox.md";
const REMOTE: &str = "held/remote-order.apifox.md";
const NO_PATH: &str = "held/no-slash.apifox.md";

#[test]
fn facts_the_spec_cannot_hold_are_counted_and_decisions() {
    let dir = crate::fixture_spec_copy("held-back");
    let preview = run(
        &dir,
        &Options {
            json: true,
            ..options(&[UPLOAD, REMOTE], Action::Show)
        },
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    let json: serde_json::Value = serde_json::from_str(&preview.output).unwrap_or_default();
    let upload = &json["endpoints"][0];
    assert_eq!(upload["status"], "partial", "{:#}", upload);
    let dropped = upload["facts"]["dropped_facts"].clone();
    for fact in [
        "body.file",
        "body.file:type",
        "body.file:required",
        "body.model:example",
        "page.examples.response.id:type",
        "page.examples.response.name_eng",
        "page.examples.response.items.note",
    ] {
        assert!(
            dropped
                .as_array()
                .into_iter()
                .flatten()
                .any(|key| key == fact),
            "{fact} is counted dropped: {dropped:#}"
        );
    }
    let changed = &upload["facts"]["changed_facts"];
    assert_eq!(
        changed,
        &serde_json::json!(["body:content_type"]),
        "{upload:#}"
    );
    let remote = &json["endpoints"][1];
    assert_eq!(remote["path"], "/v1/order/remote", "{remote:#}");
    assert_eq!(remote["status"], "partial", "{remote:#}");
    assert_eq!(
        remote["facts"]["changed_facts"],
        serde_json::json!(["path"])
    );

    check_and_write(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--check` fails on the pages of [`facts_the_spec_cannot_hold_are_counted_and_decisions`];
/// written, every fact not held is an open decision of its entry.
fn check_and_write(dir: &std::path::Path) {
    let dir = dir.to_path_buf();
    // `--check` fails on them; the text report counts them.
    let check = run(&dir, &options(&[UPLOAD, REMOTE], Action::Check))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(check.differences > 0, "{}", check.output);
    assert!(check.output.contains("facts: "), "{}", check.output);

    // Written, every one of them is an open decision of the entry.
    let written = run(&dir, &options(&[UPLOAD, REMOTE], Action::Write))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    let upload = entry(&widgets, "upload_voice");
    for decision in [
        // The vendor's description of the file is kept in the decision (kept nowhere else).
        "      - fact: body.file\n        page: 'a file (`type: string`, `format: binary`), described as «语音文件», which the spec has no type for",
        "      - fact: body:content_type\n",
        "      - fact: body.model:example\n        page: 'the page''s example `1` is an integer, and the member is `string`: not held'",
        "      - fact: page.examples.response.id:type\n",
        "      - fact: page.examples.response.name_eng\n",
        "      - fact: page.examples.response.items.note\n",
        "the query parameter `sign` is named like a credential (the page declares no security scheme)",
    ] {
        assert!(upload.contains(decision), "{decision}\n{upload}");
    }
    assert!(upload.contains("    status: partial\n"), "{upload}");
    assert!(
        !upload.contains("name: file"),
        "a file is held back: {upload}"
    );
    assert!(
        upload.contains("`headers.X-Token`: the page's example \\\"{{token}}\\\" is a placeholder"),
        "{upload}"
    );
    assert!(!upload.contains("security scheme `sign`"), "{upload}");
    // The block scalar's final line break is no part of the vendor's text.
    assert!(
        upload.contains("vendor: \"上传一段语音，返回识别任务。\"")
            || upload.contains("vendor: 上传一段语音，返回识别任务。\n"),
        "{upload}"
    );
    let remote = entry(&widgets, "get_remote_order");
    assert!(remote.contains("    path: /v1/order/remote\n"), "{remote}");
    assert!(
        remote.contains(
            "the server `https://api.vendor.invalid` is none of the spec''s environments"
        ),
        "{remote}"
    );
}

/// A page whose path is no path is refused by the preview as by `--write`, named with what
/// it needs; the other page of the run is written, and the command fails.
#[test]
fn a_page_with_no_path_does_not_block_the_others() {
    let dir = crate::fixture_spec_copy("held-no-path");
    for action in [Action::Show, Action::Write] {
        let outcome = run(&dir, &options(&[NO_PATH, REMOTE], action))
            .unwrap_or_else(|error| panic!("{error:#}"));
        assert_eq!(outcome.unplaced, 1, "{}", outcome.output);
        assert!(
            outcome
                .output
                .contains("the path `api/order list` is not a path of an API"),
            "{}",
            outcome.output
        );
        if action == Action::Write {
            assert_eq!(outcome.written.len(), 1, "{}", outcome.output);
        }
    }
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    assert!(widgets.contains("path: /v1/order/remote"), "{widgets}");
    let failed = jing_vendor_docs::cli::import(&dir, &options(&[NO_PATH], Action::Write)).err();
    let failed = failed.map(|error| format!("{error:#}")).unwrap_or_default();
    assert!(failed.contains("1 page(s) cannot be placed"), "{failed}");
    let _ = std::fs::remove_dir_all(&dir);
}
