//! What a page states, settled against what the spec already holds: where the page says
//! nothing or says less (no English title or only a name for one, no limits, a required flag unknown, `any` for a
//! member we typed, an object without members where we list them or keep a map), the
//! spec's value stays. The diff and the write both work on the settled facts, so a page
//! never undoes a maintainer's decision it cannot express, and what `--check` calls equal
//! `--write` leaves alone.

use jing_spec::TypeRef;

use crate::import::facts::{FactAnswer, FactField, FactParam, FactResponse, Facts};

/// `page` with the spec's value (`ours`) wherever the page says nothing or less.
pub fn settle(ours: &Facts, mut page: Facts) -> Facts {
    if page.title_zh.trim().is_empty() {
        page.title_zh.clone_from(&ours.title_zh);
    }
    page.title_en = settle_title_en(ours, page.title_en.take(), page.path.as_deref());
    page.method = page.method.or(ours.method);
    page.path = page.path.or_else(|| ours.path.clone());
    page.rate_limit = page.rate_limit.or(ours.rate_limit);
    if !page.has_tables {
        // A page without its parameter tables says nothing of parameters or the body.
        page.has_tables = ours.has_tables;
        for (mine, theirs) in [
            (&ours.path_params, &mut page.path_params),
            (&ours.headers, &mut page.headers),
            (&ours.query, &mut page.query),
        ] {
            if theirs.is_empty() {
                theirs.clone_from(mine);
            }
        }
        if page.body.is_none() {
            page.body.clone_from(&ours.body);
        }
    }
    for (mine, theirs) in [
        (&ours.path_params, &mut page.path_params),
        (&ours.headers, &mut page.headers),
        (&ours.query, &mut page.query),
    ] {
        settle_params(mine, theirs);
    }
    // A `{name}` of the path the page does not declare is ours, when we declare it.
    let path = page.path.clone().unwrap_or_default();
    for mine in &ours.path_params {
        let declared = page.path_params.iter().any(|param| param.name == mine.name);
        if !declared && path.contains(&format!("{{{}}}", mine.name)) {
            page.path_params.push(mine.clone());
        }
    }
    if let (Some(mine), Some(theirs)) = (&ours.body, &mut page.body) {
        settle_fields(&mine.fields, &mut theirs.fields);
    }
    settle_answer(ours, &mut page);
    // A written `auth` stays where the page says nothing of it.
    if page.auth.is_none() {
        page.auth = ours.auth.filter(|auth| auth.confirmed);
    }
    if page.other_examples.is_empty() {
        page.other_examples.clone_from(&ours.other_examples);
    }
    if page.request_example.is_none() {
        page.request_example.clone_from(&ours.request_example);
    }
    if page.response_example.is_none() {
        page.response_example.clone_from(&ours.response_example);
    }
    page.response = match (&ours.response, page.response.take()) {
        (mine, None) => mine.clone(),
        (None, theirs) => theirs,
        (Some(mine), Some(theirs)) => Some(settle_response(mine, theirs)),
    };
    page
}

/// An answer a maintainer confirmed stays, and the page's data is read by it; an answer the
/// importer read before is read again from the page. (The compare stage reads the page so
/// before it counts its facts, so the members a confirmed answer says success with are no
/// facts of its data.)
pub(super) fn settle_answer(ours: &Facts, page: &mut Facts) {
    let Some(mine) = ours.answer.as_ref().filter(|mine| mine.confirmed) else {
        return;
    };
    let body = page.answer.take().and_then(|theirs| theirs.body);
    if let Some(body) = &body {
        page.response = crate::import::read::answer::data_of(&mine.answer, body);
    }
    page.answer = Some(FactAnswer {
        answer: mine.answer.clone(),
        confirmed: true,
        body,
    });
}

/// The page's English title, unless it is none or only a name (`image`: see
/// `jing_spec::quality`) where ours is written: a maintainer's title stays.
fn settle_title_en(ours: &Facts, page: Option<String>, path: Option<&str>) -> Option<String> {
    let ours_written = ours
        .title_en
        .clone()
        .filter(|title| !title.trim().is_empty());
    match page {
        Some(title) if jing_spec::quality::title_problem(&title, path).is_some() => {
            ours_written.or(Some(title))
        }
        Some(title) => Some(title),
        None => ours.title_en.clone(),
    }
}

