//! Rules of a group file and its endpoints: location and status, limits, parameters and
//! examples (the credential markers of token calls are `credentials.rs`'s).

use std::collections::{BTreeMap, BTreeSet};

use super::checker::{Checker, reserved_members, reserved_types};
use super::fields::{body, response};
use crate::decision::Need;
use crate::model::{Endpoint, Field, Group, Param, Status};
use crate::names::{self, reserved, types};

/// Checks one group file.
pub(super) fn group(group: &Group, auth_headers: &BTreeSet<String>, check: &mut Checker<'_>) {
    check.snake("(file name)", &group.key);
    let module = names::field_name(&group.key);
    if reserved::CRATE_MODULES.contains(&module.as_str()) {
        check.report(
            "(file name)",
            format!(
                "group key `{}` is a module of the jing_api crate itself; rename the file",
                group.key
            ),
        );
    } else if reserved::EXTERN_CRATES.contains(&module.as_str()) {
        check.report(
            "(file name)",
            format!(
                "group key `{}` is a crate that generated code names by its own name; rename the file",
                group.key
            ),
        );
    } else if reserved::CRATE_FEATURES.contains(&group.key.as_str()) {
        check.report(
            "(file name)",
            format!("group key `{}` is a cargo feature of jing-api that is not a group; rename the file", group.key),
        );
    } else if reserved::CLIENT_METHODS.contains(&module.as_str()) {
        check.report(
            "(file name)",
            format!("group key `{}` is a method of `Client`, so it cannot be the group's accessor; rename the file", group.key),
        );
    } else if reserved::CLI_COMMANDS.contains(&names::command_name(&group.key).as_str()) {
        check.report(
            "(file name)",
            format!(
                "group key `{}` is a command of the `jing` program; rename the file",
                group.key
            ),
        );
    }
    check.doc("title", &group.title);
    check.doc("doc", &group.doc);
    let mut calls = BTreeMap::new();
    let group_api = types::group_api(group);
    let mut type_names = reserved_types(&[group_api.as_str()], "(group accessor)");
    type_names.insert(
        reserved::RESPONSE_VISITOR.to_owned(),
        "(declared inside each response type's Deserialize impl)".to_owned(),
    );
    for (index, endpoint) in group.endpoints.iter().enumerate() {
        let key = format!("endpoints[{index}]");
        if let Some(call) = &endpoint.call {
            let name = names::field_name(call);
            let member = format!("{key}.call");
            match calls.get(&name) {
                Some(first) => {
                    let need = Need::Name {
                        proposed: Some(call.clone()),
                    };
                    let message = format!("call `{name}` is already used at `{first}`");
                    check.open(&member, &member, need, message);
                }
                None => {
                    calls.insert(name, member);
                }
            }
        }
        self::endpoint(endpoint, &key, auth_headers, &mut type_names, check);
    }
}

/// Checks one endpoint; `type_names` collects the names of types generated in the module.
fn endpoint(
    endpoint: &Endpoint,
    key: &str,
    auth_headers: &BTreeSet<String>,
    type_names: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    check.snake(&format!("{key}.name"), &endpoint.name);
    method_name(endpoint, key, check);
    names_and_title(endpoint, key, check);
    if let Some(doc) = &endpoint.doc {
        check.doc(&format!("{key}.doc"), doc);
    }
    location(endpoint, key, check);
    limits_and_auth(endpoint, key, auth_headers, check);
    params(&endpoint.path_params, &format!("{key}.path_params"), check);
    params(&endpoint.headers, &format!("{key}.headers"), check);
    client_headers(&endpoint.headers, &format!("{key}.headers"), check);
    params(&endpoint.query, &format!("{key}.query"), check);
    path_params(endpoint, key, check);
    examples(endpoint, key, check);
    super::answer::answer_and_decisions(endpoint, key, check);
    super::credentials::credentials(endpoint, key, check);
    if !endpoint.is_typed() {
        if endpoint.body.is_some() || endpoint.response.is_some() {
            check.report(key, "a body or response is transcribed but the path or method is not; no typed call can carry it");
        }
        return;
    }
    typed(endpoint, key, type_names, check);
}

/// The method name (`call`), or the importer's proposal of one (`call_draft`), which is a
/// decision still open.
fn method_name(endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    if let Some(call) = &endpoint.call {
        check.call(&format!("{key}.call"), call);
    }
    if let Some(proposed) = &endpoint.call_draft {
        let need = Need::Name {
            proposed: Some(proposed.clone()),
        };
        check.open(
            &format!("{key}.call"),
            &format!("{key}.call_draft"),
            need,
            format!("proposed by the importer from the page's title or path: write `call: {proposed}` (or a better method name) and remove `call_draft`"),
        );
    }
}

