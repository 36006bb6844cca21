//! The wire helpers of the workspace's tests, in a crate of their own that is not published
//! (as `tests/redis-server` is for Redis), so no published crate carries a second way of
//! faking the API or a third-party type for tests: a client of a local server with made-up
//! credentials ([`loopback`]) and the answers a wiremock server gives it ([`ok`],
//! [`answer`]); a webhook receiver (any axum router) served on 127.0.0.1 ([`serve`]) and a
//! post to it as the platform makes one ([`post`]). jing-api's tests, the mock's and the
//! workspace's write them once here.

use std::net::SocketAddr;

/// The made-up app id of [`loopback`]'s client (27 digits, as the platform's are).
pub const LOOPBACK_APP_ID: &str = "100000000000000000000000001";

/// The made-up access token of [`loopback`]'s client.
pub const LOOPBACK_ACCESS_TOKEN: &str = "token-1";

/// A client builder of jing-api's spec for the local server at `base_url`, with a made-up
/// app id and access token ([`LOOPBACK_APP_ID`], [`LOOPBACK_ACCESS_TOKEN`]).
pub fn loopback(base_url: impl Into<String>) -> jing_api::ClientBuilder {
    loopback_for(&jing_api::SPEC, base_url)
}

/// As [`loopback`], for the API of `spec` (the fixture's, whose typed calls a client of
/// jing-api's spec refuses).
pub fn loopback_for(
    spec: &'static jing_api::ApiSpec,
    base_url: impl Into<String>,
) -> jing_api::ClientBuilder {
    jing_api::ClientBuilder::for_spec(spec)
        .base_url(base_url)
        .app_id(LOOPBACK_APP_ID)
        .access_token(LOOPBACK_ACCESS_TOKEN)
}

/// A successful Jing envelope around `data`, as a local server answers it.
pub fn ok(data: serde_json::Value) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200).set_body_json(
        serde_json::json!({"request_id": "req-ok", "code": 0, "msg": "success", "data": data}),
    )
}

/// Makes `server` answer every request to `route` with `body`, verbatim, as JSON (what it
/// answered before is forgotten), for tests of answers as servers in the wild send them.
pub async fn answer(server: &wiremock::MockServer, route: &str, body: &[u8]) {
    server.reset().await;
    wiremock::Mock::given(wiremock::matchers::path(route))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_raw(body.to_vec(), "application/json"),
        )
        .mount(server)
        .await;
}

/// Serves `router` on a free port of 127.0.0.1 in the background (with each connection's
/// peer address, as a receiver that checks it needs); its address.
pub async fn serve(router: axum::Router) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(error) = axum::serve(listener, service).await {
            tracing::error!(error = %jing_api::ErrorReport::new(&error), "the webhook server stopped");
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
