//! What a change of the spec does to the generated public API, item by item, with its
//! Rust consequence and its class.
//!
//! Groups are matched by key (`groups.rs`: modules, Cargo features, client accessors,
//! and the docs' examples), endpoints by group and name (a name gone whose route another
//! endpoint now has is a rename), members by wire name, webhook events by their `Event`
//! variant and payload shapes by name. Only what is generated counts: a catalogued endpoint is an
//! entry of the catalogue, not a type.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jing_spec::names::{self, types};
use jing_spec::{Endpoint, Spec};

use super::members::{Member, doc_changed, ident, request_members, response_members};

/// How a change reaches users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Code written against the old API may not compile.
    Breaking,
    /// New items; code written against the old API compiles the same (the generated types
    /// are `non_exhaustive`, the enums open).
    Additive,
    /// Compiles the same, acts differently: method, path, auth, limits, idempotency.
    Behaviour,
    /// Wording only.
    Docs,
}

impl Class {
    /// The word of the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Behaviour => "behaviour",
            Class::Docs => "docs",
        }
    }
}

/// One changed spec item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    /// How it reaches users.
    pub class: Class,
    /// The spec item: `customer.create_customer.body.mobile`, `webhooks.Event::LeadObjectCreate`.
    pub item: String,
    /// What changed, and what it means in Rust.
    pub what: String,
}

impl fmt::Display for ApiChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<9} {}: {}", self.class.as_str(), self.item, self.what)
    }
}

/// Every change from `old` to `new`, in spec order.
pub fn compare(old: &Spec, new: &Spec) -> Vec<ApiChange> {
    let mut out = Changes::default();
    out.groups(old, new);
    out.endpoints(old, new);
    match (&old.webhooks, &new.webhooks) {
        (Some(old), Some(new)) => {
            out.webhooks(old, new);
            out.event_examples(old, new);
        }
        (Some(_), None) => out.push(
            Class::Breaking,
            "webhooks",
            "webhooks.yaml removed: the `webhook` module's events are gone",
        ),
        (None, Some(_)) => out.push(
            Class::Additive,
            "webhooks",
            "webhooks.yaml added: a `webhook` module",
        ),
        (None, None) => {}
    }
    out.0
}

/// The last line of a report: `changes: B breaking, A additive, H behaviour, D docs`.
pub fn summary(changes: &[ApiChange]) -> String {
    let count = |class| {
        changes
            .iter()
            .filter(|change| change.class == class)
            .count()
    };
    format!(
        "changes: {} breaking, {} additive, {} behaviour, {} docs",
        count(Class::Breaking),
        count(Class::Additive),
        count(Class::Behaviour),
        count(Class::Docs)
    )
}

#[derive(Default)]
pub(super) struct Changes(pub(super) Vec<ApiChange>);

/// The endpoint `name` of the group `key` in `spec`.
fn endpoint_in<'s>(spec: &'s Spec, key: &str, name: &str) -> Option<&'s Endpoint> {
    spec.endpoints()
        .find(|(group, endpoint)| group.key == key && endpoint.name == name)
        .map(|(_, endpoint)| endpoint)
}

impl Changes {
    pub(super) fn push(&mut self, class: Class, item: impl Into<String>, what: impl Into<String>) {
        self.0.push(ApiChange {
            class,
            item: item.into(),
            what: what.into(),
        });
    }

    /// Every endpoint of `old`: changed, renamed, removed or no longer typed; then every
    /// endpoint new in `new`.
    fn endpoints(&mut self, old: &Spec, new: &Spec) {
        let mut seen_in_new: BTreeSet<(String, String)> = BTreeSet::new();
        for (group, before) in old.endpoints() {
            let item = format!("{}.{}", group.key, before.name);
            let after = endpoint_in(new, &group.key, &before.name);
            if let Some(after) = after {
                seen_in_new.insert((group.key.clone(), after.name.clone()));
            }
            match (before.is_typed(), after) {
                (true, Some(after)) if after.is_typed() => self.endpoint(&item, before, after),
                (true, _) => {
                    if let Some(renamed) = self.renamed_or_gone(old, new, &group.key, &item, before)
                    {
                        seen_in_new.insert((group.key.clone(), renamed));
                    }
                }
                (false, Some(after)) if after.is_typed() => {}
                (false, Some(after)) => {
                    if before.status != after.status || doc_changed(&before.title, &after.title) {
                        self.push(Class::Docs, &item, "status or title in the catalogue");
                    }
                }
                (false, None) => self.push(
                    Class::Behaviour,
                    &item,
                    "catalogued endpoint removed from `catalogue::ENDPOINTS`",
                ),
            }
        }
        self.new_endpoints(old, new, &seen_in_new);
    }