/// A rate limit says something, and every header marked `auth` is one of api.yaml's.
fn limits_and_auth(
    endpoint: &Endpoint,
    key: &str,
    auth_headers: &BTreeSet<String>,
    check: &mut Checker<'_>,
) {
    if let Some(limit) = endpoint.rate_limit {
        if limit.per_second.is_none() && limit.per_day.is_none()
            || limit.per_second == Some(0)
            || limit.per_day == Some(0)
        {
            check.report(
                &format!("{key}.rate_limit"),
                "a rate limit needs a positive per_second or per_day; leave it out when unknown",
            );
        }
    }
    for param in endpoint.headers.iter().filter(|param| param.auth) {
        if !auth_headers.contains(&param.name) {
            let message = format!(
                "`{}` is marked `auth` but api.yaml's auth.headers does not list it",
                param.name
            );
            check.report(&format!("{key}.headers"), message);
        }
    }
}

/// What a typed endpoint (path and method known) needs beyond the rest: a method name, a
/// doc, request and response type names of its own, members that stay apart as Rust
/// names, and its parameters', body's and response's types.
fn typed(
    endpoint: &Endpoint,
    key: &str,
    type_names: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    let needs = |member: &str| format!("a typed endpoint (path and method known) needs `{member}`");
    if endpoint.call.is_none() && endpoint.call_draft.is_none() {
        let member = format!("{key}.call");
        check.open(
            &member,
            &member,
            Need::Name { proposed: None },
            needs("call"),
        );
    }
    if endpoint.doc.is_none() {
        check.missing_doc(&format!("{key}.doc"), needs("doc"));
    }
    let request = types::request(endpoint);
    check.unique(type_names, request.clone(), &format!("{key}.name"), "type");
    check.unique(
        type_names,
        types::response(endpoint),
        &format!("{key}.name"),
        "type",
    );
    // Path, query, header and object-body fields all become members of the request struct.
    let mut members = reserved_members();
    for (list, part) in [
        (&endpoint.path_params, "path_params"),
        (&endpoint.query, "query"),
        (&endpoint.headers, "headers"),
    ] {
        for (index, param) in list.iter().enumerate().filter(|(_, param)| !param.auth) {
            let member = format!("{key}.{part}[{index}].name");
            check.unique(
                &mut members,
                names::field_name(&param.name),
                &member,
                "member",
            );
        }
    }
    param_types(endpoint, key, &request, type_names, check);
    if let Some(body) = &endpoint.body {
        self::body(body, endpoint, key, &mut members, type_names, check);
    }
    if let Some(response) = &endpoint.response {
        self::response(response, &types::response(endpoint), key, type_names, check);
    }
}

/// The decisions on what an endpoint is called: a type name the importer proposed and
/// found poor (`name_draft`), and the title (an English one that is only a name is asked
/// for again, before the title's other checks, so its row shows the page's word apart).
fn names_and_title(endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    if endpoint.name_draft {
        let proposed = types::request(endpoint);
        let problem = crate::quality::type_name_problem(&endpoint.name, endpoint.path.as_deref())
            .unwrap_or_else(|| format!("`{proposed}` was proposed by the importer"));
        let message = format!(
            "proposed by the importer, and {problem}: keep `name: {}` or write a better one, then remove `name_draft`",
            endpoint.name
        );
        let need = Need::TypeName { proposed, problem };
        check.open(
            &format!("{key}.name"),
            &format!("{key}.name_draft"),
            need,
            message,
        );
    }
    let title = &endpoint.title;
    if let Some(problem) = crate::quality::title_problem(&title.en, endpoint.path.as_deref()) {
        let need = Need::Words {
            zh: title.zh.clone(),
            en: String::new(),
            vendor: Some(title.en.clone()),
        };
        check.open(
            &format!("{key}.title"),
            &format!("{key}.title.en"),
            need,
            format!("{problem}: write the endpoint's English title"),
        );
    }
    check.doc(&format!("{key}.title"), title);
}

/// A parameter with documented values gets an open enum type of the module, named like a
/// field's (`<Request><Param>` or its `type_name`); auth headers are the client's, no type.
fn param_types(
    endpoint: &Endpoint,
    key: &str,
    request: &str,
    type_names: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    for (list, part) in [
        (&endpoint.path_params, "path_params"),
        (&endpoint.query, "query"),
        (&endpoint.headers, "headers"),
    ] {
        let as_member = |param: &Param| {
            let mut field = param.as_field();
            if param.auth {
                field.values.clear();
            }
            field
        };
        let fields: Vec<Field> = list.iter().map(as_member).collect();
        let key = format!("{key}.{part}");
        super::fields::nested_types(&fields, &key, request, type_names, check);
    }
}

