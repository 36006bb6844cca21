//! The loader's own tests: group keys, the spec folder's listing, and what it refuses.

use super::*;

#[test]
fn serde_messages_lose_their_own_path_and_position() {
    assert_eq!(
        bare_message("endpoints[0]: unknown field `x` at line 3 column 5", 3, 5),
        "unknown field `x`"
    );
    assert_eq!(
        bare_message("did not find expected key at line 3 column 5", 3, 5),
        "did not find expected key"
    );
}

#[test]
fn only_real_nesting_counts_toward_the_depth_limit() {
    let source = |text: String| Source::new("t.yaml", text);
    let siblings = format!("a: [{}]\n", "[1], ".repeat(100));
    assert!(
        pathological(&source(siblings)).is_none(),
        "siblings do not nest"
    );
    let quoted = format!("a: \"{}\"\n", "[".repeat(100));
    assert!(
        pathological(&source(quoted)).is_none(),
        "brackets in strings do not nest"
    );
    let deep = format!("a: {}1{}\n", "[".repeat(60), "]".repeat(60));
    assert!(pathological(&source(deep)).is_some());
}

const API: &str = "title: {zh: \"甲\", en: \"A\"}\ndoc: {zh: \"甲。\", en: \"A.\"}\ndocs_home: https://x.invalid\nenvironments:\n  - {name: x, title: {zh: \"甲\", en: \"x\"}, base_url: https://x.invalid, default: true}\nauth: {headers: []}\nenvelope:\n  fields:\n    - {name: request_id, type: string, required: true, doc: {zh: \"请求\", en: \"Request\"}}\n    - {name: code, type: integer, required: true, doc: {zh: \"码\", en: \"Code\"}}\n    - {name: msg, type: string, required: true, doc: {zh: \"消息\", en: \"Message\"}}\n    - {name: data, type: any, required: true, doc: {zh: \"数据\", en: \"Data\"}}\nerror_codes: []\n";

fn spec_with(endpoint: &str) -> Sources {
    let group = format!(
        "title: {{zh: \"组\", en: \"Group\"}}\ndoc: {{zh: \"组。\", en: \"Group.\"}}\nendpoints:\n{endpoint}"
    );
    Sources::new(Source::new("api.yaml", API)).group(Source::new("01-g.yaml", group))
}

const OPEN: &str = "  - name: make\n    call_draft: make\n    title: {zh: \"\", en: \"Make\"}\n    doc: {vendor: \"Makes.\", draft: true}\n    status: documented\n    method: POST\n    path: /v1/make\n    response: {type: object, fields: []}\n";

#[test]
fn open_decisions_do_not_stop_a_load_for_comparison() {
    let sources = spec_with(OPEN);
    let errors = load(&sources)
        .err()
        .map(|errors| errors.0)
        .unwrap_or_default();
    let keys: Vec<&str> = errors.iter().map(|error| error.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "endpoints[0]",
            "endpoints[0].call_draft",
            "endpoints[0].title.zh",
            "endpoints[0].doc.draft"
        ],
        "{errors:#?}"
    );
    let pending = load_pending(&sources).unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(pending.open, errors);
    let response = pending.spec.groups[0].endpoints[0].response.as_ref();
    assert!(response.is_some_and(crate::model::Response::is_empty_object));
}

#[test]
fn broken_structure_still_stops_it_located() {
    let sources =
        spec_with(&OPEN.replace("status: documented", "status: documented\n    colour: red"));
    let errors = load_pending(&sources)
        .err()
        .map(|errors| errors.0)
        .unwrap_or_default();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].message.contains("unknown field `colour`") && errors[0].line > 1);
    let members = spec_with(&OPEN.replace(
        "response: {type: object, fields: []}",
        "response: {type: object}",
    ));
    let errors = load_pending(&members)
        .err()
        .map(|errors| errors.0)
        .unwrap_or_default();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].key, "endpoints[0].response.fields");
    assert!(
        errors[0]
            .message
            .contains("write `fields: []` for a documented empty object")
    );
}

