//! One way to reach Redis for the token store, the shared limits and the event stream
//! (feature `redis`): a single server, a Redis Cluster, the master a Sentinel names, or a
//! client or connection the application hands in (its own CA, user name, pool). Each is the
//! redis crate's own support (`ConnectionManager`, the async cluster connection,
//! `SentinelClient`); what is ours is the choice between them and, for Sentinel, asking
//! again when the master moves (`sentinel.rs`). Key names and scripts are not here, nor
//! how a deployment and its errors show (`shown.rs`).
//!
//! 连接 Redis 的统一方式：单机、Redis Cluster、经 Sentinel 找到的主节点，或应用自带的客户端与连接。

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster::{ClusterClient, ClusterConfig};
use redis::cluster_async::ClusterConnection;
use redis::sentinel::{SentinelClient, SentinelNodeConnectionInfo, SentinelServerType};
use redis::{Cmd, IntoConnectionInfo, Pipeline, RedisError, RedisFuture, Value};
use secrecy::SecretString;

use super::address::Address;
use super::options::RedisOptions;
use super::sentinel::SentinelLink;
use super::shown::{Shown, is_broken};
use crate::Error;

/// How to reach a Redis deployment, shared by [`RedisStore`](crate::store::RedisStore) and
/// [`EventStream`](crate::store::EventStream); cheap to clone (clones share the connection).
///
/// Build it from an address ([`RedisConnection::connect`]: one server, `redis+cluster://`
/// or `redis+sentinel://`), or from what your application already has: a
/// [`redis::Client`] (a private CA, a client certificate, a user name), a
/// [`ConnectionManager`] (your pool's), a [`ClusterClient`] or a [`SentinelClient`]. The
/// redis crate is re-exported as `jing_api::redis`, so the versions match.
///
/// ```no_run
/// # async fn example(ca_pem: Vec<u8>) -> Result<(), jing_api::Error> {
/// use jing_api::redis::{Client, TlsCertificates};
/// use jing_api::store::{RedisConnection, RedisOptions, RedisStore};
/// use jing_api::webhook::EventStream;
///
/// // A server whose certificate a private CA signed (feature `redis-tls`).
/// let client = Client::build_with_tls(
///     "rediss://jing:password@redis.internal:6380/",
///     TlsCertificates { client_tls: None, root_cert: Some(ca_pem) },
/// )
/// .map_err(|error| jing_api::Error::config_because("the Redis client cannot be built", error))?;
/// let redis = RedisConnection::from_client(client, RedisOptions::default()).await?;
/// let store = RedisStore::new(redis.clone());
/// let events = EventStream::new(redis, "jing:events");
/// # let _ = (store, events);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisConnection {
    link: Link,
    /// How to open another connection to the same deployment (an event consumer reads
    /// with blocking commands on one of its own); `None` for a connection handed in.
    opener: Option<Opener>,
    options: RedisOptions,
    /// The deployment as errors name it (`redis redis://host:6379/`), with the secrets
    /// they must not show.
    shown: Arc<Shown>,
}

/// What commands go through: implements the redis crate's `ConnectionLike`, so scripts
/// and commands are written once for every deployment.
#[derive(Clone)]
pub(crate) enum Link {
    Server(ConnectionManager),
    Cluster(ClusterConnection),
    Sentinel(Arc<SentinelLink>),
}

#[derive(Clone)]
enum Opener {
    Client(redis::Client),
    Cluster(ClusterClient),
    Sentinel(Arc<tokio::sync::Mutex<SentinelClient>>),
}

