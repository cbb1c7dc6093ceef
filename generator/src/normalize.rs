//! OpenAPI 3.1 -> 3.0: rewrites a 3.1 document, as a tree of values, into the 3.0 shape that
//! `openapiv3` (the parser of record) reads.
//!
//! Only what 3.0 spells differently is rewritten, in place, so JSON pointers of everything else
//! stay those of the original file (diagnostics are located with the original text):
//! - schemas: `type` lists (with `"null"` -> `nullable`), `const` -> a one-value `enum`,
//!   `examples` -> `example`, numeric `exclusiveMinimum`/`exclusiveMaximum` -> the boolean form,
//!   `prefixItems` -> `items`, `contentEncoding`/`contentMediaType` -> `format: byte`/`binary`,
//!   `anyOf`/`oneOf` with a `{type: "null"}` member -> `nullable`, boolean schemas, and `$ref`
//!   with constraining sibling keywords -> `allOf: [{$ref}]` beside them;
//! - `definitions` / `$defs` nested in a component schema (JSON Schema's local definitions, which
//!   3.1 documents reference as `#/components/schemas/X/$defs/Y`) become components of their own,
//!   and references to them follow;
//! - the document: `webhooks` (dropped with a warning), `jsonSchemaDialect` (dropped; a warning
//!   when it names another dialect), `paths` (optional in 3.1).
//!
//! Every approximation leaves a [`Warning`] at the pointer of the keyword in the original file.

use crate::error::{pointer, pointer_token, Location, Warning};
use serde_yaml::{Mapping, Value};

/// The dialect 3.1 documents use unless they say otherwise.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords that only annotate: beside a `$ref`, 3.0 ignores them and so do we.
const ANNOTATIONS: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
    "externalDocs",
    "xml",
    "$schema",
    "$id",
    "$anchor",
];

/// Rewrites a 3.1 document into the 3.0 shape; returns what was approximated.
pub fn normalize_3_1(doc: &mut Value, file: &str) -> Vec<Warning> {
    let mut n = Normalizer {
        file: file.to_owned(),
        warnings: Vec::new(),
    };
    if let Some(root) = doc.as_mapping_mut() {
        n.document(root);
    }
    n.warnings
}

struct Normalizer {
    file: String,
    warnings: Vec<Warning>,
}

fn get_mut<'a>(map: &'a mut Mapping, key: &str) -> Option<&'a mut Value> {
    map.get_mut(key)
}

fn entries_mut(value: Option<&mut Value>) -> Vec<(String, &mut Value)> {
    match value.and_then(Value::as_mapping_mut) {
        Some(map) => map
            .iter_mut()
            .filter_map(|(k, v)| key_text(k).map(|k| (k, v)))
            .collect(),
        None => Vec::new(),
    }
}

fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Normalizer {
    fn warn(&mut self, at: String, message: impl Into<String>) {
        self.warnings.push(Warning {
            message: message.into(),
            location: Location {
                file: self.file.clone(),
                pointer: at,
                line_col: None,
            },
        });
    }

    fn document(&mut self, root: &mut Mapping) {
        if let Some(hooks) = root.shift_remove("webhooks") {
            let count = hooks.as_mapping().map_or(0, Mapping::len);
            if count > 0 {
                self.warn(
                    "/webhooks".to_owned(),
                    format!("{count} webhook(s) ignored: a client SDK does not receive calls"),
                );
            }
        }
        if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
            if dialect.as_str() != Some(OAS_DIALECT) {
                self.warn(
                    "/jsonSchemaDialect".to_owned(),
                    "schemas are read as the OpenAPI 3.1 base dialect, not the one named here",
                );
            }
        }
        hoist_definitions(root);
        if !root.contains_key("paths") {
            root.insert(Value::from("paths"), Value::Mapping(Mapping::new()));
        }
        for (path, item) in entries_mut(get_mut(root, "paths")) {
            self.path_item(item, &pointer("/paths", &[&path]));
        }
        let Some(components) = get_mut(root, "components").and_then(Value::as_mapping_mut) else {
            return;
        };
        for (name, schema) in entries_mut(get_mut(components, "schemas")) {
            self.schema(schema, &pointer("/components/schemas", &[&name]));
        }
        for (name, p) in entries_mut(get_mut(components, "parameters")) {
            self.parameter(p, &pointer("/components/parameters", &[&name]));
        }
        for (name, h) in entries_mut(get_mut(components, "headers")) {
            self.parameter(h, &pointer("/components/headers", &[&name]));
        }
        for (name, r) in entries_mut(get_mut(components, "responses")) {
            self.response(r, &pointer("/components/responses", &[&name]));
        }
        for (name, b) in entries_mut(get_mut(components, "requestBodies")) {
            self.content_of(b, &pointer("/components/requestBodies", &[&name]));
        }
        for (name, item) in entries_mut(get_mut(components, "pathItems")) {
            self.path_item(item, &pointer("/components/pathItems", &[&name]));
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &str) {
        let Some(item) = item.as_mapping_mut() else {
            return;
        };
        self.parameters(get_mut(item, "parameters"), at);
        for method in METHODS {
            let Some(op) = get_mut(item, method).and_then(Value::as_mapping_mut) else {
                continue;
            };
            let op_at = pointer(at, &[method]);
            self.parameters(get_mut(op, "parameters"), &op_at);
            if let Some(body) = get_mut(op, "requestBody") {
                self.content_of(body, &pointer(&op_at, &["requestBody"]));
            }
            for (status, response) in entries_mut(get_mut(op, "responses")) {
                self.response(response, &pointer(&op_at, &["responses", &status]));
            }
        }
    }

    fn parameters(&mut self, list: Option<&mut Value>, at: &str) {
        let Some(list) = list.and_then(Value::as_sequence_mut) else {
            return;
        };
        for (i, p) in list.iter_mut().enumerate() {
            self.parameter(p, &pointer(at, &["parameters", &i.to_string()]));
        }
    }

    /// A parameter or a header: a `schema` or a `content` map.
    fn parameter(&mut self, p: &mut Value, at: &str) {
        let Some(map) = p.as_mapping_mut() else {
            return;
        };
        if let Some(schema) = get_mut(map, "schema") {
            self.schema(schema, &pointer(at, &["schema"]));
        }
        self.content_of(p, at);
    }

    fn response(&mut self, r: &mut Value, at: &str) {
        if let Some(map) = r.as_mapping_mut() {
            for (name, h) in entries_mut(get_mut(map, "headers")) {
                self.parameter(h, &pointer(at, &["headers", &name]));
            }
        }
        self.content_of(r, at);
    }

    /// The schemas of an object's `content` map (request body, response, parameter).
    fn content_of(&mut self, holder: &mut Value, at: &str) {
        let Some(map) = holder.as_mapping_mut() else {
            return;
        };
        for (media, m) in entries_mut(get_mut(map, "content")) {
            if let Some(schema) = m.as_mapping_mut().and_then(|m| get_mut(m, "schema")) {
                self.schema(schema, &pointer(at, &["content", &media, "schema"]));
            }
        }
    }

    /// One schema and, depth first, every schema inside it.
    fn schema(&mut self, value: &mut Value, at: &str) {
        if let Value::Bool(accepts) = value {
            // `true` accepts anything (`{}`); `false` accepts nothing (`not: {}`).
            let mut map = Mapping::new();
            if !*accepts {
                map.insert(Value::from("not"), Value::Mapping(Mapping::new()));
            }
            *value = Value::Mapping(map);
            return;
        }
        let Some(map) = value.as_mapping_mut() else {
            return;
        };
        self.children(map, at);
        self.null_alternatives(map, at);
        self.type_list(map, at);
        if let Some(c) = map.shift_remove("const") {
            if !map.contains_key("enum") {
                map.insert(Value::from("enum"), Value::Sequence(vec![c]));
            }
        }
        if let Some(examples) = map.shift_remove("examples") {
            if let Some(first) = examples.as_sequence().and_then(|s| s.first()) {
                if !map.contains_key("example") {
                    map.insert(Value::from("example"), first.clone());
                }
            }
        }
        self.exclusive_bound(map, at, "exclusiveMinimum", "minimum");
        self.exclusive_bound(map, at, "exclusiveMaximum", "maximum");
        self.prefix_items(map, at);
        content_format(map);
        ref_siblings(map);
    }

    fn children(&mut self, map: &mut Mapping, at: &str) {
        for (name, p) in entries_mut(get_mut(map, "properties")) {
            self.schema(p, &pointer(at, &["properties", &name]));
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(child) = get_mut(map, key) {
                if key != "additionalProperties" || child.is_mapping() {
                    self.schema(child, &pointer(at, &[key]));
                }
            }
        }
        for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            if let Some(list) = get_mut(map, key).and_then(Value::as_sequence_mut) {
                for (i, child) in list.iter_mut().enumerate() {
                    self.schema(child, &pointer(at, &[key, &i.to_string()]));
                }
            }
        }
    }

    /// `anyOf: [X, {type: "null"}]` (what 3.1 tools write for an optional value) is X, nullable.
    fn null_alternatives(&mut self, map: &mut Mapping, _at: &str) {
        for key in ["anyOf", "oneOf"] {
            let Some(list) = get_mut(map, key).and_then(Value::as_sequence_mut) else {
                continue;
            };
            let before = list.len();
            list.retain(|alt| !is_null_schema(alt));
            if list.len() == before {
                continue;
            }
            map.insert(Value::from("nullable"), Value::Bool(true));
            let rest = match map.shift_remove(key) {
                Some(Value::Sequence(rest)) => rest,
                _ => Vec::new(),
            };
            match rest.len() {
                0 => {}
                1 => push_all_of(map, rest.into_iter().next().unwrap_or(Value::Null)),
                _ => {
                    map.insert(Value::from(key), Value::Sequence(rest));
                }
            }
        }
    }

    /// `type: [T, "null"]` -> `type: T, nullable: true`; several types -> any value.
    fn type_list(&mut self, map: &mut Mapping, at: &str) {
        let types: Vec<String> = match map.get("type") {
            Some(Value::Sequence(list)) => list
                .iter()
                .map(|t| t.as_str().unwrap_or_default().to_owned())
                .collect(),
            Some(Value::String(t)) if t == "null" => vec![t.clone()],
            _ => return,
        };
        let (nulls, others): (Vec<String>, Vec<String>) =
            types.into_iter().partition(|t| t == "null");
        if !nulls.is_empty() {
            map.insert(Value::from("nullable"), Value::Bool(true));
        }
        match others.as_slice() {
            [one] => {
                map.insert(Value::from("type"), Value::from(one.as_str()));
            }
            [] => {
                map.shift_remove("type");
            }
            several => {
                map.shift_remove("type");
                self.warn(
                    pointer(at, &["type"]),
                    format!(
                        "a value of several types ({}) is read as any JSON value",
                        several.join(", ")
                    ),
                );
            }
        }
    }

    /// 3.1 `exclusiveMinimum: 5` -> 3.0 `minimum: 5, exclusiveMinimum: true`.
    fn exclusive_bound(&mut self, map: &mut Mapping, at: &str, key: &str, bound: &str) {
        let Some(Value::Number(limit)) = map.get(key).cloned() else {
            return;
        };
        let integer = map.get("type").and_then(Value::as_str) == Some("integer");
        if integer && limit.as_i64().is_none() {
            map.shift_remove(key);
            self.warn(
                pointer(at, &[key]),
                format!("`{key}: {limit}` on an integer is not a whole number and is ignored"),
            );
            return;
        }
        map.insert(Value::from(bound), Value::Number(limit));
        map.insert(Value::from(key), Value::Bool(true));
    }

    /// A tuple (`prefixItems`) becomes a list of its one item type, or of any value.
    fn prefix_items(&mut self, map: &mut Mapping, at: &str) {
        let Some(Value::Sequence(prefix)) = map.shift_remove("prefixItems") else {
            return;
        };
        if map.contains_key("items") {
            return;
        }
        let first = prefix.first().cloned().unwrap_or(Value::Null);
        let same = prefix.iter().all(|p| *p == first);
        let items = if same && first.is_mapping() {
            first
        } else {
            self.warn(
                pointer(at, &["prefixItems"]),
                "a tuple of different types is read as a list of any JSON values",
            );
            Value::Mapping(Mapping::new())
        };
        map.insert(Value::from("items"), items);
    }
}

