//! What `jing` shares between runs: issued tokens cached in a file store (per server, in
//! the user's cache folder), or tokens and limits on Redis (`--redis URL`: any address
//! `RedisConnection::connect` reads, a cluster or a Sentinel's master too), and which
//! answer codes mean "token rejected".
//!
//! 令牌缓存：默认存于用户缓存目录的文件中，多次及并发运行共用一个令牌；`--redis URL` 则与其他机器共享令牌和限流。

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Arg;

use crate::failure::Failure;
use jing_api::ClientBuilder;
use jing_api::store::{FileTokenStore, TokenStore};

/// The variable that moves the token cache (a folder), or turns it off (`off`).
pub(crate) const TOKEN_CACHE_VARIABLE: &str = "JING_TOKEN_CACHE";

/// The sharing flags, on every command.
pub(crate) fn args(heading: &'static str) -> [Arg; 7] {
    [
        Arg::new("redis")
            .long("redis")
            .value_name("URL")
            .global(true)
            .help_heading(heading)
            .help("与其他进程和机器共享令牌与限流的 Redis：单机、集群（redis+cluster://）或经 Sentinel（redis+sentinel://）；TLS 用 rediss://（需 redis 特性，TLS 需 redis-tls）。 Share tokens and rate limits with other processes and machines on this Redis: redis://host:port/, redis+cluster://host:port,host:port/ (a cluster), redis+sentinel://host:port/MASTER (the master Sentinels name); rediss:// for TLS (needs the redis feature; TLS the redis-tls feature). [env: JING_REDIS_URL]"),
        redis_url_file_arg().global(true).help_heading(heading),
        Arg::new("token-rejected-code")
            .long("token-rejected-code")
            .value_name("CODES")
            .global(true)
            .help_heading(heading)
            .help("表示令牌失效的返回码（逗号分隔），收到后刷新令牌并重试一次。 Answer codes meaning \"token invalid or expired\" (comma-separated): the token is renewed and the call sent again once. HTTP 401 always counts. [env: JING_TOKEN_REJECTED_CODES]"),
        Arg::new("max-limit-wait")
            .long("max-limit-wait")
            .value_name("SECS")
            .global(true)
            .help_heading(heading)
            .help("调用等待每秒限流的最长秒数（默认 10），超过则报错不发送。 The longest a call waits for a per-second limit, in seconds (default 10); past it the call fails unsent. [env: JING_MAX_LIMIT_WAIT]"),
        Arg::new("refresh-margin")
            .long("refresh-margin")
            .value_name("DURATION")
            .global(true)
            .help_heading(heading)
            .help("令牌到期前最多提前多久续期（默认 60s，且不超过令牌有效期的 1/20）。 Renew a token at most this long before it expires (500ms, 2s, 1.5; 60s by default); never more than a twentieth of the token's lifetime. [env: JING_REFRESH_MARGIN]"),
        Arg::new("secret-rejected-code")
            .long("secret-rejected-code")
            .value_name("CODES")
            .global(true)
            .help_heading(heading)
            .help("令牌调用中表示 app secret（或 app id）错误的返回码（逗号分隔）：此时不把刷新令牌记为失效。 Answer codes of the token call meaning \"app secret (or app id) wrong\" (comma-separated): the error then names the app secret, and the refresh token is not remembered as refused. The vendor documents none. [env: JING_SECRET_REJECTED_CODES]"),
        Arg::new("renewal-lease")
            .long("renewal-lease")
            .value_name("DURATION")
            .global(true)
            .help_heading(heading)
            .help("续期锁的租约（默认 6s，令牌调用期间每 1/3 续一次）；持有者被杀后，其他进程最多等这么久。 The renewal lock's lease (6s by default; kept alive every third of it while the token call runs): a process killed mid-renewal holds the others back at most this long. [env: JING_RENEWAL_LEASE]"),
    ]
}

