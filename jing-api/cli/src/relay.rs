//! `jing webhook listen --redis URL --stream NAME` (a relay: each event is answered `200`
//! once it is in the Redis stream; run any number behind a load balancer) and
//! `jing webhook work` (a consumer of the stream's group: one JSON line per event,
//! acknowledged after the line is written or after `--exec CMD` exits 0; a start line and
//! one line per event handled or failed on standard error). Feature `redis`.
//!
//! 中继与消费：`listen --redis` 将事件写入 Redis 流后才应答 200；`work` 以消费组读取并处理事件。
//!
//! An `--exec` command never outlives its worker. It runs in a process group of its own
//! under a small `sh` wrapper that holds the read end of a pipe from the worker (the
//! wrapper's standard input, after the event line): when the worker exits, is interrupted
//! or is killed (even by `SIGKILL`), the pipe closes and the wrapper kills the whole group,
//! so an event whose worker died is handled only by the worker that reclaims it. No
//! `unsafe` code is needed for it, as the workspace forbids it.

#[cfg(not(feature = "redis"))]
use clap::ArgMatches;
use clap::{Arg, Command};

use super::Failure;

/// The relay's flags, added to `webhook listen`.
pub(crate) fn listen_args() -> [Arg; 2] {
    [
        Arg::new("redis")
            .long("redis")
            .value_name("URL")
            .requires("stream")
            .help("将事件写入此 Redis 的流后才应答（中继，需 redis 特性）；地址形式同 --redis（单机、redis+cluster://、redis+sentinel://、rediss://）。 Answer each event only once it is in a stream on this Redis: a relay, any number of which can run behind a load balancer (needs the redis feature). Addresses as for --redis: redis://, redis+cluster://, redis+sentinel://, rediss://. [env: JING_REDIS_URL is not read here]"),
        Arg::new("stream")
            .long("stream")
            .value_name("NAME")
            .requires("redis")
            .help("Redis 流的名称。 The Redis stream's name."),
    ]
}

/// `jing webhook work`.
pub(crate) fn work_command() -> Command {
    Command::new("work")
        .about("以消费组处理 Redis 流中的事件，每个事件打印一行 JSON。 Handle the events of a Redis stream as a consumer group member; print each as one JSON line.")
        .arg(Arg::new("redis").long("redis").value_name("URL").required(true).help("Redis 地址（单机、redis+cluster://、redis+sentinel://、rediss://）。 The Redis: redis://host:port/, redis+cluster://host:port,host:port/, redis+sentinel://host:port/MASTER, or rediss:// for TLS."))
        .arg(Arg::new("stream").long("stream").value_name("NAME").required(true).help("Redis 流的名称。 The stream's name."))
        .arg(Arg::new("group").long("group").value_name("NAME").required(true).help("消费组。 The consumer group (created when missing)."))
        .arg(Arg::new("consumer").long("consumer").value_name("NAME").help("本消费者的名称（默认：主机名-进程号）。 This consumer's name (default: host name and process id)."))
        .arg(
            Arg::new("count")
                .long("count")
                .value_name("N")
                .value_parser(clap::value_parser!(u64).range(1..))
                .help("确认 N 个事件后退出。 Exit once N events are acknowledged."),
        )
        .arg(Arg::new("exec").long("exec").value_name("CMD").help("对每个事件运行 CMD（sh -c，事件 JSON 行在标准输入），退出码 0 才确认。 Run CMD (sh -c) for each event with its JSON line on standard input; acknowledge only when it exits 0."))
        .arg(
            Arg::new("claim-idle")
                .long("claim-idle")
                .value_name("SECS")
                .value_parser(clap::value_parser!(u64).range(1..))
                .default_value("60")
                .help("接管其他消费者闲置超过此秒数的事件。 Take over deliveries another consumer left unacknowledged this long."),
        )
        .arg(
            Arg::new("max-deliveries")
                .long("max-deliveries")
                .value_name("N")
                .value_parser(clap::value_parser!(u64).range(1..))
                .default_value("5")
                .help("事件交付超过 N 次后移入死信流 <流>:dead。 Move an event handed out more than N times to the dead-letter stream <stream>:dead."),
        )
}

