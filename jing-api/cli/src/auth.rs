//! `jing auth seed` (write a new refresh token into the store the fleet shares: the file
//! cache, or Redis with `--redis`) and `jing auth status` (what that store holds, no secret
//! shown). A token is read from `--refresh-token-file FILE` (`-`: standard input), else
//! from standard input when it is not a terminal, else from the configured refresh token
//! (`--refresh-token`, `JING_REFRESH_TOKEN`, a profile); it is never printed.
//!
//! 写入新的刷新令牌（`jing auth seed`），查看共享存储中的令牌状态（`jing auth status`）。

use std::io::{IsTerminal, Read};
use std::time::SystemTime;

use clap::{Arg, ArgMatches, Command};
use secrecy::{ExposeSecret, SecretString};

use super::config::Settings;
use super::shared::token_store;
use crate::failure::Failure;
use jing_api::ApiSpec;

/// `jing auth`.
pub(crate) fn command() -> Command {
    Command::new("auth")
        .about("共享存储中的令牌：写入新的刷新令牌，或查看状态。 The tokens in the shared store: write a new refresh token, or show their state.")
        .subcommand_required(true)
        .subcommand(
            Command::new("seed")
                .about("写入新的刷新令牌（不回显），下一次调用即用它续期。 Write a new refresh token into the store the fleet shares (the token cache, or Redis with --redis); the next call of any process renews with it. The token is never printed.")
                .arg(
                    Arg::new("refresh-token-file")
                        .long("refresh-token-file")
                        .value_name("FILE")
                        .help("刷新令牌所在文件（- 为标准输入）。 The file holding the refresh token (- for standard input). Without it: standard input when it is not a terminal, else --refresh-token or JING_REFRESH_TOKEN."),
                )
                .args(super::config::credential_args()),
        )
        .subcommand(
            Command::new("status")
                .about("显示共享存储中的令牌状态（不显示令牌）。 Show what the shared store holds for the app id: generation, expiry, whether the refresh token was refused; no secret is shown.")
                .args(super::config::credential_args()),
        )
}

/// Runs `jing auth seed | status`.
pub(crate) async fn run(api: &ApiSpec, args: &ArgMatches) -> Result<(), Failure> {
    match args.subcommand() {
        Some(("seed", args)) => seed(api, args).await,
        Some(("status", args)) => status(api, args).await,
        _ => Err(Failure::usage("jing auth seed | status")),
    }
}

async fn seed(api: &ApiSpec, args: &ArgMatches) -> Result<(), Failure> {
    let settings = Settings::resolve(api, args)?;
    let scope = settings.scope()?;
    let (token, origin) = refresh_token(args, &settings)?;
    let print = settings.renewal_credentials().0.map(|secret| {
        format!(
            ", fingerprint {}",
            jing_api::store::fingerprint(secret, &token)
        )
    });
    let (store, name) = shared_store(&settings).await?;
    let record = jing_api::store::seed(store.as_ref(), &scope, token).await?;
    super::call::write_out(&format!(
        "wrote the refresh token read from {origin}{} (not shown) into {name}, as the record of {scope} (generation {}, no access token yet): the next call of any process sharing this store renews with it\n",
        print.unwrap_or_default(),
        record.generation
    ))
}

async fn status(api: &ApiSpec, args: &ArgMatches) -> Result<(), Failure> {
    let settings = Settings::resolve(api, args)?;
    let scope = settings.scope()?;
    let (store, name) = shared_store(&settings).await?;
    let refused = store.rejected(&scope).await?;
    let Some(record) = store.load(&scope).await? else {
        return super::call::write_out(&format!(
            "{scope} in {name}: no record (the next call renews with the configured refresh token)\n{}",
            refusals(&refused, &settings)
        ));
    };
    let expiry = match record.expires_at {
        Some(at) => match at.duration_since(SystemTime::now()) {
            Ok(left) => format!("expires in {:.1} s", left.as_secs_f64()),
            Err(_) => "expired".to_owned(),
        },
        None => "expiry unknown".to_owned(),
    };
    let lifetime = record.lifetime.map_or_else(String::new, |lifetime| {
        format!(" (lifetime {} s)", lifetime.as_secs())
    });
    let access = if record.access_token.expose_secret().is_empty() {
        "no access token (seeded)".to_owned()
    } else {
        format!("access token {expiry}{lifetime}")
    };
    let refresh = match (&record.refresh_token, settings.renewal_credentials().0) {
        (None, _) => "no refresh token".to_owned(),
        (Some(_), None) => {
            "a refresh token (give the app secret to check it against the refused ones)".to_owned()
        }
        (Some(token), Some(secret))
            if refused.contains(&jing_api::store::fingerprint(secret, token)) =>
        {
            "a refresh token the server REFUSED: write a new one with `jing auth seed`".to_owned()
        }
        (Some(_), Some(_)) => "a refresh token not refused".to_owned(),
    };
    let mut text = format!(
        "{scope} in {name}: generation {}, {access}, {refresh}\n",
        record.generation
    );
    text.push_str(&refusals(&refused, &settings));
    super::call::write_out(&text)
}

