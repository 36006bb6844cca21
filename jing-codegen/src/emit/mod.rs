//! One module per emitted item kind. Each maps the intermediate form (`crate::ir`) to
//! tokens; none derives a name, formats, writes or fails. Shared here, below every emitter
//! and calling none of them: the struct member as the struct emitters see it, the nested
//! types below some members, and the one spelling of types, methods, statuses and answers
//! in tokens. `pages.rs` composes the doc pages made of many items (module headings and
//! tables).

pub(crate) mod builder;
pub(crate) mod cli;
pub(crate) mod endpoint;
pub(crate) mod enums;
pub(crate) mod event_impl;
pub(crate) mod example;
pub(crate) mod mock;
pub(crate) mod module;
pub(crate) mod pages;
pub(crate) mod probe;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod schema;
pub(crate) mod webhook;

use jing_spec::names::reserved;
use jing_spec::{AnswerCode, Credential, HttpMethod, Status, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::docs;
use crate::ir::{Answer, CustomFields, Field, NestedRef, ObjectType, RustType, nested_types};

/// Which way a type travels, which decides its serde attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Sent to the API.
    Request,
    /// Received from the API.
    Response,
}

/// Where a request member goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A member of the JSON object.
    Body,
    /// The whole JSON body (the items of a bare-array body).
    Items,
    /// A path parameter (`{name}` of the path).
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
}

/// One member of a generated struct.
pub(crate) struct Member {
    pub(crate) ident: Ident,
    pub(crate) wire: String,
    /// The type when present (without `Option`).
    pub(crate) ty: TokenStream,
    pub(crate) required: bool,
    pub(crate) doc: TokenStream,
    pub(crate) place: Place,
    /// The spec type when the member is a plain scalar (not an enum or object), which a
    /// response reads leniently.
    pub(crate) scalar: Option<TypeRef>,
    /// A credential the spec marks as secret (app secret, access or refresh token): the
    /// type's `Debug` shows `[REDACTED]` in its place.
    pub(crate) secret: bool,
    /// A response member that may be `null` where it is present: stored as an `Option`
    /// even when required (present).
    pub(crate) nullable: bool,
}

impl Member {
    /// The member of `field` in `place`, travelling `direction` (a response member may be
    /// `null`).
    pub(crate) fn new(field: &Field, place: Place, direction: Direction) -> Member {
        Member {
            ident: format_ident!("{}", field.ident),
            wire: field.wire.clone(),
            ty: rust_type(&field.rust),
            required: field.is_required(),
            doc: docs::outer(&field.doc),
            place,
            scalar: field.plain_scalar().cloned(),
            secret: field.credential.is_some_and(Credential::is_secret),
            nullable: direction == Direction::Response && field.nullable,
        }
    }

    /// `#doc #serde pub ident: Type,`, with the serde attribute the calling emitter chose.
    pub(crate) fn declaration(&self, serde: TokenStream) -> TokenStream {
        let (doc, ident, stored) = (&self.doc, &self.ident, self.stored_type());
        quote! {
            #doc
            #serde
            pub #ident: #stored,
        }
    }

    /// The reader of `jing_api::lenient::checked` that decodes this member in a response:
    /// the other JSON form is read (`"3"` for 3), a value of another kind is an error.
    pub(crate) fn checked_reader(&self) -> Option<String> {
        let kind = match self.scalar.as_ref()? {
            TypeRef::String => "string",
            TypeRef::Integer => "integer",
            TypeRef::U64 => "unsigned",
            TypeRef::Number => "number",
            TypeRef::Boolean => "boolean",
            _ => return None,
        };
        let required = if self.required && !self.nullable {
            "required_"
        } else {
            ""
        };
        Some(format!("jing_api::lenient::checked::{required}{kind}"))
    }

