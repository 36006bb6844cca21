//! The flags of an endpoint's `jing <group> <command>`: one per path, query and caller
//! header parameter and per top-level member of an object body, each named once here, a
//! collision with the program's own flags or with another member resolved, and each
//! holding the lowered member it sets (its Rust name and type, for the generated dispatch).
//! The rest of what a flag takes (kind, values, required) is its parameter's, in the
//! endpoint's schema.

use std::collections::BTreeSet;

use jing_spec::names::{self, reserved};
use jing_spec::{Doc, Endpoint};

use super::body::Body;
use super::field::Field;
use crate::docs;

/// One flag of a command, as plain data.
#[derive(Debug, Clone)]
pub(crate) struct Flag {
    /// The flag without its dashes (`mobile`, `member-body`, `query-id`).
    pub(crate) flag: String,
    /// The member of the request struct it sets (its wire name, Rust name and type).
    pub(crate) field: Field,
    /// Where its value goes.
    pub(crate) place: Place,
    /// The member's docs in one line, both languages.
    pub(crate) help: String,
}

/// Where a flag's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A member of the JSON or form body.
    Body,
}

impl Place {
    /// The rank of the place among the request struct's members: path parameters, the
    /// body's members, query parameters, then headers (the order of `new`'s arguments).
    pub(crate) fn member_rank(self) -> u8 {
        match self {
            Place::Path => 0,
            Place::Body => 1,
            Place::Query => 2,
            Place::Header => 3,
        }
    }

    /// The prefix that tells two members of one name apart.
    fn prefix(self) -> &'static str {
        match self {
            Place::Path => "path",
            Place::Query => "query",
            Place::Header => "header",
            Place::Body => "body",
        }
    }
}

/// The lowered members a command has flags for: path, query and caller header parameters,
/// and the members of an object body (JSON or form).
pub(crate) struct Members<'a> {
    pub(crate) path_params: &'a [Field],
    pub(crate) query: &'a [Field],
    /// The headers the caller sets, in the spec's order (the auth headers left out).
    pub(crate) caller_headers: Vec<&'a Field>,
    pub(crate) body: &'a Body,
}

/// Every flag of an endpoint's command: path, query and header parameters (not the auth
/// headers) and the top-level members of an object body, each beside the lowered member
/// it sets (`members`, lowered from the same lists in the same order). A flag that a global
/// flag of the program already has gets [`reserved::CLI_MEMBER_PREFIX`]; one that another
/// member of the command already has gets its place as a prefix.
pub(crate) fn flags(endpoint: &Endpoint, members: Members<'_>) -> Vec<Flag> {
    let flag = |doc: &Doc, field: &Field, place: Place| Flag {
        flag: names::command_name(&field.wire),
        field: field.clone(),
        place,
        help: help(doc),
    };
    let params = |spec: &[jing_spec::Param], lowered: &[Field], place: Place| {
        spec.iter()
            .zip(lowered)
            .map(|(param, field)| flag(&param.doc, field, place))
            .collect::<Vec<Flag>>()
    };
    let mut flags: Vec<Flag> = Vec::new();
    flags.extend(params(
        &endpoint.path_params,
        members.path_params,
        Place::Path,
    ));
    flags.extend(params(&endpoint.query, members.query, Place::Query));
    // The spec's headers less the auth ones, which the client fills: the caller's.
    let caller_headers = endpoint.headers.iter().filter(|param| !param.auth);
    flags.extend(
        caller_headers
            .zip(members.caller_headers)
            .map(|(param, field)| flag(&param.doc, field, Place::Header)),
    );
    let body_fields: &[Field] = match members.body {
        Body::Json { fields, .. } | Body::Form { fields } => fields,
        Body::None | Body::Array { .. } => &[],
    };
    let spec_fields = endpoint.body.iter().flat_map(|body| &body.fields);
    flags.extend(
        spec_fields
            .zip(body_fields)
            .map(|(spec, field)| flag(&spec.doc, field, Place::Body)),
    );
    let mut taken: BTreeSet<String> = reserved::CLI_FLAGS
        .iter()
        .map(|flag| (*flag).to_owned())
        .collect();
    for flag in &mut flags {
        if reserved::CLI_FLAGS.contains(&flag.flag.as_str()) {
            flag.flag = format!("{}{}", reserved::CLI_MEMBER_PREFIX, flag.flag);
        }
        if !taken.insert(flag.flag.clone()) {
            flag.flag = format!("{}-{}", flag.place.prefix(), flag.flag);
            taken.insert(flag.flag.clone());
        }
    }
    flags
}

/// The help of a flag: the member's docs in one line, both languages.
fn help(doc: &Doc) -> String {
    docs::plain_summary(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUP: &str = r#"
title: {zh: "线索", en: "Leads"}
doc: {zh: "虚构。", en: "Made up."}
endpoints:
  - name: find_lead
    call: find
    title: {zh: "查找线索", en: "Find Lead"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/find
    method: POST
    path: /v1/lead/find
    headers:
      - {name: access_token, type: string, required: true, auth: true, doc: {zh: "令牌。", en: "Token."}}
      - {name: X-Trace-Id, type: string, required: false, doc: {zh: "追踪。一句。", en: "Trace. More."}}
    query:
      - {name: id, type: string, required: true, doc: {zh: "编号。", en: "Id."}}
    body:
      shape: object
      fields:
        - {name: member_body, type: string, required: false, doc: {zh: "成员。", en: "Member."}}
        - {name: body, type: string, required: false, doc: {zh: "正文。", en: "Body."}}
        - name: stage
          type: array<string>
          required: false
          doc: {zh: "阶段。", en: "Stage."}
          enum: [{value: won, doc: {zh: "赢。", en: "Won."}}]
"#;

    #[test]
    fn flags_are_named_once_collisions_resolved() {
        let api = crate::ir::lower(&crate::testing::spec(GROUP));
        let typed = api.groups[0].endpoints[0]
            .typed()
            .expect("a typed endpoint");
        let flags = &typed.flags;
        let found: Vec<(&str, &str, Place)> = flags
            .iter()
            .map(|flag| (flag.flag.as_str(), flag.field.wire.as_str(), flag.place))
            .collect();
        // The auth header is the program's; a member named like a global flag gets the
        // member prefix, and then, its flag taken by another member, its place too.
        assert_eq!(
            found,
            [
                ("id", "id", Place::Query),
                ("x-trace-id", "X-Trace-Id", Place::Header),
                ("member-body", "member_body", Place::Body),
                ("body-member-body", "body", Place::Body),
                ("stage", "stage", Place::Body),
            ]
        );
        assert_eq!(flags[1].help, "追踪。 Trace.");
    }
}
