//! Posting a webhook body to a receiver as the platform does: one JSON `POST` with the
//! headers given, no credentials and no retries, within a time limit. jing-mock's
//! `send_webhook` and `jing webhook send` post through it, and so can a user's test of
//! their own receiver.

use std::time::Duration;

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

/// The time limit jing-mock's `send_webhook` and `jing webhook send` give [`post`] unless
/// told otherwise: 30 s, the same as a client call's
/// [`timeout`](crate::ClientBuilder::timeout). It is this crate's choice, not the
/// platform's: how long the platform waits for a receiver's answer is not documented.
pub const POST_TIMEOUT: Duration = Duration::from_secs(30);

/// 按平台的方式把 webhook 正文以 JSON POST 到 `url`，附带给定的请求头，限时 `timeout`。
/// Posts `body` as JSON to `url` as the platform posts a webhook, with `headers` (name,
/// value) added; a client of its own, no credentials, no retries. `timeout` bounds the
/// whole post, connecting and reading the answer included ([`POST_TIMEOUT`] is ours, not
/// the platform's, whose limit is not documented). The receiver's answer, whatever its
/// status; a [`TransportError`] when none came in time ([`TransportError::is_timeout`]) or
/// at all, or the request could not be made (a URL or a header that is not valid:
/// [`TransportError::is_request`]), its URL without credentials.
///
/// ```no_run
/// # async fn run() -> Result<(), jing_api::TransportError> {
/// use std::time::Duration;
///
/// let body = serde_json::json!({"event_type": "customer_created"});
/// let posted = jing_api::webhook_runtime::post(
///     "http://127.0.0.1:8080/jing/webhook",
///     &body,
///     &[("x-my-secret", "s3cret")],
///     Duration::from_secs(5),
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
    timeout: Duration,
) -> Result<Posted, TransportError> {
    let mut request = reqwest::Client::new().post(url).timeout(timeout).json(body);
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

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::net::TcpListener;

    use super::*;

    /// A receiver that accepts the connection and never answers: the post gives up once
    /// its time limit runs out, as a timeout naming the URL, and does not wait forever.
    #[tokio::test]
    async fn a_receiver_that_never_answers_is_a_timeout() {
        let silent = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let url = format!(
            "http://127.0.0.1:{}/jing/webhook",
            silent.local_addr().expect("its address").port()
        );
        // Accepts, reads, and answers nothing until the poster hangs up (not waited for:
        // the connection closes when the test's runtime drops it).
        std::thread::spawn(move || {
            if let Ok((mut connection, _)) = silent.accept() {
                let mut sink = Vec::new();
                let _ = connection.read_to_end(&mut sink);
            }
        });
        let body = serde_json::json!({"event_type": "customer_created"});
        let error = post(&url, &body, &[], Duration::from_millis(200))
            .await
            .expect_err("nothing answers");
        assert!(
            error.is_timeout() && !error.is_connect() && !error.is_request(),
            "{error:?}"
        );
        assert_eq!(error.to_string(), format!("timed out waiting for {url}"));
    }
}
