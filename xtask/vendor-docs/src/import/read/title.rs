//! Page titles read as the spec holds them: a title with an English part in brackets gives
//! both languages, one without is in the language it is written in.

/// `客户创建(Account Creation)` gives `客户创建` and `Account Creation`; a title without
/// an English part in brackets is in the one language it is written in: Chinese when it
/// has a Chinese character (`获取 MFA qrcode`), else English (`Get MFA QR code` gives an
/// empty Chinese title). The other language is left for a maintainer, never copied.
pub fn split_title(title: &str) -> (String, Option<String>) {
    let title = title.trim();
    if let Some(start) = final_bracket_group(title) {
        let zh = title[..start].trim();
        let open_len = title[start..].chars().next().map_or(1, char::len_utf8);
        let close_len = title.chars().next_back().map_or(1, char::len_utf8);
        let en = title[start + open_len..title.len() - close_len].trim();
        let has_latin = en.chars().any(|c| c.is_ascii_alphabetic());
        let has_han = en.chars().any(is_han);
        if !zh.is_empty() && has_latin && !has_han {
            return (zh.to_owned(), Some(en.to_owned()));
        }
    }
    if title.chars().any(is_han) {
        (title.to_owned(), None)
    } else {
        (String::new(), Some(title.to_owned()))
    }
}

/// A Chinese (CJK unified) character.
pub(crate) fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Where the bracket group that ends `text` opens (brackets nest; `()` and `（）` alike).
fn final_bracket_group(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, c) in text.char_indices().rev() {
        match c {
            ')' | '）' => depth += 1,
            '(' | '（' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::split_title;

    #[test]
    fn titles_split_into_chinese_and_english() {
        assert_eq!(
            split_title("客户创建(Account Creation)"),
            ("客户创建".to_owned(), Some("Account Creation".to_owned()))
        );
        assert_eq!(
            split_title("查询活动详情"),
            ("查询活动详情".to_owned(), None)
        );
        assert_eq!(
            split_title(
                "查询来源选项字段(获取下拉选项)(Source Field Type (Get Drop-down Options))"
            ),
            (
                "查询来源选项字段(获取下拉选项)".to_owned(),
                Some("Source Field Type (Get Drop-down Options)".to_owned())
            ),
            "brackets nest"
        );
        assert_eq!(
            split_title("线索来源 (Lead Source)").1.as_deref(),
            Some("Lead Source")
        );
        assert_eq!(
            split_title("获取 MFA qrcode"),
            ("获取 MFA qrcode".to_owned(), None),
            "a title with Chinese in it is Chinese"
        );
        assert_eq!(
            split_title("Get MFA QR code"),
            (String::new(), Some("Get MFA QR code".to_owned())),
            "a title without Chinese is English, and only English"
        );
    }
}
