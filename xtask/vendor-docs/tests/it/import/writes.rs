//! `import --write`: only the lines of what changed change, every run twice writes nothing
//! the second time, and the captured vendor page changes no byte of the real spec.

use std::path::{Path, PathBuf};

use jing_spec::Sources;
use jing_vendor_docs::import::command::{Action, Options, run};

use super::import_fixture;

/// The files of a folder and their bytes, by name.
pub(super) fn folder_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(entry.path()).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}

/// `import --write` of `files` into the spec folder `spec`, run twice: the second run
/// writes nothing and every file of the folder stays byte-identical. The first run's
/// report, paths made relative.
fn write_twice(files: &[PathBuf], spec: &Path) -> String {
    write_twice_into(files, None, spec)
}

/// [`write_twice`], new endpoints going to `group`.
pub(super) fn write_twice_into(files: &[PathBuf], group: Option<&str>, spec: &Path) -> String {
    let options = Options {
        action: Action::Write,
        group: group.map(str::to_owned),
        ..Options::new(files.to_vec())
    };
    let first = run(spec, &options).unwrap_or_else(|error| panic!("{error:#}"));
    let after_first = folder_bytes(spec);
    let second = run(spec, &options).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(
        second.written,
        Vec::<String>::new(),
        "the second import writes nothing:\n{}",
        second.output
    );
    for ((name, before), (_, after)) in after_first.iter().zip(folder_bytes(spec)) {
        assert!(
            *before == after,
            "{name} changed on the second import:\n{}",
            String::from_utf8_lossy(&after)
        );
    }
    let prefix = format!("{}/", crate::fixtures("import").display());
    first.output.replace(&prefix, "")
}

/// [`write_twice`] of fixture pages.
pub(super) fn write_fixtures(files: &[&str], spec: &Path) -> String {
    let files: Vec<PathBuf> = files.iter().map(|name| import_fixture(name)).collect();
    write_twice(&files, spec)
}

/// How many endpoints a group file's text holds.
fn endpoint_count(text: &str) -> usize {
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).unwrap_or_else(|error| panic!("{error}"));
    value["endpoints"].as_sequence().map_or(0, Vec::len)
}

/// A copy of the spec folder `source` in a fresh temporary folder.
fn spec_copy(source: &Path, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jing-import-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
    for entry in std::fs::read_dir(source).into_iter().flatten().flatten() {
        std::fs::copy(entry.path(), dir.join(entry.file_name()))
            .unwrap_or_else(|error| panic!("{error}"));
    }
    dir
}

