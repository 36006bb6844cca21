//! The contract between generated request types and the hand-written client.
//!
//! Every typed endpoint in `generated/` implements [`Endpoint`]: its schema
//! ([`crate::schema::EndpointSchema`]: method, path, how it authenticates, its documented
//! limits, its parameters), and how to split the request into query, headers and body (JSON
//! or a form). The client only ever sees this trait. Catalogue entries for endpoints
//! without a known path use [`CatalogueEntry`].

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use crate::schema::{Auth, Method, RateLimit};

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ContentType {
    /// `application/json`: the request serialized as JSON.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`: the request's members as `name=value` pairs
    /// (scalars only; unset members are left out).
    Form,
}

impl ContentType {
    /// The media type sent as `content-type`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::Json => "application/json",
            ContentType::Form => "application/x-www-form-urlencoded",
        }
    }

    /// `body` encoded this way; a number with nothing after the point goes as an integer
    /// ([`IntegralNumbers`]).
    pub(crate) fn encode(self, body: &impl Serialize) -> Result<Vec<u8>, serde_json::Error> {
        match self {
            ContentType::Json => {
                let mut out = Vec::with_capacity(128);
                let mut serializer =
                    serde_json::Serializer::with_formatter(&mut out, IntegralNumbers);
                body.serialize(&mut serializer)?;
                Ok(out)
            }
            ContentType::Form => form_body(&serde_json::to_value(body)?),
        }
    }
}

/// The largest magnitude up to which every integer is exact in an `f64` (2^53).
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// A `number` member that holds an integer, as it goes on the wire: `1`, not `1.0`. JSON
/// does not tell the two apart, but servers that read an integer (`task_id`, a timestamp in
/// milliseconds) refuse `1.0`, and the `jing` program, a query parameter and a form all
/// send the integer, so the JSON body does too.
pub(crate) fn integral(number: f64) -> Option<i64> {
    (number.fract() == 0.0 && number.abs() <= EXACT_INTEGERS).then_some(number as i64)
}

/// `number` as a JSON value the way the typed requests write it: an integer when it holds
/// one exactly (`1`, not `1.0`; servers that read an integer refuse `1.0`), else a float.
pub(crate) fn json_number(number: f64) -> serde_json::Value {
    integral(number).map_or_else(|| serde_json::Value::from(number), serde_json::Value::from)
}

/// serde_json's compact output, but a float that holds an integer written as one.
struct IntegralNumbers;

impl serde_json::ser::Formatter for IntegralNumbers {
    fn write_f64<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        value: f64,
    ) -> std::io::Result<()> {
        match integral(value) {
            Some(integer) => self.write_i64(writer, integer),
            None => serde_json::ser::CompactFormatter.write_f64(writer, value),
        }
    }

    fn write_f32<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        value: f32,
    ) -> std::io::Result<()> {
        self.write_f64(writer, f64::from(value))
    }
}

/// A JSON object as a form: each member `name=value`, strings as they are, numbers and
/// booleans as their JSON text, `null` left out. Anything else cannot be carried by a form.
pub(crate) fn form_body(value: &serde_json::Value) -> Result<Vec<u8>, serde_json::Error> {
    use serde::ser::Error as _;
    let members = value
        .as_object()
        .ok_or_else(|| serde_json::Error::custom("a form body must be an object of members"))?;
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, member) in members {
        match member {
            serde_json::Value::Null => {}
            serde_json::Value::String(text) => {
                form.append_pair(name, text);
            }
            serde_json::Value::Number(number) => {
                let text = match number.as_f64().filter(|_| number.is_f64()) {
                    Some(float) => json_number(float).to_string(),
                    None => number.to_string(),
                };
                form.append_pair(name, &text);
            }
            serde_json::Value::Bool(_) => {
                form.append_pair(name, &member.to_string());
            }
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                return Err(serde_json::Error::custom(format!(
                    "member `{name}` is an array or object, which a form body cannot carry"
                )));
            }
        }
    }
    Ok(form.finish().into_bytes())
}

