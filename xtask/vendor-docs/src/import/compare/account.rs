//! The count of a page's facts: which the spec holds as the page states them (matched),
//! holds otherwise (changed: a maintainer's override, or what the spec cannot hold made
//! what it can) and does not hold at all (dropped). Facts are what [`jing_spec::fact`]
//! defines, listed here for [`Facts`] by [`facts_of`]; every fact dropped or changed that no
//! override keeps becomes a decision (`decisions` of the entry), so no fact is lost without
//! a row in the sheet.

use std::collections::BTreeMap;

use jing_spec::{FactKey, MemberFact, Part, TypeRef};

use super::overrides::settles;
use crate::import::facts::{FactDecision, FactField, FactParam, Facts, ValueFacts};

/// What a member's presence states, as the report shows it (`the page says present`).
pub const PRESENT: &str = "present";

/// What the spec holds of a member a maintainer's override keeps out (`kept
/// `headers.X-Trace-Id`: left out; the page says present`).
pub const LEFT_OUT: &str = "left out";

/// The facts of one page against what the spec holds after the import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Count {
    /// Facts held as the page states them.
    pub matched: usize,
    /// Facts held otherwise: the fact, what the page states, what the spec holds, and
    /// whether a maintainer's override keeps it ours.
    pub changed: Vec<Changed>,
    /// Facts the spec does not hold: the fact and what the page states.
    pub dropped: Vec<(FactKey, String)>,
}

/// A fact the spec holds otherwise than the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    /// The fact.
    pub key: FactKey,
    /// What the page states.
    pub page: String,
    /// What the spec holds.
    pub ours: String,
    /// Whether an override keeps it ours (`kept, the page says …`).
    pub kept: bool,
}

impl Count {
    /// `facts: N matched, N changed, N dropped`.
    pub fn line(&self) -> String {
        format!(
            "facts: {} matched, {} changed, {} dropped",
            self.matched,
            self.changed.len(),
            self.dropped.len()
        )
    }
}

/// Counts `page`'s facts (as read) against `held` (what the spec will hold); `settled` is the
/// page with the spec's value where the page says less, which counts as matched;
/// `overrides` are the facts a maintainer keeps ours.
pub fn count(page: &Facts, settled: &Facts, held: &Facts, overrides: &[FactKey]) -> Count {
    let (page, settled, held) = (facts_of(page), facts_of(settled), facts_of(held));
    let mut count = Count::default();
    for (key, said) in page {
        let less = settled.get(&key);
        let kept = settles(overrides, &key.to_string());
        match held.get(&key) {
            Some(ours) if Some(ours) == less || *ours == said || same_type(&key, &said, ours) => {
                count.matched += 1;
            }
            Some(ours) => count.changed.push(Changed {
                kept,
                key,
                page: said,
                ours: ours.clone(),
            }),
            None if kept => count.changed.push(Changed {
                key,
                page: said,
                ours: LEFT_OUT.to_owned(),
                kept: true,
            }),
            None => count.dropped.push((key, said)),
        }
    }
    count
}

/// `count` with every decision of `held` (what reading and holding the page made) that is
/// about no fact it counts counted dropped, as the page states it: the `facts:` lines name
/// every decision. But a security scheme's (`security.bearer`): the parameter it is on is
/// held as the page gives it, the decision is who fills it, which no page fact says.
pub fn count_decisions(count: &mut Count, held: &Facts) {
    for decision in &held.decisions {
        let Ok(key) = decision.fact.parse::<FactKey>() else {
            continue;
        };
        if matches!(key, FactKey::Security(_)) {
            continue;
        }
        let counted = count
            .changed
            .iter()
            .map(|changed| &changed.key)
            .chain(count.dropped.iter().map(|(dropped, _)| dropped))
            .any(|counted| key.covers(counted) || counted.covers(&key));
        if !counted {
            count.dropped.push((key, decision.page.clone()));
        }
    }
}

/// A member the page gives as an object without members, held as a map of anything: the
/// same fact (the hold's note says so).
fn same_type(key: &FactKey, page: &str, ours: &str) -> bool {
    matches!(
        key,
        FactKey::Member {
            fact: Some(MemberFact::Type),
            ..
        }
    ) && page.replace("object", "map<any>") == ours
}

