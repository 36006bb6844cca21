//! [`ClientBuilder::build`]: the configuration checked and turned into a client (its
//! token source, base URL, limits and HTTP client). What can be configured, and the
//! defaults, are `config.rs`.

use std::sync::Arc;
use std::time::Duration;

use super::ClientBuilder;
use crate::Error;
use crate::auth::{Configured, TokenManager, TokenSettings};
use crate::base_url::parse_base_url;
use crate::client::{Client, Inner, TokenSource};
use crate::rate_limit::RateLimits;
use crate::store::MemoryTokenStore;
use crate::store::limits::LimitStore;
use crate::telemetry::{ObservedLimitStore, ObservedTokenStore};

impl ClientBuilder {
    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let app_id = self
            .app_id
            .ok_or_else(|| Error::config("app_id is required: call .app_id(..)"))?;
        let (lease, wait_limit) = crate::auth::lease::settings(self.renewal_lease, self.timeout);
        let tokens = match (
            self.provider,
            self.app_secret,
            self.access_token,
            self.refresh_token,
        ) {
            (Some(provider), ..) => TokenSource::Provider(provider),
            (None, Some(app_secret), access_token, refresh_token) => {
                TokenSource::Managed(Box::new(TokenManager::new(
                    Configured {
                        app_secret,
                        access_token,
                        refresh_token,
                        expires_at: self.access_token_expires_at,
                    },
                    TokenSettings {
                        // Every store's calls are observed (spans, metrics) alike.
                        store: Arc::new(ObservedTokenStore(
                            self.token_store
                                .unwrap_or_else(|| Arc::new(MemoryTokenStore::new())),
                        )),
                        margin: self.refresh_margin,
                        lease,
                        wait_limit,
                        secret_codes: self.secret_rejected_codes,
                        hook: self.on_tokens_issued,
                        calls: &self.spec.token_calls,
                    },
                )))
            }
            (None, None, Some(access), None) => TokenSource::Fixed(access),
            (None, None, _, Some(_)) => {
                return Err(Error::config(
                    "a refresh token needs the app secret: call .app_secret(..)",
                ));
            }
            (None, None, None, None) => {
                return Err(Error::config(
                    "no credentials: supply .access_token(..), or .app_secret(..) with .refresh_token(..), or .token_provider(..)",
                ));
            }
        };
        let default_url = self.spec.default_base_url;
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(default_url))?;
        let scope = crate::store::scope_of(&base_url, &app_id);
        let known_urls = known_urls(self.spec.catalogue, &base_url);
        let http = http_client(self.timeout, self.connect_timeout)?;
        Ok(Client::from_inner(
            Arc::new(Inner {
                http,
                catalogue: self.spec.catalogue,
                schemas: self.spec.schemas,
                base_url,
                app_id,
                scope,
                tokens,
                retry: self.retry,
                limits: RateLimits::new(
                    self.rate_limits,
                    self.day_offset_seconds,
                    self.limit_store
                        .map(|store| Arc::new(ObservedLimitStore(store)) as Arc<dyn LimitStore>),
                    self.max_limit_wait,
                ),
                token_rejected_codes: self.token_rejected_codes,
                clock: self.clock,
                max_response_bytes: self.max_response_bytes,
                known_urls,
            }),
            self.retry_writes,
        ))
    }
}

/// The URL of every path `catalogue` lists, joined to `base_url` and checked now rather
/// than on each call.
fn known_urls(
    catalogue: &'static [crate::CatalogueEntry],
    base_url: &url::Url,
) -> std::collections::HashMap<&'static str, url::Url> {
    catalogue
        .iter()
        .filter_map(|entry| entry.path)
        .filter_map(|path| Some((path, crate::client::join_path(base_url, path).ok()?)))
        .collect()
}

/// The HTTP client, with the timeouts configured.
fn http_client(
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
) -> Result<reqwest::Client, Error> {
    let mut http = reqwest::Client::builder();
    if let Some(timeout) = timeout {
        http = http.timeout(timeout);
    }
    if let Some(timeout) = connect_timeout {
        http = http.connect_timeout(timeout);
    }
    http.build()
        .map_err(|error| Error::config_because("cannot build the HTTP client", error))
}
