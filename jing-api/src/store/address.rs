//! The Redis addresses jing-api reads, one string each (a flag, a variable, a profile key),
//! and how an address is shown in messages: without user name, password or query.
//!
//! - `redis://[user:password@]host[:port][/db]` (and `rediss://` with the `redis-tls`
//!   feature, `redis+unix:///path`, `unix:///path`): one server, read by the redis crate.
//! - `redis+cluster://[user:password@]host:port[,host:port…][/]` (`rediss+cluster://`): the
//!   seed nodes of a Redis Cluster; the redis crate finds the others.
//! - `redis+sentinel://[user:password@]host:port[,host:port…]/master-name[/db]`
//!   (`rediss+sentinel://`): the Sentinels, and the name of the master they watch. The user
//!   name and password are the master's; Sentinels that want a password of their own take a
//!   [`SentinelClient`](redis::sentinel::SentinelClient) built by the application.
//!
//! This file only reads and shows addresses; connecting is `connection.rs`'s.

use crate::Error;

/// Checks that `url` names a Redis deployment jing-api can reach (one server, a cluster,
/// the master Sentinels watch; `rediss://` with the `redis-tls` feature), without
/// connecting: an [`Error::Config`] that names the address without its credentials. The
/// `jing` program says it of `--redis` before anything is sent.
pub fn check_redis_address(url: &str) -> Result<(), Error> {
    Address::parse(url).map(|_| ())
}

/// `url` as messages show it: scheme, hosts and path, never a user name, a password or a
/// query.
pub fn shown_redis_address(url: &str) -> String {
    without_credentials(url)
}

/// A deployment, as an address names it. Node URLs carry the credentials given.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Address {
    /// One server, as the redis crate reads its URL.
    Server(String),
    /// The seed nodes of a cluster, one `redis://` or `rediss://` URL each.
    Cluster(Vec<String>),
    /// The Sentinels (one URL each), the master's name, and how to reach the master: a URL
    /// without host (`redis://user:password@/db`) read for its credentials and database.
    Sentinel {
        sentinels: Vec<String>,
        master: String,
        master_url: String,
    },
}

impl Address {
    /// Reads `url`; an address that cannot work is an [`Error::Config`] that names the
    /// address without its credentials.
    pub(crate) fn parse(url: &str) -> Result<Address, Error> {
        let refused =
            |why: &str| Error::config(format!("Redis address {}: {why}", without_credentials(url)));
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| refused("not a URL (redis://host:port/ expected)"))?;
        let scheme = scheme.to_ascii_lowercase();
        let (base, deployment) = scheme.split_once('+').unwrap_or((&scheme, ""));
        if !matches!(base, "redis" | "rediss" | "valkey" | "valkeys" | "unix") {
            return Err(refused(&format!(
                "the scheme `{base}` is not Redis's (redis://, rediss://, redis+cluster://, redis+sentinel://, redis+unix://)"
            )));
        }
        let tls = matches!(base, "rediss" | "valkeys");
        if tls && !cfg!(feature = "redis-tls") {
            return Err(refused(
                "TLS needs jing-api's `redis-tls` feature (for the `jing` program: jing-cli's `redis-tls`)",
            ));
        }
        let node_scheme = if tls { "rediss" } else { "redis" };
        match deployment {
            "unix" => Ok(Address::Server(url.to_owned())),
            "" if base == "unix" => Ok(Address::Server(url.to_owned())),
            "" if Parts::of(rest).hosts.trim().is_empty() => {
                Err(refused("names no host (redis://host:port/ expected)"))
            }
            "" => Ok(Address::Server(url.to_owned())),
            "cluster" => {
                let parts = Parts::of(rest);
                if !matches!(parts.path, "" | "/" | "/0") {
                    return Err(refused("a cluster has only database 0: give no path"));
                }
                let nodes = parts.nodes(node_scheme, "/").map_err(&refused)?;
                Ok(Address::Cluster(nodes))
            }
            "sentinel" => {
                let parts = Parts::of(rest);
                let mut path = parts.path.trim_matches('/').splitn(2, '/');
                let master = path.next().unwrap_or_default();
                if master.is_empty() {
                    return Err(refused(
                        "name the master: redis+sentinel://host:port/master-name",
                    ));
                }
                let db = path.next().unwrap_or("0");
                // The Sentinels get no credentials: those given are the master's.
                let sentinels = Parts { user: "", ..parts }
                    .nodes(node_scheme, "/")
                    .map_err(&refused)?;
                Ok(Address::Sentinel {
                    sentinels,
                    master: master.to_owned(),
                    master_url: format!("{node_scheme}://{}localhost/{db}", parts.user),
                })
            }
            other => Err(refused(&format!(
                "`+{other}` is not a deployment jing knows (cluster or sentinel)"
            ))),
        }
    }
}

/// The pieces of what follows `://`.
#[derive(Clone, Copy)]
struct Parts<'a> {
    /// `user:password@`, or empty.
    user: &'a str,
    hosts: &'a str,
    path: &'a str,
    /// `?…`, or empty.
    query: &'a str,
}