/// `--redis-url-file FILE`: the Redis URL from a file, so that a URL holding a password is
/// neither on the command line (which `ps` shows) nor in the environment.
pub(crate) fn redis_url_file_arg() -> Arg {
    Arg::new("redis-url-file")
        .long("redis-url-file")
        .value_name("FILE")
        .conflicts_with("redis")
        .help("Redis 地址文件（首行；他人可读则拒绝）；带密码的地址无需出现在命令行。 A file whose first line is the Redis URL (refused when others may read it), so that a URL with a password is not on the command line. Read before JING_REDIS_URL.")
}

/// Parses a number of seconds (`5`, `2.5`).
pub(crate) fn parse_seconds(text: &str) -> Result<Duration, Failure> {
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
        .ok_or_else(|| {
            Failure::usage(format!(
                "--max-limit-wait: `{text}` is not a number of seconds (give 5 or 2.5)"
            ))
        })
}

/// Parses a renewal lease as a margin is parsed; at least 100 ms.
pub(crate) fn parse_lease(text: &str) -> Result<Duration, Failure> {
    duration(text)
        .filter(|lease| *lease >= Duration::from_millis(100))
        .ok_or_else(|| {
            Failure::usage(format!(
                "renewal lease `{text}` is not a duration of at least 100ms: give 500ms, 6s, 1.5 or 1m (--renewal-lease, JING_RENEWAL_LEASE or the profile key renewal_lease)"
            ))
        })
}

/// Parses `500ms`, `2s`, `1.5` (seconds) or `1m`.
pub(crate) fn parse_margin(text: &str) -> Result<Duration, Failure> {
    duration(text).ok_or_else(|| {
        Failure::usage(format!(
            "refresh margin `{text}` is not a duration: give 500ms, 2s, 1.5 or 1m (--refresh-margin, JING_REFRESH_MARGIN or the profile key refresh_margin)"
        ))
    })
}

/// Parses a time limit (`jing webhook send --timeout`) as a margin is parsed; above zero.
pub(crate) fn parse_timeout(text: &str) -> Result<Duration, String> {
    duration(text)
        .filter(|timeout| !timeout.is_zero())
        .ok_or_else(|| format!("`{text}` is not a time above zero: give 500ms, 2s, 1.5 or 1m"))
}

/// `500ms`, `2s`, `1.5` (seconds) or `1m`, when `text` is one.
fn duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (number, scale) = if let Some(number) = text.strip_suffix("ms") {
        (number, 0.001)
    } else if let Some(number) = text.strip_suffix('s') {
        (number, 1.0)
    } else if let Some(number) = text.strip_suffix('m') {
        (number, 60.0)
    } else {
        (text, 1.0)
    };
    number
        .trim()
        .parse::<f64>()
        .ok()
        .and_then(|value| Duration::try_from_secs_f64(value * scale).ok())
}

/// A Redis address as it may be shown: without its user name, password or query.
#[cfg(feature = "redis")]
pub(crate) fn redis_server_shown(url: &str) -> String {
    jing_api::store::shown_redis_address(url)
}

/// Refuses a Redis address that cannot work, without connecting and without quoting its
/// credentials: read as the store reads it (one server, `redis+cluster://`,
/// `redis+sentinel://`, `rediss://` with TLS).
pub(crate) fn check_redis_url(url: &str) -> Result<(), Failure> {
    jing_api::store::check_redis_address(url).map_err(|error| {
        Failure::usage(format!(
            "the Redis URL (--redis, JING_REDIS_URL or a profile's redis_url) cannot work: {}",
            error.report()
        ))
    })
}

/// `error` of connecting to the Redis at `url`, with a hint when the scheme looks wrong: a
/// `redis://` server that closed the connection at once (it may speak TLS only), or a
/// `rediss://` one in a build without TLS.
#[cfg(feature = "redis")]
pub(crate) fn redis_failure(url: &str, error: jing_api::Error) -> Failure {
    let mut failure = Failure::from(error);
    let text = failure.message().to_ascii_lowercase();
    let hint = if url.starts_with("rediss")
        && (text.contains("tls") || text.contains("ssl"))
        && !cfg!(feature = "redis-tls")
    {
        Some(
            "hint: rediss:// needs a jing built with the redis-tls feature (cargo install jing-cli --features redis-tls)",
        )
    } else if url.starts_with("redis://")
        && [
            "connection reset",
            "broken pipe",
            "connection closed",
            "unexpected end",
            "eof",
            "dropped",
        ]
        .iter()
        .any(|sign| text.contains(sign))
    {
        Some(
            "hint: the server closed the connection at once; if it accepts TLS only, use rediss:// (a jing built with the redis-tls feature)",
        )
    } else {
        None
    };
    if let Some(hint) = hint {
        failure.add_hint(hint);
    }
    failure
}

