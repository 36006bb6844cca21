//! One polite GET: paced, timed out, size-capped, tried again on 429, 5xx and transport
//! errors after the server's `Retry-After` or a doubling pause.

use std::path::PathBuf;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED, RETRY_AFTER,
};

use super::pace::Pace;
use super::{Entry, Links, Settings};

/// Markdown first; the other text formats the importer reads after it.
const ACCEPT_PAGE: &str = "text/markdown, text/x-markdown;q=0.9, application/json;q=0.5, application/yaml;q=0.5, text/plain;q=0.4, */*;q=0.1";

/// What a server answered, once no more tries were due.
#[derive(Debug)]
pub(super) enum Answer {
    /// 2xx with a UTF-8 body within the size cap.
    Text {
        text: String,
        etag: Option<String>,
        last_modified: Option<String>,
        content_type: String,
    },
    /// 304: the page has not changed since the validators sent.
    NotModified,
    /// Any other final status (404, 403, a 2xx whose body is not text, …).
    Status {
        status: StatusCode,
        content_type: String,
    },
}

pub(super) struct Getter {
    client: reqwest::Client,
    pace: Pace,
    pub(super) out: PathBuf,
    tries: u32,
    backoff: Duration,
    max_wait: Duration,
    max_bytes: usize,
    timeout: Duration,
}

impl Getter {
    pub(super) fn new(settings: &Settings) -> anyhow::Result<Self> {
        let (slowest, fastest) = crate::limits::RATE_RANGE;
        if !(slowest..=fastest).contains(&settings.rate) {
            anyhow::bail!(
                "--rate must be from {slowest} to {fastest} requests per second, not {}",
                settings.rate
            );
        }
        let period = Duration::try_from_secs_f64(1.0 / settings.rate)
            .map_err(|_| anyhow::anyhow!("--rate {} gives no pace", settings.rate))?;
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .user_agent(concat!("jing-api-xtask-fetch/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::limited(10))
            .build()?;
        Ok(Getter {
            client,
            pace: Pace::new(period),
            out: settings.out.clone(),
            tries: settings.tries.max(1),
            backoff: settings.backoff,
            max_wait: settings.max_wait,
            max_bytes: settings.max_bytes,
            timeout: settings.timeout,
        })
    }

    /// The pages an index links to.
    pub(super) async fn index(&self, index: &str) -> anyhow::Result<Links> {
        let base = url::Url::parse(index).map_err(|error| anyhow::anyhow!("{index}: {error}"))?;
        let text = match self.get(index, None).await {
            Ok(Answer::Text { text, .. }) => text,
            Ok(Answer::Status {
                status,
                content_type,
            }) => {
                anyhow::bail!("the index {index} answered {status} ({content_type})")
            }
            Ok(Answer::NotModified) => anyhow::bail!("the index {index} answered 304"),
            Err(reason) => anyhow::bail!("the index {index}: {reason}"),
        };
        let found = super::links(&base, &text);
        if found.pages.is_empty() {
            anyhow::bail!("the index {index} links to no page of its site");
        }
        Ok(found)
    }

    /// GETs `url`, conditionally when `validators` are given.
    pub(super) async fn get(
        &self,
        url: &str,
        validators: Option<&Entry>,
    ) -> Result<Answer, String> {
        let mut last = String::new();
        for attempt in 0..self.tries {
            self.pace.until_ready().await;
            let mut request = self.client.get(url).header(ACCEPT, ACCEPT_PAGE);
            if let Some(entry) = validators {
                if let Some(etag) = &entry.etag {
                    request = request.header(IF_NONE_MATCH, etag);
                }
                if let Some(date) = &entry.last_modified {
                    request = request.header(IF_MODIFIED_SINCE, date);
                }
            }
            let wait = match request.send().await {
                Err(error) => {
                    last = transport(&error, self.timeout);
                    None
                }
                Ok(response) => {
                    let status = response.status();
                    if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
                        last = format!("HTTP {status}");
                        retry_after(response.headers(), self.max_wait)
                    } else {
                        return self.answer(response).await;
                    }
                }
            };
            if attempt + 1 < self.tries {
                let doubling = self.backoff.saturating_mul(1 << attempt.min(16));
                tokio::time::sleep(wait.unwrap_or(doubling).min(self.max_wait)).await;
            }
        }
        let tries = match self.tries {
            1 => "1 try".to_owned(),
            n => format!("{n} tries"),
        };
        Err(format!("{last} after {tries}"))
    }

    async fn answer(&self, mut response: reqwest::Response) -> Result<Answer, String> {
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(CONTENT_TYPE).unwrap_or_else(|| "no content type".to_owned());
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Answer::NotModified);
        }
        if !status.is_success() {
            return Ok(Answer::Status {
                status,
                content_type,
            });
        }
        let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
        let too_large = |size: usize| {
            format!(
                "the page is over the size cap ({size} bytes or more; --max-bytes {})",
                self.max_bytes
            )
        };
        let declared = header(CONTENT_LENGTH).and_then(|length| length.parse::<usize>().ok());
        if let Some(size) = declared.filter(|size| *size > self.max_bytes) {
            return Err(too_large(size));
        }
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    body.extend_from_slice(&chunk);
                    if body.len() > self.max_bytes {
                        return Err(too_large(body.len()));
                    }
                }
                Ok(None) => break,
                Err(error) => return Err(transport(&error, self.timeout)),
            }
        }
        match String::from_utf8(body) {
            Ok(text) => Ok(Answer::Text {
                text,
                etag,
                last_modified,
                content_type,
            }),
            Err(_) => Ok(Answer::Status {
                status,
                content_type: format!("{content_type}, not UTF-8 text"),
            }),
        }
    }
}

