//! Degrade, never fail: when the typed parse refuses a document, the node at fault is repaired
//! in the tree of values and the parse is tried again, each repair leaving a located warning.
//!
//! Repairs, from the smallest to the largest:
//! - `callbacks` (which a client SDK never receives, and which `openapiv3` cannot read when
//!   they use `$ref`s) are dropped;
//! - a schema that cannot be read (`pattern: 0`, `type: {…}`) becomes `{}`, any JSON value: the
//!   deepest schema that fails on its own, so that its siblings keep their types;
//! - an operation that still cannot be read is left out; then its path item; then a component
//!   (`#/components/parameters/X`), whose users then warn that their `$ref` leads nowhere.
//!
//! What no repair covers (a bad `info`, a syntax error) stays an error. The number of repairs
//! is bounded, and each one removes or empties a node, so this always ends.

use crate::error::{pointer, Error, Location, Warning};
use crate::parse::Part;
use serde_yaml::{Mapping, Value};

/// At most this many repairs per document; past it the last parse error is reported.
const MAX_REPAIRS: usize = 200;

/// HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Repairs `value` until `parse` accepts it (or no repair applies, or the budget is spent).
/// `error` is the error of the first attempt. Returns the parsed document and one warning per
/// repair; on failure, the error of the last attempt.
pub(crate) fn repair<T>(
    mut value: Value,
    file: &str,
    mut error: Error,
    parse: impl Fn(Value) -> Result<T, Error>,
) -> Result<(T, Vec<Warning>), Error> {
    let mut warnings = Vec::new();
    let mut repair = Repair {
        file,
        warnings: &mut warnings,
    };
    if !repair.drop_callbacks(&mut value) && !repair.fix(&mut value, &error.location.pointer) {
        return Err(error);
    }
    for _ in 0..MAX_REPAIRS {
        match parse(value.clone()) {
            Ok(parsed) => return Ok((parsed, warnings)),
            Err(e) => error = e,
        }
        let mut repair = Repair {
            file,
            warnings: &mut warnings,
        };
        if !repair.fix(&mut value, &error.location.pointer) {
            return Err(error);
        }
    }
    Err(error)
}

struct Repair<'a> {
    file: &'a str,
    warnings: &'a mut Vec<Warning>,
}

/// Does `value` read as a `T` on its own? (`openapiv3` can panic on odd shapes: that is a no.)
/// Read one schema at a time ([`crate::parse`]): a deep failing schema read in one piece costs
/// about 2^depth.
fn reads_as<T: Part>(value: &Value) -> bool {
    matches!(std::panic::catch_unwind(|| T::parse(value)), Ok(Ok(_)))
}

fn why_not<T: Part>(value: &Value) -> String {
    match std::panic::catch_unwind(|| T::parse(value)) {
        Ok(Err(failure)) => failure.message,
        _ => "it has an unexpected shape".to_owned(),
    }
}

fn tokens_of(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn pointer_of(tokens: &[String]) -> String {
    let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
    pointer("", &refs)
}

fn child<'v>(value: &'v Value, token: &str) -> Option<&'v Value> {
    match value {
        Value::Mapping(map) => map.get(token),
        Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

fn child_mut<'v>(value: &'v mut Value, token: &str) -> Option<&'v mut Value> {
    match value {
        Value::Mapping(map) => map.get_mut(token),
        Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    }
}

fn at<'v>(value: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(value, |v, t| child(v, t))
}

fn at_mut<'v>(value: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    tokens.iter().try_fold(value, |v, t| child_mut(v, t))
}

fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn entries(value: &Value) -> Vec<(String, &Value)> {
    match value {
        Value::Mapping(map) => map
            .iter()
            .filter_map(|(k, v)| key_text(k).map(|k| (k, v)))
            .collect(),
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    }
}

