//! One endpoint of the docs in the intermediate form: an [`Endpoint`] as the catalogue
//! knows it, and, when its method and path are known, the [`Typed`] call with every name,
//! member, body, response, answer and token role worked out; and their lowering.
//!
//! The validator's guarantees that a type cannot carry in the spec (a typed endpoint has
//! a call name and docs, a token call's body members carry credentials) are stated here,
//! once each, where the lowering relies on them.

use jing_spec::names::{self, types as type_names};
use jing_spec::{AuthMode, ContentType, Credential, HttpMethod, RateLimit, Role, Shape, Status};
use jing_spec::{Doc, TypeRef};

use super::field::{self, Context, CustomFields, Field, ObjectType, RustType};
use super::flags::{self, Flag};
use crate::docs::{self, ParamKind};

/// An endpoint of the docs, typed or only catalogued.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    /// The spec's name (snake_case), as the catalogue and the tables name it.
    pub(crate) name: String,
    /// The docs' title.
    pub(crate) title: Doc,
    /// How much of the page is transcribed.
    pub(crate) status: Status,
    /// The endpoint's page (its own, else the first of its group), when known.
    pub(crate) doc_url: Option<String>,
    /// The page its docs link to: `doc_url`, else the docs' home.
    pub(crate) page: String,
    /// The documented limits; a figure the docs do not give is `None`.
    pub(crate) rate_limit: RateLimit,
    /// The limits in both languages, or that the docs do not state them.
    pub(crate) rate_limit_line: String,
    /// What is known of where it is sent.
    pub(crate) route: Route,
}

impl Endpoint {
    /// The HTTP method, when known.
    pub(crate) fn method(&self) -> Option<HttpMethod> {
        match &self.route {
            Route::Unknown => None,
            Route::MethodOnly(method) => Some(*method),
            Route::Typed(typed) => Some(typed.method),
        }
    }

    /// The path, when known (only a typed endpoint has one).
    pub(crate) fn path(&self) -> Option<&str> {
        self.typed().map(|typed| typed.path.as_str())
    }

    /// The typed call, when method and path are known.
    pub(crate) fn typed(&self) -> Option<&Typed> {
        match &self.route {
            Route::Typed(typed) => Some(typed),
            Route::Unknown | Route::MethodOnly(_) => None,
        }
    }
}

/// What is known of where an endpoint is sent (the validator refuses a path without a
/// method).
#[derive(Debug, Clone)]
pub(crate) enum Route {
    /// Neither method nor path: catalogued by title.
    Unknown,
    /// The method, not the path: catalogued.
    MethodOnly(HttpMethod),
    /// Both: a typed call is generated.
    Typed(Box<Typed>),
}

/// A typed call: everything the request and response types, the `Endpoint` impl, the
/// accessor method, the tables of the mock and the CLI, the probe and the example need.
#[derive(Debug, Clone)]
pub(crate) struct Typed {
    /// The HTTP method.
    pub(crate) method: HttpMethod,
    /// The path below the base URL, `{name}` standing for each path parameter.
    pub(crate) path: String,
    /// The request struct's name (`CreateCustomer`).
    pub(crate) request_type: String,
    /// What the call answers with: the type of `data`.
    pub(crate) response_type: RustType,
    /// The method on the group accessor (`create`).
    pub(crate) method_name: String,
    /// The command of `jing <group> <command>`.
    pub(crate) command: String,
    /// Doc lines of the request type and the accessor method.
    pub(crate) doc: Vec<String>,
    /// The Chinese title without spaces, for `#[doc(alias)]`.
    pub(crate) alias: String,
    /// The first sentence of each language, unescaped (command-line help).
    pub(crate) summary: String,
    /// How the call authenticates.
    pub(crate) auth: AuthMode,
    /// Whether sending it twice is harmless (documented so, or a token call).
    pub(crate) idempotent: bool,
    /// The part it plays in obtaining tokens, if any.
    pub(crate) token: Option<TokenRole>,
    /// Path parameters, in the path's order; always required.
    pub(crate) path_params: Vec<Field>,
    /// Query parameters.
    pub(crate) query: Vec<Field>,
    /// Header parameters, the ones the client fills from credentials included.
    pub(crate) headers: Vec<Header>,
    /// The request body.
    pub(crate) body: Body,
    /// The `data` of the answer.
    pub(crate) response: Response,
    /// How the answer says success and where its data is.
    pub(crate) answer: Answer,
    /// The docs' request example, verbatim JSON text.
    pub(crate) request_example: Option<String>,
    /// The docs' whole response example, verbatim JSON text.
    pub(crate) response_example: Option<String>,
    /// The flags of its `jing` command, named without collisions.
    pub(crate) flags: Vec<Flag>,
}

