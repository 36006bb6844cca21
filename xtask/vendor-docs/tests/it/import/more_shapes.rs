//! More shapes of real pages of other vendors (issue #28, third round), as synthetic pages
//! (`tests/fixtures/import/shapes/`, made up, not the Jing API): a file holding several
//! pages one after another is refused with its blocks' lines, never read in part.

use std::path::PathBuf;

use jing_vendor_docs::import::command::{Action, Options, run};

use super::import_fixture;

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
