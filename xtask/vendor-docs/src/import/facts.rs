//! The facts of one endpoint as a vendor page states them, in a shape every input format
//! reads into and the spec can be compared with: method, path, limits, parameters, body
//! and response fields with their types, required flags and enum values.
//!
//! Docs are not facts: labels are kept only to draft the docs of a field new to the spec.
//! `None` is always "the page does not say", never "no" or "optional".

use jing_spec::{
    Answer, AuthMode, ContentType, Endpoint, Field, HttpMethod, Param, RateLimit, Shape, TypeRef,
};
use serde_json::{Value, json};

/// What one page (or one operation of an export) says of an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The page title in Chinese, as printed.
    pub title_zh: String,
    /// The page title in English, when the page gives one.
    pub title_en: Option<String>,
    /// The folder or tag the page sits in, when known (used to find the group).
    pub folder: Option<String>,
    /// The HTTP method.
    pub method: Option<HttpMethod>,
    /// The path, without the base URL.
    pub path: Option<String>,
    /// The page's description, as printed (drafts the endpoint's docs when it has none).
    pub description: Option<String>,
    /// The documented call limits.
    pub rate_limit: Option<RateLimit>,
    /// Header parameters.
    pub headers: Vec<FactParam>,
    /// Query parameters.
    pub query: Vec<FactParam>,
    /// Path parameters.
    pub path_params: Vec<FactParam>,
    /// The request body.
    pub body: Option<FactBody>,
    /// What the envelope's `data` holds on success (or the whole body, when the page's
    /// response is not the Jing envelope; see `notes`).
    pub response: Option<FactResponse>,
    /// The request example, verbatim.
    pub request_example: Option<String>,
    /// The response example, verbatim.
    pub response_example: Option<String>,
    /// Whether the page has its parameter tables (a full page is `documented`).
    pub has_tables: bool,
    /// How the answer says success and where its data is, when it is not the Jing envelope.
    pub answer: Option<FactAnswer>,
    /// How the call authenticates: the importer's proposal for a page whose credential is
    /// its own, or the spec's `auth` / `auth_draft`; `None`: nothing said.
    pub auth: Option<FactAuth>,
    /// The other answers the page shows (`x-200:失败`, `400`), each with its example or
    /// description.
    pub alternatives: Vec<(String, String)>,
    /// The answer's members beside its data and the members saying success (`total`,
    /// `page` next to `data`), each with what the page says of it: the spec holds the data
    /// only, so each is a decision (`page.answer.NAME`), never dropped without a word.
    pub beside: Vec<(String, String)>,
    /// The page's examples after the first of the request (`request.NAME`) or the answer
    /// (`response.NAME`), each as JSON text, in the page's order (`examples.more` of the
    /// spec, fact `examples.response.NAME`).
    pub other_examples: Vec<(String, String)>,
    /// What the page states that the spec holds otherwise or has no place or type for, by
    /// fact key (`body:content_type`, `page.examples.response.data.id:type`), each with what
    /// the page says: counted against the spec's (changed or dropped), each a decision.
    pub unheld: Vec<(String, String)>,
    /// The security schemes the page's operation asks for.
    pub security: Vec<FactScheme>,
    /// The facts a maintainer decides about (the spec's, and what the import adds).
    pub decisions: Vec<FactDecision>,
    /// What the importer noticed and could not settle: deprecated, nesting guessed, …
    pub notes: Vec<String>,
    /// What this import did that the report says and the spec does not keep (a stale
    /// decision removed): printed with the notes, never written into the entry's `notes`.
    pub reported: Vec<String>,
    /// The page's operation id (`queryWidgetUsingPOST`): a hint for the method name
    /// proposed for an endpoint new to the spec, and a note.
    pub operation_id: Option<String>,
}

/// How a call authenticates, as a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactAuth {
    /// `headers` (the spec's auth headers) or `none` (the page's own credential).
    pub mode: AuthMode,
    /// Whether a maintainer wrote it (`auth`), or it is the importer's proposal
    /// (`auth_draft`).
    pub confirmed: bool,
}

