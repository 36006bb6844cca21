//! A maintainer's word over the page's: each fact an endpoint's `overrides` names
//! (`examples.response`, `headers.X-Trace-Id`, `body.mobile:required`, …) is taken from the
//! spec, whatever the page says, so `import --write` never undoes it; the report then says
//! `kept, the page says …` for each.

use jing_spec::{FactKey, MemberFact, Part, TypeRef};

use crate::import::facts::{FactAuth, FactField, FactParam, Facts, ValueFacts};

/// Whether `overrides` settle the fact `fact` (a decision's key): one covers it (the fact
/// itself, a member and its facts, the whole body and its members), or, for what the page
/// states that the spec has no place for (`page.…`), the fact lies under one:
/// `page.examples.response.data.id:type` under `examples.response`, as what the page's
/// example shows is settled with the example kept ours. A member the page marks required
/// that its example lacks (`page.examples.response.list.count:missing`) is settled too by
/// the member's `required` kept ours (`response.list.count:required`): once the member is
/// no longer required, the example lacking it is a whole one.
pub fn settles(overrides: &[FactKey], fact: &str) -> bool {
    let parsed = fact.parse::<FactKey>().ok();
    let under = fact.strip_prefix("page.");
    let required = required_of_missing(fact);
    overrides.iter().any(|keep| {
        parsed.as_ref().is_some_and(|fact| keep.covers(fact))
            || required.iter().any(|member| keep.covers(member))
            || under.is_some_and(|under| {
                let keep = keep.to_string();
                under.strip_prefix(keep.as_str()).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with('.') || rest.starts_with(':')
                })
            })
    })
}

/// The `required` fact of the member a `…:missing` fact of an example is about: the
/// request's example (`page.examples.request.P:missing`) shows the body's member `P`, the
/// answer's (`page.examples.response.P:missing`) the data's member `P`; an answer's other
/// example (`page.examples.response.NAME.P:missing`) too, so both readings are given.
fn required_of_missing(fact: &str) -> Vec<FactKey> {
    let Some(path) = fact
        .strip_prefix("page.examples.")
        .and_then(|rest| rest.strip_suffix(":missing"))
    else {
        return Vec::new();
    };
    let members = match path.split_once('.') {
        Some(("request", member)) => vec![format!("body.{member}:required")],
        Some(("response", member)) => {
            let named = member.split_once('.').map(|(_, rest)| rest);
            std::iter::once(member)
                .chain(named)
                .map(|member| format!("response.{member}:required"))
                .collect()
        }
        _ => Vec::new(),
    };
    members
        .iter()
        .filter_map(|member| member.parse().ok())
        .collect()
}

/// `held` with the spec's (`ours`) value of every fact `overrides` names.
pub fn keep_ours(ours: &Facts, held: &mut Facts, overrides: &[FactKey]) {
    for key in overrides {
        keep(ours, held, key);
    }
}

fn keep(ours: &Facts, held: &mut Facts, key: &FactKey) {
    match key {
        FactKey::Method => held.method = ours.method,
        FactKey::Path => held.path.clone_from(&ours.path),
        FactKey::PerSecond | FactKey::PerDay => {
            let mut limit = held.rate_limit.or(ours.rate_limit);
            if let Some(limit) = &mut limit {
                let mine = ours.rate_limit;
                if *key == FactKey::PerSecond {
                    limit.per_second = mine.and_then(|mine| mine.per_second);
                } else {
                    limit.per_day = mine.and_then(|mine| mine.per_day);
                }
            }
            held.rate_limit = limit.filter(|limit| limit.per_second.or(limit.per_day).is_some());
        }
        FactKey::TitleZh => held.title_zh.clone_from(&ours.title_zh),
        FactKey::TitleEn => held.title_en.clone_from(&ours.title_en),
        FactKey::Body => held.body.clone_from(&ours.body),
        FactKey::BodyShape | FactKey::ContentType => {
            if let (Some(theirs), Some(mine)) = (&mut held.body, &ours.body) {
                theirs.shape = mine.shape;
                theirs.content_type = mine.content_type;
            }
        }
        FactKey::Response => held.response.clone_from(&ours.response),
        FactKey::ResponseType => {
            if let (Some(theirs), Some(mine)) = (&mut held.response, &ours.response) {
                theirs.ty = mine.ty.clone();
            }
        }
        FactKey::RequestExample => held.request_example.clone_from(&ours.request_example),
        FactKey::ResponseExample => held.response_example.clone_from(&ours.response_example),
        FactKey::MoreExample(name) => {
            let mine = ours.other_examples.iter().find(|(other, _)| other == name);
            let at = held
                .other_examples
                .iter()
                .position(|(other, _)| other == name);
            match (mine.cloned(), at) {
                (Some(mine), Some(at)) => held.other_examples[at] = mine,
                (Some(mine), None) => held.other_examples.push(mine),
                (None, Some(at)) => drop(held.other_examples.remove(at)),
                (None, None) => {}
            }
        }
        FactKey::Answer => held.answer.clone_from(&ours.answer),
        // Ours as written; an override without `auth` written keeps the auth headers.
        FactKey::Auth => {
            held.auth = Some(ours.auth.unwrap_or(FactAuth {
                mode: jing_spec::AuthMode::Headers,
                confirmed: true,
            }));
        }
        // The validator refuses these: they are decisions.
        FactKey::Alternative(_) | FactKey::Security(_) | FactKey::Unplaced(_) => {}
        FactKey::Member { part, path, fact } => member(ours, held, *part, path, fact.as_ref()),
    }
}

