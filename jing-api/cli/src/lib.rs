//! jing-cli: the `jing` command-line client (`cargo install jing-cli`), every typed endpoint as
//! `jing <group> <call>`, with one flag per request member, built from the tables
//! `cargo xtask regenerate` writes from the spec; raw calls, the catalogue, webhooks, the
//! mock, the shared tokens (`jing auth seed | status`) and shell completions beside them.
//!
//! 命令行客户端：每个类型化接口是一条 `jing <组> <调用>` 命令，每个请求成员一个选项。
//!
//! The program is what this crate offers; its library is there for the `jing` binary
//! ([`main`], [`command`], [`calls`]). Rust code calls the jing-api client the program is
//! built on. The command tables and the entry that runs the program on other tables are
//! not public: the repository's tests reach them through the `testing` feature (see
//! `testing.rs`), which nothing else should turn on.
//!
//! Calls go through the same client as Rust code does (tokens, limits, retries, the
//! envelope). Exit status: 0 success, 2 a usage error (a missing or malformed flag, no
//! credentials), 3 the server answered but not with a success (`code != 0`, a spent limit,
//! an HTTP error status, a body that does not decode, or a webhook receiver that answered
//! `webhook send` with a non-2xx status), 4 a transport error or timeout, 5 an
//! authentication problem (credentials refused, HTTP 401), 1 anything else (a local file or
//! terminal that cannot be written).

mod auth;
mod call;
mod config;
#[rustfmt::skip]
mod generated;
mod local;
mod receive;
mod relay;
mod request;
mod shared;
mod stop;
mod table;
#[cfg(feature = "testing")]
pub mod testing;

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};

use jing_api::Error;
use jing_api::schema::{Body, Kind, Place};
use table::{CliEndpoint, CliFlag};

/// Exit status of a usage error (a missing or malformed flag).
pub const EXIT_USAGE: u8 = 2;
/// Exit status of an answer that is not a success: a non-zero `code`, a spent rate limit,
/// an HTTP error status, a body that does not decode, or a webhook receiver's non-2xx
/// answer to `jing webhook send`.
pub const EXIT_API: u8 = 3;
/// Exit status of a transport error or a timeout.
pub const EXIT_TRANSPORT: u8 = 4;
/// Exit status of an authentication problem (credentials refused, HTTP 401).
pub const EXIT_AUTH: u8 = 5;

/// Runs the program on the process's arguments.
pub fn main() -> ExitCode {
    ExitCode::from(run_from(SPEC_TABLES, std::env::args_os()))
}

/// The command tables the program runs on: the spec's, or in the repository's tests those
/// generated from the synthetic fixture spec (`testing::Tables`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tables {
    /// Each group's command and title.
    pub(crate) groups: &'static [(&'static str, &'static str)],
    /// The command of every typed endpoint.
    pub(crate) endpoints: &'static [CliEndpoint],
}

/// The spec's tables.
const SPEC_TABLES: Tables = Tables {
    groups: crate::generated::cli::GROUPS,
    endpoints: crate::generated::cli::ENDPOINTS,
};

/// Runs the program on `tables` with the arguments `args` (the program's name first);
/// the exit status. `main` runs it on the spec's tables.
pub(crate) fn run_from<I, T>(tables: Tables, args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = match command_of(tables).try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { EXIT_USAGE } else { 0 };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return 1;
        }
    };
    match runtime.block_on(run(tables, &matches)) {
        Ok(()) => 0,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            failure.status
        }
    }
}

/// Why the program stops, and its exit status.
#[derive(Debug)]
pub(crate) struct Failure {
    status: u8,
    message: String,
}

