//! The request example held back when a value in it is not its member's type (`"amount":
//! 11` on a `string`, issue #28 L9): the report drops that fact, so the spec does not keep
//! the value either, and the docs' example built from the spec shows none; a decision of
//! its own (`examples.request`), unless an override keeps the example ours.

use serde_json::Value;

use jing_spec::FactKey;

use super::example_check::{body_type, walk};
use super::overrides::settles;
use crate::import::facts::{FactDecision, Facts};

/// The request example of `held` when a value in it is not its member's type (`"amount":
/// 11` on a `string`, a fact the report drops): taken out, as an answer example that would
/// not decode is, so the spec, the report and the docs' example built from the spec agree;
/// a decision of its own, unless an override keeps it ours.
pub(super) fn hold_back_request(held: &mut Facts, overrides: &[FactKey]) {
    let root = "examples.request";
    let example = held
        .request_example
        .as_deref()
        .and_then(|text| serde_json::from_str::<Value>(text).ok());
    let (Some(body), Some(example)) = (&held.body, example) else {
        return;
    };
    if settles(overrides, root) {
        return;
    }
    let mut flags = Vec::new();
    walk(root, &body_type(body), &body.fields, &example, &mut flags);
    let mut failing: Vec<String> = Vec::new();
    for (key, _) in flags {
        if key.ends_with(":type") && !failing.contains(&key) {
            failing.push(key);
        }
    }
    if failing.is_empty() {
        return;
    }
    held.request_example = None;
    let shown: Vec<String> = failing.iter().map(|key| format!("`{key}`")).collect();
    // `page.examples.request.refund.amount:type` is settled by `body.refund.amount:type`.
    let members: Vec<String> = failing
        .iter()
        .filter_map(|key| key.strip_prefix("page.examples.request."))
        .map(|member| format!("`overrides: [body.{member}]`"))
        .collect();
    let or_type = if members.is_empty() {
        String::new()
    } else {
        format!(
            ", or type the member as the example shows it with {}",
            members.join(" and ")
        )
    };
    held.decisions.push(FactDecision {
        fact: root.to_owned(),
        page: format!(
            "the page's request example has a value of another type than its member ({}): held back (not written), so the spec and the docs' example built from it show no value the report drops; to keep one, write it corrected in the spec and add `overrides: [{root}]`{or_type}",
            shown.join(", ")
        ),
        decided: false,
    });
}
