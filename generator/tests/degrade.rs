//! Degrade, never fail: each kind of fault that real specs hold (one per failure class found in
//! the APIs.guru collection) still produces a crate, with a warning that names the place.

use generator::{generate, ManifestOptions, Options};

fn options(name: &str) -> Options {
    Options {
        manifest: ManifestOptions {
            crate_name: "degrade".into(),
            crate_version: "0.1.0".into(),
            runtime_path: "../runtime".into(),
            standalone: true,
            extra: String::new(),
        },
        service_name: String::new(),
        command: "test".into(),
        spec_display: name.into(),
        model: Default::default(),
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// Generates `body` (after the common head) from a file named `name`: the warnings, and all
/// the generated Rust source in one string.
fn run(name: &str, body: &str) -> (Vec<String>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, format!("{HEAD}{body}")).expect("write");
    let generated = generate(&path, &options(name)).unwrap_or_else(|e| panic!("{e}"));
    let warnings = generated.warnings.iter().map(|w| w.to_string()).collect();
    let code = generated
        .files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.contents.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    (warnings, code)
}

/// `medium.com`: the query string written into the path key, its `{query}` declared `in: query`;
/// `staging-ecotaco.com`: the same with the parameters declared `in: path`.
#[test]
fn a_query_string_in_the_path_key_becomes_query_parameters() {
    let spec = "paths:
  /search?query={query}:
    get:
      operationId: search
      parameters:
        - {name: query, in: query, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
  /rides?page={page}&size={per_page}&fixed=1:
    get:
      operationId: rides
      parameters:
        - {name: page, in: path, required: true, schema: {type: integer}}
        - {name: per_page, in: path, required: true, schema: {type: integer}}
      responses: {'204': {description: ok}}
";
    let (warnings, code) = run("query.yaml", spec);
    let note = "the path key holds a query string; its `{name}` parts are sent as query \
                parameters";
    let mixed = "the path key holds a query string; its `{name}` parts are sent as query \
                 parameters and its fixed pairs as written with every call";
    assert_eq!(
        warnings,
        [
            format!("warning: query.yaml at /paths/~1search?query={{query}}: {note}"),
            format!("warning: query.yaml at /paths/~1rides?page={{page}}&size={{per_page}}&fixed=1: {mixed}"),
        ]
    );
    // The routes lose their query strings; the parameters travel in the query, under the
    // names the query string gives them.
    assert!(code.contains("String::from(\"/search\")"), "{code}");
    assert!(code.contains("String::from(\"/rides\")"), "{code}");
    assert!(code.contains("request.query(\"query\""), "{code}");
    assert!(code.contains("request.query(\"size\""), "{code}");
    assert!(code.contains("request.query(\"page\""), "{code}");
    // The fixed pair is sent as written.
    assert!(code.contains("request.query(\"fixed\", \"1\")"), "{code}");
}

/// Azure's storage specs tell operations on one route apart by a fixed pair (`?comp=list`).
#[test]
fn fixed_pairs_alone_keep_operations_on_one_route_apart() {
    let spec = "paths:
  /{container}?restype=container&comp=list:
    get:
      operationId: listBlobs
      parameters:
        - {name: container, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
  /{container}?restype=container&comp=acl:
    get:
      operationId: getAcl
      parameters:
        - {name: container, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
";
    let (warnings, code) = run("azure.yaml", spec);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].ends_with("its pairs are sent as written with every call"),
        "{warnings:?}"
    );
    for (op, comp) in [("ListBlobsBuilder", "list"), ("GetAclBuilder", "acl")] {
        let body = &code[code.find(&format!("impl {op} {{")).expect(op)..];
        let body = &body[..body.find("\n}\n").expect("end of impl")];
        assert!(
            body.contains("request.query(\"restype\", \"container\")"),
            "{body}"
        );
        assert!(
            body.contains(&format!("request.query(\"comp\", \"{comp}\")")),
            "{body}"
        );
    }
}

/// A `{name}` in the path with no declared parameter: a string path parameter.
#[test]
fn an_undeclared_path_parameter_is_taken_as_a_string() {
    let spec = "paths:\n  /items/{id}:\n    get:\n      operationId: getItem\n      responses: {'204': {description: ok}}\n";
    let (warnings, code) = run("undeclared.yaml", spec);
    assert_eq!(
        warnings,
        [
            "warning: undeclared.yaml at /paths/~1items~1{id}: the path uses `{id}` but no path \
          parameter `id` is declared; it is taken as a string"
        ]
    );
    assert!(code.contains("id: impl Into<String>"), "{code}");
}

/// `dnd5eapi.co`: a `$ref` into `/paths` that leads nowhere.
#[test]
fn a_dangling_ref_is_any_json_value() {
    let spec = "paths: {}
components:
  schemas:
    Monster:
      type: object
      properties:
        name: {type: string}
        damage: {$ref: '#/paths/~1monsters/get/responses/200/content/application~1json/schema/items'}
";
    let (warnings, code) = run("dangling.yaml", spec);
    assert_eq!(
        warnings,
        [
            "warning: dangling.yaml at /components/schemas/Monster/properties/damage: $ref \
          `#/paths/~1monsters/get/responses/200/content/application~1json/schema/items` points \
          to nothing; any JSON value is accepted here"
        ]
    );
    assert!(
        code.contains("pub damage: Option<serde_json::Value>"),
        "{code}"
    );
    assert!(code.contains("pub name: Option<String>"), "{code}");
}

/// `azure.com/network-applicationGateway`: an inline schema that reaches itself through a
/// `$ref` to one of its own properties.
#[test]
fn a_recursive_inline_ref_is_any_json_value() {
    let spec = "paths: {}
components:
  schemas:
    Server:
      type: object
      properties:
        config:
          type: object
          properties:
            next: {$ref: '#/components/schemas/Server/properties/config'}
";
    let (warnings, code) = run("recursive.yaml", spec);
    assert_eq!(
        warnings,
        ["warning: recursive.yaml at /components/schemas/Server/properties/config/properties/next: \
          $ref `#/components/schemas/Server/properties/config` refers to itself; only a \
          component can be a recursive type; any JSON value is accepted here"]
    );
    assert!(
        code.contains("pub next: Option<serde_json::Value>"),
        "{code}"
    );
}

/// `api.video`: a keyword of the wrong type (`pattern: 0`) fails the typed parse; only that
/// schema degrades, its siblings keep their types.
#[test]
fn a_schema_of_the_wrong_type_is_any_json_value() {
    let spec = "paths: {}
components:
  schemas:
    Pick:
      type: object
      properties:
        timecode: {type: string, pattern: 0, description: Where to pick.}
        label: {type: string}
";
    let (warnings, code) = run("typed.yaml", spec);
    assert_eq!(
        warnings,
        ["warning: typed.yaml at /components/schemas/Pick/properties/timecode: this schema cannot \
          be read (invalid type: integer `0`, expected a string); any JSON value is accepted here"]
    );
    assert!(
        code.contains("pub timecode: Option<serde_json::Value>"),
        "{code}"
    );
    assert!(code.contains("pub label: Option<String>"), "{code}");
    assert!(code.contains("Where to pick."), "{code}");
}

/// An operation that cannot be read at all is left out; the others stay.
#[test]
fn an_operation_that_cannot_be_read_is_left_out() {
    let spec = "paths:
  /a:
    get:
      operationId: broken
      parameters: 5
      responses: {'204': {description: ok}}
    post:
      operationId: fine
      responses: {'204': {description: ok}}
";
    let (warnings, code) = run("operation.yaml", spec);
    assert_eq!(
        warnings,
        [
            "warning: operation.yaml at /paths/~1a/get: this operation cannot be read (invalid \
          type: integer `5`, expected a sequence); it is left out"
        ]
    );
    assert!(code.contains("pub fn fine("), "{code}");
    assert!(!code.contains("pub fn broken("), "{code}");
}

/// `cpy.re/peertube`: callbacks given by `$ref` (which the typed parser cannot read) are
/// dropped; a client SDK does not receive calls.
#[test]
fn callbacks_are_dropped() {
    let spec = "paths:
  /search:
    get:
      operationId: search
      responses: {'204': {description: ok}}
      callbacks:
        index: {$ref: '#/components/callbacks/index'}
components:
  callbacks:
    index:
      'https://example.org/hook':
        post:
          responses: {'204': {description: ok}}
";
    let (warnings, code) = run("callbacks.yaml", spec);
    assert_eq!(
        warnings,
        [
            "warning: callbacks.yaml at /paths/~1search/get/callbacks: callbacks are ignored: a \
             client SDK does not receive calls",
            "warning: callbacks.yaml at /components/callbacks: callbacks are ignored: a client \
             SDK does not receive calls",
        ]
    );
    assert!(code.contains("pub fn search("), "{code}");
}

/// `surevoip.co.uk`: a path item that is a `$ref` to another path is that path's operations.
#[test]
fn a_path_item_ref_is_followed() {
    let spec = "paths:
  /ip-address:
    get:
      operationId: ipAddress
      responses: {'204': {description: ok}}
  /support/ip-address:
    $ref: '#/paths/~1ip-address'
  /elsewhere:
    $ref: '#/paths/~1nowhere'
";
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("item.yaml");
    std::fs::write(&path, format!("{HEAD}{spec}")).expect("write");
    let generated = generate(&path, &options("item.yaml")).expect("generates");
    let paths: Vec<&str> = generated
        .api
        .operations
        .iter()
        .map(|op| op.id.as_str())
        .collect();
    // Both paths get the operation (the second under a numbered name); the dangling one is
    // left out with a warning.
    assert_eq!(paths.len(), 2, "{paths:?}");
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "warning: item.yaml at /paths/~1elsewhere: $ref `#/paths/~1nowhere` points to \
             nothing; the path's operations are left out"
        )),
        "{warnings:?}"
    );
}

