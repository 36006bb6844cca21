//! The program's own commands: `list`, `raw`, `webhook listen | send`, `mock` and
//! `completions`.

use std::net::SocketAddr;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::{Value, json};

use super::Failure;
use super::call::{body_from, write_out};

/// The commands besides the groups'.
pub(crate) fn commands() -> Vec<Command> {
    vec![
        Command::new("list")
            .about("接口目录：组、标题、状态、方法、路径。 The catalogue: group, title, status, method, path.")
            .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("输出 JSON。 Print JSON.")),
        Command::new("raw")
            .about("调用目录中的任意接口（经同一客户端）。 Call any catalogued endpoint, through the same client.")
            .arg(Arg::new("method").required(true).value_name("METHOD"))
            .arg(Arg::new("path").required(true).value_name("PATH"))
            .arg(
                Arg::new("query")
                    .long("query")
                    .value_name("NAME=VALUE")
                    .action(ArgAction::Append)
                    .help("查询参数。 A query parameter."),
            )
            .args(super::call_args().into_iter().filter(|arg| arg.get_id() != "field")),
        Command::new("webhook")
            .about("接收或发送 webhook 事件。 Receive or send webhook events.")
            .subcommand_required(true)
            .subcommand(
                Command::new("listen")
                    .about("接收事件，每个事件打印一行 JSON。 Receive events; print each as one JSON line.")
                    .arg(Arg::new("addr").long("addr").value_name("ADDR").default_value("127.0.0.1:8080"))
                    .arg(Arg::new("path").long("path").value_name("PATH").default_value("/"))
                    .arg(
                        Arg::new("check-secret-header")
                            .long("check-secret-header")
                            .value_name("NAME=SECRET")
                            .help("只接受带此请求头与密钥的请求。 Accept only requests whose header NAME holds SECRET."),
                    )
                    .arg(
                        Arg::new("count")
                            .long("count")
                            .value_name("N")
                            .value_parser(clap::value_parser!(u64))
                            .help("收到 N 个事件后退出。 Stop after N events."),
                    ),
            )
            .subcommand(
                Command::new("send")
                    .about("向 URL 推送一个事件，如平台所为。 Post one event to URL, as the platform would.")
                    .arg(Arg::new("url").required(true).value_name("URL"))
                    .arg(
                        Arg::new("sample")
                            .long("sample")
                            .value_name("TITLE")
                            .conflicts_with("body")
                            .required_unless_present("body")
                            .help("文档中的示例（事件页标题）。 A sample of the docs, by event page title."),
                    )
                    .arg(Arg::new("body").long("body").value_name("FILE|-").help("事件报文。 The event body (JSON or YAML).")),
            ),
        Command::new("mock")
            .about("启动本地模拟服务器（同 jing-mock）。 Start the local mock server (as jing-mock does).")
            .arg(Arg::new("port").long("port").value_parser(clap::value_parser!(u16)).default_value("8080"))
            .arg(Arg::new("host").long("host").default_value("127.0.0.1")),
        Command::new("completions")
            .about("打印 shell 补全脚本。 Print the shell completion script.")
            .arg(
                Arg::new("shell")
                    .required(true)
                    .value_parser(clap::value_parser!(clap_complete::Shell)),
            ),
    ]
}

/// `jing list [--json]`.
pub(crate) fn list(as_json: bool) -> Result<(), Failure> {
    let entries = crate::catalogue::ENDPOINTS;
    if as_json {
        let list: Vec<Value> = entries
            .iter()
            .map(|entry| {
                json!({
                    "group": entry.group,
                    "name": entry.name,
                    "title": {"zh": entry.title_zh, "en": entry.title_en},
                    "status": entry.status.as_str(),
                    "method": entry.method.map(|method| method.as_str()),
                    "path": entry.path,
                })
            })
            .collect();
        return write_out(&format!("{}\n", Value::Array(list)));
    }
    let rows: Vec<[String; 5]> = entries
        .iter()
        .map(|entry| {
            [
                entry.group.to_owned(),
                format!("{} {}", entry.title_zh, entry.title_en),
                entry.status.as_str().to_owned(),
                entry
                    .method
                    .map_or("?", |method| method.as_str())
                    .to_owned(),
                entry.path.unwrap_or("?").to_owned(),
            ]
        })
        .collect();
    let header = ["group", "title", "status", "method", "path"].map(str::to_owned);
    let width = |column: usize| {
        rows.iter()
            .chain([&header])
            .map(|row| row[column].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..5).map(width).collect();
    let mut text = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.chars().count())))
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    write_out(&text)
}

