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

/// Serves `router` on a free port of 127.0.0.1.
pub(crate) async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|error| panic!("bind: {error}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|error| panic!("address: {error}"));
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(error) = axum::serve(listener, service).await {
            panic!("the webhook server stopped: {error}");
        }
    });
    address
}

/// Posts `body` to the receiver at `address` (with the shared secret, if any); the status.
pub(crate) async fn post(
    address: SocketAddr,
    body: impl Into<reqwest::Body>,
    secret: Option<&str>,
) -> u16 {
    let mut request = reqwest::Client::new()
        .post(format!("http://{address}/jing/webhook"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(secret) = secret {
        request = request.header("x-hook-secret", secret);
    }
    request
        .send()
        .await
        .unwrap_or_else(|error| panic!("post: {error}"))
        .status()
        .as_u16()
}
