//! Redis of a test's own, from Debian's `redis-server` and `redis-cli` (`.ci/run` installs
//! them): one server, a 3-master Redis Cluster, a master with a replica watched by a
//! Sentinel, or (feature `redis-tls`) a server that speaks only TLS with certificates made
//! for the test. Every process runs on 127.0.0.1 on free ports in a temporary folder and is
//! killed when its owner is dropped, also when a test fails.
//!
//! `on_deployments!(scenario, [single, cluster, sentinel, tls])` makes one test per
//! deployment that runs `async fn scenario(deployment: &Deployment)`.

#![allow(dead_code, reason = "each test file uses what it needs")]

mod cluster;
pub mod sentinel;
#[cfg(feature = "redis-tls")]
pub mod tls;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use jing_api::store::{RedisConnection, RedisOptions, RedisStore};

pub use cluster::RedisCluster;
pub use sentinel::RedisSentinel;
#[cfg(feature = "redis-tls")]
pub use tls::TlsServer;

/// The per-second window of the tests' stores: wider than the default 1.1 s, so that a
/// loaded machine delaying one call more than its neighbour (CI runs on two cores) cannot
/// put eleven calls in one of the mock's seconds.
pub const SECOND_WINDOW: Duration = Duration::from_millis(1250);

/// The tests' store options.
pub fn options() -> RedisOptions {
    RedisOptions::builder().second_window(SECOND_WINDOW).build()
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    free_ports(1)[0]
}

/// `count` different ports nobody listens on now (held together while chosen, so none is
/// handed out twice).
pub fn free_ports(count: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..count)
        .map(|_| {
            TcpListener::bind("127.0.0.1:0").unwrap_or_else(|error| panic!("no free port: {error}"))
        })
        .collect();
    listeners
        .iter()
        .map(|listener| listener.local_addr().map(|address| address.port()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|error| panic!("no free port: {error}"))
}

/// A temporary folder.
pub fn folder() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"))
}

/// Runs a program to its end; its standard output, or a panic naming it.
pub fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| {
            panic!("cannot run {program} (apt-get install redis-tools openssl): {error}")
        });
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `redis-cli -p port ARGS…` against a plain server; its answer, or `None` while it does
/// not answer.
pub fn cli(port: u16, args: &[&str]) -> Option<String> {
    let output = Command::new("redis-cli")
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .unwrap_or_else(|error| {
            panic!("cannot run redis-cli (apt-get install redis-tools): {error}")
        });
    let text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !text.starts_with("Could not connect")).then_some(text)
}

/// Waits (bounded) until `ready` says yes; panics with `what` otherwise.
pub fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..600 {
        if ready() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("gave up waiting: {what}")
}

/// One `redis-server` process, killed when dropped.
pub struct Process {
    child: Mutex<Child>,
}

impl Process {
    /// `redis-server ARGS…` with its output in `folder/log`.
    pub fn redis_server(args: &[String], folder: &Path) -> Process {
        let log =
            std::fs::File::create(folder.join("log")).unwrap_or_else(|error| panic!("{error}"));
        let child = Command::new("redis-server")
            .args(args)
            .current_dir(folder)
            .stdin(Stdio::null())
            .stdout(log)
            .spawn()
            .unwrap_or_else(|error| {
                panic!("cannot start redis-server (apt-get install redis-server): {error}")
            });
        Process {
            child: Mutex::new(child),
        }
    }

    pub fn kill(&self) {
        let mut child = self.child.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

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

/// Connects with `attempt` until it succeeds (bounded): a server may still be starting.
pub async fn connect<F, Fut>(mut attempt: F) -> RedisConnection
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<RedisConnection, jing_api::Error>>,
{
    let mut last = None;
    for _ in 0..200 {
        match attempt().await {
            Ok(connection) => return connection,
            Err(error) => last = Some(error),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("Redis never answered: {last:?}")
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

/// One test per deployment named, each running `async fn $scenario(&Deployment)`:
/// `on_deployments!(scenario, [single, cluster, sentinel, tls]);`.
#[macro_export]
macro_rules! on_deployments {
    ($scenario:ident, [$($kind:ident),+ $(,)?]) => {
        mod $scenario {
            $( $crate::on_deployments!(@one $scenario, $kind); )+
        }
    };
    (@one $scenario:ident, tls) => {
        #[cfg(feature = "redis-tls")]
        $crate::on_deployments!(@test $scenario, tls);
    };
    (@one $scenario:ident, $kind:ident) => {
        $crate::on_deployments!(@test $scenario, $kind);
    };
    (@test $scenario:ident, $kind:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $kind() {
            let deployment = $crate::redis_server::Deployment::$kind();
            super::$scenario(&deployment).await;
        }
    };
}
