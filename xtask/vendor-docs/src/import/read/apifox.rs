//! apifox's Markdown form of a page (its "copy page" and `<page>.md` links): a `# title`
//! heading, prose, and a fenced block whose info string is `yaml` (possibly inside
//! `<details>`), holding an OpenAPI document of the page's operations.
//!
//! The Markdown is read as CommonMark (pulldown-cmark), so the block is the fenced block as
//! a Markdown reader sees it: a fence inside a description of the document (indented, or
//! of fewer backticks than the block's own, or of tildes) is text of the block, not its
//! end. A block that does not end with its closing fence, or that seems to end early (the
//! lines after its fence carry on indented), is an error naming the page and the line:
//! a document read in part would lose facts without a word.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::import::error::ImportError;

/// The parts of an apifox Markdown page.
pub(in crate::import) struct Page {
    /// The page title, from the first level-1 heading.
    pub(in crate::import) title: String,
    /// The text of the fenced `yaml` block.
    pub(in crate::import) yaml: String,
    /// The line of the file the block's text starts on (1-based), for error positions.
    pub(in crate::import) first_line: usize,
    /// What the page says outside the block (`outside.rs`).
    pub(in crate::import) outside: Vec<super::outside::Outside>,
}

/// Whether `text` may be an apifox page, cheaply: a `# ` line and a fence.
fn may_be_page(text: &str) -> bool {
    !text.trim_start().starts_with('{')
        && text.lines().any(|line| line.trim_start().starts_with("# "))
        && (text.contains("```") || text.contains("~~~"))
}

/// Whether `text` is an apifox page: a level-1 heading and a `yaml` fenced block.
pub(in crate::import) fn is_page(text: &str) -> bool {
    may_be_page(text) && matches!(read(".", text), Ok(Some(_)) | Err(_))
}

/// The page's title and OpenAPI block; `Ok(None)` when `text` has no level-1 heading or no
/// `yaml` block; an error when the block does not stand whole.
pub(in crate::import) fn read(file: &str, text: &str) -> Result<Option<Page>, ImportError> {
    if !may_be_page(text) {
        return Ok(None);
    }
    let masked = unwrapped(text);
    let mut title: Option<String> = None;
    let mut in_title = false;
    let mut block: Option<Block> = None;
    let mut chosen: Option<Block> = None;
    let mut documents: Vec<usize> = Vec::new();
    let mut outside = super::outside::Collector::default();
    for (event, range) in Parser::new(&masked).into_offset_iter() {
        outside.event(&event, &range);
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if title.is_none() => {
                in_title = true;
                title = Some(String::new());
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => in_title = false,
            Event::Text(part) | Event::Code(part) if in_title => {
                if let Some(title) = &mut title {
                    title.push_str(&part);
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let language = info.split_whitespace().next().unwrap_or_default();
                if ["yaml", "yml"].contains(&language.to_ascii_lowercase().as_str()) {
                    block = Some(Block {
                        start: range.start,
                        end: range.end,
                        content_start: None,
                        text: String::new(),
                    });
                }
            }
            Event::Text(part) => {
                if let Some(block) = &mut block {
                    block.content_start.get_or_insert(range.start);
                    block.text.push_str(&part);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = block.take() {
                    if is_document(&block.text) {
                        documents.push(block.start);
                    }
                    chosen = chosen.or(Some(block));
                }
            }
            _ => {}
        }
    }
    if documents.len() > 1 {
        return Err(several(file, text, &documents));
    }
    let (Some(title), Some(block)) = (title, chosen) else {
        return Ok(None);
    };
    block.whole(file, &masked)?;
    let first_line = line_of(text, block.content_start.unwrap_or(block.end));
    Ok(Some(Page {
        title: title.trim().to_owned(),
        yaml: block.text,
        first_line,
        outside: outside.finish(Some(block.start)),
    }))
}

/// Whether a block's text is an OpenAPI (or Swagger) document: a top-level `openapi:` or
/// `swagger:` line.
fn is_document(text: &str) -> bool {
    text.lines()
        .any(|line| line.starts_with("openapi:") || line.starts_with("swagger:"))
}

/// The error for a file holding several pages' OpenAPI blocks (apifox's exports put pages
/// one after another): reading the first alone would lose the others without a word.
fn several(file: &str, text: &str, documents: &[usize]) -> ImportError {
    let lines: Vec<String> = documents
        .iter()
        .map(|start| line_of(text, *start).to_string())
        .collect();
    ImportError::new(
        file,
        &format!("line {}", lines[1]),
        format!(
            "the file holds {} {} (at lines {}), each a page of its own: put each page (its `# title` and its block) in a file of its own, so no page is left unread",
            documents.len(),
            crate::import::error::SEVERAL_PAGES,
            lines.join(", ")
        ),
    )
}

/// `text` with the lines that are only a `<details>`, `</details>` or `<summary>…</summary>`
/// tag blanked (spaces, so offsets and lines stay): apifox wraps the block in them, and an
/// HTML block would hold a fence that follows its tag with no blank line between.
fn unwrapped(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let tag = line.trim();
            let wrapper = (tag.starts_with("<details") || tag.starts_with("</details"))
                && tag.ends_with('>')
                || tag.starts_with("<summary") && tag.ends_with("</summary>");
            if wrapper {
                let end = line.trim_end_matches(['\n', '\r']).len();
                format!("{}{}", " ".repeat(end), &line[end..])
            } else {
                line.to_owned()
            }
        })
        .collect()
}

