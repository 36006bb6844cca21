//! Reading members whose JSON form servers do not keep to.
//!
//! 宽松读取：数字与数字字符串互读，`null` 视为缺省；响应中类型不符仍报错，Webhook 中得到 `None`。
//!
//! The docs contradict themselves on types (ids as numbers in one sample and strings in
//! another; `"0"` for a code), so strings and numbers are read as each other, `0`/`1` and
//! `"true"`/`"false"` as booleans, and `null` as absent. Three ways share one reading:
//!
//! - [`Coerce`]: how the client reads every response's `data`. A deserializer wrapper that
//!   gives each scalar the form its member asks for, at every depth, so the generated
//!   response types need no reader per member. A value of another kind is an error, and so
//!   is `null` for a required member, so nothing is silently lost or invented: the call
//!   fails with a located `Error::Decode` that still gives the raw `data`.
//! - [`checked`]: the same rule as per-member `deserialize_with` readers, for the members
//!   of a struct with flattened custom fields (serde reads those outside any wrapper) and
//!   for the open enums.
//! - [`string`], [`integer`], [`number`], [`boolean`], [`value`]: for webhook payloads, which
//!   must never fail. A value of another kind (an object where a string is expected) is
//!   `None`; the whole body is still kept in `Received::raw`.
//!
//! Each reader looks at the JSON token once (no intermediate `Value`) for scalars.

mod coerce;
mod object;

pub use coerce::Coerce;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Number, Value};

/// What a member held.
enum Read<T> {
    /// `null` (or nothing).
    Null,
    /// A value read as `T`, possibly from its other JSON form.
    Value(T),
    /// A value of a kind `T` cannot be read from.
    Mismatch(Found),
}

/// The kind of JSON value that did not fit, for the error message.
#[derive(Debug, Clone, PartialEq)]
enum Found {
    Text(String),
    Integer(i64),
    Unsigned(u64),
    Float(f64),
    Bool(bool),
    Map,
    Seq,
}

impl Found {
    fn unexpected(&self) -> Unexpected<'_> {
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
trait Kind: Sized {
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

fn scalar<'de, D: Deserializer<'de>, T: Kind>(deserializer: D) -> Result<Read<T>, D::Error> {
    deserializer.deserialize_any(ScalarVisitor(PhantomData))
}

fn forgiving<T>(read: Read<T>) -> Option<T> {
    match read {
        Read::Value(value) => Some(value),
        Read::Null | Read::Mismatch(_) => None,
    }
}

/// A string; numbers and booleans are read as their JSON text. Never fails.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    scalar(deserializer).map(forgiving)
}

/// An integer; integral floats (`3.0`) and numeric strings (`"59"`) are read too. Never fails.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    scalar(deserializer).map(forgiving)
}

/// A number; numeric strings are read too. Never fails.
pub fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    scalar(deserializer).map(forgiving)
}

/// A boolean; `0`/`1` and `"true"`/`"false"`/`"0"`/`"1"` are read too. Never fails.
pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    scalar(deserializer).map(forgiving)
}

/// Any other type (objects, arrays, maps): `None` when the value does not fit. Never fails.
pub fn value<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Null => None,
        other => T::deserialize(other).ok(),
    })
}

/// Readers for API responses: the other JSON form is read, a value of another kind is an
/// error, and `null` is an error for a required member.
pub mod checked {
    use serde::Deserializer;
    use serde::de::{Error as _, Unexpected};

    use super::{Kind, Read, scalar};

    fn optional<'de, D: Deserializer<'de>, T: Kind>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        match scalar::<D, T>(deserializer)? {
            Read::Null => Ok(None),
            Read::Value(value) => Ok(Some(value)),
            Read::Mismatch(found) => Err(D::Error::invalid_type(found.unexpected(), &T::EXPECTED)),
        }
    }

    fn required<'de, D: Deserializer<'de>, T: Kind>(deserializer: D) -> Result<T, D::Error> {
        match scalar::<D, T>(deserializer)? {
            Read::Null => Err(D::Error::invalid_type(Unexpected::Unit, &T::EXPECTED)),
            Read::Value(value) => Ok(value),
            Read::Mismatch(found) => Err(D::Error::invalid_type(found.unexpected(), &T::EXPECTED)),
        }
    }

    /// An optional string; numbers and booleans are read as their text.
    pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        optional(deserializer)
    }

    /// An optional integer; numeric strings and integral floats are read too.
    pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        optional(deserializer)
    }

    /// An optional unsigned integer (ids beyond `i64`); numeric strings are read too.
    pub fn unsigned<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
        optional(deserializer)
    }

    /// An optional number; numeric strings are read too.
    pub fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
        optional(deserializer)
    }

    /// An optional boolean; `0`/`1` and `"true"`/`"false"` are read too.
    pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
        optional(deserializer)
    }

    /// A required string; numbers and booleans are read as their text.
    pub fn required_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        required(deserializer)
    }

    /// A required integer; numeric strings and integral floats are read too.
    pub fn required_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        required(deserializer)
    }

    /// A required unsigned integer (ids beyond `i64`); numeric strings are read too.
    pub fn required_unsigned<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        required(deserializer)
    }

    /// A required number; numeric strings are read too.
    pub fn required_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        required(deserializer)
    }

    /// A required boolean; `0`/`1` and `"true"`/`"false"` are read too.
    pub fn required_boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        required(deserializer)
    }
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

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Checked {
        #[serde(deserialize_with = "super::checked::required_string")]
        id: String,
        #[serde(default, deserialize_with = "super::checked::integer")]
        count: Option<i64>,
        #[serde(default, deserialize_with = "super::checked::boolean")]
        flag: Option<bool>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Forgiving {
        #[serde(default, deserialize_with = "super::string")]
        id: Option<String>,
        #[serde(default, deserialize_with = "super::integer")]
        count: Option<i64>,
    }

    #[test]
    fn checked_readers_take_the_other_form_and_refuse_other_kinds() {
        let read =
            |value| serde_json::from_value::<Checked>(value).map_err(|error| error.to_string());
        let expected = Checked {
            id: "7".to_owned(),
            count: Some(3),
            flag: Some(true),
        };
        assert_eq!(
            read(json!({"id": 7, "count": "3", "flag": 1})),
            Ok(expected)
        );
        assert_eq!(
            read(json!({"id": "x", "count": null})).map(|checked| checked.count),
            Ok(None)
        );
        let object = read(json!({"id": {"nested": 1}})).err().unwrap_or_default();
        assert!(object.contains("invalid type: map"), "{object}");
        let null = read(json!({"id": null})).err().unwrap_or_default();
        assert!(null.contains("invalid type: null"), "{null}");
        let text = read(json!({"id": "x", "count": "many"}))
            .err()
            .unwrap_or_default();
        assert!(text.contains("\"many\""), "{text}");
    }

    #[test]
    fn forgiving_readers_never_fail() {
        let read = |value| serde_json::from_value::<Forgiving>(value).ok();
        assert_eq!(
            read(json!({"id": [1, 2], "count": {"a": 1}})),
            Some(Forgiving {
                id: None,
                count: None
            })
        );
        assert_eq!(
            read(json!({"id": 59, "count": 3.0})),
            Some(Forgiving {
                id: Some("59".to_owned()),
                count: Some(3)
            })
        );
    }
}
