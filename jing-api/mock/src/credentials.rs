//! The credentials a mock accepts, apart from the crate root so that the generated probe
//! samples, which fill them in, and the root, which hands out the probes, import one way.

/// The credentials a mock accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockCredentials {
    /// The app id every call must carry.
    pub app_id: String,
    /// The app secret the token calls must carry.
    pub app_secret: String,
    /// The refresh token the refresh call must carry.
    pub refresh_token: String,
    /// An access token valid from the start (until [`MockServer::expire_tokens`](crate::MockServer::expire_tokens)).
    pub access_token: String,
}
