//! What pages spell in words the readers of every format share: an HTTP method's name,
//! the rate limits a description states, and the table rows and list items a description
//! holds (requirements stated only there). A leaf module (it imports nothing of the import
//! module), so the format readers and `import` itself use it without a circle.

use jing_spec::{HttpMethod, RateLimit};

/// The HTTP methods, as pages and documents spell them (any case).
pub(crate) fn method_named(name: &str) -> Option<HttpMethod> {
    [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Delete,
        HttpMethod::Patch,
    ]
    .into_iter()
    .find(|method| method.as_str().eq_ignore_ascii_case(name))
}

/// The limits a description states: `每秒10次;每天10000次`, or `10 times per second;
/// 10,000 times per day`.
pub(crate) fn rate_limit_in(text: &str) -> Option<RateLimit> {
    let number_before = |text: &str, marker: &str| -> Option<u32> {
        let end = text.find(marker)?;
        let digits: String = text[..end]
            .chars()
            .rev()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits.parse().ok()
    };
    let number_after = |text: &str, marker: &str| -> Option<u32> {
        let start = text.find(marker)? + marker.len();
        let digits: String = text[start..]
            .chars()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    let per_second = number_after(text, "每秒").or_else(|| number_before(text, "times per second"));
    let per_day = number_after(text, "每天").or_else(|| number_before(text, "times per day"));
    (per_second.is_some() || per_day.is_some()).then_some(RateLimit {
        per_second,
        per_day,
    })
}

/// The note on a description that holds a Markdown table or list (`| 是否需要签名 | 是 |`,
/// `- waiting：排队`): requirements and values the page states only in its words, which
/// live in the doc's `vendor:` text only until the sheet fills the doc. The note quotes
/// them (the first few) so they outlast it; `None` for a description of plain sentences.
pub(crate) fn structured_note(description: &str) -> Option<String> {
    const SHOWN: usize = 6;
    let mut items: Vec<String> = Vec::new();
    for line in description.lines().map(str::trim) {
        let item = if line.starts_with('|') {
            let cells: Vec<&str> = line
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .filter(|cell| !cell.is_empty())
                .collect();
            // A separator row (`| --- | :-: |`) says nothing.
            let rule = |cell: &&str| cell.chars().all(|c| matches!(c, '-' | ':'));
            (!cells.iter().all(rule)).then(|| cells.join(" | "))
        } else {
            list_item(line).map(str::to_owned)
        };
        if let Some(item) = item.filter(|item| !item.is_empty()) {
            items.push(item);
        }
    }
    if items.is_empty() {
        return None;
    }
    let more = items.len().saturating_sub(SHOWN);
    let shown: Vec<String> = items
        .iter()
        .take(SHOWN)
        .map(|item| format!("«{item}»"))
        .collect();
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(format!(
        "the page's description states in a table or list what no fact of the spec holds: {}{more}; keep what the API requires (a signature, the values of a member) in the doc's words, which replace the page's text once the sheet is applied",
        shown.join(", ")
    ))
}

/// The text of a Markdown list item (`- a`, `* a`, `+ a`, `1. a`, `2) a`), else `None`.
fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = ["- ", "* ", "+ "]
        .into_iter()
        .find_map(|bullet| line.strip_prefix(bullet))
    {
        return Some(rest.trim());
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0)
        .then(|| rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")))
        .flatten()
        .map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_read_in_either_language() {
        let both = Some(RateLimit {
            per_second: Some(10),
            per_day: Some(10000),
        });
        assert_eq!(rate_limit_in("接口调用限制为:\n每秒10次;每天10000次"), both);
        assert_eq!(
            rate_limit_in("limited to:\n10 times per second; 10,000 times per day"),
            both
        );
        assert_eq!(rate_limit_in("no limits here"), None);
    }

    #[test]
    fn tables_and_lists_of_a_description_are_quoted() {
        let note = super::structured_note(
            "轮询。\n\n| 项目 | 说明 |\n| --- | :-: |\n| 是否需要签名 | 是 |\n\n- waiting：排队\n2. done\n-not a list\n",
        )
        .unwrap_or_default();
        assert!(
            note.contains("«项目 | 说明», «是否需要签名 | 是», «waiting：排队», «done»;"),
            "{note}"
        );
        assert!(
            !note.contains("---") && !note.contains("not a list"),
            "{note}"
        );
        assert_eq!(super::structured_note("Plain words. 1.5 seconds."), None);
        let long: String = (0..9).map(|at| format!("- item {at}\n")).collect();
        let note = super::structured_note(&long).unwrap_or_default();
        assert!(note.contains("«item 5» and 3 more;"), "{note}");
    }
}
