//! Specs for the unit tests, made from YAML texts as a maintainer writes them: a fixed
//! `api.yaml`, one group file and, where a test needs them, webhooks; loaded and
//! validated like any spec, so a test sees only what `jing_spec::load` lets through.

use jing_spec::{Source, Sources, Spec};

/// `api.yaml`: one default environment, the two auth headers (the token a secret), the Jing
/// envelope.
const API: &str = r#"
title: {zh: "夹具", en: "Fixture"}
doc: {zh: "虚构。", en: "Made up."}
docs_home: https://fixture.invalid/docs
environments:
  - {name: f, title: {zh: "环境", en: "environment"}, base_url: "https://fixture.invalid", default: true}
auth:
  headers:
    - {name: app_id, type: string, required: true, doc: {zh: "应用。", en: "App."}}
    - {name: access_token, type: string, required: true, secret: true, doc: {zh: "令牌。", en: "Token."}}
envelope:
  fields:
    - {name: request_id, type: string, required: true, doc: {zh: "请求。", en: "Request."}}
    - {name: code, type: integer, required: true, doc: {zh: "码。", en: "Code."}}
    - {name: msg, type: string, required: true, doc: {zh: "消息。", en: "Message."}}
    - {name: data, type: any, required: true, doc: {zh: "数据。", en: "Data."}}
error_codes: []
"#;

/// A group with one typed token call (`get_access_token`), its members marked.
pub(crate) const TOKEN_CALL: &str = r#"
title: {zh: "线索", en: "Leads"}
doc: {zh: "虚构。", en: "Made up."}
endpoints:
  - name: get_token
    call: get_token
    title: {zh: "获取令牌", en: "Get Token"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/token
    method: POST
    path: /v1/oauth/token
    role: get_access_token
    auth: none
    body:
      shape: object
      fields:
        - {name: appId, type: string, required: true, credential: app_id, doc: {zh: "应用。", en: "App."}}
        - {name: secret, type: string, required: false, credential: app_secret, doc: {zh: "密钥。", en: "Secret."}}
    response:
      type: object
      fields:
        - {name: token, type: string, required: true, credential: access_token, doc: {zh: "令牌。", en: "Token."}}
        - {name: ttl, type: integer, required: false, credential: expires_in, doc: {zh: "有效期。", en: "Lifetime."}}
"#;

/// The spec of `api.yaml` and the group file `01-lead.yaml` holding `group`.
pub(crate) fn spec(group: &str) -> Spec {
    load(Sources::new(Source::new("api.yaml", API)).group(Source::new("01-lead.yaml", group)))
}

/// As [`spec`], with `webhooks.yaml` holding `webhooks`.
pub(crate) fn spec_with_webhooks(group: &str, webhooks: &str) -> Spec {
    let sources = Sources::new(Source::new("api.yaml", API))
        .group(Source::new("01-lead.yaml", group))
        .webhooks(Source::new("webhooks.yaml", webhooks));
    load(sources)
}

fn load(sources: Sources) -> Spec {
    jing_spec::load(&sources).unwrap_or_else(|errors| panic!("the test spec must load:\n{errors}"))
}