/// Parses `40001,40002`.
pub(crate) fn parse_codes(text: &str) -> Result<Vec<i64>, Failure> {
    text.split(',')
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .map(|code| {
            code.parse().map_err(|_| {
                Failure::usage(format!(
                    "--token-rejected-code: `{code}` is not a whole number (give codes such as 40001,40002)"
                ))
            })
        })
        .collect()
}

/// The folder of the cached tokens of `base_url`'s server: `JING_TOKEN_CACHE`, else
/// `jing/tokens` in the user's cache folder, then one folder per server; `None` when off.
pub(crate) fn token_cache(base_url: &str) -> Option<PathBuf> {
    let root = match std::env::var_os(TOKEN_CACHE_VARIABLE) {
        Some(value) if value == "off" => return None,
        Some(value) if !value.is_empty() => PathBuf::from(value),
        _ => dirs::cache_dir()?.join("jing").join("tokens"),
    };
    Some(root.join(server_folder(base_url)))
}

/// The folder name of a server: its host and port (tokens are only valid where issued).
fn server_folder(base_url: &str) -> String {
    let server: String = base_url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    server.trim_end_matches('_').to_owned()
}

/// Whether the client renews its own tokens (so they are shared), or only sends a given
/// access token (so only the limits are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tokens {
    Renewed,
    Given,
}

/// Where the client of one run keeps what it shares: its scope (app id at the server),
/// base URL and Redis URL.
pub(crate) struct Sharing<'a> {
    /// What the cached pair is carried over to Redis under.
    #[cfg_attr(
        not(feature = "redis"),
        allow(dead_code, reason = "only a Redis store takes the cached pair over")
    )]
    pub(crate) scope: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) redis_url: Option<&'a str>,
}

/// Adds the shared stores: on Redis when a URL is given, the limits, and the tokens of a
/// client that renews its own; else the file cache of tokens (unless it is off) for such a
/// client.
pub(crate) async fn share(
    builder: ClientBuilder,
    sharing: &Sharing<'_>,
    tokens: Tokens,
) -> Result<ClientBuilder, Failure> {
    if let Some(url) = sharing.redis_url {
        return with_redis(builder, url, sharing, tokens).await;
    }
    Ok(
        match token_cache(sharing.base_url).filter(|_| tokens == Tokens::Renewed) {
            Some(folder) => builder.token_store(Arc::new(FileTokenStore::new(folder))),
            None => builder,
        },
    )
}

/// The token store a run shares: Redis when a URL is given, else the file cache; its name
/// for messages. `None` when the cache is off and no Redis is given.
pub(crate) async fn token_store(
    redis_url: Option<&str>,
    base_url: &str,
) -> Result<Option<(Arc<dyn TokenStore>, String)>, Failure> {
    if let Some(url) = redis_url {
        return redis_store(url).await.map(Some);
    }
    Ok(token_cache(base_url).map(|folder| {
        let name = format!("the token cache {}", folder.display());
        (
            Arc::new(FileTokenStore::new(folder)) as Arc<dyn TokenStore>,
            name,
        )
    }))
}

#[cfg(feature = "redis")]
async fn redis_store(url: &str) -> Result<(Arc<dyn TokenStore>, String), Failure> {
    let store = jing_api::store::RedisStore::connect(url)
        .await
        .map_err(|error| redis_failure(url, error))?;
    let name = format!("redis {}", redis_server_shown(url));
    Ok((Arc::new(store), name))
}

#[cfg(not(feature = "redis"))]
async fn redis_store(_url: &str) -> Result<(Arc<dyn TokenStore>, String), Failure> {
    Err(no_redis())
}

