//! Parts 2 to 4, the events: two relays each receive every event (a sender that retries to
//! another instance); three worker processes of one consumer group handle them, one of
//! which is killed (SIGKILL) while handling; Redis is killed and restarted on its
//! append-only file halfway through. Every event acknowledged to the sender must be
//! handled, each once (a second time only after a failed acknowledgement, counted).

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jing_api::webhook::EventStream;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::processes::{Children, Redis};
use crate::relays::{self, Sent};
use crate::shared::{EVENTS, Part, STREAM};

/// What the event workers said.
#[derive(Default)]
pub(crate) struct Seen {
    /// The event worker 2 was handling when it was killed.
    killed: Option<u64>,
    /// Per event, each handling: the worker and the delivery's count.
    done: BTreeMap<u64, Vec<(usize, u64)>>,
    /// Per event, the acknowledgements that failed for good.
    ack_failures: BTreeMap<u64, u64>,
    /// Acknowledgements that failed (Redis restarting) and succeeded when tried again.
    ack_retries: u64,
}

impl Seen {
    /// Takes in one worker line; kills worker 2 (SIGKILL) at its first `begin`.
    fn record(&mut self, line: &Line, workers: &mut Children) {
        match line.kind.as_str() {
            "begin" if line.worker == 2 && self.killed.is_none() => {
                if let Some(worker) = workers.0.get_mut(2) {
                    let _ = worker.kill();
                    let _ = worker.wait();
                    self.killed = Some(line.seq);
                }
            }
            "done" => self
                .done
                .entry(line.seq)
                .or_default()
                .push((line.worker, line.deliveries)),
            "ackfail" => *self.ack_failures.entry(line.seq).or_default() += 1,
            "ackretry" => self.ack_retries += 1,
            _ => {}
        }
    }
}

/// One line of an event worker: `begin|done|ackfail SEQ ID DELIVERIES`.
struct Line {
    worker: usize,
    kind: String,
    seq: u64,
    deliveries: u64,
}

/// Parts 2 to 4 (see the module's doc).
pub(crate) async fn events(
    redis: Option<&mut Redis>,
    url: &str,
    folder: &Path,
) -> Result<Part, Box<dyn std::error::Error>> {
    let url = url.to_owned();
    // A deployment of the tests' helpers keeps no append-only file: not restarted.
    let restarts = redis.is_some();
    let relays = relays::start(&url, folder).await?;
    let stop = folder.join("stop");
    let (mut workers, mut lines) = start_workers(&url, &stop, folder)?;
    let sent = Arc::new(AtomicU64::new(0));
    let sender = relays::send_all(relays.urls.clone(), Arc::clone(&sent));
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut seen = Seen::default();
    let mut follow = Follow {
        lines: &mut lines,
        workers: &mut workers,
        seen: &mut seen,
    };
    let restarted = follow.sender(redis, &sender, &sent, deadline).await?;
    let (acknowledged, posts, retried) = sender.await??;
    if !restarted {
        return Err("the sender finished before Redis was restarted".into());
    }
    follow.until_handled(&acknowledged, deadline).await;
    std::fs::write(&stop, b"")?;
    let until = Instant::now() + Duration::from_secs(10);
    for worker in &mut workers.0 {
        while worker.try_wait()?.is_none() && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    drop(workers);
    let kinds = relays.kinds;
    drop(relays);
    let mut none = Children(Vec::new());
    while let Ok(line) = lines.try_recv() {
        seen.record(&line, &mut none);
    }
    let stream = EventStream::connect(&url, STREAM).await?;
    let counts = Counts {
        entries: stream.len(false).await?,
        dead: stream.len(true).await?,
        posts,
        retried,
    };
    let part = judge(seen, &acknowledged, &counts, kinds, restarts);
    if !part.passed {
        show_worker_logs(folder);
    }
    Ok(part)
}

/// Starts the three event workers (this program again): workers 0 and 1 handle in 20 ms,
/// worker 2 takes 60 s (and is killed meanwhile); their lines come through the receiver.
fn start_workers(
    url: &str,
    stop: &Path,
    folder: &Path,
) -> Result<(Children, UnboundedReceiver<Line>), Box<dyn std::error::Error>> {
    let exe = std::env::current_exe()?;
    let (lines_in, lines) = tokio::sync::mpsc::unbounded_channel();
    let mut workers = Children(Vec::new());
    for (index, handle_millis) in [20u64, 20, 60_000].into_iter().enumerate() {
        let setting = format!("{url} worker-{index} {handle_millis} {}", stop.display());
        let mut child = Command::new(&exe)
            .env("JING_SOAK_EVENTS", setting)
            .stdout(Stdio::piped())
            // Redis restarting makes them complain: kept, shown when the part fails.
            .stderr(std::fs::File::create(
                folder.join(format!("worker-{index}.log")),
            )?)
            .spawn()?;
        let out = child.stdout.take().ok_or("no worker stdout")?;
        let lines_in = lines_in.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                let fields: Vec<&str> = line.split_whitespace().collect();
                if let [kind, seq, _id, deliveries] = fields[..] {
                    let _ = lines_in.send(Line {
                        worker: index,
                        kind: kind.to_owned(),
                        seq: seq.parse().unwrap_or(u64::MAX),
                        deliveries: deliveries.parse().unwrap_or(0),
                    });
                }
            }
        });
        workers.0.push(child);
    }
    Ok((workers, lines))
}

