//! Lenient readers for webhook members, used by the generated payload types through
//! `#[serde(deserialize_with = ...)]`.
//!
//! 宽松读取：类型不符时得到 `None`，而不是报错。
//!
//! Each reader takes whatever JSON value is there and never fails on it: `null` and values
//! it cannot read are `None`. The docs contradict themselves on types (ids as numbers in
//! one sample and strings in another), so strings and numbers are read as each other.
//! Nothing is lost by this: [`super::Received::raw`] keeps the body whole.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Number, Value};

/// A string; numbers and booleans are read as their JSON text.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => Some(text),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    })
}

/// An integer; integral floats (`3.0`) and numeric strings (`"59"`) are read too.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Number(number) => integer_of(&number),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    })
}

/// A number; numeric strings are read too.
pub fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    })
}

/// A boolean; `0`/`1` and `"true"`/`"false"`/`"0"`/`"1"` are read too.
pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Bool(flag) => Some(flag),
        Value::Number(number) => match integer_of(&number) {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(text) => match text.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// Any other type (objects, arrays, maps): `None` when the value does not fit.
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

/// An integer from a JSON number: integers as they are, floats only when integral.
pub(crate) fn integer_of(number: &Number) -> Option<i64> {
    number.as_i64().or_else(|| {
        number
            .as_f64()
            .filter(|float| float.fract() == 0.0 && float.abs() < 9.0e15)
            .map(|float| float as i64)
    })
}
