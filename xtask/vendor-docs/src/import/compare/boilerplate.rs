//! What apifox adds to a page by default that would otherwise become API surface: an empty
//! body on a `GET` (its `multipart/form-data` with no member), a required `Accept` header
//! whose only value is `application/json`, a header whose example is a developer's local
//! address (`X-Forwarded-Host: localhost:5173`). None is taken as the page states it and
//! none goes without a word: each is a decision (a row of the sheet), the count finding the
//! fact dropped or changed.

use jing_spec::{FactKey, HttpMethod};

use crate::import::facts::{FactDecision, FactParam, Facts};

/// The facts of `facts` that are apifox's boilerplate, held as the API most likely has
/// them, each with a decision for a maintainer.
pub(super) fn hold(facts: &mut Facts, decisions: &mut Vec<FactDecision>) {
    hold_bodiless(facts, decisions);
    for header in &mut facts.headers {
        hold_accept(header, decisions);
        hold_local_example(header, decisions);
    }
}

/// A `GET` or `DELETE` whose body has no member and no example: apifox's default body,
/// which the call does not send. Not held; one decision on `body` says what
/// the page gave (and stands for the body's content type too).
fn hold_bodiless(facts: &mut Facts, decisions: &mut Vec<FactDecision>) {
    let bodiless = matches!(facts.method, Some(HttpMethod::Get | HttpMethod::Delete));
    let Some(body) = facts.body.as_ref().filter(|_| bodiless) else {
        return;
    };
    if !body.fields.is_empty() || facts.request_example.is_some() {
        return;
    }
    let method = facts.method.map(HttpMethod::as_str).unwrap_or_default();
    let media = facts
        .unheld
        .iter()
        .find(|(key, _)| key == "body:content_type")
        .map_or_else(
            || body.content_type.mime().to_owned(),
            |(_, media)| media.clone(),
        );
    decisions.retain(|decision| {
        !decision
            .fact
            .parse::<FactKey>()
            .is_ok_and(|fact| FactKey::Body.covers(&fact))
    });
    for decision in decisions.iter_mut() {
        if decision.fact == "page.headers.Content-Type" {
            decision.page = format!(
                "the page's `Content-Type` header names a body's type, and the call sends no body (its empty `{media}` body is not held): not held"
            );
        }
    }
    decisions.push(FactDecision {
        fact: "body".to_owned(),
        page: format!(
            "a `{method}` with an empty `{media}` body (no member, no example; apifox's default): not held, the call sends no body; decide whether it sends one"
        ),
        decided: false,
    });
    facts.body = None;
}

/// A required `Accept` header whose every stated value is `application/json`: the answers
/// are JSON, and apifox lists it by default. Held optional (so no call must be given it),
/// a decision on its required flag.
fn hold_accept(header: &mut FactParam, decisions: &mut Vec<FactDecision>) {
    if !header.name.eq_ignore_ascii_case("accept") || header.required != Some(true) {
        return;
    }
    let said: Vec<&str> = header
        .value
        .example
        .iter()
        .chain(&header.value.default)
        .filter_map(serde_json::Value::as_str)
        .chain(header.values.iter().map(String::as_str))
        .collect();
    let json = |value: &&str| {
        let essence = value.split(';').next().unwrap_or_default().trim();
        essence.eq_ignore_ascii_case("application/json")
    };
    if said.is_empty() || !said.iter().all(json) {
        return;
    }
    header.required = Some(false);
    decisions.push(FactDecision {
        fact: format!("headers.{}:required", header.name),
        page: "required, its only value `application/json` (the answers are JSON; apifox lists it by default): held optional, so no call must be given it; decide whether the call sends it".to_owned(),
        decided: false,
    });
}

