//! The security requirements of an operation read as facts: an `apiKey` scheme names its
//! own header (or query parameter), an `http` scheme (bearer, basic) is `Authorization`;
//! each scheme is kept ([`FactScheme`]) for the hold to decide whether it is the spec's
//! auth headers or a decision for a maintainer. Vendor extensions are no schemes.

use serde_yaml::Value;

use super::content::is_extension;
use super::schema::{Reader, label, scalar_text};
use crate::import::error::ImportError;
use crate::import::facts::{FactParam, FactScheme, Facts};
use jing_spec::TypeRef;

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
                header: false,
            });
            return;
        }
    };
    facts.security.push(FactScheme {
        name: name.to_owned(),
        kind,
        declared: true,
        param: Some(param.clone()),
        header: located == "header",
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
