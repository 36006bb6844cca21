//! The webhook runtime is generic over a spec's events: the fixture crate's generated
//! `Event` (another spec's) goes through the axum receiver, the handler mode and the
//! extractor on 127.0.0.1 exactly as jing-api's does, by the names its generated `webhook`
//! module gives (`webhook::axum::WebhookReceiver`, `Event::from_slice`, …). The Redis stream
//! of any event type is `jing-api/tests/redis_events.rs`'s.

use std::sync::{Arc, Mutex};

use jing_api::webhook_runtime::WebhookEvent;
use jing_api::webhook_runtime::axum::WebhookReceiver;
use jing_fixture_api::webhook::{self as fixture, Event as FixtureEvent};
use serde_json::{Value, json};

/// Bodies of the fixture's events, one the fixture does not list, and one not JSON.
fn bodies() -> Vec<String> {
    vec![
        json!({"event_type": "widget_updated", "at": "1700000000",
               "extra_data": {"widget_id": "w1", "weight": "2.5", "object_name": "widget",
                              "entity_id": "w1", "mapping_data": {"weight": [1, 2.5]}}})
        .to_string(),
        json!({"event_type": "object_create", "extra_data": {"object_name": "widget", "entity_id": "w2"},
               "size": 3, "create_time": 1700000000})
        .to_string(),
        json!({"event_type": "widget_deleted"}).to_string(),
        json!({"event_type": "object_update", "extra_data": {"object_name": "account"}}).to_string(),
        "<not json/>".to_owned(),
    ]
}

/// Serves `router` on 127.0.0.1 and posts every body of [`bodies`] to its `/jing/webhook`:
/// each status, in order.
async fn post_all(router: axum::Router) -> Vec<u16> {
    let address = jing_test_wire::serve(router)
        .await
        .unwrap_or_else(|error| panic!("serve: {error}"));
    let mut statuses = Vec::new();
    for body in bodies() {
        let status = jing_test_wire::post(address, body, None).await;
        statuses.push(status.unwrap_or_else(|error| panic!("post: {error}")));
    }
    statuses
}

/// Posts every body of [`bodies`] to a queueing receiver of `E` on 127.0.0.1: each status,
/// and the events queued, in order. Written once, for any spec's events.
async fn through_the_receiver<E: WebhookEvent>() -> (Vec<u16>, Vec<E>) {
    let (router, mut events) = WebhookReceiver::<E>::new().router("/jing/webhook");
    let statuses = post_all(router).await;
    let mut queued = Vec::new();
    while let Ok(event) = events.try_recv() {
        queued.push(event);
    }
    (statuses, queued)
}

#[tokio::test]
async fn the_fixture_events_go_through_the_receiver_as_jing_apis_do() {
    let (fixture_statuses, fixture_events) = through_the_receiver::<FixtureEvent>().await;
    let (jing_statuses, jing_events) = through_the_receiver::<jing_api::webhook::Event>().await;
    assert_eq!(fixture_statuses, [200, 200, 200, 200, 400]);
    assert_eq!(fixture_statuses, jing_statuses, "the same answers");
    let fixture_raw: Vec<&Value> = fixture_events.iter().map(FixtureEvent::raw).collect();
    let jing_raw: Vec<&Value> = jing_events.iter().map(|event| event.raw()).collect();
    assert_eq!(fixture_raw, jing_raw, "the same bodies, whole, in order");
    // Each decoded by its own spec: the widgets are the fixture's, the account jing-api's.
    let fixture_names: Vec<&str> = fixture_events
        .iter()
        .map(FixtureEvent::variant_name)
        .collect();
    assert_eq!(
        fixture_names,
        ["WidgetUpdated", "WidgetCreated", "WidgetDeleted", "Unknown"]
    );
    let jing_names: Vec<&str> = jing_events
        .iter()
        .map(|event| event.variant_name())
        .collect();
    assert_eq!(
        jing_names,
        ["Unknown", "Unknown", "Unknown", "AccountObjectUpdate"]
    );

    // The runtime's accessors, on the fixture's own types and pages.
    let FixtureEvent::WidgetUpdated(updated) = &fixture_events[0] else {
        panic!("{:?}", fixture_events[0]);
    };
    let data = updated.payload.extra_data.as_ref();
    assert_eq!(
        data.and_then(|data| data.weight),
        Some(2.5),
        "read leniently"
    );
    assert_eq!(updated.payload.common.at, Some(1_700_000_000));
    assert_eq!(fixture_events[0].object(), Some("widget"));
    assert_eq!(fixture_events[0].record(), Some("w1"));
    let changes: Vec<_> = fixture_events[0].changes();
    assert_eq!(changes[0].values(), ("weight", Some("1"), Some("2.5")));
    assert_eq!(
        fixture_events[1].created_at().map(|time| time.timestamp()),
        Some(1_700_000_000)
    );
    let pages: Vec<&str> = fixture_events[2]
        .entries()
        .map(|entry| entry.title_en)
        .collect();
    assert_eq!(
        pages,
        ["Widget deleted (page one)", "Widget deleted (page two)"]
    );
    assert_eq!(<FixtureEvent as WebhookEvent>::EVENTS, fixture::EVENTS);
    assert!(fixture_events[3].entries().next().is_none());
}

#[tokio::test]
async fn the_fixture_receiver_answers_only_once_its_handler_returned_ok() {
    let handled: Arc<Mutex<Vec<&'static str>>> = Arc::default();
    let store = Arc::clone(&handled);
    // The generated name: no type written, the fixture's `Event` handed in.
    let router =
        fixture::axum::WebhookReceiver::new().router_with_handler("/jing/webhook", move |event| {
            let store = Arc::clone(&store);
            async move {
                if matches!(event, FixtureEvent::WidgetDeleted(_)) {
                    return Err("widgets are never deleted");
                }
                let mut handled = store.lock().unwrap_or_else(|poison| poison.into_inner());
                handled.push(event.variant_name());
                Ok(())
            }
        });
    let statuses = post_all(router).await;
    assert_eq!(statuses, [200, 200, 500, 200, 400]);
    let handled = handled
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .clone();
    assert_eq!(handled, ["WidgetUpdated", "WidgetCreated", "Unknown"]);
}

#[tokio::test]
async fn the_fixture_event_is_an_axum_extractor() {
    async fn handler(event: FixtureEvent) -> String {
        format!("{} {}", event.variant_name(), event.record().unwrap_or("-"))
    }
    let router = axum::Router::new().route("/jing/webhook", axum::routing::post(handler));
    let address = jing_test_wire::serve(router)
        .await
        .unwrap_or_else(|error| panic!("serve: {error}"));
    let client = reqwest::Client::new();
    let url = format!("http://{address}/jing/webhook");
    let mut answers = Vec::new();
    for body in bodies() {
        let answer = client.post(&url).body(body).send().await;
        let answer = answer.unwrap_or_else(|error| panic!("post: {error}"));
        let status = answer.status().as_u16();
        answers.push((status, answer.text().await.unwrap_or_default()));
    }
    let said: Vec<(u16, &str)> = answers
        .iter()
        .map(|(status, text)| (*status, text.as_str()))
        .collect();
    assert_eq!(
        said[..4],
        [
            (200, "WidgetUpdated w1"),
            (200, "WidgetCreated w2"),
            (200, "WidgetDeleted -"),
            (200, "Unknown -"),
        ]
    );
    assert_eq!(said[4].0, 400);
    assert!(said[4].1.contains("is not JSON"), "{}", said[4].1);
}
