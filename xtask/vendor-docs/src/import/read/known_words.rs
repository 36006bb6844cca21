//! What a page says in words that `api.yaml` already says for every call: its server's
//! description where the server is one of the spec's environments (`测试环境` beside
//! `https://…`), and the labels of the Jing envelope's own members (`code`: `响应编码`).
//! Each is read as an unheld fact (`server.description`, `envelope.NAME`) and settled
//! here, where the spec is known: a note where the page's words differ from the spec's,
//! nothing where they are the same (so our own export, which writes the spec's words,
//! reads back to no change).

use jing_spec::{Doc, Environment, Field};

use super::server::{SERVER, SERVER_WORDS};
use crate::import::facts::Facts;

/// The prefix of the unheld fact of the page's label of an envelope member (`envelope.code`).
pub(super) const ENVELOPE_WORDS: &str = "envelope.";

/// The page's words on its server, when the server is one of `environments`: taken, and
/// a note where they are not the environment's title. A server of another host keeps its
/// words for `server::hold_address`, which says them in its decision.
pub(in crate::import) fn server_words(facts: &mut Facts, environments: &[Environment]) {
    let server = facts
        .unheld
        .iter()
        .find(|(key, _)| key == SERVER)
        .map(|(_, url)| url.clone());
    let Some(environment) = server.and_then(|url| {
        environments
            .iter()
            .find(|environment| environment.base_url == url)
    }) else {
        return;
    };
    let Some(at) = facts.unheld.iter().position(|(key, _)| key == SERVER_WORDS) else {
        return;
    };
    let (_, words) = facts.unheld.remove(at);
    if !same_words(&words, &environment.title) {
        facts.notes.push(format!(
            "the page calls the server `{}` «{}»; api.yaml calls that environment (`{}`) «{}»",
            environment.base_url,
            words,
            environment.name,
            doc_text(&environment.title)
        ));
    }
}

/// The page's labels of the Jing envelope's members (`envelope.NAME`): taken, and a note
/// for each one that is not what the spec's envelope says of the member (or of a member
/// the spec's envelope does not have).
pub(in crate::import) fn envelope_words(facts: &mut Facts, envelope: &[Field]) {
    let (labels, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut facts.unheld)
        .into_iter()
        .partition(|(key, _)| key.starts_with(ENVELOPE_WORDS));
    facts.unheld = rest;
    for (key, words) in labels {
        let name = &key[ENVELOPE_WORDS.len()..];
        match envelope.iter().find(|field| field.name == name) {
            Some(field) if same_words(&words, &field.doc) => {}
            Some(field) => facts.notes.push(format!(
                "the page describes the Jing envelope's `{name}` as «{words}»; api.yaml says «{}»",
                doc_text(&field.doc)
            )),
            None => facts.notes.push(format!(
                "the page describes the answer's `{name}` as «{words}» (the spec's envelope has no such member)"
            )),
        }
    }
}

/// Whether `words` say what `doc` says: its Chinese, its English, both (as the page's
/// label joins them, `zh / en`, or our export writes them, `zh\n\nen`), trailing stops,
/// spaces (`请求ID` is `请求 ID`) and case aside.
fn same_words(words: &str, doc: &Doc) -> bool {
    let plain = |text: &str| -> String {
        text.trim()
            .trim_end_matches(['。', '.'])
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let words = plain(words);
    [
        doc.zh.clone(),
        doc.en.clone(),
        format!("{} / {}", doc.zh, doc.en),
        format!("{}\n\n{}", doc.zh, doc.en),
    ]
    .iter()
    .any(|said| !said.trim().is_empty() && plain(said) == words)
}

/// A doc as one line: `zh / en`, or the one it has.
fn doc_text(doc: &Doc) -> String {
    match (doc.zh.trim(), doc.en.trim()) {
        ("", en) => en.to_owned(),
        (zh, "") => zh.to_owned(),
        (zh, en) => format!("{zh} / {en}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(zh: &str, en: &str) -> Doc {
        Doc {
            zh: zh.to_owned(),
            en: en.to_owned(),
            ..Doc::default()
        }
    }

    fn environment() -> Environment {
        Environment {
            name: "live".to_owned(),
            title: doc("正式环境", "Live"),
            base_url: "https://api.jing.invalid".to_owned(),
            default: true,
        }
    }

    fn page(server: &str, words: &str) -> Facts {
        let mut facts = Facts::titled("部件");
        facts.unheld.push((SERVER.to_owned(), server.to_owned()));
        facts
            .unheld
            .push((SERVER_WORDS.to_owned(), words.to_owned()));
        facts
    }

    #[test]
    fn an_environments_words_are_a_note_only_where_they_differ() {
        for same in [
            "正式环境",
            "live",
            "正式环境\n\nLive",
            "正式环境 / Live.",
            "正式 环境",
        ] {
            let mut facts = page("https://api.jing.invalid", same);
            server_words(&mut facts, &[environment()]);
            assert!(facts.notes.is_empty(), "{same}: {:?}", facts.notes);
            assert_eq!(
                facts.unheld.len(),
                1,
                "{same}: the server stays, its words go"
            );
        }
        let mut other = page("https://api.jing.invalid", "测试环境");
        server_words(&mut other, &[environment()]);
        assert_eq!(
            other.notes,
            [
                "the page calls the server `https://api.jing.invalid` «测试环境»; api.yaml calls that environment (`live`) «正式环境 / Live»"
            ]
        );
        // Another host's words stay for the server's decision.
        let mut foreign = page("https://api.vendor.invalid", "测试环境");
        server_words(&mut foreign, &[environment()]);
        assert!(foreign.notes.is_empty());
        assert_eq!(foreign.unheld.len(), 2);
    }

    #[test]
    fn the_envelopes_labels_are_a_note_only_where_they_differ() {
        let field = |name: &str, said: Doc| {
            let mut field: Field =
                serde_yaml::from_str(&format!("{{name: {name}, type: string, required: true}}"))
                    .expect("a field");
            field.doc = said;
            field
        };
        let envelope = [
            field(
                "code",
                doc("结果码，0 表示成功。", "Result code; 0 means success."),
            ),
            field("msg", doc("结果说明", "Result message")),
        ];
        let mut facts = Facts::titled("部件");
        for (name, words) in [
            ("code", "响应编码"),
            ("msg", "结果说明"),
            ("trace", "追踪号"),
        ] {
            facts
                .unheld
                .push((format!("{ENVELOPE_WORDS}{name}"), words.to_owned()));
        }
        envelope_words(&mut facts, &envelope);
        assert!(facts.unheld.is_empty());
        assert_eq!(
            facts.notes,
            [
                "the page describes the Jing envelope's `code` as «响应编码»; api.yaml says «结果码，0 表示成功。 / Result code; 0 means success.»",
                "the page describes the answer's `trace` as «追踪号» (the spec's envelope has no such member)",
            ]
        );
    }
}
