//! Specs in several files: `$ref`s to other files are followed relative to the file that holds
//! them; the multi-file petstore generates the same client as the single-file one; faults are
//! errors located in the file that holds them, and only files beside the spec are read.

use generator::{generate, ManifestOptions, Options};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn options(spec_display: &str) -> Options {
    Options {
        manifest: ManifestOptions {
            crate_name: "petstore-sdk".into(),
            crate_version: "0.1.0".into(),
            runtime_path: "../../runtime".into(),
            standalone: false,
            extra: String::new(),
        },
        service_name: String::new(),
        command: "cargo xtask codegen".into(),
        spec_display: spec_display.into(),
        model: Default::default(),
    }
}

/// The header names the spec and its hash; everything else must match.
fn without_header(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("Spec: ") && !l.contains("Spec SHA-256: "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_multi_file_petstore_generates_the_same_client() {
    let single = generate(&fixture("petstore.yaml"), &options("petstore.yaml")).expect("single");
    let multi = generate(
        &fixture("petstore-multi/openapi.yaml"),
        &options("petstore-multi/openapi.yaml"),
    )
    .expect("multi");
    let paths = |g: &generator::Generated| -> Vec<String> {
        g.files.iter().map(|f| f.path.clone()).collect()
    };
    assert_eq!(paths(&single), paths(&multi));
    for (a, b) in single.files.iter().zip(&multi.files) {
        assert_eq!(
            without_header(&a.contents),
            without_header(&b.contents),
            "{}",
            a.path
        );
    }
    let messages = |g: &generator::Generated| -> Vec<String> {
        g.warnings.iter().map(|w| w.message.clone()).collect()
    };
    assert_eq!(messages(&single), messages(&multi));
}

/// Writes `files` (name, text) into a fresh directory; returns it.
fn spec_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }
    dir
}

const ROOT_HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// The root spec `api.yaml` whose one response schema is `$ref: <reference>`.
fn root_with_ref(reference: &str) -> String {
    format!(
        "{ROOT_HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '{reference}'}}\n"
    )
}

fn error_of(dir: &Path, root: &str) -> String {
    let display = format!("spec/{root}");
    match generate(&dir.join(root), &options(&display)) {
        Ok(_) => panic!("{root} generated"),
        Err(e) => e.to_string(),
    }
}

const SCHEMA_AT: &str = "/paths/~1a/get/responses/200/content/application~1json/schema";

#[test]
fn a_missing_file_is_named_at_the_ref() {
    let dir = spec_dir(&[("api.yaml", &root_with_ref("gone.yaml#/Pet"))]);
    let message = error_of(dir.path(), "api.yaml");
    assert!(
        message.starts_with(&format!(
            "spec/api.yaml:11:24 at {SCHEMA_AT}/$ref: $ref `gone.yaml#/Pet` names a file that \
             cannot be read: "
        )),
        "{message}"
    );
}

#[test]
fn a_pointer_to_nothing_is_named_at_the_ref_that_holds_it() {
    // The fault is in `schemas.yaml`, whose Pet points to a missing node of `common.yaml`.
    let dir = spec_dir(&[
        ("api.yaml", &root_with_ref("schemas.yaml#/Pet")),
        (
            "schemas.yaml",
            "Pet:\n  type: object\n  properties:\n    owner: {$ref: 'sub/common.yaml#/Owner'}\n",
        ),
        ("sub/common.yaml", "Person: {type: object}\n"),
    ]);
    assert_eq!(
        error_of(dir.path(), "api.yaml"),
        "spec/schemas.yaml:4:13 at /Pet/properties/owner/$ref: $ref `sub/common.yaml#/Owner` points \
         to nothing in spec/sub/common.yaml"
    );
}

#[test]
fn a_syntax_error_is_located_in_its_own_file() {
    let dir = spec_dir(&[
        ("api.yaml", &root_with_ref("bad.json#/Pet")),
        ("bad.json", "{\"Pet\": {\"type\": \"object\",}}"),
    ]);
    let message = error_of(dir.path(), "api.yaml");
    assert!(
        message.starts_with("spec/bad.json:1:27: not a valid JSON or YAML file: "),
        "{message}"
    );
}

#[test]
fn a_cycle_of_refs_across_files_names_both_files() {
    let dir = spec_dir(&[
        ("api.yaml", &root_with_ref("a.yaml#/X")),
        ("a.yaml", "X: {$ref: 'b.yaml#/Y'}\n"),
        ("b.yaml", "Y: {$ref: 'a.yaml#/X'}\n"),
    ]);
    assert_eq!(
        error_of(dir.path(), "api.yaml"),
        "spec/b.yaml:1:5 at /Y/$ref: $refs form a cycle across files: spec/a.yaml#/X -> \
         spec/b.yaml#/Y -> spec/a.yaml#/X"
    );
}

