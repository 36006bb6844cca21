//! The `Endpoint` impl of a request type, and its method on the group accessor.

use jing_spec::names::{self, types};
use jing_spec::{AuthMode, ContentType, Credential, Endpoint, Field, Param};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::method_tokens;

/// `impl jing_api::Endpoint for Request`: method, path, auth, limits, query and headers.
pub(crate) fn endpoint_impl(endpoint: &Endpoint, response_type: &TokenStream) -> TokenStream {
    let request = format_ident!("{}", types::request(endpoint));
    let name = &endpoint.name;
    let path = endpoint
        .path
        .as_deref()
        .expect("validated: a typed endpoint has a path");
    let method = method_tokens(
        endpoint
            .method
            .expect("validated: a typed endpoint has a method"),
    );
    let auth = match endpoint.auth {
        AuthMode::Headers => quote!(Headers),
        AuthMode::None => quote!(None),
    };
    let rate_limit = rate_limit_tokens(endpoint);
    let has_body = endpoint.body.is_some();
    // The encoding of the body, said only where there is one.
    let content_type = endpoint.body.as_ref().map(|body| {
        let variant = match body.content_type {
            ContentType::Json => quote!(Json),
            ContentType::Form => quote!(Form),
        };
        quote!(const CONTENT_TYPE: jing_api::ContentType = jing_api::ContentType::#variant;)
    });
    let idempotent = endpoint.idempotent || endpoint.role.is_some();

    // An answer that is not the Jing envelope says how it is read.
    let answer = endpoint
        .answer
        .as_ref()
        .filter(|answer| !answer.is_jing())
        .map(|answer| {
            let answer = super::answer_tokens(answer);
            quote!(const ANSWER: jing_api::Answer = #answer;)
        });

    // Path, query and header members, only when the endpoint has any.
    let path_params = (!endpoint.path_params.is_empty())
        .then(|| pairs_method(quote!(path_params), &endpoint.path_params));
    let query = (!endpoint.query.is_empty()).then(|| pairs_method(quote!(query), &endpoint.query));
    let caller_headers: Vec<Param> = endpoint
        .headers
        .iter()
        .filter(|param| !param.auth)
        .cloned()
        .collect();
    let headers =
        (!caller_headers.is_empty()).then(|| pairs_method(quote!(headers), &caller_headers));

    quote! {
        impl jing_api::Endpoint for #request {
            type Response = #response_type;
            const NAME: &'static str = #name;
            const METHOD: jing_api::Method = #method;
            const PATH: &'static str = #path;
            const AUTH: jing_api::Auth = jing_api::Auth::#auth;
            const RATE_LIMIT: jing_api::RateLimit = #rate_limit;
            const HAS_BODY: bool = #has_body;
            #content_type
            const IDEMPOTENT: bool = #idempotent;
            #answer

            #path_params
            #query
            #headers
        }
    }
}

/// `jing_api::RateLimit { .. }` of the endpoint's documented limits (`None` where unknown).
pub(crate) fn rate_limit_tokens(endpoint: &Endpoint) -> TokenStream {
    let limit = endpoint.rate_limit.unwrap_or(jing_spec::RateLimit {
        per_second: None,
        per_day: None,
    });
    let per_second = option_tokens(limit.per_second);
    let per_day = option_tokens(limit.per_day);
    quote!(jing_api::RateLimit {
        per_second: #per_second,
        per_day: #per_day,
    })
}

fn option_tokens(value: Option<u32>) -> TokenStream {
    match value {
        Some(count) => quote!(Some(#count)),
        None => quote!(None),
    }
}

/// `fn path_params(&self)`, `fn query(&self)` or `fn headers(&self)`: the set parameters as
/// wire name and text.
fn pairs_method(method: TokenStream, params: &[Param]) -> TokenStream {
    // One `Option` per parameter: always `Some` for a required one, the setter's value otherwise.
    let entries = params.iter().map(|param| {
        let ident = format_ident!("{}", names::field_name(&param.name));
        let wire = &param.name;
        if param.required.is_required() {
            quote!(Some((#wire, self.#ident.to_string())))
        } else {
            quote!(self.#ident.as_ref().map(|value| (#wire, value.to_string())))
        }
    });
    quote! {
        fn #method(&self) -> Vec<(&'static str, String)> {
            [#(#entries),*].into_iter().flatten().collect()
        }
    }
}

/// The method of the group accessor that sends `endpoint`'s request.
pub(crate) fn accessor_method(
    endpoint: &Endpoint,
    doc: &TokenStream,
    response_type: &TokenStream,
) -> TokenStream {
    let call = endpoint
        .call
        .as_deref()
        .expect("validated: a typed endpoint has a call name");
    let method = format_ident!("{}", names::field_name(call));
    let request = format_ident!("{}", types::request(endpoint));
    // A plain function handing back the runtime's future: no state machine per endpoint
    // for the compiler to build and check.
    quote! {
        #doc
        pub fn #method(
            &self,
            request: #request,
        ) -> impl Future<Output = Result<#response_type, jing_api::Error>> {
            self.client.send_owned(request)
        }
    }
}

/// `impl TokenRequest`: how the runtime fills a token call from its credentials and reads
/// the new tokens, through the fields the spec marks with `credential`.
pub(crate) fn token_request_impl(endpoint: &Endpoint) -> TokenStream {
    let request = format_ident!("{}", types::request(endpoint));
    let body: &[Field] = endpoint.body.as_ref().map_or(&[], |body| &body.fields);
    let response: &[Field] = endpoint
        .response
        .as_ref()
        .map_or(&[], |response| &response.fields);
    let source = |field: &Field| {
        let method = format_ident!(
            "{}",
            field
                .credential
                .expect("validated: token call fields carry credentials")
                .as_str()
        );
        quote!(credentials.#method())
    };

    // Required credentials are constructor arguments, the others setters.
    let arguments = body
        .iter()
        .filter(|field| field.required.is_required())
        .map(source);
    let setters = body
        .iter()
        .filter(|field| !field.required.is_required())
        .map(|field| {
            let setter = format_ident!("{}", names::field_name(&field.name));
            let value = source(field);
            quote!(.#setter(#value))
        });

    // Each token the runtime reads, from the response field marked with it, if any.
    let read = |credential: Credential| match response
        .iter()
        .find(|field| field.credential == Some(credential))
    {
        Some(field) => {
            let member = format_ident!("{}", names::field_name(&field.name));
            if field.required.is_required() {
                quote!(Some(data.#member))
            } else {
                quote!(data.#member)
            }
        }
        None => quote!(None),
    };
    let (access_token, refresh_token, expires_in) = (
        read(Credential::AccessToken),
        read(Credential::RefreshToken),
        read(Credential::ExpiresIn),
    );

    quote! {
        impl jing_api::auth::TokenRequest for #request {
            fn from_credentials(credentials: &jing_api::auth::TokenCredentials<'_>) -> Self {
                Self::new(#(#arguments),*) #(#setters)*
            }

            fn issued(data: Self::Response) -> jing_api::auth::IssuedToken {
                jing_api::auth::IssuedToken {
                    access_token: #access_token,
                    refresh_token: #refresh_token,
                    expires_in: #expires_in,
                }
            }
        }
    }
}
