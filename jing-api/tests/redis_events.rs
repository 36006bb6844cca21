//! Webhook events on a Redis stream, against a real `redis-server` on every deployment it
//! concerns (see `redis_store.rs`):
//! `cargo test -p jing-api --features redis-tls,axum --test redis_events`. The stream and
//! the relay are generic over the events: an event type of the test's own goes through
//! them as jing-api's `Event` does.

use jing_test_redis as redis_server;

use std::net::SocketAddr;
use std::time::Duration;

use jing_api::store::{Appended, ConsumerOptions};
use jing_api::webhook::EventStream;
use jing_api::webhook_runtime::axum::WebhookReceiver;
use jing_api::webhook_runtime::{EventEntry, WebhookEvent};
use jing_mock::MockServer;
use redis_server::{Deployment, RedisServer};
use serde_json::Value;

const STREAM: &str = "jing:test:events";

async fn stream(deployment: &Deployment) -> EventStream {
    EventStream::new(deployment.connection().await, STREAM)
}

/// A relay: the axum receiver, acknowledging each event once it is in the stream.
async fn relay<E: WebhookEvent>(stream: &jing_api::store::EventStream<E>) -> String {
    let stream = stream.clone();
    let router = WebhookReceiver::<E>::new().router_with_handler("/hook", move |event| {
        let stream = stream.clone();
        async move { stream.append(&event).await.map(|_| ()) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|error| panic!("{error}"));
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(error) = axum::serve(listener, service).await {
            panic!("the relay stopped: {error}");
        }
    });
    format!("http://{address}/hook")
}

/// Three different bodies: the docs' first whole sample, told apart by a member of ours.
fn samples() -> Vec<Value> {
    let sample = MockServer::webhook_sample_titles()
        .find_map(MockServer::webhook_sample)
        .unwrap_or_else(|| panic!("the docs have a webhook sample"));
    (0..3)
        .map(|n| {
            let mut body = sample.clone();
            if let Some(object) = body.as_object_mut() {
                object.insert("test_sequence".to_owned(), Value::from(n));
            }
            body
        })
        .collect()
}

async fn send(url: &str, event: &Value) -> u16 {
    let mock = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    mock.send_webhook(url, event)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

fn quick(claim_idle: Duration, max_deliveries: u64) -> ConsumerOptions {
    ConsumerOptions::builder()
        .block(Duration::from_millis(100))
        .claim_idle(claim_idle)
        .max_deliveries(max_deliveries)
        .build()
}

redis_server::on_deployments!(
    two_relays_store_a_retried_event_once_and_workers_handle_each_once,
    [single, cluster, sentinel, tls]
);
async fn two_relays_store_a_retried_event_once_and_workers_handle_each_once(
    deployment: &Deployment,
) {
    let stream = stream(deployment).await;
    let (first, second) = (relay(&stream).await, relay(&stream).await);
    let events = samples();
    assert_eq!(events.len(), 3);
    for event in &events {
        // The sender retries: the same body reaches both relays; both answer 200.
        assert_eq!(send(&first, event).await, 200);
        assert_eq!(send(&second, event).await, 200);
    }
    assert_eq!(stream.len(false).await.ok(), Some(3), "one entry per body");
    let again = stream
        .append(&jing_api::webhook::Event::from_value(events[0].clone()))
        .await;
    assert!(matches!(again, Ok(Appended::Duplicate)));

    let options = quick(Duration::from_secs(60), 5);
    let mut a = stream
        .consumer("workers", "a", options.clone())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut b = stream
        .consumer("workers", "b", options)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut handled = Vec::new();
    loop {
        let (from_a, from_b) = (a.next().await, b.next().await);
        let (from_a, from_b) = (
            from_a.unwrap_or_else(|e| panic!("{e}")),
            from_b.unwrap_or_else(|e| panic!("{e}")),
        );
        if from_a.is_none() && from_b.is_none() {
            break;
        }
        for delivery in [from_a, from_b].into_iter().flatten() {
            assert_eq!(delivery.deliveries, 1);
            handled.push(delivery.event.raw().clone());
            delivery.ack().await.unwrap_or_else(|e| panic!("{e}"));
        }
    }
    assert_eq!(handled, events, "each event handled once, in order");
}

redis_server::on_deployments!(
    a_dead_consumers_delivery_is_reclaimed_then_dead_lettered,
    [single, cluster, sentinel]
);
async fn a_dead_consumers_delivery_is_reclaimed_then_dead_lettered(deployment: &Deployment) {
    let stream = stream(deployment).await;
    let event = jing_api::webhook::Event::from_value(samples().remove(0));
    assert!(matches!(stream.append(&event).await, Ok(Appended::New(_))));
    let idle = Duration::from_millis(50);
    let mut dead = stream
        .consumer("workers", "dead", quick(idle, 2))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut alive = stream
        .consumer("workers", "alive", quick(idle, 2))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // The first consumer takes the event and dies without acknowledging it.
    let taken = dead.next().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(taken.is_some_and(|delivery| delivery.deliveries == 1));
    drop(dead);
    tokio::time::sleep(idle * 3).await;
    let reclaimed = alive.next().await.unwrap_or_else(|e| panic!("{e}"));
    let Some(reclaimed) = reclaimed else {
        panic!("the idle delivery was not reclaimed")
    };
    assert_eq!(reclaimed.deliveries, 2);
    assert_eq!(reclaimed.event.raw(), event.raw());
    // It fails again (no ack): the third delivery would pass the limit, so it is buried.
    drop(reclaimed);
    tokio::time::sleep(idle * 3).await;
    let after = alive.next().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        after.is_none(),
        "a delivery past the limit is not handed out"
    );
    assert_eq!(
        stream.len(true).await.ok(),
        Some(1),
        "moved to the dead-letter stream"
    );
}

