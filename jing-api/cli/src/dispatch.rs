//! What each endpoint's generated dispatch (`generated/cli.rs`) builds its typed request
//! from, and the request it builds. [`Arguments`] hands it each member as the member's own
//! Rust type: the flag's value, else the member of `--body`, else (a token call's
//! credentials) the program's own, each read through the type's `Deserialize`; then the
//! custom attributes. [`Request`] is the typed request, its endpoint erased, which
//! `call.rs` previews (`--dry-run`) or sends through the client's typed call.
//!
//! Not public: the repository's tests reach these through the `testing` feature's module,
//! for the code generated from the synthetic fixture spec.

use std::future::Future;
use std::pin::Pin;

use clap::ArgMatches;
use jing_api::schema::{Body, Kind, Place};
use jing_api::{Client, Endpoint, Error, RequestPreview};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::Failure;
use crate::config::Settings;
use crate::table::{CliEndpoint, CliFlag};

/// Why the arguments do not make the call's request: a usage error (exit status 2).
#[derive(Debug)]
pub struct ArgumentError(String);

impl std::fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ArgumentError {}

impl From<ArgumentError> for Failure {
    fn from(error: ArgumentError) -> Self {
        Failure::usage(error.0)
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
        let given = crate::call::body_from(matches)?;
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

    /// The member the flag `flag` sets, which the call requires.
    pub fn required<T: DeserializeOwned>(&mut self, flag: &str) -> Result<T, ArgumentError> {
        match self.optional(flag)? {
            Some(value) => Ok(value),
            None => {
                let flag = self.flag(flag)?;
                let also = if flag.param.place == Place::Body {
                    format!(" (or `{}` in --body)", flag.wire())
                } else {
                    String::new()
                };
                Err(ArgumentError(format!("--{} is required{also}", flag.flag)))
            }
        }
    }

    /// The member the flag `flag` sets, when given: the flag's value, else the member of
    /// `--body` (not `null`), else the program's own credential the member carries.
    pub fn optional<T: DeserializeOwned>(
        &mut self,
        flag: &str,
    ) -> Result<Option<T>, ArgumentError> {
        let flag = self.flag(flag)?;
        let in_body = (flag.param.place == Place::Body)
            .then(|| self.members.remove(flag.wire()))
            .flatten()
            .filter(|value| !value.is_null());
        if let Some(value) = flag_value(self.matches, flag) {
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

    fn flag(&self, flag: &str) -> Result<&'static CliFlag, ArgumentError> {
        self.endpoint
            .flag(flag)
            .ok_or_else(|| ArgumentError(format!("the call has no flag --{flag}")))
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

/// The value of a member's flag as JSON, when it was given (a list flag gives an array).
fn flag_value(args: &ArgMatches, flag: &CliFlag) -> Option<Value> {
    let name = flag.flag;
    let values: Vec<Value> = match flag.scalar() {
        Some(Kind::Integer) => many::<i64>(args, name),
        Some(Kind::Unsigned) => many::<u64>(args, name),
        Some(Kind::Number) => many::<f64>(args, name),
        Some(Kind::Boolean) => many::<bool>(args, name),
        Some(Kind::String) => many::<String>(args, name),
        // The flag's parser has checked the text is JSON.
        _ => many::<String>(args, name)
            .into_iter()
            .map(|text| serde_json::from_str(text.as_str().unwrap_or_default()).unwrap_or(text))
            .collect(),
    };
    if flag.list() {
        return (!values.is_empty()).then_some(Value::Array(values));
    }
    values.into_iter().next()
}

/// The values of a flag, as JSON.
fn many<T: Clone + Into<Value> + Send + Sync + 'static>(
    args: &ArgMatches,
    flag: &str,
) -> Vec<Value> {
    args.try_get_many::<T>(flag)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .cloned()
        .map(Into::into)
        .collect()
}

/// What a typed call answers, as JSON.
type Answer<'a> = Pin<Box<dyn Future<Output = Result<Value, Error>> + Send + 'a>>;

/// A typed request, its endpoint erased: what the program previews or sends.
trait TypedCall: Send + Sync {
    fn preview(&self, client: &Client) -> Result<RequestPreview, Error>;
    fn send<'a>(&'a self, client: &'a Client) -> Answer<'a>;
    fn send_envelope<'a>(&'a self, client: &'a Client) -> Answer<'a>;
}

impl<E> TypedCall for E
where
    E: Endpoint + Send + Sync,
    E::Response: Serialize + Send,
{
    fn preview(&self, client: &Client) -> Result<RequestPreview, Error> {
        client.preview(self)
    }

    fn send<'a>(&'a self, client: &'a Client) -> Answer<'a> {
        Box::pin(async move {
            let response: E::Response = client.send(self).await?;
            serde_json::to_value(&response).map_err(Error::Encode)
        })
    }

    fn send_envelope<'a>(&'a self, client: &'a Client) -> Answer<'a> {
        Box::pin(client.send_envelope(self))
    }
}

/// An endpoint's typed request, built by its dispatch.
pub struct Request(Box<dyn TypedCall>);

impl Request {
    /// The typed request `request`.
    pub fn new<E>(request: E) -> Request
    where
        E: Endpoint + Send + Sync + 'static,
        E::Response: Serialize + Send,
    {
        Request(Box::new(request))
    }

    /// What the client would send, every credential hidden (`--dry-run`).
    pub(crate) fn preview(&self, client: &Client) -> Result<RequestPreview, Error> {
        self.0.preview(client)
    }

    /// Sent through the client's typed call; its typed `Response`, as JSON.
    pub(crate) async fn send(&self, client: &Client) -> Result<Value, Error> {
        self.0.send(client).await
    }

    /// Sent through the client's typed call; the whole answer as sent (`--raw`).
    pub(crate) async fn send_envelope(&self, client: &Client) -> Result<Value, Error> {
        self.0.send_envelope(client).await
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The request may carry credentials: its endpoint is not named, nothing is shown.
        f.debug_struct("Request").finish_non_exhaustive()
    }
}
