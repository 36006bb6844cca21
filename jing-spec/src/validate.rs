//! Semantic checks of a parsed spec: the rules serde cannot express.
//!
//! Every rule reports through [`Checker`], which locates the key and keeps going, so one
//! run lists every problem. Names are compared with the functions of `names.rs`, the same
//! ones codegen uses. Parsing and locating are `load.rs`.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::SpecError;
use crate::load::Locations;
use crate::model::{
    Api, Body, Credential, Doc, Endpoint, Field, Group, Param, Response, Shape, Status, TypeRef,
    Webhooks,
};
use crate::names::{self, types};

/// Reports errors against one file.
pub(crate) struct Checker<'a> {
    locations: &'a Locations,
    errors: &'a mut Vec<SpecError>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(locations: &'a Locations, errors: &'a mut Vec<SpecError>) -> Self {
        Checker { locations, errors }
    }

    fn report(&mut self, key: &str, message: impl Into<String>) {
        self.errors.push(self.locations.error(key, message));
    }

    /// Both languages present and not blank.
    fn doc(&mut self, key: &str, doc: &Doc) {
        for (language, text) in [("zh", &doc.zh), ("en", &doc.en)] {
            if text.trim().is_empty() {
                self.report(
                    &format!("{key}.{language}"),
                    "the text is empty; docs are needed in Chinese and English",
                );
            }
        }
    }

    /// A name of our own that becomes a snake_case identifier.
    fn snake(&mut self, key: &str, name: &str) {
        if !names::is_snake_identifier(name) {
            self.report(
                key,
                format!("`{name}` is not a snake_case identifier ([a-z][a-z0-9_]*)"),
            );
        } else if names::is_keyword(name) {
            self.report(
                key,
                format!("`{name}` is a Rust keyword; choose another name"),
            );
        }
    }

    /// Reports a value seen twice in one list; `seen` maps each value to its first key.
    fn unique(
        &mut self,
        seen: &mut BTreeMap<String, String>,
        value: String,
        key: &str,
        what: &str,
    ) {
        if let Some(first) = seen.get(&value) {
            let message = if first.starts_with('(') {
                format!("{what} `{value}` is reserved {first}")
            } else {
                format!("{what} `{value}` is already used at `{first}`")
            };
            self.report(key, message);
        } else {
            seen.insert(value, key.to_owned());
        }
    }
}

/// Checks `api.yaml`.
pub(crate) fn api(api: &Api, check: &mut Checker<'_>) {
    check.doc("title", &api.title);
    check.doc("doc", &api.doc);
    if api
        .environments
        .iter()
        .filter(|environment| environment.default)
        .count()
        != 1
    {
        check.report(
            "environments",
            "exactly one environment must be `default: true`",
        );
    }
    let mut seen = BTreeMap::new();
    for (index, environment) in api.environments.iter().enumerate() {
        let key = format!("environments[{index}]");
        check.snake(&format!("{key}.name"), &environment.name);
        check.unique(
            &mut seen,
            environment.name.clone(),
            &format!("{key}.name"),
            "environment",
        );
        check.doc(&format!("{key}.title"), &environment.title);
        let url = &environment.base_url;
        if !url.starts_with("https://") || url.ends_with('/') {
            check.report(
                &format!("{key}.base_url"),
                format!("`{url}` must start with https:// and have no trailing slash"),
            );
        }
    }
    params(&api.auth.headers, "auth.headers", check);
    let envelope: BTreeSet<&str> = api
        .envelope
        .fields
        .iter()
        .map(|field| field.name.as_str())
        .collect();
    for member in ["request_id", "code", "msg", "data"] {
        if !envelope.contains(member) {
            check.report(
                "envelope.fields",
                format!("the envelope lacks `{member}`, which the runtime decodes"),
            );
        }
    }
    fields(
        &api.envelope.fields,
        "envelope.fields",
        "Envelope",
        &mut BTreeMap::new(),
        check,
    );
    let (mut codes, mut code_names) = (BTreeMap::new(), BTreeMap::new());
    for (index, code) in api.error_codes.iter().enumerate() {
        let key = format!("error_codes[{index}]");
        check.unique(
            &mut codes,
            code.code.to_string(),
            &format!("{key}.code"),
            "error code",
        );
        check.snake(&format!("{key}.name"), &code.name);
        check.unique(
            &mut code_names,
            names::variant_name(&code.name),
            &format!("{key}.name"),
            "error name",
        );
        check.doc(&format!("{key}.doc"), &code.doc);
    }
}

