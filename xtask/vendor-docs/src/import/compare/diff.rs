//! How a page's facts differ from the spec's: the fact diff lists, one line each, what the
//! page says otherwise than the spec: method, path, limits, a parameter or field added or
//! removed, a type, a required flag or an enum value changed. Which spec endpoint a page
//! is about is `matcher.rs`'s (re-exported here, where the tools have found it).

use std::fmt;

use jing_spec::ContentType;

pub use super::matcher::{Matcher, Target, find};

use crate::import::facts::{FactField, FactParam, Facts, ValueFacts, example_key};

/// One fact the page states otherwise than the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What it is about: `method`, `body.owner.id`, `headers.app_id`, …
    pub key: String,
    /// What the spec says (`None`: absent or unknown).
    pub ours: Option<String>,
    /// What the page says.
    pub page: Option<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_owned());
        let sign = match (&self.ours, &self.page) {
            (None, Some(_)) => '+',
            (Some(_), None) => '-',
            _ => '~',
        };
        write!(
            f,
            "{sign} {}: {} -> {}",
            self.key,
            show(&self.ours),
            show(&self.page)
        )
    }
}

/// Every fact `page` states otherwise than `ours`.
pub fn changes(ours: &Facts, page: &Facts) -> Vec<Change> {
    let mut out = Vec::new();
    titles_and_route(ours, page, &mut out);
    params(
        "path_params",
        &ours.path_params,
        &page.path_params,
        &mut out,
    );
    params("headers", &ours.headers, &page.headers, &mut out);
    params("query", &ours.query, &page.query, &mut out);
    body_and_response(ours, page, &mut out);
    examples(ours, page, &mut out);
    decisions(ours, page, &mut out);
    out
}

/// The titles, method, path and rate limits.
fn titles_and_route(ours: &Facts, page: &Facts, out: &mut Vec<Change>) {
    if !ours.title_zh.is_empty() && !page.title_zh.is_empty() {
        note_into(
            out,
            "title.zh",
            Some(ours.title_zh.clone()),
            Some(page.title_zh.clone()),
        );
    }
    if page.title_en.is_some() {
        note_into(
            out,
            "title.en",
            ours.title_en.clone(),
            page.title_en.clone(),
        );
    }
    let method = |facts: &Facts| facts.method.map(|method| method.as_str().to_owned());
    note_into(out, "method", method(ours), method(page));
    note_into(out, "path", ours.path.clone(), page.path.clone());
    let limit = |facts: &Facts, pick: fn(&jing_spec::RateLimit) -> Option<u32>| {
        facts
            .rate_limit
            .as_ref()
            .and_then(pick)
            .map(|count| count.to_string())
    };
    note_into(
        out,
        "rate_limit.per_second",
        limit(ours, |limit| limit.per_second),
        limit(page, |limit| limit.per_second),
    );
    note_into(
        out,
        "rate_limit.per_day",
        limit(ours, |limit| limit.per_day),
        limit(page, |limit| limit.per_day),
    );
}

/// The body (its shape, content type and members), the response (its type, said as its
/// override key `response:type` so a member named `type` reads apart, and members)
/// and how the answer reads.
fn body_and_response(ours: &Facts, page: &Facts, out: &mut Vec<Change>) {
    let shape = |facts: &Facts| {
        facts
            .body
            .as_ref()
            .map(|body| format!("{:?}", body.shape).to_lowercase())
    };
    note_into(out, "body", shape(ours), shape(page));
    content_type(ours, page, out);
    let no_fields: &[FactField] = &[];
    let body_fields = |facts: &Facts| {
        facts
            .body
            .as_ref()
            .map_or(no_fields, |body| &body.fields[..])
            .to_vec()
    };
    fields("body", &body_fields(ours), &body_fields(page), out);
    let response_type = |facts: &Facts| {
        facts
            .response
            .as_ref()
            .map(|response| response.ty.to_string())
    };
    note_into(
        out,
        "response:type",
        response_type(ours),
        response_type(page),
    );
    let response_fields = |facts: &Facts| {
        facts
            .response
            .as_ref()
            .map_or(no_fields, |response| &response.fields[..])
            .to_vec()
    };
    fields(
        "response",
        &response_fields(ours),
        &response_fields(page),
        out,
    );
    let answer = |facts: &Facts| {
        facts.answer.as_ref().map(|answer| {
            let state = if answer.confirmed {
                ""
            } else {
                " (to confirm)"
            };
            format!("{}{state}", answer.answer)
        })
    };
    note_into(out, "answer", answer(ours), answer(page));
    let auth = |facts: &Facts| {
        facts.auth.map(|auth| {
            let state = if auth.confirmed { "" } else { " (to confirm)" };
            format!("{}{state}", auth.mode.as_str())
        })
    };
    // A page that says nothing of it leaves a written `auth` as it is (a draft goes).
    if page.auth.is_some() || ours.auth.is_some_and(|auth| !auth.confirmed) {
        note_into(out, "auth", auth(ours), auth(page));
    }
}

