//! A request value of a typed call that the mock accepts, worked out in one place of the
//! intermediate form ([`Typed::sample`], a [`SampleRequest`]): the constructor's arguments
//! in its order (`Typed::arguments`) and the setters, each value a credential of the
//! mock's, a literal of a plain type carrying the docs' example value when it has one that
//! fits, an open enum's first documented value, a nested object built the same way, the
//! one item of a bare-array body, or an empty list, map or JSON value.
//!
//! Two emitters render it and decide only how a value is written: the docs' example of
//! each accessor method (`emit/example.rs`, as text, preferring the docs' values) and the
//! probe's `Sample` (`emit/probe.rs`, as tokens, with placeholders). So a new type, or a
//! new rule for what a request must hold, is taught here once. Like `Typed::members`, it
//! is worked out from the typed call on request, not kept in it: the typed call's module
//! does not import this one.
//!
//! The docs' values come from the request example: the body's object, or its first item for
//! a bare-array body. Parameters have none.

use jing_spec::{Credential, TypeRef};
use serde_json::{Number, Value};

use super::body::Body;
use super::endpoint::Typed;
use super::enums::Variants;
use super::field::{Field, Nested};
use super::members::RequestMember;
use super::params::Place;

/// A request value of a typed call.
#[derive(Debug, Clone)]
pub(crate) struct SampleRequest {
    /// The constructor's arguments, in its order.
    pub(crate) arguments: Vec<SampleValue>,
    /// The optional members that carry a credential (a token call's), set from the mock's.
    pub(crate) setters: Vec<Setter>,
    /// Where no optional member carries a credential, one optional plain member whose setter
    /// the docs' example shows: of the body, else of the query. The probes leave it out, so
    /// a probe's request holds what the `jing` command's required flags give (the CLI's
    /// tests send both and compare).
    pub(crate) shown: Option<Setter>,
}

impl SampleRequest {
    /// Whether the arguments or the setters read the mock's credentials.
    pub(crate) fn needs_credentials(&self) -> bool {
        let setters = self.setters.iter().map(|setter| &setter.value);
        (self.arguments.iter().chain(setters))
            .any(|value| matches!(value, SampleValue::Credential(_)))
    }
}

/// A setter called on the request: `.ident(value)`.
#[derive(Debug, Clone)]
pub(crate) struct Setter {
    /// The member's Rust name, which is its setter's.
    pub(crate) ident: String,
    /// The value set.
    pub(crate) value: SampleValue,
}

/// A value of a request member, of its type or one its constructor or setter converts from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SampleValue {
    /// A credential of the mock's, by its member of `jing_mock::MockCredentials`.
    Credential(&'static str),
    /// A literal of a plain type.
    Literal {
        /// The member's name on the wire (the docs' example writes it as text's value).
        wire: String,
        /// The type and the docs' example value of it.
        scalar: Scalar,
    },
    /// An open enum's first documented value, which it converts from.
    Enum(FirstValue),
    /// A nested object, built by its constructor.
    Object(SampleObject),
    /// A list of one item: a bare-array body.
    Items(SampleObject),
    /// An empty value.
    Empty(Empty),
}

/// A plain type, with the docs' example value when the docs give one of that type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    /// Text (an example that is empty, or Apifox's `"string"`, is none).
    Text(Option<String>),
    /// An `i64`.
    Integer(Option<i64>),
    /// A `u64`.
    U64(Option<u64>),
    /// An `f64`, as the docs write it.
    Number(Option<Number>),
    /// A `bool`.
    Boolean(Option<bool>),
}

/// An open enum's first documented value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FirstValue {
    /// Text.
    Text(String),
    /// An integer.
    Integer(i64),
}

/// An empty value of a type with no literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Empty {
    /// `Vec::new()`.
    List,
    /// `BTreeMap::new()`.
    Map,
    /// An empty JSON object: `any`, or an object whose members are not listed.
    Json,
}

/// A generated struct built by its constructor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SampleObject {
    /// The struct's name (in the group's module).
    pub(crate) name: String,
    /// A value of each required member, in the constructor's order.
    pub(crate) arguments: Vec<SampleValue>,
}

impl Typed {
    /// Its request value, the docs' request example giving the values it has.
    pub(crate) fn sample(&self) -> SampleRequest {
        sample(self)
    }
}

