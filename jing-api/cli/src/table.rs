//! The shapes of the tables `cargo xtask regenerate` writes for the `jing` program
//! (`generated/cli.rs`): each typed endpoint's command and flags, as static data.
//!
//! Public but hidden only so the code generated from the synthetic fixture spec can hand
//! its own tables to [`super::run_from`] in the repository's tests; not an API.

use jing_api::{Auth, Method, RateLimit};

/// One typed endpoint: `jing <group> <command>`.
#[derive(Debug)]
pub struct CliEndpoint {
    pub group: &'static str,
    pub command: &'static str,
    pub name: &'static str,
    pub method: Method,
    pub path: &'static str,
    /// `客户创建 · Account Creation: …`, the first line of the help.
    pub summary: &'static str,
    /// Method and path, rate limit, vendor page.
    pub details: &'static str,
    pub rate_limit: RateLimit,
    pub auth: Auth,
    pub idempotent: bool,
    pub body: CliBody,
    pub args: &'static [CliArg],
    /// How the answer says success and where its data is.
    pub answer: jing_api::Answer,
}

/// The request body of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// The tables use the variants the spec needs; the real spec has no endpoint without a body yet.
#[allow(dead_code)]
pub enum CliBody {
    /// No body.
    None,
    /// A JSON object of the flags' members (and `--field`s when custom attributes go).
    Object { custom_fields: bool },
    /// A bare JSON array: from `--body` only.
    Array,
    /// A form (`application/x-www-form-urlencoded`) of the flags' scalar members.
    Form,
}

/// One flag of a command.
#[derive(Debug)]
pub struct CliArg {
    pub flag: &'static str,
    pub wire: &'static str,
    pub place: CliPlace,
    pub kind: CliKind,
    /// A list of scalars: the flag repeats.
    pub list: bool,
    pub required: bool,
    /// The documented values (others are accepted, as the open enums do).
    pub values: &'static [&'static str],
    /// The member's docs in one line, Chinese and English.
    pub help: &'static str,
    /// The credential a token call's member carries: the program fills it from its own
    /// when the flag is not given.
    pub credential: Option<CliCredential>,
}

/// A credential the program holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// The tables use the variants the spec needs; no request member carries an access token yet.
#[allow(dead_code)]
pub enum CliCredential {
    AppId,
    AppSecret,
    AccessToken,
    RefreshToken,
}

/// Where a flag's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// The tables use the variants the spec needs; the real spec has no path parameter or
// caller-set header yet.
#[allow(dead_code)]
pub enum CliPlace {
    Path,
    Query,
    Header,
    Body,
}

/// What a flag's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// The tables use the variants the spec needs; the real spec has no integer or number member
// with a flag yet.
#[allow(dead_code)]
pub enum CliKind {
    String,
    Integer,
    /// An unsigned integer beyond `i64` (ids).
    U64,
    Number,
    Boolean,
    /// Anything else (objects, maps, lists of objects): JSON text.
    Json,
}
