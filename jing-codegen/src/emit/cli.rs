//! The `jing` program's tables and dispatch (in jing-cli): for every typed endpoint its
//! command (`jing <group> <call>`), one flag per parameter the caller gives, and its
//! dispatch, a function that builds the endpoint's typed request from the parsed
//! arguments through the request's own constructor and setters (as progenitor's generated
//! CLI sets each flag on an operation's builder); the program sends it through the typed
//! client call. What the spec says of the endpoint (method, path, auth, limits, each
//! parameter's place, kind and values) is its schema, which each row points at and the
//! help is built from at run time. `jing_cli` builds its commands from these, so the
//! program grows with the spec.

use jing_spec::names::reserved;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_type;
use super::schema::schema_ref;
use crate::Host;
use crate::ir::{Api, Body, CustomFields, Field, Flag, Group, RequestMember, RustType, Typed};

/// How the generated file names what it uses, by the crate it is compiled into.
struct Paths {
    /// The module of the tables' row types (`crate::table`, `jing_cli::table`).
    table: TokenStream,
    /// The module of the typed request and its error (`crate::request`, `jing_cli::table`).
    request: TokenStream,
    /// The crate of the request types (`jing_api`, `crate`).
    types: TokenStream,
    /// The tables' visibility.
    visibility: TokenStream,
    /// Whether each group stands behind its feature (the fixture crate).
    gated: bool,
}

