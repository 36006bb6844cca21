//! Whole files: one module per group, the catalogue of every endpoint, and the `mod.rs`
//! that ties them together (and, inside jing-api, adds the group accessors to `Client`).

use jing_spec::names::{self, types};
use jing_spec::{Endpoint, Group, Role, Spec};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::endpoint::{accessor_method, endpoint_impl, token_request_impl};
use super::request::request_types;
use super::response::response_type;
use super::{method_tokens, optional_str, status_tokens};
use crate::{Host, docs};

/// The module of one group: its docs with a table of every endpoint, and for each typed
/// endpoint the request, response and nested types, the `Endpoint` impl and an accessor.
pub(crate) fn group_module(spec: &Spec, group: &Group, host: Host) -> TokenStream {
    let typed: Vec<&Endpoint> = group
        .endpoints
        .iter()
        .filter(|endpoint| endpoint.is_typed())
        .collect();
    let module_doc = docs::pages::group_module_doc(spec, group);

    // Per typed endpoint: its types, its impl, and the accessor method that sends it.
    let mut items = Vec::new();
    let mut methods = Vec::new();
    for endpoint in &typed {
        let doc_text = endpoint
            .doc
            .as_ref()
            .expect("validated: a typed endpoint has docs");
        let doc = docs::endpoint(endpoint, doc_text, &spec.api.docs_home);
        let alias_text: String = endpoint
            .title
            .zh
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let alias = quote!(#[doc(alias = #alias_text)]);
        let (response_items, response) = response_type(endpoint);
        items.push(request_types(endpoint, &doc, &alias));
        items.push(response_items);
        items.push(endpoint_impl(endpoint, &response));
        if endpoint.role.is_some() {
            items.push(token_request_impl(endpoint));
        }
        // jing-api's methods show a doctest run on its mock; another crate has no mock of its own.
        let example = match host {
            Host::Runtime => super::example::example_doc(group, endpoint),
            Host::External => TokenStream::new(),
        };
        methods.push(accessor_method(endpoint, &quote!(#doc #example), &response));
    }
    let accessor = (!typed.is_empty()).then(|| group_accessor(group, &methods));

    quote! {
        #module_doc
        #(#items)*
        #accessor
    }
}

/// The accessor type of a group: `client.customer()` returns one.
fn group_accessor(group: &Group, methods: &[TokenStream]) -> TokenStream {
    let ident = format_ident!("{}", types::group_api(group));
    let title = docs::pages::group_accessor_line(group);
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

/// The catalogue: every endpoint of the docs, typed or not, as docs and as data.
pub(crate) fn catalogue(spec: &Spec) -> TokenStream {
    let module_doc = docs::pages::catalogue_doc(spec);
    let entries = spec
        .endpoints()
        .map(|(group, endpoint)| catalogue_entry(group, endpoint));
    quote! {
        #module_doc

        /// 文档中的全部接口，按文档顺序排列。 Every endpoint of the docs, in the docs' order.
        pub static ENDPOINTS: &[jing_api::CatalogueEntry] = &[#(#entries),*];
    }
}

fn catalogue_entry(group: &Group, endpoint: &Endpoint) -> TokenStream {
    let group_key = &group.key;
    let name = &endpoint.name;
    let (title_zh, title_en) = (&endpoint.title.zh, &endpoint.title.en);
    let status = status_tokens(endpoint.status);
    let method = match endpoint.method {
        Some(method) => {
            let method = method_tokens(method);
            quote!(Some(#method))
        }
        None => quote!(None),
    };
    let path = optional_str(endpoint.path.as_deref());
    let doc_url = optional_str(endpoint.link());
    let rate_limit = super::endpoint::rate_limit_tokens(endpoint);
    quote! {
        jing_api::CatalogueEntry {
            group: #group_key,
            name: #name,
            title_zh: #title_zh,
            title_en: #title_en,
            status: #status,
            method: #method,
            path: #path,
            doc_url: #doc_url,
            rate_limit: #rate_limit,
        }
    }
}

/// `mod.rs`: declares every module; inside jing-api, adds the group accessors to `Client`.
pub(crate) fn root_module(spec: &Spec, host: Host) -> TokenStream {
    // The modules document themselves; an outer doc here would make rustdoc resolve their
    // inner links from this module.
    // Each group behind the feature named after its key, so users compile only theirs.
    let modules = spec.groups.iter().map(|group| {
        let module = format_ident!("{}", names::field_name(&group.key));
        let feature = &group.key;
        quote! {
            #[cfg(feature = #feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
            pub mod #module;
        }
    });
    // Inside jing-api the hand-written `webhook` module re-exports this one.
    let webhook = spec.webhooks.as_ref().map(|_| {
        quote!(
            pub mod webhook;
        )
    });
    let accessors = spec
        .groups
        .iter()
        .filter(|group| group.endpoints.iter().any(Endpoint::is_typed))
        .map(|group| {
            let module = format_ident!("{}", names::field_name(&group.key));
            let api = format_ident!("{}", types::group_api(group));
            let doc = docs::pages::group_accessor_line(group);
            let feature = &group.key;
            quote! {
                #[doc = #doc]
                #[cfg(feature = #feature)]
                #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
                pub fn #module(&self) -> #module::#api<'_> {
                    #module::#api::new(self)
                }
            }
        });
    // The runtime finds the token calls here, by role: `None` when the call is untyped or
    // its group's feature is off.
    let token_call = |role: Role, constant: &str| {
        let constant = format_ident!("{constant}");
        let typed = spec
            .endpoints()
            .find(|(_, endpoint)| endpoint.role == Some(role) && endpoint.is_typed());
        let none = quote!(None);
        match typed {
            Some((group, endpoint)) => {
                let module = format_ident!("{}", names::field_name(&group.key));
                let request = format_ident!("{}", types::request(endpoint));
                let feature = &group.key;
                quote! {
                    #[cfg(feature = #feature)]
                    const #constant: Option<crate::auth::TokenCall> =
                        Some(crate::auth::token_call::<#module::#request>);
                    #[cfg(not(feature = #feature))]
                    const #constant: Option<crate::auth::TokenCall> = #none;
                }
            }
            None => quote!(const #constant: Option<crate::auth::TokenCall> = #none;),
        }
    };
    let (get_access_token, refresh_token) = (
        token_call(Role::GetAccessToken, "GET_ACCESS_TOKEN_CALL"),
        token_call(Role::RefreshToken, "REFRESH_TOKEN_CALL"),
    );
    let client_impl = match host {
        Host::Runtime => quote! {
            #[cfg(feature = "mock")]
            pub(crate) mod mock;

            #[cfg(feature = "mock")]
            pub(crate) mod probe;

            #[cfg(feature = "cli")]
            pub(crate) mod cli;

            impl jing_api::Client {
                #(#accessors)*
            }

            #get_access_token
            #refresh_token

            /// 规格中按角色标记的令牌接口。 The token calls of the spec, by role.
            pub(crate) const TOKEN_CALLS: crate::auth::TokenCalls = crate::auth::TokenCalls {
                get_access_token: GET_ACCESS_TOKEN_CALL,
                refresh_token: REFRESH_TOKEN_CALL,
            };
        },
        Host::External => quote! {
            /// 模拟服务器的接口表（测试用）。 The mock server's tables, for the tests.
            pub mod mock;

            /// `jing` 命令行的命令表（测试用）。 The `jing` program's tables, for the tests.
            pub mod cli;

            #[cfg(feature = "mock")]
            #[doc(hidden)]
            pub mod probe;
        },
    };
    let environment = spec
        .api
        .environments
        .iter()
        .find(|environment| environment.default)
        .expect("validated: one default environment");
    let base_url = &environment.base_url;
    let base_url_doc = docs::base_url_line(&environment.title);
    // The names the spec marks as secrets, for the runtime's redaction (`jing_api::redact`).
    let secret_names = spec.secret_names();
    let secret_names = secret_names.iter();
    let secret_visibility = match host {
        Host::Runtime => quote!(pub(crate)),
        Host::External => quote!(pub),
    };
    quote! {
        //! Generated modules; see the crate docs.
        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;
        /// 规格标记为机密的名称（请求头、查询参数、令牌接口成员）。 The names the spec marks as secrets: headers, query parameters and the token calls' members.
        #secret_visibility const SECRET_NAMES: &[&str] = &[#(#secret_names),*];
        pub mod catalogue;
        #webhook
        #(#modules)*
        #client_impl
    }
}
