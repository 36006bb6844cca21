//! The runtime types the generated webhook code is made of: a decoded payload with its
//! JSON ([`Received`]) and one event page of the docs ([`EventEntry`]). Apart from
//! `webhook_runtime/mod.rs`, whose [`WebhookEvent`](super::WebhookEvent) lists a spec's
//! pages as these entries, so that the module of the trait imports this one, not the reverse.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::Status;

/// A decoded payload together with the JSON it came from.
///
/// 解析出的报文，以及原始 JSON。
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Received<T> {
    /// The members this crate knows, each `None` when absent or unreadable.
    pub payload: T,
    /// The body as received, with every member, known or not.
    pub raw: Value,
}

impl<T: DeserializeOwned + Default> Received<T> {
    /// Reads `raw` into `T` leniently; a value that is not an object gives `T::default()`.
    ///
    /// 宽松解析；不是对象时得到默认值，原始 JSON 仍保留。
    pub fn decode(raw: Value) -> Self {
        // The generated payload types read every member leniently, so this fails only
        // when `raw` is not an object at all.
        let payload = T::deserialize(&raw).unwrap_or_default();
        Received { payload, raw }
    }
}

/// One event page of the docs, as listed in a spec's `EVENTS`
/// ([`WebhookEvent::EVENTS`](super::WebhookEvent::EVENTS)).
///
/// 文档中的一个事件页。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventEntry {
    /// The docs' folder (`lead`, `account`, ...).
    pub group: &'static str,
    /// The docs' Chinese title.
    pub title_zh: &'static str,
    /// The docs' English title.
    pub title_en: &'static str,
    /// How much of the page is transcribed.
    pub status: Status,
    /// The page, when known.
    pub doc_url: Option<&'static str>,
    /// The `event_type` that marks it; `None` when unknown, so it cannot be recognised.
    pub event_type: Option<&'static str>,
    /// The `extra_data.object_name` that must also match, for object events.
    pub object_name: Option<&'static str>,
    /// The variant of the spec's `Event` it decodes to, when it can be recognised.
    pub variant: Option<&'static str>,
}

impl EventEntry {
    test_util_const_fn! {
        /// The page `title_zh` / `title_en` of the docs' folder `group`, transcribed as far as
        /// `status` says: no address, and nothing to recognise its events by, until given.
        fn new(
            group: &'static str,
            title_zh: &'static str,
            title_en: &'static str,
            status: Status,
        ) -> EventEntry {
            EventEntry {
                group,
                title_zh,
                title_en,
                status,
                doc_url: None,
                event_type: None,
                object_name: None,
                variant: None,
            }
        }

        /// The page's address.
        fn with_doc_url(self, doc_url: &'static str) -> EventEntry {
            EventEntry {
                doc_url: Some(doc_url),
                ..self
            }
        }

        /// The `event_type` that marks the event.
        fn with_event_type(self, event_type: &'static str) -> EventEntry {
            EventEntry {
                event_type: Some(event_type),
                ..self
            }
        }

        /// The variant of the spec's `Event` the event decodes to.
        fn with_variant(self, variant: &'static str) -> EventEntry {
            EventEntry {
                variant: Some(variant),
                ..self
            }
        }

        /// The `extra_data.object_name` that must also match, for an object event.
        fn with_object_name(self, object_name: &'static str) -> EventEntry {
            EventEntry {
                object_name: Some(object_name),
                ..self
            }
        }
    }
}