/// Status, path and method agree with each other.
fn location(endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    match (&endpoint.path, endpoint.method) {
        (Some(_), None) => check.report(
            &format!("{key}.path"),
            "the endpoint has a path but no method",
        ),
        (Some(path), Some(_)) if !path.starts_with('/') || path.contains(char::is_whitespace) => {
            check.report(
                &format!("{key}.path"),
                format!("`{path}` must start with `/` and contain no spaces"),
            );
        }
        _ => {}
    }
    match (endpoint.status, &endpoint.path) {
        (Status::Catalogued, Some(_)) => check.report(
            &format!("{key}.status"),
            "a catalogued endpoint has no known path; mark it partial or documented",
        ),
        (Status::Documented | Status::Partial, None) => check.report(
            &format!("{key}.status"),
            "a documented or partial endpoint needs its path",
        ),
        _ => {}
    }
    if endpoint.is_typed() && endpoint.link().is_none() {
        check.open(
            &format!("{key}.doc_url"),
            key,
            Need::Address,
            "a typed endpoint needs `doc_url` or `doc_pages`, so its docs can link the vendor page",
        );
    }
}

/// The docs' examples are kept as JSON text; they must parse.
fn examples(endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    let Some(examples) = &endpoint.examples else {
        return;
    };
    let firsts = [
        ("request".to_owned(), &examples.request),
        ("response".to_owned(), &examples.response),
    ];
    let more = examples.more.iter().enumerate().flat_map(|(index, more)| {
        if more.name.trim().is_empty() {
            check.report(
                &format!("{key}.examples.more[{index}].name"),
                "another example needs its name on the page",
            );
        }
        if more.request.is_some() == more.response.is_some() {
            check.report(
                &format!("{key}.examples.more[{index}]"),
                "another example is a `request` or a `response`, one of the two",
            );
        }
        [
            (format!("more[{index}].request"), &more.request),
            (format!("more[{index}].response"), &more.response),
        ]
    });
    let all: Vec<(String, &Option<String>)> = firsts.into_iter().chain(more).collect();
    for (part, text) in all {
        if let Some(text) = text {
            if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
                check.report(
                    &format!("{key}.examples.{part}"),
                    format!("the example is not JSON: {error}"),
                );
            }
        }
    }
}

/// Every `{name}` of the path is a declared path parameter and every path parameter is in
/// the path, required and filled by the caller.
fn path_params(endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    let placeholders = match endpoint
        .path
        .as_deref()
        .map(crate::model::path_placeholders)
    {
        None => Vec::new(),
        Some(Ok(names)) => names,
        Some(Err(problem)) => {
            check.report(
                &format!("{key}.path"),
                format!("the path is malformed: {problem}"),
            );
            return;
        }
    };
    for name in &placeholders {
        if !endpoint.path_params.iter().any(|param| param.name == *name) {
            check.report(
                &format!("{key}.path"),
                format!("`{{{name}}}` is in the path but not in `path_params`"),
            );
        }
    }
    for (index, param) in endpoint.path_params.iter().enumerate() {
        let item = format!("{key}.path_params[{index}]");
        if !placeholders.contains(&param.name.as_str()) {
            check.report(
                &format!("{item}.name"),
                format!("`{}` is not a `{{{}}}` of the path", param.name, param.name),
            );
        }
        if !param.required.is_required() {
            check.report(
                &format!("{item}.required"),
                "a path parameter is always required: write `required: true`",
            );
        }
        if param.auth {
            check.report(&format!("{item}.auth"), "only headers carry credentials");
        }
        if param.secret {
            // A path is logged, cached and shown everywhere: no secret can be hidden there.
            check.report(
                &format!("{item}.secret"),
                "only headers and query parameters carry secrets",
            );
        }
    }
}

/// Path, header or query parameters: scalar, unique, documented, enum values as on fields.
pub(super) fn params(params: &[Param], key: &str, check: &mut Checker<'_>) {
    let mut seen = BTreeMap::new();
    for (index, param) in params.iter().enumerate() {
        let item = format!("{key}[{index}]");
        check.unique(
            &mut seen,
            param.name.clone(),
            &format!("{item}.name"),
            "parameter",
        );
        if param.name.eq_ignore_ascii_case("content-type") {
            check.report(
                &format!("{item}.name"),
                "`Content-Type` is the body's content type (`body.content_type`: json or form), which the client sends; it is not a parameter",
            );
        }
        if !param.ty.is_scalar() {
            check.report(
                &format!("{item}.type"),
                format!(
                    "a header or query parameter must be a scalar, not `{}`",
                    param.ty
                ),
            );
        }
        check.doc(&format!("{item}.doc"), &param.doc);
        let field = param.as_field();
        super::fields::enum_rules(&field, &item, check);
        super::fields::value_rules(&field, &item, check);
    }
}

/// Headers the HTTP client sets itself (`Content-Length`, `Host`, `Transfer-Encoding`):
/// none is a header member, which would send a value contradicting the request.
pub(super) fn client_headers(params: &[Param], key: &str, check: &mut Checker<'_>) {
    for (index, param) in params.iter().enumerate() {
        if let Some(header) = crate::names::reserved::client_header(&param.name) {
            check.report(
                &format!("{key}[{index}].name"),
                format!(
                    "`{header}` is set by the HTTP client from the request it sends (its body, host and connection); it is not a parameter"
                ),
            );
        }
    }
}
