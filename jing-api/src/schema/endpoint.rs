//! An endpoint's schema and the small types it is made of: method, auth, limits, body,
//! token role. Apart from `schema.rs`, which lists the generated schemas
//! ([`ENDPOINTS`](super::ENDPOINTS)), so that the generated rows, which are built from these
//! types, and the list of them import one way.

use crate::Answer;

use super::members::{Param, Place, Response};
use super::path::path_values;

/// An HTTP method, as the spec knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
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

impl Method {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a call authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// The client sends its `app_id` and `access_token` headers.
    Headers,
    /// No auth headers; the credentials are in the body (the OAuth token calls).
    None,
}

/// The documented call limits of an endpoint. `None` means the docs' figure is not known,
/// not that the endpoint is unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RateLimit {
    /// Calls per second.
    pub per_second: Option<u32>,
    /// Calls per day.
    pub per_day: Option<u32>,
}

impl RateLimit {
    /// No limit is documented (or the page is not transcribed).
    pub const UNKNOWN: RateLimit = RateLimit {
        per_second: None,
        per_day: None,
    };
}

/// 类型化接口的全部规格事实。 Everything the spec says of one typed endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct EndpointSchema {
    /// The spec's name (snake_case), e.g. `create_customer`.
    pub name: &'static str,
    /// The spec's key of its group, e.g. `customer`.
    pub group: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path below the base URL, `{name}` standing for each path parameter.
    pub path: &'static str,
    /// The docs' title in Chinese.
    pub title_zh: &'static str,
    /// The docs' title in English.
    pub title_en: &'static str,
    /// The first sentence of the docs in each language, in one line.
    pub summary: &'static str,
    /// The vendor's page, when known.
    pub doc_url: Option<&'static str>,
    /// The request body's shape and encoding.
    pub body: Body,
    /// Whether an object body takes custom attributes beside its preset members.
    pub custom_fields: bool,
    /// Every parameter: path, query and header parameters (the auth headers too), then the
    /// members of the body (of each item, for an array body), in the spec's order.
    pub params: &'static [Param],
    /// The documented limits.
    pub rate_limit: RateLimit,
    /// How the call authenticates.
    pub auth: Auth,
    /// Whether sending it twice is harmless (documented so, or a token call).
    pub idempotent: bool,
    /// How the answer says success and where its data is.
    pub answer: Answer,
    /// What the answer's data holds, where the docs describe it.
    pub response: Option<Response>,
    /// The part it plays in obtaining tokens, if any.
    pub token_role: Option<TokenRole>,
}

impl EndpointSchema {
    test_util_const_fn! {
        /// An endpoint of `group` named `name`, sent as `method` to `path`: no body, no
        /// parameters, the auth headers, unknown limits, not idempotent, the Jing envelope.
        fn new(
            name: &'static str,
            group: &'static str,
            method: Method,
            path: &'static str,
        ) -> EndpointSchema {
            EndpointSchema {
                name,
                group,
                method,
                path,
                title_zh: "",
                title_en: "",
                summary: "",
                doc_url: None,
                body: Body::None,
                custom_fields: false,
                params: &[],
                rate_limit: RateLimit::UNKNOWN,
                auth: Auth::Headers,
                idempotent: false,
                answer: Answer::JING,
                response: None,
                token_role: None,
            }
        }

        /// With the docs' titles and first sentences.
        fn with_docs(
            mut self,
            title_zh: &'static str,
            title_en: &'static str,
            summary: &'static str,
        ) -> EndpointSchema {
            self.title_zh = title_zh;
            self.title_en = title_en;
            self.summary = summary;
            self
        }

        /// With the vendor's page.
        fn with_doc_url(mut self, doc_url: &'static str) -> EndpointSchema {
            self.doc_url = Some(doc_url);
            self
        }

        /// With a body of this shape; `custom_fields` when an object body takes custom
        /// attributes.
        fn with_body(mut self, body: Body, custom_fields: bool) -> EndpointSchema {
            self.body = body;
            self.custom_fields = custom_fields;
            self
        }

        /// With these parameters.
        fn with_params(mut self, params: &'static [Param]) -> EndpointSchema {
            self.params = params;
            self
        }

        /// With the documented limits.
        fn with_rate_limit(mut self, rate_limit: RateLimit) -> EndpointSchema {
            self.rate_limit = rate_limit;
            self
        }

        /// Sent without the auth headers (the token calls).
        fn without_auth(mut self) -> EndpointSchema {
            self.auth = Auth::None;
            self
        }

        /// Safe to send twice.
        fn idempotent(mut self) -> EndpointSchema {
            self.idempotent = true;
            self
        }

        /// With an answer that is not the Jing envelope.
        fn with_answer(mut self, answer: Answer) -> EndpointSchema {
            self.answer = answer;
            self
        }

        /// With the shape of the answer's data.
        fn with_response(mut self, response: Response) -> EndpointSchema {
            self.response = Some(response);
            self
        }

        /// A token call of this role.
        fn with_token_role(mut self, role: TokenRole) -> EndpointSchema {
            self.token_role = Some(role);
            self
        }
    }

    /// The parameters in `place`, in the spec's order.
    pub fn params_in(&self, place: Place) -> impl Iterator<Item = &'static Param> + use<> {
        self.params.iter().filter(move |param| param.place == place)
    }

    /// The values of the path parameters (percent-decoded) when `path` (without a query)
    /// is this endpoint's, by its template (`/v1/widget/{id}` fits `/v1/widget/42`), `None`
    /// when it is not; see [`path_values`].
    pub fn matches(&self, path: &str) -> Option<Vec<(&'static str, String)>> {
        path_values(self.path, path)
    }

    /// Which names hide their value in this call's requests and answers: those of the
    /// credential families, and the wire name of every parameter, body member and answer
    /// member (nested ones too) this schema marks [`secret`](Param::secret).
    pub fn secrets(&self) -> crate::redact::Secrets {
        fn walk(params: &'static [Param], names: &mut Vec<&'static str>) {
            for param in params {
                if param.secret {
                    names.push(param.name);
                }
                walk(param.fields, names);
            }
        }
        let mut names = Vec::new();
        walk(self.params, &mut names);
        walk(
            self.response.map_or(&[], |response| response.fields),
            &mut names,
        );
        crate::redact::Secrets::marking(names)
    }
}

/// The shape and encoding of a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Body {
    /// No body.
    None,
    /// A JSON object of the body parameters.
    Object,
    /// A bare JSON array of objects, each of the body parameters.
    Array,
    /// A form (`application/x-www-form-urlencoded`) of the body parameters, scalars only.
    Form,
}

/// Which token call an endpoint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenRole {
    /// The call that gives the first access token for the app's credentials.
    GetAccessToken,
    /// The call that renews the pair with a refresh token.
    RefreshToken,
}
