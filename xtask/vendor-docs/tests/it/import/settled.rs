//! A maintainer's override settles every decision about the fact it keeps, and every one
//! under it (`examples.response` settles `page.examples.response.createdAt:missing`); the
//! counts the import prints agree with the decisions it leaves: a fact counted dropped, or
//! changed without an override, has a decision, every decision is about a fact counted
//! (but a security scheme's: who fills a parameter held), and none about a fact kept ours.
//! Synthetic pages (`tests/fixtures/import/shapes/`), not the Jing API.

use std::path::PathBuf;

use jing_spec::FactKey;
use jing_vendor_docs::import::command::{Action, Options, run};

use super::import_fixture;

const CLIP: &str = "shapes/upload-clip.apifox.md";

fn options(action: Action, json: bool) -> Options {
    let files: Vec<PathBuf> = vec![import_fixture(CLIP)];
    Options {
        action,
        json,
        group: Some("widgets".to_owned()),
        ..Options::new(files)
    }
}

fn preview(dir: &std::path::Path) -> serde_json::Value {
    let shown = run(dir, &options(Action::Show, true)).unwrap_or_else(|error| panic!("{error:#}"));
    let json: serde_json::Value = serde_json::from_str(&shown.output).unwrap_or_default();
    json["endpoints"][0].clone()
}

fn texts(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item.as_str().map(str::to_owned))
        .collect()
}

/// Whether the decision on `decision` is about `fact`: the same key, or one covering it.
fn about(decision: &str, fact: &str) -> bool {
    decision == fact
        || decision
            .parse::<FactKey>()
            .ok()
            .zip(fact.parse::<FactKey>().ok())
            .is_some_and(|(decision, fact)| decision.covers(&fact))
}

/// The counts of `entry` agree with its decisions.
fn counts_agree(entry: &serde_json::Value) {
    let decisions = texts(&entry["decisions"]);
    let kept = texts(&entry["facts"]["kept_facts"]);
    let open: Vec<String> = texts(&entry["facts"]["dropped_facts"])
        .into_iter()
        .chain(
            texts(&entry["facts"]["changed_facts"])
                .into_iter()
                .filter(|fact| !kept.contains(fact) && fact != "answer"),
        )
        .collect();
    for fact in &open {
        assert!(
            decisions.iter().any(|decision| about(decision, fact)),
            "{fact} is counted but has no decision: {entry:#}"
        );
    }
    for decision in decisions
        .iter()
        .filter(|fact| !fact.starts_with("security."))
    {
        assert!(
            open.iter().any(|fact| about(decision, fact)),
            "the decision on {decision} is about no fact counted: {entry:#}"
        );
    }
    for fact in &kept {
        assert!(
            !decisions.iter().any(|decision| decision == fact),
            "{fact} is kept ours, yet a decision: {entry:#}"
        );
    }
}

#[test]
fn an_override_settles_every_decision_under_it_and_the_counts_agree() {
    let dir = crate::fixture_spec_copy("settled-examples");
    let before = preview(&dir);
    let under = |list: &serde_json::Value| {
        texts(list)
            .into_iter()
            .filter(|fact| fact.starts_with("page.examples.response."))
            .collect::<Vec<_>>()
    };
    assert!(!under(&before["decisions"]).is_empty(), "{before:#}");
    assert!(
        !under(&before["facts"]["dropped_facts"]).is_empty(),
        "{before:#}"
    );
    counts_agree(&before);
    let written =
        run(&dir, &options(Action::Write, false)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);

    // The maintainer keeps the answer's example ours.
    let file = dir.join("01-widgets.yaml");
    let widgets = std::fs::read_to_string(&file).unwrap_or_default();
    let ours = widgets.replacen(
        "    path: /v1/clip/upload\n",
        "    path: /v1/clip/upload\n    overrides: [examples.response]\n",
        1,
    );
    assert_ne!(ours, widgets);
    std::fs::write(&file, &ours).unwrap_or_else(|error| panic!("{error}"));
    let after = preview(&dir);
    assert!(under(&after["decisions"]).is_empty(), "{after:#}");
    assert!(
        under(&after["facts"]["dropped_facts"]).is_empty(),
        "{after:#}"
    );
    assert!(
        !under(&after["facts"]["kept_facts"]).is_empty(),
        "{after:#}"
    );
    counts_agree(&after);
    let again =
        run(&dir, &options(Action::Write, false)).unwrap_or_else(|error| panic!("{error:#}"));
    let widgets = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        !widgets.contains("fact: page.examples.response."),
        "{}\n{widgets}",
        again.output
    );
    // Settled, the next import changes nothing.
    let third =
        run(&dir, &options(Action::Write, false)).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(third.written.is_empty(), "{}", third.output);
    let _ = std::fs::remove_dir_all(&dir);
}