/// The workers' lines, read as they come.
struct Follow<'a> {
    lines: &'a mut UnboundedReceiver<Line>,
    workers: &'a mut Children,
    seen: &'a mut Seen,
}

impl Follow<'_> {
    /// Reads the workers' lines while the sender runs (at most until `deadline`), and
    /// kills and restarts Redis (the soak's own) once half the events are sent; whether it
    /// did, or had nothing to restart.
    async fn sender(
        &mut self,
        mut redis: Option<&mut Redis>,
        sender: &tokio::task::JoinHandle<Result<Sent, reqwest::Error>>,
        sent: &AtomicU64,
        deadline: Instant,
    ) -> Result<bool, Box<dyn std::error::Error>> {
        let mut restarted = redis.is_none();
        while !sender.is_finished() {
            if Instant::now() > deadline {
                return Err("the sender did not finish within 90 s".into());
            }
            if !restarted && sent.load(Ordering::SeqCst) >= EVENTS / 2 {
                // Killed, not shut down: what it acknowledged must be on disk already.
                if let Some(redis) = redis.as_mut() {
                    redis.stop();
                    redis.spawn()?;
                }
                restarted = true;
            }
            match tokio::time::timeout(Duration::from_millis(50), self.lines.recv()).await {
                Ok(Some(line)) => self.seen.record(&line, self.workers),
                Ok(None) => return Err("every event worker stopped".into()),
                Err(_) => {}
            }
        }
        Ok(restarted)
    }

    /// Reads lines until every acknowledged event is handled (and the killed one's
    /// reclaimed), for at most 30 s and not past `deadline`.
    async fn until_handled(&mut self, acknowledged: &BTreeSet<u64>, deadline: Instant) {
        let until = deadline.min(Instant::now() + Duration::from_secs(30));
        while Instant::now() < until
            && !(acknowledged
                .iter()
                .all(|seq| self.seen.done.contains_key(seq))
                && self
                    .seen
                    .killed
                    .is_some_and(|seq| self.seen.done.contains_key(&seq)))
        {
            let next = tokio::time::timeout(Duration::from_millis(100), self.lines.recv()).await;
            if let Ok(Some(line)) = next {
                self.seen.record(&line, self.workers);
            }
        }
    }
}

/// The stream's counts and the sender's, for the summary.
struct Counts {
    entries: u64,
    dead: u64,
    posts: u64,
    retried: u64,
}

/// Parts 2 to 4's checks on what the workers said, the sender and the stream.
fn judge(
    seen: Seen,
    acknowledged: &BTreeSet<u64>,
    counts: &Counts,
    kinds: &str,
    restarts: bool,
) -> Part {
    let Seen {
        killed,
        done,
        ack_failures,
        ack_retries,
    } = seen;
    let Counts {
        entries,
        dead,
        posts,
        retried,
    } = *counts;
    let lost = acknowledged
        .iter()
        .filter(|seq| !done.contains_key(seq))
        .count();
    let once = done.values().filter(|handled| handled.len() == 1).count();
    let again: usize = done
        .iter()
        .filter(|(seq, handled)| {
            handled.len() > 1
                && handled.len() as u64 <= 1 + ack_failures.get(*seq).copied().unwrap_or(0)
        })
        .count();
    let twice_unexplained = done.len() - once - again;
    let reclaimed = killed.and_then(|seq| {
        done.get(&seq)?
            .iter()
            .find(|(worker, deliveries)| *worker != 2 && *deliveries >= 2)
            .copied()
    });
    let passed = acknowledged.len() as u64 == EVENTS
        && lost == 0
        && twice_unexplained == 0
        && entries == EVENTS
        && dead == 0
        && reclaimed.is_some()
        && done.keys().all(|seq| *seq < EVENTS);
    let reclaim = reclaim_text(killed, reclaimed);
    let restart = if restarts {
        "Redis killed and restarted on its append-only file (fsync always) mid-run"
    } else {
        "Redis not restarted (no append-only file on this deployment)"
    };
    Part {
        passed,
        summary: format!(
            "{EVENTS} events each posted to 2 relays ({kinds}; {posts} posts, {retried} retried while Redis restarted), {} acknowledged, {entries} stream entries, {dead} dead letters; {once} handled once, {ack_retries} acks retried after the restart, {again} handled again after a failed ack, {twice_unexplained} handled twice otherwise; {reclaim}; {restart}: {lost} acknowledged lost",
            acknowledged.len(),
        ),
    }
}

/// What became of the event worker 2 was killed handling.
fn reclaim_text(killed: Option<u64>, reclaimed: Option<(usize, u64)>) -> String {
    match (killed, reclaimed) {
        (Some(seq), Some((worker, deliveries))) => format!(
            "worker-2 killed (SIGKILL) handling event {seq}, reclaimed and handled by worker-{worker} (delivery {deliveries})"
        ),
        (Some(seq), None) => format!("worker-2 killed handling event {seq}, NOT reclaimed"),
        _ => "worker-2 never began an event, NOT killed".to_owned(),
    }
}

/// The event workers' standard error, on standard error (when the part failed).
fn show_worker_logs(folder: &Path) {
    for index in 0..3 {
        let log = folder.join(format!("worker-{index}.log"));
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        eprintln!("worker-{index}'s standard error:\n{text}");
    }
}
