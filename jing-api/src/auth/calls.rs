//! The token calls the generator lists (`generated::TOKEN_CALLS`), by role, each sent
//! through the client like any other call; the refresh cycle (`auth/renew.rs`) picks the
//! one it needs.

use super::{BoxFuture, IssuedToken, TokenCredentials, TokenRequest};
use crate::Error;
use crate::client::Client;

/// Sends one token call of type `E`; the generator lists these in `TOKEN_CALLS`.
pub(crate) type TokenCall =
    for<'a> fn(&'a Client, TokenCredentials<'a>) -> BoxFuture<'a, Result<IssuedToken, Error>>;

/// The token calls the spec knows, by role.
pub(crate) struct TokenCalls {
    /// Issues a first pair from the app credentials.
    pub(crate) get_access_token: Option<TokenCall>,
    /// Exchanges a refresh token for a new pair.
    pub(crate) refresh_token: Option<TokenCall>,
}

/// The body of a [`TokenCall`] for the token request type `E`.
#[allow(
    dead_code,
    reason = "unused when the features of the groups holding the token calls are off"
)]
pub(crate) fn token_call<'a, E>(
    client: &'a Client,
    credentials: TokenCredentials<'a>,
) -> BoxFuture<'a, Result<IssuedToken, Error>>
where
    E: TokenRequest + Send + Sync + 'static,
    E::Response: Send,
{
    let request = E::from_credentials(&credentials);
    Box::pin(async move { client.send(&request).await.map(E::issued) })
}
