//! The webhook module: the runtime re-exported, payload structs decoded leniently, the
//! `Event` enum over every recognisable event, its decoder, and the catalogue of every event
//! page; what plugs `Event` into the runtime is `event_impl.rs`'s.
//!
//! Nothing here can reject a JSON body: every member is optional and decoded through
//! `jing_api::lenient`, which turns a value of an unexpected type into `None`
//! (the whole body stays in `Received::raw`), and an event nobody listed is
//! `Event::Unknown`.

use jing_spec::TypeRef;
use jing_spec::names::reserved;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{event_impl, nested_items, pages, rust_type, serde_attr, status_tokens};
use crate::docs;
use crate::ir::{Base, EventPage, Field, Nested, Shape, Webhooks};

/// The generated `webhook` module.
pub(crate) fn webhook_module(webhooks: &Webhooks) -> TokenStream {
    let module_doc = pages::webhook_module_doc(webhooks);

    let shapes = webhooks.shapes.iter().map(shape_struct);
    let event = event_enum(webhooks);
    let entries = webhooks.pages.iter().map(catalogue_entry);
    let webhook_event = event_impl::webhook_event_impl();
    let runtime_items = event_impl::runtime_items();
    quote! {
        #module_doc
        //!
        //! 运行时（与规格无关的部分）见 `jing_api::webhook_runtime`，此处全部再导出。 The runtime (what does not depend on the spec: `NotJson`, `FieldChange`, `parse_time`, the `WebhookEvent` trait, …) is `jing_api::webhook_runtime`, re-exported here whole.

        #[doc(inline)]
        pub use jing_api::webhook_runtime::*;

        #(#shapes)*
        #event
        #webhook_event

        /// 文档中的全部事件页，按文档顺序排列（包括无法识别的仅编目事件）。 Every event page of the docs, in the docs' order, including catalogued ones that cannot be recognised yet.
        pub static EVENTS: &[jing_api::webhook_runtime::EventEntry] = &[#(#entries),*];

        #runtime_items
    }
}

/// One payload struct, its base flattened in, and its nested types.
fn shape_struct(shape: &Shape) -> TokenStream {
    let doc = docs::outer(&shape.doc);
    let payload = lenient_struct(&shape.name, &doc, shape.base.as_ref(), &shape.fields);
    let nested = nested_items(&shape.fields, |object| {
        lenient_struct(
            &object.name,
            &docs::outer(&object.doc),
            None,
            &object.fields,
        )
    });
    quote!(#payload #(#nested)*)
}

/// A webhook struct named `name`: `base` flattened in, then every field read leniently.
fn lenient_struct(
    name: &str,
    doc: &TokenStream,
    base: Option<&Base>,
    fields: &[Field],
) -> TokenStream {
    let ident = format_ident!("{name}");
    let base = base.map(|base| {
        let member = format_ident!("{}", base.member);
        let base_type = format_ident!("{}", base.type_name);
        let line = &base.doc;
        quote! {
            #[doc = #line]
            #[serde(flatten)]
            pub #member: #base_type,
        }
    });
    let members = fields.iter().map(lenient_member);
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #ident {
            #base
            #(#members)*
        }
    }
}

/// A member that is `None` when absent, `null`, or of a type it cannot be read as.
fn lenient_member(field: &Field) -> TokenStream {
    let ident = format_ident!("{}", field.ident);
    let wire = &field.wire;
    let doc = docs::outer(&field.doc);
    let enumeration = matches!(field.nested, Some(Nested::Enum(_)));
    let (ty, reader) = match (&field.nested, &field.ty) {
        (Some(Nested::Shape(_)), _) => (rust_type(&field.rust), Some("value")),
        (_, TypeRef::String) if !enumeration => (quote!(String), Some("string")),
        (_, TypeRef::Integer) => (quote!(i64), Some("integer")),
        (_, TypeRef::Number) => (quote!(f64), Some("number")),
        (_, TypeRef::Boolean) => (quote!(bool), Some("boolean")),
        // `Option<Value>` reads `null` as `None` and anything else as itself.
        (_, TypeRef::Any) => (quote!(serde_json::Value), None),
        (_, _) => (rust_type(&field.rust), Some("value")),
    };
    let reader = reader.map(|reader| {
        let path = format!("jing_api::lenient::{reader}");
        quote!(deserialize_with = #path,)
    });
    let serde = serde_attr(
        &field.ident,
        wire,
        quote!(default, #reader skip_serializing_if = "Option::is_none"),
    );
    quote! {
        #doc
        #serde
        pub #ident: Option<#ty>,
    }
}

/// `Event`, its decoder and its accessors.
fn event_enum(webhooks: &Webhooks) -> TokenStream {
    let event = format_ident!("{}", reserved::EVENT_ENUM);
    let unknown = format_ident!("{}", reserved::UNKNOWN_EVENT);
    let common = format_ident!("{}", webhooks.common);
    let declarations = webhooks.variants.iter().map(|variant| {
        let doc = pages::variant_doc(variant, &webhooks.common);
        let ident = format_ident!("{}", variant.name);
        let payload = format_ident!("{}", variant.payload);
        quote! {
            #doc
            #ident(jing_api::webhook_runtime::Received<#payload>),
        }
    });
    let doc = pages::event_doc(webhooks);
    let decoder = event_decoder(webhooks);
    let accessors = event_accessors(webhooks);
    let forwarding = event_impl::forwarding_methods();
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #event {
            #(#declarations)*
            /// 未列出的事件：解析共有成员，原始 JSON 完整保留。 An event nobody listed: the common members are parsed, and the raw JSON is kept whole.
            #unknown(jing_api::webhook_runtime::Received<#common>),
        }

        impl #event {
            #decoder
            #accessors
            #forwarding
        }
    }
}

