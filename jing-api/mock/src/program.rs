//! The one command-line definition of the mock, shared by `jing-mock` and `jing mock`:
//! the same options, the same help, the same start.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};

use super::{DEFAULT_RECORD_LIMIT, MockBuilder, MockServer};
use jing_api::Error;

/// Every option of the mock: `jing-mock`'s, and `jing mock`'s in jing-cli.
pub fn args() -> Vec<Arg> {
    let flag = |id: &'static str, help: &'static str| {
        Arg::new(id).long(id).action(ArgAction::SetTrue).help(help)
    };
    let credential = |id: &'static str, others: [&'static str; 2], help: &'static str| {
        Arg::new(id)
            .long(id)
            .value_name("VALUE")
            .requires(others[0])
            .requires(others[1])
            .help(help)
    };
    vec![
        Arg::new("port")
            .long("port")
            .value_name("N")
            .value_parser(clap::value_parser!(u16))
            .default_value("8080")
            .help("监听端口（0 为任一空闲端口）。 The port to listen on (0: any free port)."),
        Arg::new("host")
            .long("host")
            .value_name("IP")
            .value_parser(clap::value_parser!(IpAddr))
            .default_value("127.0.0.1")
            .help("监听地址。 The IP address to listen on."),
        Arg::new("fixtures")
            .long("fixtures")
            .value_name("DIR")
            .value_parser(clap::value_parser!(PathBuf))
            .help("以 DIR/<接口名>.json 作答（接口名须存在）。 Answer DIR/<endpoint>.json (the `data` of that endpoint, by its spec name, e.g. create_customer.json) instead of the docs' examples; a file naming no typed endpoint is refused."),
        credential(
            "app-id",
            ["app-secret", "refresh-token"],
            "接受的应用 ID（与 --app-secret、--refresh-token 同用）。 The app id the mock accepts (with --app-secret and --refresh-token).",
        ),
        credential(
            "app-secret",
            ["app-id", "refresh-token"],
            "接受的应用密钥。 The app secret the mock accepts.",
        ),
        credential(
            "refresh-token",
            ["app-id", "app-secret"],
            "接受的刷新令牌。 The refresh token the mock accepts.",
        ),
        flag(
            "no-rate-limits",
            "不执行文档中的限流。 Do not enforce the documented limits.",
        ),
        Arg::new("record-limit")
            .long("record-limit")
            .value_name("N")
            .value_parser(clap::value_parser!(usize))
            .help("内存中保留的最近请求数（默认 10000）。 How many of the last requests to keep for GET /_mock/requests (10000 by default)."),
        Arg::new("token-lifetime")
            .long("token-lifetime")
            .value_name("SECS")
            .value_parser(clap::value_parser!(u64).range(1..))
            .help("访问令牌 SECS 秒后过期（并作为 expires_in 返回）。 Access tokens expire SECS seconds after they are issued (answered as expires_in)."),
        flag(
            "rotate-refresh-tokens",
            "每次续期发放新的刷新令牌，旧的随即失效。 Each renewal issues a new refresh token; the old one stops working.",
        ),
        flag(
            "invalidate-on-refresh",
            "新的访问令牌立即使之前的全部失效。 A new access token invalidates every earlier one at once.",
        ),
        flag(
            "quiet",
            "不为每个请求输出日志行。 Do not write one line per request to standard error.",
        ),
    ]
}

/// `jing-mock`'s command line, whose options `jing mock` takes too.
pub fn command() -> Command {
    Command::new("jing-mock")
        .about("京 Jing 开放平台接口的本地模拟服务器，管理接口在 /_mock/ 下。 A local mock of the Jing Open Platform API; its admin interface is under /_mock/ (see the jing-mock README).")
        .version(env!("CARGO_PKG_VERSION"))
        .args(args())
}

/// `builder` with what the options describe.
fn configure(builder: MockBuilder, matches: &ArgMatches) -> MockBuilder {
    let port = matches.get_one::<u16>("port").copied().unwrap_or(8080);
    let host = matches
        .get_one::<IpAddr>("host")
        .copied()
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let text = |id: &str| matches.try_get_one::<String>(id).ok().flatten();
    let mut builder = builder
        .address(SocketAddr::new(host, port))
        .rate_limits(!matches.get_flag("no-rate-limits"))
        .record_limit(
            matches
                .get_one::<usize>("record-limit")
                .copied()
                .unwrap_or(DEFAULT_RECORD_LIMIT),
        )
        .rotate_refresh_tokens(matches.get_flag("rotate-refresh-tokens"))
        .invalidate_on_refresh(matches.get_flag("invalidate-on-refresh"))
        .log_requests(!matches.get_flag("quiet"));
    if let (Some(app_id), Some(secret), Some(refresh)) =
        (text("app-id"), text("app-secret"), text("refresh-token"))
    {
        builder = builder.credentials(app_id, secret, refresh);
    }
    if let Some(seconds) = matches.get_one::<u64>("token-lifetime") {
        builder = builder.token_lifetime(Duration::from_secs(*seconds));
    }
    builder
}

/// Starts the mock of `builder` (`MockServer::builder()` for jing-api's tables) as
/// `matches` (of a command with [`args`]) describe, its fixtures loaded (a count on
/// standard error).
pub async fn start(builder: MockBuilder, matches: &ArgMatches) -> Result<MockServer, Error> {
    let mock = configure(builder, matches).start().await?;
    if let Some(dir) = matches.get_one::<PathBuf>("fixtures") {
        let count = load_fixtures(&mock, dir)?;
        if !matches.get_flag("quiet") {
            eprintln!("{count} fixture(s) from {}", dir.display());
        }
    }
    Ok(mock)
}

/// Every `DIR/<endpoint>.json` as the fixture of `<endpoint>`; the count.
fn load_fixtures(mock: &MockServer, dir: &Path) -> Result<usize, Error> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| Error::config_because(format!("--fixtures {}", dir.display()), error))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().and_then(|ext| ext.to_str()) == Some("json"))
        .collect();
    paths.sort();
    for path in &paths {
        let name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path)
            .map_err(|error| Error::config_because(path.display().to_string(), error))?;
        let data = serde_json::from_str(&text).map_err(|error| {
            Error::config_because(format!("{}: not JSON", path.display()), error)
        })?;
        mock.respond(name, data)
            .map_err(|error| Error::config_because(path.display().to_string(), error))?;
    }
    Ok(paths.len())
}

/// Starts the mock of `builder` (`MockServer::builder()` for jing-api's tables) as the
/// options `matches` (of [`args`]) describe, prints its address and
/// credentials ([`MockServer::banner`]) and serves until `stop` completes: `jing-mock`
/// serves until the process is stopped, `jing mock` until Ctrl-C. A closed standard
/// output (a parent that stopped reading) does not stop the server. The error of a start
/// that fails is a configuration error ([`Error::Config`]) when the options, the fixtures
/// or the address are at fault.
pub async fn serve(
    builder: MockBuilder,
    matches: &ArgMatches,
    stop: impl Future<Output = ()>,
) -> Result<(), Error> {
    let mock = start(builder, matches).await?;
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{}", mock.banner());
        let _ = out.flush();
    }
    stop.await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        command().debug_assert();
    }
}
