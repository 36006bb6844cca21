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

use crate::failure::Failure;

/// The relay's flags, added to `webhook listen`.
pub(crate) fn listen_args() -> [Arg; 5] {
    [
        Arg::new("redis")
            .long("redis")
            .value_name("URL")
            .requires("stream")
            .help("将事件写入此 Redis 的流后才应答（中继，需 redis 特性）；地址形式同 --redis（单机、redis+cluster://、redis+sentinel://、rediss://）。 Answer each event only once it is in a stream on this Redis: a relay, any number of which can run behind a load balancer (needs the redis feature). Addresses as for --redis: redis://, redis+cluster://, redis+sentinel://, rediss://. With --stream and no --redis, --redis-url-file or JING_REDIS_URL gives the URL. [env: JING_REDIS_URL]"),
        super::shared::redis_url_file_arg().requires("stream"),
        Arg::new("stream")
            .long("stream")
            .value_name("NAME")
            .help("Redis 流的名称（中继模式）。 The Redis stream's name: relay mode."),
        Arg::new("max-len")
            .long("max-len")
            .value_name("N")
            .requires("stream")
            .value_parser(clap::value_parser!(u64))
            .help("每次写入时将流裁剪到约 N 条，只删除所有消费组已确认的条目（默认 100000，0 不裁剪）。 Trim the stream to N entries on each append, dropping only entries every consumer group acknowledged (100000 by default; 0: never)."),
        Arg::new("print")
            .long("print")
            .action(clap::ArgAction::SetTrue)
            .requires("stream")
            .help("中继也在标准输出打印每个事件的 JSON 行（默认不打印）。 A relay prints each event stored as a JSON line on standard output too (it prints none by default; logs go to standard error)."),
    ]
}

/// `jing webhook work`.
pub(crate) fn work_command() -> Command {
    Command::new("work")
        .about("以消费组处理 Redis 流中的事件，每个事件打印一行 JSON。 Handle the events of a Redis stream as a consumer group member; print each as one JSON line.")
        .arg(Arg::new("redis").long("redis").value_name("URL").help("Redis 地址（单机、redis+cluster://、redis+sentinel://、rediss://）；或 --redis-url-file、JING_REDIS_URL。 The Redis: redis://host:port/, redis+cluster://host:port,host:port/, redis+sentinel://host:port/MASTER, or rediss:// for TLS; else --redis-url-file, else JING_REDIS_URL. [env: JING_REDIS_URL]"))
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
                .help("事件交付超过 N 次后移入死信流 {<流>}:dead。 Move an event handed out more than N times to the dead-letter stream {<stream>}:dead."),
        )
        .arg(super::shared::redis_url_file_arg())
}

#[cfg(not(feature = "redis"))]
pub(crate) async fn listen<E: jing_api::webhook_runtime::WebhookEvent>(
    _args: &ArgMatches,
    _url: &str,
    _receiver: jing_api::webhook_runtime::axum::WebhookReceiver<E>,
    _stop: super::stop::Stop,
) -> Result<(), Failure> {
    Err(not_built())
}