impl Typed {
    /// The headers the caller sets (members of the request struct), in the spec's order.
    pub(crate) fn caller_headers(&self) -> impl Iterator<Item = &Field> {
        self.headers
            .iter()
            .filter(|header| header.filled == Filled::ByCaller)
            .map(|header| &header.field)
    }
}

/// A header parameter and who fills it in.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// The header as a member.
    pub(crate) field: Field,
    /// Who sets it.
    pub(crate) filled: Filled,
}

/// Who sets a header's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filled {
    /// The caller: a member of the request struct.
    ByCaller,
    /// The client, from its credentials (an auth header of `api.yaml`).
    ByClient,
}

/// The request body, by how it is encoded.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// No body.
    None,
    /// A JSON object of its members, custom attributes perhaps beside them.
    Json {
        /// Its members, members of the request struct.
        fields: Vec<Field>,
        /// Whether custom attributes stand beside them.
        custom_fields: CustomFields,
    },
    /// A form of flat name=value pairs of scalar members (never custom attributes).
    Form {
        /// Its members, members of the request struct.
        fields: Vec<Field>,
    },
    /// A bare JSON array of items, held by the request's `items` member.
    Array {
        /// The item type.
        item: ObjectType,
    },
}

impl Body {
    /// The members of the body (of each item, for an array).
    pub(crate) fn fields(&self) -> &[Field] {
        match self {
            Body::None => &[],
            Body::Json { fields, .. } | Body::Form { fields } => fields,
            Body::Array { item } => &item.fields,
        }
    }

    /// Whether custom attributes stand beside the members (of each item, for an array).
    pub(crate) fn custom_fields(&self) -> CustomFields {
        match self {
            Body::Json { custom_fields, .. } => *custom_fields,
            Body::Array { item } => item.custom_fields,
            Body::None | Body::Form { .. } => CustomFields::Absent,
        }
    }
}

/// The `data` of an endpoint's answer.
#[derive(Debug, Clone)]
pub(crate) enum Response {
    /// The docs do not show it: any JSON.
    Undocumented,
    /// A type with no members of its own: a scalar, `any`, or a list or map of those.
    Plain {
        /// Its type on the wire.
        ty: TypeRef,
    },
    /// Objects: one, or a list or map of them, each the generated struct `object`.
    Object {
        /// Its type on the wire.
        ty: TypeRef,
        /// The struct (no members: a documented empty object).
        object: ObjectType,
    },
}

impl Response {
    /// The wire type of `data`, when documented.
    pub(crate) fn ty(&self) -> Option<&TypeRef> {
        match self {
            Response::Undocumented => None,
            Response::Plain { ty } | Response::Object { ty, .. } => Some(ty),
        }
    }

    /// The members of the struct; none for data that is not an object.
    pub(crate) fn fields(&self) -> &[Field] {
        match self {
            Response::Object { object, .. } => &object.fields,
            Response::Undocumented | Response::Plain { .. } => &[],
        }
    }
}

/// How an answer says success and where its data is.
#[derive(Debug, Clone)]
pub(crate) enum Answer {
    /// The Jing envelope: `code` 0 on success, the message in `msg`, the data in `data`.
    Envelope,
    /// Another answer, as a maintainer decided it.
    Other(jing_spec::Answer),
}

