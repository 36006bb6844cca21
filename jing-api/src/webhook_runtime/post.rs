//! Posting a webhook body to a receiver as the platform does: one JSON `POST` with the
//! headers given, no credentials and no retries. jing-mock's `send_webhook` and
//! `jing webhook send` post through it, and so can a user's test of their own receiver.

use serde_json::Value;

use crate::error::TransportError;

/// What a receiver answered a webhook post.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Posted {
    /// The HTTP status.
    pub status: u16,
    /// The status's standard reason phrase (`OK`, `Bad Request`), when it has one.
    pub reason: Option<&'static str>,
    /// The answer's body as text (empty when it could not be read).
    pub body: String,
}

impl Posted {
    /// Whether the status is a success (2xx): the platform counts the event delivered.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// 按平台的方式把 webhook 正文以 JSON POST 到 `url`，附带给定的请求头。
/// Posts `body` as JSON to `url` as the platform posts a webhook, with `headers` (name,
/// value) added; a client of its own, no credentials, no retries. The receiver's answer,
/// whatever its status; a [`TransportError`] when none came or the request could not be
/// made (a URL or a header that is not valid: [`TransportError::is_request`]), its URL
/// without credentials.
///
/// ```no_run
/// # async fn run() -> Result<(), jing_api::TransportError> {
/// let body = serde_json::json!({"event_type": "customer_created"});
/// let posted = jing_api::webhook_runtime::post(
///     "http://127.0.0.1:8080/jing/webhook",
///     &body,
///     &[("x-my-secret", "s3cret")],
/// )
/// .await?;
/// assert!(posted.is_success(), "{} {}", posted.status, posted.body);
/// # Ok(())
/// # }
/// ```
pub async fn post(
    url: &str,
    body: &Value,
    headers: &[(&str, &str)],
) -> Result<Posted, TransportError> {
    let mut request = reqwest::Client::new().post(url).json(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.map_err(TransportError::new)?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    Ok(Posted {
        status: status.as_u16(),
        reason: status.canonical_reason(),
        body,
    })
}