#[cfg(not(feature = "redis"))]
#[expect(
    clippy::extra_unused_type_parameters,
    reason = "the signature of the redis build's `work`, which decodes `E`"
)]
pub(crate) async fn work<E: jing_api::webhook_runtime::WebhookEvent>(
    _args: &ArgMatches,
) -> Result<(), Failure> {
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

    use super::super::stop::Stop;
    use super::Failure;
    use jing_api::store::{ConsumerNote, ConsumerOptions, Delivery, EventConsumer, EventStream};
    use jing_api::webhook_runtime::WebhookEvent;
    use jing_api::webhook_runtime::axum::WebhookReceiver;

    /// The relay: stores each event, then answers; prints it only with `--print`.
    pub(crate) async fn listen<E: WebhookEvent>(
        args: &ArgMatches,
        url: &str,
        receiver: WebhookReceiver<E>,
        stop: Stop,
    ) -> Result<(), Failure> {
        let name = args
            .get_one::<String>("stream")
            .ok_or_else(|| Failure::usage("--redis needs --stream NAME"))?;
        let max_len = args
            .get_one::<u64>("max-len")
            .copied()
            .unwrap_or(jing_api::store::DEFAULT_STREAM_MAX_LEN);
        let stream = tokio::select! {
            stream = EventStream::<E>::connect(url, name) => stream
                .map_err(|error| super::super::shared::redis_failure(url, error))?,
            () = stop.wait() => return Ok(()),
        };
        let stream = stream.max_len(max_len);
        let trim = if max_len == 0 {
            "never trimmed".to_owned()
        } else {
            format!("trimmed to {max_len} acknowledged entries")
        };
        eprintln!(
            "jing webhook listen: relay to stream {} (key {}) on {}, {trim}; events on standard output: {}",
            stream.name(),
            stream.key(),
            super::super::shared::redis_server_shown(url),
            if args.get_flag("print") {
                "yes (--print)"
            } else {
                "no (--print prints them)"
            },
        );
        // Printing waits for the terminal; storing never waits for printing.
        let (sender, events) = tokio::sync::mpsc::channel(1024);
        let router = receiver.router_with_handler(
            &super::super::receive::listen_path(args),
            move |event: E| {
                let (stream, sender) = (stream.clone(), sender.clone());
                async move {
                    stream.append(&event).await?;
                    let _ = sender.try_send(event);
                    Ok::<(), jing_api::Error>(())
                }
            },
        );
        super::super::receive::serve_and_print(args, router, events, stop).await
    }

    /// The consumer loop. It stops on `^C` or `SIGTERM` at any step (exit status 0): an
    /// event being handled is left unacknowledged, for another worker to take over.
    pub(crate) async fn work<E: WebhookEvent>(args: &ArgMatches) -> Result<(), Failure> {
        let stop = Stop::listen();
        let number =
            |name: &str, default: u64| args.get_one::<u64>(name).copied().unwrap_or(default);
        let options = ConsumerOptions::builder()
            .claim_idle(Duration::from_secs(number("claim-idle", 60)))
            .block(Duration::from_secs(1))
            .max_deliveries(number("max-deliveries", 5))
            .build();
        let url = super::super::config::relay_redis_url(args)?.ok_or_else(|| {
            Failure::usage(
                "webhook work needs the Redis: --redis URL, --redis-url-file FILE or JING_REDIS_URL",
            )
        })?;
        let mut consumer = tokio::select! {
            consumer = open::<E>(args, &url, &options) => consumer
                .map_err(|error| super::super::shared::redis_failure(&url, error))?,
            () = stop.wait() => return Ok(()),
        };
        let group = args.get_one::<String>("group").cloned().unwrap_or_default();
        let limit = args.get_one::<u64>("count").copied();
        let exec = args.get_one::<String>("exec").map(String::as_str);
        let mut done = 0;
        while limit.is_none_or(|limit| done < limit) {
            let delivery = tokio::select! {
                delivery = consumer.next() => delivery,
                () = stop.wait() => break,
            };
            say_notes(&mut consumer, &group);
            // Redis restarting is waited out, not the end of the worker: the connection
            // comes back by itself.
            let delivery = match delivery {
                Ok(Some(delivery)) => delivery,
                Ok(None) => continue,
                Err(error) => {
                    eprintln!("jing webhook work: {}; trying again", error.report());
                    tokio::select! {
                        () = tokio::time::sleep(Duration::from_millis(500)) => continue,
                        () = stop.wait() => break,
                    }
                }
            };
            let what = format!(
                "event {} ({}, delivery {} of at most {})",
                delivery.id,
                delivery.event.variant_name(),
                delivery.deliveries,
                options.max_deliveries,
            );
            let handled = handle(&delivery, exec, options.claim_idle / 3, &stop).await?;
            match handled {
                Handled::Yes if acknowledge(&delivery, &stop).await? => {
                    eprintln!("jing webhook work: handled {what}");
                    done += 1;
                }
                Handled::No(reason) => {
                    eprintln!(
                        "jing webhook work: failed {what}: {reason}; it will be handed out again"
                    );
                }
                Handled::Yes | Handled::Stopped => {
                    eprintln!(
                        "jing webhook work: stopped while handling {what}; not acknowledged, another worker takes it over"
                    );
                    break;
                }
            }
        }
        Ok(())
    }

    /// Connects, joins the group, and says where the worker reads (its start line).
    async fn open<E: WebhookEvent>(
        args: &ArgMatches,
        url: &str,
        options: &ConsumerOptions,
    ) -> Result<EventConsumer<E>, jing_api::Error> {
        let text = |name: &str| args.get_one::<String>(name).cloned().unwrap_or_default();
        let consumer = args
            .get_one::<String>("consumer")
            .cloned()
            .unwrap_or_else(|| {
                let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
                format!("{}-{}", host.trim(), std::process::id())
            });
        let group = text("group");
        let stream = EventStream::connect(url, &text("stream")).await?;
        let joined = stream.consumer(&group, &consumer, options.clone()).await?;
        eprintln!(
            "jing webhook work: stream {} (key {}), group {group}, consumer {consumer}, on {} (claim idle {} s, kept alive every {} ms while --exec runs, max deliveries {}, dead letters to {})",
            stream.name(),
            stream.key(),
            super::super::shared::redis_server_shown(url),
            options.claim_idle.as_secs(),
            (options.claim_idle / 3).as_millis(),
            options.max_deliveries,
            stream.dead_letter_name(),
        );
        Ok(joined)
    }

    /// One line on standard error per thing the consumer did on its own.
    fn say_notes<E: WebhookEvent>(consumer: &mut EventConsumer<E>, group: &str) {
        for note in consumer.take_notes() {
            match note {
                ConsumerNote::GroupCreatedAgain => eprintln!(
                    "jing webhook work: the group {group} was gone from Redis (flushed, or restarted without persistence); created it again, reading the stream from its start"
                ),
                ConsumerNote::DeadLettered { id, deliveries } => eprintln!(
                    "jing webhook work: moved event {id} to the dead-letter stream after {deliveries} deliveries"
                ),
                // A kind of note newer than this program.
                other => eprintln!("jing webhook work: {other:?}"),
            }
        }
    }

    /// Acknowledges `delivery`, tried again for a while when Redis is away (an event not
    /// acknowledged would be handed out again and handled twice); `Ok(false)` when told to
    /// stop first.
    async fn acknowledge<E: WebhookEvent>(
        delivery: &Delivery<E>,
        stop: &Stop,
    ) -> Result<bool, Failure> {
        let mut last = None;
        for _ in 0..20 {
            match delivery.ack().await {
                Ok(()) => return Ok(true),
                Err(error) => last = Some(error),
            }
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(250)) => {}
                () = stop.wait() => return Ok(false),
            }
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

    /// Prints the event's line, or runs `exec` with it, keeping the delivery claimed every
    /// `keep` meanwhile.
    async fn handle<E: WebhookEvent>(
        delivery: &Delivery<E>,
        exec: Option<&str>,
        keep: Duration,
        stop: &Stop,
    ) -> Result<Handled, Failure> {
        let line = format!("{}\n", super::super::receive::event_line(&delivery.event));
        if stop.told() {
            return Ok(Handled::Stopped);
        }
        match exec {
            None => {
                super::super::call::write_out(&line)?;
                Ok(Handled::Yes)
            }
            Some(command) => {
                let bound = Bound {
                    command,
                    input: line.as_bytes(),
                    delivery,
                    keep: keep.max(Duration::from_millis(100)),
                };
                run_bound(bound, stop).await
            }
        }
    }

    /// One run of `--exec`.
    struct Bound<'a, E> {
        command: &'a str,
        input: &'a [u8],
        /// Kept claimed while the command runs.
        delivery: &'a Delivery<E>,
        /// How often.
        keep: Duration,
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
    async fn run_bound<E: WebhookEvent>(
        bound: Bound<'_, E>,
        stop: &Stop,
    ) -> Result<Handled, Failure> {
        use tokio::io::AsyncWriteExt;
        let Bound {
            command,
            input,
            delivery,
            keep,
        } = bound;
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
        // A child running longer than the claim time keeps its delivery: no other worker
        // takes it over and handles it twice.
        let mut keeping = tokio::time::interval_at(tokio::time::Instant::now() + keep, keep);
        let status = loop {
            tokio::select! {
                status = child.wait() => break status.map_err(failed)?,
                () = stop.wait() => {
                    drop(watchdog);
                    let _ = child.wait().await;
                    return Ok(Handled::Stopped);
                }
                _ = keeping.tick() => match delivery.keep_alive().await {
                    Ok(true) => {}
                    Ok(false) => eprintln!(
                        "jing webhook work: event {} was taken over by another worker while --exec ran",
                        delivery.id
                    ),
                    Err(error) => eprintln!(
                        "jing webhook work: cannot keep event {} claimed: {}",
                        delivery.id,
                        error.report()
                    ),
                },
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
