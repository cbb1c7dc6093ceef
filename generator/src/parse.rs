//! The typed parse of a document tree into `openapiv3` types, one schema at a time.
//!
//! `openapiv3` (the parser of record) reads a schema through `#[serde(flatten)]` and untagged
//! enums: each schema level buffers its whole subtree, and when a nested schema turns out to be
//! invalid, every enclosing level parses its subtree again for its next alternative. Parsed in
//! one piece, a chain of n nested schemas with a bad leaf costs about 2^n steps; fuzzing found
//! 50-level chains that never finish.
//!
//! So the tree is cut first. Every schema position of the document (component schemas, parameter
//! and header schemas, media types, and inside a schema `properties`, `items`, `allOf`, `oneOf`,
//! `anyOf`, `not` and `additionalProperties`) that holds a mapping is moved out and replaced by a
//! placeholder reference. The document is parsed around the placeholders; then each placeholder
//! the typed result kept is replaced by its own subtree, parsed the same way (its own child
//! schemas cut in turn). Every node is parsed once, so the work grows with the size of the
//! document, not exponentially with its depth.
//!
//! The outcome is the one a whole-document parse gives: a placeholder stands where a schema was,
//! so the enclosing object parses to the same shape, and a child is parsed only where its
//! parent's typed form keeps it (a `$ref` ignores its siblings, as before). Errors are more
//! precise than before: they name the innermost schema at fault, not its outermost ancestor.

use crate::error::pointer_token;
use openapiv3::{
    AdditionalProperties, Callback, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    Type,
};
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// Why the typed parse failed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// JSON pointer of the node the parser was reading (in the document given, that is the
    /// original file for 3.0 and 3.1 alike).
    pub pointer: String,
    /// The parser's message.
    pub message: String,
}

/// The start of a placeholder's `$ref`; the rest is the index of the subtree it stands for.
/// A NUL byte starts it, so no reference a spec means to follow looks like it.
const PLACEHOLDER: &str = "\u{0}openapi-rust-gen/cut/";

/// HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Schema keywords whose value is one schema.
const ONE_SCHEMA: &[&str] = &["items", "not", "additionalProperties"];

/// Schema keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf"];

/// Parses a document tree (3.0 shaped) into an [`OpenAPI`] document, one schema at a time.
///
/// A large document is parsed on several threads: the document around the placeholders on the
/// caller's, while the others start on the cut schemas, and the caller joins them when done.
/// Each top-level cut is parsed on its own (its children cut into the worker's own list), so
/// the result is the one a parse on one thread gives, and the failure reported is the first in
/// order: the document's own, then the first kept slot's. A cut the typed document did not keep
/// (a `$ref` ignores its siblings) is parsed for nothing and its outcome dropped.
pub fn openapi(mut doc: Value) -> Result<OpenAPI, Failure> {
    let mut cuts = Cuts::default();
    cuts.document(&mut doc);
    let threads = crate::cores()
        .min(MAX_PARSE_THREADS)
        .min(cuts.cuts.len() / CUTS_PER_THREAD);
    if threads < 2 {
        let mut openapi: OpenAPI = typed(&doc, "")?;
        let mut slots = Vec::new();
        document_slots(&mut openapi, &mut slots);
        cuts.fill_slots(slots)?;
        return Ok(openapi);
    }
    // Every cut is top-level here and still in place (`document` only cuts), so a cut's index
    // in `pending` is its placeholder's.
    debug_assert!(cuts.cuts.iter().all(Option::is_some));
    let pending: Vec<Cut> = cuts.cuts.drain(..).flatten().collect();
    let (openapi, parsed) = parse_in_parallel(pending, threads, || typed::<OpenAPI>(&doc, ""));
    let mut openapi = openapi?;
    let mut parsed: Vec<Option<_>> = parsed.into_iter().map(Some).collect();
    let mut slots = Vec::new();
    document_slots(&mut openapi, &mut slots);
    for slot in slots {
        if let ReferenceOr::Reference { reference } = &*slot {
            let result = placeholder_index(reference)
                .and_then(|index| parsed.get_mut(index))
                .and_then(Option::take);
            if let Some(result) = result {
                *slot = result?;
            }
        }
    }
    Ok(openapi)
}

