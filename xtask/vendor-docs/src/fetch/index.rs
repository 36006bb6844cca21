//! The pages an `llms.txt`-style index links to: Markdown links (`[title](url)`), angle
//! links (`<https://…>`) and bare addresses, resolved against the index's own address, in
//! the index's order, each once. Links to other sites (another origin) are left out (an index may point at
//! the vendor's home page or a blog); the caller reports how many.

use url::Url;

/// What an index links to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// Pages of the index's own site, in order, each once.
    pub pages: Vec<String>,
    /// Links to other sites, left out.
    pub elsewhere: usize,
}

/// The links of `text`, an index served at `base`.
pub fn links(base: &Url, text: &str) -> Links {
    let mut found = Links::default();
    let mut seen = std::collections::HashSet::new();
    for target in targets(text) {
        let Ok(url) = base.join(target.trim()) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") || url == *base {
            continue;
        }
        // Same origin only: another host, port or scheme (an `http` link in an `https`
        // index) is another site.
        if url.origin() != base.origin() {
            found.elsewhere += 1;
            continue;
        }
        let mut url = url;
        url.set_fragment(None);
        let url = url.to_string();
        if seen.insert(url.clone()) {
            found.pages.push(url);
        }
    }
    found
}

/// The link targets of a Markdown text, in order.
fn targets(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        let mut any = false;
        while let Some(open) = rest.find("](") {
            let after = &rest[open + 2..];
            let Some(close) = after.find(')') else {
                break;
            };
            // `[t](url "title")`: the target is the part before the title.
            let target = after[..close].split_whitespace().next().unwrap_or_default();
            out.push(target.trim_start_matches('<').trim_end_matches('>'));
            any = true;
            rest = &after[close + 1..];
        }
        if any {
            continue;
        }
        for word in line.split_whitespace() {
            let word = word
                .trim_start_matches(['<', '(', '-', '*'])
                .trim_end_matches(['>', ')', ',', '.', ';']);
            if word.starts_with("https://") || word.starts_with("http://") {
                out.push(word);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_gives_its_own_pages_once_in_order() {
        let base = Url::parse("https://docs.invalid/llms.txt").expect("a URL");
        let text = "# Widgets API\n\n## Docs\n- [创建部件(Create Widget)](https://docs.invalid/api-1.md): creates\n- [查询部件](/api-2.md \"title\")\n- [again](api-1.md#top)\n\nSee <https://docs.invalid/doc-3.md> and https://elsewhere.invalid/blog and http://docs.invalid/plain.\n[home](https://docs.invalid/llms.txt)\n";
        let found = links(&base, text);
        assert_eq!(
            found.pages,
            [
                "https://docs.invalid/api-1.md",
                "https://docs.invalid/api-2.md",
                "https://docs.invalid/doc-3.md"
            ]
        );
        assert_eq!(found.elsewhere, 2);
    }
}
