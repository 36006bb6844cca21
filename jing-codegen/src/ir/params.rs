//! The parameters of a typed call in one order, the one walk every reader shares: path
//! parameters, query parameters, headers (the auth headers the client fills included),
//! then the members of the body (of each item, for an array body). The endpoint's schema
//! lists its parameters in this order and the `jing` command's flags point into it by
//! [`Placed::index`], so no reader counts or looks a parameter up by name.

use super::body::Body;
use super::field::Field;

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A member of the JSON or form body (of each item, for an array body).
    Body,
}

impl Place {
    /// The rank of the place among the request struct's members: path parameters, the
    /// body's members, query parameters, then headers (the order of `new`'s arguments).
    pub(crate) fn member_rank(self) -> u8 {
        match self {
            Place::Path => 0,
            Place::Body => 1,
            Place::Query => 2,
            Place::Header => 3,
        }
    }

    /// The prefix that tells two members of one name apart.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Place::Path => "path",
            Place::Query => "query",
            Place::Header => "header",
            Place::Body => "body",
        }
    }
}

/// A header parameter and who fills it in.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// The header as a member.
    pub(crate) field: Field,
    /// Who sets it.
    pub(crate) filled: Filled,
}

/// Who sets a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filled {
    /// The caller: a member of the request struct.
    ByCaller,
    /// The client, from its credentials (an auth header of `api.yaml`).
    ByClient,
}

/// One parameter with its place in the schema's list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placed<'a> {
    /// Its position among the schema's parameters.
    pub(crate) index: usize,
    /// The parameter or member.
    pub(crate) field: &'a Field,
    /// Where it goes.
    pub(crate) place: Place,
    /// Who sets it.
    pub(crate) filled: Filled,
}

/// The parameters of a call made of these parts, in the schema's order, each with its
/// position.
pub(crate) fn placed<'a>(
    path_params: &'a [Field],
    query: &'a [Field],
    headers: &'a [Header],
    body: &'a Body,
) -> impl Iterator<Item = Placed<'a>> {
    let by_caller = |place| move |field| (field, place, Filled::ByCaller);
    path_params
        .iter()
        .map(by_caller(Place::Path))
        .chain(query.iter().map(by_caller(Place::Query)))
        .chain(
            headers
                .iter()
                .map(|header| (&header.field, Place::Header, header.filled)),
        )
        .chain(body.fields().iter().map(by_caller(Place::Body)))
        .enumerate()
        .map(|(index, (field, place, filled))| Placed {
            index,
            field,
            place,
            filled,
        })
}
