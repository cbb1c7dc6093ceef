//! OpenAPI 3.1 input: the petstore fixture written the 3.1 way (type lists with "null",
//! `contentMediaType`, boolean schemas, a `$ref` with a sibling description, webhooks, the
//! dialect) generates the same client as the 3.0 fixture, from YAML and from JSON.

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

/// The file without the header lines that name the spec file and its hash.
fn without_spec_lines(contents: &str) -> String {
    contents
        .lines()
        .filter(|l| !l.contains("Spec: ") && !l.contains("Spec SHA-256: "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_same_client(a: &generator::Generated, b: &generator::Generated) {
    let paths =
        |g: &generator::Generated| g.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(a), paths(b));
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!(
            without_spec_lines(&x.contents),
            without_spec_lines(&y.contents),
            "{} differs",
            x.path
        );
    }
}

#[test]
fn the_3_1_petstore_generates_the_same_client_as_the_3_0_one() {
    let v3_0 = generate(&fixture("petstore.yaml"), &options("petstore.yaml")).expect("3.0");
    let v3_1 = generate(&fixture("petstore-3.1.yaml"), &options("petstore-3.1.yaml")).expect("3.1");
    assert_same_client(&v3_0, &v3_1);
    // The header still names the file that was read.
    let lib = v3_1
        .files
        .iter()
        .find(|f| f.path == "src/lib.rs")
        .expect("lib.rs");
    assert!(lib.contents.contains("// Spec: petstore-3.1.yaml\n"));

    // What 3.0 cannot say reaches the user as a located warning, beside the model's warnings.
    let place = |w: &generator::Warning| (w.location.pointer.clone(), w.message.clone());
    let in_3_0: Vec<_> = v3_0.warnings.iter().map(place).collect();
    let only_in_3_1: Vec<String> = v3_1
        .warnings
        .iter()
        .filter(|w| !in_3_0.contains(&place(w)))
        .map(|w| w.to_string())
        .collect();
    assert_eq!(
        only_in_3_1,
        ["warning: petstore-3.1.yaml at /webhooks: 1 webhook(s) ignored: a client SDK does not receive calls"]
    );
}

#[test]
fn the_3_1_petstore_reads_the_same_from_json() {
    let yaml = std::fs::read_to_string(fixture("petstore-3.1.yaml")).expect("fixture");
    let value: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("yaml");
    let dir = tempfile::tempdir().expect("tempdir");
    let json_path = dir.path().join("petstore-3.1.json");
    std::fs::write(&json_path, serde_json::to_vec_pretty(&value).expect("json")).expect("write");
    let from_yaml = generate(&fixture("petstore-3.1.yaml"), &options("spec")).expect("yaml");
    let from_json = generate(&json_path, &options("spec")).expect("json");
    assert_same_client(&from_yaml, &from_json);
}

#[test]
fn a_3_1_fault_is_located_in_the_original_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.yaml");
    std::fs::write(
        &path,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope', type: [object, 'null']}\n",
    )
    .expect("write");
    // A missing $ref degrades to any JSON value, with a warning at the original place.
    let generated = generate(&path, &options("bad.yaml")).expect("degrades");
    let warning = generated
        .warnings
        .iter()
        .find(|w| w.message.contains("Nope"))
        .expect("a warning names the $ref");
    let text = warning.to_string();
    assert!(text.starts_with("warning: bad.yaml at "), "{text}");
    assert!(
        warning
            .location
            .pointer
            .starts_with("/paths/~1a/get/responses/200"),
        "{text}"
    );
}
