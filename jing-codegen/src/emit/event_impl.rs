//! What plugs a spec's `Event` into the webhook runtime (`jing_api::webhook_runtime`), which
//! is generic over it and never names it: the `WebhookEvent` impl, the event's own methods
//! forwarding to the trait's provided ones (so callers need no `use` of the trait), the
//! axum extractor, and the runtime's generic receiver and stream named for this `Event`.
//! The module's own items (payloads, the enum, `EVENTS`) are `webhook.rs`'s.
//!
//! The receiver and the stream are behind the host crate's `axum` and `redis` features,
//! which jing-api has and a crate generated from another spec declares, each turning on
//! jing-api's feature of the same name.

use jing_spec::names::reserved;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The runtime module every path below starts from.
fn runtime() -> TokenStream {
    quote!(jing_api::webhook_runtime)
}

/// `impl WebhookEvent for Event`, its required items read from the generated ones, and the
/// seal the trait asks for (`jing_api::sealed::Sealed`), which only generated types get.
pub(crate) fn webhook_event_impl() -> TokenStream {
    let event = format_ident!("{}", reserved::EVENT_ENUM);
    let runtime = runtime();
    quote! {
        impl jing_api::sealed::Sealed for #event {}

        impl #runtime::WebhookEvent for #event {
            const EVENTS: &'static [#runtime::EventEntry] = EVENTS;

            fn from_value(raw: serde_json::Value) -> Self {
                #event::from_value(raw)
            }

            fn raw(&self) -> &serde_json::Value {
                #event::raw(self)
            }

            fn variant_name(&self) -> &'static str {
                #event::variant_name(self)
            }
        }
    }
}

/// The provided methods of `WebhookEvent` as the event's own, each forwarding to the trait.
pub(crate) fn forwarding_methods() -> TokenStream {
    let event = format_ident!("{}", reserved::EVENT_ENUM);
    let runtime = runtime();
    let trait_path = quote!(<#event as #runtime::WebhookEvent>);
    quote! {
        /// 解析报文；只有不是 JSON 时才失败。 Parses a body. Fails only when it is not JSON; any JSON value gives an event.
        pub fn from_slice(body: &[u8]) -> Result<#event, #runtime::NotJson> {
            #trait_path::from_slice(body)
        }

        /// 该事件在文档中的页面；未列出的事件为空。 The page(s) of the docs this event is listed on; empty for an event nobody listed.
        pub fn entries(&self) -> impl Iterator<Item = &'static #runtime::EventEntry> {
            #trait_path::entries(self)
        }

        /// 报文的 `event_type`（为字符串时）。 The body's `event_type`, when it is a string.
        pub fn event_type(&self) -> Option<&str> {
            #trait_path::event_type(self)
        }

        /// 事件涉及的对象（`extra_data.object_name`）。 Which object the event concerns (`extra_data.object_name`).
        pub fn object(&self) -> Option<&str> {
            #trait_path::object(self)
        }

        /// 事件涉及的记录 uuid（`extra_data.entity_id`）。 Which record the event concerns (`extra_data.entity_id`).
        pub fn record(&self) -> Option<&str> {
            #trait_path::record(self)
        }

        /// 事件发生时间（`create_time`，东八区）。 When the event happened (`create_time`), at China Standard Time.
        pub fn created_at(&self) -> Option<#runtime::EventTime> {
            #trait_path::created_at(self)
        }

        /// 变更的字段，按字段编码排序。 The changed fields of `extra_data.mapping_data`, with their labels, by field code.
        pub fn changes(&self) -> Vec<#runtime::FieldChange> {
            #trait_path::changes(self)
        }
    }
}

/// The axum extractor of the event, and the runtime's receiver and stream for it, each
/// behind the feature it needs.
pub(crate) fn runtime_items() -> TokenStream {
    let event = format_ident!("{}", reserved::EVENT_ENUM);
    let runtime = runtime();
    let axum = quote! {
        #[cfg(feature = "axum")]
        #[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
    };
    let redis = quote! {
        #[cfg(feature = "redis")]
        #[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
    };
    quote! {
        /// 作为 axum 提取器：读取并解析请求体。 An axum extractor: the body read and decoded (feature `axum`).
        #axum
        impl<S: Send + Sync> #runtime::axum::FromRequest<S> for #event {
            type Rejection = #runtime::axum::WebhookRejection;

            async fn from_request(
                request: #runtime::axum::Request,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                #runtime::axum::extract(request, state).await
            }
        }

        /// 用 axum 接收本规格的 webhook 事件。 Receiving this spec's webhook events with axum (feature `axum`).
        #axum
        pub mod axum {
            // Not inlined: the runtime's generic `WebhookReceiver` would show beside the alias.
            pub use jing_api::webhook_runtime::axum::*;

            /// 接收本规格事件的路由构建器。 The webhook route's builder, for this spec's [`Event`](super::Event).
            pub type WebhookReceiver = jing_api::webhook_runtime::axum::WebhookReceiver<super::#event>;
        }

        /// 本规格事件的 Redis 流。 A Redis stream of this spec's events (feature `redis`).
        #redis
        pub type EventStream = jing_api::store::EventStream<#event>;

        /// Redis 流消费组中的一个消费者。 One consumer of a group of an [`EventStream`] (feature `redis`).
        #redis
        pub type EventConsumer = jing_api::store::EventConsumer<#event>;

        /// 交给消费者的一个事件。 One event handed to an [`EventConsumer`] (feature `redis`).
        #redis
        pub type Delivery = jing_api::store::Delivery<#event>;
    }
}
