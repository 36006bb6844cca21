//! One endpoint of the docs in the intermediate form: an [`Endpoint`] as the catalogue
//! knows it, and, when its method and path are known, the [`Typed`] call with every name,
//! parameter, body, response, answer and token role worked out (the bodies in `body.rs`,
//! the token role in `token.rs`); and their lowering.
//!
//! A typed endpoint is read through the valid spec's view of it ([`EndpointView`]: a
//! [`TypedView`] in which the call name and the docs the validator requires are not
//! optional, and a token call's members paired with their credentials).

use jing_spec::names::{self, types as type_names};
use jing_spec::valid::{EndpointView, TokenMembers};
use jing_spec::view::{RouteView, TypedView};
use jing_spec::{AuthMode, Doc, HttpMethod, RateLimit, Status};

use super::body::{self, Answer, Body, Response};
use super::field::{self, Field, RustType};
use super::flags::{self, Flag};
use super::params::{self, Filled, Header, Placed};
use super::token::{self, TokenRole};
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
    /// The static of its schema in the catalogue (`CREATE_CUSTOMER`).
    pub(crate) schema_const: String,
    /// What the call answers with: the type of `data`.
    pub(crate) response_type: RustType,
    /// The method on the group accessor (`create`).
    pub(crate) method_name: String,
    /// The command of `jing <group> <command>`.
    pub(crate) command: String,
    /// The `jing` program's function that builds the request from the command's arguments
    /// (`create_customer`).
    pub(crate) dispatch: String,
    /// The `jing` program's static that holds the command's flag rows
    /// (`CREATE_CUSTOMER_FLAGS`).
    pub(crate) flags_static: String,
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
    /// The docs' request example, verbatim JSON text (`Typed::sample` reads its values).
    pub(crate) request_example: Option<String>,
    /// The docs' whole response example, verbatim JSON text.
    pub(crate) response_example: Option<String>,
    /// The flags of its `jing` command, named without collisions.
    pub(crate) flags: Vec<Flag>,
}

impl Typed {
    /// Every parameter in the schema's order (path, query, headers, body members), each
    /// with its position, place and who fills it.
    pub(crate) fn params(&self) -> impl Iterator<Item = Placed<'_>> {
        params::placed(&self.path_params, &self.query, &self.headers, &self.body)
    }

    /// The headers the caller sets (members of the request struct), in the spec's order.
    pub(crate) fn caller_headers(&self) -> impl Iterator<Item = &Field> {
        self.headers
            .iter()
            .filter(|header| header.filled == Filled::ByCaller)
            .map(|header| &header.field)
    }
}

/// The endpoint `view` shows in the intermediate form; `docs_home` is linked where it has
/// no page, and `auth_headers` (api.yaml's) say which of its auth headers carry a secret.
pub(crate) fn endpoint(
    view: EndpointView<'_>,
    docs_home: &str,
    auth_headers: &[jing_spec::Param],
) -> Endpoint {
    let EndpointView {
        endpoint,
        route,
        token_members,
    } = view;
    let page = endpoint.link().unwrap_or(docs_home).to_owned();
    let route = match route {
        RouteView::Typed(view) => Route::Typed(Box::new(typed(
            endpoint,
            (view, token_members),
            (&page, auth_headers),
        ))),
        RouteView::MethodOnly(method) => Route::MethodOnly(method),
        RouteView::Unknown => Route::Unknown,
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
        route,
    }
}

/// The typed call of an endpoint whose method and path are known (`view`), with a token
/// call's members and their credentials (`token_members`).
fn typed(
    endpoint: &jing_spec::Endpoint,
    (view, token_members): (TypedView<'_>, TokenMembers<'_>),
    (page, auth_headers): (&str, &[jing_spec::Param]),
) -> Typed {
    // Every key of the spec's endpoint, so that a new one forces a decision here.
    let jing_spec::Endpoint {
        title,
        role,
        auth,
        idempotent,
        path_params,
        headers,
        query,
        answer,
        examples,
        // Read through the typed view: method, path, call name and docs.
        call: _,
        doc: _,
        method: _,
        path: _,
        // Lowered below from the whole endpoint: its names, body and response.
        name: _,
        body: _,
        response: _,
        // The catalogue's part, lowered by `endpoint`.
        status: _,
        doc_url: _,
        doc_pages: _,
        rate_limit: _,
        // The maintainers' work and sources, which generated code does not carry.
        name_draft: _,
        call_draft: _,
        answer_draft: _,
        auth_draft: _,
        method_source: _,
        overrides: _,
        decisions: _,
        notes: _,
    } = endpoint;
    let (method, path, call, doc) = (view.method, view.path, view.call, view.doc);
    let request_type = type_names::request(endpoint);
    let params = |list: &[jing_spec::Param], kind: ParamKind| -> Vec<Field> {
        let lower = |param: &jing_spec::Param| field::param(&request_type, param, kind);
        list.iter().map(lower).collect()
    };
    let body = body::body(endpoint, &request_type);
    let (response, response_type) = body::response(endpoint);
    let token = token::token_role(endpoint, token_members, response.fields());
    let examples = examples.as_ref();
    Typed {
        method,
        path: path.to_owned(),
        response_type,
        method_name: names::field_name(call),
        schema_const: names::const_name(&endpoint.name),
        command: names::command_name(call),
        dispatch: names::field_name(&endpoint.name),
        flags_static: names::const_name(&format!("{}_flags", endpoint.name)),
        doc: docs::endpoint(endpoint, doc, (method, path), page),
        alias: title.zh.split_whitespace().collect(),
        summary: docs::plain_summary(doc),
        auth: auth.unwrap_or_default(),
        idempotent: *idempotent || role.is_some(),
        token,
        path_params: params(path_params, ParamKind::Path),
        query: params(query, ParamKind::Query),
        headers: self::headers(&request_type, headers, auth_headers),
        body,
        response,
        answer: Answer::of(answer.as_ref()),
        request_example: examples.and_then(|examples| examples.request.clone()),
        response_example: examples.and_then(|examples| examples.response.clone()),
        // Named below, from the members just lowered.
        flags: Vec::new(),
        request_type,
    }
    .with_flags()
}

