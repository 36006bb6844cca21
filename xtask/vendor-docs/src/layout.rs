//! The layout of a spec folder: its files in the loader's order (`api.yaml`, the group
//! files `NN-key.yaml`, `webhooks.yaml`) and the group key a file stands for. Read by the
//! drafts sheet and by `group add`, which import this module and not each other.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// The spec files of `spec_dir`, in the loader's order: `api.yaml`, the group files,
/// `webhooks.yaml`.
pub fn spec_files(spec_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(spec_dir)
        .with_context(|| format!("cannot read {}", spec_dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    let rank = |path: &PathBuf| match path.file_name().and_then(|name| name.to_str()) {
        Some(jing_spec::API_FILE) => 0,
        Some(jing_spec::WEBHOOKS_FILE) => 2,
        _ => 1,
    };
    files.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    Ok(files)
}

/// The group key a file stands for: `14-customer.yaml` gives `customer`; `api` and
/// `webhooks` for the other two.
pub fn file_key(file: &str) -> &str {
    let stem = file.strip_suffix(".yaml").unwrap_or(file);
    stem.split_once('-').map_or(stem, |(_, key)| key)
}
