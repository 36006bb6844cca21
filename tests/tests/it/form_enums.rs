//! Form-encoded bodies and enums on parameters, end to end on the fixture spec's
//! `paint_widget` (a form body, an integer-coded path enum, string query and header enums):
//! the typed call and the `jing` program against the mock serving the fixture's generated
//! tables over real HTTP, the mock refusing JSON and bad form members, and an import of a
//! synthetic page with a form body.

use jing_api::{Client, Method};
use jing_fixture_api::widgets::{
    PaintShift, PaintWidget, PaintWidgetBoothId, PaintWidgetColor, PaintWidgetFinish, WidgetsApi,
};
use jing_mock::MockServer;
use serde_json::{Value, json};

/// A mock serving the fixture spec's endpoints (limits off: the tests call it freely).
async fn fixture_mock() -> MockServer {
    MockServer::builder()
        .tables(jing_fixture_api::mock::TABLES)
        .rate_limits(false)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

fn client(mock: &MockServer) -> Client {
    mock.client_builder()
        .build()
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The pairs of a form body, sorted (their order is not a fact of the form).
fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body).into_owned();
    let mut pairs: Vec<(String, String)> = text
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| text.replace('+', " ").replace("%26", "&");
            (decode(name), decode(value))
        })
        .collect();
    pairs.sort();
    pairs
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn a_typed_form_call_goes_as_a_form_with_enum_parameters_by_wire_value() {
    let mock = fixture_mock().await;
    let client = client(&mock);
    let request = PaintWidget::new(PaintWidgetBoothId::V2, "w 1&2")
        .coats(2)
        .color(PaintWidgetColor::Blue)
        .finish(PaintWidgetFinish::Gloss)
        .x_shift(PaintShift::Night);
    let painted = WidgetsApi::new(&client).paint(request).await;
    assert_eq!(painted.map(|data| data.painted).ok(), Some(true));
    let received = mock.received();
    assert_eq!(received.len(), 1);
    let sent = &received[0];
    assert_eq!(sent.endpoint, Some("paint_widget"));
    assert_eq!(
        sent.path, "/v1/booth/2/paint",
        "the integer enum by its value"
    );
    assert_eq!(sent.query, [("finish".to_owned(), "gloss".to_owned())]);
    assert_eq!(sent.header("x-shift"), Some("night"));
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        form_pairs(&sent.body),
        pairs(&[("widgetId", "w 1&2"), ("coats", "2"), ("color", "blue")]),
        "unset members are left out"
    );
}

#[tokio::test]
async fn unlisted_parameter_values_are_kept_and_accepted() {
    assert_eq!(
        PaintWidgetBoothId::from(7),
        PaintWidgetBoothId::Other(7),
        "open integer enum"
    );
    assert_eq!(PaintWidgetBoothId::V1.value(), 1);
    assert_eq!(
        PaintWidgetFinish::from("satin"),
        PaintWidgetFinish::Other("satin".to_owned())
    );
    let mock = fixture_mock().await;
    let client = client(&mock);
    let request = PaintWidget::new(PaintWidgetBoothId::from(7), "w1").finish("satin");
    let painted = WidgetsApi::new(&client).paint(request).await;
    assert!(painted.is_ok(), "{painted:?}");
    let received = mock.received();
    assert_eq!(received[0].path, "/v1/booth/7/paint");
    assert_eq!(
        received[0].query,
        [("finish".to_owned(), "satin".to_owned())]
    );
}

