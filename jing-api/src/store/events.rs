//! Webhook events on a Redis stream, for receivers behind a load balancer (feature `redis`).
//!
//! 基于 Redis Streams 的 webhook 事件：多实例接收、去重、消费组处理、死信。
//!
//! A receiver appends each event with [`EventStream::append`] inside
//! [`WebhookReceiver::router_with_handler`](crate::webhook::axum::WebhookReceiver::router_with_handler),
//! so the sender gets `200` only once the event is in the stream (and so on disk, with
//! Redis's append-only file). Events carry no id, so a body seen again within the dedupe
//! window (a retry reaching another instance) is acknowledged without a second entry: the
//! append script keeps the body's SHA-1 with `SET NX PX` and adds the entry in the same
//! step. Workers read through a consumer group ([`EventStream::consumer`]); a delivery left
//! unacknowledged longer than the claim time (its consumer died) is handed to another, and
//! one delivered more than `max_deliveries` times is moved to the dead-letter stream
//! (`{<stream>}:dead`). The stream's keys share its name's hash tag, so on a Redis Cluster
//! they are in one slot (see [`EventStream`]).
//!
//! [`EventStream<E>`] takes the spec's event type as `E` ([`WebhookEvent`]); the generated
//! `webhook` module names it for its own `Event` (`jing_api::webhook::EventStream`, with
//! `EventConsumer` and `Delivery`), so that no type needs writing:
//!
//! ```no_run
//! # async fn example() -> Result<(), jing_api::Error> {
//! use jing_api::store::ConsumerOptions;
//! use jing_api::webhook::EventStream;
//!
//! let stream = EventStream::connect("redis://127.0.0.1:6379/", "jing:events").await?;
//! // In the receiver (feature `axum`):
//! // WebhookReceiver::new().router_with_handler("/jing/webhook", move |event| {
//! //     let stream = stream.clone();
//! //     async move { stream.append(&event).await.map(|_| ()) }
//! // })
//! let mut worker = stream.consumer("handlers", "worker-1", ConsumerOptions::default()).await?;
//! while let Some(delivery) = worker.next().await? {
//!     println!("{}", delivery.event.variant_name());
//!     delivery.ack().await?;
//! }
//! # Ok(()) }
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::sync::LazyLock;
use std::time::Duration;

use redis::Script;
use redis::streams::{StreamAutoClaimReply, StreamId, StreamPendingCountReply, StreamReadReply};

use super::connection::{Link, RedisConnection};
use super::options::{ConsumerOptions, RedisOptions};
use super::upkeep::{
    APPEND, ConsumerNote, DEFAULT_STREAM_MAX_LEN, KEEP, create_group, group_lost, stream_key,
};
use crate::Error;
use crate::telemetry::{self, EventStep};
use crate::webhook_runtime::WebhookEvent;

/// Moves one entry to the dead-letter stream and acknowledges it, in one step.
static BURY: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
redis.call('XADD', KEYS[2], '*', 'body', ARGV[1], 'id', ARGV[2], 'deliveries', ARGV[3])
return redis.call('XACK', KEYS[1], ARGV[4], ARGV[2])",
    )
});

/// A Redis stream of the webhook events `E` of one spec. Cheap to clone.
///
/// Its keys share one hash tag, so that on a Redis Cluster the stream, the bodies
/// remembered for deduplication and the dead letters are in one slot (the scripts touch
/// them together): the stream's key is its name in braces (`jing:events` becomes
/// `{jing:events}`, the dead letters `{jing:events}:dead`), unless the name holds a hash
/// tag of its own already (`orders:{events}` is kept as it is).
pub struct EventStream<E> {
    connection: RedisConnection,
    name: String,
    /// The stream's key: the name with its hash tag.
    stream: String,
    dedupe_window: Duration,
    max_len: u64,
    /// The events it holds; `fn() -> E` keeps the stream `Send`, `Sync` and `Clone` whatever `E`.
    events: PhantomData<fn() -> E>,
}

impl<E> Clone for EventStream<E> {
    fn clone(&self) -> Self {
        EventStream {
            connection: self.connection.clone(),
            name: self.name.clone(),
            stream: self.stream.clone(),
            ..*self
        }
    }
}

