//! A parameter's or property's label from its `title` and `description`, sorted by
//! language (Chinese where the text has a CJK character), neither lost where both are in one
//! language; and the text of a scalar, which labels and schemas are read with.

use serde_yaml::Value;

use super::scalar::scalar_text;
use crate::import::facts::Label;

/// The label of a parameter or property: `title` and `description`, sorted by language.
pub(crate) fn label(node: &Value) -> Label {
    let mut label = Label::default();
    for key in ["title", "description"] {
        // A block scalar's final line breaks are no part of the text.
        let Some(text) = node
            .get(key)
            .and_then(scalar_text)
            .map(|text| text.trim_end().to_owned())
            .filter(|text| !text.trim().is_empty())
        else {
            continue;
        };
        let chinese = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let slot = if chinese {
            &mut label.zh
        } else {
            &mut label.en
        };
        *slot = Some(match slot.take() {
            None => text,
            Some(title) => joined(title, text, chinese),
        });
    }
    label
}

/// A title and a description in one language, as one doc line: the longer where one holds
/// the other (`排序字段` and `排序字段(非库存量)`), else both, so neither is lost.
fn joined(title: String, description: String, chinese: bool) -> String {
    if description.contains(title.trim()) {
        description
    } else if title.contains(description.trim()) {
        title
    } else if chinese {
        format!("{}：{}", title.trim_end(), description.trim_start())
    } else {
        format!("{}: {}", title.trim_end(), description.trim_start())
    }
}

#[cfg(test)]
mod tests {
    use super::{joined, label};

    #[test]
    fn a_description_beside_a_title_in_one_language_is_kept() {
        let node: serde_yaml::Value =
            serde_yaml::from_str("title: 排序字段\ndescription: 排序字段(非库存量)").expect("YAML");
        assert_eq!(label(&node).zh.as_deref(), Some("排序字段(非库存量)"));
        let node: serde_yaml::Value =
            serde_yaml::from_str("title: Weight\ndescription: sort order, not stock")
                .expect("YAML");
        assert_eq!(
            label(&node).en.as_deref(),
            Some("Weight: sort order, not stock")
        );
        let node: serde_yaml::Value =
            serde_yaml::from_str("title: 名称\ndescription: Name").expect("YAML");
        let both = label(&node);
        assert_eq!(
            (both.zh.as_deref(), both.en.as_deref()),
            (Some("名称"), Some("Name"))
        );
        assert_eq!(joined("价格".into(), "单位分".into(), true), "价格：单位分");
        let node: serde_yaml::Value =
            serde_yaml::from_str("description: |\n  单位分\n\n").expect("YAML");
        assert_eq!(label(&node).zh.as_deref(), Some("单位分"));
        assert_eq!(joined("Order id".into(), "id".into(), false), "Order id");
    }
}