/// Adds to `held` a decision for every fact `count` finds dropped or changed that no
/// override keeps and no decision is about yet; `held.decisions` are those the spec had
/// that a maintainer decided or that are still about a fact of the page, and those the
/// reading and holding of the page made; none about a fact `overrides` settle (a stale
/// one goes, the report saying so when it was decided: `held.reported`, never a note).
/// A decision is about one fact, so it goes only when that fact is settled (a foreign
/// server's path and its host are two decisions, `path` and `page.server`).
pub fn decide(held: &mut Facts, count: &Count, ours: &Facts, overrides: &[FactKey]) {
    // What reading and holding the page made, and a decision for each other fact needing one.
    let mut wanted: Vec<FactDecision> = std::mem::take(&mut held.decisions);
    let needed = count
        .dropped
        .iter()
        .map(|(key, page)| (key, page.clone()))
        .chain(
            count
                .changed
                .iter()
                .filter(|changed| !changed.kept && changed.key != FactKey::Answer)
                .map(|changed| (&changed.key, changed.page.clone())),
        );
    for (key, page) in needed {
        let covered = wanted.iter().any(|decision| {
            decision
                .fact
                .parse::<FactKey>()
                .is_ok_and(|fact| fact.covers(key))
        });
        if !covered {
            wanted.push(FactDecision {
                fact: key.to_string(),
                page,
                decided: false,
            });
        }
    }
    // A fact a maintainer's override keeps ours needs no decision (the override is the
    // word on it), whatever reading the page made of it; nor does any fact under it.
    let overridden = |fact: &str| settles(overrides, fact);
    wanted.retain(|decision| !overridden(&decision.fact));
    // The spec's decisions stay where a maintainer decided them or where they are still
    // about a fact of the page, in the spec's order, the new ones after them; one whose
    // fact an override now keeps ours is stale: it goes, with a note when it was decided.
    let mut decisions: Vec<FactDecision> = Vec::new();
    // A held-back example is settled only when this import writes it: the page's example
    // is among the facts held and differs from what the spec holds (a page without that
    // example, or our own export, which holds what the spec holds, settles nothing).
    let (written, before) = (facts_of(held), facts_of(ours));
    let is_written = |fact: &str| {
        fact.parse::<FactKey>().is_ok_and(|fact| {
            written
                .iter()
                .any(|(key, text)| fact.covers(key) && before.get(key) != Some(text))
        })
    };
    for decision in &ours.decisions {
        let still = wanted.iter().position(|new| new.fact == decision.fact);
        if overridden(&decision.fact) {
            if decision.decided {
                held.reported.push(format!(
                    "the decision on `{}` is stale (an override keeps the fact ours): removed",
                    decision.fact
                ));
            }
        } else if decision.decided
            && still.is_none()
            && decision.fact.starts_with("examples.")
            && is_written(&decision.fact)
        {
            // A held-back example the spec's change now lets decode is written: the words
            // on holding it back are moot.
            held.reported.push(format!(
                "the decision on `{}` is stale (the example decodes now and is written): removed",
                decision.fact
            ));
        } else if decision.decided || still.is_some() {
            decisions.push(decision.clone());
        }
        if let Some(at) = still {
            wanted.remove(at);
        }
    }
    decisions.extend(wanted);
    held.decisions = decisions;
}

/// Every fact of `facts`, by key, with what it states as text.
pub fn facts_of(facts: &Facts) -> BTreeMap<FactKey, String> {
    let mut out = BTreeMap::new();
    call_facts(facts, &mut out);
    example_facts(facts, &mut out);
    for (part, params) in [
        (Part::PathParams, &facts.path_params),
        (Part::Headers, &facts.headers),
        (Part::Query, &facts.query),
    ] {
        for param in params {
            param_facts(part, param, &mut out);
        }
    }
    if let Some(body) = &facts.body {
        fields_facts(Part::Body, &[], &body.fields, &mut out);
    }
    if let Some(response) = &facts.response {
        fields_facts(Part::Response, &[], &response.fields, &mut out);
    }
    answer_member_facts(facts, &mut out);
    // What the spec holds otherwise or not at all, as the page says it (over the reading
    // of it above, so the count finds it changed or dropped).
    for (key, said) in &facts.unheld {
        if let Ok(key) = key.parse::<FactKey>() {
            out.insert(key, said.clone());
        }
    }
    out
}

/// The facts of the members the answer says success with (`code`, `msg`) where the data
/// does not hold them (a confirmed answer takes them out of it): counted as the data's
/// members were, so confirming the answer in the sheet loses none from the count.
fn answer_member_facts(facts: &Facts, out: &mut BTreeMap<FactKey, String>) {
    let Some((answer, body)) = facts
        .answer
        .as_ref()
        .and_then(|answer| Some((&answer.answer, answer.body.as_ref()?)))
    else {
        return;
    };
    let in_data = |name: &str| {
        facts
            .response
            .iter()
            .flat_map(|response| &response.fields)
            .any(|field| field.name == name)
    };
    let own: Vec<&str> = answer.own_members().collect();
    let members: Vec<FactField> = body
        .fields
        .iter()
        .filter(|field| own.contains(&field.name.as_str()) && !in_data(&field.name))
        .cloned()
        .collect();
    fields_facts(Part::Response, &[], &members, out);
}