impl<E> fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("server", &self.connection.shown())
            .field("stream", &self.stream)
            .field("max_len", &self.max_len)
            .finish_non_exhaustive()
    }
}

/// What [`EventStream::append`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Appended {
    /// A new entry, with its stream id.
    New(String),
    /// The same body was appended within the dedupe window: nothing added.
    Duplicate,
}

impl<E: WebhookEvent> EventStream<E> {
    /// The stream `stream` on the deployment at `url` (see [`RedisConnection::connect`]),
    /// with the default time limits; a body is deduplicated for 24 hours.
    pub async fn connect(url: &str, stream: &str) -> Result<Self, Error> {
        let connection = RedisConnection::connect(url, RedisOptions::default()).await?;
        Ok(EventStream::new(connection, stream))
    }

    /// The stream `stream` on `connection` (e.g. one made from a client of yours, or the
    /// one a [`RedisStore`](crate::store::RedisStore) uses); a body is deduplicated for 24
    /// hours, and the stream is trimmed to [`DEFAULT_STREAM_MAX_LEN`] entries.
    pub fn new(connection: RedisConnection, stream: &str) -> Self {
        let key = stream_key(stream);
        telemetry::events_registered(&key, None);
        EventStream {
            connection,
            name: stream.to_owned(),
            stream: key,
            dedupe_window: Duration::from_secs(24 * 3600),
            max_len: DEFAULT_STREAM_MAX_LEN,
            events: PhantomData,
        }
    }

    /// The length each append trims the stream to (0: never trimmed; 100 000 by default).
    /// Only entries every consumer group has acknowledged are dropped: an entry pending or
    /// not yet read by a group stays however long the stream grows (so a stream that no
    /// group reads yet is not trimmed), and at most 1000 go per append. Dead letters are
    /// never trimmed.
    #[must_use]
    pub fn max_len(mut self, max_len: u64) -> Self {
        self.max_len = max_len;
        self
    }

    /// How long a body is remembered for deduplication.
    #[must_use]
    pub fn dedupe_window(mut self, window: Duration) -> Self {
        self.dedupe_window = window;
        self
    }

    /// The stream's name, as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The stream's key in Redis: the name with its hash tag (see [`EventStream`]).
    pub fn key(&self) -> &str {
        &self.stream
    }

    /// The dead-letter stream's key (`<key>:dead`).
    pub fn dead_letter_name(&self) -> String {
        format!("{}:dead", self.stream)
    }

    /// Appends `event` (its JSON as received), unless the same body was appended within
    /// the dedupe window. Return `Ok` to the sender only after this succeeded.
    ///
    /// A broken connection (Redis restarted) is tried once more on a new one; should the
    /// first attempt have gone through, the second finds the body already seen and answers
    /// [`Appended::Duplicate`], so the event is stored once either way.
    pub async fn append(&self, event: &E) -> Result<Appended, Error> {
        let body = serde_json::to_string(event.raw()).map_err(Error::Encode)?;
        let mut invocation = APPEND.key(&self.stream);
        invocation
            .key(format!("{}:seen:", self.stream))
            .arg(body)
            .arg(
                u64::try_from(self.dedupe_window.as_millis())
                    .unwrap_or(u64::MAX)
                    .max(1),
            )
            .arg(self.max_len);
        let id: Option<String> = self
            .connection
            .once_more(|mut connection| {
                let invocation = &invocation;
                async move { invocation.invoke_async(&mut connection).await }
            })
            .await?;
        let step = if id.is_some() {
            EventStep::Appended
        } else {
            EventStep::Duplicate
        };
        telemetry::event(step, &self.stream, "");
        Ok(id.map_or(Appended::Duplicate, Appended::New))
    }

    /// The number of entries in the stream (`XLEN`), or in its dead-letter stream.
    pub async fn len(&self, dead_letters: bool) -> Result<u64, Error> {
        let key = if dead_letters {
            self.dead_letter_name()
        } else {
            self.stream.clone()
        };
        let command = redis::cmd("XLEN").arg(key).clone();
        self.connection
            .once_more(|mut connection| {
                let command = &command;
                async move { command.query_async(&mut connection).await }
            })
            .await
    }

