//! The webhook runtime, generic over the events of a spec: what the platform POSTs to your
//! endpoint, typed, and nothing lost.
//!
//! Webhook 运行时（与具体规格的事件类型无关）：平台推送到你的地址的报文，带类型解析，任何内容都不会丢失。
//!
//! Each generated crate's `webhook` module ([`jing_api::webhook`](crate::webhook) for this
//! crate's spec) declares that spec's `Event` enum, implements [`WebhookEvent`] for it, and
//! re-exports this module; it also names this module's generic types for its `Event`
//! (`webhook::axum::WebhookReceiver`, `webhook::EventStream`), so code written for one spec
//! reads the same as before. This module never names a generated event: [`WebhookEvent`]
//! is what the runtime asks of one (its decoder, its JSON, its variant's name and its pages),
//! and the accessors every event has ([`WebhookEvent::from_slice`],
//! [`WebhookEvent::object`], [`WebhookEvent::record`], [`WebhookEvent::changes`],
//! [`WebhookEvent::created_at`], …) are written here once, over the JSON.
//!
//! ```
//! use jing_api::webhook::Event;
//!
//! let body = br#"{"event_type": "object_update", "create_time": 1677492512,
//!     "extra_data": {"object_name": "account", "entity_id": "B3hJubdf4GR3fNhSyx5npA",
//!                    "mapping_data": {"company_id": [null, "Sun Yat-sen University"]}}}"#;
//! let event = Event::from_slice(body)?;
//! assert!(matches!(event, Event::AccountObjectUpdate(_)));
//! assert_eq!(event.object(), Some("account"));
//! assert_eq!(event.record(), Some("B3hJubdf4GR3fNhSyx5npA"));
//! let change = &event.changes()[0];
//! assert_eq!((change.field.as_str(), change.before.as_deref()), ("company_id", None));
//! assert_eq!(event.created_at().map(|time| time.timestamp()), Some(1677492512));
//! # Ok::<(), jing_api::webhook::NotJson>(())
//! ```
//!
//! # Decoding never loses a body
//!
//! [`WebhookEvent::from_slice`] fails only when the body is not JSON, and then [`NotJson`]
//! keeps the bytes. Any JSON value decodes: a listed event to its variant, anything else to
//! the `Unknown` variant. Every member is optional and read leniently (a number sent as a
//! string is still a number; a value of an unexpected type is `None`), and every variant
//! keeps the whole body in [`Received::raw`].
//!
//! # Verifying the sender
//!
//! 文档没有描述任何签名或发送方校验机制。 The vendor's docs describe no signature, token
//! or other way to verify that a request comes from the platform. This crate does not
//! pretend otherwise: with the `axum` feature, `axum::WebhookReceiver::check` takes a
//! check of your own (a shared-secret header you configure in the URL or a proxy, an IP
//! allow-list, ...).

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use serde_json::Value;

mod entry;
mod post;

pub use entry::{EventEntry, Received};
pub use post::{POST_TIMEOUT, Posted, post};

/// A webhook time, at China Standard Time (UTC+8): what [`parse_time`] and
/// [`WebhookEvent::created_at`] give.
///
/// webhook 时间（东八区）。
pub type EventTime = DateTime<FixedOffset>;

/// A webhook body that is not JSON. The bytes are kept.
///
/// 不是 JSON 的报文；原始字节保留在错误中。
#[derive(Debug, thiserror::Error)]
#[error("the webhook body ({} bytes) is not JSON", bytes.len())]
pub struct NotJson {
    bytes: Vec<u8>,
    source: serde_json::Error,
}

