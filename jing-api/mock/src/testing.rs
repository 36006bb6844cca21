//! For the repository's tests, behind the `test-util` feature (not covered by semver): a
//! webhook receiver (any axum router) served on 127.0.0.1, and a post to it as the
//! platform makes one, so jing-api's tests and the mock's share one way of doing both.

use std::net::SocketAddr;

/// Serves `router` on a free port of 127.0.0.1 in the background (with each connection's
/// peer address, as a receiver that checks it needs); its address.
pub async fn serve(router: axum::Router) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(error) = axum::serve(listener, service).await {
            tracing::error!(%error, "the webhook server stopped");
        }
    });
    Ok(address)
}

/// Posts `body` as JSON to `/jing/webhook` at `address`, with the shared secret
/// (`x-hook-secret`) when there is one; the receiver's status.
pub async fn post(
    address: SocketAddr,
    body: impl Into<reqwest::Body>,
    secret: Option<&str>,
) -> Result<u16, reqwest::Error> {
    let mut request = reqwest::Client::new()
        .post(format!("http://{address}/jing/webhook"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(secret) = secret {
        request = request.header("x-hook-secret", secret);
    }
    Ok(request.send().await?.status().as_u16())
}
