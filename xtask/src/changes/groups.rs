//! What a change of the spec's groups and examples does for users: a group is a module
//! (`jing_api::customer`), a Cargo feature (`customer`, in `all-groups`) and, once it has a
//! typed endpoint, a client accessor (`client.customer()`); the docs' examples are what the
//! mock answers and `jing webhook send` sends (a response's, an event's) or the values a
//! method's doc example builds its request with (a request's).

use jing_spec::{Group, Spec, Webhooks};

use super::compare::{Changes, Class};
use super::members::doc_changed;

/// Whether `group` has a client accessor: the generator gives one to a group with a typed
/// endpoint.
fn has_accessor(group: &Group) -> bool {
    group.endpoints.iter().any(|endpoint| endpoint.is_typed())
}

/// Two examples differ when their texts do, but for the final line break.
fn example_changed(before: Option<&str>, after: Option<&str>) -> bool {
    before.map(str::trim_end) != after.map(str::trim_end)
}

/// `added`, `removed` or `changed`, of an example before and after.
fn how(before: Option<&str>, after: Option<&str>) -> &'static str {
    match (before, after) {
        (None, Some(_)) => "added",
        (Some(_), None) => "removed",
        _ => "changed",
    }
}

impl Changes {
    /// Modules, Cargo features and client accessors added or removed, and the module docs.
    pub(super) fn groups(&mut self, old: &Spec, new: &Spec) {
        let find = |spec: &'_ Spec, key: &str| -> Option<usize> {
            spec.groups.iter().position(|group| group.key == key)
        };
        for before in &old.groups {
            let key = &before.key;
            let Some(after) = find(new, key).map(|at| &new.groups[at]) else {
                self.push(
                    Class::Breaking,
                    key,
                    format!("module `jing_api::{key}` removed"),
                );
                self.push(
                    Class::Breaking,
                    key,
                    format!("Cargo feature `{key}` removed (and from `all-groups`): a dependency naming it no longer resolves"),
                );
                if has_accessor(before) {
                    self.push(
                        Class::Breaking,
                        key,
                        format!("client accessor `client.{key}()` removed"),
                    );
                }
                continue;
            };
            match (has_accessor(before), has_accessor(after)) {
                (false, true) => self.push(
                    Class::Additive,
                    key,
                    format!(
                        "new client accessor `client.{key}()` (the group's first typed endpoint)"
                    ),
                ),
                (true, false) => self.push(
                    Class::Breaking,
                    key,
                    format!("client accessor `client.{key}()` removed (no typed endpoint left)"),
                ),
                _ => {}
            }
            if doc_changed(&before.title, &after.title) || doc_changed(&before.doc, &after.doc) {
                self.push(
                    Class::Docs,
                    key,
                    format!("docs of the module `jing_api::{key}`"),
                );
            }
        }
        for after in new
            .groups
            .iter()
            .filter(|group| find(old, &group.key).is_none())
        {
            let key = &after.key;
            self.push(
                Class::Additive,
                key,
                format!("new module `jing_api::{key}`"),
            );
            self.push(
                Class::Additive,
                key,
                format!("new Cargo feature `{key}` (in `all-groups`, so on by default)"),
            );
            if has_accessor(after) {
                self.push(
                    Class::Additive,
                    key,
                    format!("new client accessor `client.{key}()`"),
                );
            }
        }
    }

    /// The docs' examples of an endpoint typed before and after: the response's is what the
    /// mock answers (behaviour), the request's gives the values of the method's doc example
    /// (docs).
    pub(super) fn endpoint_examples(
        &mut self,
        item: &str,
        before: &jing_spec::Endpoint,
        after: &jing_spec::Endpoint,
    ) {
        let example = |endpoint: &'_ jing_spec::Endpoint, response: bool| -> Option<String> {
            let examples = endpoint.examples.as_ref()?;
            if response {
                examples.response.clone()
            } else {
                examples.request.clone()
            }
        };
        let (old, new) = (example(before, true), example(after, true));
        if example_changed(old.as_deref(), new.as_deref()) {
            self.push(
                Class::Behaviour,
                item,
                format!(
                    "response example {}: the mock answers it (and the method's doc example reads it); compiles the same",
                    how(old.as_deref(), new.as_deref())
                ),
            );
        }
        let (old, new) = (example(before, false), example(after, false));
        if example_changed(old.as_deref(), new.as_deref()) {
            self.push(
                Class::Docs,
                item,
                format!(
                    "request example {}: the values of the method's doc example",
                    how(old.as_deref(), new.as_deref())
                ),
            );
        }
    }

    /// The docs' sample of each event page in both: what the mock and `jing webhook send`
    /// send.
    pub(super) fn event_examples(&mut self, old: &Webhooks, new: &Webhooks) {
        for group in &old.groups {
            for before in &group.events {
                let after = new
                    .groups
                    .iter()
                    .filter(|other| other.key == group.key)
                    .flat_map(|other| &other.events)
                    .find(|event| event.title.zh == before.title.zh);
                let Some(after) = after else { continue };
                let (old, new) = (before.example.as_deref(), after.example.as_deref());
                if example_changed(old, new) {
                    let item = match &after.variant {
                        Some(variant) => format!("webhooks.Event::{variant}"),
                        None => format!("webhooks.{}", group.key),
                    };
                    self.push(
                        Class::Behaviour,
                        item,
                        format!(
                            "event sample of «{}» {}: what the mock and `jing webhook send` send; compiles the same",
                            after.title.zh,
                            how(old, new)
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_differ_by_text_but_a_final_line_break() {
        let cases = [
            (None, None, false),
            (Some("{}"), Some("{}\n"), false),
            (Some("{}"), Some("{\"a\": 1}"), true),
            (None, Some("{}"), true),
            (Some("{}"), None, true),
        ];
        for (before, after, changed) in cases {
            assert_eq!(
                example_changed(before, after),
                changed,
                "{before:?} {after:?}"
            );
        }
        assert_eq!(how(None, Some("{}")), "added");
        assert_eq!(how(Some("{}"), None), "removed");
        assert_eq!(how(Some("{}"), Some("[]")), "changed");
    }
}
