//! A page whose credential is its own (issue #28, L6; a made-up page, not the Jing API, in
//! the shape of a vendor's: a token header documented as a parameter, no security scheme):
//! the import writes the header a secret parameter and proposes `auth: none`
//! (`auth_draft`, the sheet's `auth` row, the security decision saying the line to write);
//! a maintainer's `auth`, written in the YAML by hand, is kept by every import after (and
//! said kept when it is not the page's); the sheet refuses what is not `none` or `headers`.
//! (The sheet's way, and the client that then sends no Jing auth header, are the loop of
//! `vendor_pages.rs` and `tests/tests/it/fixture_auth.rs`.)

use std::path::{Path, PathBuf};

use jing_spec::Sources;
use jing_vendor_docs::docs;
use jing_vendor_docs::import::command::{Action, Options, run};

use super::writes::{folder_bytes, write_twice_into};

/// The page: a token header as a parameter, as apifox renders it.
const PAGE: &str = "# 标注部件(Note Widget)\n\nSYNTHETIC FIXTURE: made up, not the Jing API.\n\n```yaml\nopenapi: 3.0.1\ninfo: {title: '', version: 1.0.0}\npaths:\n  /v1/widget/note:\n    post:\n      summary: 标注部件(Note Widget)\n      x-apifox-folder: 部件(Widgets)\n      parameters:\n        - {name: X-Note-Token, in: header, required: true, description: 令牌, example: '{{tokenId}}', schema: {type: string}}\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {note: {type: string, description: 备注}}, required: [note]}\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {type: object, properties: {request_id: {type: string}, code: {type: integer}, msg: {type: string}, data: {type: object, properties: {}}}}\n```\n";

const WIDGETS: &str = "01-widgets.yaml";

fn page(dir: &Path) -> Vec<PathBuf> {
    let path = dir.join("note-widget.apifox.md");
    std::fs::write(&path, PAGE).unwrap_or_else(|error| panic!("{error}"));
    vec![path]
}

/// The entry of `note_widget` in the widgets file, up to the next entry.
fn entry(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join(WIDGETS)).unwrap_or_default();
    let at = text
        .find("    path: /v1/widget/note\n")
        .unwrap_or_else(|| panic!("the page is written:\n{text}"));
    let rest = &text[at..];
    rest[..rest.find("\n  - name: ").unwrap_or(rest.len())].to_owned()
}

/// `text` with the entry's `auth_draft` line replaced by `line` (a maintainer's YAML).
fn settle_by_hand(dir: &Path, line: &str) {
    let path = dir.join(WIDGETS);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(text.matches("    auth_draft: none\n").count(), 1, "{text}");
    let text = text.replace("    auth_draft: none\n", line);
    std::fs::write(&path, text).unwrap_or_else(|error| panic!("{error}"));
}

