//! The credential markers of token calls: only on the top-level fields of a typed token
//! call (an endpoint with a `role`), which must mark every body field (so the runtime can
//! build it) and return an access token.

use super::checker::Checker;
use crate::model::{Credential, Endpoint, Field, Shape, TypeRef};

/// Credential markers: only on the top-level fields of a typed token call, which must mark
/// every body field (so the runtime can build it) and return an access token.
pub(super) fn credentials(endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    let body = endpoint
        .body
        .as_ref()
        .map_or(&[][..], |body| &body.fields[..]);
    let response = endpoint
        .response
        .as_ref()
        .map_or(&[][..], |response| &response.fields[..]);
    for (part, fields) in [("body", body), ("response", response)] {
        for (index, field) in fields.iter().enumerate() {
            let item = format!("{key}.{part}.fields[{index}]");
            nested_credentials(&field.fields, &format!("{item}.fields"), check);
            let Some(credential) = field.credential else {
                if part == "body" && endpoint.role.is_some() {
                    check.report(&format!("{item}.credential"), "every body field of a token call needs a `credential`, so the runtime can fill it");
                }
                continue;
            };
            let expected = if credential == Credential::ExpiresIn {
                TypeRef::Integer
            } else {
                TypeRef::String
            };
            if endpoint.role.is_none() {
                check.report(
                    &format!("{item}.credential"),
                    "only a token call (an endpoint with a `role`) marks credentials",
                );
            } else if field.ty != expected {
                check.report(
                    &format!("{item}.credential"),
                    format!("`{}` needs type `{expected}`", credential.as_str()),
                );
            } else if part == "body" && credential == Credential::ExpiresIn {
                check.report(
                    &format!("{item}.credential"),
                    "`expires_in` is something a token call returns, not takes",
                );
            }
        }
    }
    if endpoint.role.is_some() && endpoint.is_typed() {
        if !response
            .iter()
            .any(|field| field.credential == Some(Credential::AccessToken))
        {
            check.report(
                &format!("{key}.response"),
                "a typed token call must mark the response field with `credential: access_token`",
            );
        }
        let object_body = endpoint
            .body
            .as_ref()
            .is_none_or(|body| body.shape == Shape::Object);
        let object_response = endpoint
            .response
            .as_ref()
            .is_some_and(|response| response.ty == TypeRef::Object);
        if !object_body || !object_response {
            check.report(key, "a token call takes and returns a JSON object");
        }
        let required_params = endpoint
            .query
            .iter()
            .chain(&endpoint.headers)
            .any(|param| !param.auth && param.required.is_required());
        if required_params {
            check.report(key, "a token call cannot have required query or header parameters: the runtime could not fill them");
        }
    }
}

fn nested_credentials(fields: &[Field], key: &str, check: &mut Checker<'_>) {
    for (index, field) in fields.iter().enumerate() {
        let item = format!("{key}[{index}]");
        if field.credential.is_some() {
            check.report(
                &format!("{item}.credential"),
                "credentials are marked on top-level fields only",
            );
        }
        nested_credentials(&field.fields, &format!("{item}.fields"), check);
    }
}