/// Moves `definitions` / `$defs` of component schemas to `components/schemas` (as `X_Y`, or
/// `X_Y_2`... when taken) and rewrites every `$ref` into them.
fn hoist_definitions(root: &mut Mapping) {
    let Some(schemas) = get_mut(root, "components")
        .and_then(Value::as_mapping_mut)
        .and_then(|c| get_mut(c, "schemas"))
        .and_then(Value::as_mapping_mut)
    else {
        return;
    };
    let mut moved: Vec<(String, String)> = Vec::new();
    let mut work: Vec<String> = schemas.keys().filter_map(key_text).collect();
    // Bounded: every step removes a nested map from the document.
    while let Some(name) = work.pop() {
        let Some(schema) = get_mut(schemas, &name).and_then(Value::as_mapping_mut) else {
            continue;
        };
        let mut found = Vec::new();
        for keyword in ["definitions", "$defs"] {
            if let Some(Value::Mapping(defs)) = schema.shift_remove(keyword) {
                for (key, def) in defs {
                    if let Some(key) = key_text(&key) {
                        found.push((keyword, key, def));
                    }
                }
            }
        }
        for (keyword, key, def) in found {
            let base = format!("{name}_{key}");
            let mut new_name = base.clone();
            let mut n = 2;
            while schemas.contains_key(new_name.as_str()) {
                new_name = format!("{base}_{n}");
                n += 1;
            }
            moved.push((
                format!(
                    "#/components/schemas/{}/{keyword}/{}",
                    pointer_token(&name),
                    pointer_token(&key)
                ),
                format!("#/components/schemas/{}", pointer_token(&new_name)),
            ));
            schemas.insert(Value::from(new_name.as_str()), def);
            work.push(new_name);
        }
    }
    if moved.is_empty() {
        return;
    }
    // Longest first, so a definition inside a definition is matched before its parent.
    moved.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    let mut stack: Vec<&mut Value> = root.values_mut().collect();
    while let Some(value) = stack.pop() {
        match value {
            Value::Mapping(map) => {
                for (key, child) in map.iter_mut() {
                    if key.as_str() == Some("$ref") {
                        if let Value::String(reference) = child {
                            *reference = rewrite_ref(reference, &moved);
                        }
                    } else {
                        stack.push(child);
                    }
                }
            }
            Value::Sequence(list) => stack.extend(list.iter_mut()),
            _ => {}
        }
    }
}