    /// A consumer `name` of `group`, which is created (reading from the stream's start) if
    /// it does not exist. Each consumer has a connection of its own, for its blocking reads.
    pub async fn consumer(
        &self,
        group: &str,
        name: &str,
        options: ConsumerOptions,
    ) -> Result<EventConsumer<E>, Error> {
        options.check()?;
        let mut connection = self.connection.dedicated(options.block).await?;
        create_group(&mut connection, &self.stream, group)
            .await
            .map_err(|error| self.connection.failed(error))?;
        telemetry::events_registered(&self.stream, Some(group));
        Ok(EventConsumer {
            connection,
            stream: self.clone(),
            group: group.to_owned(),
            name: name.to_owned(),
            options,
            notes: Vec::new(),
        })
    }
}

/// One consumer of a group: hands out deliveries, reclaimed ones first.
pub struct EventConsumer<E> {
    connection: Link,
    stream: EventStream<E>,
    group: String,
    name: String,
    options: ConsumerOptions,
    notes: Vec<ConsumerNote>,
}

impl<E> fmt::Debug for EventConsumer<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventConsumer")
            .field("stream", &self.stream.stream)
            .field("group", &self.group)
            .field("name", &self.name)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// One event handed to a consumer; call [`Delivery::ack`] once it is handled.
#[derive(Debug)]
#[non_exhaustive]
pub struct Delivery<E> {
    /// The event.
    pub event: E,
    /// Its stream id.
    pub id: String,
    /// How many times it was handed out, this time included.
    pub deliveries: u64,
    /// Acknowledged through the stream's own connection, never blocked by a read.
    stream: EventStream<E>,
    group: String,
    consumer: String,
}

impl<E: WebhookEvent> Delivery<E> {
    /// Acknowledges the delivery: no consumer is handed it again. It may be called again
    /// after an error (Redis restarting, say): acknowledging twice is harmless.
    pub async fn ack(&self) -> Result<(), Error> {
        let command = redis::cmd("XACK")
            .arg(&self.stream.stream)
            .arg(&self.group)
            .arg(&self.id)
            .clone();
        let _acknowledged: u64 = self
            .stream
            .connection
            .once_more(|mut connection| {
                let command = &command;
                async move { command.query_async(&mut connection).await }
            })
            .await?;
        telemetry::event(EventStep::Handled, &self.stream.stream, &self.group);
        Ok(())
    }

    /// Keeps this delivery claimed while it is being handled: resets its idle time, so that
    /// no other consumer takes it over after the claim time (call it more often than
    /// that while a long handler runs). `Ok(false)` when this consumer no longer holds it
    /// (another took it over, or it was acknowledged). It counts no delivery.
    pub async fn keep_alive(&self) -> Result<bool, Error> {
        let mut invocation = KEEP.key(&self.stream.stream);
        invocation
            .arg(&self.group)
            .arg(&self.consumer)
            .arg(&self.id);
        let kept: i64 = self
            .stream
            .connection
            .once_more(|mut connection| {
                let invocation = &invocation;
                async move { invocation.invoke_async(&mut connection).await }
            })
            .await?;
        Ok(kept == 1)
    }
}

impl<E: WebhookEvent> EventConsumer<E> {
    fn failed(&self, error: redis::RedisError) -> Error {
        self.stream.connection.failed(error)
    }

    /// What this consumer did on its own since the last call (the group created again,
    /// events dead-lettered), to log; each is also logged through `tracing`.
    pub fn take_notes(&mut self) -> Vec<ConsumerNote> {
        std::mem::take(&mut self.notes)
    }

    /// The next delivery: one idle past the claim time (another consumer died holding it),
    /// else a new one, waiting up to the block time; `None` when nothing came.
    ///
    /// A group Redis lost (flushed, or restarted without persistence: `NOGROUP`) is
    /// created again, reading from the stream's start, and the read goes on (a
    /// [`ConsumerNote::GroupCreatedAgain`] and a warning say so).
    pub async fn next(&mut self) -> Result<Option<Delivery<E>>, Error> {
        match self.read().await {
            Err(error) if group_lost(&error) => {
                tracing::warn!(
                    stream = self.stream.stream,
                    group = self.group,
                    "the consumer group is gone (Redis flushed or restarted without persistence); creating it again"
                );
                create_group(&mut self.connection, &self.stream.stream, &self.group)
                    .await
                    .map_err(|error| self.failed(error))?;
                self.notes.push(ConsumerNote::GroupCreatedAgain);
                self.read().await.map_err(|error| self.failed(error))
            }
            other => other.map_err(|error| self.failed(error)),
        }
    }

