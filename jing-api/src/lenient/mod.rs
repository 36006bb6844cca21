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
//! Each reader looks at the JSON token once (no intermediate `Value`) for scalars, through
//! the one reading of `lenient/scalar.rs`.

mod coerce;
mod object;
mod scalar;

pub use coerce::Coerce;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

pub(crate) use scalar::integer_of;
use scalar::{Read, scalar};

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

    use super::scalar::{Kind, Read, scalar};

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
