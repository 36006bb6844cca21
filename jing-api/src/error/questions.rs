//! The questions callers branch on without matching variants: whether to retry, the HTTP
//! status, the API's code, a stable kind for metrics, the request id, the raw `data`. The
//! enum itself and its constructors are `error.rs`.

use super::{Error, LimitScope};

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
            | Error::RateLimited { .. }
            | Error::LimitWaitTooLong { .. }
            | Error::Store { .. } => true,
            Error::Http { status, .. } | Error::Api { status, .. } => *status >= 500,
            Error::Decode { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Auth { .. }
            | Error::RefreshTokenRejected { .. }
            | Error::Encode(_)
            | Error::Config { .. } => false,
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
            | Error::RefreshTokenRejected { .. }
            | Error::Transport(_)
            | Error::Encode(_)
            | Error::Store { .. }
            | Error::Config { .. } => None,
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
    /// `response_too_large`, `auth`, `refresh_token_rejected`, `rate_limited`, `limit_wait`,
    /// `timeout` (an [`Error::Transport`] that timed out), `transport`, `encode`, `store` or
    /// `config`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Api { .. } => "api",
            Error::Http { .. } => "http",
            Error::Decode { .. } => "decode",
            Error::ResponseTooLarge { .. } => "response_too_large",
            Error::Auth { .. } => "auth",
            Error::RefreshTokenRejected { .. } => "refresh_token_rejected",
            Error::RateLimited { .. } => "rate_limited",
            Error::LimitWaitTooLong { .. } => "limit_wait",
            Error::Transport(error) if error.is_timeout() => "timeout",
            Error::Transport(_) => "transport",
            Error::Encode(_) => "encode",
            Error::Store { .. } => "store",
            Error::Config { .. } => "config",
        }
    }

    /// The request id the API gave this call, when the response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => Some(request_id),
            Error::Decode { request_id, .. }
            | Error::Auth { request_id, .. }
            | Error::RefreshTokenRejected { request_id, .. }
            | Error::RateLimited { request_id, .. } => request_id.as_deref(),
            Error::Http { .. }
            | Error::LimitWaitTooLong { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Transport(_)
            | Error::Encode(_)
            | Error::Store { .. }
            | Error::Config { .. } => None,
        }
    }
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
            (Error::auth("no token"), false, None, None),
            (Error::auth_because("refused", api(401)), false, None, None),
            (Error::store("file /tmp", "cannot lock"), true, None, None),
            (Error::config("no base URL"), false, None, None),
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
            Error::config(""),
        ];
        for error in errors {
            if policy.delay(1, &error, true).is_some() {
                assert!(error.is_retryable(), "{error:?}");
            }
        }
    }
}
