//! `cargo xtask openapi`, read back by `cargo xtask import`: every typed endpoint of the
//! export has the spec's facts, the checked-in document is one a real OpenAPI reader
//! (`openapiv3`) takes, and importing a spec's own export into it changes no byte.

use std::path::Path;

use jing_spec::{Sources, Spec, Valid};
use jing_vendor_docs::import::command::{Action, Options, run};
use jing_vendor_docs::import::diff::{changes, find};
use jing_vendor_docs::import::{Facts, read};

fn load(dir: &Path) -> Valid {
    jing_spec::load(&Sources::dir(dir)).unwrap_or_else(|errors| panic!("{errors}"))
}

/// Every typed endpoint of `spec`, exported and imported back, has the spec's facts.
fn assert_round_trip(spec: &Spec) {
    let document = xtask::openapi::render(spec);
    let (_, imported) = read("openapi.json", &document).unwrap_or_else(|error| panic!("{error}"));
    let typed: Vec<_> = spec
        .endpoints()
        .filter(|(_, endpoint)| endpoint.is_typed())
        .collect();
    assert_eq!(imported.len(), typed.len());
    for facts in &imported {
        let target = find(spec, facts, None).unwrap_or_else(|message| panic!("{message}"));
        let endpoint = target
            .endpoint
            .unwrap_or_else(|| panic!("{} matches an endpoint", facts.title_zh));
        let differences = changes(&Facts::of_spec(endpoint), facts);
        assert!(
            differences.is_empty(),
            "{}: {differences:#?}",
            endpoint.name
        );
    }
}

#[test]
fn the_openapi_export_reads_back_to_the_spec_facts() {
    assert_round_trip(&crate::real_spec());
    assert_round_trip(&load(&crate::fixtures("spec")));
    let unknown = unknown_answer_spec("export-read-unknown");
    assert_round_trip(&load(&unknown));
    let _ = std::fs::remove_dir_all(&unknown);
}

/// A copy of the fixture spec with a typed endpoint whose page documents no success
/// answer (only an error status, as an apidog page gave one): it has no `response`.
fn unknown_answer_spec(tag: &str) -> std::path::PathBuf {
    let dir = crate::fixture_spec_copy(tag);
    let file = dir.join("01-widgets.yaml");
    let mut text = std::fs::read_to_string(&file).unwrap_or_else(|error| panic!("{error}"));
    text.push_str(concat!(
        "  - name: ping_widget\n",
        "    call: ping\n",
        "    title: {zh: \"探测部件\", en: \"Ping Widget\"}\n",
        "    doc: {zh: \"探测部件；页面没有说明成功的应答。\", en: \"Pings a widget; the page documents no success answer.\"}\n",
        "    status: partial\n",
        "    doc_url: https://fixture.invalid/docs/ping-widget\n",
        "    method: GET\n",
        "    path: /v1/widget/ping\n",
    ));
    std::fs::write(&file, text).unwrap_or_else(|error| panic!("{error}"));
    let spec = load(&dir);
    let ping = spec
        .endpoints()
        .find(|(_, endpoint)| endpoint.name == "ping_widget");
    assert!(
        ping.is_some_and(|(_, endpoint)| endpoint.is_typed() && endpoint.response.is_none()),
        "the copy holds a typed endpoint without a response"
    );
    dir
}

