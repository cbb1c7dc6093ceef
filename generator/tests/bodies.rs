//! The bodies fixture: request bodies by media type, several success statuses, typed errors and
//! documented response headers. The generated code is pinned by snapshots (and, compiled and
//! tested on the wire, by the committed `examples/bodies` crate).

use generator::{generate, ManifestOptions, Options};
use std::path::Path;

fn generated() -> generator::Generated {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bodies.yaml");
    let options = Options {
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
    };
    generate(&spec, &options).expect("the fixture generates")
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
