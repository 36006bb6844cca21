//! What each Redis deployment adds beyond the shared scenarios (`redis_store.rs`,
//! `redis_events.rs`): on a cluster every key of one app id, and of one stream, is in one
//! hash slot; the store follows the master a Sentinel promotes; a connection handed in
//! serves the store; TLS with a private CA and a client certificate handed in, and refused
//! without them; bad addresses and settings are typed errors that show no password.
//! `cargo test -p jing-api --features redis-tls --test redis_deployments`.

use jing_test_redis as redis_server;
mod scenarios;

use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

use jing_api::auth::SecretString;
use jing_api::store::{
    Admission, ConsumerOptions, DayWindow, LimitStore, RedisConnection, RedisOptions, RedisStore,
    TokenRecord, TokenStore,
};
use jing_api::webhook::EventStream;
use jing_api::{Error, RateLimit};
use redis_server::{RedisCluster, RedisSentinel, RedisServer, cli, connect, options};

fn record(access: &str, generation: u64) -> TokenRecord {
    TokenRecord::new(
        SecretString::from(access.to_owned()),
        Some(SecretString::from(format!("refresh-{access}"))),
        Some(UNIX_EPOCH + Duration::from_secs(2_000_000_000)),
        generation,
    )
}

fn event(sequence: u64) -> jing_api::webhook::Event {
    let sample = jing_mock::MockServer::webhook_sample_titles()
        .find_map(jing_mock::MockServer::webhook_sample)
        .unwrap_or_else(|| panic!("the docs have a webhook sample"));
    let mut body = sample;
    if let Some(object) = body.as_object_mut() {
        object.insert("test_sequence".to_owned(), sequence.into());
    }
    jing_api::webhook::Event::from_value(body)
}

fn ok<T>(result: Result<T, Error>) -> T {
    result.unwrap_or_else(|error| panic!("{error}"))
}

/// The hash tag Redis reads in `key`: between the first `{` and the next `}`.
fn hash_tag(key: &str) -> Option<&str> {
    let open = key.find('{')?;
    let length = key[open + 1..].find('}')?;
    (length > 0).then(|| &key[open + 1..open + 1 + length])
}

/// Every kind of key the store and a stream write, on a cluster: each carries a hash tag,
/// and the keys of one tag (an app id, a stream) are all in one slot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_cluster_the_keys_of_an_app_and_of_a_stream_share_a_slot() {
    let cluster = RedisCluster::start();
    let connection = connect(|| RedisConnection::connect(&cluster.url, options())).await;
    let store = RedisStore::new(connection.clone());
    let limit = RateLimit {
        per_second: Some(5),
        per_day: Some(100),
    };
    let day = DayWindow::new(20_000, Duration::from_secs(600));
    for app in ["app-a", "app-b", "app-c"] {
        assert!(ok(store.save(app, 0, &record(app, 1)).await));
        assert!(ok(store.try_lock(app, Duration::from_secs(60)).await).is_some());
        for endpoint in ["create_customer", "list_customers"] {
            let admitted = ok(store.admit(app, endpoint, limit, day).await);
            assert_eq!(admitted, Admission::Granted);
        }
    }
    let stream = EventStream::new(connection, "jing:slots:events");
    assert!(ok(stream.append(&event(1)).await) != jing_api::store::Appended::Duplicate);
    // One delivery left unacknowledged and handed out again past the limit: a dead letter.
    let options = ConsumerOptions::builder()
        .block(Duration::from_millis(50))
        .claim_idle(Duration::from_millis(1))
        .max_deliveries(1)
        .build();
    let mut consumer = ok(stream.consumer("workers", "w", options).await);
    assert!(ok(consumer.next().await).is_some());
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(ok(consumer.next().await).is_none());
    assert_eq!(ok(stream.len(true).await), 1, "a dead letter was written");

    let mut slots: BTreeMap<String, Vec<(String, u16)>> = BTreeMap::new();
    for (key, slot) in cluster.keys() {
        let tag = hash_tag(&key).unwrap_or_else(|| panic!("{key} has no hash tag"));
        slots
            .entry(tag.to_owned())
            .or_default()
            .push((key.clone(), slot));
    }
    let tags: Vec<&String> = slots.keys().collect();
    assert_eq!(tags, ["app-a", "app-b", "app-c", "jing:slots:events"]);
    for (tag, keys) in &slots {
        assert!(keys.len() >= 3, "{tag}: {keys:?}");
        assert!(
            keys.iter().all(|(_, slot)| *slot == keys[0].1),
            "{tag}: {keys:?}"
        );
    }
}