/// The request value of `typed`.
fn sample(typed: &Typed) -> SampleRequest {
    let example = body_example(typed.request_example.as_deref());
    let example = example.as_ref();
    // A credential from the mock's, a body member's value, a parameter's.
    let arguments = (typed.arguments())
        .map(|member| match member {
            RequestMember::Items(item) => {
                SampleValue::Items(object(&item.name, &item.fields, example))
            }
            RequestMember::Set { field, place, .. } => {
                let example = example.filter(|_| place == Place::Body);
                credential(field).unwrap_or_else(|| value(field, example))
            }
        })
        .collect();
    let setters: Vec<Setter> = (typed.optional_members())
        .filter_map(|(_, field)| {
            Some(Setter {
                ident: field.ident.clone(),
                value: credential(field)?,
            })
        })
        .collect();
    let shown = if setters.is_empty() {
        shown(typed, example)
    } else {
        None
    };
    SampleRequest {
        arguments,
        setters,
        shown,
    }
}

/// The object of the docs' request example, or its first item when it is a list.
fn body_example(text: Option<&str>) -> Option<Value> {
    match serde_json::from_str::<Value>(text?).ok()? {
        Value::Array(items) => items.into_iter().next(),
        other => Some(other),
    }
}

/// The mock's credential `field` carries, when a request can carry it.
fn credential(field: &Field) -> Option<SampleValue> {
    let member = match field.credential? {
        Credential::AppId => "app_id",
        Credential::AppSecret => "app_secret",
        Credential::AccessToken => "access_token",
        Credential::RefreshToken => "refresh_token",
        Credential::ExpiresIn => return None,
    };
    Some(SampleValue::Credential(member))
}

/// The optional plain member a docs' example shows: the first of the body that carries no
/// credential and has no type of its own, else the first such query parameter.
fn shown(typed: &Typed, example: Option<&Value>) -> Option<Setter> {
    let plain = |field: &&Field| {
        !field.is_required() && field.credential.is_none() && field.plain_scalar().is_some()
    };
    let body = match &typed.body {
        Body::Json { fields, .. } | Body::Form { fields } => fields.as_slice(),
        Body::Array { .. } | Body::None => &[],
    };
    let (field, example) = match body.iter().find(plain) {
        Some(field) => (field, example),
        None => (typed.query.iter().find(plain)?, None),
    };
    Some(Setter {
        ident: field.ident.clone(),
        value: value(field, example),
    })
}

/// `name::new(..)` with a value of every required member of `fields`, the docs' values
/// read from `example` (the object's).
fn object(name: &str, fields: &[Field], example: Option<&Value>) -> SampleObject {
    let arguments = fields
        .iter()
        .filter(|field| field.is_required())
        .map(|field| value(field, example))
        .collect();
    SampleObject {
        name: name.to_owned(),
        arguments,
    }
}

/// A value of `field`, a member of the object whose docs' example is `parent`.
fn value(field: &Field, parent: Option<&Value>) -> SampleValue {
    let example = parent.and_then(|parent| parent.get(&field.wire));
    match (&field.ty, &field.nested) {
        (TypeRef::Array(_) | TypeRef::Map(_), _) | (_, Some(Nested::Shape(_)) | None) => {
            plain(&field.ty, &field.wire, example)
        }
        (_, Some(Nested::Enum(enumeration))) => {
            SampleValue::Enum(first_value(&enumeration.variants))
        }
        (_, Some(Nested::Object(nested))) => {
            SampleValue::Object(object(&nested.name, &nested.fields, example))
        }
    }
}

/// An open enum's first documented value.
fn first_value(variants: &Variants) -> FirstValue {
    match variants {
        Variants::Integer(numbered) => FirstValue::Integer(numbered.first.number),
        Variants::Text(variants) => FirstValue::Text(variants.first.wire.clone()),
    }
}