    /// [`next`](Self::next), its Redis errors as they are.
    async fn read(&mut self) -> redis::RedisResult<Option<Delivery<E>>> {
        loop {
            let claimed: StreamAutoClaimReply = redis::cmd("XAUTOCLAIM")
                .arg(&self.stream.stream)
                .arg(&self.group)
                .arg(&self.name)
                .arg(u64::try_from(self.options.claim_idle.as_millis()).unwrap_or(u64::MAX))
                .arg("0-0")
                .arg("COUNT")
                .arg(1)
                .query_async(&mut self.connection)
                .await?;
            if let Some(entry) = claimed.claimed.into_iter().next() {
                telemetry::event(EventStep::Reclaimed, &self.stream.stream, &self.group);
                let deliveries = self.deliveries(&entry.id).await?;
                match self.delivery(entry, deliveries).await? {
                    Some(delivery) => return Ok(Some(delivery)),
                    None => continue,
                }
            }
            let block = u64::try_from(self.options.block.as_millis()).unwrap_or(u64::MAX);
            let read: Option<StreamReadReply> = redis::cmd("XREADGROUP")
                .arg("GROUP")
                .arg(&self.group)
                .arg(&self.name)
                .arg("COUNT")
                .arg(1)
                .arg("BLOCK")
                .arg(block.max(1))
                .arg("STREAMS")
                .arg(&self.stream.stream)
                .arg(">")
                .query_async(&mut self.connection)
                .await?;
            let entry =
                read.and_then(|reply| reply.keys.into_iter().next()?.ids.into_iter().next());
            let Some(entry) = entry else {
                return Ok(None);
            };
            if let Some(delivery) = self.delivery(entry, 1).await? {
                return Ok(Some(delivery));
            }
        }
    }

    /// How many times entry `id` has been handed out.
    async fn deliveries(&mut self, id: &str) -> redis::RedisResult<u64> {
        let pending: StreamPendingCountReply = redis::cmd("XPENDING")
            .arg(&self.stream.stream)
            .arg(&self.group)
            .arg(id)
            .arg(id)
            .arg(1)
            .query_async(&mut self.connection)
            .await?;
        Ok(pending.ids.first().map_or(1, |entry| {
            u64::try_from(entry.times_delivered).unwrap_or(u64::MAX)
        }))
    }

    /// The delivery of `entry`, or `None` after moving it to the dead-letter stream (handed
    /// out too often, or not a JSON body).
    async fn delivery(
        &mut self,
        entry: StreamId,
        deliveries: u64,
    ) -> redis::RedisResult<Option<Delivery<E>>> {
        let body: Option<String> = entry.get("body");
        let event = body
            .as_deref()
            .and_then(|body| E::from_slice(body.as_bytes()).ok());
        match event {
            Some(event) if deliveries <= self.options.max_deliveries => Ok(Some(Delivery {
                event,
                id: entry.id,
                deliveries,
                stream: self.stream.clone(),
                group: self.group.clone(),
                consumer: self.name.clone(),
            })),
            _ => {
                tracing::warn!(
                    id = entry.id,
                    deliveries,
                    "moving an event to the dead-letter stream"
                );
                let _acknowledged: u64 = BURY
                    .key(&self.stream.stream)
                    .key(self.stream.dead_letter_name())
                    .arg(body.unwrap_or_default())
                    .arg(&entry.id)
                    .arg(deliveries)
                    .arg(&self.group)
                    .invoke_async(&mut self.connection)
                    .await?;
                telemetry::event(EventStep::DeadLettered, &self.stream.stream, &self.group);
                self.notes.push(ConsumerNote::DeadLettered {
                    id: entry.id,
                    deliveries,
                });
                Ok(None)
            }
        }
    }
}
