//! The first stage of an import, read: the files named (folders expanded, with their fetch
//! manifest's addresses), every file read and parsed once, on every core, in order, into
//! what its page states ([`Reading`]); a file that cannot be read is kept with why, and
//! the others are read. A page's address is the one it states of itself (`address.rs`),
//! else the one its folder's `pages.json` gives its file. Nothing here knows the spec.

pub(super) mod address;
pub(super) mod answer;
pub(super) mod answer_code;
pub(super) mod answer_nested;
pub(super) mod answer_shape;
pub(super) mod answer_words;
pub(super) mod apidog;
pub(super) mod apifox;
pub(super) mod content;
pub mod event;
pub(super) mod known_words;
pub(super) mod label;
pub(super) mod media;
pub(super) mod openapi;
pub(super) mod outside;
pub(super) mod page;
pub(super) mod page_found;
pub(super) mod page_words;
pub(crate) mod placeholder;
pub(super) mod scalar;
pub(super) mod schema;
pub(super) mod security;
pub(super) mod server;
pub(crate) mod title;
pub(super) mod words;

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

use super::Page;
use crate::manifest::{MANIFEST, Manifest};

/// One page read: its name, format, what it states and its address (stated or fetched).
#[derive(Debug, Clone)]
pub(super) struct PageRead {
    pub(super) name: String,
    pub(super) format: &'static str,
    pub(super) page: Page,
    pub(super) url: Option<String>,
}

/// What the first stage gives: every page read, in the order named, each file that could
/// not be read with why (the file named), so one bad file does not hide the others, and
/// each file of a folder that is no endpoint page (a schema page), skipped with why.
#[derive(Debug, Clone, Default)]
pub(super) struct Reading {
    pub(super) pages: Vec<PageRead>,
    pub(super) unread: Vec<String>,
    pub(super) skipped: Vec<String>,
}

/// Why a file gives no page: an error, or (in a folder) no endpoint page at all.
enum Unread {
    Failed(String),
    Skipped(String),
}

/// Reads the files (and folders) `names` name: every file read and parsed once, on every
/// core; a name that gives no file at all is an error.
pub(super) fn read(names: &[PathBuf], max_bytes: usize) -> anyhow::Result<Reading> {
    let files = expand(names)?;
    if files.is_empty() {
        let named: Vec<String> = names
            .iter()
            .map(|name| name.display().to_string())
            .collect();
        anyhow::bail!(
            "no page in {}: a folder is read for the pages directly in it (not in its subfolders)",
            named.join(", ")
        );
    }
    let read: Vec<Result<PageRead, Unread>> = files
        .par_iter()
        .map(|file| read_page(file, max_bytes))
        .collect();
    let mut reading = Reading::default();
    for page in read {
        match page {
            Ok(page) => reading.pages.push(page),
            Err(Unread::Failed(why)) => reading.unread.push(why),
            Err(Unread::Skipped(why)) => reading.skipped.push(why),
        }
    }
    Ok(reading)
}

/// One file read and parsed, or why it cannot be; a file of a folder that is no endpoint
/// page (a schema page an `llms.txt` index lists beside the endpoints) is skipped, while
/// one named by itself is an error.
fn read_page(file: &Named, max_bytes: usize) -> Result<PageRead, Unread> {
    let name = file.path.display().to_string();
    let text = read_file(&name, &file.path, max_bytes).map_err(Unread::Failed)?;
    let (format, page) = super::read_capped(&name, &text, max_bytes).map_err(|error| {
        if file.in_folder && error.is_not_endpoint_page() {
            Unread::Skipped(format!("{name}: {}: skipped", error.message))
        } else {
            Unread::Failed(error.to_string())
        }
    })?;
    let url = file.url.as_ref();
    // The address the page gives of itself wins (a page fetched from a mirror names the
    // vendor's); an OpenAPI document's addresses are its servers', not its own.
    let stated = match format {
        super::Format::OpenApi => None,
        _ => address::stated(&text),
    };
    Ok(PageRead {
        name,
        format: format.as_str(),
        page,
        url: stated.or_else(|| url.cloned()),
    })
}

