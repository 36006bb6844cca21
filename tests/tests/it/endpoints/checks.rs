//! The per-endpoint checks as functions of a spec and a probe table, each recording every
//! failure (endpoint, check, what, the vendor page) rather than stopping at the first: the
//! tests run them on the real spec and jing-api's probes, and on the fixture spec (and a
//! scratch copy of it) with the fixture crate's probes. A docs' example is read by the
//! endpoint's own answer (`jing_spec::Answer`): its data is the envelope's `data`, another
//! member, or the answer's own members.

use std::collections::BTreeSet;

use jing_api::Client;
use jing_mock::MockServer;
use jing_mock::failures::Failures;
use jing_mock::probe::Probe;
use jing_spec::{Endpoint, Spec};
use serde_json::Value;

/// The check that the docs' response example decodes through the typed response.
pub const DECODES: &str = "docs example decodes";
/// The check that a typed call round trips through the mock.
pub const ROUND_TRIP: &str = "typed call through the mock";

/// The typed endpoints of `spec`, in spec order.
pub fn typed(spec: &Spec) -> impl Iterator<Item = &Endpoint> {
    spec.endpoints()
        .map(|(_, endpoint)| endpoint)
        .filter(|endpoint| endpoint.is_typed())
}

/// The probe of `endpoint` among `probes`, or a failure saying the generated code is stale.
fn probe_of<'p>(
    probes: &'p [Probe],
    endpoint: &Endpoint,
    check: &str,
    failures: &mut Failures,
) -> Option<&'p Probe> {
    let found = probes.iter().find(|probe| probe.name == endpoint.name);
    if found.is_none() {
        failures.push(
            &endpoint.name,
            check,
            "no probe for it: run `cargo xtask regenerate`",
            endpoint.link(),
        );
    }
    found
}

/// The docs' response example of `endpoint`, when it has one.
fn response_example(endpoint: &Endpoint) -> Option<&str> {
    endpoint.examples.as_ref()?.response.as_deref()
}

/// The data of a docs' answer example, where the endpoint's answer says it is: a member
/// (`data`, `result`), or the answer's own members without those that say success.
pub fn example_data(endpoint: &Endpoint, example: &str) -> Value {
    let mut body: Value = serde_json::from_str(example).unwrap_or_default();
    let answer = endpoint.answer();
    match &answer.data {
        Some(member) => body[member.as_str()].take(),
        None => {
            if let Some(members) = body.as_object_mut() {
                for own in answer.own_members() {
                    members.remove(own);
                }
            }
            body
        }
    }
}