#[test]
fn recursive_schemas_across_files_generate() {
    let dir = spec_dir(&[
        ("api.yaml", &root_with_ref("tree.yaml#/Tree")),
        (
            "tree.yaml",
            "Tree:\n  type: object\n  properties:\n    leaves: {type: array, items: {$ref: 'leaf.yaml#/Leaf'}}\n",
        ),
        (
            "leaf.yaml",
            "Leaf:\n  type: object\n  properties:\n    subtree: {$ref: 'tree.yaml#/Tree'}\n",
        ),
    ]);
    let generated = generate(&dir.path().join("api.yaml"), &options("api.yaml")).expect("ok");
    let mut types: Vec<&str> = generated
        .api
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    types.sort();
    assert_eq!(types, ["Leaf", "Tree"]);
}

#[test]
fn files_outside_the_spec_directory_are_refused() {
    let outer = spec_dir(&[("secret.yaml", "Pet: {type: object}\n")]);
    let inner = outer.path().join("spec");
    std::fs::create_dir_all(&inner).expect("mkdir");
    for reference in ["../secret.yaml#/Pet", "sub/../../secret.yaml#/Pet"] {
        std::fs::write(inner.join("api.yaml"), root_with_ref(reference)).expect("write");
        let message = error_of(&inner, "api.yaml");
        assert_eq!(
            message,
            format!(
                "spec/api.yaml:11:24 at {SCHEMA_AT}/$ref: $ref `{reference}` leaves the spec's \
                 directory; only files beside the spec (in its directory or below) are read"
            )
        );
    }
    let absolute = outer.path().join("secret.yaml");
    let reference = format!("{}#/Pet", absolute.display());
    std::fs::write(inner.join("api.yaml"), root_with_ref(&reference)).expect("write");
    let message = error_of(&inner, "api.yaml");
    assert!(message.contains("names an absolute path"), "{message}");
}

#[test]
fn urls_are_never_fetched() {
    let dir = spec_dir(&[(
        "api.yaml",
        &root_with_ref("https://example.org/schemas.yaml#/Pet"),
    )]);
    let generated = generate(&dir.path().join("api.yaml"), &options("api.yaml")).expect("ok");
    assert!(
        generated.warnings[0]
            .message
            .contains("points outside this file"),
        "{:?}",
        generated.warnings
    );
}

#[test]
fn refs_inside_examples_and_defaults_are_data_and_properties_named_like_keywords_are_followed() {
    // GitHub Enterprise Cloud's spec has a `$ref` to a file that does not exist inside an
    // example's value: it is data there, and the spec generates. A property called `example`
    // (or `default`) is a schema like any other, and its `$ref` is followed.
    let root = format!(
        "{ROOT_HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  example: {{$ref: 'schemas.yaml#/Pet'}}\n                  default: {{$ref: 'schemas.yaml#/Pet'}}\n                  plain: {{type: string, default: {{$ref: gone.yaml}}}}\n                example: {{stats: {{$ref: gone.yaml}}}}\n              examples:\n                one:\n                  value: [{{stats: {{$ref: gone.yaml}}}}]\n"
    );
    let dir = spec_dir(&[
        ("api.yaml", &root),
        (
            "schemas.yaml",
            "Pet:\n  type: object\n  properties:\n    name: {type: string}\n",
        ),
    ]);
    let generated =
        generate(&dir.path().join("api.yaml"), &options("spec/api.yaml")).expect("generates");
    let types: Vec<&str> = generated
        .api
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert!(types.contains(&"Pet"), "{types:?}");
    let spec = generated.spec.expect("the loaded spec");
    let media = &spec.openapi.paths.paths["/a"]
        .as_item()
        .and_then(|item| item.get.as_ref())
        .expect("get")
        .responses
        .responses[&openapiv3::StatusCode::Code(200)]
        .as_item()
        .expect("response")
        .content["application/json"];
    let example = media.examples["one"].as_item().expect("example");
    assert_eq!(
        example.value,
        Some(serde_json::json!([{"stats": {"$ref": "gone.yaml"}}]))
    );
}

#[test]
fn a_spec_whose_only_outside_refs_are_data_is_read_as_it_is() {
    // No file is gathered, so the spec is not rewritten into a bundle: its hash is the file's.
    let root = format!(
        "{ROOT_HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object}}\n              example: {{stats: {{$ref: gone.yaml}}}}\n"
    );
    let dir = spec_dir(&[("api.yaml", &root)]);
    let generated =
        generate(&dir.path().join("api.yaml"), &options("spec/api.yaml")).expect("generates");
    use sha2::Digest as _;
    let bytes = std::fs::read(dir.path().join("api.yaml")).expect("spec");
    let spec = generated.spec.expect("the loaded spec");
    assert_eq!(spec.sha256, hex::encode(sha2::Sha256::digest(&bytes)));
    assert_eq!(spec.text, root);
}
