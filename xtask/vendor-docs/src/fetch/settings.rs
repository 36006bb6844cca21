//! What a fetch is asked to do ([`Pages`], [`Settings`]) and what became of each page
//! ([`Outcome`], [`PageReport`]): the types the fetch's steps share, apart from the steps.

use std::path::PathBuf;
use std::time::Duration;

use crate::import::Format;

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
    /// It answered a file holding several pages (OpenAPI blocks) that import reads one per
    /// file: counted failed, never saved as one page nor dropped as none.
    SeveralPages {
        /// What import says of it: how many blocks, at which lines.
        reason: String,
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
            Outcome::SeveralPages { reason } => format!(
                "failed     {url}: {reason}; save it, split it at each page's `# title` into files of their own, and import those"
            ),
            Outcome::Failed { reason } => format!(
                "failed     {url}: {reason}. If it opens in a browser, save it from there and import the saved file"
            ),
        }
    }
}
