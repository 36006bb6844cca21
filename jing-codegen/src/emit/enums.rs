//! Open enums: the documented values as variants, plus `Other` for anything else, so a
//! value the docs did not list never fails a decode. Over strings (`as_str`), or over
//! integers for the integer-coded enums of the docs (`value`).

use jing_spec::names::reserved;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::docs;
use crate::ir::{EnumType, NonEmpty, Numbered, Variant, Variants};

/// The open enum `enumeration`, over text or over integers.
pub(crate) fn enum_type(enumeration: &EnumType) -> TokenStream {
    let EnumType {
        name,
        doc,
        variants,
    } = enumeration;
    let doc = docs::outer(doc);
    match variants {
        Variants::Text(variants) => text_enum(name, &doc, variants),
        Variants::Integer(numbered) => integer_enum(name, &doc, numbered),
    }
}

/// Each documented value as a variant declaration, with its docs (which give its wire
/// value), and the variants' identifiers.
fn declarations<'a>(variants: impl Iterator<Item = &'a Variant>) -> (Vec<TokenStream>, Vec<Ident>) {
    variants
        .map(|variant| {
            let (doc, ident) = (docs::outer(&variant.doc), format_ident!("{}", variant.name));
            (quote!(#doc #ident,), ident)
        })
        .unzip()
}

/// An open enum over integers, with `value`, `Display`, `FromStr`, `From` both ways and
/// integer (de)serialization.
fn integer_enum(name: &str, doc: &TokenStream, numbered: &NonEmpty<Numbered>) -> TokenStream {
    let ident = format_ident!("{name}");
    let (declarations, variants) = declarations(numbered.iter().map(|numbered| &numbered.variant));
    let other = format_ident!("{}", reserved::OTHER_VARIANT);
    let numbers: Vec<TokenStream> = numbered
        .iter()
        .map(|numbered| {
            let magnitude = proc_macro2::Literal::u64_unsuffixed(numbered.number.unsigned_abs());
            if numbered.number < 0 {
                quote!(-#magnitude)
            } else {
                quote!(#magnitude)
            }
        })
        .collect();
    let conversions = integer_conversions(&ident);

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

        #conversions
    }
}

/// The integer enum's conversion to `i64`, and its parsing and (de)serialization through it.
fn integer_conversions(ident: &Ident) -> TokenStream {
    quote! {
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
fn text_enum(name: &str, doc: &TokenStream, values: &NonEmpty<Variant>) -> TokenStream {
    let ident = format_ident!("{name}");
    let (declarations, variants) = declarations(values.iter());
    let other = format_ident!("{}", reserved::OTHER_VARIANT);
    let wires: Vec<&str> = values.iter().map(|variant| variant.wire.as_str()).collect();

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
