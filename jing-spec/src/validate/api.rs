//! Rules of `api.yaml`: environments, auth headers, the envelope, error codes.

use std::collections::{BTreeMap, BTreeSet};

use super::checker::Checker;
use super::endpoint::params;
use super::fields::fields;
use crate::model::Api;
use crate::names;

/// Checks `api.yaml`.
pub(super) fn api(api: &Api, check: &mut Checker<'_>) {
    check.doc("title", &api.title);
    check.doc("doc", &api.doc);
    // The view the generator reads the base URL through: one definition of the promise.
    if api.default_environment().is_err() {
        check.report(
            "environments",
            "exactly one environment must be `default: true`",
        );
    }
    let mut seen = BTreeMap::new();
    for (index, environment) in api.environments.iter().enumerate() {
        let key = format!("environments[{index}]");
        check.snake(&format!("{key}.name"), &environment.name);
        check.unique(
            &mut seen,
            environment.name.clone(),
            &format!("{key}.name"),
            "environment",
        );
        check.doc(&format!("{key}.title"), &environment.title);
        let url = &environment.base_url;
        if !url.starts_with("https://") || url.ends_with('/') {
            check.report(
                &format!("{key}.base_url"),
                format!("`{url}` must start with https:// and have no trailing slash"),
            );
        }
    }
    params(&api.auth.headers, "auth.headers", check);
    super::endpoint::client_headers(&api.auth.headers, "auth.headers", check);
    let envelope: BTreeSet<&str> = api
        .envelope
        .fields
        .iter()
        .map(|field| field.name.as_str())
        .collect();
    for member in ["request_id", "code", "msg", "data"] {
        if !envelope.contains(member) {
            check.report(
                "envelope.fields",
                format!("the envelope lacks `{member}`, which the runtime decodes"),
            );
        }
    }
    fields(
        &api.envelope.fields,
        "envelope.fields",
        "Envelope",
        &mut BTreeMap::new(),
        check,
    );
    let (mut codes, mut code_names) = (BTreeMap::new(), BTreeMap::new());
    for (index, code) in api.error_codes.iter().enumerate() {
        let key = format!("error_codes[{index}]");
        check.unique(
            &mut codes,
            code.code.to_string(),
            &format!("{key}.code"),
            "error code",
        );
        check.snake(&format!("{key}.name"), &code.name);
        check.unique(
            &mut code_names,
            names::variant_name(&code.name),
            &format!("{key}.name"),
            "error name",
        );
        check.doc(&format!("{key}.doc"), &code.doc);
    }
}