/// The index of the cut a placeholder's `$ref` stands for; `None` for any other reference.
fn placeholder_index(reference: &str) -> Option<usize> {
    reference.strip_prefix(PLACEHOLDER)?.parse().ok()
}

/// A part of a document that [`crate::repair`] reads on its own, parsed the same way: one
/// schema at a time.
pub(crate) trait Part: Sized {
    /// Parses the subtree `value`; a failure's pointer is relative to it.
    fn parse(value: &Value) -> Result<Self, Failure>;
}

impl Part for ReferenceOr<Schema> {
    fn parse(value: &Value) -> Result<Self, Failure> {
        Cuts::default().schema(Cut {
            pointer: String::new(),
            value: value.clone(),
        })
    }
}

impl Part for Operation {
    fn parse(value: &Value) -> Result<Self, Failure> {
        let mut value = value.clone();
        let mut cuts = Cuts::default();
        cuts.operation(&mut value, "");
        let mut op: Operation = typed(&value, "")?;
        let mut slots = Vec::new();
        operation_slots(&mut op, &mut slots);
        cuts.fill_slots(slots)?;
        Ok(op)
    }
}

impl Part for ReferenceOr<PathItem> {
    fn parse(value: &Value) -> Result<Self, Failure> {
        let mut value = value.clone();
        let mut cuts = Cuts::default();
        cuts.path_item(&mut value, "");
        let mut item: ReferenceOr<PathItem> = typed(&value, "")?;
        if let ReferenceOr::Item(item) = &mut item {
            let mut slots = Vec::new();
            path_item_slots(item, &mut slots);
            cuts.fill_slots(slots)?;
        }
        Ok(item)
    }
}

/// A subtree moved out of the tree, with the pointer it had there.
struct Cut {
    pointer: String,
    value: Value,
}

/// The subtrees cut out so far; a placeholder's index points in here.
#[derive(Default)]
struct Cuts {
    cuts: Vec<Option<Cut>>,
}