/// An example the page gives replaces ours unless they are the same (as JSON, whatever the
/// layout); shown on one line, cut short.
fn examples(ours: &Facts, page: &Facts, out: &mut Vec<Change>) {
    for (key, mine, theirs) in [
        (
            "examples.request",
            &ours.request_example,
            &page.request_example,
        ),
        (
            "examples.response",
            &ours.response_example,
            &page.response_example,
        ),
    ] {
        let shown = |text: &Option<String>| text.as_deref().map(one_line);
        let same = mine.as_deref().map(example_key) == theirs.as_deref().map(example_key);
        if theirs.is_some() && !same {
            out.push(Change {
                key: key.to_owned(),
                ours: shown(mine),
                page: shown(theirs),
            });
        }
    }
    // The other examples, by name and JSON, in order.
    let keys = |facts: &Facts| -> Vec<(String, String)> {
        let others = facts.other_examples.iter();
        others
            .map(|(name, text)| (name.clone(), example_key(text)))
            .collect()
    };
    let names = |facts: &Facts| -> Option<String> {
        let names: Vec<&str> = facts
            .other_examples
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    };
    if !page.other_examples.is_empty() && keys(ours) != keys(page) {
        out.push(Change {
            key: "examples.more".to_owned(),
            ours: names(ours),
            page: names(page),
        });
    }
}

/// The decisions the page asks for that the spec has not, and the open ones it no longer
/// asks for (a decision a maintainer made stays, whatever the page says).
fn decisions(ours: &Facts, page: &Facts, out: &mut Vec<Change>) {
    for decision in &page.decisions {
        let known = ours.decisions.iter().any(|mine| mine.fact == decision.fact);
        if !known {
            let key = format!("decisions.{}", decision.fact);
            note_into(out, &key, None, Some(decision.page.clone()));
        }
    }
    for mine in ours.decisions.iter().filter(|mine| !mine.decided) {
        if !page
            .decisions
            .iter()
            .any(|decision| decision.fact == mine.fact)
        {
            let key = format!("decisions.{}", mine.fact);
            note_into(out, &key, Some(mine.page.clone()), None);
        }
    }
}

/// `KEY:label.VALUE` for each value the page labels and the spec has no doc for (the label
/// becomes its doc; a doc the spec has is ours, whatever the page's label).
fn new_labels(
    key: &str,
    ours: &[(String, String)],
    page: &[(String, String)],
    out: &mut Vec<Change>,
) {
    for (value, label) in page {
        if !ours.iter().any(|(mine, _)| mine == value) {
            note_into(
                out,
                &format!("{key}:label.{value}"),
                None,
                Some(label.clone()),
            );
        }
    }
}

/// `KEY:FACT` for each value fact (`nullable`, example, default, limits) that differs.
fn value_facts(key: &str, ours: &ValueFacts, page: &ValueFacts, out: &mut Vec<Change>) {
    let json = |value: &Option<serde_json::Value>| value.as_ref().map(ToString::to_string);
    let number = |value: &Option<serde_json::Number>| value.as_ref().map(ToString::to_string);
    let count = |value: Option<u64>| value.map(|count| count.to_string());
    let nullable = |value: &ValueFacts| value.nullable.then(|| "true".to_owned());
    let pairs = [
        ("nullable", nullable(ours), nullable(page)),
        ("example", json(&ours.example), json(&page.example)),
        ("default", json(&ours.default), json(&page.default)),
        ("minimum", number(&ours.minimum), number(&page.minimum)),
        ("maximum", number(&ours.maximum), number(&page.maximum)),
        ("min_length", count(ours.min_length), count(page.min_length)),
        ("max_length", count(ours.max_length), count(page.max_length)),
    ];
    for (fact, mine, theirs) in pairs {
        note_into(out, &format!("{key}:{fact}"), mine, theirs);
    }
}

