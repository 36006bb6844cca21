//! The members of a typed call's request struct, in the struct's order, which is its
//! constructor's: path parameters, the body's members (or its items, for a bare-array
//! body), query parameters, then the headers the caller sets. Worked out here once
//! ([`Typed::members`], [`Typed::arguments`]) and read by every emitter that lays out or
//! calls the constructor (the request struct, the `jing` command's dispatch, the probe's
//! sample, the docs' example), so its arguments have one order, names and types.
//!
//! Each member other than the items is set through a flag of the `jing` command (the flags
//! are one per member the caller sets), so a member points at its flag by index and the
//! dispatch reads it through that row.

use super::body::Body;
use super::endpoint::Typed;
use super::field::{Field, ObjectType};
use super::flags::Flag;
use super::params::Place;

/// A member of a typed call's request struct.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RequestMember<'a> {
    /// A parameter or a member of the body.
    Set {
        /// The position of the flag that sets it among the command's flags.
        flag: usize,
        /// The member: its wire name, Rust name and type.
        field: &'a Field,
        /// Where it goes.
        place: Place,
    },
    /// The items of a bare-array body (a `Vec` of this type): always required.
    Items(&'a ObjectType),
}

impl RequestMember<'_> {
    /// Whether the member is a constructor argument.
    pub(crate) fn is_required(&self) -> bool {
        match self {
            RequestMember::Set { field, .. } => field.is_required(),
            RequestMember::Items(_) => true,
        }
    }

    /// Its rank among the struct's members: path parameters, the body, query parameters,
    /// then headers.
    fn rank(&self) -> u8 {
        match self {
            RequestMember::Set { place, .. } => place.member_rank(),
            RequestMember::Items(_) => Place::Body.member_rank(),
        }
    }
}

impl Typed {
    /// The request struct's members, in its order (the constructor's).
    pub(crate) fn members(&self) -> Vec<RequestMember<'_>> {
        let mut members: Vec<RequestMember<'_>> = self
            .flags
            .iter()
            .enumerate()
            .map(|(flag, Flag { field, place, .. })| RequestMember::Set {
                flag,
                field,
                place: *place,
            })
            .collect();
        if let Body::Array { item } = &self.body {
            members.push(RequestMember::Items(item));
        }
        // A stable sort: within a place the flags keep the schema's order.
        members.sort_by_key(RequestMember::rank);
        members
    }

    /// The constructor's arguments: the required members, in the struct's order.
    pub(crate) fn arguments(&self) -> impl Iterator<Item = RequestMember<'_>> {
        self.members()
            .into_iter()
            .filter(|member| member.is_required())
    }

    /// The members set through their setters: the optional ones, in the struct's order,
    /// each with the position of its flag among the command's flags.
    pub(crate) fn optional_members(&self) -> impl Iterator<Item = (usize, &Field)> {
        self.members()
            .into_iter()
            .filter_map(|member| match member {
                RequestMember::Set { flag, field, .. } if !field.is_required() => {
                    Some((flag, field))
                }
                RequestMember::Set { .. } | RequestMember::Items(_) => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{leads, typed};

    /// The ident of each argument, `items: <Item>` for the items.
    fn names(typed: &Typed) -> Vec<String> {
        let name = |member: RequestMember<'_>| match member {
            RequestMember::Set { field, .. } => field.ident.clone(),
            RequestMember::Items(item) => format!("items: {}", item.name),
        };
        typed.arguments().map(name).collect()
    }

    #[test]
    fn the_constructor_takes_path_parameters_the_body_then_query_and_headers() {
        let api = leads();
        // A bare-array body's items follow the path parameters; the optional query
        // parameter is a setter, not an argument.
        let (_, import) = typed(&api, "import_leads");
        assert_eq!(
            names(import),
            ["list_id", "items: LeadRow", "mode", "x_batch"]
        );
        let optional: Vec<&str> = (import.optional_members())
            .map(|(_, field)| field.ident.as_str())
            .collect();
        assert_eq!(optional, ["dry_run"]);
        let (_, note) = typed(&api, "add_lead_note");
        assert_eq!(names(note), ["lead_id", "text"]);
        // Every member but the items points at the flag that sets it, and every flag is a
        // member.
        for (_, _, typed) in api.typed() {
            let members = typed.members();
            for member in &members {
                if let RequestMember::Set { flag, field, place } = member {
                    assert_eq!(typed.flags[*flag].field.ident, field.ident);
                    assert_eq!(typed.flags[*flag].place, *place);
                }
            }
            let items = usize::from(matches!(typed.body, Body::Array { .. }));
            assert_eq!(members.len(), typed.flags.len() + items);
        }
    }
}