impl Failure {
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Failure {
            status: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// The other side answered, but not with a success (exit status 3).
    pub(crate) fn api(message: impl Into<String>) -> Self {
        Failure {
            status: EXIT_API,
            message: message.into(),
        }
    }

    pub(crate) fn other(message: impl Into<String>) -> Self {
        Failure {
            status: 1,
            message: message.into(),
        }
    }

    /// reqwest's error of a request the program makes itself (`jing webhook send`): a
    /// usage error when the request cannot be built (a header or the URL not valid), else
    /// a transport error; the URL it quotes loses its credentials.
    pub(crate) fn of_post(mut error: reqwest::Error) -> Self {
        if let Some(url) = error.url_mut() {
            jing_api::redact::redact_url(url);
        }
        let status = if error.is_builder() {
            EXIT_USAGE
        } else {
            EXIT_TRANSPORT
        };
        let mut message = error.to_string();
        let mut cause = std::error::Error::source(&error);
        while let Some(inner) = cause {
            let text = inner.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            cause = inner.source();
        }
        Failure { status, message }
    }

    /// What the program says before it exits.
    #[cfg(feature = "redis")]
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// Adds a line of advice to the message.
    #[cfg(feature = "redis")]
    pub(crate) fn add_hint(&mut self, hint: &str) {
        self.message.push('\n');
        self.message.push_str(hint);
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        let status = match &error {
            Error::Auth { .. } | Error::RefreshTokenRejected { .. } => EXIT_AUTH,
            _ if error.status() == Some(401) => EXIT_AUTH,
            Error::Api { .. }
            | Error::RateLimited { .. }
            | Error::LimitWaitTooLong { .. }
            | Error::Http { .. }
            | Error::Decode { .. }
            | Error::ResponseTooLarge { .. } => EXIT_API,
            Error::Transport(_) | Error::Store { .. } => EXIT_TRANSPORT,
            Error::Config { .. } | Error::Encode(_) => EXIT_USAGE,
            // A kind of error newer than this program.
            _ => 1,
        };
        let mut message = error.to_string();
        // The library's errors end with the words of the error under them (`connection
        // refused`, the redis error): sources are added only until one is already said,
        // as what lies under it was told in its words.
        let mut cause = std::error::Error::source(&error);
        while let Some(inner) = cause {
            let text = inner.to_string();
            if message.contains(&text) {
                break;
            }
            message.push_str(": ");
            message.push_str(&text);
            cause = inner.source();
        }
        if let Some(id) = error.request_id().filter(|id| !message.contains(*id)) {
            message.push_str(&format!(" (request_id {id})"));
        }
        if matches!(error, Error::RefreshTokenRejected { .. }) {
            message.push_str(
                "\nhint: `jing auth seed` writes a new refresh token (from --refresh-token-file FILE or standard input, never the command line) into the token cache, or into Redis with --redis URL; for this run alone give one with --refresh-token (or JING_REFRESH_TOKEN)",
            );
        } else if status == EXIT_AUTH && message.contains("refused the app secret") {
            message.push_str(
                "\nhint: the refresh token is fine and was not marked refused; give the right app secret with --app-secret (or JING_APP_SECRET, or the profile's app_secret)",
            );
        } else if status == EXIT_AUTH {
            // In the program's terms: which flags and variables carry credentials.
            message.push_str(
                "\nhint: give a new refresh token with --refresh-token (or JING_REFRESH_TOKEN), \
                 or an access token with --access-token (or JING_ACCESS_TOKEN)",
            );
        }
        Failure { status, message }
    }
}

async fn run(tables: Tables, matches: &ArgMatches) -> Result<(), Failure> {
    match matches.subcommand() {
        Some(("list", sub)) => local::list(sub.get_flag("json")),
        Some(("raw", sub)) => call::raw(sub).await,
        Some(("webhook", sub)) => local::webhook(sub).await,
        Some(("mock", sub)) => local::mock(sub).await,
        Some(("completions", sub)) => local::completions(sub),
        Some(("auth", sub)) => auth::run(sub).await,
        Some((group, sub)) => {
            let Some((command, args)) = sub.subcommand() else {
                return Err(Failure::usage(format!(
                    "name a call of `{group}`: jing {group} --help"
                )));
            };
            let endpoint = tables
                .endpoints
                .iter()
                .find(|endpoint| endpoint.group == group && endpoint.command == command)
                .ok_or_else(|| Failure::usage(format!("no call `{group} {command}`")))?;
            call::endpoint(endpoint, args).await
        }
        None => Err(Failure::usage("name a command: jing --help")),
    }
}

/// One `jing <group> <call>` command, for tools and tests: its words, the endpoint it calls,
/// and the flags it cannot do without (each with a value of its type).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Call {
    /// The group's command, e.g. `customer`.
    pub group: &'static str,
    /// The call's command, e.g. `create`.
    pub command: &'static str,
    /// The spec's name of the endpoint, e.g. `create_customer`.
    pub endpoint: &'static str,
    /// Required flags with a value of their type (`--name`, `x`), credentials excepted.
    pub required: Vec<(String, String)>,
    /// The wire name of the member or parameter each of [`Call::required`] sets, in order.
    pub required_wire: Vec<&'static str>,
    /// Whether the body is a JSON array, given with `--body` only.
    pub array_body: bool,
}