#[test]
fn write_changes_only_the_matched_entry_and_drafts_are_located_errors() {
    let dir = crate::fixture_spec_copy("write");
    let group_file = dir.join("01-widgets.yaml");
    let before = std::fs::read_to_string(&group_file).unwrap_or_default();
    let others =
        ["api.yaml", "webhooks.yaml"].map(|name| std::fs::read(dir.join(name)).unwrap_or_default());
    let output = write_fixtures(&["get-widget.apifox.md"], &dir);
    assert!(output.contains("wrote "), "{output}");
    let after = std::fs::read_to_string(&group_file).unwrap_or_default();
    assert_eq!(
        others,
        ["api.yaml", "webhooks.yaml"].map(|name| std::fs::read(dir.join(name)).unwrap_or_default())
    );

    // Everything before get_widget's entry and from the next entry on is byte-identical.
    let start = before.find("  - name: get_widget").unwrap_or_default();
    let next = before.find("  - name: update_widgets").unwrap_or_default();
    assert!(start > 0 && next > start);
    assert_eq!(after[..start], before[..start]);
    let tail = &before[next..];
    assert!(after.ends_with(tail), "the rest of the file is unchanged");
    let entry = &after[start..after.len() - tail.len()];
    assert!(
        entry.contains("per_second: 20") && entry.contains("X-Trace-Id"),
        "{entry}"
    );
    assert!(
        entry.contains("  - {name: widgetId, type: string, required: true, doc: {zh: \"部件 ID。\", en: \"Widget id.\"}, example: w1}\n"),
        "our docs, and the flow style, stay; the page's example is kept: {entry}"
    );

    // The new members' short Chinese labels stand as their zh docs; the validator asks
    // for the en docs, which are ours to write.
    let errors = match jing_spec::load(&Sources::dir(&dir)) {
        Ok(_) => panic!("docs still to write must be refused"),
        Err(errors) => errors,
    };
    let keys: Vec<&str> = errors.iter().map(|error| error.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "endpoints[1].headers[0].doc.en",
            "endpoints[1].response.fields[2].doc.en"
        ]
    );
    assert!(entry.contains("doc: {zh: \"追踪ID\"}\n"), "{entry}");
    assert!(
        errors
            .iter()
            .all(|error| error.file.ends_with("01-widgets.yaml") && error.line > 1)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn write_appends_an_endpoint_new_to_the_group() {
    let dir = crate::fixture_spec_copy("append");
    let group_file = dir.join("01-widgets.yaml");
    let before = std::fs::read_to_string(&group_file).unwrap_or_default();
    write_fixtures(&["widgets.openapi.yaml"], &dir);
    let after = std::fs::read_to_string(&group_file).unwrap_or_default();
    assert!(before.contains("  - name: archive_gadget"));
    let last = after.rfind("  - name: archive_gadget").unwrap_or_default();
    assert!(after.contains("  - name: delete_part\n"), "{after}");
    assert!(after.find("  - name: delete_part").unwrap_or_default() > last);
    let value: serde_yaml::Value =
        serde_yaml::from_str(&after).unwrap_or_else(|error| panic!("{error}"));
    let endpoints = value["endpoints"].as_sequence().map(Vec::len);
    assert_eq!(endpoints, Some(endpoint_count(&before) + 1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_pages_about_one_new_endpoint_give_one_entry() {
    let dir = crate::fixture_spec_copy("append-twice");
    let group_file = dir.join("01-widgets.yaml");
    let before = std::fs::read_to_string(&group_file).unwrap_or_default();
    // The second page lands on the entry the first appended in this same run.
    write_fixtures(&["widgets.openapi.yaml", "widgets.openapi.yaml"], &dir);
    let after = std::fs::read_to_string(&group_file).unwrap_or_default();
    assert_eq!(
        after.matches("  - name: delete_part\n").count(),
        1,
        "{after}"
    );
    let value: serde_yaml::Value =
        serde_yaml::from_str(&after).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        value["endpoints"].as_sequence().map(Vec::len),
        Some(endpoint_count(&before) + 1)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Re-importing the captured Account Creation page into a copy of the real spec changes
/// no byte: its facts equal the spec's, so its entry is not touched.
#[test]
fn reimporting_the_captured_page_into_the_real_spec_changes_no_byte() {
    let real = jing_vendor_docs::workspace_root().join("jing-spec/api");
    let dir = spec_copy(&real, "account-creation");
    let before = folder_bytes(&dir);
    let output = write_fixtures(&["vendor/account-creation.page.txt"], &dir);
    assert!(!output.contains("wrote "), "{output}");
    assert!(output.contains("no file changed"), "{output}");
    assert!(folder_bytes(&dir) == before, "{output}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A merge the validator would refuse for more than open decisions (two members that are
/// one Rust name) leaves that page out, located by its entry and key and counted as read
/// (not among files not read), in the preview as under `--write`; the other page of the
/// run is written, and the command fails.
#[test]
fn a_merge_the_spec_cannot_hold_leaves_out_that_page_only() {
    let dir = crate::fixture_spec_copy("refused-merge");
    let page = dir.join("clash.page.md");
    let text = "# 撞名(Name Clash)\n\nSYNTHETIC FIXTURE: made up, not the Jing API.\n\n```yaml\nopenapi: 3.0.1\ninfo: {title: '', version: 1.0.0}\npaths:\n  /v1/widget/clash:\n    post:\n      summary: 撞名(Name Clash)\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                userId: {type: string}\n                user_id: {type: string}\n      responses: {}\n```\n";
    std::fs::write(&page, text).unwrap_or_else(|error| panic!("{error}"));
    let good = import_fixture("paint-widget.apifox.md");
    let before = folder_bytes(&dir);
    let options = |action| Options {
        action,
        group: Some("widgets".to_owned()),
        ..Options::new(vec![page.clone(), good.clone()])
    };
    for action in [Action::Show, Action::Write] {
        let outcome = run(&dir, &options(action)).unwrap_or_else(|error| panic!("{error:#}"));
        let [refused] = outcome.unread.as_slice() else {
            panic!("the clash page is left out:\n{}", outcome.output);
        };
        // Read, then refused: located by the entry and its key in the group file, never
        // by a line of the merged text (which is on no disk).
        assert!(
            refused.contains("clash.page.md: read, but refused: the spec would not hold it merged as the new entry of 01-widgets.yaml at `body.fields[1].name`: "),
            "{refused}"
        );
        assert!(!refused.contains("01-widgets.yaml:"), "{refused}");
        assert!(
            outcome
                .output
                .contains("1 page(s) read but not imported (the spec would refuse them merged)")
                && !outcome.output.contains("file(s) not read"),
            "{}",
            outcome.output
        );
        assert!(
            outcome.output.contains("paint-widget"),
            "{}",
            outcome.output
        );
        if action == Action::Show {
            assert!(folder_bytes(&dir) == before, "the preview writes nothing");
        } else {
            assert_eq!(outcome.written.len(), 1, "{}", outcome.output);
        }
    }
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    assert!(!widgets.contains("/v1/widget/clash"), "{widgets}");
    let failed = jing_vendor_docs::cli::import(&dir, &options(Action::Write)).err();
    assert!(
        failed.is_some(),
        "the command fails while a page is left out"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
