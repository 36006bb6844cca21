//! Who may send webhooks: the [`SenderCheck`] a receiver runs before it reads a request,
//! and the two checks the crate ships, a shared secret in a header
//! ([`SharedSecretHeader`]) and a list of addresses ([`IpAllowList`]).

use std::net::{IpAddr, SocketAddr};

use axum::http::{HeaderMap, HeaderName};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

/// Decides whether a request may be from the platform, from its headers and peer address.
///
/// 自定义的发送方校验。
pub trait SenderCheck: Send + Sync + 'static {
    /// `true` to accept the request. `peer` is known only when the router is served with
    /// `into_make_service_with_connect_info::<SocketAddr>()`.
    fn accepts(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> bool;
}

impl<F> SenderCheck for F
where
    F: Fn(&HeaderMap, Option<SocketAddr>) -> bool + Send + Sync + 'static,
{
    fn accepts(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> bool {
        self(headers, peer)
    }
}

/// Accepts requests whose header `name` holds the secret you configured (for instance
/// added by your proxy). The comparison takes the same time wherever the first
/// difference is.
pub struct SharedSecretHeader {
    name: HeaderName,
    secret: SecretString,
}

impl SharedSecretHeader {
    /// A check of header `name` against `secret`, e.g.
    /// `SharedSecretHeader::new(HeaderName::from_static("x-hook-secret"), secret)`.
    pub fn new(name: HeaderName, secret: impl Into<String>) -> Self {
        SharedSecretHeader {
            name,
            secret: SecretString::from(secret.into()),
        }
    }
}

impl std::fmt::Debug for SharedSecretHeader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedSecretHeader")
            .field("name", &self.name)
            .field("secret", &"[REDACTED]")
            .finish()
    }
}

impl SenderCheck for SharedSecretHeader {
    fn accepts(&self, headers: &HeaderMap, _peer: Option<SocketAddr>) -> bool {
        let expected = self.secret.expose_secret().as_bytes();
        headers
            .get(&self.name)
            .is_some_and(|value| bool::from(value.as_bytes().ct_eq(expected)))
    }
}

/// Accepts requests from the listed addresses only; refuses all when the peer address is
/// unknown (serve with `into_make_service_with_connect_info::<SocketAddr>()`).
#[derive(Debug, Clone)]
pub struct IpAllowList(pub Vec<IpAddr>);

impl SenderCheck for IpAllowList {
    /// Addresses are compared in canonical form: an IPv4 peer reaching a `[::]` listener
    /// as `::ffff:a.b.c.d` matches `a.b.c.d` in the list, and the other way round.
    fn accepts(&self, _headers: &HeaderMap, peer: Option<SocketAddr>) -> bool {
        peer.is_some_and(|peer| {
            let peer = peer.ip().to_canonical();
            self.0.iter().any(|allowed| allowed.to_canonical() == peer)
        })
    }
}
