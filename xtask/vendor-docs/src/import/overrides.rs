//! A maintainer's word over the page's: each fact an endpoint's `overrides` names
//! (`examples.response`, `headers.X-Trace-Id`, `body.mobile:required`, …) is taken from the
//! spec, whatever the page says, so `import --write` never undoes it; the report then says
//! `kept, the page says …` for each.

use jing_spec::{FactKey, MemberFact, Part, TypeRef};

use super::facts::{FactField, FactParam, Facts, ValueFacts};

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
        FactKey::Answer => held.answer.clone_from(&ours.answer),
        // The validator refuses these: they are decisions.
        FactKey::Alternative(_) | FactKey::Security(_) => {}
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
