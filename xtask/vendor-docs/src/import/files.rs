//! The files of an import run: folders expanded (with their fetch manifest's addresses),
//! every file read and parsed once, on every core, in order.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

use super::Page;
use crate::manifest::{MANIFEST, Manifest};

/// A page read: its name, format, what it states and its fetched address.
pub(super) type Read = (String, &'static str, Page, Option<String>);

/// Reads and parses every file, on every core, in order: each a page, or why it cannot be
/// read (the file named), so one bad file does not hide the others.
pub(super) fn read_pages(
    files: &[(PathBuf, Option<String>)],
    max_bytes: usize,
) -> Vec<Result<Read, String>> {
    files
        .par_iter()
        .map(|(file, url)| {
            let name = file.display().to_string();
            let text = std::fs::read(file)
                .map_err(|error| format!("{name}: (file): cannot read the file: {error}"))
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| format!("{name}: (file): not UTF-8 text"))
                })?;
            let (format, page) =
                super::read_capped(&name, &text, max_bytes).map_err(|error| error.to_string())?;
            Ok((name, format.as_str(), page, url.clone()))
        })
        .collect()
}

/// The files named, folders expanded to the files in them (sorted, hidden files and a
/// fetch manifest left out), each with the page address its folder's fetch manifest gives.
pub(super) fn expand(names: &[PathBuf]) -> anyhow::Result<Vec<(PathBuf, Option<String>)>> {
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
            files.push((name.clone(), address_of(name)));
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
            files.push((path, url));
        }
    }
    Ok(files)
}
