//! The one error type of the crate. Every variant that saw a response keeps its
//! `request_id` when the body had one; secrets never appear in any message.

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-zero `code` in its envelope.
    #[error("the API answered code {code}: {msg} (request_id {request_id})")]
    Api {
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
    /// The call or the connection took longer than the configured timeout.
    #[error("timed out: {0}")]
    Timeout(#[source] reqwest::Error),
    /// The request did not get a response: connection, TLS, or body read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The request could not be encoded as JSON.
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

    /// The request id the API gave this call, when the response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => Some(request_id),
            Error::Decode { request_id, .. }
            | Error::Auth { request_id, .. }
            | Error::RateLimited { request_id, .. } => request_id.as_deref(),
            Error::Http { .. }
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
