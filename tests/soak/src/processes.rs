//! What the soak starts and must stop, also on failure: child processes (killed and reaped
//! when dropped), its own `redis-server` (append-only, fsync always) and background tasks.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Child processes, killed (SIGKILL) and reaped when dropped: a failing run leaves nothing.
pub(crate) struct Children(pub(crate) Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A `redis-server` on 127.0.0.1 in `folder`, append-only, every write synced before it is
/// answered; stopped when dropped.
pub(crate) struct Redis {
    port: u16,
    folder: PathBuf,
    child: Option<Child>,
}

impl Redis {
    pub(crate) fn start(folder: &Path) -> Result<Redis, Box<dyn std::error::Error>> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut redis = Redis {
            port,
            folder: folder.to_owned(),
            child: None,
        };
        redis.spawn()?;
        Ok(redis)
    }

    pub(crate) fn spawn(&mut self) -> Result<(), Box<dyn std::error::Error>> {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .arg("--dir")
            .arg(&self.folder)
            .stdout(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        Ok(())
    }

    pub(crate) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    pub(crate) fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Background tasks aborted when dropped (the relays' servers).
pub(crate) struct Tasks(pub(crate) Vec<tokio::task::JoinHandle<()>>);

impl Drop for Tasks {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}