/// A mapping's entries with their keys as pointer text.
fn entries(value: Option<&mut Value>) -> impl Iterator<Item = (String, &mut Value)> {
    value
        .and_then(Value::as_mapping_mut)
        .into_iter()
        .flat_map(|map| map.iter_mut())
        .map(|(key, value)| (key_text(key), value))
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn child(at: &str, key: &str) -> String {
    format!("{at}/{}", pointer_token(key))
}

/// Parses one subtree; a failure's pointer is `at` followed by the parser's path inside it.
/// (Reading from a borrowed tree lets the parser borrow its strings: about twice as fast as
/// reading from an owned one.)
fn typed<T: DeserializeOwned>(value: &Value, at: &str) -> Result<T, Failure> {
    serde_path_to_error::deserialize(value).map_err(|e| Failure {
        pointer: format!("{at}{}", path_to_pointer(e.path())),
        message: e.into_inner().to_string(),
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&pointer_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Cutting: walks the untyped tree along the positions where `openapiv3` reads a schema.
impl Cuts {
    /// Moves a schema out of `slot` (when it is a mapping) and leaves a placeholder there.
    fn cut(&mut self, slot: &mut Value, pointer: String) {
        if !slot.is_mapping() {
            // Anything else fails (or is absent) the same way in place, at no cost.
            return;
        }
        let mut placeholder = Mapping::new();
        placeholder.insert(
            Value::from("$ref"),
            Value::from(format!("{PLACEHOLDER}{}", self.cuts.len())),
        );
        let value = std::mem::replace(slot, Value::Mapping(placeholder));
        self.cuts.push(Some(Cut { pointer, value }));
    }

    fn document(&mut self, doc: &mut Value) {
        let Some(root) = doc.as_mapping_mut() else {
            return;
        };
        for (path, item) in entries(root.get_mut("paths")) {
            // Other keys of `paths` are extensions (kept as raw values) or ignored.
            if path.starts_with('/') {
                self.path_item(item, &child("/paths", &path));
            }
        }
        let Some(components) = root.get_mut("components") else {
            return;
        };
        for (name, schema) in entries(components.get_mut("schemas")) {
            self.cut(schema, child("/components/schemas", &name));
        }
        for (name, p) in entries(components.get_mut("parameters")) {
            self.parameter(p, &child("/components/parameters", &name));
        }
        for (name, h) in entries(components.get_mut("headers")) {
            self.parameter(h, &child("/components/headers", &name));
        }
        for (name, r) in entries(components.get_mut("responses")) {
            self.response(r, &child("/components/responses", &name));
        }
        for (name, b) in entries(components.get_mut("requestBodies")) {
            let at = child("/components/requestBodies", &name);
            self.content(b.get_mut("content"), &child(&at, "content"));
        }
        for (name, c) in entries(components.get_mut("callbacks")) {
            self.callback(c, &child("/components/callbacks", &name));
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &str) {
        for (i, p) in sequence(item.get_mut("parameters")) {
            self.parameter(p, &format!("{at}/parameters/{i}"));
        }
        for method in METHODS {
            if let Some(op) = item.get_mut(*method) {
                self.operation(op, &child(at, method));
            }
        }
    }

    fn operation(&mut self, op: &mut Value, at: &str) {
        for (i, p) in sequence(op.get_mut("parameters")) {
            self.parameter(p, &format!("{at}/parameters/{i}"));
        }
        if let Some(body) = op.get_mut("requestBody") {
            self.content(
                body.get_mut("content"),
                &format!("{at}/requestBody/content"),
            );
        }
        for (status, r) in entries(op.get_mut("responses")) {
            // `x-` keys of `responses` are extensions, kept as raw values.
            if !status.starts_with("x-") {
                self.response(r, &format!("{at}/responses/{}", pointer_token(&status)));
            }
        }
        for (name, c) in entries(op.get_mut("callbacks")) {
            self.callback(c, &format!("{at}/callbacks/{}", pointer_token(&name)));
        }
    }

    fn callback(&mut self, callback: &mut Value, at: &str) {
        for (expression, item) in entries(Some(callback)) {
            self.path_item(item, &child(at, &expression));
        }
    }

    /// A parameter or a header: a schema, or content.
    fn parameter(&mut self, p: &mut Value, at: &str) {
        if let Some(schema) = p.get_mut("schema") {
            self.cut(schema, child(at, "schema"));
        }
        self.content(p.get_mut("content"), &child(at, "content"));
    }

    fn response(&mut self, r: &mut Value, at: &str) {
        for (name, h) in entries(r.get_mut("headers")) {
            self.parameter(h, &format!("{at}/headers/{}", pointer_token(&name)));
        }
        self.content(r.get_mut("content"), &child(at, "content"));
    }

    fn content(&mut self, content: Option<&mut Value>, at: &str) {
        for (media, m) in entries(content) {
            let m_at = child(at, &media);
            if let Some(schema) = m.get_mut("schema") {
                self.cut(schema, child(&m_at, "schema"));
            }
            for (name, e) in entries(m.get_mut("encoding")) {
                let e_at = format!("{m_at}/encoding/{}", pointer_token(&name));
                for (header, h) in entries(e.get_mut("headers")) {
                    self.parameter(h, &format!("{e_at}/headers/{}", pointer_token(&header)));
                }
            }
        }
    }

    /// Cuts the child schemas of one schema.
    fn schema_children(&mut self, schema: &mut Value, at: &str) {
        for (name, property) in entries(schema.get_mut("properties")) {
            self.cut(
                property,
                format!("{at}/properties/{}", pointer_token(&name)),
            );
        }
        for keyword in ONE_SCHEMA {
            if let Some(slot) = schema.get_mut(*keyword) {
                self.cut(slot, child(at, keyword));
            }
        }
        for keyword in SCHEMA_LISTS {
            for (i, slot) in sequence(schema.get_mut(*keyword)) {
                self.cut(slot, format!("{at}/{keyword}/{i}"));
            }
        }
    }
}

fn sequence(value: Option<&mut Value>) -> impl Iterator<Item = (usize, &mut Value)> {
    value
        .and_then(Value::as_sequence_mut)
        .into_iter()
        .flat_map(|items| items.iter_mut().enumerate())
}

/// Filling: walks the typed document along the same positions and parses what was cut.
impl Cuts {
    /// The cut a placeholder stands for, once.
    fn take(&mut self, reference: &str) -> Option<Cut> {
        self.cuts.get_mut(placeholder_index(reference)?)?.take()
    }

    /// Parses one cut schema: its children are cut, it is parsed, the children it kept filled.
    fn schema(&mut self, cut: Cut) -> Result<ReferenceOr<Schema>, Failure> {
        let Cut { pointer, mut value } = cut;
        let first_child = self.cuts.len();
        self.schema_children(&mut value, &pointer);
        let mut parsed: ReferenceOr<Schema> = typed(&value, &pointer)?;
        if let ReferenceOr::Item(schema) = &mut parsed {
            self.fill_schema(schema)?;
        }
        // Every placeholder of this schema is filled or was dropped with what ignored it.
        self.cuts.truncate(first_child);
        Ok(parsed)
    }

    fn fill(&mut self, slot: &mut ReferenceOr<Schema>) -> Result<(), Failure> {
        if let ReferenceOr::Reference { reference } = slot {
            if let Some(cut) = self.take(reference) {
                *slot = self.schema(cut)?;
            }
        }
        Ok(())
    }

    fn fill_boxed(&mut self, slot: &mut ReferenceOr<Box<Schema>>) -> Result<(), Failure> {
        if let ReferenceOr::Reference { reference } = slot {
            if let Some(cut) = self.take(reference) {
                *slot = match self.schema(cut)? {
                    ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
                    ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
                };
            }
        }
        Ok(())
    }

    fn fill_all(&mut self, slots: &mut [ReferenceOr<Schema>]) -> Result<(), Failure> {
        slots.iter_mut().try_for_each(|slot| self.fill(slot))
    }

    fn fill_properties<'s>(
        &mut self,
        properties: impl IntoIterator<Item = &'s mut ReferenceOr<Box<Schema>>>,
    ) -> Result<(), Failure> {
        properties
            .into_iter()
            .try_for_each(|slot| self.fill_boxed(slot))
    }

    fn fill_additional(&mut self, slot: &mut Option<AdditionalProperties>) -> Result<(), Failure> {
        match slot {
            Some(AdditionalProperties::Schema(schema)) => self.fill(schema),
            _ => Ok(()),
        }
    }

    fn fill_schema(&mut self, schema: &mut Schema) -> Result<(), Failure> {
        match &mut schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                self.fill_properties(object.properties.values_mut())?;
                self.fill_additional(&mut object.additional_properties)
            }
            SchemaKind::Type(Type::Array(array)) => match &mut array.items {
                Some(items) => self.fill_boxed(items),
                None => Ok(()),
            },
            SchemaKind::Type(_) => Ok(()),
            SchemaKind::OneOf { one_of: list }
            | SchemaKind::AllOf { all_of: list }
            | SchemaKind::AnyOf { any_of: list } => self.fill_all(list),
            SchemaKind::Not { not } => self.fill(not),
            SchemaKind::Any(any) => {
                self.fill_properties(any.properties.values_mut())?;
                self.fill_additional(&mut any.additional_properties)?;
                if let Some(items) = &mut any.items {
                    self.fill_boxed(items)?;
                }
                self.fill_all(&mut any.one_of)?;
                self.fill_all(&mut any.all_of)?;
                self.fill_all(&mut any.any_of)?;
                match &mut any.not {
                    Some(not) => self.fill(not),
                    None => Ok(()),
                }
            }
        }
    }

    /// Fills every slot in order; the first failure stops.
    fn fill_slots(&mut self, slots: Vec<&mut ReferenceOr<Schema>>) -> Result<(), Failure> {
        slots.into_iter().try_for_each(|slot| self.fill(slot))
    }
}

/// Threads that parse a document's schemas, at most.
const MAX_PARSE_THREADS: usize = 4;

/// Top-level cuts per parsing thread, at least: below that a thread costs more than it saves.
const CUTS_PER_THREAD: usize = 32;

/// The outcome of parsing one cut schema.
type ParsedSchema = Result<ReferenceOr<Schema>, Failure>;

/// Parses each cut schema on one of `threads` threads (the caller's among them, once `first`
/// has run on it), taking the next unparsed cut as each finishes; the results are in the order
/// of `cuts`.
fn parse_in_parallel<F: Send>(
    cuts: Vec<Cut>,
    threads: usize,
    first: impl FnOnce() -> F,
) -> (F, Vec<ParsedSchema>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let count = cuts.len();
    let queue: Vec<Mutex<Option<Cut>>> = cuts.into_iter().map(|c| Mutex::new(Some(c))).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut own = Cuts::default();
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(cell) = queue.get(index) else {
                return done;
            };
            let cut = cell.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(cut) = cut {
                done.push((index, own.schema(cut)));
            }
        }
    };
    let (first, done) = crate::on_threads(threads, "openapi-rust-gen-parse", true, first, work);
    let mut results: Vec<(usize, ParsedSchema)> = done.into_iter().flatten().collect();
    results.sort_unstable_by_key(|(index, _)| *index);
    debug_assert_eq!(results.len(), count);
    (
        first,
        results.into_iter().map(|(_, result)| result).collect(),
    )
}