/// The part a token call plays, and how the runtime fills its request and reads its answer.
#[derive(Debug, Clone)]
pub(crate) struct TokenRole {
    /// Which token call it is.
    pub(crate) role: Role,
    /// The credential of each required body member: the constructor's arguments, in order.
    pub(crate) arguments: Vec<Credential>,
    /// Each optional body member: its setter and the credential it is set from.
    pub(crate) setters: Vec<(String, Credential)>,
    /// The response member holding the access token, if one is marked.
    pub(crate) access_token: Option<Issued>,
    /// The response member holding the refresh token, if one is marked.
    pub(crate) refresh_token: Option<Issued>,
    /// The response member holding the token's lifetime, if one is marked.
    pub(crate) expires_in: Option<Issued>,
}

/// A response member a token call's answer is read from.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    /// The member's Rust name.
    pub(crate) member: String,
    /// Whether it is required (a plain value) or optional (an `Option`).
    pub(crate) required: bool,
}

/// `endpoint` in the intermediate form; `docs_home` is linked where it has no page.
pub(crate) fn endpoint(endpoint: &jing_spec::Endpoint, docs_home: &str) -> Endpoint {
    let page = endpoint.link().unwrap_or(docs_home).to_owned();
    let route = match (endpoint.method, &endpoint.path) {
        (Some(method), Some(path)) => {
            Route::Typed(Box::new(typed(endpoint, (method, path), &page)))
        }
        (Some(method), None) => Route::MethodOnly(method),
        (None, _) => Route::Unknown,
    };
    Endpoint {
        name: endpoint.name.clone(),
        title: endpoint.title.clone(),
        status: endpoint.status,
        doc_url: endpoint.link().map(str::to_owned),
        page,
        rate_limit: endpoint.rate_limit.unwrap_or(RateLimit {
            per_second: None,
            per_day: None,
        }),
        rate_limit_line: docs::rate_limit(endpoint.rate_limit),
        route,
    }
}

/// The typed call of an endpoint whose method and path are known.
fn typed(endpoint: &jing_spec::Endpoint, (method, path): (HttpMethod, &str), page: &str) -> Typed {
    // Every key of the spec's endpoint, so that a new one forces a decision here.
    let jing_spec::Endpoint {
        call,
        doc,
        title,
        role,
        auth,
        idempotent,
        path_params,
        headers,
        query,
        answer,
        examples,
        // Lowered below from the whole endpoint: its names, body and response.
        name: _,
        body: _,
        response: _,
        // The catalogue's part, lowered by `endpoint`.
        status: _,
        doc_url: _,
        doc_pages: _,
        rate_limit: _,
        method: _,
        path: _,
        // The maintainers' work and sources, which generated code does not carry.
        name_draft: _,
        call_draft: _,
        answer_draft: _,
        method_source: _,
        overrides: _,
        decisions: _,
        notes: _,
    } = endpoint;
    let call = call
        .as_deref()
        .expect("validated: a typed endpoint has a call name");
    let doc = doc.as_ref().expect("validated: a typed endpoint has docs");
    let request_type = type_names::request(endpoint);
    let params = |list: &[jing_spec::Param], kind: ParamKind| -> Vec<Field> {
        let params = list
            .iter()
            .map(|param| field::param(&request_type, param, kind));
        params.collect()
    };
    let headers = headers.iter().map(|param| Header {
        field: field::param(&request_type, param, ParamKind::Header),
        filled: if param.auth {
            Filled::ByClient
        } else {
            Filled::ByCaller
        },
    });
    let body = body(endpoint, &request_type);
    let (response, response_type) = response(endpoint);
    let token = role.map(|role| token_role(role, body.fields(), response.fields()));
    let examples = examples.as_ref();
    Typed {
        method,
        path: path.to_owned(),
        response_type,
        method_name: names::field_name(call),
        command: names::command_name(call),
        doc: docs::endpoint(endpoint, doc, (method, path), page),
        alias: title.zh.split_whitespace().collect(),
        summary: docs::plain_summary(doc),
        auth: *auth,
        idempotent: *idempotent || role.is_some(),
        token,
        path_params: params(path_params, ParamKind::Path),
        query: params(query, ParamKind::Query),
        headers: headers.collect(),
        body,
        response,
        answer: match answer {
            Some(answer) if !answer.is_jing() => Answer::Other(answer.clone()),
            _ => Answer::Envelope,
        },
        request_example: examples.and_then(|examples| examples.request.clone()),
        response_example: examples.and_then(|examples| examples.response.clone()),
        flags: flags::flags(endpoint),
        request_type,
    }
}

