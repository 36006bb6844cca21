//! `cargo xtask fetch`: the vendor's pages, downloaded politely into a folder under
//! `target/` (never version-controlled: the repository keeps our transcription, not the
//! vendor's pages), ready for `import`.
//!
//! Each page is asked for as Markdown first (`Accept: text/markdown`), then through its
//! `.md` twin, and kept only when the importer reads its format; anything else is recorded
//! as "not a page we can read" with the content type seen. Pages come from a list of
//! addresses, an `llms.txt`-style index, or the spec's own links. At most
//! [`Settings::in_flight`] requests run at once, started at [`Settings::rate`] per second at
//! the most; 429, 5xx and transport errors are tried again after a pause (the server's
//! `Retry-After` when it gives one); every request has a timeout and every page a size cap.
//! The validators a page came with (`ETag`, `Last-Modified`) are kept in the folder's
//! manifest so a second run asks conditionally and reports "unchanged".

mod get;
mod index;
mod manifest;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub use index::{Links, links};
pub use manifest::{Entry, MANIFEST, Manifest, page_address, twin_address};

use crate::import::Format;
use get::{Answer, Getter};

/// Which pages to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pages {
    /// These addresses.
    Urls(Vec<String>),
    /// Every page of its site that this index links to.
    Index(String),
}

/// How to fetch.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The folder the pages and the manifest go to.
    pub out: PathBuf,
    /// Requests started per second, at the most.
    pub rate: f64,
    /// Requests in flight at once, at the most.
    pub in_flight: usize,
    /// How long one request may take, body included.
    pub timeout: Duration,
    /// Tries per request on 429, 5xx and transport errors.
    pub tries: u32,
    /// The first pause before trying again; it doubles on each try.
    pub backoff: Duration,
    /// The longest pause, whatever `Retry-After` asks.
    pub max_wait: Duration,
    /// Pages larger than this are not kept.
    pub max_bytes: usize,
    /// A progress bar on a terminal, one line per page otherwise; off: silent.
    pub progress: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            out: PathBuf::from("target/jing-pages"),
            rate: 2.0,
            in_flight: 4,
            timeout: Duration::from_secs(20),
            tries: 4,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
            max_bytes: crate::import::MAX_BYTES,
            progress: true,
        }
    }
}

/// What became of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Its text was saved.
    Fetched {
        /// The file in the pages folder.
        file: PathBuf,
        /// The importer's format it is in.
        format: Format,
        /// The address that answered (the page or its `.md` twin).
        source: String,
    },
    /// The server said it has not changed since the last fetch; the saved file stands.
    Unchanged {
        /// The file in the pages folder.
        file: PathBuf,
    },
    /// It answered, but in no format the importer reads (an HTML-only page, say).
    NotAPage {
        /// What was seen: the content types and statuses of the page and its twin.
        seen: String,
    },
    /// It could not be fetched.
    Failed {
        /// Why.
        reason: String,
    },
}

/// One page and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageReport {
    /// The address asked for.
    pub url: String,
    /// What became of it.
    pub outcome: Outcome,
}

impl PageReport {
    /// The line printed for the page.
    pub fn line(&self) -> String {
        let url = &self.url;
        match &self.outcome {
            Outcome::Fetched {
                file,
                format,
                source,
            } => {
                let via = if source == url {
                    String::new()
                } else {
                    format!(", from {source}")
                };
                format!(
                    "fetched    {url} -> {} ({}{via})",
                    file.display(),
                    format.as_str()
                )
            }
            Outcome::Unchanged { file } => format!("unchanged  {url} ({})", file.display()),
            Outcome::NotAPage { seen } => format!(
                "not a page {url}: {seen}; no format the importer reads. Save it from a browser (apifox's \"copy page\" Markdown, an OpenAPI export, or the page's text) and import the saved file"
            ),
            Outcome::Failed { reason } => format!(
                "failed     {url}: {reason}. If it opens in a browser, save it from there and import the saved file"
            ),
        }
    }
}

/// What a fetch did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every page, in the order asked.
    pub pages: Vec<PageReport>,
    /// Links of an index to other sites, left out.
    pub elsewhere: usize,
}

impl Report {
    fn count(&self, wanted: fn(&Outcome) -> bool) -> usize {
        self.pages
            .iter()
            .filter(|page| wanted(&page.outcome))
            .count()
    }

