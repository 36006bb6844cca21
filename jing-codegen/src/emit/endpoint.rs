//! The `Endpoint` impl of a request type, its method on the group accessor, and the
//! `TokenRequest` impl of a token call.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::schema::schema_ref;
use crate::ir::{Field, Issued, TokenRole, Typed};

/// `impl jing_api::Endpoint for Request`: its schema (the catalogue's constant:
/// `emit/schema.rs`), and how its path, query and headers are read from the value; and the
/// seal `Endpoint` asks for (`jing_api::sealed::Sealed`), which only generated types get.
pub(crate) fn endpoint_impl(typed: &Typed, response_type: &TokenStream) -> TokenStream {
    let request = format_ident!("{}", typed.request_type);
    let schema = schema_ref(&quote!(crate), typed);

    // Path, query and header members, only when the endpoint has any.
    let path_params = (!typed.path_params.is_empty())
        .then(|| pairs_method(quote!(path_params), &typed.path_params));
    let query = (!typed.query.is_empty()).then(|| pairs_method(quote!(query), &typed.query));
    let caller_headers: Vec<&Field> = typed.caller_headers().collect();
    let headers =
        (!caller_headers.is_empty()).then(|| pairs_method(quote!(headers), caller_headers));

    quote! {
        impl jing_api::sealed::Sealed for #request {}

        impl jing_api::Endpoint for #request {
            type Response = #response_type;
            const SCHEMA: &'static jing_api::schema::EndpointSchema = &#schema;

            #path_params
            #query
            #headers
        }
    }
}

/// `fn path_params(&self)`, `fn query(&self)` or `fn headers(&self)`: the set parameters as
/// wire name and text.
fn pairs_method<'a>(
    method: TokenStream,
    params: impl IntoIterator<Item = &'a Field>,
) -> TokenStream {
    // One `Option` per parameter: always `Some` for a required one, the setter's value otherwise.
    let entries = params.into_iter().map(|param| {
        let ident = format_ident!("{}", param.ident);
        let wire = &param.wire;
        if param.is_required() {
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

/// The method of the group accessor that sends the typed call's request.
pub(crate) fn accessor_method(
    typed: &Typed,
    doc: &TokenStream,
    response_type: &TokenStream,
) -> TokenStream {
    let method = format_ident!("{}", typed.method_name);
    let request = format_ident!("{}", typed.request_type);
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
/// the new tokens, through the members the spec marks with `credential`.
pub(crate) fn token_request_impl(typed: &Typed, token: &TokenRole) -> TokenStream {
    let request = format_ident!("{}", typed.request_type);
    let source = |credential: &jing_spec::Credential| {
        let method = format_ident!("{}", credential.as_str());
        quote!(credentials.#method())
    };

    // Required credentials are constructor arguments, the others setters.
    let arguments = token.arguments.iter().map(source);
    let setters = token.setters.iter().map(|(setter, credential)| {
        let setter = format_ident!("{setter}");
        let value = source(credential);
        quote!(.#setter(#value))
    });

    // Each token the runtime reads, from the response member marked with it, if any.
    let read = |issued: &Option<Issued>| match issued {
        Some(Issued { member, required }) => {
            let member = format_ident!("{member}");
            if *required {
                quote!(Some(data.#member))
            } else {
                quote!(data.#member)
            }
        }
        None => quote!(None),
    };
    let (access_token, refresh_token, expires_in) = (
        read(&token.access_token),
        read(&token.refresh_token),
        read(&token.expires_in),
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
