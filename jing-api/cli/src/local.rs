//! The program's own commands: `list`, `raw`, `webhook listen | send`, `mock` and
//! `completions`.

use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use jing_api::webhook_runtime::WebhookEvent;
use jing_api::webhook_runtime::axum::{Rejected, SharedSecretHeader, WebhookReceiver};
use serde_json::{Value, json};

use jing_mock::MockBuilder;

use super::call::write_out;
use super::request::body_from;
use crate::failure::Failure;
use crate::table::{Running, Webhooks};

// Here rather than beside the type: the commands are this module's, and the tables'
// module imports none of the program's commands.
impl Webhooks {
    /// The commands on the events `E`.
    pub const fn of<E: WebhookEvent>() -> Self {
        Self {
            run: webhook_of::<E>,
        }
    }
}

fn webhook_of<E: WebhookEvent>(mock: fn() -> MockBuilder, args: &ArgMatches) -> Running<'_> {
    Box::pin(webhook::<E>(mock, args))
}

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
            .args(crate::flags::call_args(jing_api::schema::Body::Array, false))
            .args(super::config::credential_args()),
        webhook_command(),
        Command::new("mock")
            .about("启动本地模拟服务器（同 jing-mock），管理接口在 /_mock/ 下。 Start the local mock server, as jing-mock does (the same options); its admin interface is under /_mock/.")
            .args(jing_mock::program::args()),
        Command::new("completions")
            .about("打印 shell 补全脚本。 Print the shell completion script.")
            .arg(
                Arg::new("shell")
                    .required(true)
                    .value_parser(clap::value_parser!(clap_complete::Shell)),
            ),
    ]
}

/// `jing webhook listen | work | send | samples`.
fn webhook_command() -> Command {
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
                        .value_name("NAME")
                        .help("只接受请求头 NAME 持有密钥（取自 JING_WEBHOOK_SECRET 或 --secret-file）的请求。 Accept only requests whose header NAME holds the secret, read from JING_WEBHOOK_SECRET or --secret-file (never from the command line, which `ps` shows)."),
                )
                .arg(
                    Arg::new("secret-file")
                        .long("secret-file")
                        .value_name("FILE")
                        .requires("check-secret-header")
                        .help("密钥文件（首行）。 A file whose first line is the secret."),
                )
                .arg(
                    Arg::new("count")
                        .long("count")
                        .value_name("N")
                        .value_parser(clap::value_parser!(u64).range(1..))
                        .help("应答第 N 个事件后退出。 Exit once the Nth event has been answered."),
                )
                .args(super::relay::listen_args()),
        )
        .subcommand(super::relay::work_command())
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
                        .help("文档中的示例（事件页标题，见 jing webhook samples）。 A sample of the docs, by event page title (`jing webhook samples` lists them)."),
                )
                .arg(Arg::new("body").long("body").value_name("JSON|@FILE|-").help("事件报文（内联 JSON/YAML、@文件或 -）。 The event body: inline JSON or YAML, @FILE, or - for standard input."))
                .arg(
                    Arg::new("header")
                        .long("header")
                        .value_name("NAME:VALUE")
                        .action(ArgAction::Append)
                        .help("附加请求头；VALUE 为 @VAR 时取自环境变量。 An extra header; a VALUE of @VARIABLE is read from that environment variable (keeps secrets out of `ps`)."),
                )
                .arg(
                    Arg::new("timeout")
                        .long("timeout")
                        .value_name("DURATION")
                        .value_parser(super::shared::parse_timeout)
                        .help("等待接收方应答的时限（默认 30s，本工具所定，非平台的）。 How long to wait for the receiver's answer: 500ms, 2s, 1.5 or 1m (default 30s, our choice: the platform's limit is not documented)."),
                ),
        )
        .subcommand(
            Command::new("samples")
                .about("列出文档中有完整示例的事件页标题。 List the event page titles whose sample `send --sample` can post."),
        )
}

/// `jing list [--json]`: the catalogue of `api`.
pub(crate) fn list(api: &jing_api::ApiSpec, as_json: bool) -> Result<(), Failure> {
    write_out(&catalogue_text(api.catalogue, as_json))
}

