//! One endpoint of the docs: its location, parameters, body, response and answer; its
//! members are in `field.rs`.

use serde::{Deserialize, Serialize};

use super::{Answer, AuthMode, Decision, Doc, Field, HttpMethod, Param, Role, Status, TypeRef};

/// One endpoint of the docs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Identifier of the endpoint (snake_case); its request type is the PascalCase of it.
    pub name: String,
    /// Set by the importer on a name it proposed that reads poorly as a type name (see
    /// `jing_spec::quality`); the validator refuses it until a maintainer confirms or
    /// replaces the name and removes the flag.
    #[serde(default)]
    pub name_draft: bool,
    /// The method name on the group accessor (snake_case), e.g. `create`; needed once typed.
    #[serde(default)]
    pub call: Option<String>,
    /// A method name the importer proposed from the path; the validator refuses it until a
    /// maintainer confirms it as `call`.
    #[serde(default)]
    pub call_draft: Option<String>,
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
    /// How the call authenticates, when written (absent: the auth headers of `api.yaml`,
    /// [`Endpoint::auth_mode`]); written, it is a maintainer's word the importer keeps.
    #[serde(default)]
    pub auth: Option<AuthMode>,
    /// The importer's proposal for a page whose credential is not the spec's auth headers
    /// (`none`: the caller passes the page's own); the validator refuses it until a
    /// maintainer confirms it as `auth` (or writes `auth: headers`).
    #[serde(default)]
    pub auth_draft: Option<AuthMode>,
    /// Sending it twice is harmless (a read), so the client retries it after transport
    /// errors and 5xx answers. Token calls (with a `role`) always are.
    #[serde(default)]
    pub idempotent: bool,
    /// The documented call limits; absent when the docs' figure is not known.
    #[serde(default)]
    pub rate_limit: Option<RateLimit>,
    /// Path parameters: each `{name}` of `path`, always required.
    #[serde(default)]
    pub path_params: Vec<Param>,
    /// Header parameters of the page (auth headers are marked `auth: true`).
    #[serde(default)]
    pub headers: Vec<Param>,
    /// Query parameters.
    #[serde(default)]
    pub query: Vec<Param>,
    /// The request body (JSON or a form), when there is one.
    #[serde(default)]
    pub body: Option<Body>,
    /// How the answer says success and where its data is, when it is not the Jing envelope
    /// (decided by a maintainer); absent: the Jing envelope.
    #[serde(default)]
    pub answer: Option<Answer>,
    /// The importer's reading of an answer that is not the Jing envelope; the validator
    /// refuses it until a maintainer confirms it as `answer`.
    #[serde(default)]
    pub answer_draft: Option<Answer>,
    /// The `data` of the answer, when known.
    #[serde(default)]
    pub response: Option<Response>,
    /// The docs' examples, verbatim.
    #[serde(default)]
    pub examples: Option<Examples>,
    /// The facts that are ours, not the page's, by fact key (`examples.response`,
    /// `headers.X-Trace-Id`, `body.mobile:required`): `import` keeps them as they are.
    #[serde(default)]
    pub overrides: Vec<String>,
    /// What the page states that the spec holds otherwise, each with our word on it.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Facts and contradictions of the page.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The `{name}` placeholders of a path, in order; `Err` names what is malformed.
pub fn path_placeholders(path: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("a `}` closes no `{`".to_owned());
        }
        let after = &rest[open + 1..];
        let close = after
            .find(['{', '}'])
            .filter(|at| after[*at..].starts_with('}'))
            .ok_or("a `{` is not closed by a `}`")?;
        let name = &after[..close];
        if name.is_empty() {
            return Err("`{}` names no parameter".to_owned());
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    Ok(names)
}

impl Endpoint {
    /// Whether a typed call is generated: the path and method are both known.
    pub fn is_typed(&self) -> bool {
        self.path.is_some() && self.method.is_some()
    }

    /// How the answer says success and where its data is: the decided `answer`, else the
    /// Jing envelope.
    pub fn answer(&self) -> Answer {
        self.answer.clone().unwrap_or_else(Answer::jing)
    }

    /// How the call authenticates: `auth` as written, else the auth headers.
    pub fn auth_mode(&self) -> AuthMode {
        self.auth.unwrap_or_default()
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

/// The request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// How the body is encoded: JSON unless the page says a form.
    #[serde(default)]
    pub content_type: ContentType,
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

/// How a request body is encoded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentType {
    /// `application/json` (the default).
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`: flat name=value pairs of scalars.
    Form,
}

impl ContentType {
    /// The spec's spelling: `json` or `form`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::Json => "json",
            ContentType::Form => "form",
        }
    }

    /// The media type on the wire.
    pub fn mime(self) -> &'static str {
        match self {
            ContentType::Json => "application/json",
            ContentType::Form => "application/x-www-form-urlencoded",
        }
    }
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
#[serde(from = "ResponseText")]
pub struct Response {
    /// Its type: `object` (with `fields`), `array<object>`, a scalar, or `any`.
    pub ty: TypeRef,
    /// Members, for an object or an array of objects.
    pub fields: Vec<Field>,
    /// Whether `fields` is written: `fields: []` on an `object` is a documented empty
    /// object, while an object without `fields` has members nobody listed yet.
    pub fields_listed: bool,
    /// Whether custom attributes may come back beside the preset fields.
    pub custom_fields: bool,
}

impl Response {
    /// Whether this is a documented empty object: `type: object` with `fields: []`.
    pub fn is_empty_object(&self) -> bool {
        self.ty == TypeRef::Object && self.fields_listed && self.fields.is_empty()
    }
}

/// A response as the YAML writes it (`fields` absent and `fields: []` told apart).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseText {
    #[serde(rename = "type")]
    ty: TypeRef,
    #[serde(default)]
    fields: Option<Vec<Field>>,
    #[serde(default)]
    custom_fields: bool,
}

impl From<ResponseText> for Response {
    fn from(text: ResponseText) -> Self {
        Response {
            ty: text.ty,
            fields_listed: text.fields.is_some(),
            fields: text.fields.unwrap_or_default(),
            custom_fields: text.custom_fields,
        }
    }
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
    /// The docs' other examples, after the first of each (`examples` of an OpenAPI media
    /// type), in the page's order.
    #[serde(default)]
    pub more: Vec<MoreExample>,
}

/// One more example of the docs, by its name on the page: a request body or a whole
/// response body, kept verbatim as JSON text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoreExample {
    /// Its name on the page (`失败`, `empty`).
    pub name: String,
    /// A request body example.
    #[serde(default)]
    pub request: Option<String>,
    /// A whole response body example, envelope included.
    #[serde(default)]
    pub response: Option<String>,
}
