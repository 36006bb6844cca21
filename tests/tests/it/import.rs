//! What the importer writes, compiled: the fixture crate (`tests/fixture-api`) is generated
//! from the spec the import loops of `xtask/vendor-docs/tests/it/import/` write, and its
//! generated answers read what the pages say (or refuse it, where a maintainer corrected
//! the page). The importer's own tests live beside it, in `xtask/vendor-docs/tests/`.

/// What the importer writes for an empty-object answer (`fields: []`) is generated as an
/// empty struct that reads any object, ignoring its members (the fixture's Touch Widget).
#[test]
fn a_documented_empty_object_decodes_any_object() {
    use jing_fixture_api::widgets::TouchWidgetData;
    for text in ["{}", r#"{"later": 1, "added": {"x": [1]}}"#] {
        let decoded: Result<TouchWidgetData, _> = serde_json::from_str(text);
        assert!(decoded.is_ok(), "{text}: {decoded:?}");
    }
    for text in ["\"x\"", "[1]", "1"] {
        assert!(
            serde_json::from_str::<TouchWidgetData>(text).is_err(),
            "{text}"
        );
    }
}

/// The widgets page states `grade` as text where it types an integer: its example as the
/// page gives it does not decode through the generated answer, which is why the maintainer
/// corrects it (an override, kept by every import); the corrected example decodes
/// (`fixture_endpoints` checks it with every other). Nothing else needed a hand edit.
#[test]
fn the_page_example_the_maintainer_corrects_does_not_decode() {
    let page = crate::fixtures("import").join("pages/weigh-widget.apifox.md");
    let text = std::fs::read_to_string(page).unwrap_or_default();
    let (_, facts) = jing_vendor_docs::import::read("weigh-widget.apifox.md", &text)
        .unwrap_or_else(|error| panic!("{error}"));
    let example = facts[0].response_example.clone().unwrap_or_default();
    let probe = jing_fixture_api::probe::PROBES
        .iter()
        .find(|probe| probe.name == "weigh_widget")
        .unwrap_or_else(|| panic!("weigh_widget is typed"));
    let error = (probe.decode)(example.as_bytes())
        .err()
        .map(|error| error.to_string());
    assert!(
        error
            .as_deref()
            .is_some_and(|error| error.contains("data.grade")),
        "{error:?}"
    );
    let corrected = example.replace("\"grade\": \"heavy\"", "\"grade\": 2");
    assert!((probe.decode)(corrected.as_bytes()).is_ok());
}
