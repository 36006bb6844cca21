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
    /// A short reason, the one the answer's JSON carries (`"not_json"`, `"too_large"`…).
    pub reason: &'static str,
    /// The length of the body in bytes, when it was read.
    pub length: Option<usize>,
    /// The sender's address, when the router is served with connect info.
    pub peer: Option<SocketAddr>,
}

impl Rejected {
    /// What the reason means, in a sentence.
    pub fn message(&self) -> &'static str {
        match self.reason {
            "forbidden" => "the sender check refused the request",
            "not_json" => "the body is not JSON",
            "too_large" => "the body is larger than the receiver accepts",
            "read_timeout" => "the body did not arrive in time",
            "unreadable" => "the body could not be read",
            "queue_full" => "the queue of events is full",
            "receiver_closed" => "the event receiver was dropped",
            "busy" => "too many events are being handled",
            "handler_failed" => "the handler returned an error or panicked",
            "handler_timeout" => "the handler took too long",
            _ => "the event was not acknowledged",
        }
    }
}
