//! The relays of parts 2 to 4 and the sender that posts to them: the library's sink
//! (`WebhookReceiver` appending to an `EventStream`, in this process) and `jing webhook
//! listen --redis` (a process, when fleet.sh names the `jing` binary); each event posted to
//! every relay, each post retried (bounded) until answered `200`.

use std::collections::BTreeSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jing_api::webhook::EventStream;
use jing_api::webhook::axum::WebhookReceiver;
use serde_json::json;

use crate::processes::{Children, Tasks};
use crate::shared::{EVENTS, STREAM};

/// The relays running, stopped when dropped.
pub(crate) struct Relays {
    /// Where to post, one URL per relay.
    pub(crate) urls: Vec<String>,
    /// What they are, for the summary.
    pub(crate) kinds: &'static str,
    _servers: Tasks,
    _processes: Children,
}

/// Starts two relays on free ports of 127.0.0.1: the library's sink in this process (its
/// own connection, as on another machine), and the second `jing webhook listen --redis`
/// when fleet.sh names the `jing` binary (JING_SOAK_JING), else a second library sink.
pub(crate) async fn start(url: &str, folder: &Path) -> Result<Relays, Box<dyn std::error::Error>> {
    let mut urls = Vec::new();
    let mut servers = Tasks(Vec::new());
    let cli = std::env::var_os("JING_SOAK_JING").map(PathBuf::from);
    let mut processes = Children(Vec::new());
    let library_sinks = if cli.is_some() { 1 } else { 2 };
    for _ in 0..library_sinks {
        let stream = EventStream::connect(url, STREAM).await?;
        let router = WebhookReceiver::new().router_with_handler("/hook", move |event| {
            let stream = stream.clone();
            async move { stream.append(&event).await.map(|_| ()) }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        urls.push(format!("http://{}/hook", listener.local_addr()?));
        servers.0.push(tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        }));
    }
    if let Some(jing) = &cli {
        urls.push(cli_relay(jing, url, folder, &mut processes)?);
    }
    let kinds = if cli.is_some() {
        "the library's sink and `jing webhook listen --redis`"
    } else {
        "two library sinks"
    };
    Ok(Relays {
        urls,
        kinds,
        _servers: servers,
        _processes: processes,
    })
}

/// What the sender did: the events acknowledged, the posts made, the posts retried.
pub(crate) type Sent = (BTreeSet<u64>, u64, u64);

/// The sender: each of EVENTS events to every relay, each post retried every 100 ms (at
/// most 100 times) until answered 200; `sent` counts the events done.
pub(crate) fn send_all(
    relays: Vec<String>,
    sent: Arc<AtomicU64>,
) -> tokio::task::JoinHandle<Result<Sent, reqwest::Error>> {
    tokio::spawn(async move {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()?;
        let (mut acknowledged, mut posts, mut retried) = (BTreeSet::new(), 0u64, 0u64);
        for seq in 0..EVENTS {
            let body = json!({
                "event_type": "soak_event",
                "soak_seq": seq,
                "create_time": 1_700_000_000 + seq,
            });
            for relay in &relays {
                for attempt in 0..100 {
                    posts += 1;
                    let answer = http.post(relay).json(&body).send().await;
                    if answer.is_ok_and(|answer| answer.status().is_success()) {
                        acknowledged.insert(seq);
                        break;
                    }
                    if attempt == 0 {
                        retried += 1;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
            sent.store(seq + 1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Ok((acknowledged, posts, retried))
    })
}

/// Starts `jing webhook listen --redis URL --stream STREAM` on a free port of 127.0.0.1
/// (its home and cache in `folder`); its URL, read from its first line (within 10 s).
fn cli_relay(
    jing: &Path,
    url: &str,
    folder: &Path,
    processes: &mut Children,
) -> Result<String, Box<dyn std::error::Error>> {
    let home = folder.join("home");
    std::fs::create_dir_all(&home)?;
    let mut child = Command::new(jing)
        .args([
            "webhook",
            "listen",
            "--addr",
            "127.0.0.1:0",
            "--path",
            "/hook",
        ])
        .args(["--redis", url, "--stream", STREAM])
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .env("XDG_CACHE_HOME", &home)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let err = child.stderr.take().ok_or("no relay stderr")?;
    processes.0.push(child);
    let (first_in, first) = std::sync::mpsc::channel();
    let log = folder.join("relay.log");
    std::thread::spawn(move || {
        // Its first line to the channel, every line (Redis restarting) to relay.log.
        let mut file = std::fs::File::create(log).ok();
        for line in std::io::BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            let _ = first_in.send(line.clone());
            if let Some(file) = &mut file {
                let _ = writeln!(file, "{line}");
            }
        }
    });
    // Its start line (stream, server), then the address it listens on.
    let started = Instant::now() + Duration::from_secs(10);
    loop {
        let left = started.saturating_duration_since(Instant::now());
        let line = first
            .recv_timeout(left)
            .map_err(|_| "jing webhook listen did not start within 10 s")?;
        if let Some(address) = line.strip_prefix("listening on ") {
            return Ok(address.trim().to_owned());
        }
        if !line.starts_with("jing webhook listen: relay to stream") {
            return Err(format!("jing webhook listen said: {line}").into());
        }
    }
}
