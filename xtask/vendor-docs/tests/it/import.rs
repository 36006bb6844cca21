//! `cargo xtask import`: synthetic pages in all three formats (`tests/fixtures/import/`,
//! made up, not the Jing API) import as snapshotted; `--write` changes only the matched
//! entry; bad input is a located error. (The OpenAPI export read back by import is
//! xtask's test, `xtask/tests/it/openapi.rs`.)

mod answer_examples;
mod boilerplate_shapes;
mod held_back;
mod more_shapes;
mod new_folders;
mod outside_shapes;
mod own_credentials;
mod pages_loop;
mod placing;
mod real_shapes;
mod settled;
mod setup;
mod trimmed_pages;
mod vendor_pages;
mod vendor_shapes;
mod whole_pages;
mod writes;

use writes::write_fixtures;

use std::path::{Path, PathBuf};

use jing_spec::{Sources, Spec};
use jing_vendor_docs::import::command::{Action, Options, run};
use jing_vendor_docs::import::diff::{changes, find};
use jing_vendor_docs::import::{Facts, read};

/// Whether a written group file names vendor extensions (`x-apifox…`) only in the notes
/// that list them by name: an extension is no fact, and never dropped without its name.
fn extensions_only_named(file: &str) -> bool {
    file.lines()
        .filter(|line| line.contains("x-apifox"))
        .all(|line| line.trim_start().starts_with("- \"the page") && line.contains("extensions"))
}

fn import_fixture(name: &str) -> PathBuf {
    crate::fixtures("import").join(name)
}

fn read_fixture(name: &str) -> Vec<Facts> {
    let text = std::fs::read_to_string(import_fixture(name))
        .unwrap_or_else(|error| panic!("{name}: {error}"));
    match read(name, &text) {
        Ok((_, facts)) => facts,
        Err(error) => panic!("{error}"),
    }
}

fn load(dir: &Path) -> Spec {
    jing_spec::load(&Sources::dir(dir))
        .unwrap_or_else(|errors| panic!("{errors}"))
        .into_spec()
}

/// The import report of `files` against the fixture spec, with paths made relative.
fn report(files: &[&str], action: Action, spec: &Path) -> String {
    let options = Options {
        action,
        ..Options::new(files.iter().map(|name| import_fixture(name)).collect())
    };
    let outcome = run(spec, &options).unwrap_or_else(|error| panic!("{error:#}"));
    let prefix = format!("{}/", crate::fixtures("import").display());
    outcome.output.replace(&prefix, "")
}

#[test]
fn synthetic_pages_in_every_format_import_as_snapshotted() {
    let spec = crate::fixtures("spec");
    for (name, file) in [
        ("import_apifox_markdown", "get-widget.apifox.md"),
        ("import_page_text", "get-widget.page.txt"),
        ("import_openapi_yaml_export", "widgets.openapi.yaml"),
        ("import_openapi_31_json", "delete-widget.openapi.json"),
    ] {
        insta::assert_snapshot!(name, report(&[file], Action::Show, &spec));
    }
}

#[test]
fn the_rendered_page_equals_its_apifox_twin() {
    let apifox = read_fixture("get-widget.apifox.md");
    let page = read_fixture("get-widget.page.txt");
    assert_eq!((apifox.len(), page.len()), (1, 1));
    assert_eq!(changes(&apifox[0], &page[0]), []);
    assert_eq!(changes(&page[0], &apifox[0]), []);
    assert_eq!(apifox[0].folder, page[0].folder);
}

#[test]
fn json_output_has_the_coverage_shape_with_query_and_headers() {
    let options = Options {
        json: true,
        ..Options::new(vec![import_fixture("get-widget.apifox.md")])
    };
    let outcome =
        run(&crate::fixtures("spec"), &options).unwrap_or_else(|error| panic!("{error:#}"));
    let json: serde_json::Value = serde_json::from_str(&outcome.output).unwrap_or_default();
    let entry = &json["endpoints"][0];
    assert_eq!(entry["group"], "widgets");
    assert_eq!(entry["name"], "get_widget");
    assert_eq!(entry["title"]["zh"], "查询部件");
    assert_eq!(entry["status"], "documented");
    assert_eq!(
        entry["query"][0],
        serde_json::json!({"name": "widgetId", "required": true})
    );
    assert_eq!(
        entry["headers"][0],
        serde_json::json!({"name": "X-Trace-Id", "required": false})
    );
}

