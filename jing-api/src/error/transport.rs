//! The error of a request that got no response, told without naming the HTTP library: what
//! failed (connecting, waiting, reading the body), with reqwest's own error under it for
//! code that walks the sources, and why in a few plain words for the report. Which variant of
//! [`Error`](super::Error) carries it, and the other causes, are in `error.rs` and `cause.rs`.

use std::error::Error as StdError;
use std::fmt;
use std::io::ErrorKind;

/// Why a request got no response: the connection could not be made (refused, a name that
/// does not resolve, TLS), it timed out, or the connection broke while the request was sent
/// or the response read. Carried by [`Error::Transport`](crate::Error::Transport).
///
/// Its `Display` says what failed (`cannot connect to https://…`, `timed out waiting for
/// https://…`); the URL never shows a credential (a user and password, or a query parameter
/// named like a secret). `source()` is the HTTP library's own error, for logs that walk the
/// chain; its type is not part of this crate's API. [`ErrorReport`](crate::ErrorReport)
/// adds why in plain words (`cannot connect to https://…: connection refused`).
///
/// 请求未得到响应的原因：无法连接（拒绝连接、域名解析失败、TLS）、超时，或收发途中连接中断。
///
/// ```
/// # async fn example(client: &jing_api::Client) {
/// use jing_api::{Error, Method};
///
/// let answer = client.raw(Method::Get, "/v1/x").send::<serde_json::Value>().await;
/// if let Err(Error::Transport(error)) = &answer {
///     // Nothing reached the server when the connection could not be made.
///     let sent = !error.is_connect();
///     let report = jing_api::ErrorReport::new(error);
///     eprintln!("no answer (timed out: {}, maybe sent: {sent}): {report}", error.is_timeout());
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct TransportError {
    inner: reqwest::Error,
}

impl TransportError {
    /// Wraps reqwest's error, its URL first stripped of credentials (reqwest's own message
    /// and `Debug` quote it).
    pub(crate) fn new(mut inner: reqwest::Error) -> Self {
        if let Some(url) = inner.url_mut() {
            crate::redact::redact_url(url);
        }
        TransportError { inner }
    }

    /// Hides in the URL, beside what [`TransportError::new`] hid, the query parameters
    /// `secrets` names.
    pub(crate) fn hide_url(&mut self, secrets: &crate::redact::Secrets) {
        if let Some(url) = self.inner.url_mut() {
            secrets.url(url);
        }
    }

    /// Whether the connection could not be made (refused, a name that does not resolve, a
    /// TLS handshake that failed, a connect timeout): the request was not sent, so even a
    /// write may be sent again.
    pub fn is_connect(&self) -> bool {
        self.inner.is_connect()
    }

    /// Whether the request could not be made from what it was given (a URL or a header
    /// that is not valid): nothing was sent.
    pub fn is_request(&self) -> bool {
        self.inner.is_builder()
    }

    /// Whether a time limit ran out: the client's `timeout` or `connect_timeout`, or the
    /// operating system's.
    pub fn is_timeout(&self) -> bool {
        self.inner.is_timeout()
    }

    /// Whether the response began but its body could not be read whole (the connection
    /// broke, or the body was not what its headers announced).
    pub fn is_body(&self) -> bool {
        self.inner.is_body() || self.inner.is_decode()
    }

    /// The URL of the request, without user name and password, and with the value of every
    /// secret query parameter replaced by [`REDACTED`](crate::redact::REDACTED).
    pub fn url(&self) -> Option<&url::Url> {
        self.inner.url()
    }

    /// Why, in a few words, for the report: nothing for a timeout (its own words say it).
    pub(super) fn why(&self) -> Option<Why<'_>> {
        (!self.is_timeout()).then_some(Why(&self.inner))
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target: &dyn fmt::Display = match self.url() {
            Some(url) => url,
            None => &"the server",
        };
        match (self.is_timeout(), self.is_connect(), self.is_body()) {
            (true, true, _) => write!(f, "timed out connecting to {target}"),
            (true, false, true) => write!(f, "timed out reading the response of {target}"),
            (true, false, false) => write!(f, "timed out waiting for {target}"),
            (false, true, _) => write!(f, "cannot connect to {target}"),
            (false, false, true) => write!(f, "cannot read the response of {target}"),
            (false, false, false) => write!(f, "the request to {target} failed"),
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.inner)
    }
}

/// The words that say why, from the errors under reqwest's: the usual network failures in
/// plain words (`connection refused`), anything else in the words of the deepest error
/// (a resolver's `failed to lookup address information: …`, a TLS certificate's problem).
pub(super) struct Why<'a>(&'a reqwest::Error);

impl fmt::Display for Why<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let under = std::iter::successors(self.0.source(), |&error| error.source());
        let mut deepest: Option<&(dyn StdError + 'static)> = None;
        for error in under {
            let plain = error
                .downcast_ref::<std::io::Error>()
                .and_then(|io| plain_words(io.kind()));
            if let Some(words) = plain {
                return f.write_str(words);
            }
            deepest = Some(error);
        }
        match deepest {
            Some(error) => write!(f, "{error}"),
            None => f.write_str("no further detail"),
        }
    }
}

