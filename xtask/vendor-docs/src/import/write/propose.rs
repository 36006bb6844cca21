//! The names the importer proposes for an endpoint new to the spec: its `name` (which names
//! its request type) and its method name (`call_draft`), both for a maintainer to confirm.
//!
//! The method name comes from the page's English title when it has a verb: the verb first
//! (a noun made of one, `Creation`, counts as `create`), then the title's other words but
//! articles, small words and the group's own key (`Password Reset` in `user` gives
//! `reset_password`; `Create a Payment` in `payment` gives `create`); `Batch`/`Bulk` goes
//! before the verb (`batch_create`). Without such a title, from the page's operation id
//! read as one (`queryStockFeeUsingPOST` gives `query_stock_fee`), else from the path: its last literal
//! segment (`/v1/widget/create` gives `create`), or the method's verb when a parameter
//! ends it (`DELETE /v1/part/{id}` gives `delete`). A name the group has is passed over
//! for the verb and the path's last segment (`delete_part`), then a number.
//!
//! The endpoint name is the English title's words without articles (`Create a Payment`
//! gives `create_payment`), else the path's segments, else the Chinese title; one that
//! reads poorly as a type name by `jing_spec::quality`'s rules is marked `name_draft`.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use jing_spec::HttpMethod;

use crate::import::facts::Facts;

/// Words a name does without: articles and the small words between a title's nouns.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "for", "to", "by", "with", "and", "in", "on", "from", "via",
];

/// Words that go before the verb rather than after it.
const MODIFIERS: &[&str] = &["batch", "bulk"];

/// Verbs a title may start with or hold, as a method name spells them.
const VERBS: &[&str] = &[
    "add", "apply", "approve", "assign", "bind", "cancel", "check", "close", "confirm", "copy",
    "count", "create", "delete", "disable", "download", "edit", "enable", "export", "fetch", "get",
    "import", "invite", "list", "lock", "login", "logout", "merge", "modify", "move", "open",
    "publish", "push", "query", "receive", "refresh", "refund", "register", "remove", "rename",
    "renew", "report", "reset", "retrieve", "revoke", "save", "search", "send", "set", "submit",
    "sync", "transfer", "unbind", "unlock", "update", "upload", "validate", "verify",
];

/// Nouns made of a verb, and the verb.
const NOUN_VERBS: &[(&str, &str)] = &[
    ("addition", "add"),
    ("approval", "approve"),
    ("cancellation", "cancel"),
    ("confirmation", "confirm"),
    ("creation", "create"),
    ("deletion", "delete"),
    ("modification", "modify"),
    ("registration", "register"),
    ("removal", "remove"),
    ("retrieval", "retrieve"),
    ("revocation", "revoke"),
    ("submission", "submit"),
    ("synchronization", "sync"),
    ("validation", "validate"),
    ("verification", "verify"),
];

/// At most this many words follow the verb in a method name from a title.
const MAX_OBJECT_WORDS: usize = 3;

/// The verb a title word is, or is a noun of.
fn verb_of(word: &str) -> Option<&'static str> {
    VERBS
        .iter()
        .find(|verb| **verb == word)
        .copied()
        .or_else(|| {
            NOUN_VERBS
                .iter()
                .find(|(noun, _)| *noun == word)
                .map(|(_, verb)| *verb)
        })
}

/// The words of an English title, lower case, without small words; a possessive's `'s`
/// goes (`user's` is `user`) and an apostrophe inside a word joins it (`don't` is `dont`),
/// so no one-letter word is left of them.
fn title_words(title: &str) -> Vec<String> {
    let title = title.replace(['\u{2019}', '\u{2018}', '`'], "'");
    let mut plain = String::with_capacity(title.len());
    let mut chars = title.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            plain.push(c);
            continue;
        }
        let mut after = chars.clone();
        let possessive = matches!(after.next(), Some('s' | 'S'))
            && after.next().is_none_or(|next| !next.is_alphanumeric());
        if possessive {
            chars.next();
        }
    }
    plain
        .to_snake_case()
        .split('_')
        .filter(|word| !word.is_empty() && !SMALL_WORDS.contains(word))
        .map(str::to_owned)
        .collect()
}

/// Whether `word` is (a plural of) one of the group key's words.
fn of_group(word: &str, group: &str) -> bool {
    let singular = |word: &str| {
        word.strip_suffix("ies")
            .map(|stem| format!("{stem}y"))
            .or_else(|| word.strip_suffix('s').map(str::to_owned))
            .unwrap_or_else(|| word.to_owned())
    };
    group
        .split('_')
        .any(|key| key == word || singular(key) == singular(word))
}