/// A transport error in a few words, with its first cause.
fn transport(error: &reqwest::Error, timeout: Duration) -> String {
    let what = if error.is_timeout() {
        return format!("no answer within {timeout:?}");
    } else if error.is_connect() {
        "the connection failed"
    } else if error.is_redirect() {
        "too many redirects"
    } else {
        "transport error"
    };
    let mut cause: &dyn std::error::Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    format!("{what} ({cause})")
}

/// `Retry-After` in seconds, `max_wait` at the most (so `1e30` is the longest pause, not a
/// panic); the HTTP-date form, a negative or non-finite number are left to the doubling
/// pause.
fn retry_after(headers: &HeaderMap, max_wait: Duration) -> Option<Duration> {
    let seconds: f64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    if !(seconds.is_finite() && seconds >= 0.0) {
        return None;
    }
    Some(Duration::try_from_secs_f64(seconds).map_or(max_wait, |wait| wait.min(max_wait)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = value.parse() {
            headers.insert(RETRY_AFTER, value);
        }
        headers
    }

    #[test]
    fn retry_after_is_capped_and_never_panics() {
        let max = Duration::from_secs(60);
        for (value, wait) in [
            ("2", Some(Duration::from_secs(2))),
            (" 0.5 ", Some(Duration::from_millis(500))),
            ("0", Some(Duration::ZERO)),
            ("61", Some(max)),
            ("1e30", Some(max)),
            ("1e308", Some(max)),
            ("18446744073709551616", Some(max)),
            ("-1", None),
            ("inf", None),
            ("NaN", None),
            ("Wed, 21 Oct 2015 07:28:00 GMT", None),
            ("", None),
        ] {
            assert_eq!(retry_after(&headers(value), max), wait, "{value}");
        }
        assert_eq!(retry_after(&HeaderMap::new(), max), None);
    }

    #[test]
    fn a_rate_out_of_range_is_an_error_not_a_panic() {
        for rate in [1e-300, 0.0009, 0.0, -1.0, f64::NAN, f64::INFINITY, 1e7] {
            let settings = Settings {
                rate,
                ..Settings::default()
            };
            let error = Getter::new(&settings).err().map(|error| error.to_string());
            assert!(
                error.as_deref().is_some_and(|e| e.contains("--rate")),
                "{rate}: {error:?}"
            );
        }
        for rate in [0.001, 2.0, 1e6] {
            let settings = Settings {
                rate,
                ..Settings::default()
            };
            assert!(Getter::new(&settings).is_ok(), "{rate}");
        }
    }
}
