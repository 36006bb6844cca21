//! Credentials kept out of everything the SDK shows: dry runs, errors, logs and `Debug`.
//!
//! 凭据从不显示：预演请求、错误、日志与调试输出中一律隐去。凭据按名称族识别（secret、password、
//! token、key、credential、authorization、signature，不论大小写与分隔符），另加规格标记的名称。
//!
//! A secret is recognised by the name it travels under ([`is_secret`]): by name families in
//! any case and separator (`appSecret`, `AppSecret`, `x-api-key`, `client.secret`, …; the
//! rule and its exceptions are in `names`), and, for a typed call, by the names its own
//! schema marks `secret` ([`Secrets`]: the auth header, the token calls' credentials, a
//! security scheme's key, whatever their spelling). Their values are replaced
//! by [`REDACTED`] in JSON text at any depth (also when the text is cut off), in form and
//! query text, in URLs, in header lists and in JSON values. A `true` or `false` is never
//! hidden: it cannot be a secret, and `"has_password": true` says something worth reading.

mod names;

pub use names::{SECRET_WORDS, is_secret};

/// What stands in for a secret wherever one would be shown.
pub const REDACTED: &str = "[REDACTED]";

/// Which names hide their value for one call: every name of a credential family
/// ([`is_secret`]), and the names the call's schema marks `secret`
/// ([`EndpointSchema::secrets`](crate::schema::EndpointSchema::secrets)) in any case. The
/// default hides by the families alone, as the free functions of this module do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    /// The names marked secret, beside the families.
    marked: Vec<&'static str>,
}

impl Secrets {
    /// The families and `marked`, names hidden whatever their case.
    pub fn marking(marked: impl IntoIterator<Item = &'static str>) -> Secrets {
        let mut marked: Vec<&'static str> = marked.into_iter().collect();
        marked.sort_unstable();
        marked.dedup();
        Secrets { marked }
    }

    /// Whether a header, parameter or member of this name carries a secret here.
    pub fn is_secret(&self, name: &str) -> bool {
        self.marked
            .iter()
            .any(|marked| marked.eq_ignore_ascii_case(name))
            || is_secret(name)
    }

    /// [`redact_text`] with these names.
    pub fn text(&self, text: &str) -> String {
        redact_form(&redact_json(text, self), self)
    }

    /// [`redact_pairs`] with these names.
    pub fn pairs<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, String)>,
    ) -> Vec<(String, String)> {
        pairs
            .into_iter()
            .map(|(name, value)| {
                let shown = if self.is_secret(name) {
                    REDACTED.to_owned()
                } else {
                    value
                };
                (name.to_owned(), shown)
            })
            .collect()
    }

    /// [`redact_url`] with these names.
    pub fn url(&self, url: &mut url::Url) {
        // Only a URL that can hold them has them; the calls cannot fail on one that does.
        if url.password().is_some() || !url.username().is_empty() {
            let _ = url.set_password(None);
            let _ = url.set_username("");
        }
        if !url.query_pairs().any(|(name, _)| self.is_secret(&name)) {
            return;
        }
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if self.is_secret(&name) {
                    REDACTED.into()
                } else {
                    value
                };
                (name.into_owned(), value.into_owned())
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }

    /// [`redact_value`] with these names.
    pub fn value(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(members) => {
                for (name, member) in members.iter_mut() {
                    if self.is_secret(name) && !member.is_null() && !member.is_boolean() {
                        *member = serde_json::Value::from(REDACTED);
                    } else {
                        self.value(member);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|item| self.value(item)),
            _ => {}
        }
    }
}

/// `text` (JSON, possibly cut off, or `name=value&…` form text) with the value of every
/// secret member or parameter replaced by [`REDACTED`]; everything else is unchanged.
pub fn redact_text(text: &str) -> String {
    Secrets::default().text(text)
}

/// JSON members `"secret": "value"` (the value possibly cut off by the end of the text).
fn redact_json(text: &str, secrets: &Secrets) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        out.push_str(&rest[..start]);
        let Some((key, after_key)) = json_string(&rest[start..]) else {
            out.push_str(&rest[start..]);
            return out;
        };
        out.push_str(&rest[start..rest.len() - after_key.len()]);
        rest = after_key;
        if !secrets.is_secret(key) {
            continue;
        }
        // `"key"  :  "value"`: keep the colon and spacing, hide the value.
        let spaced = rest.trim_start();
        let Some(after_colon) = spaced.strip_prefix(':') else {
            continue;
        };
        let value = after_colon.trim_start();
        if !value.starts_with('"') {
            // A number, list or object where a secret stands: hidden up to where it ends.
            let end = other_value_end(value);
            if matches!(value[..end].trim(), "null" | "true" | "false") || end == 0 {
                continue;
            }
            out.push_str(&rest[..rest.len() - value.len()]);
            out.push('"');
            out.push_str(REDACTED);
            out.push('"');
            rest = &value[end..];
            continue;
        }
        out.push_str(&rest[..rest.len() - value.len()]);
        out.push('"');
        out.push_str(REDACTED);
        match json_string(value) {
            Some((_, after_value)) => {
                out.push('"');
                rest = after_value;
            }
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Where a JSON value that is not a string ends in `text`: at the `,`, `}` or `]` that
/// closes it at its own depth (strings inside skipped), or at the end of the text.
fn other_value_end(text: &str) -> usize {
    let mut depth = 0usize;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let Some(character) = rest.chars().next() else {
            break;
        };
        match character {
            '"' => match json_string(rest) {
                Some((_, after)) => {
                    at = text.len() - after.len();
                    continue;
                }
                None => return text.len(),
            },
            '[' | '{' => depth += 1,
            ']' | '}' if depth > 0 => depth -= 1,
            ',' | ']' | '}' if depth == 0 => return at,
            _ => {}
        }
        at += character.len_utf8();
    }
    text.len()
}