/// Collecting: the slots of a typed document where a placeholder may stand, in the order the
/// cutting walked them.
fn document_slots<'a>(doc: &'a mut OpenAPI, out: &mut Vec<&'a mut ReferenceOr<Schema>>) {
    for item in doc.paths.paths.values_mut() {
        if let ReferenceOr::Item(item) = item {
            path_item_slots(item, out);
        }
    }
    let Some(components) = &mut doc.components else {
        return;
    };
    out.extend(components.schemas.values_mut());
    for p in components.parameters.values_mut() {
        if let ReferenceOr::Item(p) = p {
            parameter_slots(p, out);
        }
    }
    for h in components.headers.values_mut() {
        if let ReferenceOr::Item(h) = h {
            format_slots(&mut h.format, out);
        }
    }
    for r in components.responses.values_mut() {
        if let ReferenceOr::Item(r) = r {
            response_slots(r, out);
        }
    }
    for b in components.request_bodies.values_mut() {
        if let ReferenceOr::Item(RequestBody { content, .. }) = b {
            content_slots(content.values_mut(), out);
        }
    }
    for c in components.callbacks.values_mut() {
        if let ReferenceOr::Item(c) = c {
            callback_slots(c, out);
        }
    }
}

fn path_item_slots<'a>(item: &'a mut PathItem, out: &mut Vec<&'a mut ReferenceOr<Schema>>) {
    for p in &mut item.parameters {
        if let ReferenceOr::Item(p) = p {
            parameter_slots(p, out);
        }
    }
    for op in [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
    {
        operation_slots(op, out);
    }
}

