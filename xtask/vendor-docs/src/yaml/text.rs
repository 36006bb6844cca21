//! Where things are in one YAML file's text: its lines and their byte offsets, the key a
//! positional key path names (from `jing_spec::key_positions`, the loader's own reading),
//! the span of a key's value (a flow collection, a block, a quoted or a plain scalar),
//! and the items of a block list found by their indentation. Nothing here edits.

use std::collections::BTreeMap;

/// The indent of a line: its leading spaces.
pub(crate) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether a line holds nothing but space or a comment.
pub(crate) fn is_blank(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// `to` moved back over the blank and comment lines that end `lines[from..to]` (they
/// belong to what follows), keeping at least one line.
pub(crate) fn trim_back(lines: &[&str], from: usize, to: usize) -> usize {
    let mut to = to;
    while to > from + 1 && is_blank(lines[to - 1]) {
        to -= 1;
    }
    to
}

/// Where the flow collection opening at `open` closes (the offset of its closing bracket).
pub(crate) fn matching(text: &str, open: usize) -> Option<usize> {
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

/// Where a scalar stands: in block context, or inside a flow collection (where `,`, `}`
/// and `]` end a plain one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Block,
    Flow,
}

/// The length of the scalar at the start of `rest` as the text writes it: a quoted one
/// with its quotes, a plain one up to its comment or the line's end (and, inside a flow
/// collection, up to the next `,`, `}` or `]`), trailing space left out.
pub(crate) fn scalar_len(rest: &str, context: Context) -> Option<usize> {
    match rest.chars().next() {
        Some('"') => {
            let mut escaped = false;
            for (index, c) in rest.char_indices().skip(1) {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => return Some(index + 1),
                    _ => {}
                }
            }
            None
        }
        Some('\'') => {
            // A doubled quote is a quote inside the text.
            let mut chars = rest.char_indices().skip(1).peekable();
            while let Some((index, c)) = chars.next() {
                if c == '\'' {
                    if chars.peek().is_some_and(|(_, next)| *next == '\'') {
                        chars.next();
                    } else {
                        return Some(index + 1);
                    }
                }
            }
            None
        }
        _ => {
            let stops: &[char] = match context {
                Context::Flow => &['\n', ',', '}', ']'],
                Context::Block => &['\n'],
            };
            let cut = rest.find(stops).unwrap_or(rest.len());
            let cut = rest[..cut].find(" #").unwrap_or(cut);
            Some(rest[..cut].trim_end().len())
        }
    }
}

/// The items of a block list in the text, by line.
#[derive(Debug)]
pub(crate) struct List {
    /// The indent of each item's `- `.
    pub(crate) indent: usize,
    /// The first line of each item.
    pub(crate) starts: Vec<usize>,
    /// The line of the list's key.
    pub(crate) heading: usize,
    /// The line after the list.
    pub(crate) end: usize,
    /// Whether the key holds `[]`, which an item appended opens into a block list.
    pub(crate) inline_empty: bool,
}

impl List {
    /// The lines of item `index` (its first line, and the line after its last one that is
    /// not blank: blank and comment lines before the next item belong to that one).
    pub(crate) fn item(&self, lines: &[&str], index: usize) -> Option<(usize, usize)> {
        let from = *self.starts.get(index)?;
        let next = self.starts.get(index + 1).copied().unwrap_or(self.end);
        Some((from, trim_back(lines, from, next)))
    }

    /// The line new items go before: after the last item, before the blank and comment
    /// lines that end the list.
    pub(crate) fn append_line(&self, lines: &[&str]) -> usize {
        let last = self.starts.last().copied().unwrap_or(self.heading);
        trim_back(lines, last, self.end)
    }
}

/// One file's text with its lines (and, when asked for, where its keys are).
pub(crate) struct Text<'t> {
    text: &'t str,
    lines: Vec<&'t str>,
    /// The byte offset of each line.
    starts: Vec<usize>,
    /// Each key path's (line, column), both from 1.
    keys: BTreeMap<String, (usize, usize)>,
}

impl<'t> Text<'t> {
    /// The text, by lines.
    pub(crate) fn new(text: &'t str) -> Self {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let starts = lines
            .iter()
            .scan(0, |at, line| {
                let start = *at;
                *at += line.len();
                Some(start)
            })
            .collect();
        Text {
            text,
            lines,
            starts,
            keys: BTreeMap::new(),
        }
    }

