//! Reading and parsing spec files, keeping a line and column for every node.
//!
//! serde_yaml turns each file into the model (and locates syntax errors, wrong types and
//! unknown keys itself); a second, event-level pass with yaml-rust2 records where every key
//! path starts, so the validator can locate the problems it finds later. Validation rules
//! live in `validate.rs`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::SpecError;

/// The text of one spec file and the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name used in errors (a path relative to the workspace reads best).
    pub path: String,
    /// The YAML text.
    pub text: String,
}

impl Source {
    /// A source from a name and its text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Reads a file; an unreadable file is a located error rather than an I/O panic.
    pub fn read(path: &Path) -> Result<Self, SpecError> {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Source::new(name, text)),
            Err(error) => Err(SpecError {
                file: name,
                line: 1,
                column: 1,
                key: "(file)".to_owned(),
                message: format!("cannot read the file: {error}"),
            }),
        }
    }
}

/// Where every key path of one file starts.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    file: String,
    positions: BTreeMap<String, (usize, usize)>,
}

impl Locations {
    /// Indexes `source`. A file that yaml-rust2 cannot read gives an empty index, and every
    /// lookup then falls back to the file's first line.
    pub fn index(source: &Source) -> Self {
        let mut indexer = Indexer::default();
        let mut parser = Parser::new_from_str(&source.text);
        if parser.load(&mut indexer, false).is_err() {
            indexer.positions.clear();
        }
        Locations {
            file: source.path.clone(),
            positions: indexer.positions,
        }
    }

    /// An error about `key`, located at the key, or at its nearest ancestor that exists
    /// (a missing member is reported at the object that lacks it).
    pub fn error(&self, key: &str, message: impl Into<String>) -> SpecError {
        let mut probe = key;
        let (line, column) = loop {
            if let Some(position) = self.positions.get(probe) {
                break *position;
            }
            match probe.rfind(['.', '[']) {
                Some(cut) => probe = &probe[..cut],
                None => break (1, 1),
            }
        };
        SpecError {
            file: self.file.clone(),
            line,
            column,
            key: key.to_owned(),
            message: message.into(),
        }
    }
}

/// Parses `source` into `T`, or gives serde_yaml's error, located and with its key path.
pub fn parse<T: DeserializeOwned>(source: &Source) -> Result<T, SpecError> {
    serde_yaml::from_str(&source.text).map_err(|error| {
        let (line, column) = error
            .location()
            .map_or((1, 1), |location| (location.line(), location.column()));
        let (key, message) = split_serde_message(&error.to_string());
        SpecError {
            file: source.path.clone(),
            line,
            column,
            key,
            message,
        }
    })
}

/// serde_yaml prints `path: message at line L column C`; keep the path and the message.
fn split_serde_message(text: &str) -> (String, String) {
    let text = text.rfind(" at line ").map_or(text, |cut| &text[..cut]);
    match text.split_once(": ") {
        Some((path, message)) if !path.is_empty() && !path.contains(' ') => {
            (path.to_owned(), message.to_owned())
        }
        _ => ("(root)".to_owned(), text.to_owned()),
    }
}

/// One open container while walking the event stream.
enum Frame {
    /// A mapping: the path it sits at, and the key whose value comes next, if any.
    Mapping { path: String, key: Option<String> },
    /// A sequence: the path it sits at, and the index of the next item.
    Sequence { path: String, next: usize },
}

#[derive(Default)]
struct Indexer {
    stack: Vec<Frame>,
    positions: BTreeMap<String, (usize, usize)>,
}

impl Indexer {
    /// Records where the node that starts now sits, and returns its path.
    ///
    /// A mapping item is placed at its first key instead (yaml-rust2 marks a block
    /// mapping's start further on), see `on_event`.
    fn enter_node(&mut self, mark: Marker, is_mapping: bool) -> Option<String> {
        let here = (mark.line(), mark.col() + 1);
        let path = match self.stack.last_mut() {
            None => String::new(),
            Some(Frame::Sequence { path, next }) => {
                let item = format!("{path}[{next}]");
                *next += 1;
                if !is_mapping {
                    self.positions.insert(item.clone(), here);
                }
                item
            }
            Some(Frame::Mapping { path, key }) => {
                // A value: its position was recorded with its key.
                let key = key.take()?;
                if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                }
            }
        };
        Some(path)
    }
}

impl MarkedEventReceiver for Indexer {
    fn on_event(&mut self, event: Event, mark: Marker) {
        // A scalar in key position of a mapping is a key, not a node.
        if let (
            Event::Scalar(text, ..),
            Some(Frame::Mapping {
                path,
                key: key @ None,
            }),
        ) = (&event, self.stack.last_mut())
        {
            let here = (mark.line(), mark.col() + 1);
            let full = if path.is_empty() {
                text.clone()
            } else {
                // The first key also places a mapping that sits in a sequence.
                self.positions.entry(path.clone()).or_insert(here);
                format!("{path}.{text}")
            };
            self.positions.entry(full).or_insert(here);
            *key = Some(text.clone());
            return;
        }
        match event {
            Event::Scalar(..) | Event::Alias(..) => {
                self.enter_node(mark, false);
            }
            Event::MappingStart(..) => {
                let path = self.enter_node(mark, true).unwrap_or_default();
                self.stack.push(Frame::Mapping { path, key: None });
            }
            Event::SequenceStart(..) => {
                let path = self.enter_node(mark, false).unwrap_or_default();
                self.stack.push(Frame::Sequence { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_point_at_keys_and_items() {
        let source = Source::new(
            "t.yaml",
            "title:\n  zh: 甲\n  en: a\nendpoints:\n  - name: one\n    fields:\n      - name: x\n",
        );
        let locations = Locations::index(&source);
        let at = |key: &str| {
            let error = locations.error(key, "m");
            (error.line, error.column)
        };
        assert_eq!(at("title.en"), (3, 3));
        assert_eq!(at("endpoints[0]"), (5, 5));
        assert_eq!(at("endpoints[0].name"), (5, 5));
        assert_eq!(at("endpoints[0].fields[0].name"), (7, 9));
        // A missing member is reported where its parent is.
        assert_eq!(at("endpoints[0].fields[0].doc.zh"), (7, 9));
        assert_eq!(at("nowhere"), (1, 1));
    }

    #[test]
    fn serde_messages_are_split_into_key_and_message() {
        assert_eq!(
            split_serde_message("endpoints[0]: unknown field `x` at line 3 column 5"),
            ("endpoints[0]".to_owned(), "unknown field `x`".to_owned())
        );
        assert_eq!(
            split_serde_message("did not find expected key at line 3 column 5"),
            ("(root)".to_owned(), "did not find expected key".to_owned())
        );
    }
}
