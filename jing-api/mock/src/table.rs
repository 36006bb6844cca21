//! The shapes of the tables `cargo xtask regenerate` writes for the mock
//! (`generated/mock.rs`): what the spec says of each typed endpoint, as static data.
//!
//! Public but hidden only so the code generated from the synthetic fixture spec can hand
//! its own tables to [`super::MockBuilder::endpoints`] in the repository's tests; not an API.

use jing_api::{Auth, Method, RateLimit};

/// One typed endpoint.
#[derive(Debug)]
pub struct MockEndpoint {
    pub name: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub auth: Auth,
    pub rate_limit: RateLimit,
    pub token_role: Option<TokenRole>,
    pub path_params: &'static [MockParam],
    pub headers: &'static [MockParam],
    pub query: &'static [MockParam],
    pub body: Option<MockBody>,
    pub response: Option<MockResponse>,
    pub response_example: Option<&'static str>,
    /// How the answer says success and where its data is ([`jing_api::Answer::JING`] for
    /// the Jing envelope).
    pub answer: jing_api::Answer,
}

impl MockEndpoint {
    /// The values of the path parameters (percent-decoded) when `path` is this endpoint's,
    /// `None` when it is not; see [`path_values`].
    pub(crate) fn path_values(&self, path: &str) -> Option<Vec<(&'static str, String)>> {
        path_values(self.path, path)
    }
}

/// The typed endpoint at `path` among `endpoints`. A literal path wins over a template
/// that would also match it (`/part/list` over `/part/{partId}`).
pub(crate) fn endpoint_at(
    endpoints: &'static [MockEndpoint],
    path: &str,
) -> Option<&'static MockEndpoint> {
    endpoints
        .iter()
        .find(|endpoint| endpoint.path == path)
        .or_else(|| {
            endpoints.iter().find(|endpoint| {
                endpoint.path.contains('{') && endpoint.path_values(path).is_some()
            })
        })
}

/// The values of the path parameters of `template` (percent-decoded) when `path` fits it,
/// `None` when it does not. A `{name}` stands for one non-empty segment, or the part of a
/// segment between the template's literal text.
pub(crate) fn path_values<'t>(template: &'t str, path: &str) -> Option<Vec<(&'t str, String)>> {
    let template: Vec<&'t str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    if template.len() != segments.len() {
        return None;
    }
    let mut values = Vec::new();
    for (pattern, segment) in template.into_iter().zip(segments) {
        let Some((prefix, rest)) = pattern.split_once('{') else {
            if pattern != segment {
                return None;
            }
            continue;
        };
        let (name, suffix) = rest.split_once('}')?;
        let value = segment.strip_prefix(prefix)?.strip_suffix(suffix)?;
        if value.is_empty() {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(value)
            .decode_utf8()
            .ok()?;
        values.push((name, decoded.into_owned()));
    }
    Some(values)
}

/// Which token call an endpoint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRole {
    // Emitted once Get Access Token's page is transcribed (its path is unknown today).
    #[allow(dead_code)]
    GetAccessToken,
    RefreshToken,
}

/// A path, header or query parameter.
#[derive(Debug)]
pub struct MockParam {
    pub name: &'static str,
    pub kind: MockType,
    pub required: Option<bool>,
    pub auth: bool,
    /// The documented values (others are accepted and logged: the enums are open).
    pub values: &'static [&'static str],
}

/// A request body: an object of `fields`, or an array of such objects; JSON, or a form
/// (`application/x-www-form-urlencoded`) of an object's scalar members.
#[derive(Debug)]
pub struct MockBody {
    pub array: bool,
    pub form: bool,
    pub fields: &'static [MockField],
    pub custom_fields: bool,
}

/// What `data` holds.
#[derive(Debug)]
pub struct MockResponse {
    pub kind: MockType,
    pub fields: &'static [MockField],
}

/// A member of a body, a response or a nested object.
#[derive(Debug)]
pub struct MockField {
    pub name: &'static str,
    pub kind: MockType,
    pub required: Option<bool>,
    pub values: &'static [&'static str],
    pub fields: &'static [MockField],
    pub credential: Option<Credential>,
    /// The member may be `null` where it is present.
    pub nullable: bool,
}

/// A spec type.
#[derive(Debug)]
pub enum MockType {
    String,
    Integer,
    // Emitted for `u64` members (ids beyond i64); the real spec has none yet.
    #[allow(dead_code)]
    U64,
    // Emitted for `number` members; the real spec has none yet (the fixture has).
    #[allow(dead_code)]
    Number,
    Boolean,
    Any,
    Object,
    Array(&'static MockType),
    Map(&'static MockType),
}

/// A member of a token call that carries a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    AppId,
    AppSecret,
    AccessToken,
    RefreshToken,
    ExpiresIn,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(path: &'static str) -> MockEndpoint {
        MockEndpoint {
            name: "move_part",
            method: Method::Put,
            path,
            auth: Auth::Headers,
            rate_limit: RateLimit::UNKNOWN,
            token_role: None,
            path_params: &[],
            headers: &[],
            query: &[],
            body: None,
            response: None,
            response_example: None,
            answer: jing_api::Answer::JING,
        }
    }

    #[test]
    fn templates_match_paths_and_give_decoded_values() {
        let template = endpoint("/v1/shelf/{shelfId}/part/{partId}.json");
        assert_eq!(
            template.path_values("/v1/shelf/7/part/a%2Fb.json"),
            Some(vec![
                ("shelfId", "7".to_owned()),
                ("partId", "a/b".to_owned())
            ])
        );
        assert_eq!(template.path_values("/v1/shelf/7/part/.json"), None);
        assert_eq!(template.path_values("/v1/shelf/7/part/x"), None);
        assert_eq!(template.path_values("/v1/shelf/7/part/x.json/more"), None);
        assert_eq!(
            endpoint("/v1/part/list").path_values("/v1/part/list"),
            Some(vec![])
        );
    }
}
