//! Responses as servers in the wild send them, over real HTTP: a byte order mark and
//! whitespace, numbers as strings and the reverse, `"0"` for the code; and the raw `data`
//! beside the typed one. What leniency would lose or invent stays an error
//! (`runtime_faults::bad_servers_give_typed_errors`); the fixture crate's answers (`null`
//! and missing members, `data` null or missing) are the workspace's
//! (`tests/tests/it/decoding.rs`).

use jing_api::Client;
use jing_api::customer::CreateCustomer;
use wiremock::MockServer;

use crate::answer;

fn client(server: &MockServer) -> Client {
    crate::built(crate::loopback(server).rate_limits(false))
}

#[tokio::test]
async fn account_creation_reads_what_servers_in_the_wild_send() {
    let server = MockServer::start().await;
    let client = client(&server);
    let cases: &[(&str, &[u8], &str)] = &[
        ("a byte order mark and whitespace", b"\xEF\xBB\xBF \n {\"request_id\":\"r\",\"code\":0,\"msg\":\"ok\",\"data\":{\"jing_uuid\":\"u1\"}} \n", "u1"),
        ("a number for a string", br#"{"request_id":"r","code":0,"msg":"ok","data":{"jing_uuid":12345}}"#, "12345"),
        ("the code as a string", br#"{"request_id":"r","code":"0","msg":"ok","data":{"jing_uuid":"u2"}}"#, "u2"),
        ("a numeric request id and no msg", br#"{"request_id":9,"code":0,"data":{"jing_uuid":"u3"}}"#, "u3"),
        ("unknown members", br#"{"request_id":"r","code":0,"msg":"ok","timestamp":1,"data":{"jing_uuid":"u4","extra":[1]}}"#, "u4"),
    ];
    for (case, body, uuid) in cases {
        answer(&server, "/v1/customer/create", body).await;
        let created = client
            .customer()
            .create(CreateCustomer::new("Acme", "bt"))
            .await;
        assert_eq!(
            created
                .map(|data| data.jing_uuid)
                .map_err(|error| error.to_string()),
            Ok((*uuid).to_owned()),
            "{case}"
        );
    }
}

#[tokio::test]
async fn the_raw_data_is_kept_beside_the_typed_one() {
    let server = MockServer::start().await;
    let client = client(&server);
    let body = br#"{"request_id":"req-5","code":0,"msg":"ok","data":{"jing_uuid":"u","not_in_the_docs":{"x":1}}}"#;
    answer(&server, "/v1/customer/create", body).await;
    let decoded = client
        .send_keeping_raw(&CreateCustomer::new("Acme", "bt"))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(decoded.data.jing_uuid, "u");
    assert_eq!(
        decoded.raw.get(),
        r#"{"jing_uuid":"u","not_in_the_docs":{"x":1}}"#
    );
    assert_eq!(decoded.request_id.as_deref(), Some("req-5"));
}
