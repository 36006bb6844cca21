//! One module per emitted item kind. Each takes model values and returns tokens; none
//! formats, writes or fails. Shared here: the struct member model and the walk over
//! nested types, which is the same for requests and responses.

pub(crate) mod builder;
pub(crate) mod endpoint;
pub(crate) mod enums;
pub(crate) mod module;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod webhook;

use jing_spec::names::{self, types};
use jing_spec::{Field, Param, Status};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::docs;
use crate::types::{field_type, has_nested_type, rust_type};

/// Which way a type travels, which decides its derives and serde attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Sent to the API: `Serialize`, constructor and setters.
    Request,
    /// Received from the API: `Deserialize`, public fields, lenient defaults.
    Response,
    /// Received in a webhook body: every member optional and read leniently.
    Webhook,
}

/// Where a request member goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A member of the JSON object.
    Body,
    /// The whole JSON body (the items of a bare-array body).
    Items,
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
}

impl Member {
    /// A member from a body or response field of the type named `owner`.
    pub(crate) fn from_field(owner: &str, field: &Field) -> Member {
        Member {
            ident: format_ident!("{}", names::field_name(&field.name)),
            wire: field.name.clone(),
            ty: field_type(owner, field),
            required: field.required.is_required(),
            doc: docs::bilingual(&field.doc, &[docs::required_line(field.required)]),
            place: Place::Body,
        }
    }

    /// A member from a query or header parameter.
    pub(crate) fn from_param(param: &Param, place: Place) -> Member {
        let kind = match place {
            Place::Header => "请求头 Header",
            _ => "查询参数 Query parameter",
        };
        let reference = format!(
            "{kind} `{}`. {}",
            docs::escape(&param.name),
            docs::required_line(param.required)
        );
        Member {
            ident: format_ident!("{}", names::field_name(&param.name)),
            wire: param.name.clone(),
            ty: rust_type(&param.ty, None),
            required: param.required.is_required(),
            doc: docs::bilingual(&param.doc, &[reference]),
            place,
        }
    }

    /// The type as stored: optional members are `Option`.
    pub(crate) fn stored_type(&self) -> TokenStream {
        let ty = &self.ty;
        if self.required {
            ty.clone()
        } else {
            quote!(::std::option::Option<#ty>)
        }
    }
}

/// The members of an object type named `owner`.
pub(crate) fn field_members(owner: &str, fields: &[Field]) -> Vec<Member> {
    fields
        .iter()
        .map(|field| Member::from_field(owner, field))
        .collect()
}

/// The custom-attribute map that sits beside the preset fields of CRM objects.
pub(crate) fn custom_fields_member(direction: Direction) -> TokenStream {
    let serde = match direction {
        Direction::Request => quote!(#[serde(flatten)]),
        Direction::Response | Direction::Webhook => quote!(#[serde(flatten, default)]),
    };
    quote! {
        /// 自定义属性：与预设字段同级，以属性编码为键。
        ///
        /// Custom attributes: sent and received at the same level as the preset fields, keyed by attribute code.
        #serde
        pub custom_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
    }
}

/// Every nested object and enum type below `fields` of the type named `owner`, depth first.
pub(crate) fn nested_types(
    owner: &str,
    fields: &[Field],
    direction: Direction,
) -> Vec<TokenStream> {
    let mut items = Vec::new();
    for field in fields.iter().filter(|field| has_nested_type(field)) {
        let name = types::nested(owner, field);
        let doc = docs::bilingual(&field.doc, &[]);
        if field.values.is_empty() {
            let members = || field_members(&name, &field.fields);
            items.push(match direction {
                Direction::Request => request::object_struct(&name, &doc, &members(), false, false),
                Direction::Response => response::response_struct(&name, &doc, &members(), false),
                Direction::Webhook => webhook::lenient_struct(&name, &doc, None, &field.fields),
            });
            items.extend(nested_types(&name, &field.fields, direction));
        } else {
            items.push(enums::enum_type(&name, &doc, &field.values));
        }
    }
    items
}

/// `::jing_api::Status::<status>`.
pub(crate) fn status_tokens(status: Status) -> TokenStream {
    let variant = match status {
        Status::Documented => quote!(Documented),
        Status::Partial => quote!(Partial),
        Status::Catalogued => quote!(Catalogued),
    };
    quote!(::jing_api::Status::#variant)
}

/// `Some("text")` or `None`.
pub(crate) fn optional_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(::std::option::Option::Some(#text)),
        None => quote!(::std::option::Option::None),
    }
}