/// An operator fails the master over (the replica is promoted, the old master follows it
/// and its clients are cut off): the store's next steps reach the new master through the
/// Sentinel, with what was written before, without an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_follows_the_master_a_sentinel_promotes() {
    let sentinel = RedisSentinel::start();
    let connection = connect(|| RedisConnection::connect(&sentinel.url, options())).await;
    let store = RedisStore::new(connection.clone());
    let stream = EventStream::new(connection, "jing:failover:events");
    assert!(ok(store.save("app", 0, &record("before", 1)).await));
    assert!(ok(stream.append(&event(1)).await) != jing_api::store::Appended::Duplicate);

    let promoted = sentinel.fail_over();
    let stored = scenarios::load(&store, "app").await;
    assert_eq!(stored.generation, 1, "what was written before is there");
    assert!(ok(store.save("app", 1, &record("after", 2)).await));
    let generation = cli(promoted, &["hget", "jing:{app}:token", "generation"]);
    assert_eq!(
        generation.as_deref(),
        Some("2"),
        "written on the promoted master"
    );
    assert!(ok(stream.append(&event(2)).await) != jing_api::store::Appended::Duplicate);
    assert_eq!(ok(stream.len(false).await), 2);
}

/// A connection the application made (its pool's) serves the token store and appends,
/// but a consumer, which needs a connection of its own, is a configuration error.
#[tokio::test]
async fn a_connection_handed_in_serves_the_store_but_not_consumers() {
    let server = RedisServer::start();
    server.wait_ready();
    let client = jing_api::redis::Client::open(server.url.as_str())
        .unwrap_or_else(|error| panic!("{error}"));
    let manager = jing_api::redis::aio::ConnectionManager::new(client)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let connection = ok(RedisConnection::from_connection_manager(manager, options()));
    let (first, second) = (
        RedisStore::new(connection.clone()),
        RedisStore::new(connection.clone()),
    );
    scenarios::store_steps(&first, &second).await;
    let stream = EventStream::new(connection, "jing:handed:events");
    assert!(ok(stream.append(&event(1)).await) != jing_api::store::Appended::Duplicate);
    let consumer = stream
        .consumer("workers", "w", ConsumerOptions::default())
        .await;
    assert!(
        matches!(consumer, Err(Error::Config { .. })),
        "{consumer:?}"
    );
}

/// A cluster client and a Sentinel client the application built serve the store and a
/// stream's consumer, as the addresses do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cluster_and_sentinel_clients_of_your_own_are_handed_in() {
    let cluster = RedisCluster::start();
    let nodes: Vec<String> = cluster
        .ports
        .iter()
        .map(|port| format!("redis://127.0.0.1:{port}/"))
        .collect();
    let client = jing_api::redis::cluster::ClusterClient::builder(nodes)
        .retries(2)
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let connection = ok(RedisConnection::from_cluster_client(client, options()).await);
    served(connection).await;

    let sentinel = RedisSentinel::start();
    let sentinels = vec![format!("redis://127.0.0.1:{}/", sentinel.sentinel_port)];
    let client = jing_api::redis::sentinel::SentinelClient::build(
        sentinels,
        redis_server::sentinel::MASTER.to_owned(),
        None,
        jing_api::redis::sentinel::SentinelServerType::Master,
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let connection = ok(RedisConnection::from_sentinel_client(client, options()).await);
    served(connection).await;
}

