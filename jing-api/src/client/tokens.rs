//! How a client gets its access token: a fixed one, the caller's provider, or a refresh
//! cycle ([`ManagedTokens`], implemented by `auth/renew.rs`, which sends its token calls
//! through this client). The client knows the refresh cycle only by this trait, so the
//! arrows run one way: `auth` uses the client, the client names no part of the cycle.

use std::fmt;
use std::sync::Arc;

use secrecy::SecretString;

use super::Client;
use crate::Error;
use crate::auth::{BoxFuture, TokenProvider};
use crate::clock::Clock;

/// A refresh cycle as the client drives it.
pub(crate) trait ManagedTokens: Send + Sync {
    /// The token to send through `client`: `stale` is the one the API just rejected.
    fn access_token<'a>(
        &'a self,
        client: &'a Client,
        clock: &'a dyn Clock,
        stale: Option<&'a SecretString>,
    ) -> BoxFuture<'a, Result<SecretString, Error>>;

    /// Stores a pair obtained while the store could not take it (see
    /// [`Client::flush_tokens`]).
    fn flush<'a>(&'a self, scope: &'a str) -> BoxFuture<'a, Result<(), Error>>;
}

/// How a client gets its access token.
pub(crate) enum TokenSource {
    /// A fixed token; a rejection is final.
    Fixed(SecretString),
    /// The client refreshes it through the token calls.
    Managed(Box<dyn ManagedTokens>),
    /// The caller's provider.
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Fixed(_) => f.write_str("Fixed([redacted])"),
            TokenSource::Managed(_) => f.write_str("Managed([redacted])"),
            TokenSource::Provider(provider) => f.debug_tuple("Provider").field(provider).finish(),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_token_never_shows_in_debug() {
        let source = TokenSource::Fixed(SecretString::from("secret-fixed"));
        assert!(!format!("{source:?}").contains("secret-fixed"));
    }
}
