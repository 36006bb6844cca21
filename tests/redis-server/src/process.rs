//! The tools every deployment is built with: free ports, a temporary folder, a program
//! run to its end, `redis-cli`, a bounded wait, one `redis-server` process killed when
//! dropped, the tests' store options and a bounded connect. The deployments (`mod.rs`,
//! `cluster.rs`, `sentinel.rs`, `tls.rs`) import them from here.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use jing_api::store::{RedisConnection, RedisOptions};

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
