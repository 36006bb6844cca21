//! Response types: what the envelope's `data` decodes into.
//!
//! Members the docs do not mark required are `Option` (absent or `null` is `None`), and
//! unknown members are ignored, so a server that sends more, or less, than the docs show
//! still decodes. Their `Deserialize` impl is one call of the runtime's
//! `__response_deserialize!` (a map visitor, one line per member: far less for the compiler
//! than serde's derive), and the client reads `data` through `jing_api::lenient::Coerce`, so
//! a number sent as a string (and the reverse) is read, while a value of another kind (an
//! object where a string belongs) or a missing required member stays an error. No
//! per-member reader is needed for that. A struct with flattened custom fields is the
//! exception: it keeps serde's derive, which reads its members outside any wrapper, so each
//! scalar names its `jing_api::lenient::checked` reader.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{
    Direction, Member, custom_fields_member, debug_derive_or_impl, field_members, nested_items,
    rust_type, serde_attr,
};
use crate::docs;
use crate::ir::{CustomFields, Field, Response, Typed};

/// The response types of a typed endpoint, and the Rust type of its `data`. A documented
/// empty object is an empty struct that reads any object, ignoring its members.
pub(crate) fn response_type(typed: &Typed) -> (TokenStream, TokenStream) {
    let data_type = rust_type(&typed.response_type);
    let Response::Object { object, .. } = &typed.response else {
        return (quote!(), data_type);
    };
    let members = field_members(&object.fields, Direction::Response);
    let doc = docs::outer(&object.doc);
    let data = response_struct(&object.name, &doc, &members, object.custom_fields);
    let nested = nested_response_types(&object.fields);
    (quote!(#data #(#nested)*), data_type)
}

/// The response-side types below `fields`: public structs, and open enums.
fn nested_response_types(fields: &[Field]) -> Vec<TokenStream> {
    nested_items(fields, |object| {
        let members = field_members(&object.fields, Direction::Response);
        let doc = docs::outer(&object.doc);
        response_struct(&object.name, &doc, &members, object.custom_fields)
    })
}

/// A response-side struct: public members, decoded leniently.
fn response_struct(
    name: &str,
    doc: &TokenStream,
    members: &[Member],
    custom_fields: CustomFields,
) -> TokenStream {
    let ident = format_ident!("{name}");

    // One declaration per member; absent optional members decode as `None`.
    let declarations = members.iter().map(|member| {
        let reader = match custom_fields {
            CustomFields::Flattened => member.checked_reader(),
            CustomFields::Absent => None,
        };
        // A required member that may be `null` is an `Option` written as `null`, never left
        // out: what reads the value back (jing's printed answer) requires the member.
        let rest = match (member.required, member.nullable, reader) {
            (true, false, None) => quote!(),
            (true, false, Some(reader)) => quote!(deserialize_with = #reader),
            (true, true, None) => quote!(),
            (true, true, Some(reader)) => quote!(default, deserialize_with = #reader),
            (false, _, None) => quote!(skip_serializing_if = "Option::is_none"),
            (false, _, Some(reader)) => quote!(
                default,
                deserialize_with = #reader,
                skip_serializing_if = "Option::is_none"
            ),
        };
        member.declaration(serde_attr(&member.ident.to_string(), &member.wire, rest))
    });
    let custom = custom_fields_member(custom_fields, Direction::Response);

    // Serde buffers a struct with a flattened member and reads it on its own, so that one
    // keeps the derive; every other response type gets the small impl below.
    let (derive, deserialize) = match custom_fields {
        CustomFields::Flattened => (quote!(serde::Deserialize), None),
        CustomFields::Absent if members.is_empty() => {
            (quote!(), Some(empty_deserialize_impl(&ident)))
        }
        CustomFields::Absent => (quote!(), Some(deserialize_impl(&ident, members))),
    };
    let (debug, debug_impl) = debug_derive_or_impl(&ident, members, custom_fields);
    quote! {
        #doc
        #[derive(#debug Clone, PartialEq, serde::Serialize, #derive)]
        #[non_exhaustive]
        pub struct #ident {
            #(#declarations)*
            #custom
        }

        #deserialize
        #debug_impl
    }
}

/// `impl Deserialize` of a documented empty object: any JSON object, its members ignored.
fn empty_deserialize_impl(ident: &Ident) -> TokenStream {
    quote! {
        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let _members: std::collections::BTreeMap<String, serde::de::IgnoredAny> =
                    serde::Deserialize::deserialize(deserializer)?;
                Ok(#ident {})
            }
        }
    }
}

/// `impl Deserialize` through the runtime's `__response_deserialize!` macro: a map visitor
/// that matches each member by its wire name, ignores unknown members, and reports a
/// missing required member by name. It does what the serde derive does for a JSON object,
/// in a fraction of the code the compiler has to expand and check, and in one line per
/// member here.
fn deserialize_impl(ident: &Ident, members: &[Member]) -> TokenStream {
    let expecting = format!("an object ({ident})");
    let members = members.iter().map(|member| {
        let (member_ident, wire) = (&member.ident, &member.wire);
        let kind = if member.required {
            quote!(required)
        } else {
            quote!(optional)
        };
        quote!(#kind #member_ident = #wire;)
    });
    quote! {
        jing_api::__response_deserialize! {
            #ident, #expecting;
            #(#members)*
        }
    }
}