    /// How many pages could not be fetched.
    pub fn failed(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Failed { .. }))
    }

    /// The files of every page fetched or unchanged, in order: what `--import` reads.
    pub fn readable(&self) -> Vec<PathBuf> {
        self.pages
            .iter()
            .filter_map(|page| match &page.outcome {
                Outcome::Fetched { file, .. } | Outcome::Unchanged { file } => Some(file.clone()),
                _ => None,
            })
            .collect()
    }

    /// `fetched N, unchanged N, not a page N, failed N`.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "fetched {}, unchanged {}, not a page {}, failed {}",
            self.count(|outcome| matches!(outcome, Outcome::Fetched { .. })),
            self.count(|outcome| matches!(outcome, Outcome::Unchanged { .. })),
            self.count(|outcome| matches!(outcome, Outcome::NotAPage { .. })),
            self.failed(),
        );
        if self.elsewhere > 0 {
            line.push_str(&format!(
                " ({} links to other sites left out)",
                self.elsewhere
            ));
        }
        line
    }
}

/// Every page address the spec links to: endpoints' `doc_url` and `doc_pages`, and webhook
/// event pages, in spec order, each once.
pub fn spec_pages(spec: &jing_spec::Spec) -> Vec<String> {
    let endpoint_pages = spec.endpoints().flat_map(|(_, endpoint)| {
        endpoint
            .doc_url
            .iter()
            .chain(&endpoint.doc_pages)
            .cloned()
            .collect::<Vec<_>>()
    });
    let event_pages = spec
        .webhooks
        .iter()
        .flat_map(|webhooks| webhooks.events())
        .filter_map(|(_, event)| event.doc_url.clone());
    let mut seen = std::collections::HashSet::new();
    endpoint_pages
        .chain(event_pages)
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
        .filter(|url| seen.insert(url.clone()))
        .collect()
}

/// Fetches `pages` as `settings` say, on a runtime of its own.
pub fn run(pages: &Pages, settings: &Settings) -> anyhow::Result<Report> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(fetch(pages, settings))
}

/// Fetches `pages` as `settings` say.
pub async fn fetch(pages: &Pages, settings: &Settings) -> anyhow::Result<Report> {
    if !(settings.rate.is_finite() && settings.rate > 0.0) {
        anyhow::bail!("--rate must be a positive number of requests per second");
    }
    std::fs::create_dir_all(&settings.out)
        .with_context(|| format!("creating {}", settings.out.display()))?;
    let getter = Arc::new(Getter::new(settings)?);
    let (urls, elsewhere) = match pages {
        Pages::Urls(urls) => (urls.clone(), 0),
        Pages::Index(index) => {
            let found = getter.index(index).await?;
            (found.pages, found.elsewhere)
        }
    };
    let previous = Arc::new(Manifest::load(&settings.out));
    let bar = progress_bar(settings, urls.len());
    let results: Vec<(PageReport, Option<Entry>)> = futures_util::stream::iter(urls)
        .map(|url| {
            let getter = Arc::clone(&getter);
            let previous = Arc::clone(&previous);
            let bar = bar.clone();
            async move {
                let result = fetch_page(&getter, &previous, url).await;
                if let Some(bar) = &bar {
                    if bar.is_hidden() {
                        eprintln!("{}", result.0.line());
                    } else {
                        bar.println(result.0.line());
                    }
                    bar.inc(1);
                }
                result
            }
        })
        .buffered(settings.in_flight.max(1))
        .collect()
        .await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let mut manifest = Manifest::clone(&previous);
    let mut report = Report {
        pages: Vec::with_capacity(results.len()),
        elsewhere,
    };
    for (page, entry) in results {
        if let Some(entry) = entry {
            manifest.pages.insert(page.url.clone(), entry);
        }
        report.pages.push(page);
    }
    manifest
        .save(&settings.out)
        .with_context(|| format!("writing {}", settings.out.join(MANIFEST).display()))?;
    Ok(report)
}

fn progress_bar(settings: &Settings, pages: usize) -> Option<ProgressBar> {
    if !settings.progress {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(pages as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}") {
        bar.set_style(style);
    }
    Some(bar)
}

/// Fetches one page: Markdown first, then its `.md` twin; with the manifest entry to keep.
async fn fetch_page(
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
