//! A master, its replica and one Sentinel watching them (`redis-server --sentinel` with a
//! configuration file of the test's own), and the failover an operator asks of it.

use super::process::{Process, cli, folder, free_ports, wait_until};

/// The name the Sentinel knows the master by.
pub const MASTER: &str = "jing-master";

/// A master, a replica and a Sentinel, killed when dropped.
pub struct RedisSentinel {
    /// `redis+sentinel://127.0.0.1:<sentinel>/jing-master`.
    pub url: String,
    /// The data servers' ports: the first starts as the master.
    pub ports: [u16; 2],
    pub sentinel_port: u16,
    processes: Vec<Process>,
    _folder: tempfile::TempDir,
}

impl RedisSentinel {
    pub fn start() -> RedisSentinel {
        let folder = folder();
        let free = free_ports(3);
        let (ports, sentinel_port) = ([free[0], free[1]], free[2]);
        let mut processes = Vec::new();
        for (index, port) in ports.iter().enumerate() {
            let home = folder.path().join(format!("server-{index}"));
            std::fs::create_dir(&home).unwrap_or_else(|error| panic!("{error}"));
            let mut args: Vec<String> = ["--port", &port.to_string(), "--bind", "127.0.0.1"]
                .map(str::to_owned)
                .to_vec();
            args.extend(["--save", "", "--appendonly", "no"].map(str::to_owned));
            if index == 1 {
                args.extend(["--replicaof", "127.0.0.1", &ports[0].to_string()].map(str::to_owned));
            }
            processes.push(Process::redis_server(&args, &home));
        }
        wait_until("the replica in sync with the master", || {
            cli(ports[0], &["info", "replication"])
                .is_some_and(|info| info.contains("state=online"))
        });
        let home = folder.path().join("sentinel");
        std::fs::create_dir(&home).unwrap_or_else(|error| panic!("{error}"));
        // The Sentinel rewrites its file as it learns: it lives in the test's folder. It
        // never finds a master down by itself within a test (30 s), so a loaded machine
        // answering slowly cannot start a failover nobody asked for.
        let config = home.join("sentinel.conf");
        let text = format!(
            "port {sentinel_port}\nbind 127.0.0.1\ndir {}\n\
             sentinel monitor {MASTER} 127.0.0.1 {} 1\n\
             sentinel down-after-milliseconds {MASTER} 30000\n\
             sentinel failover-timeout {MASTER} 10000\n",
            home.display(),
            ports[0]
        );
        std::fs::write(&config, text).unwrap_or_else(|error| panic!("{error}"));
        let args = [config.display().to_string(), "--sentinel".to_owned()];
        processes.push(Process::redis_server(&args, &home));
        let sentinel = RedisSentinel {
            url: format!("redis+sentinel://127.0.0.1:{sentinel_port}/{MASTER}"),
            ports,
            sentinel_port,
            processes,
            _folder: folder,
        };
        wait_until("the Sentinel to know the master and its replica", || {
            sentinel.master() == Some(ports[0]) && sentinel.knows_replica(ports[1])
        });
        sentinel
    }

    /// The master's port, as the Sentinel names it.
    pub fn master(&self) -> Option<u16> {
        let answer = cli(
            self.sentinel_port,
            &["sentinel", "get-master-addr-by-name", MASTER],
        )?;
        answer.lines().nth(1)?.trim().parse().ok()
    }

    /// Whether the Sentinel lists `port` as a healthy replica of the master.
    fn knows_replica(&self, port: u16) -> bool {
        cli(self.sentinel_port, &["sentinel", "replicas", MASTER]).is_some_and(|answer| {
            let lines: Vec<&str> = answer.lines().map(str::trim).collect();
            let listed = lines
                .windows(2)
                .any(|pair| pair == ["port", port.to_string().as_str()]);
            let flags = lines
                .windows(2)
                .find(|pair| pair[0] == "flags")
                .map(|pair| pair[1]);
            listed && flags == Some("slave")
        })
    }

    /// Kills the servers and the Sentinel.
    pub fn stop(&self) {
        for process in &self.processes {
            process.kill();
        }
    }

    /// Kills the data server on `port` (the Sentinel stays).
    pub fn kill_server(&self, port: u16) {
        let index = self.ports.iter().position(|&known| known == port);
        let index = index.unwrap_or_else(|| panic!("no server on {port}"));
        self.processes[index].kill();
    }

    /// Asks the Sentinel to promote the replica (as an operator does before maintenance)
    /// and waits until it names the new master and the old one follows it.
    pub fn fail_over(&self) -> u16 {
        let before = self
            .master()
            .unwrap_or_else(|| panic!("no master before the failover"));
        let after = if before == self.ports[0] {
            self.ports[1]
        } else {
            self.ports[0]
        };
        // Replication is asynchronous and SENTINEL FAILOVER does not wait for it: what the
        // replica has not received when it is promoted is lost. An operator waits until the
        // replica has everything; so does the test.
        wait_until("the replica to have every write of the master", || {
            caught_up(before)
        });
        let answer = cli(self.sentinel_port, &["sentinel", "failover", MASTER]);
        assert_eq!(answer.as_deref(), Some("OK"), "SENTINEL FAILOVER");
        wait_until("the Sentinel to name the promoted master", || {
            self.master() == Some(after)
        });
        wait_until("the promoted master to take writes", || {
            cli(after, &["role"]).is_some_and(|role| role.starts_with("master"))
        });
        // Until the Sentinel turns the old master into a replica (cutting its clients off),
        // it still takes writes, and until its resync ends it may answer reads from an
        // emptied dataset: a failover is over only then.
        wait_until("the old master to follow the new one, in sync", || {
            cli(before, &["info", "replication"]).is_some_and(|info| {
                info.contains("role:slave") && info.contains("master_link_status:up")
            })
        });
        after
    }
}

/// Whether the replica of the master on `port` has acknowledged every byte the master
/// wrote to its replication stream (`slave0:…,offset=N` equal to `master_repl_offset`).
fn caught_up(port: u16) -> bool {
    let Some(info) = cli(port, &["info", "replication"]) else {
        return false;
    };
    let master = info.lines().find_map(|line| {
        line.strip_prefix("master_repl_offset:")
            .and_then(|value| value.trim().parse::<u64>().ok())
    });
    let replica = info
        .lines()
        .find(|line| line.starts_with("slave0:"))
        .and_then(|line| {
            line.split([',', ':'])
                .find_map(|part| part.strip_prefix("offset="))
                .and_then(|value| value.trim().parse::<u64>().ok())
        });
    master.is_some() && master == replica
}
