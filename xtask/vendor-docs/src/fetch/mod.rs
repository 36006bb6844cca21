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
mod pace;
mod page;
mod progress;
mod settings;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use futures_util::StreamExt;

pub use crate::manifest::{Entry, MANIFEST, Manifest, page_address, twin_address};
pub use index::{Links, links};

use get::Getter;
pub use page::file_name;
pub use settings::{Outcome, PageReport, Pages, Settings};

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

    /// How many pages could not be fetched, or came as several pages in one file.
    pub fn failed(&self) -> usize {
        self.count(|outcome| {
            matches!(
                outcome,
                Outcome::Failed { .. } | Outcome::SeveralPages { .. }
            )
        })
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
    let (slowest, fastest) = crate::limits::RATE_RANGE;
    if !(slowest..=fastest).contains(&settings.rate) {
        anyhow::bail!("--rate must be from {slowest} to {fastest} requests per second");
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
    let shared = Arc::new(shared_pages(&urls, &previous));
    let progress = settings
        .progress
        .then(|| Arc::new(progress::Progress::new(urls.len())));
    let results: Vec<(PageReport, Option<Entry>)> = futures_util::stream::iter(urls)
        .map(|url| {
            let getter = Arc::clone(&getter);
            let previous = Arc::clone(&previous);
            let shared = Arc::clone(&shared);
            let progress = progress.clone();
            async move {
                let result = page::fetch_page(&getter, &previous, &shared, url).await;
                if let Some(progress) = &progress {
                    progress.page(&result.0.line());
                }
                result
            }
        })
        .buffered(settings.in_flight.max(1))
        .collect()
        .await;
    if let Some(progress) = &progress {
        progress.finish();
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

/// The page addresses that more than one address of this run or of the folder's manifest
/// stands for (`…/api-1` and its twin `…/api-1.md`): their files are told apart by a hash
/// of the address, so no two addresses are ever saved to one file.
fn shared_pages(urls: &[String], previous: &Manifest) -> HashSet<String> {
    let mut addresses: HashMap<String, HashSet<&str>> = HashMap::new();
    for url in urls.iter().chain(previous.pages.keys()) {
        addresses
            .entry(page_address(url))
            .or_default()
            .insert(url.as_str());
    }
    addresses
        .into_iter()
        .filter(|(_, urls)| urls.len() > 1)
        .map(|(page, _)| page)
        .collect()
}
