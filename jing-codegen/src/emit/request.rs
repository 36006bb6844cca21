//! Request types: the struct an endpoint call takes, and the object types inside its body.
//!
//! Required members are constructor arguments (see `builder.rs`), so forgetting one is a
//! compile error; a request's members come in the order the intermediate form gives them
//! (`Typed::members`), which is so its constructor's. The struct serializes to the body (JSON, or a form of its scalar
//! members); path, query and header members are skipped by serde and handed to the client
//! by the `Endpoint` impl (`endpoint.rs`), parameters with documented values as open enums.

use jing_spec::names::reserved;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{
    Direction, Member, Place, builder, custom_fields_member, debug_derive_or_impl, field_members,
    nested_items, serde_attr,
};
use crate::docs;
use crate::ir::{Body, CustomFields, Field, ObjectType, Place as ParamPlace, RequestMember, Typed};

/// How a request-side struct is laid out on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// The request itself: a JSON object of its members, with or without custom attributes
    /// beside them, its path, query and header members skipped.
    Object(CustomFields),
    /// An object inside a request's body (a member's type, a bare array's item): a JSON
    /// object of its members that is also read from JSON (the `jing` program reads
    /// `--body` into it), strictly: a member it does not have is refused, unless custom
    /// attributes stand beside them.
    Nested(CustomFields),
    /// The JSON array of its `items` member alone (a bare-array body).
    BareArray,
}

/// The request struct of a typed endpoint, its body item type and every nested type;
/// `doc` is the endpoint's docs, `alias` its `#[doc(alias)]`.
pub(crate) fn request_types(typed: &Typed, doc: &TokenStream, alias: &TokenStream) -> TokenStream {
    // The members in the struct's order, which is its constructor's (`Typed::members`).
    let members: Vec<Member> = (typed.members().into_iter())
        .map(|member| match member {
            RequestMember::Set { field, place, .. } => {
                Member::new(field, member_place(place), Direction::Request)
            }
            RequestMember::Items(item) => items_member(item),
        })
        .collect();
    // The types inside the body: an array body's item type, nested objects, open enums.
    let mut nested = Vec::new();
    let layout = match &typed.body {
        Body::Array { item } => {
            let item_members = field_members(&item.fields, Direction::Request);
            let item_doc = docs::outer(&item.doc);
            let item_layout = Layout::Nested(item.custom_fields);
            nested.push(object_struct(
                &item.name,
                &item_doc,
                &item_members,
                item_layout,
            ));
            nested.extend(nested_request_types(&item.fields));
            Layout::BareArray
        }
        Body::Json {
            fields,
            custom_fields,
        } => {
            nested.extend(nested_request_types(fields));
            Layout::Object(*custom_fields)
        }
        Body::Form { fields } => {
            nested.extend(nested_request_types(fields));
            Layout::Object(CustomFields::Absent)
        }
        Body::None => Layout::Object(CustomFields::Absent),
    };
    // Parameters with documented values get open enums, as fields do.
    let params = typed
        .path_params
        .iter()
        .chain(&typed.query)
        .chain(typed.caller_headers());
    nested.extend(nested_request_types(params));
    let doc = quote!(#doc #alias);
    let request = object_struct(&typed.request_type, &doc, &members, layout);
    quote! {
        #request
        #(#nested)*
    }
}

/// Where a member of this place goes on the wire.
fn member_place(place: ParamPlace) -> Place {
    match place {
        ParamPlace::Path => Place::Path,
        ParamPlace::Query => Place::Query,
        ParamPlace::Header => Place::Header,
        ParamPlace::Body => Place::Body,
    }
}

/// The `items` member of a request whose body is a bare array of `item`s.
fn items_member(item: &ObjectType) -> Member {
    let item_ident = format_ident!("{}", item.name);
    Member {
        ident: format_ident!("{}", reserved::ITEMS),
        wire: String::new(),
        ty: quote!(Vec<#item_ident>),
        required: true,
        doc: quote! {
            /// 请求体：记录数组。 The body: an array of records.
        },
        place: Place::Items,
        scalar: None,
        secret: false,
        nullable: false,
    }
}

/// The request-side types below `fields`: plain objects with setters, and open enums.
fn nested_request_types<'a>(fields: impl IntoIterator<Item = &'a Field>) -> Vec<TokenStream> {
    nested_items(fields, |object| {
        let members = field_members(&object.fields, Direction::Request);
        let doc = docs::outer(&object.doc);
        object_struct(
            &object.name,
            &doc,
            &members,
            Layout::Nested(object.custom_fields),
        )
    })
}

/// A request-side struct with its constructor and setters.
pub(crate) fn object_struct(
    name: &str,
    doc: &TokenStream,
    members: &[Member],
    layout: Layout,
) -> TokenStream {
    let ident = format_ident!("{name}");

    // Without a required member the type has an obvious empty value.
    let default = members
        .iter()
        .all(|member| !member.required)
        .then(|| quote!(Default,));
    let (transparent, custom_fields) = match layout {
        Layout::BareArray => (Some(quote!(#[serde(transparent)])), CustomFields::Absent),
        Layout::Object(custom_fields) | Layout::Nested(custom_fields) => (None, custom_fields),
    };
    // A nested object is read from JSON too; a member it does not have is refused rather
    // than dropped, unless custom attributes take it.
    let (deserialize, strict) = match layout {
        Layout::Nested(custom_fields) => (
            Some(quote!(serde::Deserialize,)),
            (custom_fields == CustomFields::Absent).then(|| quote!(#[serde(deny_unknown_fields)])),
        ),
        Layout::Object(_) | Layout::BareArray => (None, None),
    };

    // One declaration per member, with the serde attribute that puts it in its place.
    let declarations = members.iter().map(|member| {
        let ident = member.ident.to_string();
        member.declaration(match (member.place, member.required) {
            (Place::Body, true) => serde_attr(&ident, &member.wire, quote!()),
            (Place::Body, false) => serde_attr(
                &ident,
                &member.wire,
                quote!(skip_serializing_if = "Option::is_none"),
            ),
            (Place::Items, _) => quote!(),
            (Place::Path | Place::Query | Place::Header, _) => quote!(#[serde(skip)]),
        })
    });
    let custom = custom_fields_member(custom_fields, Direction::Request);
    let methods = builder::builder_methods(&ident, members, custom_fields);
    let (debug, debug_impl) = debug_derive_or_impl(&ident, members, custom_fields);

    quote! {
        #doc
        #[derive(#debug Clone, PartialEq, #default #deserialize serde::Serialize)]
        #transparent
        #strict
        #[non_exhaustive]
        pub struct #ident {
            #(#declarations)*
            #custom
        }

        #debug_impl

        #methods
    }
}
