//! The boxed future every hook of the crate returns: the token stores, the limit stores
//! and the token providers alike. It lives in a module of its own so that `auth`, `store`,
//! `telemetry` and the client all name it from here (it is shown to users as
//! [`crate::auth::BoxFuture`]).

use std::future::Future;
use std::pin::Pin;

/// A boxed future, as the token hooks return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
