//! Open enums: the documented values as variants, plus `Other` for anything else, so a
//! value the docs did not list never fails a decode.

use jing_spec::EnumValue;
use jing_spec::names::{self, reserved};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::docs;

/// An open enum named `name` over `values`, with `as_str`, `Display`, `FromStr`, `From`
/// and string (de)serialization.
pub(crate) fn enum_type(name: &str, doc: &TokenStream, values: &[EnumValue]) -> TokenStream {
    let ident = format_ident!("{name}");
    let variants: Vec<_> = values
        .iter()
        .map(|value| format_ident!("{}", names::variant_name(&value.value)))
        .collect();
    let other = format_ident!("{}", reserved::OTHER_VARIANT);
    let wires: Vec<&str> = values.iter().map(|value| value.value.as_str()).collect();

    // Each documented value, with its own docs and the wire value.
    let declarations = values.iter().zip(&variants).map(|(value, variant)| {
        let wire_line = docs::wire_value_line(&value.value);
        let doc = docs::bilingual(&value.doc, &[wire_line]);
        quote!(#doc #variant,)
    });

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