/// The `cli` module of the generated folder.
pub(crate) fn cli_tables(api: &Api, host: Host) -> TokenStream {
    // Inside jing-cli the tables are the crate's own and every group of jing-api is there;
    // the fixture crate names them through jing-cli's `table` module, makes them public
    // for its tests to run the program on, and has each group behind its feature.
    let paths = match host {
        Host::External => Paths {
            table: quote!(jing_cli::table),
            request: quote!(jing_cli::table),
            types: quote!(crate),
            visibility: quote!(pub),
            gated: true,
        },
        Host::Runtime | Host::Mock | Host::Cli => Paths {
            table: quote!(crate::table),
            request: quote!(crate::request),
            types: quote!(jing_api),
            visibility: quote!(pub(crate)),
            gated: false,
        },
    };
    let groups = api
        .groups
        .iter()
        .filter(|group| group.has_typed())
        .map(|group| {
            let command = &group.command;
            let about = format!("{} · {}", group.title.zh, group.title.en);
            quote!((#command, #about))
        });
    let gate = |group: &Group| {
        let feature = &group.feature;
        paths.gated.then(|| quote!(#[cfg(feature = #feature)]))
    };
    let endpoints = api.typed().map(|(group, _, typed)| {
        let gate = gate(group);
        let entry = endpoint_entry(&paths, group, typed);
        quote!(#gate #entry)
    });
    let flag_rows = api.typed().map(|(group, _, typed)| {
        let gate = gate(group);
        let rows = flag_rows(&paths, typed);
        quote!(#gate #rows)
    });
    let dispatches = api.typed().map(|(group, _, typed)| {
        let gate = gate(group);
        let dispatch = dispatch_fn(&paths, group, typed);
        quote!(#gate #dispatch)
    });
    let (table, visibility) = (&paths.table, &paths.visibility);
    let tables = fixture_tables(host);
    quote! {
        //! `jing` 命令行的命令表与分派，由规格生成。 The `jing` program's command tables and dispatch, generated from the spec.

        /// 每个接口组的命令与标题。 Each group's command and title.
        #visibility static GROUPS: &[(&str, &str)] = &[#(#groups),*];

        /// 每个类型化接口的命令。 The command of every typed endpoint.
        #visibility static ENDPOINTS: &[#table::CliEndpoint] = &[#(#endpoints),*];

        #(#flag_rows)*

        #(#dispatches)*

        #tables
    }
}

/// In the fixture crate, its tables as one value with its spec and its mock, for its tests
/// to run the program on (`jing_cli::testing::run_from`); jing-cli's own `mod.rs` writes
/// its own.
fn fixture_tables(host: Host) -> Option<TokenStream> {
    (host == Host::External).then(|| {
        quote! {
            /// 本规格的命令表（测试用）：规格、接口组与命令一起。 This spec's tables for the program, for the tests: its spec, groups, commands and mock together (`jing_cli::testing::run_from`).
            pub const TABLES: jing_cli::table::Tables = jing_cli::table::Tables {
                api: &crate::SPEC,
                groups: GROUPS,
                endpoints: ENDPOINTS,
                mock: mock_builder,
                webhooks: jing_cli::table::Webhooks::of::<crate::webhook::Event>(),
            };

            /// 本规格的模拟服务器（测试用）。 A mock of this spec's tables, for `jing mock` run on them.
            fn mock_builder() -> jing_mock::MockBuilder {
                jing_mock::MockServer::builder().tables(crate::mock::TABLES)
            }
        }
    })
}

/// The static that holds an endpoint's flag rows: its row points at it, and its dispatch
/// reads each member through its row there.
fn flags_static(typed: &Typed) -> proc_macro2::Ident {
    format_ident!("{}", typed.flags_static)
}

/// An endpoint's flag rows, an array (so a dispatch's index past its end does not compile).
fn flag_rows(paths: &Paths, typed: &Typed) -> TokenStream {
    let t = &paths.table;
    let schema = schema_ref(&paths.types, typed);
    let name = flags_static(typed);
    let count = proc_macro2::Literal::usize_unsuffixed(typed.flags.len());
    let flags = typed.flags.iter().map(|flag| flag_tokens(t, &schema, flag));
    let doc = format!(
        " `{}` 的选项。 The flags of `{}`.",
        typed.command, typed.command
    );
    quote! {
        #[doc = #doc]
        static #name: [#t::CliFlag; #count] = [#(#flags),*];
    }
}

fn endpoint_entry(paths: &Paths, group: &Group, typed: &Typed) -> TokenStream {
    let t = &paths.table;
    let schema = schema_ref(&paths.types, typed);
    let group_command = &group.command;
    let command = &typed.command;
    let flags = flags_static(typed);
    let dispatch = format_ident!("{}", typed.dispatch);
    quote! {
        #t::CliEndpoint {
            schema: &#schema,
            group: #group_command,
            command: #command,
            flags: &#flags,
            build: #dispatch,
        }
    }
}

/// The dispatch of one endpoint: its typed request built from the arguments. Required
/// members are the constructor's arguments, in its order (`Typed::arguments`); each
/// optional member given goes through its setter; custom attributes through
/// `custom_field`.
fn dispatch_fn(paths: &Paths, group: &Group, typed: &Typed) -> TokenStream {
    let (t, r, types) = (&paths.table, &paths.request, &paths.types);
    let module = format_ident!("{}", group.module);
    let module = quote!(#types::#module);
    let request_type = format_ident!("{}", typed.request_type);
    // Each member is read through its row of the endpoint's flags, by its index there.
    let rows = flags_static(typed);
    let row = |index: usize| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(&#rows[#index])
    };

    // The constructor's arguments: each required member read as its type through its row,
    // the items of an array body from `--body`.
    let constructor_args = typed.arguments().map(|member| match member {
        RequestMember::Set { flag, field, .. } => {
            let (ty, row) = (qualified(&module, &field.rust), row(flag));
            quote!(arguments.required::<#ty>(#row)?)
        }
        RequestMember::Items(item) => {
            let item = format_ident!("{}", item.name);
            quote!(arguments.items::<Vec<#module::#item>>()?)
        }
    });
    let optional: Vec<(usize, &Field)> = typed.optional_members().collect();

    // One setter call per optional member that was given.
    let setters = optional.iter().map(|(index, field)| {
        let ty = qualified(&module, &field.rust);
        let (row, setter) = (row(*index), format_ident!("{}", field.ident));
        quote! {
            if let Some(value) = arguments.optional::<#ty>(#row)? {
                request = request.#setter(value);
            }
        }
    });
    let custom = matches!(
        &typed.body,
        Body::Json {
            custom_fields: CustomFields::Flattened,
            ..
        }
    )
    .then(|| {
        let setter = format_ident!("{}", reserved::CUSTOM_FIELD_SETTER);
        quote! {
            for (code, value) in arguments.custom_fields()? {
                request = request.#setter(code, value);
            }
        }
    });
    let mutable = (!optional.is_empty() || custom.is_some()).then(|| quote!(mut));
    let constructor = format_ident!("{}", reserved::CONSTRUCTOR);
    let name = format_ident!("{}", typed.dispatch);
    let doc = format!(
        " `jing {} {}`：由参数构建类型化请求。 The typed request of `jing {} {}`, from the arguments.",
        group.command, typed.command, group.command, typed.command
    );
    quote! {
        #[doc = #doc]
        fn #name(arguments: &mut #t::Arguments<'_>) -> Result<#r::Request, #r::ArgumentError> {
            let #mutable request = #module::#request_type::#constructor(#(#constructor_args),*);
            #(#setters)*
            #custom
            Ok(#r::Request::new(request))
        }
    }
}

/// The Rust type of a member, its generated types named by their module's path.
fn qualified(module: &TokenStream, ty: &RustType) -> TokenStream {
    match ty {
        RustType::Named(name) => {
            let ident = format_ident!("{name}");
            quote!(#module::#ident)
        }
        RustType::Vec(inner) => {
            let inner = qualified(module, inner);
            quote!(Vec<#inner>)
        }
        RustType::Map(inner) => {
            let inner = qualified(module, inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        plain => rust_type(plain),
    }
}

/// One flag's entry of the command table: its spelling and help, and the schema's
/// parameter it sets.
fn flag_tokens(t: &TokenStream, schema: &TokenStream, flag: &Flag) -> TokenStream {
    let Flag {
        flag,
        param,
        help,
        // The dispatch's part (the member it sets); the schema's parameter has the rest.
        field: _,
        place: _,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The index of the flag spelled `flag` among the endpoint's flag rows.
    fn row_of(typed: &Typed, flag: &str) -> usize {
        typed
            .flags
            .iter()
            .position(|candidate| candidate.flag == flag)
            .unwrap_or_else(|| panic!("no flag --{flag}"))
    }

    fn paths() -> Paths {
        Paths {
            table: quote!(jing_cli::table),
            request: quote!(jing_cli::table),
            types: quote!(crate),
            visibility: quote!(pub),
            gated: true,
        }
    }

    /// The constructor takes the required members in the request struct's order (path
    /// parameters, the items of an array body, query parameters, then headers), each read as its
    /// type through its flag; optional members go through their setters.
    #[test]
    fn a_dispatch_builds_the_request_through_its_constructor_and_setters() {
        let api = crate::testing::leads();
        let (group, typed) = crate::testing::typed(&api, "import_leads");
        let dispatch = dispatch_fn(&paths(), group, typed).to_string();
        let arguments = [
            format!(
                "arguments . required :: < i64 > (& IMPORT_LEADS_FLAGS [{}]) ?",
                row_of(typed, "list-id")
            ),
            "arguments . items :: < Vec < crate :: lead :: LeadRow >> () ?".to_owned(),
            format!(
                "arguments . required :: < String > (& IMPORT_LEADS_FLAGS [{}]) ?",
                row_of(typed, "mode")
            ),
            format!(
                "arguments . required :: < String > (& IMPORT_LEADS_FLAGS [{}]) ?",
                row_of(typed, "x-batch")
            ),
        ]
        .join(" , ");
        let expected = format!("crate :: lead :: ImportLeads :: new ({arguments})");
        assert!(dispatch.contains(&expected), "{dispatch}");
        // `--dry-run` is the program's own: the member's flag has the member prefix.
        assert!(
            dispatch.contains(&format!(
                "if let Some (value) = arguments . optional :: < bool > (& IMPORT_LEADS_FLAGS [{}]) ? {{ request = request . dry_run (value) ; }}",
                row_of(typed, "member-dry-run")
            )),
            "{dispatch}"
        );
        assert!(!dispatch.contains("custom_field"), "{dispatch}");
    }

    /// A call with custom attributes passes them through `custom_field`; a request with
    /// optional members is built mutably, one without none is not.
    #[test]
    fn custom_attributes_go_through_their_setter() {
        let api = crate::testing::leads();
        let (group, typed) = crate::testing::typed(&api, "note_lead");
        let dispatch = dispatch_fn(&paths(), group, typed).to_string();
        assert!(
            dispatch.contains(&format!(
                "let mut request = crate :: lead :: NoteLead :: new (arguments . required :: < String > (& NOTE_LEAD_FLAGS [{}]) ?)",
                row_of(typed, "text")
            )),
            "{dispatch}"
        );
        assert!(
            dispatch.contains(&format!(
                "arguments . optional :: < Vec < String > > (& NOTE_LEAD_FLAGS [{}]) ?",
                row_of(typed, "tags")
            )),
            "{dispatch}"
        );
        assert!(
            dispatch.contains(
                "for (code , value) in arguments . custom_fields () ? { request = request . custom_field (code , value) ; }"
            ),
            "{dispatch}"
        );
        let table = crate::render::print(
            &crate::render::parse(cli_tables(&api, Host::External)),
            "01-lead.yaml",
        );
        assert!(table.contains("build: import_leads,"), "{table}");
        assert!(table.contains("flags: &NOTE_LEAD_FLAGS,"), "{table}");
        assert!(
            table.contains("static NOTE_LEAD_FLAGS: [jing_cli::table::CliFlag; 2] = ["),
            "{table}"
        );
        assert!(table.contains("fn note_lead("), "{table}");
        // In the fixture crate each row, its flags and its dispatch stand behind its group's
        // feature.
        assert_eq!(
            table.matches("#[cfg(feature = \"lead\")]").count(),
            3 * api.typed().count(),
            "{table}"
        );
    }
}
