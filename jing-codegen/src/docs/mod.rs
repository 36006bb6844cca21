//! Every line of doc text about one item, in both languages, and the two helpers that turn
//! lines into doc attributes ([`outer`], [`inner`]). The lowering (`crate::ir`) asks for an
//! item's lines once and keeps them in the intermediate form; emitters turn them into
//! attributes. Whole pages composed from many items (headings and tables) are
//! `emit/pages.rs`. This module reads spec values and plain text only, never the
//! intermediate form.
//!
//! Order is always a one-line summary in both languages (rustdoc shows only an item's first
//! paragraph in module pages and search results), the Chinese paragraph and the English
//! paragraph when they say more, then reference lines (method and path, limit, vendor
//! link). One `#[doc = " ..."]` attribute per line, with a leading space,
//! so prettyplease prints `/// ...`. Spec text is escaped so rustdoc never reads it as a
//! link or as HTML; the links we build ourselves are not.

use jing_spec::{Doc, Endpoint, Field, HttpMethod, RateLimit, Required};
use proc_macro2::TokenStream;
use quote::quote;

/// Escapes spec text for Markdown: brackets would make intra-doc links, angle brackets HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' => escaped.push_str("\\["),
            ']' => escaped.push_str("\\]"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '|' => escaped.push_str("\\|"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The paragraphs of a bilingual text, escaped, as lines.
pub(crate) fn paragraphs(doc: &Doc) -> Vec<String> {
    let mut lines: Vec<String> = doc.zh.lines().map(escape).collect();
    lines.push(String::new());
    lines.extend(doc.en.lines().map(escape));
    lines
}

/// A doc line as the attribute text: a leading space, so prettyplease prints `/// line`.
fn attribute_text(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// Outer doc attributes, one per line.
pub(crate) fn outer(lines: &[String]) -> TokenStream {
    let texts = lines.iter().map(|line| attribute_text(line));
    quote!(#(#[doc = #texts])*)
}

/// Inner (module) doc attributes, one per line.
pub(crate) fn inner(lines: &[String]) -> TokenStream {
    let texts = lines.iter().map(|line| attribute_text(line));
    quote!(#(#![doc = #texts])*)
}

/// The first sentence of the first line of `text`: up to the first `。`, or the first `. `
/// that ends a sentence (not the dot of an abbreviation such as `e.g.`), or the whole line.
fn first_sentence(text: &str) -> &str {
    let line = text.trim().lines().next().unwrap_or_default().trim();
    if let Some(end) = line.find('。') {
        return &line[..end + '。'.len_utf8()];
    }
    let mut from = 0;
    while let Some(found) = line[from..].find(". ") {
        let end = from + found;
        if !ends_with_abbreviation(&line[..end]) {
            return &line[..=end];
        }
        from = end + 2;
    }
    line
}

/// Whether `text` (what stands before a `.`) ends with a word that a dot abbreviates.
fn ends_with_abbreviation(text: &str) -> bool {
    const ABBREVIATIONS: [&str; 10] = [
        "e.g", "i.e", "etc", "vs", "cf", "approx", "incl", "no", "eg", "ie",
    ];
    let word = text
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
}

/// One short line in both languages, the first sentence of each: what rustdoc shows in
/// module pages and search results.
pub(crate) fn summary(doc: &Doc) -> String {
    format!(
        "{} {}",
        escape(first_sentence(&doc.zh)),
        escape(first_sentence(&doc.en))
    )
}

/// The first sentence of each language, unescaped: for plain text such as command-line help.
pub(crate) fn plain_summary(doc: &Doc) -> String {
    format!("{} {}", first_sentence(&doc.zh), first_sentence(&doc.en))
}

/// The bilingual summary line, then the whole Chinese and English paragraphs when they
/// say more than their first sentences.
pub(crate) fn summary_and_paragraphs(doc: &Doc) -> Vec<String> {
    let mut lines = vec![summary(doc)];
    let says_more =
        first_sentence(&doc.zh) != doc.zh.trim() || first_sentence(&doc.en) != doc.en.trim();
    if says_more {
        lines.push(String::new());
        lines.extend(paragraphs(doc));
    }
    lines
}

/// The docs of a typed endpoint's request type and accessor method: the summary (the first
/// sentence of each language), the docs' titles (`客户创建 · Account Creation`), the whole
/// paragraphs, then the reference line (method and path, limit, vendor page).
pub(crate) fn endpoint(
    endpoint: &Endpoint,
    doc: &Doc,
    (method, path): (HttpMethod, &str),
    page: &str,
) -> Vec<String> {
    // The summary is one whole sentence in each language; the docs' titles follow it, then
    // the whole paragraphs when they say more.
    let title = format!(
        "{} · {}",
        escape(&endpoint.title.zh),
        escape(&endpoint.title.en)
    );
    let mut lines = summary_and_paragraphs(doc);
    lines.splice(1..1, [String::new(), title]);
    lines.push(String::new());
    lines.push(format!(
        "`{} {path}` · {} · [供应商文档 Vendor docs]({page})",
        method.as_str(),
        rate_limit(endpoint.rate_limit)
    ));
    lines.extend(held_back(endpoint));
    lines
}

/// What a `partial` endpoint's docs owe their reader: that the spec holds part of the
/// vendor's page, and each decision the maintainers wrote about a fact held otherwise or
/// not at all (their words, `decisions[].doc`), saying so where the request cannot send a
/// member the page lists (a file, say).
fn held_back(endpoint: &Endpoint) -> Vec<String> {
    let mut lines = Vec::new();
    if endpoint.status == jing_spec::Status::Partial {
        lines.push(String::new());
        lines.push("状态：部分收录（`partial`），规格未收录文档页的全部内容。 Status: `partial`: the spec does not hold all the vendor's page states.".to_owned());
    }
    if endpoint.decisions.is_empty() {
        return lines;
    }
    lines.push(String::new());
    lines.push("# 与文档页不同之处 Where the spec differs from the page".to_owned());
    lines.push(String::new());
    let body = endpoint
        .body
        .as_ref()
        .map_or(&[][..], |body| &body.fields[..]);
    for decision in &endpoint.decisions {
        // A body member the page lists and the spec does not hold (`body.file`).
        let unsent = decision
            .fact
            .strip_prefix("body.")
            .filter(|member| !member.contains([':', '.']))
            .filter(|member| !body.iter().any(|field| field.name == *member));
        let cannot = unsent.map_or_else(String::new, |member| {
            format!("请求暂不能发送 `{member}`。 The request cannot send `{member}` yet. ")
        });
        let one_line = |text: &str| escape(&text.split_whitespace().collect::<Vec<_>>().join(" "));
        lines.push(format!(
            "- `{}`: {cannot}{} {}",
            decision.fact,
            one_line(&decision.doc.zh),
            one_line(&decision.doc.en)
        ));
    }
    lines
}

/// A bilingual doc (summary line, then paragraphs) followed by reference lines (already
/// Markdown, not escaped).
pub(crate) fn bilingual(doc: &Doc, references: &[String]) -> Vec<String> {
    let mut lines = summary_and_paragraphs(doc);
    if !references.is_empty() {
        lines.push(String::new());
        lines.extend(references.iter().cloned());
    }
    lines
}

/// The documented limit in both languages, e.g. `10/s, 10000/day`.
pub(crate) fn rate_limit(limit: Option<RateLimit>) -> String {
    let Some(limit) = limit else {
        return "限流 Rate limit: 文档未载明 not documented".to_owned();
    };
    let parts: Vec<String> = [
        limit.per_second.map(|count| format!("{count}/s")),
        limit.per_day.map(|count| format!("{count}/day")),
    ]
    .into_iter()
    .flatten()
    .collect();
    format!("限流 Rate limit: {}", parts.join(", "))
}

/// The one-line doc of a group accessor, on its type and on `Client`'s method alike.
pub(crate) fn group_accessor_line(title: &Doc) -> String {
    format!(
        " 「{}」接口组。 The {} endpoints.",
        escape(&title.zh),
        escape(&title.en)
    )
}

/// What the docs say about a field being required.
pub(crate) fn required_line(required: Required) -> String {
    match required {
        Required::Yes => "必填。 Required.".to_owned(),
        Required::No => "可选。 Optional.".to_owned(),
        Required::Unknown => {
            "文档未说明是否必填，按可选生成。 The docs do not say whether it is required; generated as optional.".to_owned()
        }
    }
}

/// The lines of what the docs state of a member's values beyond its type: that it may be
/// `null`, its default, its range or length, its example.
pub(crate) fn value_lines(field: &Field) -> Vec<String> {
    let shown = |value: &serde_json::Value| {
        let text = match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.contains('`') {
            escape(&text)
        } else {
            format!("`{}`", escape(&text))
        }
    };
    let mut lines = Vec::new();
    if field.nullable {
        lines.push("可为 `null`。 May be `null`.".to_owned());
    }
    if let Some(value) = &field.default {
        let value = shown(value);
        lines.push(format!("默认值 {value}。 Default: {value}."));
    }
    let bound = |number: &Option<serde_json::Number>| number.as_ref().map(ToString::to_string);
    match (bound(&field.minimum), bound(&field.maximum)) {
        (Some(least), Some(most)) => {
            lines.push(format!("取值 {least} 至 {most}。 From {least} to {most}."));
        }
        (Some(least), None) => lines.push(format!("不小于 {least}。 At least {least}.")),
        (None, Some(most)) => lines.push(format!("不大于 {most}。 At most {most}.")),
        (None, None) => {}
    }
    match (field.min_length, field.max_length) {
        (Some(least), Some(most)) => lines.push(format!(
            "长度 {least} 至 {most} 个字符。 {least} to {most} characters long."
        )),
        (Some(least), None) => lines.push(format!(
            "至少 {least} 个字符。 At least {least} characters long."
        )),
        (None, Some(most)) => lines.push(format!(
            "至多 {most} 个字符。 At most {most} characters long."
        )),
        (None, None) => {}
    }
    if let Some(value) = &field.example {
        let value = shown(value);
        lines.push(format!("示例 {value}。 Example: {value}."));
    }
    lines
}

/// The doc line of a request constructor, naming its required members.
pub(crate) fn constructor_line(required: &[String]) -> String {
    if required.is_empty() {
        " 所有成员均可选，用 setter 设置。 Every member is optional; set them with the setters."
            .to_owned()
    } else {
        let names: Vec<String> = required.iter().map(|name| format!("`{name}`")).collect();
        format!(
            " 必填成员作为参数传入：{}。 Required members are the arguments: {}.",
            names.join("、"),
            names.join(", ")
        )
    }
}

/// The reference line of a query parameter or header member.
pub(crate) fn param_line(kind: ParamKind, name: &str, required: Required) -> String {
    let kind = match kind {
        ParamKind::Path => ("路径参数", "Path parameter"),
        ParamKind::Query => ("查询参数", "Query parameter"),
        ParamKind::Header => ("请求头", "Header"),
    };
    let name = escape(name);
    format!(
        "{} `{name}`。 {} `{name}`. {}",
        kind.0,
        kind.1,
        required_line(required)
    )
}

/// Where a parameter travels, for its reference line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamKind {
    /// In the path (`{name}`).
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// The doc line of `DEFAULT_BASE_URL`.
pub(crate) fn base_url_line(environment: &Doc) -> String {
    format!(
        " 默认环境「{}」的基础地址。 Base URL of the default environment, {}.",
        escape(&environment.zh),
        escape(&environment.en)
    )
}

/// The reference line of an enum variant: its value on the wire.
pub(crate) fn wire_value_line(value: &str) -> String {
    format!("线上取值 Wire value: `{}`", escape(value))
}

/// The doc of an enum variant whose value the vendor does not describe.
pub(crate) fn undescribed_value_line(value: &str) -> String {
    format!(
        "线上取值 `{value}`（文档未说明其含义）。 The wire value `{value}` (the docs do not say what it means).",
        value = escape(value)
    )
}

/// The reference line of a webhook member: its name on the wire.
pub(crate) fn wire_member_line(wire: &str) -> String {
    format!("报文成员 Wire member: `{}`", escape(wire))
}

/// The doc line of a webhook shape's flattened base.
pub(crate) fn flattened_base_line(base: &str) -> String {
    format!(" 继承的成员。 The members of [`{base}`], flattened.")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A multipart upload whose file the spec does not hold (`body.file`, decided).
    #[test]
    fn a_partial_endpoint_says_so_and_what_its_request_cannot_send() {
        let spec = crate::testing::spec(crate::testing::LEADS);
        let endpoint = (spec.endpoints().map(|(_, endpoint)| endpoint))
            .find(|endpoint| endpoint.name == "upload_voice")
            .expect("the partial endpoint");
        let lines = held_back(endpoint);
        assert!(lines[1].contains("Status: `partial`"), "{lines:#?}");
        assert!(
            lines.contains(&"- `body.file`: 请求暂不能发送 `file`。 The request cannot send `file` yet. 文件暂不支持。 Files are not supported yet.".to_owned()),
            "{lines:#?}"
        );
        assert!(
            lines.contains(&"- `body.model:example`: 示例有误。 The example is wrong.".to_owned()),
            "{lines:#?}"
        );
    }

    #[test]
    fn spec_text_cannot_become_links_or_html() {
        assert_eq!(escape("a [b] <c> | d"), "a \\[b\\] &lt;c&gt; \\| d");
        assert_eq!(escape("普通文本"), "普通文本");
    }

    #[test]
    fn summaries_take_the_first_sentence_of_each_language() {
        let doc = |zh: &str, en: &str| Doc {
            zh: zh.to_owned(),
            en: en.to_owned(),
            draft: false,
            vendor: None,
        };
        let long = doc(
            "新建记录。可带自定义属性。",
            "Creates a record. Custom attributes may follow.",
        );
        assert_eq!(summary(&long), "新建记录。 Creates a record.");
        assert_eq!(
            summary_and_paragraphs(&long),
            [
                "新建记录。 Creates a record.",
                "",
                "新建记录。可带自定义属性。",
                "",
                "Creates a record. Custom attributes may follow."
            ]
        );
        let abbreviated = doc(
            "身份的值，如手机号本身。",
            "The identity itself, e.g. the mobile number. More follows.",
        );
        assert_eq!(
            summary(&abbreviated),
            "身份的值，如手机号本身。 The identity itself, e.g. the mobile number."
        );
        let short = doc("名称。", "Name of the account.");
        assert_eq!(
            summary_and_paragraphs(&short),
            ["名称。 Name of the account."]
        );
    }

    #[test]
    fn limits_read_in_both_languages() {
        let both = RateLimit {
            per_second: Some(10),
            per_day: Some(10000),
        };
        assert_eq!(rate_limit(Some(both)), "限流 Rate limit: 10/s, 10000/day");
        assert_eq!(
            rate_limit(None),
            "限流 Rate limit: 文档未载明 not documented"
        );
    }
}
