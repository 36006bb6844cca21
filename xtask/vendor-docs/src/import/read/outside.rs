//! What a Markdown page (apifox's, Mintlify's) says outside its OpenAPI block, kept: a
//! JSON code block is another example of the page (`examples.more`, named by the heading
//! above it, a request's or an answer's by that heading's words or by its members; one
//! neither tells is a decision quoting it), any other code block a note quoting it, and
//! the sentences of the prose a note for the maintainer (a requirement such as "the user
//! must have admin permissions" is stated only there). What the block says already (the
//! title, the description, the first examples) and the page's own address are not said
//! twice. The parts are gathered as `apifox.rs` parses the page, from the same events.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use serde_json::Value;

use crate::import::facts::{FactDecision, Facts, example_key};

/// A part of the page outside its OpenAPI block: a code block (with its language) or a
/// paragraph (or list item) of prose, with the heading it stands under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::import) struct Outside {
    heading: Option<String>,
    /// The language of a code block (`json`, `shell`, empty when none is given); `None`
    /// for prose.
    fence: Option<String>,
    text: String,
    start: usize,
}

/// Gathers the parts from the parser's events, in the page's order.
#[derive(Debug, Default)]
pub(in crate::import) struct Collector {
    parts: Vec<Outside>,
    heading: Option<String>,
    heading_text: Option<String>,
    fence: Option<(String, usize)>,
    text: String,
    start: usize,
}

impl Collector {
    /// Takes one event of the page (and where it is).
    pub(in crate::import) fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.flush();
                self.heading_text = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = self.heading_text.take().unwrap_or_default();
                self.heading = Some(text.trim().to_owned()).filter(|text| !text.is_empty());
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.flush();
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                self.fence = Some((language.to_ascii_lowercase(), range.start));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, start)) = self.fence.take() {
                    self.parts.push(Outside {
                        heading: self.heading.clone(),
                        fence: Some(language),
                        text: std::mem::take(&mut self.text),
                        start,
                    });
                }
            }
            Event::Text(part) => self.push(part, range),
            // Inline code keeps its backticks, as the page shows it.
            Event::Code(part) => self.push(&format!("`{part}`"), range),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_)) => {
                self.flush();
            }
            _ => {}
        }
    }

    /// Text of a heading, a code block or a paragraph.
    fn push(&mut self, part: &str, range: &Range<usize>) {
        if let Some(heading) = &mut self.heading_text {
            heading.push_str(part);
            return;
        }
        if self.text.is_empty() {
            self.start = range.start;
        }
        self.text.push_str(part);
    }

    /// A paragraph of prose ended: kept when it says anything.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.text);
        if self.fence.is_none() && !text.trim().is_empty() {
            self.parts.push(Outside {
                heading: self.heading.clone(),
                fence: None,
                text: text.trim().to_owned(),
                start: self.start,
            });
        }
    }

    /// The parts gathered, but the code block that starts at `document` (the page's
    /// OpenAPI block).
    pub(in crate::import) fn finish(mut self, document: Option<usize>) -> Vec<Outside> {
        self.flush();
        self.parts
            .retain(|part| part.fence.is_none() || Some(part.start) != document);
        self.parts
    }
}

/// How many prose parts a note quotes, and how long a quote may be.
const SHOWN: usize = 6;
const QUOTE: usize = 240;

/// Puts what `parts` say into the facts of the page's operations (`pages`): examples,
/// decisions and notes, as this module's head says.
pub(in crate::import) fn into_facts(parts: &[Outside], pages: &mut [Facts]) {
    let single = pages.len() == 1;
    for facts in pages {
        let mut prose: Vec<String> = Vec::new();
        for part in parts {
            match &part.fence {
                None if !said_already(facts, part) => prose.push(quote(&part.text)),
                None => {}
                Some(language) => code_block(part, language, single, facts),
            }
        }
        if prose.is_empty() {
            continue;
        }
        let more = prose.len().saturating_sub(SHOWN);
        let shown: Vec<String> = prose
            .iter()
            .take(SHOWN)
            .map(|text| format!("«{text}»"))
            .collect();
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        facts.notes.push(format!(
            "the page's text outside its OpenAPI block states what no fact of the spec holds: {}{more}; keep what the API requires (a permission, a condition) in the doc's words",
            shown.join(", ")
        ));
    }
}

