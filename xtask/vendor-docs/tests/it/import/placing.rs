//! How `import` speaks of a page it cannot place (issue #28, M1, M5), on the synthetic page
//! `tests/fixtures/import/shapes/task-state.apifox.md` (made up, not the Jing API), whose
//! folder is apifox's root (`''`): the line says the page names no folder (never an empty
//! pair of backticks) and shows where a new group's titles go; a preview of it fails as
//! `--write` would.

use jing_vendor_docs::import::command::{Action, Options, run};

use super::import_fixture;

#[test]
fn a_page_without_a_folder_says_so_and_fails_every_action() {
    let dir = crate::fixture_spec_copy("placing-no-folder");
    let options = |action| Options {
        action,
        ..Options::new(vec![import_fixture("shapes/task-state.apifox.md")])
    };
    let shown = run(&dir, &options(Action::Show)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(shown.unplaced, 1, "{}", shown.output);
    let line = shown
        .output
        .lines()
        .find(|line| line.contains("needs --group KEY"))
        .unwrap_or_default();
    assert!(
        line.contains("is new to the spec, and the page names no folder;")
            && line.contains("`cargo xtask group add KEY --zh '中文标题' --en 'English title'`")
            && !line.contains("``"),
        "{line}"
    );
    for action in [Action::Show, Action::Check, Action::Write] {
        let failed = jing_vendor_docs::cli::import(&dir, &options(action))
            .err()
            .map(|error| format!("{error:#}"))
            .unwrap_or_default();
        assert!(
            failed.starts_with("1 page(s) cannot be placed, each named above"),
            "{action:?}: {failed}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