/// An answer that is not the Jing envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct FactAnswer {
    /// How it says success and where its data is: the importer's reading of the page, or
    /// the spec's `answer`.
    pub answer: Answer,
    /// Whether a maintainer confirmed it (`answer`), or it is the importer's reading
    /// (`answer_draft`).
    pub confirmed: bool,
    /// The members of the whole answer, as the page gives them (for reading its data by
    /// another answer than the importer's); `None` in the spec's facts.
    pub body: Option<FactResponse>,
}

/// A security scheme of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactScheme {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    /// What it is, in words (`http bearer: an Authorization header`).
    pub kind: String,
    /// Whether the page declares it (`security`), or the importer took a query parameter
    /// or header named like a credential (`sign`, `X-API-Key`) for one.
    pub declared: bool,
    /// The header (or query parameter) it asks for, if any.
    pub param: Option<String>,
    /// Whether `param` is a header: only a header can be one of the spec's auth headers
    /// (a query `access_token` is the vendor's own credential, not Jing's header).
    pub header: bool,
}

/// A fact a maintainer decides about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactDecision {
    /// The fact, by its key.
    pub fact: String,
    /// What the page states of it.
    pub page: String,
    /// Whether our words are written (not a draft).
    pub decided: bool,
}

/// What a page states of a member's values beyond its type and enum: `nullable`, an
/// example, a default and limits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueFacts {
    /// The member may be `null`.
    pub nullable: bool,
    /// Its example value.
    pub example: Option<Value>,
    /// Its default value.
    pub default: Option<Value>,
    /// The least number.
    pub minimum: Option<serde_json::Number>,
    /// The greatest number.
    pub maximum: Option<serde_json::Number>,
    /// The fewest characters.
    pub min_length: Option<u64>,
    /// The most characters.
    pub max_length: Option<u64>,
    /// What the page says the member is where the spec has no type for it (a file:
    /// `string` with `format: binary`); the spec does not hold such a member.
    pub unheld_type: Option<String>,
    /// A `format:` the spec has no place for (`date-time`, `uuid`, `int32`), noted.
    pub format: Option<String>,
    /// The page's own type where the spec holds another: `null` (a member the page types
    /// as only ever `null`), held as `any`, nullable; counted changed, a decision.
    pub page_type: Option<String>,
}

/// An example as it is compared: its JSON value written compactly (so the layout of the text
/// is no fact), or, for text that is not JSON, the text without its final line break.
pub(crate) fn example_key(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .map(|value| value.to_string())
        .unwrap_or_else(|_| text.trim_end().to_owned())
}

impl ValueFacts {
    /// The facts of a spec member.
    pub fn of_spec(field: &Field) -> Self {
        ValueFacts {
            nullable: field.nullable,
            example: field.example.clone(),
            default: field.default.clone(),
            minimum: field.minimum.clone(),
            maximum: field.maximum.clone(),
            min_length: field.min_length,
            max_length: field.max_length,
            unheld_type: None,
            format: None,
            page_type: None,
        }
    }

    /// `page`'s facts, with `ours` where the page says nothing.
    pub fn settled(self, ours: &ValueFacts) -> Self {
        ValueFacts {
            nullable: self.nullable || ours.nullable,
            example: self.example.or_else(|| ours.example.clone()),
            default: self.default.or_else(|| ours.default.clone()),
            minimum: self.minimum.or_else(|| ours.minimum.clone()),
            maximum: self.maximum.or_else(|| ours.maximum.clone()),
            min_length: self.min_length.or(ours.min_length),
            max_length: self.max_length.or(ours.max_length),
            unheld_type: self.unheld_type,
            format: self.format,
            page_type: self.page_type,
        }
    }
}

/// A header, query or path parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct FactParam {
    /// The name on the wire.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the page marks it required.
    pub required: Option<bool>,
    /// The page's label, if any (drafts the docs of a new parameter).
    pub label: Label,
    /// The documented enum values, in order.
    pub values: Vec<String>,
    /// The labels the page gives values (apifox's `x-apifox-enum`), by value.
    pub labels: Vec<(String, String)>,
    /// Its example, default, limits and `nullable`.
    pub value: ValueFacts,
    /// It carries a secret: a page's security scheme names it (an API key header, say).
    pub secret: bool,
}