/// The catalogue `entries` as `jing list` prints them: a table, or with `as_json` a JSON
/// array.
fn catalogue_text(entries: &[jing_api::CatalogueEntry], as_json: bool) -> String {
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
        return format!("{}\n", Value::Array(list));
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
    // Columns are aligned by display width: a Chinese character takes two cells.
    let shown = |cell: &str| unicode_width::UnicodeWidthStr::width(cell);
    let width = |column: usize| {
        rows.iter()
            .chain([&header])
            .map(|row| shown(&row[column]))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..5).map(width).collect();
    let mut text = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - shown(cell))))
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}

/// `jing webhook listen | send | samples | work`, events decoded as `E`.
async fn webhook<E: WebhookEvent>(
    mock: fn() -> MockBuilder,
    args: &ArgMatches,
) -> Result<(), Failure> {
    let mock = mock();
    match args.subcommand() {
        Some(("listen", args)) => listen::<E>(args).await,
        Some(("send", args)) => send(&mock, args).await,
        Some(("work", args)) => super::relay::work::<E>(args).await,
        Some(("samples", _)) => {
            let titles: Vec<&str> = sample_titles(&mock).collect();
            write_out(&(titles.join("\n") + "\n"))
        }
        _ => Err(Failure::usage(
            "jing webhook listen | send | samples | work",
        )),
    }
}

async fn listen<E: WebhookEvent>(args: &ArgMatches) -> Result<(), Failure> {
    let receiver = listen_receiver::<E>(args)?;
    let stop = super::stop::Stop::listen();
    // A relay when a stream is named: the URL from --redis, --redis-url-file or
    // JING_REDIS_URL.
    if args.get_one::<String>("stream").is_some() {
        let url = super::config::relay_redis_url(args)?.ok_or_else(|| {
            Failure::usage(
                "--stream needs the Redis: --redis URL, --redis-url-file FILE or JING_REDIS_URL",
            )
        })?;
        return super::relay::listen(args, &url, receiver, stop).await;
    }
    let (router, events) = receiver.router(&super::receive::listen_path(args));
    super::receive::serve_and_print(args, router, events, stop).await
}

/// The receiver of `listen`: refusals printed, the secret header checked when asked.
fn listen_receiver<E: WebhookEvent>(args: &ArgMatches) -> Result<WebhookReceiver<E>, Failure> {
    let mut receiver = WebhookReceiver::new().on_rejected(|rejected: &Rejected| {
        let length = rejected
            .length
            .map_or_else(String::new, |length| format!(", {length} bytes"));
        eprintln!(
            "refused: {} {} ({}{length})",
            rejected.status,
            rejected.reason,
            rejected.message()
        );
    });
    if let Some(name) = args.get_one::<String>("check-secret-header") {
        if name.contains('=') {
            return Err(Failure::usage(
                "--check-secret-header takes the header name only; the secret comes from JING_WEBHOOK_SECRET or --secret-file FILE",
            ));
        }
        let secret = listen_secret(args)?;
        let name = axum::http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|error| Failure::usage(format!("--check-secret-header {name}: {error}")))?;
        receiver = receiver.check(SharedSecretHeader::new(name, secret));
    }
    Ok(receiver)
}

/// The secret of `--check-secret-header`: `--secret-file`, else `JING_WEBHOOK_SECRET`.
fn listen_secret(args: &ArgMatches) -> Result<String, Failure> {
    if let Some(file) = args.get_one::<String>("secret-file") {
        // A file of secrets that others may read is refused, as the profile file is.
        super::profile::refuse_if_shared(std::path::Path::new(file))?;
        let text = std::fs::read_to_string(file)
            .map_err(|error| Failure::usage(format!("--secret-file {file}: {error}")))?;
        let secret = text.lines().next().unwrap_or_default().trim().to_owned();
        if secret.is_empty() {
            return Err(Failure::usage(format!(
                "--secret-file {file}: the first line is empty"
            )));
        }
        return Ok(secret);
    }
    match std::env::var("JING_WEBHOOK_SECRET") {
        Ok(secret) if !secret.is_empty() => Ok(secret),
        _ => Err(Failure::usage(
            "--check-secret-header needs the secret: set JING_WEBHOOK_SECRET or give --secret-file FILE",
        )),
    }
}