impl NotJson {
    /// The body as received.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The body as received, taken out of the error.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// What the runtime asks of one spec's webhook events: the generator implements the four
/// required items for each spec's `Event`; the rest is provided, read from the JSON.
/// Sealed as [`Endpoint`](crate::Endpoint) is: only generated events implement it (with
/// the seal the generator writes beside), so items may be added without breaking anyone.
/// The provided readers (`object`, `record`, `created_at`, `changes`) read the members of
/// the Jing platform's envelope by their names (`extra_data.object_name`,
/// `extra_data.entity_id`, `create_time`, `extra_data.mapping_data`): on events of another
/// shape they give `None` or nothing.
///
/// 运行时对某一规格 webhook 事件的要求：生成器为每个规格的 `Event` 实现必需的四项，其余由 JSON 读出。
///
/// The generated `Event` also has each method as its own (forwarding here), so calling
/// them needs no `use` of this trait; code generic over a spec's events names the trait.
/// Events are plain data, `Send` and `Sync`: a handler may hold one across an `.await`
/// (an append to an event stream borrows it).
///
/// ```
/// use jing_api::webhook_runtime::WebhookEvent;
///
/// /// What a handler written for any spec's events logs.
/// fn line<E: WebhookEvent>(event: &E) -> String {
///     format!("{} about {:?}", event.variant_name(), event.record())
/// }
///
/// let body = br#"{"event_type": "object_create", "extra_data": {"object_name": "lead", "entity_id": "L1"}}"#;
/// let event = jing_api::webhook::Event::from_slice(body)?;
/// assert_eq!(line(&event), r#"LeadObjectCreate about Some("L1")"#);
/// # Ok::<(), jing_api::webhook::NotJson>(())
/// ```
pub trait WebhookEvent: crate::sealed::Sealed + Sized + Send + Sync + 'static {
    /// Every event page of the spec's docs, in the docs' order (the generated `EVENTS`).
    const EVENTS: &'static [EventEntry];

    /// Recognises the event in parsed JSON. Never fails: any JSON value gives an event.
    fn from_value(raw: Value) -> Self;

    /// The JSON as received, whole, unknown members included.
    fn raw(&self) -> &Value;

    /// The variant's name as written in Rust (`"Unknown"` for an event nobody listed).
    fn variant_name(&self) -> &'static str;

    /// Parses a body. Fails only when it is not JSON; any JSON value gives an event.
    ///
    /// 解析报文；只有不是 JSON 时才失败。
    fn from_slice(body: &[u8]) -> Result<Self, NotJson> {
        // A UTF-8 byte order mark is not JSON, but some senders write one.
        let json = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        match serde_json::from_slice(json) {
            Ok(raw) => Ok(Self::from_value(raw)),
            Err(source) => Err(NotJson {
                bytes: body.to_vec(),
                source,
            }),
        }
    }

    /// The page(s) of the docs this event is listed on; empty for an event nobody listed.
    ///
    /// 该事件在文档中的页面。
    fn entries(&self) -> impl Iterator<Item = &'static EventEntry> {
        let variant = self.variant_name();
        Self::EVENTS
            .iter()
            .filter(move |entry| entry.variant == Some(variant))
    }

    /// The body's `event_type`, when it is a string.
    fn event_type(&self) -> Option<&str> {
        self.raw().get("event_type").and_then(Value::as_str)
    }

    /// Which object the event concerns (`extra_data.object_name`: `lead`, `account`, ...).
    ///
    /// 事件涉及的对象。
    fn object(&self) -> Option<&str> {
        extra(self.raw(), "object_name")
    }

    /// Which record the event concerns (`extra_data.entity_id`: the lead's or account's uuid).
    ///
    /// 事件涉及的记录 uuid。
    fn record(&self) -> Option<&str> {
        extra(self.raw(), "entity_id")
    }

    /// When the event happened (`create_time`), at China Standard Time; `None` when absent
    /// or unreadable. See [`parse_time`] for the accepted forms.
    ///
    /// 事件发生时间（东八区）。
    fn created_at(&self) -> Option<EventTime> {
        self.raw().get("create_time").and_then(parse_time)
    }

    /// The changed fields of `extra_data.mapping_data`, with their labels from
    /// `mapping_data_text`, ordered by field code. Empty when there is none.
    ///
    /// 变更的字段：字段编码、变更前后的值及其显示文本。
    fn changes(&self) -> Vec<FieldChange> {
        changes(self.raw())
    }
}

/// `extra_data.<name>` of a body, when it is a string.
fn extra<'a>(raw: &'a Value, name: &str) -> Option<&'a str> {
    raw.get("extra_data")?.get(name)?.as_str()
}

/// The changes of [`WebhookEvent::changes`], read from the body.
fn changes(raw: &Value) -> Vec<FieldChange> {
    let extra = raw.get("extra_data");
    let member = |name: &str| extra.and_then(|extra| extra.get(name)?.as_object());
    let Some(values) = member("mapping_data") else {
        return Vec::new();
    };
    let labels = member("mapping_data_text");
    let mut changes: Vec<FieldChange> = values
        .iter()
        .map(|(field, value)| {
            let (before, after) = before_after(value);
            let (before_label, after_label) = labels
                .and_then(|labels| labels.get(field))
                .map(before_after)
                .unwrap_or_default();
            FieldChange {
                field: field.clone(),
                before,
                after,
                before_label,
                after_label,
            }
        })
        .collect();
    changes.sort_by(|a, b| a.field.cmp(&b.field));
    changes
}

