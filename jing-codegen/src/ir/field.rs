//! Members and the types they need: a [`Field`] (a member of a body, a response, a webhook
//! payload or a nested object, and a path, query or header parameter alike), its
//! [`RustType`], and the type of its own it may have ([`Nested`]: an [`ObjectType`], an
//! open enum (`enums.rs`), or a webhook payload shape), each with its final Rust name;
//! their lowering from the spec's fields and parameters, and the walk over nested types.
//!
//! Names come from `jing_spec::names` (the functions the validator checked collisions
//! with); doc lines from `crate::docs`. Nothing here builds tokens.

use jing_spec::names::{self, types as type_names};
use jing_spec::{Credential, Doc, Required, TypeRef};

use super::enums::{self, EnumType};
use crate::docs::{self, ParamKind};

/// A member as every emitter sees it: its wire and Rust names, types, flags and docs.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    /// The name on the wire, exactly as documented.
    pub(crate) wire: String,
    /// The Rust name of the member, and of its setter (`names::field_name`).
    pub(crate) ident: String,
    /// The type on the wire.
    pub(crate) ty: TypeRef,
    /// The Rust type, the nested type named where the member has one.
    pub(crate) rust: RustType,
    /// What the docs say about it being required.
    pub(crate) required: Required,
    /// It may be `null` where it is present (the spec's fact; response emitters read it).
    pub(crate) nullable: bool,
    /// The credential it carries, on the token calls' members.
    pub(crate) credential: Option<Credential>,
    /// Its value is a secret: a parameter the spec marks `secret`, or a member carrying a
    /// secret credential.
    pub(crate) secret: bool,
    /// Its doc lines: summary, paragraphs, then the reference lines of where it stands.
    pub(crate) doc: Vec<String>,
    /// The first sentence of its docs in each language, in one line, unescaped (a
    /// command-line flag's help).
    pub(crate) summary: String,
    /// The type of its own, if it has one.
    pub(crate) nested: Option<Nested>,
}

impl Field {
    /// Whether the generated code treats it as required.
    pub(crate) fn is_required(&self) -> bool {
        self.required.is_required()
    }

    /// The documented enum values as the wire carries them (text); none without an enum.
    pub(crate) fn value_texts(&self) -> Vec<&str> {
        match &self.nested {
            Some(Nested::Enum(enumeration)) => enumeration.wires().collect(),
            _ => Vec::new(),
        }
    }

    /// The wire type when the member is a plain scalar (no enum, no object of its own).
    pub(crate) fn plain_scalar(&self) -> Option<&TypeRef> {
        (self.nested.is_none() && self.ty.is_scalar()).then_some(&self.ty)
    }

    /// The members of its nested object; none for any other member.
    pub(crate) fn object_fields(&self) -> &[Field] {
        match &self.nested {
            Some(Nested::Object(object)) => &object.fields,
            _ => &[],
        }
    }
}

/// A Rust type of generated code, as plain data (each emitter spells it in tokens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RustType {
    /// `String`.
    String,
    /// `i64`.
    I64,
    /// `u64`.
    U64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `serde_json::Value`: any JSON, or an object whose members are not listed.
    Json,
    /// A generated type: a nested object, an open enum, a payload shape, a response struct.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
}

impl RustType {
    /// The Rust type of `ty`, with the type named `nested` standing in for the innermost
    /// object or enum.
    pub(crate) fn of(ty: &TypeRef, nested: Option<&str>) -> RustType {
        match (ty, nested) {
            (TypeRef::Array(inner), _) => RustType::Vec(Box::new(RustType::of(inner, nested))),
            (TypeRef::Map(inner), _) => RustType::Map(Box::new(RustType::of(inner, nested))),
            (_, Some(name)) => RustType::Named(name.to_owned()),
            (TypeRef::String, None) => RustType::String,
            (TypeRef::Integer, None) => RustType::I64,
            (TypeRef::U64, None) => RustType::U64,
            (TypeRef::Number, None) => RustType::F64,
            (TypeRef::Boolean, None) => RustType::Bool,
            (TypeRef::Any | TypeRef::Object, None) => RustType::Json,
        }
    }
}

