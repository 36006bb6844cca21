//! Around every request: the counters of `GET /_mock/stats` and one log line (method,
//! path, endpoint, status, latency; never a query, header or body, where credentials are).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::state::{Shared, endpoint_at};
use super::stats::Outcome;
use crate::days::unix_seconds;

/// The endpoint a request was for, as the handler marks its response.
#[derive(Debug, Clone)]
pub(crate) struct Tag {
    /// The typed endpoint's name, else the catalogued one's, else `None`.
    endpoint: Option<String>,
    token_call: bool,
}

impl Tag {
    /// The endpoint at `path`: typed, else the catalogue's for that method and path (its
    /// template matched, as raw calls match it), else the
    /// path (template) of the stub for that method and path. Never the path itself, so
    /// the counters keyed by it do not grow with the ids in paths.
    pub(crate) fn of(shared: &Shared, method: &str, path: &str) -> Tag {
        if let Some(endpoint) = endpoint_at(shared, path) {
            return Tag {
                endpoint: Some(endpoint.schema.name.to_owned()),
                token_call: endpoint.schema.token_role.is_some(),
            };
        }
        let catalogued = method
            .parse()
            .ok()
            .and_then(|method| jing_api::CatalogueEntry::lookup(shared.catalogue, method, path));
        let endpoint = match catalogued {
            Some(entry) => Some(entry.name.to_owned()),
            None => super::stubs::find(shared, method, path).map(|stub| stub.path),
        };
        Tag {
            endpoint,
            token_call: false,
        }
    }
}

/// Runs the request, then counts and logs it.
pub(crate) async fn observe(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let tag = response.extensions().get::<Tag>().cloned();
    let admin = super::admin::is_admin(&path);
    if let Some(tag) = &tag {
        let outcome = response.extensions().get::<Outcome>().copied();
        let second = unix_seconds(shared.clock.now());
        shared.lock().counters.count(
            tag.endpoint.as_deref(),
            tag.token_call,
            status,
            outcome,
            second,
        );
    }
    let endpoint = match (&tag, admin) {
        (_, true) => "(admin)",
        (
            Some(Tag {
                endpoint: Some(name),
                ..
            }),
            _,
        ) => name.as_str(),
        _ => "-",
    };
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    tracing::debug!(%method, %path, endpoint, status, millis, "jing-mock request");
    if shared.log_requests {
        eprintln!("jing-mock {method} {path} {endpoint} {status} {millis:.1}ms");
    }
    response
}
