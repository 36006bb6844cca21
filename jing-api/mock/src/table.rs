//! The shapes of the tables `cargo xtask regenerate` writes for the mock
//! (`generated/mock.rs`): for each typed endpoint its schema
//! ([`jing_api::schema::EndpointSchema`]: method, path, auth, limits, token role, every
//! parameter, body member and member of the answer's `data` with its kind, required flag
//! and documented values), and what only the mock needs: the docs' example.
//!
//! Public with the `test-util` feature only (not covered by semver), so the code generated
//! from the synthetic fixture spec can hand its own tables to `MockBuilder::endpoints` in
//! the repository's tests; not an API.

use jing_api::schema::{Body, EndpointSchema, Param, Place};

/// One typed endpoint: its schema, and what the mock answers with. It reads as its
/// schema (`endpoint.path`, `endpoint.method`, …).
#[derive(Debug)]
pub struct MockEndpoint {
    /// The endpoint, as the spec describes it.
    pub schema: &'static EndpointSchema,
    /// The docs' whole response example, verbatim JSON text.
    pub response_example: Option<&'static str>,
}

impl MockEndpoint {
    /// The values of the path parameters (percent-decoded) when `path` is this endpoint's,
    /// `None` when it is not; see [`path_values`].
    pub(crate) fn path_values(&self, path: &str) -> Option<Vec<(&'static str, String)>> {
        path_values(self.schema.path, path)
    }

    /// The parameters in `place`.
    pub(crate) fn params(&self, place: Place) -> impl Iterator<Item = &'static Param> + use<> {
        self.schema.params_in(place)
    }

    /// Whether the request has a body.
    pub(crate) fn has_body(&self) -> bool {
        self.schema.body != Body::None
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
        .find(|endpoint| endpoint.schema.path == path)
        .or_else(|| {
            endpoints.iter().find(|endpoint| {
                endpoint.schema.path.contains('{') && endpoint.path_values(path).is_some()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(path: &'static str) -> MockEndpoint {
        let schema = Box::leak(Box::new(EndpointSchema::new(
            "move_part",
            "part",
            jing_api::Method::Put,
            path,
        )));
        MockEndpoint {
            schema,
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
