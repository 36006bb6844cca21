//! Line-level editing of YAML block lists: finding the items of a list under a key by
//! their indentation, and writing a mapping back as one item. The merges replace only the
//! lines of the items they change, so every other byte of a file stays as it was.

/// The items of a block list in a YAML text, found by indentation.
#[derive(Debug)]
pub(super) struct ListItems {
    /// The indent of each item's `- `.
    pub(super) indent: usize,
    /// The first line of each item.
    pub(super) starts: Vec<usize>,
    /// The first line of the list's key.
    pub(super) start: usize,
    /// The line after the list.
    pub(super) end: usize,
}

impl ListItems {
    /// The lines of item `index`: its first line and the line after it.
    pub(super) fn item(&self, index: usize) -> Option<(usize, usize)> {
        let from = *self.starts.get(index)?;
        let to = self.starts.get(index + 1).copied().unwrap_or(self.end);
        Some((from, to))
    }
}

pub(super) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

pub(super) fn is_blank(line: &str) -> bool {
    line.trim().is_empty() || line.trim_start().starts_with('#')
}

/// The block list under `key:` (written at `indent`) among lines `from..to`.
pub(super) fn list_items(
    lines: &[&str],
    from: usize,
    to: usize,
    key: &str,
    indent: usize,
) -> Option<ListItems> {
    let heading = format!("{}{key}:", " ".repeat(indent));
    let start = (from..to).find(|&at| {
        let line = lines[at].trim_end();
        line == heading
            || line
                .strip_prefix(&heading)
                .is_some_and(|rest| rest.trim_start().starts_with('#'))
    })?;
    let first = (start + 1..to).find(|&at| !is_blank(lines[at]))?;
    let item_indent = indent_of(lines[first]);
    if !lines[first].trim_start().starts_with("- ") || item_indent < indent {
        return None;
    }
    let end = (first..to)
        .find(|&at| {
            let line = lines[at];
            !is_blank(line)
                && (indent_of(line) < item_indent
                    || (indent_of(line) == item_indent && !line.trim_start().starts_with("- ")))
        })
        .unwrap_or(to);
    let starts = (first..end)
        .filter(|&at| {
            indent_of(lines[at]) == item_indent && lines[at].trim_start().starts_with("- ")
        })
        .collect();
    Some(ListItems {
        indent: item_indent,
        starts,
        start,
        end,
    })
}

/// `to` moved back over the blank and comment lines that end the range `from..to` (they
/// belong to what follows).
pub(super) fn trim_back(lines: &[&str], from: usize, to: usize) -> usize {
    let mut to = to;
    while to > from + 1 && is_blank(lines[to - 1]) {
        to -= 1;
    }
    to
}
