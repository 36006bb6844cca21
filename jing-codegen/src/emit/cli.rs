//! The `jing` program's tables (in jing-cli): for every typed endpoint its
//! command (`jing <group> <call>`), method, path, auth, limits, bilingual help, and one
//! flag per request member with its place, type, required flag and documented values.
//! `jing_cli` builds its commands from these, so the program grows with the spec.

use jing_spec::{AuthMode, Credential, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

use super::method_tokens;
use crate::Host;
use crate::ir::{Api, Body, CustomFields, Endpoint, Flag, Group, Place, Typed};

/// The `cli` module of the generated folder.
pub(crate) fn cli_tables(api: &Api, host: Host) -> TokenStream {
    // Inside jing-cli the tables are the crate's own; the fixture crate names them by path
    // and makes them public, for its tests to run the program on.
    let (t, visibility) = match host {
        Host::External => (quote!(jing_cli::table), quote!(pub)),
        Host::Runtime | Host::Mock | Host::Cli => (quote!(crate::table), quote!(pub(crate))),
    };
    let t = &t;
    let groups = api
        .groups
        .iter()
        .filter(|group| group.has_typed())
        .map(|group| {
            let command = &group.command;
            let about = format!("{} · {}", group.title.zh, group.title.en);
            quote!((#command, #about))
        });
    let endpoints = api
        .typed()
        .map(|(group, endpoint, typed)| endpoint_entry(t, group, endpoint, typed));
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
    typed: &Typed,
) -> TokenStream {
    let group_command = &group.command;
    let command = &typed.command;
    let name = &endpoint.name;
    let method = method_tokens(typed.method);
    let path = &typed.path;
    let summary = format!(
        "{} · {}: {}",
        endpoint.title.zh, endpoint.title.en, typed.summary
    );
    let details = format!(
        "{} {path} · {} · {}",
        typed.method.as_str(),
        endpoint.rate_limit_line,
        endpoint.page
    );
    let limit = endpoint.rate_limit;
    let per_second = option_u32(limit.per_second);
    let per_day = option_u32(limit.per_day);
    let auth = match typed.auth {
        AuthMode::Headers => quote!(jing_api::Auth::Headers),
        AuthMode::None => quote!(jing_api::Auth::None),
    };
    let idempotent = typed.idempotent;
    let body = match &typed.body {
        Body::None => quote!(#t::CliBody::None),
        Body::Array { .. } => quote!(#t::CliBody::Array),
        Body::Form { .. } => quote!(#t::CliBody::Form),
        Body::Json { custom_fields, .. } => {
            let custom = *custom_fields == CustomFields::Flattened;
            quote!(#t::CliBody::Object { custom_fields: #custom })
        }
    };
    let args = typed.flags.iter().map(|flag| flag_tokens(t, flag));
    let answer = super::answer_tokens(&typed.answer);
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

/// One flag's entry of the command table.
fn flag_tokens(t: &TokenStream, arg: &Flag) -> TokenStream {
    let Flag {
        flag,
        wire,
        place,
        ty,
        required,
        values,
        help,
        credential,
    } = arg;
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
    let place = match place {
        Place::Path => quote!(#t::CliPlace::Path),
        Place::Query => quote!(#t::CliPlace::Query),
        Place::Header => quote!(#t::CliPlace::Header),
        Place::Body => quote!(#t::CliPlace::Body),
    };
    // Scalars and lists of scalars are typed flags; anything else is JSON text.
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

fn option_u32(value: Option<u32>) -> TokenStream {
    match value {
        Some(count) => quote!(Some(#count)),
        None => quote!(None),
    }
}