/// One changed field of an object event.
///
/// 对象事件中变更的一个字段。
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldChange {
    /// The field code (`company_id`, `mobile`, or a custom attribute's code).
    pub field: String,
    /// The value before the change; `None` when it was empty, and in create events.
    pub before: Option<String>,
    /// The value after the change; `None` when it was cleared.
    pub after: Option<String>,
    /// The display text of `before` (`-` when empty), when `mapping_data_text` has it.
    pub before_label: Option<String>,
    /// The display text of `after`, when `mapping_data_text` has it.
    pub after_label: Option<String>,
}

impl FieldChange {
    /// The field code and its values before and after, borrowed, labels left out: what a
    /// handler matches on (`("mobile", None, Some(number))`) or a test compares with a list.
    ///
    /// 字段编码及其变更前后的值（不含显示文本）。
    pub fn values(&self) -> (&str, Option<&str>, Option<&str>) {
        (&self.field, self.before.as_deref(), self.after.as_deref())
    }
}

/// `[before, after]`, or `[value]` in create events. A value that is not an array is read
/// as the value after.
fn before_after(value: &Value) -> (Option<String>, Option<String>) {
    match value.as_array().map(Vec::as_slice) {
        Some([after]) => (None, text(after)),
        Some([before, after, ..]) => (text(before), text(after)),
        Some([]) => (None, None),
        None => (None, text(value)),
    }
}

/// A value as text: strings as they are, `null` as `None`, anything else as JSON.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// China Standard Time (UTC+8), the zone of the docs' zoneless date strings.
fn china_standard_time() -> FixedOffset {
    FixedOffset::east_opt(crate::CHINA_STANDARD_TIME).expect("UTC+8 is a valid offset")
}

/// Reads a webhook time: Unix seconds as a number or a numeric string, or a
/// `"YYYY-MM-DD HH:MM:SS"` string, which the docs write without a zone and which is read
/// as China Standard Time. The result is at UTC+8. Anything else is `None`.
///
/// 解析事件时间：Unix 秒（数字或数字字符串），或东八区的 "YYYY-MM-DD HH:MM:SS"。
///
/// ```
/// use serde_json::json;
/// use jing_api::webhook::parse_time;
///
/// let seconds = parse_time(&json!(1677481345)).map(|time| time.to_rfc3339());
/// assert_eq!(seconds.as_deref(), Some("2023-02-27T15:02:25+08:00"));
/// let text = parse_time(&json!("2023-02-27 15:02:25")).map(|time| time.timestamp());
/// assert_eq!(text, Some(1677481345));
/// assert_eq!(parse_time(&json!("yesterday")), None);
/// ```
pub fn parse_time(value: &Value) -> Option<EventTime> {
    let zone = china_standard_time();
    let seconds = match value {
        Value::Number(number) => crate::lenient::integer_of(number)?,
        Value::String(text) => {
            let text = text.trim();
            match text.parse::<i64>() {
                Ok(seconds) => seconds,
                Err(_) => {
                    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok()?;
                    return zone.from_local_datetime(&local).single();
                }
            }
        }
        _ => return None,
    };
    DateTime::from_timestamp(seconds, 0).map(|time| time.with_timezone(&zone))
}

/// The text of a docs' sample without its `//` comments (those outside JSON strings), so
/// it parses as JSON. The vendor's webhook samples carry such comments.
///
/// 去掉文档示例中 JSON 字符串之外的 `//` 注释。
///
/// ```
/// let text = "{\"url\": \"https://x.invalid\", // a comment\n \"n\": 1}";
/// let clean = jing_api::webhook::strip_comments(text);
/// assert_eq!(serde_json::from_str::<serde_json::Value>(&clean).ok().map(|v| v["n"].clone()), Some(1.into()));
/// ```
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let (mut in_string, mut escaped, mut cut) = (false, false, line.len());
        for (index, c) in line.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '/' if !in_string && line[index..].starts_with("//") => {
                    cut = index;
                    break;
                }
                _ => {}
            }
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}
