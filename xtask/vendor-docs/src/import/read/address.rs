//! The address a page gives of itself, which becomes its entry's `doc_url` wherever the
//! page was saved or moved: a Markdown page's front matter (`url:`, `source:`,
//! `canonical:`), or a line of its own outside fenced blocks, near the top or the bottom,
//! that names it (`Source: https://…`, `URL: <https://…>`, `来源：https://…`,
//! `> Source: [title](https://…)`, `<!-- source: https://… -->`). Anything else in the text
//! (links in prose, servers of the OpenAPI document) is not the page's address.

/// The labels a line naming the page's own address starts with (case-insensitive).
const LABELS: &[&str] = &[
    "source",
    "url",
    "canonical",
    "page",
    "原文",
    "原文地址",
    "原文链接",
    "来源",
    "页面地址",
    "文档地址",
];

/// How many lines at the top and at the bottom of a page are looked at.
const EDGE_LINES: usize = 12;

/// The address `text` states as its own, if it states one.
pub(super) fn stated(text: &str) -> Option<String> {
    front_matter(text).or_else(|| labelled_line(text))
}

/// `url:` (or `source:`, `canonical:`) of a `---` front matter block at the very top.
fn front_matter(text: &str) -> Option<String> {
    let rest = text.trim_start_matches('\u{feff}').strip_prefix("---\n")?;
    let block = &rest[..rest.find("\n---")?];
    block.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        let key = key.trim().to_lowercase();
        ["url", "source", "canonical", "canonical_url", "source_url"]
            .contains(&key.as_str())
            .then(|| address(value))
            .flatten()
    })
}

/// A labelled line among the first and last lines outside fenced blocks.
fn labelled_line(text: &str) -> Option<String> {
    let mut fenced = false;
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                return false;
            }
            !fenced
        })
        .collect();
    let bottom = lines
        .len()
        .saturating_sub(EDGE_LINES)
        .max(EDGE_LINES.min(lines.len()));
    lines[..EDGE_LINES.min(lines.len())]
        .iter()
        .chain(&lines[bottom..])
        .find_map(|line| label_value(line).and_then(address))
}

/// The value of a line `LABEL: value` (a quote's `>`, an HTML comment and list or emphasis
/// marks around it allowed).
fn label_value(line: &str) -> Option<&str> {
    let line = line.trim();
    let line = line
        .strip_prefix("<!--")
        .and_then(|inner| inner.strip_suffix("-->"))
        .unwrap_or(line);
    let line = line.trim_start_matches(['>', '-', '*', ' ']).trim();
    let (label, value) = line.split_once([':', '：'])?;
    let label = label.trim_matches(['*', '_', ' ']).to_lowercase();
    LABELS.contains(&label.as_str()).then_some(value)
}

/// An `http(s)://` address written plainly, in `<…>`, or as a Markdown link's target.
fn address(value: &str) -> Option<String> {
    let value = value.trim().trim_matches(['*', '_']).trim();
    let value = match value.rfind("](") {
        Some(at) if value.ends_with(')') => &value[at + 2..value.len() - 1],
        _ => value,
    };
    let value = value.trim_start_matches('<').trim_end_matches('>').trim();
    let value = value.trim_matches(['"', '\'']);
    let scheme = value.starts_with("https://") || value.starts_with("http://");
    (scheme && value.len() > "https://".len() && !value.contains(char::is_whitespace))
        .then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::stated;

    #[test]
    fn a_page_names_itself_in_a_few_written_forms() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "---\ntitle: x\nurl: https://docs.invalid/api-1\n---\n# 标题\n",
                Some("https://docs.invalid/api-1"),
            ),
            (
                "# 标题\n\nSource: https://docs.invalid/api-2.md\n",
                Some("https://docs.invalid/api-2.md"),
            ),
            (
                "# 标题\n> 来源：<https://docs.invalid/api-3>\n",
                Some("https://docs.invalid/api-3"),
            ),
            (
                "# 标题\n\n**URL**: [查询](https://docs.invalid/api-4)\n",
                Some("https://docs.invalid/api-4"),
            ),
            (
                "<!-- source: https://docs.invalid/api-5 -->\n# 标题\n",
                Some("https://docs.invalid/api-5"),
            ),
            // Not the page's own: a link in prose, a server inside the fenced document, no
            // address after the label.
            ("# 标题\nSee https://docs.invalid/other for more.\n", None),
            (
                "# 标题\n```yaml\nservers:\n  - url: https://api.invalid\n```\n",
                None,
            ),
            ("# 标题\nSource: the vendor\n", None),
        ];
        for (text, expected) in cases {
            assert_eq!(stated(text).as_deref(), *expected, "{text}");
        }
    }
}