impl<'a> Parts<'a> {
    fn of(rest: &'a str) -> Parts<'a> {
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let (user, hosts) = match authority.rfind('@') {
            Some(at) => authority.split_at(at + 1),
            None => ("", authority),
        };
        let tail = tail.split('#').next().unwrap_or_default();
        let (path, query) = match tail.find('?') {
            Some(at) => tail.split_at(at),
            None => (tail, ""),
        };
        Parts {
            user,
            hosts,
            path,
            query,
        }
    }

    /// One URL per host.
    fn nodes(&self, scheme: &str, path: &str) -> Result<Vec<String>, &'static str> {
        let nodes: Vec<String> = self
            .hosts
            .split(',')
            .map(str::trim)
            .filter(|host| !host.is_empty())
            .map(|host| format!("{scheme}://{}{host}{path}{}", self.user, self.query))
            .collect();
        if nodes.is_empty() {
            return Err("name at least one host:port");
        }
        Ok(nodes)
    }
}

/// The secrets of `url` that an error of the redis crate might quote: the password of its
/// user part and a Unix socket's `pass=`, as written and percent-decoded.
#[cfg(feature = "redis")]
pub(crate) fn secrets_of(url: &str) -> Vec<String> {
    let Some((_, rest)) = url.split_once("://") else {
        // Not a URL: all of it is kept out of messages.
        return vec![url.to_owned()];
    };
    let parts = Parts::of(rest);
    let password = parts
        .user
        .trim_end_matches('@')
        .split_once(':')
        .map(|(_, password)| password);
    let pass = parts
        .query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.strip_prefix("pass="));
    password
        .into_iter()
        .chain(pass)
        .filter(|secret| !secret.is_empty())
        .flat_map(|secret| {
            let decoded = percent_encoding::percent_decode_str(secret).decode_utf8_lossy();
            [secret.to_owned(), decoded.into_owned()]
        })
        .collect()
}

/// `url` as messages show it: scheme, hosts and path; no user name, password, query (a
/// Unix socket's `pass=`) or fragment.
pub(crate) fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "(an unreadable URL)".to_owned();
    };
    let parts = Parts::of(rest);
    format!("{scheme}://{}{}", parts.hosts, parts.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_queries_are_never_shown() {
        let cases = [
            ("redis://:secret@10.0.0.5:6379/2", "redis://10.0.0.5:6379/2"),
            (
                "rediss://app:secret@cache.internal/",
                "rediss://cache.internal/",
            ),
            (
                "redis+cluster://u:p@a:7000,b:7001/",
                "redis+cluster://a:7000,b:7001/",
            ),
            (
                "redis+sentinel://u:p%40x@s1:26379,s2:26379/main/1",
                "redis+sentinel://s1:26379,s2:26379/main/1",
            ),
            (
                "redis+unix:///run/redis.sock?db=1&pass=secret",
                "redis+unix:///run/redis.sock",
            ),
            ("not a url secret", "(an unreadable URL)"),
        ];
        for (url, shown) in cases {
            assert_eq!(without_credentials(url), shown, "{url}");
        }
    }

    #[cfg(feature = "redis")]
    #[test]
    fn the_secrets_of_an_address_are_its_password_and_pass() {
        let cases: [(&str, &[&str]); 5] = [
            ("redis://:s3cret@10.0.0.5:6379/2", &["s3cret", "s3cret"]),
            ("redis://app:p%40ss@cache/", &["p%40ss", "p@ss"]),
            (
                "redis+unix:///run/redis.sock?db=1&pass=s3cret",
                &["s3cret", "s3cret"],
            ),
            ("redis://app@cache/", &[]),
            ("s3cret", &["s3cret"]),
        ];
        for (url, secrets) in cases {
            assert_eq!(secrets_of(url), secrets, "{url}");
        }
    }

    #[test]
    fn deployments_are_read_from_the_scheme() {
        assert_eq!(
            Address::parse("redis://h:1/").ok(),
            Some(Address::Server("redis://h:1/".to_owned()))
        );
        assert_eq!(
            Address::parse("redis+cluster://u:p@a:7000, b:7001").ok(),
            Some(Address::Cluster(vec![
                "redis://u:p@a:7000/".to_owned(),
                "redis://u:p@b:7001/".to_owned()
            ]))
        );
        assert_eq!(
            Address::parse("redis+sentinel://:pw@s1:26379,s2:26380/main/3").ok(),
            Some(Address::Sentinel {
                sentinels: vec![
                    "redis://s1:26379/".to_owned(),
                    "redis://s2:26380/".to_owned()
                ],
                master: "main".to_owned(),
                master_url: "redis://:pw@localhost/3".to_owned(),
            })
        );
    }

    #[test]
    fn addresses_that_cannot_work_are_refused_without_their_secret() {
        let refused = [
            "redis+cluster://:secret@a:7000/1",
            "redis+cluster://:secret@/",
            "redis+sentinel://:secret@s1:26379/",
            "redis+mesh://:secret@a:1/",
            "secret",
        ];
        for url in refused {
            match Address::parse(url) {
                Err(error @ Error::Config { .. }) => {
                    assert!(!error.to_string().contains("secret"), "{error}");
                }
                other => panic!("{url}: {other:?}"),
            }
        }
        let tls = Address::parse("rediss+cluster://a:7000/");
        assert_eq!(tls.is_ok(), cfg!(feature = "redis-tls"), "{tls:?}");
    }
}
