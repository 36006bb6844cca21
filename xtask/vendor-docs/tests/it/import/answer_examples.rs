//! Answers and their examples as real pages of other vendors give them (issue #28, fourth
//! round), as synthetic pages (`tests/fixtures/import/shapes/`, made up, not the Jing API):
//! answer examples — the first and every other — that lack required members, hold
//! undeclared ones or are not the declared answer at all are decisions, and those that
//! would not decode are held back; a job's `status` is no result code; a member the
//! importer read as the answer's code stays data when the sheet corrects the answer.

use std::path::{Path, PathBuf};

use jing_vendor_docs::docs::{self, Row};
use jing_vendor_docs::import::command::{Action, Options, run};

use super::import_fixture;
use super::setup::{entry, for_widgets as options};

const RENDER: &str = "shapes/render-state.apifox.md";
const CLIP: &str = "shapes/clip-submit.apifox.md";
const PAY: &str = "shapes/pay-order.apifox.md";

fn fixtures(names: &[&str]) -> Vec<PathBuf> {
    names.iter().map(|name| import_fixture(name)).collect()
}

fn widgets(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default()
}

/// Each fact the import report's `endpoint` (its `--json`) counts dropped is a decision of
/// the entry, and each decision a fact dropped.
fn assert_drops_are_decisions(endpoint: &serde_json::Value) {
    let keys = |list: &serde_json::Value| {
        let mut keys: Vec<String> = list
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|key| key.as_str().map(str::to_owned))
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&endpoint["facts"]["dropped_facts"]),
        keys(&endpoint["decisions"]),
        "{endpoint:#}"
    );
}

