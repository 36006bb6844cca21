//! The one reading every lenient reader shares: what JSON value a member held, read as
//! the scalar kind it asks for from either of its JSON forms (a number from a numeric
//! string, a string from a number, a boolean from `0`/`1`), or the kind of value that did
//! not fit. The forgiving readers of `lenient`, its `checked` readers and the
//! [`Coerce`](super::Coerce) wrapper all read through [`scalar`], so they agree.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::Number;

/// What a member held.
pub(super) enum Read<T> {
    /// `null` (or nothing).
    Null,
    /// A value read as `T`, possibly from its other JSON form.
    Value(T),
    /// A value of a kind `T` cannot be read from.
    Mismatch(Found),
}

/// The kind of JSON value that did not fit, for the error message.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Found {
    Text(String),
    Integer(i64),
    Unsigned(u64),
    Float(f64),
    Bool(bool),
    Map,
    Seq,
}

impl Found {
    pub(super) fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Found::Text(text) => Unexpected::Str(text),
            Found::Integer(number) => Unexpected::Signed(*number),
            Found::Unsigned(number) => Unexpected::Unsigned(*number),
            Found::Float(number) => Unexpected::Float(*number),
            Found::Bool(flag) => Unexpected::Bool(*flag),
            Found::Map => Unexpected::Map,
            Found::Seq => Unexpected::Seq,
        }
    }
}

/// A scalar kind and how it is read from each JSON form.
pub(super) trait Kind: Sized {
    /// What the error says was expected.
    const EXPECTED: &'static str;
    fn from_text(text: &str) -> Option<Self>;
    fn from_i64(number: i64) -> Option<Self>;
    fn from_u64(number: u64) -> Option<Self>;
    fn from_f64(number: f64) -> Option<Self>;
    fn from_bool(flag: bool) -> Option<Self>;
}

impl Kind for String {
    const EXPECTED: &'static str = "a string (or a number or boolean, read as its text)";
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
    fn from_i64(number: i64) -> Option<Self> {
        Some(number.to_string())
    }
    fn from_u64(number: u64) -> Option<Self> {
        Some(number.to_string())
    }
    fn from_f64(number: f64) -> Option<Self> {
        Number::from_f64(number).map(|number| number.to_string())
    }
    fn from_bool(flag: bool) -> Option<Self> {
        Some(flag.to_string())
    }
}

impl Kind for i64 {
    const EXPECTED: &'static str = "an integer (or a numeric string)";
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
    fn from_i64(number: i64) -> Option<Self> {
        Some(number)
    }
    fn from_u64(number: u64) -> Option<Self> {
        i64::try_from(number).ok()
    }
    fn from_f64(number: f64) -> Option<Self> {
        Number::from_f64(number).and_then(|number| integer_of(&number))
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Kind for u64 {
    const EXPECTED: &'static str = "an unsigned integer (or a numeric string)";
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
    fn from_i64(number: i64) -> Option<Self> {
        u64::try_from(number).ok()
    }
    fn from_u64(number: u64) -> Option<Self> {
        Some(number)
    }
    fn from_f64(number: f64) -> Option<Self> {
        Number::from_f64(number)
            .and_then(|number| integer_of(&number))
            .and_then(|number| u64::try_from(number).ok())
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Kind for f64 {
    const EXPECTED: &'static str = "a number (or a numeric string)";
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
    fn from_i64(number: i64) -> Option<Self> {
        Some(number as f64)
    }
    fn from_u64(number: u64) -> Option<Self> {
        Some(number as f64)
    }
    fn from_f64(number: f64) -> Option<Self> {
        Some(number)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Kind for bool {
    const EXPECTED: &'static str = "a boolean (or 0/1, \"true\"/\"false\")";
    fn from_text(text: &str) -> Option<Self> {
        match text.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }
    fn from_i64(number: i64) -> Option<Self> {
        match number {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn from_u64(number: u64) -> Option<Self> {
        i64::try_from(number).ok().and_then(Self::from_i64)
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn from_bool(flag: bool) -> Option<Self> {
        Some(flag)
    }
}

struct ScalarVisitor<T>(PhantomData<T>);

impl<T: Kind> ScalarVisitor<T> {
    fn read(value: Option<T>, found: Found) -> Read<T> {
        value.map_or(Read::Mismatch(found), Read::Value)
    }
}

impl<'de, T: Kind> Visitor<'de> for ScalarVisitor<T> {
    type Value = Read<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Read<T>, E> {
        Ok(Self::read(T::from_text(text), Found::Text(text.to_owned())))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Read<T>, E> {
        Ok(Self::read(T::from_i64(number), Found::Integer(number)))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Read<T>, E> {
        Ok(Self::read(T::from_u64(number), Found::Unsigned(number)))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Read<T>, E> {
        Ok(Self::read(T::from_f64(number), Found::Float(number)))
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Read<T>, E> {
        Ok(Self::read(T::from_bool(flag), Found::Bool(flag)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Read<T>, E> {
        Ok(Read::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Read<T>, E> {
        Ok(Read::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Read<T>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read<T>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Read::Mismatch(Found::Map))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Read<T>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Read::Mismatch(Found::Seq))
    }
}

pub(super) fn scalar<'de, D: Deserializer<'de>, T: Kind>(
    deserializer: D,
) -> Result<Read<T>, D::Error> {
    deserializer.deserialize_any(ScalarVisitor(PhantomData))
}

/// An integer from a JSON number: integers as they are, floats only when integral.
pub(crate) fn integer_of(number: &Number) -> Option<i64> {
    number.as_i64().or_else(|| {
        number
            .as_f64()
            .filter(|float| float.fract() == 0.0 && float.abs() < 9.0e15)
            .map(|float| float as i64)
    })
}
