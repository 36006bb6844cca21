//! [`ApiSpec`]: the tables of one API as the generator writes them from a spec (its default
//! base URL, its catalogue, the schema of each typed endpoint, its token calls), handed to
//! the client that works from them.
//!
//! The runtime reads an API's facts only through the `ApiSpec` its client was built for, and
//! never names generated code: the generated side writes one static value of this type
//! (`jing_api::SPEC` for the Jing API) and hands it in (`Client::builder()` is generated and
//! calls [`ClientBuilder::for_spec`](crate::ClientBuilder::for_spec)), so the arrows run one
//! way, from generated code to the runtime. A crate generated from another spec (the
//! repository's fixture) has its own `SPEC`, and a client built for it sends and checks that
//! API's calls with that API's tables.

use std::fmt;

use crate::auth::{TokenCall, TokenCalls};
use crate::endpoint::CatalogueEntry;
use crate::schema::EndpointSchema;

/// The facts of one API a [`Client`](crate::Client) works from, written by the generator
/// from its spec.
///
/// The Jing API's is `jing_api::SPEC`, which [`Client::builder`](crate::Client::builder)
/// uses; hand another to [`ClientBuilder::for_spec`](crate::ClientBuilder::for_spec).
///
/// ```
/// let spec = &jing_api::SPEC;
/// let create = spec.find("create_customer").expect("a typed endpoint");
/// assert_eq!(create.path, "/v1/customer/create");
/// assert!(spec.catalogue.iter().any(|entry| entry.schema == Some(create)));
///
/// let client = jing_api::ClientBuilder::for_spec(spec)
///     .app_id("app")
///     .access_token("token")
///     .build()?;
/// assert_eq!(client.base_url().as_str(), "https://jingopenapi.jingsocial.com/");
/// # Ok::<(), jing_api::Error>(())
/// ```
#[non_exhaustive]
pub struct ApiSpec {
    /// The base URL of the spec's default environment, used when the builder is given
    /// none.
    pub default_base_url: &'static str,
    /// Every endpoint of the docs, typed or not, in the spec's order: a raw call to a path
    /// listed here is named, limited and redacted as the endpoint's own.
    pub catalogue: &'static [CatalogueEntry],
    /// The schema of every typed endpoint, in the spec's order, whatever groups are
    /// compiled in.
    pub schemas: &'static [&'static EndpointSchema],
    /// The token calls compiled in, each found by its schema's role.
    pub(crate) token_calls: TokenCalls,
}

impl ApiSpec {
    test_util_const_fn! {
        /// The tables of one spec; the generator writes the one call of this for its
        /// crate's `SPEC`.
        fn new(
            default_base_url: &'static str,
            catalogue: &'static [CatalogueEntry],
            schemas: &'static [&'static EndpointSchema],
            token_calls: &'static [TokenCall],
        ) -> ApiSpec {
            ApiSpec {
                default_base_url,
                catalogue,
                schemas,
                token_calls: TokenCalls(token_calls),
            }
        }
    }

    /// The schema of the typed endpoint named `name` (the spec's name), among
    /// [`schemas`](Self::schemas).
    pub fn find(&self, name: &str) -> Option<&'static EndpointSchema> {
        self.schemas
            .iter()
            .copied()
            .find(|schema| schema.name == name)
    }
}

impl fmt::Debug for ApiSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiSpec")
            .field("default_base_url", &self.default_base_url)
            .field("catalogue", &self.catalogue.len())
            .field("schemas", &self.schemas.len())
            .field("token_calls", &self.token_calls.0.len())
            .finish()
    }
}
