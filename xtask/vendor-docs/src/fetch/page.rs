//! One page fetched: asked for as Markdown, then through its `.md` twin; kept when the
//! importer reads its format, under a file name made from its address.

use super::get::{Answer, Getter};
use super::{Entry, Manifest, Outcome, PageReport, page_address, twin_address};
use crate::import::Format;

/// Fetches one page: Markdown first, then its `.md` twin; with the manifest entry to keep.
pub(super) async fn fetch_page(
    getter: &Getter,
    previous: &Manifest,
    url: String,
) -> (PageReport, Option<Entry>) {
    let known = previous
        .pages
        .get(&url)
        .filter(|entry| getter.out.join(&entry.file).is_file());
    // An address that is itself a `.md` twin has no twin of its own.
    let twin = (page_address(&url) == url).then(|| twin_address(&url));
    let mut seen = Vec::new();
    let mut refused = 0;
    let sources: Vec<String> = std::iter::once(url.clone()).chain(twin).collect();
    let tried = sources.len();
    for source in sources {
        let validators = known.filter(|entry| entry.source == source);
        let outcome = match getter.get(&source, validators).await {
            Err(reason) => Outcome::Failed { reason },
            Ok(Answer::NotModified) => match known {
                Some(entry) => {
                    let entry = entry.clone();
                    let file = getter.out.join(&entry.file);
                    return (
                        PageReport {
                            url,
                            outcome: Outcome::Unchanged { file },
                        },
                        Some(entry),
                    );
                }
                None => Outcome::Failed {
                    reason:
                        "the server answered 304 Not Modified to a request that was not conditional"
                            .to_owned(),
                },
            },
            Ok(Answer::Text {
                text,
                etag,
                last_modified,
                content_type,
            }) => match crate::import::detect(&text) {
                Some(format) => {
                    return save(
                        getter,
                        previous,
                        url,
                        source,
                        format,
                        &text,
                        etag,
                        last_modified,
                    );
                }
                None => {
                    seen.push(format!("{source} answered {content_type}"));
                    continue;
                }
            },
            // A client error may be the page refusing Markdown: its twin is asked next.
            Ok(Answer::Status {
                status,
                content_type,
            }) if status.is_client_error() => {
                seen.push(format!("{source} answered {status} ({content_type})"));
                refused += 1;
                continue;
            }
            Ok(Answer::Status { status, .. }) => Outcome::Failed {
                reason: format!("HTTP {status}"),
            },
        };
        return (PageReport { url, outcome }, None);
    }
    let seen = if seen.is_empty() {
        "nothing readable".to_owned()
    } else {
        seen.join(", ")
    };
    // Every address refused it (404, 403, …): the page could not be fetched at all.
    let outcome = if refused == tried {
        Outcome::Failed { reason: seen }
    } else {
        Outcome::NotAPage { seen }
    };
    (PageReport { url, outcome }, None)
}

/// Saves a page's text under a name made from its address, removing the file an earlier
/// fetch saved it as when the name changed (the format did).
#[allow(clippy::too_many_arguments)]
fn save(
    getter: &Getter,
    previous: &Manifest,
    url: String,
    source: String,
    format: Format,
    text: &str,
    etag: Option<String>,
    last_modified: Option<String>,
) -> (PageReport, Option<Entry>) {
    let name = file_name(&url, format, text);
    let file = getter.out.join(&name);
    if previous.file_taken(&name, &url) {
        let reason = format!("its file name {name} is taken by another page of the folder");
        return (
            PageReport {
                url,
                outcome: Outcome::Failed { reason },
            },
            None,
        );
    }
    if let Err(error) = std::fs::write(&file, text) {
        let reason = format!("cannot write {}: {error}", file.display());
        return (
            PageReport {
                url,
                outcome: Outcome::Failed { reason },
            },
            None,
        );
    }
    if let Some(old) = previous.pages.get(&url).filter(|old| old.file != name) {
        let _ = std::fs::remove_file(getter.out.join(&old.file));
    }
    let entry = Entry {
        file: name,
        source: source.clone(),
        etag,
        last_modified,
        format: format.as_str().to_owned(),
    };
    let outcome = Outcome::Fetched {
        file,
        format,
        source,
    };
    (PageReport { url, outcome }, Some(entry))
}

/// A file name for a page: its address without the scheme and `.md`, characters outside
/// `[A-Za-z0-9._-]` as `_`, with a short hash of the address when that is not enough to
/// tell two addresses apart; the extension says the format.
pub fn file_name(url: &str, format: Format, text: &str) -> String {
    let page = page_address(url);
    let bare = page
        .split_once("://")
        .map_or(page.as_str(), |(_, rest)| rest)
        .trim_end_matches('/');
    let safe: String = bare
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let ambiguous = bare
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/')));
    let mut name: String = safe.chars().take(100).collect();
    if ambiguous || name.len() < safe.len() {
        // FNV-1a: stable across runs and platforms, which std's hasher is not.
        let hash = url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        name.push_str(&format!("-{:08x}", hash as u32));
    }
    let extension = match format {
        Format::ApifoxMarkdown => "md",
        Format::OpenApi if text.trim_start().starts_with('{') => "json",
        Format::OpenApi => "yaml",
        Format::PageText => "txt",
        Format::EventPage => "md",
    };
    format!("{name}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_readable_and_tell_addresses_apart() {
        let md = Format::ApifoxMarkdown;
        assert_eq!(
            file_name("https://docs.invalid/shared/p1/api-123.md", md, ""),
            "docs.invalid_shared_p1_api-123.md"
        );
        assert_eq!(
            file_name(
                "https://docs.invalid/shared/p1/api-123",
                Format::OpenApi,
                "{}"
            ),
            "docs.invalid_shared_p1_api-123.json"
        );
        let a = file_name("https://docs.invalid/a_b", md, "");
        let b = file_name("https://docs.invalid/a/b", md, "");
        assert_ne!(a, b);
        let long = format!("https://docs.invalid/{}", "x".repeat(300));
        assert!(file_name(&long, md, "").len() < 120);
    }
}
