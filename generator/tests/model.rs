//! The model on its own: one small spec per case, the lowered types (and operations where they
//! matter) snapshotted. A change in lowering shows here as a readable diff of the model, before
//! it shows as generated code.

use generator::{load, model};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn lower(body: &str) -> model::Api {
    let doc = load::load_bytes(format!("{HEAD}{body}").as_bytes(), "case.yaml").expect("loads");
    model::lower(&doc, &model::ModelOptions::default()).expect("lowers")
}

fn types(body: &str) -> Vec<model::TypeDef> {
    lower(&format!("paths: {{}}\ncomponents:\n  schemas:\n{body}")).types
}

#[test]
fn object() {
    insta::assert_debug_snapshot!(types(
        "    Pet:\n      type: object\n      description: A pet.\n      required: [id]\n      properties:\n        id: {type: integer, format: int64}\n        name: {type: string, description: Its name.}\n        tags: {type: array, items: {type: string}}\n        owner: {type: object, properties: {email: {type: string}}}\n"
    ));
}

#[test]
fn enums() {
    insta::assert_debug_snapshot!(types(
        "    Status:\n      type: string\n      enum: [available, sold, '+1', '-1', Unknown, available]\n      x-enum-descriptions: [In stock, Gone, Plus one, Minus one, Literal unknown]\n    Code:\n      type: integer\n      enum: [-1, 0, 200]\n    Mixed:\n      enum: [a, 1]\n"
    ));
}

#[test]
fn one_of_with_a_discriminator() {
    insta::assert_debug_snapshot!(types(
        "    Cat: {type: object, required: [kind], properties: {kind: {type: string}}}\n    Dog: {type: object, required: [kind], properties: {kind: {type: string}}}\n    Animal:\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n      discriminator:\n        propertyName: kind\n        mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}\n    IdOrName:\n      oneOf: [{type: integer}, {type: string}]\n"
    ));
}

#[test]
fn all_of_merge() {
    insta::assert_debug_snapshot!(types(
        "    Base: {type: object, required: [id], properties: {id: {type: string}, note: {type: string}}}\n    Extra: {type: object, properties: {size: {type: integer}}}\n    Both:\n      description: Base, Extra and its own.\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - $ref: '#/components/schemas/Extra'\n        - {type: object, required: [size], properties: {own: {type: boolean}, note: {type: integer}}}\n    Described:\n      allOf: [{$ref: '#/components/schemas/Base'}]\n"
    ));
}

#[test]
fn maps() {
    insta::assert_debug_snapshot!(types(
        "    Counts: {type: object, additionalProperties: {type: integer}}\n    Anything: {type: object}\n    Closed: {type: object, additionalProperties: false}\n    Mixed:\n      type: object\n      properties: {name: {type: string}}\n      additionalProperties: {type: string}\n"
    ));
}

#[test]
fn recursion() {
    insta::assert_debug_snapshot!(types(
        "    Node:\n      type: object\n      properties:\n        parent: {$ref: '#/components/schemas/Node'}\n        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n    Forest: {type: array, items: {$ref: '#/components/schemas/Forest'}}\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}\n    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n"
    ));
}

#[test]
fn nullable() {
    insta::assert_debug_snapshot!(types(
        "    Maybe: {type: string, nullable: true}\n    Owner:\n      type: object\n      nullable: true\n      properties: {name: {type: string, nullable: true}}\n    Uses:\n      type: object\n      required: [owner]\n      properties:\n        owner: {$ref: '#/components/schemas/Owner'}\n        maybe: {$ref: '#/components/schemas/Maybe'}\n"
    ));
}

#[test]
fn name_collisions() {
    let api = lower(
        "paths:\n  /a/{project_id}:\n    get:\n      operationId: config_param\n      parameters:\n        - {name: project_id, in: path, required: true, schema: {type: string}}\n        - {name: send, in: query, schema: {type: string}}\n        - {name: Send, in: query, schema: {type: string}}\n        - {name: clone, in: query, schema: {type: string}}\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Shape'}}}}}\n  /b:\n    get:\n      operationId: new\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Option: {type: object, properties: {a: {type: string}}}\n    option: {type: object, properties: {b: {type: string}}}\n    Unknown: {type: object, required: [kind], properties: {kind: {type: string}}}\n    Square: {type: object, required: [kind], properties: {kind: {type: string}}}\n    Shape:\n      oneOf: [{$ref: '#/components/schemas/Unknown'}, {$ref: '#/components/schemas/Square'}]\n      discriminator: {propertyName: kind}\n    Extras:\n      type: object\n      properties: {additional_properties: {type: string}, extra_properties: {type: string}}\n      additionalProperties: true\n",
    );
    insta::assert_debug_snapshot!((api.types, api.operations));
}

