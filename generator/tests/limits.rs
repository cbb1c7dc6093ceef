//! Hostile and extreme specs: each limit and each refusal has its exact, located message, and
//! shapes that are merely large (long `allOf` chains, diamonds) generate.

use generator::{generate, load, ManifestOptions, Options};

fn options(name: &str) -> Options {
    Options {
        manifest: ManifestOptions {
            crate_name: "limits".into(),
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

/// Generates `body` (after the common head) from a file named `name`.
fn run(name: &str, body: &str) -> Result<generator::Generated, generator::Error> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, format!("{HEAD}{body}")).expect("write");
    generate(&path, &options(name))
}

fn error(name: &str, body: &str) -> String {
    match run(name, body) {
        Ok(_) => panic!("{name} generated"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn x_rust_name_must_be_a_plain_identifier() {
    let spec = "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      x-rust-name: 'r#type'\n";
    assert_eq!(
        error("raw.yaml", spec),
        "raw.yaml:8:7 at /components/schemas/A/x-rust-name: x-rust-name `r#type` is not a plain \
         Rust identifier (ASCII letters, digits and `_`, not starting with a digit, not a \
         keyword, not a raw identifier)"
    );
    let spec =
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      x-rust-name: 5\n";
    assert_eq!(
        error("number.yaml", spec),
        "number.yaml:8:7 at /components/schemas/A/x-rust-name: x-rust-name must be a string, not `5`"
    );
    let spec = "paths:\n  /a:\n    get:\n      x-rust-name: 'my op'\n      responses: {'204': {description: ok}}\n";
    assert_eq!(
        error("op.yaml", spec),
        "op.yaml:6:7 at /paths/~1a/get/x-rust-name: x-rust-name `my op` is not a plain Rust \
         identifier (ASCII letters, digits and `_`, not starting with a digit, not a keyword, \
         not a raw identifier)"
    );
    for bad in ["fn", "1a", "", "a-b", "é"] {
        let spec = format!(
            "paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, x-rust-name: '{bad}'}}\n"
        );
        let message = error("each.yaml", &spec);
        assert!(
            message.contains("is not a plain Rust identifier"),
            "{message}"
        );
    }
    let spec = "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, x-rust-name: Renamed}\n";
    let generated = run("ok.yaml", spec).expect("a plain name is used");
    assert_eq!(generated.api.types[0].name, "Renamed");
}

#[test]
fn cyclic_refs_are_refused_with_their_place() {
    let spec = "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n";
    assert_eq!(
        error("alias.yaml", spec),
        "alias.yaml:6:5 at /components/schemas/A: these $refs form a loop that names no type"
    );
    // A schema that is its own `$ref` (not a component) degrades to any JSON value.
    let spec = "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/paths/~1a/get/responses/200/content/application~1json/schema'}\n";
    let generated = run("pointer.yaml", spec).expect("degrades");
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        ["warning: pointer.yaml at /paths/~1a/get/responses/200/content/application~1json/schema: \
          $ref `#/paths/~1a/get/responses/200/content/application~1json/schema` refers to itself; \
          only a component can be a recursive type; any JSON value is accepted here"]
    );
    let spec = "paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/P'}]\n      responses: {'204': {description: ok}}\ncomponents:\n  parameters:\n    P: {$ref: '#/components/parameters/Q'}\n    Q: {$ref: '#/components/parameters/P'}\n";
    let generated = run("params.yaml", spec).expect("the parameter is left out");
    assert_eq!(
        generated.warnings[0].to_string(),
        "warning: params.yaml at /paths/~1a/get/parameters/0: a chain of $refs is too long or \
         loops; this parameter is left out"
    );
    let spec = "paths: {}\ncomponents:\n  schemas:\n    A:\n      allOf:\n        - {$ref: '#/components/schemas/B'}\n        - {type: object, properties: {a: {type: string}}}\n    B:\n      allOf:\n        - {$ref: '#/components/schemas/A'}\n        - {type: object, properties: {b: {type: string}}}\n";
    assert_eq!(
        error("allof.yaml", spec),
        "allof.yaml:12:11 at /components/schemas/B/allOf/0: allOf references form a cycle: \
         `#/components/schemas/A` includes itself"
    );
}

#[test]
fn the_depth_limits_are_named() {
    // Inline schemas 70 deep (lists of lists): the generator's own limit.
    let mut schema = String::from("{type: string}");
    for _ in 0..70 {
        schema = format!("{{type: array, items: {schema}}}");
    }
    let spec = format!("paths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n");
    let pointer = format!("/components/schemas/Deep{}", "/items".repeat(64));
    let generated = run("deep.yaml", &spec).expect("degrades");
    assert_eq!(
        generated.warnings[0].to_string(),
        format!(
            "warning: deep.yaml at {pointer}: schemas are nested more than 64 levels deep; any \
             JSON value is accepted here"
        )
    );
    // Nesting past the YAML parser's own limit is refused while parsing, with its place.
    let mut schema = String::from("{type: string}");
    for _ in 0..70 {
        schema = format!("{{type: object, properties: {{x: {schema}}}}}");
    }
    let spec = format!("paths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n");
    assert_eq!(
        error("deeper.yaml", &spec),
        "deeper.yaml:6:1960: not a valid OpenAPI 3.0 document: recursion limit exceeded"
    );
}

#[test]
fn the_size_limit_is_named() {
    let mut text = format!("{HEAD}paths: {{}}\n").into_bytes();
    text.resize(load::MAX_SPEC_BYTES + 1, b' ');
    let err = load::load_bytes(&text, "huge.yaml").expect_err("too big");
    assert_eq!(
        err.to_string(),
        "huge.yaml: the spec is 67108865 bytes; the limit is 67108864"
    );
}

#[test]
fn duplicate_operation_ids_get_a_warning_and_distinct_methods() {
    let spec = "paths:\n  /a:\n    get:\n      operationId: same\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      operationId: same\n      responses: {'204': {description: ok}}\n";
    let generated = run("dup.yaml", spec).expect("generates");
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        ["warning: dup.yaml at /paths/~1b/get: operationId `same` is used twice; this operation gets a numbered method name"]
    );
    let names: Vec<&str> = generated
        .api
        .operations
        .iter()
        .map(|o| o.fn_name.as_str())
        .collect();
    assert_eq!(names, ["same", "same_2"]);
}

/// `allOf` diamonds 40 levels deep: expanded naively that is 2^40 part visits; memoised, each
/// component is merged once per struct.
#[test]
fn all_of_diamonds_expand_once() {
    let mut spec = String::from("paths: {}\ncomponents:\n  schemas:\n    L0: {type: object, properties: {p0: {type: string}}}\n");
    for i in 1..=40 {
        let prev = i - 1;
        spec.push_str(&format!(
            "    L{i}:\n      allOf:\n        - {{$ref: '#/components/schemas/L{prev}'}}\n        - {{$ref: '#/components/schemas/R{i}'}}\n        - {{type: object, properties: {{p{i}: {{type: string}}}}}}\n    R{i}:\n      allOf:\n        - {{$ref: '#/components/schemas/L{prev}'}}\n        - {{type: object, properties: {{r{i}: {{type: string}}}}}}\n"
        ));
    }
    let generated = run("diamond.yaml", &spec).expect("generates");
    let top = generated
        .api
        .types
        .iter()
        .find(|t| t.name == "L40")
        .expect("L40");
    let generator::model::TypeKind::Struct(s) = &top.kind else {
        panic!("L40 is a struct");
    };
    // p0..p40 and r1..r40, each once.
    assert_eq!(s.fields.len(), 81);
}

/// A chain of 100 components, each extending the one before, is legitimate, not a cycle.
#[test]
fn long_all_of_chains_are_not_cycles() {
    let mut spec = String::from("paths: {}\ncomponents:\n  schemas:\n    C0: {type: object, properties: {f0: {type: string}}}\n");
    for i in 1..100 {
        let prev = i - 1;
        spec.push_str(&format!(
            "    C{i}:\n      allOf:\n        - {{$ref: '#/components/schemas/C{prev}'}}\n        - {{type: object, properties: {{f{i}: {{type: integer}}}}}}\n"
        ));
    }
    let generated = run("chain.yaml", &spec).expect("generates");
    let last = generated
        .api
        .types
        .iter()
        .find(|t| t.name == "C99")
        .expect("C99");
    let generator::model::TypeKind::Struct(s) = &last.kind else {
        panic!("C99 is a struct");
    };
    assert_eq!(s.fields.len(), 100);
}

/// Runs `work` on its own thread and fails past `limit`. The bound is generous: these cases take
/// milliseconds; the exponential parse they guard against took longer than anyone waits.
fn within<T: Send + 'static>(
    limit: std::time::Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("still running after {limit:?}"))
}

