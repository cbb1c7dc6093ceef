//! Reading a large JSON spec on several threads.
//!
//! One pass over the text finds the document's members and every entry under `paths` and under
//! each kind of `components`, without building any of them (serde_json's raw values, which only
//! check the syntax). The entries are then built into values on several threads and put
//! together in document order. GitHub's spec (13 MB) has about 900 paths and 4,000 schemas, so
//! the work shares out evenly.
//!
//! The tree is the one `serde_json::from_str` gives for the whole text. Each entry is built
//! inside as many one-element arrays as it had enclosing objects, so serde_json's nesting limit
//! counts exactly as it does for the whole text. Anything unusual (a duplicate key where the text
//! was split, a value nested too deep, `paths` that is not an object) makes [`read`] return
//! `None`, and the caller parses the whole text the usual way, which reports it as before.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_yaml::{Mapping, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// JSON texts from this size on are read with [`read`]; below it, a thread costs more than it
/// saves.
pub(crate) const SPLIT_FROM_BYTES: usize = 1 << 20;

/// Threads that build values, at most.
const MAX_THREADS: usize = 4;

/// The text read as values, on up to `threads` threads (the caller's among them); `None` when
/// the caller should parse it in one piece instead.
pub(crate) fn read(text: &str, threads: usize) -> Option<Value> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut root = Split(Level::Root).deserialize(&mut de).ok()?;
    de.end().ok()?;
    let mut jobs = Vec::new();
    root.collect(0, &mut jobs);
    let built = build_all(&jobs, threads.clamp(1, MAX_THREADS))?;
    root.assemble(&mut built.into_iter())
}

/// The document as split: objects opened up, everything else left as text.
enum Node<'a> {
    Object(Vec<(String, Node<'a>)>),
    Raw(&'a RawValue),
}

/// Which objects are opened up: the document, `paths`, `components` and its kinds.
#[derive(Clone, Copy)]
enum Level {
    Root,
    Components,
    Entries,
    Raw,
}

impl Level {
    fn child(self, key: &str) -> Level {
        match (self, key) {
            (Level::Root, "paths") => Level::Entries,
            (Level::Root, "components") => Level::Components,
            // `x-` keys are extensions, of any type.
            (Level::Components, key) if !key.starts_with("x-") => Level::Entries,
            _ => Level::Raw,
        }
    }
}

impl<'a> Node<'a> {
    /// The raw values in document order, each with the number of objects around it (`depth`
    /// is the number around `self`).
    fn collect(&self, depth: usize, out: &mut Vec<(usize, &'a RawValue)>) {
        match self {
            Node::Raw(raw) => out.push((depth, raw)),
            Node::Object(entries) => {
                for (_, child) in entries {
                    child.collect(depth + 1, out);
                }
            }
        }
    }

    /// The tree, taking the built values in the order [`Node::collect`] listed them.
    fn assemble(&mut self, built: &mut impl Iterator<Item = Value>) -> Option<Value> {
        match self {
            Node::Raw(_) => built.next(),
            Node::Object(entries) => {
                let mut mapping = Mapping::with_capacity(entries.len());
                for (key, child) in entries {
                    let value = child.assemble(built)?;
                    if mapping
                        .insert(Value::String(std::mem::take(key)), value)
                        .is_some()
                    {
                        // A repeated key: the whole parse names it.
                        return None;
                    }
                }
                Some(Value::Mapping(mapping))
            }
        }
    }
}

struct Split(Level);

impl<'de> DeserializeSeed<'de> for Split {
    type Value = Node<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        match self.0 {
            Level::Raw => <&RawValue>::deserialize(d).map(Node::Raw),
            level => d.deserialize_map(ObjectVisitor(level)),
        }
    }
}

struct ObjectVisitor(Level);

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let child = map.next_value_seed(Split(self.0.child(&key)))?;
            entries.push((key, child));
        }
        Ok(Node::Object(entries))
    }
}

