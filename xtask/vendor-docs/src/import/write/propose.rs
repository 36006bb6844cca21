//! The names the importer proposes for an endpoint new to the spec: its `name` (which names
//! its request type) and its method name (`call_draft`), both for a maintainer to confirm.
//!
//! The method name comes from the page's English title when it has a verb: the verb first
//! (a noun made of one, `Creation`, counts as `create`), then the title's other words but
//! articles, small words and the group's own key (`Password Reset` in `user` gives
//! `reset_password`; `Create a Payment` in `payment` gives `create`); `Batch`/`Bulk` goes
//! before the verb (`batch_create`). Without such a title, from the page's operation id
//! read as one (`queryStockFeeUsingPOST` gives `query_stock_fee`; the words naming a path
//! parameter go and the nouns before the last are singular, so
//! `get-orders-statuses-status_id` gives `get_order_status`). A `GET` without a verb in
//! either, whose English title is a noun phrase of three words or more or who has none,
//! reads `list_` when its answer is a list or a page of one, else `get_`, before the
//! English title's words (`Shipping Company Options` answering an array gives
//! `list_shipping_company_options`) or else the path's last literal segment
//! (`/app-center/projects` answering a page gives `list_projects`); a shorter title may be
//! a verb we do not know and its object (`Weigh Widget`), and goes on to the path. Else from the path: its
//! last literal segment (`/v1/widget/create` gives `create`), or the method's verb when a
//! parameter ends it (`DELETE /v1/part/{id}` gives `delete`). A name the group has is passed
//! over for the verb and the path's last segment (`delete_part`), then a number.
//!
//! The endpoint name is the English title's words without articles (`Create a Payment`
//! gives `create_payment`), else the path's segments, else the Chinese title; one that
//! reads poorly as a type name by `jing_spec::quality`'s rules is marked `name_draft`.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use jing_spec::{HttpMethod, TypeRef};

use crate::import::facts::{FactResponse, Facts};

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

/// The fewest words an English title without a verb has to be read as a noun phrase.
const NOUN_PHRASE_WORDS: usize = 3;

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
        .and_then(|id| call_from_id(without_using(id), facts, group));
    let reads = if from_title.is_none() && from_id.is_none() {
        reads_without_verb(facts, group, &from_path)
    } else {
        Vec::new()
    };
    let candidates: Vec<String> = from_title
        .into_iter()
        .chain(from_id)
        .chain(reads)
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

/// The words of a noun as one thing (`statuses` is `status`, `companies` is `company`,
/// `status` and `address` stay).
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["sses", "uses", "xes", "ches", "shes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_owned();
        }
    }
    if word.ends_with("ss") || word.ends_with("us") || word.len() <= 3 {
        return word.to_owned();
    }
    word.strip_suffix('s').unwrap_or(word).to_owned()
}

/// The method name an operation id gives, when it holds a verb: as a title, but without
/// the words naming a path parameter (`status_id` of `{status_id}`, `id` of `{id}`), and
/// with the nouns before the last singular, as English puts them (`orders statuses` is
/// `order_status`, the last singular too when a parameter ends the path: one item).
fn call_from_id(id: &str, facts: &Facts, group: &str) -> Option<String> {
    let parameters: Vec<Vec<String>> = facts
        .path_params
        .iter()
        .map(|param| param.name.as_str())
        .chain(path_parameters(facts.path.as_deref().unwrap_or_default()))
        .map(|name| name.to_snake_case().split('_').map(str::to_owned).collect())
        .collect();
    let mut words = title_words(id);
    for parameter in &parameters {
        if parameter.is_empty() || parameter.len() >= words.len() {
            continue;
        }
        if let Some(at) = (1..=words.len() - parameter.len())
            .rev()
            .find(|&at| words[at..at + parameter.len()] == parameter[..])
        {
            words.drain(at..at + parameter.len());
        }
    }
    let name = call_from_title(&words.join(" "), group)?;
    let mut parts: Vec<String> = name.split('_').map(str::to_owned).collect();
    let ends_in_parameter = facts
        .path
        .as_deref()
        .and_then(|path| path.trim_end_matches('/').rsplit('/').next())
        .is_some_and(|last| last.starts_with('{'));
    let last = parts.len() - 1;
    for (at, part) in parts.iter_mut().enumerate().skip(1) {
        if verb_of(part).is_none() && (at < last || ends_in_parameter) {
            *part = singular(part);
        }
    }
    parts.dedup();
    Some(parts.join("_"))
}

/// The `{name}`s of a path.
fn path_parameters(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// Whether the answer's data is a list, or a page of one (an object with a list member
/// beside a total, a count, a page number or a cursor).
fn answers_a_list(response: Option<&FactResponse>) -> bool {
    let Some(response) = response else {
        return false;
    };
    if matches!(response.ty, TypeRef::Array(_)) {
        return true;
    }
    let has_list = response
        .fields
        .iter()
        .any(|field| matches!(field.ty, TypeRef::Array(_)));
    let has_paging = response.fields.iter().any(|field| {
        let name = field.name.to_snake_case();
        ["total", "count", "page", "has_more", "cursor", "next"]
            .iter()
            .any(|word| name.split('_').any(|part| part == *word))
    });
    has_list && has_paging
}

/// For a `GET` whose title and operation id hold no verb: `list_` (a list is answered) or
/// `get_`, before the English title's words, then before the path's last literal segment
/// (`from_path`); none when that segment is a verb of its own (`query`), nor when the
/// English title is two words or one, which may be a verb we do not know and its object
/// (`Weigh Widget`, `Peek Part`): only a title of three words or more without a verb is
/// read as a noun phrase (`Shipping Company Options`).
fn reads_without_verb(facts: &Facts, group: &str, from_path: &str) -> Vec<String> {
    let path_verb = verb_of(from_path);
    let title = facts.title_en.as_deref().map(title_words);
    if facts.method != Some(HttpMethod::Get)
        || path_verb.is_some_and(|verb| verb != "get")
        || title
            .as_ref()
            .is_some_and(|words| words.len() < NOUN_PHRASE_WORDS)
    {
        return Vec::new();
    }
    let verb = if answers_a_list(facts.response.as_ref()) {
        "list"
    } else {
        "get"
    };
    let from_title = title.and_then(|words| {
        let words: Vec<String> = words
            .into_iter()
            .filter(|word| !of_group(word, group))
            .take(MAX_OBJECT_WORDS)
            .collect();
        (!words.is_empty()).then(|| format!("{verb}_{}", words.join("_")))
    });
    let from_segment = path_verb.is_none().then(|| format!("{verb}_{from_path}"));
    from_title.into_iter().chain(from_segment).collect()
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
