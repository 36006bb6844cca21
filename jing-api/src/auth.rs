//! Where access tokens come from: a fixed token, the client's own refresh cycle, or a
//! user-supplied [`TokenProvider`].
//!
//! The refresh cycle knows no endpoint by name. The spec marks the token calls with a
//! role and their fields with the credential they carry; the generator implements
//! [`TokenRequest`] for them and lists them in its crate's [`ApiSpec`](crate::ApiSpec). When the Get
//! Access Token page is transcribed, regenerating is all it takes for the runtime to
//! use it. Sending is `client.rs`; this module only decides which token to send.
//! Renewal across processes (the store, the lock, compare-and-expire) is
//! `auth/renew.rs`, over the stores of [`crate::store`]; the token calls of one renewal
//! are `auth/refresh.rs`, and a pair the store could not take yet waits in
//! `auth/pending.rs`. The token calls the generator lists are sent through the client
//! by `auth/calls.rs`; what they exchange (the provider, the credentials, the tokens
//! issued) is `auth/token.rs`, which the client names too; the client holds the refresh
//! cycle as `client/handle.rs` describes it, so the arrows run one way.

mod calls;
pub(crate) mod lease;
mod pending;
mod refresh;
mod renew;
pub(crate) mod token;

pub use secrecy::{ExposeSecret, SecretString};

pub use crate::future::BoxFuture;
pub use calls::TokenCall;
pub use token::{IssuedToken, TokenCredentials, TokenProvider, TokenRequest};

pub(crate) use calls::TokenCalls;
pub(crate) use renew::{Configured, TokenManager, TokenSettings};
