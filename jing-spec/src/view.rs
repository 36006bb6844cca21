//! Typed views of a validated spec: the facts the validator promises, in types that carry
//! them, so the generator reads a non-optional field where the model keeps an `Option`.
//! The generator gets them from a [`crate::Valid`] (`valid.rs`), which builds each of them
//! over the whole spec once, when the validator found nothing, and then hands them out
//! without failing; the functions here are how it (and the validator) builds them.
//!
//! Each view is made by one function over the model: [`Api::default_environment`] (the
//! one default environment), [`Endpoint::route`] (a typed endpoint's method, path, call
//! name and docs together), [`EnumValue::integer`] (an integer enum's value as a number),
//! [`token_members`] (each body member of a token call with its credential) and
//! [`Webhooks::common_path`] (the bases from a payload to the common shape). On a spec
//! that passed the validator none of them fails; on one that did not, each returns an
//! [`Unchecked`] naming the node and the promise broken, never a panic. The validator's
//! located errors (`validate/`) stay what reports bad input to a maintainer; for the
//! default environment, integer enum values and the payloads' way to the common shape it
//! asks these same functions, so the promise and its check are one definition.

use crate::model::{
    Api, Credential, Doc, Endpoint, EnumValue, Environment, Field, HttpMethod, Webhooks,
};

/// A promise of the validator that a spec does not keep: the spec did not come from
/// [`crate::load`], or the validator has a gap.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{node}: {promise} (the validator should have refused this spec)")]
pub struct Unchecked {
    /// The node, as the spec names it (`endpoint get_token`, `webhook payload LeadEvent`).
    pub node: String,
    /// What the validator promises of it, lowercase.
    pub promise: &'static str,
}

impl Unchecked {
    fn new(node: impl Into<String>, promise: &'static str) -> Unchecked {
        Unchecked {
            node: node.into(),
            promise,
        }
    }
}

/// What is known of where an endpoint is sent.
#[derive(Debug, Clone, Copy)]
pub enum RouteView<'a> {
    /// Neither method nor path: catalogued by title.
    Unknown,
    /// The method, not the path: catalogued.
    MethodOnly(HttpMethod),
    /// Both, with what a typed call needs besides.
    Typed(TypedView<'a>),
}

/// A typed endpoint: method, path, call name and docs, none of them optional.
#[derive(Debug, Clone, Copy)]
pub struct TypedView<'a> {
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path below the base URL.
    pub path: &'a str,
    /// The method name of the call (snake_case).
    pub call: &'a str,
    /// What the call does, in our words.
    pub doc: &'a Doc,
}

impl Api {
    /// The environment a client uses when none is chosen (the validator keeps exactly one).
    pub fn default_environment(&self) -> Result<&Environment, Unchecked> {
        self.default_environment_index()
            .map(|index| &self.environments[index])
    }

    /// The position of [`Api::default_environment`] in `environments`.
    pub(crate) fn default_environment_index(&self) -> Result<usize, Unchecked> {
        let environments = self.environments.iter().enumerate();
        let mut defaults = environments.filter(|(_, env)| env.default);
        match (defaults.next(), defaults.next()) {
            (Some((index, _)), None) => Ok(index),
            _ => Err(Unchecked::new(
                "api.yaml environments",
                "exactly one environment is `default: true`",
            )),
        }
    }
}

impl Endpoint {
    /// Where it is sent and, when both method and path are known, its typed view (the
    /// validator requires a call name and docs of such an endpoint, and a method beside a
    /// path).
    pub fn route(&self) -> Result<RouteView<'_>, Unchecked> {
        let node = || format!("endpoint {}", self.name);
        match (self.method, &self.path) {
            (None, None) => Ok(RouteView::Unknown),
            (Some(method), None) => Ok(RouteView::MethodOnly(method)),
            (None, Some(_)) => Err(Unchecked::new(node(), "a path comes with a method")),
            (Some(method), Some(path)) => {
                let call = self
                    .call
                    .as_deref()
                    .ok_or_else(|| Unchecked::new(node(), "a typed endpoint has a call name"))?;
                let doc = (self.doc.as_ref())
                    .ok_or_else(|| Unchecked::new(node(), "a typed endpoint has docs"))?;
                Ok(RouteView::Typed(TypedView {
                    method,
                    path,
                    call,
                    doc,
                }))
            }
        }
    }
}

impl EnumValue {
    /// The value as a number, for an enum over integers (the validator refuses a value
    /// that is not an integer there).
    pub fn integer(&self) -> Result<i64, Unchecked> {
        self.value.parse().map_err(|_| {
            Unchecked::new(
                format!("enum value `{}`", self.value),
                "the values of an integer enum are integers",
            )
        })
    }
}

/// Each body member of the token call `endpoint` with the credential that fills it (the
/// validator requires one on every member).
pub fn token_members(endpoint: &Endpoint) -> Result<Vec<(&Field, Credential)>, Unchecked> {
    let fields = endpoint.body.iter().flat_map(|body| &body.fields);
    fields
        .map(|field| match field.credential {
            Some(credential) => Ok((field, credential)),
            None => Err(Unchecked::new(
                format!("endpoint {} body member {}", endpoint.name, field.name),
                "every body member of a token call carries a credential",
            )),
        })
        .collect()
}