/// The store's steps, an event appended and handed to a consumer, on `connection`.
async fn served(connection: RedisConnection) {
    let (first, second) = (
        RedisStore::new(connection.clone()),
        RedisStore::new(connection.clone()),
    );
    scenarios::store_steps(&first, &second).await;
    let stream = EventStream::new(connection, "jing:own:events");
    assert!(ok(stream.append(&event(1)).await) != jing_api::store::Appended::Duplicate);
    let options = ConsumerOptions::builder()
        .block(Duration::from_millis(100))
        .build();
    let mut consumer = ok(stream.consumer("workers", "w", options).await);
    let delivery = ok(consumer.next().await).unwrap_or_else(|| panic!("the event was handed out"));
    ok(delivery.ack().await);
}

/// Addresses and settings that cannot work are refused before anything is sent, naming
/// the address without its password.
#[tokio::test]
async fn bad_addresses_and_settings_are_configuration_errors() {
    let server = RedisServer::start();
    server.wait_ready();
    let addresses = [
        "redis+cluster://:hunter2@/",
        "redis+sentinel://:hunter2@127.0.0.1:1/",
        "redis+mesh://:hunter2@127.0.0.1:1/",
        "hunter2",
    ];
    for address in addresses {
        match RedisStore::connect(address).await {
            Err(error @ Error::Config { .. }) => {
                assert!(!error.report().to_string().contains("hunter2"), "{error}");
            }
            other => panic!("{address}: {other:?}"),
        }
    }
    let braces = RedisOptions::builder().prefix("shop{1}").build();
    let refused = RedisStore::connect_with(&server.url, braces).await;
    assert!(matches!(refused, Err(Error::Config { .. })), "{refused:?}");
    let stream = ok(EventStream::connect(&server.url, "jing:bad:events").await);
    let forever = ConsumerOptions::builder().block(Duration::ZERO).build();
    let refused = stream.consumer("workers", "w", forever).await;
    assert!(matches!(refused, Err(Error::Config { .. })), "{refused:?}");
}

#[cfg(feature = "redis-tls")]
mod tls {
    use jing_api::Error;
    use jing_api::redis::{Client, TlsCertificates};
    use jing_api::store::{RedisConnection, RedisStore};

    use super::{options, scenarios};
    use crate::redis_server::tls::{ClientCertificates, PASSWORD, TlsServer};

    /// A store error that names the server, keeps the redis crate's error under it, and
    /// shows no password, neither in its words nor in those of any error under it.
    fn refused(outcome: Result<RedisConnection, Error>) {
        match outcome {
            Err(error @ Error::Store { .. }) => {
                let shown = scenarios::everything_shown(&error);
                assert!(shown.contains("redis rediss://127.0.0.1:"), "{shown}");
                assert!(!shown.contains(PASSWORD), "{shown}");
                assert!(
                    scenarios::cause::<jing_api::redis::RedisError>(&error).is_some(),
                    "{error:?}"
                );
            }
            other => panic!("expected a store error, got {other:?}"),
        }
    }

    /// A server that requires client certificates: a client given the private CA and the
    /// certificate works; without the certificate, or without the CA, it is refused.
    #[tokio::test]
    async fn a_private_ca_and_a_client_certificate_are_handed_in_through_a_client() {
        let server = TlsServer::launch(ClientCertificates::Required);
        let connection = server.connection().await;
        let (first, second) = (
            RedisStore::new(connection.clone()),
            RedisStore::new(connection),
        );
        scenarios::store_steps(&first, &second).await;

        let ca_only = TlsCertificates {
            client_tls: None,
            root_cert: Some(server.ca()),
        };
        let client = Client::build_with_tls(server.url.as_str(), ca_only)
            .unwrap_or_else(|error| panic!("{error}"));
        refused(RedisConnection::from_client(client, options()).await);
        // The system's roots (no SSL_CERT_FILE in this process) do not know the test CA.
        refused(RedisConnection::connect(&server.url, options()).await);
    }
}
