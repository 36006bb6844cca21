//! Type expressions of the spec: `string`, `array<object>`, `map<integer>`, ….

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A type in the spec, written as `string`, `integer`, `u64`, `number`, `boolean`, `any`,
/// `object`, `map<T>` or `array<T>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// A JSON string.
    String,
    /// A JSON integer (a Rust `i64`).
    Integer,
    /// A JSON integer beyond `i64`, never negative: ids such as `14287734111135740000`
    /// (a Rust `u64`).
    U64,
    /// A JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Any JSON value; used where the docs do not show the shape.
    Any,
    /// An object whose members are listed under `fields`.
    Object,
    /// An array of the inner type.
    Array(Box<TypeRef>),
    /// An object keyed by strings whose values are the inner type.
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// The innermost type, through arrays and maps.
    pub fn innermost(&self) -> &TypeRef {
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.innermost(),
            other => other,
        }
    }

    /// Whether `value` may be an example or a default of a member of this type: a scalar's
    /// is a scalar (on a number type a number, or its text); anything else's is any JSON.
    /// The validator refuses, and the importer drops, what does not fit.
    pub fn takes_value(&self, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (self, value) {
            (ty, Value::Array(_) | Value::Object(_)) => !ty.is_scalar(),
            (TypeRef::Integer | TypeRef::U64 | TypeRef::Number, Value::String(text)) => {
                text.trim().parse::<f64>().is_ok()
            }
            (TypeRef::Integer | TypeRef::U64 | TypeRef::Number, number) => number.is_number(),
            _ => true,
        }
    }

    /// Whether `minimum` and `maximum` bound this type (numbers, and lists of them).
    pub fn takes_number_limits(&self) -> bool {
        matches!(
            self.innermost(),
            TypeRef::Integer | TypeRef::U64 | TypeRef::Number
        )
    }

    /// Whether `min_length` and `max_length` bound this type (texts, and lists of them).
    pub fn takes_length_limits(&self) -> bool {
        *self.innermost() == TypeRef::String
    }

    /// Whether the type is a scalar that fits in a query string or a header.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            TypeRef::String | TypeRef::Integer | TypeRef::U64 | TypeRef::Number | TypeRef::Boolean
        )
    }
}

impl FromStr for TypeRef {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let generic = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix('>'))
        };
        if let Some(inner) = generic("array<") {
            return Ok(TypeRef::Array(Box::new(inner.parse()?)));
        }
        if let Some(inner) = generic("map<") {
            return Ok(TypeRef::Map(Box::new(inner.parse()?)));
        }
        match text {
            "string" => Ok(TypeRef::String),
            "integer" => Ok(TypeRef::Integer),
            "u64" => Ok(TypeRef::U64),
            "number" => Ok(TypeRef::Number),
            "boolean" => Ok(TypeRef::Boolean),
            "any" => Ok(TypeRef::Any),
            "object" => Ok(TypeRef::Object),
            "map" => Ok(TypeRef::Map(Box::new(TypeRef::Any))),
            other => Err(format!(
                "unknown type `{other}`, expected one of string, integer, u64, number, boolean, any, object, map<T>, array<T>"
            )),
        }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::String => f.write_str("string"),
            TypeRef::Integer => f.write_str("integer"),
            TypeRef::U64 => f.write_str("u64"),
            TypeRef::Number => f.write_str("number"),
            TypeRef::Boolean => f.write_str("boolean"),
            TypeRef::Any => f.write_str("any"),
            TypeRef::Object => f.write_str("object"),
            TypeRef::Array(inner) => write!(f, "array<{inner}>"),
            TypeRef::Map(inner) => write!(f, "map<{inner}>"),
        }
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::TypeRef;

    #[test]
    fn type_refs_parse_and_print_back() {
        let cases = [
            ("string", TypeRef::String),
            ("u64", TypeRef::U64),
            ("array<object>", TypeRef::Array(Box::new(TypeRef::Object))),
            ("map", TypeRef::Map(Box::new(TypeRef::Any))),
            (
                "array<map<integer>>",
                TypeRef::Array(Box::new(TypeRef::Map(Box::new(TypeRef::Integer)))),
            ),
        ];
        for (text, expected) in cases {
            let parsed: TypeRef = text.parse().expect("valid type");
            assert_eq!(parsed, expected, "{text}");
        }
        assert_eq!(
            "array<map<integer>>"
                .parse::<TypeRef>()
                .map(|t| t.to_string()),
            Ok("array<map<integer>>".to_owned())
        );
        assert!("strng".parse::<TypeRef>().is_err());
        assert!("array<strng>".parse::<TypeRef>().is_err());
        assert!("array<string".parse::<TypeRef>().is_err());
    }
}
