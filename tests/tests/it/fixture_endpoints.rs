//! Per-endpoint checks of the fixture spec (every construct of the generator, the pages of
//! other vendors' kind among them), driven by the spec through the fixture crate's probe
//! table with the very checks `endpoints` runs on the real spec (`endpoints/checks.rs`):
//! each docs' response example decodes through its typed response by the endpoint's own
//! answer and keeps its values; each typed call round trips through the mock serving the
//! fixture's tables, the example set as the mock's answer coming back as it decodes; and
//! `jing` calls every endpoint with its required flags. Each loop lists every endpoint that
//! failed, with its page (`jing_mock::failures`). Then the constructs one by one:
//! numbers that hold integers go as integers from the typed client and from `jing` alike,
//! and a Jing answer without `data` decodes to the endpoint's empty response, from the
//! mock and from a raw body.

use jing_fixture_api::probe::PROBES;
use jing_mock::failures::Failures;
use jing_mock::{MockError, MockServer, Stub};
use serde_json::{Value, json};

use crate::endpoints::checks;

fn spec() -> jing_spec::Valid {
    jing_spec::load(&jing_spec::Sources::dir(&crate::fixtures("spec")))
        .unwrap_or_else(|errors| panic!("{errors}"))
}

async fn fixture_mock() -> MockServer {
    MockServer::builder()
        .tables(jing_fixture_api::mock::TABLES)
        .rate_limits(false)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn the_fixtures_response_examples_decode_by_their_answers() {
    let spec = spec();
    let mut failures = Failures::default();
    let checked = checks::examples_decode(&spec, PROBES, &mut failures);
    assert!(checked > 5, "the fixture's endpoints have examples");
    failures.assert_none(checked);
}

#[tokio::test]
async fn every_fixture_endpoint_round_trips_through_the_mock() {
    let mock = fixture_mock().await;
    let client = crate::mock_client(&mock);
    let spec = spec();
    let mut failures = Failures::default();
    let called = checks::round_trips(&spec, PROBES, &mock, &client, &mut failures).await;
    assert!(called > 5, "the fixture spec has typed endpoints");
    failures.assert_none(called);
}

/// `jing <group> <command>` of every fixture endpoint with its required flags (the probe's
/// sample values) reaches the mock, in the endpoint's answer, and ends well.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jing_calls_every_fixture_endpoint() {
    let mock = fixture_mock().await;
    let credentials = mock.credentials().clone();
    let base_url = mock.base_url();
    let spec = spec();
    let page = |name: &str| {
        checks::typed(&spec)
            .find(|endpoint| endpoint.name == name)
            .and_then(jing_spec::Endpoint::link)
    };
    let mut failures = Failures::default();
    const CALL: &str = "`jing <group> <call>` reaches the mock";
    for (command, probe) in jing_fixture_api::cli::ENDPOINTS.iter().zip(PROBES) {
        assert_eq!(command.schema.name, probe.name);
        let sample = (probe.request)(&credentials);
        let mut args: Vec<String> = [
            "jing",
            command.group,
            command.command,
            "--base-url",
            &base_url,
            "--app-id",
            &credentials.app_id,
            "--access-token",
            &credentials.access_token,
        ]
        .map(str::to_owned)
        .to_vec();
        if let Some(body) = sample.body.as_ref().filter(|body| body.is_array()) {
            args.extend(["--body".to_owned(), body.to_string()]);
        }
        for arg in command.flags.iter().filter(|flag| flag.required()) {
            let value = sample.flag_value(arg.wire()).or_else(|| {
                let body = sample.body.as_ref()?;
                body.get(arg.wire()).map(Value::to_string)
            });
            if let Some(value) = value {
                args.extend([format!("--{}", arg.flag), value]);
            }
        }
        let tables = jing_fixture_api::cli::TABLES;
        let shown = args.join(" ");
        // The program runs its own runtime: on a thread of its own, off this one.
        let status = std::thread::spawn(move || jing_cli::testing::run_from(tables, args))
            .join()
            .unwrap_or_else(|_| panic!("{shown}: the program does not panic"));
        let received = mock.received();
        let last = received.last().and_then(|request| request.endpoint);
        if status != 0 {
            failures.push(
                probe.name,
                CALL,
                format!("`{shown}` exits {status}"),
                page(probe.name),
            );
        } else if last != Some(probe.name) {
            failures.push(
                probe.name,
                CALL,
                format!("`{shown}`: the mock's last request is {last:?}"),
                page(probe.name),
            );
        }
    }
    failures.assert_none(jing_fixture_api::cli::ENDPOINTS.len());
}

