//! The runtime hides every credential the spec marks: the names it redacts cover them.

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
    // The runtime's list is the spec's (regenerated), and holds every member marked above.
    let from_spec: Vec<String> = spec.secret_names().into_iter().collect();
    assert_eq!(jing_api::redact::names::SPEC_SECRET_NAMES, from_spec);
    assert!(marked.iter().all(|name| from_spec.contains(name)));
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