impl Webhooks {
    /// The shapes to pass through from the payload `payload` down to the common shape, one
    /// base per level, nearest first (empty when it is the common shape). The validator
    /// requires every payload to be, or to extend, the common shape.
    pub fn common_path(&self, payload: &str) -> Result<Vec<&str>, Unchecked> {
        let mut path = Vec::new();
        let mut current = self.shape(payload);
        while let Some(shape) = current {
            if shape.name == self.common {
                return Ok(path);
            }
            let Some(base) = shape.extends.as_deref() else {
                break;
            };
            if path.len() > self.shapes.len() {
                break;
            }
            path.push(base);
            current = self.shape(base);
        }
        Err(Unchecked::new(
            format!("webhook payload {payload}"),
            "every payload is, or extends, the common shape",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: serde::de::DeserializeOwned>(yaml: &str) -> T {
        serde_yaml::from_str(yaml).unwrap_or_else(|error| panic!("{error}"))
    }

    const ENDPOINT: &str = r#"
name: renew_token
title: {zh: "刷新令牌", en: "Renew Token"}
status: partial
method: POST
path: /v1/token/renew
role: refresh_token
auth: none
body:
  shape: object
  fields:
    - {name: refresh_token, type: string, required: true, credential: refresh_token, doc: {zh: "令牌。", en: "Token."}}
"#;

    #[test]
    fn a_typed_endpoint_without_call_or_doc_is_unchecked_not_a_panic() {
        let mut endpoint: Endpoint = parse(ENDPOINT);
        let error = endpoint.route().map(|_| ()).expect_err("a broken promise");
        assert_eq!(error.node, "endpoint renew_token");
        assert_eq!(error.promise, "a typed endpoint has a call name");
        endpoint.call = Some("renew".to_owned());
        let error = endpoint.route().map(|_| ()).expect_err("a broken promise");
        assert_eq!(error.promise, "a typed endpoint has docs");
        assert!(
            error
                .to_string()
                .contains("the validator should have refused")
        );
        endpoint.doc = Some(Doc::default());
        let Ok(RouteView::Typed(view)) = endpoint.route() else {
            panic!("typed")
        };
        assert_eq!(
            (view.method, view.path, view.call),
            (HttpMethod::Post, "/v1/token/renew", "renew")
        );
        endpoint.path = None;
        assert!(matches!(
            endpoint.route(),
            Ok(RouteView::MethodOnly(HttpMethod::Post))
        ));
        endpoint.method = None;
        assert!(matches!(endpoint.route(), Ok(RouteView::Unknown)));
        endpoint.path = Some("/v1/x".to_owned());
        assert!(endpoint.route().is_err(), "a path without a method");
    }

    #[test]
    fn a_token_member_without_credential_is_unchecked() {
        let mut endpoint: Endpoint = parse(ENDPOINT);
        let members = token_members(&endpoint).expect("every member has one");
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].1, Credential::RefreshToken);
        let body = endpoint.body.as_mut().expect("a body");
        body.fields[0].credential = None;
        let error = token_members(&endpoint).expect_err("a broken promise");
        assert_eq!(error.node, "endpoint renew_token body member refresh_token");
    }

    #[test]
    fn integer_values_parse_or_are_unchecked() {
        let value: EnumValue = parse("{value: 2}");
        assert_eq!(value.integer(), Ok(2));
        let value: EnumValue = parse("{value: high}");
        assert_eq!(
            value.integer().expect_err("a broken promise").node,
            "enum value `high`"
        );
    }

    #[test]
    fn the_default_environment_is_the_one_marked() {
        let environments = |defaults: [bool; 2]| {
            let one = |name: &str, default: bool| Environment {
                name: name.to_owned(),
                title: Doc::default(),
                base_url: format!("https://{name}.invalid"),
                default,
            };
            vec![one("live", defaults[0]), one("test", defaults[1])]
        };
        let mut api: Api = parse(
            r#"
title: {zh: "接口", en: "API"}
doc: {zh: "虚构。", en: "Made up."}
docs_home: https://fixture.invalid/docs
environments: []
auth: {headers: []}
envelope: {fields: []}
error_codes: []
"#,
        );
        assert!(api.default_environment().is_err(), "none");
        api.environments = environments([false, true]);
        let found = api.default_environment().map(|env| env.name.as_str());
        assert_eq!(found, Ok("test"));
        api.environments = environments([true, true]);
        assert!(api.default_environment().is_err(), "two");
    }

    #[test]
    fn a_payload_reaches_the_common_shape_or_is_unchecked() {
        let webhooks: Webhooks = parse(
            r#"
title: {zh: "事件", en: "Events"}
doc: {zh: "虚构。", en: "Made up."}
common: Common
shapes:
  - {name: Common, doc: {zh: "共有。", en: "Shared."}, fields: []}
  - {name: Lead, extends: Common, doc: {zh: "线索。", en: "Lead."}, fields: []}
  - {name: BigLead, extends: Lead, doc: {zh: "大。", en: "Big."}, fields: []}
  - {name: Lonely, doc: {zh: "孤。", en: "Alone."}, fields: []}
  - {name: Loop, extends: Loop, doc: {zh: "环。", en: "Loop."}, fields: []}
groups: []
"#,
        );
        assert_eq!(webhooks.common_path("Common"), Ok(vec![]));
        assert_eq!(webhooks.common_path("BigLead"), Ok(vec!["Lead", "Common"]));
        for bad in ["Lonely", "Loop", "Missing"] {
            let error = webhooks.common_path(bad).expect_err("a broken promise");
            assert_eq!(error.node, format!("webhook payload {bad}"));
        }
    }
}
