//! The shapes of the tables `cargo xtask regenerate` writes for the mock
//! (`generated/mock.rs`): what the spec says of each typed endpoint, as static data.

use crate::{Auth, Method, RateLimit};

/// One typed endpoint.
#[derive(Debug)]
pub(crate) struct MockEndpoint {
    pub(crate) name: &'static str,
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    pub(crate) auth: Auth,
    pub(crate) rate_limit: RateLimit,
    pub(crate) token_role: Option<TokenRole>,
    pub(crate) headers: &'static [MockParam],
    pub(crate) query: &'static [MockParam],
    pub(crate) body: Option<MockBody>,
    pub(crate) response: Option<MockResponse>,
    pub(crate) response_example: Option<&'static str>,
}

/// Which token call an endpoint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenRole {
    // Emitted once Get Access Token's page is transcribed (its path is unknown today).
    #[allow(dead_code)]
    GetAccessToken,
    RefreshToken,
}

/// A header or query parameter.
#[derive(Debug)]
pub(crate) struct MockParam {
    pub(crate) name: &'static str,
    pub(crate) kind: MockType,
    pub(crate) required: Option<bool>,
    pub(crate) auth: bool,
}

/// A request body: an object of `fields`, or an array of such objects.
#[derive(Debug)]
pub(crate) struct MockBody {
    pub(crate) array: bool,
    pub(crate) fields: &'static [MockField],
    pub(crate) custom_fields: bool,
}

/// What `data` holds.
#[derive(Debug)]
pub(crate) struct MockResponse {
    pub(crate) kind: MockType,
    pub(crate) fields: &'static [MockField],
}

/// A member of a body, a response or a nested object.
#[derive(Debug)]
pub(crate) struct MockField {
    pub(crate) name: &'static str,
    pub(crate) kind: MockType,
    pub(crate) required: Option<bool>,
    pub(crate) values: &'static [&'static str],
    pub(crate) fields: &'static [MockField],
    pub(crate) credential: Option<Credential>,
}

/// A spec type.
#[derive(Debug)]
pub(crate) enum MockType {
    String,
    Integer,
    // Emitted for `number` members; the real spec has none yet (the fixture has).
    #[allow(dead_code)]
    Number,
    Boolean,
    Any,
    Object,
    Array(&'static MockType),
    Map(&'static MockType),
}

/// A member of a token call that carries a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Credential {
    AppId,
    AppSecret,
    AccessToken,
    RefreshToken,
    ExpiresIn,
}
