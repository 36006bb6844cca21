//! The one error type of the crate and its constructors. Every variant that saw a response
//! keeps its `request_id` when the body had one; every variant with an error under it keeps
//! that error (`source()`), and `Display` says only the variant's own words; secrets never
//! appear in any message nor in any source. The questions callers branch on
//! (`is_retryable`, `status`, `kind`, …) are `error/questions.rs`; how a cause is kept and
//! checked for secrets is `error/cause.rs`; the transport's error, which hides the HTTP
//! library, is `error/transport.rs`; the one line that tells the whole chain is
//! `error/report.rs`.

mod cause;
mod hidden;
mod questions;
mod report;
mod transport;

pub use cause::BoxError;
pub(crate) use cause::hiding;
pub use report::ErrorReport;
pub use transport::TransportError;

/// Everything that can go wrong with a call.
///
/// 调用可能出现的全部错误；可按是否值得重试、HTTP 状态码与接口返回码分支处理。
///
/// Beside matching the variants, three questions cover most decisions:
/// [`Error::is_retryable`] (may the same request succeed later?), [`Error::status`] (the
/// HTTP status, when a response came) and [`Error::code`] (the API's `code`, when it
/// answered one); [`Error::request_id`] is what to quote to the vendor.
///
/// `Display` says what failed, in this error's own words; the error under it is
/// [`source()`](std::error::Error::source) (a `redis::RedisError`, a `std::io::Error`, the
/// token call's own `Error`, [`TransportError`], …), for code that acts on its type and for
/// reporters that walk the chain (anyhow, eyre), which so print each cause once.
/// [`Error::report`] is the whole story on one line, for a log or a person.
///
/// ```
/// use jing_api::Error;
///
/// /// What a caller does next.
/// fn next_step(error: &Error) -> &'static str {
///     match (error.status(), error.code()) {
///         _ if error.is_retryable() => "retry later",
///         (_, Some(_)) => "the API refused it: log the code and the request id",
///         (Some(status), None) if status >= 400 => "the gateway refused it",
///         _ => "a bug or a setting to fix",
///     }
/// }
///
/// // The API answers its own codes in the envelope, often with HTTP 200.
/// let refused = br#"{"request_id":"r1","code":40001,"msg":"invalid parameter"}"#;
/// let error = match jing_api::decode_response::<serde_json::Value>(200, refused) {
///     Err(error) => error,
///     Ok(data) => panic!("decoded {data}"),
/// };
/// assert_eq!((error.status(), error.code()), (Some(200), Some(40001)));
/// assert_eq!(error.request_id(), Some("r1"));
/// assert_eq!(next_step(&error), "the API refused it: log the code and the request id");
///
/// // A 503 from a proxy, without the envelope: worth another try.
/// let busy = jing_api::decode_response::<serde_json::Value>(503, b"<html>busy</html>");
/// let error = busy.err();
/// assert_eq!(error.as_ref().and_then(Error::status), Some(503));
/// assert_eq!(error.as_ref().map(next_step), Some("retry later"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-zero `code` in its envelope.
    #[error("the API answered code {code}: {msg} (request_id {request_id})")]
    Api {
        /// The HTTP status of the answer (the API often sends its codes with 200).
        status: u16,
        /// The envelope's `code`.
        code: i64,
        /// The envelope's `msg`.
        msg: String,
        /// The envelope's `request_id`, to quote to the vendor.
        request_id: String,
    },
    /// A non-success HTTP status whose body is not a Jing envelope.
    #[error("HTTP status {status} without a Jing envelope; the body starts with {body_start:?}")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The first characters of the body.
        body_start: String,
    },
    /// The body could not be decoded (not JSON, not an envelope, or `data` of another shape).
    #[error(
        "cannot decode the response at `{path}`: {message}; the body starts with {body_start:?}"
    )]
    Decode {
        /// Where in the body decoding failed, e.g. `data.success[0].identities`.
        path: String,
        /// What was wrong, in the error's own words; what the JSON parser said, when it
        /// was the parser, is the [`source`](std::error::Error::source) (see
        /// [`Error::report`]).
        message: String,
        /// The first characters of the body.
        body_start: String,
        /// The envelope's `request_id`, when the envelope itself could be read.
        request_id: Option<String>,
        /// The envelope's `data` as the server sent it, when the envelope could be read
        /// and only `data` did not fit its type (see [`Error::raw_data`]).
        raw_data: Option<Box<serde_json::value::RawValue>>,
        /// The JSON error, when there was one.
        #[source]
        source: Option<serde_json::Error>,
    },
    /// The response body was larger than the client's cap (`ClientBuilder::max_response_bytes`);
    /// it was not read whole.
    #[error("the response body is larger than the {limit}-byte cap and was not read")]
    ResponseTooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The access token could not be obtained, or was rejected with no way to renew it.
    /// Build one with [`Error::auth`] or [`Error::auth_because`] (fields may be added, so
    /// a pattern ends with `..`).
    #[error("authentication failed: {message}")]
    #[non_exhaustive]
    Auth {
        /// What went wrong and what to supply (the cause's words are not in it: they are
        /// `source()`'s).
        message: String,
        /// The request id of the answer that caused it, if any.
        request_id: Option<String>,
        /// The error under it: the token call's own [`Error`] (the API's refusal, a
        /// transport error), or what a [`TokenProvider`](crate::auth::TokenProvider) failed
        /// with.
        source: Option<BoxError>,
    },
    /// The server refused every refresh token the client knows (the stored one and the
    /// configured one), so no access token can be obtained until a new refresh token comes.
    /// The refused tokens are remembered (in the store, for every client sharing it, and in
    /// this process) and not sent again: the message says how to write a new refresh token
    /// into the store ([`crate::store::seed`], `jing auth seed`). Not retryable: the same
    /// call fails at once, without a token call, until then.
    ///
    /// 刷新令牌已被服务器拒绝：请写入新的刷新令牌（`jing auth seed`）。
    #[error("{message}")]
    RefreshTokenRejected {
        /// What was refused, and how to seed a new refresh token (the refusal's words are
        /// not in it: they are `source()`'s).
        message: String,
        /// The scope (`<app_id>@<server>`) whose refresh token is needed.
        scope: String,
        /// The request id of the refusal, when this client saw it.
        request_id: Option<String>,
        /// The server's refusal of the last refresh token sent (this crate's [`Error`]: an
        /// [`Error::Api`] or [`Error::Http`]; `downcast_ref::<Error>()` reaches it), when
        /// this client saw it; `None` when the refresh tokens were refused earlier and are
        /// remembered.
        source: Option<BoxError>,
    },
    /// A documented limit was hit: the day's budget on this client, or the server's.
    #[error("rate limited ({scope:?}){}", retry_after.map(|after| format!("; retry after {after:?}")).unwrap_or_default())]
    RateLimited {
        /// Which limit.
        scope: LimitScope,
        /// How long until the limit lifts, when known.
        retry_after: Option<std::time::Duration>,
        /// The request id of the server's answer, if any.
        request_id: Option<String>,
    },
    /// A per-second limit (this client's, or the one shared through a limit store) would
    /// have kept the call waiting longer than the client's cap
    /// ([`ClientBuilder::max_limit_wait`](crate::ClientBuilder::max_limit_wait)); the call
    /// was not sent. Many calls at once on one endpoint queue behind its limit: send fewer
    /// at a time, or raise the cap.
    #[error(
        "{endpoint}: the per-second limit would keep this call waiting past the cap of {max_wait:?} (max_limit_wait) after {waited:?} of waiting; it was not sent: send fewer calls at once or raise the cap"
    )]
    LimitWaitTooLong {
        /// The endpoint's name (`create_customer`; `raw /path` for a raw call).
        endpoint: String,
        /// How long the call had waited when it gave up.
        waited: std::time::Duration,
        /// The cap.
        max_wait: std::time::Duration,
    },
    /// The request did not get a response: the connection could not be made (refused, DNS,
    /// TLS), a time limit ran out ([`TransportError::is_timeout`]), or the connection broke
    /// while sending or reading the body.
    #[error("transport error")]
    Transport(#[source] TransportError),
    /// The request could not be encoded (as JSON, or as a form).
    #[error("cannot encode the request")]
    Encode(#[source] serde_json::Error),
    /// A shared store (a token file, a Redis server) could not be read or written. A client
    /// with a shared store never falls back to local state: a call fails rather than run
    /// unlimited or renew tokens the others cannot see.
    /// Build one with [`Error::store`] or [`Error::store_because`] (fields may be added, so
    /// a pattern ends with `..`).
    #[error("the {store} store failed: {message}")]
    #[non_exhaustive]
    Store {
        /// Which store (`redis redis://host:6379/`, `file /path`, …), without credentials.
        store: String,
        /// Which step failed (the cause's words are not in it: they are `source()`'s).
        message: String,
        /// The error under it: a `redis::RedisError`, a `std::io::Error`, the
        /// `serde_json::Error` of a file that does not hold a record, …
        source: Option<BoxError>,
    },
    /// The client (or the mock, or a store) was configured in a way that cannot work.
    /// Build one with [`Error::config`] or [`Error::config_because`] (fields may be added,
    /// so a pattern ends with `..`).
    #[error("invalid client configuration: {message}")]
    #[non_exhaustive]
    Config {
        /// What cannot work, and what to change (the cause's words are not in it: they are
        /// `source()`'s).
        message: String,
        /// The error under it, when one says why: a `url::ParseError` of the base URL, the
        /// `std::io::Error` of a port already in use, …
        source: Option<BoxError>,
    },
}

/// The constructors: one line at every place that fails, the cause kept whole.
impl Error {
    /// An [`Error::Config`]: `message` says what cannot work and what to change.
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
            source: None,
        }
    }

    /// An [`Error::Config`] caused by `source` (kept for `source()`, whose words a report
    /// shows, so they must hold no secret).
    pub fn config_because(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Error::Config {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// An [`Error::Auth`] with nothing under it: `message` says what went wrong and what to
    /// supply.
    pub fn auth(message: impl Into<String>) -> Self {
        Error::Auth {
            message: message.into(),
            request_id: None,
            source: None,
        }
    }

    /// An [`Error::Auth`] caused by `source` (kept for `source()`). When `source` is this crate's [`Error`] (a token call's),
    /// its request id is kept too.
    pub fn auth_because(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        let source = source.into();
        let request_id = source
            .downcast_ref::<Error>()
            .and_then(Error::request_id)
            .map(str::to_owned);
        Error::Auth {
            message: message.into(),
            request_id,
            source: Some(source),
        }
    }

    /// An [`Error::Store`] of the store named `store` (without credentials) with nothing
    /// under it: `message` says which step failed.
    pub fn store(store: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Store {
            store: store.into(),
            message: message.into(),
            source: None,
        }
    }

    /// An [`Error::Store`] of the store named `store` (without credentials) caused by
    /// `source` (kept for `source()`, whose words a report shows, so
    /// they must hold no secret). A store of your own ([`TokenStore`](crate::store::TokenStore)) hands
    /// its database's error here.
    pub fn store_because(
        store: impl Into<String>,
        message: impl Into<String>,
        source: impl Into<BoxError>,
    ) -> Self {
        Error::Store {
            store: store.into(),
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// This error and every error under it on one line, each cause said once: what to
    /// print for a person or a log (`Display` alone says only this error's own words).
    ///
    /// 错误及其全部原因，合成一行。
    pub fn report(&self) -> ErrorReport<'_> {
        ErrorReport::new(self)
    }

    /// reqwest's error of a request: an [`Error::Transport`], or an [`Error::Config`] when
    /// the request could not even be built (a header that is not valid). Either way the URL
    /// it quotes loses its credentials.
    pub(crate) fn from_reqwest(mut error: reqwest::Error) -> Self {
        if let Some(url) = error.url_mut() {
            crate::redact::redact_url(url);
        }
        if error.is_builder() {
            return Error::config_because(
                "the request cannot be built (a header name or value, or the URL, is not valid)",
                error,
            );
        }
        Error::Transport(TransportError::new(error))
    }
}

/// Which documented limit stopped a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitScope {
    /// The per-day budget, enforced by this client.
    Day,
    /// The server answered that a limit was hit.
    Server,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> Error {
        Error::Api {
            status,
            code: 40_001,
            msg: "invalid parameter".to_owned(),
            request_id: "r1".to_owned(),
        }
    }

    #[test]
    fn a_cause_is_kept_for_source_and_its_words_end_the_report_only() {
        use std::error::Error as _;
        use std::io::ErrorKind::PermissionDenied;
        let io = || std::io::Error::new(PermissionDenied, "permission denied");
        let cases = [
            (
                Error::config_because("cannot read the fixtures", io()),
                "invalid client configuration: cannot read the fixtures: permission denied",
            ),
            (
                Error::store_because("file /tmp/t", "cannot lock /tmp/t/a.lock", io()),
                "the file /tmp/t store failed: cannot lock /tmp/t/a.lock: permission denied",
            ),
            (
                Error::auth_because("the token provider failed", io()),
                "authentication failed: the token provider failed: permission denied",
            ),
        ];
        for (error, shown) in cases {
            assert_eq!(error.report().to_string(), shown);
            let own = shown.trim_end_matches(": permission denied");
            assert_eq!(error.to_string(), own);
            let io = error
                .source()
                .and_then(|source| source.downcast_ref::<std::io::Error>());
            assert_eq!(
                io.map(std::io::Error::kind),
                Some(PermissionDenied),
                "{error:?}"
            );
        }
        for (error, shown) in [
            (
                Error::config("no base URL"),
                "invalid client configuration: no base URL",
            ),
            (
                Error::store("file /t", "the task failed"),
                "the file /t store failed: the task failed",
            ),
            (Error::auth("no token"), "authentication failed: no token"),
        ] {
            assert_eq!(error.to_string(), shown);
            assert!(error.source().is_none(), "{error:?}");
        }
    }

    #[test]
    fn a_report_tells_a_token_call_s_error_under_an_auth_error() {
        let call = Error::config("no base URL");
        let error = Error::auth_because("the token call failed", call);
        assert_eq!(
            error.report().to_string(),
            "authentication failed: the token call failed: invalid client configuration: no base URL"
        );
    }

    #[test]
    fn an_auth_error_over_a_token_call_keeps_its_request_id_and_the_call_s_error() {
        use std::error::Error as _;
        let error = Error::auth_because("the access token was rejected", api(401));
        assert_eq!(error.request_id(), Some("r1"));
        assert_eq!(error.kind(), "auth");
        let under = error
            .source()
            .and_then(|source| source.downcast_ref::<Error>());
        assert_eq!(under.and_then(Error::code), Some(40_001), "{error:?}");
        assert_eq!(
            error.to_string(),
            "authentication failed: the access token was rejected"
        );
        assert_eq!(error.report().to_string(), format!("{error}: {}", api(401)));
    }
}
