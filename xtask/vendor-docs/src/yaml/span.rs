//! Where the keys and items of a block node are in its lines: each one's span, from the
//! blank and comment lines before it to the next one's, which `merge.rs` keeps byte for
//! byte or rewrites. A key is found only where the node is a plain block mapping (keys
//! at one indent, nothing less indented), an item only by its `- ` at the list's indent.

use super::text::{indent_of, is_blank};

/// One key (or list item) of a block node in the text: the blank and comment lines
/// before it (`lead..line`), its first line, and the line after it (`to`).
pub(super) struct Span {
    /// The key (empty for a list item).
    pub(super) key: String,
    /// The first of the blank and comment lines before it.
    pub(super) lead: usize,
    /// Its own first line.
    pub(super) line: usize,
    /// The line after it.
    pub(super) to: usize,
}

/// Spans from the first line of each key or item: each takes the blank and comment lines
/// before it, and reaches to the next one's.
fn spans(lines: &[&str], starts: Vec<(String, usize)>) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for (key, line) in starts {
        let lead = match spans.last_mut() {
            Some(last) => {
                let lead = content_end(lines, last.line, line);
                last.to = lead;
                lead
            }
            None => 0,
        };
        spans.push(Span {
            key,
            lead,
            line,
            to: lines.len(),
        });
    }
    spans
}

/// The keys of the block mapping whose keys sit at `indent` in `lines` (every line of the
/// node, nothing else); `None` when the text is not a plain block mapping at that indent.
pub(super) fn key_spans(lines: &[&str], indent: usize) -> Option<Vec<Span>> {
    let mut starts = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if is_blank(line) {
            continue;
        }
        let own = indent_of(line);
        if own > indent || (own == indent && line.trim_start().starts_with("- ")) {
            if starts.is_empty() {
                return None;
            }
            continue;
        }
        if own < indent {
            return None;
        }
        starts.push((plain_key(line.trim_start())?, at));
    }
    Some(spans(lines, starts))
}

/// The items of the block list whose `- ` lines sit at `indent` in `lines` (every line of
/// the node, nothing else), each with an empty key.
pub(super) fn item_spans(lines: &[&str], indent: usize) -> Vec<Span> {
    let starts: Vec<(String, usize)> = (0..lines.len())
        .filter(|&at| indent_of(lines[at]) == indent && lines[at].trim_start().starts_with("- "))
        .map(|at| (String::new(), at))
        .collect();
    spans(lines, starts)
}

/// The key of a `key: …` line, when it is a plain one.
pub(super) fn plain_key(text: &str) -> Option<String> {
    let (key, _) = text.split_once(':')?;
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plain.then(|| key.to_owned())
}

/// The end of `lines[from..to]` without the blank and comment lines that close it.
pub(super) fn content_end(lines: &[&str], from: usize, to: usize) -> usize {
    let mut end = to;
    while end > from + 1 && is_blank(lines[end - 1]) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_span_takes_the_comments_before_it_and_ends_at_the_next() {
        let text = "a: 1\n\n# about b\nb:\n  c: 2\nd: 3\n";
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let spans = key_spans(&lines, 0).unwrap_or_default();
        let found: Vec<_> = spans
            .iter()
            .map(|span| (span.key.as_str(), span.lead, span.line, span.to))
            .collect();
        assert_eq!(found, [("a", 0, 0, 1), ("b", 1, 3, 5), ("d", 5, 5, 6)]);
        assert!(key_spans(&lines[3..5], 2).is_none(), "a less indented line");
        let list = "- x\n  # second\n- y\n";
        let lines: Vec<&str> = list.split_inclusive('\n').collect();
        let items: Vec<_> = item_spans(&lines, 0)
            .iter()
            .map(|s| (s.lead, s.to))
            .collect();
        assert_eq!(items, [(0, 1), (1, 3)]);
    }
}