#[test]
fn bad_input_is_an_error_naming_the_file_and_place() {
    let envelope = "responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}";
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("prose.txt", "Just some notes about widgets.".to_owned(), "(file)", "not an apifox"),
        ("empty.yaml", "openapi: 3.0.1\npaths: {}\n".to_owned(), "paths", "no operations"),
        ("swagger.json", r#"{"openapi": "2.0", "paths": {}}"#.to_owned(), "openapi", "is not read"),
        (
            "dangling.yaml",
            format!("openapi: 3.0.1\npaths:\n  /a:\n    get: {{{envelope}}}\n"),
            "paths./a.get.responses.200",
            "not in the document",
        ),
        (
            "cycle.yaml",
            format!(
                "openapi: 3.0.1\npaths:\n  /a:\n    get: {{{envelope}}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{$ref: '#/components/schemas/B'}}}}}}\n    B: {{type: object, properties: {{a: {{$ref: '#/components/schemas/A'}}}}}}\n"
            ),
            "paths./a.get.responses.200.schema.properties.b",
            "cycle",
        ),
        (
            "strange.yaml",
            "openapi: 3.0.1\npaths:\n  /a:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object, properties: {x: {type: strng}}}}}}\n".to_owned(),
            "paths./a.post.requestBody.content.application/json.schema.properties.x",
            "unknown type `strng`",
        ),
        ("broken.md", "# 页(Page)\n\n```yaml\nopenapi: [3.0\n```\n".to_owned(), "line 5", "not valid JSON or YAML"),
        ("huge.json", format!("{{\"openapi\": \"3.0.1\", \"x\": \"{}\"}}", "x".repeat(jing_vendor_docs::import::MAX_BYTES)), "(file)", "refused"),
    ];
    for (file, text, place, message) in cases {
        match read(file, &text) {
            Ok(_) => panic!("{file} must be refused"),
            Err(error) => {
                assert_eq!(error.file, file);
                assert!(
                    error.place.starts_with(place),
                    "{file}: place {}",
                    error.place
                );
                assert!(error.message.contains(message), "{file}: {}", error.message);
            }
        }
    }
}

/// The check of record: the captured Account Creation page (the vendor's page text, kept in
/// `tests/fixtures/import/vendor/`) states exactly the facts of the hand-kept transcription.
#[test]
fn the_captured_account_creation_page_equals_the_spec() {
    let options = Options {
        action: Action::Check,
        ..Options::new(vec![import_fixture("vendor/account-creation.page.txt")])
    };
    let spec_dir = jing_vendor_docs::workspace_root().join("jing-spec/api");
    let outcome = run(&spec_dir, &options).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(outcome.differences, 0, "{}", outcome.output);
    assert!(
        outcome
            .output
            .contains("create_customer 客户创建 (Account Creation)"),
        "{}",
        outcome.output
    );
}

