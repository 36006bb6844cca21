//! The mock's answer codes (its own, not the vendor's: those are not documented).

/// The request does not fit the spec: a member, a type, a parameter, the content type.
pub const INVALID_REQUEST: i64 = 91_001;
/// The app id or a credential is not this mock's (a token call's refresh token, say).
pub const AUTH: i64 = 91_002;
/// A token call's app id or app secret is not this mock's (a wrong refresh token is
/// [`AUTH`]), so a client told this code
/// (`ClientBuilder::secret_rejected_codes`) can tell the two apart.
pub const APP_SECRET_REFUSED: i64 = 91_007;
/// The access token is missing, unknown or expired (see [`super::MockServer::expire_tokens`]).
pub const TOKEN_INVALID: i64 = 91_003;
/// A documented limit of the endpoint is spent for this app id (HTTP 429).
pub const RATE_LIMITED: i64 = 91_004;
/// No typed endpoint has this path (HTTP 404).
pub const NOT_FOUND: i64 = 91_005;
/// The path is known, the method is not its method (HTTP 405).
pub const METHOD_NOT_ALLOWED: i64 = 91_006;
