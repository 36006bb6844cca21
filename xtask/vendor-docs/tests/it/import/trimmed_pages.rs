//! Real pages of other vendors a tester ran through the loop (issue #28, fifth round),
//! trimmed (`tests/fixtures/import/trimmed/`, their long values cut): rendered-page text the
//! importer cannot read is refused naming what it found and what it missed (M4); an answer
//! whose code is nested (`base: {code, msg}`) is a decision listing the nested members, the
//! success value its example shows and why the spec cannot hold it (M5); a request example
//! with a value of another type than its member is held back, as the report says (L9).

use jing_vendor_docs::import::command::{Action, Options, run};
use jing_vendor_docs::import::read;

use super::import_fixture;

fn text(name: &str) -> String {
    std::fs::read_to_string(import_fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// Rendered-page text in the forms crawlers save (issue #28 M4, trimmed real pages in
/// `tests/fixtures/import/trimmed/`): the whole page on one line, and apifox's layout with
/// name, type and flag run together. Neither is read (no method line, no table); the
/// refusal names what it found and what it missed.
#[test]
fn rendered_text_that_is_not_read_says_what_was_found_and_missing() {
    for (name, found) in [
        (
            "trimmed/create-sku.collapsed.txt",
            vec![
                "found POST /ark/open_api/v3/common_controller (run into the text around it)",
                "`Body 参数`",
            ],
        ),
        (
            "trimmed/tts.rendered.md",
            vec![
                "found POST /v1/audio/speech (only in a curl example)",
                "`Header 参数`, `Body 参数`",
                "6 row(s) with name, type and flag run together (`Authorizationstring 必需`",
            ],
        ),
    ] {
        let text = text(name);
        let error = match read(name, &text) {
            Ok(_) => panic!("{name} was read"),
            Err(error) => error.to_string(),
        };
        for part in found
            .iter()
            .chain(&["missing: a method line followed by its path"])
        {
            assert!(error.contains(part), "{part}\n{error}");
        }
    }
}

/// douyin's `GET /auth/mfa/qrcode`: success `base: {code: 10000, msg: Success}` beside
/// `data`. The decision on `base` lists `base.code` and `base.msg` with their types and
/// required flags, the example's values, and says the spec's `answer` cannot point there.
#[test]
fn a_nested_code_is_a_decision_listing_its_members_and_success_value() {
    let name = "trimmed/mfa-qrcode.apifox.md";
    let facts = match read(name, &text(name)) {
        Ok((_, facts)) => facts,
        Err(error) => panic!("{error}"),
    };
    let base = facts[0]
        .beside
        .iter()
        .find(|(member, _)| member == "base")
        .map(|(_, said)| said.as_str())
        .unwrap_or_default();
    for part in [
        "object, beside `data`: {code: integer, required; msg: string, required}",
        "the example's `base`: {\"code\":10000,\"msg\":\"Success\"}",
        "`base.code` looks like the answer's code (success 10000 in the example)",
        "neither the generator nor the client reads a path such as `base.code`",
    ] {
        assert!(base.contains(part), "{part}\n{base}");
    }
}

/// DOKU's refund: the request example's `"amount": 11` on a `string` member. The report
/// drops that fact, so the example is held back with a decision of its own: the written
/// spec keeps no `"amount": 11`, and the docs' example built from it shows none.
#[test]
fn a_request_example_with_a_value_of_another_type_is_held_back() {
    let dir = crate::fixture_spec_copy("trimmed-refund");
    let options = Options {
        action: Action::Write,
        group: Some("widgets".to_owned()),
        ..Options::new(vec![import_fixture("trimmed/request-refund.apidog.md")])
    };
    let written = run(&dir, &options).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    let refund = super::setup::entry(&widgets, "request_refund");
    assert!(
        refund.contains("    examples:\n      response: ") && !refund.contains("      request: "),
        "{refund}"
    );
    assert!(
        widgets.contains("      - fact: examples.request\n")
            && widgets.contains("`page.examples.request.refund.amount:type`")
            && widgets.contains("`overrides: [body.refund.amount:type]`"),
        "{widgets}"
    );
    assert!(
        written
            .output
            .contains("dropped `page.examples.request.refund.amount:type`"),
        "{}",
        written.output
    );
    let _ = std::fs::remove_dir_all(&dir);
}
