//! The record a fetch keeps beside its pages (`pages.json`): for every page, its address,
//! the file it was saved as, the address that answered (the page or its `.md` twin), and
//! the validators (`ETag`, `Last-Modified`) a later run asks with.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::{Value, json};

/// The manifest's file name in a pages folder.
pub const MANIFEST: &str = "pages.json";

/// One page as last fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file in the pages folder.
    pub file: String,
    /// The address that answered with the page's text (the page or its `.md` twin).
    pub source: String,
    /// The `ETag` it came with.
    pub etag: Option<String>,
    /// The `Last-Modified` it came with.
    pub last_modified: Option<String>,
    /// The format the importer recognised.
    pub format: String,
}

/// Every page fetched into one folder, by address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Pages by the address asked for.
    pub pages: BTreeMap<String, Entry>,
}

impl Manifest {
    /// The manifest of `dir`; empty when there is none or it cannot be read (then every
    /// page is fetched again, unconditionally).
    pub fn load(dir: &Path) -> Manifest {
        let Ok(text) = std::fs::read_to_string(dir.join(MANIFEST)) else {
            return Manifest::default();
        };
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            return Manifest::default();
        };
        let text_of =
            |page: &Value, key: &str| page.get(key).and_then(Value::as_str).map(str::to_owned);
        let pages = value
            .get("pages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|page| {
                Some((
                    text_of(page, "url")?,
                    Entry {
                        file: text_of(page, "file")?,
                        source: text_of(page, "source")?,
                        etag: text_of(page, "etag"),
                        last_modified: text_of(page, "last_modified"),
                        format: text_of(page, "format").unwrap_or_default(),
                    },
                ))
            })
            .collect();
        Manifest { pages }
    }

    /// Writes the manifest into `dir`.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        let pages: Vec<Value> = self
            .pages
            .iter()
            .map(|(url, entry)| {
                json!({
                    "url": url,
                    "file": entry.file,
                    "source": entry.source,
                    "etag": entry.etag,
                    "last_modified": entry.last_modified,
                    "format": entry.format,
                })
            })
            .collect();
        let text = format!("{:#}\n", json!({ "pages": pages }));
        std::fs::write(dir.join(MANIFEST), text)
    }

    /// The page address of every file of the folder the manifest knows: the address asked
    /// for (named by the index or the command line), exactly: a `.md` link stays one (that
    /// address answered; the one without it may not exist), and a page whose text came
    /// from its `.md` twin keeps the page's own address, which the index named.
    pub fn addresses(&self) -> HashMap<String, String> {
        self.pages
            .iter()
            .map(|(url, entry)| (entry.file.clone(), url.clone()))
            .collect()
    }

    /// Whether another address than `url` already saved a page as `file`.
    pub fn file_taken(&self, file: &str, url: &str) -> bool {
        self.pages
            .iter()
            .any(|(other, entry)| entry.file == file && other != url)
    }
}

/// A page's address without the `.md` of its Markdown twin.
pub fn page_address(url: &str) -> String {
    match url.split_once('?') {
        Some((path, query)) => match path.strip_suffix(".md") {
            Some(page) => format!("{page}?{query}"),
            None => url.to_owned(),
        },
        None => url.strip_suffix(".md").unwrap_or(url).to_owned(),
    }
}

/// The address of a page's Markdown twin (`<page>.md`, before any query).
pub fn twin_address(url: &str) -> String {
    match url.split_once('?') {
        Some((path, query)) => format!("{path}.md?{query}"),
        None => format!("{url}.md"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twins_and_pages_are_each_others_address() {
        assert_eq!(
            twin_address("https://d.invalid/api-1"),
            "https://d.invalid/api-1.md"
        );
        assert_eq!(
            twin_address("https://d.invalid/a?x=1"),
            "https://d.invalid/a.md?x=1"
        );
        assert_eq!(
            page_address("https://d.invalid/api-1.md"),
            "https://d.invalid/api-1"
        );
        assert_eq!(
            page_address("https://d.invalid/a.md?x=1"),
            "https://d.invalid/a?x=1"
        );
        assert_eq!(page_address("https://d.invalid/a"), "https://d.invalid/a");
    }

    #[test]
    fn a_manifest_reads_back_as_saved() {
        let dir = std::env::temp_dir().join(format!("jing-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let mut manifest = Manifest::default();
        manifest.pages.insert(
            "https://d.invalid/api-1".to_owned(),
            Entry {
                file: "d.invalid_api-1.md".to_owned(),
                source: "https://d.invalid/api-1.md".to_owned(),
                etag: Some("\"v1\"".to_owned()),
                last_modified: None,
                format: "apifox Markdown".to_owned(),
            },
        );
        manifest.save(&dir).expect("saved");
        assert_eq!(Manifest::load(&dir), manifest);
        assert_eq!(
            Manifest::load(&dir)
                .addresses()
                .get("d.invalid_api-1.md")
                .map(String::as_str),
            Some("https://d.invalid/api-1")
        );
        // A `.md` address asked for is kept as it is.
        manifest.pages.insert(
            "https://d.invalid/api-2.md".to_owned(),
            Entry {
                file: "d.invalid_api-2.md".to_owned(),
                source: "https://d.invalid/api-2.md".to_owned(),
                etag: None,
                last_modified: None,
                format: "apifox Markdown".to_owned(),
            },
        );
        assert_eq!(
            manifest
                .addresses()
                .get("d.invalid_api-2.md")
                .map(String::as_str),
            Some("https://d.invalid/api-2.md")
        );
        assert!(manifest.file_taken("d.invalid_api-1.md", "https://d.invalid/other"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
