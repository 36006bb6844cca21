//! The `jing` program's tables (feature `cli` of jing-api): for every typed endpoint its
//! command (`jing <group> <call>`), method, path, auth, limits, bilingual help, and one
//! flag per request member with its place, type, required flag and documented values.
//! `jing_api::cli` builds its commands from these, so the program grows with the spec.

use std::collections::BTreeSet;

use jing_spec::names::{self, reserved};
use jing_spec::{
    AuthMode, ContentType, Credential, Doc, Endpoint, Field, Group, Param, Shape, Spec, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

use super::method_tokens;
use crate::Host;
use crate::docs;

/// The `cli` module of the generated folder.
pub(crate) fn cli_tables(spec: &Spec, host: Host) -> TokenStream {
    // Inside jing-api the tables are the crate's own; the fixture crate names them by path
    // and makes them public, for its tests to run the program on.
    let (t, visibility) = match host {
        Host::Runtime => (quote!(crate::cli::table), quote!(pub(crate))),
        Host::External => (quote!(jing_api::cli::table), quote!(pub)),
    };
    let t = &t;
    let groups = spec
        .groups
        .iter()
        .filter(|group| group.endpoints.iter().any(Endpoint::is_typed))
        .map(|group| {
            let command = names::command_name(&group.key);
            let about = format!("{} · {}", group.title.zh, group.title.en);
            quote!((#command, #about))
        });
    let endpoints = spec
        .groups
        .iter()
        .flat_map(|group| {
            group
                .endpoints
                .iter()
                .map(move |endpoint| (group, endpoint))
        })
        .filter(|(_, endpoint)| endpoint.is_typed())
        .map(|(group, endpoint)| endpoint_entry(t, group, endpoint, &spec.api.docs_home));
    quote! {
        //! `jing` 命令行的命令表，由规格生成。 The `jing` program's command tables, generated from the spec.

        /// 每个接口组的命令与标题。 Each group's command and title.
        #visibility static GROUPS: &[(&str, &str)] = &[#(#groups),*];

        /// 每个类型化接口的命令。 The command of every typed endpoint.
        #visibility static ENDPOINTS: &[#t::CliEndpoint] = &[#(#endpoints),*];
    }
}

fn endpoint_entry(
    t: &TokenStream,
    group: &Group,
    endpoint: &Endpoint,
    docs_home: &str,
) -> TokenStream {
    let group_command = names::command_name(&group.key);
    let call = endpoint
        .call
        .as_deref()
        .expect("validated: a typed endpoint has a call name");
    let command = names::command_name(call);
    let name = &endpoint.name;
    let method = method_tokens(
        endpoint
            .method
            .expect("validated: a typed endpoint has a method"),
    );
    let path = endpoint
        .path
        .as_deref()
        .expect("validated: a typed endpoint has a path");
    let doc = endpoint
        .doc
        .as_ref()
        .expect("validated: a typed endpoint has a doc");
    let summary = format!(
        "{} · {}: {}",
        endpoint.title.zh,
        endpoint.title.en,
        docs::plain_summary(doc)
    );
    let details = format!(
        "{} {path} · {} · {}",
        endpoint.method.map_or("", |method| method.as_str()),
        docs::rate_limit(endpoint.rate_limit),
        endpoint.link().unwrap_or(docs_home)
    );
    let limit = endpoint.rate_limit.unwrap_or(jing_spec::RateLimit {
        per_second: None,
        per_day: None,
    });
    let per_second = option_u32(limit.per_second);
    let per_day = option_u32(limit.per_day);
    let auth = match endpoint.auth {
        AuthMode::Headers => quote!(jing_api::Auth::Headers),
        AuthMode::None => quote!(jing_api::Auth::None),
    };
    let idempotent = endpoint.idempotent || endpoint.role.is_some();
    let body = match &endpoint.body {
        None => quote!(#t::CliBody::None),
        Some(body) if body.shape == Shape::Array => quote!(#t::CliBody::Array),
        Some(body) if body.content_type == ContentType::Form => {
            quote!(#t::CliBody::Form)
        }
        Some(body) => {
            let custom = body.custom_fields;
            quote!(#t::CliBody::Object { custom_fields: #custom })
        }
    };
    let args = flags(endpoint).into_iter().map(|flag| flag.tokens(t));
    let answer = super::answer_tokens(&endpoint.answer());
    quote! {
        #t::CliEndpoint {
            group: #group_command,
            command: #command,
            name: #name,
            method: #method,
            path: #path,
            summary: #summary,
            details: #details,
            rate_limit: jing_api::RateLimit { per_second: #per_second, per_day: #per_day },
            auth: #auth,
            idempotent: #idempotent,
            body: #body,
            args: &[#(#args),*],
            answer: #answer,
        }
    }
}

/// Where a flag's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Path,
    Query,
    Header,
    Body,
}

impl Place {
    fn tokens(self, t: &TokenStream) -> TokenStream {
        match self {
            Place::Path => quote!(#t::CliPlace::Path),
            Place::Query => quote!(#t::CliPlace::Query),
            Place::Header => quote!(#t::CliPlace::Header),
            Place::Body => quote!(#t::CliPlace::Body),
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

/// One flag of a command, as plain data.
struct Flag<'a> {
    flag: String,
    wire: &'a str,
    place: Place,
    ty: &'a TypeRef,
    required: bool,
    values: Vec<&'a str>,
    help: String,
    /// The credential a token call's member carries, which the program fills itself.
    credential: Option<Credential>,
}

impl Flag<'_> {
    fn tokens(&self, t: &TokenStream) -> TokenStream {
        let Flag {
            flag,
            wire,
            place,
            ty,
            required,
            values,
            help,
            credential,
        } = self;
        let credential = match credential {
            Some(Credential::AppId) => quote!(Some(#t::CliCredential::AppId)),
            Some(Credential::AppSecret) => {
                quote!(Some(#t::CliCredential::AppSecret))
            }
            Some(Credential::AccessToken) => {
                quote!(Some(#t::CliCredential::AccessToken))
            }
            Some(Credential::RefreshToken) => {
                quote!(Some(#t::CliCredential::RefreshToken))
            }
            Some(Credential::ExpiresIn) | None => quote!(None),
        };
        // Scalars and lists of scalars are typed flags; anything else is JSON text.
        let place = place.tokens(t);
        let (kind, list) = match ty {
            TypeRef::Array(item) if item.is_scalar() => (kind(t, item), true),
            other => (kind(t, other), false),
        };
        quote! {
            #t::CliArg {
                flag: #flag,
                wire: #wire,
                place: #place,
                kind: #kind,
                list: #list,
                required: #required,
                values: &[#(#values),*],
                help: #help,
                credential: #credential,
            }
        }
    }
}

fn kind(t: &TokenStream, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#t::CliKind::String),
        TypeRef::Integer => quote!(#t::CliKind::Integer),
        TypeRef::U64 => quote!(#t::CliKind::U64),
        TypeRef::Number => quote!(#t::CliKind::Number),
        TypeRef::Boolean => quote!(#t::CliKind::Boolean),
        _ => quote!(#t::CliKind::Json),
    }
}

/// The help of a flag: the member's docs in one line, both languages.
fn help(doc: &Doc) -> String {
    docs::plain_summary(doc)
}

/// Every flag of an endpoint's command: path, query and header parameters (not the auth
/// headers) and the top-level members of an object body. A flag that a global flag of the
/// program already has gets [`reserved::CLI_MEMBER_PREFIX`]; one that another member of the
/// command already has gets its place as a prefix.
fn flags(endpoint: &Endpoint) -> Vec<Flag<'_>> {
    fn param(param: &Param, place: Place) -> Flag<'_> {
        Flag {
            flag: names::command_name(&param.name),
            wire: param.name.as_str(),
            place,
            ty: &param.ty,
            required: param.required.is_required(),
            values: param.value_texts().collect(),
            help: help(&param.doc),
            credential: None,
        }
    }
    let mut flags: Vec<Flag<'_>> = Vec::new();
    flags.extend(endpoint.path_params.iter().map(|p| param(p, Place::Path)));
    flags.extend(endpoint.query.iter().map(|p| param(p, Place::Query)));
    flags.extend(
        endpoint
            .headers
            .iter()
            .filter(|p| !p.auth)
            .map(|p| param(p, Place::Header)),
    );
    let object_body = endpoint
        .body
        .as_ref()
        .filter(|body| body.shape == Shape::Object);
    if let Some(body) = object_body {
        flags.extend(body.fields.iter().map(|field: &Field| Flag {
            flag: names::command_name(&field.name),
            wire: field.name.as_str(),
            place: Place::Body,
            ty: &field.ty,
            required: field.required.is_required(),
            values: field.value_texts().collect(),
            help: help(&field.doc),
            credential: field.credential,
        }));
    }
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

fn option_u32(value: Option<u32>) -> TokenStream {
    match value {
        Some(count) => quote!(Some(#count)),
        None => quote!(None),
    }
}
