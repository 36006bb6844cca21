//! The mock server's tables (feature `mock` of jing-api): for every typed endpoint its
//! method, path, auth, limits, token role, parameters, body and response members with
//! their types, required flags and documented enum values, and the docs' response
//! example; and the docs' webhook samples. `jing_api::mock` validates and answers from
//! these, so the mock follows the spec with no hand-kept copy.

use jing_spec::{AuthMode, Credential, Field, Param, Role, Spec, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

use super::{method_tokens, optional_str};
use crate::Host;

/// The `mock` module of the generated folder.
pub(crate) fn mock_tables(spec: &Spec, host: Host) -> TokenStream {
    // Inside jing-api the tables are the crate's own; the fixture crate names them by path
    // and makes them public, for its tests to hand to the mock.
    let (t, visibility) = match host {
        Host::Runtime => (quote!(crate::mock::table), quote!(pub(crate))),
        Host::External => (quote!(jing_api::mock::table), quote!(pub)),
    };
    let t = &t;
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
                    quote!(Some(#t::TokenRole::GetAccessToken))
                }
                Some(Role::RefreshToken) => {
                    quote!(Some(#t::TokenRole::RefreshToken))
                }
                None => quote!(None),
            };
            let path_params = params(t, &endpoint.path_params);
            let headers = params(t, &endpoint.headers);
            let query = params(t, &endpoint.query);
            let body = match &endpoint.body {
                Some(body) => {
                    let array = body.shape == jing_spec::Shape::Array;
                    let fields = fields(t, &body.fields);
                    let custom = body.custom_fields;
                    let form = body.content_type == jing_spec::ContentType::Form;
                    quote!(Some(#t::MockBody {
                        array: #array,
                        form: #form,
                        fields: #fields,
                        custom_fields: #custom,
                    }))
                }
                None => quote!(None),
            };
            let response = match &endpoint.response {
                Some(response) => {
                    let kind = kind(t, &response.ty);
                    let fields = fields(t, &response.fields);
                    quote!(Some(#t::MockResponse {
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
            let answer = super::answer_tokens(&endpoint.answer());
            quote! {
                #t::MockEndpoint {
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
                    answer: #answer,
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
        #visibility static ENDPOINTS: &[#t::MockEndpoint] = &[#(#endpoints),*];

        /// 文档中的 webhook 示例（页面标题，原文）。 The docs' webhook samples (page title, verbatim).
        #visibility static EVENT_SAMPLES: &[(&str, &str)] = &[#(#samples),*];
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

fn kind(t: &TokenStream, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#t::MockType::String),
        TypeRef::Integer => quote!(#t::MockType::Integer),
        TypeRef::U64 => quote!(#t::MockType::U64),
        TypeRef::Number => quote!(#t::MockType::Number),
        TypeRef::Boolean => quote!(#t::MockType::Boolean),
        TypeRef::Any => quote!(#t::MockType::Any),
        TypeRef::Object => quote!(#t::MockType::Object),
        TypeRef::Array(item) => {
            let item = kind(t, item);
            quote!(#t::MockType::Array(&#item))
        }
        TypeRef::Map(value) => {
            let value = kind(t, value);
            quote!(#t::MockType::Map(&#value))
        }
    }
}

fn params(t: &TokenStream, params: &[Param]) -> TokenStream {
    let entries = params.iter().map(|param| {
        let name = &param.name;
        let kind = kind(t, &param.ty);
        let required = required(param.required.as_option());
        let auth = param.auth;
        let values = param.value_texts();
        quote!(#t::MockParam { name: #name, kind: #kind, required: #required, auth: #auth, values: &[#(#values),*] })
    });
    quote!(&[#(#entries),*])
}

fn fields(t: &TokenStream, fields: &[Field]) -> TokenStream {
    let entries = fields.iter().map(|field| {
        let name = &field.name;
        let kind = kind(t, &field.ty);
        let required = required(field.required.as_option());
        let values = field.value_texts();
        let nullable = field.nullable;
        let nested = self::fields(t, &field.fields);
        let credential = match field.credential {
            Some(credential) => {
                let variant = match credential {
                    Credential::AppId => quote!(AppId),
                    Credential::AppSecret => quote!(AppSecret),
                    Credential::AccessToken => quote!(AccessToken),
                    Credential::RefreshToken => quote!(RefreshToken),
                    Credential::ExpiresIn => quote!(ExpiresIn),
                };
                quote!(Some(#t::Credential::#variant))
            }
            None => quote!(None),
        };
        quote! {
            #t::MockField {
                name: #name,
                kind: #kind,
                required: #required,
                values: &[#(#values),*],
                fields: #nested,
                credential: #credential,
                nullable: #nullable,
            }
        }
    });
    quote!(&[#(#entries),*])
}