/// Whether a part of prose is what the page's block or its address line says already, or
/// an index notice for crawlers (Mintlify's `Documentation Index`).
fn said_already(facts: &Facts, part: &Outside) -> bool {
    let squeeze = |text: &str| -> String { text.split_whitespace().collect::<Vec<_>>().join(" ") };
    let text = squeeze(&part.text);
    let known = [
        facts.description.as_deref(),
        Some(facts.title_zh.as_str()),
        facts.title_en.as_deref(),
    ];
    let known_said = known
        .into_iter()
        .flatten()
        .map(squeeze)
        .any(|known| !known.is_empty() && (known.contains(&text) || text.contains(&known)));
    let address = super::address::source_line(&text).is_some();
    let index = part
        .heading
        .as_deref()
        .is_some_and(|heading| heading.eq_ignore_ascii_case("Documentation Index"));
    known_said || address || index
}

/// A code block outside the OpenAPI block: a JSON one another example (or a decision),
/// any other a note quoting it.
fn code_block(part: &Outside, language: &str, single: bool, facts: &mut Facts) {
    let under = part
        .heading
        .as_deref()
        .map_or_else(String::new, |heading| format!(" under «{heading}»"));
    let jsonish = language.contains("json") || language.is_empty();
    let text = super::answer::json_text(&part.text);
    let json = serde_json::from_str::<Value>(&text)
        .ok()
        .filter(|_| jsonish);
    match json {
        Some(value) if single => example(part, text.trim_end(), &value, facts),
        Some(_) => facts.notes.push(format!(
            "the page shows a JSON example outside its OpenAPI block{under}, which holds several operations: «{}»",
            quote(&part.text)
        )),
        None if language.contains("json") => facts.decisions.push(FactDecision {
            fact: format!("page.examples.{}", example_name(part)),
            page: format!(
                "the page shows an example outside its OpenAPI block{under} that is not JSON, so the spec does not hold it: «{}»",
                quote(&part.text)
            ),
            decided: false,
        }),
        None => facts.notes.push(format!(
            "the page shows a `{}` block outside its OpenAPI block{under}, which no fact holds: «{}»",
            if language.is_empty() { "code" } else { language },
            quote(&part.text)
        )),
    }
}

/// A JSON example outside the block: another example of the request or the answer, by
/// its heading's words or its members; one neither tells is a decision quoting it. One
/// the page's block holds already is not held twice.
fn example(part: &Outside, text: &str, value: &Value, facts: &mut Facts) {
    let key = example_key(text);
    let known = [&facts.request_example, &facts.response_example]
        .into_iter()
        .flatten()
        .chain(facts.other_examples.iter().map(|(_, text)| text))
        .any(|known| example_key(known) == key);
    if known {
        return;
    }
    let name = example_name(part);
    let Some(which) = which_example(part.heading.as_deref(), value, facts) else {
        facts.decisions.push(FactDecision {
            fact: format!("page.examples.{name}"),
            page: format!(
                "the page shows a JSON example outside its OpenAPI block, neither a request's nor an answer's by its heading or members: «{}»",
                quote(text)
            ),
            decided: false,
        });
        return;
    };
    // Names stay apart: a second `示例` is `示例 2`.
    let mut unique = name.clone();
    let mut counter = 1;
    while facts
        .other_examples
        .iter()
        .any(|(other, _)| other.split_once('.').map(|(_, name)| name) == Some(unique.as_str()))
    {
        counter += 1;
        unique = format!("{name} {counter}");
    }
    facts
        .other_examples
        .push((format!("{which}.{unique}"), text.to_owned()));
}

