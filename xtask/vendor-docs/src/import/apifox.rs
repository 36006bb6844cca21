//! apifox's Markdown form of a page (its "copy page" and `<page>.md` links): a `# title`
//! line, prose, and a fenced `yaml` block, possibly inside `<details>`, holding an OpenAPI
//! document of the page's operations.

/// The parts of an apifox Markdown page.
pub(super) struct Page<'a> {
    /// The page title, from the first `# ` line.
    pub(super) title: &'a str,
    /// The text of the fenced `yaml` block.
    pub(super) yaml: &'a str,
    /// The line of the file the block's text starts on (1-based), for error positions.
    pub(super) first_line: usize,
}

/// The page's title and OpenAPI block, when `text` is such a page.
pub(super) fn split(text: &str) -> Option<Page<'_>> {
    let title = text
        .lines()
        .find_map(|line| line.strip_prefix("# "))?
        .trim();
    let mut offset = 0;
    let mut start = None;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let fence = line.trim_start();
        match start {
            None if fence.starts_with("```yaml") || fence.starts_with("```yml") => {
                start = Some((offset + line.len(), number + 2));
            }
            Some((begin, first_line)) if fence.starts_with("```") => {
                return Some(Page {
                    title,
                    yaml: &text[begin..offset],
                    first_line,
                });
            }
            _ => {}
        }
        offset += line.len();
    }
    // An unclosed block runs to the end of the file; the YAML parser says what is wrong.
    start.map(|(begin, first_line)| Page {
        title,
        yaml: &text[begin.min(text.len())..],
        first_line,
    })
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn the_title_and_the_yaml_block_are_found_inside_details() {
        let text = "# 创建部件(Create Widget)\n\nprose\n<details>\n\n```yaml\nopenapi: 3.0.1\n```\n</details>\n";
        let page = split(text).expect("an apifox page");
        assert_eq!(page.title, "创建部件(Create Widget)");
        assert_eq!(page.yaml, "openapi: 3.0.1\n");
        assert_eq!(page.first_line, 7);
        assert!(split("# Title only\n\nno block\n").is_none());
    }
}
