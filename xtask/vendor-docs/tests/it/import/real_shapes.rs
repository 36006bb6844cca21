//! Shapes of real apifox pages of other vendors (issue #28, second round), as synthetic
//! pages (`tests/fixtures/import/shapes/`, made up, not the Jing API): a `servers:` entry
//! with a path prefix or a host that is not the spec's, the spec's own server, values
//! holding a placeholder beside text (`Bearer {{key}}`) and masked blanks. None of them is
//! lost without a word: each is counted and a decision (or a note where nothing is lost).

use jing_vendor_docs::import::command::{Action, Options, run};

use super::setup::fixtures_for_widgets as options;

const CODE: &str = "shapes/shelf-code.apifox.md";
const COUNT: &str = "shapes/shelf-count.apifox.md";
const CLIP: &str = "shapes/upload-clip.apifox.md";

/// The preview of `files` as JSON.
fn preview(dir: &std::path::Path, files: &[&str]) -> serde_json::Value {
    let shown = run(
        dir,
        &Options {
            json: true,
            ..options(files, Action::Show)
        },
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    serde_json::from_str(&shown.output).unwrap_or_default()
}

fn listed(list: &serde_json::Value, fact: &str) -> bool {
    list.as_array().into_iter().flatten().any(|key| key == fact)
}

#[test]
fn a_server_with_a_path_prefix_or_another_host_is_never_dropped() {
    let dir = crate::fixture_spec_copy("shapes-servers");
    let json = preview(&dir, &[CODE, COUNT]);
    let code = &json["endpoints"][0];
    assert_eq!(code["path"], "/shelf/v2/api/shelf/getShelfCode", "{code:#}");
    assert_eq!(code["status"], "partial", "{code:#}");
    assert!(listed(&code["facts"]["changed_facts"], "path"), "{code:#}");
    let count = &json["endpoints"][1];
    assert_eq!(count["path"], "/v1/shelf/count", "{count:#}");
    assert_eq!(count["status"], "documented", "{count:#}");

    let written = run(&dir, &options(&[CODE, COUNT], Action::Write))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    assert!(
        widgets.contains("the page''s `servers:` entry `http://api.vendor.invalid/shelf/v2/api`"),
        "{widgets}"
    );
    assert!(
        widgets.contains("(with the server''s path prefix `/shelf/v2/api`)"),
        "{widgets}"
    );
    assert!(!widgets.contains("`https://fixture.invalid`"), "{widgets}");
    // The decision says how to settle it, so the next import keeps the maintainer's path.
    assert!(
        widgets.contains("to settle it, edit `path` in the entry and add `overrides: [path]`"),
        "{widgets}"
    );

    // The host is a decision of its own, beside the path's, with the server's own words.
    assert!(
        widgets.contains("      - fact: page.server\n        page: 'the page''s `servers:` entry `http://api.vendor.invalid/shelf/v2/api` (the page calls it “测试环境”)"),
        "{widgets}"
    );

    // The maintainer decides both, then keeps a path of ours: the path's decision is
    // settled (it goes, the report says so, the spec's notes do not), the host's is not:
    // it stays, with the maintainer's words.
    let decided = decide(&decide(&widgets, "path"), "page.server");
    let ours = decided.replacen(
        "    path: /shelf/v2/api/shelf/getShelfCode\n",
        "    path: /shelf/getShelfCode\n    overrides: [path]\n",
        1,
    );
    assert_ne!(ours, widgets);
    std::fs::write(dir.join("01-widgets.yaml"), &ours).unwrap_or_else(|error| panic!("{error}"));
    let again = run(&dir, &options(&[CODE, COUNT], Action::Write))
        .unwrap_or_else(|error| panic!("{error:#}"));
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    let output = &again.output;
    assert!(
        widgets.contains("    path: /shelf/getShelfCode\n"),
        "{output}\n{widgets}"
    );
    assert!(
        !widgets.contains("      - fact: path\n"),
        "{output}\n{widgets}"
    );
    assert!(
        widgets.contains("      - fact: page.server\n") && widgets.contains("决定了 page.server。"),
        "{output}\n{widgets}"
    );
    assert!(
        output.contains("the decision on `path` is stale") && !widgets.contains("is stale"),
        "{output}\n{widgets}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `widgets` with the decision on `fact` given our words (its draft doc replaced).
fn decide(widgets: &str, fact: &str) -> String {
    let draft = "        doc: {draft: true}\n";
    let at = widgets
        .find(&format!("      - fact: {fact}\n"))
        .unwrap_or_else(|| panic!("{fact}:\n{widgets}"));
    let end = at + widgets[at..].find(draft).unwrap_or_default();
    format!(
        "{}        doc: {{zh: \"决定了 {fact}。\", en: \"{fact} decided.\"}}\n{}",
        &widgets[..end],
        &widgets[end + draft.len()..]
    )
}

#[test]
fn placeholders_inside_values_and_masked_blanks_are_not_held_but_noted() {
    let dir = crate::fixture_spec_copy("shapes-placeholders");
    let written =
        run(&dir, &options(&[CODE], Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    for kept in ["{{key}}", "**********@shelf", "prefix-{{note}}", "xxx1"] {
        for key in ["example", "default"] {
            assert!(
                !widgets.contains(&format!("{key}: '{kept}"))
                    && !widgets.contains(&format!("{key}: \"{kept}"))
                    && !widgets.contains(&format!("{key}: {kept}")),
                "{key} {kept} is not held:\n{widgets}"
            );
        }
    }
    for note in [
        "`headers.Authorization`: the page's example \\\"Bearer {{key}}\\\" is a placeholder",
        "`headers.Authorization`: the page's default \\\"Bearer {{key}}\\\" is a placeholder",
        "`body.shelfId`: the page's example \\\"**********@shelf\\\" is a placeholder",
        "`body.note`: the page's example \\\"prefix-{{note}}\\\" is a placeholder",
    ] {
        assert!(widgets.contains(note), "{note}\n{widgets}");
    }
    // The request example holds masked blanks: not held, a decision naming them.
    assert!(
        widgets.contains("      - fact: examples.request\n        page: 'the example holds placeholders, not values of the API (\"data:image/png;base64,xxx1\", \"**********@shelf\")"),
        "{widgets}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A multipart upload: the file's description stays in its decision, the header saying
/// JSON is a decision, formats and the `*/*` answer are noted, apifox's empty fills are not
/// held (the file's among them, by the same rule), and the example's missing required
/// members are counted and decisions, at every depth.
#[test]
fn an_upload_page_loses_nothing_without_a_word() {
    let dir = crate::fixture_spec_copy("shapes-upload");
    let json = preview(&dir, &[CLIP]);
    let clip = &json["endpoints"][0];
    assert_eq!(clip["status"], "partial", "{clip:#}");
    let dropped = &clip["facts"]["dropped_facts"];
    for fact in [
        "page.examples.response.createdAt:missing",
        "page.examples.response.parts.size:missing",
    ] {
        assert!(listed(dropped, fact), "{fact}: {dropped:#}");
    }
    assert!(!listed(dropped, "body.clip:example"), "{dropped:#}");
    let written =
        run(&dir, &options(&[CLIP], Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    for said in [
        "described as «片段文件，不超过 5MB»",
        "      - fact: page.headers.Content-Type\n        page: 'the page''s `Content-Type` header says `application/json`, its body `multipart/form-data`",
        "      - fact: page.examples.response.createdAt:missing\n",
        "      - fact: page.examples.response.parts.size:missing\n",
        "give the example the member in the spec and add `overrides: [examples.response]` to the entry",
        "`response.clipId`: the page's format `uuid` has no place in the spec",
        "`response.createdAt`: the page's format `date-time` has no place in the spec",
        "`response.parts.seq`: the page's format `int32` has no place in the spec",
        "the page's answer has the media type `*/*`",
        "`body.label`: the page's example \\\"\\\" is apifox's empty fill",
    ] {
        assert!(widgets.contains(said), "{said}\n{widgets}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A placeholder server (`{{url}}`, `${BASE}`) is no address: the page's path is kept as
/// the path, the server goes with a note, and nothing asks for a decision about it.
#[test]
fn a_placeholder_server_is_dropped_and_the_path_kept() {
    let dir = crate::fixture_spec_copy("shapes-placeholder-server");
    let pages = ["shapes/image-edit.apifox.md", "shapes/image-vary.apifox.md"];
    let json = preview(&dir, &pages);
    for (at, path) in [(0, "/v1/images/edits"), (1, "/v1/images/variations")] {
        let page = &json["endpoints"][at];
        assert_eq!(page["path"], path, "{page:#}");
        assert!(!listed(&page["facts"]["changed_facts"], "path"), "{page:#}");
    }
    let written =
        run(&dir, &options(&pages, Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    for said in [
        "    path: /v1/images/edits\n",
        "    path: /v1/images/variations\n",
        "the page's server `{{url}}` is a placeholder",
        "the page's server `${BASE}` is a placeholder",
    ] {
        assert!(
            widgets.contains(said),
            "{said}\n{}\n{widgets}",
            written.output
        );
    }
    assert!(!widgets.contains("      - fact: path\n"), "{widgets}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Headers named like a credential (`Authorization`, `X-API-Key`, `VideosApi-token`) are
/// secret and a security decision each, as such query parameters are; the spec's own auth
/// header (`access_token`) is neither, and a plain header stays plain.
#[test]
fn credential_headers_are_secret_and_decisions_but_the_auth_headers() {
    let dir = crate::fixture_spec_copy("shapes-credential-headers");
    let pages = ["shapes/video-make.apifox.md"];
    let written =
        run(&dir, &options(&pages, Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    let at = widgets
        .find("    path: /v1/videos/make\n")
        .unwrap_or_default();
    let entry = &widgets[at..];
    let entry = &entry[..entry.find("\n  - name: ").unwrap_or(entry.len())];
    let header = |name: &str| {
        let from = entry
            .find(&format!("- name: {name}\n"))
            .unwrap_or_else(|| panic!("{name}:\n{entry}"));
        let rest = &entry[from + 2..];
        // Up to the next header, or the entry's next key after the last one.
        let end = ["- name: ", "\n    answer", "\n    decisions"]
            .iter()
            .filter_map(|next| rest.find(next))
            .min();
        rest[..end.unwrap_or(rest.len())].to_owned()
    };
    for secret in ["Authorization", "X-API-Key", "VideosApi-token"] {
        assert!(
            header(secret).contains("secret: true"),
            "{secret}:\n{entry}"
        );
        assert!(
            entry.contains(&format!("      - fact: security.{secret}\n        page: 'the header `{secret}` is named like a credential")),
            "{secret}:\n{entry}"
        );
    }
    for plain in ["access_token", "X-Trace-Id"] {
        assert!(!header(plain).contains("secret"), "{plain}:\n{entry}");
        assert!(
            !entry.contains(&format!("fact: security.{plain}\n")),
            "{plain}:\n{entry}"
        );
    }
    assert!(header("access_token").contains("auth: true"), "{entry}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// What a page states that no fact of the spec holds is a note, never dropped silently:
/// its operation id beside its summary, the words of its error statuses without a body,
/// the labels of the envelope's members that are not api.yaml's, its extensions by name
/// (apifox's tooling ones apart), and its words on the spec's own server where they are
/// not api.yaml's. A second import of the same page changes nothing.
#[test]
fn what_no_fact_holds_is_a_note_and_a_reimport_changes_nothing() {
    let dir = crate::fixture_spec_copy("shapes-page-words");
    let pages = ["shapes/stock-fee.apifox.md"];
    let written =
        run(&dir, &options(&pages, Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(written.written.len(), 1, "{}", written.output);
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    for said in [
        "the page's operation id is `queryStockTransferFeeUsingPOST`",
        "the page lists answers without a body: `401` «Unauthorized», `403` «Forbidden», `404` «Not Found»",
        "the page describes the Jing envelope's `code` as «响应编码»; api.yaml says «结果码。 / Result code.»",
        "the page's extensions for apifox's own tooling are ignored (tooling only): `x-apifox-mock`, `x-run-in-apifox`",
        "the page has extensions the importer does not read (no fact of the spec holds them): `x-apifox-name`",
        "the page calls the server `https://fixture.invalid` «生产环境»; api.yaml calls that environment (`fixture`) «夹具环境 / fixture environment»",
    ] {
        assert!(widgets.contains(said), "{said}\n{widgets}");
    }
    // The operation id hints the proposed method name (the page has no English title).
    assert!(
        widgets.contains("    call_draft: query_stock_transfer_fee\n"),
        "{widgets}"
    );
    // What api.yaml says already (the envelope's `msg`), and the extensions read, are not.
    for unsaid in ["`msg` as «消息»", "`x-apifox-orders`", "`x-apifox-folder`"] {
        assert!(!widgets.contains(unsaid), "{unsaid}\n{widgets}");
    }
    let again =
        run(&dir, &options(&pages, Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(again.written.is_empty(), "{}", again.output);
    let same = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    assert_eq!(same, widgets);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A maintainer relaxing a member the page marks required (`required: false`, with
/// `overrides: [response.createdAt:required]`) settles the decision of the example lacking
/// it; the other member's decision stays, and the next import keeps both as they are.
#[test]
fn a_relaxed_required_member_settles_the_examples_missing_decision() {
    let dir = crate::fixture_spec_copy("shapes-relaxed");
    run(&dir, &options(&[CLIP], Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    let missing = "      - fact: page.examples.response.createdAt:missing\n";
    assert!(widgets.contains(missing), "{widgets}");
    assert!(
        widgets.contains(
            "or make the member not required and add `overrides: [response.createdAt:required]`"
        ),
        "{widgets}"
    );
    let entry = widgets
        .find("    path: /v1/clip/upload\n")
        .unwrap_or_else(|| panic!("{widgets}"));
    let member = entry
        + widgets[entry..]
            .find("- name: createdAt\n")
            .unwrap_or_else(|| panic!("{widgets}"));
    let required = member
        + widgets[member..]
            .find("required: true")
            .unwrap_or_else(|| panic!("{widgets}"));
    let relaxed = format!(
        "{}required: false{}",
        &widgets[..required],
        &widgets[required + "required: true".len()..]
    )
    .replacen(
        "    path: /v1/clip/upload\n",
        "    path: /v1/clip/upload\n    overrides: [response.createdAt:required]\n",
        1,
    );
    std::fs::write(dir.join("01-widgets.yaml"), &relaxed).unwrap_or_else(|error| panic!("{error}"));
    let again =
        run(&dir, &options(&[CLIP], Action::Write)).unwrap_or_else(|error| panic!("{error:#}"));
    let widgets = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    let output = &again.output;
    assert!(!widgets.contains(missing), "{output}\n{widgets}");
    assert!(
        widgets.contains("      - fact: page.examples.response.parts.size:missing\n"),
        "{output}\n{widgets}"
    );
    assert!(
        output.contains("kept `response.createdAt:required`"),
        "{output}"
    );
    let json = preview(&dir, &[CLIP]);
    let dropped = &json["endpoints"][0]["facts"]["dropped_facts"];
    assert!(
        !listed(dropped, "page.examples.response.createdAt:missing"),
        "{dropped:#}"
    );
    assert!(
        listed(dropped, "page.examples.response.parts.size:missing"),
        "{dropped:#}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