    /// A typed endpoint `before` of group `key` that `new` has no longer under its name:
    /// renamed (the same route under another name: its new name), else removed.
    fn renamed_or_gone(
        &mut self,
        old: &Spec,
        new: &Spec,
        key: &str,
        item: &str,
        before: &Endpoint,
    ) -> Option<String> {
        let route = |endpoint: &Endpoint| endpoint.method.zip(endpoint.path.clone());
        let renamed = new.endpoints().find(|(other_group, other)| {
            other.is_typed()
                && other_group.key == key
                && other.name != before.name
                && route(other) == route(before)
                && endpoint_in(old, key, &other.name).is_none()
        });
        let Some((_, other)) = renamed else {
            self.push(
                Class::Breaking,
                item,
                format!(
                    "endpoint removed (or no longer typed): `{}` and its method are gone",
                    types::request(before)
                ),
            );
            return None;
        };
        self.push(
            Class::Breaking,
            item,
            format!(
                "renamed `{}`: the request type `{}` is now `{}`",
                other.name,
                types::request(before),
                types::request(other)
            ),
        );
        self.endpoint(item, before, other);
        Some(other.name.clone())
    }

    /// Every endpoint new in `new` (typed or catalogued); `seen_in_new` are those an old
    /// endpoint became.
    fn new_endpoints(&mut self, old: &Spec, new: &Spec, seen_in_new: &BTreeSet<(String, String)>) {
        for (group, after) in new.endpoints() {
            let item = format!("{}.{}", group.key, after.name);
            let before = endpoint_in(old, &group.key, &after.name);
            let key = (group.key.clone(), after.name.clone());
            let rename_target = before.is_none() && seen_in_new.contains(&key);
            match (before, after.is_typed()) {
                (_, true) if rename_target => {}
                (Some(before), true) if before.is_typed() => {}
                (_, true) => {
                    let call = after.call.as_deref().unwrap_or_default();
                    self.push(
                        Class::Additive,
                        &item,
                        format!(
                            "new endpoint: `{}` and `{}::{}`",
                            types::request(after),
                            types::group_api(group),
                            names::field_name(call)
                        ),
                    );
                }
                (None, false) => self.push(
                    Class::Additive,
                    &item,
                    "new catalogued endpoint in `catalogue::ENDPOINTS`",
                ),
                (Some(_), false) => {}
            }
        }
    }

    /// One typed endpoint, before and after.
    fn endpoint(&mut self, item: &str, before: &Endpoint, after: &Endpoint) {
        let request = types::request(after);
        if before.call != after.call {
            self.push(
                Class::Breaking,
                item,
                format!(
                    "method renamed `{}` -> `{}`",
                    before.call.as_deref().unwrap_or_default(),
                    after.call.as_deref().unwrap_or_default()
                ),
            );
        }
        let behaviour = [
            ("method", before.method != after.method),
            ("path", before.path != after.path),
            ("auth", before.auth_mode() != after.auth_mode()),
            ("rate limit", before.rate_limit != after.rate_limit),
            (
                "idempotency (retries)",
                before.idempotent != after.idempotent,
            ),
            ("token role", before.role != after.role),
            (
                "answer (its success code and data member)",
                before.answer() != after.answer(),
            ),
            (
                "body content type (JSON / form)",
                before
                    .body
                    .as_ref()
                    .zip(after.body.as_ref())
                    .is_some_and(|(before, after)| before.content_type != after.content_type),
            ),
        ];
        for (what, changed) in behaviour {
            if changed {
                self.push(
                    Class::Behaviour,
                    item,
                    format!("{what} changed; compiles the same"),
                );
            }
        }
        if before.body.as_ref().map(|body| body.shape) != after.body.as_ref().map(|body| body.shape)
        {
            self.push(
                Class::Breaking,
                item,
                format!("the body changed shape: `{request}` is built differently"),
            );
        }
        if before.response.as_ref().map(|response| &response.ty)
            != after.response.as_ref().map(|response| &response.ty)
        {
            self.push(Class::Breaking, item, "the response `data` changed type");
        }
        if before.doc != after.doc || doc_changed(&before.title, &after.title) {
            self.push(Class::Docs, item, "docs of the endpoint (zh and en)");
        }
        self.request(
            item,
            &request,
            &request_members(before),
            &request_members(after),
        );
        self.response(item, &response_members(before), &response_members(after));
        self.endpoint_examples(item, before, after);
    }

