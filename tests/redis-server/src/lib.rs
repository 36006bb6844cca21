//! Redis of a test's own, from Debian's `redis-server` and `redis-cli` (`.ci/run` installs
//! them): one server, a 3-master Redis Cluster, a master with a replica watched by a
//! Sentinel, or (feature `redis-tls`) a server that speaks only TLS with certificates made
//! for the test. Every process runs on 127.0.0.1 on free ports in a temporary folder and is
//! killed when its owner is dropped, also when a test fails.
//!
//! `on_deployments!(scenario, [single, cluster, sentinel, tls])` (`scenario.rs`) makes one
//! test per deployment that runs `async fn scenario(deployment: &Deployment)`. The tools the
//! deployments are built with (ports, folders, `redis-cli`, the server process) are
//! `process.rs`.
//!
//! A crate of the workspace's own (`publish = false`), dev-dependency of jing-api's and
//! jing-cli's Redis tests and dependency of the fleet soak. Everything is behind its feature
//! `redis` (and `redis-tls`), which those crates' own `redis` features turn on: without it the
//! crate is empty, so a build without Redis stays without it.

#![cfg(feature = "redis")]

mod cluster;
mod process;
mod scenario;
pub mod sentinel;
#[cfg(feature = "redis-tls")]
pub mod tls;

use jing_api::store::{RedisConnection, RedisStore};

pub use cluster::RedisCluster;
pub use process::{
    Process, SECOND_WINDOW, cli, connect, folder, free_port, free_ports, options, run, wait_until,
};
pub use sentinel::RedisSentinel;
#[cfg(feature = "redis-tls")]
pub use tls::TlsServer;

/// A plain `redis-server` of this test's own, stopped when dropped.
pub struct RedisServer {
    process: Process,
    pub url: String,
    pub port: u16,
    args: Vec<String>,
    folder: tempfile::TempDir,
}

impl RedisServer {
    pub fn start() -> RedisServer {
        RedisServer::launch(&[])
    }

    /// A server that writes every command to its append-only file before answering
    /// (`appendfsync always`), so what it acknowledged survives a kill and a restart.
    pub fn start_persistent() -> RedisServer {
        RedisServer::launch(&["--appendonly", "yes", "--appendfsync", "always"])
    }

    /// A server with these settings added.
    pub fn launch(extra: &[&str]) -> RedisServer {
        let folder = folder();
        let port = free_port();
        let mut args: Vec<String> = ["--port", &port.to_string(), "--bind", "127.0.0.1"]
            .iter()
            .map(|arg| (*arg).to_owned())
            .collect();
        args.extend(["--save", "", "--appendonly", "no"].map(str::to_owned));
        args.extend(extra.iter().map(|arg| (*arg).to_owned()));
        let process = Process::redis_server(&args, folder.path());
        RedisServer {
            process,
            url: format!("redis://127.0.0.1:{port}/"),
            port,
            args,
            folder,
        }
    }

    /// Waits until it answers `PING`.
    pub fn wait_ready(&self) {
        wait_until(&format!("redis-server on {}", self.port), || {
            cli(self.port, &["ping"]).as_deref() == Some("PONG")
        });
    }

    /// Kills the server (SIGKILL) and starts it again on the same port and folder.
    pub fn restart(&mut self) {
        self.stop();
        self.start_again();
    }

    /// Starts a stopped server again on the same port and folder.
    pub fn start_again(&mut self) {
        self.process = Process::redis_server(&self.args, self.folder.path());
    }

    /// A new store, once the server answers (it starts in milliseconds; bounded).
    pub async fn store(&self) -> RedisStore {
        RedisStore::new(connect(|| RedisConnection::connect(&self.url, options())).await)
    }

    pub fn stop(&self) {
        self.process.kill();
    }
}

/// A deployment a scenario runs against.
pub enum Deployment {
    Single(RedisServer),
    Cluster(RedisCluster),
    Sentinel(RedisSentinel),
    #[cfg(feature = "redis-tls")]
    Tls(TlsServer),
}

impl Deployment {
    pub fn single() -> Deployment {
        let server = RedisServer::start();
        server.wait_ready();
        Deployment::Single(server)
    }

    pub fn cluster() -> Deployment {
        Deployment::Cluster(RedisCluster::start())
    }

    pub fn sentinel() -> Deployment {
        Deployment::Sentinel(RedisSentinel::start())
    }

    #[cfg(feature = "redis-tls")]
    pub fn tls() -> Deployment {
        Deployment::Tls(TlsServer::start())
    }

    /// Which deployment, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Deployment::Single(_) => "single server",
            Deployment::Cluster(_) => "cluster",
            Deployment::Sentinel(_) => "sentinel",
            #[cfg(feature = "redis-tls")]
            Deployment::Tls(_) => "tls",
        }
    }

    /// Kills every process of the deployment.
    pub fn stop(&self) {
        match self {
            Deployment::Single(server) => server.stop(),
            Deployment::Cluster(cluster) => cluster.stop(),
            Deployment::Sentinel(sentinel) => sentinel.stop(),
            #[cfg(feature = "redis-tls")]
            Deployment::Tls(server) => server.stop(),
        }
    }

    /// The address `RedisConnection::connect` and `jing --redis` take.
    pub fn url(&self) -> &str {
        match self {
            Deployment::Single(server) => &server.url,
            Deployment::Cluster(cluster) => &cluster.url,
            Deployment::Sentinel(sentinel) => &sentinel.url,
            #[cfg(feature = "redis-tls")]
            Deployment::Tls(server) => &server.url,
        }
    }

    /// What a child process needs in its environment to reach the deployment by its URL
    /// (the test CA, for `rediss://`).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        match self {
            #[cfg(feature = "redis-tls")]
            Deployment::Tls(server) => server.env(),
            _ => Vec::new(),
        }
    }

    /// A new connection from this process (with TLS, through a client given the test CA,
    /// as an application with a private CA builds one).
    pub async fn connection(&self) -> RedisConnection {
        match self {
            #[cfg(feature = "redis-tls")]
            Deployment::Tls(server) => server.connection().await,
            _ => connect(|| RedisConnection::connect(self.url(), options())).await,
        }
    }

    pub async fn store(&self) -> RedisStore {
        RedisStore::new(self.connection().await)
    }
}
