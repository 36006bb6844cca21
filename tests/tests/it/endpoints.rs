//! Per-endpoint checks driven by the spec, so an endpoint typed tomorrow is covered without
//! a test of its own: the generated probe table (`jing_mock::probe`) gives every typed
//! endpoint a sample request and its typed decoding. The docs' response examples decode,
//! each typed call round trips through the mock, and the fixture spec's samples (every
//! construct of the generator) go out as the spec says. Each check goes over every endpoint
//! and fails once, listing every endpoint that failed with its vendor page
//! (`jing_mock::failures`); `cargo xtask check --endpoints` runs them on their own.
//! The `jing` call of every typed endpoint is jing-cli's (`jing-api/cli/tests/jing_cli/`).

pub(crate) mod checks;

use jing_api::Client;
use jing_mock::MockServer;
use jing_mock::failures::Failures;

use crate::mock_client;
use wiremock::Mock;

/// Every probe stands for a typed endpoint of the spec, and the other way round.
#[test]
fn there_is_one_probe_per_typed_endpoint() {
    let names: Vec<&str> = jing_mock::probes().iter().map(|probe| probe.name).collect();
    assert_eq!(names, crate::spec::typed_endpoint_names());
}

/// A client of the fixture's spec for a local server at `uri`.
fn fixture_client(uri: String) -> Client {
    jing_test_wire::loopback_for(&jing_fixture_api::SPEC, uri)
        .build()
        .unwrap_or_else(|error| panic!("a loopback client builds: {error}"))
}

/// Every typed endpoint's response example from the docs decodes through its generated
/// type, the way the client decodes an answer, and keeps the example's values. Driven by the
/// spec: an endpoint typed tomorrow is checked here without a line of its own.
#[test]
fn the_docs_response_examples_decode() {
    let spec = crate::real_spec();
    let mut failures = Failures::default();
    let checked = checks::examples_decode(&spec, jing_mock::probes(), &mut failures);
    assert!(checked > 0, "the typed endpoints have examples");
    failures.assert_none(checked);
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
    let mut failures = Failures::default();
    let probes = jing_mock::probes();
    let called = checks::round_trips(&spec, probes, &mock, &client, &mut failures).await;
    assert!(called > 0, "the spec has typed endpoints");
    failures.assert_none(called);
}

