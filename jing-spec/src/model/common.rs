//! The small types every part of the model uses: our bilingual [`Doc`], an item's
//! [`Status`], the [`HttpMethod`], a parameter's [`Role`] and [`Credential`], and how an
//! endpoint is authenticated ([`AuthMode`]). They name none of the larger types, so each
//! part of the model imports them and none imports the part that gathers them.

use serde::{Deserialize, Serialize};

/// A text in Chinese and English, both written in the project's own words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Doc {
    /// Chinese text.
    #[serde(default)]
    pub zh: String,
    /// English text.
    #[serde(default)]
    pub en: String,
    /// Set by `cargo xtask import --write` on a doc still to be written: the validator
    /// refuses it until someone writes the docs in our own words and removes the flag.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// The vendor's own text for the item, kept beside a draft as the page wrote it, for
    /// whoever writes our docs; absent when the page does not describe the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
}

/// How much of an endpoint's page is transcribed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every fact of the page is in the spec.
    Documented,
    /// The path is known; some facts (often required flags) are not.
    Partial,
    /// Only the title (and sometimes the method) is known; no typed call is generated.
    Catalogued,
}

impl Status {
    /// The spelling used in the YAML and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Documented => "documented",
            Status::Partial => "partial",
            Status::Catalogued => "catalogued",
        }
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
}

impl HttpMethod {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
        }
    }
}

/// The part an endpoint plays in obtaining credentials, so the runtime can find it by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Issues the first access token and refresh token pair.
    GetAccessToken,
    /// Exchanges a refresh token for a new pair.
    RefreshToken,
}

impl Role {
    /// The spelling used in the YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::GetAccessToken => "get_access_token",
            Role::RefreshToken => "refresh_token",
        }
    }
}

/// A credential a token call takes or returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Credential {
    /// The app id.
    AppId,
    /// The app secret.
    AppSecret,
    /// The access token.
    AccessToken,
    /// The refresh token.
    RefreshToken,
    /// The access token's lifetime in seconds.
    ExpiresIn,
}

impl Credential {
    /// Whether the credential is a secret (the app id and a lifetime are not).
    pub fn is_secret(self) -> bool {
        matches!(
            self,
            Credential::AppSecret | Credential::AccessToken | Credential::RefreshToken
        )
    }

    /// The spelling used in the YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Credential::AppId => "app_id",
            Credential::AppSecret => "app_secret",
            Credential::AccessToken => "access_token",
            Credential::RefreshToken => "refresh_token",
            Credential::ExpiresIn => "expires_in",
        }
    }
}

/// How an endpoint authenticates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMode {
    /// The client sends the auth headers of `api.yaml`.
    #[default]
    Headers,
    /// No auth headers: the credentials travel in the body (the OAuth calls), or in a
    /// parameter of the endpoint's own (a vendor's `Authorization`, `X-Api-Key`).
    None,
}

impl AuthMode {
    /// The spelling in YAML: `headers`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::Headers => "headers",
            AuthMode::None => "none",
        }
    }
}
