//! Per-endpoint checks driven by the spec, so an endpoint typed tomorrow is covered without
//! a test of its own: the generated probe table (`jing_api::mock::probe`) gives every typed
//! endpoint a sample request and its typed decoding. The docs' response examples decode,
//! each typed call round trips through the mock, and the fixture spec's samples (every
//! construct of the generator) go out as the spec says. The `jing` call of every typed
//! endpoint is in `jing-api/tests/jing_cli.rs`.

use jing_api::Client;
use jing_api::mock::MockServer;

use crate::mock_client;
use jing_api::mock::probe::Probe;
use serde_json::Value;
use wiremock::Mock;

/// The probe of the typed endpoint `name`; there is one for every typed endpoint of the
/// spec, or the generated code is stale.
fn probe(name: &str) -> Probe {
    let probes = jing_api::mock::probe::probes();
    let probe = probes.iter().find(|probe| probe.name == name);
    *probe.unwrap_or_else(|| panic!("no probe for `{name}`: run `cargo xtask regenerate`"))
}

/// Every probe stands for a typed endpoint of the spec, and the other way round.
#[test]
fn there_is_one_probe_per_typed_endpoint() {
    let names: Vec<&str> = jing_api::mock::probe::probes()
        .iter()
        .map(|probe| probe.name)
        .collect();
    assert_eq!(names, crate::spec::typed_endpoint_names());
}

/// Each scalar member of the docs' `example` that the typed value `decoded` kept has the
/// same value there (a number may come back from its text, as the client reads it),
/// at any depth.
fn assert_values_kept(name: &str, example: &Value, decoded: &Value) {
    match (example, decoded) {
        (Value::Object(members), Value::Object(kept)) => {
            for (key, value) in members {
                if let Some(decoded) = kept.get(key) {
                    assert_values_kept(&format!("{name}.{key}"), value, decoded);
                }
            }
        }
        (Value::Array(items), Value::Array(kept)) => {
            assert_eq!(items.len(), kept.len(), "{name}: items");
            for (index, (item, decoded)) in items.iter().zip(kept).enumerate() {
                assert_values_kept(&format!("{name}[{index}]"), item, decoded);
            }
        }
        (Value::Null, _) | (_, Value::Null) => {}
        (example, decoded) => {
            let text = |value: &Value| {
                value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned)
            };
            assert_eq!(text(example), text(decoded), "{name}");
        }
    }
}

/// A client of a local server at `uri`.
fn client(uri: String) -> Client {
    Client::builder()
        .base_url(uri)
        .app_id("100000000000000000000000001")
        .access_token("token-1")
        .build()
        .unwrap_or_else(|error| panic!("a loopback client builds: {error}"))
}

/// Every typed endpoint's response example from the docs decodes through its generated
/// type, the way the client decodes an answer, and keeps the example's values. Driven by the
/// spec: an endpoint typed tomorrow is checked here without a line of its own.
#[test]
fn the_docs_response_examples_decode() {
    let spec = crate::real_spec();
    let mut checked = Vec::new();
    for (_, endpoint) in spec.endpoints().filter(|(_, endpoint)| endpoint.is_typed()) {
        let name = endpoint.name.as_str();
        let probe = probe(name);
        let examples = endpoint.examples.as_ref();
        let Some(example) = examples.and_then(|examples| examples.response.as_deref()) else {
            continue;
        };
        let decoded = (probe.decode)(example.as_bytes())
            .unwrap_or_else(|error| panic!("{name}: the docs' response example: {error}"));
        let data = serde_json::from_str::<serde_json::Value>(example)
            .map(|envelope| envelope["data"].clone())
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_values_kept(name, &data, &decoded);
        checked.push(name);
    }
    assert!(!checked.is_empty(), "the typed endpoints have examples");
}