/// `jing webhook listen | send`.
pub(crate) async fn webhook(args: &ArgMatches) -> Result<(), Failure> {
    match args.subcommand() {
        Some(("listen", args)) => listen(args).await,
        Some(("send", args)) => send(args).await,
        _ => Err(Failure::usage("jing webhook listen | send")),
    }
}

async fn listen(args: &ArgMatches) -> Result<(), Failure> {
    use crate::webhook::axum::{SharedSecretHeader, WebhookReceiver};
    let addr: SocketAddr = args
        .get_one::<String>("addr")
        .map(|addr| addr.parse())
        .transpose()
        .map_err(|error| Failure::usage(format!("--addr: {error}")))?
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
    let path = args
        .get_one::<String>("path")
        .cloned()
        .unwrap_or_else(|| "/".to_owned());
    let mut receiver = WebhookReceiver::new();
    if let Some(check) = args.get_one::<String>("check-secret-header") {
        let (name, secret) = check
            .split_once('=')
            .ok_or_else(|| Failure::usage("--check-secret-header: write NAME=SECRET"))?;
        let name = axum::http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|error| Failure::usage(format!("--check-secret-header: {error}")))?;
        receiver = receiver.check(SharedSecretHeader::new(name, secret));
    }
    let (router, mut events) = receiver.router(&path);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|error| Failure::other(format!("cannot listen on {addr}: {error}")))?;
    let bound = listener
        .local_addr()
        .map_err(|error| Failure::other(error.to_string()))?;
    eprintln!("listening on http://{bound}{path}");
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(error) = axum::serve(listener, service).await {
            eprintln!("error: the receiver stopped: {error}");
        }
    });
    let limit = args.get_one::<u64>("count").copied();
    let mut seen = 0;
    while limit.is_none_or(|limit| seen < limit) {
        let event = tokio::select! {
            event = events.recv() => event,
            _ = tokio::signal::ctrl_c() => None,
        };
        let Some(event) = event else {
            break;
        };
        let changes: Vec<Value> = event
            .changes()
            .into_iter()
            .map(|change| json!({"field": change.field, "before": change.before, "after": change.after}))
            .collect();
        let line = json!({
            "variant": event.variant_name(),
            "record": event.record(),
            "changes": changes,
            "raw": event.raw(),
        });
        write_out(&format!("{line}\n"))?;
        seen += 1;
    }
    Ok(())
}

async fn send(args: &ArgMatches) -> Result<(), Failure> {
    let url = args.get_one::<String>("url").cloned().unwrap_or_default();
    let body = match args.get_one::<String>("sample") {
        Some(title) => crate::mock::MockServer::webhook_sample(title).ok_or_else(|| {
            let titles: Vec<&str> = crate::mock::MockServer::webhook_sample_titles()
                .filter(|title| crate::mock::MockServer::webhook_sample(title).is_some())
                .collect();
            Failure::usage(format!(
                "no whole sample titled `{title}`; the docs have: {}",
                titles.join(", ")
            ))
        })?,
        None => {
            body_from(args)?.ok_or_else(|| Failure::usage("give --sample TITLE or --body FILE"))?
        }
    };
    let response = reqwest::Client::new()
        .post(&url)
        .json(&body)
        .send()
        .await
        .map_err(|error| Failure::from(crate::Error::Transport(error)))?;
    let status = response.status();
    write_out(&format!(
        "{} {}\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    ))?;
    if status.is_success() {
        Ok(())
    } else {
        Err(Failure::other(format!("the receiver answered {status}")))
    }
}

/// `jing mock`: the mock server until the program is stopped.
pub(crate) async fn mock(args: &ArgMatches) -> Result<(), Failure> {
    let port = args.get_one::<u16>("port").copied().unwrap_or(8080);
    let host = args.get_one::<String>("host").cloned().unwrap_or_default();
    let ip: std::net::IpAddr = host
        .parse()
        .map_err(|_| Failure::usage(format!("--host: not an IP address: {host}")))?;
    let mock = crate::mock::MockServer::builder()
        .address(SocketAddr::new(ip, port))
        .start()
        .await?;
    write_out(&mock.banner())?;
    let _ = tokio::signal::ctrl_c().await;
    Ok(())
}

/// `jing completions SHELL`.
pub(crate) fn completions(args: &ArgMatches) -> Result<(), Failure> {
    let Some(shell) = args.get_one::<clap_complete::Shell>("shell").copied() else {
        return Err(Failure::usage("name a shell"));
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut super::command(), "jing", &mut out);
    write_out(&String::from_utf8_lossy(&out))
}
