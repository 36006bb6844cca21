//! Which access token a call sends: the fixed one, the caller's provider's, or the refresh
//! cycle's (the [`TokenSource`] of `client/handle.rs`), and which answers say the token
//! was refused so the call is sent again with a new one.

use secrecy::SecretString;

use super::handle::{Client, TokenSource};
use crate::error::Error;

impl Client {
    /// The token to send: `stale` is the one the API just rejected.
    pub(super) async fn access_token(
        &self,
        stale: Option<&SecretString>,
    ) -> Result<SecretString, Error> {
        match &self.inner.tokens {
            TokenSource::Fixed(token) => Ok(token.clone()),
            TokenSource::Provider(provider) => provider.access_token(stale).await,
            TokenSource::Managed(manager) => {
                manager
                    .access_token(self, self.inner.clock.as_ref(), stale)
                    .await
            }
        }
    }

    pub(super) fn is_token_rejection(&self, error: &Error) -> bool {
        match error {
            Error::Api { code, .. } => self.inner.token_rejected_codes.contains(code),
            Error::Http { status, .. } => *status == 401,
            _ => false,
        }
    }
}
