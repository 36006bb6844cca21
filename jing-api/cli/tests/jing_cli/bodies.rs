//! `--body` read into the typed request: each member through its type (a nested object
//! strictly), flags overriding members and standing in for required ones, members the
//! request does not have refused (or kept as custom attributes where the call takes them),
//! all before anything is sent.

use serde_json::json;

use super::{against, mock, run, text};

/// A partial `--body` and the flags make one request: a flag overrides the body's member,
/// a required member may come from either, and a member no flag names is a custom
/// attribute of a call that takes them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flags_override_body_members_and_fill_the_required_ones() {
    let mock = mock().await;
    let mut command = against(&mock);
    command.args([
        "customer",
        "create",
        "--body",
        r#"{"name":"From body","mobile":"138","my_attr":"x"}"#,
        "--name",
        "From flag",
        "--business-type",
        "bt",
    ]);
    let output = run(command).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let received = mock.received();
    let [sent] = received.as_slice() else {
        panic!("one request, not {}", received.len());
    };
    assert_eq!(
        sent.json(),
        json!({"name": "From flag", "business_type": "bt", "mobile": "138", "my_attr": "x"})
    );
}

/// What the typed request cannot hold is a usage error naming the member, and nothing is
/// sent: a member of the wrong type, a member a nested object does not have, a member of a
/// call without custom attributes that the request does not have.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_members_the_typed_request_cannot_hold_are_refused_before_sending() {
    let mock = mock().await;
    let cases: [(&[&str], &str); 3] = [
        (
            &[
                "customer",
                "create",
                "--body",
                r#"{"name":1,"business_type":"bt"}"#,
            ],
            "`name`",
        ),
        (
            &[
                "user",
                "create",
                "--body",
                r#"[{"identities":[{"type":"mobile","value":"1","nope":true}]}]"#,
            ],
            "nope",
        ),
        (
            &["oauth", "refresh", "--body", r#"{"grant":"x"}"#],
            "`grant` is not a member",
        ),
    ];
    for (arguments, named) in cases {
        let mut command = against(&mock);
        command.args(arguments);
        let output = run(command).await;
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}: {stderr}");
        assert!(stderr.contains(named), "{arguments:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{arguments:?}");
    }
    assert!(mock.received().is_empty(), "nothing was sent");
}
