//! Open enums: the documented values as variants, plus `Other` for anything else, so a
//! value the docs did not list never fails a decode. Over strings (`as_str`), or over
//! integers for the integer-coded enums of the docs (`value`).

use jing_spec::names::{self, reserved};
use jing_spec::{EnumValue, Field, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::docs;

/// What an enum's values are on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnumKind {
    /// Strings.
    Text,
    /// Integers (`1`, `2`, … each standing for something the docs describe).
    Integer,
}

impl EnumKind {
    /// The kind of a field's documented values, from its innermost type.
    pub(crate) fn of(field: &Field) -> EnumKind {
        if *field.ty.innermost() == TypeRef::Integer {
            EnumKind::Integer
        } else {
            EnumKind::Text
        }
    }
}

/// An open enum named `name` over `values` of `kind`.
pub(crate) fn enum_type(
    name: &str,
    doc: &TokenStream,
    values: &[EnumValue],
    kind: EnumKind,
) -> TokenStream {
    match kind {
        EnumKind::Text => text_enum(name, doc, values),
        EnumKind::Integer => integer_enum(name, doc, values),
    }
}

/// Each documented value as a variant declaration, with its docs and the wire value.
fn declarations(values: &[EnumValue], variants: &[proc_macro2::Ident]) -> Vec<TokenStream> {
    values
        .iter()
        .zip(variants)
        .map(|(value, variant)| {
            let wire_line = docs::wire_value_line(&value.value);
            let doc = match &value.doc {
                Some(doc) => docs::bilingual(doc, &[wire_line]),
                // The vendor does not describe the value: the docs say which it is.
                None => docs::outer(&[docs::undescribed_value_line(&value.value)]),
            };
            quote!(#doc #variant,)
        })
        .collect()
}

/// An open enum over integers, with `value`, `Display`, `FromStr`, `From` both ways and
/// integer (de)serialization.
fn integer_enum(name: &str, doc: &TokenStream, values: &[EnumValue]) -> TokenStream {
    let ident = format_ident!("{name}");
    let variants: Vec<_> = values
        .iter()
        .map(|value| format_ident!("{}", names::variant_name(&value.value)))
        .collect();
    let other = format_ident!("{}", reserved::OTHER_VARIANT);
    let numbers: Vec<TokenStream> = values
        .iter()
        .map(|value| {
            let number: i64 = value
                .value
                .parse()
                .expect("validated: the values of an integer enum are integers");
            let magnitude = proc_macro2::Literal::u64_unsuffixed(number.unsigned_abs());
            if number < 0 {
                quote!(-#magnitude)
            } else {
                quote!(#magnitude)
            }
        })
        .collect();
    let declarations = declarations(values, &variants);

    quote! {
        #doc
        ///
        /// 开放枚举（整数编码）：文档未列出的取值保存在 `Other` 中，解码不会因此失败。 An open integer-coded enum: a value the docs do not list is kept in `Other`, so decoding never fails on it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ident {
            #(#declarations)*
            /// 文档未列出的取值，原样保留。 A value the docs do not list, kept as sent.
            #other(i64),
        }

        impl #ident {
            /// 线上取值。 The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#variants => #numbers,)*
                    Self::#other(value) => value,
                }
            }
        }

        impl std::fmt::Display for #ident {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "{}", self.value())
            }
        }

        impl From<i64> for #ident {
            fn from(value: i64) -> Self {
                match value {
                    #(#numbers => Self::#variants,)*
                    _ => Self::#other(value),
                }
            }
        }

        impl From<#ident> for i64 {
            fn from(value: #ident) -> Self {
                value.value()
            }
        }

        impl std::str::FromStr for #ident {
            type Err = std::num::ParseIntError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                value.trim().parse::<i64>().map(Self::from)
            }
        }

        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // A value sent as text ("2") is read as its number, like any integer member.
                let value = jing_api::lenient::checked::required_integer(deserializer)?;
                Ok(Self::from(value))
            }
        }
    }
}

/// An open enum over strings, with `as_str`, `Display`, `FromStr`, `From` and string
/// (de)serialization.
fn text_enum(name: &str, doc: &TokenStream, values: &[EnumValue]) -> TokenStream {
    let ident = format_ident!("{name}");
    let variants: Vec<_> = values
        .iter()
        .map(|value| format_ident!("{}", names::variant_name(&value.value)))
        .collect();
    let other = format_ident!("{}", reserved::OTHER_VARIANT);
    let wires: Vec<&str> = values.iter().map(|value| value.value.as_str()).collect();

    let declarations = declarations(values, &variants);

    quote! {
        #doc
        ///
        /// 开放枚举：文档未列出的取值保存在 `Other` 中，解码不会因此失败。 An open enum: a value the docs do not list is kept in `Other`, so decoding never fails on it.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ident {
            #(#declarations)*
            /// 文档未列出的取值，原样保留。 A value the docs do not list, kept as sent.
            #other(String),
        }

        impl #ident {
            /// 线上取值。 The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#other(value) => value,
                }
            }
        }

        impl std::fmt::Display for #ident {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl From<String> for #ident {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#variants,)*
                    _ => Self::#other(value),
                }
            }
        }

        impl From<&str> for #ident {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl std::str::FromStr for #ident {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // A value sent as a number is read as its text, like any string member.
                let value = jing_api::lenient::checked::required_string(deserializer)?;
                Ok(Self::from(value))
            }
        }
    }
}
