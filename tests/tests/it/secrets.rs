//! The runtime hides every credential the spec marks: the names it redacts cover them.

use jing_spec::{Credential, Field};

/// The secret credentials (not the app id or a lifetime).
fn is_secret(credential: Credential) -> bool {
    matches!(
        credential,
        Credential::AppSecret | Credential::AccessToken | Credential::RefreshToken
    )
}

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
            if field.credential.is_some_and(is_secret) {
                marked.push(field.name.clone());
            }
        }
    }
    assert!(!marked.is_empty(), "the token calls mark their secrets");
    for name in marked {
        assert!(
            jing_api::redact::is_secret(&name),
            "`{name}` carries a secret but is not in jing_api::redact::SECRET_NAMES"
        );
    }
    // The auth header that carries the token is one of them too.
    for header in &spec.api.auth.headers {
        if header.name.contains("token") {
            assert!(jing_api::redact::is_secret(&header.name), "{}", header.name);
        }
    }
}