/// Is the node at `tokens` a schema position (the root of a schema)?
fn is_schema_root(tokens: &[String]) -> bool {
    match tokens {
        [first, kind, _] if first == "components" && kind == "schemas" => true,
        [.., last] => last == "schema",
        _ => false,
    }
}

/// The schema positions directly inside a schema, as relative token paths.
fn sub_schemas(schema: &Value) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (key, value) in entries(schema) {
        match key.as_str() {
            "items" | "not" | "additionalProperties" if value.is_mapping() => {
                out.push(vec![key]);
            }
            "properties" => {
                for (name, _) in entries(value) {
                    out.push(vec![key.clone(), name]);
                }
            }
            "allOf" | "anyOf" | "oneOf" => {
                for (index, _) in entries(value) {
                    out.push(vec![key.clone(), index]);
                }
            }
            _ => {}
        }
    }
    out
}

/// The deepest schema at or under `tokens` that does not read on its own (the node itself
/// when every sub-schema reads).
fn deepest_bad_schema(doc: &Value, tokens: Vec<String>) -> Vec<String> {
    let Some(schema) = at(doc, &tokens) else {
        return tokens;
    };
    for sub in sub_schemas(schema) {
        let Some(node) = at(schema, &sub) else {
            continue;
        };
        if !reads_as::<openapiv3::ReferenceOr<openapiv3::Schema>>(node) {
            let mut deeper = tokens.clone();
            deeper.extend(sub);
            return deepest_bad_schema(doc, deeper);
        }
    }
    tokens
}

/// The first schema root under `tokens` (document order) that does not read on its own.
fn find_bad_schema(doc: &Value, tokens: &[String], budget: &mut usize) -> Option<Vec<String>> {
    let node = at(doc, tokens)?;
    if is_schema_root(tokens) {
        if reads_as::<openapiv3::ReferenceOr<openapiv3::Schema>>(node) {
            return None;
        }
        return Some(deepest_bad_schema(doc, tokens.to_vec()));
    }
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    for (key, _) in entries(node) {
        let mut deeper = tokens.to_vec();
        deeper.push(key);
        if let Some(found) = find_bad_schema(doc, &deeper, budget) {
            return Some(found);
        }
    }
    None
}