/// The usual network failures, as a person says them.
fn plain_words(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::ConnectionRefused => "connection refused",
        ErrorKind::ConnectionReset => "connection reset",
        ErrorKind::ConnectionAborted => "connection aborted",
        ErrorKind::NotConnected => "not connected",
        ErrorKind::BrokenPipe => "broken pipe",
        ErrorKind::UnexpectedEof => "the connection closed early",
        ErrorKind::TimedOut => "timed out",
        ErrorKind::AddrNotAvailable => "address not available",
        ErrorKind::HostUnreachable => "host unreachable",
        ErrorKind::NetworkUnreachable => "network unreachable",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::time::Duration;

    use super::*;

    /// A listener on a free port of this machine.
    fn listener() -> TcpListener {
        TcpListener::bind("127.0.0.1:0").unwrap_or_else(|error| panic!("{error}"))
    }

    fn port(listener: &TcpListener) -> u16 {
        listener
            .local_addr()
            .unwrap_or_else(|error| panic!("{error}"))
            .port()
    }

    /// The error of a GET of `url` and of reading its body, as the client sees it (which
    /// names the URL of a body it could not read, as reqwest does not).
    async fn failure(url: &str, timeout: Duration) -> TransportError {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .unwrap_or_else(|error| panic!("{error}"));
        let sent = client.get(url).send().await;
        let read = match sent {
            Ok(response) => {
                let url = response.url().clone();
                response
                    .bytes()
                    .await
                    .map(|_| ())
                    .map_err(|error| error.with_url(url))
            }
            Err(error) => Err(error),
        };
        match read {
            Err(error) => TransportError::new(error),
            Ok(()) => panic!("{url} answered"),
        }
    }

    /// Everything the error shows: `Display`, `Debug` and the words of every error under it.
    fn everything_shown(error: &TransportError) -> String {
        let mut shown = format!("{error:?}");
        let mut under: Option<&(dyn StdError + 'static)> = Some(error);
        while let Some(error) = under {
            shown.push('\n');
            shown.push_str(&error.to_string());
            under = error.source();
        }
        shown
    }

    #[tokio::test]
    async fn a_refused_connection_says_so_and_shows_no_credential() {
        let closed = port(&listener());
        let url = format!(
            "http://jing:LEAK-PASSWORD@127.0.0.1:{closed}/v1/x?access_token=LEAK-TOKEN&page=2"
        );
        let error = failure(&url, Duration::from_secs(30)).await;
        assert!(
            error.is_connect() && !error.is_timeout() && !error.is_body(),
            "{error:?}"
        );
        let url = format!("http://127.0.0.1:{closed}/v1/x?access_token=%5BREDACTED%5D&page=2");
        assert_eq!(error.to_string(), format!("cannot connect to {url}"));
        assert_eq!(
            crate::ErrorReport::new(&error).to_string(),
            format!("cannot connect to {url}: connection refused")
        );
        assert_eq!(error.url().and_then(url::Url::password), None);
        let shown = everything_shown(&error);
        assert!(!shown.contains("LEAK"), "{shown}");
        // Under it, reqwest's error, and under that the operating system's.
        let reqwest = error
            .source()
            .and_then(|source| source.downcast_ref::<reqwest::Error>());
        assert!(reqwest.is_some_and(reqwest::Error::is_connect), "{error:?}");
        let refused = std::iter::successors(error.source(), |&error| error.source())
            .filter_map(|error| error.downcast_ref::<std::io::Error>())
            .any(|io| io.kind() == ErrorKind::ConnectionRefused);
        assert!(refused, "{error:?}");
    }

    #[tokio::test]
    async fn a_server_that_never_answers_is_a_timeout() {
        let silent = listener();
        let address = format!("http://127.0.0.1:{}/v1/x", port(&silent));
        // Accepts, reads, and answers nothing until the client hangs up (the thread is not
        // waited for: the connection closes with the test's runtime).
        std::thread::spawn(move || {
            if let Ok((mut connection, _)) = silent.accept() {
                let mut sink = Vec::new();
                let _ = connection.read_to_end(&mut sink);
            }
        });
        let error = failure(&address, Duration::from_millis(200)).await;
        assert!(error.is_timeout() && !error.is_connect(), "{error:?}");
        let said = format!("timed out waiting for {address}");
        assert_eq!(error.to_string(), said);
        assert_eq!(crate::ErrorReport::new(&error).to_string(), said);
    }

    #[tokio::test]
    async fn a_body_cut_short_is_a_body_error_that_says_why() {
        let server = listener();
        let address = format!("http://127.0.0.1:{}/v1/x", port(&server));
        // Announces 100 bytes, sends 5 and closes.
        let short = std::thread::spawn(move || {
            if let Ok((mut connection, _)) = server.accept() {
                let mut head = [0u8; 1024];
                let _ = connection.read(&mut head);
                let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort";
                let _ = connection.write_all(answer);
            }
        });
        let error = failure(&address, Duration::from_secs(30)).await;
        let _ = short.join();
        assert!(error.is_body() && !error.is_connect(), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!("cannot read the response of {address}")
        );
        let shown = crate::ErrorReport::new(&error).to_string();
        let prefix = format!("cannot read the response of {address}: ");
        assert!(
            shown.starts_with(&prefix) && shown.len() > prefix.len(),
            "{shown}"
        );
    }
}