/// The body's encoding: between two bodies, or a form body added or removed.
fn content_type(ours: &Facts, page: &Facts, out: &mut Vec<Change>) {
    let encoding = |facts: &Facts| facts.body.as_ref().map(|body| body.content_type);
    let (ours, page) = (encoding(ours), encoding(page));
    let shown = |encoding: Option<ContentType>| encoding.map(|e| e.as_str().to_owned());
    if ours.is_some() && page.is_some() || ours.or(page) == Some(ContentType::Form) {
        note_into(out, "body.content_type", shown(ours), shown(page));
    }
}

/// A text on one line, at most 60 characters.
fn one_line(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short: String = line.chars().take(60).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

fn note_into(out: &mut Vec<Change>, key: &str, ours: Option<String>, page: Option<String>) {
    if ours != page {
        out.push(Change {
            key: key.to_owned(),
            ours,
            page,
        });
    }
}

fn flag(required: Option<bool>) -> String {
    match required {
        Some(true) => "required".to_owned(),
        Some(false) => "optional".to_owned(),
        None => "required unknown".to_owned(),
    }
}

fn params(part: &str, ours: &[FactParam], page: &[FactParam], out: &mut Vec<Change>) {
    let describe = |param: &FactParam| format!("{}, {}", param.ty, flag(param.required));
    for param in page {
        let key = format!("{part}.{}", param.name);
        match ours.iter().find(|ours| ours.name == param.name) {
            Some(mine) => {
                note_into(out, &key, Some(describe(mine)), Some(describe(param)));
                enum_values(&key, &mine.values, &param.values, out);
                new_labels(&key, &mine.labels, &param.labels, out);
                value_facts(&key, &mine.value, &param.value, out);
                // A secret the page's security scheme names; a mark made by hand stays.
                if param.secret && !mine.secret {
                    note_into(out, &format!("{key}.secret"), None, Some("true".to_owned()));
                }
            }
            None => note_into(out, &key, None, Some(describe(param))),
        }
    }
    for mine in ours
        .iter()
        .filter(|mine| !page.iter().any(|param| param.name == mine.name))
    {
        note_into(
            out,
            &format!("{part}.{}", mine.name),
            Some(describe(mine)),
            None,
        );
    }
}

/// `KEY.enum` when the documented values differ (a field's or a parameter's).
fn enum_values(key: &str, ours: &[String], page: &[String], out: &mut Vec<Change>) {
    if ours != page {
        let list = |values: &[String]| (!values.is_empty()).then(|| values.join(" | "));
        note_into(out, &format!("{key}.enum"), list(ours), list(page));
    }
}

fn fields(part: &str, ours: &[FactField], page: &[FactField], out: &mut Vec<Change>) {
    let describe = |field: &FactField| format!("{}, {}", field.ty, flag(field.required));
    for field in page {
        let key = format!("{part}.{}", field.name);
        let Some(mine) = ours.iter().find(|ours| ours.name == field.name) else {
            note_into(out, &key, None, Some(describe(field)));
            continue;
        };
        note_into(out, &key, Some(describe(mine)), Some(describe(field)));
        enum_values(&key, &mine.values, &field.values, out);
        new_labels(&key, &mine.labels, &field.labels, out);
        value_facts(&key, &mine.value, &field.value, out);
        fields(&key, &mine.fields, &field.fields, out);
    }
    for mine in ours
        .iter()
        .filter(|mine| !page.iter().any(|field| field.name == mine.name))
    {
        note_into(
            out,
            &format!("{part}.{}", mine.name),
            Some(describe(mine)),
            None,
        );
    }
}

/// A page's facts as our schema would hold them: the group file's entry, for printing.
pub fn describe(facts: &Facts, target: &Target<'_>) -> String {
    let name = target
        .endpoint
        .map_or("(new)", |endpoint| endpoint.name.as_str());
    // A missing language is marked as missing beside the other (the sheet asks for it).
    let en = facts.title_en.as_deref().filter(|en| !en.trim().is_empty());
    let zh = match facts.title_zh.trim() {
        "" => "[no Chinese title]",
        zh => zh,
    };
    format!(
        "{} {} ({}): {} {} in group `{}`",
        name,
        zh,
        en.unwrap_or("no English title"),
        facts.method.map_or("?", |method| method.as_str()),
        facts.path.as_deref().unwrap_or("?"),
        target.group.key
    )
}
