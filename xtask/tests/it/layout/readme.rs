//! The root README's promises about itself: it stays short enough to read (15 KB) and its
//! layout names every folder that holds Rust source, and no folder that is gone. The
//! layout is the first `text` block under `## Layout`; a folder is named when a line of it
//! starts with the folder's path and a `/`.

use std::collections::BTreeSet;
use std::path::Path;

/// The README's size limit, in bytes.
pub const MAX_BYTES: usize = 15 * 1024;

/// Folders left out of the walk: build output, version control, saved inputs (not source).
const SKIPPED: &[&str] = &["target", "tests/fixtures"];

/// The paths (from the root, `/`-separated, ending in `/`) the layout block names: the first
/// word of each of its lines that ends in `/`.
pub fn named_folders(readme: &str) -> Option<BTreeSet<String>> {
    let after = readme.split_once("\n## Layout\n")?.1;
    let block = after.split_once("```text\n")?.1.split_once("```")?.0;
    Some(
        block
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .filter(|word| word.ends_with('/'))
            .map(str::to_string)
            .collect(),
    )
}

/// Every folder under `root` that holds a `.rs` file, as `path/` from the root.
pub fn source_folders(root: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = relative(root, &path);
            if path.is_dir() {
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                let skipped =
                    SKIPPED.iter().any(|skip| name == *skip) || entry.file_name() == "target";
                if !hidden && !skipped {
                    folders.push(path);
                }
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.insert(format!("{}/", relative(root, &folder)));
            }
        }
    }
    found
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn the_layout_block_is_read_from_the_text_under_its_heading() {
    let readme = "# x\n## Layout\n\n```text\na/b/   one\n  c.rs   no\nd/     two\n```\n";
    let named = named_folders(readme).expect("a layout block");
    assert_eq!(named.into_iter().collect::<Vec<_>>(), ["a/b/", "d/"]);
    assert!(named_folders("# x\n## Other\n```text\na/\n```\n").is_none());
}