/// A fenced block as the parser gave it: its bytes in the page and its text.
struct Block {
    start: usize,
    end: usize,
    content_start: Option<usize>,
    text: String,
}

impl Block {
    /// An error unless the block ends with its own closing fence and the page does not
    /// carry on, indented, right after it (a fence of the document's text that closed the
    /// block early).
    fn whole(&self, file: &str, text: &str) -> Result<(), ImportError> {
        let source = &text[self.start..self.end];
        let opening = source.lines().next().unwrap_or_default().trim_start();
        let fence_char = opening.chars().next().unwrap_or('`');
        let fence_len = opening.chars().take_while(|c| *c == fence_char).count();
        let closing = source.trim_end().lines().last().unwrap_or_default().trim();
        let closed = source.trim_end().lines().count() > 1
            && closing.chars().count() >= fence_len
            && closing.chars().all(|c| c == fence_char);
        let start_line = line_of(text, self.start);
        if !closed {
            return Err(ImportError::new(
                file,
                &format!("line {start_line}"),
                format!(
                    "the `{}yaml` block opened here is not closed: the page is cut short, and a document read in part loses facts",
                    opening.chars().take(fence_len).collect::<String>()
                ),
            ));
        }
        let after = &text[self.end..];
        let next = after
            .split_inclusive('\n')
            .enumerate()
            .find(|(_, line)| !line.trim().is_empty());
        if let Some((offset, line)) = next {
            let indented = line.starts_with([' ', '\t']);
            let trimmed = line.trim();
            let continues = trimmed.starts_with("- ")
                || trimmed.chars().all(|c| c == fence_char)
                || trimmed
                    .split_once(':')
                    .is_some_and(|(key, _)| !key.is_empty() && !key.contains(' '));
            if indented && continues {
                let line_number = line_of(text, self.end) + offset;
                return Err(ImportError::new(
                    file,
                    &format!("line {line_number}"),
                    format!(
                        "the `yaml` block opened at line {start_line} ends before this line, which carries on its document (a fence inside the document's text closed it?): the page must be read whole"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The 1-based line of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::read;

    fn page(text: &str) -> super::Page {
        match read("page.md", text) {
            Ok(Some(page)) => page,
            Ok(None) => panic!("not a page: {text}"),
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn the_title_and_the_yaml_block_are_found_inside_details() {
        let text = "# 创建部件(Create Widget)\n\nprose\n<details>\n\n```yaml\nopenapi: 3.0.1\n```\n</details>\n";
        let found = page(text);
        assert_eq!(found.title, "创建部件(Create Widget)");
        assert_eq!(found.yaml, "openapi: 3.0.1\n");
        assert_eq!(found.first_line, 7);
        assert!(matches!(
            read("a.md", "# Title only\n\nno block\n"),
            Ok(None)
        ));
        assert!(matches!(read("a.md", "```yaml\na: 1\n```\n"), Ok(None)));
        let tight = "# A\n<details>\n<summary>OpenAPI 文档</summary>\n```yaml\nopenapi: 3.0.1\n```\n</details>\n";
        assert_eq!(
            page(tight).yaml,
            "openapi: 3.0.1\n",
            "no blank line after the tags"
        );
    }

    #[test]
    fn fences_inside_the_document_do_not_end_it() {
        let document = "openapi: 3.0.1\npaths:\n  /a:\n    get:\n      description: |\n        An example:\n        ```json\n        {\"a\": 1}\n        ```\n      summary: A\n";
        for (open, close) in [("```yaml", "```"), ("````yaml", "````"), ("~~~yaml", "~~~")] {
            let text = format!("# A\n\n{open}\n{document}{close}\n");
            assert_eq!(page(&text).yaml, document, "{open}");
        }
        // A four-backtick block holds a three-backtick fence at any indent.
        let flush = "openapi: 3.0.1\ninfo:\n  description: |\n    ```\n    x\n    ```\n";
        let text = format!("# A\n\n````yaml\n{flush}````\n");
        assert_eq!(page(&text).yaml, flush);
    }

    #[test]
    fn a_file_of_several_pages_is_refused_naming_each_block() {
        let text = "# A\n\n```yaml\nopenapi: 3.0.1\n```\n\n# B\n\n```yaml\nopenapi: 3.0.1\n```\n";
        let error = read("two.md", text).err().map(|error| error.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|error| error.starts_with("two.md: line 9: ")
                    && error.contains("holds 2 OpenAPI `yaml` blocks (at lines 3, 9)")),
            "{error:?}"
        );
        let example = "# A\n\n```yaml\nopenapi: 3.0.1\n```\n\n```yaml\na: 1\n```\n";
        assert_eq!(
            page(example).yaml,
            "openapi: 3.0.1\n",
            "a block of another yaml"
        );
    }

    #[test]
    fn a_block_cut_short_or_closed_early_is_an_error_at_its_line() {
        let cut = "# A\n\ntext\n```yaml\nopenapi: 3.0.1\npaths: {}\n";
        let error = read("cut.md", cut).err().map(|error| error.to_string());
        assert!(
            error.as_deref().is_some_and(
                |error| error.starts_with("cut.md: line 4: ") && error.contains("not closed")
            ),
            "{error:?}"
        );
        let early = "# A\n\n```yaml\nopenapi: 3.0.1\ninfo:\n  description: |\n  ```json\n  {}\n  ```\n  title: A\n```\n";
        let error = read("early.md", early).err().map(|error| error.to_string());
        assert!(
            error.as_deref().is_some_and(
                |error| error.starts_with("early.md: line 10: ") && error.contains("line 3")
            ),
            "{error:?}"
        );
    }
}