/// Every required flag of every fixture command takes the value of its endpoint's probe
/// sample (`jing_cli::testing::calls_of`, what jing's dry-run loop runs on the spec's
/// tables), a required object of required members too: the fixture spec holds one
/// (`create_widget --owner`), so an empty object there (`{}`, which the endpoint refuses)
/// fails this test (issue #28, F12).
#[test]
fn every_required_flag_of_the_fixture_takes_the_probes_sample() {
    let calls = jing_cli::testing::calls_of(jing_fixture_api::cli::ENDPOINTS, PROBES);
    let mut objects = Vec::new();
    for flag in jing_cli::testing::sampled_flags(&calls, PROBES) {
        assert_eq!(flag.value, flag.sample, "{} {}", flag.endpoint, flag.flag);
        let object: Value = serde_json::from_str(flag.value).unwrap_or_default();
        if object
            .as_object()
            .is_some_and(|members| !members.is_empty())
        {
            objects.push(format!("{} {}", flag.endpoint, flag.flag));
        }
    }
    assert!(
        objects.iter().any(|flag| flag == "create_widget --owner"),
        "a required object flag carries its required members: {objects:?}"
    );
}

/// A required member that may be `null` (`weigh_widget`'s `label`) is written as `null`,
/// never left out: `jing` prints the typed answer, and what reads it back (the
/// per-endpoint check `jing` call = typed call) requires the member.
#[test]
fn a_required_nullable_member_is_written_as_null() {
    let answer = r#"{"id": 7, "weight": 1.5, "grade": 2, "label": null, "measuredAt": 3}"#;
    let data: jing_fixture_api::widgets::WeighWidgetData =
        serde_json::from_str(answer).unwrap_or_else(|error| panic!("{error}"));
    let written = serde_json::to_value(&data).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(written.get("label"), Some(&Value::Null), "{written}");
    let again: Result<jing_fixture_api::widgets::WeighWidgetData, _> =
        serde_json::from_value(written);
    assert_eq!(again.ok(), Some(data));
}

/// A `number` that holds an integer goes as one: the typed client and `jing` both send
/// `taskId=1` in the query and `"height":3` in the body, never `1.0`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_that_hold_integers_go_as_integers_from_the_client_and_jing() {
    use jing_fixture_api::pallets::{PalletsApi, StackPallet};
    use jing_fixture_api::widgets::{WeighWidget, WidgetsApi};
    let mock = fixture_mock().await;
    let client = crate::mock_client(&mock);
    let weighed = WidgetsApi::new(&client)
        .weight(WeighWidget::new("w1", "Bearer t").task_id(1.0))
        .await;
    assert!(weighed.is_ok(), "{weighed:?}");
    let stacked = PalletsApi::new(&client)
        .stack(StackPallet::new("p1", 3.0))
        .await;
    assert!(stacked.is_ok(), "{stacked:?}");
    let credentials = mock.credentials().clone();
    let base_url = mock.base_url();
    for command in [
        [
            "widgets",
            "weight",
            "--widget-id",
            "w1",
            "--authorization",
            "Bearer t",
            "--task-id",
            "1",
        ]
        .as_slice(),
        ["pallets", "stack", "--pallet-id", "p1", "--height", "3"].as_slice(),
    ] {
        jing_succeeds(
            &base_url,
            &credentials.app_id,
            &credentials.access_token,
            command,
        );
    }
    let received = mock.received();
    let weighs: Vec<&Vec<(String, String)>> = received
        .iter()
        .filter(|request| request.endpoint == Some("weigh_widget"))
        .map(|request| &request.query)
        .collect();
    assert_eq!(weighs.len(), 2);
    for query in weighs {
        assert_eq!(query.as_slice(), [("taskId".to_owned(), "1".to_owned())]);
    }
    let stacks: Vec<Value> = received
        .iter()
        .filter(|request| request.endpoint == Some("stack_pallet"))
        .map(|request| serde_json::from_slice(&request.body).unwrap_or_default())
        .collect();
    assert_eq!(
        stacks,
        [
            json!({"palletId": "p1", "height": 3}),
            json!({"palletId": "p1", "height": 3})
        ]
    );
    let body = String::from_utf8_lossy(
        &received
            .last()
            .map(|request| request.body.clone())
            .unwrap_or_default(),
    )
    .into_owned();
    assert!(
        body.contains("\"height\":3") && !body.contains("3.0"),
        "{body}"
    );
}

/// Runs `jing` over the fixture's tables against the mock at `base_url`: `command` is
/// the group, the operation and then its flags; the program must exit with 0.
fn jing_succeeds(base_url: &str, app_id: &str, access_token: &str, command: &[&str]) {
    let mut args: Vec<String> = vec!["jing".to_owned()];
    args.extend(command[..2].iter().map(|part| (*part).to_owned()));
    args.extend(
        [
            "--base-url",
            base_url,
            "--app-id",
            app_id,
            "--access-token",
            access_token,
        ]
        .map(str::to_owned),
    );
    args.extend(command[2..].iter().map(|part| (*part).to_owned()));
    let tables = jing_fixture_api::cli::TABLES;
    let status = std::thread::spawn(move || jing_cli::testing::run_from(tables, args))
        .join()
        .unwrap_or_else(|_| panic!("the program does not panic"));
    assert_eq!(status, 0, "{command:?}");
}