/// Applies the moves to one reference until none applies (a move per nesting level).
fn rewrite_ref(reference: &str, moved: &[(String, String)]) -> String {
    let mut current = reference.to_owned();
    for _ in 0..=moved.len() {
        let hit = moved.iter().find(|(from, _)| {
            current == *from
                || current
                    .strip_prefix(from.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        });
        match hit {
            Some((from, to)) => current = format!("{to}{}", &current[from.len()..]),
            None => break,
        }
    }
    current
}

/// `{type: "null"}` (or `{type: ["null"]}`), with nothing else that constrains.
fn is_null_schema(value: &Value) -> bool {
    let Some(map) = value.as_mapping() else {
        return false;
    };
    let null_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Sequence(list)) => list.len() == 1 && list[0].as_str() == Some("null"),
        // The inner schema may already be normalised: `{nullable: true}` alone.
        None => map.get("nullable") == Some(&Value::Bool(true)) && map.len() == 1,
        _ => false,
    };
    null_type
        && map.keys().all(|k| {
            k.as_str()
                .is_some_and(|k| k == "type" || k == "nullable" || ANNOTATIONS.contains(&k))
        })
}

fn push_all_of(map: &mut Mapping, schema: Value) {
    match get_mut(map, "allOf").and_then(Value::as_sequence_mut) {
        Some(list) => list.push(schema),
        None => {
            map.insert(Value::from("allOf"), Value::Sequence(vec![schema]));
        }
    }
}