/// Every endpoint command of the program.
pub fn calls() -> Vec<Call> {
    SPEC_TABLES
        .endpoints
        .iter()
        .map(|endpoint| Call {
            group: endpoint.group,
            command: endpoint.command,
            endpoint: endpoint.schema.name,
            required: endpoint
                .flags
                .iter()
                .filter(|flag| flag.required() && flag.param.credential.is_none())
                .map(|flag| {
                    let value = match flag.scalar() {
                        Some(Kind::Integer | Kind::Unsigned) => "1",
                        Some(Kind::Number) => "1.5",
                        Some(Kind::Boolean) => "true",
                        Some(Kind::String) => flag.param.values.first().copied().unwrap_or("x"),
                        _ => "{}",
                    };
                    (format!("--{}", flag.flag), value.to_owned())
                })
                .collect(),
            required_wire: endpoint
                .flags
                .iter()
                .filter(|flag| flag.required() && flag.param.credential.is_none())
                .map(CliFlag::wire)
                .collect(),
            array_body: endpoint.schema.body == Body::Array,
        })
        .collect()
}

/// The whole command tree: the generated endpoint commands and the program's own.
pub fn command() -> Command {
    command_of(SPEC_TABLES)
}

fn command_of(tables: Tables) -> Command {
    let mut root = Command::new("jing")
        .about("京 Jing 开放平台接口 V1 的命令行客户端。 The Jing Open Platform API V1 from the command line.")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true);
    for (group, about) in tables.groups {
        let calls = tables
            .endpoints
            .iter()
            .filter(|endpoint| endpoint.group == *group)
            .map(endpoint_command);
        // Credentials belong to the commands that call the API: the groups' calls and `raw`.
        root = root.subcommand(
            Command::new(*group)
                .about(*about)
                .subcommand_required(true)
                .args(config::credential_args())
                .subcommands(calls),
        );
    }
    root.subcommands(local::commands())
        .subcommand(auth::command())
}

/// The flags of a call: the body and custom fields where it takes them, the dry run and
/// the output form.
pub(crate) fn call_args(body: Body, custom_fields: bool) -> Vec<Arg> {
    let mut args = vec![
        Arg::new("body")
            .long("body")
            .value_name("JSON|@FILE|-")
            .help("请求体：内联 JSON/YAML、@文件或 -（标准输入），选项覆盖其中的成员。 The body: inline JSON or YAML ('{\"name\":\"A\"}'), @FILE (or a file's path), or - for standard input; flags override its members."),
        Arg::new("field")
            .long("field")
            .value_name("CODE=VALUE")
            .action(ArgAction::Append)
            .help("自定义属性（值可为 JSON）。 A custom attribute (the value may be JSON)."),
        Arg::new("dry-run")
            .long("dry-run")
            .action(ArgAction::SetTrue)
            .help("只打印将要发送的请求，不发送（所有凭据隐去）。 Print the request exactly as it would be sent, every credential hidden, and send nothing."),
        Arg::new("output")
            .long("output")
            .value_name("FORMAT")
            .value_parser(["json", "yaml"])
            .default_value("json")
            .help("输出格式。 Output format of the answer."),
        Arg::new("raw")
            .long("raw")
            .action(ArgAction::SetTrue)
            .help("输出整个响应信封。 Print the whole envelope, not only `data`."),
    ];
    args.retain(|arg| match arg.get_id().as_str() {
        "body" => body != Body::None,
        "field" => body == Body::Object && custom_fields,
        _ => true,
    });
    args
}

