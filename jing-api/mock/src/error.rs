//! Why the mock refused an operation: its own error type, which the in-process controls,
//! the stubs and the admin interface all return.

/// Why the mock refused an operation (a fixture, a stub, an admin request).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// No typed endpoint has this name.
    #[error("no typed endpoint `{name}`; the nearest names: {}", near.join(", "))]
    UnknownEndpoint {
        /// The name given.
        name: String,
        /// Typed endpoint names near it (all of them when none is near).
        near: Vec<String>,
    },
    /// The request to the admin interface is not one the mock understands; the reason.
    #[error("{0}")]
    BadRequest(String),
    /// A webhook the mock posted got no answer (nothing listens there, or the URL is not
    /// valid): the transport's error, kept as the cause (`is_connect()`, `url()` without
    /// credentials).
    #[error("the webhook was not delivered")]
    Unsent(#[source] jing_api::TransportError),
}

/// An undelivered webhook is the client's [`Error::Transport`](jing_api::Error::Transport)
/// (no answer came); any other refusal an [`Error::Config`](jing_api::Error::Config) over
/// the mock's error.
impl From<MockError> for jing_api::Error {
    fn from(error: MockError) -> Self {
        match error {
            MockError::Unsent(transport) => jing_api::Error::Transport(transport),
            other => jing_api::Error::config_because("the mock cannot be set up so", other),
        }
    }
}