/// `contentEncoding: base64` is 3.0's `format: byte`; other non-JSON content is `binary`.
fn content_format(map: &mut Mapping) {
    let encoding = map.shift_remove("contentEncoding");
    let media = map.shift_remove("contentMediaType");
    map.shift_remove("contentSchema");
    if map.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), &media) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(_)) => "binary",
        _ => return,
    };
    map.insert(Value::from("format"), Value::from(format));
}

/// A `$ref` beside keywords that constrain the value: 3.0 would ignore them, 3.1 applies both,
/// so the reference moves into `allOf` next to them. Annotations alone stay (and are ignored).
fn ref_siblings(map: &mut Mapping) {
    if !map.contains_key("$ref") || map.len() == 1 {
        return;
    }
    let constrains = map.keys().any(|k| {
        k.as_str()
            .is_some_and(|k| k != "$ref" && !k.starts_with("x-") && !ANNOTATIONS.contains(&k))
    });
    if !constrains {
        return;
    }
    if let Some(reference) = map.shift_remove("$ref") {
        let mut only_ref = Mapping::new();
        only_ref.insert(Value::from("$ref"), reference);
        push_all_of(map, Value::Mapping(only_ref));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(yaml: &str) -> (Value, Vec<String>) {
        let mut value: Value = serde_yaml::from_str(yaml).expect("yaml");
        let warnings = normalize_3_1(&mut value, "f.yaml");
        (
            value,
            warnings
                .iter()
                .map(|w| w.location.pointer.clone())
                .collect(),
        )
    }

    fn schema_of(doc: &Value, name: &str) -> String {
        serde_json::to_string(&doc["components"]["schemas"][name]).expect("json")
    }

    #[test]
    fn schema_keywords_take_their_3_0_form() {
        let (doc, warnings) = normalized(
            r#"
openapi: 3.1.0
components:
  schemas:
    A: {type: [string, "null"], examples: [x, y]}
    B: {const: fixed}
    C: {type: integer, exclusiveMinimum: 0, exclusiveMaximum: 10}
    D: {type: array, prefixItems: [{type: string}, {type: string}]}
    E: {type: string, contentEncoding: base64}
    F: {type: string, contentMediaType: image/png}
    G: {anyOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]}
    H: {$ref: '#/components/schemas/A', type: object, properties: {p: {type: [integer, string]}}}
    I: {$ref: '#/components/schemas/A', description: kept aside}
    J: {type: object, properties: {t: true, f: false}}
"#,
        );
        assert_eq!(
            schema_of(&doc, "A"),
            r#"{"type":"string","nullable":true,"example":"x"}"#
        );
        assert_eq!(schema_of(&doc, "B"), r#"{"enum":["fixed"]}"#);
        assert_eq!(
            schema_of(&doc, "C"),
            r#"{"type":"integer","exclusiveMinimum":true,"exclusiveMaximum":true,"minimum":0,"maximum":10}"#
        );
        assert_eq!(
            schema_of(&doc, "D"),
            r#"{"type":"array","items":{"type":"string"}}"#
        );
        assert_eq!(schema_of(&doc, "E"), r#"{"type":"string","format":"byte"}"#);
        assert_eq!(
            schema_of(&doc, "F"),
            r#"{"type":"string","format":"binary"}"#
        );
        assert_eq!(
            schema_of(&doc, "G"),
            r##"{"nullable":true,"allOf":[{"$ref":"#/components/schemas/A"}]}"##
        );
        assert_eq!(
            schema_of(&doc, "H"),
            r##"{"type":"object","properties":{"p":{}},"allOf":[{"$ref":"#/components/schemas/A"}]}"##
        );
        assert_eq!(
            schema_of(&doc, "I"),
            r##"{"$ref":"#/components/schemas/A","description":"kept aside"}"##
        );
        assert_eq!(
            schema_of(&doc, "J"),
            r#"{"type":"object","properties":{"t":{},"f":{"not":{}}}}"#
        );
        assert_eq!(warnings, ["/components/schemas/H/properties/p/type"]);
        assert!(doc["paths"].is_mapping(), "paths is optional in 3.1");
    }

    #[test]
    fn nested_definitions_become_components_and_references_follow() {
        let (doc, _) = normalized(
            r##"
openapi: 3.1.0
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/A/definitions/b'}
        c: {$ref: '#/components/schemas/A/$defs/c/properties/d'}
      definitions:
        b:
          type: object
          properties: {e: {$ref: '#/components/schemas/A/definitions/b/definitions/e'}}
          definitions:
            e: {type: string}
      $defs:
        c: {type: object, properties: {d: {type: integer}}}
    A_b: {type: boolean}
"##,
        );
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["A"]["properties"]["b"]["$ref"],
            Value::from("#/components/schemas/A_b_2")
        );
        assert_eq!(
            schemas["A"]["properties"]["c"]["$ref"],
            Value::from("#/components/schemas/A_c/properties/d")
        );
        assert_eq!(
            schemas["A_b_2"]["properties"]["e"]["$ref"],
            Value::from("#/components/schemas/A_b_2_e")
        );
        assert_eq!(schemas["A_b_2_e"]["type"], Value::from("string"));
        assert_eq!(schemas["A_b"]["type"], Value::from("boolean"));
        assert!(schemas["A"].get("definitions").is_none());
    }

    #[test]
    fn webhooks_and_foreign_dialects_are_dropped_with_a_warning() {
        let (doc, warnings) = normalized(
            "openapi: 3.1.0\njsonSchemaDialect: https://example.com/mine\nwebhooks:\n  ping: {post: {responses: {'200': {description: ok}}}}\npaths: {}\n",
        );
        assert!(doc.get("webhooks").is_none() && doc.get("jsonSchemaDialect").is_none());
        assert_eq!(warnings, ["/webhooks", "/jsonSchemaDialect"]);
        let (_, quiet) = normalized(
            "openapi: 3.1.0\njsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base\n",
        );
        assert!(quiet.is_empty());
    }

    #[test]
    fn schemas_are_found_in_operations_parameters_and_headers() {
        let (doc, _) = normalized(
            r#"
openapi: 3.1.0
paths:
  /a:
    parameters: [{name: q, in: query, schema: {type: [integer, "null"]}}]
    post:
      requestBody: {content: {application/json: {schema: {const: 1}}}}
      responses:
        200:
          description: ok
          headers: {X-N: {schema: {type: [string, "null"]}}}
          content: {application/json: {schema: {examples: [1]}}}
"#,
        );
        let a = &doc["paths"]["/a"];
        assert_eq!(a["parameters"][0]["schema"]["nullable"], Value::Bool(true));
        assert_eq!(
            a["post"]["requestBody"]["content"]["application/json"]["schema"]["enum"][0],
            Value::from(1)
        );
        let ok = &a["post"]["responses"][200];
        assert_eq!(
            ok["headers"]["X-N"]["schema"]["type"],
            Value::from("string")
        );
        assert_eq!(
            ok["content"]["application/json"]["schema"]["example"],
            Value::from(1)
        );
    }
}