#[cfg(not(feature = "redis"))]
pub(crate) async fn listen(
    _args: &ArgMatches,
    _url: &str,
    _receiver: jing_api::webhook::axum::WebhookReceiver,
) -> Result<(), Failure> {
    Err(not_built())
}

#[cfg(not(feature = "redis"))]
pub(crate) async fn work(_args: &ArgMatches) -> Result<(), Failure> {
    Err(not_built())
}

#[cfg(not(feature = "redis"))]
fn not_built() -> Failure {
    Failure::usage(
        "--redis needs a jing built with the redis feature (cargo install jing-cli --features redis)",
    )
}

#[cfg(feature = "redis")]
pub(crate) use with_redis::{listen, work};

#[cfg(feature = "redis")]
mod with_redis {
    use std::time::Duration;

    use clap::ArgMatches;

    use super::Failure;
    use jing_api::store::{ConsumerOptions, Delivery, EventStream};
    use jing_api::webhook::axum::WebhookReceiver;

    /// The relay: prints each event stored (or found a duplicate) as `listen` does.
    pub(crate) async fn listen(
        args: &ArgMatches,
        url: &str,
        receiver: WebhookReceiver,
    ) -> Result<(), Failure> {
        let name = args
            .get_one::<String>("stream")
            .ok_or_else(|| Failure::usage("--redis needs --stream NAME"))?;
        super::super::shared::check_redis_url(url)?;
        let stream = EventStream::connect(url, name).await?;
        // Printing waits for the terminal; storing never waits for printing.
        let (sender, events) = tokio::sync::mpsc::channel(1024);
        let router = receiver.router_with_handler(
            &super::super::receive::listen_path(args),
            move |event: jing_api::webhook::Event| {
                let (stream, sender) = (stream.clone(), sender.clone());
                async move {
                    stream.append(&event).await?;
                    let _ = sender.try_send(event);
                    Ok::<(), jing_api::Error>(())
                }
            },
        );
        super::super::receive::serve_and_print(args, router, events).await
    }

    /// The consumer loop.
    pub(crate) async fn work(args: &ArgMatches) -> Result<(), Failure> {
        let text = |name: &str| args.get_one::<String>(name).cloned().unwrap_or_default();
        let consumer = args
            .get_one::<String>("consumer")
            .cloned()
            .unwrap_or_else(|| {
                let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
                format!("{}-{}", host.trim(), std::process::id())
            });
        let number =
            |name: &str, default: u64| args.get_one::<u64>(name).copied().unwrap_or(default);
        let options = ConsumerOptions::builder()
            .claim_idle(Duration::from_secs(number("claim-idle", 60)))
            .block(Duration::from_secs(1))
            .max_deliveries(number("max-deliveries", 5))
            .build();
        let (url, group) = (text("redis"), text("group"));
        super::super::shared::check_redis_url(&url)?;
        let stream = EventStream::connect(&url, &text("stream")).await?;
        eprintln!(
            "jing webhook work: stream {}, group {group}, consumer {consumer}, on {} (claim idle {} s, max deliveries {}, dead letters to {})",
            stream.name(),
            super::super::shared::redis_server_shown(&url),
            options.claim_idle.as_secs(),
            options.max_deliveries,
            stream.dead_letter_name(),
        );
        let max_deliveries = options.max_deliveries;
        let mut consumer = stream.consumer(&group, &consumer, options).await?;
        let limit = args.get_one::<u64>("count").copied();
        let exec = args.get_one::<String>("exec");
        let mut done = 0;
        while limit.is_none_or(|limit| done < limit) {
            let delivery = tokio::select! {
                delivery = consumer.next() => delivery,
                () = stop_signal() => break,
            };
            // Redis restarting is waited out, not the end of the worker: the connection
            // comes back by itself.
            let delivery = match delivery {
                Ok(Some(delivery)) => delivery,
                Ok(None) => continue,
                Err(error) => {
                    eprintln!("jing webhook work: {error}; trying again");
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                    continue;
                }
            };
            let what = format!(
                "event {} ({}, delivery {} of at most {max_deliveries})",
                delivery.id,
                delivery.event.variant_name(),
                delivery.deliveries
            );
            match handle(&delivery, exec).await? {
                Handled::Yes => {
                    acknowledge(&delivery).await?;
                    eprintln!("jing webhook work: handled {what}");
                    done += 1;
                }
                Handled::No(reason) => {
                    eprintln!(
                        "jing webhook work: failed {what}: {reason}; it will be handed out again"
                    );
                }
                Handled::Stopped => {
                    eprintln!(
                        "jing webhook work: stopped while handling {what}; not acknowledged, another worker takes it over"
                    );
                    break;
                }
            }
        }
        Ok(())
    }

