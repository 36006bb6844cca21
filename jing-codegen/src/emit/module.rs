//! Whole files: one module per group, the catalogue of every endpoint, and the `mod.rs`
//! that ties them together (and, inside jing-api, adds the group accessors to `Client`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::endpoint::{accessor_method, endpoint_impl, token_request_impl};
use super::request::request_types;
use super::response::response_type;
use super::schema::{rate_limit_tokens, schema_const, schema_list, schema_ref};
use super::{method_tokens, pages, status_tokens};
use crate::ir::{Api, Endpoint, Group, TokenCall};
use crate::{Host, docs};

/// The module of one group: its docs (a link to the catalogue, its typed calls), and for
/// each typed endpoint the request, response and nested types, the `Endpoint` impl and an
/// accessor.
pub(crate) fn group_module(group: &Group, host: Host) -> TokenStream {
    let module_doc = pages::group_module_doc(group);

    // Per typed endpoint: its types, its impl, and the accessor method that sends it.
    let mut items = Vec::new();
    let mut methods = Vec::new();
    let typed = group.endpoints.iter().filter_map(Endpoint::typed);
    for typed in typed {
        let doc = docs::outer(&typed.doc);
        let alias_text = &typed.alias;
        let alias = quote!(#[doc(alias = #alias_text)]);
        let (response_items, response) = response_type(typed);
        items.push(request_types(typed, &doc, &alias));
        items.push(response_items);
        items.push(endpoint_impl(typed, &response));
        if let Some(token) = &typed.token {
            items.push(token_request_impl(typed, token));
        }
        // jing-api's methods show a doctest run on its mock; another crate has no mock of its own.
        let example = match host {
            Host::Runtime => super::example::example_doc(group, typed),
            Host::Mock | Host::Cli | Host::External => TokenStream::new(),
        };
        methods.push(accessor_method(typed, &quote!(#doc #example), &response));
    }
    let accessor = (!methods.is_empty()).then(|| group_accessor(group, &methods));

    quote! {
        #module_doc
        #(#items)*
        #accessor
    }
}

/// The accessor type of a group: `client.customer()` returns one.
fn group_accessor(group: &Group, methods: &[TokenStream]) -> TokenStream {
    let ident = format_ident!("{}", group.api_type);
    let title = &group.accessor_doc;
    quote! {
        #[doc = #title]
        #[derive(Debug, Clone, Copy)]
        pub struct #ident<'a> {
            client: &'a jing_api::Client,
        }

        impl<'a> #ident<'a> {
            /// 用给定客户端创建接口组。 The endpoints of this group, sent through `client`.
            pub fn new(client: &'a jing_api::Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }
    }
}

/// The catalogue: every endpoint of the docs, typed or not, as docs and as data; and the
/// schema of each typed one, which its entry, its request type, the mock and `jing` read.
pub(crate) fn catalogue(api: &Api) -> TokenStream {
    let module_doc = pages::catalogue_doc(api);
    let entries = api
        .endpoints()
        .map(|(group, endpoint)| catalogue_entry(group, endpoint));
    let schemas = api
        .typed()
        .map(|(group, endpoint, typed)| schema_const(group, endpoint, typed));
    let schema_list = schema_list(api);
    quote! {
        #module_doc

        /// 文档中的全部接口，按文档顺序排列。 Every endpoint of the docs, in the docs' order.
        pub static ENDPOINTS: &[jing_api::CatalogueEntry] = &[#(#entries),*];

        #schema_list

        #(#schemas)*
    }
}

/// One entry: a typed endpoint's made from its schema, another's from what the docs give.
/// An endpoint without a typed call has no path, so it is catalogued (the validator refuses
/// a path on a catalogued endpoint and a documented one without): its constructor says so.
fn catalogue_entry(group: &Group, endpoint: &Endpoint) -> TokenStream {
    if let Some(typed) = endpoint.typed() {
        let status = status_tokens(endpoint.status);
        let schema = schema_ref(&quote!(crate), typed);
        return quote!(jing_api::CatalogueEntry::typed(&#schema, #status));
    }
    let group_key = &group.key;
    let name = &endpoint.name;
    let (title_zh, title_en) = (&endpoint.title.zh, &endpoint.title.en);
    let method = endpoint.method().map(|method| {
        let method = method_tokens(method);
        quote!(.with_method(#method))
    });
    let doc_url = endpoint
        .doc_url
        .as_deref()
        .map(|url| quote!(.with_doc_url(#url)));
    // Said only where the docs give a figure: the entry starts with the unknown limits.
    let limit = &endpoint.rate_limit;
    let rate_limit = (limit.per_second.is_some() || limit.per_day.is_some()).then(|| {
        let rate_limit = rate_limit_tokens(limit);
        quote!(.with_rate_limit(#rate_limit))
    });
    quote! {
        jing_api::CatalogueEntry::catalogued(#group_key, #name, #title_zh, #title_en)
            #method #doc_url #rate_limit
    }
}

/// `mod.rs`: declares every module; inside jing-api, adds the group accessors to `Client`;
/// inside jing-mock and jing-cli, declares their tables alone.
pub(crate) fn root_module(api: &Api, host: Host) -> TokenStream {
    match host {
        Host::Mock => return mock_root(),
        Host::Cli => return cli_root(),
        Host::Runtime | Host::External => {}
    }
    // The modules document themselves; an outer doc here would make rustdoc resolve their
    // inner links from this module.
    // Each group behind the feature named after its key, so users compile only theirs.
    let modules = api.groups.iter().map(|group| {
        let module = format_ident!("{}", group.module);
        let feature = &group.feature;
        quote! {
            #[cfg(feature = #feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
            pub mod #module;
        }
    });
    // Inside jing-api the hand-written `webhook` module re-exports this one.
    let webhook = api.webhooks.as_ref().map(|_| {
        quote!(
            pub mod webhook;
        )
    });
    let host_items = host_items(api, host);
    let base_url = &api.base_url;
    let base_url_doc = &api.base_url_doc;
    quote! {
        //! Generated modules; see the crate docs.
        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;
        pub mod catalogue;
        #webhook
        #(#modules)*
        #host_items
    }
}

/// jing-mock's `mod.rs`: its tables (jing-api's spec, the mock's rows, the webhook samples,
/// the probes) and the entry points that hand them to the hand-written mock, so that no
/// hand-written module names them: `MockServer::start`, `MockServer::builder` (and
/// `MockBuilder`'s `Default`), the webhook samples and the probes.
fn mock_root() -> TokenStream {
    quote! {
        //! Generated modules: the mock's tables and the probes of jing-api's endpoints, and
        //! the entry points that hand them to the mock (`MockServer::start`,
        //! `MockServer::builder`, the webhook samples, the probes).
        pub(crate) mod mock;
        #[cfg(feature = "test-util")]
        pub(crate) mod probe;

        impl crate::table::Tables {
            /// 本规格的模拟服务器接口表。 The mock's tables of this spec: what a mock serves unless told otherwise.
            pub(crate) const SPEC: crate::table::Tables = crate::table::Tables {
                api: &jing_api::SPEC,
                endpoints: mock::ENDPOINTS,
                event_samples: mock::EVENT_SAMPLES,
                #[cfg(feature = "test-util")]
                probes: probe::PROBES,
            };
        }

        impl crate::MockServer {
            /// 启动本规格的模拟服务器（默认凭据，限流开启，127.0.0.1 的空闲端口）。 A mock of jing-api's spec with the default credentials and limits on, on a free port of 127.0.0.1.
            pub async fn start() -> Result<crate::MockServer, jing_api::Error> {
                crate::MockServer::builder().start().await
            }

            /// 配置本规格的模拟服务器。 Configures a mock of jing-api's spec.
            pub fn builder() -> crate::MockBuilder {
                crate::MockBuilder::for_tables(crate::table::Tables::SPEC)
            }

            /// 文档中标题为 `title_zh` 的事件页的完整 webhook 示例（去掉 `//` 注释）。 The docs' webhook sample of the event page titled `title_zh` (e.g. `object_update事件-客户`), `//` comments removed, when the page has a whole one.
            pub fn webhook_sample(title_zh: &str) -> Option<serde_json::Value> {
                crate::table::Tables::SPEC.webhook_sample(title_zh)
            }

            /// 文档中有示例的事件页标题（与 `jing_api::webhook::EVENTS` 中的页面一致）。 The titles of the event pages with a sample in the docs (each sample stands beside its page's row of `jing_api::webhook::EVENTS`, so the title is the catalogue's).
            pub fn webhook_sample_titles() -> impl Iterator<Item = &'static str> {
                crate::table::Tables::SPEC.webhook_sample_titles()
            }
        }

        impl Default for crate::MockBuilder {
            /// 同 `MockServer::builder()`。 The same as `MockServer::builder()`.
            fn default() -> Self {
                crate::MockServer::builder()
            }
        }

        /// 每个类型化接口的探针，按规格顺序（测试用）。 The probe of every typed endpoint of the compiled groups, in the spec's order, for the tests.
        #[cfg(feature = "test-util")]
        pub fn probes() -> &'static [crate::probe::Probe] {
            crate::table::Tables::SPEC.probes
        }
    }
}

/// jing-cli's `mod.rs`: its tables (jing-api's spec, the groups, the commands) and the
/// program's entry points on them (`jing_cli::main`, `jing_cli::command`, and for the tests
/// `table::Tables::SPEC`), so that no hand-written module names them.
fn cli_root() -> TokenStream {
    quote! {
        //! Generated modules: the `jing` program's command tables, and the entry points
        //! that hand them to the program (`main`, `command`).
        pub(crate) mod cli;

        impl crate::table::Tables {
            /// 本规格的命令表。 The program's tables of this spec: what `jing` runs on.
            pub const SPEC: crate::table::Tables = crate::table::Tables {
                api: &jing_api::SPEC,
                groups: cli::GROUPS,
                endpoints: cli::ENDPOINTS,
                mock: jing_mock::MockServer::builder,
                webhooks: crate::table::Webhooks::of::<jing_api::webhook::Event>(),
            };
        }

        /// 以进程参数运行程序。 Runs the program on the process's arguments.
        pub fn main() -> std::process::ExitCode {
            std::process::ExitCode::from(crate::run::run_from(crate::table::Tables::SPEC, std::env::args_os()))
        }

        /// 完整的命令树：生成的接口命令与程序自己的命令。 The whole command tree: the generated endpoint commands and the program's own.
        pub fn command() -> clap::Command {
            crate::tree::command_of(crate::table::Tables::SPEC)
        }
    }
}

/// What `mod.rs` holds for its host: inside jing-api the crate's `SPEC`, `Client::builder`
/// (which hands it to the runtime) and the group accessors on `Client`; in another crate
/// its `SPEC` and its tables, public.
fn host_items(api: &Api, host: Host) -> TokenStream {
    let spec = spec_static(api);
    match host {
        Host::Runtime => {
            let accessors = client_accessors(api);
            quote! {
                #spec

                impl jing_api::Client {
                    /// 开始配置本规格接口的客户端。 Starts configuring a client of this API (its spec is [`SPEC`]).
                    pub fn builder() -> jing_api::ClientBuilder {
                        jing_api::ClientBuilder::for_spec(&SPEC)
                    }

                    #(#accessors)*
                }

                impl Default for jing_api::ClientBuilder {
                    /// 同 `Client::builder()`。 The same as `Client::builder()`.
                    fn default() -> Self {
                        jing_api::Client::builder()
                    }
                }
            }
        }
        Host::External => quote! {
            #spec

            /// 模拟服务器的接口表（测试用）。 The mock server's tables, for the tests.
            pub mod mock;

            /// `jing` 命令行的命令表（测试用）。 The `jing` program's tables, for the tests.
            pub mod cli;

            /// 每个类型化接口的探针（测试用）。 The probe of every typed endpoint, for the tests.
            pub mod probe;
        },
        Host::Mock | Host::Cli => TokenStream::new(),
    }
}

/// The method of `Client` that returns each group's accessor, for the groups with a typed
/// call.
fn client_accessors(api: &Api) -> Vec<TokenStream> {
    api.groups
        .iter()
        .filter(|group| group.has_typed())
        .map(|group| {
            let module = format_ident!("{}", group.module);
            let accessor = format_ident!("{}", group.accessor);
            let api_type = format_ident!("{}", group.api_type);
            let doc = &group.accessor_doc;
            let feature = &group.feature;
            quote! {
                #[doc = #doc]
                #[cfg(feature = #feature)]
                #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
                pub fn #accessor(&self) -> #module::#api_type<'_> {
                    #module::#api_type::new(self)
                }
            }
        })
        .collect()
}

/// `SPEC`: the crate's tables as one `jing_api::ApiSpec`, which the runtime reads and never
/// names, and its token calls.
fn spec_static(api: &Api) -> TokenStream {
    let token_calls = api.token_calls.iter().map(token_call);
    quote! {
        /// 本规格的接口表：默认基础地址、接口目录、各类型化接口的描述与令牌接口（角色见各自描述的 `token_role`），交给客户端使用。 The tables of this spec, handed to the client: the default base URL, the catalogue, each typed endpoint's schema and the token calls (each one's role is its schema's `token_role`).
        pub static SPEC: jing_api::ApiSpec = jing_api::ApiSpec::new(
            DEFAULT_BASE_URL,
            catalogue::ENDPOINTS,
            catalogue::SCHEMAS,
            &[#(#token_calls),*],
        );
    }
}

/// One token call of `SPEC`, there when its group's feature is on; the runtime reads its
/// role from its schema.
fn token_call(call: &TokenCall) -> TokenStream {
    let TokenCall {
        module,
        feature,
        request_type,
    } = call;
    let module = format_ident!("{module}");
    let request = format_ident!("{request_type}");
    quote! {
        #[cfg(feature = #feature)]
        jing_api::auth::TokenCall::of::<#module::#request>()
    }
}