/// An example's name: the heading it stands under (a `.` would split its fact key), else
/// `example`.
fn example_name(part: &Outside) -> String {
    part.heading
        .as_deref()
        .map(|heading| heading.replace('.', " ").trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "example".to_owned())
}

/// Whether an example is the request's or the answer's: by its heading's words, else by
/// its members (all of them the answer example's, or all the body's).
fn which_example(heading: Option<&str>, value: &Value, facts: &Facts) -> Option<&'static str> {
    const REQUEST: &[&str] = &["请求", "入参", "request", "body"];
    const ANSWER: &[&str] = &[
        "返回", "响应", "应答", "结果", "出参", "response", "answer", "result", "output",
    ];
    let heading = heading.unwrap_or_default().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|word| heading.contains(word));
    match (has(REQUEST), has(ANSWER)) {
        (true, false) => return Some("request"),
        (false, true) => return Some("response"),
        _ => {}
    }
    let keys = |value: &Value| -> Vec<String> {
        let value = match value {
            Value::Array(items) => items.first().unwrap_or(&Value::Null),
            other => other,
        };
        value
            .as_object()
            .map(|members| members.keys().cloned().collect())
            .unwrap_or_default()
    };
    let parsed = |text: &Option<String>| {
        text.as_deref()
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
            .map(|value| keys(&value))
            .unwrap_or_default()
    };
    let mut request = parsed(&facts.request_example);
    request.extend(
        facts
            .body
            .iter()
            .flat_map(|body| body.fields.iter().map(|field| field.name.clone())),
    );
    let answer = parsed(&facts.response_example);
    let own = keys(value);
    let within = |known: &[String]| !own.is_empty() && own.iter().all(|key| known.contains(key));
    match (within(&request), within(&answer)) {
        (true, false) => Some("request"),
        (false, true) => Some("response"),
        _ => None,
    }
}

/// `text` on one line, cut to [`QUOTE`] characters.
fn quote(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > QUOTE {
        line.chars().take(QUOTE).collect::<String>() + "…"
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<Outside> {
        let mut collector = Collector::default();
        for (event, range) in pulldown_cmark::Parser::new(text).into_offset_iter() {
            collector.event(&event, &range);
        }
        collector.finish(None)
    }

    #[test]
    fn json_blocks_are_examples_by_heading_or_members_else_decisions() {
        let mut facts = Facts::titled("部件");
        facts.request_example = Some(r#"{"page": 1}"#.to_owned());
        facts.response_example = Some(r#"{"code": 0, "data": []}"#.to_owned());
        let page = "## 请求示例\n\n```json\n{\"page\": 2}\n```\n\n## 空\n\n```json\n{\"code\": 0, \"data\": []}\n```\n\n## 又一个\n\n```json\n{\"code\": 1}\n```\n\n## 其他\n\n```json\n{\"other\": 1}\n```\n\n## 坏\n\n```json\n{\"a\": 1,,}\n```\n";
        into_facts(&parts(page), std::slice::from_mut(&mut facts));
        // By heading; the block's own example is not held twice; by members.
        let names: Vec<&str> = facts
            .other_examples
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(names, ["request.请求示例", "response.又一个"]);
        let decided: Vec<&str> = facts
            .decisions
            .iter()
            .map(|decision| decision.fact.as_str())
            .collect();
        assert_eq!(decided, ["page.examples.其他", "page.examples.坏"]);
    }

    #[test]
    fn the_pages_source_line_in_any_language_is_no_note() {
        let mut facts = Facts::titled("部件");
        let page = "Fonte: https://docs.invalid/pt-1\n\nThe caller must own the widget.\n";
        into_facts(&parts(page), std::slice::from_mut(&mut facts));
        assert_eq!(facts.notes.len(), 1, "{:?}", facts.notes);
        assert!(
            facts.notes[0].contains("must own the widget"),
            "{:?}",
            facts.notes
        );
        assert!(
            !facts.notes[0].contains("pt-1"),
            "not the page's own address: {:?}",
            facts.notes
        );
    }
}
