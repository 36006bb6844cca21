//! How long hand-written files and functions are, counted in lines. Functions are found in
//! the text as rustfmt lays it out (which CI checks before any test runs): a line that
//! declares a `fn` with a body starts one, and the first later line that is only `}` at its
//! indent ends it; doc comments and attributes above it are not counted.

use std::path::{Path, PathBuf};

/// A file or function over its limit: where, and how many lines.
#[derive(Debug, PartialEq, Eq)]
pub struct Long {
    pub place: String,
    pub lines: usize,
}

/// Every `.rs` file under `dir`, folders named `generated` (the generator's) and `target`
/// (build output) left out, sorted.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path
                    .file_name()
                    .is_some_and(|name| name != "generated" && name != "target")
                {
                    folders.push(path);
                }
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Whether `line` (trimmed) declares a function: qualifiers, then `fn name`.
fn declares_fn(trimmed: &str) -> bool {
    let mut rest = trimmed;
    if let Some(after) = rest.strip_prefix("pub") {
        rest = match after.strip_prefix('(') {
            Some(inside) => inside.split_once(')').map_or("", |(_, after)| after),
            None => after,
        }
        .trim_start();
    }
    for qualifier in ["const ", "async ", "unsafe "] {
        rest = rest.strip_prefix(qualifier).unwrap_or(rest);
    }
    if let Some(after) = rest.strip_prefix("extern \"") {
        rest = after.split_once("\" ").map_or("", |(_, after)| after);
    }
    rest.strip_prefix("fn ")
        .is_some_and(|name| name.starts_with(|c: char| c.is_alphabetic() || c == '_'))
}

/// The functions of `text` longer than `limit` lines, each named by its first line.
pub fn long_functions(file: &str, text: &str, limit: usize) -> Vec<Long> {
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if !declares_fn(trimmed) || line.trim_end().ends_with(';') {
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let closing = format!("{indent}}}");
        let end = if line.trim_end().ends_with('}') {
            at
        } else {
            (at + 1..lines.len())
                .find(|&end| lines[end] == closing)
                .unwrap_or(lines.len() - 1)
        };
        let count = end - at + 1;
        if count > limit {
            long.push(Long {
                place: format!("{file}:{}: {}", at + 1, trimmed.trim_end_matches(" {")),
                lines: count,
            });
        }
    }
    long
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_are_counted_from_their_declaration_to_their_closing_brace() {
        let text = "/// Doc.\n#[test]\npub(crate) async fn a() {\n    let x = 1;\n    let y = x;\n}\n\nimpl X {\n    fn b(&self) -> u8 {\n        1\n    }\n    fn c(&self);\n    pub fn d() {}\n}\nfn effect() {}\n";
        let counted = |limit| long_functions("x.rs", text, limit);
        assert_eq!(
            counted(3),
            [Long {
                place: "x.rs:3: pub(crate) async fn a()".to_owned(),
                lines: 4
            }]
        );
        let places: Vec<String> = counted(0).into_iter().map(|long| long.place).collect();
        assert_eq!(
            places,
            [
                "x.rs:3: pub(crate) async fn a()",
                "x.rs:9: fn b(&self) -> u8",
                "x.rs:13: pub fn d() {}",
                "x.rs:15: fn effect() {}"
            ]
        );
        assert!(!declares_fn("let fnord = 1;"));
        assert!(declares_fn("pub(in crate::a) const unsafe fn e() {"));
    }
}
