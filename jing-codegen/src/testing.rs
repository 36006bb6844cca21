//! Specs for the unit tests, made from YAML texts as a maintainer writes them: a fixed
//! `api.yaml`, one group file and, where a test needs them, webhooks; loaded and
//! validated like any spec, so a test sees only what `jing_spec::load` lets through.
//!
//! The modules' tests share one group, [`LEADS`], one endpoint per case they exercise, and
//! find theirs by name ([`typed`], [`endpoint`]); the token call ([`TOKEN_CALL`]) is a group
//! of its own, as a spec has one token call of a role.

use jing_spec::{Source, Sources, Valid};

use crate::ir::{Api, Endpoint, Group, Typed};

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

/// A group with one endpoint per case the modules' tests exercise, each named for it.
pub(crate) const LEADS: &str = r#"
title: {zh: "线索", en: "Leads"}
doc: {zh: "虚构。", en: "Made up."}
endpoints:
  # Names and parameters (ir/endpoint.rs): a path parameter, an auth and a caller header, a
  # query parameter whose requirement is unknown.
  - name: add_lead_note
    call: add_note
    title: {zh: "添加 备注", en: "Add Note"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/note
    method: POST
    path: /v1/lead/{leadId}/note
    path_params:
      - {name: leadId, type: integer, required: true, doc: {zh: "线索。", en: "Lead."}}
    headers:
      - {name: access_token, type: string, required: true, auth: true, doc: {zh: "令牌。", en: "Token."}}
      - {name: X-Trace-Id, type: string, required: false, doc: {zh: "追踪。", en: "Trace."}}
    query:
      - {name: dryRun, type: boolean, required: null, doc: {zh: "试。", en: "Dry."}}
    body:
      shape: object
      fields:
        - {name: text, type: string, required: true, doc: {zh: "文本。", en: "Text."}}
    response:
      type: object
      fields: []
  # Catalogued only: a method without a path, and nothing known.
  - name: list_leads
    title: {zh: "列出线索", en: "List Leads"}
    status: catalogued
    method: GET
  - name: export_leads
    title: {zh: "导出线索", en: "Export Leads"}
    status: catalogued
  # The constructor's order (ir/members.rs, emit/cli.rs): a path parameter, a bare-array
  # body, query parameters, a caller header.
  - name: import_leads
    call: import
    title: {zh: "导入线索", en: "Import Leads"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/import
    method: POST
    path: /v1/list/{listId}/leads
    path_params:
      - {name: listId, type: integer, required: true, doc: {zh: "列表。", en: "List."}}
    headers:
      - {name: X-Batch, type: string, required: true, doc: {zh: "批次。", en: "Batch."}}
    query:
      - {name: mode, type: string, required: true, doc: {zh: "方式。", en: "Mode."}}
      - {name: dryRun, type: boolean, required: false, doc: {zh: "试。", en: "Dry."}}
    body:
      shape: array
      item_type_name: LeadRow
      fields:
        - {name: email, type: string, required: true, doc: {zh: "邮箱。", en: "Email."}}
  # Custom attributes beside an object body (emit/cli.rs).
  - name: note_lead
    call: note
    title: {zh: "备注线索", en: "Note Lead"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/note-lead
    method: POST
    path: /v1/lead/note
    body:
      shape: object
      custom_fields: true
      fields:
        - {name: text, type: string, required: true, doc: {zh: "文本。", en: "Text."}}
        - {name: tags, type: array<string>, required: false, doc: {zh: "标签。", en: "Tags."}}
  # Sample values of every kind of member (ir/sample.rs, emit/probe.rs).
  - name: move_lead
    call: relocate
    title: {zh: "移动", en: "Move Lead"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/move
    method: PUT
    path: /v1/lead/{leadId}/move
    path_params:
      - {name: leadId, type: integer, required: true, doc: {zh: "线索。", en: "Lead."}}
    query:
      - {name: page, type: string, required: true, doc: {zh: "页。", en: "Page."}}
    body:
      shape: object
      fields:
        - name: stage
          type: string
          required: true
          doc: {zh: "阶段。", en: "Stage."}
          enum: [{value: won, doc: {zh: "赢。", en: "Won."}}]
        - name: level
          type: integer
          required: true
          doc: {zh: "层。", en: "Level."}
          enum: [{value: -2, doc: {zh: "低。", en: "Low."}}]
        - name: owner
          type: object
          required: true
          doc: {zh: "负责人。", en: "Owner."}
          fields:
            - {name: id, type: number, required: true, doc: {zh: "编号。", en: "Id."}}
            - {name: note, type: string, required: false, doc: {zh: "备注。", en: "Note."}}
        - {name: tags, type: array<string>, required: true, doc: {zh: "标签。", en: "Tags."}}
        - {name: extra, type: map<any>, required: true, doc: {zh: "其他。", en: "Other."}}
        - {name: memo, type: string, required: false, doc: {zh: "备忘。", en: "Memo."}}
    response:
      type: boolean
    examples:
      request: '{"stage": "lost", "level": 3, "owner": {"id": 7}, "tags": [], "extra": {}, "memo": "Call back"}'
  # Members' names, types and nested types (ir/field.rs).
  - name: shift_lead
    call: shift
    title: {zh: "转移", en: "Shift Lead"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/shift
    method: PUT
    path: /v1/lead/shift
    query:
      - name: mode
        type: string
        required: true
        doc: {zh: "模式。", en: "Mode."}
        enum: [{value: fast, doc: {zh: "快。", en: "Fast."}}]
    body:
      shape: object
      fields:
        - {name: type, type: string, required: true, nullable: true, doc: {zh: "类型。", en: "Type."}}
        - name: owner
          type: object
          required: false
          doc: {zh: "负责人。", en: "Owner."}
          fields:
            - name: address
              type: object
              required: true
              doc: {zh: "地址。", en: "Address."}
              fields:
                - {name: city, type: string, required: true, doc: {zh: "城市。", en: "City."}}
        - name: tags
          type: array<string>
          required: false
          type_name: LeadTag
          doc: {zh: "标签。", en: "Tags."}
          enum: [{value: hot, doc: {zh: "热。", en: "Hot."}}, {value: cold}]
  # Bodies and responses (ir/body.rs): an array body with custom attributes, a form, no
  # body and an answer of its own.
  - name: update_leads
    call: update_many
    title: {zh: "批量更新", en: "Update Leads"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/update
    method: PUT
    path: /v1/lead/update
    body:
      shape: array
      custom_fields: true
      item_type_name: LeadChange
      fields:
        - {name: id, type: string, required: true, doc: {zh: "编号。", en: "Id."}}
    response:
      type: array<string>
  - name: tag_lead
    call: tag
    title: {zh: "打标签", en: "Tag Lead"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/tag
    method: POST
    path: /v1/lead/tag
    body:
      content_type: form
      shape: object
      fields:
        - {name: tag, type: string, required: true, doc: {zh: "标签。", en: "Tag."}}
  - name: get_lead
    call: get
    title: {zh: "查询线索", en: "Get Lead"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/get
    method: GET
    path: /v1/lead/get
    answer: {code: ret, success: 0, data: result}
    response:
      type: map<object>
      custom_fields: true
      fields:
        - {name: name, type: string, required: true, doc: {zh: "名称。", en: "Name."}}
  # Flags named once, collisions resolved (ir/flags.rs).
  - name: find_lead
    call: find
    title: {zh: "查找线索", en: "Find Lead"}
    doc: {zh: "虚构。", en: "Made up."}
    status: documented
    doc_url: https://fixture.invalid/find
    method: POST
    path: /v1/lead/find
    headers:
      - {name: access_token, type: string, required: true, auth: true, doc: {zh: "令牌。", en: "Token."}}
      - {name: X-Trace-Id, type: string, required: false, doc: {zh: "追踪。一句。", en: "Trace. More."}}
    query:
      - {name: id, type: string, required: true, doc: {zh: "编号。", en: "Id."}}
    body:
      shape: object
      fields:
        - {name: member_body, type: string, required: false, doc: {zh: "成员。", en: "Member."}}
        - {name: body, type: string, required: false, doc: {zh: "正文。", en: "Body."}}
        - name: stage
          type: array<string>
          required: false
          doc: {zh: "阶段。", en: "Stage."}
          enum: [{value: won, doc: {zh: "赢。", en: "Won."}}]
  # A partial page and what its request cannot send (docs/mod.rs).
  - name: upload_voice
    call: upload
    title: {zh: "上传语音", en: "Upload Voice"}
    doc: {zh: "上传语音。", en: "Uploads a voice."}
    status: partial
    doc_url: https://fixture.invalid/upload
    method: POST
    path: /v1/voice/upload
    body:
      shape: object
      fields:
        - {name: model, type: string, required: true, doc: {zh: "模型。", en: "Model."}}
    response:
      type: object
      fields: []
    decisions:
      - fact: body.file
        page: 'a file (`type: string`, `format: binary`), described as «语音文件»'
        doc: {zh: "文件暂不支持。", en: "Files are not supported yet."}
      - fact: body.model:example
        page: 'the example `1`'
        doc: {zh: "示例有误。", en: "The example is wrong."}
"#;

/// [`LEADS`] lowered.
pub(crate) fn leads() -> Api {
    crate::ir::lower(&spec(LEADS))
}

/// The endpoint named `name` (the spec's name) of `api`, and its group.
pub(crate) fn endpoint<'a>(api: &'a Api, name: &str) -> (&'a Group, &'a Endpoint) {
    api.endpoints()
        .find(|(_, endpoint)| endpoint.name == name)
        .unwrap_or_else(|| panic!("no endpoint {name}"))
}

/// The typed call of the endpoint named `name` of `api`, and its group.
pub(crate) fn typed<'a>(api: &'a Api, name: &str) -> (&'a Group, &'a Typed) {
    let (group, endpoint) = self::endpoint(api, name);
    let typed = endpoint.typed();
    (
        group,
        typed.unwrap_or_else(|| panic!("{name} is not typed")),
    )
}

/// The spec of `api.yaml` and the group file `01-lead.yaml` holding `group`.
pub(crate) fn spec(group: &str) -> Valid {
    load(Sources::new(Source::new("api.yaml", API)).group(Source::new("01-lead.yaml", group)))
}

/// As [`spec`], with `webhooks.yaml` holding `webhooks`.
pub(crate) fn spec_with_webhooks(group: &str, webhooks: &str) -> Valid {
    let sources = Sources::new(Source::new("api.yaml", API))
        .group(Source::new("01-lead.yaml", group))
        .webhooks(Source::new("webhooks.yaml", webhooks));
    load(sources)
}

fn load(sources: Sources) -> Valid {
    jing_spec::load(&sources).unwrap_or_else(|errors| panic!("the test spec must load:\n{errors}"))
}
