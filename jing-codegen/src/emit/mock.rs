//! The mock server's tables (in jing-mock): for every typed endpoint its
//! method, path, auth, limits, token role, parameters, body and response members with
//! their types, required flags and documented enum values, and the docs' response
//! example; and the docs' webhook samples. `jing_mock` validates and answers from
//! these, so the mock follows the spec with no hand-kept copy.

use jing_spec::{AuthMode, Credential, Role, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

use super::{method_tokens, optional_str};
use crate::Host;
use crate::ir::{Api, Body, CustomFields, Endpoint, Field, Filled, Typed};

/// The `mock` module of the generated folder.
pub(crate) fn mock_tables(api: &Api, host: Host) -> TokenStream {
    // Inside jing-mock the tables are the crate's own; the fixture crate names them by path
    // and makes them public, for its tests to hand to the mock.
    let (t, visibility) = match host {
        Host::External => (quote!(jing_mock::table), quote!(pub)),
        Host::Runtime | Host::Mock | Host::Cli => (quote!(crate::table), quote!(pub(crate))),
    };
    let t = &t;
    let endpoints = api
        .typed()
        .map(|(_, endpoint, typed)| endpoint_entry(t, endpoint, typed));
    let samples = api
        .webhooks
        .iter()
        .flat_map(|webhooks| &webhooks.pages)
        .filter_map(|event| {
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

/// One endpoint's row of the table.
fn endpoint_entry(t: &TokenStream, endpoint: &Endpoint, typed: &Typed) -> TokenStream {
    let name = &endpoint.name;
    let method = method_tokens(typed.method);
    let path = &typed.path;
    let auth = match typed.auth {
        AuthMode::Headers => quote!(jing_api::Auth::Headers),
        AuthMode::None => quote!(jing_api::Auth::None),
    };
    let limit = endpoint.rate_limit;
    let (per_second, per_day) = (optional_u32(limit.per_second), optional_u32(limit.per_day));
    let role = match typed.token.as_ref().map(|token| token.role) {
        Some(Role::GetAccessToken) => {
            quote!(Some(#t::TokenRole::GetAccessToken))
        }
        Some(Role::RefreshToken) => {
            quote!(Some(#t::TokenRole::RefreshToken))
        }
        None => quote!(None),
    };
    let by_caller = |param| (param, Filled::ByCaller);
    let path_params = params(t, typed.path_params.iter().map(by_caller));
    let headers = params(
        t,
        typed
            .headers
            .iter()
            .map(|header| (&header.field, header.filled)),
    );
    let query = params(t, typed.query.iter().map(by_caller));
    let body = match &typed.body {
        Body::None => quote!(None),
        body => {
            let array = matches!(body, Body::Array { .. });
            let fields = fields(t, body.fields());
            let custom = body.custom_fields() == CustomFields::Flattened;
            let form = matches!(body, Body::Form { .. });
            quote!(Some(#t::MockBody {
                array: #array,
                form: #form,
                fields: #fields,
                custom_fields: #custom,
            }))
        }
    };
    let response = match typed.response.ty() {
        None => quote!(None),
        Some(ty) => {
            let kind = kind(t, ty);
            let fields = fields(t, typed.response.fields());
            quote!(Some(#t::MockResponse {
                kind: #kind,
                fields: #fields,
            }))
        }
    };
    let example = optional_str(typed.response_example.as_deref());
    let answer = super::answer_tokens(&typed.answer);
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

/// Each parameter, and who fills it (the client fills an auth header from its credentials).
fn params<'a>(t: &TokenStream, params: impl Iterator<Item = (&'a Field, Filled)>) -> TokenStream {
    let entries = params.map(|(param, filled)| {
        let auth = filled == Filled::ByClient;
        let name = &param.wire;
        let kind = kind(t, &param.ty);
        let required = required(param.required.as_option());
        let values = param.value_texts();
        quote!(#t::MockParam { name: #name, kind: #kind, required: #required, auth: #auth, values: &[#(#values),*] })
    });
    quote!(&[#(#entries),*])
}

fn fields(t: &TokenStream, fields: &[Field]) -> TokenStream {
    let entries = fields.iter().map(|field| {
        let name = &field.wire;
        let kind = kind(t, &field.ty);
        let required = required(field.required.as_option());
        let values = field.value_texts();
        let nullable = field.nullable;
        let nested = self::fields(t, field.object_fields());
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