impl fmt::Debug for RedisConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisConnection")
            .field("server", &self.shown.name)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl RedisConnection {
    /// Connects to the deployment `url` names: `redis://[user:password@]host[:port][/db]`
    /// (`rediss://` with the `redis-tls` feature), `redis+cluster://host:port,host:port/`
    /// for a Redis Cluster, `redis+sentinel://host:port,host:port/master-name[/db]` for the
    /// master that Sentinels watch (see the [store docs](crate::store#redis-deployments)).
    pub async fn connect(url: &str, options: RedisOptions) -> Result<Self, Error> {
        options.check()?;
        let shown = Shown::of_address(url);
        let refused = |error| shown.failed("the address cannot be used", error);
        match Address::parse(url)? {
            Address::Server(url) => {
                let client = redis::Client::open(url).map_err(refused)?;
                RedisConnection::open(Opener::Client(client), options, shown).await
            }
            Address::Cluster(nodes) => {
                let client = ClusterClient::builder(nodes)
                    .connection_timeout(options.connection_timeout)
                    .response_timeout(options.response_timeout)
                    // A few quick tries (a slot moving, a node restarting), not the
                    // crate's 16 with waits of minutes: a dead cluster is an error soon.
                    .retries(3)
                    .min_retry_wait(100)
                    .max_retry_wait(1000)
                    .build()
                    .map_err(refused)?;
                RedisConnection::open(Opener::Cluster(client), options, shown).await
            }
            Address::Sentinel {
                sentinels,
                master,
                master_url,
            } => {
                let master_info = master_url.into_connection_info().map_err(refused)?;
                let tls = match master_info.addr {
                    redis::ConnectionAddr::TcpTls { .. } => Some(redis::TlsMode::Secure),
                    _ => None,
                };
                let node = SentinelNodeConnectionInfo {
                    tls_mode: tls,
                    redis_connection_info: Some(master_info.redis),
                };
                let client = SentinelClient::build(
                    sentinels,
                    master,
                    Some(node),
                    SentinelServerType::Master,
                )
                .map_err(refused)?;
                RedisConnection::open(Opener::sentinel(client), options, shown).await
            }
        }
    }

    /// Connects through a client of your own (its TLS settings, credentials, database),
    /// with a connection that reconnects by itself.
    pub async fn from_client(client: redis::Client, options: RedisOptions) -> Result<Self, Error> {
        options.check()?;
        let info = client.get_connection_info();
        let scheme = match info.addr {
            redis::ConnectionAddr::TcpTls { .. } => "rediss",
            redis::ConnectionAddr::Unix(_) => "redis+unix",
            _ => "redis",
        };
        let name = match info.addr {
            redis::ConnectionAddr::Unix(_) => format!("redis {scheme}://{}", info.addr),
            _ => format!("redis {scheme}://{}/{}", info.addr, info.redis.db),
        };
        let secrets = info.redis.password.iter().cloned().map(SecretString::from);
        let shown = Shown::with_secrets(name, secrets);
        RedisConnection::open(Opener::Client(client), options, shown).await
    }

    /// Uses a connection of your own (from your pool, say). Its time limits are its own;
    /// `options` gives the key prefix and the window. An [`EventStream`](crate::store::EventStream)
    /// on it can append, but its consumers need a connection of their own: build those
    /// streams from a client instead.
    pub fn from_connection_manager(
        connection: ConnectionManager,
        options: RedisOptions,
    ) -> Result<Self, Error> {
        options.check()?;
        Ok(RedisConnection {
            link: Link::Server(connection),
            opener: None,
            options,
            shown: Arc::new(Shown::named("redis (a connection handed in)")),
        })
    }

    /// Connects to a Redis Cluster through a client of your own (its TLS settings,
    /// credentials, retries and time limits; an event consumer's connection waits longer,
    /// `options`' response time limit plus its block time).
    pub async fn from_cluster_client(
        client: ClusterClient,
        options: RedisOptions,
    ) -> Result<Self, Error> {
        options.check()?;
        let shown = Shown::named("redis cluster (a client handed in)");
        RedisConnection::open(Opener::Cluster(client), options, shown).await
    }

    /// Connects to the master a [`SentinelClient`] of yours names (built with
    /// `SentinelClientBuilder` for Sentinels that need a password or TLS of their own) and
    /// follows it when the Sentinels promote another.
    pub async fn from_sentinel_client(
        client: SentinelClient,
        options: RedisOptions,
    ) -> Result<Self, Error> {
        options.check()?;
        let shown = Shown::named("redis sentinel (a client handed in)");
        RedisConnection::open(Opener::sentinel(client), options, shown).await
    }

    /// The options given.
    pub fn options(&self) -> &RedisOptions {
        &self.options
    }

    /// Opens the shared connection through `opener`, checked by connecting now.
    async fn open(opener: Opener, options: RedisOptions, shown: Shown) -> Result<Self, Error> {
        let link = opener.open(&options, Duration::ZERO, &shown).await?;
        Ok(RedisConnection {
            link,
            opener: Some(opener),
            options,
            shown: Arc::new(shown),
        })
    }

    /// The shared connection, for one command or script.
    pub(crate) fn link(&self) -> Link {
        self.link.clone()
    }

    /// A connection of its own whose commands may take `extra` longer than the time limit
    /// (a blocking read).
    pub(crate) async fn dedicated(&self, extra: Duration) -> Result<Link, Error> {
        match &self.opener {
            Some(opener) => opener.open(&self.options, extra, &self.shown).await,
            None => Err(Error::config(
                "a consumer reads on a connection of its own, which a connection handed in \
                 cannot open: build the stream from a redis::Client or an address",
            )),
        }
    }

    /// The deployment without credentials (`redis redis://host:6379/`).
    pub(crate) fn shown(&self) -> &str {
        &self.shown.name
    }

    /// `error` of a command as an [`Error::Store`] naming the deployment.
    pub(crate) fn failed(&self, error: RedisError) -> Error {
        self.shown.failed("a command failed", error)
    }

    /// Runs `attempt` on the shared connection; on a broken connection (an I/O error: a
    /// broken pipe, a reset, the end of the stream) once more, on the connection the redis
    /// crate makes anew, so the first step after a Redis restart goes through. Every step
    /// sent this way must tolerate being sent twice. Errors name the deployment.
    pub(crate) async fn once_more<T, F>(&self, attempt: impl Fn(Link) -> F) -> Result<T, Error>
    where
        F: std::future::Future<Output = redis::RedisResult<T>>,
    {
        match attempt(self.link()).await {
            Err(error) if is_broken(&error) => {
                tracing::debug!(%error, server = %self.shown.name, "the Redis connection broke; sending the step once more");
                attempt(self.link())
                    .await
                    .map_err(|error| self.failed(error))
            }
            other => other.map_err(|error| self.failed(error)),
        }
    }
}