/// The string at the start of `text` (which begins with `"`) and what follows its closing
/// quote; `None` when the text ends before the string does.
fn json_string(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_prefix('"')?;
    let mut escaped = false;
    for (at, character) in body.char_indices() {
        match character {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some((&body[..at], &body[at + 1..])),
            _ => {}
        }
    }
    None
}

/// Form or query text: `secret=value` pairs, separated by `&`.
fn redact_form(text: &str, secrets: &Secrets) -> String {
    if !text.contains('=') {
        return text.to_owned();
    }
    let looks_like_form = !text.trim_start().starts_with(['{', '[']);
    if !looks_like_form {
        return text.to_owned();
    }
    // Pairs stand between `&`s, or between spaces in prose (`msg: app_secret=S rejected`).
    text.split_inclusive([' ', '&'])
        .map(|piece| {
            let (pair, separator) = match piece.strip_suffix([' ', '&']) {
                Some(pair) => (pair, &piece[pair.len()..]),
                None => (piece, ""),
            };
            redact_pair(pair, secrets) + separator
        })
        .collect()
}

/// One `name=value` pair, its value hidden when the name is a secret's.
fn redact_pair(pair: &str, secrets: &Secrets) -> String {
    match pair.split_once('=') {
        // The first pair of a URL's query starts after its `?`.
        Some((name, _))
            if secrets.is_secret(name.rsplit(['?', ' ']).next().unwrap_or(name).trim()) =>
        {
            format!("{name}={REDACTED}")
        }
        _ => pair.to_owned(),
    }
}

/// `(name, value)` pairs (headers, query parameters) with the value of every secret one
/// replaced by [`REDACTED`].
pub fn redact_pairs<'a>(
    pairs: impl IntoIterator<Item = (&'a str, String)>,
) -> Vec<(String, String)> {
    Secrets::default().pairs(pairs)
}

/// `url` without its user name and password, and with the value of every secret query
/// parameter replaced by [`REDACTED`].
pub fn redact_url(url: &mut url::Url) {
    Secrets::default().url(url);
}

/// `text`, a URL that may not parse, as a message shows it: without user name and
/// password, and with the value of every secret query parameter replaced by [`REDACTED`].
pub(crate) fn redact_url_text(text: &str) -> String {
    if let Ok(mut url) = url::Url::parse(text) {
        redact_url(&mut url);
        return url.to_string();
    }
    // Not a URL: whatever stands before an `@` may be a user and password (more is hidden
    // than needed when the `@` was elsewhere, which only shortens a message).
    let Some(at) = text.rfind('@') else {
        return redact_text(text);
    };
    let after = &text[at + 1..];
    let shown = match text.split_once("://") {
        Some((scheme, _)) if scheme.len() < at => format!("{scheme}://{after}"),
        _ => after.to_owned(),
    };
    redact_text(&shown)
}

