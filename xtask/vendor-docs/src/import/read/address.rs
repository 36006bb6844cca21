//! The address a page gives of itself, which becomes its entry's `doc_url` wherever the
//! page was saved or moved: a Markdown page's front matter (`url:`, `source:`,
//! `canonical:`), or a line of its own outside fenced blocks, near the top or the bottom,
//! that names it (`Source: https://…`, `URL: <https://…>`, `来源：https://…`,
//! `> Source: [title](https://…)`, `<!-- source: https://… -->`). Such a line is known by
//! its shape: a label (in a common language: `Fonte`, `Fuente`, `Quelle`, `ソース`, …; or,
//! in a quote at the top, any short label but a server's) then a value holding exactly one
//! address, bare, in `<…>`, as a link or in words around it
//! (`> **Fonte:** opendoc EchoTik (https://…) · **Auth:** Basic`). Anything else in the
//! text (links in prose, a bare address line, servers of the OpenAPI document) is not the
//! page's address.

/// The labels a line naming the page's own address starts with (case-insensitive), in
/// the languages vendor pages and their write-ups are found in.
const LABELS: &[&str] = &[
    "source",
    "url",
    "canonical",
    "page",
    "origin",
    "original",
    "fonte",
    "fuente",
    "quelle",
    "bron",
    "źródło",
    "источник",
    "kaynak",
    "nguồn",
    "sumber",
    "原文",
    "原文地址",
    "原文链接",
    "来源",
    "來源",
    "出处",
    "出處",
    "页面地址",
    "文档地址",
    "ソース",
    "出典",
    "出所",
    "원문",
    "출처",
];

/// Words of a label that names a server or an endpoint, never the page itself: a quoted
/// line with such a label is not taken by its shape alone.
const NOT_THE_PAGE: &[&str] = &[
    "server",
    "servidor",
    "serveur",
    "base",
    "host",
    "endpoint",
    "api",
    "domain",
    "gateway",
    "environment",
    "http",
    "服务器",
    "域名",
    "环境",
    "接口",
    "请求",
    "サーバ",
    "서버",
];

/// The longest label (in characters) a quoted line is taken by its shape alone.
const SHORT_LABEL: usize = 16;

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
        .find_map(|line| source_line(line))
}

/// The page's own address when `line` is a source line (`Source: https://…`, `> **Fonte:**
/// …`, `# Source: https://…`), as [`stated`] finds it among a page's first and last lines.
pub(super) fn source_line(line: &str) -> Option<String> {
    label_value(line).and_then(address)
}

/// The value of a line `LABEL: value` (a quote's `>`, an HTML comment and list or emphasis
/// marks or a heading's `#` around it allowed) whose label is one of [`LABELS`], or, on a quoted line, a
/// short one that does not name a server.
fn label_value(line: &str) -> Option<&str> {
    let line = line.trim();
    let line = line
        .strip_prefix("<!--")
        .and_then(|inner| inner.strip_suffix("-->"))
        .unwrap_or(line);
    let quoted = line.starts_with('>');
    let line = line.trim_start_matches(['>', '-', '*', '#', ' ']).trim();
    let (label, value) = line.split_once([':', '：'])?;
    let label = label.trim_matches(['*', '_', ' ']).to_lowercase();
    let known = LABELS.contains(&label.as_str());
    (known || quoted && is_short_label(&label)).then_some(value)
}

/// A label a quoted line is taken by: a word or two of letters, naming no server.
fn is_short_label(label: &str) -> bool {
    !label.is_empty()
        && label.chars().count() <= SHORT_LABEL
        && label.split_whitespace().count() <= 2
        && label.chars().all(|c| c.is_alphabetic() || c == ' ')
        && !NOT_THE_PAGE.iter().any(|word| label.contains(word))
        && label != "url"
}

/// An `http(s)://` address written plainly, in `<…>`, or as a Markdown link's target; or
/// the one address among words (`opendoc EchoTik (https://…) · Auth: Basic`).
fn address(value: &str) -> Option<String> {
    whole_address(value).or_else(|| only_address_in(value))
}

/// The one `http(s)://` address in `value`, ended by a space or a closing mark; none when
/// there are two.
fn only_address_in(value: &str) -> Option<String> {
    let found: Vec<String> = value
        .match_indices("http")
        .filter_map(|(at, _)| {
            let rest = &value[at..];
            let end = rest
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, ')' | '>' | ']' | '"' | '\'' | '`')
                })
                .unwrap_or(rest.len());
            whole_address(rest[..end].trim_end_matches(['.', ',', ';', '。', '，']))
        })
        .collect();
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// A value that is an `http(s)://` address and nothing else.
fn whole_address(value: &str) -> Option<String> {
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
            // Mintlify's `.md` twin of a page names itself in a heading (issue #28, tester28e M2).
            (
                "# Source: https://docs.invalid/api-6.md\n\n# Remove a user\n",
                Some("https://docs.invalid/api-6.md"),
            ),
            // Not the page's own: a link in prose, a server inside the fenced document, no
            // address after the label.
            ("# 标题\nSee https://docs.invalid/other for more.\n", None),
            (
                "# 标题\n```yaml\nservers:\n  - url: https://api.invalid\n```\n",
                None,
            ),
            ("# 标题\nSource: the vendor\n", None),
            // A label in another language, the address among words on a quoted line
            // (issue #28 L1, a Portuguese write-up), and a short quoted label of its own.
            (
                "# Lista\n\n> **Fonte:** opendoc EchoTik (https://docs.invalid/en/369) · **`GET /api/v3/list`** · **Auth:** Basic\n",
                Some("https://docs.invalid/en/369"),
            ),
            (
                "# 一覧\nソース：https://docs.invalid/ja-1\n",
                Some("https://docs.invalid/ja-1"),
            ),
            (
                "# Liste\n> Quelle: <https://docs.invalid/de-1>\n",
                Some("https://docs.invalid/de-1"),
            ),
            (
                "# Lista\n> **Documento:** https://docs.invalid/es-1\n",
                Some("https://docs.invalid/es-1"),
            ),
            // Not the page's own: a bare address line (a server, above the title), a quoted
            // server, a known label with two addresses, an unknown label unquoted.
            ("http://studio.test.invalid \n\n# 项目概览列表\n", None),
            ("# Lista\n> **Base URL:** https://api.invalid/v3\n", None),
            ("# Lista\n> Servidor: https://api.invalid/v3\n", None),
            ("> http://studio.test.invalid\n# 项目\n", None),
            (
                "# Lista\nFonte: https://a.invalid/1 e https://b.invalid/2\n",
                None,
            ),
            ("# Lista\nDocumento: https://docs.invalid/es-2\n", None),
        ];
        for (text, expected) in cases {
            assert_eq!(stated(text).as_deref(), *expected, "{text}");
        }
    }
}