/// A parameter, response or request body `$ref` to a component that does not exist.
#[test]
fn dangling_component_refs_degrade() {
    let spec = "paths:
  /a:
    post:
      operationId: send
      parameters:
        - $ref: '#/components/parameters/Missing'
      requestBody: {$ref: '#/components/requestBodies/Missing'}
      responses:
        '200': {$ref: '#/components/responses/Missing'}
";
    let (warnings, code) = run("components.yaml", spec);
    assert_eq!(
        warnings,
        [
            "warning: components.yaml at /paths/~1a/post/parameters/0: $ref \
             `#/components/parameters/Missing` points to a component that does not exist; this \
             parameter is left out",
            "warning: components.yaml at /paths/~1a/post/requestBody: $ref \
             `#/components/requestBodies/Missing` points to a component that does not exist; \
             the body takes any JSON value",
            "warning: components.yaml at /paths/~1a/post/responses/200: $ref \
             `#/components/responses/Missing` points to a component that does not exist; the \
             response is read as any JSON value",
        ]
    );
    assert!(code.contains("serde_json::Value"), "{code}");
    assert!(code.contains("pub fn send("), "{code}");
}

/// `stream-io-api.com`: a discriminated oneOf that lists the same schema twice, so two
/// alternatives claim the same values; the repeat is left out and no match arm is unreachable.
#[test]
fn an_alternative_listed_twice_under_a_discriminator_is_left_out() {
    let spec = "paths: {}
components:
  schemas:
    AnyEvent:
      type: object
      required: [type]
      properties: {type: {type: string}}
    Created:
      type: object
      required: [type]
      properties: {type: {type: string}}
    Event:
      oneOf:
        - $ref: '#/components/schemas/AnyEvent'
        - $ref: '#/components/schemas/AnyEvent'
        - $ref: '#/components/schemas/Created'
      discriminator:
        propertyName: type
        mapping:
          any: '#/components/schemas/AnyEvent'
          custom: '#/components/schemas/AnyEvent'
          created: '#/components/schemas/Created'
";
    let (warnings, code) = run("twice.yaml", spec);
    assert_eq!(
        warnings,
        [
            "warning: twice.yaml at /components/schemas/Event: alternative 1 has only \
          discriminator values an earlier alternative already has; it is left out"
        ]
    );
    assert_eq!(
        code.matches("Some(\"any\") | Some(\"custom\") =>").count(),
        1,
        "{code}"
    );
    assert_eq!(code.matches("Some(\"created\") =>").count(), 1, "{code}");
}
