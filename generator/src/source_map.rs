//! Line and column of a JSON pointer in the spec text, for diagnostics.
//!
//! Built only when an error needs it: a second, event-level parse of the text (YAML, and JSON as
//! its subset) that records where each key and item starts.

use std::collections::BTreeMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

enum Frame {
    Map {
        key: Option<String>,
        seen: std::collections::BTreeSet<String>,
    },
    Seq {
        index: usize,
    },
}

#[derive(Default)]
struct Recorder {
    stack: Vec<(String, Frame)>,
    positions: BTreeMap<String, (usize, usize)>,
    /// The first key that appears twice in one mapping, with its second position.
    duplicate: Option<(String, (usize, usize))>,
}

impl Recorder {
    /// Pointer of the node that starts now, and whether it is a mapping key.
    fn current(&mut self) -> (String, bool) {
        match self.stack.last_mut() {
            None => (String::new(), false),
            Some((base, Frame::Map { key: None, .. })) => (base.clone(), true),
            Some((base, Frame::Map { key: Some(k), .. })) => {
                (format!("{base}/{}", crate::error::pointer_token(k)), false)
            }
            Some((base, Frame::Seq { index })) => (format!("{base}/{index}"), false),
        }
    }

    /// Marks the value of the current slot as done.
    fn advance(&mut self) {
        match self.stack.last_mut() {
            Some((_, Frame::Map { key, .. })) => *key = None,
            Some((_, Frame::Seq { index })) => *index += 1,
            None => {}
        }
    }

    fn at(&mut self, pointer: String, mark: Marker) {
        self.positions
            .entry(pointer)
            .or_insert((mark.line(), mark.col() + 1));
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => {
                let (pointer, is_key) = self.current();
                if is_key {
                    let child = format!("{pointer}/{}", crate::error::pointer_token(&text));
                    self.at(child.clone(), mark);
                    if let Some((_, Frame::Map { key, seen })) = self.stack.last_mut() {
                        if !seen.insert(text.clone()) && self.duplicate.is_none() {
                            self.duplicate = Some((child, (mark.line(), mark.col() + 1)));
                        }
                        *key = Some(text);
                    }
                } else {
                    self.at(pointer, mark);
                    self.advance();
                }
            }
            Event::Alias(_) => {
                let (pointer, _) = self.current();
                self.at(pointer, mark);
                self.advance();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let (pointer, _) = self.current();
                self.at(pointer.clone(), mark);
                let frame = if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        key: None,
                        seen: Default::default(),
                    }
                } else {
                    Frame::Seq { index: 0 }
                };
                self.stack.push((pointer, frame));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.advance();
            }
            _ => {}
        }
    }
}

/// The first key repeated inside one mapping: its JSON pointer and 1-based line and column.
pub fn duplicate_key(text: &str) -> Option<(String, (usize, usize))> {
    record(text).duplicate
}

/// Walks the text's events. A syntax error ends the walk; what was seen so far is still useful.
fn record(text: &str) -> Recorder {
    let mut recorder = Recorder::default();
    let mut parser = Parser::new_from_str(text);
    let _ = parser.load(&mut recorder, false);
    recorder
}

/// 1-based line and column where the node at `pointer` (or its nearest ancestor) starts.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let recorder = record(text);
    let mut p = pointer;
    loop {
        if let Some(pos) = recorder.positions.get(p) {
            return Some(*pos);
        }
        let (parent, _) = p.rsplit_once('/')?;
        p = parent;
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn finds_repeated_keys() {
        let text = "a:\n  type: array\n  items: {}\n  type: object\n";
        assert_eq!(
            super::duplicate_key(text),
            Some(("/a/type".to_owned(), (4, 3)))
        );
        assert_eq!(super::duplicate_key("a: {b: 1, c: 2}\n"), None);
    }

    #[test]
    fn finds_keys_items_and_ancestors() {
        let text = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      parameters:\n        - name: x\n        - name: y\n";
        assert_eq!(locate(text, "/paths/~1a~1b/get"), Some((4, 5)));
        // Block mappings inside sequences are marked on their line; the column is the parser's.
        assert_eq!(
            locate(text, "/paths/~1a~1b/get/parameters/1").map(|p| p.0),
            Some(7)
        );
        assert_eq!(
            locate(text, "/paths/~1a~1b/get/parameters/1/name"),
            Some((7, 11))
        );
        assert_eq!(
            locate(text, "/paths/~1a~1b/get/parameters/1/schema").map(|p| p.0),
            Some(7)
        );
        let json = "{\"openapi\": \"3.0.3\",\n \"paths\": {\"/p\": {}}}";
        assert_eq!(locate(json, "/paths/~1p"), Some((2, 12)));
    }
}
