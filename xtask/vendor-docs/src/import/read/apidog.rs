//! apidog, apifox's international edition, exports the same extensions under its own name
//! (`x-apidog-enum`, `x-apidog-orders`, `x-apidog-folder`, `x-apidog-status`): each is
//! read as its `x-apifox-…` twin, so an apidog page's enum labels,
//! member order, folder and status are facts as an apifox page's are (issue #28, H2).

use serde_yaml::{Mapping, Value};

/// The apidog extensions the importer reads, each beside its apifox twin.
const TWINS: [(&str, &str); 4] = [
    ("x-apidog-enum", "x-apifox-enum"),
    ("x-apidog-orders", "x-apifox-orders"),
    ("x-apidog-folder", "x-apifox-folder"),
    ("x-apidog-status", "x-apifox-status"),
];

/// `document` with every apidog twin, at any depth, named as apifox names it; where a node
/// has both, the apifox one stands and the apidog one is left as it is.
pub(super) fn as_apifox(document: &Value) -> Value {
    match document {
        Value::Mapping(mapping) => {
            let mut out = Mapping::new();
            for (key, value) in mapping {
                let twin = key.as_str().and_then(|key| {
                    TWINS
                        .iter()
                        .find(|(apidog, _)| *apidog == key)
                        .map(|(_, apifox)| *apifox)
                        .filter(|apifox| !mapping.contains_key(*apifox))
                });
                let key = twin.map_or_else(|| key.clone(), Value::from);
                out.insert(key, as_apifox(value));
            }
            Value::Mapping(out)
        }
        Value::Sequence(items) => Value::Sequence(items.iter().map(as_apifox).collect()),
        Value::Tagged(tagged) => as_apifox(&tagged.value),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apidog_twins_read_as_apifox_keys_and_apifox_ones_stand() {
        let page: Value = serde_yaml::from_str(
            "a:\n  x-apidog-enum: [{value: x, name: X}]\n  x-apidog-refs: {}\nb:\n  - x-apidog-orders: [q]\n    x-apifox-orders: [p]\n",
        )
        .unwrap_or_default();
        let read = as_apifox(&page);
        assert!(read["a"].get("x-apifox-enum").is_some());
        // A key with no apifox twin the importer reads keeps its name (a note names it).
        assert!(read["a"].get("x-apidog-refs").is_some());
        assert_eq!(read["b"][0]["x-apifox-orders"][0], Value::from("p"));
        assert!(read["b"][0].get("x-apidog-orders").is_some());
    }
}
