//! `TypeRef` to Rust type tokens.
//!
//! Nested objects and enums are named by `jing_spec::names::types::nested`; this module
//! only spells types, it never decides names.

use jing_spec::names::types;
use jing_spec::{Field, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The Rust type of `ty`, with `nested` standing in for the innermost object or enum.
pub(crate) fn rust_type(ty: &TypeRef, nested: Option<&str>) -> TokenStream {
    match ty {
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, nested);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, nested);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        scalar => match nested {
            Some(name) => {
                let ident = format_ident!("{name}");
                quote!(#ident)
            }
            None => scalar_type(scalar),
        },
    }
}

fn scalar_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Any | TypeRef::Object => quote!(serde_json::Value),
        TypeRef::Array(_) | TypeRef::Map(_) => {
            unreachable!("validated: containers are handled by rust_type")
        }
    }
}

/// Whether the field gets a nested type of its own (an object or a documented enum).
pub(crate) fn has_nested_type(field: &Field) -> bool {
    !field.fields.is_empty() || !field.values.is_empty()
}

/// The Rust type of a field owned by the type named `owner`.
pub(crate) fn field_type(owner: &str, field: &Field) -> TokenStream {
    let nested = has_nested_type(field).then(|| types::nested(owner, field));
    rust_type(&field.ty, nested.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_spell_as_expected() {
        let cases = [
            ("string", None, "String"),
            ("array<object>", Some("Identity"), "Vec<Identity>"),
            (
                "map<any>",
                None,
                "std::collections::BTreeMap<String, serde_json::Value>",
            ),
            ("array<string>", Some("Kind"), "Vec<Kind>"),
        ];
        for (spec, nested, expected) in cases {
            let ty: TypeRef = spec.parse().expect("valid type");
            let tokens = rust_type(&ty, nested).to_string().replace(' ', "");
            assert_eq!(tokens, expected.replace(' ', ""), "{spec}");
        }
    }
}