/// The titles of the event pages with a whole sample, among those of the tables `mock`
/// serves.
fn sample_titles(mock: &MockBuilder) -> impl Iterator<Item = &'static str> {
    mock.webhook_sample_titles()
        .filter(|title| mock.webhook_sample(title).is_some())
}

async fn send(mock: &MockBuilder, args: &ArgMatches) -> Result<(), Failure> {
    let url = args.get_one::<String>("url").cloned().unwrap_or_default();
    let body = match args.get_one::<String>("sample") {
        Some(title) => mock.webhook_sample(title).ok_or_else(|| {
            let titles: Vec<&str> = sample_titles(mock).collect();
            Failure::usage(format!(
                "no whole sample titled `{title}`; the docs have: {}",
                titles.join(", ")
            ))
        })?,
        None => body_from(args)?
            .ok_or_else(|| Failure::usage("give --sample TITLE or --body JSON|@FILE|-"))?,
    };
    let headers = args
        .get_many::<String>("header")
        .into_iter()
        .flatten()
        .map(|header| header_value(header))
        .collect::<Result<Vec<_>, _>>()?;
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let timeout = args
        .get_one::<Duration>("timeout")
        .copied()
        .unwrap_or(jing_api::webhook_runtime::POST_TIMEOUT);
    let posted = jing_api::webhook_runtime::post(&url, &body, &headers, timeout)
        .await
        .map_err(Failure::of_post)?;
    write_out(&format!(
        "{} {}\n",
        posted.status,
        posted.reason.unwrap_or("")
    ))?;
    if posted.is_success() {
        Ok(())
    } else {
        let status = match posted.reason {
            Some(reason) => format!("{} {reason}", posted.status),
            None => posted.status.to_string(),
        };
        let answer = posted.body.trim();
        let detail = if answer.is_empty() {
            String::new()
        } else {
            format!(": {answer}")
        };
        Err(Failure::api(format!(
            "the receiver answered {status}{detail}"
        )))
    }
}

/// `NAME:VALUE` of `send --header`; `@VARIABLE` reads the value from the environment.
fn header_value(header: &str) -> Result<(String, String), Failure> {
    let (name, value) = header
        .split_once(':')
        .ok_or_else(|| Failure::usage(format!("--header {header}: write NAME:VALUE")))?;
    let (name, value) = (name.trim(), value.trim());
    let value = match value.strip_prefix('@') {
        Some(variable) => std::env::var(variable).map_err(|_| {
            Failure::usage(format!(
                "--header {name}: the variable {variable} is not set"
            ))
        })?,
        None => value.to_owned(),
    };
    Ok((name.to_owned(), value))
}

/// `jing mock`: the mock server `mock` starts (the tables' API) until the program is
/// stopped.
pub(crate) async fn mock(mock: fn() -> MockBuilder, args: &ArgMatches) -> Result<(), Failure> {
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    Ok(jing_mock::program::serve(mock(), args, stop).await?)
}

/// `jing completions SHELL`, for the program's whole command tree `tree`.
pub(crate) fn completions(args: &ArgMatches, mut tree: clap::Command) -> Result<(), Failure> {
    let Some(shell) = args.get_one::<clap_complete::Shell>("shell").copied() else {
        return Err(Failure::usage("name a shell"));
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut tree, "jing", &mut out);
    write_out(&String::from_utf8_lossy(&out))
}

#[cfg(test)]
mod tests {
    /// `jing list` prints the catalogue it is handed (the fixture's, in the repository's
    /// tests), not jing-api's.
    #[test]
    fn the_list_is_the_catalogue_of_the_tables_api() {
        let api = crate::call::tests::widget_spec();
        let table = super::catalogue_text(api.catalogue, false);
        assert!(table.starts_with("group"), "{table}");
        assert!(table.contains("/v1/widget/{widgetId}/weight"), "{table}");
        assert!(!table.contains("/v1/customer/create"), "{table}");
        let json: serde_json::Value =
            serde_json::from_str(&super::catalogue_text(api.catalogue, true))
                .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(json[0]["name"], "weigh_widget", "{json}");
        assert_eq!(json.as_array().map(Vec::len), Some(1), "{json}");
    }
}
