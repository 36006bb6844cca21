//! The mock server's tables (feature `mock` of jing-api): for every typed endpoint its
//! method, path, auth, limits, token role, parameters, body and response members with
//! their types, required flags and documented enum values, and the docs' response
//! example; and the docs' webhook samples. `jing_api::mock` validates and answers from
//! these, so the mock follows the spec with no hand-kept copy.

use jing_spec::{AuthMode, Credential, Field, Param, Role, Spec, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

use super::{method_tokens, optional_str};

/// The `mock` module of the generated folder.
pub(crate) fn mock_tables(spec: &Spec) -> TokenStream {
    let endpoints = spec
        .endpoints()
        .filter(|(_, endpoint)| endpoint.is_typed())
        .map(|(_, endpoint)| {
            let name = &endpoint.name;
            let method = method_tokens(
                endpoint
                    .method
                    .expect("validated: typed endpoints have a method"),
            );
            let path = endpoint
                .path
                .as_deref()
                .expect("validated: typed endpoints have a path");
            let auth = match endpoint.auth {
                AuthMode::Headers => quote!(jing_api::Auth::Headers),
                AuthMode::None => quote!(jing_api::Auth::None),
            };
            let limit = endpoint.rate_limit.unwrap_or(jing_spec::RateLimit {
                per_second: None,
                per_day: None,
            });
            let (per_second, per_day) =
                (optional_u32(limit.per_second), optional_u32(limit.per_day));
            let role = match endpoint.role {
                Some(Role::GetAccessToken) => {
                    quote!(Some(crate::mock::table::TokenRole::GetAccessToken))
                }
                Some(Role::RefreshToken) => {
                    quote!(Some(crate::mock::table::TokenRole::RefreshToken))
                }
                None => quote!(None),
            };
            let path_params = params(&endpoint.path_params);
            let headers = params(&endpoint.headers);
            let query = params(&endpoint.query);
            let body = match &endpoint.body {
                Some(body) => {
                    let array = body.shape == jing_spec::Shape::Array;
                    let fields = fields(&body.fields);
                    let custom = body.custom_fields;
                    quote!(Some(crate::mock::table::MockBody {
                        array: #array,
                        fields: #fields,
                        custom_fields: #custom,
                    }))
                }
                None => quote!(None),
            };
            let response = match &endpoint.response {
                Some(response) => {
                    let kind = kind(&response.ty);
                    let fields = fields(&response.fields);
                    quote!(Some(crate::mock::table::MockResponse {
                        kind: #kind,
                        fields: #fields,
                    }))
                }
                None => quote!(None),
            };
            let example = optional_str(
                endpoint
                    .examples
                    .as_ref()
                    .and_then(|examples| examples.response.as_deref()),
            );
            quote! {
                crate::mock::table::MockEndpoint {
                    name: #name,
                    method: #method,
                    path: #path,
                    auth: #auth,
                    rate_limit: jing_api::RateLimit { per_second: #per_second, per_day: #per_day },
                    token_role: #role,
                    path_params: #path_params,
                    headers: #headers,
                    query: #query,
                    body: #body,
                    response: #response,
                    response_example: #example,
                }
            }
        });
    let samples = spec
        .webhooks
        .iter()
        .flat_map(|webhooks| webhooks.events())
        .filter_map(|(_, event)| {
            let sample = event.example.as_deref()?;
            let title = &event.title.zh;
            Some(quote!((#title, #sample)))
        });
    quote! {
        //! 模拟服务器的接口表，由规格生成。 The mock server's tables, generated from the spec.

        /// 每个类型化接口的校验与应答信息。 What the mock checks and answers, per typed endpoint.
        pub(crate) static ENDPOINTS: &[crate::mock::table::MockEndpoint] = &[#(#endpoints),*];

        /// 文档中的 webhook 示例（页面标题，原文）。 The docs' webhook samples (page title, verbatim).
        pub(crate) static EVENT_SAMPLES: &[(&str, &str)] = &[#(#samples),*];
    }
}

fn optional_u32(value: Option<u32>) -> TokenStream {
    match value {
        Some(count) => quote!(Some(#count)),
        None => quote!(None),
    }
}

fn required(flag: Option<bool>) -> TokenStream {
    match flag {
        Some(flag) => quote!(Some(#flag)),
        None => quote!(None),
    }
}

fn kind(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(crate::mock::table::MockType::String),
        TypeRef::Integer => quote!(crate::mock::table::MockType::Integer),
        TypeRef::Number => quote!(crate::mock::table::MockType::Number),
        TypeRef::Boolean => quote!(crate::mock::table::MockType::Boolean),
        TypeRef::Any => quote!(crate::mock::table::MockType::Any),
        TypeRef::Object => quote!(crate::mock::table::MockType::Object),
        TypeRef::Array(item) => {
            let item = kind(item);
            quote!(crate::mock::table::MockType::Array(&#item))
        }
        TypeRef::Map(value) => {
            let value = kind(value);
            quote!(crate::mock::table::MockType::Map(&#value))
        }
    }
}

fn params(params: &[Param]) -> TokenStream {
    let entries = params.iter().map(|param| {
        let name = &param.name;
        let kind = kind(&param.ty);
        let required = required(param.required.as_option());
        let auth = param.auth;
        quote!(crate::mock::table::MockParam { name: #name, kind: #kind, required: #required, auth: #auth })
    });
    quote!(&[#(#entries),*])
}

fn fields(fields: &[Field]) -> TokenStream {
    let entries = fields.iter().map(|field| {
        let name = &field.name;
        let kind = kind(&field.ty);
        let required = required(field.required.as_option());
        let values = field.value_texts();
        let nested = self::fields(&field.fields);
        let credential = match field.credential {
            Some(credential) => {
                let variant = match credential {
                    Credential::AppId => quote!(AppId),
                    Credential::AppSecret => quote!(AppSecret),
                    Credential::AccessToken => quote!(AccessToken),
                    Credential::RefreshToken => quote!(RefreshToken),
                    Credential::ExpiresIn => quote!(ExpiresIn),
                };
                quote!(Some(crate::mock::table::Credential::#variant))
            }
            None => quote!(None),
        };
        quote! {
            crate::mock::table::MockField {
                name: #name,
                kind: #kind,
                required: #required,
                values: &[#(#values),*],
                fields: #nested,
                credential: #credential,
            }
        }
    });
    quote!(&[#(#entries),*])
}
