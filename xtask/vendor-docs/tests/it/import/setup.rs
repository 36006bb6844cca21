//! What the importer's tests on synthetic pages share: the options that import pages into
//! the fixture spec's `widgets` group, a page written there, and an entry cut out of a
//! written group file.

use std::path::{Path, PathBuf};

use jing_vendor_docs::import::command::{Action, Options, Outcome, run};

use super::import_fixture;

/// The options that run `action` on `files`, new endpoints going to the `widgets` group.
pub fn for_widgets(files: Vec<PathBuf>, action: Action) -> Options {
    Options {
        action,
        group: Some("widgets".to_owned()),
        ..Options::new(files)
    }
}

/// [`for_widgets`] for the fixture pages `names` (under `tests/fixtures/import/`).
pub fn fixtures_for_widgets(names: &[&str], action: Action) -> Options {
    for_widgets(
        names.iter().map(|name| import_fixture(name)).collect(),
        action,
    )
}

/// The endpoint entry named `name` in a group file's text (up to the next entry).
pub fn entry<'t>(text: &'t str, name: &str) -> &'t str {
    let start = text
        .find(&format!("  - name: {name}\n"))
        .unwrap_or_else(|| panic!("{name} is written:\n{text}"));
    let rest = &text[start + 4..];
    &text[start..start + 4 + rest.find("\n  - name: ").unwrap_or(rest.len())]
}

/// Saves `page` as `file_name` in the spec folder `dir` and imports it with `--write` into
/// the `widgets` group: the run (one file written) and the widgets file's text after it.
pub fn write_page_into_widgets(dir: &Path, file_name: &str, page: &str) -> (Outcome, String) {
    let file = dir.join(file_name);
    std::fs::write(&file, page).unwrap_or_else(|error| panic!("{error}"));
    let written = run(dir, &for_widgets(vec![file], Action::Write))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    (written, widgets)
}
