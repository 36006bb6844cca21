//! The axum receiver end to end, on 127.0.0.1, posted to with reqwest: every JSON body
//! queued in order, a sender check that refuses before queueing, `Event` as an extractor,
//! and a handler that acknowledges only what it handled. Refusals and capacity are
//! `webhook_edges.rs`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderName;
use jing_api::webhook::Event;
use jing_api::webhook::axum::{SharedSecretHeader, WebhookReceiver};
use serde_json::json;
use tokio::sync::mpsc;

use crate::webhook_server::{decode, post, sample, serve};

#[tokio::test]
async fn the_axum_receiver_queues_every_json_body_in_order() {
    let (router, mut events) = WebhookReceiver::new().capacity(8).router("/jing/webhook");
    let address = serve(router).await;
    let account = sample("object_update事件-客户");
    let bodies = [
        account.clone(),
        json!({"event_type": "pageView", "url": "https://example.invalid"}).to_string(),
        json!({"event_type": "never_heard_of"}).to_string(),
    ];
    for body in &bodies {
        assert_eq!(post(address, body.clone(), None).await, 200);
    }
    assert_eq!(post(address, "this is not json", None).await, 400);
    let mut received = Vec::new();
    for _ in &bodies {
        received.push(events.recv().await.expect("an event per JSON body"));
    }
    let names: Vec<_> = received.iter().map(Event::variant_name).collect();
    assert_eq!(names, ["AccountObjectUpdate", "PageView", "Unknown"]);
    assert_eq!(received[0], decode(&account));
    assert!(
        events.try_recv().is_err(),
        "the non-JSON body was not queued"
    );

    drop(events);
    assert_eq!(
        post(address, account, None).await,
        503,
        "nobody is listening"
    );
}

#[tokio::test]
async fn a_sender_check_refuses_requests_before_they_are_queued() {
    let (router, mut events) = WebhookReceiver::new()
        .check(SharedSecretHeader::new(
            HeaderName::from_static("x-hook-secret"),
            "configured-secret",
        ))
        .router("/jing/webhook");
    let address = serve(router).await;
    let body = json!({"event_type": "template_send"}).to_string();
    assert_eq!(post(address, body.clone(), None).await, 403);
    assert_eq!(
        post(address, body.clone(), Some("configured-secreT")).await,
        403
    );
    assert_eq!(
        post(address, body.clone(), Some("configured-secret")).await,
        200
    );
    let event = events.recv().await.expect("the accepted event");
    assert_eq!(event.variant_name(), "TemplateSend");
    assert!(
        events.try_recv().is_err(),
        "refused requests were not queued"
    );

    // A check of your own sees the peer address (served with connect info).
    let (router, mut events): (_, mpsc::Receiver<Event>) = WebhookReceiver::new()
        .check(|_: &axum::http::HeaderMap, peer: Option<SocketAddr>| {
            peer.is_some_and(|peer| peer.ip().is_loopback())
        })
        .router("/jing/webhook");
    let address = serve(router).await;
    assert_eq!(post(address, body, None).await, 200);
    assert!(events.recv().await.is_some());
}

#[tokio::test]
async fn event_is_an_axum_extractor() {
    async fn handler(event: Event) -> String {
        format!("{} {}", event.variant_name(), event.record().unwrap_or("-"))
    }
    let router = axum::Router::new().route("/jing/webhook", axum::routing::post(handler));
    let address = serve(router).await;
    let client = reqwest::Client::new();
    let url = format!("http://{address}/jing/webhook");
    let answer = client
        .post(&url)
        .body(sample("object_update事件-客户"))
        .send()
        .await
        .unwrap_or_else(|error| panic!("post: {error}"));
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(
        answer.text().await.unwrap_or_default(),
        "AccountObjectUpdate B3hJubdf4GR3fNhSyx5npA"
    );
    let refused = client
        .post(&url)
        .body("<xml/>")
        .send()
        .await
        .unwrap_or_else(|error| panic!("post: {error}"));
    assert_eq!(refused.status().as_u16(), 400);
    assert!(
        refused
            .text()
            .await
            .unwrap_or_default()
            .contains("is not JSON")
    );
}

/// The handler mode: `200` only after the handler's `Ok`; an error, a panic, a handler too
/// slow or too many at once answer 5xx, so a sender that retries delivers the event again.
#[tokio::test]
async fn with_a_handler_an_event_is_acknowledged_only_once_handled() {
    use std::sync::Mutex;
    let stored: Arc<Mutex<Vec<String>>> = Arc::default();
    let store = Arc::clone(&stored);
    let router = WebhookReceiver::new()
        .capacity(1)
        .handler_timeout(Duration::from_millis(300))
        .router_with_handler("/jing/webhook", move |event: Event| {
            let store = Arc::clone(&store);
            async move {
                match event.event_type().unwrap_or_default() {
                    "fails" => Err("the database is down".to_owned()),
                    "panics" => panic!("a bug in the handler"),
                    "slow" => {
                        tokio::time::sleep(Duration::from_secs(5)).await;
                        Ok(())
                    }
                    "slowish" => {
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        store
                            .lock()
                            .unwrap_or_else(|poison| poison.into_inner())
                            .push("slowish".to_owned());
                        Ok(())
                    }
                    other => {
                        store
                            .lock()
                            .unwrap_or_else(|poison| poison.into_inner())
                            .push(other.to_owned());
                        Ok(())
                    }
                }
            }
        });
    let address = serve(router).await;
    let body = |event_type: &str| json!({"event_type": event_type}).to_string();
    assert_eq!(post(address, body("template_send"), None).await, 200);
    assert_eq!(post(address, body("fails"), None).await, 500);
    assert_eq!(post(address, body("panics"), None).await, 500);
    assert_eq!(post(address, body("slow"), None).await, 504);
    // The server still serves after a panic and a timeout.
    assert_eq!(post(address, body("object_create"), None).await, 200);
    // One at a time (capacity 1): a second event while one is handled gets 503.
    let (first, second) = tokio::join!(post(address, body("slowish"), None), async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        post(address, body("template_send"), None).await
    });
    assert_eq!((first, second), (200, 503));
    assert_eq!(post(address, "not json", None).await, 400);
    let stored = stored
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .clone();
    assert_eq!(stored, ["template_send", "object_create", "slowish"]);
}
