//! Where every key path of a spec file starts, for the validator's located errors.
//!
//! serde_yaml keeps no spans in the values it builds, so an event-level pass with
//! yaml-rust2 records the line and column of every key path (`endpoints[0].body.fields[2]`).
//! That pass costs as much as parsing the file again, so it runs only when the first
//! problem in the file is reported: a valid spec never pays for it.

use std::cell::OnceCell;
use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::SpecError;
use crate::source::Source;

/// Where every key path of one file starts, indexed on the first lookup.
#[derive(Debug)]
pub struct Locations<'s> {
    source: &'s Source,
    positions: OnceCell<BTreeMap<String, (usize, usize)>>,
}

impl<'s> Locations<'s> {
    /// The locations of `source`, not yet indexed.
    pub fn new(source: &'s Source) -> Self {
        Locations {
            source,
            positions: OnceCell::new(),
        }
    }

    /// Every key path of the file and where it starts. A file that yaml-rust2 cannot read
    /// gives an empty index, and every lookup then falls back to the file's first line.
    fn positions(&self) -> &BTreeMap<String, (usize, usize)> {
        self.positions
            .get_or_init(|| key_positions(&self.source.text))
    }

    /// An error about `key`, located at the key, or at its nearest ancestor that exists
    /// (a missing member is reported at the object that lacks it).
    pub fn error(&self, key: &str, message: impl Into<String>) -> SpecError {
        let positions = self.positions();
        let mut probe = key;
        let (line, column) = loop {
            if let Some(position) = positions.get(probe) {
                break *position;
            }
            match probe.rfind(['.', '[']) {
                Some(cut) => probe = &probe[..cut],
                None => break (1, 1),
            }
        };
        SpecError {
            file: self.source.path.clone(),
            line,
            column,
            key: key.to_owned(),
            message: message.into(),
        }
    }
}

/// Where every key path of a YAML text starts, as (line, column), both from 1: the
/// index the located errors use, for tools that edit the text in place. Empty when
/// yaml-rust2 cannot read the text.
pub fn key_positions(text: &str) -> BTreeMap<String, (usize, usize)> {
    let mut indexer = Indexer::default();
    let mut parser = Parser::new_from_str(text);
    if parser.load(&mut indexer, false).is_err() {
        indexer.positions.clear();
    }
    indexer.positions
}

/// A parsed file and where its keys sit.
pub(crate) struct Parsed<'s, T> {
    pub(crate) value: T,
    pub(crate) locations: Locations<'s>,
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
        let locations = Locations::new(&source);
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
}
