//! The fixture crate's responses as servers in the wild send them, over real HTTP: numbers
//! as strings, `null` and missing optional members, and `data` null or missing for a type
//! with no required members. The spec's own calls (a byte order mark, `"0"` for the code,
//! the raw `data`) are jing-api's (`jing-api/tests/it/decoding.rs`).

use jing_api::Client;
use jing_fixture_api::widgets::{
    CreateWidget, CreateWidgetDataState, CreateWidgetOwner, GetWidget, UpdateWidgets,
    UpdateWidgetsItem, WidgetsApi,
};
use jing_test_wire::{answer, loopback_for};
use wiremock::MockServer;

fn client(server: &MockServer) -> Client {
    loopback_for(&jing_fixture_api::SPEC, server.uri())
        .rate_limits(false)
        .build()
        .unwrap_or_else(|error| panic!("a loopback client builds: {error}"))
}

#[tokio::test]
async fn fixture_responses_read_numbers_as_strings_nulls_and_missing_data() {
    let server = MockServer::start().await;
    let client = client(&server);
    let api = WidgetsApi::new(&client);

    answer(
        &server,
        "/v1/widget/get",
        br#"{"request_id":"r","code":0,"msg":"ok","data":[{"id":7,"name":null},{"id":"w2"}]}"#,
    )
    .await;
    let widgets = api
        .get(GetWidget::new("w"))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let ids: Vec<(&str, Option<&str>)> = widgets
        .iter()
        .map(|widget| (widget.id.as_str(), widget.name.as_deref()))
        .collect();
    assert_eq!(ids, [("7", None), ("w2", None)]);

    answer(
        &server,
        "/v1/widget/create",
        br#"{"request_id":"r","code":0,"msg":"ok","data":{"id":"w1","created_at":"1700000000","state":3}}"#,
    )
    .await;
    let request = CreateWidget::new("w", 1, CreateWidgetOwner::new("o"));
    let created = api
        .create(request)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(created.created_at, Some(1_700_000_000));
    assert_eq!(
        created.state,
        Some(CreateWidgetDataState::Other("3".to_owned()))
    );

    for body in [
        &br#"{"request_id":"r","code":0,"msg":"ok","data":null}"#[..],
        &br#"{"request_id":"r","code":0,"msg":"ok"}"#[..],
    ] {
        answer(&server, "/v1/widget/update", body).await;
        let request = UpdateWidgets::new(vec![UpdateWidgetsItem::new()]);
        let data = api
            .update_many(request)
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!((data.success, data.failure), (None, None));
    }
}