/// A typed endpoint: implemented by every generated request type, and by no other (the
/// trait is sealed), so its constants are always the ones its [`Endpoint::SCHEMA`] gives.
/// A call the spec does not type is sent with [`RawRequest`](crate::RawRequest).
///
/// The request value itself serializes to the body (JSON, or a form:
/// [`Endpoint::CONTENT_TYPE`]); its path, query and header members are skipped by serde and
/// returned by [`Endpoint::path_params`], [`Endpoint::query`] and [`Endpoint::headers`].
pub trait Endpoint: Serialize + crate::sealed::Sealed {
    /// The type of the envelope's `data` on success.
    type Response: DeserializeOwned;
    /// Everything the spec says of the endpoint, generated once; the constants below are
    /// read from it.
    const SCHEMA: &'static crate::schema::EndpointSchema;
    /// The spec's name of the endpoint, e.g. `create_customer`.
    const NAME: &'static str = Self::SCHEMA.name;
    /// The HTTP method.
    const METHOD: Method = Self::SCHEMA.method;
    /// The path below the base URL, e.g. `/v1/customer/create`.
    const PATH: &'static str = Self::SCHEMA.path;
    /// How the call authenticates.
    const AUTH: Auth = Self::SCHEMA.auth;
    /// The documented limits.
    const RATE_LIMIT: RateLimit = Self::SCHEMA.rate_limit;
    /// Whether the request has a body.
    const HAS_BODY: bool = !matches!(Self::SCHEMA.body, crate::schema::Body::None);
    /// How the body is encoded (JSON unless the docs say a form).
    const CONTENT_TYPE: ContentType = match Self::SCHEMA.body {
        crate::schema::Body::Form => ContentType::Form,
        _ => ContentType::Json,
    };
    /// Whether sending it twice is harmless (a read or a token call), so failures that may
    /// have reached the server are retried.
    const IDEMPOTENT: bool = Self::SCHEMA.idempotent;
    /// How the answer says success and where its data is: the Jing envelope unless the
    /// docs show another answer.
    const ANSWER: crate::Answer = Self::SCHEMA.answer;

    /// Path parameters, as wire name and text; each fills the `{name}` of [`Endpoint::PATH`].
    fn path_params(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Query parameters that are set, as wire name and text.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Header parameters that are set (the auth headers excepted), as wire name and text.
    fn headers(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// What a path parameter's value may keep as it is: letters, digits, `-`, `_` and `~`.
/// Everything else is percent-encoded, `/` and `.` included, so a value is always one
/// segment and never `..`.
const PATH_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'~');

/// `value` percent-encoded as one path segment, the way the typed requests fill their path
/// parameters: letters, digits, `-`, `_` and `~` stay, everything else (`/` and `.`
/// included) is encoded, so a value is always one segment and never `..`.
fn encode_path_segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, PATH_VALUE).to_string()
}

/// `template` with each `{name}` replaced by its value of `params`, percent-encoded.
pub(crate) fn fill_path(
    template: &'static str,
    params: &[(&'static str, String)],
) -> std::borrow::Cow<'static, str> {
    if params.is_empty() {
        return std::borrow::Cow::Borrowed(template);
    }
    let mut path = template.to_owned();
    for (name, value) in params {
        path = path.replace(&format!("{{{name}}}"), &encode_path_segment(value));
    }
    std::borrow::Cow::Owned(path)
}

/// How much of an endpoint's vendor page is transcribed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// Every fact of the page is transcribed; the endpoint is typed.
    Documented,
    /// The path is known and the endpoint typed; some facts (often required flags) are not.
    Partial,
    /// Only the title (and maybe the method) is known; call it through the raw client.
    Catalogued,
}

impl Status {
    /// The spelling of the docs and the spec: `documented`, `partial` or `catalogued`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Documented => "documented",
            Status::Partial => "partial",
            Status::Catalogued => "catalogued",
        }
    }
}

/// One endpoint of the docs, typed or not, as listed in [`crate::catalogue::ENDPOINTS`].
///
/// A typed endpoint's entry is made from its [`schema`](Self::schema): its group, name,
/// titles, method, path, page and limits are the schema's, read from it when the entry is
/// built, never written a second time. An endpoint only catalogued (no known path) has no
/// schema, and its entry holds what the docs give of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CatalogueEntry {
    /// The group key, which is also the module name (`customer`).
    pub group: &'static str,
    /// The spec's name of the endpoint (`create_customer`).
    pub name: &'static str,
    /// The docs' Chinese title.
    pub title_zh: &'static str,
    /// The docs' English title.
    pub title_en: &'static str,
    /// How much is transcribed.
    pub status: Status,
    /// The HTTP method, when known.
    pub method: Option<Method>,
    /// The path, when known (only a typed endpoint has one).
    pub path: Option<&'static str>,
    /// The vendor page, when known.
    pub doc_url: Option<&'static str>,
    /// The documented limits ([`RateLimit::UNKNOWN`] where the docs give none); raw calls
    /// to the endpoint's path share its budget.
    pub rate_limit: RateLimit,
    /// The schema of a typed endpoint, which every other fact of its entry is read from;
    /// `None` for an endpoint only catalogued.
    pub schema: Option<&'static crate::schema::EndpointSchema>,
}

