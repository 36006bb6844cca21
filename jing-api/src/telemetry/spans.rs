//! The spans of a call and of its attempts, with OpenTelemetry's HTTP client attributes:
//! built here from plain data, so the call pipeline (`client.rs`) only says what it knows.

use url::Url;

/// What the spans say of a call.
pub(crate) struct SpanTarget<'a> {
    /// The spec's name of the endpoint, or `raw`.
    pub(crate) endpoint: &'static str,
    /// The HTTP method.
    pub(crate) method: &'static str,
    /// The path as the spec writes it, when the call is catalogued.
    pub(crate) template: Option<&'static str>,
    /// The base URL: its host and port.
    pub(crate) server: &'a Url,
}

impl SpanTarget<'_> {
    /// OpenTelemetry's span name of an HTTP client call: `{method} {url.template}`, or the
    /// method alone when there is no template.
    fn name(&self) -> String {
        match self.template {
            Some(template) => format!("{} {template}", self.method),
            None => self.method.to_owned(),
        }
    }
}

/// The span of one call (info level): the final status, error and resend count are
/// recorded on it as the call goes.
pub(crate) fn call_span(target: &SpanTarget<'_>) -> tracing::Span {
    tracing::info_span!(
        "jing_api.call",
        "otel.name" = %target.name(),
        "otel.kind" = "client",
        "jing.endpoint" = target.endpoint,
        "http.request.method" = target.method,
        "url.template" = target.template,
        "server.address" = target.server.host_str(),
        "server.port" = target.server.port_or_known_default(),
        "http.response.status_code" = tracing::field::Empty,
        "http.request.resend_count" = tracing::field::Empty,
        "error.type" = tracing::field::Empty,
        "jing.retry_reason" = tracing::field::Empty,
        "jing.request_id" = tracing::field::Empty,
        attempt = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    )
}

/// The span of one attempt (debug level); `resends` requests of the call were sent
/// before it.
pub(crate) fn attempt_span(target: &SpanTarget<'_>, resends: u32) -> tracing::Span {
    tracing::debug_span!(
        "jing_api.attempt",
        "otel.name" = %target.name(),
        "otel.kind" = "client",
        "jing.endpoint" = target.endpoint,
        "http.request.method" = target.method,
        "url.template" = target.template,
        "server.address" = target.server.host_str(),
        "server.port" = target.server.port_or_known_default(),
        // OpenTelemetry sets the resend count only on resends.
        "http.request.resend_count" = (resends > 0).then_some(resends),
        "http.response.status_code" = tracing::field::Empty,
        "error.type" = tracing::field::Empty,
        "jing.retry_reason" = tracing::field::Empty,
        "jing.request_id" = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    )
}

/// An attempt of `endpoint` failed and is sent again for `reason`: said on the spans,
/// counted.
pub(crate) fn retrying(endpoint: &'static str, spans: [&tracing::Span; 2], reason: &'static str) {
    for span in spans {
        span.record("jing.retry_reason", reason);
    }
    super::record::retried(endpoint, reason);
}