#[cfg(feature = "redis")]
async fn with_redis(
    builder: ClientBuilder,
    url: &str,
    sharing: &Sharing<'_>,
    tokens: Tokens,
) -> Result<ClientBuilder, Failure> {
    let store = jing_api::store::RedisStore::connect(url)
        .await
        .map_err(|error| redis_failure(url, error))?;
    if tokens == Tokens::Given {
        return Ok(builder.limit_store(Arc::new(store)));
    }
    carry_over(&store, sharing).await?;
    Ok(builder.redis(store))
}

/// The first run with `--redis` takes over the pair the file cache holds, when Redis holds
/// none for the scope (once: afterwards Redis holds one), so the refresh token renewed by
/// earlier runs is not left behind.
#[cfg(feature = "redis")]
async fn carry_over(
    store: &jing_api::store::RedisStore,
    sharing: &Sharing<'_>,
) -> Result<(), Failure> {
    let Some(folder) = token_cache(sharing.base_url) else {
        return Ok(());
    };
    let cache = FileTokenStore::new(&folder);
    if jing_api::store::copy_tokens(&cache, store, sharing.scope).await? {
        eprintln!(
            "note: the tokens cached in {} were carried over to Redis (once; Redis holds them from now on)",
            folder.display()
        );
    }
    Ok(())
}

#[cfg(not(feature = "redis"))]
async fn with_redis(
    _builder: ClientBuilder,
    _url: &str,
    _sharing: &Sharing<'_>,
    _tokens: Tokens,
) -> Result<ClientBuilder, Failure> {
    Err(no_redis())
}

#[cfg(not(feature = "redis"))]
fn no_redis() -> Failure {
    Failure::usage(
        "--redis needs a jing built with the redis feature (cargo install jing-cli --features redis)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_are_durations() {
        let cases = [
            ("500ms", Some(Duration::from_millis(500))),
            ("2s", Some(Duration::from_secs(2))),
            ("1.5", Some(Duration::from_millis(1500))),
            ("1m", Some(Duration::from_secs(60))),
            ("0", Some(Duration::ZERO)),
            ("-1s", None),
            ("soon", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_margin(text).ok(), expected, "{text}");
        }
        assert_eq!(parse_lease("6s").ok(), Some(Duration::from_secs(6)));
        assert!(parse_lease("10ms").is_err() && parse_lease("soon").is_err());
        assert_eq!(parse_timeout("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_timeout("0").is_err() && parse_timeout("-1s").is_err());
        assert!(parse_timeout("soon").is_err_and(|said| said.contains("500ms")));
    }

    #[test]
    fn codes_are_whole_numbers_and_servers_get_a_folder_each() {
        assert_eq!(
            parse_codes(" 40001, 91003 ,").ok(),
            Some(vec![40001, 91003])
        );
        assert!(parse_codes("40001,token").is_err());
        assert_eq!(parse_seconds("2.5").ok(), Some(Duration::from_millis(2500)));
        assert!(parse_seconds("-1").is_err() && parse_seconds("soon").is_err());
        for good in [
            "redis://127.0.0.1:6379/",
            "redis+cluster://10.0.0.1:7000,10.0.0.2:7000/",
            "redis+sentinel://10.0.0.1:26379/mymaster",
            "redis+unix:///run/redis.sock",
            "unix:///run/redis.sock",
        ] {
            assert!(check_redis_url(good).is_ok(), "{good}");
        }
        for bad in [
            "localhost:6379",
            "not a url",
            "http://127.0.0.1:6379/",
            "redis://",
            "redis:///0",
            "redis+sentinel://10.0.0.1:26379/",
        ] {
            assert!(check_redis_url(bad).is_err(), "{bad}");
        }
        assert_eq!(server_folder("http://127.0.0.1:8080/"), "127.0.0.1_8080");
        assert_eq!(
            server_folder("https://proxy.example/jing"),
            "proxy.example_jing"
        );
        assert_ne!(
            server_folder("https://jingopenapi.jingsocial.com"),
            server_folder("http://127.0.0.1:8080/")
        );
    }
}
