//! What the token calls and the token hooks exchange: the caller's [`TokenProvider`], the
//! credentials a token call is built from ([`TokenCredentials`]), the calls themselves as
//! the generator marks them ([`TokenRequest`]) and what they return ([`IssuedToken`]). The
//! refresh cycle (`auth/calls.rs`, `auth/refresh.rs`, `auth/renew.rs`) and the client
//! name them from here; `auth` shows them to users.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::future::BoxFuture;

/// A source of access tokens that the caller manages (a vault, another service, …).
///
/// `stale` is the token the API just rejected, if any: return a different one, or an error.
pub trait TokenProvider: Send + Sync + fmt::Debug {
    /// The access token to send now.
    fn access_token<'a>(
        &'a self,
        stale: Option<&'a SecretString>,
    ) -> BoxFuture<'a, Result<SecretString, Error>>;
}

/// What a token call returned, read through the fields the spec marks as credentials.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct IssuedToken {
    /// The new access token.
    pub access_token: Option<String>,
    /// The new refresh token, which replaces the old one.
    pub refresh_token: Option<String>,
    /// The access token's lifetime in seconds.
    pub expires_in: Option<i64>,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |token: &Option<String>| token.as_ref().map(|_| "[redacted]");
        f.debug_struct("IssuedToken")
            .field("access_token", &shown(&self.access_token))
            .field("refresh_token", &shown(&self.refresh_token))
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// The credentials a token call may need, lent to [`TokenRequest::from_credentials`].
pub struct TokenCredentials<'a> {
    pub(crate) app_id: &'a str,
    pub(crate) app_secret: &'a SecretString,
    pub(crate) refresh_token: Option<&'a SecretString>,
    pub(crate) access_token: Option<&'a SecretString>,
}

impl TokenCredentials<'_> {
    /// The app id.
    pub fn app_id(&self) -> String {
        self.app_id.to_owned()
    }

    /// The app secret.
    pub fn app_secret(&self) -> String {
        self.app_secret.expose_secret().to_owned()
    }

    /// The current refresh token (empty when there is none).
    pub fn refresh_token(&self) -> String {
        self.refresh_token
            .map(|token| token.expose_secret().to_owned())
            .unwrap_or_default()
    }

    /// The current access token (empty when there is none).
    pub fn access_token(&self) -> String {
        self.access_token
            .map(|token| token.expose_secret().to_owned())
            .unwrap_or_default()
    }
}

/// A token call: implemented by the generator for every endpoint the spec gives a role.
pub trait TokenRequest: Endpoint {
    /// Builds the request from the client's credentials.
    fn from_credentials(credentials: &TokenCredentials<'_>) -> Self;
    /// Reads the new tokens from the response.
    fn issued(data: Self::Response) -> IssuedToken;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_never_show_in_debug() {
        let issued = IssuedToken {
            access_token: Some("secret-access".to_owned()),
            refresh_token: Some("secret-refresh".to_owned()),
            expires_in: Some(4511),
        };
        let shown = format!("{issued:?}");
        assert!(
            !shown.contains("secret-") && shown.contains("4511"),
            "{shown}"
        );
    }
}
