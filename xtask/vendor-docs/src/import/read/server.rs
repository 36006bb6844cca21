//! Where a page says its call is sent: a path given as a full address
//! (`https://host/v1/x`), or beside a server of its own (`servers:`). What the spec holds
//! is a path below one of its environments; any other server is a decision, never dropped
//! without a word, and a segment that looks like a placeholder (`BASE_URL`) is named; a
//! server that is a placeholder (`{{url}}`, `${BASE}`) is no address: dropped with a note.

use serde_yaml::Value;

use super::schema::scalar_text;
use crate::import::facts::{FactDecision, Facts};

/// The key (in `Facts::unheld`) of the page's server, taken by `hold_address`.
pub(super) const SERVER: &str = "server";

/// The key (in `Facts::unheld`) of the page's words on its server (`description: 测试环境`),
/// taken by `hold_address` with the server.
pub(super) const SERVER_WORDS: &str = "server.description";

/// The fact of a server that is none of the spec's environments: a decision of its own
/// (whether the call is this API's), apart from the path's, so that a maintainer's path
/// (`overrides: [path]`) settles the path and leaves the host to decide.
pub(super) const FOREIGN_SERVER: &str = "page.server";

/// A path the page gives as a full address (`https://host/v1/x`), or beside a server of
/// its own (`servers:`, whose address goes before the path): the server part goes, the
/// path stays, a server's path prefix (`http://host/v2/api`) with it. A server that is one
/// of the spec's environments (`bases`) loses nothing (a note, but for a server that is
/// one exactly); any other is a decision naming it, and the page's address is kept for
/// the count (the spec holds the path otherwise). A path that is still no path (not
/// starting with `/`, holding spaces) cannot be placed: what it needs.
pub(in crate::import) fn hold_address(facts: &mut Facts, bases: &[String]) -> Result<(), String> {
    let server = take_unheld(facts, SERVER);
    let words = take_unheld(facts, SERVER_WORDS)
        .map(|words| format!(" (the page calls it “{words}”)"))
        .unwrap_or_default();
    let Some(mut path) = facts.path.clone() else {
        return Ok(());
    };
    let page_path = path.clone();
    let full = |path: &str| {
        let lower = path.to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    };
    // A server that is a placeholder of the page (`{{url}}`, `${BASE}`) says no address:
    // it goes, with a note, and the path stays as the page gives it.
    let server = server.filter(|server| {
        let placeholder = super::placeholder::holds_template(server)
            || (server.starts_with('<') && server.ends_with('>'));
        if placeholder {
            facts.notes.push(format!(
                "the page's server `{server}`{words} is a placeholder (an address to fill), not an address: dropped, the path is the page's own"
            ));
        }
        !placeholder
    });
    let server = server.map(|server| with_scheme(server, &mut facts.notes));
    // The spec's own environment loses nothing: api.yaml names it.
    let from_server = match server {
        Some(server) if !full(&path) && !bases.contains(&server) => {
            if !full(&server) {
                facts.notes.push(format!(
                    "the page's server `{server}` is a path prefix: the path is `{server}{path}`"
                ));
            }
            path = format!("{server}{path}");
            facts.path = Some(path.clone());
            Some(server)
        }
        _ => None,
    };
    if full(&path) {
        full_address(
            facts,
            (&path, &page_path),
            from_server.as_deref(),
            bases,
            &words,
        );
    }
    let path = facts.path.as_deref().unwrap_or_default();
    if !path.starts_with('/') || path.contains(char::is_whitespace) {
        return Err(format!(
            "the path `{path}` is not a path of an API (it must start with `/` and hold no spaces): fix the page, or write the entry by hand"
        ));
    }
    Ok(())
}

/// A server written without its scheme (`localhost:3000`, `api.host.invalid/v2`: a host,
/// with a port or a dot, before any `/`) read as the `http://` address it names, with a
/// note, so that it is a server (a decision of its own) and never a path prefix.
fn with_scheme(server: String, notes: &mut Vec<String>) -> String {
    let lower = server.to_ascii_lowercase();
    let host = lower.split('/').next().unwrap_or_default();
    let named = !host.is_empty()
        && !lower.contains("://")
        && (host.contains([':', '.']) || host == "localhost")
        && host
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-.:[]".contains(&byte));
    if !named {
        return server;
    }
    let address = format!("http://{server}");
    notes.push(format!(
        "the page's server `{server}` has no scheme: read as the address `{address}`"
    ));
    address
}

