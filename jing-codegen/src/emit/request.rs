//! Request types: the struct an endpoint call takes, and the object types inside its body.
//!
//! Required members are constructor arguments (see `builder.rs`), so forgetting one is a
//! compile error. The struct serializes to the body (JSON, or a form of its scalar
//! members); path, query and header members are skipped by serde and handed to the client
//! by the `Endpoint` impl (`endpoint.rs`), parameters with documented values as open enums.

use jing_spec::names::{reserved, types};
use jing_spec::{Endpoint, Field, Param, Shape};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::docs::ParamKind;

use super::{
    CustomFields, Direction, Member, Place, builder, custom_fields_member, debug_derive_or_impl,
    field_members, nested_items, serde_attr,
};

/// How a request-side struct is laid out on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// A JSON object of its members, with or without custom attributes beside them.
    Object(CustomFields),
    /// The JSON array of its `items` member alone (a bare-array body).
    BareArray,
}

/// The request struct of a typed endpoint, its body item type and every nested type.
pub(crate) fn request_types(
    endpoint: &Endpoint,
    doc: &TokenStream,
    alias: &TokenStream,
) -> TokenStream {
    let name = types::request(endpoint);
    // Path parameters come first: they name the record the call is about.
    let mut members: Vec<Member> = endpoint
        .path_params
        .iter()
        .map(|param| Member::from_param(&name, param, ParamKind::Path))
        .collect();
    let mut nested = Vec::new();
    let layout = match &endpoint.body {
        Some(body) if body.shape == Shape::Array => {
            let item = types::body_item(endpoint);
            let item_ident = format_ident!("{item}");
            members.push(Member {
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
            });
            let item_doc = quote! {
                /// 批量请求中的一条记录。 One record of the batch request.
            };
            let item_members = field_members(&item, &body.fields, Direction::Request);
            let item_layout = Layout::Object(CustomFields::from_spec(body.custom_fields));
            nested.push(object_struct(&item, &item_doc, &item_members, item_layout));
            nested.extend(nested_request_types(&item, &body.fields));
            Layout::BareArray
        }
        Some(body) => {
            members.extend(field_members(&name, &body.fields, Direction::Request));
            nested.extend(nested_request_types(&name, &body.fields));
            Layout::Object(CustomFields::from_spec(body.custom_fields))
        }
        None => Layout::Object(CustomFields::Absent),
    };
    members.extend(
        endpoint
            .query
            .iter()
            .map(|param| Member::from_param(&name, param, ParamKind::Query)),
    );
    let headers = endpoint.headers.iter().filter(|param| !param.auth);
    members.extend(headers.map(|param| Member::from_param(&name, param, ParamKind::Header)));
    // Parameters with documented values get open enums, as fields do.
    let params: Vec<Field> = endpoint
        .path_params
        .iter()
        .chain(&endpoint.query)
        .chain(endpoint.headers.iter().filter(|param| !param.auth))
        .map(Param::as_field)
        .collect();
    nested.extend(nested_request_types(&name, &params));
    let doc = quote!(#doc #alias);
    let request = object_struct(&name, &doc, &members, layout);
    quote! {
        #request
        #(#nested)*
    }
}

/// The request-side types below `fields`: plain objects with setters, and open enums.
fn nested_request_types(owner: &str, fields: &[Field]) -> Vec<TokenStream> {
    nested_items(owner, fields, |name, doc, fields| {
        let members = field_members(name, fields, Direction::Request);
        object_struct(name, doc, &members, Layout::Object(CustomFields::Absent))
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
        Layout::Object(custom_fields) => (None, custom_fields),
    };

    // One declaration per member, with the serde attribute that puts it in its place.
    let declarations = members.iter().map(|member| {
        member.declaration(match (member.place, member.required) {
            (Place::Body, true) => serde_attr(&member.wire, quote!()),
            (Place::Body, false) => serde_attr(
                &member.wire,
                quote!(skip_serializing_if = "Option::is_none"),
            ),
            (Place::Items, _) => quote!(),
            (Place::Path | Place::Query | Place::Header, _) => quote!(#[serde(skip)]),
        })
    });
    let custom = custom_fields_member(custom_fields, Direction::Request);
    let methods = builder::builder_methods(&ident, members, custom_fields);
    let (debug, debug_impl) =
        debug_derive_or_impl(&ident, members, custom_fields != CustomFields::Absent);

    quote! {
        #doc
        #[derive(#debug Clone, PartialEq, #default serde::Serialize)]
        #transparent
        #[non_exhaustive]
        pub struct #ident {
            #(#declarations)*
            #custom
        }

        #debug_impl

        #methods
    }
}
