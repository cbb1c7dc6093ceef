//! The bodies fixture: request bodies by media type, several success statuses, typed errors and
//! documented response headers. The generated code is pinned by snapshots (and, compiled and
//! tested on the wire, by the committed `examples/bodies` crate).

use generator::{generate, ManifestOptions, Options};
use std::path::Path;

fn options() -> Options {
    Options {
        manifest: ManifestOptions {
            crate_name: "bodies-sdk".into(),
            crate_version: "0.1.0".into(),
            runtime_path: "../../runtime".into(),
            standalone: false,
            extra: String::new(),
        },
        service_name: String::new(),
        command: "cargo xtask codegen".into(),
        spec_display: "generator/tests/fixtures/bodies.yaml".into(),
        model: Default::default(),
    }
}

fn generated() -> generator::Generated {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bodies.yaml");
    generate(&spec, &options()).expect("the fixture generates")
}

fn file<'g>(generated: &'g generator::Generated, path: &str) -> &'g str {
    &generated
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is generated"))
        .contents
}

#[test]
fn bodies_operations_are_pinned() {
    let generated = generated();
    insta::assert_snapshot!(
        "bodies_files_operations",
        file(&generated, "src/operations/files.rs")
    );
    insta::assert_snapshot!(
        "bodies_jobs_operations",
        file(&generated, "src/operations/jobs.rs")
    );
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    insta::assert_yaml_snapshot!("bodies_warnings", warnings);
}

/// The decisions a reader of the snapshots would look for, stated once.
#[test]
fn media_types_errors_and_headers_follow_the_spec() {
    let generated = generated();
    let files = file(&generated, "src/operations/files.rs");
    // JSON wins among several request media types; a wildcard is sent as octet-stream.
    assert!(files.contains("request = request.json(body)?;"));
    assert!(files.contains("request.body(\"application/octet-stream\", body.clone())"));
    assert!(!files.contains("image/*\", body"));
    // The form struct takes the required file, and converts itself to parts.
    assert!(files.contains("pub fn new(photo: sdk_runtime::FilePart) -> Self"));
    assert!(files.contains("request = request.multipart(&body.to_multipart());"));
    // A documented `Content-Type` response header is not a field.
    assert!(!files.contains("content_type: Option"));
    let jobs = file(&generated, "src/operations/jobs.rs");
    // Exact codes before ranges; no `default`, so anything else is `Unknown`.
    let order = [
        "404 =>",
        "409 =>",
        "400..=499 =>",
        "500..=599 =>",
        "_ => Ok(Self::Unknown)",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|arm| jobs.find(arm).unwrap_or_else(|| panic!("{arm} missing")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

/// Error bodies, headers and forms were not lowered before typed errors existed: one the model
/// cannot express costs its typing (with a located warning), never the whole spec.
#[test]
fn an_error_body_header_or_form_that_cannot_be_typed_degrades() {
    let spec = r##"
openapi: 3.0.3
info: {title: Degrade, version: "1"}
paths:
  /x:
    post:
      operationId: postX
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                a: {$ref: "#/components/schemas/Missing"}
      responses:
        "200":
          description: ok
          headers:
            X-Broken: {$ref: "#/components/headers/Missing"}
            X-Odd:
              schema: {$ref: "#/components/schemas/Missing"}
        "404":
          description: gone
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Missing"}
"##;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("degrade.yaml");
    std::fs::write(&path, spec).expect("write");
    let generated = generate(&path, &options()).expect("still generates");
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    // Each place that cannot be typed says so; the schema `$ref` that leads nowhere is any JSON
    // value wherever it is used (see `repair`), a header `$ref` that leads nowhere is left out,
    // and a form whose fields cannot be read takes a caller-built `Multipart`.
    for (pointer, words) in [
        (
            "/paths/~1x/post/requestBody/content/multipart~1form-data/schema:",
            "takes an `sdk_runtime::Multipart`",
        ),
        (
            "/paths/~1x/post/responses/200/headers/X-Broken:",
            "left out",
        ),
        ("/paths/~1x/post/responses/200/headers/X-Odd/schema:", ""),
        ("/paths/~1x/post/responses/404/", ""),
    ] {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(pointer) && w.contains(words)),
            "no warning at {pointer} saying {words:?}: {warnings:#?}"
        );
    }
    let ops = file(&generated, "src/operations/default.rs");
    assert!(ops.contains("pub fn body(mut self, body: sdk_runtime::Multipart) -> Self"));
    assert!(ops.contains("pub x_odd: Option<serde_json::Value>,"));
    assert!(!ops.contains("x_broken"));
    assert!(ops.contains("NotFound(serde_json::Value)"));
}