    /// The text, by lines and by key paths (the text read once more, by the loader's
    /// reader of positions).
    pub(crate) fn keyed(text: &'t str) -> Self {
        Text {
            keys: jing_spec::key_positions(text),
            ..Text::new(text)
        }
    }

    pub(crate) fn as_str(&self) -> &'t str {
        self.text
    }

    pub(crate) fn lines(&self) -> &[&'t str] {
        &self.lines
    }

    /// The byte offset where line `line` starts (the text's end past the last line).
    pub(crate) fn line_offset(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// The byte offset of the key a positional key path names (`endpoints[3].title`).
    pub(crate) fn key(&self, path: &str) -> Option<usize> {
        let (line, column) = *self.keys.get(path)?;
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let rest = &self.text[start..];
        let within = rest
            .char_indices()
            .nth(column.checked_sub(1)?)
            .map_or(rest.len(), |(at, _)| at);
        Some(start + within)
    }

    /// The start of the line that holds `offset`.
    pub(crate) fn line_start(&self, offset: usize) -> usize {
        self.text[..offset].rfind('\n').map_or(0, |at| at + 1)
    }

    /// Where the value of the key at `key` starts: after its colon and spaces (at the line
    /// break when the value is a block below it).
    pub(crate) fn value_start(&self, key: usize) -> Result<usize, String> {
        let colon = self.colon(key)?;
        let after = &self.text[colon + 1..];
        Ok(colon + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len()))
    }

    /// The offset of the colon after the key at `key`.
    pub(crate) fn colon(&self, key: usize) -> Result<usize, String> {
        Ok(key + self.text[key..].find(':').ok_or("a key without a colon")?)
    }

    /// Where the key at `key` stands: a member of a flow mapping (`{a: 1, key: …}`), or
    /// of a block one.
    pub(crate) fn context(&self, key: usize) -> Context {
        let before = &self.text[self.line_start(key)..key];
        if matches!(before.trim_end().chars().last(), Some('{' | ',')) {
            Context::Flow
        } else {
            Context::Block
        }
    }

    /// The span of the value of the key at `key` (a flow collection, a block, a quoted or
    /// a plain scalar).
    pub(crate) fn value_span(&self, key: usize) -> Result<(usize, usize), String> {
        let text = self.text;
        let start = self.value_start(key)?;
        let end = match text[start..].chars().next() {
            Some('{' | '[') => matching(text, start).ok_or("a mapping that does not close")? + 1,
            Some('\n') | None => self.block_end(key, key - self.line_start(key)),
            _ => {
                let len = scalar_len(&text[start..], self.context(key))
                    .ok_or("a quoted value that does not close")?;
                start + len
            }
        };
        Ok((start, end))
    }

    /// The end (offset, before its line break) of the block that follows the line holding
    /// `from`: the next lines indented deeper than `indent`.
    pub(crate) fn block_end(&self, from: usize, indent: usize) -> usize {
        let text = self.text;
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

    /// The block list under `key:` (written at `indent`) among lines `from..to`.
    pub(crate) fn list(&self, from: usize, to: usize, key: &str, indent: usize) -> Option<List> {
        let lines = &self.lines;
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
        Some(List {
            indent: item_indent,
            starts,
            heading: start,
            end,
            inline_empty: false,
        })
    }

    /// The list under the top-level key `key`: a block list, or one with no items yet
    /// (`key:` with nothing under it, or `key: []`), which items appended open.
    pub(crate) fn top_list(&self, key: &str) -> Result<List, String> {
        let lines = &self.lines;
        let prefix = format!("{key}:");
        let heading = lines
            .iter()
            .position(|line| line.starts_with(&prefix))
            .ok_or_else(|| format!("the file has no `{key}:` line"))?;
        let after_colon = lines[heading].trim_end()[prefix.len()..].trim();
        let inline_empty = after_colon == "[]";
        if !after_colon.is_empty() && !inline_empty && !after_colon.starts_with('#') {
            return Err(format!(
                "`{key}` is written inline; only a block list can be merged into"
            ));
        }
        if let Some(list) = self.list(heading, lines.len(), key, 0) {
            return Ok(list);
        }
        let end = (heading + 1..lines.len())
            .find(|&at| !is_blank(lines[at]) && indent_of(lines[at]) == 0)
            .unwrap_or(lines.len());
        Ok(List {
            indent: 2,
            starts: Vec::new(),
            heading,
            end,
            inline_empty,
        })
    }
}