/// A Jing answer without `data` (a delete) decodes to the endpoint's documented empty
/// response: from the mock, and from a raw body; a failure code is still an error.
#[tokio::test]
async fn an_answer_without_data_decodes_to_the_empty_response() {
    use jing_fixture_api::pallets::{DropPallet, DropPalletData, PalletsApi};
    let mock = fixture_mock().await;
    let client = crate::mock_client(&mock);
    // The mock's own answer (the docs' example has no `data`), then a server's that leaves
    // `data` out, as a stub answers it.
    let dropped = PalletsApi::new(&client).drop(DropPallet::new("p1")).await;
    assert!(dropped.is_ok(), "{dropped:?}");
    let without = json!({"request_id": "r1", "code": 0, "msg": "success"});
    mock.stub(jing_mock::Stub::raw(
        "POST",
        "/v1/pallet/p2/drop",
        200,
        without,
    ))
    .unwrap_or_else(|error| panic!("{error}"));
    let dropped = PalletsApi::new(&client).drop(DropPallet::new("p2")).await;
    assert!(dropped.is_ok(), "{dropped:?}");
    let body = br#"{"request_id": "r1", "code": 0, "msg": "success"}"#;
    let decoded: Result<DropPalletData, _> = jing_api::decode_response(200, body);
    assert!(decoded.is_ok(), "{decoded:?}");
    let refused = br#"{"request_id": "r2", "code": 40001, "msg": "no such pallet"}"#;
    let decoded: Result<DropPalletData, _> = jing_api::decode_response(200, refused);
    assert!(
        matches!(decoded, Err(jing_api::Error::Api { code: 40001, .. })),
        "{decoded:?}"
    );
}

/// The fixture spec's `move_part` is `PUT /v1/shelf/{shelfId}/part/{partId}`.
#[tokio::test]
async fn data_stubs_on_typed_templates_must_use_their_method() {
    let mock = fixture_mock().await;
    for path in ["/v1/shelf/7/part/9", "/v1/shelf/{s}/part/{p}"] {
        let stub = json!({"method": "GET", "path": path, "data": {"moved": true}});
        let response = reqwest::Client::new()
            .post(format!("{}/_mock/stubs", mock.base_url()))
            .json(&stub)
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        let status = response.status().as_u16();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        let reason = answer["error"].as_str().unwrap_or_default();
        assert_eq!(status, 400, "{path}: {answer}");
        assert!(
            reason.contains("is PUT") && reason.contains("not GET") && reason.contains("move_part"),
            "{path}: {reason}"
        );
        let refused = mock.stub(Stub::data("get", path, json!({})));
        assert!(
            matches!(refused, Err(MockError::BadRequest(_))),
            "{refused:?}"
        );
    }
    assert!(
        mock.stub(Stub::data("PUT", "/v1/shelf/7/part/9", json!({})))
            .is_ok()
    );
    // The method in any case, as stubs match it.
    let mut lower = Stub::data("PUT", "/v1/shelf/{a}/part/{b}", json!({}));
    lower.method = "put".to_owned();
    assert!(mock.stub(lower).is_ok());
    // A raw stub answers any method as given.
    assert!(
        mock.stub(Stub::raw("GET", "/v1/shelf/7/part/9", 200, json!({})))
            .is_ok()
    );
}

/// The fixture's schemas, one per typed endpoint of its spec (path parameters among them):
/// each `{name}` of a path is one of its path parameters and the other way round, and each
/// parameter of the spec is in its schema with the spec's place.
#[test]
fn the_fixture_schemas_hold_what_the_spec_says() {
    use jing_api::schema::Place;
    let schemas = jing_fixture_api::catalogue::SCHEMAS;
    let spec = spec();
    let typed: Vec<&jing_spec::Endpoint> = checks::typed(&spec).collect();
    assert_eq!(schemas.len(), typed.len());
    for (schema, endpoint) in schemas.iter().zip(&typed) {
        assert_eq!(schema.name, endpoint.name);
        let in_path: Vec<&str> = schema
            .path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        let path_params: Vec<&str> = schema.params_in(Place::Path).map(|p| p.name).collect();
        assert_eq!(in_path, path_params, "{}", schema.name);
        let placed = |params: &[jing_spec::Param], place: Place| {
            params.iter().all(|param| {
                schema
                    .params_in(place)
                    .any(|found| found.name == param.name)
            })
        };
        assert!(
            placed(&endpoint.path_params, Place::Path),
            "{}",
            schema.name
        );
        assert!(placed(&endpoint.query, Place::Query), "{}", schema.name);
        assert!(placed(&endpoint.headers, Place::Header), "{}", schema.name);
    }
    assert!(
        schemas
            .iter()
            .any(|schema| schema.params_in(Place::Path).count() > 0),
        "the fixture has path parameters"
    );
}
