//! Bilingual doc attributes and every line of doc text the emitters use; whole pages
//! (headings and tables) are in `pages.rs`.
//!
//! Order is always Chinese paragraph, English paragraph, then reference lines (method and
//! path, limit, vendor link). One `#[doc = " ..."]` attribute per line, with a leading space,
//! so prettyplease prints `/// ...`. Spec text is escaped so rustdoc never reads it as a
//! link or as HTML; the links we build ourselves are not.

pub(crate) mod pages;

use jing_spec::{Doc, Endpoint, RateLimit, Required};
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

/// Outer doc attributes, one per line.
pub(crate) fn outer(lines: &[String]) -> TokenStream {
    let attributes = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attributes)*)
}

/// Inner (module) doc attributes, one per line.
pub(crate) fn inner(lines: &[String]) -> TokenStream {
    let attributes = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #text])
    });
    quote!(#(#attributes)*)
}

/// A bilingual doc followed by reference lines (already Markdown, not escaped).
pub(crate) fn bilingual(doc: &Doc, references: &[String]) -> TokenStream {
    let mut lines = paragraphs(doc);
    if !references.is_empty() {
        lines.push(String::new());
        lines.extend(references.iter().cloned());
    }
    outer(&lines)
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

/// The reference lines of an endpoint: method and path, limit, vendor page.
pub(crate) fn endpoint_references(endpoint: &Endpoint, docs_home: &str) -> Vec<String> {
    let route = match (endpoint.method, &endpoint.path) {
        (Some(method), Some(path)) => format!("`{} {path}`", method.as_str()),
        (Some(method), None) => format!("`{}` (路径未知 path unknown)", method.as_str()),
        _ => "方法与路径未知 method and path unknown".to_owned(),
    };
    let link = endpoint.link().unwrap_or(docs_home);
    vec![format!(
        "{route} · {} · [供应商文档 Vendor docs]({link})",
        rate_limit(endpoint.rate_limit)
    )]
}

/// What the docs say about a field being required.
pub(crate) fn required_line(required: Required) -> String {
    match required {
        Required::Yes => "必填 Required.".to_owned(),
        Required::No => "可选 Optional.".to_owned(),
        Required::Unknown => {
            "文档未说明是否必填，按可选生成 The docs do not say whether it is required; generated as optional.".to_owned()
        }
    }
}

/// The doc line of a request constructor, naming its required members.
pub(crate) fn constructor_line(required: &[String]) -> String {
    if required.is_empty() {
        " 所有成员均可选，用 setter 设置。 Every member is optional; set them with the setters."
            .to_owned()
    } else {
        let names: Vec<String> = required.iter().map(|name| format!("`{name}`")).collect();
        format!(
            " 必填成员作为参数传入 Required members are the arguments: {}.",
            names.join(", ")
        )
    }
}

/// The reference line of a query parameter or header member.
pub(crate) fn param_line(header: bool, name: &str, required: Required) -> String {
    let kind = if header {
        "请求头 Header"
    } else {
        "查询参数 Query parameter"
    };
    format!("{kind} `{}`. {}", escape(name), required_line(required))
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

    #[test]
    fn spec_text_cannot_become_links_or_html() {
        assert_eq!(escape("a [b] <c> | d"), "a \\[b\\] &lt;c&gt; \\| d");
        assert_eq!(escape("普通文本"), "普通文本");
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
