//! The shapes of the tables `cargo xtask regenerate` writes for the mock
//! (`generated/mock.rs`): what the spec says of each typed endpoint, as static data.

use crate::{Auth, Method, RateLimit};

/// One typed endpoint.
#[derive(Debug)]
pub(crate) struct MockEndpoint {
    pub(crate) name: &'static str,
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    pub(crate) auth: Auth,
    pub(crate) rate_limit: RateLimit,
    pub(crate) token_role: Option<TokenRole>,
    pub(crate) path_params: &'static [MockParam],
    pub(crate) headers: &'static [MockParam],
    pub(crate) query: &'static [MockParam],
    pub(crate) body: Option<MockBody>,
    pub(crate) response: Option<MockResponse>,
    pub(crate) response_example: Option<&'static str>,
}

impl MockEndpoint {
    /// The values of the path parameters (percent-decoded) when `path` is this endpoint's,
    /// `None` when it is not; see [`path_values`].
    pub(crate) fn path_values(&self, path: &str) -> Option<Vec<(&'static str, String)>> {
        path_values(self.path, path)
    }
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
pub(crate) enum TokenRole {
    // Emitted once Get Access Token's page is transcribed (its path is unknown today).
    #[allow(dead_code)]
    GetAccessToken,
    RefreshToken,
}

/// A path, header or query parameter.
#[derive(Debug)]
pub(crate) struct MockParam {
    pub(crate) name: &'static str,
    pub(crate) kind: MockType,
    pub(crate) required: Option<bool>,
    pub(crate) auth: bool,
}

/// A request body: an object of `fields`, or an array of such objects.
#[derive(Debug)]
pub(crate) struct MockBody {
    pub(crate) array: bool,
    pub(crate) fields: &'static [MockField],
    pub(crate) custom_fields: bool,
}

/// What `data` holds.
#[derive(Debug)]
pub(crate) struct MockResponse {
    pub(crate) kind: MockType,
    pub(crate) fields: &'static [MockField],
}

/// A member of a body, a response or a nested object.
#[derive(Debug)]
pub(crate) struct MockField {
    pub(crate) name: &'static str,
    pub(crate) kind: MockType,
    pub(crate) required: Option<bool>,
    pub(crate) values: &'static [&'static str],
    pub(crate) fields: &'static [MockField],
    pub(crate) credential: Option<Credential>,
}

/// A spec type.
#[derive(Debug)]
pub(crate) enum MockType {
    String,
    Integer,
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
pub(crate) enum Credential {
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