/// The value of the unheld fact `key`, taken out of `facts`.
fn take_unheld(facts: &mut Facts, key: &str) -> Option<String> {
    let at = facts.unheld.iter().position(|(unheld, _)| unheld == key)?;
    Some(facts.unheld.remove(at).1)
}

/// A full address (`path`; `page_path` the path as the page writes it) made a path: the
/// spec's environment goes with a note, any other server is a decision of its own (said
/// as the page's `servers:` entry when it is one: whether the call is this API's), and the
/// path held one too where it is not the page's (a server's path prefix before it, a full
/// address), settled by a path of ours.
fn full_address(
    facts: &mut Facts,
    (path, page_path): (&str, &str),
    from_server: Option<&str>,
    bases: &[String],
    words: &str,
) {
    let ours = bases
        .iter()
        .filter(|base| !base.is_empty())
        .find(|base| path.starts_with(base.as_str()) && path[base.len()..].starts_with('/'));
    let server_end = ours.map_or_else(
        || {
            let host = path.find("://").map_or(0, |at| at + 3);
            path[host..].find('/').map_or(path.len(), |at| host + at)
        },
        String::len,
    );
    let (server, rest) = path.split_at(server_end);
    let placeholder = placeholder_segment(rest)
        .map(|(segment, after)| format!("; its segment `{segment}` looks like a placeholder of the page (a base address to fill), not part of the path: the path may be `{after}`"))
        .unwrap_or_default();
    let given = match from_server {
        Some(url) => format!(
            "the page's `servers:` entry `{url}`{words} (its address for this call: `{path}`)"
        ),
        None => format!("the page gives the full address `{path}`"),
    };
    if ours.is_some() {
        facts.notes.push(format!(
            "{given}; `{server}` is the spec's environment, so the path is `{rest}`{placeholder}"
        ));
    } else {
        let prefix = from_server
            .and_then(|url| url.find("://").map(|at| &url[at + 3..]))
            .and_then(|host| host.find('/').map(|at| &host[at..]))
            .map(|prefix| format!(" (with the server's path prefix `{prefix}`)"))
            .unwrap_or_default();
        if rest != page_path {
            facts.decisions.push(decision(
                "path",
                format!("{given}: the path held is `{rest}`{prefix}{placeholder}; to settle it, edit `path` in the entry and add `overrides: [path]`, or the next import puts the page's path back"),
            ));
            facts.unheld.push(("path".to_owned(), path.to_owned()));
        }
        facts.decisions.push(decision(
            FOREIGN_SERVER,
            format!("{given}: the server `{server}` is none of the spec's environments (api.yaml); decide whether the call is this API's (a path of ours does not settle this)"),
        ));
        facts
            .unheld
            .push((FOREIGN_SERVER.to_owned(), server.to_owned()));
    }
    facts.path = Some(rest.to_owned());
}

/// The first segment of `path` when it looks like a placeholder (`BASE_URL`, `{{host}}`,
/// `${BASE}`, `<base>`): all capitals, or a template; with the path after it.
fn placeholder_segment(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix('/')?;
    let (segment, _) = rest.split_once('/')?;
    let after = &rest[segment.len()..];
    let capitals = segment.len() > 2
        && segment.chars().any(|c| c.is_ascii_uppercase())
        && segment
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-');
    let template = super::placeholder::holds_template(segment)
        || (segment.starts_with('<') && segment.ends_with('>'));
    ((capitals || template) && after.len() > 1).then_some((segment, after))
}

/// The urls of a node's `servers:` (an operation's, a path item's, the document's), if
/// it lists some, each with its `description` when it has one.
pub(super) fn server_urls(node: &Value) -> Option<Vec<(String, Option<String>)>> {
    let servers = node.get("servers")?.as_sequence()?;
    Some(
        servers
            .iter()
            .filter_map(|server| {
                let url = server.get("url").and_then(scalar_text)?;
                let words = server
                    .get("description")
                    .and_then(scalar_text)
                    .map(|words| words.trim().to_owned())
                    .filter(|words| !words.is_empty());
                Some((url.trim().trim_end_matches('/').to_owned(), words))
            })
            .filter(|(url, _)| !url.is_empty())
            .collect(),
    )
}