fn operation_slots<'a>(op: &'a mut Operation, out: &mut Vec<&'a mut ReferenceOr<Schema>>) {
    for p in &mut op.parameters {
        if let ReferenceOr::Item(p) = p {
            parameter_slots(p, out);
        }
    }
    if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
        content_slots(body.content.values_mut(), out);
    }
    let responses = op.responses.default.iter_mut();
    for r in responses.chain(op.responses.responses.values_mut()) {
        if let ReferenceOr::Item(r) = r {
            response_slots(r, out);
        }
    }
    for c in op.callbacks.values_mut() {
        callback_slots(c, out);
    }
}

fn callback_slots<'a>(callback: &'a mut Callback, out: &mut Vec<&'a mut ReferenceOr<Schema>>) {
    for item in callback.values_mut() {
        path_item_slots(item, out);
    }
}

fn parameter_slots<'a>(p: &'a mut Parameter, out: &mut Vec<&'a mut ReferenceOr<Schema>>) {
    let data = match p {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    format_slots(&mut data.format, out);
}

fn format_slots<'a>(
    format: &'a mut ParameterSchemaOrContent,
    out: &mut Vec<&'a mut ReferenceOr<Schema>>,
) {
    match format {
        ParameterSchemaOrContent::Schema(schema) => out.push(schema),
        ParameterSchemaOrContent::Content(content) => content_slots(content.values_mut(), out),
    }
}

fn response_slots<'a>(r: &'a mut Response, out: &mut Vec<&'a mut ReferenceOr<Schema>>) {
    for h in r.headers.values_mut() {
        if let ReferenceOr::Item(h) = h {
            format_slots(&mut h.format, out);
        }
    }
    content_slots(r.content.values_mut(), out);
}