/// The text of `file` (called `name`), if it is at most `max_bytes` long: its size is
/// checked first, so a larger file is refused unread, and the read stops past `max_bytes`
/// whatever the size said (a file that grew, or one whose size is not known up front).
fn read_file(name: &str, file: &Path, max_bytes: usize) -> Result<String, String> {
    let cannot = |error: std::io::Error| format!("{name}: (file): cannot read the file: {error}");
    let too_large = |size: String| {
        super::error::ImportError::new(
            name,
            "(file)",
            format!(
                "the file is {size} bytes; pages and exports over {max_bytes} bytes are refused (--max-bytes)"
            ),
        )
        .to_string()
    };
    let limit = u64::try_from(max_bytes).unwrap_or(u64::MAX);
    let opened = std::fs::File::open(file).map_err(cannot)?;
    let size = opened.metadata().map_err(cannot)?.len();
    if size > limit {
        return Err(too_large(size.to_string()));
    }
    let mut bytes = Vec::new();
    opened
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > max_bytes {
        return Err(too_large(format!("over {max_bytes}")));
    }
    String::from_utf8(bytes).map_err(|_| format!("{name}: (file): not UTF-8 text"))
}

/// A file to read: its path, the page address its folder's fetch manifest gives, and
/// whether a folder named it (not the command line).
struct Named {
    path: PathBuf,
    url: Option<String>,
    in_folder: bool,
}

/// The files named, folders expanded to the files in them (sorted, hidden files and a
/// fetch manifest left out), each with the page address its folder's fetch manifest gives.
fn expand(names: &[PathBuf]) -> anyhow::Result<Vec<Named>> {
    // Each folder's manifest is read once, however many of its files are named.
    let mut addresses: HashMap<PathBuf, HashMap<String, String>> = HashMap::new();
    let mut address_of = |file: &Path| -> Option<String> {
        let dir = file
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let known = addresses
            .entry(dir.to_path_buf())
            .or_insert_with(|| Manifest::load(dir).addresses());
        known.get(file.file_name()?.to_str()?).cloned()
    };
    let mut files = Vec::new();
    for name in names {
        if !name.is_dir() {
            files.push(Named {
                path: name.clone(),
                url: address_of(name),
                in_folder: false,
            });
            continue;
        }
        let mut inside: Vec<PathBuf> = std::fs::read_dir(name)
            .with_context(|| format!("cannot read the folder {}", name.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_file())
            .filter(|path| {
                path.file_name()
                    .and_then(|file| file.to_str())
                    .is_some_and(|file| !file.starts_with('.') && file != MANIFEST)
            })
            .collect();
        inside.sort();
        for path in inside {
            let url = address_of(&path);
            files.push(Named {
                path,
                url,
                in_folder: true,
            });
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_cap_is_refused_by_its_size_before_it_is_read() {
        let dir = std::env::temp_dir().join(format!("jing-import-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
        // A sparse 16 GiB file: read whole, it would take that much memory.
        let huge = dir.join("huge.md");
        let file = std::fs::File::create(&huge).unwrap_or_else(|error| panic!("{error}"));
        file.set_len(1 << 34)
            .unwrap_or_else(|error| panic!("{error}"));
        drop(file);
        let small = dir.join("small.md");
        std::fs::write(&small, "# 标题\n").unwrap_or_else(|error| panic!("{error}"));
        let not_text = dir.join("bytes.md");
        std::fs::write(&not_text, [0xff, 0xfe, 0xfd]).unwrap_or_else(|error| panic!("{error}"));
        let read = |file: &Path, max: usize| read_file("page.md", file, max);
        assert_eq!(
            read(&huge, 1_000),
            Err("page.md: (file): the file is 17179869184 bytes; pages and exports over 1000 bytes are refused (--max-bytes)".to_owned())
        );
        // One byte over is refused; at the cap is read.
        let size = "# 标题\n".len();
        assert!(read(&small, size - 1).is_err_and(|error| error.contains("--max-bytes")));
        assert_eq!(read(&small, size), Ok("# 标题\n".to_owned()));
        assert_eq!(
            read(&not_text, 10),
            Err("page.md: (file): not UTF-8 text".to_owned())
        );
        assert!(
            read(&dir.join("missing.md"), 10).is_err_and(|error| error.contains("cannot read"))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