#[test]
fn a_token_header_of_the_pages_own_proposes_auth_none() {
    let dir = crate::fixture_spec_copy("own-credential-draft");
    let pages = page(&dir);
    let output = write_twice_into(&pages, None, &dir);
    assert!(
        output.contains("+ auth: — -> none (to confirm)"),
        "{output}"
    );
    let entry = entry(&dir);
    assert!(entry.contains("\n    auth_draft: none\n"), "{entry}");
    assert!(
        entry.contains("      - name: X-Note-Token\n        type: string\n        required: true\n        secret: true\n"),
        "the page's credential is a secret parameter the caller passes:\n{entry}"
    );
    assert!(
        entry.contains("the caller passes `X-Note-Token` (written a secret parameter); `auth: none` keeps Jing''s auth headers from being sent"),
        "the decision says the settlement and the line to write:\n{entry}"
    );
    // The proposal is an open decision: a row of the sheet, prefilled.
    let rows = docs::todo(&dir, None).unwrap_or_else(|error| panic!("{error:#}"));
    let row = rows
        .iter()
        .find(|row| row.kind == "auth")
        .unwrap_or_else(|| panic!("an auth row: {rows:#?}"));
    assert!(row.key.ends_with("endpoints[note_widget].auth"), "{row:?}");
    assert_eq!(row.en, "none");
    // Answered with anything but `none` or `headers`, the sheet is refused, nothing written.
    let before = folder_bytes(&dir);
    let mut wrong = row.clone();
    wrong.en = "bearer".to_owned();
    let refused = docs::apply(&dir, "sheet.tsv", &[(2, wrong)]);
    let message = refused.map_or_else(|error| format!("{error:#}"), |_| String::new());
    assert!(
        message.contains("`bearer` is not how a call authenticates"),
        "{message}"
    );
    assert!(folder_bytes(&dir) == before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn auth_written_by_hand_is_kept_by_every_import_after() {
    for (line, kept) in [
        ("    auth: none\n", None),
        (
            "    auth: headers\n",
            Some("kept `auth`: headers; the page says none"),
        ),
    ] {
        let dir = crate::fixture_spec_copy("own-credential-kept");
        let pages = page(&dir);
        write_twice_into(&pages, None, &dir);
        settle_by_hand(&dir, line);
        let settled = folder_bytes(&dir);
        let output = write_twice_into(&pages, None, &dir);
        assert!(!output.contains("wrote "), "{line}{output}");
        assert!(
            folder_bytes(&dir) == settled,
            "{line}: the maintainer's word lasts"
        );
        assert!(entry(&dir).contains(&format!("\n{line}")), "{line}");
        assert!(!entry(&dir).contains("\n    auth_draft:"), "{line}");
        if let Some(kept) = kept {
            assert!(output.contains(kept), "{kept}\n{output}");
        }
        // The proposal settled, `auth` is no open decision, and `--check` finds only the
        // words still to write.
        let pending = jing_spec::load_pending(&Sources::dir(&dir))
            .unwrap_or_else(|errors| panic!("only decisions are open:\n{errors}"));
        assert!(
            pending.open.iter().all(|open| !open.key.ends_with(".auth")),
            "{line}"
        );
        let options = Options {
            action: Action::Check,
            ..Options::new(pages)
        };
        let checked = run(&dir, &options).unwrap_or_else(|error| panic!("{error:#}"));
        assert!(
            !checked.output.contains("(to confirm)"),
            "{}",
            checked.output
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A query parameter named like one of the spec's auth headers (`access_token`) is the
/// page's own credential, which the caller passes: no `auth: true` (the client would not
/// fill a query parameter), a secret parameter, the security decision and `auth: none`
/// proposed (tester28e M3: a vendor's `?access_token={{access_token}}` was marked the
/// spec's credential without a word).
#[test]
fn a_query_parameter_named_like_an_auth_header_is_the_pages_own() {
    let dir = crate::fixture_spec_copy("own-credential-query");
    let path = dir.join("note-widget.apifox.md");
    let query = "- {name: access_token, in: query, required: true, description: 用户密钥, example: '{{access_token}}', schema: {type: string}}";
    let text = PAGE.replace(
        "- {name: X-Note-Token, in: header, required: true, description: 令牌, example: '{{tokenId}}', schema: {type: string}}",
        query,
    );
    assert!(text.contains(query), "the page is changed");
    std::fs::write(&path, text).unwrap_or_else(|error| panic!("{error}"));
    let output = write_twice_into(&[path], None, &dir);
    assert!(
        output.contains("+ auth: — -> none (to confirm)"),
        "{output}"
    );
    let entry = entry(&dir);
    assert!(
        entry.contains("    query:\n      - name: access_token\n"),
        "{entry}"
    );
    assert!(
        !entry.contains("auth: true"),
        "not the spec's header:\n{entry}"
    );
    assert!(entry.contains("        secret: true\n"), "{entry}");
    assert!(
        entry.contains("the caller passes `access_token` (written a secret parameter)"),
        "a security decision:\n{entry}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
