//! `jing webhook listen --redis URL --stream NAME` (a relay: each event is answered `200`
//! once it is in the Redis stream; run any number behind a load balancer) and
//! `jing webhook work` (a consumer of the stream's group: one JSON line per event,
//! acknowledged after the line is written or after `--exec CMD` exits 0). Feature `redis`.
//!
//! 中继与消费：`listen --redis` 将事件写入 Redis 流后才应答 200；`work` 以消费组读取并处理事件。

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
}

#[cfg(not(feature = "redis"))]
pub(crate) async fn listen(
    _args: &ArgMatches,
    _url: &str,
    _receiver: crate::webhook::axum::WebhookReceiver,
) -> Result<(), Failure> {
    Err(not_built())
}

#[cfg(not(feature = "redis"))]
pub(crate) async fn work(_args: &ArgMatches) -> Result<(), Failure> {
    Err(not_built())
}

#[cfg(not(feature = "redis"))]
fn not_built() -> Failure {
    Failure::usage("--redis needs a jing built with the redis feature (--features cli,redis)")
}

#[cfg(feature = "redis")]
pub(crate) use with_redis::{listen, work};

#[cfg(feature = "redis")]
mod with_redis {
    use std::time::Duration;

    use clap::ArgMatches;

    use super::Failure;
    use crate::store::{ConsumerOptions, Delivery, EventStream};
    use crate::webhook::axum::WebhookReceiver;

    /// The relay: prints each event stored (or found a duplicate) as `listen` does.
    pub(crate) async fn listen(
        args: &ArgMatches,
        url: &str,
        receiver: WebhookReceiver,
    ) -> Result<(), Failure> {
        let name = args
            .get_one::<String>("stream")
            .ok_or_else(|| Failure::usage("--redis needs --stream NAME"))?;
        let stream = EventStream::connect(url, name).await?;
        // Printing waits for the terminal; storing never waits for printing.
        let (sender, events) = tokio::sync::mpsc::channel(1024);
        let router = receiver.router_with_handler(
            &super::super::local::listen_path(args),
            move |event: crate::webhook::Event| {
                let (stream, sender) = (stream.clone(), sender.clone());
                async move {
                    stream.append(&event).await?;
                    let _ = sender.try_send(event);
                    Ok::<(), crate::Error>(())
                }
            },
        );
        super::super::local::serve_and_print(args, router, events).await
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
        let options = ConsumerOptions::builder()
            .claim_idle(Duration::from_secs(
                args.get_one::<u64>("claim-idle").copied().unwrap_or(60),
            ))
            .block(Duration::from_secs(1))
            .build();
        let stream = EventStream::connect(&text("redis"), &text("stream")).await?;
        let mut consumer = stream.consumer(&text("group"), &consumer, options).await?;
        let limit = args.get_one::<u64>("count").copied();
        let exec = args.get_one::<String>("exec");
        let mut done = 0;
        while limit.is_none_or(|limit| done < limit) {
            let delivery = tokio::select! {
                delivery = consumer.next() => delivery,
                _ = tokio::signal::ctrl_c() => break,
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
            if handle(&delivery, exec).await? {
                acknowledge(&delivery).await?;
                done += 1;
            }
        }
        Ok(())
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

    /// Prints the event's line, or runs `exec` with it; whether to acknowledge.
    async fn handle(delivery: &Delivery, exec: Option<&String>) -> Result<bool, Failure> {
        let line = format!("{}\n", super::super::local::event_line(&delivery.event));
        let Some(command) = exec else {
            super::super::call::write_out(&line)?;
            return Ok(true);
        };
        let (command, input) = (command.clone(), line.into_bytes());
        let status = tokio::task::spawn_blocking(move || run_with_input(&command, &input))
            .await
            .map_err(|error| Failure::other(format!("--exec: {error}")))??;
        if !status.success() {
            eprintln!(
                "--exec exited with {status} for event {} (delivery {}); it will be handed out again",
                delivery.id, delivery.deliveries
            );
        }
        Ok(status.success())
    }

    /// Runs `sh -c command` with `input` on its standard input.
    fn run_with_input(command: &str, input: &[u8]) -> Result<std::process::ExitStatus, Failure> {
        use std::io::Write;
        let failed = |error: std::io::Error| Failure::other(format!("--exec {command}: {error}"));
        let mut child = std::process::Command::new("sh")
            .args(["-c", command])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .map_err(failed)?;
        if let Some(mut stdin) = child.stdin.take() {
            // A command that does not read its input still decides by its exit status.
            let _ = stdin.write_all(input);
        }
        child.wait().map_err(failed)
    }
}
