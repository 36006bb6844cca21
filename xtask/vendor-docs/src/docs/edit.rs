//! What `docs apply` writes where: each row's member replaced where it stands (a flow or a
//! block value), or added to its item (inside a flow mapping, or as a line of a block one),
//! and the importer's proposal it confirms replaced or removed (with a confirmed answer
//! without a data member, the members it says success with taken out of the data), all
//! through the one YAML editor (`crate::yaml`); then the edited text read back and compared
//! with the original value with those members, and nothing else, changed.

use serde_yaml::{Mapping, Value};

use crate::yaml::{self, Edit as TextEdit, Text, join, node_at};

/// What a row writes.
#[derive(Debug, Clone)]
pub(super) enum Write {
    /// A doc or title in both languages.
    Doc { zh: String, en: String },
    /// A method name: `call`, and the importer's `call_draft` goes.
    Call(String),
    /// The vendor page's address: `doc_url`.
    Address(String),
    /// How an answer outside the Jing envelope is read: `answer`, and the importer's
    /// `answer_draft` goes.
    Answer(jing_spec::Answer),
    /// How the call authenticates: `auth`, and the importer's `auth_draft` goes.
    Auth(jing_spec::AuthMode),
    /// An endpoint's `name` (its request type's), and the importer's `name_draft` goes.
    Name(String),
    /// The member at `index` of the list `item` (named `member`) goes: a member of an
    /// answer's data that the answer confirmed says success with (its code, its message).
    Remove { index: usize },
    /// A list all of whose members go, written `[]`.
    Emptied,
}

/// One member to write: the item's positional path (`endpoints[3]`, `` for the top), the
/// member (`doc`, `title`, `call`, `name`, `doc_url`, `answer`) and the value.
#[derive(Debug, Clone)]
pub(super) struct Edit {
    pub(super) item: String,
    pub(super) member: String,
    pub(super) write: Write,
}

/// A YAML double-quoted scalar (a JSON string is one).
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

impl Write {
    /// The value as written in the text.
    fn text(&self) -> String {
        match self {
            Write::Doc { zh, en } => format!("{{zh: {}, en: {}}}", quote(zh), quote(en)),
            Write::Call(name) | Write::Name(name) => name.clone(),
            Write::Address(address) => quote(address),
            Write::Answer(answer) => answer.to_string(),
            Write::Auth(mode) => mode.as_str().to_owned(),
            Write::Remove { .. } => String::new(),
            Write::Emptied => "[]".to_owned(),
        }
    }

    /// The value as read back.
    fn value(&self) -> Value {
        match self {
            Write::Doc { zh, en } => {
                let mut doc = Mapping::new();
                doc.insert("zh".into(), zh.clone().into());
                doc.insert("en".into(), en.clone().into());
                Value::Mapping(doc)
            }
            Write::Call(text) | Write::Address(text) | Write::Name(text) => text.clone().into(),
            Write::Answer(answer) => serde_yaml::to_value(answer).unwrap_or(Value::Null),
            Write::Auth(mode) => mode.as_str().into(),
            Write::Remove { .. } => Value::Null,
            Write::Emptied => Value::Sequence(Vec::new()),
        }
    }

    /// The importer's proposal this write confirms, which goes and whose place it takes:
    /// `call_draft`, `answer_draft`, `auth_draft`.
    fn draft_member(&self) -> Option<&'static str> {
        match self {
            Write::Call(_) => Some("call_draft"),
            Write::Answer(_) => Some("answer_draft"),
            Write::Auth(_) => Some("auth_draft"),
            Write::Doc { .. }
            | Write::Address(_)
            | Write::Name(_)
            | Write::Remove { .. }
            | Write::Emptied => None,
        }
    }

    /// The importer's flag on the member this write confirms, which goes: `name_draft`.
    fn draft_flag(&self) -> Option<&'static str> {
        match self {
            Write::Name(_) => Some("name_draft"),
            Write::Doc { .. }
            | Write::Call(_)
            | Write::Address(_)
            | Write::Answer(_)
            | Write::Auth(_)
            | Write::Remove { .. }
            | Write::Emptied => None,
        }
    }
}

/// The edits that take out of the data of the endpoint at `item` (a positional path) the
/// members a confirmed answer without a data member says success with (its code and
/// message): the importer keeps every member as data while its reading is a draft, so an
/// answer corrected in the sheet loses none (issue #28, F5).
pub(super) fn own_members_out(value: &Value, item: &str, answer: &jing_spec::Answer) -> Vec<Edit> {
    if answer.data.is_some() {
        return Vec::new();
    }
    let list = format!("{item}.response.fields");
    let fields = node_at(value, &list)
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    let named = |field: &Value, name: &str| field.get("name").and_then(Value::as_str) == Some(name);
    let out: Vec<(usize, &str)> = answer
        .own_members()
        .filter_map(|own| Some((fields.iter().position(|field| named(field, own))?, own)))
        .collect();
    if !out.is_empty() && out.len() == fields.len() {
        return vec![Edit {
            item: format!("{item}.response"),
            member: "fields".to_owned(),
            write: Write::Emptied,
        }];
    }
    out.into_iter()
        .map(|(index, own)| Edit {
            item: list.clone(),
            member: own.to_owned(),
            write: Write::Remove { index },
        })
        .collect()
}

