//! The shapes of the tables `cargo xtask regenerate` writes for the `jing` program
//! (`generated/cli.rs`): each typed endpoint's command and flags, as static data.

use crate::{Auth, Method, RateLimit};

/// One typed endpoint: `jing <group> <command>`.
#[derive(Debug)]
pub(crate) struct CliEndpoint {
    pub(crate) group: &'static str,
    pub(crate) command: &'static str,
    pub(crate) name: &'static str,
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    /// `客户创建 · Account Creation: …`, the first line of the help.
    pub(crate) summary: &'static str,
    /// Method and path, rate limit, vendor page.
    pub(crate) details: &'static str,
    pub(crate) rate_limit: RateLimit,
    pub(crate) auth: Auth,
    pub(crate) idempotent: bool,
    pub(crate) body: CliBody,
    pub(crate) args: &'static [CliArg],
}

/// The request body of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// The tables use the variants the spec needs; the real spec has no endpoint without a body yet.
#[allow(dead_code)]
pub(crate) enum CliBody {
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
pub(crate) struct CliArg {
    pub(crate) flag: &'static str,
    pub(crate) wire: &'static str,
    pub(crate) place: CliPlace,
    pub(crate) kind: CliKind,
    /// A list of scalars: the flag repeats.
    pub(crate) list: bool,
    pub(crate) required: bool,
    /// The documented values (others are accepted, as the open enums do).
    pub(crate) values: &'static [&'static str],
    /// The member's docs in one line, Chinese and English.
    pub(crate) help: &'static str,
    /// The credential a token call's member carries: the program fills it from its own
    /// when the flag is not given.
    pub(crate) credential: Option<CliCredential>,
}

/// A credential the program holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// The tables use the variants the spec needs; no request member carries an access token yet.
#[allow(dead_code)]
pub(crate) enum CliCredential {
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
pub(crate) enum CliPlace {
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
pub(crate) enum CliKind {
    String,
    Integer,
    Number,
    Boolean,
    /// Anything else (objects, maps, lists of objects): JSON text.
    Json,
}
