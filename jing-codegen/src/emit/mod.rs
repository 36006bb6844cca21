//! One module per emitted item kind. Each takes model values and returns tokens; none
//! formats, writes or fails. Shared here, below every emitter and calling none of them:
//! the struct member model, the walk over nested types (plain data each emitter maps),
//! and the one spelling of methods and statuses in tokens.

pub(crate) mod builder;
pub(crate) mod cli;
pub(crate) mod endpoint;
pub(crate) mod enums;
pub(crate) mod example;
pub(crate) mod mock;
pub(crate) mod module;
pub(crate) mod probe;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod webhook;

use jing_spec::names::{self, reserved, types};
use jing_spec::{
    Answer, AnswerCode, Credential, Doc, EnumValue, Field, HttpMethod, Param, Status, TypeRef,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::docs;
use crate::types::{field_type, has_nested_type};

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
    /// A member from a body or response field of the type named `owner`, travelling
    /// `direction` (a response member may be `null`).
    pub(crate) fn from_field(owner: &str, field: &Field, direction: Direction) -> Member {
        let mut references = vec![docs::required_line(field.required)];
        references.extend(docs::value_lines(field));
        Member {
            ident: format_ident!("{}", names::field_name(&field.name)),
            wire: field.name.clone(),
            ty: field_type(owner, field),
            required: field.required.is_required(),
            doc: docs::bilingual(&field.doc, &references),
            place: Place::Body,
            scalar: (!has_nested_type(field) && field.ty.is_scalar()).then(|| field.ty.clone()),
            secret: matches!(
                field.credential,
                Some(Credential::AppSecret | Credential::AccessToken | Credential::RefreshToken)
            ),
            nullable: direction == Direction::Response && field.nullable,
        }
    }

    /// A member from a path, query or header parameter of the request named `owner`; one
    /// with documented values is its open enum, filled in by its wire value.
    pub(crate) fn from_param(owner: &str, param: &Param, kind: docs::ParamKind) -> Member {
        let place = match kind {
            docs::ParamKind::Path => Place::Path,
            docs::ParamKind::Query => Place::Query,
            docs::ParamKind::Header => Place::Header,
        };
        let field = param.as_field();
        let mut references = vec![docs::param_line(kind, &param.name, param.required)];
        references.extend(docs::value_lines(&field));
        Member {
            ident: format_ident!("{}", names::field_name(&param.name)),
            wire: param.name.clone(),
            ty: field_type(owner, &field),
            required: param.required.is_required(),
            doc: docs::bilingual(&param.doc, &references),
            place,
            scalar: param.values.is_empty().then(|| param.ty.clone()),
            secret: false,
            nullable: false,
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

/// `#[serde(...)]` for a member whose wire name is `wire`: `rename` only where the Rust name
/// differs (serde otherwise uses the member's own name), then the `rest` of the arguments;
/// nothing at all when there is nothing to say.
pub(crate) fn serde_attr(wire: &str, rest: TokenStream) -> TokenStream {
    let rename = (names::field_name(wire) != wire).then(|| quote!(rename = #wire,));
    if rename.is_none() && rest.is_empty() {
        return quote!();
    }
    quote!(#[serde(#rename #rest)])
}

/// The members of an object type named `owner`, travelling `direction`.
pub(crate) fn field_members(owner: &str, fields: &[Field], direction: Direction) -> Vec<Member> {
    fields
        .iter()
        .map(|field| Member::from_field(owner, field, direction))
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
    custom_fields: bool,
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
    let custom = custom_fields.then(|| {
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

/// A type of its own that a field needs: a nested object or a documented enum.
pub(crate) enum NestedType<'a> {
    /// An object: its members are `fields`.
    Object {
        name: String,
        doc: &'a Doc,
        fields: &'a [Field],
    },
    /// An open enum over the documented `values`.
    Enum {
        name: String,
        doc: &'a Doc,
        values: &'a [EnumValue],
        kind: enums::EnumKind,
    },
}

/// Every nested object and enum type below `fields` of the type named `owner`, depth
/// first, as plain data: each emitter decides what a nested object becomes on its side.
pub(crate) fn nested_types<'a>(owner: &str, fields: &'a [Field]) -> Vec<NestedType<'a>> {
    let mut found = Vec::new();
    for field in fields.iter().filter(|field| has_nested_type(field)) {
        let name = types::nested(owner, field);
        if field.values.is_empty() {
            let below = nested_types(&name, &field.fields);
            found.push(NestedType::Object {
                name,
                doc: &field.doc,
                fields: &field.fields,
            });
            found.extend(below);
        } else {
            found.push(NestedType::Enum {
                name,
                doc: &field.doc,
                values: &field.values,
                kind: enums::EnumKind::of(field),
            });
        }
    }
    found
}

/// The tokens of every nested type below `fields`: each object through `object` (the
/// calling emitter's own struct, given its name, docs and members), each enum as an open
/// enum, which is the same on every side.
pub(crate) fn nested_items(
    owner: &str,
    fields: &[Field],
    object: impl Fn(&str, &TokenStream, &[Field]) -> TokenStream,
) -> Vec<TokenStream> {
    nested_types(owner, fields)
        .into_iter()
        .map(|nested| match nested {
            NestedType::Object { name, doc, fields } => {
                object(&name, &docs::bilingual(doc, &[]), fields)
            }
            NestedType::Enum {
                name,
                doc,
                values,
                kind,
            } => enums::enum_type(&name, &docs::bilingual(doc, &[]), values, kind),
        })
        .collect()
}

/// Whether a struct carries the flattened map of custom attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CustomFields {
    /// Only the spec's members.
    Absent,
    /// The spec's members and a flattened `custom_fields` map.
    Flattened,
}

impl CustomFields {
    /// What the spec's `custom_fields: true|false` means.
    pub(crate) fn from_spec(custom_fields: bool) -> Self {
        if custom_fields {
            CustomFields::Flattened
        } else {
            CustomFields::Absent
        }
    }
}

/// `jing_api::Method::<method>`: the one spelling of an HTTP method in generated code.
pub(crate) fn method_tokens(method: HttpMethod) -> TokenStream {
    let variant = match method {
        HttpMethod::Get => quote!(Get),
        HttpMethod::Post => quote!(Post),
        HttpMethod::Put => quote!(Put),
        HttpMethod::Delete => quote!(Delete),
        HttpMethod::Patch => quote!(Patch),
    };
    quote!(jing_api::Method::#variant)
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
    if answer.is_jing() {
        return quote!(jing_api::Answer::JING);
    }
    let Answer {
        code,
        success,
        message,
        data,
    } = answer;
    let success = match success {
        Some(AnswerCode::Integer(number)) => quote!(jing_api::Success::Integer(#number)),
        Some(AnswerCode::Text(text)) => quote!(jing_api::Success::Text(#text)),
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