impl Opener {
    fn sentinel(client: SentinelClient) -> Opener {
        Opener::Sentinel(Arc::new(tokio::sync::Mutex::new(client)))
    }

    /// A new connection, checked by connecting now.
    async fn open(
        &self,
        options: &RedisOptions,
        extra: Duration,
        shown: &Shown,
    ) -> Result<Link, Error> {
        let cannot = |error| shown.failed("cannot connect", error);
        let response_timeout = options.response_timeout + extra;
        match self {
            Opener::Client(client) => {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(options.connection_timeout)
                    .set_response_timeout(response_timeout)
                    .set_number_of_retries(1);
                ConnectionManager::new_with_config(client.clone(), config)
                    .await
                    .map(Link::Server)
                    .map_err(cannot)
            }
            // The client's own time limits (ours when an address built it), unless a
            // blocking read needs more.
            Opener::Cluster(client) if extra.is_zero() => client
                .get_async_connection()
                .await
                .map(Link::Cluster)
                .map_err(cannot),
            Opener::Cluster(client) => {
                let config = ClusterConfig::new()
                    .set_connection_timeout(options.connection_timeout)
                    .set_response_timeout(response_timeout);
                client
                    .get_async_connection_with_config(config)
                    .await
                    .map(Link::Cluster)
                    .map_err(cannot)
            }
            Opener::Sentinel(client) => {
                let link = SentinelLink::new(
                    Arc::clone(client),
                    options.connection_timeout,
                    response_timeout,
                );
                link.connect().await.map_err(cannot)?;
                Ok(Link::Sentinel(Arc::new(link)))
            }
        }
    }
}

impl ConnectionLike for Link {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Link::Server(connection) => connection.req_packed_command(cmd),
            Link::Cluster(connection) => connection.req_packed_command(cmd),
            Link::Sentinel(link) => Box::pin(link.command(cmd)),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        cmd: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Link::Server(connection) => connection.req_packed_commands(cmd, offset, count),
            Link::Cluster(connection) => connection.req_packed_commands(cmd, offset, count),
            Link::Sentinel(link) => Box::pin(link.pipeline(cmd, offset, count)),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Link::Server(connection) => connection.get_db(),
            Link::Cluster(_) => 0,
            Link::Sentinel(link) => link.db(),
        }
    }
}
