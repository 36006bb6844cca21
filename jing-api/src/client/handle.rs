//! The client's handle and what it holds: [`Client`] (cheap to clone, one per app id), the
//! state its clones share ([`Inner`]), and how it gets its access token ([`TokenSource`]):
//! a fixed one, the caller's provider, or a refresh cycle known to it only as
//! [`ManagedTokens`] (implemented by `auth/renew.rs`, which sends its token calls through
//! this client), so the arrows run one way: `auth` uses the client, the client names no
//! part of the cycle. The call pipeline is `client.rs`; choosing the token to send is
//! `client/tokens.rs`.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use secrecy::SecretString;
use url::Url;

use crate::auth::token::TokenProvider;
use crate::clock::Clock;
use crate::endpoint::CatalogueEntry;
use crate::error::Error;
use crate::future::BoxFuture;
use crate::rate_limit::RateLimits;
use crate::retry::RetryPolicy;
use crate::schema::EndpointSchema;

/// An async client of the Jing Open Platform API.
///
/// Cheap to clone; clones share the connection pool, the token cache and the rate
/// limiters. Build one per app id and clone it.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
    /// Retry creates and updates on this handle (see [`Client::retrying_writes`]).
    pub(super) retry_writes: bool,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// The catalogue of the spec the client was built for: what raw calls are matched on.
    pub(crate) catalogue: &'static [CatalogueEntry],
    /// The schemas of that spec's typed endpoints: the typed calls it sends.
    pub(crate) schemas: &'static [&'static EndpointSchema],
    pub(crate) base_url: Url,
    pub(crate) app_id: String,
    /// The app id at the server (`<app_id>@<server>`): what stores key tokens and budgets by.
    pub(crate) scope: String,
    pub(crate) tokens: TokenSource,
    pub(crate) retry: RetryPolicy,
    pub(crate) limits: RateLimits,
    pub(crate) token_rejected_codes: BTreeSet<i64>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) max_response_bytes: usize,
    /// The URL of every path the catalogue lists, joined to the base URL and checked once
    /// when the client is built, so a typed call only clones it.
    pub(crate) known_urls: HashMap<&'static str, Url>,
}

impl Inner {
    /// Refuses a typed call whose schema is not one of the spec's (the same static, not an
    /// equal one): a request type generated from another spec, sent through this client,
    /// would go to this API's server with that API's facts.
    pub(crate) fn check_typed(&self, schema: &'static EndpointSchema) -> Result<(), Error> {
        if self
            .schemas
            .iter()
            .any(|known| std::ptr::eq(*known, schema))
        {
            return Ok(());
        }
        Err(Error::config(format!(
            "{} is not an endpoint of the spec this client was built for",
            schema.name
        )))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("app_id", &self.inner.app_id)
            .field("tokens", &self.inner.tokens)
            .field("retry", &self.inner.retry)
            .field("retry_writes", &self.retry_writes)
            .finish_non_exhaustive()
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_token_never_shows_in_debug() {
        let source = TokenSource::Fixed(SecretString::from("secret-fixed"));
        assert!(!format!("{source:?}").contains("secret-fixed"));
    }
}
