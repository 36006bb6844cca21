//! The whole API in the intermediate form: the [`Api`] (base URL, secret names, the token
//! calls), its [`Group`]s with every name a group needs (module, feature,
//! accessor, command), and [`lower`], which builds it from a validated spec.

use jing_spec::names::{self, types as type_names};
use jing_spec::valid::GroupView;
use jing_spec::{Doc, Valid};

use super::endpoint::{self, Endpoint, Typed};
use super::webhook::{self, Webhooks};
use crate::docs;

/// A validated spec with every name, type and doc line worked out once.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    /// The base URL of the default environment.
    pub(crate) base_url: String,
    /// The doc line of `DEFAULT_BASE_URL`.
    pub(crate) base_url_doc: String,
    /// The groups, in the docs' order.
    pub(crate) groups: Vec<Group>,
    /// The webhook events, when the spec has them.
    pub(crate) webhooks: Option<Webhooks>,
    /// The typed token calls, in spec order (each one's role is its schema's).
    pub(crate) token_calls: Vec<TokenCall>,
}

impl Api {
    /// Every endpoint of every group, in spec order, with its group.
    pub(crate) fn endpoints(&self) -> impl Iterator<Item = (&Group, &Endpoint)> {
        self.groups.iter().flat_map(|group| {
            group
                .endpoints
                .iter()
                .map(move |endpoint| (group, endpoint))
        })
    }

    /// Every typed endpoint, in spec order, with its group.
    pub(crate) fn typed(&self) -> impl Iterator<Item = (&Group, &Endpoint, &Typed)> {
        self.endpoints()
            .filter_map(|(group, endpoint)| endpoint.typed().map(|typed| (group, endpoint, typed)))
    }
}

/// An API group: one module of generated code, one feature, one accessor, one command.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The group key (`customer`), as the catalogue names it.
    pub(crate) key: String,
    /// The Cargo feature that compiles it (its key).
    pub(crate) feature: String,
    /// Its module, and the stem of its generated file.
    pub(crate) module: String,
    /// The method of `Client` that returns its accessor (`client.customer()`).
    pub(crate) accessor: String,
    /// The accessor's type (`CustomerApi`).
    pub(crate) api_type: String,
    /// The accessor's doc line.
    pub(crate) accessor_doc: String,
    /// Its command of the `jing` program.
    pub(crate) command: String,
    /// The name of the spec file it was read from.
    pub(crate) file_name: String,
    /// The docs' title.
    pub(crate) title: Doc,
    /// What the group is for, in our words.
    pub(crate) doc: Doc,
    /// Every endpoint the docs list in it, in the docs' order.
    pub(crate) endpoints: Vec<Endpoint>,
}

impl Group {
    /// Whether it has a typed call (and so an accessor).
    pub(crate) fn has_typed(&self) -> bool {
        self.endpoints
            .iter()
            .any(|endpoint| endpoint.typed().is_some())
    }
}

/// Where the runtime finds a token call: its module, feature and request type.
#[derive(Debug, Clone)]
pub(crate) struct TokenCall {
    /// The group's module.
    pub(crate) module: String,
    /// The group's feature.
    pub(crate) feature: String,
    /// The request type.
    pub(crate) request_type: String,
}

/// `spec` in the intermediate form. It passed the validator, so each promise the lowering
/// reads is a view that cannot fail.
pub(crate) fn lower(spec: &Valid) -> Api {
    let docs_home = &spec.api.docs_home;
    let environment = spec.default_environment();
    let groups: Vec<Group> = spec
        .groups()
        .map(|group| self::group(group, docs_home, &spec.api.auth.headers))
        .collect();
    let token_calls = groups
        .iter()
        .flat_map(|group| {
            let typed = group.endpoints.iter().filter_map(Endpoint::typed);
            typed
                .filter(|typed| typed.token.is_some())
                .map(|typed| TokenCall {
                    module: group.module.clone(),
                    feature: group.feature.clone(),
                    request_type: typed.request_type.clone(),
                })
        })
        .collect();
    Api {
        base_url: environment.base_url.clone(),
        base_url_doc: docs::base_url_line(&environment.title),
        token_calls,
        webhooks: webhook::webhooks(spec),
        groups,
    }
}

/// One group and its endpoints.
fn group(view: GroupView<'_>, docs_home: &str, auth_headers: &[jing_spec::Param]) -> Group {
    let group = view.group;
    let module = names::field_name(&group.key);
    let file_name = std::path::Path::new(&group.file).file_name().map_or_else(
        || group.file.clone(),
        |name| name.to_string_lossy().into_owned(),
    );
    Group {
        key: group.key.clone(),
        feature: group.key.clone(),
        accessor: module.clone(),
        module,
        api_type: type_names::group_api(group),
        accessor_doc: docs::group_accessor_line(&group.title),
        command: names::command_name(&group.key),
        file_name,
        title: group.title.clone(),
        doc: group.doc.clone(),
        endpoints: view
            .endpoints()
            .map(|endpoint| endpoint::endpoint(endpoint, docs_home, auth_headers))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_token_calls_are_named_once() {
        let api = lower(&crate::testing::spec(crate::testing::TOKEN_CALL));
        assert_eq!(api.base_url, "https://fixture.invalid");
        assert!(api.base_url_doc.contains("environment"));
        let group = &api.groups[0];
        let names = [
            &group.key,
            &group.feature,
            &group.module,
            &group.accessor,
            &group.api_type,
            &group.command,
            &group.file_name,
        ];
        assert_eq!(
            names,
            [
                "lead",
                "lead",
                "lead",
                "lead",
                "LeadApi",
                "lead",
                "01-lead.yaml"
            ]
        );
        assert!(group.has_typed());
        let [call] = &api.token_calls[..] else {
            panic!("one token call: {:?}", api.token_calls)
        };
        assert_eq!(
            (
                call.module.as_str(),
                call.feature.as_str(),
                call.request_type.as_str()
            ),
            ("lead", "lead", "GetToken")
        );
    }
}
