//! Whole files: one module per group, the catalogue of every endpoint, and the `mod.rs`
//! that ties them together (and, inside jing-api, adds the group accessors to `Client`).

use jing_spec::names::{self, types};
use jing_spec::{Endpoint, Group, Role, Spec};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::endpoint::{accessor_method, endpoint_impl, token_request_impl};
use super::request::request_types;
use super::response::response_type;
use super::{optional_str, status_tokens};
use crate::{Host, docs};

/// The module of one group: its docs with a table of every endpoint, and for each typed
/// endpoint the request, response and nested types, the `Endpoint` impl and an accessor.
pub(crate) fn group_module(spec: &Spec, group: &Group) -> TokenStream {
    let typed: Vec<&Endpoint> = group
        .endpoints
        .iter()
        .filter(|endpoint| endpoint.is_typed())
        .collect();
    let mut lines = vec![
        format!(
            "# {} {}",
            docs::escape(&group.title.zh),
            docs::escape(&group.title.en)
        ),
        String::new(),
    ];
    lines.extend(docs::paragraphs(&group.doc));
    lines.push(String::new());
    lines.extend(endpoint_table(group, &spec.api.docs_home, "self::"));
    let module_doc = docs::inner(&lines);

    // Per typed endpoint: its types, its impl, and the accessor method that sends it.
    let mut items = Vec::new();
    let mut methods = Vec::new();
    for endpoint in &typed {
        let doc_text = endpoint
            .doc
            .as_ref()
            .expect("validated: a typed endpoint has docs");
        let doc = docs::bilingual(
            doc_text,
            &docs::endpoint_references(endpoint, &spec.api.docs_home),
        );
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
        methods.push(accessor_method(endpoint, &doc, &response));
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
    let title = format!(
        " 「{}」接口组。 The {} endpoints.",
        docs::escape(&group.title.zh),
        docs::escape(&group.title.en)
    );
    quote! {
        #[doc = #title]
        #[derive(Debug, Clone, Copy)]
        pub struct #ident<'a> {
            client: &'a ::jing_api::Client,
        }

        impl<'a> #ident<'a> {
            /// 用给定客户端创建接口组。
            ///
            /// The endpoints of this group, sent through `client`.
            pub fn new(client: &'a ::jing_api::Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }
    }
}

/// A Markdown table of the group's endpoints, linking the typed ones to their types;
/// `prefix` is the path of the group module as seen from where the table stands.
fn endpoint_table(group: &Group, docs_home: &str, prefix: &str) -> Vec<String> {
    let mut lines = vec![
        "| 状态 Status | 接口 Endpoint | 方法 Method | 路径 Path | Rust |".to_owned(),
        "|---|---|---|---|---|".to_owned(),
    ];
    for endpoint in &group.endpoints {
        let method = endpoint.method.map_or("?", |method| method.as_str());
        let path = endpoint
            .path
            .as_deref()
            .map_or_else(|| "未知 unknown".to_owned(), |path| format!("`{path}`"));
        let rust = match (endpoint.is_typed(), &endpoint.call) {
            (true, Some(call)) => {
                let request = types::request(endpoint);
                let method = format!("{}::{}", types::group_api(group), names::field_name(call));
                format!("[`{request}`]({prefix}{request}) · [`{method}`]({prefix}{method})")
            }
            _ => "—".to_owned(),
        };
        let link = endpoint.link().unwrap_or(docs_home);
        lines.push(format!(
            "| {} | [{} {}]({link}) | {method} | {path} | {rust} |",
            endpoint.status.as_str(),
            docs::escape(&endpoint.title.zh),
            docs::escape(&endpoint.title.en),
        ));
    }
    lines
}

/// The catalogue: every endpoint of the docs, typed or not, as docs and as data.
pub(crate) fn catalogue(spec: &Spec) -> TokenStream {
    let typed = spec
        .endpoints()
        .filter(|(_, endpoint)| endpoint.is_typed())
        .count();
    let total = spec.endpoints().count();
    let mut lines = vec![
        "# 接口目录 Endpoint catalogue".to_owned(),
        String::new(),
        format!(
            "供应商文档中的全部 {total} 个接口，其中 {typed} 个已生成类型化调用；其余仅有标题，可通过原始调用使用。"
        ),
        String::new(),
        format!(
            "All {total} endpoints of the vendor's docs; {typed} have typed calls. The rest are known by title only and can be called raw."
        ),
    ];
    for group in &spec.groups {
        lines.push(String::new());
        let module = names::field_name(&group.key);
        lines.push(format!(
            "## [{} {}](crate::{module})",
            docs::escape(&group.title.zh),
            docs::escape(&group.title.en)
        ));
        lines.push(String::new());
        lines.extend(endpoint_table(
            group,
            &spec.api.docs_home,
            &format!("crate::{module}::"),
        ));
    }
    let module_doc = docs::inner(&lines);
    let entries = spec
        .endpoints()
        .map(|(group, endpoint)| catalogue_entry(group, endpoint));
    quote! {
        #module_doc

        /// 文档中的全部接口，按文档顺序排列。
        ///
        /// Every endpoint of the docs, in the docs' order.
        pub static ENDPOINTS: &[::jing_api::CatalogueEntry] = &[#(#entries),*];
    }
}

fn catalogue_entry(group: &Group, endpoint: &Endpoint) -> TokenStream {
    let group_key = &group.key;
    let name = &endpoint.name;
    let (title_zh, title_en) = (&endpoint.title.zh, &endpoint.title.en);
    let status = status_tokens(endpoint.status);
    let method = match endpoint.method {
        Some(method) => {
            let variant = format_ident!("{}", names::type_name(&method.as_str().to_lowercase()));
            quote!(::std::option::Option::Some(::jing_api::Method::#variant))
        }
        None => quote!(::std::option::Option::None),
    };
    let path = optional_str(endpoint.path.as_deref());
    let doc_url = optional_str(endpoint.link());
    quote! {
        ::jing_api::CatalogueEntry {
            group: #group_key,
            name: #name,
            title_zh: #title_zh,
            title_en: #title_en,
            status: #status,
            method: #method,
            path: #path,
            doc_url: #doc_url,
        }
    }
}

/// `mod.rs`: declares every module; inside jing-api, adds the group accessors to `Client`.
pub(crate) fn root_module(spec: &Spec, host: Host) -> TokenStream {
    // The modules document themselves; an outer doc here would make rustdoc resolve their
    // inner links from this module.
    let modules = spec.groups.iter().map(|group| {
        let module = format_ident!("{}", names::field_name(&group.key));
        quote!(pub mod #module;)
    });
    let accessors = spec
        .groups
        .iter()
        .filter(|group| group.endpoints.iter().any(Endpoint::is_typed))
        .map(|group| {
            let module = format_ident!("{}", names::field_name(&group.key));
            let api = format_ident!("{}", types::group_api(group));
            let doc = format!(
                " 「{}」接口组。 The {} endpoints.",
                docs::escape(&group.title.zh),
                docs::escape(&group.title.en)
            );
            quote! {
                #[doc = #doc]
                pub fn #module(&self) -> #module::#api<'_> {
                    #module::#api::new(self)
                }
            }
        });
    // The runtime finds the token calls here, by role; an untyped one is `None`.
    let token_call = |role: Role| {
        let typed = spec
            .endpoints()
            .find(|(_, endpoint)| endpoint.role == Some(role) && endpoint.is_typed());
        match typed {
            Some((group, endpoint)) => {
                let module = format_ident!("{}", names::field_name(&group.key));
                let request = format_ident!("{}", types::request(endpoint));
                quote!(::std::option::Option::Some(crate::auth::token_call::<#module::#request>))
            }
            None => quote!(::std::option::Option::None),
        }
    };
    let (get_access_token, refresh_token) = (
        token_call(Role::GetAccessToken),
        token_call(Role::RefreshToken),
    );
    let client_impl = match host {
        Host::Runtime => quote! {
            impl ::jing_api::Client {
                #(#accessors)*
            }

            /// 规格中按角色标记的令牌接口。 The token calls of the spec, by role.
            pub(crate) const TOKEN_CALLS: crate::auth::TokenCalls = crate::auth::TokenCalls {
                get_access_token: #get_access_token,
                refresh_token: #refresh_token,
            };
        },
        Host::External => quote!(),
    };
    let environment = spec
        .api
        .environments
        .iter()
        .find(|environment| environment.default)
        .expect("validated: one default environment");
    let base_url = &environment.base_url;
    let base_url_doc = format!(
        " 默认环境「{}」的基础地址。 Base URL of the default environment, {}.",
        docs::escape(&environment.title.zh),
        docs::escape(&environment.title.en)
    );
    quote! {
        //! Generated modules; see the crate docs.
        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;
        pub mod catalogue;
        #(#modules)*
        #client_impl
    }
}
