//! 响应对象的反序列化宏 · The `Deserialize` impl of a response type, as a macro.
//!
//! Every response type (but those with flattened custom fields, which keep serde's derive)
//! is read by the same map visitor: each member matched by its wire name, unknown members
//! ignored, a missing required member reported by name, `null` or absent for an optional
//! one read as `None`. Written once here as a `macro_rules!` macro, the generated files carry
//! one line per member, and the compiler expands a small visitor instead of serde's derive
//! (which also emits a field enum and a sequence visitor per type): `cargo check` of a large
//! generated crate takes about a third less time. Members are read through the deserializer
//! the impl is given, so the client's [`Coerce`](super::Coerce) layer still applies.

/// The `Deserialize` impl of a generated response type (called by generated code only).
///
/// `__response_deserialize! { Type, "what the error says was expected"; required member =
/// "wire"; optional other = "wire2"; }`: each member by its Rust name and wire name; a
/// `required` member missing from the object is an error, an `optional` one is `None`.
#[doc(hidden)]
#[macro_export]
macro_rules! __response_deserialize {
    ($ty:ident, $expecting:literal; $($kind:ident $member:ident = $wire:literal;)*) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = $ty;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str($expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        // One slot per member, named after it (macro hygiene keeps `map` and
                        // `key` apart from members of those names).
                        $(let mut $member = None;)*
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                $($wire => $member = Some(map.next_value()?),)*
                                _ => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok($ty {
                            $($member: $crate::__response_deserialize!(@finish $kind $member $wire),)*
                        })
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    };
    (@finish required $member:ident $wire:literal) => {
        $member.ok_or_else(|| serde::de::Error::missing_field($wire))?
    };
    (@finish optional $member:ident $wire:literal) => {
        $member.flatten()
    };
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    /// Members named like the visitor's own locals, and a keyword member.
    #[derive(Debug, PartialEq)]
    struct Sample {
        map: Option<i64>,
        key: String,
        type_: Option<bool>,
    }

    crate::__response_deserialize! {
        Sample, "an object (Sample)";
        optional map = "map";
        required key = "key";
        optional type_ = "type";
    }

    fn read(text: &str) -> Result<Sample, String> {
        let mut json = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, Sample>(super::super::Coerce::new(&mut json))
            .map_err(|error| format!("{}: {}", error.path(), error.inner()))
    }

    #[test]
    fn members_are_matched_by_wire_name_whatever_their_rust_name() {
        let expected = Sample {
            map: Some(3),
            key: "k".to_owned(),
            type_: Some(true),
        };
        let read_back = read(r#"{"extra": [1, {"x": 2}], "type": "1", "key": "k", "map": "3"}"#);
        assert_eq!(read_back, Ok(expected));
        let sparse = read(r#"{"key": 7, "map": null}"#);
        assert_eq!(
            sparse,
            Ok(Sample {
                map: None,
                key: "7".to_owned(),
                type_: None
            })
        );
    }

    #[test]
    fn a_missing_required_member_or_a_non_object_is_an_error() {
        let missing = read(r#"{"map": 1}"#).err().unwrap_or_default();
        assert!(missing.contains("missing field `key`"), "{missing}");
        let array = read("[1, 2]").err().unwrap_or_default();
        assert!(array.contains("expected an object (Sample)"), "{array}");
        let wrong = read(r#"{"key": "k", "map": {"n": 1}}"#)
            .err()
            .unwrap_or_default();
        assert!(wrong.starts_with("map: invalid type: map"), "{wrong}");
    }

    #[test]
    fn it_is_a_plain_deserialize_impl() {
        let value = serde_json::json!({"key": "k"});
        let sample = Sample::deserialize(value).map_err(|error| error.to_string());
        assert_eq!(sample.map(|sample| sample.key), Ok("k".to_owned()));
    }
}
