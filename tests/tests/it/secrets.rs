//! The runtime hides every credential the spec marks: by the name families, and a typed
//! call by its own schema's marks.

use jing_spec::Field;

#[test]
fn every_secret_member_of_the_spec_is_redacted_by_name() {
    let spec = crate::real_spec();
    let mut marked = Vec::new();
    for (_, endpoint) in spec.endpoints() {
        let body = endpoint.body.iter().flat_map(|body| &body.fields);
        let response = endpoint
            .response
            .iter()
            .flat_map(|response| &response.fields);
        let fields: Vec<&Field> = body.chain(response).collect();
        for field in fields {
            if field
                .credential
                .is_some_and(jing_spec::Credential::is_secret)
            {
                marked.push(field.name.clone());
            }
        }
    }
    assert!(!marked.is_empty(), "the token calls mark their secrets");
    for name in &marked {
        assert!(
            jing_api::redact::is_secret(name),
            "`{name}` carries a secret but jing_api::redact does not hide it"
        );
    }
    // The auth header that carries the token is marked and hidden too.
    for header in &spec.api.auth.headers {
        assert_eq!(
            header.secret,
            header.name.contains("token"),
            "{}: only the token header is a secret",
            header.name
        );
        assert_eq!(
            jing_api::redact::is_secret(&header.name),
            header.secret,
            "{}",
            header.name
        );
    }
}

/// A typed call hides what its own schema marks secret, whatever the name: the fixture's
/// `X-Widget-Pass` header is no name of a credential family, and the spec marks it.
#[test]
fn a_call_hides_the_headers_its_own_schema_marks_secret() {
    use jing_fixture_api::widgets::{CreateWidget, CreateWidgetOwner};
    assert!(!jing_api::redact::is_secret("X-Widget-Pass"), "not by name");
    let client = jing_test_wire::loopback_for(&jing_fixture_api::SPEC, "http://127.0.0.1:9")
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let request =
        CreateWidget::new("w", 1, CreateWidgetOwner::new("o")).x_widget_pass("PASS-SECRET-42");
    let preview = client
        .preview(&request)
        .unwrap_or_else(|error| panic!("{error}"));
    let shown = format!("{preview}\n{preview:?}\n{preview:#?}");
    assert!(!shown.contains("PASS-SECRET-42"), "{shown}");
    assert!(
        shown.contains("x-widget-pass: [REDACTED]"),
        "the header is sent, hidden: {shown}"
    );
    assert!(
        shown.contains("\"name\":\"w\""),
        "the rest is shown: {shown}"
    );
}

#[test]
fn token_types_hide_their_secrets_in_debug() {
    use jing_api::oauth::{RefreshToken, RefreshTokenData};
    let request = RefreshToken::new()
        .app_id("app-1")
        .app_secret("secret-in-request")
        .refresh_token("refresh-in-request");
    let body = br#"{"request_id":"r","code":0,"msg":"ok","data":{"access_token":"access-in-answer","refresh_token":"refresh-in-answer","expires_in":7200}}"#;
    let data: RefreshTokenData =
        jing_api::decode_response(200, body).unwrap_or_else(|error| panic!("{error}"));
    let shown = format!("{request:?} {data:?} {request:#?} {data:#?}");
    for secret in [
        "secret-in-request",
        "refresh-in-request",
        "access-in-answer",
        "refresh-in-answer",
    ] {
        assert!(!shown.contains(secret), "{secret}: {shown}");
    }
    assert!(shown.contains("app-1"), "the app id is no secret: {shown}");
    assert!(shown.contains("[REDACTED]"));
}