/// A request straight to the mock: status and envelope.
async fn post(mock: &MockServer, content_type: &str, body: &str) -> (u16, Value) {
    let credentials = mock.credentials();
    let response = reqwest::Client::new()
        .post(format!("{}/v1/booth/1/paint", mock.base_url()))
        .header("app_id", &credentials.app_id)
        .header("access_token", &credentials.access_token)
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_mock_refuses_json_and_bad_members_to_a_form_endpoint() {
    let mock = fixture_mock().await;
    let cases = [
        (
            "application/json",
            r#"{"widgetId": "w1"}"#,
            "expected application/x-www-form-urlencoded",
        ),
        (
            "application/x-www-form-urlencoded",
            "widgetId=w1&coats=many",
            "coats: expected an integer",
        ),
        (
            "application/x-www-form-urlencoded",
            "coats=2",
            "widgetId: required, missing",
        ),
        (
            "application/x-www-form-urlencoded",
            "widgetId=w1&size=3",
            "size: not a member of the spec",
        ),
    ];
    for (content_type, body, message) in cases {
        let (status, answer) = post(&mock, content_type, body).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_ne!(answer["code"], json!(0), "{answer}");
        let msg = answer["msg"].as_str().unwrap_or_default();
        assert!(msg.contains(message), "{body}: {msg}");
    }
    let (status, answer) = post(
        &mock,
        "application/x-www-form-urlencoded; charset=utf-8",
        "widgetId=w1&dry=true&color=green",
    )
    .await;
    assert_eq!((status, &answer["code"]), (200, &json!(0)), "{answer}");

    // The client's raw call sends what it is told: JSON to a form endpoint is refused.
    let refused = client(&mock)
        .raw(Method::Post, "/v1/booth/1/paint")
        .json(json!({"widgetId": "w1"}))
        .send::<Value>()
        .await;
    let error = refused
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(error.contains("x-www-form-urlencoded"), "{error}");
    let sent = client(&mock)
        .raw(Method::Post, "/v1/booth/1/paint")
        .form(json!({"widgetId": "w1", "coats": 1}))
        .send::<Value>()
        .await;
    assert_eq!(sent.ok(), Some(json!({"painted": true})));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jing_program_sends_form_calls_as_forms_and_lists_parameter_values() {
    let mock = fixture_mock().await;
    let tables = jing_fixture_api::cli::TABLES;
    let paint = tables
        .endpoints
        .iter()
        .find(|endpoint| endpoint.schema.name == "paint_widget")
        .unwrap_or_else(|| panic!("paint_widget has a command"));
    assert_eq!(paint.schema.body, jing_api::schema::Body::Form);
    let values: Vec<(&str, &[&str])> = paint
        .flags
        .iter()
        .map(|flag| (flag.flag, flag.param.values))
        .collect();
    assert!(
        values.contains(&("booth-id", &["1", "2"][..])),
        "{values:?}"
    );
    assert!(
        values.contains(&("finish", &["matte", "gloss"][..])),
        "{values:?}"
    );
    assert!(
        values.contains(&("x-shift", &["day", "night"][..])),
        "{values:?}"
    );

    let credentials = mock.credentials().clone();
    let base_url = mock.base_url();
    let args: Vec<String> = [
        "jing",
        "widgets",
        "paint",
        "--base-url",
        &base_url,
        "--app-id",
        &credentials.app_id,
        "--access-token",
        &credentials.access_token,
        "--booth-id",
        "2",
        "--widget-id",
        "w1",
        "--coats",
        "3",
        "--finish",
        "matte",
    ]
    .map(str::to_owned)
    .to_vec();
    // The program runs its own runtime: on a thread of its own, off this one.
    let status = std::thread::spawn(move || jing_cli::testing::run_from(tables, args))
        .join()
        .unwrap_or_else(|_| panic!("the program does not panic"));
    assert_eq!(status, 0);
    let received = mock.received();
    assert_eq!(received.len(), 1);
    let sent = &received[0];
    assert_eq!(sent.path, "/v1/booth/2/paint");
    assert_eq!(sent.query, [("finish".to_owned(), "matte".to_owned())]);
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        form_pairs(&sent.body),
        pairs(&[("widgetId", "w1"), ("coats", "3")])
    );
}

fn load(dir: &std::path::Path) -> jing_spec::Valid {
    jing_spec::load(&jing_spec::Sources::dir(dir)).unwrap_or_else(|errors| panic!("{errors}"))
}

/// The import report of the synthetic form page against the spec in `dir`.
fn import_page(dir: &std::path::Path, action: jing_vendor_docs::import::command::Action) -> String {
    let page = crate::fixtures("import").join("paint-widget.apifox.md");
    let options = jing_vendor_docs::import::command::Options {
        action,
        ..jing_vendor_docs::import::command::Options::new(vec![page])
    };
    jing_vendor_docs::import::command::run(dir, &options)
        .unwrap_or_else(|error| panic!("{error:#}"))
        .output
}

#[test]
fn a_form_page_reads_as_a_form_body_with_parameter_enums_and_equals_the_spec() {
    let path = crate::fixtures("import").join("paint-widget.apifox.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
    let (_, facts) = jing_vendor_docs::import::read("paint-widget.apifox.md", &text)
        .unwrap_or_else(|error| panic!("{error}"));
    let facts = &facts[0];
    let body = facts.body.as_ref().map(|body| body.content_type);
    assert_eq!(body, Some(jing_spec::ContentType::Form));
    assert_eq!(facts.path_params[0].values, ["1", "2"]);
    assert_eq!(facts.path_params[0].ty, jing_spec::TypeRef::Integer);
    assert_eq!(facts.query[0].values, ["matte", "gloss"]);
    assert_eq!(facts.headers[0].values, ["day", "night"]);
    // `import --check` of the page passes: its facts are the fixture spec's.
    let spec = load(&crate::fixtures("spec"));
    let target =
        jing_vendor_docs::import::diff::find(&spec, facts, None).unwrap_or_else(|e| panic!("{e}"));
    let endpoint = target
        .endpoint
        .unwrap_or_else(|| panic!("the page matches paint_widget"));
    let ours = jing_vendor_docs::import::Facts::of_spec(endpoint);
    assert_eq!(jing_vendor_docs::import::diff::changes(&ours, facts), []);
}

#[test]
fn importing_a_form_page_reports_and_writes_the_content_type_and_the_path_enum() {
    use jing_vendor_docs::import::command::Action;
    // The spec as it stood before the page: a JSON body, no values on the path parameter.
    let dir = crate::fixture_spec_copy("form-import");
    let file = dir.join("01-widgets.yaml");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let booth_values = "        enum:\n          - {value: 1, doc: {zh: \"一号喷房。\", en: \"Booth one.\"}}\n          - {value: 2, doc: {zh: \"二号喷房。\", en: \"Booth two.\"}}\n";
    assert!(text.contains(booth_values) && text.contains("      content_type: form\n"));
    let before = text
        .replacen(booth_values, "", 1)
        .replacen("      content_type: form\n", "", 1);
    std::fs::write(&file, before).unwrap_or_else(|error| panic!("{error}"));

    let report = import_page(&dir, Action::Show);
    assert!(
        report.contains("~ body.content_type: json -> form"),
        "{report}"
    );
    assert!(
        report.contains("+ path_params.boothId.enum: — -> 1 | 2"),
        "{report}"
    );
    import_page(&dir, Action::Write);
    // A second import writes nothing.
    let first = std::fs::read(&file).unwrap_or_default();
    let second = import_page(&dir, Action::Write);
    assert!(!second.contains("wrote "), "{second}");
    assert!(
        std::fs::read(&file).unwrap_or_default() == first,
        "{second}"
    );
    let spec = load(&dir);
    let endpoint = spec
        .endpoints()
        .map(|(_, endpoint)| endpoint)
        .find(|endpoint| endpoint.name == "paint_widget")
        .unwrap_or_else(|| panic!("paint_widget stays"));
    let body = endpoint.body.as_ref().map(|body| body.content_type);
    assert_eq!(body, Some(jing_spec::ContentType::Form));
    let values: Vec<&str> = endpoint.path_params[0].value_texts().collect();
    assert_eq!(values, ["1", "2"]);
    let written = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        written.contains("      - value: 1\n") || written.contains("{value: 1}"),
        "{written}"
    );
    // The page and the spec now agree.
    let again = import_page(&dir, Action::Show);
    assert!(again.contains("the facts equal the spec's"), "{again}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_openapi_export_writes_form_bodies_and_parameter_enums() {
    let document = xtask::openapi::document(&load(&crate::fixtures("spec")));
    let operation = &document["paths"]["/v1/booth/{boothId}/paint"]["post"];
    let content = operation["requestBody"]["content"]
        .as_object()
        .map(|content| content.keys().cloned().collect::<Vec<_>>());
    assert_eq!(
        content,
        Some(vec!["application/x-www-form-urlencoded".to_owned()])
    );
    let json_body = &document["paths"]["/v1/widget/create"]["post"]["requestBody"]["content"];
    assert!(json_body.get("application/json").is_some(), "{json_body}");
    let schema = |name: &str| {
        operation["parameters"]
            .as_array()
            .and_then(|list| list.iter().find(|param| param["name"] == name))
            .map(|param| param["schema"].clone())
            .unwrap_or_default()
    };
    assert_eq!(
        schema("boothId"),
        json!({
            "type": "integer",
            "format": "int64",
            "x-extensible-enum": [1, 2],
            "x-enum-descriptions": {"1": "一号喷房。\n\nBooth one.", "2": "二号喷房。\n\nBooth two."}
        })
    );
    assert_eq!(
        schema("finish"),
        json!({
            "type": "string",
            "x-extensible-enum": ["matte", "gloss"],
            "x-enum-descriptions": {"matte": "哑光。\n\nMatte.", "gloss": "亮光。\n\nGloss."}
        })
    );
    // Open enumerations: the documented values, others accepted (no closed `enum`).
    assert_eq!(
        schema("X-Shift")["x-extensible-enum"],
        json!(["day", "night"])
    );
    assert!(schema("X-Shift").get("enum").is_none());
    let text = serde_json::to_string(&document).unwrap_or_default();
    let parsed: Result<openapiv3::OpenAPI, _> = serde_json::from_str(&text);
    assert!(parsed.is_ok(), "{parsed:?}");
}