/// `Event::from_value`: `event_type` and `object_name` to a variant, anything else
/// `Unknown`.
fn event_decoder(webhooks: &Webhooks) -> TokenStream {
    let event = format_ident!("{}", reserved::EVENT_ENUM);
    let unknown = format_ident!("{}", reserved::UNKNOWN_EVENT);
    let arms = webhooks.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let event_type = &variant.event_type;
        let object = match &variant.object_name {
            Some(object) => quote!(Some(#object)),
            None => quote!(_),
        };
        quote! {
            (Some(#event_type), #object) => {
                |raw| #event::#ident(jing_api::webhook_runtime::Received::decode(raw))
            }
        }
    });
    quote! {
        /// 从已解析的 JSON 识别事件；任何 JSON 值都能得到一个事件，不会失败。 Recognises the event in parsed JSON. Never fails: any JSON value gives an event.
        pub fn from_value(raw: serde_json::Value) -> #event {
            let event_type = raw.get("event_type").and_then(serde_json::Value::as_str);
            let object_name = raw
                .get("extra_data")
                .and_then(|extra| extra.get("object_name"))
                .and_then(serde_json::Value::as_str);
            let decode: fn(serde_json::Value) -> #event = match (event_type, object_name) {
                #(#arms)*
                _ => |raw| #event::#unknown(jing_api::webhook_runtime::Received::decode(raw)),
            };
            decode(raw)
        }
    }
}

/// `Event::common`, `raw` and `variant_name`.
fn event_accessors(webhooks: &Webhooks) -> TokenStream {
    let event = format_ident!("{}", reserved::EVENT_ENUM);
    let (unknown, unknown_text) = (
        format_ident!("{}", reserved::UNKNOWN_EVENT),
        reserved::UNKNOWN_EVENT,
    );
    let common = format_ident!("{}", webhooks.common);
    let common_arms = webhooks.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let path = variant
            .common_path
            .iter()
            .map(|member| format_ident!("{member}"));
        quote!(#event::#ident(received) => &received.payload #(.#path)*,)
    });
    let variant_names: Vec<_> = webhooks
        .variants
        .iter()
        .map(|variant| format_ident!("{}", variant.name))
        .collect();
    let name_texts = webhooks.variants.iter().map(|variant| &variant.name);
    quote! {
        /// 所有事件共有的顶层成员。 The top-level members every event shares.
        pub fn common(&self) -> &#common {
            match self {
                #(#common_arms)*
                #event::#unknown(received) => &received.payload,
            }
        }

        /// 收到的完整 JSON，包括未知成员。 The JSON as received, whole, unknown members included.
        pub fn raw(&self) -> &serde_json::Value {
            match self {
                #(#event::#variant_names(received) => &received.raw,)*
                #event::#unknown(received) => &received.raw,
            }
        }

        /// 变体名；未列出的事件为 `"Unknown"`。 The variant's name as written in Rust; `"Unknown"` for an event nobody listed.
        pub fn variant_name(&self) -> &'static str {
            match self {
                #(#event::#variant_names(_) => #name_texts,)*
                #event::#unknown(_) => #unknown_text,
            }
        }
    }
}

fn catalogue_entry(page: &EventPage) -> TokenStream {
    let group_key = &page.group_key;
    let (title_zh, title_en) = (&page.title.zh, &page.title.en);
    let status = status_tokens(page.status);
    let setters = [
        ("with_doc_url", page.doc_url.as_deref()),
        ("with_event_type", page.event_type.as_deref()),
        ("with_object_name", page.object_name.as_deref()),
        ("with_variant", page.variant.as_deref()),
    ]
    .into_iter()
    .filter_map(|(setter, value)| {
        let setter = format_ident!("{setter}");
        value.map(|value| quote!(.#setter(#value)))
    });
    quote! {
        jing_api::webhook_runtime::EventEntry::new(#group_key, #title_zh, #title_en, #status) #(#setters)*
    }
}
