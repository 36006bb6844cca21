//! The default `data`: what the mock answers when no fixture or stub is set, built from
//! the docs' response example and the members' names and types, stable for the same
//! request. (Not to be confused with `jing_api::Answer`, how a real answer says success.)
//!
//! Where the docs give an example, the answer is the example: its members and no others
//! (a member the example leaves out stays out, as the server that wrote it left it out),
//! `null` where it has `null`. Where they give none, or only Apifox's `"string"`
//! placeholder, a value is made from the member's name and type: a
//! Jing uuid (22 characters, as the docs' samples show them: `NttdW4NoJfD2cX6f7rg52f`)
//! for members named `uuid` or `…_uuid`, a mobile number for `mobile`, an address for
//! `email`, otherwise `<name>-<hex>`. Every made value comes from a digest of the request
//! and the member's place, so the same request gets the same answer.

use serde_json::{Map, Value};

use jing_api::schema::{Kind, Param};

use super::table::MockEndpoint;

/// The placeholder Apifox writes where the docs give no real value.
const DOC_PLACEHOLDER: &str = "string";

/// The letters of Jing's short uuids (no 0, 1, I, O, l).
const UUID_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// A 64-bit FNV-1a digest: stable across runs, platforms and Rust versions.
pub(crate) fn digest(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(&[0xff]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The docs' example `data` of `endpoint`, when it has one that parses: its data member,
/// or, for an answer without one, its members but those the answer itself uses.
pub(crate) fn example_data(endpoint: &MockEndpoint) -> Option<Value> {
    let mut example: Value = serde_json::from_str(endpoint.response_example?).ok()?;
    let answer = endpoint.schema.answer;
    match answer.data {
        Some(member) => example.get_mut(member).map(Value::take),
        None => {
            let members = example.as_object_mut()?;
            for own in answer.code.iter().chain(&answer.message) {
                members.remove(*own);
            }
            Some(example)
        }
    }
}

/// The `data` of `endpoint` for a request whose digest is `seed`.
pub(crate) fn data(endpoint: &MockEndpoint, seed: u64) -> Value {
    let example = example_data(endpoint);
    match &endpoint.schema.response {
        Some(response) => value(
            &response.kind,
            response.fields,
            example.as_ref(),
            "data",
            seed,
        ),
        None => example.map_or(Value::Null, |example| fill(example, "data", seed)),
    }
}

/// One member's value (`name` is its place, e.g. `data.success[].jing_uuid`).
pub(crate) fn value(
    kind: &Kind,
    fields: &[Param],
    example: Option<&Value>,
    name: &str,
    seed: u64,
) -> Value {
    let example = example.filter(|example| !is_placeholder(example));
    if example.is_some_and(Value::is_null) {
        return Value::Null;
    }
    match kind {
        Kind::Object => object(fields, example, name, seed),
        Kind::Array(item) => {
            let place = format!("{name}[]");
            match example.and_then(Value::as_array) {
                Some(items) => Value::Array(
                    items
                        .iter()
                        .map(|given| value(item, fields, Some(given), &place, seed))
                        .collect(),
                ),
                None => Value::Array(vec![value(item, fields, None, &place, seed)]),
            }
        }
        _ => match example {
            Some(example) => fill(example.clone(), name, seed),
            None => made(kind, name, seed),
        },
    }
}

fn object(fields: &[Param], example: Option<&Value>, name: &str, seed: u64) -> Value {
    let Some(given) = example.and_then(Value::as_object) else {
        // No example: every member the spec lists, made from its name and type.
        let made = fields.iter().map(|field| {
            let place = format!("{name}.{}", field.name);
            let member = match field.values.first() {
                Some(first) => documented(&field.kind, first),
                None => value(&field.kind, field.fields, None, &place, seed),
            };
            (field.name.to_owned(), member)
        });
        return Value::Object(made.collect());
    };
    // The example's members, each read as the spec types it (its placeholders filled), and
    // none it does not have.
    let mut out = Map::new();
    for (key, member) in given {
        let place = format!("{name}.{key}");
        let value = match fields.iter().find(|field| field.name == key) {
            Some(field) => value(&field.kind, field.fields, Some(member), &place, seed),
            None => fill(member.clone(), &place, seed),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// A documented enum value as a member of `kind` carries it: a number for an integer-coded
/// enum, in a list for a list of them.
fn documented(kind: &Kind, value: &str) -> Value {
    match kind {
        Kind::Array(item) => Value::Array(vec![documented(item, value)]),
        Kind::Integer | Kind::Unsigned | Kind::Number => {
            serde_json::from_str(value).unwrap_or_else(|_| Value::from(value))
        }
        _ => Value::from(value),
    }
}

/// An example with its placeholders replaced by made values.
fn fill(example: Value, name: &str, seed: u64) -> Value {
    match example {
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .map(|(key, member)| {
                    let member = fill(member, &format!("{name}.{key}"), seed);
                    (key, member)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| fill(item, &format!("{name}[]"), seed))
                .collect(),
        ),
        other if is_placeholder(&other) => made(&Kind::String, name, seed),
        other => other,
    }
}

fn is_placeholder(value: &Value) -> bool {
    value.as_str() == Some(DOC_PLACEHOLDER)
}

/// A value of `kind` for the member at `place`, from its name.
fn made(kind: &Kind, place: &str, seed: u64) -> Value {
    let hash = digest(&[&seed.to_le_bytes(), place.as_bytes()]);
    let member = place
        .rsplit(['.', '['])
        .find(|part| !part.is_empty() && *part != "]")
        .unwrap_or(place);
    match kind {
        Kind::String => Value::from(made_string(member, hash)),
        Kind::Integer | Kind::Unsigned => Value::from(hash % 1000 + 1),
        Kind::Number => Value::from((hash % 100_000) as f64 / 100.0),
        Kind::Boolean => Value::from(hash % 2 == 0),
        Kind::Object | Kind::Map(_) => Value::Object(Map::new()),
        Kind::Array(_) => Value::Array(Vec::new()),
        // Any value, and a kind this mock does not know yet.
        _ => Value::Null,
    }
}

fn made_string(member: &str, hash: u64) -> String {
    let lower = member.to_ascii_lowercase();
    if lower == "uuid" || lower.ends_with("_uuid") {
        short_uuid(hash)
    } else if lower == "mobile" || lower == "phone" {
        format!("13{:09}", hash % 1_000_000_000)
    } else if lower == "email" {
        format!("mock-{:08x}@example.com", hash as u32)
    } else {
        format!("{member}-{:06x}", hash & 0xff_ffff)
    }
}

/// 22 letters of Jing's short-uuid alphabet from `hash`.
pub(crate) fn short_uuid(hash: u64) -> String {
    let base = UUID_ALPHABET.len() as u64;
    let mut state = [hash, digest(&[&hash.to_le_bytes()])];
    (0..22)
        .map(|index| {
            let word = &mut state[index / 11];
            let letter = UUID_ALPHABET[(*word % base) as usize];
            *word /= base;
            char::from(letter)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jing_api::schema::Place;

    #[test]
    fn uuids_have_the_docs_shape_and_are_stable() {
        let first = short_uuid(7);
        assert_eq!(first.len(), 22);
        assert!(first.bytes().all(|byte| UUID_ALPHABET.contains(&byte)));
        assert_eq!(first, short_uuid(7));
        assert_ne!(first, short_uuid(8));
    }

    #[test]
    fn placeholders_become_values_by_name_and_real_examples_stay() {
        let fields = [
            Param::new("jing_uuid", Place::Body, Kind::String).with_required(true),
            Param::new("scope", Place::Body, Kind::String),
        ];
        let example = serde_json::json!({"jing_uuid": "string", "scope": "all", "extra": 1});
        let data = value(&Kind::Object, &fields, Some(&example), "data", 1);
        let uuid = data["jing_uuid"].as_str().unwrap_or_default();
        assert_eq!(uuid.len(), 22, "{data}");
        assert_eq!(data["scope"], "all");
        assert_eq!(data["extra"], 1);
        assert_eq!(
            data,
            value(&Kind::Object, &fields, Some(&example), "data", 1)
        );
        assert_ne!(
            data["jing_uuid"],
            value(&Kind::Object, &fields, Some(&example), "data", 2)["jing_uuid"]
        );
    }

    #[test]
    fn a_documented_value_is_made_in_its_members_type() {
        let member = |name, kind| {
            Param::new(name, Place::Body, kind)
                .with_required(true)
                .with_values(&["0", "1"])
        };
        let fields = [
            member("level", Kind::Integer),
            member("levels", Kind::Array(&Kind::Integer)),
            member("stage", Kind::String),
        ];
        let data = value(&Kind::Object, &fields, None, "data", 1);
        assert_eq!(
            data,
            serde_json::json!({"level": 0, "levels": [0], "stage": "0"})
        );
    }
}
