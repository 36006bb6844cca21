//! The serde model of the spec: what `api.yaml` and each group file may contain.
//!
//! Only types and their (de)serialization live here. Reading files and locating nodes is
//! `load.rs`; rules that span several nodes (duplicates, collisions, consistency) are
//! `validate.rs`. Every struct denies unknown keys, so a misspelt key is an error with a
//! line and column rather than a silently ignored value.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A text in Chinese and English, both written in the project's own words.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Doc {
    /// Chinese text.
    pub zh: String,
    /// English text.
    pub en: String,
}

/// A validated spec: the global part plus every API group in file order.
///
/// Only [`crate::load`] produces one, so holding a `Spec` means it passed validation.
#[derive(Debug, Clone)]
pub struct Spec {
    /// What `api.yaml` says.
    pub api: Api,
    /// The API groups, ordered by file name (the docs' order).
    pub groups: Vec<Group>,
    /// The webhook events (`webhooks.yaml`), when the folder has them.
    pub webhooks: Option<Webhooks>,
}

impl Spec {
    /// Every endpoint of every group, in spec order, with its group.
    pub fn endpoints(&self) -> impl Iterator<Item = (&Group, &Endpoint)> {
        self.groups.iter().flat_map(|group| {
            group
                .endpoints
                .iter()
                .map(move |endpoint| (group, endpoint))
        })
    }
}

/// The contents of `api.yaml`: what applies to every call.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// The API's name.
    pub title: Doc,
    /// What the API is, in our words.
    pub doc: Doc,
    /// Where the vendor's documentation starts.
    pub docs_home: String,
    /// Places the API is served from.
    pub environments: Vec<Environment>,
    /// How calls authenticate.
    pub auth: Auth,
    /// The members of every response body.
    pub envelope: Envelope,
    /// Documented global error codes (empty while the vendor page is not transcribed).
    pub error_codes: Vec<ErrorCode>,
    /// Facts that fit nowhere else, and gaps in the docs.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One place the API is served from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Identifier used in code (snake_case).
    pub name: String,
    /// The docs' name of the environment.
    pub title: Doc,
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// Whether a client uses it when none is chosen.
    #[serde(default)]
    pub default: bool,
}

/// How calls authenticate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// Headers the client adds to every call whose `auth` is `headers`.
    pub headers: Vec<Param>,
    /// Facts about tokens and their lifetimes.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The response envelope shared by every endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Members of the envelope; `data` carries the endpoint's own response.
    pub fields: Vec<Field>,
    /// Deviations seen in the docs.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A documented global error code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The numeric `code` of the envelope.
    pub code: i64,
    /// Identifier used in code (snake_case).
    pub name: String,
    /// What the code means.
    pub doc: Doc,
}

/// An API group: one file under `jing-spec/api/`, one module of generated code.
#[derive(Debug, Clone)]
pub struct Group {
    /// The group key: the file stem without its ordering prefix (`14-customer.yaml` gives `customer`).
    pub key: String,
    /// The file the group was read from, as given to the loader.
    pub file: String,
    /// The group's contents.
    pub body: GroupFile,
}

impl std::ops::Deref for Group {
    type Target = GroupFile;
    fn deref(&self) -> &GroupFile {
        &self.body
    }
}

/// The contents of a group file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    /// The docs' title of the group.
    pub title: Doc,
    /// What the group is for, in our words.
    pub doc: Doc,
    /// Every endpoint the docs list in this group, in the docs' order.
    pub endpoints: Vec<Endpoint>,
    /// Facts about the group as a whole.
    #[serde(default)]
    pub notes: Vec<String>,
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
    /// No auth headers: the credentials travel in the body (the OAuth calls).
    None,
}