/// A server of the page is a fact, handed on (as `unheld` `server`) to
/// `hold::hold_address`, which knows the spec's environments: the spec's own server loses
/// nothing, any other's address (with its path prefix, `http://host/v2/api`) goes before
/// the path. A path already given as a full address keeps its own server. Servers after
/// the first are noted: the spec holds one address per endpoint.
pub(super) fn on_server(facts: &mut Facts, urls: Vec<(String, Option<String>)>) {
    let Some((first, words)) = urls.first() else {
        return;
    };
    facts.unheld.push((SERVER.to_owned(), first.clone()));
    if let Some(words) = words {
        facts.unheld.push((SERVER_WORDS.to_owned(), words.clone()));
    }
    if urls.len() > 1 {
        let others: Vec<String> = urls[1..]
            .iter()
            .map(|(url, words)| match words {
                Some(words) => format!("`{url}` ({words})"),
                None => format!("`{url}`"),
            })
            .collect();
        facts.notes.push(format!(
            "the page lists other servers (its first, `{first}`, is read): {}",
            others.join(", ")
        ));
    }
}

/// A decision the page asks for about `fact`, saying what the page states.
fn decision(fact: &str, page: String) -> FactDecision {
    FactDecision {
        fact: fact.to_owned(),
        page,
        decided: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_server_is_dropped_with_a_note_and_the_path_kept() {
        for server in ["{{url}}", "${BASE}", "https://{{host}}", "<base>"] {
            let mut page = Facts::titled("部件");
            page.path = Some("/v1/images/edits".to_owned());
            page.unheld.push((SERVER.to_owned(), server.to_owned()));
            assert_eq!(hold_address(&mut page, &[]), Ok(()), "{server}");
            assert_eq!(page.path.as_deref(), Some("/v1/images/edits"));
            assert!(page.decisions.is_empty(), "{server}: {:?}", page.decisions);
            assert!(
                page.notes
                    .iter()
                    .any(|note| note.contains(&format!("`{server}` is a placeholder"))),
                "{server}: {:?}",
                page.notes
            );
        }
    }

    #[test]
    fn a_placeholder_segment_before_the_path_is_named_in_the_decision() {
        for (address, segment) in [
            (
                "https://api.vendor.invalid/BASE_URL/v1/audio/notes",
                "BASE_URL",
            ),
            (
                "https://api.vendor.invalid/{{host}}/v1/audio/notes",
                "{{host}}",
            ),
            (
                "https://api.vendor.invalid/${BASE}/v1/audio/notes",
                "${BASE}",
            ),
        ] {
            let mut page = Facts::titled("部件");
            page.path = Some(address.to_owned());
            assert_eq!(hold_address(&mut page, &[]), Ok(()));
            let said = &page.decisions[0].page;
            assert!(
                said.contains(&format!("its segment `{segment}` looks like a placeholder"))
                    && said.contains("the path may be `/v1/audio/notes`"),
                "{said}"
            );
        }
        let mut plain = Facts::titled("部件");
        plain.path = Some("https://api.vendor.invalid/v1/audio/notes".to_owned());
        assert_eq!(hold_address(&mut plain, &[]), Ok(()));
        assert!(!plain.decisions[0].page.contains("placeholder"));
    }

    /// Another host is a decision of its own; the path one too only where the path held
    /// is not the page's (a server's path prefix before it).
    #[test]
    fn another_host_and_a_changed_path_are_two_decisions() {
        let facts_of = |server: &str| {
            let mut page = Facts::titled("部件");
            page.path = Some("/rack/list".to_owned());
            page.unheld.push((SERVER.to_owned(), server.to_owned()));
            page.unheld
                .push((SERVER_WORDS.to_owned(), "测试环境".to_owned()));
            assert_eq!(hold_address(&mut page, &[]), Ok(()));
            page
        };
        let host = facts_of("https://api.vendor.invalid");
        let facts: Vec<&str> = host.decisions.iter().map(|d| d.fact.as_str()).collect();
        assert_eq!(facts, [FOREIGN_SERVER]);
        assert_eq!(host.path.as_deref(), Some("/rack/list"));
        assert!(
            host.decisions[0].page.contains("“测试环境”"),
            "{:?}",
            host.decisions
        );
        let prefixed = facts_of("https://api.vendor.invalid/v2");
        let facts: Vec<&str> = prefixed.decisions.iter().map(|d| d.fact.as_str()).collect();
        assert_eq!(facts, ["path", FOREIGN_SERVER]);
        assert_eq!(prefixed.path.as_deref(), Some("/v2/rack/list"));
    }
}
