//! The `x-batch` extension: what it generates (pinned by snapshots) and the located errors a
//! spec author gets when it does not fit the operation.

use generator::{generate, ManifestOptions, Options};
use std::path::Path;

fn options(spec_display: &str) -> Options {
    Options {
        manifest: ManifestOptions {
            crate_name: "batch-sdk".into(),
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

#[test]
fn batch_operations_get_checked_sends_outcomes_and_bulk_helpers() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/batch.yaml");
    let generated = generate(&spec, &options("generator/tests/fixtures/batch.yaml"))
        .expect("the fixture generates");
    let file = generated
        .files
        .iter()
        .find(|f| f.path == "src/operations/entries.rs")
        .expect("operations file");
    // Required `success` on results is read as is; optional ones through `Option`.
    assert!(file.contents.contains("success: Some(result.success)"));
    assert!(file.contents.contains("pub fn delete_entries_bulk("));
    assert!(file.contents.contains("pub fn update_tags_bulk("));
    assert!(file.contents.contains("pub fn hard(mut self, value: bool)"));
    insta::assert_snapshot!("batch_operations", &file.contents);
}

/// A spec with one batch operation whose `x-batch` line is `ext` and whose request body and
/// response are as given.
fn spec_with(ext: &str, request_items: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /a:
    post:
      operationId: DeleteThings
      {ext}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                ids: {request_items}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  success: {{type: boolean}}
                  count: {{type: integer}}
                  results:
                    type: array
                    items:
                      type: object
                      properties:
                        success: {{type: boolean}}
"
    )
}

#[test]
fn bad_x_batch_extensions_fail_with_a_located_message() {
    let strings = "{type: array, items: {type: string}}";
    let cases: &[(&str, String)] = &[
        ("not-a-mapping", spec_with("x-batch: yes", strings)),
        (
            "unknown-key",
            spec_with(
                "x-batch: {success: success, results: results, items: ids, flag: x}",
                strings,
            ),
        ),
        (
            "missing-items",
            spec_with("x-batch: {success: success, results: results}", strings),
        ),
        (
            "no-such-property",
            spec_with(
                "x-batch: {success: done, results: results, items: ids}",
                strings,
            ),
        ),
        (
            "success-not-boolean",
            spec_with(
                "x-batch: {success: count, results: results, items: ids}",
                strings,
            ),
        ),
        (
            "results-not-array",
            spec_with(
                "x-batch: {success: success, results: count, items: ids}",
                strings,
            ),
        ),
        (
            "items-not-array",
            spec_with(
                "x-batch: {success: success, results: results, items: ids}",
                "{type: string}",
            ),
        ),
        (
            "key-on-strings",
            spec_with(
                "x-batch: {success: success, results: results, items: ids, item-key: name}",
                strings,
            ),
        ),
        (
            "key-not-text",
            spec_with(
                "x-batch: {success: success, results: results, items: ids, item-key: 5}",
                strings,
            ),
        ),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let mut messages = Vec::new();
    for (name, text) in cases {
        let path = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, text).expect("write");
        let err = generate(&path, &options(&format!("{name}.yaml"))).expect_err(name);
        let message = err.to_string();
        assert!(message.starts_with(&format!("{name}.yaml:")), "{message}");
        assert!(message.contains("/x-batch"), "{message}");
        messages.push(message);
    }
    insta::assert_yaml_snapshot!("bad_x_batch_errors", messages);
}
