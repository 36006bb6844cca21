//! Serving a webhook receiver on 127.0.0.1 and posting to it, and the docs' samples the
//! posts carry (as jing-mock keeps them, from the spec).

use std::net::SocketAddr;

use jing_api::webhook::Event;

/// The docs' sample of the event page titled `title_zh`, as the mock sends it.
pub(crate) fn sample(title_zh: &str) -> String {
    let sample = jing_mock::MockServer::webhook_sample(title_zh)
        .unwrap_or_else(|| panic!("the spec keeps a whole sample for {title_zh}"));
    sample.to_string()
}

/// `text` decoded as the receiver decodes it.
pub(crate) fn decode(text: &str) -> Event {
    Event::from_slice(text.as_bytes()).unwrap_or_else(|error| panic!("{error}\n{text}"))
}

/// Serves `router` on a free port of 127.0.0.1 (`jing_test_wire::serve`).
pub(crate) async fn serve(router: axum::Router) -> SocketAddr {
    jing_test_wire::serve(router)
        .await
        .unwrap_or_else(|error| panic!("serve: {error}"))
}

/// Posts `body` to the receiver at `address` (with the shared secret, if any); the status
/// (`jing_test_wire::post`).
pub(crate) async fn post(
    address: SocketAddr,
    body: impl Into<reqwest::Body>,
    secret: Option<&str>,
) -> u16 {
    jing_test_wire::post(address, body, secret)
        .await
        .unwrap_or_else(|error| panic!("post: {error}"))
}