/// Every answer example that is not whole by the page's own answer is a decision, at any
/// depth and for every named example; those that would not decode are not written (a
/// decision each), those only holding undeclared members are; the count's drops are
/// exactly the entry's decisions; a second write writes nothing.
#[test]
fn answer_examples_off_their_schema_are_decisions_and_held_back_when_they_would_not_decode() {
    let dir = crate::fixture_spec_copy("answer-examples");
    let pages = fixtures(&[RENDER, CLIP, PAY]);
    let preview = run(
        &dir,
        &Options {
            json: true,
            ..options(pages.clone(), Action::Show)
        },
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    let json: serde_json::Value = serde_json::from_str(&preview.output).unwrap_or_default();
    let endpoints = json["endpoints"].as_array().cloned().unwrap_or_default();
    assert_eq!(endpoints.len(), 3, "{}", preview.output);
    for endpoint in &endpoints {
        assert_drops_are_decisions(endpoint);
    }

    let written = run(&dir, &options(pages.clone(), Action::Write))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let text = widgets(&dir);
    let render = entry(&text, "renders_render_id");
    for fact in [
        "examples.response",
        "examples.response.完成",
        "page.examples.response.output_url:missing",
        "page.examples.response.finished_at:missing",
        "page.examples.response.trace",
        "page.examples.response.完成.finished_at:missing",
        "page.examples.response.完成.frames",
    ] {
        let line = format!("      - fact: {fact}\n");
        assert!(render.contains(&line), "{fact}\n{render}");
    }
    assert!(!render.contains("    examples:\n"), "held back:\n{render}");
    let clip = entry(&text, "submit_clip");
    assert!(
        clip.contains("      - fact: page.examples.response:answer\n        page: 'the example is not the answer the page declares (read as {code: code, message: message, data: data}): it has no `code`'"),
        "{clip}"
    );
    // `{code, message, data}` says its message where Jing says `msg`: outside the envelope.
    assert!(
        clip.contains("    answer_draft: {code: code, message: message, data: data}\n"),
        "{clip}"
    );
    assert!(clip.contains("      - fact: examples.response\n"), "{clip}");
    assert!(
        clip.contains("    examples:\n      request: ") && !clip.contains("waiting"),
        "the request example stays, the answer's goes:\n{clip}"
    );
    let pay = entry(&text, "pay_order");
    assert!(
        pay.contains("      response: "),
        "the first is whole:\n{pay}"
    );
    assert!(!pay.contains("o-8") && !pay.contains("more:"), "{pay}");
    for fact in [
        "examples.response.By points",
        "page.examples.response.By points.order.unit_price:missing",
    ] {
        let line = format!("      - fact: {fact}\n");
        assert!(pay.contains(&line), "{fact}\n{pay}");
    }

    // Again: nothing to write, the decisions stay open for the sheet.
    let again =
        run(&dir, &options(pages, Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(again.written.is_empty(), "{}", again.output);
    assert_eq!(widgets(&dir), text);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every open row of the sheet filled as a maintainer would, the answer's row with
/// `answer` when given (else as proposed).
fn filled(rows: &[Row], answer: Option<&str>) -> Vec<Row> {
    rows.iter()
        .map(|row| {
            let mut row = row.clone();
            match row.kind.as_str() {
                "answer" => {
                    if let Some(answer) = answer {
                        row.en = answer.to_owned();
                    }
                }
                "method name" | "type name" => {}
                "vendor page" => row.en = "https://fixture.invalid/vendor/page".to_owned(),
                _ => {
                    if row.zh.is_empty() {
                        row.zh = "合成页面的说明。".to_owned();
                    }
                    if row.en.is_empty() {
                        row.en = "Words of the synthetic pages.".to_owned();
                    }
                }
            }
            row
        })
        .collect()
}

/// The `move-pallet` page (its answer `{code, msg, taskId}`: a result code, a message and
/// the data beside them) as a page new to the widgets group, saved in `dir`.
fn queue_page(dir: &Path) -> PathBuf {
    let page = std::fs::read_to_string(import_fixture("pages/move-pallet.apifox.md"))
        .unwrap_or_default()
        .replace("/v1/pallet/move", "/v1/pallet/queue")
        .replace("移动托盘", "排队托盘")
        .replace("Move Pallet", "Queue Pallet");
    let file = dir.join("queue-pallet.apifox.md");
    std::fs::write(&file, page).unwrap_or_else(|error| panic!("{error}"));
    file
}

/// A job's `status` (`queued`) is not proposed as the answer's code: it stays a member of
/// the data. A member the importer does read as the code (`code`, `msg`) stays data while
/// the reading is a draft, so the sheet correcting the answer to `{}` loses none of them;
/// confirming the reading takes them out; either way a second import writes nothing.
#[test]
fn a_job_state_is_no_result_code_and_a_corrected_answer_loses_no_member() {
    let dir = crate::fixture_spec_copy("answer-code");
    let render = fixtures(&[RENDER]);
    let written =
        run(&dir, &options(render, Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let text = widgets(&dir);
    let render = entry(&text, "renders_render_id");
    assert!(render.contains("    answer_draft: {}\n"), "{render}");
    assert!(render.contains("        - name: status\n"), "{render}");

    for (answer, kept) in [
        ("{}", ["code", "msg", "taskId"].as_slice()),
        (
            "{code: code, success: 0, message: msg}",
            ["taskId"].as_slice(),
        ),
    ] {
        let dir = crate::fixture_spec_copy("answer-corrected");
        let page = queue_page(&dir);
        run(&dir, &options(vec![page.clone()], Action::Write))
            .unwrap_or_else(|error| panic!("{error:#}"));
        let drafted = widgets(&dir);
        let queue = entry(&drafted, "queue_pallet");
        assert!(
            queue.contains("    answer_draft: {code: code, success: 0, message: msg}\n"),
            "{queue}"
        );
        for member in ["code", "msg", "taskId"] {
            let line = format!("        - name: {member}\n");
            assert!(
                queue.contains(&line),
                "{member} is data while drafted:\n{queue}"
            );
        }
        let rows = docs::todo(&dir, None).unwrap_or_else(|error| panic!("{error:#}"));
        docs::apply(
            &dir,
            "sheet.tsv",
            &filled(&rows, Some(answer))
                .into_iter()
                .enumerate()
                .collect::<Vec<_>>(),
        )
        .unwrap_or_else(|error| panic!("{answer}: {error:#}"));
        let applied = widgets(&dir);
        let queue = entry(&applied, "queue_pallet");
        assert!(
            queue.contains(&format!("    answer: {answer}\n")),
            "{queue}"
        );
        for member in ["code", "msg", "taskId"] {
            let line = format!("        - name: {member}\n");
            assert_eq!(
                queue.contains(&line),
                kept.contains(&member),
                "{answer}: {member}\n{queue}"
            );
        }
        let again = run(&dir, &options(vec![page], Action::Write))
            .unwrap_or_else(|error| panic!("{error:#}"));
        assert!(again.written.is_empty(), "{answer}: {}", again.output);
        let _ = std::fs::remove_dir_all(&dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A decision on an example held back (M4): its row of the sheet says first that words
/// alone change nothing, and names the change of the spec that settles it. Words applied,
/// the example is still held back; that change made (members not required, each with its
/// override), the next import writes the example and the rows are gone.
#[test]
fn a_held_back_example_row_says_words_change_nothing_and_names_what_settles_it() {
    let dir = crate::fixture_spec_copy("answer-held-rows");
    let render = fixtures(&[RENDER]);
    run(&dir, &options(render.clone(), Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    let rows = docs::todo(&dir, None).unwrap_or_else(|error| panic!("{error:#}"));
    let row = |fact: &str| {
        rows.iter()
            .find(|row| row.key.ends_with(&format!(".decisions[{fact}]")))
            .unwrap_or_else(|| panic!("no row for {fact}: {rows:#?}"))
    };
    for fact in [
        "examples.response",
        "examples.response.完成",
        "page.examples.response.output_url:missing",
    ] {
        let held = row(fact);
        assert_eq!(held.kind, docs::HELD_KIND, "{held:#?}");
        assert!(
            held.vendor.starts_with(docs::WORDS_CHANGE_NOTHING),
            "{held:#?}"
        );
    }
    let first = row("examples.response");
    for change in [
        "make `response.output_url` not required (`required: false`) with `overrides: [response.output_url:required]`",
        "make `response.finished_at` not required (`required: false`) with `overrides: [response.finished_at:required]`",
        "; or write it corrected in the spec and add `overrides: [examples.response]`",
    ] {
        assert!(first.vendor.contains(change), "{change}\n{first:#?}");
    }
    // A decision that is no example's keeps its kind.
    assert!(rows.iter().any(|row| row.kind == "decision"), "{rows:#?}");

    // Words alone: applied, and the example still held back on the next import.
    let sheet: Vec<(usize, Row)> = filled(&rows, None).into_iter().enumerate().collect();
    docs::apply(&dir, "sheet.tsv", &sheet).unwrap_or_else(|error| panic!("{error:#}"));
    run(&dir, &options(render.clone(), Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    let text = widgets(&dir);
    assert!(
        !entry(&text, "renders_render_id").contains("    examples:\n"),
        "{text}"
    );

    // The change the row names: the members not required, kept ours.
    let settled = settle_render(&text);
    std::fs::write(dir.join("01-widgets.yaml"), &settled).unwrap_or_else(|error| panic!("{error}"));
    let settled =
        run(&dir, &options(render, Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(
        settled.output.contains(
            "the decision on `examples.response` is stale (the example decodes now and is written): removed"
        ),
        "{}",
        settled.output
    );
    let text = widgets(&dir);
    let render = entry(&text, "renders_render_id");
    assert!(
        render.contains("    examples:\n      response: "),
        "{render}"
    );
    for fact in [
        "examples.response",
        "examples.response.完成",
        "page.examples.response.output_url:missing",
    ] {
        let line = format!("      - fact: {fact}\n");
        assert!(!render.contains(&line), "{fact} settled:\n{render}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The render entry of `text` with `output_url` and `finished_at` not required, each
/// with its override.
fn settle_render(text: &str) -> String {
    let render = entry(text, "renders_render_id");
    let mut settled = render.to_owned();
    for member in ["output_url", "finished_at"] {
        let start = settled
            .find(&format!("        - name: {member}\n"))
            .unwrap_or_else(|| panic!("{member}:\n{render}"));
        let at = start
            + settled[start..]
                .find("required: true")
                .unwrap_or_else(|| panic!("{member} required:\n{render}"));
        settled.replace_range(at..at + "required: true".len(), "required: false");
    }
    settled = settled.replacen(
        "    response:\n",
        "    overrides: [response.output_url:required, response.finished_at:required]\n    response:\n",
        1,
    );
    text.replacen(render, &settled, 1)
}
