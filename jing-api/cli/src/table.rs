//! The shapes of the tables `cargo xtask regenerate` writes for the `jing` program
//! (`generated/cli.rs`): the [`Tables`] of one API travelling together, each typed
//! endpoint's command, its flags and its dispatch (the function that builds the endpoint's
//! typed request from the arguments), as static data, and the `jing webhook` commands on
//! the API's events ([`Webhooks`]).
//! What the spec says of an endpoint (method, path, parameters, body, limits, auth) is its
//! [`jing_api::schema::EndpointSchema`]; a row here adds only what is the program's own,
//! and the help's details line is built from the schema when it is shown.
//!
//! [`Arguments`] is what each dispatch reads its request's members from, each as the
//! member's own Rust type: the flag's value, else the member of `--body`, else (a token
//! call's credentials) the program's own, each read through the type's `Deserialize`;
//! then the custom attributes.
//!
//! Public with the `test-util` feature only (not covered by semver, as jing-mock's
//! `table`), for the code generated from the synthetic fixture spec in the repository's
//! tests; not an API. The helpers that run the program on such tables are `testing`.

use std::future::Future;
use std::pin::Pin;

use clap::ArgMatches;
use jing_api::schema::{Body, EndpointSchema, Kind, Param, Place};
use jing_mock::MockBuilder;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::config::Settings;
use crate::failure::Failure;
pub use crate::request::{ArgumentError, Request};

/// The tables the program runs on, travelling together: the API's [`ApiSpec`] (its
/// catalogue for `jing list` and `jing raw`, and what the program's clients are built
/// for), its groups, its commands and its mock (`jing mock`, the webhook samples).
/// jing-api's (`Tables::SPEC`) are defined and handed in by the generated code
/// (`jing_cli::main`), so no hand-written module names them; the repository's tests run
/// the program on those generated from the synthetic fixture spec.
///
/// [`ApiSpec`]: jing_api::ApiSpec
#[derive(Debug, Clone, Copy)]
pub struct Tables {
    /// The API's tables as its client reads them.
    pub api: &'static jing_api::ApiSpec,
    /// Each group's command and title.
    pub groups: &'static [(&'static str, &'static str)],
    /// The command of every typed endpoint.
    pub endpoints: &'static [CliEndpoint],
    /// A mock of the API (`jing mock`), whose tables also hold the docs' webhook samples
    /// (`jing webhook send --sample`).
    pub mock: fn() -> MockBuilder,
    /// The `jing webhook` commands on the API's events (`Webhooks::of::<Event>()`).
    pub webhooks: Webhooks,
}

/// The `jing webhook` commands on one spec's events: `listen` decodes and prints them and
/// `work` relays them as that spec's `Event` (the receiver, the relay and the worker are
/// generic over `WebhookEvent`). The generated tables pick the type
/// (`Webhooks::of::<Event>()`, defined beside the commands), so no hand-written module
/// names a spec's events.
#[derive(Clone, Copy)]
pub struct Webhooks {
    /// `jing webhook …` on the events, the samples read from the tables of the mock.
    pub(crate) run: for<'a> fn(fn() -> MockBuilder, &'a ArgMatches) -> Running<'a>,
}

/// A `jing webhook` command under way.
pub(crate) type Running<'a> = Pin<Box<dyn Future<Output = Result<(), Failure>> + 'a>>;

impl std::fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhooks").finish_non_exhaustive()
    }
}

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

/// The arguments of one `jing <group> <call>`, read member by member by the endpoint's
/// dispatch.
pub struct Arguments<'a> {
    endpoint: &'static CliEndpoint,
    matches: &'a ArgMatches,
    settings: &'a Settings,
    /// The members of an object `--body` that no flag has read yet.
    members: Map<String, Value>,
    /// An array `--body`, until its items are read.
    items: Option<Value>,
}

impl<'a> Arguments<'a> {
    /// The arguments of `endpoint`'s command; `--body` is read here, and refused when the
    /// call takes none or it is not of the call's shape.
    pub(crate) fn new(
        endpoint: &'static CliEndpoint,
        matches: &'a ArgMatches,
        settings: &'a Settings,
    ) -> Result<Self, Failure> {
        let given = crate::request::body_from(matches)?;
        let (members, items) = match (endpoint.schema.body, given) {
            (Body::None, None) => (Map::new(), None),
            (Body::None, Some(_)) => {
                return Err(Failure::usage(format!(
                    "`{} {}` takes no body",
                    endpoint.group, endpoint.command
                )));
            }
            (Body::Array, Some(Value::Array(items))) => (Map::new(), Some(Value::Array(items))),
            (Body::Array, _) => {
                return Err(Failure::usage(
                    "the body of this call is a JSON array: give it with --body (inline JSON, @FILE or -)",
                ));
            }
            (_, Some(Value::Object(members))) => (members, None),
            (_, Some(_)) => return Err(Failure::usage("the body of this call is a JSON object")),
            (_, None) => (Map::new(), None),
        };
        Ok(Arguments {
            endpoint,
            matches,
            settings,
            members,
            items,
        })
    }

