//! Rules of what an endpoint holds beyond its members: an answer that is not the Jing
//! envelope (`answer`, and the importer's `answer_draft`, an open decision), the importer's
//! `auth_draft` (an open decision), a
//! maintainer's `decisions` (each an open decision until written) and the `overrides`
//! that keep facts ours.

use std::collections::BTreeMap;

use super::checker::Checker;
use crate::decision::Need;
use crate::fact::{FactKey, Part};
use crate::model::{Answer, Endpoint, Field, TypeRef};

/// Checks `answer`, `answer_draft`, `decisions` and `overrides` of the endpoint at `key`.
pub(super) fn answer_and_decisions(endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    if let Some(answer) = &endpoint.answer {
        shape(answer, endpoint, &format!("{key}.answer"), check);
        // The runtime renews tokens through the token calls, which it reads as the envelope.
        if endpoint.role.is_some() && !answer.is_jing() {
            check.report(
                &format!("{key}.answer"),
                "a token call (an endpoint with a `role`) answers in the Jing envelope; the runtime reads its tokens there",
            );
        }
    }
    if let Some(draft) = &endpoint.answer_draft {
        // The importer's reading may lack what the page does not show (a success value):
        // the maintainer completes it as `answer`.
        let draft_key = format!("{key}.answer_draft");
        if endpoint.answer.is_some() {
            check.report(&draft_key, "both `answer` and `answer_draft`: keep one");
        } else {
            let need = Need::Answer {
                proposed: draft.to_string(),
            };
            check.open(
                &format!("{key}.answer"),
                &draft_key,
                need,
                format!("read by the importer from a page whose answer is not the Jing envelope: confirm it as `answer: {draft}` (or correct it) and remove `answer_draft`"),
            );
        }
    }
    auth_draft(endpoint, key, check);
    let mut facts = BTreeMap::new();
    for (index, decision) in endpoint.decisions.iter().enumerate() {
        let item = format!("{key}.decisions[{index}]");
        match decision.fact.parse::<FactKey>() {
            Ok(_) => check.unique(
                &mut facts,
                decision.fact.clone(),
                &format!("{item}.fact"),
                "decision about",
            ),
            Err(problem) => check.report(&format!("{item}.fact"), problem),
        }
        // The sheet shows what the page states (the importer's account) beside the row.
        check.decision_doc(
            &format!("{item}.doc"),
            &decision.doc,
            decision.page.as_deref(),
        );
    }
    let mut seen = BTreeMap::new();
    for (index, text) in endpoint.overrides.iter().enumerate() {
        let item = format!("{key}.overrides[{index}]");
        check.unique(&mut seen, text.clone(), &item, "override");
        match text.parse::<FactKey>() {
            Ok(FactKey::Alternative(_) | FactKey::Security(_) | FactKey::Unplaced(_)) => {
                check.report(
                    &item,
                    "an alternative answer, a security scheme or a fact the spec has no place for is a decision (`decisions`), not a fact kept ours",
                );
            }
            Ok(FactKey::Member {
                part,
                path,
                fact: Some(fact),
            }) => {
                if member(endpoint, part, &path).is_none() {
                    let message = format!(
                        "`{text}` names the `{fact}` of a member the endpoint does not have; a member removed for good is overridden by its key alone (`{}.{}`)",
                        part.as_str(),
                        path.join(".")
                    );
                    check.report(&item, message);
                }
            }
            Ok(_) => {}
            Err(problem) => check.report(&item, problem),
        }
    }
}

/// The importer's `auth_draft` is an open decision: confirmed as `auth` (or answered
/// `auth: headers`), it goes.
fn auth_draft(endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    let Some(draft) = endpoint.auth_draft else {
        return;
    };
    let draft_key = format!("{key}.auth_draft");
    if endpoint.auth.is_some() {
        check.report(&draft_key, "both `auth` and `auth_draft`: keep one");
        return;
    }
    let proposed = draft.as_str().to_owned();
    check.open(
        &format!("{key}.auth"),
        &draft_key,
        Need::Auth { proposed },
        format!("proposed by the importer for a page whose credential is not the spec's auth headers: confirm it as `auth: {}` (the caller passes the page's own, Jing's auth headers are not sent) or write `auth: headers`, and remove `auth_draft`", draft.as_str()),
    );
}

/// An answer names its members once each, a success value exactly with a code member
/// ([`Answer::problems`]); without a data member the answer's own members are the data, so
/// the data is an object.
fn shape(answer: &Answer, endpoint: &Endpoint, key: &str, check: &mut Checker<'_>) {
    for (member, problem) in answer.problems() {
        check.report(&format!("{key}.{member}"), problem);
    }
    let data_object = endpoint
        .response
        .as_ref()
        .is_none_or(|response| response.ty == TypeRef::Object);
    if answer.data.is_none() && !data_object {
        check.report(
            &format!("{key}.data"),
            "without a data member the answer's own members are the data, so `response` is an `object`",
        );
    }
}

/// The member at `path` of `part`, when the endpoint has it.
pub(crate) fn member(endpoint: &Endpoint, part: Part, path: &[String]) -> Option<Field> {
    let (first, rest) = path.split_first()?;
    let params = match part {
        Part::PathParams => Some(&endpoint.path_params),
        Part::Headers => Some(&endpoint.headers),
        Part::Query => Some(&endpoint.query),
        Part::Body | Part::Response => None,
    };
    if let Some(params) = params {
        let param = params.iter().find(|param| param.name == *first)?;
        return rest.is_empty().then(|| param.as_field());
    }
    let fields = match part {
        Part::Body => &endpoint.body.as_ref()?.fields,
        _ => &endpoint.response.as_ref()?.fields,
    };
    let mut field = fields.iter().find(|field| field.name == *first)?;
    for name in rest {
        field = field.fields.iter().find(|nested| nested.name == *name)?;
    }
    Some(field.clone())
}
