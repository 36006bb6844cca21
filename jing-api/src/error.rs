//! The one error type of the crate. Every variant that saw a response keeps its
//! `request_id` when the body had one; secrets never appear in any message.

/// Everything that can go wrong with a call.
///
/// 调用可能出现的全部错误；可按是否值得重试、HTTP 状态码与接口返回码分支处理。
///
/// Beside matching the variants, three questions cover most decisions:
/// [`Error::is_retryable`] (may the same request succeed later?), [`Error::status`] (the
/// HTTP status, when a response came) and [`Error::code`] (the API's `code`, when it
/// answered one); [`Error::request_id`] is what to quote to the vendor.
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
        /// What was wrong.
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
    #[error("authentication failed: {message}")]
    Auth {
        /// What went wrong and what to supply.
        message: String,
        /// The request id of the answer that caused it, if any.
        request_id: Option<String>,
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
    /// The call or the connection took longer than the configured timeout.
    #[error("timed out: {0}")]
    Timeout(#[source] reqwest::Error),
    /// The request did not get a response: connection, TLS, or body read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The request could not be encoded (as JSON, or as a form).
    #[error("cannot encode the request: {0}")]
    Encode(#[source] serde_json::Error),
    /// A shared store (a token file, a Redis server) could not be read or written. A client
    /// with a shared store never falls back to local state: a call fails rather than run
    /// unlimited or renew tokens the others cannot see.
    #[error("the {store} store failed: {message}")]
    Store {
        /// Which store (`redis redis://host:6379/`, `file /path`, …).
        store: String,
        /// What failed.
        message: String,
    },
    /// The client was configured in a way that cannot work.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The envelope's `data` exactly as the server sent it, when decoding failed only on
    /// `data`: nothing the server sent is lost to a type mismatch.
    pub fn raw_data(&self) -> Option<&serde_json::value::RawValue> {
        match self {
            Error::Decode { raw_data, .. } => raw_data.as_deref(),
            _ => None,
        }
    }

    /// Whether the same request may succeed if sent again later: the connection failed or
    /// timed out, the server answered 5xx (with or without the envelope), a shared store
    /// (Redis) could not be reached, or a limit was hit (wait [`Error::RateLimited`]'s
    /// `retry_after`; the client's own per-day budget lifts at midnight China Standard
    /// Time). Another answer of the API (a `code` with a 2xx or 4xx status), a decode error,
    /// a refused token or a setting is not retryable: the same request gets the same answer.
    ///
    /// A write that failed in transport may have been carried out: the client retries writes
    /// only when told to (see [`crate::RetryPolicy`]), and so should a caller.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(_)
            | Error::Timeout(_)
            | Error::RateLimited { .. }
            | Error::LimitWaitTooLong { .. }
            | Error::Store { .. } => true,
            Error::Http { status, .. } | Error::Api { status, .. } => *status >= 500,
            Error::Decode { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Auth { .. }
            | Error::Encode(_)
            | Error::Config(_) => false,
        }
    }

    /// The HTTP status of the answer, when there was one that decides the error: the API's
    /// refusals (`code`), statuses without the envelope, and the server's rate limit (429).
    /// `None` when no answer came (transport, timeout, the client's own limits and
    /// settings), and for a body that did not decode, which is read only after a success
    /// status or in the envelope.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Http { status, .. } => Some(*status),
            // The client reports the server's limit exactly when the answer was 429.
            Error::RateLimited {
                scope: LimitScope::Server,
                ..
            } => Some(429),
            Error::RateLimited { .. }
            | Error::LimitWaitTooLong { .. }
            | Error::Decode { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Auth { .. }
            | Error::Timeout(_)
            | Error::Transport(_)
            | Error::Encode(_)
            | Error::Store { .. }
            | Error::Config(_) => None,
        }
    }

    /// The API's `code` from its envelope, when it answered one other than 0 (the vendor
    /// does not document what each means; see the crate docs on tokens).
    pub fn code(&self) -> Option<i64> {
        match self {
            Error::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// A short, stable name of the kind of error, for metrics and logs (the `kind` label of
    /// `jing_call_errors_total` and the `error.type` of spans): `api`, `http`, `decode`,
    /// `response_too_large`, `auth`, `rate_limited`, `limit_wait`, `timeout`, `transport`,
    /// `encode`, `store` or `config`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Api { .. } => "api",
            Error::Http { .. } => "http",
            Error::Decode { .. } => "decode",
            Error::ResponseTooLarge { .. } => "response_too_large",
            Error::Auth { .. } => "auth",
            Error::RateLimited { .. } => "rate_limited",
            Error::LimitWaitTooLong { .. } => "limit_wait",
            Error::Timeout(_) => "timeout",
            Error::Transport(_) => "transport",
            Error::Encode(_) => "encode",
            Error::Store { .. } => "store",
            Error::Config(_) => "config",
        }
    }

    /// The request id the API gave this call, when the response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => Some(request_id),
            Error::Decode { request_id, .. }
            | Error::Auth { request_id, .. }
            | Error::RateLimited { request_id, .. } => request_id.as_deref(),
            Error::Http { .. }
            | Error::LimitWaitTooLong { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Timeout(_)
            | Error::Transport(_)
            | Error::Encode(_)
            | Error::Store { .. }
            | Error::Config(_) => None,
        }
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
    use crate::RetryPolicy;

    fn api(status: u16) -> Error {
        Error::Api {
            status,
            code: 40_001,
            msg: "invalid parameter".to_owned(),
            request_id: "r1".to_owned(),
        }
    }

    fn decode() -> Error {
        Error::Decode {
            path: "data".to_owned(),
            message: "expected a string".to_owned(),
            body_start: String::new(),
            request_id: None,
            raw_data: None,
            source: None,
        }
    }

    fn limited(scope: LimitScope) -> Error {
        Error::RateLimited {
            scope,
            retry_after: None,
            request_id: None,
        }
    }

    fn http(status: u16) -> Error {
        Error::Http {
            status,
            body_start: String::new(),
        }
    }

    #[test]
    fn errors_say_whether_to_retry_and_give_their_status_and_code() {
        // The error, then is_retryable, status and code.
        let cases = [
            (api(200), false, Some(200), Some(40_001)),
            (api(401), false, Some(401), Some(40_001)),
            (decode(), false, None, None),
            (http(502), true, Some(502), None),
            (http(404), false, Some(404), None),
            (limited(LimitScope::Server), true, Some(429), None),
            (limited(LimitScope::Day), true, None, None),
            (Error::ResponseTooLarge { limit: 1 }, false, None, None),
            (
                Error::Auth {
                    message: "no token".to_owned(),
                    request_id: None,
                },
                false,
                None,
                None,
            ),
            (Error::Config("no base URL".to_owned()), false, None, None),
        ];
        for (error, retryable, status, code) in cases {
            assert_eq!(
                (error.is_retryable(), error.status(), error.code()),
                (retryable, status, code),
                "{error:?}"
            );
        }
    }

    #[test]
    fn what_the_client_retries_is_retryable() {
        let policy = RetryPolicy::default();
        let errors = [
            api(200),
            decode(),
            http(500),
            http(503),
            http(400),
            limited(LimitScope::Server),
            limited(LimitScope::Day),
            Error::ResponseTooLarge { limit: 1 },
            Error::Config(String::new()),
        ];
        for error in errors {
            if policy.delay(1, &error, true).is_some() {
                assert!(error.is_retryable(), "{error:?}");
            }
        }
    }
}