/// The type of its own a member has.
#[derive(Debug, Clone)]
pub(crate) enum Nested {
    /// An object of listed members.
    Object(ObjectType),
    /// An open enum over the documented values.
    Enum(EnumType),
    /// A webhook payload shape of `webhooks.yaml`, by its type name (declared on its own).
    Shape(String),
}

/// Whether a struct carries the flattened map of custom attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CustomFields {
    /// Only the spec's members.
    Absent,
    /// The spec's members and a flattened `custom_fields` map.
    Flattened,
}

impl CustomFields {
    /// What the spec's `custom_fields: true|false` means.
    pub(crate) fn from_spec(custom_fields: bool) -> Self {
        if custom_fields {
            CustomFields::Flattened
        } else {
            CustomFields::Absent
        }
    }
}

/// A generated struct: a nested object, a response's `data`, the item of a bare-array body.
#[derive(Debug, Clone)]
pub(crate) struct ObjectType {
    /// Its Rust name.
    pub(crate) name: String,
    /// Its doc lines.
    pub(crate) doc: Vec<String>,
    /// Its members, in the spec's order.
    pub(crate) fields: Vec<Field>,
    /// Whether custom attributes stand beside them.
    pub(crate) custom_fields: CustomFields,
}

/// Where a member stands, which decides the reference lines that end its docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// A member of a request body, a response or a nested object: required or not, then
    /// what the docs state of its values.
    Member,
    /// A path, query or header parameter: where it travels and whether it is required,
    /// then what the docs state of its values.
    Param(ParamKind),
    /// A member of a webhook payload: its name on the wire.
    Webhook,
}

/// The members of the type named `owner`, standing in `context`.
pub(crate) fn fields(owner: &str, fields: &[jing_spec::Field], context: Context) -> Vec<Field> {
    fields
        .iter()
        .map(|field| self::field(owner, field, context))
        .collect()
}

/// A path, query or header parameter of the request named `owner`; one with documented
/// values gets its open enum, as a field does.
pub(crate) fn param(owner: &str, param: &jing_spec::Param, kind: ParamKind) -> Field {
    let mut lowered = field(owner, &param.as_field(), Context::Param(kind));
    lowered.secret = param.secret;
    lowered
}

/// One member of the type named `owner`, standing in `context`.
pub(crate) fn field(owner: &str, field: &jing_spec::Field, context: Context) -> Field {
    let references = match context {
        Context::Member => {
            let mut references = vec![docs::required_line(field.required)];
            references.extend(docs::value_lines(field));
            references
        }
        Context::Param(kind) => {
            let mut references = vec![docs::param_line(kind, &field.name, field.required)];
            references.extend(docs::value_lines(field));
            references
        }
        Context::Webhook => vec![docs::wire_member_line(&field.name)],
    };
    let nested = nested(owner, field, context);
    let rust = match &nested {
        Some(Nested::Shape(shape)) => RustType::Named(shape.clone()),
        Some(Nested::Object(ObjectType { name, .. }) | Nested::Enum(EnumType { name, .. })) => {
            RustType::of(&field.ty, Some(name))
        }
        None => RustType::of(&field.ty, None),
    };
    Field {
        wire: field.name.clone(),
        ident: names::field_name(&field.name),
        ty: field.ty.clone(),
        rust,
        required: field.required,
        nullable: field.nullable,
        credential: field.credential,
        secret: field.credential.is_some_and(Credential::is_secret),
        doc: docs::bilingual(&field.doc, &references),
        summary: docs::plain_summary(&field.doc),
        nested,
    }
}

/// The type of its own `field` has: a payload shape it names, an enum of its documented
/// values, or an object of its members.
fn nested(owner: &str, field: &jing_spec::Field, context: Context) -> Option<Nested> {
    if let Some(shape) = &field.shape {
        return Some(Nested::Shape(shape.clone()));
    }
    if field.values.is_empty() && field.fields.is_empty() {
        return None;
    }
    let name = type_names::nested(owner, field);
    let doc = type_doc(&field.doc);
    if let Some(values) = field.values.split_first() {
        return Some(Nested::Enum(enums::enum_type(name, doc, &field.ty, values)));
    }
    // The members of a nested object stand where the object does (a parameter has none).
    let inner = match context {
        Context::Webhook => Context::Webhook,
        Context::Member | Context::Param(_) => Context::Member,
    };
    let fields = fields(&name, &field.fields, inner);
    Some(Nested::Object(ObjectType {
        name,
        doc,
        fields,
        custom_fields: CustomFields::Absent,
    }))
}

