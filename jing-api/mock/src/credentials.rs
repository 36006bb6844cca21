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

/// The credentials a mock accepts unless told otherwise ([`MockBuilder::credentials`](crate::MockBuilder::credentials)).
impl Default for MockCredentials {
    fn default() -> Self {
        MockCredentials {
            app_id: "100000000000000000000000001".to_owned(),
            app_secret: "mock-app-secret".to_owned(),
            refresh_token: "mock-refresh-token".to_owned(),
            access_token: "mock-access-0".to_owned(),
        }
    }
}
