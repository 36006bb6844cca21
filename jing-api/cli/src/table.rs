//! The shapes of the tables `cargo xtask regenerate` writes for the `jing` program
//! (`generated/cli.rs`): each typed endpoint's command and flags, as static data. What the
//! spec says of an endpoint (method, path, parameters, body, limits, auth) is its
//! [`jing_api::schema::EndpointSchema`]; a row here adds only what is the program's own.
//!
//! Public but hidden only so the code generated from the synthetic fixture spec can hand
//! its own tables to [`super::run_from`] in the repository's tests; not an API.

use jing_api::TypedReader;
use jing_api::schema::{Body, EndpointSchema, Kind, Param};

/// One typed endpoint: `jing <group> <command>`.
#[derive(Debug)]
pub struct CliEndpoint {
    /// The endpoint, as the spec describes it.
    pub schema: &'static EndpointSchema,
    /// The group's command.
    pub group: &'static str,
    /// The endpoint's command.
    pub command: &'static str,
    /// Method and path, rate limit, vendor page.
    pub details: &'static str,
    /// One flag per parameter the caller gives.
    pub flags: &'static [CliFlag],
    /// The typed call's reader of the answer (`jing_api::read_typed`).
    pub read: TypedReader,
}

/// One flag of a command.
#[derive(Debug)]
pub struct CliFlag {
    /// The flag without its dashes.
    pub flag: &'static str,
    /// The parameter it sets, in the endpoint's schema.
    pub param: &'static Param,
    /// The member's docs in one line, Chinese and English.
    pub help: &'static str,
}

impl CliEndpoint {
    /// `客户创建 · Account Creation: …`, the first line of the help, from the schema.
    pub(crate) fn summary(&self) -> String {
        let schema = self.schema;
        format!(
            "{} · {}: {}",
            schema.title_zh, schema.title_en, schema.summary
        )
    }

    /// Whether the command takes `--field CODE=VALUE` (an object body with custom
    /// attributes).
    pub(crate) fn takes_custom_fields(&self) -> bool {
        self.schema.body == Body::Object && self.schema.custom_fields
    }
}

impl CliFlag {
    /// The parameter's name on the wire.
    pub fn wire(&self) -> &'static str {
        self.param.name
    }

    /// Whether the command requires it (the docs say so).
    pub fn required(&self) -> bool {
        self.param.is_required()
    }

    /// Whether the flag repeats (a list of scalars).
    pub fn list(&self) -> bool {
        self.param.list_of().is_some()
    }

    /// The scalar the flag takes (each item's, for a list); `None` for JSON text.
    pub fn scalar(&self) -> Option<Kind> {
        self.param
            .list_of()
            .or_else(|| Some(self.param.kind).filter(|kind| kind.is_scalar()))
    }
}
