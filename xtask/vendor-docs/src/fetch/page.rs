//! One page fetched: asked for as Markdown, then through its `.md` twin; kept when the
//! importer reads its format, under a file name made from its address.

use std::collections::HashSet;

use super::get::{Answer, Getter};
use super::{Entry, Manifest, Outcome, PageReport, page_address, twin_address};
use crate::import::Format;

/// Fetches one page: Markdown first, then its `.md` twin; with the manifest entry to keep.
pub(super) async fn fetch_page(
    getter: &Getter,
    previous: &Manifest,
    shared: &HashSet<String>,
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
    let page = Page {
        getter,
        previous,
        shared,
        known,
        url: &url,
    };
    for source in sources {
        let validators = known.filter(|entry| entry.source == source);
        let answer = getter.get(&source, validators).await;
        match page.step(&source, answer) {
            Step::Done(done) => return done,
            Step::Next { note, refusal } => {
                seen.push(note);
                refused += usize::from(refusal);
            }
        }
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

/// The page being fetched: where it goes, what the folder held, and its address.
struct Page<'a> {
    getter: &'a Getter,
    previous: &'a Manifest,
    shared: &'a HashSet<String>,
    /// The folder's entry for the page, when its file is still there.
    known: Option<&'a Entry>,
    url: &'a str,
}

/// What one address's answer makes of the page: done (fetched, unchanged or failed), or
/// a note on what the address gave, and the next address is asked.
enum Step {
    Done((PageReport, Option<Entry>)),
    Next {
        note: String,
        /// Whether the address refused the request (a client error).
        refusal: bool,
    },
}

impl Page<'_> {
    fn step(&self, source: &str, answer: Result<Answer, String>) -> Step {
        let url = self.url.to_owned();
        let outcome = match answer {
            Err(reason) => Outcome::Failed { reason },
            Ok(Answer::NotModified) => match self.known {
                Some(entry) => {
                    let file = self.getter.out.join(&entry.file);
                    let report = PageReport {
                        url,
                        outcome: Outcome::Unchanged { file },
                    };
                    return Step::Done((report, Some(entry.clone())));
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
            }) => match readable(source, &text) {
                Ok(format) => {
                    let shared = self.shared.contains(&page_address(&url));
                    let name = file_name_of(&url, format, &text, shared);
                    let place = (url, source.to_owned(), name);
                    let saved = save(
                        self.getter,
                        self.previous,
                        place,
                        format,
                        &text,
                        etag,
                        last_modified,
                    );
                    return Step::Done(saved);
                }
                Err(Unread::SeveralPages(reason)) => {
                    let outcome = Outcome::SeveralPages { reason };
                    return Step::Done((PageReport { url, outcome }, None));
                }
                Err(Unread::Other(why)) => {
                    let note = format!("{source} answered {content_type}{why}");
                    return Step::Next {
                        note,
                        refusal: false,
                    };
                }
            },
            // A client error may be the page refusing Markdown: its twin is asked next.
            Ok(Answer::Status {
                status,
                content_type,
            }) if status.is_client_error() => {
                let note = format!("{source} answered {status} ({content_type})");
                return Step::Next {
                    note,
                    refusal: true,
                };
            }
            Ok(Answer::Status { status, .. }) => Outcome::Failed {
                reason: format!("HTTP {status}"),
            },
        };
        Step::Done((PageReport { url, outcome }, None))
    }
}

/// The format of a page's text when `import` reads it whole; otherwise why not, as the
/// end of a "not a page" note (empty when it is in no format import knows). A body that
/// only looks like a document (a JSON error object starts with `{` too) is no page: kept,
/// it would break every later `import` of the folder.
fn readable(source: &str, text: &str) -> Result<Format, Unread> {
    match crate::import::read_capped(source, text, usize::MAX) {
        Ok((format, _)) => Ok(format),
        // Text that shows part of a rendered page says what it shows and lacks.
        Err(_) if crate::import::detect(text).is_none() => Err(Unread::Other(
            crate::import::rendered_text_found(text)
                .map(|found| format!(" ({found})"))
                .unwrap_or_default(),
        )),
        Err(error) if error.is_several_pages() => Err(Unread::SeveralPages(format!(
            "{}: {}",
            error.place, error.message
        ))),
        Err(error) => Err(Unread::Other(format!(
            ", which import cannot read ({}: {})",
            error.place, error.message
        ))),
    }
}

/// Why a page's text is not kept: several pages in one file (a failure of its own, with
/// its own advice), or anything else (the end of a "not a page" note).
#[derive(Debug)]
enum Unread {
    SeveralPages(String),
    Other(String),
}

/// Saves a page's text (`url` answered by `source`) as `name`, removing the file an earlier
/// fetch saved it as when the name changed (the format did).
fn save(
    getter: &Getter,
    previous: &Manifest,
    (url, source, name): (String, String, String),
    format: Format,
    text: &str,
    etag: Option<String>,
    last_modified: Option<String>,
) -> (PageReport, Option<Entry>) {
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
    file_name_of(url, format, text, false)
}

/// [`file_name`], with the hash of the address whatever the name when `hashed` (the page
/// address is shared with another address fetched into the folder).
fn file_name_of(url: &str, format: Format, text: &str, hashed: bool) -> String {
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
    if hashed || ambiguous || name.len() < safe.len() {
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
        // A page and its twin fetched into one folder get a file each.
        let page = file_name_of("https://docs.invalid/api-1", md, "", true);
        let twin = file_name_of("https://docs.invalid/api-1.md", md, "", true);
        assert_ne!(page, twin);
        assert!(page.starts_with("docs.invalid_api-1-") && page.ends_with(".md"));
    }

    #[test]
    fn a_json_error_object_is_no_page() {
        let why = readable(
            "https://docs.invalid/a",
            r#"{"code": 40001, "msg": "no such page"}"#,
        );
        assert!(
            matches!(&why, Err(Unread::Other(why)) if why.contains("import cannot read")),
            "{why:?}"
        );
        // A page run onto one line (issue #28 M4) says what it shows.
        let collapsed = readable(
            "https://docs.invalid/a",
            "创建SKUPOST/ark/open_api/v3/common_controller调试请求参数Body 参数application/json",
        );
        assert!(
            matches!(&collapsed, Err(Unread::Other(why)) if why.contains("found POST /ark/open_api/v3/common_controller")),
            "{collapsed:?}"
        );
        let html = readable("https://docs.invalid/a", "<html></html>");
        assert!(
            matches!(&html, Err(Unread::Other(why)) if why.is_empty()),
            "{html:?}"
        );
    }
}