fn content_slots<'a>(
    media: impl IntoIterator<Item = &'a mut MediaType>,
    out: &mut Vec<&'a mut ReferenceOr<Schema>>,
) {
    for m in media {
        if let Some(schema) = &mut m.schema {
            out.push(schema);
        }
        for e in m.encoding.values_mut() {
            for h in e.headers.values_mut() {
                if let ReferenceOr::Item(h) = h {
                    format_slots(&mut h.format, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The tree of a YAML text, as the loader reads it.
    fn tree(text: &str) -> Value {
        let mut value: Value = serde_yaml::from_str(text).expect("valid YAML");
        value.apply_merge().expect("merge keys");
        value
    }

    /// The split parse and the one-piece parse agree, and no placeholder survives.
    fn assert_same_as_one_piece(value: Value) -> OpenAPI {
        let whole: OpenAPI = serde_yaml::from_value(value.clone()).expect("parses in one piece");
        let split = openapi(value).expect("parses one schema at a time");
        assert!(split == whole, "the two parses differ");
        let json = serde_json::to_string(&split).expect("serialises");
        assert!(
            !json.contains("openapi-rust-gen/cut/"),
            "a placeholder is left"
        );
        split
    }

    const EVERY_POSITION: &str = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  x-paths-extension: {schema: {type: object, properties: {a: {type: string}}}}
  /a/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: array, items: {type: integer}}}
    get:
      parameters:
        - name: q
          in: query
          content:
            application/json:
              schema: {type: object, additionalProperties: {type: array, items: {type: string}}}
        - {$ref: '#/components/parameters/P'}
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                meta: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {b: {type: boolean}}}]}
            encoding:
              file:
                headers:
                  X-Part: {schema: {oneOf: [{type: string}, {type: integer}]}}
      responses:
        x-responses-extension: {content: {application/json: {schema: {type: string}}}}
        default: {description: d, content: {application/json: {schema: {not: {type: string}}}}}
        '200':
          description: ok
          headers:
            X-Rate: {schema: {anyOf: [{type: number}, {type: string, enum: [a, b]}]}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
        404: {$ref: '#/components/responses/R'}
      callbacks:
        onEvent:
          '{$request.body#/url}':
            post:
              requestBody: {content: {application/json: {schema: {type: object, properties: {deep: {items: {allOf: [{type: string}]}}}}}}}
              responses: {'204': {description: ok}}
components:
  schemas:
    A:
      type: object
      description: an object
      x-schema-extension: {items: {type: string}}
      required: [id]
      properties:
        id: {type: string, nullable: true}
        ref_with_siblings: {$ref: '#/components/schemas/B', properties: {x: 5}}
        bad_ref_then_schema: {$ref: 5, type: string}
        map: {type: object, additionalProperties: true}
        any: {properties: {n: {type: number}}, items: {type: string}, oneOf: [{type: string}], allOf: [{type: object}], anyOf: [{}], not: {type: boolean}, additionalProperties: {type: string}}
    B: {type: array, items: {type: array, items: {$ref: '#/components/schemas/A'}}}
  parameters:
    P: {name: p, in: header, schema: {type: object, properties: {a: {type: string}}}}
  headers:
    H: {schema: {type: object, properties: {a: {type: string}}}}
    C: {content: {text/plain: {schema: {type: string}}}}
  responses:
    R:
      description: r
      headers: {X-A: {$ref: '#/components/headers/H'}}
      content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/A'}}}}
  requestBodies:
    Q: {content: {application/json: {schema: {type: object, properties: {q: {type: string}}}}}}
  callbacks:
    CB:
      '{$url}':
        put:
          parameters: [{name: z, in: cookie, schema: {type: object, properties: {z: {type: string}}}}]
          responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {z: {type: string}}}}}}}