/// One endpoint of the docs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Identifier of the endpoint (snake_case); its request type is the PascalCase of it.
    pub name: String,
    /// The method name on the group accessor (snake_case), e.g. `create`; needed once typed.
    #[serde(default)]
    pub call: Option<String>,
    /// The docs' title, exactly as printed.
    pub title: Doc,
    /// What the endpoint does, in our words; needed once typed.
    #[serde(default)]
    pub doc: Option<Doc>,
    /// How much of the page is transcribed.
    pub status: Status,
    /// The endpoint's own page, when known.
    #[serde(default)]
    pub doc_url: Option<String>,
    /// Pages of the group, one of which documents this endpoint, when its own is not known.
    #[serde(default)]
    pub doc_pages: Vec<String>,
    /// The HTTP method, when known.
    #[serde(default)]
    pub method: Option<HttpMethod>,
    /// Where the method was read, when not from the endpoint's own page.
    #[serde(default)]
    pub method_source: Option<String>,
    /// The path below the base URL, when known.
    #[serde(default)]
    pub path: Option<String>,
    /// The part the endpoint plays in authentication, if any.
    #[serde(default)]
    pub role: Option<Role>,
    /// How the call authenticates.
    #[serde(default)]
    pub auth: AuthMode,
    /// Sending it twice is harmless (a read), so the client retries it after transport
    /// errors and 5xx answers. Token calls (with a `role`) always are.
    #[serde(default)]
    pub idempotent: bool,
    /// The documented call limits; absent when the docs' figure is not known.
    #[serde(default)]
    pub rate_limit: Option<RateLimit>,
    /// Header parameters of the page (auth headers are marked `auth: true`).
    #[serde(default)]
    pub headers: Vec<Param>,
    /// Query parameters.
    #[serde(default)]
    pub query: Vec<Param>,
    /// The JSON request body, when there is one.
    #[serde(default)]
    pub body: Option<Body>,
    /// The `data` member of the response envelope, when known.
    #[serde(default)]
    pub response: Option<Response>,
    /// The docs' examples, verbatim.
    #[serde(default)]
    pub examples: Option<Examples>,
    /// Facts and contradictions of the page.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Endpoint {
    /// Whether a typed call is generated: the path and method are both known.
    pub fn is_typed(&self) -> bool {
        self.path.is_some() && self.method.is_some()
    }

    /// The link for docs: the endpoint's own page, else the first page of its group.
    pub fn link(&self) -> Option<&str> {
        self.doc_url
            .as_deref()
            .or_else(|| self.doc_pages.first().map(String::as_str))
    }
}

/// Documented call limits of one endpoint. A missing figure is unknown, not unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Calls per second.
    #[serde(default)]
    pub per_second: Option<u32>,
    /// Calls per day.
    #[serde(default)]
    pub per_day: Option<u32>,
}

/// A header or query parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The name on the wire.
    pub name: String,
    /// Its type (a scalar).
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Whether the docs require it.
    pub required: Required,
    /// What it carries.
    pub doc: Doc,
    /// Filled in by the client from its credentials rather than by the caller.
    #[serde(default)]
    pub auth: bool,
}

/// Whether the docs mark a field required. `null` in the YAML means the docs do not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// The docs say required.
    Yes,
    /// The docs say optional.
    No,
    /// The docs do not say; generated as optional.
    Unknown,
}

impl Required {
    /// Whether the generated code treats it as required.
    pub fn is_required(self) -> bool {
        self == Required::Yes
    }

    /// `Some(true)`, `Some(false)` or `None` (unknown), as in the YAML.
    pub fn as_option(self) -> Option<bool> {
        match self {
            Required::Yes => Some(true),
            Required::No => Some(false),
            Required::Unknown => None,
        }
    }
}

impl<'de> Deserialize<'de> for Required {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<bool>::deserialize(deserializer)? {
            Some(true) => Required::Yes,
            Some(false) => Required::No,
            None => Required::Unknown,
        })
    }
}

/// The JSON request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Whether the body is one object or a bare array of such objects.
    pub shape: Shape,
    /// Members of the object (of each item, for an array).
    pub fields: Vec<Field>,
    /// Whether custom attributes may stand beside the preset fields.
    #[serde(default)]
    pub custom_fields: bool,
    /// Name of the item type of an array body; defaults to `<Request>Item`.
    #[serde(default)]
    pub item_type_name: Option<String>,
}

