//! The flags of an endpoint's `jing <group> <command>`: one per path, query and caller
//! header parameter and per top-level member of an object body, each named once here, a
//! collision with the program's own flags or with another member resolved, and each
//! holding the lowered member it sets (its Rust name and type, for the generated dispatch)
//! and the position of its parameter among the schema's (the walk of `params.rs`). The
//! rest of what a flag takes (kind, values, required) is that parameter's.

use std::collections::BTreeSet;

use jing_spec::names::{self, reserved};

use super::body::Body;
use super::field::Field;
use super::params::{Filled, Place, Placed};

/// One flag of a command, as plain data.
#[derive(Debug, Clone)]
pub(crate) struct Flag {
    /// The flag without its dashes (`mobile`, `member-body`, `query-id`).
    pub(crate) flag: String,
    /// The member of the request struct it sets (its wire name, Rust name and type).
    pub(crate) field: Field,
    /// Where its value goes.
    pub(crate) place: Place,
    /// Its parameter's position among the schema's parameters.
    pub(crate) param: usize,
    /// The member's docs in one line, both languages.
    pub(crate) help: String,
}

/// Every flag of an endpoint's command, from its parameters in the schema's order
/// (`params`, the walk every reader shares): path, query and header parameters (not the
/// auth headers, which the client fills) and the top-level members of an object body, each
/// beside the lowered member it sets and the position of its parameter. A flag that a
/// global flag of the program already has gets [`reserved::CLI_MEMBER_PREFIX`]; one that
/// another member of the command already has gets its place as a prefix.
pub(crate) fn flags<'a>(params: impl Iterator<Item = Placed<'a>>, body: &Body) -> Vec<Flag> {
    // An array body's members are each item's, given through `--body` as a whole.
    let object_body = !matches!(body, Body::Array { .. });
    let mut flags: Vec<Flag> = params
        .filter(|param| param.filled == Filled::ByCaller)
        .filter(|param| param.place != Place::Body || object_body)
        .map(|param| Flag {
            flag: names::command_name(&param.field.wire),
            field: param.field.clone(),
            place: param.place,
            param: param.index,
            help: param.field.summary.clone(),
        })
        .collect();
    let mut taken: BTreeSet<String> = reserved::CLI_FLAGS
        .iter()
        .map(|flag| (*flag).to_owned())
        .collect();
    for flag in &mut flags {
        if reserved::CLI_FLAGS.contains(&flag.flag.as_str()) {
            flag.flag = format!("{}{}", reserved::CLI_MEMBER_PREFIX, flag.flag);
        }
        if !taken.insert(flag.flag.clone()) {
            flag.flag = format!("{}-{}", flag.place.prefix(), flag.flag);
            taken.insert(flag.flag.clone());
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_named_once_collisions_resolved() {
        let api = crate::testing::leads();
        let (_, typed) = crate::testing::typed(&api, "find_lead");
        let flags = &typed.flags;
        let found: Vec<(&str, &str, Place)> = flags
            .iter()
            .map(|flag| (flag.flag.as_str(), flag.field.wire.as_str(), flag.place))
            .collect();
        // The auth header is the program's; a member named like a global flag gets the
        // member prefix, and then, its flag taken by another member, its place too.
        assert_eq!(
            found,
            [
                ("id", "id", Place::Query),
                ("x-trace-id", "X-Trace-Id", Place::Header),
                ("member-body", "member_body", Place::Body),
                ("body-member-body", "body", Place::Body),
                ("stage", "stage", Place::Body),
            ]
        );
        assert_eq!(flags[1].help, "追踪。 Trace.");
        // Each flag points at its parameter in the schema's order, the auth header counted.
        let indexes: Vec<usize> = flags.iter().map(|flag| flag.param).collect();
        assert_eq!(indexes, [0, 2, 3, 4, 5]);
        for flag in flags {
            let param = typed.params().nth(flag.param).expect("a parameter");
            assert_eq!(param.field.wire, flag.field.wire);
            assert_eq!(param.place, flag.place);
        }
    }
}
