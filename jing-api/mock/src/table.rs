//! The shapes of the tables `cargo xtask regenerate` writes for the mock
//! (`generated/mock.rs`): for each typed endpoint its schema
//! ([`jing_api::schema::EndpointSchema`]: method, path, auth, limits, token role, every
//! parameter, body member and member of the answer's `data` with its kind, required flag
//! and documented values), and what only the mock needs: the docs' example.
//!
//! Public with the `test-util` feature only (not covered by semver), so the code generated
//! from the synthetic fixture spec can hand its own tables to `MockBuilder::tables` in
//! the repository's tests; not an API.

use jing_api::schema::{Body, EndpointSchema, Param, Place};

/// The tables of one API a mock serves, travelling together: its [`ApiSpec`] (what the
/// mock's clients are built for, and the catalogue requests are named by), the row of
/// every typed endpoint, the docs' webhook samples and (feature `test-util`) the probes.
/// jing-api's are handed in by the generated code (`MockServer::builder()`), so no
/// hand-written module names them; the repository's tests hand the fixture's to
/// `MockBuilder::tables`.
///
/// [`ApiSpec`]: jing_api::ApiSpec
#[derive(Clone, Copy)]
pub struct Tables {
    /// The API's tables as its client reads them.
    pub api: &'static jing_api::ApiSpec,
    /// The row of every typed endpoint.
    pub endpoints: &'static [MockEndpoint],
    /// The docs' webhook samples, each beside its event page's row.
    pub event_samples: &'static [(&'static jing_api::webhook_runtime::EventEntry, &'static str)],
    /// The probe of every typed endpoint.
    #[cfg(feature = "test-util")]
    pub probes: &'static [crate::probe::Probe],
}

impl Tables {
    /// The docs' webhook sample of the event page titled `title_zh`, `//` comments
    /// removed, when the page has a whole one.
    pub(crate) fn webhook_sample(&self, title_zh: &str) -> Option<serde_json::Value> {
        let (_, text) = self
            .event_samples
            .iter()
            .find(|(page, _)| page.title_zh == title_zh)?;
        serde_json::from_str(&jing_api::webhook_runtime::strip_comments(text)).ok()
    }

    /// The titles of the event pages with a sample in the docs.
    pub(crate) fn webhook_sample_titles(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.event_samples.iter().map(|(page, _)| page.title_zh)
    }
}

impl std::fmt::Debug for Tables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tables")
            .field("api", self.api)
            .field("endpoints", &self.endpoints.len())
            .field("event_samples", &self.event_samples.len())
            .finish_non_exhaustive()
    }
}

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
    /// `None` when it is not; see [`EndpointSchema::matches`].
    pub(crate) fn path_values(&self, path: &str) -> Option<Vec<(&'static str, String)>> {
        self.schema.matches(path)
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
    fn an_endpoint_reads_its_path_values_by_its_schema() {
        let template = endpoint("/v1/shelf/{shelfId}/part/{partId}.json");
        assert_eq!(
            template.path_values("/v1/shelf/7/part/a%2Fb.json"),
            Some(vec![
                ("shelfId", "7".to_owned()),
                ("partId", "a/b".to_owned())
            ])
        );
        assert_eq!(template.path_values("/v1/shelf/7/part/x"), None);
        let endpoints: &'static [MockEndpoint] = Box::leak(Box::new([
            endpoint("/v1/part/{partId}"),
            endpoint("/v1/part/list"),
        ]));
        let at = |path| endpoint_at(endpoints, path).map(|endpoint| endpoint.schema.path);
        assert_eq!(at("/v1/part/list"), Some("/v1/part/list"), "literal first");
        assert_eq!(at("/v1/part/7"), Some("/v1/part/{partId}"));
        assert_eq!(at("/v1/shelf/7"), None);
    }
}
