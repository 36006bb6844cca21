//! What the importer's unit tests build facts with.

use jing_spec::TypeRef;

use super::facts::{FactField, Label, ValueFacts};

impl FactField {
    /// A required member with a name and a type and nothing else read from a page, as the
    /// importer's unit tests make them.
    pub(crate) fn bare(name: &str, ty: TypeRef) -> Self {
        FactField {
            name: name.to_owned(),
            ty,
            required: Some(true),
            label: Label::default(),
            values: Vec::new(),
            labels: Vec::new(),
            value: ValueFacts::default(),
            fields: Vec::new(),
        }
    }

    /// [`FactField::bare`] whose required flag is `required` (`None`: the page says nothing).
    pub(crate) fn bare_required(name: &str, ty: TypeRef, required: Option<bool>) -> Self {
        FactField {
            required,
            ..FactField::bare(name, ty)
        }
    }

    /// [`FactField::bare`] holding the members `fields` (an object's, a list's items').
    pub(crate) fn bare_with(name: &str, ty: TypeRef, fields: Vec<FactField>) -> Self {
        FactField {
            fields,
            ..FactField::bare(name, ty)
        }
    }
}
