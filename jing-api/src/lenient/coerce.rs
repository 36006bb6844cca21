//! 响应解码的宽松层 · The layer that makes response decoding forgiving of scalar forms.
//!
//! [`Coerce`] wraps a serde deserializer. Wherever the target type asks for a scalar (an
//! integer, a number, a boolean, a string), it reads whatever JSON scalar is there through
//! the same conversions as the [`checked`](super::checked) readers: `"3"` for 3, `1` for
//! `true`, `42` for `"42"`. A value of another kind (an object where a string belongs), or
//! `null` for a member that is not an `Option`, is an error naming what was expected. Maps,
//! sequences and options pass through, with their contents wrapped again, so the rule holds
//! at every depth. The generated response types therefore need no reader per member, and
//! the client decodes `data` through this layer.
//!
//! One limit: serde buffers the members of a struct with a `#[serde(flatten)]` member and
//! reads them outside any wrapper, so those members keep per-member readers (the generator
//! emits them there).

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, Error as _, MapAccess, SeqAccess, Unexpected,
    Visitor,
};

use super::scalar::{Found, Kind, Read, scalar};

/// A deserializer that reads each scalar in the form the target type asks for.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Data {
///     id: String,
///     count: Option<i64>,
/// }
///
/// let mut json = serde_json::Deserializer::from_str(r#"{"id": 7, "count": "59"}"#);
/// let data = Data::deserialize(jing_api::lenient::Coerce::new(&mut json))?;
/// assert_eq!((data.id.as_str(), data.count), ("7", Some(59)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug)]
pub struct Coerce<D>(D);

impl<D> Coerce<D> {
    /// Wraps `deserializer`.
    pub fn new(deserializer: D) -> Self {
        Coerce(deserializer)
    }
}

impl<'de, D: Deserializer<'de>> Coerce<D> {
    /// Reads a `K` from any scalar form and hands it to `visitor` through `hand`.
    fn read<K: Kind, V: Visitor<'de>>(
        self,
        visitor: V,
        hand: impl FnOnce(V, K) -> Result<V::Value, D::Error>,
    ) -> Result<V::Value, D::Error> {
        Self::hand_on(scalar::<D, K>(self.0)?, visitor, hand)
    }

    /// What was read, handed to `visitor`; `null` or a value of another kind is an error
    /// naming what `K` expects.
    fn hand_on<K: Kind, V: Visitor<'de>>(
        read: Read<K>,
        visitor: V,
        hand: impl FnOnce(V, K) -> Result<V::Value, D::Error>,
    ) -> Result<V::Value, D::Error> {
        match read {
            Read::Value(value) => hand(visitor, value),
            Read::Null => Err(D::Error::invalid_type(Unexpected::Unit, &K::EXPECTED)),
            Read::Mismatch(found) => Err(D::Error::invalid_type(found.unexpected(), &K::EXPECTED)),
        }
    }
}

/// Integer requests: read as `i64`, which the target's visitor narrows (and range-checks);
/// an unsigned number above `i64::MAX` (or its text) is handed on as it is, for `u64`
/// targets.
macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            match scalar::<D, i64>(self.0)? {
                Read::Mismatch(Found::Unsigned(value)) => visitor.visit_u64(value),
                Read::Mismatch(Found::Text(text)) if text.trim().parse::<u64>().is_ok() => {
                    visitor.visit_u64(text.trim().parse().unwrap_or_default())
                }
                other => Self::hand_on(other, visitor, |visitor, value| visitor.visit_i64(value)),
            }
        }
    )*};
}