/// Checks one group file.
pub(crate) fn group(group: &Group, auth_headers: &BTreeSet<String>, check: &mut Checker<'_>) {
    check.snake("(file name)", &group.key);
    check.doc("title", &group.title);
    check.doc("doc", &group.doc);
    let mut calls = BTreeMap::new();
    let mut type_names = BTreeMap::new();
    type_names.insert(types::group_api(group), "(group accessor)".to_owned());
    for (index, endpoint) in group.endpoints.iter().enumerate() {
        let key = format!("endpoints[{index}]");
        if let Some(call) = &endpoint.call {
            check.unique(
                &mut calls,
                names::field_name(call),
                &format!("{key}.call"),
                "call",
            );
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
    if let Some(call) = &endpoint.call {
        check.snake(&format!("{key}.call"), call);
    }
    check.doc(&format!("{key}.title"), &endpoint.title);
    if let Some(doc) = &endpoint.doc {
        check.doc(&format!("{key}.doc"), doc);
    }
    location(endpoint, key, check);
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
    params(&endpoint.headers, &format!("{key}.headers"), check);
    params(&endpoint.query, &format!("{key}.query"), check);
    examples(endpoint, key, check);
    credentials(endpoint, key, check);
    if !endpoint.is_typed() {
        if endpoint.body.is_some() || endpoint.response.is_some() {
            check.report(key, "a body or response is transcribed but the path or method is not; no typed call can carry it");
        }
        return;
    }
    for (member, present) in [
        ("call", endpoint.call.is_some()),
        ("doc", endpoint.doc.is_some()),
    ] {
        if !present {
            check.report(
                &format!("{key}.{member}"),
                format!("a typed endpoint (path and method known) needs `{member}`"),
            );
        }
    }
    let request = types::request(endpoint);
    check.unique(type_names, request.clone(), &format!("{key}.name"), "type");
    check.unique(
        type_names,
        types::response(endpoint),
        &format!("{key}.name"),
        "type",
    );
    // Query, header and object-body fields all become members of the request struct.
    let mut members = reserved_members();
    for (list, part) in [(&endpoint.query, "query"), (&endpoint.headers, "headers")] {
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
    if let Some(body) = &endpoint.body {
        self::body(body, endpoint, key, &mut members, type_names, check);
    }
    if let Some(response) = &endpoint.response {
        self::response(response, &types::response(endpoint), key, type_names, check);
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
        check.report(
            key,
            "a typed endpoint needs `doc_url` or `doc_pages`, so its docs can link the vendor page",
        );
    }
}

/// Credential markers: only on the top-level fields of a typed token call, which must mark
/// every body field (so the runtime can build it) and return an access token.
fn credentials(endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    let body = endpoint
        .body
        .as_ref()
        .map_or(&[][..], |body| &body.fields[..]);
    let response = endpoint
        .response
        .as_ref()
        .map_or(&[][..], |response| &response.fields[..]);
    for (part, fields) in [("body", body), ("response", response)] {
        for (index, field) in fields.iter().enumerate() {
            let item = format!("{key}.{part}.fields[{index}]");
            nested_credentials(&field.fields, &format!("{item}.fields"), check);
            let Some(credential) = field.credential else {
                if part == "body" && endpoint.role.is_some() {
                    check.report(&format!("{item}.credential"), "every body field of a token call needs a `credential`, so the runtime can fill it");
                }
                continue;
            };
            let expected = if credential == Credential::ExpiresIn {
                TypeRef::Integer
            } else {
                TypeRef::String
            };
            if endpoint.role.is_none() {
                check.report(
                    &format!("{item}.credential"),
                    "only a token call (an endpoint with a `role`) marks credentials",
                );
            } else if field.ty != expected {
                check.report(
                    &format!("{item}.credential"),
                    format!("`{}` needs type `{expected}`", credential.as_str()),
                );
            } else if part == "body" && credential == Credential::ExpiresIn {
                check.report(
                    &format!("{item}.credential"),
                    "`expires_in` is something a token call returns, not takes",
                );
            }
        }
    }
    if endpoint.role.is_some() && endpoint.is_typed() {
        if !response
            .iter()
            .any(|field| field.credential == Some(Credential::AccessToken))
        {
            check.report(
                &format!("{key}.response"),
                "a typed token call must mark the response field with `credential: access_token`",
            );
        }
        let object_body = endpoint
            .body
            .as_ref()
            .is_none_or(|body| body.shape == Shape::Object);
        let object_response = endpoint
            .response
            .as_ref()
            .is_some_and(|response| response.ty == TypeRef::Object);
        if !object_body || !object_response {
            check.report(key, "a token call takes and returns a JSON object");
        }
        let required_params = endpoint
            .query
            .iter()
            .chain(&endpoint.headers)
            .any(|param| !param.auth && param.required.is_required());
        if required_params {
            check.report(key, "a token call cannot have required query or header parameters: the runtime could not fill them");
        }
    }
}

fn nested_credentials(fields: &[Field], key: &str, check: &mut Checker<'_>) {
    for (index, field) in fields.iter().enumerate() {
        let item = format!("{key}[{index}]");
        if field.credential.is_some() {
            check.report(
                &format!("{item}.credential"),
                "credentials are marked on top-level fields only",
            );
        }
        nested_credentials(&field.fields, &format!("{item}.fields"), check);
    }
}

/// The docs' examples are kept as JSON text; they must parse.
fn examples(endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    let Some(examples) = &endpoint.examples else {
        return;
    };
    for (part, text) in [
        ("request", &examples.request),
        ("response", &examples.response),
    ] {
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

/// Header or query parameters: scalar, unique, documented.
fn params(params: &[Param], key: &str, check: &mut Checker<'_>) {
    let mut seen = BTreeMap::new();
    for (index, param) in params.iter().enumerate() {
        let item = format!("{key}[{index}]");
        check.unique(
            &mut seen,
            param.name.clone(),
            &format!("{item}.name"),
            "parameter",
        );
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
    }
}

/// A request body.
fn body(
    body: &Body,
    endpoint: &Endpoint,
    key: &str,
    members: &mut BTreeMap<String, String>,
    type_names: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    let key = format!("{key}.body");
    if let Some(name) = &body.item_type_name {
        pascal(name, &format!("{key}.item_type_name"), check);
        if body.shape != Shape::Array {
            check.report(
                &format!("{key}.item_type_name"),
                "only an array body has an item type",
            );
        }
    }
    // An object body's members join the request struct; an array body's items are a struct of their own.
    let mut item_members = reserved_members();
    let (owner, members) = match body.shape {
        Shape::Object => (types::request(endpoint), members),
        Shape::Array => {
            let item = types::body_item(endpoint);
            check.unique(type_names, item.clone(), &format!("{key}.shape"), "type");
            check.unique(
                members,
                "items".to_owned(),
                &format!("{key}.shape"),
                "member",
            );
            (item, &mut item_members)
        }
    };
    fields(
        &body.fields,
        &format!("{key}.fields"),
        &owner,
        members,
        check,
    );
    nested_types(
        &body.fields,
        &format!("{key}.fields"),
        &owner,
        type_names,
        check,
    );
}

/// The response's `data`.
fn response(
    response: &Response,
    owner: &str,
    key: &str,
    type_names: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    let key = format!("{key}.response");
    let has_members = *response.ty.innermost() == TypeRef::Object;
    if has_members == response.fields.is_empty() {
        check.report(
            &format!("{key}.fields"),
            "members are listed exactly when the type is `object` or `array<object>`",
        );
    }
    if response.custom_fields && !has_members {
        check.report(
            &format!("{key}.custom_fields"),
            "custom fields need an object type",
        );
    }
    let mut members = reserved_members();
    fields(
        &response.fields,
        &format!("{key}.fields"),
        owner,
        &mut members,
        check,
    );
    nested_types(
        &response.fields,
        &format!("{key}.fields"),
        owner,
        type_names,
        check,
    );
}

/// Members of one object: unique wire and Rust names, consistent types, docs; recursive.
fn fields(
    fields: &[Field],
    key: &str,
    owner: &str,
    members: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    shaped_fields(fields, key, owner, members, None, check);
}

/// As [`fields`]; `shapes` holds the payload shapes a field may name with `shape`
/// (`None` outside `webhooks.yaml`, where `shape` is not allowed).
fn shaped_fields(
    fields: &[Field],
    key: &str,
    owner: &str,
    members: &mut BTreeMap<String, String>,
    shapes: Option<&BTreeSet<&str>>,
    check: &mut Checker<'_>,
) {
    let mut wire = BTreeMap::new();
    for (index, field) in fields.iter().enumerate() {
        let item = format!("{key}[{index}]");
        let repeated = wire.contains_key(&field.name);
        check.unique(
            &mut wire,
            field.name.clone(),
            &format!("{item}.name"),
            "field",
        );
        if field.name.is_empty() {
            check.report(&format!("{item}.name"), "the field name is empty");
        } else if !repeated {
            check.unique(
                members,
                names::field_name(&field.name),
                &format!("{item}.name"),
                "member (after case conversion)",
            );
        }
        check.doc(&format!("{item}.doc"), &field.doc);
        let innermost = field.ty.innermost();
        if let Some(shape) = &field.shape {
            match shapes {
                None => check.report(
                    &format!("{item}.shape"),
                    "`shape` names a webhook payload shape; it belongs in webhooks.yaml",
                ),
                Some(known) if !known.contains(shape.as_str()) => check.report(
                    &format!("{item}.shape"),
                    format!("`{shape}` is not a shape of webhooks.yaml"),
                ),
                Some(_) if *field.ty.innermost() != TypeRef::Object || !field.fields.is_empty() => {
                    check.report(
                        &format!("{item}.shape"),
                        "a field with `shape` has type `object` and no `fields` of its own",
                    );
                }
                Some(_) => {}
            }
        } else if (*innermost == TypeRef::Object) == field.fields.is_empty() {
            check.report(&format!("{item}.fields"), "members are listed exactly when the type is `object`, `array<object>` or `map<object>`; use `map<any>` for unknown members");
        }
        if !field.values.is_empty() && *innermost != TypeRef::String {
            check.report(
                &format!("{item}.enum"),
                format!("enum values need a string type, not `{}`", field.ty),
            );
        }
        if let Some(name) = &field.type_name {
            pascal(name, &format!("{item}.type_name"), check);
            if field.fields.is_empty() && field.values.is_empty() {
                check.report(
                    &format!("{item}.type_name"),
                    "only an object or enum field has a type of its own to name",
                );
            }
        }
        enum_values(field, &item, check);
        let nested_owner = types::nested(owner, field);
        let mut nested_members = reserved_members();
        shaped_fields(
            &field.fields,
            &format!("{item}.fields"),
            &nested_owner,
            &mut nested_members,
            shapes,
            check,
        );
    }
}

/// Documented enum values: docs, and distinct variant names.
fn enum_values(field: &Field, key: &str, check: &mut Checker<'_>) {
    let mut variants = BTreeMap::from([(
        "Other".to_owned(),
        "(the variant for unlisted values)".to_owned(),
    )]);
    for (index, value) in field.values.iter().enumerate() {
        let item = format!("{key}.enum[{index}]");
        check.unique(
            &mut variants,
            names::variant_name(&value.value),
            &format!("{item}.value"),
            "variant (after case conversion)",
        );
        check.doc(&format!("{item}.doc"), &value.doc);
    }
}

/// Nested object and enum types get names of their own; they must not collide in the module.
fn nested_types(
    fields: &[Field],
    key: &str,
    owner: &str,
    type_names: &mut BTreeMap<String, String>,
    check: &mut Checker<'_>,
) {
    for (index, field) in fields.iter().enumerate() {
        if field.fields.is_empty() && field.values.is_empty() {
            continue;
        }
        let item = format!("{key}[{index}]");
        let name = types::nested(owner, field);
        check.unique(type_names, name.clone(), &format!("{item}.name"), "type");
        nested_types(
            &field.fields,
            &format!("{item}.fields"),
            &name,
            type_names,
            check,
        );
    }
}

/// Member names a generated struct already uses: the custom-attribute map, its setter,
/// and the constructor.
fn reserved_members() -> BTreeMap<String, String> {
    ["custom_fields", "custom_field", "new"]
        .into_iter()
        .map(|name| {
            (
                name.to_owned(),
                "(generated by the code generator)".to_owned(),
            )
        })
        .collect()
}

/// A type name of our own.
fn pascal(name: &str, key: &str, check: &mut Checker<'_>) {
    if !names::is_pascal_identifier(name) || names::is_keyword(name) {
        check.report(key, format!("`{name}` is not a PascalCase type name"));
    }
}

/// How a variant is recognised and decoded: event_type, object_name, payload shape.
type Decoding<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

/// The name a webhook variant may not take: it is the variant for unlisted events.
const UNKNOWN_VARIANT: &str = "Unknown";

/// Checks `webhooks.yaml`: shapes and what they extend, events and their discriminators.
pub(crate) fn webhooks(webhooks: &Webhooks, check: &mut Checker<'_>) {
    check.doc("title", &webhooks.title);
    check.doc("doc", &webhooks.doc);
    let known: BTreeSet<&str> = webhooks
        .shapes
        .iter()
        .map(|shape| shape.name.as_str())
        .collect();
    if !known.contains(webhooks.common.as_str()) {
        check.report(
            "common",
            format!("`{}` is not a shape of this file", webhooks.common),
        );
    }
    // Names the `webhook` module already has: the generated enum, and the runtime's own
    // items, which would shadow a generated type of the same name.
    let mut type_names: BTreeMap<String, String> =
        ["Event", "EventEntry", "Received", "FieldChange", "NotJson"]
            .into_iter()
            .map(|name| (name.to_owned(), "(in the webhook module)".to_owned()))
            .collect();
    for (index, shape) in webhooks.shapes.iter().enumerate() {
        let key = format!("shapes[{index}]");
        pascal(&shape.name, &format!("{key}.name"), check);
        check.unique(
            &mut type_names,
            shape.name.clone(),
            &format!("{key}.name"),
            "type",
        );
        check.doc(&format!("{key}.doc"), &shape.doc);
        if let Some(base) = &shape.extends {
            if !known.contains(base.as_str()) {
                check.report(
                    &format!("{key}.extends"),
                    format!("`{base}` is not a shape of this file"),
                );
            } else if extends_chain(webhooks, &shape.name).is_none() {
                check.report(
                    &format!("{key}.extends"),
                    format!("`{}` extends itself through `{base}`", shape.name),
                );
            }
        }
        // Members of the shape and of every shape it extends are flattened into one object.
        let mut members = reserved_members();
        let ancestors = extends_chain(webhooks, &shape.name).unwrap_or_default();
        for ancestor in ancestors.iter().skip(1) {
            for field in &ancestor.fields {
                members.insert(
                    names::field_name(&field.name),
                    format!("{} (inherited)", ancestor.name),
                );
            }
            members.insert(
                names::field_name(&ancestor.name),
                format!("{} (the flattened base)", ancestor.name),
            );
        }
        shaped_fields(
            &shape.fields,
            &format!("{key}.fields"),
            &shape.name,
            &mut members,
            Some(&known),
            check,
        );
        nested_types(
            &shape.fields,
            &format!("{key}.fields"),
            &shape.name,
            &mut type_names,
            check,
        );
    }
    let mut group_keys = BTreeMap::new();
    let mut variants: BTreeMap<&str, (Decoding<'_>, String)> = BTreeMap::new();
    let mut by_discriminator: BTreeMap<(&str, Option<&str>), (&str, String)> = BTreeMap::new();
    let mut object_events: BTreeMap<&str, bool> = BTreeMap::new();
    for (group_index, group) in webhooks.groups.iter().enumerate() {
        let group_key = format!("groups[{group_index}]");
        check.snake(&format!("{group_key}.key"), &group.key);
        check.unique(
            &mut group_keys,
            group.key.clone(),
            &format!("{group_key}.key"),
            "group key",
        );
        check.doc(&format!("{group_key}.title"), &group.title);
        for (index, event) in group.events.iter().enumerate() {
            let key = format!("{group_key}.events[{index}]");
            check.doc(&format!("{key}.title"), &event.title);
            if let Some(doc) = &event.doc {
                check.doc(&format!("{key}.doc"), doc);
            }
            if let Some(payload) = &event.payload {
                let extends_common = extends_chain(webhooks, payload)
                    .is_some_and(|chain| chain.iter().any(|shape| shape.name == webhooks.common));
                if !known.contains(payload.as_str()) {
                    check.report(
                        &format!("{key}.payload"),
                        format!("`{payload}` is not a shape of this file"),
                    );
                } else if !extends_common {
                    check.report(
                        &format!("{key}.payload"),
                        format!(
                            "`{payload}` must be or extend the common shape `{}`",
                            webhooks.common
                        ),
                    );
                }
            }
            if event.status != Status::Catalogued && event.doc.is_none() {
                check.report(
                    &format!("{key}.doc"),
                    "a transcribed event (not only catalogued) needs `doc`",
                );
            }
            let (Some(event_type), Some(variant)) = (&event.event_type, &event.variant) else {
                for (member, present) in [
                    ("variant", event.variant.is_some()),
                    ("object_name", event.object_name.is_some()),
                    ("payload", event.payload.is_some()),
                ] {
                    if present {
                        check.report(&format!("{key}.{member}"), format!("`{member}` needs `event_type`: an event without one cannot be recognised"));
                    }
                }
                if event.event_type.is_some() {
                    check.report(
                        &format!("{key}.variant"),
                        "an event with `event_type` needs the `variant` it decodes to",
                    );
                }
                continue;
            };
            pascal(variant, &format!("{key}.variant"), check);
            if variant == UNKNOWN_VARIANT {
                check.report(
                    &format!("{key}.variant"),
                    "`Unknown` is reserved for events nobody listed",
                );
            }
            let object = event.object_name.as_deref();
            let payload = event.payload.as_deref();
            let here = format!("{key}.variant");
            match variants.get(variant.as_str()) {
                Some((decoding, first)) if *decoding != (event_type.as_str(), object, payload) => {
                    check.report(&here, format!("variant `{variant}` is used at `{first}` with another event_type, object_name or payload"));
                }
                Some(_) => {}
                None => {
                    variants.insert(variant, ((event_type, object, payload), here.clone()));
                }
            }
            match by_discriminator.get(&(event_type.as_str(), object)) {
                Some((first_variant, first)) if first_variant != variant => {
                    check.report(&here, format!("the same event_type and object_name decode to `{first_variant}` at `{first}`; bodies that cannot be told apart share a variant"));
                }
                Some(_) => {}
                None => {
                    by_discriminator.insert((event_type, object), (variant, here.clone()));
                }
            }
            let with_object = object.is_some();
            if *object_events.entry(event_type).or_insert(with_object) != with_object {
                check.report(&format!("{key}.object_name"), format!("events of type `{event_type}` give object_name in some places and not in others"));
            }
        }
    }
}

/// `name` and the shapes it extends, nearest first; `None` on a cycle or a missing shape.
pub(crate) fn extends_chain<'a>(
    webhooks: &'a Webhooks,
    name: &str,
) -> Option<Vec<&'a crate::model::PayloadShape>> {
    let mut chain = Vec::new();
    let mut next = Some(name);
    while let Some(current) = next {
        let shape = webhooks.shape(current)?;
        if chain
            .iter()
            .any(|seen: &&crate::model::PayloadShape| seen.name == shape.name)
        {
            return None;
        }
        chain.push(shape);
        next = shape.extends.as_deref();
    }
    Some(chain)
}