/// `edits` without those about a member another edit takes out of its list (a doc row of
/// a member a confirmed answer takes out of the data is moot).
pub(super) fn drop_moot<N>(edits: &mut Vec<(N, Edit)>) {
    let gone: Vec<String> = edits
        .iter()
        .filter_map(|(_, edit)| match edit.write {
            Write::Remove { index } => Some(format!("{}[{index}]", edit.item)),
            Write::Emptied => Some(format!("{}.fields[", edit.item)),
            _ => None,
        })
        .collect();
    edits.retain(|(_, edit)| {
        matches!(edit.write, Write::Remove { .. })
            || !gone.iter().any(|gone| {
                edit.item == *gone
                    || edit.item.starts_with(&format!("{gone}."))
                    || (gone.ends_with('[') && edit.item.starts_with(gone.as_str()))
            })
    });
}

/// The text with every edit made (through the YAML editor, which refuses two edits of
/// one span).
pub(super) fn edit_text(text: &str, edits: &[Edit]) -> Result<String, String> {
    let keyed = Text::keyed(text);
    let mut changes: Vec<TextEdit> = Vec::new();
    for edit in edits {
        changes.extend(text_edits(&keyed, edit)?);
    }
    yaml::apply(text, changes)
}

/// The text edits of one row's write: the member replaced or added, the importer's flag on
/// it removed, its proposal replaced by the decision in its place.
fn text_edits(text: &Text<'_>, edit: &Edit) -> Result<Vec<TextEdit>, String> {
    if let Write::Remove { index } = edit.write {
        let key = text
            .key(&join(&format!("{}[{index}]", edit.item), "name"))
            .ok_or("a member to remove has no place in the text")?;
        return Ok(vec![yaml::remove_item(text, key)?]);
    }
    let value = edit.write.text();
    let at = |member: &str| text.key(&join(&edit.item, member));
    let draft_member = edit.write.draft_member();
    let draft = draft_member.and_then(at);
    let member = at(&edit.member);
    let mut changes = Vec::new();
    if let Some(flag) = edit.write.draft_flag().and_then(at) {
        changes.push(yaml::remove_member(text, flag)?);
    }
    let change = match (&edit.write, member, draft) {
        // The proposal becomes the decision, where it stood.
        (Write::Call(_) | Write::Answer(_) | Write::Auth(_), None, Some(key)) => {
            yaml::replace_member(text, key, &edit.member, &value)?
        }
        (Write::Call(_) | Write::Answer(_) | Write::Auth(_), Some(_), Some(_)) => {
            return Err(format!(
                "`{}` has both `{}` and `{}`; remove one by hand",
                edit.item,
                edit.member,
                draft_member.unwrap_or_default()
            ));
        }
        // A block mapping doc is replaced by the flow one from its colon on.
        (_, Some(key), _) => yaml::replace_value(text, key, &value)?,
        (_, None, _) => {
            let sibling = match edit.member.as_str() {
                "doc_url" => Some("status"),
                "call" => Some("name"),
                _ => None,
            };
            let after = sibling.and_then(|sibling| {
                yaml::insert_after(text, &edit.item, sibling, &edit.member, &value)
            });
            match after {
                Some(change) => change,
                None => yaml::insert_member(text, &edit.item, &edit.member, &value)?,
            }
        }
    };
    changes.push(change);
    Ok(changes)
}