    /// Interrupt (`^C`) or, on Unix, `SIGTERM`.
    async fn stop_signal() {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            match signal(SignalKind::terminate()) {
                Ok(mut terminate) => {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => {}
                        _ = terminate.recv() => {}
                    }
                }
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }

    /// Acknowledges `delivery`, tried again for a while when Redis is away (an event not
    /// acknowledged would be handed out again and handled twice).
    async fn acknowledge(delivery: &Delivery) -> Result<(), Failure> {
        let mut last = None;
        for _ in 0..20 {
            match delivery.ack().await {
                Ok(()) => return Ok(()),
                Err(error) => last = Some(error),
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
        Err(last.map_or_else(|| Failure::other("cannot acknowledge"), Failure::from))
    }

    /// What became of one delivery.
    enum Handled {
        /// Printed, or `--exec` exited 0: acknowledge it.
        Yes,
        /// `--exec` failed, for this reason: leave it to be handed out again.
        No(String),
        /// The worker was told to stop meanwhile; `--exec`'s command was ended.
        Stopped,
    }

    /// Prints the event's line, or runs `exec` with it.
    async fn handle(delivery: &Delivery, exec: Option<&String>) -> Result<Handled, Failure> {
        let line = format!("{}\n", super::super::receive::event_line(&delivery.event));
        match exec {
            None => {
                super::super::call::write_out(&line)?;
                Ok(Handled::Yes)
            }
            Some(command) => run_bound(command, line.as_bytes()).await,
        }
    }

    /// The wrapper `--exec` runs under (`sh -c WRAPPER jing-exec`, the command in
    /// `JING_EXEC`). It reads the event line, gives it to the command, and watches the rest
    /// of its standard input: that pipe stays open while the worker lives, so its end
    /// (the worker exited, was interrupted or killed) makes the watchdog kill the process
    /// group, the command and whatever it started included. The command itself does not
    /// get the watchdog's descriptor.
    const WRAPPER: &str = r#"exec 3<&0
IFS= read -r event || exit 74
printf '%s\n' "$event" | sh -c "$JING_EXEC" 3<&- &
command=$!
( while IFS= read -r _; do :; done; kill -KILL 0 ) <&3 &
watchdog=$!
exec 3<&-
wait "$command"
status=$?
kill "$watchdog" 2>/dev/null
exit "$status""#;

    /// Runs `command` with `input` on its standard input, in a process group of its own
    /// bound to this worker's life (see [`WRAPPER`]).
    async fn run_bound(command: &str, input: &[u8]) -> Result<Handled, Failure> {
        use tokio::io::AsyncWriteExt;
        let failed = |error: std::io::Error| Failure::other(format!("--exec {command}: {error}"));
        let mut process = tokio::process::Command::new("sh");
        process
            .args(["-c", WRAPPER, "jing-exec"])
            .env("JING_EXEC", command)
            .stdin(std::process::Stdio::piped())
            .kill_on_drop(true);
        #[cfg(unix)]
        process.process_group(0);
        let mut child = process.spawn().map_err(failed)?;
        // Held until the command is done: closing it is what ends the command early.
        let mut watchdog = child.stdin.take();
        if let Some(pipe) = &mut watchdog {
            // A command that does not read its input still decides by its exit status.
            let _ = pipe.write_all(input).await;
            let _ = pipe.flush().await;
        }
        let status = tokio::select! {
            status = child.wait() => status.map_err(failed)?,
            () = stop_signal() => {
                drop(watchdog);
                let _ = child.wait().await;
                return Ok(Handled::Stopped);
            }
        };
        drop(watchdog);
        Ok(if status.success() {
            Handled::Yes
        } else {
            Handled::No(format!("--exec exited with {status}"))
        })
    }
}