#[test]
fn the_checked_in_openapi_document_is_read_by_openapiv3() {
    let path = xtask::workspace_root().join("jing-spec/openapi/openapi.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
    let document: openapiv3::OpenAPI =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(document.openapi, "3.0.3");
    let mut operations: Vec<&str> = document
        .operations()
        .filter_map(|(_, _, operation)| operation.operation_id.as_deref())
        .collect();
    operations.sort_unstable();
    // One operation per typed endpoint of the spec, named after it.
    let spec = crate::real_spec();
    let mut typed: Vec<&str> = spec
        .endpoints()
        .filter(|(_, endpoint)| endpoint.is_typed())
        .map(|(_, endpoint)| endpoint.name.as_str())
        .collect();
    typed.sort_unstable();
    assert_eq!(operations, typed);
    let catalogue = document
        .extensions
        .get("x-jing-catalogue")
        .and_then(|value| value.as_array());
    let untyped = spec
        .endpoints()
        .filter(|(_, endpoint)| !endpoint.is_typed());
    assert_eq!(catalogue.map(Vec::len), Some(untyped.count()));
}

/// A copy of the fixture spec where a maintainer closed, with words, the decision on an
/// answer example the import held back (tester28f H2): the export carries no held-back
/// example, so importing it must keep the decision, not take it for settled.
fn held_back_decision_spec(tag: &str) -> std::path::PathBuf {
    let dir = crate::fixture_spec_copy(tag);
    let file = dir.join("02-pallets.yaml");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|error| panic!("{error}"));
    let anchor = "        doc: {zh: \"凭据由调用方作为请求头传入。\", en: \"The caller passes the credential as a header.\"}\n    notes:\n";
    assert_eq!(text.matches(anchor).count(), 1, "{text}");
    let decided = concat!(
        "        doc: {zh: \"凭据由调用方作为请求头传入。\", en: \"The caller passes the credential as a header.\"}\n",
        "      - fact: examples.response\n",
        "        page: 'the answer example lacks the required member `total` (held back)'\n",
        "        doc: {zh: \"厂商示例缺少必填成员，不写入。\", en: \"The vendor's example lacks a required member; it stays out.\"}\n",
        "    notes:\n",
    );
    std::fs::write(&file, text.replace(anchor, decided)).unwrap_or_else(|error| panic!("{error}"));
    let spec = load(&dir);
    let decisions = spec.endpoints().find(|(_, endpoint)| {
        endpoint
            .decisions
            .iter()
            .any(|d| d.fact == "examples.response")
    });
    assert!(decisions.is_some(), "the copy holds the decided decision");
    dir
}

/// The spec's own OpenAPI export, imported with `--write` into a copy of the spec it came
/// from (the real one and the fixture), changes no byte: its facts are the spec's.
#[test]
fn importing_the_specs_own_export_changes_no_byte() {
    let real = xtask::workspace_root().join("jing-spec/api");
    let unknown = unknown_answer_spec("export-unknown-source");
    let held_back = held_back_decision_spec("export-held-back-source");
    for (tag, source) in [
        ("export-real", real),
        ("export-fixture", crate::fixtures("spec")),
        ("export-unknown", unknown.clone()),
        ("export-held-back", held_back.clone()),
    ] {
        let dir = crate::spec_copy(&source, tag);
        let spec = jing_spec::load(&Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{errors}"));
        let export = dir.join("export.openapi.json.page");
        std::fs::write(&export, xtask::openapi::render(&spec))
            .unwrap_or_else(|error| panic!("{error}"));
        let before = crate::folder_bytes(&dir);
        let options = Options {
            action: Action::Write,
            ..Options::new(vec![export])
        };
        // Twice, as every writer is tested: neither run writes a byte.
        for _ in 0..2 {
            let output = run(&dir, &options)
                .unwrap_or_else(|error| panic!("{error:#}"))
                .output;
            assert!(!output.contains("wrote "), "{tag}: {output}");
            assert!(crate::folder_bytes(&dir) == before, "{tag}: {output}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    let _ = std::fs::remove_dir_all(&unknown);
    let _ = std::fs::remove_dir_all(&held_back);
}

/// A header the spec marks secret is exported with `x-jing-secret`, and imported back as
/// secret and decided: no credential decision for it, whatever its name.
#[test]
fn a_secret_header_is_exported_marked_and_read_back_as_decided() {
    let spec = load(&crate::fixtures("spec"));
    let document = xtask::openapi::render(&spec);
    let json: serde_json::Value =
        serde_json::from_str(&document).unwrap_or_else(|error| panic!("{error}"));
    let marked = json["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(|item| item.as_object())
        .flat_map(|item| item.values())
        .filter_map(|operation| operation["parameters"].as_array())
        .flatten()
        .find(|param| param["name"] == "X-Widget-Pass" && param["in"] == "header");
    assert_eq!(
        marked.map(|param| &param["x-jing-secret"]),
        Some(&serde_json::json!(true))
    );
    // Renamed like a credential, it is still ours, not a new decision.
    let renamed = document.replace("X-Widget-Pass", "X-Widget-Api-Key");
    let (_, imported) = read("openapi.json", &renamed).unwrap_or_else(|error| panic!("{error}"));
    let header = imported
        .iter()
        .flat_map(|facts| facts.headers.iter())
        .find(|header| header.name == "X-Widget-Api-Key");
    assert_eq!(header.map(|header| header.secret), Some(true));
    assert!(imported.iter().all(|facts| facts.security.is_empty()));
}