fn member(ours: &Facts, held: &mut Facts, part: Part, path: &[String], fact: Option<&MemberFact>) {
    let params = match part {
        Part::PathParams => Some(&ours.path_params),
        Part::Headers => Some(&ours.headers),
        Part::Query => Some(&ours.query),
        Part::Body | Part::Response => None,
    };
    if let Some(params) = params {
        let mine = params.iter().find(|param| param.name == path[0]).cloned();
        let list = match part {
            Part::PathParams => &mut held.path_params,
            Part::Headers => &mut held.headers,
            _ => &mut held.query,
        };
        keep_in(list, &path[0], mine, fact, |param| &param.name, param_parts);
        return;
    }
    let fields = match part {
        Part::Body => ours.body.as_ref().map(|body| &body.fields),
        _ => ours.response.as_ref().map(|response| &response.fields),
    };
    let mine = fields.and_then(|fields| find(fields, path)).cloned();
    let held_fields = match part {
        Part::Body => held.body.as_mut().map(|body| &mut body.fields),
        _ => held.response.as_mut().map(|response| &mut response.fields),
    };
    let Some(mut list) = held_fields else { return };
    let (last, parents) = path.split_last().unwrap_or((&path[0], &[]));
    for name in parents {
        match list.iter_mut().find(|field| field.name == *name) {
            Some(parent) => list = &mut parent.fields,
            None => return,
        }
    }
    keep_in(list, last, mine, fact, |field| &field.name, field_parts);
}

/// The member at `path` below `fields`.
fn find<'f>(fields: &'f [FactField], path: &[String]) -> Option<&'f FactField> {
    let (first, rest) = path.split_first()?;
    let field = fields.iter().find(|field| field.name == *first)?;
    if rest.is_empty() {
        Some(field)
    } else {
        find(&field.fields, rest)
    }
}

/// The parts of a member an override reaches: type, required flag, enum values and their
/// labels, and its other value facts.
type Parts<'m> = (
    &'m mut TypeRef,
    &'m mut Option<bool>,
    &'m mut Vec<String>,
    &'m mut Vec<(String, String)>,
    &'m mut ValueFacts,
);

fn param_parts(param: &mut FactParam) -> Parts<'_> {
    (
        &mut param.ty,
        &mut param.required,
        &mut param.values,
        &mut param.labels,
        &mut param.value,
    )
}

fn field_parts(field: &mut FactField) -> Parts<'_> {
    (
        &mut field.ty,
        &mut field.required,
        &mut field.values,
        &mut field.labels,
        &mut field.value,
    )
}