/// A header whose example (or default) is a local address (`localhost:5173`,
/// `http://127.0.0.1:8080`): a developer's machine, no value of the API. Not held, a
/// decision naming it (the header itself stays).
fn hold_local_example(header: &mut FactParam, decisions: &mut Vec<FactDecision>) {
    for (fact, given) in [
        ("example", &mut header.value.example),
        ("default", &mut header.value.default),
    ] {
        let Some(text) = given.as_ref().and_then(serde_json::Value::as_str) else {
            continue;
        };
        if !is_local_address(text) {
            continue;
        }
        decisions.push(FactDecision {
            fact: format!("headers.{}:{fact}", header.name),
            page: format!(
                "the page's {fact} `{text}` is a local address (a developer's machine), not a value of the API: not held; decide whether the call sends this header"
            ),
            decided: false,
        });
        *given = None;
    }
}

/// Whether `text` is an address of the machine itself: `localhost`, `127.x.x.x`, `[::1]`,
/// `0.0.0.0`, with or without a scheme, port and path.
fn is_local_address(text: &str) -> bool {
    let text = text.trim();
    let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = if authority.starts_with('[') {
        authority.split(']').next().map(|host| format!("{host}]"))
    } else {
        authority.split(':').next().map(str::to_owned)
    }
    .unwrap_or_default()
    .to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host == "0.0.0.0"
        || host
            .strip_prefix("127.")
            .is_some_and(|rest| rest.split('.').all(|part| part.parse::<u8>().is_ok()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::import::facts::{FactBody, FactParam, Facts};
    use jing_spec::{ContentType, HttpMethod, Shape, TypeRef};

    fn header(name: &str, required: bool, example: &str) -> FactParam {
        FactParam {
            name: name.to_owned(),
            ty: TypeRef::String,
            required: Some(required),
            label: Default::default(),
            values: Vec::new(),
            labels: Vec::new(),
            value: crate::import::facts::ValueFacts {
                example: Some(json!(example)),
                ..Default::default()
            },
            secret: false,
        }
    }

    #[test]
    fn local_addresses_are_told_apart() {
        for local in [
            "localhost",
            "localhost:5173",
            "http://localhost:8080/cb",
            "127.0.0.1",
            "https://127.0.0.1:3000",
            "[::1]:80",
            "0.0.0.0:8000",
            "app.localhost",
        ] {
            assert!(super::is_local_address(local), "{local}");
        }
        for remote in [
            "example.com",
            "api.localhost.io",
            "127.0.0.1.nip.io",
            "1.2.3.4",
        ] {
            assert!(!super::is_local_address(remote), "{remote}");
        }
    }

    /// Each piece of boilerplate goes or changes with one decision; a `POST`'s empty body,
    /// an optional `Accept`, an `Accept` of another type and a real host stay as they are.
    #[test]
    fn boilerplate_is_held_otherwise_with_a_decision_each() {
        let body = FactBody {
            shape: Shape::Object,
            content_type: ContentType::Json,
            fields: Vec::new(),
        };
        let mut get = Facts::titled("查询");
        get.method = Some(HttpMethod::Get);
        get.body = Some(body.clone());
        get.headers = vec![
            header("Accept", true, "application/json"),
            header("X-Forwarded-Host", false, "localhost:5173"),
            header("X-Host", false, "api.example.com"),
        ];
        let mut post = Facts::titled("创建");
        post.method = Some(HttpMethod::Post);
        post.body = Some(body);
        post.headers = vec![
            header("Accept", false, "application/json"),
            header("accept", true, "text/event-stream"),
        ];
        let held = |facts: &mut Facts| {
            let mut decisions = Vec::new();
            super::hold(facts, &mut decisions);
            decisions
                .into_iter()
                .map(|decision| decision.fact)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            held(&mut get),
            [
                "body",
                "headers.Accept:required",
                "headers.X-Forwarded-Host:example"
            ]
        );
        assert!(get.body.is_none());
        assert_eq!(get.headers[0].required, Some(false));
        assert_eq!(get.headers[1].value.example, None);
        assert_eq!(get.headers[2].value.example, Some(json!("api.example.com")));
        let before = post.clone();
        assert!(held(&mut post).is_empty());
        assert_eq!(post, before);
    }
}