/// Builds each raw value on one of `threads` threads; `None` if any fails.
fn build_all(jobs: &[(usize, &RawValue)], threads: usize) -> Option<Vec<Value>> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || {
        let mut built = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(depth, raw)) = jobs.get(i) else {
                break;
            };
            match build(depth, raw) {
                Some(value) => built.push((i, value)),
                None => failed.store(true, Ordering::Relaxed),
            }
        }
        built
    };
    let ((), done) = crate::on_threads(threads, "openapi-rust-gen-json", false, || (), work);
    if failed.into_inner() {
        return None;
    }
    let mut built: Vec<(usize, Value)> = done.into_iter().flatten().collect();
    built.sort_unstable_by_key(|(i, _)| *i);
    Some(built.into_iter().map(|(_, value)| value).collect())
}

/// One raw value, read inside `depth` one-element arrays so that the nesting limit counts the
/// objects that enclosed it.
fn build(depth: usize, raw: &RawValue) -> Option<Value> {
    let mut text = String::with_capacity(raw.get().len() + 2 * depth);
    text.extend(std::iter::repeat_n('[', depth));
    text.push_str(raw.get());
    text.extend(std::iter::repeat_n(']', depth));
    let mut de = serde_json::Deserializer::from_str(&text);
    let value = Unwrap(depth).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

/// A value inside this many one-element arrays.
struct Unwrap(usize);

impl<'de> DeserializeSeed<'de> for Unwrap {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.0 == 0 {
            Value::deserialize(d)
        } else {
            d.deserialize_seq(self)
        }
    }
}

impl<'de> Visitor<'de> for Unwrap {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a one-element array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let value = seq
            .next_element_seed(Unwrap(self.0 - 1))?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(value),
            Some(_) => Err(de::Error::invalid_length(2, &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Option<Value> {
        serde_json::from_str(text).ok()
    }

    const DOC: &str = r##"{
      "openapi": "3.0.3",
      "info": {"title": "t", "version": "1", "x-n": [1, -2, 3.5, 1e300, 18446744073709551615]},
      "paths": {
        "/a/{id}": {"get": {"responses": {"200": {"description": "ok \u00e9 \"q\""}}}},
        "/b": {"$ref": "#/paths/~1a~1{id}"}
      },
      "components": {
        "schemas": {"A": {"type": "object"}, "B": {"items": {"$ref": "#/components/schemas/A"}}},
        "examples": {"E": {"value": null}},
        "x-raw": 5
      },
      "x-top": {"a": [true, false, null, ""]}
    }"##;

    #[test]
    fn the_tree_is_the_one_a_whole_parse_gives() {
        for threads in [1, 2, 3] {
            assert_eq!(read(DOC, threads), whole(DOC), "{threads} threads");
        }
        // Keys keep document order.
        let value = read(DOC, 2).expect("read");
        let keys: Vec<_> = value.as_mapping().expect("a mapping").keys().collect();
        assert_eq!(keys.len(), 5);
        assert_eq!(keys[0], "openapi");
        assert_eq!(keys[4], "x-top");
    }

    #[test]
    fn what_the_split_cannot_read_falls_back_to_the_whole_parse() {
        // A repeated key where the text is split: the whole parse reports it.
        let repeated = r#"{"paths": {"/a": {}, "/a": {}}}"#;
        assert_eq!(read(repeated, 2), None);
        assert!(whole(repeated).is_none());
        // `paths` that is not an object: the whole parse reads it, the split leaves it.
        let odd = r#"{"paths": [1, 2], "components": 7}"#;
        assert_eq!(read(odd, 2), None);
        assert!(whole(odd).is_some());
        // Broken syntax.
        assert_eq!(read(r#"{"paths": {"/a": {]}}"#, 2), None);
        assert_eq!(read(r#"{"a": 1} x"#, 2), None);
    }

    #[test]
    fn the_nesting_limit_counts_the_enclosing_objects() {
        // serde_json refuses a value nested more than 127 levels deep (counting the document);
        // an entry of `paths` sits two levels down.
        let nested = |levels: usize| {
            format!(
                r#"{{"paths": {{"/a": {}1{}}}}}"#,
                "[".repeat(levels),
                "]".repeat(levels)
            )
        };
        let fits = nested(125);
        assert!(whole(&fits).is_some());
        assert_eq!(read(&fits, 2), whole(&fits));
        let too_deep = nested(126);
        assert!(whole(&too_deep).is_none());
        assert_eq!(read(&too_deep, 2), None);
    }
}
