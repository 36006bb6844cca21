//! The security requirements of an operation read as facts: an `apiKey` scheme names its
//! own header (or query parameter), an `http` scheme (bearer, basic) is `Authorization`;
//! each scheme is kept ([`FactScheme`]) for the hold to decide whether it is the spec's
//! auth headers or a decision for a maintainer. Vendor extensions are no schemes.
//!
//! A page whose credentials are its own (none of them the spec's auth headers) is no call
//! to send Jing's `app_id` / `access_token` with: the importer proposes `auth: none`
//! ([`auth_reading`], written `auth_draft: none`, the sheet's `auth` row), the page's
//! credential a secret parameter the caller passes. A maintainer's `auth` (written in the
//! YAML or by the sheet) is kept, whatever the page says ([`merge_auth`]).

use std::collections::BTreeSet;

use serde_yaml::{Mapping, Value};

use super::content::is_extension;
use super::error::ImportError;
use super::facts::{FactAuth, FactParam, FactScheme, Facts};
use super::schema::{Reader, label, scalar_text};
use jing_spec::{AuthMode, TypeRef};

/// The honest settlement of a credential of the page's own, in the words of the decision.
pub(super) fn settlement(scheme: &FactScheme) -> String {
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
pub(super) fn auth_reading(facts: &Facts, auth_headers: &BTreeSet<String>) -> Option<FactAuth> {
    let params: Vec<&String> = facts
        .security
        .iter()
        .filter_map(|scheme| scheme.param.as_ref())
        .collect();
    let own = !params.is_empty() && params.iter().all(|param| !auth_headers.contains(*param));
    own.then_some(FactAuth {
        mode: AuthMode::None,
        confirmed: false,
    })
}

/// The entry's `auth` and `auth_draft` as `facts` hold them: a maintainer's `auth` stays as
/// written (`auth: none` added only where the spec's word is `none` and the entry lacks
/// it); the importer's proposal is `auth_draft`, gone once an `auth` is written or the
/// page no longer names a credential of its own.
pub(super) fn merge_auth(entry: &mut Mapping, facts: &Facts) {
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

impl Reader<'_> {
    /// Headers (or query parameters) an operation's security requirements ask for: an
    /// `apiKey` scheme names its own, an `http` scheme (bearer, basic) is `Authorization`.
    /// `security` on the operation replaces the document's.
    pub(super) fn security(
        &self,
        place: &str,
        operation: &Value,
        facts: &mut Facts,
    ) -> Result<(), ImportError> {
        let requirements = operation
            .get("security")
            .or_else(|| self.document.get("security"))
            .and_then(Value::as_sequence);
        let schemes = self
            .document
            .get("components")
            .and_then(|components| components.get("securitySchemes"));
        for requirement in requirements
            .into_iter()
            .flatten()
            .filter_map(Value::as_mapping)
        {
            for (name, _) in requirement {
                let name = scalar_text(name).unwrap_or_default();
                // A vendor extension (apifox's `x-apifox: {schemeGroups: …}`) is no scheme.
                if is_extension(&name) {
                    continue;
                }
                let scheme = schemes
                    .and_then(|schemes| schemes.get(name.as_str()))
                    .ok_or_else(|| {
                        self.error(
                            &format!("{place}.security"),
                            format!(
                                "security scheme `{name}` is not in components.securitySchemes"
                            ),
                        )
                    })?;
                let (scheme, _) =
                    self.resolve(&format!("{place}.security"), scheme, &mut Vec::new())?;
                scheme_facts(&name, scheme, facts);
            }
        }
        Ok(())
    }
}

/// What one security scheme (`name`, its definition `scheme`) adds to the facts: the
/// scheme itself, and the header or query parameter it names (secret, required), unless
/// the operation lists it already.
fn scheme_facts(name: &str, scheme: &Value, facts: &mut Facts) {
    let text = |key: &str| scheme.get(key).and_then(scalar_text).unwrap_or_default();
    let (param, located, kind) = match text("type").as_str() {
        "apiKey" => {
            let (param, located) = (text("name"), text("in"));
            let kind = format!("apiKey: the {located} `{param}`");
            (param, located, kind)
        }
        "http" => {
            let kind = format!("http {}: an `Authorization` header", text("scheme"));
            ("Authorization".to_owned(), "header".to_owned(), kind)
        }
        other => {
            facts.security.push(FactScheme {
                name: name.to_owned(),
                kind: format!("{other}: not read (the spec holds header and query credentials)"),
                declared: true,
                param: None,
            });
            return;
        }
    };
    facts.security.push(FactScheme {
        name: name.to_owned(),
        kind,
        declared: true,
        param: Some(param.clone()),
    });
    let list = match located.as_str() {
        "header" => &mut facts.headers,
        "query" => &mut facts.query,
        _ => return,
    };
    if param.is_empty() || list.iter().any(|known| known.name == param) {
        return;
    }
    list.push(FactParam {
        name: param,
        ty: TypeRef::String,
        required: Some(true),
        label: label(scheme),
        values: Vec::new(),
        labels: Vec::new(),
        value: Default::default(),
        secret: true,
    });
}
