//! The master a Sentinel names, followed across failovers (feature `redis`).
//!
//! The redis crate finds the master (`SentinelClient`: asks the Sentinels, checks the
//! answer's role) but keeps no connection that follows it. This file keeps one multiplexed
//! connection to the master it was told and asks the Sentinels again when that connection
//! says the master moved: the connection broke or timed out (the old master died, or a
//! Sentinel cut its clients off while reconfiguring it), or a write was refused with
//! `READONLY` (the old master came back as a replica). The command is then sent once more
//! to the master now named. Every command of the stores tolerates that second sending:
//! loads, acknowledgements and compare-and-set steps are idempotent, and a budget counted
//! twice only slows calls down.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use redis::aio::{ConnectionLike, MultiplexedConnection};
use redis::sentinel::SentinelClient;
use redis::{AsyncConnectionConfig, Cmd, ErrorKind, Pipeline, RedisError, RedisResult, Value};

/// A connection to the master that `client` names, replaced when the master moves.
pub(crate) struct SentinelLink {
    /// Shared by every link to the same Sentinels (the consumers' own connections too).
    client: Arc<tokio::sync::Mutex<SentinelClient>>,
    config: AsyncConnectionConfig,
    /// How long asking the Sentinels and connecting may take together.
    discovery_timeout: Duration,
    current: Mutex<Current>,
}

/// The connection in use, and how many times one was made (so that tasks which saw the
/// same broken connection ask the Sentinels once between them).
#[derive(Default)]
struct Current {
    generation: u64,
    connection: Option<MultiplexedConnection>,
}

impl SentinelLink {
    pub(crate) fn new(
        client: Arc<tokio::sync::Mutex<SentinelClient>>,
        connection_timeout: Duration,
        response_timeout: Duration,
    ) -> SentinelLink {
        SentinelLink {
            client,
            config: AsyncConnectionConfig::new()
                .set_connection_timeout(connection_timeout)
                .set_response_timeout(response_timeout),
            discovery_timeout: connection_timeout + response_timeout,
            current: Mutex::new(Current::default()),
        }
    }

    /// The database of the connection in use (0 before there is one).
    pub(crate) fn db(&self) -> i64 {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        current
            .connection
            .as_ref()
            .map_or(0, ConnectionLike::get_db)
    }

    /// Connects to the master now, so that a wrong address fails where it was given.
    pub(crate) async fn connect(&self) -> RedisResult<()> {
        self.connection().await.map(|_| ())
    }

    pub(crate) async fn command(&self, cmd: &Cmd) -> RedisResult<Value> {
        let (generation, mut connection) = self.connection().await?;
        match connection.send_packed_command(cmd).await {
            Err(error) if master_moved(&error) => {
                let (_, mut connection) = self.discover(generation).await?;
                connection.send_packed_command(cmd).await
            }
            answered => answered,
        }
    }

    pub(crate) async fn pipeline(
        &self,
        pipeline: &Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisResult<Vec<Value>> {
        let (generation, mut connection) = self.connection().await?;
        match connection
            .send_packed_commands(pipeline, offset, count)
            .await
        {
            Err(error) if master_moved(&error) => {
                let (_, mut connection) = self.discover(generation).await?;
                connection
                    .send_packed_commands(pipeline, offset, count)
                    .await
            }
            answered => answered,
        }
    }

    /// The connection in use, or a new one to the master the Sentinels name.
    async fn connection(&self) -> RedisResult<(u64, MultiplexedConnection)> {
        let generation = {
            let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(connection) = &current.connection {
                return Ok((current.generation, connection.clone()));
            }
            current.generation
        };
        self.discover(generation).await
    }

    /// Asks the Sentinels for the master and connects to it, unless another task already
    /// replaced connection number `stale`.
    async fn discover(&self, stale: u64) -> RedisResult<(u64, MultiplexedConnection)> {
        let mut client = self.client.lock().await;
        {
            let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
            if current.generation != stale {
                if let Some(connection) = &current.connection {
                    return Ok((current.generation, connection.clone()));
                }
            }
        }
        let connect = async {
            let master = client.async_get_client().await?;
            master
                .get_multiplexed_async_connection_with_config(&self.config)
                .await
        };
        let connection = tokio::time::timeout(self.discovery_timeout, connect)
            .await
            .map_err(|_| {
                RedisError::from(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "the Sentinels did not name a reachable master in time",
                ))
            })??;
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        current.generation += 1;
        current.connection = Some(connection.clone());
        Ok((current.generation, connection))
    }
}

/// Whether `error` says the master is no longer where the connection points.
fn master_moved(error: &RedisError) -> bool {
    error.kind() == ErrorKind::ReadOnly
        || error.is_io_error()
        || error.is_connection_dropped()
        || error.is_connection_refusal()
        || error.is_timeout()
}