/// Inline schemas the spec repeats word for word are emitted once: the repeats become aliases
/// of the copy with the shortest name (a component when one has the same shape), and a parent
/// that differs only in such repeats is a repeat too. Components keep their own definitions.
/// A repeated inline enum of two or three values gets a type named after them instead.
#[test]
fn repeated_inline_schemas_become_aliases() {
    let op = |id: &str, path: &str| {
        format!(
            "  {path}:\n    get:\n      operationId: {id}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  level: {{type: string, enum: [read, write]}}\n                  owner: {{type: object, properties: {{login: {{type: string}}, kind: {{type: string, enum: [user, bot]}}}}}}\n"
        )
    };
    let api = lower(&format!(
        "paths:\n{}{}components:\n  schemas:\n    Level: {{type: string, enum: [read, write]}}\n    Other: {{type: string, enum: [read, write]}}\n",
        op("getA", "/a"),
        op("getLonger", "/longer")
    ));
    let kinds: Vec<(String, String)> = api
        .types
        .iter()
        .map(|t| {
            let kind = match &t.kind {
                model::TypeKind::Alias(model::TypeRef::Named(n)) => format!("= {n}"),
                model::TypeKind::Struct(_) => "struct".to_owned(),
                model::TypeKind::Enum(_) => "enum".to_owned(),
                other => format!("{other:?}"),
            };
            (t.name.clone(), kind)
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("GetAResponse", "struct"),
        ("GetAResponseLevel", "= Level"),
        ("GetAResponseOwner", "struct"),
        // A repeated inline enum of a few values is named after them.
        ("GetAResponseOwnerKind", "= UserOrBot"),
        ("GetLongerResponse", "= GetAResponse"),
        ("GetLongerResponseLevel", "= Level"),
        ("GetLongerResponseOwner", "= GetAResponseOwner"),
        ("GetLongerResponseOwnerKind", "= UserOrBot"),
        ("Level", "enum"),
        ("Other", "enum"),
        ("UserOrBot", "enum"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(kinds, expected);
}

/// An enum is named after its values only when it has two or three and the name is free;
/// otherwise the copy with the shortest name stays the type, as for any other repeat.
#[test]
fn an_enum_is_named_after_its_values_only_when_short_and_free() {
    let op = |id: &str| {
        format!(
            "  /{id}:\n    get:\n      operationId: {id}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  size: {{type: string, enum: [s, m, l, xl]}}\n                  role: {{type: string, enum: [read, admin]}}\n"
        )
    };
    let api = lower(&format!(
        "paths:\n{}{}components:\n  schemas:\n    ReadOrAdmin: {{type: object, properties: {{note: {{type: string}}}}}}\n",
        op("getA"),
        op("getLonger"),
    ));
    let alias_of = |name: &str| {
        let def = api.types.iter().find(|t| t.name == name).expect(name);
        match &def.kind {
            model::TypeKind::Alias(model::TypeRef::Named(n)) => Some(n.clone()),
            _ => None,
        }
    };
    assert_eq!(alias_of("GetAResponseSize"), None, "four values");
    assert_eq!(
        alias_of("GetLongerResponseSize").as_deref(),
        Some("GetAResponseSize")
    );
    assert_eq!(alias_of("GetAResponseRole"), None, "`ReadOrAdmin` is taken");
    assert_eq!(
        alias_of("GetLongerResponseRole").as_deref(),
        Some("GetAResponseRole")
    );
    assert_eq!(
        api.types.iter().filter(|t| t.name.contains("Or")).count(),
        1
    );
}

/// A repeat whose only difference is its own description is a repeat too: it becomes an alias
/// that keeps that description as its rustdoc. A difference in a field's docs keeps the types
/// apart, since the alias could not carry it.
#[test]
fn a_repeat_keeps_its_own_description() {
    let op = |id: &str, state_docs: &str, name_docs: &str| {
        format!(
            "  /{id}:\n    get:\n      operationId: {id}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  state: {{type: string, enum: [open, closed], description: {state_docs}}}\n                  owner: {{type: object, properties: {{name: {{type: string, description: {name_docs}}}}}}}\n"
        )
    };
    let api = lower(&format!(
        "paths:\n{}{}{}",
        op("getA", "Where the issue is.", "The login."),
        op("getB", "Where the pull request is.", "The login."),
        op("getC", "Where the issue is.", "The display name."),
    ));
    let def = |name: &str| {
        api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("{name} in {:?}", api.types))
    };
    let alias_of = |name: &str| match &def(name).kind {
        model::TypeKind::Alias(model::TypeRef::Named(n)) => Some(n.clone()),
        _ => None,
    };
    // Three copies of an `open`/`closed` enum: one type named after its values, and three
    // aliases, each with its own description.
    for copy in [
        "GetAResponseState",
        "GetBResponseState",
        "GetCResponseState",
    ] {
        assert_eq!(alias_of(copy).as_deref(), Some("OpenOrClosed"), "{copy}");
    }
    assert!(matches!(def("OpenOrClosed").kind, model::TypeKind::Enum(_)));
    assert_eq!(
        def("OpenOrClosed").docs.as_deref(),
        Some("One of `open` or `closed`. The spec repeats this enum in 3 places, each an alias of this type.")
    );
    assert_eq!(
        def("GetBResponseState").docs.as_deref(),
        Some("Where the pull request is.")
    );
    assert_eq!(
        def("GetAResponseState").docs.as_deref(),
        Some("Where the issue is.")
    );
    // Same field docs: one type. Other field docs: two, so each keeps its docs.
    assert_eq!(
        alias_of("GetBResponseOwner").as_deref(),
        Some("GetAResponseOwner")
    );
    assert_eq!(alias_of("GetCResponseOwner"), None);
    // The parents' `state` fields carry the two descriptions as field docs: two types.
    assert_eq!(alias_of("GetBResponse"), None);
    assert_eq!(alias_of("GetCResponse"), None);
}

/// With one feature per tag, each type is compiled by the features of the groups whose
/// operations reach it (through other types too), plus `extra_types` when a type no operation
/// reaches refers to it; a type no operation reaches has none.
#[test]
fn tag_features_follow_reachability() {
    let spec = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tags.yaml"
    ))
    .expect("fixture");
    let doc = load::load_bytes(&spec, "tags.yaml").expect("loads");
    let lower_with = |tag_features| {
        let options = model::ModelOptions {
            tag_features,
            ..Default::default()
        };
        model::lower(&doc, &options).expect("lowers")
    };
    assert_eq!(lower_with(model::TagFeatures::Off).features, None);
    assert_eq!(
        lower_with(model::TagFeatures::Auto).features,
        None,
        "two operations are far below the automatic threshold"
    );
    let features = lower_with(model::TagFeatures::On)
        .features
        .expect("split per tag");
    assert_eq!(features.of_module("pets"), "pets");
    assert_eq!(features.of_module("stores"), "stores");
    // `Unused` (no operation) refers to `Pet`, and through it to `Category`: `extra_types`
    // compiles both with it.
    assert_eq!(features.of_type("Pet"), ["extra_types", "pets"]);
    assert_eq!(features.of_type("Store"), ["stores"]);
    assert_eq!(
        features.of_type("Category"),
        ["extra_types", "pets", "stores"]
    );
    assert!(features.of_type("Unused").is_empty());
}