/// An event type of the test's own, not generated: the body, named by whether it has an
/// `event_type`. What the runtime asks of an event is the four items of `WebhookEvent`.
#[derive(Debug, Clone, PartialEq)]
struct Tagged(Value);

// The seal (nameable with `test-util`, which the crate's own tests turn on).
impl jing_api::sealed::Sealed for Tagged {}

impl WebhookEvent for Tagged {
    const EVENTS: &'static [EventEntry] = &[];

    fn from_value(raw: Value) -> Self {
        Tagged(raw)
    }

    fn raw(&self) -> &Value {
        &self.0
    }

    fn variant_name(&self) -> &'static str {
        if self.event_type().is_some() {
            "Tagged"
        } else {
            "Untagged"
        }
    }
}

redis_server::on_deployments!(
    one_stream_holds_and_hands_out_the_events_of_any_type,
    [single]
);
async fn one_stream_holds_and_hands_out_the_events_of_any_type(deployment: &Deployment) {
    const KEY: &str = "jing:test:any-events";
    let jing: EventStream = EventStream::new(deployment.connection().await, KEY);
    let tagged = jing_api::store::EventStream::<Tagged>::new(deployment.connection().await, KEY);
    let events = samples();
    // jing-api's events through its relay, then one through a relay of `Tagged` events.
    let url = relay(&jing).await;
    for event in &events[..2] {
        assert_eq!(send(&url, event).await, 200);
    }
    assert_eq!(send(&relay(&tagged).await, &events[2]).await, 200);
    let again = tagged.append(&Tagged(events[2].clone())).await;
    assert!(matches!(again, Ok(Appended::Duplicate)), "{again:?}");
    assert_eq!(tagged.len(false).await.ok(), Some(3));

    // Each group reads every entry, decoded as its consumer's type says.
    let options = quick(Duration::from_secs(60), 5);
    let mut as_tagged = tagged
        .consumer("tagged", "t", options.clone())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut as_jing = jing
        .consumer("jing", "j", options)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for event in &events {
        let delivery = as_tagged.next().await.unwrap_or_else(|e| panic!("{e}"));
        let delivery = delivery.unwrap_or_else(|| panic!("a delivery for {event}"));
        assert_eq!(delivery.event, Tagged(event.clone()));
        assert_eq!(delivery.event.variant_name(), "Tagged");
        delivery.ack().await.unwrap_or_else(|e| panic!("{e}"));
        let delivery = as_jing.next().await.unwrap_or_else(|e| panic!("{e}"));
        let delivery = delivery.unwrap_or_else(|| panic!("a delivery for {event}"));
        let expected = jing_api::webhook::Event::from_value(event.clone());
        assert_eq!(delivery.event, expected);
        assert_ne!(delivery.event.variant_name(), "Unknown", "{event}");
        delivery.ack().await.unwrap_or_else(|e| panic!("{e}"));
    }
    let left = as_tagged.next().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(left.is_none(), "three entries, each handed out once");
}

/// Posts `event` to `url`: the status and the JSON answer (`null` when not JSON).
async fn post(url: &str, event: &Value) -> (u16, Value) {
    let answer = reqwest::Client::new()
        .post(url)
        .json(event)
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn acknowledged_events_survive_a_redis_restart_and_redis_down_is_not_200() {
    let mut server = RedisServer::start_persistent();
    let stream = connect(&server).await;
    let url = relay(&stream).await;
    let mut events = samples();
    for event in &events {
        assert_eq!(send(&url, event).await, 200);
    }
    // Restarted while the relay was idle: its connection is broken, Redis is up again.
    // The first event after it goes in (one more try on a new connection).
    server.restart();
    let _ready = server.store().await;
    let mut fourth = events[0].clone();
    if let Some(object) = fourth.as_object_mut() {
        object.insert("test_sequence".to_owned(), Value::from(3));
    }
    events.push(fourth);
    assert_eq!(
        send(&url, &events[3]).await,
        200,
        "the first event after a restart"
    );

    server.stop();
    let (status, answer) = post(&url, &events[0]).await;
    assert_eq!(
        status, 503,
        "an event that could not be stored is not acknowledged"
    );
    assert_eq!(answer["reason"], "store_unavailable", "{answer}");
    let message = answer["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Redis"),
        "the refusal names Redis: {message}"
    );
    server.start_again();
    let stream = connect(&server).await;
    assert_eq!(
        stream.len(false).await.ok(),
        Some(4),
        "nothing acknowledged was lost"
    );
}

async fn connect(server: &RedisServer) -> EventStream {
    // The server may still be starting: a store connection waits for it.
    let _ready = server.store().await;
    EventStream::connect(&server.url, STREAM)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}
