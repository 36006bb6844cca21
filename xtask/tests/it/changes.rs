//! `cargo xtask changes`: each class of change, produced by a scripted edit of a copy of
//! the fixture spec, and what the report and the changelog say of it.

use jing_spec::{Sources, Spec};
use xtask::changes::{ApiChange, Class, changelog, compare, report, summary};

fn fixture() -> Spec {
    jing_spec::load(&Sources::dir(&crate::fixtures("spec")))
        .unwrap_or_else(|errors| panic!("{errors}"))
        .into_spec()
}

/// The fixture spec with `from` replaced by `to` in `file` (once; the text must be there).
fn edited(tag: &str, file: &str, from: &str, to: &str) -> Spec {
    let dir = crate::fixture_spec_copy(&format!("changes-{tag}"));
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
    assert!(text.contains(from), "{tag}: `{from}` is not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap_or_else(|error| panic!("{error}"));
    let spec =
        jing_spec::load(&Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{tag}: {errors}"));
    let _ = std::fs::remove_dir_all(&dir);
    spec.into_spec()
}

fn classes(changes: &[ApiChange]) -> Vec<(Class, &str)> {
    changes
        .iter()
        .map(|change| (change.class, change.item.as_str()))
        .collect()
}

/// A scripted edit: tag, file, text replaced, its replacement, the (class, item) pairs the
/// report must list, and words its consequence must say.
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(Class, &'static str)],
    &'static str,
);

/// The fixture's `weight` member, and the same with an optional member after it.
const WEIGHT: &str =
    "{name: weight, type: number, required: false, doc: {zh: \"重量。\", en: \"Weight.\"}}";
const WEIGHT_AND_GRAMS: &str = "{name: weight, type: number, required: false, doc: {zh: \"重量。\", en: \"Weight.\"}}\n        - {name: grams, type: integer, required: false, doc: {zh: \"克。\", en: \"Grams.\"}}";

/// One edit of each class of change.
static CASES: &[Case] = &[
    (
        "made-required",
        "01-widgets.yaml",
        WEIGHT,
        "{name: weight, type: number, required: true, doc: {zh: \"重量。\", en: \"Weight.\"}}",
        &[(Class::Breaking, "widgets.create_widget.body.weight")],
        "`new` gains an argument `weight`",
    ),
    (
        "response-optional",
        "01-widgets.yaml",
        "{name: id, type: string, required: true, doc: {zh: \"新部件 ID。\"",
        "{name: id, type: string, required: false, doc: {zh: \"新部件 ID。\"",
        &[(Class::Breaking, "widgets.create_widget.response.id")],
        "now an `Option`",
    ),
    (
        "enum-value-removed",
        "01-widgets.yaml",
        "            - {value: dark_blue, doc: {zh: \"深蓝。\", en: \"Dark blue.\"}}\n",
        "",
        &[(Class::Breaking, "widgets.create_widget.body.color")],
        "the variant `DarkBlue` is gone",
    ),
    (
        "renamed",
        "01-widgets.yaml",
        "  - name: get_widget\n",
        "  - name: fetch_widget\n",
        &[(Class::Breaking, "widgets.get_widget")],
        "`GetWidget` is now `FetchWidget`",
    ),
    (
        "retyped",
        "01-widgets.yaml",
        "{name: size, type: integer, required: true",
        "{name: size, type: string, required: true",
        &[(Class::Breaking, "widgets.create_widget.body.size")],
        "retyped `integer` -> `string`",
    ),
    (
        "new-optional-member",
        "01-widgets.yaml",
        WEIGHT,
        WEIGHT_AND_GRAMS,
        &[(Class::Additive, "widgets.create_widget.body.grams")],
        "setter `.grams(..)`",
    ),
    (
        "new-enum-value",
        "01-widgets.yaml",
        "            - {value: dark_blue, doc: {zh: \"深蓝。\", en: \"Dark blue.\"}}\n",
        "            - {value: dark_blue, doc: {zh: \"深蓝。\", en: \"Dark blue.\"}}\n            - {value: green, doc: {zh: \"绿。\", en: \"Green.\"}}\n",
        &[(Class::Additive, "widgets.create_widget.body.color")],
        "the variant `Green`",
    ),
    (
        "new-endpoint",
        "01-widgets.yaml",
        "  - name: list_gadgets\n    title: {zh: \"查询小玩意\", en: \"List Gadgets\"}\n    status: catalogued\n    method: POST\n",
        "  - name: list_gadgets\n    call: list_gadgets\n    title: {zh: \"查询小玩意\", en: \"List Gadgets\"}\n    doc: {zh: \"列出。\", en: \"Lists.\"}\n    status: partial\n    doc_url: https://fixture.invalid/docs/list\n    method: POST\n    path: /v1/gadget/list\n",
        &[(Class::Additive, "widgets.list_gadgets")],
        "new endpoint: `ListGadgets` and `WidgetsApi::list_gadgets`",
    ),
    (
        "limit",
        "01-widgets.yaml",
        "rate_limit: {per_second: 5, per_day: 100}",
        "rate_limit: {per_second: 6, per_day: 100}",
        &[(Class::Behaviour, "widgets.create_widget")],
        "rate limit changed",
    ),
    (
        "path",
        "01-widgets.yaml",
        "    path: /v1/widget/get\n",
        "    path: /v1/widget/read\n",
        &[(Class::Behaviour, "widgets.get_widget")],
        "path changed",
    ),
    (
        "docs",
        "01-widgets.yaml",
        WEIGHT,
        "{name: weight, type: number, required: false, doc: {zh: \"重量。\", en: \"Weight, in grams.\"}}",
        &[(Class::Docs, "widgets.create_widget.body.weight")],
        "docs (zh and en)",
    ),
    (
        "content-type",
        "01-widgets.yaml",
        "      content_type: form\n",
        "      content_type: json\n",
        &[(Class::Behaviour, "widgets.paint_widget")],
        "body content type (JSON / form) changed",
    ),
    (
        "param-enum-value-removed",
        "01-widgets.yaml",
        "          - {value: 2, doc: {zh: \"二号喷房。\", en: \"Booth two.\"}}\n",
        "",
        &[(Class::Breaking, "widgets.paint_widget.path_params.boothId")],
        "the variant `V2` is gone",
    ),
    (
        "new-param-enum-value",
        "01-widgets.yaml",
        "          - {value: gloss, doc: {zh: \"亮光。\", en: \"Gloss.\"}}\n",
        "          - {value: gloss, doc: {zh: \"亮光。\", en: \"Gloss.\"}}\n          - {value: satin}\n",
        &[(Class::Additive, "widgets.paint_widget.query.finish")],
        "the variant `Satin`",
    ),
    (
        "param-gains-an-enum",
        "01-widgets.yaml",
        "{name: widgetId, type: string, required: true, doc: {zh: \"部件 ID。\", en: \"Widget id.\"}}\n      - {name: page,",
        "{name: widgetId, type: string, required: true, doc: {zh: \"部件 ID。\", en: \"Widget id.\"}, enum: [{value: w1}]}\n      - {name: page,",
        &[(Class::Breaking, "widgets.get_widget.query.widgetId")],
        "its type becomes an open enum",
    ),
    (
        "event-variant-removed",
        "webhooks.yaml",
        "      - title: {zh: \"部件更新\", en: \"Widget updated\"}\n        status: partial\n        event_type: widget_updated\n        variant: WidgetUpdated\n        payload: WidgetEvent\n        doc: {zh: \"更新部件时发送。\", en: \"Sent when a widget is updated.\"}\n",
        "",
        &[(Class::Breaking, "webhooks.Event::WidgetUpdated")],
        "`Event::WidgetUpdated` is gone",
    ),
];

#[test]
fn each_class_of_change_is_reported_with_its_consequence() {
    let base = fixture();
    assert_eq!(compare(&base, &base), []);
    for &(tag, file, from, to, expected, consequence) in CASES {
        let changes = compare(&base, &edited(tag, file, from, to));
        assert_eq!(classes(&changes), expected, "{tag}: {changes:#?}");
        assert!(
            changes
                .iter()
                .any(|change| change.what.contains(consequence)),
            "{tag}: {changes:#?}"
        );
    }
}

#[test]
fn the_report_counts_and_the_changelog_gathers_them() {
    let base = fixture();
    let new = edited(
        "report",
        "01-widgets.yaml",
        "rate_limit: {per_second: 5, per_day: 100}",
        "rate_limit: {per_second: 6, per_day: 100}",
    );
    let changes = compare(&base, &new);
    let text = report(&changes);
    assert!(
        text.starts_with("behaviour widgets.create_widget: rate limit changed"),
        "{text}"
    );
    assert!(
        text.ends_with("changes: 0 breaking, 0 additive, 1 behaviour, 0 docs"),
        "{text}"
    );
    assert_eq!(
        summary(&[]),
        "changes: 0 breaking, 0 additive, 0 behaviour, 0 docs"
    );

    let before = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Something by hand.\n\n## [0.1.0]\n\n- First.\n";
    let after = changelog(before, &changes).unwrap_or_else(|error| panic!("{error}"));
    assert!(after.contains("### Changed behaviour (generated API)\n\n- `widgets.create_widget`: rate limit changed; compiles the same\n"), "{after}");
    assert!(
        after.contains("- Something by hand.") && after.ends_with("## [0.1.0]\n\n- First.\n"),
        "{after}"
    );
    assert!(
        after.find("rate limit").unwrap_or_default() < after.find("## [0.1.0]").unwrap_or_default()
    );
    // Written twice, the lines are there once.
    assert_eq!(
        changelog(&after, &changes).ok().as_deref(),
        Some(after.as_str())
    );
    assert!(changelog("# no heading\n", &changes).is_err());
}

#[test]
fn a_git_failure_says_which_it_is() {
    use xtask::changes::{GitError, spec_at};
    let root = xtask::workspace_root();
    // In a git checkout an unknown revision is named as such; in a copy without git (CI's
    // isolated copy) there is nothing to compare with.
    match spec_at(&root, "jing-spec/api", "no-such-revision-of-jing") {
        Ok(None) => assert!(!root.join(".git").exists()),
        Ok(Some(_)) => panic!("an unknown revision gave a spec"),
        Err(error) => {
            let message = format!("{error:#}");
            assert!(
                message.contains("git does not know the revision `no-such-revision-of-jing`"),
                "{message}"
            );
        }
    }
    // Outside any repository: no revision to compare with, not an error of the revision.
    let outside = crate::fixture_spec_copy("changes-no-git");
    assert!(matches!(spec_at(&outside, ".", "HEAD"), Ok(None)));
    let _ = std::fs::remove_dir_all(&outside);
    // Each failure reads as what it is.
    let missing = GitError::NotInstalled("No such file or directory (os error 2)".to_owned());
    assert!(missing.to_string().contains("is git installed"));
    assert!(
        GitError::NotARepository
            .to_string()
            .contains("not a git checkout")
    );
    let other = GitError::Failed {
        command: "git ls-tree".to_owned(),
        message: "fatal: bad object".to_owned(),
    };
    assert_eq!(other.to_string(), "`git ls-tree` failed: fatal: bad object");
}

/// The fixture spec with a group file `file` added.
fn with_group(tag: &str, file: &str, text: &str) -> Spec {
    let dir = crate::fixture_spec_copy(&format!("changes-{tag}"));
    std::fs::write(dir.join(file), text).unwrap_or_else(|error| panic!("{error}"));
    let spec =
        jing_spec::load(&Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{tag}: {errors}"));
    let _ = std::fs::remove_dir_all(&dir);
    spec.into_spec()
}

/// A group of one endpoint, catalogued or typed.
fn gadgets(typed: bool) -> String {
    let endpoint = if typed {
        "  - name: spin_gadget\n    call: spin\n    title: {zh: \"旋转小玩意\", en: \"Spin Gadget\"}\n    doc: {zh: \"旋转。\", en: \"Spins.\"}\n    status: partial\n    doc_url: https://fixture.invalid/docs/spin\n    method: POST\n    path: /v1/gadget/spin\n"
    } else {
        "  - name: spin_gadget\n    title: {zh: \"旋转小玩意\", en: \"Spin Gadget\"}\n    status: catalogued\n"
    };
    format!(
        "title: {{zh: \"小玩意\", en: \"Gadgets\"}}\ndoc: {{zh: \"虚构。\", en: \"Made up.\"}}\nendpoints:\n{endpoint}"
    )
}

/// Each change, as (class, item, words of its consequence).
fn lines(changes: &[ApiChange]) -> Vec<(Class, String, String)> {
    changes
        .iter()
        .map(|change| (change.class, change.item.clone(), change.what.clone()))
        .collect()
}

/// Whether `changes` say `words` of `item`, in `class`.
fn said(changes: &[ApiChange], class: Class, item: &str, words: &str) -> bool {
    changes
        .iter()
        .any(|change| change.class == class && change.item == item && change.what.contains(words))
}

#[test]
fn a_new_groups_module_feature_and_accessor_are_additive() {
    let base = fixture();
    let catalogued = with_group("group-catalogued", "02-gadgets.yaml", &gadgets(false));
    let typed = with_group("group-typed", "02-gadgets.yaml", &gadgets(true));
    // A new group: its module and Cargo feature; its accessor once it has a typed endpoint.
    let added = compare(&base, &catalogued);
    assert!(
        said(
            &added,
            Class::Additive,
            "gadgets",
            "new module `jing_api::gadgets`"
        ),
        "{added:#?}"
    );
    assert!(
        said(
            &added,
            Class::Additive,
            "gadgets",
            "new Cargo feature `gadgets`"
        ),
        "{added:#?}"
    );
    assert!(
        !added.iter().any(|change| change.what.contains("accessor")),
        "{added:#?}"
    );
    let added = compare(&base, &typed);
    assert!(
        said(
            &added,
            Class::Additive,
            "gadgets",
            "new client accessor `client.gadgets()`"
        ),
        "{added:#?}"
    );
    // The first typed endpoint of a group gives it its accessor.
    let first = compare(&catalogued, &typed);
    assert!(
        said(
            &first,
            Class::Additive,
            "gadgets",
            "new client accessor `client.gadgets()`"
        ),
        "{first:#?}"
    );
    assert!(
        said(
            &first,
            Class::Additive,
            "gadgets.spin_gadget",
            "new endpoint"
        ),
        "{first:#?}"
    );
}

#[test]
fn a_removed_group_is_breaking_and_a_retitled_one_docs() {
    let base = fixture();
    let typed = with_group("group-typed-2", "02-gadgets.yaml", &gadgets(true));
    // A group removed takes its module, feature and accessor: each is breaking.
    let removed = compare(&typed, &base);
    for words in [
        "module `jing_api::gadgets` removed",
        "Cargo feature `gadgets` removed",
        "client accessor `client.gadgets()` removed",
    ] {
        assert!(
            said(&removed, Class::Breaking, "gadgets", words),
            "{words}: {removed:#?}"
        );
    }
    // A group's title: the module's docs.
    let retitled = compare(
        &typed,
        &with_group(
            "group-retitled",
            "02-gadgets.yaml",
            &gadgets(true).replace("en: \"Gadgets\"", "en: \"Gizmos\""),
        ),
    );
    assert_eq!(
        lines(&retitled),
        [(
            Class::Docs,
            "gadgets".to_owned(),
            "docs of the module `jing_api::gadgets`".to_owned()
        )]
    );
}

#[test]
fn examples_are_reported_as_behaviour_or_docs() {
    let base = fixture();
    // Examples: the response's is what the mock answers, the request's the doc example's
    // values, an event's what the mock and `jing webhook send` send.
    let cases = [
        (
            "response-example",
            "01-widgets.yaml",
            "\"data\": {\"id\": \"w1\"}}'",
            "\"data\": {\"id\": \"w2\"}}'",
            Class::Behaviour,
            "widgets.create_widget",
            "response example changed: the mock answers it",
        ),
        (
            "request-example",
            "01-widgets.yaml",
            "request: '{\"name\": \"w\", ",
            "request: '{\"name\": \"w9\", ",
            Class::Docs,
            "widgets.create_widget",
            "request example changed",
        ),
        (
            "response-example-removed",
            "01-widgets.yaml",
            "      response: '{\"request_id\": \"r\", \"code\": 0, \"msg\": \"success\", \"data\": {\"painted\": true}}'\n",
            "",
            Class::Behaviour,
            "widgets.paint_widget",
            "response example removed",
        ),
        (
            "event-example",
            "webhooks.yaml",
            "example: '{\"event_type\": \"object_create\", \"extra_data\": {\"object_name\": \"widget\"}}'",
            "example: '{\"event_type\": \"object_create\", \"extra_data\": {\"object_name\": \"widget\", \"id\": 7}}'",
            Class::Behaviour,
            "webhooks.Event::WidgetCreated",
            "event sample of",
        ),
    ];
    for (tag, file, from, to, class, item, words) in cases {
        let changes = compare(&base, &edited(tag, file, from, to));
        assert_eq!(changes.len(), 1, "{tag}: {changes:#?}");
        assert!(said(&changes, class, item, words), "{tag}: {changes:#?}");
    }
}
