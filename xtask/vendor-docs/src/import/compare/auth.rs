//! How a call authenticates, against a page whose credentials are its own (issue #28, L6):
//! a bearer, basic or API-key scheme, or a header or query parameter named like a
//! credential, none of them the spec's auth headers, is no call to send Jing's `app_id` /
//! `access_token` with. The importer proposes `auth: none` ([`auth_reading`], written
//! `auth_draft: none`, the sheet's `auth` row; the security decision says so,
//! [`settlement`]), the page's credential a secret parameter the caller passes. A
//! maintainer's `auth` (written in the YAML or by the sheet) is kept, whatever the page
//! says ([`merge_auth`]; the compare stage keeps it as an override).

use std::collections::BTreeSet;

use serde_yaml::Mapping;

use crate::import::facts::{FactAuth, FactScheme, Facts};
use jing_spec::AuthMode;

/// The honest settlement of a credential of the page's own, in the words of the decision.
pub(crate) fn settlement(scheme: &FactScheme) -> String {
    match &scheme.param {
        Some(param) => format!(
            "the caller passes `{param}` (written a secret parameter); `auth: none` keeps Jing's auth headers from being sent (proposed as `auth_draft: none`, the sheet's `auth` row; `auth: headers` sends them)"
        ),
        None => "the spec holds header and query credentials only; decide whether the caller or the client fills it".to_owned(),
    }
}

/// What the page says of how its call authenticates: `none` (proposed, for a maintainer to
/// confirm) when it names a credential as a header or query parameter and none of its
/// credentials is one of the spec's `auth_headers`; else nothing.
pub(crate) fn auth_reading(facts: &Facts, auth_headers: &BTreeSet<String>) -> Option<FactAuth> {
    let params: Vec<(&String, bool)> = facts
        .security
        .iter()
        .filter_map(|scheme| scheme.param.as_ref().map(|param| (param, scheme.header)))
        .collect();
    let own = !params.is_empty()
        && params
            .iter()
            .all(|(param, header)| !(*header && auth_headers.contains(*param)));
    own.then_some(FactAuth {
        mode: AuthMode::None,
        confirmed: false,
    })
}

/// The entry's `auth` and `auth_draft` as `facts` hold them: a maintainer's `auth` stays as
/// written (`auth: none` added only where the spec's word is `none` and the entry lacks
/// it); the importer's proposal is `auth_draft`, gone once an `auth` is written or the
/// page no longer names a credential of its own.
pub(crate) fn merge_auth(entry: &mut Mapping, facts: &Facts) {
    match facts.auth {
        Some(auth) if auth.confirmed => {
            entry.remove("auth_draft");
            if auth.mode == AuthMode::None && !entry.contains_key("auth") {
                entry.insert("auth".into(), auth.mode.as_str().into());
            }
        }
        Some(auth) if !entry.contains_key("auth") => {
            entry.insert("auth_draft".into(), auth.mode.as_str().into());
        }
        _ => {
            entry.remove("auth_draft");
        }
    }
}