/// The method name an English title gives in the group `group`, when it holds a verb.
pub(super) fn call_from_title(title: &str, group: &str) -> Option<String> {
    let words = title_words(title);
    let (at, verb) = words
        .iter()
        .enumerate()
        .find_map(|(at, word)| verb_of(word).map(|verb| (at, verb)))?;
    let modifier = words.iter().find(|word| MODIFIERS.contains(&word.as_str()));
    let object = words
        .iter()
        .enumerate()
        .filter(|(index, word)| {
            *index != at && !MODIFIERS.contains(&word.as_str()) && !of_group(word, group)
        })
        .map(|(_, word)| word.as_str())
        .take(MAX_OBJECT_WORDS);
    let name: Vec<&str> = modifier
        .map(String::as_str)
        .into_iter()
        .chain(std::iter::once(verb))
        .chain(object)
        .collect();
    Some(name.join("_"))
}

/// The method name the path gives: its last literal segment, or the method's verb when a
/// parameter ends it; and the verb with that segment.
fn calls_from_path(facts: &Facts) -> Option<(String, String)> {
    let path = facts.path.as_deref()?;
    let literals: Vec<String> = path
        .split('/')
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .map(|segment| segment.split('.').next().unwrap_or(segment).to_snake_case())
        .filter(|segment| !segment.is_empty())
        .collect();
    let last = literals.last()?.clone();
    let ends_in_parameter = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()?
        .starts_with('{');
    let verb = match facts.method? {
        HttpMethod::Get => "get",
        HttpMethod::Post => "create",
        HttpMethod::Put | HttpMethod::Patch => "update",
        HttpMethod::Delete => "delete",
    };
    let first = if ends_in_parameter {
        verb.to_owned()
    } else {
        last.clone()
    };
    Some((first, format!("{verb}_{last}")))
}

/// The method name proposed for a new endpoint of the group `group`, one the group does
/// not have (`taken`).
pub(super) fn call(facts: &Facts, group: &str, taken: &BTreeSet<String>) -> Option<String> {
    let (from_path, verb_and_last) = calls_from_path(facts)?;
    let from_title = facts
        .title_en
        .as_deref()
        .and_then(|title| call_from_title(title, group));
    let from_id = facts
        .operation_id
        .as_deref()
        .and_then(|id| call_from_title(without_using(id), group));
    let candidates: Vec<String> = from_title
        .into_iter()
        .chain(from_id)
        .chain([from_path, verb_and_last.clone()])
        .filter(|name| jing_spec::name_problem(name).is_none())
        .collect();
    candidates
        .iter()
        .find(|name| !taken.contains(*name))
        .cloned()
        .or_else(|| {
            (2..)
                .map(|n| format!("{verb_and_last}_{n}"))
                .find(|name| !taken.contains(name))
        })
}

/// An operation id without the method some generators add (`queryFeeUsingPOST` is
/// `queryFee`).
fn without_using(id: &str) -> &str {
    ["GET", "POST", "PUT", "DELETE", "PATCH"]
        .iter()
        .find_map(|method| id.strip_suffix(&format!("Using{method}")))
        .unwrap_or(id)
}

/// The name a new entry gets: the English title's words without small words, else the
/// path's segments, else the Chinese title.
pub(super) fn name(facts: &Facts) -> String {
    match (&facts.title_en, &facts.path) {
        (Some(title), _) if !title_words(title).is_empty() => title_words(title).join("_"),
        (_, Some(path)) => jing_spec::quality::path_name(path),
        _ => facts.title_zh.to_snake_case(),
    }
}

