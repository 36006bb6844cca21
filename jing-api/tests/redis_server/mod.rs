//! A `redis-server` of a test's own: Debian's `redis-server` on a free port, in a
//! temporary folder, stopped when dropped.

#![allow(dead_code, reason = "each test file uses what it needs")]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use jing_api::store::{RedisOptions, RedisStore};

/// The per-second window of the tests' stores: wider than the default 1.1 s, so that a
/// loaded machine delaying one call more than its neighbour (CI runs on two cores) cannot
/// put eleven calls in one of the mock's seconds.
pub const SECOND_WINDOW: Duration = Duration::from_millis(1250);

/// The tests' store options.
pub fn options() -> RedisOptions {
    let mut options = RedisOptions::default();
    options.second_window = SECOND_WINDOW;
    options
}

/// A `redis-server` of this test's own, stopped when dropped.
pub struct RedisServer {
    child: Child,
    pub url: String,
    port: u16,
    persistent: bool,
    _folder: tempfile::TempDir,
}

impl RedisServer {
    pub fn start() -> RedisServer {
        RedisServer::launch(false)
    }

    /// A server that writes every command to its append-only file before answering
    /// (`appendfsync always`), so what it acknowledged survives a kill and a restart.
    pub fn start_persistent() -> RedisServer {
        RedisServer::launch(true)
    }

    fn launch(persistent: bool) -> RedisServer {
        let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .unwrap_or_else(|error| panic!("no free port: {error}"));
        let child = spawn(port, folder.path(), persistent);
        RedisServer {
            child,
            url: format!("redis://127.0.0.1:{port}/"),
            port,
            persistent,
            _folder: folder,
        }
    }

    /// Kills the server (SIGKILL) and starts it again on the same port and folder.
    pub fn restart(&mut self) {
        self.stop();
        self.start_again();
    }

    /// Starts a stopped server again on the same port and folder.
    pub fn start_again(&mut self) {
        self.child = spawn(self.port, self._folder.path(), self.persistent);
    }

    /// A new connection, once the server answers (it starts in milliseconds; bounded).
    pub async fn store(&self) -> RedisStore {
        let mut last = None;
        for _ in 0..100 {
            match RedisStore::connect_with(&self.url, options()).await {
                Ok(store) => return store,
                Err(error) => last = Some(error),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("redis-server at {} never answered: {last:?}", self.url)
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn spawn(port: u16, folder: &std::path::Path, persistent: bool) -> Child {
    let append_only = if persistent { "yes" } else { "no" };
    Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
        ])
        .args([
            "--appendonly",
            append_only,
            "--appendfsync",
            "always",
            "--dir",
        ])
        .arg(folder)
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| {
            panic!("cannot start redis-server (apt-get install redis-server): {error}")
        })
}
