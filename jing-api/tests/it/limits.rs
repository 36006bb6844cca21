//! Nothing grows without bound: the client's cap on response bodies (announced or
//! streamed), the webhook receiver's body cap, read timeout and full queue. Every case over
//! real HTTP. The spec loader's limits are jing-spec's (`jing-spec/tests/spec_errors.rs`).

use std::net::SocketAddr;
use std::time::Duration;

use jing_api::webhook::axum::WebhookReceiver;
use jing_api::{Client, Error};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer};

use crate::webhook_server::{post, serve};

/// Account Creation with the fewest members, its `jing_uuid`.
async fn create(client: &Client) -> Result<String, jing_api::Error> {
    client
        .customer()
        .create(jing_api::customer::CreateCustomer::new("Acme", "bt"))
        .await
        .map(|data| data.jing_uuid)
}

fn client(base_url: &str, cap: usize) -> Client {
    Client::builder()
        .base_url(base_url)
        .app_id("app")
        .access_token("token")
        .max_response_bytes(cap)
        .build()
        .unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test]
async fn a_response_announced_over_the_cap_is_refused_unread() {
    let server = MockServer::start().await;
    let padding = "x".repeat(4096);
    Mock::given(path("/v1/customer/create"))
        .respond_with(crate::ok(json!({"jing_uuid": "u", "padding": padding})))
        .mount(&server)
        .await;
    let small = client(&server.uri(), 1024);
    assert!(matches!(
        create(&small).await,
        Err(Error::ResponseTooLarge { limit: 1024 })
    ));
    let roomy = client(&server.uri(), jing_api::DEFAULT_MAX_RESPONSE_BYTES);
    assert_eq!(create(&roomy).await.ok().as_deref(), Some("u"));
}

/// A server that answers every connection with a chunked body of `chunks` chunks of 1 KiB.
async fn chunked_server(chunks: usize) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|error| panic!("{error}"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("400\r\n{}\r\n", " ".repeat(1024));
                for _ in 0..chunks {
                    if stream.write_all(chunk.as_bytes()).await.is_err() {
                        return;
                    }
                }
                let _ = stream.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    address
}

#[tokio::test]
async fn a_streamed_response_is_cut_off_at_the_cap() {
    let address = chunked_server(64).await;
    let client = client(&format!("http://{address}"), 8 * 1024);
    assert!(matches!(
        create(&client).await,
        Err(Error::ResponseTooLarge { limit: 8192 })
    ));
}

#[tokio::test]
async fn the_webhook_receiver_refuses_large_bodies_with_413() {
    let (router, mut events) = WebhookReceiver::new()
        .max_body_bytes(64)
        .router("/jing/webhook");
    let address = serve(router).await;
    let large = json!({"event_type": "pageView", "padding": "x".repeat(200)}).to_string();
    assert_eq!(post(address, large, None).await, 413);
    assert_eq!(
        post(address, r#"{"event_type":"pageView"}"#, None).await,
        200
    );
    let first = events.recv().await.map(|event| event.variant_name());
    assert_eq!(first, Some("PageView"));
    assert!(events.try_recv().is_err(), "the large body was not queued");
}

#[tokio::test]
async fn a_sender_that_stalls_gets_408() {
    let (router, mut events) = WebhookReceiver::new()
        .read_timeout(Duration::from_millis(200))
        .router("/jing/webhook");
    let address = serve(router).await;
    let mut stream = TcpStream::connect(address)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let head = "POST /jing/webhook HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n{\"event";
    stream
        .write_all(head.as_bytes())
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let mut answer = vec![0u8; 256];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer)).await;
    let length = read.ok().and_then(Result::ok).unwrap_or(0);
    let answer = String::from_utf8_lossy(&answer[..length]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(events.try_recv().is_err());
}

#[tokio::test]
async fn a_full_queue_answers_503_and_acknowledges_nothing_it_dropped() {
    let (router, mut events) = WebhookReceiver::new().capacity(1).router("/jing/webhook");
    let address = serve(router).await;
    assert_eq!(
        post(address, r#"{"event_type":"pageView","n":1}"#, None).await,
        200
    );
    assert_eq!(
        post(address, r#"{"event_type":"pageView","n":2}"#, None).await,
        503
    );
    let first = events.recv().await.map(|event| event.raw()["n"].clone());
    assert_eq!(first, Some(json!(1)));
    assert_eq!(
        post(address, r#"{"event_type":"pageView","n":3}"#, None).await,
        200,
        "room again"
    );
}