/// OpenAPI 3.0 cannot put a description beside a `$ref`, so specs wrap the `$ref` in an `allOf`
/// with a second, annotation-only part (every AWS spec in the APIs.guru collection does). When
/// the referenced schema is not an object, the property is that type: merging it as an object
/// used to give an empty struct that could not decode the string the service sends.
#[test]
fn all_of_that_only_annotates_a_reference_is_the_reference() {
    let api = lower(
        "paths: {}\ncomponents:\n  schemas:\n    Amount: {type: string}\n    Size: {type: string, enum: [small, large]}\n    Tags: {type: array, items: {type: string}}\n    Savings:\n      type: object\n      required: [realized]\n      properties:\n        realized:\n          allOf: [{$ref: '#/components/schemas/Amount'}, {description: What was saved.}]\n        size:\n          allOf: [{description: How big.}, {$ref: '#/components/schemas/Size'}]\n        tags:\n          allOf: [{$ref: '#/components/schemas/Tags'}, {description: Labels., example: [a]}]\n        inline:\n          allOf: [{type: integer, format: int32}, {description: Counted., minimum: 0}]\n    Described:\n      allOf: [{$ref: '#/components/schemas/Amount'}, {description: An amount, described again.}]\n",
    );
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    let def = |name: &str| {
        api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("type {name}"))
    };
    let model::TypeKind::Struct(savings) = &def("Savings").kind else {
        panic!("Savings is a struct");
    };
    let field = |wire: &str| {
        savings
            .fields
            .iter()
            .find(|f| f.wire_name == wire)
            .map(|f| f.ty.clone())
            .unwrap_or_else(|| panic!("field {wire}"))
    };
    let named = |n: &str| model::TypeRef::Named(n.to_owned());
    assert_eq!(field("realized"), named("Amount"));
    assert_eq!(field("size"), named("Size"));
    assert_eq!(field("tags"), named("Tags"));
    assert_eq!(field("inline"), model::TypeRef::I32);
    assert_eq!(
        def("Described").kind,
        model::TypeKind::Alias(named("Amount"))
    );
    // No struct was invented for the wrapped references.
    assert!(api
        .types
        .iter()
        .all(|t| !t.name.starts_with("Savings") || t.name == "Savings"));
}

/// An `allOf` whose sole typed part is an object still merges into a struct of its own.
#[test]
fn all_of_that_annotates_an_object_still_merges() {
    let api = lower(
        "paths: {}\ncomponents:\n  schemas:\n    Base: {type: object, properties: {id: {type: string}}}\n    Wrapped:\n      allOf: [{$ref: '#/components/schemas/Base'}, {description: Base again.}]\n",
    );
    let wrapped = api
        .types
        .iter()
        .find(|t| t.name == "Wrapped")
        .expect("Wrapped");
    let model::TypeKind::Struct(s) = &wrapped.kind else {
        panic!("Wrapped merges into a struct: {:?}", wrapped.kind);
    };
    assert_eq!(s.fields.len(), 1);
    assert_eq!(s.fields[0].wire_name, "id");
}