fn settle_response(ours: &FactResponse, mut page: FactResponse) -> FactResponse {
    if vaguer(&page.ty, &ours.ty, page.fields.is_empty()) {
        page.ty = ours.ty.clone();
    }
    if page.fields.is_empty() && *page.ty.innermost() == TypeRef::Object {
        page.fields.clone_from(&ours.fields);
    }
    settle_fields(&ours.fields, &mut page.fields);
    page
}

fn settle_params(ours: &[FactParam], page: &mut [FactParam]) {
    for param in page {
        let Some(mine) = ours.iter().find(|mine| mine.name == param.name) else {
            continue;
        };
        if vaguer(&param.ty, &mine.ty, true) {
            param.ty = mine.ty.clone();
        }
        param.required = param.required.or(mine.required);
        if param.values.is_empty() {
            param.values.clone_from(&mine.values);
        }
        settle_labels(&mine.labels, &mut param.labels);
        param.value = std::mem::take(&mut param.value).settled(&mine.value);
    }
}

/// Labels: where the spec has a doc for a value, that doc stands (docs are ours).
fn settle_labels(ours: &[(String, String)], page: &mut [(String, String)]) {
    for (value, label) in page.iter_mut() {
        if let Some((_, mine)) = ours.iter().find(|(mine, _)| mine == value) {
            label.clone_from(mine);
        }
    }
}

fn settle_fields(ours: &[FactField], page: &mut [FactField]) {
    for field in page {
        let Some(mine) = ours.iter().find(|mine| mine.name == field.name) else {
            continue;
        };
        if vaguer(&field.ty, &mine.ty, field.fields.is_empty()) {
            field.ty = mine.ty.clone();
        }
        field.required = field.required.or(mine.required);
        if field.values.is_empty() {
            field.values.clone_from(&mine.values);
        }
        settle_labels(&mine.labels, &mut field.labels);
        field.value = std::mem::take(&mut field.value).settled(&mine.value);
        if field.fields.is_empty() && *field.ty.innermost() == TypeRef::Object {
            field.fields.clone_from(&mine.fields);
        }
        settle_fields(&mine.fields, &mut field.fields);
    }
}

/// Whether the page's type says less than ours: `any` for anything, an object without
/// members (`no_members`) for a map, and so inside arrays and maps.
pub fn vaguer(page: &TypeRef, ours: &TypeRef, no_members: bool) -> bool {
    match (page, ours) {
        _ if page == ours => false,
        (TypeRef::Any, _) => true,
        (TypeRef::Object, TypeRef::Map(_)) => no_members,
        (TypeRef::Map(inner), TypeRef::Object) => **inner == TypeRef::Any,
        (TypeRef::Array(page), TypeRef::Array(ours)) | (TypeRef::Map(page), TypeRef::Map(ours)) => {
            vaguer(page, ours, no_members)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, ty: TypeRef, required: Option<bool>) -> FactField {
        FactField::bare_required(name, ty, required)
    }

    #[test]
    fn what_the_page_cannot_say_stays_ours() {
        let mut ours = Facts::titled("查询部件");
        ours.title_en = Some("Get Widget".to_owned());
        ours.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![field(
                "tags",
                TypeRef::Map(Box::new(TypeRef::String)),
                Some(true),
            )],
        });
        let mut page = Facts::titled("");
        page.title_en = Some("Get Widget".to_owned());
        page.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![field("tags", TypeRef::Object, None)],
        });
        let settled = settle(&ours, page);
        assert_eq!(settled.title_zh, "查询部件");
        assert_eq!(settled.response, ours.response);
        let mut page = Facts::titled("查询部件");
        page.response = Some(FactResponse {
            ty: TypeRef::Object,
            fields: vec![field("tags", TypeRef::String, Some(false))],
        });
        let settled = settle(&ours, page.clone());
        assert_eq!(settled.response, page.response, "what the page states wins");
    }

    #[test]
    fn only_less_precise_types_are_vaguer() {
        let map = TypeRef::Map(Box::new(TypeRef::Integer));
        assert!(vaguer(&TypeRef::Any, &TypeRef::String, true));
        assert!(vaguer(&TypeRef::Object, &map, true));
        assert!(!vaguer(&TypeRef::Object, &map, false));
        assert!(vaguer(
            &TypeRef::Array(Box::new(TypeRef::Any)),
            &TypeRef::Array(Box::new(TypeRef::Integer)),
            true
        ));
        assert!(!vaguer(&TypeRef::String, &TypeRef::Integer, true));
        assert!(vaguer(
            &TypeRef::Map(Box::new(TypeRef::Any)),
            &TypeRef::Object,
            true
        ));
    }
}