impl Repair<'_> {
    fn warn(&mut self, tokens: &[String], message: String) {
        self.warnings.push(Warning {
            message,
            location: Location {
                file: self.file.to_owned(),
                pointer: pointer_of(tokens),
                line_col: None,
            },
        });
    }

    /// Drops every operation's `callbacks` and `components/callbacks`; true if any was there.
    fn drop_callbacks(&mut self, doc: &mut Value) -> bool {
        let mut dropped = Vec::new();
        if let Some(paths) = child_mut(doc, "paths").and_then(Value::as_mapping_mut) {
            for (path, item) in paths.iter_mut() {
                let Some(path) = key_text(path) else { continue };
                let Some(item) = item.as_mapping_mut() else {
                    continue;
                };
                for method in METHODS {
                    let op = item.get_mut(*method).and_then(Value::as_mapping_mut);
                    if op.and_then(|op| op.shift_remove("callbacks")).is_some() {
                        dropped.push(vec![
                            "paths".to_owned(),
                            path.clone(),
                            (*method).to_owned(),
                            "callbacks".to_owned(),
                        ]);
                    }
                }
            }
        }
        let components = child_mut(doc, "components").and_then(Value::as_mapping_mut);
        if components
            .and_then(|c| c.shift_remove("callbacks"))
            .is_some()
        {
            dropped.push(vec!["components".to_owned(), "callbacks".to_owned()]);
        }
        for tokens in &dropped {
            self.warn(
                tokens,
                "callbacks are ignored: a client SDK does not receive calls".to_owned(),
            );
        }
        !dropped.is_empty()
    }

    /// One repair for a parse error at `pointer`; false when none applies.
    fn fix(&mut self, doc: &mut Value, pointer: &str) -> bool {
        let tokens = tokens_of(pointer);
        if tokens.is_empty() {
            return false;
        }
        // The nearest schema root at or above the error, else the first failing schema below.
        let schema = (1..=tokens.len())
            .rev()
            .find(|&n| is_schema_root(&tokens[..n]))
            .filter(|&n| {
                at(doc, &tokens[..n])
                    .is_some_and(|v| !reads_as::<openapiv3::ReferenceOr<openapiv3::Schema>>(v))
            })
            .map(|n| deepest_bad_schema(doc, tokens[..n].to_vec()))
            .or_else(|| find_bad_schema(doc, &tokens, &mut 100_000));
        if let Some(schema) = schema {
            return self.empty_schema(doc, &schema);
        }
        self.drop_container(doc, &tokens)
    }

    /// Replaces the schema at `tokens` with `{}` (keeping its description).
    fn empty_schema(&mut self, doc: &mut Value, tokens: &[String]) -> bool {
        let Some(node) = at_mut(doc, tokens) else {
            return false;
        };
        let why = why_not::<openapiv3::ReferenceOr<openapiv3::Schema>>(node);
        let mut empty = Mapping::new();
        if let Some(description) = node.get("description").filter(|d| d.is_string()) {
            empty.insert("description".into(), description.clone());
        }
        if *node == Value::Mapping(empty.clone()) {
            return false;
        }
        *node = Value::Mapping(empty);
        self.warn(
            tokens,
            format!("this schema cannot be read ({why}); any JSON value is accepted here"),
        );
        true
    }

    /// Leaves out the operation, path item or component that holds the error at `tokens`.
    fn drop_container(&mut self, doc: &mut Value, tokens: &[String]) -> bool {
        let mut tokens = tokens.to_vec();
        match tokens.first().map(String::as_str) {
            Some("paths") => {
                if tokens.len() == 1 {
                    // Only `/paths` is known: find the path item that does not read.
                    let Some(bad) = at(doc, &tokens).and_then(|paths| {
                        entries(paths).into_iter().find(|(_, item)| {
                            !reads_as::<openapiv3::ReferenceOr<openapiv3::PathItem>>(item)
                        })
                    }) else {
                        return false;
                    };
                    tokens.push(bad.0);
                }
                if tokens.len() == 2 {
                    let bad_method = at(doc, &tokens).and_then(|item| {
                        METHODS.iter().find(|m| {
                            child(item, m).is_some_and(|op| !reads_as::<openapiv3::Operation>(op))
                        })
                    });
                    if let Some(method) = bad_method {
                        tokens.push((*method).to_owned());
                    }
                }
                let what = if tokens.len() >= 3 && METHODS.contains(&tokens[2].as_str()) {
                    tokens.truncate(3);
                    "operation"
                } else {
                    tokens.truncate(2);
                    "path item"
                };
                self.remove(doc, &tokens, what)
            }
            Some("components") if tokens.len() >= 3 => {
                tokens.truncate(3);
                self.remove(doc, &tokens, "component")
            }
            _ => false,
        }
    }

    fn remove(&mut self, doc: &mut Value, tokens: &[String], what: &str) -> bool {
        let Some((last, parent)) = tokens.split_last() else {
            return false;
        };
        let why = match (what, at(doc, tokens)) {
            ("operation", Some(v)) => why_not::<openapiv3::Operation>(v),
            ("path item", Some(v)) => why_not::<openapiv3::ReferenceOr<openapiv3::PathItem>>(v),
            _ => "it does not read as OpenAPI 3.0".to_owned(),
        };
        let removed = at_mut(doc, parent)
            .and_then(Value::as_mapping_mut)
            .and_then(|map| map.shift_remove(last.as_str()))
            .is_some();
        if removed {
            self.warn(
                tokens,
                format!("this {what} cannot be read ({why}); it is left out"),
            );
        }
        removed
    }
}