/// Whether the proposed `name` reads poorly as a type name, so a maintainer is asked.
pub(super) fn name_is_poor(name: &str, facts: &Facts) -> bool {
    jing_spec::quality::type_name_problem(name, facts.path.as_deref()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(title: Option<&str>, method: HttpMethod, path: &str) -> Facts {
        let mut facts = Facts::titled("");
        facts.title_en = title.map(str::to_owned);
        facts.method = Some(method);
        facts.path = Some(path.to_owned());
        facts
    }

    #[test]
    fn method_names_come_from_the_title_verb_then_the_path() {
        use HttpMethod::{Delete, Get, Post, Put};
        let cases: &[(Option<&str>, HttpMethod, &str, &str, &str)] = &[
            (
                Some("Reset Password"),
                Put,
                "/v1/user/{id}",
                "user",
                "reset_password",
            ),
            (
                Some("Password Reset"),
                Post,
                "/v1/user/password",
                "user",
                "reset_password",
            ),
            (
                Some("Create a Payment"),
                Post,
                "/v1/payments",
                "payment",
                "create",
            ),
            (
                Some("Create a Payment"),
                Post,
                "/v1/payments",
                "billing",
                "create_payment",
            ),
            (
                Some("Account Creation"),
                Post,
                "/v1/account/create",
                "customer",
                "create_account",
            ),
            (
                Some("User Batch Creation"),
                Post,
                "/v1/user/batch",
                "user",
                "batch_create",
            ),
            (
                Some("Refresh Token"),
                Post,
                "/v1/oauth/refresh_token",
                "oauth",
                "refresh_token",
            ),
            (
                Some("Get the List of Leads"),
                Get,
                "/v1/lead/list",
                "lead",
                "get_list",
            ),
            (Some("image"), Post, "/v1/image/upload", "media", "upload"),
            (None, Post, "/v1/widget/create", "widget", "create"),
            (None, Delete, "/v1/part/{id}", "part", "delete"),
            (None, Get, "/api/report/query.json", "finance", "query"),
            (
                Some("Query sales release report of all Temu stores"),
                Post,
                "/api/financial/cross/temu/all/report/query/sales/release.json",
                "finance",
                "query_sales_release_report",
            ),
        ];
        for (title, method, path, group, expected) in cases {
            let proposed = call(&facts(*title, *method, path), group, &BTreeSet::new());
            assert_eq!(proposed.as_deref(), Some(*expected), "{title:?} {path}");
        }
    }

    #[test]
    fn a_taken_name_gives_way_to_the_path_then_a_number() {
        let page = facts(Some("Delete Part"), HttpMethod::Delete, "/v1/part/{id}");
        let taken = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect();
        let cases: &[(&[&str], &str)] = &[
            (&[], "delete"),
            (&["delete"], "delete_part"),
            (&["delete", "delete_part"], "delete_part_2"),
        ];
        for (names, expected) in cases {
            assert_eq!(
                call(&page, "part", &taken(names)).as_deref(),
                Some(*expected),
                "{names:?}"
            );
        }
    }

    /// Without an English title, the page's operation id is read as one (its `Using…`
    /// suffix gone); an English title wins, and an id without a verb gives way to the path.
    #[test]
    fn the_operation_id_hints_the_method_name_without_an_english_title() {
        let with_id = |title: Option<&str>, id: &str| {
            let mut page = facts(title, HttpMethod::Post, "/v1/stock/transfer-fee");
            page.operation_id = Some(id.to_owned());
            call(&page, "stock", &BTreeSet::new())
        };
        let by_id = with_id(None, "queryStockTransferFeeUsingPOST");
        assert_eq!(by_id.as_deref(), Some("query_transfer_fee"));
        let by_title = with_id(Some("Get Transfer Fee"), "queryStockTransferFeeUsingPOST");
        assert_eq!(by_title.as_deref(), Some("get_transfer_fee"));
        assert_eq!(
            with_id(None, "stockTransferFee").as_deref(),
            Some("transfer_fee")
        );
    }

    #[test]
    fn entry_names_drop_articles_and_poor_ones_are_told() {
        let cases: &[(Option<&str>, &str, &str, bool)] = &[
            (
                Some("Create a Payment"),
                "/v1/payments",
                "create_payment",
                false,
            ),
            (
                Some("Reset Password"),
                "/v1/user/{id}",
                "reset_password",
                false,
            ),
            (Some("image"), "/v1/image/upload", "image", true),
            (
                None,
                "/api/financial/cross/temu/all/report/query/sales/release.json",
                "api_financial_cross_temu_all_report_query_sales_release_json",
                true,
            ),
            (None, "/v1/widget/create", "widget_create", true),
            (
                Some("Get user's info"),
                "/v1/user/info",
                "get_user_info",
                false,
            ),
            (
                Some("Don\u{2019}t track: the parcel (v2)!"),
                "/v1/parcel/untrack",
                "dont_track_parcel_v2",
                false,
            ),
        ];
        for (title, path, expected, poor) in cases {
            let page = facts(*title, HttpMethod::Post, path);
            let proposed = name(&page);
            assert_eq!(proposed, *expected, "{title:?}");
            assert_eq!(name_is_poor(&proposed, &page), *poor, "{proposed}");
        }
    }
}
