//! The `jing` program's tables (in jing-cli): for every typed endpoint its command
//! (`jing <group> <call>`), the details line of its help, one flag per parameter the caller gives, and
//! the typed reader of its answer. What the spec says of the endpoint (method, path,
//! auth, limits, each parameter's place, kind and values) is its schema, which each row
//! points at. `jing_cli` builds its commands from these, so the program grows with the spec.

use proc_macro2::TokenStream;
use quote::quote;

use super::schema::schema_ref;
use crate::Host;
use crate::ir::{Api, Endpoint, Flag, Group, Typed};

/// The `cli` module of the generated folder.
pub(crate) fn cli_tables(api: &Api, host: Host) -> TokenStream {
    // Inside jing-cli the tables are the crate's own and every group of jing-api is there;
    // the fixture crate names them by path, makes them public for its tests to run the
    // program on, and has each group behind its feature.
    let (t, types, visibility, gated) = match host {
        Host::External => (quote!(jing_cli::table), quote!(crate), quote!(pub), true),
        Host::Runtime | Host::Mock | Host::Cli => (
            quote!(crate::table),
            quote!(jing_api),
            quote!(pub(crate)),
            false,
        ),
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
    let endpoints = api.typed().map(|(group, endpoint, typed)| {
        let feature = &group.feature;
        let gate = gated.then(|| quote!(#[cfg(feature = #feature)]));
        let entry = endpoint_entry(t, &types, group, endpoint, typed);
        quote!(#gate #entry)
    });
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
    types: &TokenStream,
    group: &Group,
    endpoint: &Endpoint,
    typed: &Typed,
) -> TokenStream {
    let schema = schema_ref(types, typed);
    let group_command = &group.command;
    let command = &typed.command;
    let details = format!(
        "{} {} · {} · {}",
        typed.method.as_str(),
        typed.path,
        endpoint.rate_limit_line,
        endpoint.page
    );
    let flags = typed.flags.iter().map(|flag| flag_tokens(t, &schema, flag));
    let request = {
        let module = quote::format_ident!("{}", group.module);
        let request = quote::format_ident!("{}", typed.request_type);
        quote!(#types::#module::#request)
    };
    quote! {
        #t::CliEndpoint {
            schema: &#schema,
            group: #group_command,
            command: #command,
            details: #details,
            flags: &[#(#flags),*],
            read: jing_api::read_typed::<#request>,
        }
    }
}

/// One flag's entry of the command table: its spelling and help, and the schema's
/// parameter it sets.
fn flag_tokens(t: &TokenStream, schema: &TokenStream, flag: &Flag) -> TokenStream {
    let Flag {
        flag,
        // The schema's parameter carries its place.
        place: _,
        param,
        help,
    } = flag;
    let index = proc_macro2::Literal::usize_unsuffixed(*param);
    quote! {
        #t::CliFlag {
            flag: #flag,
            param: &#schema.params[#index],
            help: #help,
        }
    }
}
