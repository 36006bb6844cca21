//! The shapes of the tables `cargo xtask regenerate` writes for the `jing` program
//! (`generated/cli.rs`): each typed endpoint's command, its flags and its dispatch (the
//! function that builds the endpoint's typed request from the arguments), as static data.
//! What the spec says of an endpoint (method, path, parameters, body, limits, auth) is its
//! [`jing_api::schema::EndpointSchema`]; a row here adds only what is the program's own,
//! and the help's details line is built from the schema when it is shown.
//!
//! Not public: the repository's tests reach the row types through the `testing` feature's
//! module (`crate::testing`), for the code generated from the synthetic fixture spec.

use jing_api::schema::{Body, EndpointSchema, Kind, Param};

use crate::dispatch::{ArgumentError, Arguments, Request};

/// The dispatch of an endpoint: its typed request, built from the arguments.
pub type Build = fn(&mut Arguments<'_>) -> Result<Request, ArgumentError>;

/// One typed endpoint: `jing <group> <command>`.
#[derive(Debug)]
pub struct CliEndpoint {
    /// The endpoint, as the spec describes it.
    pub schema: &'static EndpointSchema,
    /// The group's command.
    pub group: &'static str,
    /// The endpoint's command.
    pub command: &'static str,
    /// One flag per parameter the caller gives.
    pub flags: &'static [CliFlag],
    /// Builds the endpoint's typed request from the arguments (generated per endpoint).
    pub build: Build,
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

    /// `POST /v1/customer/create · 限流 Rate limit: 10/s, 10000/day · <page>`: method and
    /// path, the documented limits and the vendor page, from the schema.
    pub(crate) fn details(&self) -> String {
        let schema = self.schema;
        let limits: Vec<String> = [
            schema
                .rate_limit
                .per_second
                .map(|count| format!("{count}/s")),
            schema
                .rate_limit
                .per_day
                .map(|count| format!("{count}/day")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let limits = if limits.is_empty() {
            "文档未载明 not documented".to_owned()
        } else {
            limits.join(", ")
        };
        let mut details = format!(
            "{} {} · 限流 Rate limit: {limits}",
            schema.method.as_str(),
            schema.path
        );
        if let Some(page) = schema.doc_url {
            details.push_str(" · ");
            details.push_str(page);
        }
        details
    }

    /// Whether the command takes `--field CODE=VALUE` (an object body with custom
    /// attributes).
    pub(crate) fn takes_custom_fields(&self) -> bool {
        self.schema.body == Body::Object && self.schema.custom_fields
    }

    /// The flag spelled `flag`.
    pub(crate) fn flag(&self, flag: &str) -> Option<&'static CliFlag> {
        self.flags.iter().find(|candidate| candidate.flag == flag)
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

#[cfg(test)]
mod tests {
    /// The details line of each command is its schema's facts: method and path, the limits
    /// (or that the docs give none), and the page.
    #[test]
    fn the_details_line_is_built_from_the_schema() {
        for endpoint in crate::generated::cli::ENDPOINTS {
            let schema = endpoint.schema;
            let details = endpoint.details();
            assert!(
                details.starts_with(&format!(
                    "{} {} · 限流 Rate limit: ",
                    schema.method.as_str(),
                    schema.path
                )),
                "{details}"
            );
            let documented = schema.rate_limit != jing_api::RateLimit::UNKNOWN;
            assert_eq!(!details.contains("not documented"), documented, "{details}");
            if let Some(per_day) = schema.rate_limit.per_day {
                assert!(details.contains(&format!("{per_day}/day")), "{details}");
            }
            if let Some(page) = schema.doc_url {
                assert!(details.ends_with(&format!(" · {page}")), "{details}");
            }
        }
    }
}