/// `depth` schemas nested alternately through `items` and `allOf`, around `leaf`; with the
/// pointer of the innermost one.
fn alternating_chain(depth: usize, leaf: serde_json::Value) -> (serde_json::Value, String) {
    let mut schema = leaf;
    let mut steps = Vec::new();
    for level in 0..depth {
        if level % 2 == 0 {
            schema = serde_json::json!({"type": "array", "items": schema});
            steps.push("/items");
        } else {
            schema = serde_json::json!({"allOf": [schema]});
            steps.push("/allOf/0");
        }
    }
    steps.reverse();
    (
        schema,
        format!("/components/schemas/Deep{}", steps.concat()),
    )
}

/// A document with `deep` as its one component schema.
fn with_component(deep: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Deep": deep}},
    })
}

#[test]
fn a_bad_schema_under_deep_nesting_is_found_at_once() {
    // Found by the fuzzer: every level of a failing chain was parsed again for each alternative
    // `openapiv3` tries, about 2^depth times in all (60 levels: never done). Now the innermost
    // bad schema is found at once, and repaired with a warning at its place.
    let (deep, pointer) = alternating_chain(60, serde_json::json!({"allOf": [null]}));
    let doc = with_component(deep);
    let limit = std::time::Duration::from_secs(10);
    let expected = format!(
        "warning: deep.yaml at {pointer}/allOf/0: this schema cannot be read (invalid type: \
         null, expected struct Schema); any JSON value is accepted here"
    );
    let yaml = serde_yaml::to_string(&doc).expect("yaml");
    let loaded = within(limit, move || {
        load::load_bytes(yaml.as_bytes(), "deep.yaml")
    })
    .expect("repaired");
    let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings, std::slice::from_ref(&expected));
    let json = serde_json::to_string(&doc).expect("json");
    let loaded = within(limit, move || {
        load::load_bytes(json.as_bytes(), "deep.yaml")
    })
    .expect("repaired");
    let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings, [expected]);

    // The same chain with a valid leaf loads, without warnings.
    let (deep, _) = alternating_chain(60, serde_json::json!({"type": "string"}));
    let json = serde_json::to_string(&with_component(deep)).expect("json");
    let loaded = within(limit, move || {
        load::load_bytes(json.as_bytes(), "deep.json")
    })
    .expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn the_fuzzers_hang_input_is_repaired_at_once() {
    // 57 levels of `items`/`allOf` under a request body, with `type: 1e300` near the bottom:
    // it took minutes (the fuzzer's limit) and now takes milliseconds.
    let text = include_bytes!("fixtures/fuzz/hang-30766.yaml");
    let loaded = within(std::time::Duration::from_secs(10), move || {
        load::load_bytes(text, "hang-30766.yaml")
    })
    .expect("repaired");
    let chain = "/items/items/items/allOf/0/allOf/0/allOf/0/allOf/0/items/allOf/0/allOf/0/allOf/0\
                 /items/items/items/allOf/0/items/allOf/0/items/items/items/items/allOf/0/allOf/0\
                 /allOf/0/items/allOf/0/items/allOf/0/items/items/items/allOf/0/items/items/allOf/0";
    let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [format!(
            "warning: hang-30766.yaml at /paths/~1default/post/requestBody/content/\
             application~1json-patch+json/schema{chain}: this schema cannot be read (invalid \
             type: floating point `1e+300`, expected a string); any JSON value is accepted here"
        )]
    );
}