fn endpoint_command(endpoint: &'static CliEndpoint) -> Command {
    let mut long_about = format!(
        "{}\n\n{} · {}",
        endpoint.summary(),
        endpoint.schema.name,
        endpoint.details()
    );
    if endpoint.schema.body == Body::Array {
        long_about.push_str(
            "\n\n请求体是数组，用 --body 给出。 The body is an array: give it with --body.",
        );
    }
    Command::new(endpoint.command)
        .about(endpoint.summary())
        .long_about(long_about)
        .args(endpoint.flags.iter().map(member_arg))
        .args(call_args(
            endpoint.schema.body,
            endpoint.takes_custom_fields(),
        ))
}

/// The flag of one request member: typed, required by clap where no `--body` can carry it,
/// its documented values listed (others accepted, as the open enums do).
fn member_arg(arg: &'static CliFlag) -> Arg {
    let values = arg.param.values;
    let mut help = match (arg.required(), arg.param.place) {
        (false, _) => String::new(),
        (true, Place::Body) => "[必填，或写在 --body 中 required, or in --body] ".to_owned(),
        (true, _) => "[必填 required] ".to_owned(),
    };
    help.push_str(arg.help);
    if !values.is_empty() {
        help.push_str(&format!(
            " [取值 values: {}; 其他值亦可 others accepted]",
            values.join(", ")
        ));
    }
    if arg.scalar().is_none() {
        help.push_str(" (JSON)");
    }
    let mut flag = Arg::new(arg.flag)
        .long(arg.flag)
        .value_name(arg.wire())
        .help(help)
        .action(if arg.list() {
            ArgAction::Append
        } else {
            ArgAction::Set
        });
    flag = match arg.scalar() {
        Some(Kind::Integer) => flag.value_parser(clap::value_parser!(i64)),
        Some(Kind::Unsigned) => flag.value_parser(clap::value_parser!(u64)),
        Some(Kind::Number) => flag.value_parser(clap::value_parser!(f64)),
        Some(Kind::Boolean) => flag.value_parser(clap::value_parser!(bool)),
        // The values are listed in the help text already, with the note that others go too.
        Some(Kind::String) if !values.is_empty() => flag
            .value_parser(OpenValues(values))
            .hide_possible_values(true),
        Some(Kind::String) => flag,
        _ => flag.value_parser(|text: &str| {
            serde_json::from_str::<serde_json::Value>(text)
                .map(|_| text.to_owned())
                .map_err(|error| format!("not JSON: {error}"))
        }),
    };
    if arg.required() {
        flag = match arg.param.place {
            Place::Body => flag.required_unless_present("body"),
            _ => flag.required(true),
        };
    }
    flag
}

/// A string flag whose documented values are offered to shell completion while any other
/// value is still accepted, as the open enums accept them.
#[derive(Clone)]
struct OpenValues(&'static [&'static str]);

impl clap::builder::TypedValueParser for OpenValues {
    type Value = String;

    fn parse_ref(
        &self,
        _command: &Command,
        _arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        value
            .to_str()
            .map(str::to_owned)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|value| {
            clap::builder::PossibleValue::new(*value).hide(false)
        })))
    }
}
