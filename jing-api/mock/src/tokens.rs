//! The mock's tokens: which access tokens are valid, and the token calls that issue them,
//! under the strict modes a test can turn on (each a possibility the vendor's docs leave
//! open, so the SDK must be right under all of them): access tokens that expire, refresh
//! tokens that rotate, and a new access token that invalidates the previous ones.

use std::time::SystemTime;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use axum::http::HeaderMap;

use super::codes;
use super::state::{IssuedToken, Mutable, Shared, VALID_TOKENS, envelope, refuse};
use jing_api::schema::{Credential, Place};

use super::table::MockEndpoint;

/// Whether `token` is one of the valid access tokens now.
pub(crate) fn is_valid(shared: &Shared, token: &str) -> bool {
    let now = shared.clock.now();
    let lifetime = shared.tokens.lifetime;
    shared.lock().access_tokens.iter().any(|issued| {
        issued.token == token
            && lifetime
                .is_none_or(|lifetime| now.duration_since(issued.at).unwrap_or_default() < lifetime)
    })
}

/// The `expires_in` the token calls answer.
fn expires_in(shared: &Shared) -> u64 {
    shared
        .tokens
        .lifetime
        .map_or(shared.expires_in, |lifetime| lifetime.as_secs().max(1))
}

/// A token call: every credential the body carries must be this mock's; the answer has a
/// fresh access token and the refresh token (a new one when refresh tokens rotate).
pub(crate) fn issue(shared: &Shared, endpoint: &MockEndpoint, body: Option<&Value>) -> Response {
    let given = |credential: Credential| {
        let field = endpoint
            .params(Place::Body)
            .find(|field| field.credential == Some(credential))?;
        body?.get(field.name)?.as_str().map(str::to_owned)
    };
    let marked = |credential: Credential| {
        endpoint
            .params(Place::Body)
            .any(|field| field.credential == Some(credential))
    };
    let now = shared.clock.now();
    // The refresh token is compared and rotated under one lock: of two renewals with the
    // same refresh token, one wins and the other finds it retired.
    let renewed = {
        let mut state = shared.lock();
        let wrong = [
            (Credential::AppId, shared.app_id.as_str()),
            (Credential::AppSecret, shared.app_secret.as_str()),
            (Credential::RefreshToken, state.refresh_token.as_str()),
        ]
        .into_iter()
        .find(|(credential, expected)| {
            marked(*credential) && given(*credential).as_deref() != Some(*expected)
        })
        .map(|(credential, _)| credential);
        match wrong {
            Some(credential) => Err(credential),
            None => Ok(renew(shared, &mut state, now)),
        }
    };
    let (access, refresh) = match renewed {
        Ok(pair) => pair,
        Err(credential) => {
            let msg = format!("{credential:?} does not match this mock's credentials");
            let code = match credential {
                Credential::AppId | Credential::AppSecret => codes::APP_SECRET_REFUSED,
                _ => codes::AUTH,
            };
            return refuse(shared, StatusCode::UNAUTHORIZED, code, &msg);
        }
    };
    let fields = endpoint
        .schema
        .response
        .as_ref()
        .map_or(&[][..], |response| response.fields);
    let example = super::default_data::example_data(endpoint);
    let seed = super::default_data::digest(&[access.as_bytes()]);
    let data: serde_json::Map<String, Value> = fields
        .iter()
        .map(|field| {
            let value = match field.credential {
                Some(Credential::AccessToken) => Value::from(access.clone()),
                Some(Credential::RefreshToken) => Value::from(refresh.clone()),
                Some(Credential::ExpiresIn) => Value::from(expires_in(shared)),
                _ => {
                    let given = example.as_ref().and_then(|example| example.get(field.name));
                    let place = format!("data.{}", field.name);
                    super::default_data::value(&field.kind, field.fields, given, &place, seed)
                }
            };
            (field.name.to_owned(), value)
        })
        .collect();
    envelope(shared, StatusCode::OK, 0, "success", Value::Object(data))
}

/// Issues an access token (and a refresh token when they rotate): the pair to answer.
fn renew(shared: &Shared, state: &mut Mutable, now: SystemTime) -> (String, String) {
    state.issued += 1;
    state.counters.stats.tokens_issued += 1;
    let token = format!("mock-access-{}", state.issued);
    if shared.tokens.invalidate_on_refresh {
        state.access_tokens.clear();
    }
    if state.access_tokens.len() >= VALID_TOKENS {
        state.access_tokens.pop_front();
    }
    state.access_tokens.push_back(IssuedToken {
        token: token.clone(),
        at: now,
    });
    if shared.tokens.rotate_refresh {
        state.refresh_token = format!("mock-refresh-{}", state.issued);
    }
    (token, state.refresh_token.clone())
}

/// The auth headers of a request to the API: a refusal when the app id is not this
/// mock's or the access token is not valid now.
pub(crate) fn check_auth(shared: &Shared, headers: &HeaderMap) -> Option<Response> {
    let value = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if value("app_id") != Some(shared.app_id.as_str()) {
        return Some(refuse(
            shared,
            StatusCode::UNAUTHORIZED,
            codes::AUTH,
            "header `app_id`: missing or not this mock's app id",
        ));
    }
    let token = value("access_token").unwrap_or_default();
    if !is_valid(shared, token) {
        return Some(refuse(
            shared,
            StatusCode::UNAUTHORIZED,
            codes::TOKEN_INVALID,
            "header `access_token`: missing, unknown or expired",
        ));
    }
    None
}