/// A spec folder is listed in the loader's order, whatever the file names' order:
/// `api.yaml`, the group files by name, `webhooks.yaml`; other files are left out.
#[test]
fn spec_files_come_in_the_loaders_order() {
    let dir = std::env::temp_dir().join(format!("jing-spec-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    for name in [
        "webhooks.yaml",
        "02-b.yaml",
        "api.yaml",
        "01-a.yaml",
        "notes.txt",
    ] {
        std::fs::write(dir.join(name), "").expect("a scratch file");
    }
    let names: Vec<String> = spec_files(&dir)
        .expect("the folder reads")
        .iter()
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_owned()))
        .collect();
    assert_eq!(
        names,
        ["api.yaml", "01-a.yaml", "02-b.yaml", "webhooks.yaml"]
    );
    assert!(spec_files(&dir.join("missing")).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn group_keys_drop_the_order_prefix() {
    assert_eq!(group_key("api/14-customer.yaml"), "customer");
    assert_eq!(group_key("api/customer.yaml"), "customer");
    assert_eq!(group_key("api/v2-x.yaml"), "v2-x");
}

/// A token call: a typed endpoint with a role, each body member marked with a credential.
const TOKEN_CALL: &str = "  - name: get_token\n    call: get_token\n    title: {zh: \"令牌\", en: \"Token\"}\n    doc: {zh: \"令牌。\", en: \"Token.\"}\n    status: documented\n    doc_url: https://x.invalid/token\n    method: POST\n    path: /v1/token\n    role: get_access_token\n    auth: none\n    body:\n      shape: object\n      fields:\n        - {name: appId, type: string, required: true, credential: app_id, doc: {zh: \"应用。\", en: \"App.\"}}\n    response: {type: object, fields: [{name: token, type: string, required: true, credential: access_token, doc: {zh: \"令牌。\", en: \"Token.\"}}]}\n  - name: list_things\n    title: {zh: \"列表\", en: \"List Things\"}\n    status: catalogued\n    method: GET\n";

#[test]
fn a_valid_spec_hands_out_its_views_without_failing() {
    let valid = load(&spec_with(TOKEN_CALL)).unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(valid.default_environment().name, "x");
    let group = valid.groups().next().expect("one group");
    let endpoints: Vec<_> = group.endpoints().collect();
    let crate::view::RouteView::Typed(typed) = endpoints[0].route else {
        panic!("a typed endpoint: {:?}", endpoints[0].route)
    };
    assert_eq!((typed.call, typed.path), ("get_token", "/v1/token"));
    let members: Vec<(&str, crate::Credential)> = (endpoints[0].token_members.iter())
        .map(|(member, credential)| (member.name.as_str(), credential))
        .collect();
    assert_eq!(members, [("appId", crate::Credential::AppId)]);
    assert!(matches!(
        endpoints[1].route,
        crate::view::RouteView::MethodOnly(crate::HttpMethod::Get)
    ));
    assert_eq!(endpoints[1].token_members.iter().count(), 0);
    // The Valid reads as the spec it holds.
    assert_eq!(valid.groups.len(), 1);
    assert_eq!(valid.events().count(), 0);
}

/// What the validator promises, broken in a spec it did not check: `Valid` is not made
/// (the error names the node), where a reader of a `Valid` needs no check at all.
#[test]
fn a_spec_that_breaks_a_promise_is_not_valid() {
    let valid = load(&spec_with(TOKEN_CALL)).unwrap_or_else(|errors| panic!("{errors}"));
    let spec = valid.into_spec();
    let mut no_default = spec.clone();
    no_default.api.environments[0].default = false;
    let error = Valid::new(no_default).expect_err("a broken promise");
    assert_eq!(error.node, "api.yaml environments");
    let mut no_call = spec.clone();
    no_call.groups[0].body.endpoints[0].call = None;
    let error = Valid::new(no_call).expect_err("a broken promise");
    assert_eq!(
        (error.node.as_str(), error.promise),
        ("endpoint get_token", "a typed endpoint has a call name")
    );
    let mut no_credential = spec;
    let endpoint = &mut no_credential.groups[0].body.endpoints[0];
    let body = endpoint.body.as_mut().expect("a token call has a body");
    body.fields[0].credential = None;
    let error = Valid::new(no_credential).expect_err("a broken promise");
    assert!(
        error.node.starts_with("endpoint get_token body member"),
        "{error}"
    );
}
