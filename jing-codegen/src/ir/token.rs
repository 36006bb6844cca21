//! The part a token call plays in the intermediate form ([`TokenRole`]): which credential
//! fills each member of its request, and which member of its answer holds each token
//! ([`Issued`]); and its lowering. Each body member comes paired with its credential from
//! the valid spec's view of the endpoint (`jing_spec::valid::TokenMembers`), where it is
//! not optional, so no member can be left without one.

use jing_spec::names;
use jing_spec::valid::TokenMembers;
use jing_spec::{Credential, Role};

use super::field::Field;

/// The part a token call plays, and how the runtime fills its request and reads its answer.
#[derive(Debug, Clone)]
pub(crate) struct TokenRole {
    /// Which token call it is.
    pub(crate) role: Role,
    /// The credential of each required body member: the constructor's arguments, in order.
    pub(crate) arguments: Vec<Credential>,
    /// Each optional body member: its setter and the credential it is set from.
    pub(crate) setters: Vec<(String, Credential)>,
    /// The response member holding the access token, if one is marked.
    pub(crate) access_token: Option<Issued>,
    /// The response member holding the refresh token, if one is marked.
    pub(crate) refresh_token: Option<Issued>,
    /// The response member holding the token's lifetime, if one is marked.
    pub(crate) expires_in: Option<Issued>,
}

/// A response member a token call's answer is read from.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    /// The member's Rust name.
    pub(crate) member: String,
    /// Whether it is required (a plain value) or optional (an `Option`).
    pub(crate) required: bool,
}

/// The part `endpoint` plays in obtaining tokens, if it has a `role`: how the runtime
/// fills it from its credentials (`members`, each body member with its credential, as the
/// valid spec's view pairs them) and reads the new tokens (`response`, its lowered members),
/// through the members the spec marks with `credential`.
pub(crate) fn token_role(
    endpoint: &jing_spec::Endpoint,
    members: TokenMembers<'_>,
    response: &[Field],
) -> Option<TokenRole> {
    let role = endpoint.role?;
    let mut arguments = Vec::new();
    let mut setters = Vec::new();
    for (member, credential) in members.iter() {
        if member.required.is_required() {
            arguments.push(credential);
        } else {
            setters.push((names::field_name(&member.name), credential));
        }
    }
    let issued = |credential: Credential| {
        let member = response
            .iter()
            .find(|member| member.credential == Some(credential))?;
        Some(Issued {
            member: member.ident.clone(),
            required: member.is_required(),
        })
    };
    Some(TokenRole {
        role,
        arguments,
        setters,
        access_token: issued(Credential::AccessToken),
        refresh_token: issued(Credential::RefreshToken),
        expires_in: issued(Credential::ExpiresIn),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_call_is_filled_from_credentials_and_read_by_its_marks() {
        let api = crate::ir::lower(&crate::testing::spec(crate::testing::TOKEN_CALL));
        let (_, _, typed) = api.typed().next().expect("one typed call");
        let token = typed.token.as_ref().expect("a token call");
        assert_eq!(token.role, Role::GetAccessToken);
        assert_eq!(token.arguments, [Credential::AppId]);
        assert_eq!(
            token.setters,
            [("secret".to_owned(), Credential::AppSecret)]
        );
        let issued = |issued: &Option<Issued>| {
            issued
                .as_ref()
                .map(|issued| (issued.member.clone(), issued.required))
        };
        assert_eq!(
            issued(&token.access_token),
            Some(("token".to_owned(), true))
        );
        assert_eq!(issued(&token.refresh_token), None);
        assert_eq!(issued(&token.expires_in), Some(("ttl".to_owned(), false)));
        // A token call may always be sent again.
        assert!(typed.idempotent);
    }
}
