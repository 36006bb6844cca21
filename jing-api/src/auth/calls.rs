//! The token calls the generator lists (in the [`ApiSpec`](crate::ApiSpec) it hands the
//! client), each sent through the client like any other call; the refresh cycle (`auth/renew.rs`) picks the one it needs
//! by the role its schema gives it ([`EndpointSchema::token_role`]), the one place the
//! spec's role is written.

use super::token::{IssuedToken, TokenCredentials, TokenRequest};
use crate::Error;
use crate::client::Client;
use crate::future::BoxFuture;
use crate::schema::{EndpointSchema, TokenRole};

/// Sends one token call of some type: [`TokenCall::of`] makes one for each.
pub(crate) type SendToken =
    for<'a> fn(&'a Client, TokenCredentials<'a>) -> BoxFuture<'a, Result<IssuedToken, Error>>;

/// One token call of a spec: its request type's schema, which says its role, and how to
/// send it. The generator lists them in its crate's [`ApiSpec`](crate::ApiSpec).
#[derive(Clone, Copy)]
pub struct TokenCall {
    schema: &'static EndpointSchema,
    send: SendToken,
}

impl TokenCall {
    /// The token call of the request type `E`, its role read from `E::SCHEMA`: public with
    /// the `test-util` feature, for the specs generated into other crates (the fixture's),
    /// as the row constructors of the schema are.
    #[cfg(feature = "test-util")]
    #[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
    pub const fn of<E>() -> TokenCall
    where
        E: TokenRequest + Send + Sync + 'static,
        E::Response: Send,
    {
        TokenCall::of_type::<E>()
    }

    /// [`TokenCall::of`] without the `test-util` feature, for this crate's own spec.
    #[cfg(not(feature = "test-util"))]
    #[allow(
        dead_code,
        reason = "unused when the features of the groups holding the token calls are off"
    )]
    pub(crate) const fn of<E>() -> TokenCall
    where
        E: TokenRequest + Send + Sync + 'static,
        E::Response: Send,
    {
        TokenCall::of_type::<E>()
    }

    #[allow(
        dead_code,
        reason = "unused when the features of the groups holding the token calls are off"
    )]
    const fn of_type<E>() -> TokenCall
    where
        E: TokenRequest + Send + Sync + 'static,
        E::Response: Send,
    {
        TokenCall {
            schema: E::SCHEMA,
            send: token_call::<E>,
        }
    }
}

/// The token calls a spec knows (those whose groups are compiled in).
pub(crate) struct TokenCalls(pub(crate) &'static [TokenCall]);

impl TokenCalls {
    /// The call whose schema has `role`, if one is compiled in.
    fn by_role(&self, role: TokenRole) -> Option<SendToken> {
        self.0
            .iter()
            .find(|call| call.schema.token_role == Some(role))
            .map(|call| call.send)
    }

    /// The call that issues a first pair from the app credentials.
    pub(crate) fn get_access_token(&self) -> Option<SendToken> {
        self.by_role(TokenRole::GetAccessToken)
    }

    /// The call that exchanges a refresh token for a new pair.
    pub(crate) fn refresh_token(&self) -> Option<SendToken> {
        self.by_role(TokenRole::RefreshToken)
    }
}

/// The body of a [`SendToken`] for the token request type `E`.
#[allow(
    dead_code,
    reason = "unused when the features of the groups holding the token calls are off"
)]
fn token_call<'a, E>(
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

#[cfg(all(test, feature = "oauth"))]
mod tests {
    use super::*;

    /// The runtime finds the refresh call by its schema's role, and no Get Access Token call
    /// while the spec has none typed.
    #[test]
    fn token_calls_are_found_by_their_schemas_role() {
        let calls = &crate::SPEC.token_calls;
        let typed: Vec<Option<TokenRole>> = calls.0.iter().map(|c| c.schema.token_role).collect();
        assert!(
            typed.iter().all(Option::is_some),
            "only token calls are listed"
        );
        assert!(calls.refresh_token().is_some());
        let has_get = crate::SPEC
            .schemas
            .iter()
            .any(|schema| schema.token_role == Some(TokenRole::GetAccessToken));
        assert_eq!(calls.get_access_token().is_some(), has_get);
    }
}
