//! Receives webhook events with axum and prints them decoded.
//!
//! ```text
//! cargo run -p jing-api --features axum --example receive_webhooks
//! ```
//!
//! With `JING_WEBHOOK_ADDR` set (e.g. `0.0.0.0:8080`), listens there on `/jing/webhook`
//! for the platform's events until stopped. Otherwise listens on a free local port and
//! a local mock posts the docs' samples and an event nobody listed, then the example ends.

use jing_api::webhook::Event;
use jing_api::webhook::axum::WebhookReceiver;
use jing_mock::MockServer;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let configured = std::env::var("JING_WEBHOOK_ADDR").ok();
    let address = configured
        .clone()
        .unwrap_or_else(|| "127.0.0.1:0".to_owned());
    let (router, mut events) = WebhookReceiver::new().router("/jing/webhook");
    let listener = tokio::net::TcpListener::bind(&address).await?;
    let url = format!("http://{}/jing/webhook", listener.local_addr()?);
    println!("receiving webhooks at {url}");
    tokio::spawn(async move { axum::serve(listener, router).await });

    if configured.is_some() {
        while let Some(event) = events.recv().await {
            print_event(&event);
        }
        return Ok(());
    }
    let mock = MockServer::start().await?;
    let mut bodies: Vec<_> = MockServer::webhook_sample_titles()
        .filter_map(MockServer::webhook_sample)
        .collect();
    bodies.push(json!({"event_type": "something_new", "create_time": 1700000000}));
    for body in &bodies {
        let status = mock.send_webhook(&url, body).await?;
        println!("posted an event: the receiver answered {status}");
        if let Some(event) = events.recv().await {
            print_event(&event);
        }
    }
    Ok(())
}

fn print_event(event: &Event) {
    println!(
        "  {} · object {:?} · record {:?} · at {:?}",
        event.variant_name(),
        event.object(),
        event.record(),
        event.created_at()
    );
    for change in event.changes() {
        println!(
            "    {}: {:?} -> {:?}",
            change.field, change.before, change.after
        );
    }
}