/// The body of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct FactBody {
    /// A JSON object of fields, or a bare array of such objects.
    pub shape: Shape,
    /// How the body is encoded: JSON, or a form (`application/x-www-form-urlencoded`).
    pub content_type: ContentType,
    /// The members (of the object, or of each array item).
    pub fields: Vec<FactField>,
}

/// The `data` of a response.
#[derive(Debug, Clone, PartialEq)]
pub struct FactResponse {
    /// Its type (`object`, `array<object>`, a scalar, …).
    pub ty: TypeRef,
    /// The members when the type has them.
    pub fields: Vec<FactField>,
}

/// A member of a body, response or nested object.
#[derive(Debug, Clone, PartialEq)]
pub struct FactField {
    /// The name on the wire.
    pub name: String,
    /// Its type; `object` and `array<object>` have `fields`.
    pub ty: TypeRef,
    /// Whether the page marks it required.
    pub required: Option<bool>,
    /// The page's label.
    pub label: Label,
    /// The documented enum values, in order.
    pub values: Vec<String>,
    /// The labels the page gives values (apifox's `x-apifox-enum`), by value.
    pub labels: Vec<(String, String)>,
    /// Its example, default, limits and `nullable`.
    pub value: ValueFacts,
    /// The members of an object (or of each item of an array of objects).
    pub fields: Vec<FactField>,
}

/// A label from the page, in whichever languages it gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Label {
    /// The Chinese label.
    pub zh: Option<String>,
    /// The English label.
    pub en: Option<String>,
}

impl Facts {
    /// The page's headers (`located` is `header`), else its query parameters.
    pub(crate) fn params_in(&mut self, located: &str) -> &mut Vec<FactParam> {
        match located {
            "header" => &mut self.headers,
            _ => &mut self.query,
        }
    }

    /// An endpoint known by its Chinese title only.
    pub fn titled(title_zh: impl Into<String>) -> Self {
        Facts {
            title_zh: title_zh.into(),
            title_en: None,
            folder: None,
            method: None,
            path: None,
            description: None,
            rate_limit: None,
            headers: Vec::new(),
            query: Vec::new(),
            path_params: Vec::new(),
            body: None,
            response: None,
            request_example: None,
            response_example: None,
            has_tables: false,
            answer: None,
            auth: None,
            alternatives: Vec::new(),
            beside: Vec::new(),
            other_examples: Vec::new(),
            unheld: Vec::new(),
            security: Vec::new(),
            decisions: Vec::new(),
            notes: Vec::new(),
            reported: Vec::new(),
            operation_id: None,
        }
    }

    /// The page's title in whichever language it has: the Chinese one, else the English.
    pub fn title(&self) -> &str {
        match (&self.title_en, self.title_zh.is_empty()) {
            (Some(en), true) => en,
            _ => &self.title_zh,
        }
    }

    /// The facts the spec holds for `endpoint`, to compare a page with.
    pub fn of_spec(endpoint: &Endpoint) -> Self {
        let mut facts = Facts::titled(endpoint.title.zh.clone());
        facts.title_en = Some(endpoint.title.en.clone()).filter(|en| !en.trim().is_empty());
        facts.method = endpoint.method;
        facts.path = endpoint.path.clone();
        facts.rate_limit = endpoint.rate_limit;
        facts.path_params = endpoint
            .path_params
            .iter()
            .map(FactParam::of_spec)
            .collect();
        facts.headers = endpoint.headers.iter().map(FactParam::of_spec).collect();
        facts.query = endpoint.query.iter().map(FactParam::of_spec).collect();
        facts.body = endpoint.body.as_ref().map(|body| FactBody {
            shape: body.shape,
            content_type: body.content_type,
            fields: body.fields.iter().map(FactField::of_spec).collect(),
        });
        facts.response = endpoint.response.as_ref().map(|response| FactResponse {
            ty: response.ty.clone(),
            fields: response.fields.iter().map(FactField::of_spec).collect(),
        });
        facts.has_tables = endpoint.status == jing_spec::Status::Documented;
        let examples = endpoint.examples.as_ref();
        facts.request_example = examples.and_then(|examples| examples.request.clone());
        facts.response_example = examples.and_then(|examples| examples.response.clone());
        facts.other_examples = examples.map(more_examples).unwrap_or_default();
        facts.answer = match (&endpoint.answer, &endpoint.answer_draft) {
            (Some(answer), _) => Some((answer.clone(), true)),
            (None, Some(draft)) => Some((draft.clone(), false)),
            (None, None) => None,
        }
        .map(|(answer, confirmed)| FactAnswer {
            answer,
            confirmed,
            body: None,
        });
        facts.auth = match (endpoint.auth, endpoint.auth_draft) {
            (Some(mode), _) => Some((mode, true)),
            (None, Some(mode)) => Some((mode, false)),
            (None, None) => None,
        }
        .map(|(mode, confirmed)| FactAuth { mode, confirmed });
        facts.decisions = endpoint
            .decisions
            .iter()
            .map(|decision| FactDecision {
                fact: decision.fact.clone(),
                page: decision.page.clone().unwrap_or_default(),
                decided: !decision.doc.draft
                    && !decision.doc.zh.trim().is_empty()
                    && !decision.doc.en.trim().is_empty(),
            })
            .collect();
        facts
    }

