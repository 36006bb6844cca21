//! Constructor and chained setters of request types.
//!
//! `new` takes every required member, so a missing one does not compile; each optional
//! member gets a setter named after it that takes `impl Into<T>`.

use jing_spec::names::reserved;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Member;
use crate::docs;
use crate::ir::CustomFields;

/// `impl Name { new(required..), setters.., custom_field }`.
pub(crate) fn builder_methods(
    ident: &Ident,
    members: &[Member],
    custom_fields: CustomFields,
) -> TokenStream {
    let custom_fields = custom_fields == CustomFields::Flattened;
    let (constructor, custom_map) = (
        format_ident!("{}", reserved::CONSTRUCTOR),
        format_ident!("{}", reserved::CUSTOM_FIELDS),
    );
    let (required, optional): (Vec<&Member>, Vec<&Member>) =
        members.iter().partition(|member| member.required);

    // Constructor arguments and the initializers that use them.
    let arguments = required.iter().map(|member| {
        let Member { ident, ty, .. } = member;
        quote!(#ident: impl Into<#ty>)
    });
    let initializers = members.iter().map(|member| {
        let ident = &member.ident;
        if member.required {
            quote!(#ident: #ident.into(),)
        } else {
            quote!(#ident: None,)
        }
    });
    let custom_initializer =
        custom_fields.then(|| quote!(#custom_map: std::collections::BTreeMap::new(),));
    let required_names: Vec<String> = required
        .iter()
        .map(|member| member.ident.to_string())
        .collect();
    let new_doc = docs::constructor_line(&required_names);
    // The docs decide how many members are required; the constructor must take them all.
    let many_arguments = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    // One setter per optional member, documented like the member itself.
    let setters = optional.iter().map(|member| {
        let Member { ident, ty, doc, .. } = member;
        quote! {
            #doc
            #[must_use]
            pub fn #ident(mut self, value: impl Into<#ty>) -> Self {
                self.#ident = Some(value.into());
                self
            }
        }
    });
    let custom_setter = custom_fields.then(custom_field_setter);

    quote! {
        impl #ident {
            /// 创建请求值。 Creates the value.
            ///
            #[doc = #new_doc]
            #many_arguments
            pub fn #constructor(#(#arguments),*) -> Self {
                Self {
                    #(#initializers)*
                    #custom_initializer
                }
            }

            #(#setters)*
            #custom_setter
        }
    }
}

/// The setter that adds one custom attribute to the flattened map.
fn custom_field_setter() -> TokenStream {
    let (custom_map, custom_setter_ident) = (
        format_ident!("{}", reserved::CUSTOM_FIELDS),
        format_ident!("{}", reserved::CUSTOM_FIELD_SETTER),
    );
    quote! {
        /// 设置一个自定义属性（属性编码来自「查询对象所有字段」接口）。 Sets one custom attribute; its code comes from the Get All Fields of the Object endpoint.
        #[must_use]
        pub fn #custom_setter_ident(
            mut self,
            code: impl Into<String>,
            value: impl Into<serde_json::Value>,
        ) -> Self {
            self.#custom_map.insert(code.into(), value.into());
            self
        }
    }
}
