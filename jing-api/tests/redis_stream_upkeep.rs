//! The upkeep of an event stream against a real `redis-server` (issue 27's fleet faults): a
//! consumer group Redis lost (`FLUSHALL`, a restart without persistence) is created again
//! and reading goes on; each append trims the stream without dropping an entry a group has
//! not acknowledged; a delivery kept alive is not taken over past the claim time.
//! `cargo test -p jing-api --features redis-tls --test redis_stream_upkeep`.

use jing_test_redis as redis_server;

use std::time::Duration;

use jing_api::store::{ConsumerNote, ConsumerOptions};
use jing_api::webhook::Event;
use jing_api::webhook::{EventConsumer, EventStream};
use jing_mock::MockServer;
use redis_server::Deployment;
use serde_json::Value;

/// `count` different events: the docs' first whole sample, told apart by a member of ours.
fn events(count: usize) -> Vec<Event> {
    let sample = MockServer::webhook_sample_titles()
        .find_map(MockServer::webhook_sample)
        .unwrap_or_else(|| panic!("the docs have a webhook sample"));
    (0..count)
        .map(|n| {
            let mut body = sample.clone();
            if let Some(object) = body.as_object_mut() {
                object.insert("test_sequence".to_owned(), Value::from(n));
            }
            Event::from_value(body)
        })
        .collect()
}

fn options(claim_idle: Duration) -> ConsumerOptions {
    ConsumerOptions::builder()
        .claim_idle(claim_idle)
        .block(Duration::from_millis(200))
        .build()
}

async fn consumer(stream: &EventStream, name: &str, claim_idle: Duration) -> EventConsumer {
    stream
        .consumer("handlers", name, options(claim_idle))
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

async fn append(stream: &EventStream, event: &Event) {
    stream
        .append(event)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
}

async fn length(stream: &EventStream) -> u64 {
    stream
        .len(false)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Reads one delivery (waiting a few block times at most).
async fn read(consumer: &mut EventConsumer) -> jing_api::webhook::Delivery {
    for _ in 0..25 {
        if let Some(delivery) = consumer
            .next()
            .await
            .unwrap_or_else(|error| panic!("{error}"))
        {
            return delivery;
        }
    }
    panic!("no delivery came")
}

/// Redis flushed under a reading consumer: the group is created again (a note says so) and
/// the event appended afterwards is handed out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_group_is_created_again_and_reading_goes_on() {
    let deployment = Deployment::single();
    let Deployment::Single(server) = &deployment else {
        panic!("a single server");
    };
    let stream = EventStream::new(deployment.connection().await, "jing:upkeep:lost");
    let events = events(2);
    let mut worker = consumer(&stream, "w1", Duration::from_secs(60)).await;
    append(&stream, &events[0]).await;
    let first = read(&mut worker).await;
    assert!(first.ack().await.is_ok());
    assert_eq!(
        redis_server::cli(server.port, &["flushall"]).as_deref(),
        Some("OK")
    );
    append(&stream, &events[1]).await;
    let second = read(&mut worker).await;
    assert_eq!(second.event.raw(), events[1].raw());
    assert!(second.ack().await.is_ok());
    assert_eq!(worker.take_notes(), vec![ConsumerNote::GroupCreatedAgain]);
    assert!(worker.take_notes().is_empty(), "a note is taken once");
}

redis_server::on_deployments!(
    trimming_keeps_what_a_group_has_not_acknowledged,
    [single, cluster]
);
/// A stream trimmed to 3 entries: nothing goes while the group has read nothing; once it
/// acknowledged two of four read, only those two go (the pending ones and the unread stay);
/// once everything is acknowledged, it is cut to 3. A stream no group reads is not trimmed.
async fn trimming_keeps_what_a_group_has_not_acknowledged(deployment: &Deployment) {
    let connection = deployment.connection().await;
    let unread = EventStream::new(connection.clone(), "jing:upkeep:unread").max_len(2);
    let events = events(8);
    for event in &events[..4] {
        append(&unread, event).await;
    }
    assert_eq!(length(&unread).await, 4, "no group: nothing trimmed");

    let stream = EventStream::new(connection, "jing:upkeep:trimmed").max_len(3);
    let mut worker = consumer(&stream, "w1", Duration::from_secs(60)).await;
    for event in &events[..6] {
        append(&stream, event).await;
    }
    assert_eq!(
        length(&stream).await,
        6,
        "nothing read yet: nothing trimmed"
    );
    let mut read_ones = Vec::new();
    for _ in 0..4 {
        read_ones.push(read(&mut worker).await);
    }
    for delivery in &read_ones[..2] {
        assert!(delivery.ack().await.is_ok());
    }
    append(&stream, &events[6]).await;
    assert_eq!(
        length(&stream).await,
        5,
        "only the two acknowledged entries go"
    );
    for delivery in &read_ones[2..] {
        assert!(delivery.ack().await.is_ok());
    }
    for expected in &events[4..7] {
        let delivery = read(&mut worker).await;
        assert_eq!(
            delivery.event.raw(),
            expected.raw(),
            "nothing unread was lost"
        );
        assert!(delivery.ack().await.is_ok());
    }
    append(&stream, &events[7]).await;
    assert_eq!(
        length(&stream).await,
        3,
        "all acknowledged: cut to the length"
    );
    assert_eq!(read(&mut worker).await.event.raw(), events[7].raw());
}

/// A delivery kept alive (as `jing webhook work` does while `--exec` runs) is not taken
/// over by another consumer past the claim time; once no longer kept, it is, and its old
/// holder learns it no longer holds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_kept_alive_is_not_taken_over() {
    let deployment = Deployment::single();
    let stream = EventStream::new(deployment.connection().await, "jing:upkeep:kept");
    let idle = Duration::from_secs(1);
    let mut holder = consumer(&stream, "holder", idle).await;
    let mut other = consumer(&stream, "other", idle).await;
    append(&stream, &events(1)[0]).await;
    let delivery = read(&mut holder).await;
    // Three claim times, kept alive every third of one.
    for _ in 0..9 {
        tokio::time::sleep(idle / 3).await;
        assert_eq!(delivery.keep_alive().await.ok(), Some(true));
        let taken = other.next().await.unwrap_or_else(|error| panic!("{error}"));
        assert!(taken.is_none(), "a kept delivery was taken over");
    }
    tokio::time::sleep(idle + Duration::from_millis(200)).await;
    let taken = read(&mut other).await;
    assert_eq!(taken.id, delivery.id);
    assert_eq!(taken.deliveries, 2, "keeping alive counted no delivery");
    assert_eq!(delivery.keep_alive().await.ok(), Some(false));
    assert!(taken.ack().await.is_ok());
}