#[test]
fn path_item_parameters_security_and_path_parameters_are_facts() {
    let pages = read_fixture("parts.openapi.yaml");
    let names = |params: &[jing_vendor_docs::import::facts::FactParam]| {
        params
            .iter()
            .map(|param| (param.name.clone(), param.required))
            .collect::<Vec<_>>()
    };
    let [moved, peek] = pages.as_slice() else {
        panic!("two operations: {pages:#?}");
    };
    let path_params = vec![
        ("shelfId".to_owned(), Some(true)),
        ("partId".to_owned(), Some(true)),
    ];
    assert_eq!(names(&moved.path_params), path_params);
    assert_eq!(names(&peek.path_params), path_params);
    // The operation's own X-Trace-Id replaces the path item's; the bearer scheme is a header.
    assert_eq!(
        names(&moved.headers),
        [
            ("X-Trace-Id".to_owned(), Some(true)),
            ("Authorization".to_owned(), Some(true))
        ]
    );
    assert_eq!(
        names(&peek.headers),
        [("X-Trace-Id".to_owned(), Some(false))]
    );
    // The scheme is not the spec's auth headers: what to make of it is a decision, once held.
    assert_eq!(moved.security[0].name, "bearer");
    // The scheme's header carries a secret, and the import says so (the redaction reads it).
    let secrets: Vec<(&str, bool)> = moved
        .headers
        .iter()
        .map(|param| (param.name.as_str(), param.secret))
        .collect();
    assert_eq!(secrets, [("X-Trace-Id", false), ("Authorization", true)]);

    // Against the fixture spec: Move Part matches by route and its path parameters agree;
    // Peek Part is new, and what --write gives it the validator only asks words for.
    let spec = load(&crate::fixtures("spec"));
    let target = find(&spec, moved, None).unwrap_or_else(|message| panic!("{message}"));
    let ours = Facts::of_spec(target.endpoint.unwrap_or_else(|| panic!("matched")));
    let keys: Vec<String> = changes(&ours, moved)
        .into_iter()
        .map(|change| change.key)
        .collect();
    assert_eq!(keys, ["headers.X-Trace-Id", "headers.Authorization"]);

    let dir = crate::fixture_spec_copy("parts");
    let output = write_fixtures(&["parts.openapi.yaml"], &dir);
    let errors = match jing_spec::load(&Sources::dir(&dir)) {
        Ok(_) => panic!("drafts must be refused"),
        Err(errors) => errors,
    };
    // Docs, the proposed method name, and the page's address (a saved page has none).
    assert!(
        errors.iter().all(|error| error.key.ends_with(".draft")
            || error.key.ends_with(".doc.en")
            || error.key.ends_with(".call_draft")
            || error.key.ends_with(".auth_draft")
            || error.message.contains("doc_url")),
        "{errors}\n{output}"
    );
    let after = std::fs::read_to_string(dir.join("01-widgets.yaml")).unwrap_or_default();
    assert!(
        after.contains("  - name: peek_part\n    call_draft: get_part\n"),
        "{after}"
    );
    assert!(
        after.contains("    path: /v1/shelf/{shelfId}/part/{partId}\n    path_params:\n"),
        "{after}"
    );
    assert!(
        after.contains("      - name: Authorization\n        type: string\n        required: true\n        secret: true\n"),
        "the security scheme's header is written as a secret: {after}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The samples `webhooks.yaml` keeps, each as an event page (its title and its sample),
/// state the facts of the spec: event names, object names, members and their types.
#[test]
fn the_kept_webhook_samples_as_event_pages_equal_the_spec() {
    let spec = crate::real_spec();
    let webhooks = spec
        .webhooks
        .as_ref()
        .unwrap_or_else(|| panic!("webhooks.yaml"));
    let mut checked = 0;
    for (_, event) in webhooks.events() {
        let Some(sample) = &event.example else {
            continue;
        };
        let page = format!("# {}\n\n{sample}", event.title.zh);
        let facts = match jing_vendor_docs::import::read_capped(
            "page.md",
            &page,
            jing_vendor_docs::import::MAX_BYTES,
        ) {
            Ok((_, jing_vendor_docs::import::Page::Event(facts))) => facts,
            other => panic!("{}: {other:?}", event.title.zh),
        };
        let target = jing_vendor_docs::import::event_diff::find_event(webhooks, &facts)
            .unwrap_or_else(|message| panic!("{message}"));
        assert_eq!(target.event.title.zh, event.title.zh);
        let changes =
            jing_vendor_docs::import::event_diff::event_changes(webhooks, target.event, &facts);
        assert_eq!(changes, [], "{}", event.title.zh);
        checked += 1;
    }
    assert!(checked >= 2, "the spec keeps samples");
}

/// The payload shape appended for the event (`payload`, in the merged file `after` whose
/// value is `value`): it extends the common shape and holds the sample's members, typed.
fn appended_payload_shape(value: &serde_yaml::Value, payload: &str, after: &str) {
    let shapes = value["shapes"].as_sequence().cloned().unwrap_or_default();
    let shape = shapes
        .iter()
        .find(|shape| shape["name"].as_str() == Some(payload))
        .unwrap_or_else(|| panic!("the shape {payload} is appended:\n{after}"));
    assert_eq!(shape["extends"].as_str(), Some("Common"));
    let extra = &shape["fields"][0];
    assert_eq!(extra["name"].as_str(), Some("extra_data"));
    let nested: Vec<(&str, &str)> = extra["fields"]
        .as_sequence()
        .into_iter()
        .flatten()
        .map(|field| {
            (
                field["name"].as_str().unwrap_or_default(),
                field["type"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        nested,
        [
            ("object_name", "string"),
            ("shelf", "integer"),
            ("slots", "array<integer>"),
            ("owner", "object"),
            ("meta", "map<any>"),
            ("note", "any")
        ]
    );
}

#[test]
fn an_event_page_fills_its_event_and_drafts_a_payload_shape() {
    let dir = crate::fixture_spec_copy("event");
    let path = dir.join("webhooks.yaml");
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    let shown = report(&["widget-moved.event.md"], Action::Show, &dir);
    assert!(shown.contains("+ event_type: — -> widget_moved"), "{shown}");
    assert!(
        shown.contains("+ payload.extra_data: — -> object"),
        "{shown}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), before);

    let written = write_fixtures(&["widget-moved.event.md"], &dir);
    let after = std::fs::read_to_string(&path).unwrap_or_default();
    // Everything before the event is as it was, and the event's neighbours too.
    let start = before
        .find("      - title: {zh: \"未知事件名\"")
        .unwrap_or_default();
    let shapes_end = before.find("groups:").unwrap_or_default();
    assert!(start > shapes_end && shapes_end > 0);
    assert_eq!(after[..shapes_end], before[..shapes_end], "{written}");
    let value: serde_yaml::Value =
        serde_yaml::from_str(&after).unwrap_or_else(|error| panic!("{error}"));
    let event = &value["groups"][0]["events"][4];
    assert_eq!(event["event_type"].as_str(), Some("widget_moved"));
    assert_eq!(event["object_name"].as_str(), Some("widget"));
    assert_eq!(event["status"].as_str(), Some("partial"));
    let payload = event["payload"].as_str().unwrap_or_default().to_owned();
    assert!(
        event["example"]
            .as_str()
            .is_some_and(|text| text.contains("\"shelf\": 7"))
    );
    // The event's own lines that stay keep their bytes (its title in flow style).
    assert!(
        after.contains("      - title: {zh: \"未知事件名\", en: \"Event name unknown\"}\n"),
        "{after}"
    );
    appended_payload_shape(&value, &payload, &after);
    // What is left for the maintainer: docs only, each located.
    let errors = match jing_spec::load(&Sources::dir(&dir)) {
        Ok(_) => panic!("drafts must be refused"),
        Err(errors) => errors,
    };
    assert!(
        errors.iter().all(|error| (error.key.ends_with(".draft")
            || error.key.ends_with(".doc.en"))
            && error.file.ends_with("webhooks.yaml")),
        "{errors}"
    );
    // The comment 货架编号 stands as the member's zh doc.
    assert!(after.contains("doc: {zh: \"货架编号\"}\n"), "{after}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The facts of every page the repository keeps, counted against the spec it belongs to:
/// the synthetic pages against the fixture spec, the captured vendor page against the real
/// one. Each holds what its page states, none changed, none dropped.
#[test]
fn every_kept_page_counts_its_facts() {
    let count = |spec: &Path, files: &[&str], group: Option<&str>| {
        let options = Options {
            json: true,
            group: group.map(str::to_owned),
            ..Options::new(files.iter().map(|name| import_fixture(name)).collect())
        };
        let outcome = run(spec, &options).unwrap_or_else(|error| panic!("{error:#}"));
        let json: serde_json::Value = serde_json::from_str(&outcome.output).unwrap_or_default();
        json["endpoints"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|entry| {
                let facts = &entry["facts"];
                let number = |key: &str| facts[key].as_u64().unwrap_or(u64::MAX);
                let route = format!(
                    "{} {}",
                    entry["method"].as_str().unwrap_or("?"),
                    entry["path"].as_str().unwrap_or("?")
                );
                (
                    route,
                    number("matched"),
                    number("changed"),
                    number("dropped"),
                )
            })
            .collect::<Vec<_>>()
    };
    let synthetic = count(
        &crate::fixtures("spec"),
        &[
            "get-widget.apifox.md",
            "get-widget.page.txt",
            "paint-widget.apifox.md",
            "parts.openapi.yaml",
            "widgets.openapi.yaml",
            "delete-widget.openapi.json",
            "loop/shelve-widget.apifox.md",
            "loop/count-bins.openapi.json",
        ],
        Some("widgets"),
    );
    let expected = [
        ("GET /v1/widget/get", 30),
        ("GET /v1/widget/get", 30),
        ("POST /v1/booth/{boothId}/paint", 39),
        ("PUT /v1/shelf/{shelfId}/part/{partId}", 38),
        ("GET /v1/shelf/{shelfId}/part/{partId}", 22),
        ("POST /v1/widget/create", 78),
        ("POST /v1/gadget/list", 10),
        ("DELETE /v1/part/{partId}", 12),
        ("DELETE /v1/widget/delete", 10),
        ("POST /v1/widget/shelve", 16),
        ("GET /v1/bin/count", 13),
    ];
    let expected: Vec<(String, u64, u64, u64)> = expected
        .iter()
        .map(|(route, matched)| ((*route).to_owned(), *matched, 0, 0))
        .collect();
    assert_eq!(synthetic, expected);
    let real = jing_vendor_docs::workspace_root().join("jing-spec/api");
    let captured = count(&real, &["vendor/account-creation.page.txt"], None);
    assert_eq!(
        captured,
        [("POST /v1/customer/create".to_owned(), 65, 0, 0)]
    );
}