/// Shape of a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// A JSON object.
    Object,
    /// A bare JSON array of objects.
    Array,
}

/// The `data` member of the response envelope.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Its type: `object` (with `fields`), `array<object>`, a scalar, or `any`.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Members, for an object or an array of objects.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Whether custom attributes may come back beside the preset fields.
    #[serde(default)]
    pub custom_fields: bool,
}

/// The docs' examples, kept verbatim as JSON text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// The request body example.
    #[serde(default)]
    pub request: Option<String>,
    /// The whole response body example, envelope included.
    #[serde(default)]
    pub response: Option<String>,
}

/// A member of a body, a response or a nested object.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The name on the wire, exactly as documented.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Whether the docs require it.
    pub required: Required,
    /// What it carries, in our words.
    pub doc: Doc,
    /// Members, when the type is `object` or `array<object>`.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Documented values, when the type is `string` or `array<string>`; others are still accepted.
    #[serde(default, rename = "enum")]
    pub values: Vec<EnumValue>,
    /// Name of the nested type (object or enum); defaults to `<Owner><Field>`.
    #[serde(default)]
    pub type_name: Option<String>,
    /// In `webhooks.yaml`: an `object` field whose members are those of the named payload
    /// shape, instead of listing `fields`.
    #[serde(default)]
    pub shape: Option<String>,
    /// On the token calls (endpoints with a `role`): which credential the field carries,
    /// so the runtime can fill the request and read the answer.
    #[serde(default)]
    pub credential: Option<Credential>,
    /// Facts about the field.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The contents of `webhooks.yaml`: the events the platform POSTs to the customer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhooks {
    /// The docs' title of the webhook section.
    pub title: Doc,
    /// What webhooks are, in our words.
    pub doc: Doc,
    /// The shape that undocumented and unknown events decode into: the members all events
    /// are expected to share. Every event payload shape must extend it.
    pub common: String,
    /// Payload shapes: named structs of the generated `webhook` module.
    pub shapes: Vec<PayloadShape>,
    /// The docs' folders of events, in the docs' order.
    pub groups: Vec<EventGroup>,
    /// Delivery facts: body format, verification, timestamps.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Webhooks {
    /// Every event of every group, in spec order, with its group.
    pub fn events(&self) -> impl Iterator<Item = (&EventGroup, &WebhookEvent)> {
        self.groups
            .iter()
            .flat_map(|group| group.events.iter().map(move |event| (group, event)))
    }

    /// The shape named `name`.
    pub fn shape(&self, name: &str) -> Option<&PayloadShape> {
        self.shapes.iter().find(|shape| shape.name == name)
    }
}

/// A named payload struct: a whole event body, or an object inside one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayloadShape {
    /// The Rust type name (PascalCase).
    pub name: String,
    /// What it holds, in our words.
    pub doc: Doc,
    /// A shape whose members this one also has (flattened into it).
    #[serde(default)]
    pub extends: Option<String>,
    /// Its own members.
    pub fields: Vec<Field>,
    /// Facts about the shape.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One folder of events in the docs (user, lead, account, ...).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventGroup {
    /// Identifier of the group (snake_case).
    pub key: String,
    /// The docs' folder title.
    pub title: Doc,
    /// Its event pages, in the docs' order.
    pub events: Vec<WebhookEvent>,
}

