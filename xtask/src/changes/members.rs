//! The members of a generated request or response, flattened to their wire paths
//! (`body.owner.id`, `query.page`), with what the change report compares of each.

use std::collections::{BTreeMap, BTreeSet};

use jing_spec::names;
use jing_spec::{Doc, Endpoint, Field, Param, TypeRef};

/// A request or response member, flattened to its wire path.
pub(super) struct Member<'a> {
    pub(super) ty: &'a TypeRef,
    pub(super) required: bool,
    /// May be `null`: a response field of it is an `Option` even when required.
    pub(super) nullable: bool,
    pub(super) values: BTreeSet<&'a str>,
    pub(super) doc: &'a Doc,
    /// Where it goes: `path parameter`, `query parameter`, `header`, `member`.
    pub(super) place: &'static str,
}

/// The parameters of `list` (but the auth headers) under `prefix`, placed as `place`.
fn params<'a>(
    out: &mut BTreeMap<String, Member<'a>>,
    prefix: &str,
    list: &'a [Param],
    place: &'static str,
) {
    for param in list.iter().filter(|param| !param.auth) {
        out.insert(
            format!("{prefix}.{}", param.name),
            Member {
                ty: &param.ty,
                required: param.required.is_required(),
                nullable: false,
                values: param.value_texts().collect(),
                doc: &param.doc,
                place,
            },
        );
    }
}

/// The members of `list` under `prefix`, nested members below them.
pub(super) fn fields<'a>(out: &mut BTreeMap<String, Member<'a>>, prefix: &str, list: &'a [Field]) {
    for field in list {
        let path = format!("{prefix}.{}", field.name);
        out.insert(
            path.clone(),
            Member {
                ty: &field.ty,
                required: field.required.is_required(),
                nullable: field.nullable,
                values: field.value_texts().collect(),
                doc: &field.doc,
                place: "member",
            },
        );
        fields(out, &path, &field.fields);
    }
}

/// The request's members: path, query and header parameters (but the auth headers), and
/// the body's members.
pub(super) fn request_members(endpoint: &Endpoint) -> BTreeMap<String, Member<'_>> {
    let mut out = BTreeMap::new();
    params(
        &mut out,
        "path_params",
        &endpoint.path_params,
        "path parameter",
    );
    params(&mut out, "query", &endpoint.query, "query parameter");
    params(&mut out, "headers", &endpoint.headers, "header");
    if let Some(body) = &endpoint.body {
        fields(&mut out, "body", &body.fields);
    }
    out
}

/// The response's members.
pub(super) fn response_members(endpoint: &Endpoint) -> BTreeMap<String, Member<'_>> {
    let mut out = BTreeMap::new();
    if let Some(response) = &endpoint.response {
        fields(&mut out, "response", &response.fields);
    }
    out
}

/// The Rust name of a member's last segment (`body.owner.id` gives `id`).
pub(super) fn ident(path: &str) -> String {
    names::field_name(path.rsplit('.').next().unwrap_or(path))
}

/// A doc changed when either language did.
pub(super) fn doc_changed(old: &Doc, new: &Doc) -> bool {
    old.zh != new.zh || old.en != new.en
}