/// The refusals remembered (by fingerprint: a digest of the app secret and the refresh
/// token, never the token), and how to clear them.
fn refusals(refused: &[String], settings: &Settings) -> String {
    if refused.is_empty() {
        return "no refused refresh token remembered\n".to_owned();
    }
    let mut text = format!(
        "{} refused refresh token(s) remembered, by fingerprint (no client sends them again):\n",
        refused.len()
    );
    for print in refused {
        text.push_str(&format!("  {print}\n"));
    }
    if let (Some(secret), Some(token)) = settings.renewal_credentials() {
        let print = jing_api::store::fingerprint(secret, token);
        let state = if refused.contains(&print) {
            "refused"
        } else {
            "not refused"
        };
        text.push_str(&format!(
            "the configured refresh token is {print}: {state}\n"
        ));
    }
    text.push_str(&format!(
        "to clear them: `jing auth seed` writes a new refresh token (a new fingerprint, not refused); the list lapses {} days after its last refusal. A refusal is remembered for the app secret it was sent with: if the app secret was wrong, fix it (see --secret-rejected-code), and the refresh token is not refused for the right one\n",
        jing_api::store::REJECTED_KEPT.as_secs() / 86_400
    ));
    text
}

/// The store the fleet shares: Redis with `--redis`, else the token cache.
async fn shared_store(
    settings: &Settings,
) -> Result<(std::sync::Arc<dyn jing_api::store::TokenStore>, String), Failure> {
    token_store(settings.redis_url(), settings.base_url())
        .await?
        .ok_or_else(|| {
            Failure::usage(
                "no shared store: give --redis URL, or turn the token cache on (JING_TOKEN_CACHE is off)",
            )
        })
}

/// The refresh token to seed, from the file, standard input or the configuration; where it
/// came from, for the message.
fn refresh_token(
    args: &ArgMatches,
    settings: &Settings,
) -> Result<(SecretString, String), Failure> {
    let read = |mut source: Box<dyn Read>, origin: &str| {
        let mut text = String::new();
        source
            .read_to_string(&mut text)
            .map_err(|error| Failure::usage(format!("{origin}: {error}")))?;
        Ok::<_, Failure>(text)
    };
    let given = match args.get_one::<String>("refresh-token-file") {
        Some(path) if path == "-" => Some((
            read(Box::new(std::io::stdin()), "standard input")?,
            "standard input".to_owned(),
        )),
        Some(path) => {
            super::profile::refuse_if_shared(std::path::Path::new(path))?;
            let file = std::fs::File::open(path)
                .map_err(|error| Failure::usage(format!("--refresh-token-file {path}: {error}")))?;
            Some((read(Box::new(file), path)?, format!("the file {path}")))
        }
        None if !std::io::stdin().is_terminal() => Some((
            read(Box::new(std::io::stdin()), "standard input")?,
            "standard input".to_owned(),
        )),
        None => None,
    };
    let token = given
        .map(|(text, origin)| (text.trim().to_owned(), origin))
        .filter(|(text, _)| !text.is_empty())
        .map(|(text, origin)| (SecretString::from(text), origin))
        .or_else(|| {
            settings.renewal_credentials().1.cloned().map(|token| {
                let origin = "the configured refresh token (--refresh-token, JING_REFRESH_TOKEN or the profile)";
                (token, origin.to_owned())
            })
        });
    token.ok_or_else(|| {
        Failure::usage(
            "no refresh token to seed: give --refresh-token-file FILE (- for standard input), pipe it in, or set JING_REFRESH_TOKEN",
        )
    })
}