/// Every member of the response the spec marks required that `data` lacks, at any depth
/// (`list.version`), so that a failing decode names them all and not only the first.
pub fn missing_required(endpoint: &Endpoint, data: &Value) -> Vec<String> {
    fn walk(fields: &[jing_spec::Field], value: &Value, path: &str, out: &mut Vec<String>) {
        match value {
            Value::Array(items) => items.iter().for_each(|item| walk(fields, item, path, out)),
            Value::Object(members) => {
                for field in fields {
                    let inner = format!("{path}{}", field.name);
                    match members.get(&field.name) {
                        None if field.required == jing_spec::Required::Yes
                            && !out.contains(&inner) =>
                        {
                            out.push(inner);
                        }
                        Some(value) => walk(&field.fields, value, &format!("{inner}."), out),
                        None => {}
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(response) = &endpoint.response {
        walk(&response.fields, data, "", &mut out);
    }
    out
}

/// Whether two numbers are the same value: exactly, or as floats when one is a float (an
/// integral `number` of the docs, `3`, decodes as `3.0`).
fn same_number(left: &serde_json::Number, right: &serde_json::Number) -> bool {
    left == right || ((left.is_f64() || right.is_f64()) && left.as_f64() == right.as_f64())
}

/// Each scalar member of the docs' `example` that the typed value `decoded` kept has the
/// same value there (a number may come back from its text, as the client reads it, or as a
/// float), at any depth; the first that does not, by its path.
pub fn values_kept(path: &str, example: &Value, decoded: &Value) -> Result<(), String> {
    match (example, decoded) {
        (Value::Object(members), Value::Object(kept)) => {
            for (key, value) in members {
                if let Some(decoded) = kept.get(key) {
                    values_kept(&format!("{path}.{key}"), value, decoded)?;
                }
            }
            Ok(())
        }
        (Value::Array(items), Value::Array(kept)) => {
            if items.len() != kept.len() {
                return Err(format!(
                    "{path}: {} items, {} kept",
                    items.len(),
                    kept.len()
                ));
            }
            for (index, (item, decoded)) in items.iter().zip(kept).enumerate() {
                values_kept(&format!("{path}[{index}]"), item, decoded)?;
            }
            Ok(())
        }
        (Value::Null, _) | (_, Value::Null) => Ok(()),
        (Value::Number(left), Value::Number(right)) if same_number(left, right) => Ok(()),
        (example, decoded) => {
            let text = |value: &Value| {
                value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned)
            };
            if text(example) == text(decoded) {
                Ok(())
            } else {
                Err(format!("{path}: `{example}` decoded as `{decoded}`"))
            }
        }
    }
}

/// Every typed endpoint's response example decodes through its generated type, the way the
/// client decodes an answer, and keeps the example's values; returns how many were checked.
pub fn examples_decode(spec: &Spec, probes: &[Probe], failures: &mut Failures) -> usize {
    let mut checked = 0;
    for endpoint in typed(spec) {
        // The first response example, then every other one the docs give (`more`), each
        // named in a failure.
        let more = endpoint.examples.iter().flat_map(|examples| {
            examples.more.iter().filter_map(|more| {
                let text = more.response.as_deref()?;
                Some((format!("data of the example `{}`", more.name), text))
            })
        });
        let examples: Vec<(String, &str)> = response_example(endpoint)
            .map(|text| ("data".to_owned(), text))
            .into_iter()
            .chain(more)
            .collect();
        if examples.is_empty() {
            continue;
        }
        checked += 1;
        let Some(probe) = probe_of(probes, endpoint, DECODES, failures) else {
            continue;
        };
        for (path, example) in examples {
            let page = endpoint.link();
            let decoded = match (probe.decode)(example.as_bytes()) {
                Ok(decoded) => decoded,
                Err(error) => {
                    let missing = missing_required(endpoint, &example_data(endpoint, example));
                    let missing = if missing.is_empty() {
                        String::new()
                    } else {
                        format!(" (every required member it lacks: {})", missing.join(", "))
                    };
                    let what = format!("{path}: {}{missing}", error.report());
                    failures.push(&endpoint.name, DECODES, what, page);
                    continue;
                }
            };
            let data = example_data(endpoint, example);
            if let Err(what) = values_kept(&path, &data, &decoded) {
                failures.push(&endpoint.name, DECODES, what, page);
            }
        }
    }
    checked
}

/// Every typed endpoint of `spec` called through `client` with its sample request: `mock`
/// accepts it and its own answer decodes; the docs' example `data`, set as the mock's
/// answer, comes back as the example decodes (token calls issue tokens instead, never the
/// example's); and every endpoint called reached the mock, and nothing else. Returns how
/// many were called.
pub async fn round_trips(
    spec: &Spec,
    probes: &[Probe],
    mock: &MockServer,
    client: &Client,
    failures: &mut Failures,
) -> usize {
    let mut called = BTreeSet::new();
    for endpoint in typed(spec) {
        let Some(probe) = probe_of(probes, endpoint, ROUND_TRIP, failures) else {
            continue;
        };
        called.insert(endpoint.name.clone());
        if let Err(what) = round_trip(endpoint, probe, mock, client).await {
            failures.push(&endpoint.name, ROUND_TRIP, what, endpoint.link());
        }
    }
    let recorded: BTreeSet<String> = mock
        .received()
        .iter()
        .map(|request| request.endpoint.unwrap_or("(no endpoint)").to_owned())
        .collect();
    let page_of = |name: &str| {
        typed(spec)
            .find(|endpoint| endpoint.name == name)
            .and_then(Endpoint::link)
    };
    for name in called.difference(&recorded) {
        failures.push(
            name,
            ROUND_TRIP,
            "the mock received no request of it",
            page_of(name),
        );
    }
    for name in recorded.difference(&called) {
        failures.push(
            name,
            ROUND_TRIP,
            "the mock received it, though it was not called",
            page_of(name),
        );
    }
    called.len()
}

/// One endpoint through the typed client: the mock's own answer decodes, and the docs'
/// example as its answer comes back as the example decodes (a token call's tokens are the
/// mock's own); else what went wrong.
async fn round_trip(
    endpoint: &Endpoint,
    probe: &Probe,
    mock: &MockServer,
    client: &Client,
) -> Result<(), String> {
    let call = || (probe.call)(client, mock.credentials());
    call()
        .await
        .map_err(|error| format!("the mock's own answer: {error}"))?;
    let Some(example) = response_example(endpoint) else {
        return Ok(());
    };
    let expected = (probe.decode)(example.as_bytes())
        .map_err(|_| format!("the docs' example does not decode (see `{DECODES}`)"))?;
    mock.respond(&endpoint.name, example_data(endpoint, example))
        .map_err(|error| format!("the mock refuses the example as its answer: {error}"))?;
    let answer = call()
        .await
        .map_err(|error| format!("the example as the mock's answer: {error}"))?;
    match (endpoint.role.is_none(), answer == expected) {
        (true, false) => Err(format!(
            "the example as the mock's answer came back as {answer}"
        )),
        (false, true) => {
            Err("a token call answered the example's tokens, not the mock's own".to_owned())
        }
        _ => Ok(()),
    }
}
