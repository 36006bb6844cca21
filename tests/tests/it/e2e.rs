//! The fixture crate's calls over real HTTP against a local server on 127.0.0.1 (wiremock):
//! what goes on the wire and what comes back. The spec's own calls are jing-api's
//! (`jing-api/tests/it/wire.rs`). How a bad answer becomes a typed error is `runtime_faults::bad_servers_give_typed_errors`.

use jing_api::Client;
use jing_fixture_api::widgets::{
    CreateWidget, CreateWidgetOwner, DeleteWidget, GetWidget, UpdateWidgets, UpdateWidgetsItem,
    WidgetsApi,
};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request};

use crate::ok;

fn client(server: &MockServer) -> Client {
    jing_test_wire::loopback_for(&jing_fixture_api::SPEC, server.uri())
        .build()
        .unwrap_or_else(|error| panic!("a loopback client builds: {error}"))
}

// The fixture crate's endpoints: GET with query, PUT with a bare array, DELETE without auth,
// a header parameter, nested objects and open enums, all over HTTP.

#[tokio::test]
async fn fixture_post_sends_header_parameter_nested_objects_and_enums() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/widget/create"))
        .and(header("X-Trace-Id", "trace-9"))
        .and(body_json(json!({
            "name": "w", "size": 3, "type": "gear", "color": "dark_blue", "tags": ["new", "unlisted"],
            "owner": {"id": "o1", "address": {"city": "上海"}}, "note": "custom",
        })))
        .respond_with(ok(json!({"id": "w1", "state": "retired", "history": [{"at": 1}], "custom_attr": "kept"})))
        .expect(1)
        .mount(&server)
        .await;
    use jing_fixture_api::widgets::{
        CreateWidgetColor, CreateWidgetDataState, CreateWidgetOwnerAddress, WidgetTag,
    };
    let owner = CreateWidgetOwner::new("o1").address(CreateWidgetOwnerAddress::new().city("上海"));
    let request = CreateWidget::new("w", 3, owner)
        .type_("gear")
        .color(CreateWidgetColor::DarkBlue)
        .tags(vec![WidgetTag::New, WidgetTag::from("unlisted")])
        .x_trace_id("trace-9")
        .custom_field("note", "custom");
    let client = client(&server);
    let data = WidgetsApi::new(&client)
        .create(request)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        data.state,
        Some(CreateWidgetDataState::Other("retired".to_owned())),
        "an unlisted value is kept"
    );
    assert_eq!(data.custom_fields.get("custom_attr"), Some(&json!("kept")));
    assert_eq!(data.history.map(|history| history.len()), Some(1));
}

#[tokio::test]
async fn fixture_get_put_and_delete_use_their_methods_query_and_auth() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/widget/get"))
        .and(query_param("widgetId", "w1"))
        .and(query_param("page", "2"))
        .and(|request: &Request| {
            !request
                .url
                .query()
                .unwrap_or_default()
                .contains("withParts")
                && request.body.is_empty()
        })
        .respond_with(ok(json!([{"id": "w1"}, {"id": "w2", "name": "two"}])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v1/widget/update"))
        .and(query_param("dryRun", "false"))
        .and(body_json(
            json!([{"id": "w1", "size": 2, "extra_code": [1, 2]}]),
        ))
        .respond_with(ok(json!({"success": ["w1"]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/widget/delete"))
        .and(query_param("widgetId", "w1"))
        .and(|request: &Request| {
            !request.headers.contains_key("app_id") && !request.headers.contains_key("access_token")
        })
        .respond_with(ok(json!(true)))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let api = WidgetsApi::new(&client);
    let listed = api
        .get(GetWidget::new("w1").page(2))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        listed
            .iter()
            .map(|widget| widget.id.as_str())
            .collect::<Vec<_>>(),
        ["w1", "w2"]
    );
    let item = UpdateWidgetsItem::new()
        .id("w1")
        .size(2)
        .custom_field("extra_code", json!([1, 2]));
    let updated = api
        .update_many(UpdateWidgets::new(vec![item]).dry_run(false))
        .await;
    assert_eq!(
        updated.ok().and_then(|data| data.success),
        Some(vec!["w1".to_owned()])
    );
    let deleted = api.delete(DeleteWidget::new("w1")).await;
    assert_eq!(deleted.ok(), Some(true));
}

#[tokio::test]
async fn fixture_path_parameters_fill_the_path_and_integer_enums_travel_as_numbers() {
    use jing_fixture_api::widgets::{MovePart, MovePartPriority, PartLevel};
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(|request: &Request| {
            request.url.path() == "/v1/shelf/7/part/a%2F%2E%2E%20b" && request.url.query().is_none()
        })
        .and(body_json(json!({"slot": 3, "priority": -1})))
        // An unlisted level is kept; one sent as text is read as its number.
        .respond_with(ok(json!({"moved": true, "levels": [0, "1", 7]})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let moved = WidgetsApi::new(&client)
        .move_part(MovePart::new(7, "a/.. b", 3).priority(MovePartPriority::Minus1))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(moved.moved);
    assert_eq!(
        moved.levels,
        Some(vec![PartLevel::V0, PartLevel::V1, PartLevel::Other(7)])
    );
    assert_eq!(PartLevel::from(1), PartLevel::V1);
    assert_eq!(i64::from(PartLevel::Other(7)), 7);
    assert_eq!(
        "2".parse::<MovePartPriority>().ok(),
        Some(MovePartPriority::V2)
    );
    assert!("two".parse::<MovePartPriority>().is_err());
    assert_eq!(MovePartPriority::Minus1.to_string(), "-1");
}
