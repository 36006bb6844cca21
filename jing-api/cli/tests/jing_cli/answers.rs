//! What `jing` prints of an answer: a typed call's `data` as the typed client reads it (the
//! endpoint's own response type and lenient readers), `--raw` and `jing raw` as sent.

use serde_json::{Value, json};

use super::{against, mock, run, temp_file, text};

/// The mock answers `jing_uuid` as a number; the typed reader of Create Customer reads it
/// as the text its type says, so `jing customer create` prints `"42"`, and a member the
/// response type does not have is not printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_call_prints_what_its_typed_reader_reads() {
    let mock = mock().await;
    mock.respond(
        "create_customer",
        json!({"jing_uuid": 42, "not_in_the_spec": true}),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let mut typed = against(&mock);
    typed.args([
        "customer",
        "create",
        "--name",
        "Acme",
        "--business-type",
        "bt",
    ]);
    let output = run(typed).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let data: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let read: jing_api::customer::CreateCustomerData = jing_api::decode_response(
        200,
        br#"{"request_id":"r","code":0,"msg":"ok","data":{"jing_uuid":42,"not_in_the_spec":true}}"#,
    )
    .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(data["jing_uuid"], "42", "{data}");
    assert_eq!(data, serde_json::to_value(&read).unwrap_or_default());
    assert!(data.get("not_in_the_spec").is_none(), "{data}");

    // `--raw` prints the envelope as sent.
    let mut raw = against(&mock);
    raw.args([
        "customer",
        "create",
        "--name",
        "Acme",
        "--business-type",
        "bt",
        "--raw",
    ]);
    let output = run(raw).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let envelope: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(envelope["data"]["jing_uuid"], 42, "{envelope}");

    // `jing raw` knows no response type: `data` as sent.
    let mut untyped = against(&mock);
    untyped
        .args(["raw", "POST", "/v1/customer/create", "--body"])
        .arg(temp_file(
            "answers.json",
            r#"{"name":"Acme","business_type":"bt"}"#,
        ));
    let output = run(untyped).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let data: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(data["jing_uuid"], 42, "{data}");
    assert_eq!(data["not_in_the_spec"], true, "{data}");
}

/// An answer the typed reader cannot read (a required member missing) is a decode error
/// naming the member, not a printout of whatever came.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_the_typed_reader_refuses_is_a_decode_error() {
    let mock = mock().await;
    mock.respond("create_customer", json!({"other": 1}))
        .unwrap_or_else(|error| panic!("{error}"));
    let mut typed = against(&mock);
    typed.args([
        "customer",
        "create",
        "--name",
        "Acme",
        "--business-type",
        "bt",
    ]);
    let output = run(typed).await;
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("jing_uuid"), "{stderr}");
}
