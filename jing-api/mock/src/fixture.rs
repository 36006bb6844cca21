//! The typed endpoint a name given to the controls or the admin interface stands for (or
//! the near names, when none), and whether a fixture's `data` can be that endpoint's.

use jing_api::schema::Kind;
use serde_json::Value;

use super::error::MockError;
use super::table::MockEndpoint;

/// The typed endpoint named `name`, or an error listing the near names.
pub(crate) fn endpoint_named(
    endpoints: &'static [MockEndpoint],
    name: &str,
) -> Result<&'static MockEndpoint, MockError> {
    if let Some(endpoint) = endpoints
        .iter()
        .find(|endpoint| endpoint.schema.name == name)
    {
        return Ok(endpoint);
    }
    let mut near: Vec<(usize, &str)> = endpoints
        .iter()
        .map(|endpoint| {
            (
                super::validate::distance(name, endpoint.schema.name),
                endpoint.schema.name,
            )
        })
        .filter(|(distance, known)| {
            *distance <= (name.len() / 3).max(2) || known.contains(name) || name.contains(known)
        })
        .collect();
    if near.is_empty() {
        near = endpoints
            .iter()
            .map(|endpoint| (0, endpoint.schema.name))
            .collect();
    }
    near.sort();
    Err(MockError::UnknownEndpoint {
        name: name.to_owned(),
        near: near
            .into_iter()
            .take(10)
            .map(|(_, known)| known.to_owned())
            .collect(),
    })
}

/// Whether `data` can be the `data` of `endpoint`'s answers: where the spec has an object
/// (or a map), a JSON object, an array or `null` (a client's handling of those is worth
/// a test), never a string, number or boolean.
pub(crate) fn check_fixture(endpoint: &MockEndpoint, data: &Value) -> Result<(), MockError> {
    let object = endpoint
        .schema
        .response
        .as_ref()
        .is_some_and(|response| matches!(response.kind, Kind::Object | Kind::Map(_)));
    let scalar = match data {
        Value::String(_) => Some("a string"),
        Value::Number(_) => Some("a number"),
        Value::Bool(_) => Some("a boolean"),
        _ => None,
    };
    if let Some(scalar) = scalar.filter(|_| object) {
        return Err(MockError::BadRequest(format!(
            "`data`: `{}` answers a JSON object, not {scalar}",
            endpoint.schema.name
        )));
    }
    Ok(())
}