/// Requests that carry no scalar of their own: passed on, with what they contain wrapped.
macro_rules! wrapped {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Wrap(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Coerce<D> {
    type Error = D::Error;

    integers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);

    wrapped!(deserialize_any deserialize_i128 deserialize_u128 deserialize_bytes
        deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.read::<f64, V>(visitor, |visitor, value| visitor.visit_f64(value))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.read::<bool, V>(visitor, |visitor, value| visitor.visit_bool(value))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.read::<String, V>(visitor, |visitor, value| visitor.visit_string(value))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, Wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A visitor whose nested values (option contents, map values, sequence items) are read
/// through [`Coerce`] again; scalars pass through unchanged.
struct Wrap<V>(V);

/// Scalar visits, passed on as they are.
macro_rules! pass {
    ($($method:ident: $ty:ty)*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.0.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    pass!(visit_bool: bool visit_i64: i64 visit_u64: u64 visit_i128: i128 visit_u128: u128
        visit_f64: f64 visit_char: char visit_str: &str visit_borrowed_str: &'de str
        visit_string: String visit_bytes: &[u8] visit_borrowed_bytes: &'de [u8]
        visit_byte_buf: Vec<u8>);

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Coerce(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Coerce(deserializer))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Wrap(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Wrap(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        // Variant contents are read as they are: generated types have no serde enums.
        self.0.visit_enum(data)
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// A seed whose deserializer is wrapped in [`Coerce`].
struct Seed<T>(T);

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T::Value, D::Error> {
        self.0.deserialize(Coerce(deserializer))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::Coerce;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Outer {
        id: String,
        flag: Option<bool>,
        rows: Vec<Row>,
        counts: BTreeMap<String, i64>,
        any: Option<serde_json::Value>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Row {
        score: f64,
        small: Option<u8>,
    }

    fn read<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
        let mut json = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(Coerce::new(&mut json))
            .map_err(|error| format!("{}: {}", error.path(), error.inner()))
    }

    #[test]
    fn scalars_are_read_in_the_form_asked_for_at_every_depth() {
        let outer: Result<Outer, String> = read(
            r#"{"id": 7, "flag": "1", "rows": [{"score": "2.5", "small": "9"}, {"score": 3}],
                "counts": {"a": "4", "b": 5.0}, "any": {"kept": "as is"}}"#,
        );
        assert_eq!(
            outer,
            Ok(Outer {
                id: "7".to_owned(),
                flag: Some(true),
                rows: vec![
                    Row {
                        score: 2.5,
                        small: Some(9)
                    },
                    Row {
                        score: 3.0,
                        small: None
                    },
                ],
                counts: BTreeMap::from([("a".to_owned(), 4), ("b".to_owned(), 5)]),
                any: Some(serde_json::json!({"kept": "as is"})),
            })
        );
    }

    #[test]
    fn unsigned_numbers_above_i64_reach_u64_members() {
        let big: Result<BTreeMap<String, u64>, String> = read(r#"{"a": 18446744073709551615}"#);
        assert_eq!(big, Ok(BTreeMap::from([("a".to_owned(), u64::MAX)])));
        let text: Result<BTreeMap<String, u64>, String> = read(r#"{"a": "14287734111135740000"}"#);
        assert_eq!(
            text,
            Ok(BTreeMap::from([(
                "a".to_owned(),
                14_287_734_111_135_740_000
            )])),
            "an id sent as text"
        );
        let small: Result<BTreeMap<String, i64>, String> = read(r#"{"a": "14287734111135740000"}"#);
        assert!(small.is_err(), "beyond i64: {small:?}");
    }

    #[test]
    fn other_kinds_nulls_for_required_members_and_overflow_are_located_errors() {
        let cases = [
            (r#"{"score": {"n": 1}}"#, "score: invalid type: map"),
            (r#"{"score": null}"#, "score: invalid type: null"),
            (r#"{"score": "abc"}"#, "score: invalid type: string \"abc\""),
            (
                r#"{"score": 1, "small": "300"}"#,
                "small: invalid value: integer `300`",
            ),
        ];
        for (text, start) in cases {
            let error = read::<Row>(text).err().unwrap_or_default();
            assert!(error.starts_with(start), "{text}: {error}");
        }
    }
}