"##;

    #[test]
    fn every_schema_position_parses_as_in_one_piece() {
        let doc = assert_same_as_one_piece(tree(EVERY_POSITION));
        // Extensions keep their raw values, schema-shaped or not.
        let a = doc.components.as_ref().expect("components").schemas["A"]
            .as_item()
            .expect("an item");
        assert_eq!(
            a.schema_data.extensions["x-schema-extension"],
            serde_json::json!({"items": {"type": "string"}})
        );
        assert_eq!(
            doc.paths.extensions["x-paths-extension"]["schema"]["properties"]["a"],
            serde_json::json!({"type": "string"})
        );
    }

    #[test]
    fn the_repository_specs_parse_as_in_one_piece() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for spec in [
            "spec/modelarts-data.yaml",
            "generator/tests/fixtures/petstore.yaml",
            "generator/tests/fixtures/stress.yaml",
            "generator/tests/fixtures/batch.yaml",
            "generator/tests/fixtures/petstore-3.1.yaml",
        ] {
            let text = std::fs::read_to_string(root.join(spec)).expect("spec");
            let mut value = tree(&text);
            if spec.ends_with("3.1.yaml") {
                crate::normalize::normalize_3_1(&mut value, spec);
            }
            assert_same_as_one_piece(value);
        }
    }

    #[test]
    fn failures_name_the_innermost_schema() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        a: {items: {allOf: [{type: 5}]}}\n";
        let failure = openapi(tree(text)).expect_err("a number is not a type");
        assert_eq!(
            failure.pointer,
            "/components/schemas/A/properties/a/items/allOf/0"
        );
        assert!(failure.message.contains("expected a string"), "{failure:?}");
        // A failure outside schemas is found by the document's own parse, as before (which
        // names the nearest node it tracks).
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok, content: 7}}\n";
        let failure = openapi(tree(text)).expect_err("content is a map");
        assert!(failure.pointer.starts_with("/paths"), "{failure:?}");
        assert!(failure.message.contains("expected a map"), "{failure:?}");
    }

    #[test]
    fn the_siblings_of_a_ref_are_not_parsed() {
        // openapiv3 ignores them; parsing them separately must not turn them into errors.
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n    B: {$ref: '#/components/schemas/A', items: {type: 5}, allOf: [null]}\n";
        let doc = assert_same_as_one_piece(tree(text));
        let b = &doc.components.expect("components").schemas["B"];
        assert_eq!(b, &ReferenceOr::ref_("#/components/schemas/A"));
    }

    #[test]
    fn many_schemas_parse_as_in_one_piece_and_the_first_failure_in_order_is_reported() {
        // Enough schemas for the parse to be shared among threads.
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for i in 0..300 {
            text.push_str(&format!(
                "    S{i}: {{type: object, properties: {{a: {{type: array, items: {{$ref: '#/components/schemas/S{}'}}}}, b: {{allOf: [{{type: string}}]}}}}}}\n",
                (i + 1) % 300
            ));
        }
        let doc = assert_same_as_one_piece(tree(&text));
        assert_eq!(doc.components.expect("components").schemas.len(), 300);
        // Two bad schemas: the one earlier in the document is named, whichever thread
        // reached it.
        let mut value = tree(&text);
        for i in [150, 290] {
            value["components"]["schemas"][format!("S{i}").as_str()]["properties"]["b"]["allOf"]
                [0]["type"] = Value::from(5);
        }
        let failure = openapi(value).expect_err("a number is not a type");
        assert_eq!(
            failure.pointer,
            "/components/schemas/S150/properties/b/allOf/0"
        );
    }
    #[test]
    fn on_several_threads_a_dropped_cut_is_ignored_and_the_document_fails_first() {
        // Enough schemas for the document and its schemas to be parsed at the same time. A
        // parameter that is a `$ref` drops its bad `schema` sibling, which was cut and parsed
        // all the same: its failure must not surface.
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  parameters:\n    P: {$ref: '#/components/parameters/Q', schema: {type: 5}}\n    Q: {name: q, in: query, schema: {type: string}}\n  schemas:\n",
        );
        for i in 0..300 {
            text.push_str(&format!(
                "    S{i}: {{type: object, properties: {{a: {{type: string}}}}}}\n"
            ));
        }
        let doc = assert_same_as_one_piece(tree(&text));
        let parameters = &doc.components.as_ref().expect("components").parameters;
        assert_eq!(
            parameters["P"],
            ReferenceOr::ref_("#/components/parameters/Q")
        );
        // When the document around the schemas is bad, that is the failure reported, though a
        // schema (parsed on another thread meanwhile) is bad too.
        let mut value = tree(&text.replace(
            "paths: {}",
            "paths: {/a: {get: {responses: {'200': {description: ok, content: 7}}}}}",
        ));
        value["components"]["schemas"]["S3"]["properties"]["a"]["type"] = Value::from(5);
        let failure = openapi(value).expect_err("content is a map");
        assert!(failure.pointer.starts_with("/paths"), "{failure:?}");
        assert!(failure.message.contains("expected a map"), "{failure:?}");
    }
}
