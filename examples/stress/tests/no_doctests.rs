//! Spec text never becomes code that runs: the stress spec holds code blocks in every form
//! rustdoc knows (labelled `rust`, `no_run`, `should_panic`, `edition2021`, `compile_fail`,
//! `ignore`, `~~~` fences, an indented block) in descriptions, operation ids, paths, names,
//! enum values and the title. The generated crate must have no doctest at all.

use std::process::Command;

#[test]
fn the_generated_crate_has_no_doctests() {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    // `--list` compiles nothing but the crate itself and names every doctest rustdoc found.
    let output = Command::new(env!("CARGO"))
        .args(["test", "--doc", "--offline", "--manifest-path", manifest])
        .args(["--", "--list", "--format", "terse"])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo test --doc failed:\n{stderr}"
    );
    let doctests: Vec<&str> = stdout.lines().filter(|l| l.ends_with(": test")).collect();
    assert!(
        doctests.is_empty(),
        "spec text became doctests: {doctests:#?}"
    );
}