/// The body of the request named `request_type`.
fn body(endpoint: &jing_spec::Endpoint, request_type: &str) -> Body {
    let Some(body) = &endpoint.body else {
        return Body::None;
    };
    match (body.shape, body.content_type) {
        (Shape::Array, _) => {
            let name = type_names::body_item(endpoint);
            let fields = field::fields(&name, &body.fields, Context::Member);
            Body::Array {
                item: ObjectType {
                    name,
                    doc: vec!["批量请求中的一条记录。 One record of the batch request.".to_owned()],
                    fields,
                    custom_fields: CustomFields::from_spec(body.custom_fields),
                },
            }
        }
        (Shape::Object, ContentType::Form) => Body::Form {
            fields: field::fields(request_type, &body.fields, Context::Member),
        },
        (Shape::Object, ContentType::Json) => Body::Json {
            fields: field::fields(request_type, &body.fields, Context::Member),
            custom_fields: CustomFields::from_spec(body.custom_fields),
        },
    }
}

/// The `data` of the answer, and its Rust type. A documented empty object (`fields: []`)
/// is an empty struct that reads any object, ignoring its members.
fn response(endpoint: &jing_spec::Endpoint) -> (Response, RustType) {
    let Some(response) = &endpoint.response else {
        return (Response::Undocumented, RustType::Json);
    };
    let ty = response.ty.clone();
    if *ty.innermost() != TypeRef::Object {
        let rust = RustType::of(&ty, None);
        return (Response::Plain { ty }, rust);
    }
    let name = type_names::response(endpoint);
    let doc = if response.is_empty_object() {
        vec![
            "成功时响应 `data` 的内容：文档写明为空对象，收到的成员一概忽略。 What the".to_owned(),
            "response's `data` holds on success: an object the docs give no members, whose"
                .to_owned(),
            "members, if any come, are ignored.".to_owned(),
        ]
    } else {
        vec!["成功时响应 `data` 的内容。 What the response's `data` holds on success.".to_owned()]
    };
    let rust = RustType::of(&ty, Some(&name));
    let object = ObjectType {
        fields: field::fields(&name, &response.fields, Context::Member),
        name,
        doc,
        custom_fields: CustomFields::from_spec(response.custom_fields),
    };
    (Response::Object { ty, object }, rust)
}

/// How the runtime fills a token call from its credentials (`body`) and reads the new
/// tokens (`response`), through the members the spec marks with `credential`.
fn token_role(role: Role, body: &[Field], response: &[Field]) -> TokenRole {
    let mut arguments = Vec::new();
    let mut setters = Vec::new();
    for member in body {
        let credential = member
            .credential
            .expect("validated: every body member of a token call carries a credential");
        if member.is_required() {
            arguments.push(credential);
        } else {
            setters.push((member.ident.clone(), credential));
        }
    }
    let issued = |credential: Credential| {
        let member = response
            .iter()
            .find(|member| member.credential == Some(credential))?;
        Some(Issued {
            member: member.ident.clone(),
            required: member.is_required(),
        })
    };
    TokenRole {
        role,
        arguments,
        setters,
        access_token: issued(Credential::AccessToken),
        refresh_token: issued(Credential::RefreshToken),
        expires_in: issued(Credential::ExpiresIn),
    }
}