/// The facts of the call itself: its method, path, limits and titles, and the shape of
/// its body and answer.
fn call_facts(facts: &Facts, out: &mut BTreeMap<FactKey, String>) {
    if let Some(method) = facts.method {
        out.insert(FactKey::Method, method.as_str().to_owned());
    }
    if let Some(path) = &facts.path {
        out.insert(FactKey::Path, path.clone());
    }
    if let Some(limit) = facts.rate_limit {
        if let Some(count) = limit.per_second {
            out.insert(FactKey::PerSecond, count.to_string());
        }
        if let Some(count) = limit.per_day {
            out.insert(FactKey::PerDay, count.to_string());
        }
    }
    if !facts.title_zh.trim().is_empty() {
        out.insert(FactKey::TitleZh, facts.title_zh.clone());
    }
    if let Some(en) = &facts.title_en {
        out.insert(FactKey::TitleEn, en.clone());
    }
    if let Some(body) = &facts.body {
        out.insert(
            FactKey::BodyShape,
            format!("{:?}", body.shape).to_lowercase(),
        );
        out.insert(FactKey::ContentType, body.content_type.as_str().to_owned());
    }
    if let Some(response) = &facts.response {
        out.insert(FactKey::ResponseType, response.ty.to_string());
    }
}

/// The facts of the page's examples and answers: the request's and the answer's example,
/// every other example, the answer outside the envelope, the alternative answers and what
/// stands beside the answer's data.
fn example_facts(facts: &Facts, out: &mut BTreeMap<FactKey, String>) {
    for (key, text) in [
        (FactKey::RequestExample, &facts.request_example),
        (FactKey::ResponseExample, &facts.response_example),
    ] {
        if let Some(text) = text {
            out.insert(key, crate::import::facts::example_key(text));
        }
    }
    if let Some(answer) = &facts.answer {
        out.insert(FactKey::Answer, answer.answer.to_string());
    }
    if let Some(auth) = facts.auth {
        out.insert(FactKey::Auth, auth.mode.as_str().to_owned());
    }
    for (name, shown) in &facts.alternatives {
        out.insert(FactKey::Alternative(name.clone()), shown.clone());
    }
    for (name, shown) in &facts.beside {
        out.insert(FactKey::Unplaced(format!("answer.{name}")), shown.clone());
    }
    for (name, example) in &facts.other_examples {
        let shown = crate::import::facts::example_key(example);
        out.insert(FactKey::MoreExample(name.clone()), shown);
    }
}

fn param_facts(part: Part, param: &FactParam, out: &mut BTreeMap<FactKey, String>) {
    let path = [param.name.as_str()];
    member_facts(
        part,
        &path,
        (&param.ty, param.required),
        (&param.values, &param.labels),
        &param.value,
        out,
    );
}

fn fields_facts(
    part: Part,
    parents: &[&str],
    fields: &[FactField],
    out: &mut BTreeMap<FactKey, String>,
) {
    for field in fields {
        let mut path = parents.to_vec();
        path.push(&field.name);
        member_facts(
            part,
            &path,
            (&field.ty, field.required),
            (&field.values, &field.labels),
            &field.value,
            out,
        );
        fields_facts(part, &path, &field.fields, out);
    }
}

/// The facts of one member: its presence, type, required flag, `nullable`, each enum value
/// and label, example, default and limits.
fn member_facts(
    part: Part,
    path: &[&str],
    (ty, required): (&TypeRef, Option<bool>),
    (values, labels): (&[String], &[(String, String)]),
    value: &ValueFacts,
    out: &mut BTreeMap<FactKey, String>,
) {
    let key = |fact: Option<MemberFact>| FactKey::member(part, path, fact);
    out.insert(key(None), PRESENT.to_owned());
    let ty = value
        .unheld_type
        .clone()
        .or_else(|| value.page_type.clone())
        .unwrap_or_else(|| ty.to_string());
    out.insert(key(Some(MemberFact::Type)), ty);
    if let Some(required) = required {
        out.insert(key(Some(MemberFact::Required)), required.to_string());
    }
    if value.nullable {
        out.insert(key(Some(MemberFact::Nullable)), "true".to_owned());
    }
    for enum_value in values {
        out.insert(
            key(Some(MemberFact::Enum(Some(enum_value.clone())))),
            enum_value.clone(),
        );
    }
    for (enum_value, label) in labels {
        out.insert(
            key(Some(MemberFact::Label(enum_value.clone()))),
            label.clone(),
        );
    }
    let json = |value: &Option<serde_json::Value>| value.as_ref().map(ToString::to_string);
    let number = |value: &Option<serde_json::Number>| value.as_ref().map(ToString::to_string);
    let facts = [
        (MemberFact::Example, json(&value.example)),
        (MemberFact::Default, json(&value.default)),
        (MemberFact::Minimum, number(&value.minimum)),
        (MemberFact::Maximum, number(&value.maximum)),
        (
            MemberFact::MinLength,
            value.min_length.map(|count| count.to_string()),
        ),
        (
            MemberFact::MaxLength,
            value.max_length.map(|count| count.to_string()),
        ),
    ];
    for (fact, text) in facts {
        if let Some(text) = text {
            out.insert(key(Some(fact)), text);
        }
    }
}
