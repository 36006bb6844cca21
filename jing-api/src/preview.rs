//! The request a call would send, every credential hidden: what `jing --dry-run` prints.

use std::fmt;

/// A request as it would be sent, every credential replaced by
/// [`REDACTED`](crate::redact::REDACTED): see [`Client::preview`](crate::Client::preview) and
/// [`RawRequest::preview`](crate::RawRequest::preview). Its `Display` is the request in
/// HTTP's own layout (request line, headers, a blank line, the body as sent).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestPreview {
    /// The HTTP method.
    pub method: String,
    /// The whole URL, query included (secret parameters hidden).
    pub url: String,
    /// The headers in the order they are sent (secret ones hidden).
    pub headers: Vec<(String, String)>,
    /// The body as sent (secret members hidden), when there is one.
    pub body: Option<String>,
}

impl RequestPreview {
    /// `request` as shown, the names `secrets` says hidden.
    pub(crate) fn of(request: &reqwest::Request, secrets: &crate::redact::Secrets) -> Self {
        let mut url = request.url().clone();
        secrets.url(&mut url);
        let headers = secrets.pairs(request.headers().iter().map(|(name, value)| {
            (
                name.as_str(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        }));
        let body = request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .map(|bytes| secrets.text(&String::from_utf8_lossy(bytes)));
        RequestPreview {
            method: request.method().as_str().to_owned(),
            url: url.to_string(),
            headers,
            body,
        }
    }
}

impl fmt::Display for RequestPreview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, self.url)?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {value}")?;
        }
        if let Some(body) = &self.body {
            writeln!(f)?;
            writeln!(f, "{body}")?;
        }
        Ok(())
    }
}
