//! Shapes a tester met running eleven real pages through the loop (issue #28, fourth
//! round), as synthetic pages (`tests/fixtures/import/outside/`, made up, not the Jing
//! API): an answer whose `code` is text beside a boolean `success` (H1), one with `message`
//! where Jing says `msg` (M2), apidog's `x-apidog-*` extensions (H2) and a server written
//! without its scheme (M1). Each answer is drafted outside the Jing envelope, with an
//! answer row in the sheet; nothing the page states is matched to a fact it does not say.

use std::path::Path;

use jing_vendor_docs::docs;
use jing_vendor_docs::import::command::{Action, Options, run};

use super::setup::{entry, fixtures_for_widgets};

const KINDS: &str = "outside/crate-kinds.apidog.md";
const COUNT: &str = "outside/crate-count.apifox.md";

fn options(files: &[&str], action: Action, json: bool) -> Options {
    Options {
        json,
        ..fixtures_for_widgets(files, action)
    }
}

fn listed(list: &serde_json::Value, fact: &str) -> bool {
    list.as_array().into_iter().flatten().any(|key| key == fact)
}

fn widgets(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default()
}

#[test]
fn a_text_code_or_a_message_member_is_outside_the_envelope() {
    let dir = crate::fixture_spec_copy("outside-answers");
    let shown = run(&dir, &options(&[KINDS, COUNT], Action::Show, true))
        .unwrap_or_else(|error| panic!("{error:#}"));
    let json: serde_json::Value = serde_json::from_str(&shown.output).unwrap_or_default();
    let kinds = &json["endpoints"][0];
    // The text `code` is a member beside the data, to decide: never matched to Jing's.
    let dropped = &kinds["facts"]["dropped_facts"];
    assert!(listed(dropped, "page.answer.code"), "{kinds:#}");
    assert!(!listed(dropped, "page.answer.message"), "{kinds:#}");

    let written = run(&dir, &options(&[KINDS, COUNT], Action::Write, false))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let text = widgets(&dir);
    let kinds = entry(&text, "list_crate_kinds");
    assert!(
        kinds.contains(
            "    answer_draft: {code: success, success: true, message: message, data: data}\n"
        ),
        "{kinds}"
    );
    let count = entry(&text, "crate_count");
    assert!(
        count
            .contains("    answer_draft: {code: code, success: 0, message: message, data: data}\n"),
        "{count}"
    );
    // Each draft is a row of the sheet, as any answer outside the envelope.
    let rows = docs::todo(&dir, None).unwrap_or_else(|error| panic!("{error:#}"));
    let answers: Vec<&str> = rows
        .iter()
        .filter(|row| row.kind == "answer")
        .map(|row| row.key.as_str())
        .collect();
    assert_eq!(answers.len(), 2, "{answers:?}");
    // The sheet takes the boolean success as it is drafted, and a wrong value in our words.
    let answer_rows = |value: &str| -> Vec<(usize, docs::Row)> {
        let rows = rows
            .iter()
            .enumerate()
            .filter(|(_, row)| row.kind == "answer");
        rows.map(|(at, row)| {
            let mut row = row.clone();
            if row.en.contains("success: true") {
                row.en = value.to_owned();
            }
            (at, row)
        })
        .collect()
    };
    let wrong = docs::apply(
        &dir,
        "sheet.tsv",
        &answer_rows("{code: success, success: 1.5}"),
    )
    .err()
    .map(|error| format!("{error:#}"))
    .unwrap_or_default();
    assert!(wrong.contains("a boolean (`success: true`)"), "{wrong}");
    let flag = "{code: success, success: true, message: message, data: data}";
    docs::apply(&dir, "sheet.tsv", &answer_rows(flag)).unwrap_or_else(|error| panic!("{error:#}"));
    let text = widgets(&dir);
    let kinds = entry(&text, "list_crate_kinds");
    assert!(kinds.contains(&format!("    answer: {flag}\n")), "{kinds}");
    let again = run(&dir, &options(&[KINDS, COUNT], Action::Write, false))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(again.written.is_empty(), "{}", again.output);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn apidog_extensions_and_a_server_without_scheme_are_read() {
    let dir = crate::fixture_spec_copy("outside-apidog");
    let written = run(&dir, &options(&[KINDS], Action::Write, false))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let text = widgets(&dir);
    let kinds = entry(&text, "list_crate_kinds");
    // `x-apidog-enum` labels are the values' docs, as apifox's are.
    for label in ["A crate with a round lid.", "A crate with a square lid."] {
        assert!(kinds.contains(label), "{label}\n{kinds}");
    }
    assert!(kinds.contains("apifox status: testing"), "{kinds}");
    // The server without a scheme is a server: the path stays the page's own, the host a
    // decision of its own.
    assert!(kinds.contains("    path: /crate/kinds\n"), "{kinds}");
    assert!(kinds.contains("      - fact: page.server\n"), "{kinds}");
    assert!(kinds.contains("`localhost:3000` has no scheme"), "{kinds}");
    // The apidog keys read are no longer named as unread; the tooling one still is.
    assert!(!kinds.contains("x-apidog-enum"), "{kinds}");
    assert!(kinds.contains("x-run-in-apidog"), "{kinds}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// An answer declared `properties: {}` whose example shows members: the members are
/// proposed from the example, typed as its values read, and a decision quoting them,
/// counted dropped, so the maintainer sees what the page never declared (M3).
#[test]
fn members_only_an_example_shows_are_proposed_and_a_decision() {
    const PAINT: &str = "outside/paint-job.apifox.md";
    let dir = crate::fixture_spec_copy("outside-members");
    let shown = run(&dir, &options(&[PAINT], Action::Show, true))
        .unwrap_or_else(|error| panic!("{error:#}"));
    let json: serde_json::Value = serde_json::from_str(&shown.output).unwrap_or_default();
    let paint = &json["endpoints"][0];
    assert!(
        listed(&paint["facts"]["dropped_facts"], "response:type"),
        "{paint:#}"
    );
    run(&dir, &options(&[PAINT], Action::Write, false)).unwrap_or_else(|error| panic!("{error:#}"));
    let text = widgets(&dir);
    let paint = entry(&text, "paint_jobs");
    assert!(
        paint.contains("      - fact: response:type\n")
            && paint.contains("while its example shows `job_id` (string), `queued` (boolean)"),
        "{paint}"
    );
    // The typed answer reads them: members of `response`, none invented beyond the example.
    for member in [
        "        - name: job_id\n          type: string\n",
        "        - name: queued\n          type: boolean\n",
    ] {
        assert!(paint.contains(member), "{member}\n{paint}");
    }
    let again = run(&dir, &options(&[PAINT], Action::Write, false))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(again.written.is_empty(), "{}", again.output);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same with the example nested and outside the Jing envelope (an image host's upload,
/// M3): the boolean `status` reads as the code, the data's members come from the example at
/// every depth, a `null` says nothing (`any`), and a second write writes nothing.
#[test]
fn nested_members_an_example_shows_are_proposed_outside_the_envelope() {
    const SHOT: &str = "outside/upload-shot.apifox.md";
    let dir = crate::fixture_spec_copy("outside-nested-members");
    run(&dir, &options(&[SHOT], Action::Write, false)).unwrap_or_else(|error| panic!("{error:#}"));
    let text = widgets(&dir);
    let shot = entry(&text, "shots_upload");
    for said in [
        "    answer_draft: {code: status, success: true, message: message, data: data}\n",
        "      - fact: response:type\n",
        "while its example shows `status` (boolean), `message` (string), `data` (object)",
        "        - name: key\n          type: integer\n",
        "        - name: size\n          type: number\n",
        "        - name: links\n          type: object\n",
        "            - name: delete_url\n              type: string\n",
        "        - name: album\n          type: any\n",
    ] {
        assert!(shot.contains(said), "{said}\n{shot}");
    }
    let again = run(&dir, &options(&[SHOT], Action::Write, false))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(again.written.is_empty(), "{}", again.output);
    let _ = std::fs::remove_dir_all(&dir);
}
