//! `jing-mock`: the mock Jing server as a program, for teams testing from other languages.
//!
//! ```text
//! cargo run -p jing-api --features mock --bin jing-mock -- --port 8080 [--host 127.0.0.1]
//!     [--fixtures DIR] [--app-id ID] [--app-secret SECRET] [--refresh-token TOKEN]
//!     [--no-rate-limits] [--record-limit N]
//! ```
//!
//! Prints the address and the credentials it accepts, then serves until stopped.
//! `--fixtures DIR` answers `DIR/<endpoint>.json` (the `data` of endpoint `<endpoint>`, by
//! its spec name, e.g. `create_customer.json`) instead of the docs' examples.
//! `--record-limit N` keeps the last N requests in memory (10,000 by default), so a mock
//! shared as a sandbox for days stays within bounded memory.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use jing_api::mock::MockServer;

const HELP: &str = "usage: jing-mock [--port N] [--host IP] [--fixtures DIR] [--app-id ID] [--app-secret SECRET] [--refresh-token TOKEN] [--no-rate-limits] [--record-limit N]";

struct Options {
    address: SocketAddr,
    fixtures: Option<PathBuf>,
    credentials: [Option<String>; 3],
    rate_limits: bool,
    record_limit: usize,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        address: SocketAddr::from(([127, 0, 0, 1], 8080)),
        fixtures: None,
        credentials: [None, None, None],
        rate_limits: true,
        record_limit: jing_api::mock::DEFAULT_RECORD_LIMIT,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or(format!("{arg} needs a value\n{HELP}"))
        };
        match arg.as_str() {
            "--port" => {
                let port = value()?;
                options
                    .address
                    .set_port(port.parse().map_err(|_| format!("not a port: {port}"))?);
            }
            "--host" => {
                let host = value()?;
                let ip: IpAddr = host
                    .parse()
                    .map_err(|_| format!("not an IP address: {host}"))?;
                options.address.set_ip(ip);
            }
            "--fixtures" => options.fixtures = Some(PathBuf::from(value()?)),
            "--app-id" => options.credentials[0] = Some(value()?),
            "--app-secret" => options.credentials[1] = Some(value()?),
            "--refresh-token" => options.credentials[2] = Some(value()?),
            "--no-rate-limits" => options.rate_limits = false,
            "--record-limit" => {
                let limit = value()?;
                options.record_limit =
                    limit.parse().map_err(|_| format!("not a count: {limit}"))?;
            }
            "--help" | "-h" => return Err(HELP.to_owned()),
            other => return Err(format!("unknown argument {other}\n{HELP}")),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match options(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let mut builder = MockServer::builder()
        .address(options.address)
        .rate_limits(options.rate_limits)
        .record_limit(options.record_limit);
    if let [Some(app_id), Some(secret), Some(refresh)] = &options.credentials {
        builder = builder.credentials(app_id, secret, refresh);
    } else if options.credentials.iter().any(Option::is_some) {
        eprintln!("--app-id, --app-secret and --refresh-token go together");
        return ExitCode::FAILURE;
    }
    let mock = match builder.start().await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(dir) = &options.fixtures {
        match load_fixtures(&mock, dir) {
            Ok(count) => eprintln!("{count} fixture(s) from {}", dir.display()),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::FAILURE;
            }
        }
    }
    // A closed stdout (a parent that stopped reading) must not stop the server.
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "{}", mock.banner());
    let _ = out.flush();
    drop(out);
    // Serve until the process is stopped.
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}

fn load_fixtures(mock: &MockServer, dir: &std::path::Path) -> Result<usize, String> {
    let entries = std::fs::read_dir(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let mut count = 0;
    for path in entries.filter_map(Result::ok).map(|entry| entry.path()) {
        let (Some(name), Some("json")) = (
            path.file_stem().and_then(|stem| stem.to_str()),
            path.extension().and_then(|ext| ext.to_str()),
        ) else {
            continue;
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("{}: {error}", path.display()))?;
        let data = serde_json::from_str(&text)
            .map_err(|error| format!("{}: not JSON: {error}", path.display()))?;
        mock.respond(name, data);
        count += 1;
    }
    Ok(count)
}
