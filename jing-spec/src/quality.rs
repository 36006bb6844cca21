//! When a name or title the importer proposes reads poorly, and why: the rules the
//! importer marks a proposal by (`name_draft: true`), the validator words its refusal with,
//! and `cargo xtask docs apply` checks a chosen title against. Written once, here.
//!
//! A request type is named after its endpoint (`create_payment` gives `CreatePayment`), so
//! its name is poor when it is:
//! - **too long**: more than [`MAX_TYPE_WORDS`] words or [`MAX_TYPE_CHARS`] characters
//!   (`ApiFinancialCrossTemuAllReportQuerySalesReleaseJson`);
//! - **path-derived**: the path's literal segments ([`path_name`], what the importer falls
//!   back on when a page has no English title), or ending in a file extension (`…Json`);
//! - **with an article inside**: `A`, `An` or `The` as a word (`CreateAPayment`);
//! - **a single word** (`Image`, `Data`, `Info`): a request type names an action and what it
//!   acts on.
//!
//! An English title is poor when it is a single lower-case word (`image`: a page that gave a
//! name, not a title) or is one of the path's literal segments as written, with or without
//! its extension (`getUserInfo` for `/v1/getUserInfo`, `Report` for `/v1/Report.json`).

use heck::ToSnakeCase;

/// More words than this make a request type name too long.
pub const MAX_TYPE_WORDS: usize = 5;

/// More characters than this make a request type name too long.
pub const MAX_TYPE_CHARS: usize = 40;

/// Articles, which a type name does without.
const ARTICLES: &[&str] = &["a", "an", "the"];

/// File extensions a path's last segment may carry, which a name made from the path keeps
/// as its last word.
const EXTENSIONS: &[&str] = &[
    "action", "asp", "aspx", "do", "htm", "html", "json", "jsp", "php", "xml",
];

/// The name the importer gives an entry from its path when the page has no English title:
/// its literal segments in snake_case (`/v1/` dropped), `/api/report/query.json` giving
/// `api_report_query_json`.
pub fn path_name(path: &str) -> String {
    path.trim_start_matches("/v1/").to_snake_case()
}

/// The literal segments of `path` (no `{parameter}`), as written.
fn literal_segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/')
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
}

/// Why the request type of an endpoint named `name` (snake_case) with `path` reads poorly,
/// if it does: one of the rules of this module, in words for a maintainer.
pub fn type_name_problem(name: &str, path: Option<&str>) -> Option<String> {
    let snake = name.to_snake_case();
    let words: Vec<&str> = snake.split('_').filter(|word| !word.is_empty()).collect();
    let type_name = crate::names::type_name(name);
    if let Some(article) = words.iter().find(|word| ARTICLES.contains(word)) {
        let article = crate::names::type_name(article);
        return Some(format!(
            "`{type_name}` has an article inside (`{article}`), which a type name does without"
        ));
    }
    let from_path = path.is_some_and(|path| path_name(path) == snake)
        || words.last().is_some_and(|last| EXTENSIONS.contains(last)) && words.len() > 1;
    if from_path {
        return Some(format!(
            "`{type_name}` is made of the path, not of what the endpoint does"
        ));
    }
    if let Some(word) = words.iter().find(|word| !word.is_ascii()) {
        return Some(format!(
            "`{type_name}` is not made of English words (`{word}`): the page gave no English title"
        ));
    }
    if words.len() > 1 {
        if let Some(word) = words
            .iter()
            .find(|word| word.len() == 1 && !word.chars().all(|c| c.is_ascii_digit()))
        {
            let letter = crate::names::type_name(word);
            return Some(format!(
                "`{type_name}` has a one-letter word (`{letter}`), left of the title's punctuation"
            ));
        }
    }
    if words.len() > MAX_TYPE_WORDS || type_name.chars().count() > MAX_TYPE_CHARS {
        return Some(format!(
            "`{type_name}` is too long ({} words, {} characters; at most {MAX_TYPE_WORDS} and {MAX_TYPE_CHARS})",
            words.len(),
            type_name.chars().count()
        ));
    }
    if words.len() == 1 {
        return Some(format!(
            "`{type_name}` is a single word; a request type names an action and what it acts on"
        ));
    }
    None
}

/// Why `en`, the English title of an endpoint with `path`, is no title, if it is not: a
/// single lower-case word, or one of the path's segments. An empty title is not judged here
/// (the validator asks for a missing language on its own).
pub fn title_problem(en: &str, path: Option<&str>) -> Option<String> {
    let title = en.trim();
    if title.is_empty() {
        return None;
    }
    let one_word = !title.contains(char::is_whitespace);
    if one_word && !title.chars().any(char::is_uppercase) {
        return Some(format!(
            "the English title `{title}` is a single lower-case word (a name, not a title)"
        ));
    }
    let segment = path.and_then(|path| {
        literal_segments(path).find(|segment| {
            let bare = segment.split('.').next().unwrap_or(segment);
            *segment == title || bare == title
        })
    });
    segment.map(|segment| {
        format!("the English title `{title}` is the path's segment `{segment}`, not a title")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poor_type_names_are_told_by_their_rule() {
        let path = Some("/api/financial/cross/temu/all/report/query/sales/release.json");
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("create_customer", Some("/v1/customer/create"), None),
            ("reset_password", Some("/v1/user/password/reset"), None),
            ("batch_create_lead_custom_fields", None, None),
            ("create_a_payment", None, Some("article inside (`A`)")),
            ("the_list", None, Some("article inside (`The`)")),
            ("image", Some("/v1/image/upload"), Some("single word")),
            ("data", None, Some("single word")),
            (
                "api_financial_cross_temu_all_report_query_sales_release_json",
                path,
                Some("made of the path"),
            ),
            ("sales_release_json", None, Some("made of the path")),
            (
                "image_upload",
                Some("/v1/image_upload"),
                Some("made of the path"),
            ),
            (
                "query_all_temu_store_sales_release_reports",
                None,
                Some("too long (7 words"),
            ),
            ("get_user_s_info", None, Some("one-letter word (`S`)")),
            ("get_user_info_v2", None, None),
            ("查询物流", None, Some("not made of English words")),
        ];
        for (name, path, expected) in cases {
            let problem = type_name_problem(name, *path);
            match expected {
                None => assert_eq!(problem, None, "{name}"),
                Some(part) => assert!(
                    problem.as_deref().is_some_and(|text| text.contains(part)),
                    "{name}: {problem:?}"
                ),
            }
        }
    }

    #[test]
    fn titles_that_are_names_are_told_apart() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("Create Customer", Some("/v1/customer/create"), None),
            ("Refresh Token", Some("/v1/oauth/refresh_token"), None),
            ("", None, None),
            (
                "image",
                Some("/v1/image/upload"),
                Some("single lower-case word"),
            ),
            ("upload", None, Some("single lower-case word")),
            (
                "getUserInfo",
                Some("/v1/getUserInfo"),
                Some("segment `getUserInfo`"),
            ),
            (
                "Report",
                Some("/v1/Report.json"),
                Some("segment `Report.json`"),
            ),
            ("Make", Some("/v1/make"), None),
            ("Image", None, None),
        ];
        for (title, path, expected) in cases {
            let problem = title_problem(title, *path);
            match expected {
                None => assert_eq!(problem, None, "{title}"),
                Some(part) => assert!(
                    problem.as_deref().is_some_and(|text| text.contains(part)),
                    "{title}: {problem:?}"
                ),
            }
        }
        assert_eq!(path_name("/v1/widget/create"), "widget_create");
        assert_eq!(path_name("/api/report/query.json"), "api_report_query_json");
    }
}