/// One event page of the docs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookEvent {
    /// The docs' title, exactly as printed.
    pub title: Doc,
    /// How much of the page is transcribed.
    pub status: Status,
    /// The page, when known.
    #[serde(default)]
    pub doc_url: Option<String>,
    /// The value of the body's `event_type` that marks this event, when known. Without
    /// it the event is catalogued but never recognised.
    #[serde(default)]
    pub event_type: Option<String>,
    /// The value of `extra_data.object_name` that must also match (object events).
    #[serde(default)]
    pub object_name: Option<String>,
    /// The `webhook::Event` variant it decodes to (PascalCase); needed with `event_type`.
    /// Pages whose bodies cannot be told apart share a variant.
    #[serde(default)]
    pub variant: Option<String>,
    /// The payload shape of the body, when documented; else the `common` shape.
    #[serde(default)]
    pub payload: Option<String>,
    /// What the event means, in our words, when known.
    #[serde(default)]
    pub doc: Option<Doc>,
    /// The docs' sample body, verbatim (with its `//` comments).
    #[serde(default)]
    pub example: Option<String>,
    /// Facts and contradictions of the page.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One documented value of an enumeration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: String,
    /// What it means.
    pub doc: Doc,
}

/// A type in the spec, written as `string`, `integer`, `number`, `boolean`, `any`,
/// `object`, `map<T>` or `array<T>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// A JSON string.
    String,
    /// A JSON integer.
    Integer,
    /// A JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Any JSON value; used where the docs do not show the shape.
    Any,
    /// An object whose members are listed under `fields`.
    Object,
    /// An array of the inner type.
    Array(Box<TypeRef>),
    /// An object keyed by strings whose values are the inner type.
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// The innermost type, through arrays and maps.
    pub fn innermost(&self) -> &TypeRef {
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.innermost(),
            other => other,
        }
    }

    /// Whether the type is a scalar that fits in a query string or a header.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            TypeRef::String | TypeRef::Integer | TypeRef::Number | TypeRef::Boolean
        )
    }
}

impl FromStr for TypeRef {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let generic = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix('>'))
        };
        if let Some(inner) = generic("array<") {
            return Ok(TypeRef::Array(Box::new(inner.parse()?)));
        }
        if let Some(inner) = generic("map<") {
            return Ok(TypeRef::Map(Box::new(inner.parse()?)));
        }
        match text {
            "string" => Ok(TypeRef::String),
            "integer" => Ok(TypeRef::Integer),
            "number" => Ok(TypeRef::Number),
            "boolean" => Ok(TypeRef::Boolean),
            "any" => Ok(TypeRef::Any),
            "object" => Ok(TypeRef::Object),
            "map" => Ok(TypeRef::Map(Box::new(TypeRef::Any))),
            other => Err(format!(
                "unknown type `{other}`, expected one of string, integer, number, boolean, any, object, map<T>, array<T>"
            )),
        }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::String => f.write_str("string"),
            TypeRef::Integer => f.write_str("integer"),
            TypeRef::Number => f.write_str("number"),
            TypeRef::Boolean => f.write_str("boolean"),
            TypeRef::Any => f.write_str("any"),
            TypeRef::Object => f.write_str("object"),
            TypeRef::Array(inner) => write!(f, "array<{inner}>"),
            TypeRef::Map(inner) => write!(f, "map<{inner}>"),
        }
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::TypeRef;

    #[test]
    fn type_refs_parse_and_print_back() {
        let cases = [
            ("string", TypeRef::String),
            ("array<object>", TypeRef::Array(Box::new(TypeRef::Object))),
            ("map", TypeRef::Map(Box::new(TypeRef::Any))),
            (
                "array<map<integer>>",
                TypeRef::Array(Box::new(TypeRef::Map(Box::new(TypeRef::Integer)))),
            ),
        ];
        for (text, expected) in cases {
            let parsed: TypeRef = text.parse().expect("valid type");
            assert_eq!(parsed, expected, "{text}");
        }
        assert_eq!(
            "array<map<integer>>"
                .parse::<TypeRef>()
                .map(|t| t.to_string()),
            Ok("array<map<integer>>".to_owned())
        );
        assert!("strng".parse::<TypeRef>().is_err());
        assert!("array<strng>".parse::<TypeRef>().is_err());
        assert!("array<string".parse::<TypeRef>().is_err());
    }
}
