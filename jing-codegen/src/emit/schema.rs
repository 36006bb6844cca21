//! The one description of a typed endpoint (`jing_api::schema::EndpointSchema`): method,
//! path, docs, body, every parameter with its place, kind, required flag, documented values
//! and credential, limits, auth, answer, the members of the answer's data and token role. The `Endpoint` impl holds it as
//! `SCHEMA`; the mock's and the CLI's tables point at it and add only their own facts.

use jing_spec::{AuthMode, Credential, RateLimit, Role, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{answer_tokens, method_tokens};
use crate::ir::{Answer, Body, CustomFields, Endpoint, Field, Filled, Group, Place, Typed};

/// `jing_api::schema::EndpointSchema::new(..).with_..(..)`: the schema's value.
pub(crate) fn schema_value(group: &Group, endpoint: &Endpoint, typed: &Typed) -> TokenStream {
    let s = quote!(jing_api::schema);
    let (name, group_key, path) = (&endpoint.name, &group.key, &typed.path);
    let method = method_tokens(typed.method);
    let (title_zh, title_en, summary) = (&endpoint.title.zh, &endpoint.title.en, &typed.summary);
    let doc_url = endpoint
        .doc_url
        .as_ref()
        .map(|url| quote!(.with_doc_url(#url)));
    // The body's shape, said only where there is one.
    let body = match &typed.body {
        Body::None => None,
        Body::Json { .. } => Some(quote!(Object)),
        Body::Array { .. } => Some(quote!(Array)),
        Body::Form { .. } => Some(quote!(Form)),
    }
    .map(|shape| {
        let custom = typed.body.custom_fields() == CustomFields::Flattened;
        quote!(.with_body(#s::Body::#shape, #custom))
    });
    let params = schema_params(typed);
    let rate_limit = rate_limit_tokens(&endpoint.rate_limit);
    let auth = (typed.auth == AuthMode::None).then(|| quote!(.without_auth()));
    let idempotent = typed.idempotent.then(|| quote!(.idempotent()));
    let answer = match &typed.answer {
        Answer::Envelope => None,
        Answer::Other(_) => {
            let answer = answer_tokens(&typed.answer);
            Some(quote!(.with_answer(#answer)))
        }
    };
    let response = typed.response.ty().map(|ty| {
        let kind = kind_tokens(ty);
        let fields = response_members(typed.response.fields());
        quote!(.with_response(#s::Response::new(#kind, &[#(#fields),*])))
    });
    let token_role = typed.token.as_ref().map(|token| match token.role {
        Role::GetAccessToken => quote!(.with_token_role(#s::TokenRole::GetAccessToken)),
        Role::RefreshToken => quote!(.with_token_role(#s::TokenRole::RefreshToken)),
    });
    quote! {
        #s::EndpointSchema::new(#name, #group_key, #method, #path)
            .with_docs(#title_zh, #title_en, #summary)
            #doc_url
            #body
            .with_params(&[#(#params),*])
            .with_rate_limit(#rate_limit)
            #auth
            #idempotent
            #answer
            #response
            #token_role
    }
}

/// Every parameter of the schema, in its order: path, query, headers, then the body's
/// members (the flags of the `jing` command point into it by position).
fn schema_params(typed: &Typed) -> Vec<TokenStream> {
    typed
        .params()
        .map(|param| param_value(param.field, param.place, param.filled))
        .collect()
}

/// `jing_api::schema::Param::new(..).with_..(..)` of one parameter or member.
fn param_value(field: &Field, place: Place, filled: Filled) -> TokenStream {
    let s = quote!(jing_api::schema);
    let name = &field.wire;
    let place = match place {
        Place::Path => quote!(Path),
        Place::Query => quote!(Query),
        Place::Header => quote!(Header),
        Place::Body => quote!(Body),
    };
    let kind = kind_tokens(&field.ty);
    let required = field
        .required
        .as_option()
        .map(|required| quote!(.with_required(#required)));
    let values = field.value_texts();
    let values = (!values.is_empty()).then(|| quote!(.with_values(&[#(#values),*])));
    let credential = field.credential.map(|credential| {
        let variant = format_ident!("{}", credential_variant(credential));
        quote!(.with_credential(#s::Credential::#variant))
    });
    let secret = field.secret.then(|| quote!(.secret()));
    let nullable = field.nullable.then(|| quote!(.nullable()));
    let by_client = (filled == Filled::ByClient).then(|| quote!(.filled_by_client()));
    let nested = field.object_fields();
    let fields = (!nested.is_empty()).then(|| {
        let members = nested
            .iter()
            .map(|member| param_value(member, Place::Body, Filled::ByCaller));
        quote!(.with_fields(&[#(#members),*]))
    });
    quote! {
        #s::Param::new(#name, #s::Place::#place, #kind)
            #required #values #credential #secret #nullable #by_client #fields
    }
}

fn credential_variant(credential: Credential) -> &'static str {
    match credential {
        Credential::AppId => "AppId",
        Credential::AppSecret => "AppSecret",
        Credential::AccessToken => "AccessToken",
        Credential::RefreshToken => "RefreshToken",
        Credential::ExpiresIn => "ExpiresIn",
    }
}

/// Each member of an answer's `data`, as a parameter in the body's place (name, kind,
/// required flag, values, credential, nullability, nested members).
fn response_members(fields: &[Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|field| param_value(field, Place::Body, Filled::ByCaller))
        .collect()
}

/// `jing_api::schema::Kind::..` of a spec type.
pub(crate) fn kind_tokens(ty: &TypeRef) -> TokenStream {
    let s = quote!(jing_api::schema);
    match ty {
        TypeRef::String => quote!(#s::Kind::String),
        TypeRef::Integer => quote!(#s::Kind::Integer),
        TypeRef::U64 => quote!(#s::Kind::Unsigned),
        TypeRef::Number => quote!(#s::Kind::Number),
        TypeRef::Boolean => quote!(#s::Kind::Boolean),
        TypeRef::Any => quote!(#s::Kind::Any),
        TypeRef::Object => quote!(#s::Kind::Object),
        TypeRef::Array(item) => {
            let item = kind_tokens(item);
            quote!(#s::Kind::Array(&#item))
        }
        TypeRef::Map(value) => {
            let value = kind_tokens(value);
            quote!(#s::Kind::Map(&#value))
        }
    }
}

/// The path of a typed endpoint's schema static in its crate's catalogue
/// (`jing_api::catalogue::CREATE_CUSTOMER`), the catalogue named through `types`
/// (`jing_api`, or `crate` inside jing-api and the fixture).
pub(crate) fn schema_ref(types: &TokenStream, typed: &Typed) -> TokenStream {
    let constant = format_ident!("{}", typed.schema_const);
    quote!(#types::catalogue::#constant)
}

/// `pub static CREATE_CUSTOMER: EndpointSchema = …;`: a typed endpoint's schema, in the
/// catalogue (compiled whatever groups are on). A static, not a const: one address that
/// every reference shares, by which a client knows the typed calls of its own spec.
pub(crate) fn schema_const(group: &Group, endpoint: &Endpoint, typed: &Typed) -> TokenStream {
    let constant = format_ident!("{}", typed.schema_const);
    let value = schema_value(group, endpoint, typed);
    let doc = format!(
        "「{}」{} 的描述。 The schema of {}.",
        endpoint.title.zh, endpoint.title.en, endpoint.name
    );
    quote! {
        #[doc = #doc]
        pub static #constant: jing_api::schema::EndpointSchema = #value;
    }
}

/// The list of every typed endpoint's schema, in the spec's order.
pub(crate) fn schema_list(api: &crate::ir::Api) -> TokenStream {
    let entries = api.typed().map(|(_, _, typed)| {
        let constant = format_ident!("{}", typed.schema_const);
        quote!(&#constant)
    });
    quote! {
        /// 每个类型化接口的描述，按规格顺序。 The schema of every typed endpoint, in the spec's order.
        pub static SCHEMAS: &[&jing_api::schema::EndpointSchema] = &[#(#entries),*];
    }
}

/// `jing_api::schema::RateLimit { .. }` of an endpoint's documented limits (`None` where unknown).
pub(crate) fn rate_limit_tokens(limit: &RateLimit) -> TokenStream {
    let per_second = option_tokens(limit.per_second);
    let per_day = option_tokens(limit.per_day);
    quote!(jing_api::schema::RateLimit {
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
