//! Semantic checks of a parsed spec: the rules serde cannot express.
//!
//! Every rule reports through [`Checker`] (`checker.rs`, with the helpers the rule families
//! share), which locates the key and keeps going, so one run lists every problem. Names are compared with the functions of `names.rs`, the same
//! ones codegen uses, and against the names it reserves. By subject: `api.rs` (the global
//! file), `endpoint.rs` (a group and its endpoints), `credentials.rs` (the credential
//! markers of token calls), `answer.rs` (answers outside the Jing envelope, decisions,
//! overrides), `fields.rs` (bodies, responses and their members), `webhooks.rs` (shapes
//! and events); the rules across files are here.

mod answer;
mod api;
mod checker;
mod credentials;
mod endpoint;
mod fields;
mod webhooks;

use std::collections::BTreeMap;

use crate::decision::Open;
use crate::error::SpecError;
use crate::locate::Parsed;
use crate::model::{Api, Group, Webhooks};
use checker::Checker;

/// Runs every rule on the parsed files; problems join `errors`, and the open decisions
/// among them (see `open.rs`) also join `open`.
pub(crate) fn spec_and_open(
    api: Option<&Parsed<'_, Api>>,
    groups: &[Parsed<'_, Group>],
    webhooks: Option<&Parsed<'_, Webhooks>>,
    errors: &mut Vec<SpecError>,
    open: &mut Vec<Open>,
) {
    if let Some(parsed) = api {
        api::api(
            &parsed.value,
            &mut Checker::new(&parsed.locations, errors, open),
        );
    }
    let auth_headers = api
        .map(|api| api.value.auth.header_names())
        .unwrap_or_default();
    let mut across = AcrossFiles::default();
    for parsed in groups {
        let mut check = Checker::new(&parsed.locations, errors, open);
        endpoint::group(&parsed.value, &auth_headers, &mut check);
        across.group(&parsed.value, &mut check);
    }
    if let Some(parsed) = webhooks {
        webhooks::webhooks(
            &parsed.value,
            &mut Checker::new(&parsed.locations, errors, open),
        );
    }
}

/// Rules across files: group keys, endpoint names and roles are unique in the spec.
#[derive(Default)]
struct AcrossFiles {
    keys: BTreeMap<String, String>,
    endpoint_names: BTreeMap<String, String>,
    roles: BTreeMap<&'static str, String>,
}

impl AcrossFiles {
    fn group(&mut self, group: &Group, check: &mut Checker<'_>) {
        let here = |key: &str| format!("{}: {key}", group.file);
        if let Some(first) = self.keys.insert(group.key.clone(), here("(file name)")) {
            check.report(
                "(file name)",
                format!("group key `{}` is already used by {first}", group.key),
            );
        }
        for (index, endpoint) in group.endpoints.iter().enumerate() {
            let key = format!("endpoints[{index}]");
            if let Some(first) = self
                .endpoint_names
                .insert(endpoint.name.clone(), here(&key))
            {
                check.report(
                    &format!("{key}.name"),
                    format!("endpoint `{}` is already defined at {first}", endpoint.name),
                );
            }
            let Some(role) = endpoint.role else {
                continue;
            };
            if let Some(first) = self.roles.insert(role.as_str(), here(&key)) {
                check.report(
                    &format!("{key}.role"),
                    format!("role `{}` is already taken by {first}", role.as_str()),
                );
            }
        }
    }
}