/// A literal of the plain type `ty` of the member `wire`, with the docs' `example` when it
/// is of that type; an empty value of the others.
fn plain(ty: &TypeRef, wire: &str, example: Option<&Value>) -> SampleValue {
    let scalar = match ty {
        // Apifox writes "string" where the vendor gave no value.
        TypeRef::String => Scalar::Text(
            (example.and_then(Value::as_str))
                .filter(|text| !text.is_empty() && *text != "string")
                .map(str::to_owned),
        ),
        TypeRef::Integer => Scalar::Integer(example.and_then(Value::as_i64)),
        TypeRef::U64 => Scalar::U64(example.and_then(Value::as_u64)),
        TypeRef::Number => Scalar::Number(match example {
            Some(Value::Number(number)) => Some(number.clone()),
            _ => None,
        }),
        TypeRef::Boolean => Scalar::Boolean(example.and_then(Value::as_bool)),
        TypeRef::Any | TypeRef::Object => return SampleValue::Empty(Empty::Json),
        TypeRef::Array(_) => return SampleValue::Empty(Empty::List),
        TypeRef::Map(_) => return SampleValue::Empty(Empty::Map),
    };
    SampleValue::Literal {
        wire: wire.to_owned(),
        scalar,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{leads, typed};

    /// A literal of the member `wire`.
    fn literal(wire: &str, scalar: Scalar) -> SampleValue {
        let wire = wire.to_owned();
        SampleValue::Literal { wire, scalar }
    }

    #[test]
    fn every_required_member_has_a_value_of_its_kind_with_the_docs_example() {
        let api = leads();
        let (_, typed) = typed(&api, "move_lead");
        let sample = typed.sample();
        // In the constructor's order: the path parameter, the body, the query parameter;
        // the docs' example fills the body (an enum keeps its first documented value), never a
        // parameter.
        let owner = SampleObject {
            name: "MoveLeadOwner".to_owned(),
            arguments: vec![literal("id", Scalar::Number(Some(Number::from(7))))],
        };
        let expected = [
            literal("leadId", Scalar::Integer(None)),
            SampleValue::Enum(FirstValue::Text("won".to_owned())),
            SampleValue::Enum(FirstValue::Integer(-2)),
            SampleValue::Object(owner),
            SampleValue::Empty(Empty::List),
            SampleValue::Empty(Empty::Map),
            literal("page", Scalar::Text(None)),
        ];
        assert_eq!(sample.arguments, expected);
        // No credential: one optional plain body member is shown, with the docs' value.
        assert!(sample.setters.is_empty() && !sample.needs_credentials());
        let shown = sample.shown.as_ref().expect("an optional plain member");
        assert_eq!(shown.ident, "memo");
        assert_eq!(
            shown.value,
            literal("memo", Scalar::Text(Some("Call back".to_owned())))
        );
    }

    #[test]
    fn a_parameter_with_documented_values_takes_the_first_as_a_member_does() {
        let api = leads();
        let (_, typed) = typed(&api, "shift_lead");
        let mode = SampleValue::Enum(FirstValue::Text("fast".to_owned()));
        assert_eq!(typed.sample().arguments.last(), Some(&mode));
        // An optional member with a type of its own is not shown.
        assert!(typed.sample().shown.is_none());
    }

    #[test]
    fn a_bare_array_body_is_one_item_and_a_query_setter_is_shown() {
        let api = leads();
        let (_, typed) = typed(&api, "import_leads");
        let item = SampleObject {
            name: "LeadRow".to_owned(),
            arguments: vec![literal("email", Scalar::Text(None))],
        };
        let sample = typed.sample();
        assert_eq!(sample.arguments[1], SampleValue::Items(item));
        let shown = sample.shown.as_ref().expect("the optional query parameter");
        assert_eq!(shown.ident, "dry_run");
        assert_eq!(shown.value, literal("dryRun", Scalar::Boolean(None)));
    }

    #[test]
    fn a_token_call_is_filled_from_the_mocks_credentials() {
        let api = crate::ir::lower(&crate::testing::spec(crate::testing::TOKEN_CALL));
        let (_, _, typed) = api.typed().next().expect("one typed call");
        let sample = typed.sample();
        assert_eq!(sample.arguments, [SampleValue::Credential("app_id")]);
        let setters: Vec<(&str, &SampleValue)> = (sample.setters.iter())
            .map(|setter| (setter.ident.as_str(), &setter.value))
            .collect();
        assert_eq!(
            setters,
            [("secret", &SampleValue::Credential("app_secret"))]
        );
        // A credential setter leaves nothing to show.
        assert!(sample.shown.is_none() && sample.needs_credentials());
    }

    #[test]
    fn an_example_value_of_another_type_is_no_example() {
        let example = serde_json::json!({"a": "string", "b": 1.5, "c": -1, "d": "", "e": "x"});
        let cases = [
            (TypeRef::String, "a", Scalar::Text(None)),
            (TypeRef::Integer, "b", Scalar::Integer(None)),
            (TypeRef::U64, "c", Scalar::U64(None)),
            (TypeRef::Integer, "c", Scalar::Integer(Some(-1))),
            (TypeRef::String, "d", Scalar::Text(None)),
            (TypeRef::Boolean, "e", Scalar::Boolean(None)),
            (TypeRef::Number, "c", Scalar::Number(Some(Number::from(-1)))),
        ];
        for (ty, wire, expected) in cases {
            let value = plain(&ty, wire, example.get(wire));
            assert_eq!(value, literal(wire, expected), "{wire}");
        }
        assert_eq!(
            plain(&TypeRef::Any, "f", None),
            SampleValue::Empty(Empty::Json)
        );
    }
}
