//! The edits of a file's text, each a replacement of one byte span of the original, made
//! together in one pass (spans that overlap, or that do not fall on the text's characters,
//! are refused before anything is edited), and the edits the tools
//! make of their parts: a value replaced where it stands, a member renamed, removed or
//! added in its item's own style (flow or block), a list item rewritten from the value it
//! holds to the value wanted (`merge.rs`), and items appended to a list.

use serde_yaml::Value;

use super::path::join;
use super::text::{List, Text, indent_of, matching};
use super::{merge, style};

/// One replacement: the bytes `from..to` of the text become `text` (an insertion when
/// the span is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub(crate) from: usize,
    pub(crate) to: usize,
    pub(crate) text: String,
}

impl Edit {
    pub(crate) fn new(from: usize, to: usize, text: impl Into<String>) -> Self {
        Edit {
            from,
            to,
            text: text.into(),
        }
    }
}

/// The text with every edit made, in one pass over the text (so the work grows with the
/// text and the edits, not with their product). Spans that overlap (two edits of one
/// member, an insertion inside a replaced value) or do not fall on the text's characters
/// are refused; insertions at one offset keep their order, and one at the start of a
/// replaced span goes before it.
pub(crate) fn apply(text: &str, edits: Vec<Edit>) -> Result<String, String> {
    for edit in &edits {
        if text.get(edit.from..edit.to).is_none() {
            return Err(format!(
                "an edit spans bytes {}..{}, which is not a part of the text",
                edit.from, edit.to
            ));
        }
    }
    // In the text's order; at one offset, insertions (in their order) before a span
    // replaced from there.
    let mut edits: Vec<(usize, Edit)> = edits.into_iter().enumerate().collect();
    edits.sort_by_key(|(index, edit)| (edit.from, edit.to, *index));
    for pair in edits.windows(2) {
        let (earlier, later) = (&pair[0].1, &pair[1].1);
        if earlier.to > later.from {
            let line = |at: usize| text[..at].matches('\n').count() + 1;
            return Err(format!(
                "two edits overlap (at lines {} and {}); is one member named twice?",
                line(earlier.from),
                line(later.from)
            ));
        }
    }
    let added: usize = edits.iter().map(|(_, edit)| edit.text.len()).sum();
    let mut out = String::with_capacity(text.len() + added);
    let mut at = 0;
    for (_, edit) in &edits {
        out.push_str(&text[at..edit.from]);
        out.push_str(&edit.text);
        at = edit.to;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// The value of the key at `key` replaced by `value` (its text): in its place when it is
/// on the key's line, from the colon on when it is a block below it (the new value is then
/// written on the key's line). The rest of the line (a comment) stays.
pub(crate) fn replace_value(text: &Text<'_>, key: usize, value: &str) -> Result<Edit, String> {
    let (start, end) = text.value_span(key)?;
    if text.as_str()[start..].starts_with('\n') || start == text.as_str().len() {
        let colon = text.colon(key)?;
        return Ok(Edit::new(colon + 1, end, format!(" {value}")));
    }
    Ok(Edit::new(start, end, value))
}

/// The member whose key is at `key` written as `member: value` where it stands (a
/// proposal replaced by the decision in its place, its comment kept).
pub(crate) fn replace_member(
    text: &Text<'_>,
    key: usize,
    member: &str,
    value: &str,
) -> Result<Edit, String> {
    let (_, end) = text.value_span(key)?;
    Ok(Edit::new(key, end, format!("{member}: {value}")))
}

/// The removal of the member whose key is at `key`: its line(s) in a block mapping, or
/// itself and one comma beside it in a flow one.
pub(crate) fn remove_member(text: &Text<'_>, key: usize) -> Result<Edit, String> {
    let whole = text.as_str();
    let (_, end) = text.value_span(key)?;
    let line_start = text.line_start(key);
    let before = whole[line_start..key].trim_end_matches([' ', '\t']);
    if before.ends_with(['{', ',']) {
        let after = &whole[end..];
        let comma = after.len() - after.trim_start_matches([' ', '\t']).len();
        if after[comma..].starts_with(',') {
            // `{name_draft: true, name: x}` and `{a: b, name_draft: true, c: d}`.
            let next = &after[comma + 1..];
            let spaces = next.len() - next.trim_start_matches([' ', '\t']).len();
            return Ok(Edit::new(key, end + comma + 1 + spaces, ""));
        }
        // The last member: the comma before it goes.
        let comma = line_start + before.len() - 1;
        if whole[comma..].starts_with(',') {
            return Ok(Edit::new(comma, end, ""));
        }
        return Ok(Edit::new(key, end, ""));
    }
    if !before.trim().is_empty() {
        return Err("a member to remove shares its line with another key".to_owned());
    }
    // The whole line, its comment and line break with it.
    let line_end = whole[end..]
        .find('\n')
        .map_or(whole.len(), |at| end + at + 1);
    Ok(Edit::new(line_start, line_end, ""))
}

/// The removal of the block list item that holds the key at `key` (written `- key: …` or
/// `- {key: …}`): its lines, up to the next line no deeper than its `- `.
pub(crate) fn remove_item(text: &Text<'_>, key: usize) -> Result<Edit, String> {
    let whole = text.as_str();
    let line_start = text.line_start(key);
    let dash = whole[line_start..key].trim_end_matches([' ', '{']);
    if !dash.ends_with('-') || !dash[..dash.len() - 1].trim().is_empty() {
        return Err("a list item to remove does not start its line with `- `".to_owned());
    }
    let indent = dash.len() - 1;
    let first = whole[..line_start].matches('\n').count();
    let lines = text.lines();
    let next = (first + 1..lines.len())
        .find(|&line| !super::text::is_blank(lines[line]) && indent_of(lines[line]) <= indent)
        .unwrap_or(lines.len());
    Ok(Edit::new(line_start, text.line_offset(next), ""))
}

/// The insertion of `member: value` into the item at the key path `item`: before the
/// closing brace of a flow mapping, or after the last line of a block one, at its keys'
/// indent.
pub(crate) fn insert_member(
    text: &Text<'_>,
    item: &str,
    member: &str,
    value: &str,
) -> Result<Edit, String> {
    let whole = text.as_str();
    let at = text
        .key(item)
        .ok_or("an item of the sheet has no place in the text")?;
    let line_start = text.line_start(at);
    let before = whole[line_start..at].trim_end_matches([' ', '\t']);
    if before.ends_with('{') {
        let open = line_start + before.len() - 1;
        let close = matching(whole, open).ok_or("an item mapping that does not close")?;
        return Ok(Edit::new(close, close, format!(", {member}: {value}")));
    }
    let indent = whole[line_start..at].chars().count();
    let end = text.block_end(at, indent.saturating_sub(1));
    Ok(Edit::new(
        end,
        end,
        format!("\n{}{member}: {value}", " ".repeat(indent)),
    ))
}

/// The insertion of `member: value` right after the member `sibling` of the block item at
/// `item` (after that member's line or block), at its indent; `None` when the item is a
/// flow mapping or has no such member.
pub(crate) fn insert_after(
    text: &Text<'_>,
    item: &str,
    sibling: &str,
    member: &str,
    value: &str,
) -> Option<Edit> {
    let whole = text.as_str();
    let key = text.key(&join(item, sibling))?;
    let before = &whole[text.line_start(key)..key];
    let block = before
        .trim_start_matches(' ')
        .trim_start_matches("- ")
        .trim()
        .is_empty();
    if !block || before.contains('{') {
        return None;
    }
    let indent = before.chars().count();
    let end = text.block_end(key, indent);
    Some(Edit::new(
        end,
        end,
        format!("\n{}{member}: {value}", " ".repeat(indent)),
    ))
}

/// Item `index` of `list`, which holds `old`, rewritten to hold `new`: only the lines of
/// what changed change (`order` places keys new to it), else, when the text is one this
/// cannot follow, the item is written whole in the spec's style.
pub(crate) fn rewrite_item(
    text: &Text<'_>,
    list: &List,
    index: usize,
    old: &Value,
    new: &Value,
    order: &[&str],
) -> Result<Edit, String> {
    let lines = text.lines();
    let (from, to) = list
        .item(lines, index)
        .ok_or("a list item was not found in the text")?;
    let written = merge::item(&lines[from..to], list.indent, old, new, order)
        .filter(|written| merge::reads_back_as(written, new))
        .unwrap_or_else(|| style::list_item(new, list.indent));
    Ok(Edit::new(
        text.line_offset(from),
        text.line_offset(to),
        written,
    ))
}

/// `items` appended to `list` in the spec's style, after its last item and before the
/// blank and comment lines that end it (`key: []` opened into a block list).
pub(crate) fn append_items(text: &Text<'_>, list: &List, items: &[Value]) -> Vec<Edit> {
    if items.is_empty() {
        return Vec::new();
    }
    let whole = text.as_str();
    let at = text.line_offset(list.append_line(text.lines()));
    let mut written = String::new();
    // A last line without its line break gets one before what follows it.
    if at == whole.len() && !whole.is_empty() && !whole.ends_with('\n') {
        written.push('\n');
    }
    for item in items {
        written.push_str(&style::list_item(item, list.indent));
    }
    let mut edits = vec![Edit::new(at, at, written)];
    if list.inline_empty {
        let heading = text.lines()[list.heading];
        let key = heading.split(':').next().unwrap_or_default();
        let from = text.line_offset(list.heading);
        edits.push(Edit::new(
            from,
            from + heading.len(),
            format!("{}{key}:\n", " ".repeat(indent_of(heading))),
        ));
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(text: &str, edits: Vec<Edit>) -> Result<String, String> {
        apply(text, edits)
    }

    #[test]
    fn overlapping_or_misplaced_edits_are_refused_and_others_made_in_order() {
        let change = |from: usize, to: usize, text: &str| Edit::new(from, to, text);
        assert!(edited("abcdef", vec![change(1, 4, "X"), change(2, 2, "Y")]).is_err());
        assert!(edited("abcdef", vec![change(1, 4, "X"), change(3, 5, "Y")]).is_err());
        assert!(edited("abcdef", vec![change(4, 9, "X")]).is_err());
        assert!(edited("甲乙", vec![change(1, 3, "X")]).is_err());
        assert_eq!(
            edited(
                "abcdef",
                vec![
                    change(1, 1, "<"),
                    change(1, 4, "X"),
                    change(4, 4, ">"),
                    change(4, 4, ")")
                ]
            ),
            Ok("a<X>)ef".to_owned())
        );
    }

    const TEXT: &str = "top: 1\nitems:\n  - name: a\n    call_draft: list  # proposed\n    doc:\n      zh: 甲\n      draft: true\n    status: documented\n  - {name: b, flag: true, title: {zh: 乙, en: B}}\n";

    /// Each member operation, in a block item and a flow one, reads back as meant and
    /// keeps every other byte.
    #[test]
    fn members_are_replaced_renamed_removed_and_added_in_their_items_style() {
        let text = Text::keyed(TEXT);
        let key = |path: &str| text.key(path).unwrap_or_else(|| panic!("{path}"));
        let make = |edits: Vec<Result<Edit, String>>| {
            let edits: Vec<Edit> = edits
                .into_iter()
                .map(|edit| edit.unwrap_or_else(|error| panic!("{error}")))
                .collect();
            apply(TEXT, edits).unwrap_or_else(|error| panic!("{error}"))
        };
        let out = make(vec![
            replace_value(&text, key("items[0].doc"), "{zh: \"甲\", en: \"A\"}"),
            replace_member(&text, key("items[0].call_draft"), "call", "list_all"),
            replace_value(&text, key("items[1].title"), "{zh: \"乙\", en: \"Bee\"}"),
            remove_member(&text, key("items[1].flag")),
            insert_member(&text, "items[1]", "doc_url", "\"https://x.invalid/b\""),
            insert_member(&text, "items[0]", "path", "/v1/a"),
        ]);
        assert_eq!(
            out,
            "top: 1\nitems:\n  - name: a\n    call: list_all  # proposed\n    doc: {zh: \"甲\", en: \"A\"}\n    status: documented\n    path: /v1/a\n  - {name: b, title: {zh: \"乙\", en: \"Bee\"}, doc_url: \"https://x.invalid/b\"}\n"
        );
        let after = insert_after(&text, "items[0]", "name", "kind", "widget");
        assert_eq!(
            apply(TEXT, after.into_iter().collect())
                .map(|out| out.contains("  - name: a\n    kind: widget\n    call_draft")),
            Ok(true)
        );
        assert_eq!(insert_after(&text, "items[1]", "name", "kind", "x"), None);
        // Removal in a block item takes the member's line; the last member of a flow one
        // takes the comma before it.
        let out = make(vec![
            remove_member(&text, key("items[0].status")),
            remove_member(&text, key("items[1].title")),
        ]);
        assert!(
            out.contains("      draft: true\n  - {name: b, flag: true}\n"),
            "{out}"
        );
    }

    /// A list rewritten item by item and appended to, including a list that is `[]`, and a
    /// text whose last line has no line break.
    #[test]
    fn list_items_are_rewritten_in_place_and_appended_in_the_lists_style() {
        let source = "# head\nentries:\n  - name: a\n    type: string # ours\n\n  # b next\n  - name: b\n\n# tail\n";
        let text = Text::new(source);
        let list = text
            .top_list("entries")
            .unwrap_or_else(|error| panic!("{error}"));
        let old: Value = serde_yaml::from_str("{name: a, type: string}").unwrap_or_default();
        let new: Value = serde_yaml::from_str("{name: a, type: integer}").unwrap_or_default();
        let added: Value =
            serde_yaml::from_str("{name: c, doc: {zh: 丙, en: C}}").unwrap_or_default();
        let mut edits = vec![
            rewrite_item(&text, &list, 0, &old, &new, &[])
                .unwrap_or_else(|error| panic!("{error}")),
        ];
        edits.extend(append_items(&text, &list, std::slice::from_ref(&added)));
        assert_eq!(
            apply(source, edits),
            Ok("# head\nentries:\n  - name: a\n    type: integer # ours\n\n  # b next\n  - name: b\n  - name: c\n    doc: {zh: \"丙\", en: \"C\"}\n\n# tail\n".to_owned())
        );
        for (source, expected) in [
            (
                "entries: []\nafter: 1\n",
                "entries:\n  - name: c\n    doc: {zh: \"丙\", en: \"C\"}\nafter: 1\n",
            ),
            (
                "entries:\n  - name: a",
                "entries:\n  - name: a\n  - name: c\n    doc: {zh: \"丙\", en: \"C\"}\n",
            ),
        ] {
            let text = Text::new(source);
            let list = text
                .top_list("entries")
                .unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(
                apply(
                    source,
                    append_items(&text, &list, std::slice::from_ref(&added))
                ),
                Ok(expected.to_owned())
            );
        }
        assert!(Text::new("entries: [a]\n").top_list("entries").is_err());
    }
}