    /// The type as stored: optional and nullable members are `Option`.
    pub(crate) fn stored_type(&self) -> TokenStream {
        let ty = &self.ty;
        if self.required && !self.nullable {
            ty.clone()
        } else {
            quote!(Option<#ty>)
        }
    }
}

/// `#[serde(...)]` for a member named `ident` whose wire name is `wire`: `rename` only
/// where the two differ (serde otherwise uses the member's own name), then the `rest` of
/// the arguments; nothing at all when there is nothing to say.
pub(crate) fn serde_attr(ident: &str, wire: &str, rest: TokenStream) -> TokenStream {
    let rename = (ident != wire).then(|| quote!(rename = #wire,));
    if rename.is_none() && rest.is_empty() {
        return quote!();
    }
    quote!(#[serde(#rename #rest)])
}

/// The members of an object's `fields` (body members), travelling `direction`.
pub(crate) fn field_members(fields: &[Field], direction: Direction) -> Vec<Member> {
    fields
        .iter()
        .map(|field| Member::new(field, Place::Body, direction))
        .collect()
}

/// The custom-attribute map that sits beside the preset fields of CRM objects, when the
/// struct has one.
pub(crate) fn custom_fields_member(
    custom_fields: CustomFields,
    direction: Direction,
) -> Option<TokenStream> {
    if custom_fields == CustomFields::Absent {
        return None;
    }
    let serde = match direction {
        Direction::Request => quote!(#[serde(flatten)]),
        Direction::Response => quote!(#[serde(flatten, default)]),
    };
    let ident = format_ident!("{}", reserved::CUSTOM_FIELDS);
    Some(quote! {
        /// 自定义属性：与预设字段同级，以属性编码为键。 Custom attributes: sent and received at the same level as the preset fields, keyed by attribute code.
        #serde
        pub #ident: std::collections::BTreeMap<String, serde_json::Value>,
    })
}

/// The `Debug` of a struct: derived, unless a member carries a secret; then written out
/// with `[REDACTED]` for each secret member that holds a value, so `{:?}`, `dbg!` and
/// `tracing` never show one.
pub(crate) fn debug_derive_or_impl(
    ident: &Ident,
    members: &[Member],
    custom_fields: CustomFields,
) -> (TokenStream, Option<TokenStream>) {
    if !members.iter().any(|member| member.secret) {
        return (quote!(Debug,), None);
    }
    let name = ident.to_string();
    let fields = members.iter().map(|member| {
        let (field, wire) = (&member.ident, &member.ident.to_string());
        if member.secret {
            let shown = if member.required {
                quote!(&"[REDACTED]")
            } else {
                quote!(&self.#field.as_ref().map(|_| "[REDACTED]"))
            };
            quote!(.field(#wire, #shown))
        } else {
            quote!(.field(#wire, &self.#field))
        }
    });
    let custom = (custom_fields == CustomFields::Flattened).then(|| {
        let field = format_ident!("{}", reserved::CUSTOM_FIELDS);
        let wire = reserved::CUSTOM_FIELDS;
        quote!(.field(#wire, &self.#field))
    });
    let debug = quote! {
        impl std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name)
                    #(#fields)*
                    #custom
                    .finish()
            }
        }
    };
    (quote!(), Some(debug))
}

/// The tokens of every nested type below `fields`: each object through `object` (the
/// calling emitter's own struct), each enum as an open enum, which is the same on every
/// side.
pub(crate) fn nested_items<'a>(
    fields: impl IntoIterator<Item = &'a Field>,
    object: impl Fn(&ObjectType) -> TokenStream,
) -> Vec<TokenStream> {
    nested_types(fields)
        .into_iter()
        .map(|nested| match nested {
            NestedRef::Object(nested_object) => object(nested_object),
            NestedRef::Enum(enumeration) => enums::enum_type(enumeration),
        })
        .collect()
}

/// The tokens of a Rust type.
pub(crate) fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(String),
        RustType::I64 => quote!(i64),
        RustType::U64 => quote!(u64),
        RustType::F64 => quote!(f64),
        RustType::Bool => quote!(bool),
        RustType::Json => quote!(serde_json::Value),
        RustType::Named(name) => {
            let ident = format_ident!("{name}");
            quote!(#ident)
        }
        RustType::Vec(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        RustType::Map(inner) => {
            let inner = rust_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
    }
}

/// `jing_api::schema::Method::<method>`: the one spelling of an HTTP method in generated code.
pub(crate) fn method_tokens(method: HttpMethod) -> TokenStream {
    let variant = match method {
        HttpMethod::Get => quote!(Get),
        HttpMethod::Post => quote!(Post),
        HttpMethod::Put => quote!(Put),
        HttpMethod::Delete => quote!(Delete),
        HttpMethod::Patch => quote!(Patch),
    };
    quote!(jing_api::schema::Method::#variant)
}

/// `jing_api::Status::<status>`.
pub(crate) fn status_tokens(status: Status) -> TokenStream {
    let variant = match status {
        Status::Documented => quote!(Documented),
        Status::Partial => quote!(Partial),
        Status::Catalogued => quote!(Catalogued),
    };
    quote!(jing_api::Status::#variant)
}

/// `jing_api::Answer { … }`: how an endpoint's answer says success and where its data is
/// (`jing_api::Answer::JING` for the Jing envelope).
pub(crate) fn answer_tokens(answer: &Answer) -> TokenStream {
    let Answer::Other(jing_spec::Answer {
        code,
        success,
        message,
        data,
    }) = answer
    else {
        return quote!(jing_api::Answer::JING);
    };
    let success = match success {
        Some(AnswerCode::Integer(number)) => quote!(jing_api::Success::Integer(#number)),
        Some(AnswerCode::Text(text)) => quote!(jing_api::Success::Text(#text)),
        Some(AnswerCode::Boolean(flag)) => quote!(jing_api::Success::Boolean(#flag)),
        None => quote!(jing_api::Success::Any),
    };
    let (code, message, data) = (
        optional_str(code.as_deref()),
        optional_str(message.as_deref()),
        optional_str(data.as_deref()),
    );
    quote! {
        jing_api::Answer { code: #code, success: #success, message: #message, data: #data }
    }
}

/// `Some("text")` or `None`.
pub(crate) fn optional_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}