impl CatalogueEntry {
    /// The entry of `entries` for a call of `method` to `path` (its query aside): by its
    /// literal path first, else by its template (`/v1/widget/{id}` for `/v1/widget/42`, as
    /// [`EndpointSchema::matches`](crate::schema::EndpointSchema::matches) reads one). Raw
    /// calls and the mock name a request by it.
    ///
    /// ```
    /// use jing_api::{CatalogueEntry, Method};
    ///
    /// let entries = jing_api::SPEC.catalogue;
    /// let entry = CatalogueEntry::lookup(entries, Method::Post, "/v1/customer/create?x=1");
    /// assert_eq!(entry.map(|entry| entry.name), Some("create_customer"));
    /// assert!(CatalogueEntry::lookup(entries, Method::Get, "/v1/customer/create").is_none());
    /// ```
    pub fn lookup(
        entries: &'static [CatalogueEntry],
        method: Method,
        path: &str,
    ) -> Option<&'static CatalogueEntry> {
        let path = path.split('?').next().unwrap_or_default();
        let entries = entries
            .iter()
            .filter(move |entry| entry.method == Some(method));
        let templated = |entry: &&CatalogueEntry| {
            entry.path.is_some_and(|template| {
                template.contains('{') && crate::schema::path_values(template, path).is_some()
            })
        };
        entries
            .clone()
            .find(|entry| entry.path == Some(path))
            .or_else(|| entries.clone().find(templated))
    }

    test_util_const_fn! {
        /// The entry of a typed endpoint: every fact read from `schema`, with how much of
        /// its page is transcribed.
        fn typed(schema: &'static crate::schema::EndpointSchema, status: Status) -> CatalogueEntry {
            CatalogueEntry {
                group: schema.group,
                name: schema.name,
                title_zh: schema.title_zh,
                title_en: schema.title_en,
                status,
                method: Some(schema.method),
                path: Some(schema.path),
                doc_url: schema.doc_url,
                rate_limit: schema.rate_limit,
                schema: Some(schema),
            }
        }

        /// The entry of an endpoint known by its titles only (no path, so no schema, and
        /// so [`Status::Catalogued`]): no method, page or limits until said.
        fn catalogued(
            group: &'static str,
            name: &'static str,
            title_zh: &'static str,
            title_en: &'static str,
        ) -> CatalogueEntry {
            CatalogueEntry {
                group,
                name,
                title_zh,
                title_en,
                status: Status::Catalogued,
                method: None,
                path: None,
                doc_url: None,
                rate_limit: RateLimit::UNKNOWN,
                schema: None,
            }
        }

        /// With the method the docs give.
        fn with_method(mut self, method: Method) -> CatalogueEntry {
            self.method = Some(method);
            self
        }

        /// With the vendor's page.
        fn with_doc_url(mut self, doc_url: &'static str) -> CatalogueEntry {
            self.doc_url = Some(doc_url);
            self
        }

        /// With the limits the docs give.
        fn with_rate_limit(mut self, rate_limit: RateLimit) -> CatalogueEntry {
            self.rate_limit = rate_limit;
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ContentType, encode_path_segment, fill_path, form_body, json_number};

    #[test]
    fn numbers_and_path_segments_as_the_typed_requests_write_them() {
        assert_eq!(json_number(3.0), serde_json::json!(3));
        assert_eq!(json_number(1.5), serde_json::json!(1.5));
        assert_eq!(encode_path_segment("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn numbers_that_hold_integers_go_as_integers() {
        let body = serde_json::json!({"task_id": 1.0, "timestamp": 1_770_194_570_564.0_f64, "ratio": 0.5, "big": 1e300});
        let json = ContentType::Json.encode(&body).expect("encodes");
        assert_eq!(
            String::from_utf8_lossy(&json),
            r#"{"big":1e+300,"ratio":0.5,"task_id":1,"timestamp":1770194570564}"#
        );
        let form = ContentType::Form.encode(&body).expect("encodes");
        assert_eq!(
            String::from_utf8_lossy(&form),
            "big=1e%2B300&ratio=0.5&task_id=1&timestamp=1770194570564"
        );
    }

    #[test]
    fn form_bodies_are_flat_pairs_of_scalars() {
        let body = serde_json::json!({"name": "a b&c", "coats": 2, "dry": true, "gone": null});
        let encoded = String::from_utf8(form_body(&body).expect("scalars encode"));
        assert_eq!(
            encoded.as_deref(),
            Ok("coats=2&dry=true&name=a+b%26c"),
            "members in the object's order, null left out"
        );
        let nested = serde_json::json!({"owner": {"id": "o"}});
        let error = form_body(&nested).expect_err("an object member is refused");
        assert!(error.to_string().contains("`owner`"), "{error}");
        assert!(form_body(&serde_json::json!([1])).is_err());
    }

    #[test]
    fn path_parameters_are_filled_percent_encoded_as_one_segment() {
        let filled = fill_path(
            "/v1/shelf/{shelfId}/part/{partId}",
            &[
                ("shelfId", "7".to_owned()),
                ("partId", "a/../b c.d".to_owned()),
            ],
        );
        assert_eq!(filled, "/v1/shelf/7/part/a%2F%2E%2E%2Fb%20c%2Ed");
        assert_eq!(fill_path("/v1/part/list", &[]), "/v1/part/list");
        assert_eq!(
            fill_path("/v1/part/{partId}", &[("partId", "零件-1_~".to_owned())]),
            "/v1/part/%E9%9B%B6%E4%BB%B6-1_~"
        );
    }
}