/// In `list`, the member `name` as ours (`mine`): wholly (put in, replaced or removed), or
/// the one `fact` of it. A member the page leaves out comes back whole when a fact of it
/// is ours.
fn keep_in<M: Clone>(
    list: &mut Vec<M>,
    name: &str,
    mine: Option<M>,
    fact: Option<&MemberFact>,
    name_of: fn(&M) -> &String,
    parts: fn(&mut M) -> Parts<'_>,
) {
    let at = list.iter().position(|member| name_of(member) == name);
    match (fact, at, mine) {
        (None, Some(at), Some(mine)) => list[at] = mine,
        (None, Some(at), None) => {
            list.remove(at);
        }
        (_, None, Some(mine)) => list.push(mine),
        (Some(fact), Some(at), Some(mut mine)) => {
            let (ty, required, values, labels, value) = parts(&mut list[at]);
            let (my_ty, my_required, my_values, my_labels, my_value) = parts(&mut mine);
            match fact {
                MemberFact::Type => ty.clone_from(my_ty),
                MemberFact::Required => *required = *my_required,
                MemberFact::Nullable => value.nullable = my_value.nullable,
                MemberFact::Enum(None) => {
                    values.clone_from(my_values);
                    labels.clone_from(my_labels);
                }
                MemberFact::Enum(Some(one)) => {
                    values.retain(|value| value != one);
                    if let Some(index) = my_values.iter().position(|value| value == one) {
                        values.insert(index.min(values.len()), one.clone());
                    }
                }
                MemberFact::Label(one) => {
                    labels.retain(|(value, _)| value != one);
                    labels.extend(my_labels.iter().filter(|(value, _)| value == one).cloned());
                }
                MemberFact::Example => value.example.clone_from(&my_value.example),
                MemberFact::Default => value.default.clone_from(&my_value.default),
                MemberFact::Minimum => value.minimum.clone_from(&my_value.minimum),
                MemberFact::Maximum => value.maximum.clone_from(&my_value.maximum),
                MemberFact::MinLength => value.min_length = my_value.min_length,
                MemberFact::MaxLength => value.max_length = my_value.max_length,
            }
        }
        (_, None, None) | (Some(_), Some(_), None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::account;
    use super::*;
    use crate::import::facts::{FactResponse, Label};

    fn field(name: &str, ty: TypeRef) -> FactField {
        FactField::bare(name, ty)
    }

    fn param(name: &str) -> FactParam {
        FactParam {
            name: name.to_owned(),
            ty: TypeRef::String,
            required: Some(false),
            label: Label::default(),
            values: vec!["a".to_owned(), "b".to_owned()],
            labels: Vec::new(),
            value: ValueFacts {
                max_length: Some(8),
                ..ValueFacts::default()
            },
            secret: false,
        }
    }

    /// Ours: `mode` lists `a` only and allows 4 characters, the page says `a | b` and 8;
    /// `X-Old` is ours to have removed; `state` is ours an integer, the page's a string.
    #[test]
    fn every_kind_of_fact_is_kept_ours_and_counted_as_kept() {
        let mut ours = Facts::titled("部件");
        let mut mode = param("mode");
        mode.values.truncate(1);
        mode.value.max_length = Some(4);
        ours.query = vec![mode];
        ours.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![field("state", TypeRef::Integer)],
        });
        ours.response_example = Some("{\"data\": {\"state\": 1}}".to_owned());
        let mut page = Facts::titled("部件");
        page.query = vec![param("mode")];
        page.headers = vec![param("X-Old")];
        page.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![field("state", TypeRef::String)],
        });
        page.response_example = Some("{\"data\": {\"state\": \"x\"}}".to_owned());
        let keys: Vec<FactKey> = [
            "query.mode:enum",
            "query.mode:max_length",
            "headers.X-Old",
            "response.state:type",
            "examples.response",
        ]
        .iter()
        .map(|key| key.parse().unwrap_or_else(|error| panic!("{error}")))
        .collect();
        let mut held = page.clone();
        keep_ours(&ours, &mut held, &keys);
        assert_eq!(held.query[0].values, ["a"]);
        assert_eq!(held.query[0].value.max_length, Some(4));
        assert!(
            held.headers.is_empty(),
            "the header ours removed stays removed"
        );
        let state = held
            .response
            .as_ref()
            .map(|response| response.fields[0].ty.clone());
        assert_eq!(state, Some(TypeRef::Integer));
        assert_eq!(held.response_example, ours.response_example);
        let count = account::count(&page, &page, &held, &keys);
        let kept: Vec<String> = count
            .changed
            .iter()
            .filter(|changed| changed.kept)
            .map(|changed| changed.key.to_string())
            .collect();
        assert_eq!(
            kept,
            [
                "examples.response",
                "headers.X-Old",
                "headers.X-Old:type",
                "headers.X-Old:required",
                "headers.X-Old:enum.a",
                "headers.X-Old:enum.b",
                "headers.X-Old:max_length",
                "query.mode:enum.b",
                "query.mode:max_length",
                "response.state:type",
            ]
            .map(str::to_owned)
        );
        assert!(count.dropped.is_empty() && count.changed.iter().all(|changed| changed.kept));
    }

    /// A maintainer relaxing a required member (`response.list.count:required`) settles
    /// the decision of the example lacking it; another member's, or its type, does not.
    #[test]
    fn a_relaxed_required_member_settles_the_example_lacking_it() {
        let keys = |keys: &[&str]| -> Vec<FactKey> {
            keys.iter().filter_map(|key| key.parse().ok()).collect()
        };
        let missing = "page.examples.response.list.count:missing";
        assert!(settles(&keys(&["response.list.count:required"]), missing));
        assert!(settles(&keys(&["response.list.count"]), missing));
        assert!(settles(&keys(&["examples.response"]), missing));
        assert!(!settles(&keys(&["response.list.count:type"]), missing));
        assert!(!settles(&keys(&["response.list.other:required"]), missing));
        assert!(!settles(&keys(&["body.list.count:required"]), missing));
        let request = "page.examples.request.owner.id:missing";
        assert!(settles(&keys(&["body.owner.id:required"]), request));
        assert!(!settles(&keys(&["response.owner.id:required"]), request));
        assert_eq!(keys(&["response.list.count:required"]).len(), 1);
    }
}