/// The edited text must read as the original with only those members written.
pub(super) fn check(original: &Value, edited: &str, edits: &[Edit]) -> Result<(), String> {
    let reread: Value = serde_yaml::from_str(edited)
        .map_err(|error| format!("the edited file does not parse: {error}"))?;
    let mut expected = original.clone();
    // Members are taken out of their lists last: the other edits name items by position.
    let (removals, edits): (Vec<&Edit>, Vec<&Edit>) = edits
        .iter()
        .partition(|edit| matches!(edit.write, Write::Remove { .. }));
    for edit in edits {
        let item =
            yaml::mapping_at_mut(&mut expected, &edit.item).ok_or("an edited item is gone")?;
        for draft in [edit.write.draft_member(), edit.write.draft_flag()]
            .into_iter()
            .flatten()
        {
            item.remove(draft);
        }
        item.insert(edit.member.clone().into(), edit.write.value());
    }
    for edit in removals {
        let list = yaml::node_at_mut(&mut expected, &edit.item)
            .and_then(Value::as_sequence_mut)
            .ok_or("a list to remove from is gone")?;
        list.retain(|member| member.get("name").and_then(Value::as_str) != Some(&edit.member));
    }
    if reread == expected {
        Ok(())
    } else {
        Err(
            "the edited file does not read back as the original with the sheet's changes"
                .to_owned(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "title:\n  zh: 部件\n  en: ''\nendpoints:\n  - name: a\n    call_draft: list  # proposed\n    title:\n      zh: 甲\n      draft: true\n    status: documented\n    headers:\n      - {name: x, type: string, required: true}\n  - {name: b, call: Bad-Name, title: {zh: 乙, en: B}}\n";

    fn doc(zh: &str, en: &str) -> Write {
        Write::Doc {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }

    fn edit(item: &str, member: &str, write: Write) -> Edit {
        Edit {
            item: item.to_owned(),
            member: member.to_owned(),
            write,
        }
    }

    /// Each case's text, edited with `edits`, is the case's expected text, and the edited
    /// text reads back as the edits intended (`check`). Returns the original of the last
    /// case, read as YAML, for more checks.
    fn edits_write(edits: &[Edit], cases: &[(&str, &str)]) -> Value {
        let mut original = Value::Null;
        for (text, expected) in cases {
            let edited = edit_text(text, edits).unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(edited, *expected, "{text}");
            original = serde_yaml::from_str(text).unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(check(&original, &edited, edits), Ok(()), "{text}");
        }
        original
    }

    #[test]
    fn members_are_replaced_or_added_where_they_belong() {
        let edits = [
            edit("", "title", doc("部件", "Widgets")),
            edit("endpoints[0]", "call", Write::Call("list_all".to_owned())),
            edit("endpoints[0]", "title", doc("甲", "A")),
            edit(
                "endpoints[0]",
                "doc_url",
                Write::Address("https://x.invalid/a".to_owned()),
            ),
            edit("endpoints[0].headers[0]", "doc", doc("头", "Header")),
            edit("endpoints[1]", "call", Write::Call("b".to_owned())),
        ];
        let original = edits_write(
            &edits,
            &[(
                TEXT,
                "title: {zh: \"部件\", en: \"Widgets\"}\nendpoints:\n  - name: a\n    call: list_all  # proposed\n    title: {zh: \"甲\", en: \"A\"}\n    status: documented\n    doc_url: \"https://x.invalid/a\"\n    headers:\n      - {name: x, type: string, required: true, doc: {zh: \"头\", en: \"Header\"}}\n  - {name: b, call: b, title: {zh: 乙, en: B}}\n",
            )],
        );
        // A text that does not read back as intended is refused.
        assert!(check(&original, TEXT, &edits).is_err());
    }

    #[test]
    fn a_name_replaces_the_proposal_and_its_flag_goes_in_either_style() {
        let edits = [edit(
            "endpoints[0]",
            "name",
            Write::Name("upload_image".to_owned()),
        )];
        let cases = [
            (
                "endpoints:\n  - name: image\n    name_draft: true  # poor\n    status: partial\n",
                "endpoints:\n  - name: upload_image\n    status: partial\n",
            ),
            (
                "endpoints:\n  - {name: image, name_draft: true, status: partial}\n",
                "endpoints:\n  - {name: upload_image, status: partial}\n",
            ),
            (
                "endpoints:\n  - {name: image, status: partial, name_draft: true}\n",
                "endpoints:\n  - {name: upload_image, status: partial}\n",
            ),
            (
                "endpoints:\n  - {name_draft: true, name: image}\n",
                "endpoints:\n  - {name: upload_image}\n",
            ),
        ];
        edits_write(&edits, &cases);
    }

    #[test]
    fn a_name_and_an_answer_of_one_endpoint_are_written_together() {
        let answer = jing_spec::Answer {
            code: Some("ret".to_owned()),
            success: Some(jing_spec::AnswerCode::Integer(0)),
            message: None,
            data: Some("result".to_owned()),
        };
        let edits = [
            edit(
                "endpoints[0]",
                "name",
                Write::Name("weigh_widget".to_owned()),
            ),
            edit("endpoints[0]", "answer", Write::Answer(answer)),
        ];
        let cases = [
            (
                "endpoints:\n  - name: weight\n    name_draft: true\n    answer_draft: {code: ret, success: 1, data: result}\n    status: partial\n",
                "endpoints:\n  - name: weigh_widget\n    answer: {code: ret, success: 0, data: result}\n    status: partial\n",
            ),
            (
                "endpoints:\n  - {name: weight, name_draft: true, answer_draft: {code: ret, success: 1, data: result}}\n",
                "endpoints:\n  - {name: weigh_widget, answer: {code: ret, success: 0, data: result}}\n",
            ),
        ];
        edits_write(&edits, &cases);
    }

    #[test]
    fn overlapping_edits_are_refused_not_made() {
        // One member twice: a flow value (ASCII around it) and a block one (Chinese in it).
        for edits in [
            vec![
                edit("endpoints[1]", "title", doc("乙", "B")),
                edit("endpoints[1]", "title", doc("乙乙乙乙乙乙", "Bee")),
            ],
            vec![
                edit("endpoints[0]", "title", doc("甲", "A")),
                edit("endpoints[0]", "title", doc("甲", "A long title")),
            ],
            vec![
                edit("endpoints[0]", "call", Write::Call("a".to_owned())),
                edit("endpoints[0]", "call", Write::Call("b".to_owned())),
            ],
        ] {
            let error = edit_text(TEXT, &edits).err();
            assert!(
                error.as_deref().is_some_and(|e| e.contains("overlap")),
                "{error:?}"
            );
        }
    }
}
