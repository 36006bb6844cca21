//! What a text the importer cannot read shows of a rendered page, so the refusal names what
//! was found and what was missing: a method and path run into the text around it
//! (`创建SKUPOST/ark/open_api/…`) or only in a curl example, the parameter headings
//! (`Header 参数`, `Body 参数`) and apifox's run-together rows (`modelstring 必需…`), where
//! the rendered-page reader wants the method, the path and each row's name, type and
//! 必需/可选 on lines of their own.

use super::page::SECTIONS;

/// The methods, longest first, so `PATCH` is not read as `PUT…`.
const METHODS: &[&str] = &["DELETE", "PATCH", "POST", "PUT", "GET"];

/// The type words a rendered row may end its name with.
const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "object", "array", "null",
];

/// What `text` shows of a rendered page and what it lacks, as a sentence to add to the
/// refusal; `None` when it shows nothing of one.
pub(in crate::import) fn found(text: &str) -> Option<String> {
    let mut found = Vec::new();
    let method = run_together(text)
        .map(|(method, path)| format!("{method} {path} (run into the text around it)"))
        .or_else(|| {
            curl(text).map(|(method, path)| format!("{method} {path} (only in a curl example)"))
        });
    found.extend(method);
    let headings: Vec<&str> = SECTIONS
        .iter()
        .copied()
        .filter(|heading| text.contains(heading))
        .collect();
    if !headings.is_empty() {
        found.push(format!("the headings {}", quoted(&headings)));
    }
    let rows = run_together_rows(text);
    if !rows.is_empty() {
        found.push(format!(
            "{} row(s) with name, type and flag run together ({})",
            rows.len(),
            quoted(&rows.iter().take(3).map(String::as_str).collect::<Vec<_>>())
        ));
    }
    if found.is_empty() {
        return None;
    }
    // Had it a method line and its path on lines of their own, the page reader would read it.
    Some(format!(
        "it looks like a rendered page's text: found {}; missing: a method line followed by its path, and a parameter table (each row's name, type and 必需/可选 on lines of their own). Save the page as apifox's Markdown (\"copy page\") or an OpenAPI export",
        found.join(", ")
    ))
}

fn quoted(words: &[&str]) -> String {
    words
        .iter()
        .map(|word| format!("`{word}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A method written straight before its path inside a line: `…SKUPOST/ark/open_api/v3/x调试`.
fn run_together(text: &str) -> Option<(&'static str, String)> {
    text.lines().find_map(|line| {
        METHODS.iter().find_map(|&method| {
            let at = line.find(&format!("{method}/"))?;
            let path = path_at(&line[at + method.len()..]);
            (path.len() > 1).then_some((method, path))
        })
    })
}

/// The leading path of `text` (`/a/b_c/{id}`), up to the first character no path holds.
fn path_at(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/_-.{}".contains(*c))
        .collect()
}

/// `curl … --request POST 'https://host/path'` or `-X POST`: the method and the URL's path.
fn curl(text: &str) -> Option<(&'static str, String)> {
    let line = text
        .lines()
        .find(|line| line.contains("curl ") && line.contains("://"))?;
    let method = METHODS.iter().copied().find(|method| {
        line.contains(&format!("--request {method}")) || line.contains(&format!("-X {method}"))
    })?;
    let after_scheme = &line[line.find("://")? + 3..];
    let path = path_at(&after_scheme[after_scheme.find('/')?..]);
    Some((method, path))
}

/// Rows such as `modelstring 必需…`: a member name ending in a type word, then a space and
/// 必需 or 可选 (the first words of each, up to the flag).
fn run_together_rows(text: &str) -> Vec<String> {
    let mut rows = Vec::new();
    for flag in [" 必需", " 可选"] {
        let mut rest = text;
        while let Some(at) = rest.find(flag) {
            let before = &rest[..at];
            let start = before
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .map_or(0, |index| {
                    index + before[index..].chars().next().map_or(1, char::len_utf8)
                });
            let word = &before[start..];
            if TYPES
                .iter()
                .any(|ty| word.len() > ty.len() && word.ends_with(ty))
            {
                rows.push(format!("{word}{}", flag.trim_end()));
            }
            rest = &rest[at + flag.len()..];
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collapsed_page_names_its_method_path_and_what_is_missing() {
        let text = "商品 APIMCP创建SKUPOST/ark/open_api/v3/common_controller调试请求参数Body 参数application/json生成代码";
        let said = found(text).unwrap_or_default();
        assert!(
            said.contains("found POST /ark/open_api/v3/common_controller (run into")
                && said.contains("`Body 参数`")
                && said.contains("missing: a method line")
                && said.contains("a parameter table"),
            "{said}"
        );
    }

    #[test]
    fn run_together_rows_and_a_curl_method_are_named() {
        let text = "Header 参数生成代码Authorizationstring 必需示例:sk-Body 参数application/json生成代码modelstring 必需可用\n\nresponse_formatstring 可选默认为 mp3\n```\ncurl --location --request POST 'https://4sapi.com/v1/audio/speech' \\\n```";
        let said = found(text).unwrap_or_default();
        for part in [
            "POST /v1/audio/speech (only in a curl example)",
            "3 row(s)",
            "`Authorizationstring 必需`",
            "`Header 参数`, `Body 参数`",
        ] {
            assert!(said.contains(part), "{part}: {said}");
        }
    }

    #[test]
    fn a_text_with_nothing_of_a_page_adds_nothing() {
        assert_eq!(
            found("# Notes\n\nJust prose, a string and a POST office."),
            None
        );
    }
}
