//! A Redis Cluster of three masters (no replicas), made as an operator makes one:
//! `redis-server --cluster-enabled yes` on free ports, then `redis-cli --cluster create`,
//! then waiting for every node to report `cluster_state:ok`.

use super::process::{Process, cli, folder, free_ports, run, wait_until};

/// Three cluster masters, killed when dropped.
pub struct RedisCluster {
    /// `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/`.
    pub url: String,
    pub ports: Vec<u16>,
    processes: Vec<Process>,
    _folder: tempfile::TempDir,
}

impl RedisCluster {
    pub fn start() -> RedisCluster {
        let folder = folder();
        // A client port and a cluster bus port for each node.
        let free = free_ports(6);
        let mut ports = Vec::new();
        let mut processes = Vec::new();
        for node in 0..3 {
            let (port, bus) = (free[2 * node], free[2 * node + 1]);
            let home = folder.path().join(format!("node-{node}"));
            std::fs::create_dir(&home).unwrap_or_else(|error| panic!("{error}"));
            let args: Vec<String> = [
                "--port",
                &port.to_string(),
                "--cluster-port",
                &bus.to_string(),
                "--bind",
                "127.0.0.1",
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes.conf",
                "--cluster-node-timeout",
                "5000",
                "--save",
                "",
                "--appendonly",
                "no",
            ]
            .map(str::to_owned)
            .to_vec();
            processes.push(Process::redis_server(&args, &home));
            ports.push(port);
        }
        for &port in &ports {
            wait_until(&format!("cluster node on {port}"), || {
                cli(port, &["ping"]).as_deref() == Some("PONG")
            });
        }
        let nodes: Vec<String> = ports
            .iter()
            .map(|port| format!("127.0.0.1:{port}"))
            .collect();
        let mut create = vec!["--cluster", "create"];
        create.extend(nodes.iter().map(String::as_str));
        create.extend(["--cluster-replicas", "0", "--cluster-yes"]);
        run("redis-cli", &create);
        for &port in &ports {
            wait_until(&format!("cluster_state:ok on {port}"), || {
                cli(port, &["cluster", "info"])
                    .is_some_and(|info| info.contains("cluster_state:ok"))
            });
        }
        RedisCluster {
            url: format!("redis+cluster://{}/", nodes.join(",")),
            ports,
            processes,
            _folder: folder,
        }
    }

    /// Every key in the cluster, with its hash slot.
    pub fn keys(&self) -> Vec<(String, u16)> {
        let mut keys = Vec::new();
        for &port in &self.ports {
            let listed = cli(port, &["--scan"]).unwrap_or_default();
            for key in listed.lines().filter(|key| !key.is_empty()) {
                let slot = cli(port, &["cluster", "keyslot", key])
                    .and_then(|slot| slot.parse().ok())
                    .unwrap_or_else(|| panic!("CLUSTER KEYSLOT {key}"));
                keys.push((key.to_owned(), slot));
            }
        }
        keys
    }

    /// Kills every node.
    pub fn stop(&self) {
        for process in &self.processes {
            process.kill();
        }
    }
}