    /// The member the flag `flag` sets (a row of the endpoint's flags, as its dispatch
    /// names it), which the call requires.
    pub fn required<T: DeserializeOwned>(
        &mut self,
        flag: &'static CliFlag,
    ) -> Result<T, ArgumentError> {
        match self.optional(flag)? {
            Some(value) => Ok(value),
            None => {
                let also = if flag.param.place == Place::Body {
                    format!(" (or `{}` in --body)", flag.wire())
                } else {
                    String::new()
                };
                Err(ArgumentError(format!("--{} is required{also}", flag.flag)))
            }
        }
    }

    /// The member the flag `flag` sets (a row of the endpoint's flags), when given: the
    /// flag's value, else the member of `--body` (not `null`), else the program's own
    /// credential the member carries.
    pub fn optional<T: DeserializeOwned>(
        &mut self,
        flag: &'static CliFlag,
    ) -> Result<Option<T>, ArgumentError> {
        let in_body = (flag.param.place == Place::Body)
            .then(|| self.members.remove(flag.wire()))
            .flatten()
            .filter(|value| !value.is_null());
        if let Some(value) = flag_value(self.matches, flag)? {
            // The flag overrides the member of `--body`.
            return read(value, || format!("--{}", flag.flag)).map(Some);
        }
        if let Some(value) = in_body {
            return read(value, || format!("--body: `{}`", flag.wire())).map(Some);
        }
        let credential = flag
            .param
            .credential
            .and_then(|credential| self.settings.credential(credential));
        match credential {
            Some(value) => read(Value::from(value), || format!("--{}", flag.flag)).map(Some),
            None => Ok(None),
        }
    }

    /// The items of an array body, the whole `--body`.
    pub fn items<T: DeserializeOwned>(&mut self) -> Result<T, ArgumentError> {
        let items = self.items.take().ok_or_else(|| {
            ArgumentError("the body of this call is a JSON array: give it with --body".to_owned())
        })?;
        read(items, || "--body".to_owned())
    }

    /// The custom attributes: the members of `--body` no flag sets, then each
    /// `--field CODE=VALUE` (a preset member's name is refused: it has its flag).
    pub fn custom_fields(&mut self) -> Result<Vec<(String, Value)>, ArgumentError> {
        let mut fields: Vec<(String, Value)> =
            std::mem::take(&mut self.members).into_iter().collect();
        let given = self
            .matches
            .try_get_many::<String>("field")
            .ok()
            .flatten()
            .into_iter()
            .flatten();
        for field in given {
            if !self.endpoint.takes_custom_fields() {
                return Err(ArgumentError(
                    "this call takes no custom attributes (--field)".to_owned(),
                ));
            }
            let (code, text) = field
                .split_once('=')
                .ok_or_else(|| ArgumentError(format!("--field {field}: write CODE=VALUE")))?;
            // A custom attribute never stands in for a preset member: that one has its flag.
            if let Some(member) = self.endpoint.flags.iter().find(|flag| flag.wire() == code) {
                return Err(ArgumentError(format!(
                    "--field {code}=…: `{code}` is a preset member; give it with --{}",
                    member.flag
                )));
            }
            let value = serde_json::from_str(text).unwrap_or_else(|_| Value::from(text));
            fields.push((code.to_owned(), value));
        }
        Ok(fields)
    }

    /// Refuses the members of `--body` that no member of the request took.
    pub(crate) fn finish(self) -> Result<(), ArgumentError> {
        if self.members.is_empty() {
            return Ok(());
        }
        let names: Vec<String> = self
            .members
            .keys()
            .map(|name| format!("`{name}`"))
            .collect();
        Err(ArgumentError(format!(
            "--body: {} is not a member of `{} {}` (see --help)",
            names.join(", "),
            self.endpoint.group,
            self.endpoint.command
        )))
    }
}

/// `value` as the member's type; an error says where the value came from (`what`) and
/// where inside it the reading failed (`[0].identities[0]`).
fn read<T: DeserializeOwned>(value: Value, what: impl Fn() -> String) -> Result<T, ArgumentError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let inner = match error.path().to_string() {
            dot if dot == "." => String::new(),
            path => format!(" at `{path}`"),
        };
        ArgumentError(format!("{}{inner}: {}", what(), error.inner()))
    })
}

/// The value of a member's flag as JSON, when it was given (a list flag gives an array):
/// each value as its parser ([`crate::flags`]) made it, one `Value` for every kind.
fn flag_value(args: &ArgMatches, flag: &CliFlag) -> Result<Option<Value>, ArgumentError> {
    let values: Vec<Value> = args
        .try_get_many::<Value>(flag.flag)
        .map_err(|error| ArgumentError(format!("--{}: {error}", flag.flag)))?
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if flag.list() {
        return Ok((!values.is_empty()).then_some(Value::Array(values)));
    }
    Ok(values.into_iter().next())
}

#[cfg(test)]
mod tests {
    /// The details line of each command is its schema's facts: method and path, the limits
    /// (or that the docs give none), and the page.
    #[test]
    fn the_details_line_is_built_from_the_schema() {
        for endpoint in super::Tables::SPEC.endpoints {
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