/// Every example the docs give is decoded, not only the first: a scratch copy of the
/// fixture spec whose second example of `create_widget` contradicts its type fails the
/// check, naming the example.
#[test]
fn a_second_example_that_does_not_decode_is_named() {
    let dir = crate::fixture_spec_copy("endpoints-second-example");
    let path = dir.join("01-widgets.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
    let from = "\"data\": {\"id\": \"w2\"}}'";
    assert!(
        text.contains(from),
        "the fixture's create_widget has a second example"
    );
    std::fs::write(&path, text.replacen(from, "\"data\": [\"w2\"]}'", 1))
        .unwrap_or_else(|error| panic!("{error}"));
    let spec =
        jing_spec::load(&jing_spec::Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{errors}"));
    let mut failures = Failures::default();
    checks::examples_decode(&spec, jing_fixture_api::probe::PROBES, &mut failures);
    let named: Vec<(&str, &str)> = failures
        .list()
        .iter()
        .map(|failure| (failure.endpoint.as_str(), failure.check.as_str()))
        .collect();
    assert_eq!(named, [("create_widget", checks::DECODES)], "{failures:#?}");
    let message = failures.message(1);
    assert!(message.contains("the example `second widget`"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// An example lacking several required members (one inside a list) fails naming every one
/// of them, not only the first serde meets.
#[test]
fn a_failing_decode_names_every_missing_required_member() {
    let dir = crate::fixture_spec_copy("endpoints-missing-members");
    let path = dir.join("01-widgets.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
    let from = "\"data\": {\"id\": \"w2\"}}'";
    assert!(
        text.contains(from),
        "the fixture's create_widget has a second example"
    );
    let to = "\"data\": {\"history\": [{\"at\": 1}, {}]}}'";
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap_or_else(|error| panic!("{error}"));
    let spec =
        jing_spec::load(&jing_spec::Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{errors}"));
    let mut failures = Failures::default();
    checks::examples_decode(&spec, jing_fixture_api::probe::PROBES, &mut failures);
    let message = failures.message(1);
    assert!(
        message.contains("(every required member it lacks: id, history.at)"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two endpoints of a scratch copy of the fixture spec broken (their docs' examples
/// contradict their types): every check names both, each with its vendor page, in one run.
#[tokio::test]
async fn two_broken_endpoints_of_a_scratch_spec_are_both_named_with_their_pages() {
    let dir = crate::fixture_spec_copy("endpoints-broken");
    let path = dir.join("01-widgets.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
    for (from, to) in [
        ("\"data\": {\"id\": \"w1\"}}'", "\"data\": \"w1\"}'"),
        ("\"data\": {\"painted\": true}}'", "\"data\": [true]}'"),
    ] {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&path, text).unwrap_or_else(|error| panic!("{error}"));
    let spec =
        jing_spec::load(&jing_spec::Sources::dir(&dir)).unwrap_or_else(|errors| panic!("{errors}"));
    let probes = jing_fixture_api::probe::PROBES;
    let broken = [
        (
            "create_widget",
            "https://fixture.invalid/docs/create-widget",
        ),
        ("paint_widget", "https://fixture.invalid/docs/paint-widget"),
    ];
    let named = |failures: &Failures, check: &str| -> Vec<(String, String)> {
        let mut named: Vec<(String, String)> = failures
            .list()
            .iter()
            .filter(|failure| failure.check == check)
            .map(|failure| (failure.endpoint.clone(), failure.page.clone()))
            .collect();
        named.sort();
        named.dedup();
        named
    };
    let expected: Vec<(String, String)> = broken
        .iter()
        .map(|(name, page)| ((*name).to_owned(), (*page).to_owned()))
        .collect();

    let mut failures = Failures::default();
    checks::examples_decode(&spec, probes, &mut failures);
    assert_eq!(named(&failures, checks::DECODES), expected, "{failures:#?}");

    let mock = MockServer::builder()
        .tables(jing_fixture_api::mock::TABLES)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let mut failures = Failures::default();
    let called =
        checks::round_trips(&spec, probes, &mock, &mock_client(&mock), &mut failures).await;
    assert!(called > broken.len());
    assert_eq!(
        named(&failures, checks::ROUND_TRIP),
        expected,
        "{failures:#?}"
    );
    // A test fails once, listing both with their pages (`assert_none` panics with this;
    // called here, it would also report them to `cargo xtask check --endpoints`).
    let message = failures.message(called);
    for (name, page) in broken {
        assert!(
            message.contains(&format!("\n  {name}: {}: ", checks::ROUND_TRIP))
                && message.contains(&format!("(page: {page})")),
            "{message}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
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
    let client = fixture_client(server.uri());
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
    let mut failures = Failures::default();
    for (endpoint, probe) in typed.iter().zip(probes) {
        let (name, page) = (probe.name, endpoint.link());
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
        let [sent] = sent.as_slice() else {
            failures.push(
                name,
                SAMPLE,
                format!("{} requests went out, not one", sent.len()),
                page,
            );
            continue;
        };
        check_sent(&mut failures, endpoint, name, sent);
        match answered {
            Err(error) if example.is_some() => {
                failures.push(
                    name,
                    SAMPLE,
                    format!("the docs' example as the answer: {error}"),
                    page,
                );
            }
            _ => {}
        }
    }
    failures.assert_none(typed.len());
}

/// What `fixture_samples_go_out_with_their_method_and_path` checks of each sample.
const SAMPLE: &str = "sample goes out as the spec says";

/// The request `sent` for `endpoint`'s sample (probe `name`) went out with the spec's
/// method, to a path its template fills.
fn check_sent(
    failures: &mut Failures,
    endpoint: &jing_spec::Endpoint,
    name: &str,
    sent: &wiremock::Request,
) {
    let page = endpoint.link();
    let (method, template) = (
        endpoint.method.map(|method| method.as_str()),
        endpoint.path.as_deref(),
    );
    let path = sent.url.path();
    if Some(sent.method.as_str()) != method {
        failures.push(
            name,
            SAMPLE,
            format!("sent with {}, not {method:?}", sent.method),
            page,
        );
    }
    if !template.is_some_and(|template| fills(template, path)) {
        failures.push(
            name,
            SAMPLE,
            format!("sent to {path}, not {template:?}"),
            page,
        );
    }
}

/// Every typed endpoint's accessor method documents an example that sends its request
/// (a doctest that `cargo test --doc -p jing-api` runs against the in-process mock, a
/// dev-dependency of jing-api).
#[test]
fn every_typed_endpoint_has_an_example() {
    let spec = crate::real_spec();
    let generated = xtask::workspace_root().join("jing-api/src/generated");
    let mut failures = Failures::default();
    const EXAMPLE: &str = "the method documents an example";
    let typed: Vec<_> = spec
        .endpoints()
        .filter(|(_, endpoint)| endpoint.is_typed())
        .collect();
    for (group, endpoint) in &typed {
        let (name, page) = (endpoint.name.as_str(), endpoint.link());
        let module = jing_spec::names::field_name(&group.key);
        let file = generated.join(format!("{module}.rs"));
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(error) => {
                failures.push(name, EXAMPLE, format!("{}: {error}", file.display()), page);
                continue;
            }
        };
        let call = endpoint.call.as_deref().unwrap_or_default();
        let sends = format!("/// let data = client.{module}().{call}(request).await?;");
        if !text.contains(&sends) {
            failures.push(name, EXAMPLE, "no example sends it", page);
        }
        let request = jing_spec::names::types::request(endpoint);
        if !text.contains(&format!("/// let request = {request}::new(")) {
            failures.push(name, EXAMPLE, "the example builds no request", page);
        }
    }
    failures.assert_none(typed.len());
}