/// `value` with every secret member, at any depth, replaced by [`REDACTED`].
pub fn redact_value(value: &mut serde_json::Value) {
    Secrets::default().value(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_members_are_hidden_wherever_they_stand() {
        let text = r#"{"app_id":"a","app_secret" : "s\"x","data":{"access_token":"t","n":1}}"#;
        let shown = redact_text(text);
        assert_eq!(
            shown,
            r#"{"app_id":"a","app_secret" : "[REDACTED]","data":{"access_token":"[REDACTED]","n":1}}"#
        );
        assert!(serde_json::from_str::<serde_json::Value>(&shown).is_ok());
    }

    #[test]
    fn secrets_that_are_not_strings_are_hidden_too() {
        let text = r#"{"access_token": 12345, "app_secret": ["s", {"x": "y"}], "refresh_token": null, "n": 1}"#;
        let shown = redact_text(text);
        assert_eq!(
            shown,
            r#"{"access_token": "[REDACTED]", "app_secret": "[REDACTED]", "refresh_token": null, "n": 1}"#
        );
        assert!(serde_json::from_str::<serde_json::Value>(&shown).is_ok());
        assert_eq!(
            redact_text(r#"{"app_secret": 9876"#),
            r#"{"app_secret": "[REDACTED]""#
        );
    }

    #[test]
    fn a_cut_off_secret_is_hidden_too() {
        let shown = redact_text(r#"{"refresh_token":"abcdef"#);
        assert_eq!(shown, r#"{"refresh_token":"[REDACTED]"#);
        assert!(!shown.contains("abc"));
    }

    #[test]
    fn names_about_a_secret_and_flags_stay() {
        let text =
            r#"{"token_type":"bearer","access_token_kind":"w","keyword":"k","has_password":true}"#;
        assert_eq!(redact_text(text), text);
        let mut value: serde_json::Value =
            serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}"));
        let before = value.clone();
        redact_value(&mut value);
        assert_eq!(value, before);
    }

    /// Every spelling of the issue's report, in JSON at any depth, in a query, in a form.
    #[test]
    fn every_spelling_is_hidden_in_json_queries_and_forms() {
        let json = r#"{"appSecret":"s1","AppSecret":"s2","token":"s3","secret":"s4","password":"s5","outer":{"inner":[{"clientSecret":"s6"}]},"x-api-key":"s7","name":"kept"}"#;
        let shown = redact_text(json);
        for secret in ["s1", "s2", "s3", "s4", "s5", "s6", "s7"] {
            assert!(
                !shown.contains(&format!("\"{secret}\"")),
                "{secret}: {shown}"
            );
        }
        assert!(shown.contains("kept"), "{shown}");
        let mut value: serde_json::Value =
            serde_json::from_str(json).unwrap_or_else(|error| panic!("{error}"));
        redact_value(&mut value);
        assert_eq!(value["outer"]["inner"][0]["clientSecret"], REDACTED);
        assert_eq!(value["name"], "kept");
        assert_eq!(
            redact_text("/v1/x?appSecret=s1&token=s2&page=2"),
            "/v1/x?appSecret=[REDACTED]&token=[REDACTED]&page=2"
        );
        assert_eq!(
            redact_text("user_name=a&user_password=p&Client-Secret=c"),
            "user_name=a&user_password=[REDACTED]&Client-Secret=[REDACTED]"
        );
        let mut url = url::Url::parse("http://127.0.0.1:1/v1/x?AppSecret=s&apiKey=k&page=2")
            .unwrap_or_else(|error| panic!("{error}"));
        redact_url(&mut url);
        assert_eq!(
            url.query(),
            Some("AppSecret=%5BREDACTED%5D&apiKey=%5BREDACTED%5D&page=2")
        );
        let headers = redact_pairs([
            ("X-Api-Key", "k".to_owned()),
            ("Authorization", "Bearer t".to_owned()),
            ("X-Trace-Id", "t1".to_owned()),
        ]);
        assert_eq!(
            headers,
            [
                ("X-Api-Key".to_owned(), REDACTED.to_owned()),
                ("Authorization".to_owned(), REDACTED.to_owned()),
                ("X-Trace-Id".to_owned(), "t1".to_owned()),
            ]
        );
    }

    #[test]
    fn form_and_query_text() {
        assert_eq!(
            redact_text("app_id=a&app_secret=s&REFRESH_TOKEN=r"),
            "app_id=a&app_secret=[REDACTED]&REFRESH_TOKEN=[REDACTED]"
        );
        assert_eq!(redact_text("plain text"), "plain text");
        assert_eq!(
            redact_text("refused: app_secret=s1 is wrong"),
            "refused: app_secret=[REDACTED] is wrong"
        );
        assert_eq!(
            redact_text("/v1/x?app_secret=s&page=2"),
            "/v1/x?app_secret=[REDACTED]&page=2"
        );
    }

    #[test]
    fn urls_lose_their_secret_parameters() {
        let mut url = url::Url::parse("http://127.0.0.1:1/v1/x?access_token=t&page=2")
            .unwrap_or_else(|error| panic!("{error}"));
        redact_url(&mut url);
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:1/v1/x?access_token=%5BREDACTED%5D&page=2"
        );
        let mut url = url::Url::parse("https://jing:hunter2@example.com/v1/x")
            .unwrap_or_else(|error| panic!("{error}"));
        redact_url(&mut url);
        assert_eq!(url.as_str(), "https://example.com/v1/x");
        // Text that may not be a URL at all, as an error message quotes it.
        for (text, shown) in [
            (
                "https://jing:hunter2@example.com/?token=t&page=2",
                "https://example.com/?token=%5BREDACTED%5D&page=2",
            ),
            (
                "https://jing:hunter2@exa mple.com/x",
                "https://exa mple.com/x",
            ),
            ("host//a:hunter2@b", "b"),
            ("no url at all", "no url at all"),
        ] {
            assert_eq!(redact_url_text(text), shown, "{text}");
        }
    }

    #[test]
    fn values_at_any_depth() {
        let mut value =
            serde_json::json!({"a": [{"access_token": "t"}], "app_secret": "s", "x": 1});
        redact_value(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"a": [{"access_token": REDACTED}], "app_secret": REDACTED, "x": 1})
        );
    }
}
