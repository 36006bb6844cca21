//! The receiver's edges: every refusal answered with a JSON reason and seen by the hook,
//! IPv4 peers on an IPv6 listener, and the capacity of handler mode kept while a handler
//! runs after its sender hung up.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, HeaderName};
use jing_api::webhook::axum::{
    IpAllowList, Rejected, SenderCheck, SharedSecretHeader, WebhookReceiver,
};
use serde_json::Value;

use crate::webhook_server::serve;

/// Posts `body` (with the secret header when given); the status and the answer's JSON.
async fn post(address: SocketAddr, body: &'static str, secret: bool) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("http://{address}/hook"))
        .body(body);
    if secret {
        request = request.header("x-hook-secret", "s3cret");
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("post: {error}"));
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn every_refusal_has_a_json_reason_and_reaches_the_hook() {
    let seen: Arc<Mutex<Vec<Rejected>>> = Arc::default();
    let hook = Arc::clone(&seen);
    let (router, mut events) = WebhookReceiver::new()
        .max_body_bytes(64)
        .check(SharedSecretHeader::new(
            HeaderName::from_static("x-hook-secret"),
            "s3cret",
        ))
        .on_rejected(move |rejected| {
            hook.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(rejected.clone())
        })
        .router("/hook");
    let address = serve(router).await;
    let long = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28]";
    let cases = [
        ("{}", false, 403, "forbidden"),
        ("not json at all", true, 400, "not_json"),
        (long, true, 413, "too_large"),
    ];
    for (body, secret, status, reason) in cases {
        let (got, answer) = post(address, body, secret).await;
        assert_eq!(got, status, "{body}");
        assert_eq!(answer["reason"], reason, "{answer}");
        assert_eq!(answer["status"], status, "{answer}");
        assert!(
            answer["message"]
                .as_str()
                .is_some_and(|text| !text.is_empty())
        );
    }
    let (ok, _) = post(address, "{\"event_type\":\"x\"}", true).await;
    assert_eq!(ok, 200);
    assert!(events.recv().await.is_some());
    let seen = seen.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let reasons: Vec<(&str, u16)> = seen.iter().map(|r| (r.reason.as_str(), r.status)).collect();
    assert_eq!(
        reasons,
        [("forbidden", 403), ("not_json", 400), ("too_large", 413)]
    );
    // The length is known once the body was read, and never the content.
    assert_eq!(seen[1].length, Some("not json at all".len()));
    assert!(seen.iter().all(|rejected| rejected.peer.is_some()));
}

#[test]
fn ipv4_peers_of_an_ipv6_listener_match_their_ipv4_address() {
    let list = IpAllowList(vec!["127.0.0.1".parse().unwrap_or_else(|e| panic!("{e}"))]);
    let mapped: SocketAddr = "[::ffff:127.0.0.1]:5000"
        .parse()
        .unwrap_or_else(|e| panic!("{e}"));
    let plain: SocketAddr = "127.0.0.1:5000".parse().unwrap_or_else(|e| panic!("{e}"));
    let other: SocketAddr = "[::ffff:10.0.0.1]:5000"
        .parse()
        .unwrap_or_else(|e| panic!("{e}"));
    let headers = HeaderMap::new();
    assert!(list.accepts(&headers, Some(mapped)));
    assert!(list.accepts(&headers, Some(plain)));
    assert!(!list.accepts(&headers, Some(other)));
    let mapped_list = IpAllowList(vec![
        "::ffff:127.0.0.1".parse().unwrap_or_else(|e| panic!("{e}")),
    ]);
    assert!(mapped_list.accepts(&headers, Some(plain)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_still_running_keeps_its_capacity_after_the_sender_hangs_up() {
    let gate = Arc::new(tokio::sync::Semaphore::new(0));
    let entered = Arc::new(tokio::sync::Notify::new());
    let (inside, signal) = (Arc::clone(&gate), Arc::clone(&entered));
    let router = WebhookReceiver::new()
        .capacity(1)
        .router_with_handler("/hook", move |_event| {
            let (gate, signal) = (Arc::clone(&inside), Arc::clone(&signal));
            async move {
                signal.notify_one();
                let _ = gate.acquire().await.map(|permit| permit.forget());
                Ok::<(), std::io::Error>(())
            }
        });
    let address = serve(router).await;
    // The first sender hangs up once its event is inside the handler.
    let sender = tokio::spawn(async move {
        let _ = reqwest::Client::new()
            .post(format!("http://{address}/hook"))
            .body("{}")
            .send()
            .await;
    });
    entered.notified().await;
    sender.abort();
    let _ = sender.await;
    // Its handler still runs, so a second event finds no room (answered at once).
    let (busy, answer) = post(address, "{}", false).await;
    assert_eq!((busy, answer["reason"].as_str()), (503, Some("busy")));
    // Once the handler is through, there is room again.
    gate.add_permits(2);
    let mut status = 0;
    for _ in 0..50 {
        status = post(address, "{}", false).await.0;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_route_without_its_slash_and_a_body_with_a_bom_are_taken() {
    // `hook` is read as `/hook` (axum would panic on it), and a UTF-8 byte order mark before
    // the JSON is skipped, as the client skips it in answers.
    let (router, mut events) = WebhookReceiver::new().router("hook");
    let address = serve(router).await;
    let answer = reqwest::Client::new()
        .post(format!("http://{address}/hook"))
        .body(b"\xEF\xBB\xBF{\"event_type\":\"x\"}".to_vec())
        .send()
        .await
        .unwrap_or_else(|error| panic!("post: {error}"));
    assert_eq!(answer.status().as_u16(), 200);
    assert!(events.recv().await.is_some());
    let (_, _events) = WebhookReceiver::new().router("");
}
