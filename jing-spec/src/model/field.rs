//! Members: a path, header or query parameter ([`Param`]) and a member of a body, a
//! response or a nested object ([`Field`]), with the facts a page states of each: type,
//! required flag, `nullable`, enum values and their labels, example, default and limits.

use serde::{Deserialize, Deserializer};

use super::{Credential, Doc, TypeRef};

/// A path, header or query parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The name on the wire.
    pub name: String,
    /// Its type (a scalar).
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Whether the docs require it.
    pub required: Required,
    /// What it carries (a missing doc is an empty one, which the validator refuses).
    #[serde(default)]
    pub doc: Doc,
    /// Filled in by the client from its credentials rather than by the caller.
    #[serde(default)]
    pub auth: bool,
    /// Carries a secret (a token, or the key a page's security scheme names): its value is
    /// hidden wherever the SDK shows a request (dry runs, errors, logs, the mock's record).
    #[serde(default)]
    pub secret: bool,
    /// Documented values, as on a field: strings, or integers on an `integer` parameter;
    /// others are still accepted.
    #[serde(default, rename = "enum")]
    pub values: Vec<EnumValue>,
    /// Name of the enum type when there are values; defaults to `<Request><Param>`.
    #[serde(default)]
    pub type_name: Option<String>,
    /// The member may be `null` where it is present (decoded as `None`).
    #[serde(default)]
    pub nullable: bool,
    /// The page's example value of the member.
    #[serde(default)]
    pub example: Option<serde_json::Value>,
    /// The value the server takes when the member is not sent.
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    /// The least value a number may have.
    #[serde(default)]
    pub minimum: Option<serde_json::Number>,
    /// The greatest value a number may have.
    #[serde(default)]
    pub maximum: Option<serde_json::Number>,
    /// The fewest characters a text may have.
    #[serde(default)]
    pub min_length: Option<u64>,
    /// The most characters a text may have.
    #[serde(default)]
    pub max_length: Option<u64>,
}

impl Param {
    /// The documented enum values, as the wire carries them (text).
    pub fn value_texts(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|value| value.value.as_str())
    }

    /// The parameter as a member field (type, flag, docs, values, type name, example,
    /// default and limits), so the rules
    /// and emitters of field enums serve parameters unchanged.
    pub fn as_field(&self) -> Field {
        Field {
            name: self.name.clone(),
            ty: self.ty.clone(),
            required: self.required,
            doc: self.doc.clone(),
            fields: Vec::new(),
            values: self.values.clone(),
            type_name: self.type_name.clone(),
            shape: None,
            credential: None,
            notes: Vec::new(),
            nullable: self.nullable,
            example: self.example.clone(),
            default: self.default.clone(),
            minimum: self.minimum.clone(),
            maximum: self.maximum.clone(),
            min_length: self.min_length,
            max_length: self.max_length,
        }
    }
}

/// Whether the docs mark a field required. `null` in the YAML means the docs do not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// The docs say required.
    Yes,
    /// The docs say optional.
    No,
    /// The docs do not say; generated as optional.
    Unknown,
}

impl Required {
    /// Whether the generated code treats it as required.
    pub fn is_required(self) -> bool {
        self == Required::Yes
    }

    /// `Some(true)`, `Some(false)` or `None` (unknown), as in the YAML.
    pub fn as_option(self) -> Option<bool> {
        match self {
            Required::Yes => Some(true),
            Required::No => Some(false),
            Required::Unknown => None,
        }
    }
}

impl<'de> Deserialize<'de> for Required {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<bool>::deserialize(deserializer)? {
            Some(true) => Required::Yes,
            Some(false) => Required::No,
            None => Required::Unknown,
        })
    }
}

/// An enum value as written: a string, or an integer kept as its text.
fn string_or_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Text;
    impl serde::de::Visitor<'_> for Text {
        type Value = String;

        fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            formatter.write_str("a string or an integer")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<String, E> {
            Ok(value.to_owned())
        }

        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<String, E> {
            Ok(value.to_string())
        }

        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<String, E> {
            Ok(value.to_string())
        }
    }
    deserializer.deserialize_any(Text)
}

/// A member of a body, a response or a nested object.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The name on the wire, exactly as documented.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Whether the docs require it.
    pub required: Required,
    /// What it carries, in our words (a missing doc is an empty one, which the validator
    /// refuses).
    #[serde(default)]
    pub doc: Doc,
    /// Members, when the type is `object` or `array<object>`.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Documented values, when the type is `string` or `array<string>`; others are still accepted.
    #[serde(default, rename = "enum")]
    pub values: Vec<EnumValue>,
    /// Name of the nested type (object or enum); defaults to `<Owner><Field>`.
    #[serde(default)]
    pub type_name: Option<String>,
    /// In `webhooks.yaml`: an `object` field whose members are those of the named payload
    /// shape, instead of listing `fields`.
    #[serde(default)]
    pub shape: Option<String>,
    /// On the token calls (endpoints with a `role`): which credential the field carries,
    /// so the runtime can fill the request and read the answer.
    #[serde(default)]
    pub credential: Option<Credential>,
    /// Facts about the field.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The member may be `null` where it is present (decoded as `None`).
    #[serde(default)]
    pub nullable: bool,
    /// The page's example value of the member.
    #[serde(default)]
    pub example: Option<serde_json::Value>,
    /// The value the server takes when the member is not sent.
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    /// The least value a number may have.
    #[serde(default)]
    pub minimum: Option<serde_json::Number>,
    /// The greatest value a number may have.
    #[serde(default)]
    pub maximum: Option<serde_json::Number>,
    /// The fewest characters a text may have.
    #[serde(default)]
    pub min_length: Option<u64>,
    /// The most characters a text may have.
    #[serde(default)]
    pub max_length: Option<u64>,
}

impl Field {
    /// The documented enum values, as the wire carries them (text).
    pub fn value_texts(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|value| value.value.as_str())
    }
}

/// One documented value of an enumeration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire, as text: a string, or an integer (`1`) when the field's type
    /// is `integer` (an integer-coded enum).
    #[serde(deserialize_with = "string_or_integer")]
    pub value: String,
    /// What it means; absent when the vendor does not describe the value (the generated
    /// variant then says which wire value it stands for).
    #[serde(default)]
    pub doc: Option<Doc>,
}