    fn request(
        &mut self,
        item: &str,
        request: &str,
        before: &BTreeMap<String, Member<'_>>,
        after: &BTreeMap<String, Member<'_>>,
    ) {
        for (path, old) in before {
            let item = format!("{item}.{path}");
            let Some(new) = after.get(path) else {
                let what = if old.required {
                    format!(
                        "{} removed: `{request}::new` (or its nested type's) loses the argument `{}`",
                        old.place,
                        ident(path)
                    )
                } else {
                    format!(
                        "{} removed: the setter `.{}(..)` is gone",
                        old.place,
                        ident(path)
                    )
                };
                self.push(Class::Breaking, &item, what);
                continue;
            };
            match (old.required, new.required) {
                (false, true) => self.push(
                    Class::Breaking,
                    &item,
                    format!("made required: `new` gains an argument `{}`", ident(path)),
                ),
                (true, false) => self.push(
                    Class::Breaking,
                    &item,
                    format!(
                        "no longer required: `new` loses the argument `{}` (now a setter)",
                        ident(path)
                    ),
                ),
                _ => {}
            }
            self.member_common(&item, old, new);
        }
        for (path, new) in after.iter().filter(|(path, _)| !before.contains_key(*path)) {
            let item = format!("{item}.{path}");
            if new.required {
                self.push(
                    Class::Breaking,
                    &item,
                    format!(
                        "new required {}: `new` gains an argument `{}`",
                        new.place,
                        ident(path)
                    ),
                );
            } else {
                self.push(
                    Class::Additive,
                    &item,
                    format!("new optional {}: setter `.{}(..)`", new.place, ident(path)),
                );
            }
        }
    }

    fn response(
        &mut self,
        item: &str,
        before: &BTreeMap<String, Member<'_>>,
        after: &BTreeMap<String, Member<'_>>,
    ) {
        for (path, old) in before {
            let item = format!("{item}.{path}");
            let Some(new) = after.get(path) else {
                self.push(
                    Class::Breaking,
                    &item,
                    format!(
                        "response member removed: the field `{}` is gone",
                        ident(path)
                    ),
                );
                continue;
            };
            // A response field is an `Option` unless required and never `null`.
            let plain = |member: &Member<'_>| member.required && !member.nullable;
            match (plain(old), plain(new)) {
                (true, false) => self.push(
                    Class::Breaking,
                    &item,
                    format!(
                        "made optional: the field `{}` is now an `Option`",
                        ident(path)
                    ),
                ),
                (false, true) => self.push(
                    Class::Breaking,
                    &item,
                    format!(
                        "made required: the field `{}` is no longer an `Option`",
                        ident(path)
                    ),
                ),
                _ => {}
            }
            self.member_common(&item, old, new);
        }
        for path in after.keys().filter(|path| !before.contains_key(*path)) {
            self.push(
                Class::Additive,
                format!("{item}.{path}"),
                format!("new response member: the field `{}`", ident(path)),
            );
        }
    }

    /// Type, enum values and docs: the same rules for request and response members.
    pub(super) fn member_common(&mut self, item: &str, old: &Member<'_>, new: &Member<'_>) {
        if old.ty != new.ty {
            self.push(
                Class::Breaking,
                item,
                format!("retyped `{}` -> `{}`", old.ty, new.ty),
            );
        }
        // Values where there were none (or none left) change the member's Rust type: an
        // open enum instead of the scalar, or back.
        if old.values.is_empty() != new.values.is_empty() {
            let what = if old.values.is_empty() {
                "gains documented values: its type becomes an open enum"
            } else {
                "loses its documented values: its type is no longer an enum"
            };
            self.push(Class::Breaking, item, what);
        } else {
            for value in old.values.difference(&new.values) {
                let variant = names::variant_name(value);
                let what = format!("enum value `{value}` removed: the variant `{variant}` is gone");
                self.push(Class::Breaking, item, what);
            }
            for value in new.values.difference(&old.values) {
                let variant = names::variant_name(value);
                let what = format!("new enum value `{value}`: the variant `{variant}`");
                self.push(Class::Additive, item, what);
            }
        }
        if doc_changed(old.doc, new.doc) {
            self.push(Class::Docs, item, "docs (zh and en)");
        }
    }
}