/// Every typed endpoint of the spec, called through the typed client with a sample request:
/// the mock accepts it and its own answer decodes; a fixture of the docs' example `data`
/// comes back as the example decodes (token calls issue tokens instead, never the
/// example's). Driven by the spec: an endpoint typed tomorrow is called here too.
#[tokio::test]
async fn every_typed_endpoint_round_trips_through_the_typed_client() {
    let mock = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let client = mock_client(&mock);
    let spec = crate::real_spec();
    let mut called = Vec::new();
    for (_, endpoint) in spec.endpoints().filter(|(_, endpoint)| endpoint.is_typed()) {
        let name = endpoint.name.as_str();
        let probe = probe(name);
        let call = || (probe.call)(&client, mock.credentials());
        call()
            .await
            .unwrap_or_else(|error| panic!("{name}, the mock's own answer: {error}"));
        let examples = endpoint.examples.as_ref();
        if let Some(example) = examples.and_then(|examples| examples.response.as_deref()) {
            let expected = (probe.decode)(example.as_bytes())
                .unwrap_or_else(|error| panic!("{name}: {error}"));
            let data: Value = serde_json::from_str(example).unwrap_or_default();
            mock.respond(name, data["data"].clone())
                .unwrap_or_else(|error| panic!("{name}: {error}"));
            let answer = call()
                .await
                .unwrap_or_else(|error| panic!("{name}, the example as a fixture: {error}"));
            if endpoint.role.is_none() {
                assert_eq!(answer, expected, "{name}");
            } else {
                assert_ne!(
                    answer, expected,
                    "{name}: the mock issues tokens of its own"
                );
            }
        }
        called.push(name);
    }
    let recorded: Vec<&str> = mock
        .received()
        .iter()
        .map(|request| {
            request
                .endpoint
                .unwrap_or_else(|| panic!("{}: no endpoint", request.path))
        })
        .collect();
    assert!(!called.is_empty(), "the spec has typed endpoints");
    assert_eq!(
        recorded
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>(),
        called.iter().copied().collect(),
        "every typed endpoint of the spec reached the mock, and nothing else"
    );
}

/// Whether `sent` is the path `template` with each `{name}` filled by one segment.
fn fills(template: &str, sent: &str) -> bool {
    let (template, sent): (Vec<_>, Vec<_>) =
        (template.split('/').collect(), sent.split('/').collect());
    template.len() == sent.len()
        && template.iter().zip(&sent).all(|(part, sent)| {
            part == sent || (part.starts_with('{') && part.ends_with('}') && !sent.is_empty())
        })
}

/// Every typed endpoint of the fixture spec (every construct of the generator), sent as its
/// generated sample: it goes out with the spec's method and path, and the answer decodes
/// where the spec has a response example. The same probes drive the real spec's loops.
#[tokio::test]
async fn fixture_samples_go_out_with_their_method_and_path() {
    let spec = jing_spec::load(&jing_spec::Sources::dir(&crate::fixtures("spec")))
        .unwrap_or_else(|errors| panic!("{errors}"));
    let probes = jing_fixture_api::probe::PROBES;
    let credentials = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .credentials()
        .clone();
    let server = wiremock::MockServer::start().await;
    let client = client(server.uri());
    let typed: Vec<&jing_spec::Endpoint> = spec
        .endpoints()
        .map(|(_, endpoint)| endpoint)
        .filter(|endpoint| endpoint.is_typed())
        .collect();
    let names: Vec<&str> = typed
        .iter()
        .map(|endpoint| endpoint.name.as_str())
        .collect();
    let probe_names: Vec<&str> = probes.iter().map(|probe| probe.name).collect();
    assert_eq!(probe_names, names);
    for (endpoint, probe) in typed.into_iter().zip(probes) {
        let name = probe.name;
        let examples = endpoint.examples.as_ref();
        let example = examples.and_then(|examples| examples.response.clone());
        server.reset().await;
        let answer = example
            .clone()
            .unwrap_or_else(|| r#"{"code": 0, "data": null}"#.to_owned());
        Mock::given(wiremock::matchers::any())
            .respond_with(wiremock::ResponseTemplate::new(200).set_body_string(answer))
            .mount(&server)
            .await;
        let answered = (probe.call)(&client, &credentials).await;
        let sent = server.received_requests().await.unwrap_or_default();
        assert_eq!(sent.len(), 1, "{name}");
        let (method, template) = (
            endpoint.method.map(|method| method.as_str()),
            endpoint.path.as_deref(),
        );
        assert_eq!(Some(sent[0].method.as_str()), method, "{name}");
        let path = sent[0].url.path();
        assert!(
            template.is_some_and(|template| fills(template, path)),
            "{name}: {path}"
        );
        if example.is_some() {
            assert!(answered.is_ok(), "{name}: {answered:?}");
        }
    }
}

/// Every typed endpoint's accessor method documents an example that sends its request
/// (a doctest run against the mock when `cargo test --doc` has the `mock` feature).
#[test]
fn every_typed_endpoint_has_an_example() {
    let spec = crate::real_spec();
    let generated = xtask::workspace_root().join("jing-api/src/generated");
    for (group, endpoint) in spec.endpoints().filter(|(_, endpoint)| endpoint.is_typed()) {
        let module = jing_spec::names::field_name(&group.key);
        let file = generated.join(format!("{module}.rs"));
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        let call = endpoint.call.as_deref().unwrap_or_default();
        let sends = format!("/// let data = client.{module}().{call}(request).await?;");
        assert!(
            text.contains(&sends),
            "{}: no example sends it",
            endpoint.name
        );
        let request = jing_spec::names::types::request(endpoint);
        assert!(
            text.contains(&format!("/// let request = {request}::new(")),
            "{}: the example builds no request",
            endpoint.name
        );
    }
}