impl Typed {
    /// The typed call with the flags of its `jing` command, each beside the member it sets
    /// and pointing at its parameter among the schema's.
    fn with_flags(mut self) -> Typed {
        let flags = flags::flags(self.params(), &self.body);
        self.flags = flags;
        self
    }
}

/// The header parameters of the request named `request_type`, and who fills each. An auth
/// header is a secret where api.yaml's header of its name says so (the access token), so
/// its schema row is marked as the runtime's list of secret names counts it.
fn headers(
    request_type: &str,
    headers: &[jing_spec::Param],
    auth_headers: &[jing_spec::Param],
) -> Vec<Header> {
    let header = |param: &jing_spec::Param| {
        let mut field = field::param(request_type, param, ParamKind::Header);
        if param.auth {
            field.secret |= auth_headers
                .iter()
                .any(|auth| auth.name == param.name && auth.secret);
        }
        Header {
            field,
            filled: if param.auth {
                Filled::ByClient
            } else {
                Filled::ByCaller
            },
        }
    };
    headers.iter().map(header).collect()
}

#[cfg(test)]
mod tests {
    use jing_spec::Required;

    use super::*;

    #[test]
    fn a_typed_endpoint_has_its_names_and_parameters_worked_out() {
        let api = crate::testing::leads();
        let (_, endpoint) = crate::testing::endpoint(&api, "add_lead_note");
        let typed = endpoint.typed().expect("method and path are known");
        assert_eq!(typed.request_type, "AddLeadNote");
        assert_eq!(typed.method_name, "add_note");
        assert_eq!(typed.command, "add-note");
        assert_eq!(typed.dispatch, "add_lead_note");
        assert_eq!(typed.flags_static, "ADD_LEAD_NOTE_FLAGS");
        assert_eq!(typed.alias, "添加备注");
        assert_eq!(endpoint.method(), Some(HttpMethod::Post));
        assert_eq!(endpoint.path(), Some("/v1/lead/{leadId}/note"));
        assert_eq!(endpoint.page, "https://fixture.invalid/note");
        assert_eq!(endpoint.rate_limit.per_second, None);
        assert_eq!(typed.path_params[0].ident, "lead_id");
        assert_eq!(typed.path_params[0].rust, RustType::I64);
        assert_eq!(typed.query[0].required, Required::Unknown);
        let filled: Vec<(&str, Filled)> = typed
            .headers
            .iter()
            .map(|header| (header.field.wire.as_str(), header.filled))
            .collect();
        assert_eq!(
            filled,
            [
                ("access_token", Filled::ByClient),
                ("X-Trace-Id", Filled::ByCaller)
            ]
        );
        let callers: Vec<&str> = typed.caller_headers().map(|f| f.ident.as_str()).collect();
        assert_eq!(callers, ["x_trace_id"]);
        // The auth header is a secret as api.yaml's header of its name is; the other not.
        let secret: Vec<bool> = typed.headers.iter().map(|h| h.field.secret).collect();
        assert_eq!(secret, [true, false]);
        assert!(!typed.idempotent && typed.token.is_none());
        assert!(matches!(typed.answer, Answer::Envelope));
        // The docs end with the route, the limit and the page.
        let last = typed.doc.last().expect("doc lines");
        assert!(
            last.starts_with("`POST /v1/lead/{leadId}/note` · "),
            "{last}"
        );
    }

    #[test]
    fn a_catalogued_endpoint_has_no_typed_call() {
        let api = crate::testing::leads();
        let (_, method_only) = crate::testing::endpoint(&api, "list_leads");
        let (_, unknown) = crate::testing::endpoint(&api, "export_leads");
        assert_eq!(method_only.method(), Some(HttpMethod::Get));
        assert!(method_only.path().is_none() && method_only.typed().is_none());
        assert!(unknown.method().is_none() && unknown.typed().is_none());
        // Without a page of its own, its docs link the docs' home.
        assert_eq!(unknown.doc_url, None);
        assert_eq!(unknown.page, "https://fixture.invalid/docs");
    }
}
