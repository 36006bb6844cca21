//! What the receiver says of a request it did not acknowledge.

use std::net::SocketAddr;

/// A request the receiver did not acknowledge, as the
/// [`WebhookReceiver::on_rejected`](super::WebhookReceiver::on_rejected)
/// hook and the `jing_api.webhook` log see it: why, and how long the body was — never its
/// content, which may hold personal data.
///
/// 被拒绝的 webhook 请求：原因与长度（不含内容）。
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rejected {
    /// The status the sender got.
    pub status: u16,
    /// Why, as the answer's JSON says it (`"not_json"`, `"too_large"`…).
    pub reason: RejectReason,
    /// The length of the body in bytes, when it was read.
    pub length: Option<usize>,
    /// The sender's address, when the router is served with connect info.
    pub peer: Option<SocketAddr>,
}

impl Rejected {
    /// What the reason means, in a sentence.
    pub fn message(&self) -> &'static str {
        self.reason.message()
    }
}

/// Why the receiver did not acknowledge a request.
///
/// 未确认的原因。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RejectReason {
    /// The sender check refused the request (403).
    Forbidden,
    /// The body is not JSON (400).
    NotJson,
    /// The body is larger than the receiver accepts (413).
    TooLarge,
    /// The body did not arrive in time (408).
    ReadTimeout,
    /// The body could not be read (the connection broke).
    Unreadable,
    /// The queue of events is full (503).
    QueueFull,
    /// The event receiver was dropped (503).
    ReceiverClosed,
    /// Too many events are being handled at once (503).
    Busy,
    /// The handler returned an error or panicked (500).
    HandlerFailed,
    /// The handler took longer than its timeout (504).
    HandlerTimeout,
    /// The handler could not store the event because Redis did not answer (503): a Redis
    /// [`Error::Store`](crate::Error) from an [`EventStream`](crate::store) append.
    StoreUnavailable,
}

impl RejectReason {
    /// The reason as the answer's JSON carries it, e.g. `not_json`.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::Forbidden => "forbidden",
            RejectReason::NotJson => "not_json",
            RejectReason::TooLarge => "too_large",
            RejectReason::ReadTimeout => "read_timeout",
            RejectReason::Unreadable => "unreadable",
            RejectReason::QueueFull => "queue_full",
            RejectReason::ReceiverClosed => "receiver_closed",
            RejectReason::Busy => "busy",
            RejectReason::HandlerFailed => "handler_failed",
            RejectReason::HandlerTimeout => "handler_timeout",
            RejectReason::StoreUnavailable => "store_unavailable",
        }
    }

    /// What the reason means, in a sentence.
    pub fn message(self) -> &'static str {
        match self {
            RejectReason::Forbidden => "the sender check refused the request",
            RejectReason::NotJson => "the body is not JSON",
            RejectReason::TooLarge => "the body is larger than the receiver accepts",
            RejectReason::ReadTimeout => "the body did not arrive in time",
            RejectReason::Unreadable => "the body could not be read",
            RejectReason::QueueFull => "the queue of events is full",
            RejectReason::ReceiverClosed => "the event receiver was dropped",
            RejectReason::Busy => "too many events are being handled",
            RejectReason::HandlerFailed => "the handler returned an error or panicked",
            RejectReason::HandlerTimeout => "the handler took too long",
            RejectReason::StoreUnavailable => {
                "the event could not be stored: the Redis server did not answer (it may be restarting); send it again"
            }
        }
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
