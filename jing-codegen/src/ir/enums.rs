//! Open enums in the intermediate form: an [`EnumType`] over the documented values of a
//! member, its [`Variants`] over text or over integers ([`Numbered`]), never empty
//! ([`NonEmpty`]), each [`Variant`] with its final Rust name, wire value and docs; and its
//! lowering.

use jing_spec::names;
use jing_spec::{EnumValue, TypeRef};

use crate::docs;

/// An open enum: the documented values as variants, plus `Other`.
#[derive(Debug, Clone)]
pub(crate) struct EnumType {
    /// Its Rust name.
    pub(crate) name: String,
    /// Its doc lines.
    pub(crate) doc: Vec<String>,
    /// Its variants, over text or over integers.
    pub(crate) variants: Variants,
}

impl EnumType {
    /// The wire values, as written in the spec.
    pub(crate) fn wires(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match &self.variants {
            Variants::Text(variants) => {
                Box::new(variants.iter().map(|variant| variant.wire.as_str()))
            }
            Variants::Integer(numbered) => Box::new(
                numbered
                    .iter()
                    .map(|numbered| numbered.variant.wire.as_str()),
            ),
        }
    }
}

/// The variants of an open enum, by what its values are on the wire.
#[derive(Debug, Clone)]
pub(crate) enum Variants {
    /// Strings.
    Text(NonEmpty<Variant>),
    /// Integers (`1`, `2`, … each standing for something the docs describe).
    Integer(NonEmpty<Numbered>),
}

/// A list of at least one item: an enum has at least one documented value.
#[derive(Debug, Clone)]
pub(crate) struct NonEmpty<T> {
    /// The first item.
    pub(crate) first: T,
    /// The others, in order.
    pub(crate) rest: Vec<T>,
}

impl<T> NonEmpty<T> {
    /// Every item, the first first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        std::iter::once(&self.first).chain(&self.rest)
    }

    /// The list of `each` of the first value and of the rest (as `split_first` gives them).
    fn from_split<S>((first, rest): (&S, &[S]), mut each: impl FnMut(&S) -> T) -> NonEmpty<T> {
        NonEmpty {
            first: each(first),
            rest: rest.iter().map(each).collect(),
        }
    }

    /// As [`NonEmpty::from_split`], where `each` may fail: the first failure.
    fn try_from_split<S, E>(
        (first, rest): (&S, &[S]),
        mut each: impl FnMut(&S) -> Result<T, E>,
    ) -> Result<NonEmpty<T>, E> {
        Ok(NonEmpty {
            first: each(first)?,
            rest: rest.iter().map(each).collect::<Result<_, _>>()?,
        })
    }
}

/// One documented value of an enum.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    /// The variant's Rust name (`names::variant_name`).
    pub(crate) name: String,
    /// The value as the spec writes it.
    pub(crate) wire: String,
    /// Its doc lines: what it means and its wire value, or that the docs do not say.
    pub(crate) doc: Vec<String>,
}

/// A variant of an integer-coded enum, with its number.
#[derive(Debug, Clone)]
pub(crate) struct Numbered {
    /// The variant.
    pub(crate) variant: Variant,
    /// Its value on the wire.
    pub(crate) number: i64,
}

/// The open enum named `name` over `values` (the first and the rest, as `split_first`
/// gives them) of a member of type `ty`: over integers when its innermost type is
/// `integer` and each value is an integer (jing-spec's [`EnumValue::integer`]), over text
/// otherwise. The validator refuses an integer member with a value that is not an
/// integer, so a spec that passed it (`jing_spec::Valid`) never has such a member read
/// as text; the lowering needs no failure for it.
pub(crate) fn enum_type(
    name: String,
    doc: Vec<String>,
    ty: &TypeRef,
    values: (&EnumValue, &[EnumValue]),
) -> EnumType {
    let variant = |value: &EnumValue| {
        let doc = match &value.doc {
            Some(doc) => docs::bilingual(doc, &[docs::wire_value_line(&value.value)]),
            // The vendor does not describe the value: the docs say which it is.
            None => vec![docs::undescribed_value_line(&value.value)],
        };
        Variant {
            name: names::variant_name(&value.value),
            wire: value.value.clone(),
            doc,
        }
    };
    let numbered = (*ty.innermost() == TypeRef::Integer).then(|| {
        NonEmpty::try_from_split(values, |value| {
            let number = value.integer()?;
            Ok::<_, jing_spec::view::Unchecked>(Numbered {
                variant: variant(value),
                number,
            })
        })
    });
    let variants = match numbered {
        Some(Ok(numbered)) => Variants::Integer(numbered),
        Some(Err(_)) | None => Variants::Text(NonEmpty::from_split(values, variant)),
    };
    EnumType {
        name,
        doc,
        variants,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(texts: &[&str]) -> Vec<EnumValue> {
        let value = |text: &&str| EnumValue {
            value: (*text).to_owned(),
            doc: None,
        };
        texts.iter().map(value).collect()
    }

    #[test]
    fn integer_coded_values_keep_their_sign_and_text() {
        let values = values(&["-2", "01", "7"]);
        let split = values.split_first().expect("values");
        let ty: TypeRef = "array<integer>".parse().expect("valid type");
        let enumeration = enum_type("Level".to_owned(), Vec::new(), &ty, split);
        let Variants::Integer(numbered) = &enumeration.variants else {
            panic!("an integer enum");
        };
        let found: Vec<(&str, &str, i64)> = numbered
            .iter()
            .map(|n| (n.variant.name.as_str(), n.variant.wire.as_str(), n.number))
            .collect();
        assert_eq!(
            found,
            [("Minus2", "-2", -2), ("V01", "01", 1), ("V7", "7", 7)]
        );
        assert_eq!(enumeration.wires().collect::<Vec<_>>(), ["-2", "01", "7"]);
        // An undescribed value says which wire value it stands for.
        assert!(numbered.first.variant.doc[0].contains("`-2`"));
    }

    /// A spec the validator refused could have one; a `Valid` one never does, and the
    /// lowering needs no failure for it.
    #[test]
    fn an_integer_member_with_a_value_that_is_not_one_reads_as_text() {
        let values = values(&["1", "high"]);
        let split = values.split_first().expect("values");
        let enumeration = enum_type("Level".to_owned(), Vec::new(), &TypeRef::Integer, split);
        assert!(matches!(enumeration.variants, Variants::Text(_)));
    }

    #[test]
    fn text_values_are_variants_in_order() {
        let values = values(&["wechat_openid", "mobile"]);
        let split = values.split_first().expect("values");
        let enumeration = enum_type("Kind".to_owned(), Vec::new(), &TypeRef::String, split);
        let Variants::Text(variants) = &enumeration.variants else {
            panic!("a text enum");
        };
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["WechatOpenid", "Mobile"]);
        assert_eq!(variants.first.wire, "wechat_openid");
    }
}
