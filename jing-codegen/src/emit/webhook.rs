//! The webhook module: payload structs decoded leniently, the `Event` enum over every
//! recognisable event, its decoder, and the catalogue of every event page.
//!
//! Nothing here can reject a JSON body: every member is optional and decoded through
//! `jing_api::webhook::lenient`, which turns a value of an unexpected type into `None`
//! (the whole body stays in `Received::raw`), and an event nobody listed is
//! `Event::Unknown`.

use jing_spec::names::{self, reserved, types};
use jing_spec::{EventGroup, Field, PayloadShape, TypeRef, WebhookEvent, Webhooks};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{nested_items, optional_str, serde_attr, status_tokens};
use crate::docs;
use crate::types::{has_nested_type, rust_type};

/// The generated `webhook` module.
pub(crate) fn webhook_module(webhooks: &Webhooks) -> TokenStream {
    let module_doc = docs::pages::webhook_module_doc(webhooks);

    let shapes = webhooks.shapes.iter().map(shape_struct);
    let event = event_enum(webhooks);
    let entries = webhooks
        .events()
        .map(|(group, event)| catalogue_entry(group, event));
    quote! {
        #module_doc
        #(#shapes)*
        #event

        /// 文档中的全部事件页，按文档顺序排列（包括无法识别的仅编目事件）。 Every event page of the docs, in the docs' order, including catalogued ones that cannot be recognised yet.
        pub static EVENTS: &[jing_api::webhook::EventEntry] = &[#(#entries),*];
    }
}

/// One payload struct, its base flattened in, and its nested types.
fn shape_struct(shape: &PayloadShape) -> TokenStream {
    let doc = docs::bilingual(&shape.doc, &[]);
    let payload = lenient_struct(&shape.name, &doc, shape.extends.as_deref(), &shape.fields);
    let nested = nested_items(&shape.name, &shape.fields, |name, doc, fields| {
        lenient_struct(name, doc, None, fields)
    });
    quote!(#payload #(#nested)*)
}

/// A webhook struct named `name`: `base` flattened in, then every field read leniently.
fn lenient_struct(
    name: &str,
    doc: &TokenStream,
    base: Option<&str>,
    fields: &[Field],
) -> TokenStream {
    let ident = format_ident!("{name}");
    let base = base.map(|base| {
        let member = format_ident!("{}", names::field_name(base));
        let base_type = format_ident!("{base}");
        let line = docs::flattened_base_line(base);
        quote! {
            #[doc = #line]
            #[serde(flatten)]
            pub #member: #base_type,
        }
    });
    let members = fields.iter().map(|field| lenient_member(name, field));
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
fn lenient_member(owner: &str, field: &Field) -> TokenStream {
    let ident = format_ident!("{}", names::field_name(&field.name));
    let wire = &field.name;
    let reference = docs::wire_member_line(wire);
    let doc = docs::bilingual(&field.doc, &[reference]);
    let (ty, reader) = match (&field.shape, &field.ty) {
        (Some(shape), _) => {
            let shape = format_ident!("{shape}");
            (quote!(#shape), Some("value"))
        }
        (None, TypeRef::String) if field.values.is_empty() => (quote!(String), Some("string")),
        (None, TypeRef::Integer) => (quote!(i64), Some("integer")),
        (None, TypeRef::Number) => (quote!(f64), Some("number")),
        (None, TypeRef::Boolean) => (quote!(bool), Some("boolean")),
        // `Option<Value>` reads `null` as `None` and anything else as itself.
        (None, TypeRef::Any) => (quote!(serde_json::Value), None),
        (None, ty) => {
            let nested = has_nested_type(field).then(|| types::nested(owner, field));
            (rust_type(ty, nested.as_deref()), Some("value"))
        }
    };
    let reader = reader.map(|reader| {
        let path = format!("jing_api::lenient::{reader}");
        quote!(deserialize_with = #path,)
    });
    let serde = serde_attr(
        wire,
        quote!(default, #reader skip_serializing_if = "Option::is_none"),
    );
    quote! {
        #doc
        #serde
        pub #ident: Option<#ty>,
    }
}

/// One variant: the pages it covers, how it is recognised, and its payload type.
struct Variant<'a> {
    name: String,
    event_type: &'a str,
    object_name: Option<&'a str>,
    payload: &'a str,
    pages: Vec<(&'a EventGroup, &'a WebhookEvent)>,
}

/// The variants in spec order, pages that share a variant gathered under its first one.
fn variants(webhooks: &Webhooks) -> Vec<Variant<'_>> {
    let mut variants: Vec<Variant<'_>> = Vec::new();
    for (group, event) in webhooks.events() {
        let (Some(name), Some(event_type)) = (&event.variant, &event.event_type) else {
            continue;
        };
        match variants.iter_mut().find(|variant| &variant.name == name) {
            Some(variant) => variant.pages.push((group, event)),
            None => variants.push(Variant {
                name: name.clone(),
                event_type,
                object_name: event.object_name.as_deref(),
                payload: event.payload.as_deref().unwrap_or(&webhooks.common),
                pages: vec![(group, event)],
            }),
        }
    }
    variants
}

/// `Event`, and its decoder and accessors.
fn event_enum(webhooks: &Webhooks) -> TokenStream {
    let variants = variants(webhooks);
    let event = format_ident!("{}", reserved::EVENT_ENUM);
    let (unknown, unknown_text) = (
        format_ident!("{}", reserved::UNKNOWN_EVENT),
        reserved::UNKNOWN_EVENT,
    );
    let common = format_ident!("{}", webhooks.common);
    let declarations = variants.iter().map(|variant| {
        let doc = docs::pages::variant_doc(
            &variant.pages,
            variant.event_type,
            variant.object_name,
            variant.payload,
            &webhooks.common,
        );
        let ident = format_ident!("{}", variant.name);
        let payload = format_ident!("{}", variant.payload);
        quote! {
            #doc
            #ident(jing_api::webhook::Received<#payload>),
        }
    });
    let arms = variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let event_type = variant.event_type;
        let object = match variant.object_name {
            Some(object) => quote!(Some(#object)),
            None => quote!(_),
        };
        quote! {
            (Some(#event_type), #object) => {
                |raw| #event::#ident(jing_api::webhook::Received::decode(raw))
            }
        }
    });
    let common_arms = variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let path = common_path(webhooks, variant.payload);
        quote!(#event::#ident(received) => &received.payload #(.#path)*,)
    });
    let variant_names: Vec<_> = variants
        .iter()
        .map(|variant| format_ident!("{}", variant.name))
        .collect();
    let name_texts: Vec<&str> = variants
        .iter()
        .map(|variant| variant.name.as_str())
        .collect();

    let doc = docs::pages::event_doc(webhooks);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #event {
            #(#declarations)*
            /// 未列出的事件：解析共有成员，原始 JSON 完整保留。 An event nobody listed: the common members are parsed, and the raw JSON is kept whole.
            #unknown(jing_api::webhook::Received<#common>),
        }

        impl #event {
            /// 从已解析的 JSON 识别事件；任何 JSON 值都能得到一个事件，不会失败。 Recognises the event in parsed JSON. Never fails: any JSON value gives an event.
            pub fn from_value(raw: serde_json::Value) -> #event {
                let event_type = raw.get("event_type").and_then(serde_json::Value::as_str);
                let object_name = raw
                    .get("extra_data")
                    .and_then(|extra| extra.get("object_name"))
                    .and_then(serde_json::Value::as_str);
                let decode: fn(serde_json::Value) -> #event = match (event_type, object_name) {
                    #(#arms)*
                    _ => |raw| #event::#unknown(jing_api::webhook::Received::decode(raw)),
                };
                decode(raw)
            }

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
}

/// The members to follow from a payload to its common shape: one flattened base per level.
fn common_path(webhooks: &Webhooks, payload: &str) -> Vec<proc_macro2::Ident> {
    let mut path = Vec::new();
    let mut current = webhooks.shape(payload);
    while let Some(shape) = current {
        if shape.name == webhooks.common {
            return path;
        }
        let base = shape
            .extends
            .as_deref()
            .expect("validated: every payload extends the common shape");
        path.push(format_ident!("{}", names::field_name(base)));
        current = webhooks.shape(base);
    }
    unreachable!("validated: every payload extends the common shape")
}

fn catalogue_entry(group: &EventGroup, event: &WebhookEvent) -> TokenStream {
    let group_key = &group.key;
    let (title_zh, title_en) = (&event.title.zh, &event.title.en);
    let status = status_tokens(event.status);
    let doc_url = optional_str(event.doc_url.as_deref());
    let event_type = optional_str(event.event_type.as_deref());
    let object_name = optional_str(event.object_name.as_deref());
    let variant = optional_str(event.variant.as_deref());
    quote! {
        jing_api::webhook::EventEntry {
            group: #group_key,
            title_zh: #title_zh,
            title_en: #title_en,
            status: #status,
            doc_url: #doc_url,
            event_type: #event_type,
            object_name: #object_name,
            variant: #variant,
        }
    }
}