    /// The entry of `--json`: the shape of a `coverage --json` entry.
    pub fn to_json(&self, group: Option<&str>, name: Option<&str>, status: &str) -> Value {
        json!({
            "group": group,
            "name": name,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "method": self.method.map(|method| method.as_str()),
            "path": self.path,
            "status": status,
            "body_fields": self.body.as_ref().map(|body| fields_json(&body.fields)),
            "path_params": params_json(&self.path_params),
            "query": params_json(&self.query),
            "headers": params_json(&self.headers),
        })
    }
}

impl FactParam {
    fn of_spec(param: &Param) -> Self {
        FactParam {
            name: param.name.clone(),
            ty: param.ty.clone(),
            required: param.required.as_option(),
            label: Label::default(),
            values: param.value_texts().map(str::to_owned).collect(),
            labels: spec_labels(&param.values),
            value: ValueFacts::of_spec(&param.as_field()),
            secret: param.secret,
        }
    }
}

/// The labels the spec holds for enum values: each value's doc (ours, or the vendor's
/// text of a draft), by value.
fn spec_labels(values: &[jing_spec::EnumValue]) -> Vec<(String, String)> {
    values
        .iter()
        .filter_map(|value| {
            let doc = value.doc.as_ref()?;
            let text = [&doc.zh, &doc.en]
                .into_iter()
                .find(|text| !text.trim().is_empty())
                .cloned()
                .or_else(|| doc.vendor.clone())?;
            Some((value.value.clone(), text))
        })
        .collect()
}

impl FactField {
    /// A spec field as facts (no label: docs are ours, not the page's).
    pub fn of_spec(field: &Field) -> Self {
        FactField {
            name: field.name.clone(),
            ty: field.ty.clone(),
            required: field.required.as_option(),
            label: Label::default(),
            values: field.value_texts().map(str::to_owned).collect(),
            labels: spec_labels(&field.values),
            value: ValueFacts::of_spec(field),
            fields: field.fields.iter().map(FactField::of_spec).collect(),
        }
    }
}

/// The spec's other examples as the importer names them (`response.NAME`).
fn more_examples(examples: &jing_spec::Examples) -> Vec<(String, String)> {
    let part = |more: &jing_spec::MoreExample| match (&more.request, &more.response) {
        (Some(text), _) => Some(("request", text.clone())),
        (None, Some(text)) => Some(("response", text.clone())),
        (None, None) => None,
    };
    examples
        .more
        .iter()
        .filter_map(|more| part(more).map(|(part, text)| (format!("{part}.{}", more.name), text)))
        .collect()
}

/// `[{name, type, required}]`, nested under `fields`, as `coverage --json` prints them.
pub fn fields_json(fields: &[FactField]) -> Vec<Value> {
    fields
        .iter()
        .map(|field| {
            let mut value =
                json!({"name": field.name, "type": field.ty.to_string(), "required": field.required});
            if !field.fields.is_empty() {
                value["fields"] = Value::Array(fields_json(&field.fields));
            }
            value
        })
        .collect()
}

/// `[{name, required}]`.
pub fn params_json(params: &[FactParam]) -> Vec<Value> {
    params
        .iter()
        .map(|param| json!({"name": param.name, "required": param.required}))
        .collect()
}