/// A type of its own below some members, as the walk finds it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NestedRef<'a> {
    /// A nested object.
    Object(&'a ObjectType),
    /// An open enum.
    Enum(&'a EnumType),
}

/// Every nested object and enum type below `fields`, depth first (an object before the
/// types below it); payload shapes are declared on their own and not walked into. Plain
/// data: each emitter decides what a nested object becomes on its side.
pub(crate) fn nested_types<'a>(fields: impl IntoIterator<Item = &'a Field>) -> Vec<NestedRef<'a>> {
    let mut found = Vec::new();
    for field in fields {
        match &field.nested {
            Some(Nested::Object(object)) => {
                found.push(NestedRef::Object(object));
                found.extend(nested_types(&object.fields));
            }
            Some(Nested::Enum(enumeration)) => found.push(NestedRef::Enum(enumeration)),
            Some(Nested::Shape(_)) | None => {}
        }
    }
    found
}

/// The doc lines of a type with the spec's `doc` and no reference lines.
pub(crate) fn type_doc(doc: &Doc) -> Vec<String> {
    docs::bilingual(doc, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Variants;

    #[test]
    fn rust_types_name_the_innermost_nested_type() {
        let cases = [
            ("string", None, RustType::String),
            (
                "array<object>",
                Some("Identity"),
                RustType::Vec(Box::new(RustType::Named("Identity".to_owned()))),
            ),
            ("map<any>", None, RustType::Map(Box::new(RustType::Json))),
            ("object", None, RustType::Json),
            (
                "array<string>",
                Some("Kind"),
                RustType::Vec(Box::new(RustType::Named("Kind".to_owned()))),
            ),
        ];
        for (spec, nested, expected) in cases {
            let ty: TypeRef = spec.parse().expect("valid type");
            assert_eq!(RustType::of(&ty, nested), expected, "{spec}");
        }
    }

    #[test]
    fn members_carry_their_final_names_types_and_nested_types() {
        let api = crate::testing::leads();
        let (_, typed) = crate::testing::typed(&api, "shift_lead");
        let fields = typed.body.fields();
        let [kind, owner, tags] = fields else {
            panic!("three members: {fields:?}");
        };
        // A keyword gets a trailing underscore; the wire name stays as written.
        assert_eq!((kind.ident.as_str(), kind.wire.as_str()), ("type_", "type"));
        assert_eq!(kind.plain_scalar(), Some(&TypeRef::String));
        assert!(kind.nullable && kind.doc.iter().any(|line| line.contains("`null`")));
        assert_eq!(owner.rust, RustType::Named("ShiftLeadOwner".to_owned()));
        assert_eq!(
            owner.object_fields()[0].rust,
            RustType::Named("ShiftLeadOwnerAddress".to_owned())
        );
        assert_eq!(
            tags.rust,
            RustType::Vec(Box::new(RustType::Named("LeadTag".to_owned())))
        );
        assert_eq!(tags.value_texts(), ["hot", "cold"]);
        assert!(tags.plain_scalar().is_none());

        // Depth first: an object before the types below it; parameters' enums as well.
        let names: Vec<&str> = nested_types(fields.iter().chain(&typed.query))
            .into_iter()
            .map(|nested| match nested {
                NestedRef::Object(object) => object.name.as_str(),
                NestedRef::Enum(enumeration) => enumeration.name.as_str(),
            })
            .collect();
        assert_eq!(
            names,
            [
                "ShiftLeadOwner",
                "ShiftLeadOwnerAddress",
                "LeadTag",
                "ShiftLeadMode"
            ]
        );

        // A parameter's docs say where it travels.
        let mode = &typed.query[0];
        assert!(
            mode.doc
                .iter()
                .any(|line| line.contains("Query parameter `mode`"))
        );
        assert!(
            matches!(&mode.nested, Some(Nested::Enum(e)) if matches!(e.variants, Variants::Text(_)))
        );
    }
}
