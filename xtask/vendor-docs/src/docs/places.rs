//! Where things are in the text of one spec file, for the in-place edits of `docs apply`
//! (`text.rs`): key positions as byte offsets, the span of a member's value (flow, block,
//! quoted or plain), and the changes that add a member to an item or take one out.

use super::row::join;

/// The byte offset of (line, column), both from 1, the column counted in characters.
fn offset(text: &str, line_starts: &[usize], (line, column): (usize, usize)) -> Option<usize> {
    let start = *line_starts.get(line.checked_sub(1)?)?;
    let rest = &text[start..];
    let within = rest
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map_or(rest.len(), |(at, _)| at);
    Some(start + within)
}

/// Where the flow collection opening at `open` closes (the offset of its closing bracket).
pub(super) fn matching(text: &str, open: usize) -> Option<usize> {
    let (mut depth, mut quote): (usize, Option<char>) = (0, None);
    let mut escaped = false;
    for (index, c) in text[open..].char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some('"'), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + index);
                }
            }
            _ => {}
        }
    }
    None
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_blank(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// The end (offset, before its line break) of the block that follows the line holding
/// `from`: the next lines indented deeper than `indent`.
fn block_end(text: &str, from: usize, indent: usize) -> usize {
    let line_end = text[from..].find('\n').map_or(text.len(), |at| from + at);
    let mut end = line_end;
    let mut at = line_end;
    while at < text.len() {
        let next_start = at + 1;
        let next_end = text[next_start..]
            .find('\n')
            .map_or(text.len(), |offset| next_start + offset);
        let line = &text[next_start.min(text.len())..next_end];
        if !is_blank(line) {
            if indent_of(line) <= indent {
                break;
            }
            end = next_end;
        }
        at = next_end;
    }
    end
}

/// The key positions of one text, as byte offsets.
pub(super) struct Places<'t> {
    text: &'t str,
    positions: std::collections::BTreeMap<String, (usize, usize)>,
    line_starts: Vec<usize>,
}

impl<'t> Places<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Places {
            text,
            positions: jing_spec::key_positions(text),
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(at, _)| at + 1))
                .collect(),
        }
    }

    pub(super) fn at(&self, key: &str) -> Option<usize> {
        let position = self.positions.get(key)?;
        offset(self.text, &self.line_starts, *position)
    }

    /// Where the value of the key at `key` starts: after its colon and spaces.
    fn value_start(&self, key: usize) -> Result<usize, String> {
        let text = self.text;
        let colon = key + text[key..].find(':').ok_or("a key without a colon")?;
        let after = &text[colon + 1..];
        Ok(colon + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len()))
    }

    /// The span of the value of the key at `key` (a flow collection, a block, a quoted
    /// or a plain scalar).
    pub(super) fn value_span(&self, key: usize) -> Result<(usize, usize), String> {
        let text = self.text;
        let start = self.value_start(key)?;
        let line_start = text[..key].rfind('\n').map_or(0, |at| at + 1);
        let in_flow = matches!(
            text[line_start..key].trim_end().chars().last(),
            Some('{' | ',')
        );
        let end = match text[start..].chars().next() {
            Some('{' | '[') => matching(text, start).ok_or("a mapping that does not close")? + 1,
            Some('"') => {
                let close =
                    quoted_end(&text[start..]).ok_or("a quoted value that does not close")?;
                start + close
            }
            Some('\n') | None => block_end(text, key, key - line_start),
            _ => {
                let stops: &[char] = if in_flow {
                    &['\n', ',', '}', ']']
                } else {
                    &['\n']
                };
                let rest = &text[start..];
                let cut = rest.find(stops).unwrap_or(rest.len());
                let cut = rest[..cut].find(" #").unwrap_or(cut);
                start + rest[..cut].trim_end().len()
            }
        };
        Ok((start, end))
    }

    /// Where a new member goes right after the member `sibling` of a block item, and its
    /// indent: the end of that member's line (or block).
    pub(super) fn after(&self, item: &str, sibling: &str) -> Option<(usize, usize)> {
        let text = self.text;
        let key = self.at(&join(item, sibling))?;
        let line_start = text[..key].rfind('\n').map_or(0, |at| at + 1);
        let before = &text[line_start..key];
        let block = before
            .trim_start_matches(' ')
            .trim_start_matches("- ")
            .trim()
            .is_empty();
        if !block || before.contains('{') {
            return None;
        }
        let indent = before.chars().count();
        Some((block_end(text, key, indent), indent))
    }

    /// The change that takes out the member whose key is at `key`: its line(s) in a block
    /// mapping, or itself and one comma beside it in a flow one.
    pub(super) fn removal(&self, key: usize) -> Result<(usize, usize, String), String> {
        let text = self.text;
        let (_, end) = self.value_span(key)?;
        let line_start = text[..key].rfind('\n').map_or(0, |at| at + 1);
        let before = text[line_start..key].trim_end_matches([' ', '\t']);
        if before.ends_with(['{', ',']) {
            let after = &text[end..];
            let comma = after.len() - after.trim_start_matches([' ', '\t']).len();
            if after[comma..].starts_with(',') {
                // `{name_draft: true, name: x}` and `{a: b, name_draft: true, c: d}`.
                let next = &after[comma + 1..];
                let spaces = next.len() - next.trim_start_matches([' ', '\t']).len();
                return Ok((key, end + comma + 1 + spaces, String::new()));
            }
            // The last member: the comma before it goes.
            let comma = line_start + before.len() - 1;
            if text[comma..].starts_with(',') {
                return Ok((comma, end, String::new()));
            }
            return Ok((key, end, String::new()));
        }
        if !before.trim().is_empty() {
            return Err("a member to remove shares its line with another key".to_owned());
        }
        // The whole line, its comment and line break with it.
        let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at + 1);
        Ok((line_start, line_end, String::new()))
    }

    /// The change that adds `member: value` to the item at `item`.
    pub(super) fn insert(
        &self,
        item: &str,
        member: &str,
        value: &str,
    ) -> Result<(usize, usize, String), String> {
        let text = self.text;
        let at = self
            .at(item)
            .ok_or("an item of the sheet has no place in the text")?;
        let line_start = text[..at].rfind('\n').map_or(0, |at| at + 1);
        let before = text[line_start..at].trim_end_matches([' ', '\t']);
        if before.ends_with('{') {
            let open = line_start + before.len() - 1;
            let close = matching(text, open).ok_or("an item mapping that does not close")?;
            return Ok((close, close, format!(", {member}: {value}")));
        }
        // A block item: the new key goes after its last line, at its keys' indent.
        let indent = text[line_start..at].chars().count();
        let end = block_end(text, at, indent.saturating_sub(1));
        Ok((
            end,
            end,
            format!("\n{}{member}: {value}", " ".repeat(indent)),
        ))
    }
}

/// The length of a double-quoted scalar at the start of `text`, its quotes included.
fn quoted_end(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (index, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(index + 1),
            _ => {}
        }
    }
    None
}
